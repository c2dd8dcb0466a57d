/**
 * Test support: an edition's HTML opened in the project's Chromium the way the renderer opens it (a
 * made-up origin answered from memory, JavaScript off, print media, fonts loaded), for tests that
 * look at what Chromium sets. Every other request is aborted.
 */
import { rmSync } from 'node:fs';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { newProfileFolder, sealedFontconfig, sealedLaunchArgs } from '../../lambdas/adapters/chromium-renderer';

/** An asset by its path relative to edition.html, or undefined when there is none. */
export type AssetLookup = (path: string) => Promise<{ readonly contentType: string; readonly body: Uint8Array } | undefined>;

/**
 * A browser with the renderer's sealed launch arguments and fonts. Every DevTools call it answers within
 * PROTOCOL_TIMEOUT_MS, or fails naming the call: once in a full suite under load, a test of the
 * fixture edition waited out vitest's two minutes somewhere in launching, opening or measuring
 * (1.2–1.6 s otherwise), and the timeout said nothing of where.
 */
export async function launchSealedBrowser(): Promise<Browser> {
  const executablePath = await chromium.executablePath();
  return puppeteer.launch({ executablePath, args: sealedLaunchArgs(chromium.args), ...sealedFontEnvironment(executablePath), headless: 'shell', timeout: PROTOCOL_TIMEOUT_MS, protocolTimeout: PROTOCOL_TIMEOUT_MS });
}

let fontconfigDir: string | undefined;

/**
 * The renderer's fonts for a test browser (sealedFontconfig: those @sparticuz unpacks, never the
 * machine's), configured in one folder for the test process, removed when it exits (or, when a
 * worker is stopped without exiting, by the renderer's sweep of folders whose process has ended).
 */
export function sealedFontEnvironment(executablePath: string): { env?: NodeJS.ProcessEnv } {
  if (!fontconfigDir) {
    const dir = newProfileFolder();
    fontconfigDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const file = sealedFontconfig(fontconfigDir, executablePath);
  return file ? { env: { ...process.env, FONTCONFIG_FILE: file } } : {};
}

/**
 * Well under the render tests' own time limits (two minutes and more), so that a hang names its
 * step: at 90 s, a fixture-edition test that had spent its first half minute composing and
 * launching under a full suite's load still waited out vitest's two minutes unexplained (once
 * more, 2026-12-04). A DevTools call here otherwise takes milliseconds.
 */
const PROTOCOL_TIMEOUT_MS = 30_000;

/** How long a test browser is given to shut itself down before it is killed. */
const CLOSE_TIMEOUT_MS = 15_000;

/**
 * Closes a browser of launchSealedBrowser's. puppeteer's close waits for Chromium's process to
 * exit, with no time limit; one that has not ended within CLOSE_TIMEOUT_MS is killed (SIGKILL)
 * and said so on stderr, rather than holding the test until vitest gives up on it unexplained.
 */
export async function closeSealedBrowser(browser: Browser): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = browser.close().then(
    () => true,
    () => false,
  );
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), CLOSE_TIMEOUT_MS);
  });
  const ended = await Promise.race([closed, late]);
  clearTimeout(timer);
  if (ended) return;
  process.stderr.write(`test browser: Chromium did not close within ${CLOSE_TIMEOUT_MS / 1000} s; killed\n`);
  browser.process()?.kill('SIGKILL');
}

/** Opens `html` (and its assets) in a new page of `browser`, ready to be measured. */
export async function openEditionPage(browser: Browser, html: string, asset: AssetLookup): Promise<Page> {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== 'https://edition.invalid') return void request.abort();
    if (url.pathname === '/edition.html') return void request.respond({ contentType: 'text/html; charset=utf-8', body: html });
    asset(url.pathname.slice(1))
      .then((found) => (found ? request.respond({ contentType: found.contentType, body: Buffer.from(found.body) }) : request.abort()))
      .catch(() => request.abort());
  });
  await page.emulateMediaType('print');
  await page.goto('https://edition.invalid/edition.html', { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page;
}
