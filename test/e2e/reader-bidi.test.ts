/**
 * Right-to-left words of one story do not reorder another's, on the reader and the desk: the pages
 * set text from uploads (headlines, section and file names) inside their own sentences ("Corrected
 * 10:00: A · B", "corrects “A”, “B”"), where Unicode's bidi algorithm joined the Hebrew words at the
 * end of one headline and the start of the next into one right-to-left run: the reader saw the
 * second story's word before the first's. And a file name is the uploader's key, never cleaned of
 * bidi controls: one with U+202E set the rest of the desk's note backwards.
 *
 * The pages are served by createSubscriberApi, over an in-memory editions bucket, in Chromium with
 * JavaScript on (request interception answers every request from the handler).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSubscriberApi, type ApiRequest } from '../../lambdas/core/subscriber-api';
import type { DeskActions } from '../../lambdas/core/publish';
import { buildSearchIndex, type ReaderArticle } from '../../lambdas/core/reader';
import { launchReaderBrowser } from '../support/reader-browser';

const DATE = '2019-12-04';
const ORIGIN = 'https://reader.invalid';
/** Two stories whose headlines meet in Hebrew when a sentence names them one after the other. */
const FIRST = { slug: 'budget', headline: 'Budget passes the כנסת' };
const SECOND = { slug: 'marathon', headline: 'ירושלים marathon' };
/** An upload's name with an override in it (the key is the uploader's). */
const SPOOFED_FILE = 'notes\u202Ecod.md';

const articles = [FIRST, SECOND].map((a, i) => ({ ...a, section: i === 0 ? 'חדשות' : 'ספורט', source: `${a.slug}.md`, photo: null, pages: [1] }));
const pointer = {
  date: DATE,
  paper: 'The Daily Edition',
  pdf: 'edition.pdf',
  pageCount: 1,
  fingerprint: 'f1',
  version: 'versions/f1/',
  pages: [{ number: 1, section: 'חדשות', sections: ['חדשות', 'ספורט'], articles: ['budget', 'marathon'], fill: 0.8, articleShare: 0.8, adShare: 0, holes: [] }],
  articles,
  rejected: [],
  warnings: [],
  publishedAt: '2019-12-04T05:00:00.000Z',
  corrected: '2019-12-04T09:00:00.000Z',
  changedArticles: ['budget', 'marathon'],
  articleChanges: { corrected: ['budget', 'marathon'], added: [], removed: [] },
  corrections: [{ at: '2019-12-04T09:00:00.000Z', action: 'publish', corrected: ['budget', 'marathon'], added: [], removed: [] }],
};
/**
 * A Hebrew paper's edition, one story, corrected: the story is set right to left, and the reader's
 * and the shared page's own English sentences stand inside it.
 */
const HEBREW_DATE = '2019-12-05';
const HEBREW_PAPER = 'הארץ הקטן';
const hebrewStory = {
  slug: 'haifa-library', headline: 'הספרייה העירונית בחיפה חוגגת מאה שנה', section: 'Life', language: 'he', direction: 'rtl', byline: 'יוסי כהן',
  body: [{ kind: 'paragraph', runs: [{ text: 'הספרייה העירונית בחיפה חוגגת השבוע מאה שנה להיווסדה.' }] }], pages: [1],
};
const hebrewPointer = {
  ...pointer, date: HEBREW_DATE, paper: HEBREW_PAPER, fingerprint: 'h1', version: 'versions/h1/',
  pages: [{ ...pointer.pages[0], section: 'Life', sections: ['Life'], articles: [hebrewStory.slug] }],
  articles: [{ slug: hebrewStory.slug, headline: hebrewStory.headline, section: 'Life', source: 'haifa-library.md', photo: null, pages: [1] }],
  files: { [`articles/${hebrewStory.slug}.json`]: { bytes: 1, sha256: 'x' } },
  corrected: '2019-12-05T09:00:00.000Z', changedArticles: [hebrewStory.slug],
  articleChanges: { corrected: [hebrewStory.slug], added: [], removed: [] },
  corrections: [{ at: '2019-12-05T09:00:00.000Z', action: 'publish', corrected: [hebrewStory.slug], added: [], removed: [] }],
};
/**
 * A Hebrew paper's edition of three pages (manifest `language: "he"`, `direction: "rtl"`), its
 * stories in Hebrew but one in English, each with its `language` in the manifest; one Hebrew
 * story without an article file (a search finds it by the index alone: no excerpt).
 */
const RTL_DATE = '2019-12-06';
const rtlStories = [
  { slug: 'haifa-library', headline: 'הספרייה העירונית בחיפה חוגגת מאה שנה', language: 'he', page: 1, section: 'חדשות', text: 'הספרייה העירונית בחיפה חוגגת השבוע מאה שנה.' },
  { slug: 'jaffa-bakery', headline: 'מאפייה ותיקה ביפו', language: 'he', page: 2, section: 'ספורט', text: 'המאפייה ביפו אופה לחם כבר מאה שנה.' },
  { slug: 'visiting-orchestra', headline: 'A visiting orchestra plays the port', language: 'en', page: 2, section: 'Life', text: 'The orchestra played at the port for a hundred years of the library.' },
  { slug: 'tel-aviv-bridge', headline: 'גשר חדש בתל אביב', language: 'he', page: 3, section: 'Life', text: 'גשר חדש מפלדה נפתח בתל אביב לרגל מאה שנה.' },
];
/** Each page's sections in the order it prints them: Hebrew names, and a Latin one. */
const rtlSections = (page: number) => [...new Set(rtlStories.filter((story) => story.page === page).map((story) => story.section))];
const rtlArticle = (story: (typeof rtlStories)[number]) => ({
  slug: story.slug, headline: story.headline, section: story.section, language: story.language, ...(story.language === 'he' ? { direction: 'rtl' } : {}),
  body: [{ kind: 'paragraph', runs: [{ text: story.text }] }], pages: [story.page],
});
/** Stories whose article file the version lists (the bridge's is not: its hit has no excerpt). */
const rtlFiled = rtlStories.filter((story) => story.slug !== 'tel-aviv-bridge');
const rtlPointer = {
  ...pointer, date: RTL_DATE, paper: HEBREW_PAPER, fingerprint: 'r1', version: 'versions/r1/', pageCount: 3, language: 'he', direction: 'rtl',
  pages: [1, 2, 3].map((number) => ({
    number, section: rtlSections(number)[0], sections: rtlSections(number), articles: rtlStories.filter((story) => story.page === number).map((story) => story.slug),
    fill: 0.8, articleShare: 0.8, adShare: 0, holes: [], widthPx: 800, heightPx: 1200,
    links: rtlStories.filter((story) => story.page === number).map((story, i) => ({ slug: story.slug, x: 0, y: i * 600, width: 800, height: 600 })),
  })),
  articles: rtlStories.map((story) => ({
    slug: story.slug, headline: story.headline, section: story.section, source: `${story.slug}.md`, photo: null, pages: [story.page],
    language: story.language, ...(story.language === 'he' ? { direction: 'rtl' } : {}),
  })),
  files: Object.fromEntries([...rtlFiled.map((story) => `articles/${story.slug}.json`), 'search.json'].map((path) => [path, { bytes: 1, sha256: 'x' }])),
  corrected: '2019-12-06T09:00:00.000Z', changedArticles: ['haifa-library', 'visiting-orchestra'],
  articleChanges: { corrected: ['haifa-library', 'visiting-orchestra'], added: [], removed: [] },
  corrections: [{ at: '2019-12-06T09:00:00.000Z', action: 'publish', corrected: ['haifa-library', 'visiting-orchestra'], added: [], removed: [] }],
};

const objects = new Map<string, unknown>([
  [`editions/${RTL_DATE}/manifest.json`, rtlPointer],
  [`editions/${RTL_DATE}/versions/r1/search.json`, JSON.parse(buildSearchIndex(rtlStories.map(rtlArticle) as unknown as ReaderArticle[]))],
  ...rtlFiled.map((story) => [`editions/${RTL_DATE}/versions/r1/articles/${story.slug}.json`, rtlArticle(story)] as [string, unknown]),
  ['editions/index.json', { editions: [
    { date: DATE, paper: pointer.paper, pageCount: 1 },
    { date: RTL_DATE, paper: HEBREW_PAPER, pageCount: 3, headline: rtlStories[0].headline, headlineLanguage: 'he', headlineDirection: 'rtl' },
  ] }],
  [`editions/${DATE}/manifest.json`, pointer],
  [`editions/${HEBREW_DATE}/manifest.json`, hebrewPointer],
  [`editions/${HEBREW_DATE}/versions/h1/articles/${hebrewStory.slug}.json`, hebrewStory],
]);
const desk: DeskActions = {
  publish: async () => ({ kind: 'no-proof', message: '' }),
  rollback: async () => ({ kind: 'no-proof', message: '' }),
  withdraw: async () => ({ kind: 'not-published', message: '' }),
  awaiting: async () => [{ date: DATE, paper: pointer.paper, headline: SECOND.headline, pageCount: 1, proofedAt: '2019-12-04T08:00:00.000Z', fingerprint: 'f2' }],
  refused: async () => [{ date: DATE, reason: 'no article could be used', rejectedAt: '2019-12-04T08:00:00.000Z', rejected: [{ file: SPOOFED_FILE, reason: 'not an article' }, { file: 'b.md', reason: 'empty' }], published: true }],
  versions: async () => ({ versions: [], history: [] }),
} as unknown as DeskActions;

let browser: Browser;
let handler: (req: ApiRequest) => Promise<{ status: number; headers: Record<string, string>; body: string }>;

beforeAll(async () => {
  const [readerPage, deskPage] = await Promise.all(['reader.html', 'desk.html'].map((name) => readFile(join(import.meta.dirname, '../../templates', name), 'utf8')));
  handler = createSubscriberApi({
    editions: { get: async (key: string) => (objects.has(key) ? new TextEncoder().encode(JSON.stringify(objects.get(key))) : undefined) },
    presign: async (key: string) => `${ORIGIN}/presigned/${key}`,
    verifyToken: async (token: string) => ({ ok: true, subject: token, ...(token === 'editor' ? { groups: ['editors'] } : {}) }),
    readerPage,
    deskPage,
    desk,
    sharing: { secret: 'a-secret-for-the-shared-page-of-this-test', now: () => Date.parse('2019-12-05T10:00:00.000Z') },
  } as unknown as Parameters<typeof createSubscriberApi>[0]) as typeof handler;
  browser = await launchReaderBrowser();
}, 120_000);

afterEach(async () => {
  await Promise.all(openedPages.splice(0).map((page) => page.close()));
});

afterAll(async () => {
  await browser?.close();
});

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now (as reader-views.test.ts checks every view). */
async function axeViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(({ id, nodes }) => ({ id, nodes }));
}

/** Pages a test opened, closed after it (afterEach), whether it passed or not. */
const openedPages: Page[] = [];

/** A page whose every request is answered by the API handler, signed in with `token` under `tokenKey`. */
async function openPage(path: string, tokenKey: string, token: string): Promise<Page> {
  const page = await browser.newPage();
  openedPages.push(page);
  await page.setViewport({ width: 1280, height: 800 });
  await page.evaluateOnNewDocument((key: string, value: string) => sessionStorage.setItem(key, value), tokenKey, token);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== ORIGIN || url.pathname.startsWith('/presigned/')) return void request.respond({ status: 404, body: '' });
    void handler({ method: request.method(), path: url.pathname + url.search, headers: request.headers() }).then((res) =>
      request.respond({ status: res.status, headers: res.headers, body: res.body }),
    );
  });
  await page.goto(`${ORIGIN}${path}`);
  return page;
}

/**
 * Where each of `words` stands in the first element matching `selector`, left to right: the
 * order of their boxes on the screen (by their left edges), as a reader sees them.
 */
async function visualOrder(page: Page, selector: string, words: readonly string[]): Promise<string[]> {
  await page.waitForFunction((sel: string, first: string) => (document.querySelector(sel)?.textContent ?? '').includes(first), { timeout: 20_000 }, selector, words[0]);
  const lefts = await page.evaluate(
    (sel: string, wanted: string[]) => {
      const root = document.querySelector(sel)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const found: Record<string, number> = {};
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const word of wanted) {
          const at = text.indexOf(word);
          if (at < 0 || word in found) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + word.length);
          found[word] = range.getBoundingClientRect().left;
        }
      }
      return found;
    },
    selector,
    [...words],
  );
  expect(Object.keys(lefts).sort(), selector).toEqual([...words].sort());
  return [...words].sort((a, b) => lefts[a] - lefts[b]);
}

/** Whether every word of `before` stands left of `separator` on the screen, and every word of `after` right of it. */
function separates(order: readonly string[], before: readonly string[], separator: string, after: readonly string[]): boolean {
  const at = order.indexOf(separator);
  return before.every((word) => order.indexOf(word) < at) && after.every((word) => order.indexOf(word) > at);
}

describe('text of one upload inside a sentence of the reader or the desk', () => {
  it("keeps each corrected story's headline on its side of the separator in the reader's notice", async () => {
    const page = await openPage(`/#/editions/${DATE}`, 'epaper.token', 'reader');
    // "Corrected …: Budget passes the כנסת · ירושלים marathon": the first headline, the separator,
    // the second (set in the direction of its own first letter, as a browser sets text on its own).
    const notice = await visualOrder(page, '#corrected p', ['Budget', 'כנסת', '·', 'ירושלים', 'marathon']);
    expect(separates(notice, ['Budget', 'כנסת'], '·', ['ירושלים', 'marathon']), notice.join(' ')).toBe(true);
  }, 60_000);

  it("isolates a paper's name written in Hebrew in the edition's title, before its date", async () => {
    const page = await openPage(`/#/editions/${HEBREW_DATE}`, 'epaper.token', 'reader');
    // "<name>, Thursday, 5 December 2019 · E-paper" bare: a title bar that takes a title's direction
    // from its first letter set it right to left whole, the date and "E-paper" left of the name.
    await page.waitForFunction((name: string) => document.title.includes(name), { timeout: 20_000 }, HEBREW_PAPER);
    expect(await page.title()).toMatch(new RegExp(`^\u2068${HEBREW_PAPER}\u2069, .*2019 · E-paper$`));
  }, 60_000);

  it('names the sections a page prints in their order', async () => {
    const page = await openPage(`/#/editions/${DATE}`, 'epaper.token', 'reader');
    // "Page 1 · חדשות · ספורט": two Hebrew names side by side were one run, the second read first.
    expect(await visualOrder(page, '#page-list li', ['Page 1', 'חדשות', 'ספורט'])).toEqual(['Page 1', 'חדשות', 'ספורט']);
  }, 60_000);

  it("keeps the desk's note on a refused date in order, and shows an upload's name as it is, its override visible", async () => {
    const page = await openPage('/desk', 'epaper.editor-token', 'editor');
    // The refused date's note names each file, then its reason, then what subscribers keep.
    const note = '#awaiting li:nth-child(2) .note';
    await page.waitForFunction((sel: string) => (document.querySelector(sel)?.textContent ?? '').includes('subscribers keep'), { timeout: 20_000 }, note);
    expect(await visualOrder(page, note, ['notes', 'not an article', 'b.md', 'subscribers keep'])).toEqual(['notes', 'not an article', 'b.md', 'subscribers keep']);
    expect(await page.$eval(note, (el) => el.textContent)).toContain('notes\\u202ecod.md');
  }, 60_000);
});

describe("the reader's own sentences inside a Hebrew story", () => {
  // They are English: set in the story's direction, the reader's "Printed on page 1 of the …
  // edition." and "Corrected …" put their full stop first, and the shared page's "Printed in
  // <paper>, 5 December 2019, on page 1." showed its words in the wrong order.
  it("reads the reader's notes on a Hebrew story left to right, full stop last", async () => {
    const page = await openPage(`/#/editions/${HEBREW_DATE}/articles/${hebrewStory.slug}`, 'epaper.token', 'reader');
    expect(await visualOrder(page, '#story footer', ['Printed', 'edition.'])).toEqual(['Printed', 'edition.']);
    expect(await visualOrder(page, '#story-corrected', ['Corrected', 'published.'])).toEqual(['Corrected', 'published.']);
  }, 60_000);

  it("reads the shared page's sentences around a Hebrew story and paper name in order", async () => {
    const share = await handler({ method: 'GET', path: `/editions/${HEBREW_DATE}/articles/${hebrewStory.slug}/share`, headers: { authorization: 'Bearer reader' } });
    expect(share.status).toBe(200);
    const page = await openPage(JSON.parse(share.body).url, 'epaper.token', 'reader');
    expect(await visualOrder(page, 'article footer', ['Printed in', HEBREW_PAPER, '5 December', 'page 1', '.'])).toEqual(['Printed in', HEBREW_PAPER, '5 December', 'page 1', '.']);
    expect(await visualOrder(page, 'article .corrected', ['Corrected', 'published.'])).toEqual(['Corrected', 'published.']);
    // The page's English sentences say they are English: a screen reader read them with a Hebrew voice.
    expect(await page.$$eval('.note, .corrected, article footer, .subscribe', (nodes) => nodes.map((n) => n.closest('[lang]')!.getAttribute('lang')))).toEqual(['en', 'en', 'en', 'en']);
  }, 60_000);
});

describe("a right-to-left edition's pages and lists", () => {
  /** The language and direction a link to `slug` carries, as found (null: the page's, English). */
  const languageOfLinks = (page: Page, selector: string) =>
    page.$$eval(selector, (links) => links.map((a) => [a.getAttribute('href')!.split('/').pop()!, a.getAttribute('lang'), a.getAttribute('dir')]));
  const hebrew = (slug: string) => [slug, 'he', 'rtl'];
  const english = (slug: string) => [slug, null, null];

  it("sets each Hebrew headline's language on the edition's list, its corrections, a page's stories and search hits", async () => {
    const page = await openPage(`/#/editions/${RTL_DATE}`, 'epaper.token', 'reader');
    await page.waitForSelector('#contents a');
    // A screen reader read these Hebrew headlines with an English voice: nothing said their language.
    // The English story's left to right in the edition's right-to-left column (its full stop last).
    expect(await languageOfLinks(page, '#contents a')).toEqual([hebrew('haifa-library'), hebrew('jaffa-bakery'), ['visiting-orchestra', null, 'ltr'], hebrew('tel-aviv-bridge')]);
    expect(await page.$$eval('#corrected p span[lang]', (spans) => spans.map((s) => [s.getAttribute('lang'), s.getAttribute('dir'), s.textContent]))).toEqual([
      ['he', 'rtl', `\u2068${rtlStories[0].headline}\u2069`],
    ]);
    expect(await page.$eval('#corrected p', (p) => p.textContent)).toMatch(new RegExp(`^Corrected .*: \u2068${rtlStories[0].headline}\u2069 · \u2068${rtlStories[2].headline}\u2069$`));
    expect(await axeViolations(page)).toEqual([]);

    await page.evaluate((hash: string) => { location.hash = hash; }, `#/editions/${RTL_DATE}/pages/2`);
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 2 of 3'), { timeout: 20_000 });
    // The list runs from the right (dir="rtl"), the English story left to right in it, as in the contents.
    expect(await languageOfLinks(page, '#on-page-list a')).toEqual([hebrew('jaffa-bakery'), ['visiting-orchestra', null, 'ltr']]);
    expect(await languageOfLinks(page, '#page-frame a.box')).toEqual([hebrew('jaffa-bakery'), english('visiting-orchestra')]);
    expect(await axeViolations(page)).toEqual([]);

    // "מאה" stands in three stories; the bridge's hit has no excerpt (no article file), its language from the manifest alone.
    await page.evaluate((hash: string) => { location.hash = hash; }, `#/search?q=${encodeURIComponent('מאה')}&date=${RTL_DATE}`);
    await page.waitForFunction(() => document.querySelectorAll('#search-hits a.hit-title').length === 3, { timeout: 20_000 });
    expect((await languageOfLinks(page, '#search-hits a.hit-title')).sort()).toEqual([hebrew('haifa-library'), hebrew('jaffa-bakery'), hebrew('tel-aviv-bridge')].sort());
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it("sets a Hebrew lead headline's language in the list of editions", async () => {
    const page = await openPage('/#/', 'epaper.token', 'reader');
    await page.waitForSelector('#edition-list .headline');
    expect(await page.$$eval('#edition-list .edition-card', (cards) => cards.map((c) => {
      const headline = c.querySelector('.headline');
      return [c.getAttribute('data-date'), headline?.getAttribute('lang') ?? null, headline?.getAttribute('dir') ?? null];
    }))).toEqual([[RTL_DATE, 'he', 'rtl'], [DATE, null, null]]);
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it("sets Hebrew from the right: a headline in the archive's card and over its search excerpt, and the words searched for", async () => {
    /** Where the text of each element matching `selector` stands in it (a hit's, in its row): its gaps to the left and right edges. */
    const sides = (page: Page, selector: string) => page.$$eval(selector, (nodes) => nodes.map((node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      const text = range.getBoundingClientRect();
      // A hit's against its row: an inline headline's own box is its text's.
      const box = (node.closest('#search-hits li') ?? node).getBoundingClientRect();
      return { left: Math.round(text.left - box.left), right: Math.round(box.right - text.right), slug: node.closest('[data-date]')?.getAttribute('data-date') ?? node.getAttribute('href')?.split('/').pop() };
    }));
    const page = await openPage('/#/', 'epaper.token', 'reader');
    await page.waitForSelector('#edition-list .headline');
    // Flush left in its card ("text-align: left" on the card), its first word at the far side.
    const [card] = await sides(page, '#edition-list .headline[dir="rtl"]');
    expect(card.right).toBe(0);
    expect(card.left).toBeGreaterThan(0);
    await page.evaluate((hash: string) => { location.hash = hash; }, `#/search?q=${encodeURIComponent('מאה')}&date=${RTL_DATE}`);
    await page.waitForFunction(() => document.querySelectorAll('#search-hits a.hit-title').length === 3, { timeout: 20_000 });
    // The words searched for, in Hebrew, from the box's right as they were typed (they stood at its left).
    expect(await page.$eval('#search-input', (input) => [(input as HTMLInputElement).value, input.matches(':dir(rtl)')])).toEqual(['מאה', true]);
    // Each Hebrew hit's headline ends at the right, as its excerpt does (it stood at the left).
    for (const [hit, excerpt] of [[await sides(page, '#search-hits a.hit-title'), await sides(page, '#search-hits .hit-excerpt')]]) {
      expect(hit.map((h) => h.right)).toEqual([0, 0, 0]);
      expect(excerpt.every((e) => e.right === 0)).toBe(true);
    }
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it('turns to the next page leftwards: ArrowLeft, a swipe to the right, and Next standing on the left', async () => {
    const page = await openPage(`/#/editions/${RTL_DATE}/pages/1`, 'epaper.token', 'reader');
    const title = (n: number) => page.waitForFunction((want: string) => document.getElementById('page-title')?.textContent?.startsWith(want), { timeout: 20_000 }, `Page ${n} of 3`);
    await title(1);
    // It turned the Latin way: ArrowLeft went back a page (none before page 1), → went on.
    await page.keyboard.press('ArrowLeft');
    await title(2);
    await page.keyboard.press('ArrowLeft');
    await title(3);
    await page.keyboard.press('ArrowRight');
    await title(2);
    const swipe = (dx: number) =>
      page.evaluate((by: number) => {
        const stage = document.getElementById('page-stage')!;
        const touch = (x: number) => [new Touch({ identifier: 1, target: stage, clientX: x, clientY: 300 })];
        stage.dispatchEvent(new TouchEvent('touchstart', { touches: touch(200), changedTouches: touch(200), bubbles: true }));
        stage.dispatchEvent(new TouchEvent('touchend', { touches: [], changedTouches: touch(200 + by), bubbles: true }));
      }, dx);
    await swipe(150);
    await title(3);
    await swipe(-150);
    await title(2);
    // Next stands left of Previous and points left, and says which key turns it.
    const buttons = await page.$$eval('#page-next, #page-prev', (els) => els.map((b) => ({ id: b.id, left: b.getBoundingClientRect().left, text: b.textContent!.trim(), key: b.getAttribute('aria-keyshortcuts') })));
    expect(buttons.sort((a, b) => a.left - b.left).map(({ id, text, key }) => [id, text, key])).toEqual([['page-next', '← Next', 'ArrowLeft'], ['page-prev', 'Previous →', 'ArrowRight']]);
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it("lays the edition's pages from the right, page 1 rightmost", async () => {
    const page = await openPage(`/#/editions/${RTL_DATE}`, 'epaper.token', 'reader');
    await page.waitForFunction(() => document.querySelectorAll('#page-list li').length === 3, { timeout: 20_000 });
    // The thumbnails ran left to right, page 1 at the left, as in a Latin paper.
    const boxes = await page.$$eval('#page-list li', (items) => items.map((li) => { const box = li.getBoundingClientRect(); return { left: box.left, top: box.top }; }));
    expect(boxes[0].top).toBe(boxes[1].top);
    expect(boxes[0].left).toBeGreaterThan(boxes[1].left);
    expect(boxes[1].left).toBeGreaterThan(boxes[2].left);
    // The captions stay the reader's English, left to right.
    expect(await page.$eval('#page-list figcaption', (caption) => getComputedStyle(caption).direction)).toBe('ltr');
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it("sets a right-to-left edition's columns from the right: its pages, then its contents, each headline at the right", async () => {
    const page = await openPage(`/#/editions/${RTL_DATE}`, 'epaper.token', 'reader');
    await page.waitForSelector('#contents a');
    const box = (selector: string) => page.$eval(selector, (e) => { const b = e.getBoundingClientRect(); return { left: b.left, right: b.right }; });
    // The pages' column stood at the left, "In this edition" at the right, as in a Latin paper.
    expect((await box('#pages-title')).left).toBeGreaterThan((await box('#contents-title')).right);
    // Each headline at its row's right, the page it is on at the left: the Hebrew ones sat flush left.
    const rows = await page.$$eval('#contents li', (items) => items.map((li) => {
      const row = li.getBoundingClientRect();
      const headline = li.querySelector('a')!.getBoundingClientRect();
      const pageno = li.querySelector('.pageno')!.getBoundingClientRect();
      return { slug: li.querySelector('a')!.getAttribute('href')!.split('/').pop(), atRight: Math.abs(headline.right - row.right) < 1, pagenoLeft: pageno.right <= headline.left, dir: getComputedStyle(li.querySelector('a')!).direction };
    }));
    expect(rows).toEqual([
      { slug: 'haifa-library', atRight: true, pagenoLeft: true, dir: 'rtl' },
      { slug: 'jaffa-bakery', atRight: true, pagenoLeft: true, dir: 'rtl' },
      // The English story reads left to right in the column.
      { slug: 'visiting-orchestra', atRight: true, pagenoLeft: true, dir: 'ltr' },
      { slug: 'tel-aviv-bridge', atRight: true, pagenoLeft: true, dir: 'rtl' },
    ]);
    expect(await axeViolations(page)).toEqual([]);
    // A Latin edition's stay left to right: its pages at the left.
    await page.evaluate((hash: string) => { location.hash = hash; }, `#/editions/${DATE}`);
    await page.waitForFunction(() => document.getElementById('edition-title')?.textContent?.startsWith('The Daily Edition'), { timeout: 20_000 });
    await page.waitForSelector('#contents a');
    expect((await box('#pages-title')).right).toBeLessThan((await box('#contents-title')).left);
    expect(await page.$eval('#contents a', (a) => getComputedStyle(a).direction)).toBe('ltr');
  }, 60_000);

  it("sets the paper's name and its Hebrew section names in Hebrew, and leaves a Latin one English", async () => {
    /** The language and direction of each element matching `selector`, with its text. */
    const languages = (page: Page, selector: string) => page.$$eval(selector, (nodes) => nodes.map((n) => [n.textContent!.replace(/[\u2068\u2069]/g, ''), n.getAttribute('lang'), n.getAttribute('dir')]));
    const page = await openPage(`/#/editions/${RTL_DATE}`, 'epaper.token', 'reader');
    await page.waitForSelector('#contents h3');
    // A screen reader read them with an English voice: nothing said their language.
    expect(await languages(page, '#paper-name')).toEqual([[HEBREW_PAPER, 'he', 'rtl']]);
    expect(await languages(page, '#contents h3')).toEqual([['חדשות', 'he', 'rtl'], ['ספורט', 'he', 'rtl'], ['Life', null, null]]);
    expect(await languages(page, '#page-list figcaption span')).toEqual([['חדשות', 'he', 'rtl'], ['ספורט', 'he', 'rtl']]);
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate((hash: string) => { location.hash = hash; }, `#/editions/${RTL_DATE}/pages/2`);
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 2 of 3'), { timeout: 20_000 });
    expect(await page.$eval('#page-title', (h) => h.textContent)).toBe('Page 2 of 3 · \u2068ספורט\u2069 · \u2068Life\u2069');
    expect(await languages(page, '#page-title span')).toEqual([['ספורט', 'he', 'rtl']]);
    await page.click('#on-page-list a');
    await page.waitForFunction(() => !!document.querySelector('#story .kicker'), { timeout: 20_000 });
    expect(await languages(page, '#story .kicker')).toEqual([['ספורט', 'he', 'rtl']]);
    expect(await languages(page, '#paper-name')).toEqual([[HEBREW_PAPER, 'he', 'rtl']]);
    expect(await axeViolations(page)).toEqual([]);
    // A Latin section over a Hebrew story is English there, not the story's Hebrew.
    await page.evaluate((hash: string) => { location.hash = hash; }, `#/editions/${HEBREW_DATE}/articles/${hebrewStory.slug}`);
    await page.waitForFunction(() => document.querySelector('#story .kicker')?.textContent === 'Life', { timeout: 20_000 });
    expect(await page.$eval('#story .kicker', (k) => k.getAttribute('lang'))).toBe('en');
    // The archive names the newest paper in its language, and a Latin edition's name carries none.
    await page.evaluate(() => { location.hash = '#/'; });
    await page.waitForSelector('#edition-list img.thumb, #edition-list .thumb.placeholder:not([aria-label$="loading"])');
    await page.waitForFunction(() => document.getElementById('paper-name')?.getAttribute('lang') === 'he', { timeout: 20_000 });
    await page.evaluate((hash: string) => { location.hash = hash; }, `#/editions/${DATE}`);
    await page.waitForFunction(() => document.getElementById('paper-name')?.textContent === 'The Daily Edition', { timeout: 20_000 });
    expect(await languages(page, '#paper-name')).toEqual([['The Daily Edition', null, null]]);
  }, 60_000);

  it('points the way back from a page to its edition to the right, as Previous points', async () => {
    const page = await openPage(`/#/editions/${RTL_DATE}/pages/2`, 'epaper.token', 'reader');
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 2 of 3'), { timeout: 20_000 });
    // "← <date>" pointed the way of "← Next": back to the edition is to the right.
    const back = await page.$eval('#page-back', (a) => a.textContent!.trim());
    expect(back).toMatch(/→$/);
    expect(back).not.toContain('←');
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it("puts the way back from a page at the right end of the controls' row, on a phone as on a desktop", async () => {
    const page = await openPage(`/#/editions/${RTL_DATE}/pages/2`, 'epaper.token', 'reader');
    const controls = ['page-back', 'page-next', 'page-prev', 'zoom-out', 'zoom-level', 'zoom-in'];
    /** The controls from left to right on the screen, and whether they share one row. */
    const row = async () => {
      const boxes = await page.evaluate((ids: string[]) => ids.map((id) => { const box = document.getElementById(id)!.getBoundingClientRect(); return { id, left: box.left, middle: box.top + box.height / 2 }; }), controls);
      return { order: boxes.sort((a, b) => a.left - b.left).map((b) => b.id), rows: new Set(boxes.map((b) => Math.round(b.middle))).size };
    };
    for (const viewport of [{ width: 390, height: 844, isMobile: true, hasTouch: true }, { width: 1280, height: 800 }]) {
      await page.setViewport(viewport);
      await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 2 of 3'), { timeout: 20_000 });
      // First in the row it read "Dec 6 → ← →" on a phone: its arrow and Next's facing each other.
      // The whole row runs from the right, as Tab goes (the zoom's + at its left end): laid out
      // left to right with the controls moved, Tab went from "← Next" to the way back last.
      expect(await row(), `${viewport.width}`).toEqual({ order: ['zoom-in', 'zoom-level', 'zoom-out', 'page-next', 'page-prev', 'page-back'], rows: 1 });
      expect(await axeViolations(page)).toEqual([]);
    }
    // A Latin edition's stays first, at the left.
    await page.evaluate((hash: string) => { location.hash = hash; }, `#/editions/${DATE}/pages/1`);
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 1 of 1'), { timeout: 20_000 });
    expect((await row()).order).toEqual(['page-back', 'page-prev', 'page-next', 'zoom-out', 'zoom-level', 'zoom-in']);
  }, 60_000);

  it("names the edition of the page asked for in the way back, also when that page does not load", async () => {
    const page = await openPage(`/#/editions/${RTL_DATE}/pages/2`, 'epaper.token', 'reader');
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 2 of 3'), { timeout: 20_000 });
    // Page 5 of a one-page edition: the way back read "December 6 →", the page seen before.
    await page.evaluate((hash: string) => { location.hash = hash; }, `#/editions/${HEBREW_DATE}/pages/5`);
    await page.waitForFunction(() => document.getElementById('status')?.classList.contains('error'), { timeout: 20_000 });
    const back = await page.$eval('#page-back', (a) => ({ href: a.getAttribute('href'), text: a.textContent!.trim() }));
    expect(back.href).toBe(`#/editions/${HEBREW_DATE}`);
    expect(back.text).toMatch(/^← .*December 5, 2019/);
    // And the reason, in English ("has 1 pages").
    expect(await page.$eval('#status', (p) => p.textContent)).toBe('The edition of Thursday, December 5, 2019 has one page; there is no page 5.');
  }, 60_000);

  it("points the way back from a story to its page to the right, as the page's own way back points", async () => {
    // Opened from a link (no edition seen before in the tab) and from the page: "← Page 2" pointed
    // the way of this edition's "← Next".
    const page = await openPage(`/#/editions/${RTL_DATE}/articles/jaffa-bakery`, 'epaper.token', 'reader');
    await page.waitForSelector('#story h1');
    expect(await page.$eval('#article-back', (a) => a.textContent!.trim())).toBe('Page 2 →');
    // At the right, where the edition's rows start (Share at its left): it stood at the left.
    const left = (id: string) => page.$eval(`#${id}`, (e) => e.getBoundingClientRect().left);
    expect(await left('article-back')).toBeGreaterThan(await left('article-share'));
    expect(await page.$eval('#article-back', (a) => a.getBoundingClientRect().right)).toBeGreaterThan(1280 / 2);
    await page.evaluate((hash: string) => { location.hash = hash; }, `#/editions/${RTL_DATE}/pages/1`);
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 1 of 3'), { timeout: 20_000 });
    await page.click('#on-page-list a');
    await page.waitForFunction(() => /Page 1/.test(document.getElementById('article-back')?.textContent ?? ''), { timeout: 20_000 });
    expect(await page.$eval('#article-back', (a) => a.textContent!.trim())).toBe('Page 1 →');
    expect(await axeViolations(page)).toEqual([]);
    // A Latin edition's story keeps "← Page 1".
    await page.evaluate((hash: string) => { location.hash = hash; }, `#/editions/${HEBREW_DATE}/articles/${hebrewStory.slug}`);
    await page.waitForFunction(() => document.getElementById('article-back')?.textContent === '← Page 1', { timeout: 20_000 });
    expect(await left('article-back')).toBeLessThan(await left('article-share'));
  }, 60_000);

  it("keeps a Latin edition's pages and its way back left to right", async () => {
    const page = await openPage(`/#/editions/${DATE}/pages/1`, 'epaper.token', 'reader');
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 1 of 1'), { timeout: 20_000 });
    expect(await page.$eval('#page-back', (a) => a.textContent!.trim())).toMatch(/^← /);
    await page.evaluate((hash: string) => { location.hash = hash; }, `#/editions/${DATE}`);
    await page.waitForSelector('#page-list li');
    expect(await page.$eval('#page-list', (list) => getComputedStyle(list).direction)).toBe('ltr');
  }, 60_000);

  it('keeps one history entry for the pages turned: Back from a story returns to the page, and Back again leaves the pages', async () => {
    const page = await openPage(`/#/editions/${RTL_DATE}`, 'epaper.token', 'reader');
    await page.waitForSelector('#page-list a');
    await page.click('#page-list li:first-child a');
    const title = (n: number) => page.waitForFunction((want: string) => document.getElementById('page-title')?.textContent?.startsWith(want), { timeout: 20_000 }, `Page ${n} of 3`);
    await title(1);
    await page.click('#page-next');
    await title(2);
    await page.click('#page-next');
    await title(3);
    // Opening a story is a step of its own.
    await page.click('#on-page-list a');
    await page.waitForSelector('#story h1');
    await page.goBack();
    await title(3);
    // Each page turned was an entry: Back went to page 2, then 1, before it left the pages.
    await page.goBack();
    await page.waitForFunction(() => !document.getElementById('edition-view')!.hidden, { timeout: 20_000 });
    expect(new URL(page.url()).hash).toBe(`#/editions/${RTL_DATE}`);
  }, 60_000);
});
