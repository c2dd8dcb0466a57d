/**
 * Each Hebrew edition's words in its own edition's faces, and those faces kept by the browser.
 *
 * A build embeds a subset of Noto Sans Hebrew holding the letters its edition prints, and the reader
 * loads it through the API (the page's CSP has no font-src). The archive and search show several
 * editions' headlines on one page: they loaded one edition's subset for all, and a letter another
 * edition prints and that subset lacks fell back to another face in that edition's headline. And
 * every weight came again, base64 in JSON and uncached, on every view: a version's subset never
 * changes, so the address that names the version is kept (immutable) and the one that does not is
 * checked by its ETag.
 *
 * The API (createSubscriberApi over an in-memory bucket holding real subsets the test makes) is
 * served over HTTP on a local port, so that Chromium's own cache is the one at work (request
 * interception would bypass it).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FALLBACK_FONT_FILES, subsetFontFile } from '../../lambdas/adapters/resources';
import { buildSearchIndex, type ReaderArticle } from '../../lambdas/core/reader';
import { createSubscriberApi, type ApiRequest } from '../../lambdas/core/subscriber-api';
import { launchReaderBrowser } from '../support/reader-browser';

const PAPER = 'הארץ הקטן';
const FACES = ['hebrew-regular', 'hebrew-bold'] as const;
/**
 * Two Hebrew editions whose letters differ: the older one's headline has ש, צ and ף, which the
 * newer one's text (and so its subset) has none of.
 */
const editions = [
  { date: '2019-12-06', version: 'n1', slug: 'new-garden', headline: 'גן גדול נפתח ליד נהר הירקון', body: 'הגן הגדול ליד נהר הירקון נפתח היום.' },
  { date: '2019-12-05', version: 'o1', slug: 'sea-shore', headline: 'שוטטות על חוף הים בצפון', body: 'שוטטות על חוף הים בצפון היום, Tchernichovsky אמר.' },
] as const;
for (const letter of ['ש', 'צ', 'ף']) if (`${editions[0].headline} ${editions[0].body} ${PAPER} ידיעות`.includes(letter)) throw new Error(`the newer edition prints ${letter}`);

let browser: Browser;
let server: Server;
let origin: string;
/** The font requests the API answered, as `<status> <path>`. */
const fontAnswers: string[] = [];

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const whole = new Map<string, Uint8Array>();
  for (const face of FACES) {
    const { pkg, file } = FALLBACK_FONT_FILES[face];
    whole.set(face, new Uint8Array(await readFile(join(dirname(require.resolve(`${pkg}/package.json`)), file))));
  }
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const objects = new Map<string, Uint8Array>([
    ['editions/index.json', json({ editions: editions.map((e) => ({ date: e.date, paper: PAPER, pageCount: 1, headline: e.headline, headlineLanguage: 'he', headlineDirection: 'rtl' })) })],
  ]);
  for (const e of editions) {
    const story = { slug: e.slug, headline: e.headline, section: 'ידיעות', language: 'he', direction: 'rtl', body: [{ kind: 'paragraph', runs: [{ text: e.body }] }], pages: [1] };
    const fonts = FACES.map((face) => `assets/fonts/${face}.ttf`);
    objects.set(`editions/${e.date}/manifest.json`, json({
      date: e.date, paper: PAPER, pdf: 'edition.pdf', pageCount: 1, fingerprint: e.version, version: `versions/${e.version}/`, language: 'he', direction: 'rtl',
      pages: [{ number: 1, section: 'ידיעות', sections: ['ידיעות'], articles: [e.slug], fill: 0.8, articleShare: 0.8, adShare: 0, holes: [] }],
      articles: [{ slug: e.slug, headline: e.headline, section: 'ידיעות', source: `${e.slug}.md`, photo: null, pages: [1], language: 'he', direction: 'rtl' }],
      files: Object.fromEntries([`articles/${e.slug}.json`, 'search.json', ...fonts].map((path) => [path, { bytes: 1, sha256: 'x' }])),
      rejected: [], warnings: [], publishedAt: `${e.date}T05:00:00.000Z`,
    }));
    objects.set(`editions/${e.date}/versions/${e.version}/articles/${e.slug}.json`, json(story));
    objects.set(`editions/${e.date}/versions/${e.version}/search.json`, new TextEncoder().encode(buildSearchIndex([story] as unknown as ReaderArticle[])));
    // The edition's subset: the letters it prints, as the build makes it.
    for (const face of FACES) objects.set(`editions/${e.date}/versions/${e.version}/assets/fonts/${face}.ttf`, await subsetFontFile(whole.get(face)!, `${PAPER} ${e.headline} ${e.body} ידיעות`));
  }
  const handler = createSubscriberApi({
    editions: { get: async (key: string) => objects.get(key) },
    presign: async (key: string) => `https://images.invalid/presigned/${key}`,
    verifyToken: async (token: string) => ({ ok: true, subject: token }),
    readerPage: await readFile(join(import.meta.dirname, '../../templates/reader.html'), 'utf8'),
    deskPage: '<!doctype html><title>desk</title>',
  } as unknown as Parameters<typeof createSubscriberApi>[0]) as (req: ApiRequest) => Promise<{ status: number; headers: Record<string, string>; body: string }>;
  server = createServer((req, res) => {
    void handler({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers as Record<string, string | undefined> }).then((answer) => {
      if ((req.url ?? '').includes('/fonts/')) fontAnswers.push(`${answer.status} ${req.url}`);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchReaderBrowser();
}, 120_000);

const openedPages: Page[] = [];
afterEach(async () => {
  await Promise.all(openedPages.splice(0).map((page) => page.close()));
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function openReader(hash: string): Promise<Page> {
  const page = await browser.newPage();
  openedPages.push(page);
  await page.setViewport({ width: 1280, height: 800 });
  await page.evaluateOnNewDocument(() => sessionStorage.setItem('epaper.token', 'subscriber'));
  await page.goto(`${origin}/${hash}`);
  return page;
}

/** Until every face the page added has loaded. */
async function facesLoaded(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => [...document.fonts].filter((face) => face.status === 'loaded').length >= n, { timeout: 10_000 }, count).catch(() => undefined);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
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

/** Every letter of a headline painted in an edition's own face (a served subset), none by the device (its spaces are the page's: the faces' unicode-range is Hebrew's). */
function inServedFace(faces: { familyName: string; isCustomFont: boolean; glyphCount: number }[], headline: string): void {
  expect(faces.filter((face) => face.isCustomFont).reduce((sum, face) => sum + face.glyphCount, 0)).toBe(headline.replace(/ /g, '').length);
}

describe('each Hebrew edition in its own faces', () => {
  it('sets each archive card\'s headline in its own edition\'s subset, also the letters another edition\'s lacks', async () => {
    const page = await openReader('#/');
    await page.waitForSelector(`.edition-card[data-date="${editions[1].date}"] .headline`);
    // The masthead's faces and the two editions' own (two weights each).
    await facesLoaded(page, 6);
    for (const e of editions) inServedFace(await paintedFaces(page, `.edition-card[data-date="${e.date}"] .headline`), e.headline);
  });

  it('sets each search hit\'s headline in its own edition\'s subset, the hits of two editions on one page', async () => {
    const page = await openReader('#/search?q=' + encodeURIComponent('היום'));
    await page.waitForFunction(() => document.querySelectorAll('#search-hits a.hit-title').length === 2);
    await facesLoaded(page, 6);
    const hrefs = await page.$$eval('#search-hits a.hit-title', (links) => links.map((a) => a.getAttribute('href') ?? ''));
    for (const [i, href] of hrefs.entries()) {
      const e = editions.find((edition) => href.includes(edition.date))!;
      inServedFace(await paintedFaces(page, `#search-hits li:nth-child(${i + 1}) a.hit-title`), e.headline);
    }
    expect(hrefs).toHaveLength(2);
  });
});

describe('an edition\'s faces kept by the browser', () => {
  it('fetches a version\'s faces once: another view of the edition takes them from the browser\'s cache', async () => {
    const first = await openReader(`#/editions/${editions[0].date}/articles/${editions[0].slug}`);
    // This first load's faces answered before the cache is emptied: one still in flight would be
    // cached after the clearing, and the reload below would take it from there (a fresh-clone CI
    // run counted one answer of two).
    await first.waitForSelector('#story h1');
    await facesLoaded(first, 2);
    // An empty cache, whatever the other tests fetched; then the view again.
    const client = await first.createCDPSession();
    await client.send('Network.clearBrowserCache');
    await client.detach();
    const before = fontAnswers.length;
    await first.reload();
    await first.waitForSelector('#story h1');
    await facesLoaded(first, 2);
    expect(fontAnswers.slice(before).filter((line) => line.startsWith('200')).length).toBe(FACES.length);
    // A new tab on the same edition (the same cache): no byte of the faces asked for again.
    const second = await openReader(`#/editions/${editions[0].date}`);
    await second.waitForSelector('#page-list li');
    await facesLoaded(second, 2);
    expect(await second.evaluate(() => [...document.fonts].filter((face) => face.family === 'EpHebrew' && face.status === 'loaded').length)).toBe(FACES.length);
    expect(fontAnswers.slice(before).filter((line) => line.startsWith('200')).length).toBe(FACES.length);
  });

  it('keeps the page\'s CSP as it was: no font-src, nothing from elsewhere', async () => {
    const response = await fetch(`${origin}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).not.toMatch(/font-src/);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/connect-src 'self';/);
  });

  it('says how long a face may be kept: for ever at its version\'s address, checked by its ETag at the other', async () => {
    const auth = { authorization: 'Bearer subscriber' };
    const manifest = await (await fetch(`${origin}/editions/${editions[0].date}`, { headers: auth })).json();
    const url = manifest.fonts.find((font: { face: string }) => font.face === 'hebrew-bold').url;
    expect(url).toBe(`/editions/${editions[0].date}/fonts/hebrew-bold?version=n1`);
    const kept = await fetch(`${origin}${url}`, { headers: auth });
    expect(kept.status).toBe(200);
    expect(kept.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const etag = kept.headers.get('etag')!;
    expect(etag).toBe('"n1.hebrew-bold"');
    // The address without the version (an older reader's), or naming one no longer served: checked each time.
    for (const path of [`/editions/${editions[0].date}/fonts/hebrew-bold`, `/editions/${editions[0].date}/fonts/hebrew-bold?version=o1`]) {
      const checked = await fetch(`${origin}${path}`, { headers: auth });
      expect(checked.headers.get('cache-control')).toBe('private, no-cache');
      expect((await checked.json()).data.length).toBeGreaterThan(100);
      const again = await fetch(`${origin}${path}`, { headers: { ...auth, 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }
    // Still only for a subscriber.
    expect((await fetch(`${origin}${url}`)).status).toBe(401);
  });
});
