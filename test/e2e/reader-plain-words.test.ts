/**
 * The reader as a subscriber reads it when something is not there, on a phone, and in a search:
 * what is missing said in the reader's words (a date as a sentence says it, a story by its headline
 * or a plain sentence; the API's lines named "2019-12-05" and "a0013-world"), no empty status line
 * over a view (36 px of a phone's 844), a right-to-left edition's buttons at the right on a line of
 * their own, and a search's masthead naming the hits' paper, not the newest edition's.
 *
 * The pages are served by createSubscriberApi over an in-memory editions bucket, in Chromium
 * (request interception answers every request from the handler), as reader-rtl.test.ts does.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchIndex, type ReaderArticle } from '../../lambdas/core/reader';
import { launchReaderBrowser } from '../support/reader-browser';
import { inMemoryReaderApi, openInMemoryReader, READER_ORIGIN as ORIGIN, type ReaderHandler } from '../support/reader-in-memory';

const ENGLISH_DATE = '2019-12-04';
const HEBREW_DATE = '2019-12-06';
const ENGLISH_PAPER = 'The Daily Edition';
const HEBREW_PAPER = 'הארץ הקטן';
const PHONE = { width: 390, height: 844 };

const harbour = {
  slug: 'harbour', headline: 'The harbour reopens', section: 'Life', language: 'en',
  body: [{ kind: 'paragraph', runs: [{ text: 'The harbour reopened on Tuesday, said Miriam Tchernichovsky.' }] }], pages: [1],
};
/** A story the English edition lists with no article file (published before article views). */
const listedOnly = { slug: 'old-market', headline: 'The old market closes', section: 'Life', source: 'old-market.md', photo: null, pages: [2], language: 'en' };
const library = {
  slug: 'haifa-library', headline: 'הספרייה העירונית בחיפה חוגגת מאה שנה', section: 'Life', language: 'he', direction: 'rtl',
  body: [{ kind: 'paragraph', runs: [{ text: 'מנהל הספרייה, David Tchernichovsky, אמר כי בספרייה יש ספרים רבים.' }] }], pages: [1],
};
const fileOf = (paths: string[]) => Object.fromEntries(paths.map((path) => [path, { bytes: 1, sha256: 'x' }]));
const englishPointer = {
  date: ENGLISH_DATE, paper: ENGLISH_PAPER, pdf: 'edition.pdf', pageCount: 2, fingerprint: 'e1', version: 'versions/e1/', language: 'en',
  pages: [1, 2].map((number) => ({ number, section: 'Life', sections: ['Life'], articles: number === 1 ? [harbour.slug] : [listedOnly.slug], fill: 0.8, articleShare: 0.8, adShare: 0, holes: [] })),
  articles: [{ slug: harbour.slug, headline: harbour.headline, section: 'Life', source: 'harbour.md', photo: null, pages: [1], language: 'en' }, listedOnly],
  files: fileOf([`articles/${harbour.slug}.json`, 'search.json']),
  rejected: [], warnings: [], publishedAt: '2019-12-04T05:00:00.000Z',
};
const hebrewPointer = {
  ...englishPointer, date: HEBREW_DATE, paper: HEBREW_PAPER, pageCount: 1, fingerprint: 'h1', version: 'versions/h1/', language: 'he', direction: 'rtl',
  pages: [{ number: 1, section: 'Life', sections: ['Life'], articles: [library.slug], fill: 0.8, articleShare: 0.8, adShare: 0, holes: [] }],
  articles: [{ slug: library.slug, headline: library.headline, section: 'Life', source: 'haifa-library.md', photo: null, pages: [1], language: 'he', direction: 'rtl' }],
  files: fileOf([`articles/${library.slug}.json`, 'search.json']),
  publishedAt: '2019-12-06T05:00:00.000Z',
};

let browser: Browser;
let handler: ReaderHandler;

beforeAll(async () => {
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const objects = new Map<string, Uint8Array>([
    // The Hebrew paper's edition is the newest.
    ['editions/index.json', json({ editions: [
      { date: HEBREW_DATE, paper: HEBREW_PAPER, pageCount: 1, headline: library.headline, headlineLanguage: 'he', headlineDirection: 'rtl' },
      { date: ENGLISH_DATE, paper: ENGLISH_PAPER, pageCount: 2, headline: harbour.headline, headlineLanguage: 'en' },
    ] })],
    [`editions/${ENGLISH_DATE}/manifest.json`, json(englishPointer)],
    [`editions/${ENGLISH_DATE}/versions/e1/articles/${harbour.slug}.json`, json(harbour)],
    [`editions/${ENGLISH_DATE}/versions/e1/search.json`, new TextEncoder().encode(buildSearchIndex([harbour] as unknown as ReaderArticle[]))],
    [`editions/${HEBREW_DATE}/manifest.json`, json(hebrewPointer)],
    [`editions/${HEBREW_DATE}/versions/h1/articles/${library.slug}.json`, json(library)],
    [`editions/${HEBREW_DATE}/versions/h1/search.json`, new TextEncoder().encode(buildSearchIndex([library] as unknown as ReaderArticle[]))],
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
  // The reader's dates in the browser's language: this file reads them in English.
  return openInMemoryReader(browser, handler, hash, { viewport }, openedPages);
}

/** The status line once the view has said what went wrong. */
async function errorLine(page: Page): Promise<string> {
  await page.waitForFunction(() => document.getElementById('status')?.classList.contains('error'), { timeout: 20_000 });
  return page.$eval('#status', (s) => s.textContent ?? '');
}

const ISO_DATE = /\d{4}-\d{2}-\d{2}/;

describe('what is not there, in the reader\'s words', () => {
  it('names a date with no edition as a sentence names it, with no empty contents under it', async () => {
    const page = await openReader('#/editions/2019-12-05');
    const said = await errorLine(page);
    expect(said).toBe('There is no edition for Thursday, December 5, 2019.');
    // No "Pages" and "In this edition" over nothing, nor a Download button for no edition.
    expect(await page.$eval('#edition-layout', (e) => (e as HTMLElement).offsetHeight)).toBe(0);
    expect(await page.$eval('#download', (e) => (e as HTMLElement).offsetHeight)).toBe(0);
  });

  it('says a story is not in the edition without its slug or an ISO date', async () => {
    const page = await openReader(`#/editions/${ENGLISH_DATE}/articles/a0013-world`);
    const said = await errorLine(page);
    expect(said).toBe('That story is not in the edition of Wednesday, December 4, 2019.');
    expect(said).not.toContain('a0013');
    // Under a heading that says so, not "Article" over nothing.
    expect(await page.$eval('#story h1', (h) => h.textContent)).toBe('Story not found');
  });

  it('names a story the edition lists but cannot show by its headline and its page', async () => {
    const page = await openReader(`#/editions/${ENGLISH_DATE}/articles/${listedOnly.slug}`);
    const said = await errorLine(page);
    expect(said).toContain(listedOnly.headline);
    expect(said).toContain('page 2');
    expect(said).not.toContain(listedOnly.slug);
    expect(said).not.toMatch(ISO_DATE);
  });

  it('names a story of a date with no edition by the date, as a sentence says it', async () => {
    const page = await openReader('#/editions/2019-12-05/articles/a0013-world');
    expect(await errorLine(page)).toBe('There is no edition for Thursday, December 5, 2019.');
  });

  it('says how many pages an edition has when a page it does not have is asked for', async () => {
    const page = await openReader(`#/editions/${ENGLISH_DATE}/pages/9`);
    expect(await errorLine(page)).toBe('The edition of Wednesday, December 4, 2019 has 2 pages; there is no page 9.');
  });

  it('names a date with no edition when one of its pages is asked for', async () => {
    const page = await openReader('#/editions/2019-12-05/pages/1');
    expect(await errorLine(page)).toBe('There is no edition for Thursday, December 5, 2019.');
  });
});

describe('a phone\'s screen', () => {
  it('keeps no empty status line over a story: its buttons start at the top of the view', async () => {
    const page = await openReader(`#/editions/${ENGLISH_DATE}/articles/${harbour.slug}`, PHONE);
    await page.waitForSelector('#story h1');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === '');
    const place = await page.evaluate(() => ({
      status: document.getElementById('status')!.getBoundingClientRect().height,
      main: document.getElementById('content')!.getBoundingClientRect().top,
      controls: document.getElementById('article-controls')!.getBoundingClientRect().top,
    }));
    expect(place.status).toBe(0);
    // main's own padding (.75rem on a phone) and no more: it was 36 px more.
    expect(place.controls - place.main).toBeLessThanOrEqual(13);
  });

  it('still keeps a status line that says something', async () => {
    const page = await openReader(`#/editions/${ENGLISH_DATE}`, PHONE);
    await page.waitForFunction(() => /pages/.test(document.getElementById('status')?.textContent ?? ''));
    expect(await page.$eval('#status', (s) => s.getBoundingClientRect().height)).toBeGreaterThan(15);
  });

  it('stands a Hebrew edition\'s buttons at the right, on their own line, as its pages start', async () => {
    const page = await openReader(`#/editions/${HEBREW_DATE}`, PHONE);
    await page.waitForFunction(() => !(document.getElementById('download') as HTMLButtonElement).disabled);
    const place = await page.evaluate(() => {
      const toolbar = document.querySelector('#edition-view .toolbar')!.getBoundingClientRect();
      const buttons = [...document.querySelectorAll('#edition-view .toolbar .row > *')].map((b) => b.getBoundingClientRect());
      const title = document.getElementById('edition-title')!.getBoundingClientRect();
      return { right: toolbar.right, left: toolbar.left, buttonsRight: Math.max(...buttons.map((b) => b.right)), buttonsLeft: Math.min(...buttons.map((b) => b.left)), below: buttons.every((b) => b.top >= title.bottom) };
    });
    // On a line of its own under the title (a phone's width), ending at the toolbar's right.
    expect(place.below).toBe(true);
    expect(place.right - place.buttonsRight).toBeLessThan(1);
    expect(place.buttonsLeft - place.left).toBeGreaterThan(40);
  });

  it('takes a keyboard to a Hebrew edition\'s way back first, as its row is read from the right', async () => {
    const page = await openReader(`#/editions/${HEBREW_DATE}`, PHONE);
    await page.waitForFunction(() => !(document.getElementById('download') as HTMLButtonElement).disabled);
    await page.focus('#edition-title');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('back');
    // And it stands at the right of Download.
    const [back, download] = await Promise.all(['#back', '#download'].map((selector) => page.$eval(selector, (b) => b.getBoundingClientRect().left)));
    expect(back).toBeGreaterThan(download);
  });

  it('keeps an English edition\'s buttons at the left', async () => {
    const page = await openReader(`#/editions/${ENGLISH_DATE}`, PHONE);
    await page.waitForFunction(() => !(document.getElementById('download') as HTMLButtonElement).disabled);
    const left = await page.evaluate(() => {
      const toolbar = document.querySelector('#edition-view .toolbar')!.getBoundingClientRect();
      const buttons = [...document.querySelectorAll('#edition-view .toolbar .row > *')].map((b) => b.getBoundingClientRect());
      return Math.min(...buttons.map((b) => b.left)) - toolbar.left;
    });
    expect(left).toBeLessThan(1);
  });
});

describe('a search\'s masthead', () => {
  it('names the paper the hits are from, not the newest edition\'s', async () => {
    const page = await openReader('#/search?q=harbour');
    await page.waitForSelector('#search-hits a.hit-title');
    const masthead = await page.$eval('#paper-name', (p) => ({ text: p.textContent, lang: p.getAttribute('lang'), dir: p.getAttribute('dir') }));
    expect(masthead).toEqual({ text: ENGLISH_PAPER, lang: null, dir: null });
    expect(await page.title()).toContain(ENGLISH_PAPER);
  });

  it('names a Hebrew paper in its language when its hits are all that paper\'s', async () => {
    const page = await openReader(`#/search?q=${encodeURIComponent('ספרים')}`);
    await page.waitForSelector('#search-hits a.hit-title');
    const masthead = await page.$eval('#paper-name', (p) => ({ text: p.textContent, lang: p.getAttribute('lang'), dir: p.getAttribute('dir') }));
    expect(masthead).toEqual({ text: HEBREW_PAPER, lang: 'he', dir: 'rtl' });
  });

  it('names no one paper over hits from two papers', async () => {
    const page = await openReader('#/search?q=Tchernichovsky');
    await page.waitForFunction(() => document.querySelectorAll('#search-hits a.hit-title').length === 2);
    expect(await page.$eval('#paper-name', (p) => p.textContent)).toBe('E-paper');
  });

  it('is answered by the API with the hits\' paper, and none for two papers\' hits', async () => {
    const ask = async (q: string) => JSON.parse((await handler({ method: 'GET', path: `/search?q=${encodeURIComponent(q)}`, headers: { authorization: 'Bearer subscriber' } })).body);
    expect(await ask('harbour')).toMatchObject({ paper: ENGLISH_PAPER, paperLanguage: 'en' });
    expect(await ask('ספרים')).toMatchObject({ paper: HEBREW_PAPER, paperLanguage: 'he', paperDirection: 'rtl' });
    expect((await ask('Tchernichovsky')).paper).toBeUndefined();
    // No hit: the newest edition's paper, as the archive names it.
    expect((await ask('zeppelin')).paper).toBe(HEBREW_PAPER);
  });
});
