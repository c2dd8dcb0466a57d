/**
 * Test support: one browser for a test file's tests, launched when the first asks for it and
 * closed after the file (`close` in afterAll). Launched per test, each paid a launch and a close,
 * seconds apiece on a loaded machine.
 */
import type { Browser } from 'puppeteer-core';

export interface FileBrowser {
  /** The file's browser, launched at the first call. */
  readonly get: () => Promise<Browser>;
  /** Closes it, if a test launched it. */
  readonly close: () => Promise<void>;
}

export function fileBrowser(launch: () => Promise<Browser>, close: (browser: Browser) => Promise<void> = (browser) => browser.close()): FileBrowser {
  let launched: Promise<Browser> | undefined;
  return {
    get: () => (launched ??= launch()),
    close: async () => {
      const browser = launched;
      launched = undefined;
      if (browser) await close(await browser);
    },
  };
}
