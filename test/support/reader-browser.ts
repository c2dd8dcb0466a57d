import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser } from 'puppeteer-core';

/**
 * The project's Chromium as a subscriber's or an editor's browser opens the reader and the desk:
 * @sparticuz's switches, but not the two that turn web security off (a page must be held to the
 * same rules as in a real browser: its requests checked, nothing insecure mixed in).
 */
export async function launchReaderBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args.filter((a) => !['--disable-web-security', '--allow-running-insecure-content'].includes(a.split('=')[0])),
    headless: 'shell',
  });
}
