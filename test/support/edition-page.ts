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

/** A browser with the renderer's sealed launch arguments. */
export async function launchSealedBrowser(): Promise<Browser> {
  return puppeteer.launch({ executablePath: await chromium.executablePath(), args: sealedLaunchArgs(chromium.args), headless: 'shell' });
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
