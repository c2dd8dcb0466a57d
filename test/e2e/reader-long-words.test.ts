/**
 * A word longer than a phone's line (a compound, an address) in a paper's name or a headline breaks
 * inside its column: in the edition's contents, a page's list of stories and a search's hits it
 * widened the whole page (their grids and flex rows grew to the word), and a phone's reader
 * scrolled sideways on every view.
 *
 * The pages are served by createSubscriberApi over an in-memory editions bucket, in Chromium
 * (request interception answers every request from the handler), as reader-rtl.test.ts does.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchIndex, type ReaderArticle } from '../../lambdas/core/reader';
import { launchReaderBrowser } from '../support/reader-browser';
import { inMemoryReaderApi, openInMemoryReader, READER_ORIGIN as ORIGIN, type ReaderHandler } from '../support/reader-in-memory';

const DATE = '2019-12-04';
const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };
/** Wider than a phone's column in any of the reader's faces and sizes. */
const LONG_WORD = 'Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung';
const PAPER = `The ${LONG_WORD} Gazette`;
const story = {
  slug: 'widow', headline: `The ${LONG_WORD} reopens its harbour office`, section: 'Life', language: 'en',
  body: [{ kind: 'paragraph', runs: [{ text: `The harbour office of the ${LONG_WORD} opened again on Tuesday.` }] }], pages: [1],
};
const pointer = {
  date: DATE, paper: PAPER, pdf: 'edition.pdf', pageCount: 1, fingerprint: 'l1', version: 'versions/l1/', language: 'en',
  pages: [{ number: 1, section: 'Life', sections: ['Life'], articles: [story.slug], fill: 0.8, articleShare: 0.8, adShare: 0, holes: [], links: [] }],
  articles: [{ slug: story.slug, headline: story.headline, section: 'Life', source: 'widow.md', photo: null, pages: [1], language: 'en' }],
  files: Object.fromEntries([`articles/${story.slug}.json`, 'search.json'].map((path) => [path, { bytes: 1, sha256: 'x' }])),
  rejected: [], warnings: [], publishedAt: '2019-12-04T05:00:00.000Z',
};

let browser: Browser;
let handler: ReaderHandler;

beforeAll(async () => {
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const objects = new Map<string, Uint8Array>([
    ['editions/index.json', json({ editions: [{ date: DATE, paper: PAPER, pageCount: 1, headline: story.headline, headlineLanguage: 'en' }] })],
    [`editions/${DATE}/manifest.json`, json(pointer)],
    [`editions/${DATE}/versions/l1/articles/${story.slug}.json`, json(story)],
    [`editions/${DATE}/versions/l1/search.json`, new TextEncoder().encode(buildSearchIndex([story] as unknown as ReaderArticle[]))],
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

async function openReader(hash: string): Promise<Page> {
  return openInMemoryReader(browser, handler, hash, { viewport: PHONE }, openedPages);
}

const views: [string, string, string][] = [
  ['the editions', '#/', '.edition-card .headline'],
  ['the edition', `#/editions/${DATE}`, '#contents li a'],
  ['a page', `#/editions/${DATE}/pages/1`, '#on-page-list a'],
  ['a story', `#/editions/${DATE}/articles/${story.slug}`, '#story h1'],
  ['a search', '#/search?q=harbour', '#search-hits a.hit-title'],
];

describe('a word longer than a phone\'s line', () => {
  for (const [name, hash, headline] of views) {
    it(`breaks inside its column on ${name}: the page is no wider than the phone`, async () => {
      const page = await openReader(hash);
      await page.waitForFunction((selector) => (document.querySelector(selector)?.textContent ?? '').includes('reopens'), { timeout: 20_000 }, headline);
      await page.waitForFunction((paper) => document.getElementById('paper-name')?.textContent === paper, { timeout: 5_000 }, PAPER);
      const widths = await page.evaluate((selector) => ({
        page: document.documentElement.scrollWidth,
        headline: Math.round(document.querySelector(selector)!.getBoundingClientRect().right),
        masthead: Math.round(document.getElementById('paper-name')!.getBoundingClientRect().right),
      }), headline);
      expect(widths).toEqual({ page: PHONE.width, headline: expect.any(Number), masthead: expect.any(Number) });
      expect(widths.headline).toBeLessThanOrEqual(PHONE.width);
      expect(widths.masthead).toBeLessThanOrEqual(PHONE.width);
    });
  }
});
