/**
 * What a subscriber's day in the reader showed wrong (signing in, an edition, its pages, a story,
 * search, a shared story, the next day's new and corrected editions, a withdrawn edition's old
 * link), at 1280×800 and 390×844, in an English and a Hebrew edition:
 * - the shared page of a Hebrew edition's story set its masthead in the device's face, in regular
 *   weight, where the reader sets it in the edition's own bold face: the page now carries the
 *   edition's faces inside itself (it fetches nothing, and its CSP allows fonts from the page alone);
 * - its "Shared with you…" note and invitation to sign in stood at the left over a Hebrew story:
 *   the page takes its story's direction.
 *
 * The pages are served by createSubscriberApi over an in-memory editions bucket, in Chromium
 * (readerSession: request interception answers every request).
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, editionObjects, hebrewFaces, paintedFaces, PHONE, readerSession, seriousViolations, type StoryFile } from '../support/reader-session';

const PAPER = 'הארץ הקטן';
const HEBREW_DATE = '2019-12-06';
const haifa: StoryFile = {
  slug: 'haifa-library', headline: 'הספרייה העירונית בחיפה חוגגת מאה שנה', section: 'Life', language: 'he', direction: 'rtl', byline: 'יוסי כהן',
  standfirst: 'תערוכה של ספרים נדירים נפתחת בשבוע הבא',
  body: [{ kind: 'paragraph', runs: [{ text: 'הספרייה העירונית בחיפה חוגגת השבוע מאה שנה להיווסדה, ואלפי קוראים הוזמנו לחגוג.' }] }],
  pages: [1],
};
/** An English story in the Hebrew paper: its page is English, the paper's name over it Hebrew. */
const orchestra: StoryFile = {
  slug: 'visiting-orchestra', headline: 'A visiting orchestra plays the harbour hall', section: 'World', language: 'en',
  body: [{ kind: 'paragraph', runs: [{ text: 'The orchestra from Vienna plays three nights.' }] }], pages: [1],
};

/** An English edition: no Hebrew face in its version. */
const ENGLISH_DATE = '2019-12-04';
const harbour: StoryFile = { slug: 'harbour', headline: 'The harbour reopens', section: 'Life', language: 'en', body: [{ kind: 'paragraph', runs: [{ text: 'Ships are back.' }] }], pages: [1] };

/** A date published and then withdrawn by an editor: its history's last line takes it away, and no pointer stands. */
const WITHDRAWN_DATE = '2019-12-03';
const withdrawnHistory = {
  date: WITHDRAWN_DATE,
  publications: [
    { version: 'w1', publishedAt: '2019-12-03T05:00:00.000Z', action: 'publish', changedArticles: [] },
    { version: 'w1', publishedAt: '2019-12-03T11:00:00.000Z', action: 'withdraw', changedArticles: [] },
  ],
};
/** A date never published. */
const NEVER_DATE = '2019-12-02';

const session = readerSession(async () => {
  const objects = editionObjects([
    { date: HEBREW_DATE, paper: PAPER, language: 'he', direction: 'rtl', version: 'h1', stories: [haifa, orchestra], pageCount: 2, faces: await hebrewFaces(),
      // Corrected the next morning: the library's story, and the orchestra's.
      corrections: [{ at: '2019-12-07T08:30:00.000Z', action: 'publish', corrected: [haifa.slug, orchestra.slug], added: [], removed: [] }] },
    { date: ENGLISH_DATE, paper: 'The Daily Edition', language: 'en', version: 'e1', stories: [harbour] },
  ]);
  objects.set(`editions/${WITHDRAWN_DATE}/history.json`, new TextEncoder().encode(JSON.stringify(withdrawnHistory)));
  return objects;
}, { sharing: true });

describe('a shared story of a Hebrew edition', () => {
  it('sets the paper\'s name in the edition\'s own bold face, as the reader\'s masthead, with no request and within its CSP', async () => {
    // The reader's masthead, as a subscriber sees it.
    const reader = await session.open(`#/editions/${HEBREW_DATE}/articles/${haifa.slug}`);
    await reader.waitForFunction(() => [...document.fonts].some((face) => face.family === 'EpHebrew' && face.weight === '700' && face.status === 'loaded'), { timeout: 20_000 });
    await reader.evaluate(() => document.fonts.ready.then(() => undefined));
    const readerMasthead = (await paintedFaces(reader, '#paper-name')).filter((face) => face.glyphCount > 1);
    expect(readerMasthead).toMatchObject([{ familyName: 'Noto Sans Hebrew', postScriptName: 'NotoSansHebrew-Bold', isCustomFont: true }]);

    const link = await session.shareLink(HEBREW_DATE, haifa.slug);
    const page = await session.open('', PHONE, { signedIn: false });
    const requests: string[] = [];
    const refused: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => refused.push(message.text()));
    const response = await page.goto(link);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    // Nothing fetched but the page (the faces are data: URLs inside it). (DevTools, asked for the
    // painted faces below, reads the document again for its styles: not the page's request.)
    expect(requests.filter((url) => !url.startsWith('data:'))).toEqual([link]);
    // Every Hebrew letter of the name in the bold face of the edition (spaces are the page's face).
    expect((await paintedFaces(page, '.paper a')).filter((face) => face.glyphCount > 1)).toEqual([{ ...readerMasthead[0], glyphCount: PAPER.replace(/ /g, '').length }]);
    // The story's text in the regular face, as the reader sets it.
    expect(await paintedFaces(page, 'article > p')).toContainEqual(expect.objectContaining({ familyName: 'Noto Sans Hebrew', postScriptName: 'NotoSansHebrew-Regular', isCustomFont: true }));
    expect(refused).toEqual([]);
    expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'none'; img-src https: http:; font-src data:; style-src 'unsafe-inline';/);
  });

  it('names a Hebrew paper over an English story in Hebrew, right to left, in the edition\'s face', async () => {
    const page = await session.open('', DESKTOP, { signedIn: false });
    await page.goto(await session.shareLink(HEBREW_DATE, orchestra.slug));
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    expect(await page.$eval('html', (html) => [html.lang, html.dir])).toEqual(['en', '']);
    expect(await page.$eval('.paper a', (name) => [name.getAttribute('lang'), name.getAttribute('dir')])).toEqual(['he', 'rtl']);
    expect((await paintedFaces(page, '.paper a')).filter((face) => face.glyphCount > 1)).toMatchObject([{ postScriptName: 'NotoSansHebrew-Bold', isCustomFont: true }]);
    // Its English note at the left, as the story reads.
    const note = await page.$eval('.note', (p) => getComputedStyle(p).textAlign);
    expect(note).not.toBe('right');
  });

  it('keeps an English edition\'s shared page as it was: no face inside it, no font-src, left to right', async () => {
    const page = await session.open('', DESKTOP, { signedIn: false });
    const response = await page.goto(await session.shareLink(ENGLISH_DATE, harbour.slug));
    expect(response?.headers()['content-security-policy']).toBe("default-src 'none'; img-src https: http:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    expect(await page.content()).not.toContain('@font-face');
    expect(await page.$eval('html', (html) => [html.lang, html.dir])).toEqual(['en', '']);
    expect(await page.$eval('.note', (p) => getComputedStyle(p).textAlign)).not.toBe('right');
  });

  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`follows a Hebrew story's direction: its English note and invitation to sign in stand at its right (${size})`, async () => {
      const page = await session.open('', viewport, { signedIn: false });
      await page.goto(await session.shareLink(HEBREW_DATE, haifa.slug));
      await page.waitForSelector('article h1');
      // Each line's text ends at its box's right, inside its padding, and starts well right of its left.
      for (const selector of ['.note', '.subscribe']) {
        const line = await page.$eval(selector, (node) => {
          const range = document.createRange();
          range.selectNodeContents(node);
          const text = range.getBoundingClientRect();
          const box = node.getBoundingClientRect();
          const style = getComputedStyle(node);
          return { textLeft: text.left, textRight: text.right, boxLeft: box.left + parseFloat(style.paddingLeft), boxRight: box.right - parseFloat(style.paddingRight) };
        });
        expect(Math.abs(line.boxRight - line.textRight), selector).toBeLessThan(2);
        if (size === 'desktop' && selector === '.note') expect(line.textLeft - line.boxLeft, selector).toBeGreaterThan(40);
      }
      expect(await page.$eval('html', (html) => html.dir)).toBe('rtl');
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

describe('a page\'s title in the browser\'s tab and bookmarks', () => {
  it('isolates the Hebrew paper\'s name but carries no invisible character around a Latin section name', async () => {
    const page = await session.open(`#/editions/${HEBREW_DATE}/pages/1`);
    await page.waitForSelector('#on-page-list li', { timeout: 20_000 });
    const title = await page.title();
    expect(title.startsWith(`Page 1 of 2 · Life · \u2068${PAPER}\u2069, `)).toBe(true);
    // The page image's description too.
    expect(await page.$eval('#page-frame img', (img) => img.getAttribute('alt'))).toBe('Page 1, Life. The stories on it are linked below the page.');
  });
});

describe('an old link to a withdrawn edition', () => {
  it('is answered 404 with withdrawn: true (additive), and a date never published without it', async () => {
    const ask = (date: string) => session.handler()({ method: 'GET', path: `/editions/${date}`, headers: { authorization: 'Bearer subscriber' } });
    const withdrawn = await ask(WITHDRAWN_DATE);
    expect(withdrawn.status).toBe(404);
    expect(JSON.parse(withdrawn.body)).toMatchObject({ error: 'not_found', withdrawn: true });
    const never = await ask(NEVER_DATE);
    expect(never.status).toBe(404);
    expect(JSON.parse(never.body)).not.toHaveProperty('withdrawn');
  });

  for (const [view, hash] of [['edition', ''], ['page', '/pages/1'], ['story', '/articles/haifa-library']] as const) {
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      it(`says the ${view} was withdrawn, not that there never was one (${size})`, async () => {
        const page = await session.open(`#/editions/${WITHDRAWN_DATE}${hash}`, viewport);
        await page.waitForFunction(() => /withdrawn|no edition/.test(document.getElementById('status')?.textContent ?? ''), { timeout: 20_000 });
        expect(await page.$eval('#status', (s) => s.textContent)).toBe('The edition of Tuesday, December 3, 2019 was withdrawn by the paper and can no longer be read.');
        expect(await seriousViolations(page)).toEqual([]);
        // A date never published is still said to have no edition.
        await page.goto(`${page.url().replace(WITHDRAWN_DATE, NEVER_DATE)}`);
        await page.waitForFunction(() => /no edition/.test(document.getElementById('status')?.textContent ?? ''), { timeout: 20_000 });
        expect(await page.$eval('#status', (s) => s.textContent)).toBe('There is no edition for Monday, December 2, 2019.');
      });
    }
  }
});

describe('the next day, a corrected edition', () => {
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`links each corrected story named in its notice to the story, which says when it was corrected (${size})`, async () => {
      const page = await session.open(`#/editions/${HEBREW_DATE}`, viewport);
      await page.waitForSelector('#corrected:not([hidden]) p', { timeout: 20_000 });
      const links = await page.$$eval('#corrected p a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
      expect(links).toEqual([
        [`#/editions/${HEBREW_DATE}/articles/${haifa.slug}`, `\u2068${haifa.headline}\u2069`],
        [`#/editions/${HEBREW_DATE}/articles/${orchestra.slug}`, `\u2068${orchestra.headline}\u2069`],
      ]);
      // The Hebrew headline still in its language inside its link.
      expect(await page.$eval('#corrected p a span[lang]', (span) => [span.getAttribute('lang'), span.getAttribute('dir')])).toEqual(['he', 'rtl']);
      expect(await seriousViolations(page)).toEqual([]);
      await page.click('#corrected p a');
      await page.waitForSelector('#story h1', { timeout: 20_000 });
      expect(await page.$eval('#story h1', (h) => h.textContent)).toBe(haifa.headline);
      expect(await page.$eval('#story .corrected', (p) => p.textContent)).toMatch(/^Corrected .*2019/);
    });
  }
});

describe('a Hebrew search for a word its story prints with a prefix', () => {
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`finds "ספרייה" (library) in "הספרייה" (the library), the headline's word marked whole (${size})`, async () => {
      const page = await session.open(`#/search?${new URLSearchParams({ q: 'ספרייה' })}`, viewport);
      await page.waitForFunction(() => /found/i.test(document.getElementById('status')?.textContent ?? ''), { timeout: 20_000 });
      expect(await page.$eval('#status', (s) => s.textContent)).toMatch(/^1 article found/);
      expect(await page.$$eval('.hits mark', (marks) => marks.map((mark) => mark.textContent))).toContain('הספרייה');
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

describe('a story that is not there, opened after a Hebrew story', () => {
  it('says so from the left, in the page\'s language, not in the Hebrew story\'s direction', async () => {
    const page = await session.open(`#/editions/${HEBREW_DATE}/articles/${haifa.slug}`, PHONE);
    await page.waitForFunction((headline) => document.querySelector('#story h1')?.textContent === headline, { timeout: 20_000 }, haifa.headline);
    expect(await page.$eval('#story h1', (h) => getComputedStyle(h).direction)).toBe('rtl');
    await page.goto(`${page.url().split('#')[0]}#/editions/${WITHDRAWN_DATE}/articles/${haifa.slug}`);
    await page.waitForFunction(() => document.querySelector('#story h1')?.textContent === 'Story not found', { timeout: 20_000 });
    expect(await page.$eval('#story h1', (h) => [getComputedStyle(h).direction, h.closest('[lang]')?.getAttribute('lang')])).toEqual(['ltr', 'en']);
  });
});
