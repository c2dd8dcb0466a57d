/**
 * A Hebrew edition in the reader, as a subscriber sees it in Chromium: its Hebrew is set in the face
 * its PDF embeds (the build's subset of Noto Sans Hebrew, loaded through the API: the page's CSP
 * has no font-src), not whatever face the device has; its ways back point the way the edition
 * turns (→), also where a story is not there; a quotation's rule and a table's cells stand at the
 * story's right, as it reads.
 *
 * The pages are served by createSubscriberApi over an in-memory editions bucket holding the real
 * Noto Sans Hebrew files the build embeds (request interception answers every request).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FALLBACK_FONT_FILES } from '../../lambdas/adapters/resources';
import { buildSearchIndex, type ReaderArticle } from '../../lambdas/core/reader';
import { launchReaderBrowser } from '../support/reader-browser';
import { inMemoryReaderApi, openInMemoryReader, READER_ORIGIN as ORIGIN, type ReaderHandler } from '../support/reader-in-memory';

const DATE = '2019-12-06';
const ENGLISH_DATE = '2019-12-04';
const PAPER = 'הארץ הקטן';
/** A Hebrew story with a Latin name and a number in it, a quotation and a table. */
const story = {
  slug: 'haifa-library', headline: 'הספרייה העירונית בחיפה חוגגת מאה שנה', section: 'Life', language: 'he', direction: 'rtl', byline: 'יוסי כהן',
  body: [
    { kind: 'paragraph', runs: [{ text: 'מנהל הספרייה, David Tchernichovsky, אמר כי בספרייה יש היום יותר מ־35,000 ספרים.' }] },
    { kind: 'quotation', runs: [{ text: 'הספרייה היא הבית של העיר' }] },
    { kind: 'table', rows: [{ header: true, cells: ['שנה', 'ספרים'] }, { cells: ['2019', '35,000'] }] },
  ],
  pages: [1],
};
const FACES = ['hebrew-regular', 'hebrew-bold'] as const;
const hebrewPointer = {
  date: DATE, paper: PAPER, pdf: 'edition.pdf', pageCount: 1, fingerprint: 'h1', version: 'versions/h1/', language: 'he', direction: 'rtl',
  pages: [{ number: 1, section: 'Life', sections: ['Life'], articles: [story.slug], fill: 0.8, articleShare: 0.8, adShare: 0, holes: [] }],
  articles: [{ slug: story.slug, headline: story.headline, section: 'Life', source: 'haifa-library.md', photo: null, pages: [1], language: 'he', direction: 'rtl' }],
  files: Object.fromEntries([`articles/${story.slug}.json`, 'search.json', ...FACES.map((face) => `assets/fonts/${face}.ttf`)].map((path) => [path, { bytes: 1, sha256: 'x' }])),
  rejected: [], warnings: [], publishedAt: '2019-12-06T05:00:00.000Z',
};
/** An English edition: its version publishes no Hebrew face. */
const englishPointer = {
  ...hebrewPointer, date: ENGLISH_DATE, paper: 'The Daily Edition', fingerprint: 'e1', version: 'versions/e1/', language: 'en', direction: undefined,
  articles: [{ ...hebrewPointer.articles[0], slug: 'harbour', headline: 'The harbour reopens', language: 'en', direction: undefined }],
  files: { 'articles/harbour.json': { bytes: 1, sha256: 'x' }, 'search.json': { bytes: 1, sha256: 'x' } },
};
/** More stories naming the harbour than a search shows (READER_POLICY.maxHits, 50). */
const harbourStories = Array.from({ length: 53 }, (_, i) => ({ slug: `harbour-${i + 1}`, headline: `Harbour notes ${i + 1}`, section: 'Life', language: 'en', body: [{ kind: 'paragraph', runs: [{ text: `Ships called at the harbour ${i + 1} times.` }] }], pages: [1] }));
const harbour = { slug: 'harbour', headline: 'The harbour reopens', section: 'Life', language: 'en', body: [{ kind: 'paragraph', runs: [{ text: 'The harbour reopened on Tuesday.' }] }], pages: [1] };

let browser: Browser;
let handler: ReaderHandler;
const fontBytes = new Map<string, Uint8Array>();

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  for (const face of FACES) {
    const { pkg, file } = FALLBACK_FONT_FILES[face];
    fontBytes.set(face, new Uint8Array(await readFile(join(dirname(require.resolve(`${pkg}/package.json`)), file))));
  }
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const objects = new Map<string, Uint8Array>([
    ['editions/index.json', json({ editions: [{ date: DATE, paper: PAPER, pageCount: 1, headline: story.headline, headlineLanguage: 'he', headlineDirection: 'rtl' }, { date: ENGLISH_DATE, paper: englishPointer.paper, pageCount: 1 }] })],
    [`editions/${DATE}/manifest.json`, json(hebrewPointer)],
    [`editions/${DATE}/versions/h1/articles/${story.slug}.json`, json(story)],
    ...FACES.map((face) => [`editions/${DATE}/versions/h1/assets/fonts/${face}.ttf`, fontBytes.get(face)!] as [string, Uint8Array]),
    [`editions/${DATE}/versions/h1/search.json`, new TextEncoder().encode(buildSearchIndex([story] as unknown as ReaderArticle[]))],
    [`editions/${ENGLISH_DATE}/manifest.json`, json(englishPointer)],
    [`editions/${ENGLISH_DATE}/versions/e1/articles/harbour.json`, json(harbour)],
    [`editions/${ENGLISH_DATE}/versions/e1/search.json`, new TextEncoder().encode(buildSearchIndex([harbour, ...harbourStories] as unknown as ReaderArticle[]))],
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

/** The reader at `hash`, every request answered by the API handler, signed in. */
async function openReader(hash: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  return openInMemoryReader(browser, handler, hash, { viewport }, openedPages);
}

/** The faces Chromium painted the text of the first element matching `selector` with (DevTools' "Rendered fonts"). */
async function paintedFaces(page: Page, selector: string): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
  const client = await page.createCDPSession();
  await client.send('DOM.enable');
  await client.send('CSS.enable');
  const { root } = await client.send('DOM.getDocument');
  const { nodeId } = await client.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await client.send('CSS.getPlatformFontsForNode', { nodeId });
  await client.detach();
  return fonts.map(({ familyName, isCustomFont, glyphCount }) => ({ familyName, isCustomFont, glyphCount }));
}

/** Waits (a few seconds at most) for the edition's faces to be in the document, then for its fonts to settle. */
async function fontsSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.fonts].some((face) => face.family === 'EpHebrew' && face.status === 'loaded'), { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

describe('a Hebrew edition in the reader', () => {
  it('sets a Hebrew story in the face its PDF embeds, served with the edition; its Latin name stays in the page\'s own face', async () => {
    const page = await openReader(`#/editions/${DATE}/articles/${story.slug}`);
    await page.waitForSelector('#story h1');
    await fontsSettled(page);
    // Every letter of the headline (its spaces are the page's: the face is for Hebrew letters only).
    const headline = await paintedFaces(page, '#story h1');
    expect(headline.filter((face) => face.familyName === 'Noto Sans Hebrew' && face.isCustomFont).map((face) => face.glyphCount)).toEqual([story.headline.replace(/ /g, '').length]);
    // The paragraph: its Hebrew in the edition's face, "David Tchernichovsky" and the digits in another.
    const paragraph = await paintedFaces(page, '#story .body p');
    expect(paragraph.some((face) => face.familyName === 'Noto Sans Hebrew' && face.isCustomFont)).toBe(true);
    expect(paragraph.filter((face) => face.familyName !== 'Noto Sans Hebrew').length).toBeGreaterThan(0);
    // Bold too: the byline's weight is the bold face's.
    expect(await page.evaluate(() => [...document.fonts].filter((face) => face.family === 'EpHebrew').map((face) => face.weight).sort())).toEqual(['400', '700']);
  });

  it('keeps the page\'s CSP as strict as it was: no font-src, the face comes through the API as bytes', async () => {
    const response = await handler({ method: 'GET', path: '/', headers: {} });
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'none';/);
    expect(response.headers['content-security-policy']).not.toMatch(/font-src/);
    const edition = JSON.parse((await handler({ method: 'GET', path: `/editions/${DATE}`, headers: { authorization: 'Bearer subscriber' } })).body);
    expect(edition.fonts).toMatchObject([{ face: 'hebrew-regular', family: 'EpHebrew', weight: 400 }, { face: 'hebrew-bold', family: 'EpHebrew', weight: 700 }]);
    const served = await handler({ method: 'GET', path: `/editions/${DATE}/fonts/hebrew-bold`, headers: { authorization: 'Bearer subscriber' } });
    expect(served.status).toBe(200);
    expect(Buffer.from(JSON.parse(served.body).data, 'base64').equals(Buffer.from(fontBytes.get('hebrew-bold')!))).toBe(true);
  });

  it('serves no face the version does not list, nor any other file by that route, nor without a token', async () => {
    const asked = async (path: string, token = true) => (await handler({ method: 'GET', path, headers: token ? { authorization: 'Bearer subscriber' } : {} })).status;
    expect(await asked(`/editions/${DATE}/fonts/hebrew-regular`, false)).toBe(401);
    expect(await asked(`/editions/${ENGLISH_DATE}/fonts/hebrew-regular`)).toBe(404);
    expect(await asked(`/editions/${DATE}/fonts/serif-regular`)).toBe(404);
    expect(await asked(`/editions/${DATE}/fonts/..%2Fmanifest`)).toBe(404);
    expect(JSON.parse((await handler({ method: 'GET', path: `/editions/${ENGLISH_DATE}`, headers: { authorization: 'Bearer subscriber' } })).body).fonts).toBeUndefined();
  });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    it(`points the edition's way back to the editions right, at the right end of its row (${viewport.width} px)`, async () => {
      const page = await openReader(`#/editions/${DATE}`, viewport);
      await page.waitForFunction(() => document.getElementById('edition-layout')?.getAttribute('dir') === 'rtl', { timeout: 20_000 });
      expect(await page.$eval('#back', (b) => b.textContent)).toBe('All editions →');
      const [back, download] = await Promise.all(['#back', '#download'].map((selector) => page.$eval(selector, (b) => b.getBoundingClientRect().toJSON() as DOMRect)));
      expect(back.left).toBeGreaterThan(download.right);
    });
  }

  it('still points an English edition\'s way back left after a Hebrew one', async () => {
    const page = await openReader(`#/editions/${DATE}`);
    await page.waitForFunction(() => document.getElementById('back')?.textContent === 'All editions →', { timeout: 20_000 });
    await page.evaluate((date) => { location.hash = `#/editions/${date}`; }, ENGLISH_DATE);
    await page.waitForFunction(() => document.getElementById('edition-layout')?.getAttribute('dir') === null && document.getElementById('back')?.textContent === '← All editions', { timeout: 20_000 });
    const [back, download] = await Promise.all(['#back', '#download'].map((selector) => page.$eval(selector, (b) => b.getBoundingClientRect().toJSON() as DOMRect)));
    expect(back.right).toBeLessThan(download.left);
  });

  it('points the way back from a story that is not there right too', async () => {
    const page = await openReader(`#/editions/${DATE}/articles/no-such-story`);
    await page.waitForFunction(() => document.getElementById('status')?.classList.contains('error'), { timeout: 20_000 });
    await page.waitForFunction(() => (document.getElementById('article-back')?.textContent ?? '').endsWith('→'), { timeout: 5_000 }).catch(() => undefined);
    expect(await page.$eval('#article-back', (a) => a.textContent)).toMatch(/^Fri.* →$/);
    // Under its paper's name (it read "E-paper").
    expect(await page.$eval('#paper-name', (p) => p.textContent)).toBe(PAPER);
  });

  it('stands a Hebrew story\'s quotation rule and its table\'s cells at the right, as it reads', async () => {
    const page = await openReader(`#/editions/${DATE}/articles/${story.slug}`);
    await page.waitForSelector('#story blockquote');
    const quote = await page.$eval('#story blockquote', (q) => ({ left: getComputedStyle(q).borderLeftWidth, right: getComputedStyle(q).borderRightWidth }));
    expect(quote).toEqual({ left: '0px', right: '3px' });
    // The first header cell's word flush with its cell's right edge (it stood at the left, the padding at the right).
    const cell = await page.$eval('#story th', (th) => {
      const range = document.createRange();
      range.selectNodeContents(th);
      return { text: range.getBoundingClientRect().right, cell: th.getBoundingClientRect().right };
    });
    expect(Math.abs(cell.cell - cell.text)).toBeLessThan(2);
  });

  it('says how many editions the hits are in, and how many were searched', async () => {
    const page = await openReader(`#/search?q=Tchernichovsky`);
    await page.waitForSelector('#search-hits a.hit-title');
    // Both editions searched, the name found in the Hebrew one only: it said "found in 2 editions".
    expect(await page.$eval('#status', (s) => s.textContent)).toBe('1 article found in 1 edition of the 2 searched.');
  });

  it('sets a Hebrew search hit in its edition\'s face', async () => {
    const page = await openReader(`#/search?q=Tchernichovsky`);
    await page.waitForSelector('#search-hits a.hit-title');
    await fontsSettled(page);
    const headline = await paintedFaces(page, '#search-hits a.hit-title');
    expect(headline.filter((face) => face.familyName === 'Noto Sans Hebrew' && face.isCustomFont).map((face) => face.glyphCount)).toEqual([story.headline.replace(/ /g, '').length]);
  });

  it('sets an archive card\'s Hebrew headline in its edition\'s face', async () => {
    const page = await openReader('#/');
    await page.waitForSelector(`.edition-card[data-date="${DATE}"] .headline`);
    await fontsSettled(page);
    const headline = await paintedFaces(page, `.edition-card[data-date="${DATE}"] .headline`);
    expect(headline.filter((face) => face.familyName === 'Noto Sans Hebrew' && face.isCustomFont).map((face) => face.glyphCount)).toEqual([story.headline.replace(/ /g, '').length]);
  });
});

describe('a page a Hebrew edition does not have', () => {
  it('points its way back right, turns as the edition reads and names the paper', async () => {
    const page = await openReader(`#/editions/${DATE}/pages/2`);
    await page.waitForFunction(() => document.getElementById('status')?.classList.contains('error'), { timeout: 20_000 });
    await page.waitForFunction(() => (document.getElementById('page-back')?.textContent ?? '').endsWith('→'), { timeout: 5_000 }).catch(() => undefined);
    expect(await page.$eval('#page-back', (a) => a.textContent)).toMatch(/ →$/);
    // Next stands left of Previous and points left, as on the edition's pages.
    const [previous, next] = await Promise.all(['#page-prev', '#page-next'].map((selector) => page.$eval(selector, (b) => ({ left: b.getBoundingClientRect().left, text: b.textContent }))));
    expect(next.left).toBeLessThan(previous.left);
    expect(next.text).toMatch(/^← /);
    expect(await page.$eval('#paper-name', (p) => p.textContent)).toBe(PAPER);
    // No empty frame, no "On this page" over nothing.
    expect(await page.$eval('#on-page-title', (h) => h.getBoundingClientRect().height)).toBe(0);
    expect(await page.$eval('#page-stage', (f) => f.getBoundingClientRect().height)).toBe(0);
  });

  it('shows the page again when the next one asked for is there', async () => {
    const page = await openReader(`#/editions/${DATE}/pages/2`);
    await page.waitForFunction(() => document.getElementById('status')?.classList.contains('error'), { timeout: 20_000 });
    await page.evaluate((date) => { location.hash = `#/editions/${date}/pages/1`; }, DATE);
    await page.waitForSelector('#on-page-list li');
    expect(await page.$eval('#on-page-title', (h) => h.getBoundingClientRect().height)).toBeGreaterThan(0);
    expect(await page.$eval('#page-stage', (f) => f.getBoundingClientRect().height)).toBeGreaterThan(100);
  });
});

describe('a search that finds more than it shows', () => {
  it('says it shows the best of how many', async () => {
    const page = await openReader('#/search?q=harbour');
    await page.waitForSelector('#search-hits a.hit-title');
    expect(await page.$$eval('#search-hits > li', (items) => items.length)).toBe(50);
    // 54 stories name the harbour, all in the English edition: it said "50 articles found in 1 edition".
    expect(await page.$eval('#status', (s) => s.textContent)).toBe('The best 50 of 54 articles found in 1 edition of the 2 searched.');
  });
});
