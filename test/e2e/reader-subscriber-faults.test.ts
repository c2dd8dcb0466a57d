/**
 * What a subscriber saw wrong in the reader's screenshots, at 1280×800 and 390×844, in an English
 * and a Hebrew edition:
 * - a desktop browser that reports no pointer (headless Chromium) was told to swipe: the page view's
 *   hint follows what the device can do (a coarse pointer, or a touch seen);
 * - a Hebrew page's control row was laid out left to right with its controls moved, so Tab went
 *   from "← Next" at the left to the way back last: it runs from the right, as the edition reads;
 * - a story found by its headline alone showed no mark (its excerpt, its standfirst, does not hold
 *   the word): the headline marks it, in both directions;
 * - "Download links are personal…" stood under views with no download link (sign-in, signed out,
 *   an edition, page or story that is not there);
 * - a Hebrew page's "On this page" list ran from the left; signed out, the masthead kept the paper.
 *
 * The pages are served by createSubscriberApi over an in-memory editions bucket, in Chromium
 * (readerSession: request interception answers every request, the page images too).
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { buildSearchIndex, type ReaderArticle } from '../../lambdas/core/reader';
import type { OpenReaderOptions } from '../support/reader-in-memory';
import { DESKTOP, PHONE, readerSession, seriousViolations } from '../support/reader-session';

/** A story whose headline holds a word its text does not ("reopens"; "שיפוצים", renovations). */
const english = {
  date: '2019-12-04', paper: 'The Daily Edition', language: 'en',
  story: { slug: 'harbour', headline: 'The harbour reopens', section: 'Life', language: 'en', standfirst: 'Ships are back at the old quay.', body: [{ kind: 'paragraph', runs: [{ text: 'The harbour opened again on Tuesday.' }] }], pages: [1] },
};
const hebrew = {
  date: '2019-12-06', paper: 'הארץ הקטן', language: 'he', direction: 'rtl',
  story: {
    slug: 'acre-fishing-port', headline: 'נמל הדייגים של עכו נפתח מחדש אחרי שנתיים של שיפוצים', section: 'World', language: 'he', direction: 'rtl',
    standfirst: 'מאה ועשרים סירות חזרו לרציף הישן',
    body: [
      { kind: 'paragraph', runs: [{ text: 'הדייגים חזרו לנמל העתיק של עכו.' }] },
      { kind: 'quotation', runs: [{ text: 'הים חזר אלינו\u2028והסירות חזרו הביתה אחרי שנתיים ארוכות של עבודה בנמל הישן' }] },
      { kind: 'table', rows: [{ header: true, cells: ['נמל', 'סירות'] }, { cells: ['עכו העתיקה והנמל הישן', '120'] }] },
    ],
    pages: [1],
  },
};
/** An English story on the Hebrew edition's front, its headline two lines on a phone. */
const visitor = { slug: 'visiting-orchestra', headline: 'A visiting orchestra from Vienna plays the harbour hall for three nights', section: 'World', language: 'en' };
const WIDTH = 1200;
const HEIGHT = 1800;

const session = readerSession(async () => {
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const objects = new Map<string, Uint8Array>([
    ['editions/index.json', json({ editions: [{ date: hebrew.date, paper: hebrew.paper, pageCount: 2, headline: hebrew.story.headline, headlineLanguage: 'he', headlineDirection: 'rtl' }, { date: english.date, paper: english.paper, pageCount: 2 }] })],
  ]);
  for (const edition of [english, hebrew]) {
    const { story } = edition;
    const direction = 'direction' in edition ? { direction: edition.direction } : {};
    const others = edition === hebrew ? [visitor] : [];
    objects.set(`editions/${edition.date}/manifest.json`, json({
      date: edition.date, paper: edition.paper, pdf: 'edition.pdf', pageCount: 2, fingerprint: 'v1', version: 'versions/v1/', language: edition.language, ...direction,
      pages: [1, 2].map((number) => ({
        number, section: story.section, sections: [story.section], articles: number === 1 ? [story.slug, ...others.map((other) => other.slug)] : [], fill: 0.8, articleShare: 0.8, adShare: 0, holes: [],
        widthPx: WIDTH, heightPx: HEIGHT, image: `versions/v1/pages/page-${number}.webp`,
        links: number === 1 ? [{ slug: story.slug, x: 40, y: 40, width: 600, height: 400 }] : [],
      })),
      articles: [
        { slug: story.slug, headline: story.headline, section: story.section, source: `${story.slug}.md`, photo: null, pages: [1], language: story.language, ...direction },
        ...others.map((other) => ({ ...other, source: `${other.slug}.md`, photo: null, pages: [1] })),
      ],
      files: Object.fromEntries([`articles/${story.slug}.json`, 'search.json', 'pages/page-1.webp', 'pages/page-2.webp'].map((path) => [path, { bytes: 1, sha256: 'x' }])),
      rejected: [], warnings: [], publishedAt: `${edition.date}T05:00:00.000Z`,
      // The story corrected once, so that it says so ("Corrected …").
      corrections: [{ at: `${edition.date}T09:00:00.000Z`, action: 'publish', corrected: [story.slug], added: [], removed: [] }],
    }));
    objects.set(`editions/${edition.date}/versions/v1/articles/${story.slug}.json`, json(story));
    objects.set(`editions/${edition.date}/versions/v1/search.json`, new TextEncoder().encode(buildSearchIndex([story] as unknown as ReaderArticle[])));
  }
  return objects;
}, { sharing: true });

/** The reader at `hash`, signed in, its page images answered. */
function openReader(hash: string, viewport: OpenReaderOptions['viewport'] = DESKTOP): Promise<Page> {
  return session.open(hash, viewport);
}

/** A page of an edition, once its stories are listed under it. */
async function openPage(edition: typeof english | typeof hebrew, viewport: OpenReaderOptions['viewport']): Promise<Page> {
  const page = await openReader(`#/editions/${edition.date}/pages/1`, viewport);
  await page.waitForSelector('#on-page-list li', { timeout: 20_000 });
  return page;
}

describe('the page view\'s hint on turning pages', () => {
  it('tells a desktop reader whose browser reports no pointer about the arrow keys and buttons, not a swipe', async () => {
    const page = await openPage(english, DESKTOP);
    const said = await page.$eval('#status', (s) => s.textContent ?? '');
    expect(said).not.toMatch(/swipe/i);
    expect(said).toMatch(/← → keys/);
  });

  it('tells a phone\'s reader to swipe', async () => {
    const page = await openPage(english, PHONE);
    expect(await page.$eval('#status', (s) => s.textContent ?? '')).toMatch(/Swipe to turn pages\./);
  });

  it('tells a reader who touched the screen to swipe, whatever the browser reported', async () => {
    const page = await openPage(english, DESKTOP);
    await page.evaluate(() => window.dispatchEvent(new Event('touchstart')));
    await page.click('#page-next');
    await page.waitForFunction(() => (document.getElementById('page-title')?.textContent ?? '').startsWith('Page 2'), { timeout: 20_000 });
    await page.waitForFunction(() => /^0 stories/.test(document.getElementById('status')?.textContent ?? ''), { timeout: 20_000 });
    expect(await page.$eval('#status', (s) => s.textContent ?? '')).toMatch(/Swipe/);
  });
});

describe('the page controls\' order', () => {
  /** The page controls Tab reaches from the page's heading, in turn: their ids and the middle of each, in px from the left. */
  async function tabbedControls(page: Page): Promise<{ id: string; middle: number }[]> {
    await page.focus('#page-title');
    const reached: { id: string; middle: number }[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        if (!active || !active.closest('#page-view .toolbar')) return null;
        const box = active.getBoundingClientRect();
        return { id: active.id, middle: Math.round(box.left + box.width / 2) };
      });
      if (!focused) break;
      reached.push(focused);
    }
    return reached;
  }

  /** The page controls that can be pressed, in reading order: the way back, Previous, Next, the zoom. */
  const enabledControls = (page: Page) => page.evaluate(() => ['page-back', 'page-prev', 'page-next', 'zoom-out', 'zoom-in'].filter((id) => !(document.getElementById(id) as HTMLButtonElement).disabled));

  for (const viewport of [DESKTOP, PHONE]) {
    it(`runs from the right in a Hebrew edition, the way back first, as Tab goes (${viewport.width} px)`, async () => {
      const page = await openPage(hebrew, viewport);
      const reached = await tabbedControls(page);
      // Every control that can be pressed (page 1 has no Previous), in the order the edition reads them.
      expect(reached.map((control) => control.id)).toEqual(await enabledControls(page));
      expect(reached.length).toBeGreaterThanOrEqual(3);
      // Each control Tab reaches stands left of the one before.
      for (let i = 1; i < reached.length; i++) expect(reached[i].middle, `${reached[i].id} after ${reached[i - 1].id}`).toBeLessThan(reached[i - 1].middle);
      // Still as the edition turns: Next left of Previous, pointing left; the way back at the right end, pointing right.
      const [back, previous, next] = await Promise.all(['#page-back', '#page-prev', '#page-next'].map((selector) => page.$eval(selector, (b) => ({ left: b.getBoundingClientRect().left, text: b.textContent ?? '' }))));
      expect(next.left).toBeLessThan(previous.left);
      expect(previous.left).toBeLessThan(back.left);
      expect(next.text).toMatch(/^← /);
      expect(previous.text).toMatch(/ →$/);
      expect(back.text).toMatch(/ →$/);
      expect(await seriousViolations(page)).toEqual([]);
    });

    it(`runs from the left in an English edition (${viewport.width} px)`, async () => {
      const page = await openPage(english, viewport);
      const reached = await tabbedControls(page);
      expect(reached.map((control) => control.id)).toEqual(await enabledControls(page));
      for (let i = 1; i < reached.length; i++) expect(reached[i].middle).toBeGreaterThan(reached[i - 1].middle);
    });
  }

  it('runs from the left again in an English edition opened after a Hebrew one', async () => {
    const page = await openPage(hebrew, DESKTOP);
    await page.evaluate((date) => { location.hash = `#/editions/${date}/pages/1`; }, english.date);
    await page.waitForFunction(() => (document.getElementById('page-back')?.textContent ?? '').startsWith('← '), { timeout: 20_000 });
    const [back, previous, next] = await Promise.all(['#page-back', '#page-prev', '#page-next'].map((selector) => page.$eval(selector, (b) => b.getBoundingClientRect().left)));
    expect(back).toBeLessThan(previous);
    expect(previous).toBeLessThan(next);
  });
});

describe('a search found by a headline', () => {
  for (const [edition, word] of [[english, 'reopens'], [hebrew, 'שיפוצים']] as const) {
    it(`marks the word in the headline that holds it (${edition.language})`, async () => {
      const page = await openReader(`#/search?q=${encodeURIComponent(word)}`);
      await page.waitForSelector('#search-hits a.hit-title', { timeout: 20_000 });
      // The excerpt (the standfirst) does not hold it, so it marks nothing; the headline marks it.
      expect(await page.$$eval('#search-hits .hit-excerpt mark', (marks) => marks.length)).toBe(0);
      expect(await page.$$eval('#search-hits a.hit-title mark', (marks) => marks.map((mark) => mark.textContent))).toEqual([word]);
      expect(await page.$eval('#search-hits a.hit-title', (a) => a.textContent)).toBe(edition.story.headline);
      // Painted where the word stands in the headline: at its end, the left in Hebrew, the right in English.
      const [title, mark] = await Promise.all(['#search-hits a.hit-title', '#search-hits a.hit-title mark'].map((selector) => page.$eval(selector, (node) => {
        const range = document.createRange();
        range.selectNodeContents(node);
        const box = range.getBoundingClientRect();
        return { left: box.left, right: box.right };
      })));
      if (edition === hebrew) expect(Math.abs(mark.left - title.left)).toBeLessThan(3);
      else expect(Math.abs(mark.right - title.right)).toBeLessThan(3);
      // Its date and page under it, at the side it starts: a Hebrew hit's stood at the window's left, 1,100 px from its headline.
      const [item, meta] = await Promise.all(['#search-hits > li', '#search-hits .hit-meta'].map((selector) => page.$eval(selector, (node) => {
        const range = document.createRange();
        range.selectNodeContents(node);
        const text = range.getBoundingClientRect();
        const box = node.getBoundingClientRect();
        return { left: node.matches('li') ? box.left : text.left, right: node.matches('li') ? box.right : text.right };
      })));
      if (edition === hebrew) expect(Math.abs(item.right - meta.right)).toBeLessThan(3);
      else expect(Math.abs(item.left - meta.left)).toBeLessThan(3);
    });
  }
});

describe('the note on download links', () => {
  /** Whether the note stands on the page (laid out, not hidden). */
  const noteShown = (page: Page) => page.evaluate(() => {
    const note = document.querySelector('body > footer');
    return !!note && note.getBoundingClientRect().height > 0;
  });
  const failed = (page: Page) => page.waitForFunction(() => document.getElementById('status')?.classList.contains('error'), { timeout: 20_000 });

  it('stands under an edition, beside its Download button', async () => {
    const page = await openReader(`#/editions/${english.date}`);
    await page.waitForFunction(() => !(document.getElementById('download') as HTMLButtonElement).disabled, { timeout: 20_000 });
    expect(await noteShown(page)).toBe(true);
  });

  for (const [view, hash] of [['an edition', '#/editions/2019-12-05'], ['a page', `#/editions/${english.date}/pages/9`], ['a story', `#/editions/${english.date}/articles/no-such-story`]]) {
    it(`is not under ${view} that is not there`, async () => {
      const page = await openReader(hash);
      await failed(page);
      expect(await noteShown(page)).toBe(false);
    });
  }

  it('is not on the sign-in page, nor once signed out', async () => {
    const page = await openReader(`#/editions/${hebrew.date}`);
    await page.waitForFunction(() => !(document.getElementById('download') as HTMLButtonElement).disabled, { timeout: 20_000 });
    await page.click('#sign-out');
    await page.waitForFunction(() => !document.getElementById('signin-view')?.hidden, { timeout: 5_000 });
    expect(await noteShown(page)).toBe(false);
    // Nor the paper read before: the next person at the device sees the reader's own name.
    expect(await page.$eval('#paper-name', (p) => p.textContent)).toBe('E-paper');
    expect(await page.title()).not.toContain(hebrew.paper);
    const signIn = await session.open('', DESKTOP, { signedIn: false });
    await signIn.waitForFunction(() => !document.getElementById('signin-view')?.hidden, { timeout: 20_000 });
    expect(await noteShown(signIn)).toBe(false);
    // The tab says what the page is, as every view's title does.
    expect(await signIn.title()).toBe('Sign in · E-paper');
    expect(await page.title()).toBe('Sign in · E-paper');
  });
});

describe('a Hebrew page\'s list of its stories', () => {
  for (const viewport of [DESKTOP, PHONE]) {
    it(`runs from the right, its headlines flush right (${viewport.width} px)`, async () => {
      const page = await openPage(hebrew, viewport);
      const lines = await page.$$eval('#on-page-list li', (items) => items.map((li) => {
        const link = li.querySelector('a')!;
        const range = document.createRange();
        range.selectNodeContents(link);
        const rects = [...range.getClientRects()];
        return { item: li.getBoundingClientRect().toJSON() as DOMRect, lefts: rects.map((r) => Math.round(r.left)), rights: rects.map((r) => Math.round(r.right)) };
      }));
      // The Hebrew headline ends its line at the item's right.
      expect(Math.abs(lines[0].item.right - Math.max(...lines[0].rights))).toBeLessThan(2);
      // The English one's lines start together at their left, as it reads (flush right they were ragged there).
      if (lines[1].lefts.length > 1) expect(new Set(lines[1].lefts).size).toBe(1);
    });
  }
});

describe('a page that is not there', () => {
  /** The zoom's controls that stand in the row (laid out). */
  const zoomShown = (page: Page) => page.evaluate(() => ['zoom-out', 'zoom-level', 'zoom-in'].filter((id) => document.getElementById(id)!.getBoundingClientRect().width > 0));

  it('shows no zoom over no page, and shows it again on a page that is there', async () => {
    const page = await openReader(`#/editions/${english.date}/pages/9`);
    await page.waitForFunction(() => document.getElementById('status')?.classList.contains('error'), { timeout: 20_000 });
    expect(await zoomShown(page)).toEqual([]);
    await page.evaluate((date) => { location.hash = `#/editions/${date}/pages/1`; }, english.date);
    await page.waitForSelector('#on-page-list li', { timeout: 20_000 });
    expect(await zoomShown(page)).toEqual(['zoom-out', 'zoom-level', 'zoom-in']);
    expect(await page.$eval('#zoom-level', (z) => z.textContent)).toBe('Page');
  });
});

describe('the reader\'s own lines in a Hebrew story', () => {
  for (const viewport of [DESKTOP, PHONE]) {
    it(`stand at the story's right, where its lines start (${viewport.width} px)`, async () => {
      const page = await openReader(`#/editions/${hebrew.date}/articles/${hebrew.story.slug}`, viewport);
      await page.waitForSelector('#story footer.printed', { timeout: 20_000 });
      const [story, printed] = await Promise.all(['#story', '#story footer.printed'].map((selector) => page.$eval(selector, (node) => {
        const range = document.createRange();
        range.selectNodeContents(node.matches('footer') ? node : node.querySelector('h1')!);
        return { right: Math.round(node.getBoundingClientRect().right), textRight: Math.round(range.getBoundingClientRect().right) };
      })));
      // "Printed on page 1 of the … edition." ends at the right, as the headline does (it stood at the left).
      expect(Math.abs(printed.textRight - story.right)).toBeLessThan(3);
      expect(await page.$eval('#story footer.printed', (f) => [f.getAttribute('lang'), f.getAttribute('dir')])).toEqual(['en', 'ltr']);
      // "Corrected …" under the byline too, its rule at the right.
      const corrected = await page.$eval('#story-corrected', (p) => {
        const range = document.createRange();
        range.selectNodeContents(p);
        return { textRight: Math.round(range.getBoundingClientRect().right), right: Math.round(p.getBoundingClientRect().right), rule: [getComputedStyle(p).borderLeftWidth, getComputedStyle(p).borderRightWidth] };
      });
      expect(corrected.rule).toEqual(['0px', '4px']);
      expect(corrected.right - corrected.textRight).toBeLessThan(20);
    });
  }

  it('stand at the left of an English story', async () => {
    const page = await openReader(`#/editions/${english.date}/articles/${english.story.slug}`);
    await page.waitForSelector('#story footer.printed', { timeout: 20_000 });
    const [story, printed] = await Promise.all(['#story', '#story footer.printed'].map((selector) => page.$eval(selector, (node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      return { left: Math.round(node.getBoundingClientRect().left), textLeft: Math.round(range.getBoundingClientRect().left) };
    })));
    expect(Math.abs(printed.textLeft - story.left)).toBeLessThan(3);
  });
});

describe('an archive card of a Hebrew edition', () => {
  for (const viewport of [DESKTOP, PHONE]) {
    it(`reads from the right, its date and page count with its headline (${viewport.width} px)`, async () => {
      const page = await openReader('#/', viewport);
      await page.waitForSelector(`.edition-card[data-date="${hebrew.date}"] .headline`, { timeout: 20_000 });
      const ends = (date: string) => page.$eval(`.edition-card[data-date="${date}"]`, (card) => ['.date', '.headline', '.meta'].map((selector) => {
        const node = card.querySelector(selector);
        if (!node) return { left: NaN, right: NaN };
        const range = document.createRange();
        range.selectNodeContents(node);
        const box = range.getBoundingClientRect();
        return { left: Math.round(box.left), right: Math.round(box.right) };
      }));
      const [date, headline, meta] = await ends(hebrew.date);
      expect(Math.abs(date.right - headline.right)).toBeLessThan(3);
      expect(Math.abs(meta.right - headline.right)).toBeLessThan(3);
      // An English edition's card stays from the left.
      const [englishDate, , englishMeta] = await ends(english.date);
      expect(englishDate.left).toBe(englishMeta.left);
    });
  }
});

describe('a shared Hebrew story', () => {
  it('sets its table\'s cells and its verse from the right, and the page\'s English lines at its right', async () => {
    const share = await session.handler()({ method: 'GET', path: `/editions/${hebrew.date}/articles/${hebrew.story.slug}/share`, headers: { authorization: 'Bearer subscriber' } });
    expect(share.status).toBe(200);
    const page = await openReader('', PHONE);
    await page.goto(new URL(JSON.parse(share.body).url, page.url()).href);
    await page.waitForSelector('article table');
    const textBox = (selector: string) => page.$eval(selector, (node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      const text = range.getBoundingClientRect();
      const box = node.getBoundingClientRect();
      return { left: Math.round(text.left), right: Math.round(text.right), boxLeft: Math.round(box.left), boxRight: Math.round(box.right), padding: parseFloat(getComputedStyle(node).paddingRight) };
    });
    // The header cell's word flush with its cell's right, inside its padding (it stood at the left).
    const cell = await textBox('article th');
    expect(Math.abs(cell.boxRight - cell.padding - cell.right)).toBeLessThan(2);
    // A verse line that runs over hangs in from the right: its second line's start is at the right, an em in.
    const verse = await page.$eval('article .vl:last-child', (line) => [getComputedStyle(line).paddingRight, getComputedStyle(line).paddingLeft]);
    expect(verse).toEqual(['17px', '0px']);
    // "Printed in …" and "Corrected …" end at the story's right, the note's rule at the right.
    const [article, footer] = await Promise.all([textBox('article'), textBox('article footer p')]);
    expect(Math.abs(footer.right - article.boxRight)).toBeLessThan(3);
    expect(await page.$eval('article .corrected', (p) => [getComputedStyle(p).borderLeftWidth, getComputedStyle(p).borderRightWidth, getComputedStyle(p).textAlign])).toEqual(['0px', '4px', 'right']);
  });
});
