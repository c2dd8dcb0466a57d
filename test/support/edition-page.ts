/**
 * Test support: an edition's HTML opened in the project's Chromium the way the renderer opens it (a
 * made-up origin answered from memory, JavaScript off, print media, fonts loaded), for tests that
 * look at what Chromium sets. Every other request is aborted.
 */
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { sealedLaunchArgs } from '../../lambdas/adapters/chromium-renderer';

/** An asset by its path relative to edition.html, or undefined when there is none. */
export type AssetLookup = (path: string) => Promise<{ readonly contentType: string; readonly body: Uint8Array } | undefined>;

/**
 * A browser with the renderer's sealed launch arguments. Every DevTools call it answers within
 * PROTOCOL_TIMEOUT_MS, or fails naming the call: once in a full suite under load, a test of the
 * fixture edition waited out vitest's two minutes somewhere in launching, opening or measuring
 * (1.2–1.6 s otherwise), and the timeout said nothing of where.
 */
export async function launchSealedBrowser(): Promise<Browser> {
  return puppeteer.launch({ executablePath: await chromium.executablePath(), args: sealedLaunchArgs(chromium.args), headless: 'shell', timeout: PROTOCOL_TIMEOUT_MS, protocolTimeout: PROTOCOL_TIMEOUT_MS });
}

/** Under the render tests' own time limits (two minutes and more), so that a hang names its step. */
const PROTOCOL_TIMEOUT_MS = 90_000;

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
