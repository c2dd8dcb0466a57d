/**
 * Zooming a page on a phone keeps the part of it being read in front of the reader: zoomed in on
 * the right-hand column, the next step showed the middle of the page (the stage kept its scroll
 * offset while the page under it grew), and zoomed out, its left.
 *
 * The pages are served by createSubscriberApi over an in-memory editions bucket, in Chromium
 * (request interception answers every request from the handler, the page image too).
 */
import sharp from 'sharp';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchReaderBrowser } from '../support/reader-browser';
import { inMemoryReaderApi, openInMemoryReader, READER_ORIGIN as ORIGIN, type ReaderHandler } from '../support/reader-in-memory';

const DATE = '2019-12-04';
const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };
const WIDTH = 1200;
const HEIGHT = 1800;

let browser: Browser;
let handler: ReaderHandler;
let pageImage: Buffer;

beforeAll(async () => {
  pageImage = await sharp({ create: { width: WIDTH / 2, height: HEIGHT / 2, channels: 3, background: '#ffffff' } }).png().toBuffer();
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const objects = new Map<string, Uint8Array>([
    [`editions/${DATE}/manifest.json`, json({
      date: DATE, paper: 'The Daily Edition', pdf: 'edition.pdf', pageCount: 2, fingerprint: 'z1', version: 'versions/z1/', language: 'en',
      pages: [1, 2].map((number) => ({
        number, section: 'Life', sections: ['Life'], articles: [], fill: 0.8, articleShare: 0.8, adShare: 0, holes: [],
        widthPx: WIDTH, heightPx: HEIGHT, image: `versions/z1/pages/page-${number}.webp`, links: [],
      })),
      articles: [],
      files: { 'pages/page-1.webp': { bytes: 1, sha256: 'x' }, 'pages/page-2.webp': { bytes: 1, sha256: 'x' } },
      rejected: [], warnings: [], publishedAt: '2019-12-04T05:00:00.000Z',
    })],
  ]);
  handler = await inMemoryReaderApi(objects);
  browser = await launchReaderBrowser();
}, 120_000);

const openedPages: Page[] = [];
afterEach(async () => {
  await Promise.all(openedPages.splice(0).map((page) => page.close()));
});
afterAll(async () => {
  await browser?.close();
});

async function openPage(): Promise<Page> {
  const page = await openInMemoryReader(browser, handler, `#/editions/${DATE}/pages/1`, { viewport: PHONE, presigned: (request) => void request.respond({ status: 200, contentType: 'image/png', body: pageImage }) }, openedPages);
  await page.waitForFunction(() => {
    const image = document.querySelector<HTMLImageElement>('#page-frame img');
    return !!image && image.complete && image.naturalWidth > 0;
  }, { timeout: 20_000 });
  return page;
}

/** The point of the page at the middle of what is seen of it, as fractions of the page's width and height. */
async function middleSeen(page: Page): Promise<{ across: number; down: number; zoom: string }> {
  return page.evaluate(() => {
    const seen = document.getElementById('page-stage')!.getBoundingClientRect();
    const frame = document.getElementById('page-frame')!.getBoundingClientRect();
    const x = (Math.max(seen.left, frame.left) + Math.min(seen.right, frame.right)) / 2;
    const y = (Math.max(seen.top, 0) + Math.min(seen.bottom, window.innerHeight)) / 2;
    return { across: (x - frame.left) / frame.width, down: (y - frame.top) / frame.height, zoom: document.getElementById('zoom-level')!.textContent ?? '' };
  });
}

async function zoomIn(page: Page): Promise<void> {
  const before = await page.$eval('#zoom-level', (e) => e.textContent);
  await page.click('#zoom-in');
  await page.waitForFunction((was) => document.getElementById('zoom-level')!.textContent !== was, {}, before);
}

describe('a page zoomed on a phone', () => {
  it('keeps the right-hand column in front when zoomed in further', async () => {
    const page = await openPage();
    await zoomIn(page);
    // The right-hand edge of the page at 150%.
    await page.$eval('#page-stage', (stage) => { stage.scrollLeft = stage.scrollWidth; });
    const before = await middleSeen(page);
    expect(before.zoom).toBe('150%');
    expect(before.across).toBeGreaterThan(0.6);
    await zoomIn(page);
    const after = await middleSeen(page);
    expect(after.zoom).toBe('200%');
    expect(Math.abs(after.across - before.across)).toBeLessThan(0.02);
  });

  it('keeps the right-hand column in front when zoomed out', async () => {
    const page = await openPage();
    for (let step = 0; step < 3; step++) await zoomIn(page);
    // At 300%, the middle of what is seen seven tenths across the page.
    await page.$eval('#page-stage', (stage) => {
      const frame = document.getElementById('page-frame')!;
      stage.scrollLeft = 0.7 * frame.getBoundingClientRect().width - stage.clientWidth / 2;
    });
    const before = await middleSeen(page);
    expect(before.zoom).toBe('300%');
    await page.click('#zoom-out');
    await page.waitForFunction(() => document.getElementById('zoom-level')!.textContent === '200%');
    const after = await middleSeen(page);
    expect(Math.abs(after.across - before.across)).toBeLessThan(0.02);
  });

  it('leaves a page not yet scrolled into where it was: its top and the controls in view', async () => {
    const page = await openPage();
    await zoomIn(page);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await page.$eval('#zoom-in', (b) => b.getBoundingClientRect().top)).toBeGreaterThan(0);
  });
});
