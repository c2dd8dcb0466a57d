/**
 * The reader's routes (lambdas/core/reader-routes.ts) through the subscriber API: pages, articles
 * and search answer only with a bearer token, read only objects the version lists, hand images out
 * only as presigned links, and find Vietnamese words with or without their marks.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../lambdas/core/article';
import { buildSearchIndex, READER_POLICY, readerArticle, readerPaths } from '../../lambdas/core/reader';
import { createSubscriberApi, type ApiRequest } from '../../lambdas/core/subscriber-api';

const GOOD = 'good-token';

function article(slug: string, headline: string, paragraphs: string[], extra: Partial<Article> = {}): Article {
  return {
    slug, headline, section: 'National', priority: 3, language: 'vi', source: `${slug}.md`, format: 'markdown',
    body: paragraphs.map((text) => ({ kind: 'paragraph' as const, runs: [{ text }] })),
    ...extra,
  };
}

const FLOOD = article('ha-noi-flood-sensors', 'Hà Nội puts flood sensors on Tô Lịch river', ['Đường phố ở Hà Nội ngập sau mưa lớn.', 'Sensors report every “five” minutes.'], {
  dateline: 'HÀ NỘI',
  byline: 'By Minh Anh',
  image: { ref: 'images/flood.jpg', caption: 'A sensor on the Tô Lịch', credit: 'VNS' },
  body: [
    { kind: 'paragraph', runs: [{ text: 'Đường phố ở Hà Nội ngập sau mưa lớn.' }] },
    { kind: 'crosshead', text: 'Data every minute' },
    // A line the writer ended (LINE_BREAK) inside the quotation.
    { kind: 'quotation', runs: [{ text: 'We <b>see</b> it rise\u2028by the hour', italic: true }] },
  ],
});
const RICE = article('mekong-rice', 'Salt-tolerant rice in the Mekong delta', ['Farmers in Đồng Tháp plant new seed.'], {
  dateline: 'CẦN THƠ',
  body: [
    { kind: 'table', rows: [{ cells: ['Province', 'Yield <t/ha>'], header: true }, { cells: ['Đồng Tháp', '6.1'] }] },
    { kind: 'paragraph', runs: [{ text: 'Farmers in Đồng Tháp plant new seed.' }] },
    // Photos in the text: one printed (its fitted photo listed by the version), one whose path the version does not list.
    { kind: 'figure', ref: 'images/paddy.jpg', caption: 'Seedlings in a paddy <near> Cao Lãnh', credit: 'VNS' },
    { kind: 'figure', ref: 'images/stray.jpg', caption: 'Never listed' },
  ],
});
const FIGURE_PATHS: Record<string, string> = { 'images/paddy.jpg': 'assets/photos/mekong-rice-fig-1a2b3c4d-430x289.jpg', 'images/stray.jpg': '../../elsewhere/stray.jpg' };

/** A published edition as publish.ts writes it: pointer, version files, index. */
/** The first meter's cookie: `n` opens in December 2019, signed as it signed them. */
function legacyMeter(n: number): string {
  return `2019-12.${n}.${createHmac('sha256', SECRET).update(`meter.2019-12.${n}`).digest('base64url')}`;
}

function store(moreStories = 0): Map<string, Uint8Array> {
  const date = '2019-12-04';
  const version = 'versions/fp1/';
  const flood = readerArticle(FLOOD, [1, 3], 'assets/photos/ha-noi-flood-sensors-600x400.jpg');
  const rice = readerArticle(RICE, [2], undefined, (ref) => FIGURE_PATHS[ref]);
  // Stories like the flood story under other names, for a meter that counts stories.
  const more = Array.from({ length: moreStories }, (_, i) => ({ ...flood, slug: `story-${i + 1}` }));
  const files: Record<string, string> = {
    ...Object.fromEntries(more.map((story) => [readerPaths.article(story.slug), JSON.stringify(story)])),
    [readerPaths.article(flood.slug)]: JSON.stringify(flood),
    [readerPaths.article(rice.slug)]: JSON.stringify(rice),
    [readerPaths.search]: buildSearchIndex([flood, rice]),
    'assets/photos/ha-noi-flood-sensors-600x400.jpg': 'jpeg',
    [FIGURE_PATHS['images/paddy.jpg']]: 'jpeg',
    [readerPaths.pageImage(1)]: 'webp',
    [readerPaths.pageThumbnail(1)]: 'webp',
  };
  const objects = new Map<string, Uint8Array>();
  const listed: Record<string, { bytes: number; sha256: string }> = {};
  for (const [path, body] of Object.entries(files)) {
    objects.set(`editions/${date}/${version}${path}`, new TextEncoder().encode(body));
    listed[path] = { bytes: body.length, sha256: 'x' };
  }
  // An object in the version folder that the version does not list: never served.
  objects.set(`editions/${date}/${version}articles/secret.json`, new TextEncoder().encode(JSON.stringify(flood)));
  const pointer = {
    date, pdf: 'edition.pdf', pageCount: 3, fingerprint: 'fp1', version, paper: 'The Hà Nội Herald', edition: 'Daily', generatedBy: 'test',
    pages: [
      { number: 1, section: 'Front', articles: [flood.slug], fill: 0.5, widthPx: 1000, heightPx: 1500, image: `${version}${readerPaths.pageImage(1)}`, imageSmall: `${version}${readerPaths.pageThumbnail(1)}`, links: [{ slug: flood.slug, x: 10, y: 20, width: 300, height: 400 }] },
      { number: 2, section: 'National', articles: [rice.slug], fill: 0.5, links: [{ slug: rice.slug, x: 0, y: 0, width: 10, height: 10 }] },
      { number: 3, section: 'National', articles: [flood.slug], fill: 0.5, image: '../../elsewhere/page.webp', links: [{ slug: flood.slug, x: 0, y: 0, width: 10, height: 10 }] },
    ],
    articles: [
      { slug: flood.slug, headline: flood.headline, section: 'National', source: 'x', pages: [1, 3] },
      { slug: rice.slug, headline: rice.headline, section: 'National', source: 'y', pages: [2] },
      { slug: 'secret', headline: 'Old', section: 'National', source: 'z', pages: [2] },
    ],
    rejected: [], warnings: [], files: listed,
  };
  objects.set(`editions/${date}/manifest.json`, new TextEncoder().encode(JSON.stringify(pointer)));
  objects.set('editions/index.json', new TextEncoder().encode(JSON.stringify({ editions: [{ date }] })));
  return objects;
}

const SECRET = 'a-test-secret-of-at-least-32-characters!';

function api(objects = store(), development = false, clock = { now: Date.UTC(2019, 11, 5, 12) }) {
  const reads: string[] = [];
  const handler = createSubscriberApi({
    sharing: { secret: SECRET, now: () => clock.now },
    editions: { get: async (key) => { reads.push(key); return objects.get(key); } },
    presign: async (key, seconds) => `https://signed.example/${key}?X-Amz-Expires=${seconds}`,
    verifyToken: async (token) => (token === GOOD ? { ok: true, subject: 'sub-1' } : { ok: false, reason: 'bad token' }),
    readerPage: '<html><head></head><body>reader</body></html>',
    development,
  });
  const get = async (path: string, headers: Record<string, string> = { authorization: `Bearer ${GOOD}` }) => {
    const response = await handler({ method: 'GET', path, headers } satisfies ApiRequest);
    return { ...response, json: () => JSON.parse(response.body) };
  };
  return { get, reads };
}

const ROUTES = ['/editions/2019-12-04/pages/1', '/editions/2019-12-04/articles/ha-noi-flood-sensors', '/search?q=rice', '/search?q=rice&date=2019-12-04'];

describe('reader routes', () => {
  it('answer 401 to every new route without a token, or with a bad one, and read nothing', async () => {
    const { get, reads } = api();
    for (const path of ROUTES) {
      expect((await get(path, {})).status, path).toBe(401);
      expect((await get(path, { authorization: 'Bearer wrong' })).status, path).toBe(401);
      expect((await get(path, { authorization: `Bearer ${GOOD}` })).status, path).toBe(200);
    }
    const { get: fresh, reads: none } = api();
    for (const path of ROUTES) await fresh(path, { accept: 'text/html' });
    expect(none).toEqual([]);
    expect(reads.length).toBeGreaterThan(0);
  });

  it('answers a page with presigned image links and its story boxes with headlines', async () => {
    const { get } = api();
    const page = (await get('/editions/2019-12-04/pages/1')).json();
    expect(page).toMatchObject({ page: 1, pageCount: 3, widthPx: 1000, heightPx: 1500, section: 'Front' });
    expect(page.image).toBe('https://signed.example/editions/2019-12-04/versions/fp1/pages/page-1.webp?X-Amz-Expires=300');
    expect(page.imageSmall).toContain('page-1-small.webp');
    expect(page.links).toEqual([{ slug: 'ha-noi-flood-sensors', x: 10, y: 20, width: 300, height: 400, headline: FLOOD.headline, href: '/editions/2019-12-04/articles/ha-noi-flood-sensors' }]);
    // A key leaving the version is never signed.
    expect((await get('/editions/2019-12-04/pages/3')).json().image).toBeUndefined();
    expect((await get('/editions/2019-12-04/pages/4')).status).toBe(404);
    expect((await get('/editions/2019-12-04/pages/0')).status).toBe(404);
    expect((await get('/editions/2019-12-05/pages/1')).status).toBe(404);
    expect((await get('/editions/2019-13-04/pages/1')).status).toBe(400);
  });

  it('answers the page as HTML to a browser that asks for it, every box a link to the article view', async () => {
    const { get } = api();
    const response = await get('/editions/2019-12-04/pages/1', { authorization: `Bearer ${GOOD}`, accept: 'text/html,application/xhtml+xml,*/*' });
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.body).toContain('href="/#/editions/2019-12-04/articles/ha-noi-flood-sensors" style="left:1%;top:1.33%;width:30%;height:26.67%"');
    expect(response.body).toContain('<h1>');
  });

  it('answers the structured article, Vietnamese exact (NFC), the photo only as a presigned link', async () => {
    const { get } = api();
    const story = (await get('/editions/2019-12-04/articles/ha-noi-flood-sensors')).json();
    expect(story.headline).toBe('Hà Nội puts flood sensors on Tô Lịch river'.normalize('NFC'));
    expect(story.headline).toBe(story.headline.normalize('NFC'));
    expect(story).toMatchObject({ language: 'vi', dateline: 'HÀ NỘI', byline: 'By Minh Anh', pages: [1, 3] });
    expect(story.body.map((b: { kind: string }) => b.kind)).toEqual(['paragraph', 'crosshead', 'quotation']);
    expect(story.photo).toEqual({ alt: 'A sensor on the Tô Lịch', caption: 'A sensor on the Tô Lịch', credit: 'VNS', url: expect.stringMatching(/^https:\/\/signed\.example\/editions\/2019-12-04\/versions\/fp1\/assets\/photos\//) });
    expect(JSON.stringify(story)).not.toContain('"path"');
  });

  it('renders the article as semantic HTML with its language, one h1, the text escaped and the writer\'s line breaks kept', async () => {
    const { get } = api();
    const { body } = await get('/editions/2019-12-04/articles/ha-noi-flood-sensors', { authorization: `Bearer ${GOOD}`, accept: 'text/html' });
    expect(body).toContain('<html lang="vi">');
    expect(body.match(/<h1>/g)).toHaveLength(1);
    expect(body).toContain('<h2>Data every minute</h2>');
    // A quotation whose lines the writer ended is verse: a line to a span, each hanging an em in.
    expect(body).toContain('<blockquote><p><span class="vl"><em>We &lt;b&gt;see&lt;/b&gt; it rise</em></span><span class="vl"><em>by the hour</em></span></p></blockquote>');
    expect(body).toContain('.vl{display:block;padding-inline-start:1em;text-indent:-1em}');
    expect(body).not.toContain('<b>');
    expect(body).toContain('<span class="dateline">HÀ NỘI — </span>');
    expect(body).toContain('Printed in <bdi>The Hà Nội Herald</bdi>, 4 December 2019, on <a href="/#/editions/2019-12-04/pages/1">page 1</a>, <a href="/#/editions/2019-12-04/pages/3">page 3</a>.');
  });

  it('tells when a story was corrected, from the pointer\'s corrections or an older pointer\'s own', async () => {
    const withPointer = (extra: Record<string, unknown>) => {
      const objects = store();
      const key = 'editions/2019-12-04/manifest.json';
      const pointer = JSON.parse(new TextDecoder().decode(objects.get(key)));
      objects.set(key, new TextEncoder().encode(JSON.stringify({ ...pointer, ...extra })));
      return api(objects).get;
    };
    const correctedAt = async (get: Awaited<ReturnType<typeof withPointer>>, slug: string) => (await get(`/editions/2019-12-04/articles/${slug}`)).json().correctedAt;
    const get = withPointer({
      corrected: '2019-12-04T15:00:00.000Z',
      corrections: [
        { at: '2019-12-04T09:00:00.000Z', action: 'publish', corrected: ['ha-noi-flood-sensors'], added: ['mekong-rice'], removed: [] },
        { at: '2019-12-04T15:00:00.000Z', action: 'rollback', corrected: ['ha-noi-flood-sensors'], added: [], removed: ['gone'] },
      ],
    });
    // The rollback at 15:00 brought an earlier text back: it undid, it corrected nothing.
    expect(await correctedAt(get, 'ha-noi-flood-sensors')).toEqual(['2019-12-04T09:00:00.000Z']);
    expect((await get('/editions/2019-12-04/articles/ha-noi-flood-sensors')).json().restoredAt).toEqual(['2019-12-04T15:00:00.000Z']);
    // Added is not corrected.
    expect(await correctedAt(get, 'mekong-rice')).toEqual([]);
    const { body } = await get('/editions/2019-12-04/articles/ha-noi-flood-sensors', { authorization: `Bearer ${GOOD}`, accept: 'text/html' });
    expect(body).toContain('<p class="corrected" lang="en" dir="ltr">Corrected 4 December 2019, 09:00 UTC. This story was changed after the edition was first published. Its earlier text was restored 4 December 2019, 15:00 UTC.</p>');
    const plain = await api().get('/editions/2019-12-04/articles/ha-noi-flood-sensors', { authorization: `Bearer ${GOOD}`, accept: 'text/html' });
    expect(plain.body).not.toContain('class="corrected"');
    // A pointer written before the list was kept: its own correction, told apart or not.
    expect(await correctedAt(withPointer({ corrected: '2019-12-04T10:00:00.000Z', articleChanges: { corrected: ['mekong-rice'], added: [], removed: [] }, changedArticles: ['mekong-rice'] }), 'mekong-rice')).toEqual(['2019-12-04T10:00:00.000Z']);
    expect(await correctedAt(withPointer({ corrected: '2019-12-04T10:00:00.000Z', changedArticles: ['mekong-rice'] }), 'mekong-rice')).toEqual(['2019-12-04T10:00:00.000Z']);
    expect(await correctedAt(withPointer({ changedArticles: ['mekong-rice'] }), 'mekong-rice')).toEqual([]);
  });

  it('renders a table as a table, its text escaped, the dateline on the first paragraph after it', async () => {
    const { get } = api();
    const { body } = await get('/editions/2019-12-04/articles/mekong-rice', { authorization: `Bearer ${GOOD}`, accept: 'text/html' });
    expect(body).toContain('<table><tr><th scope="col">Province</th><th scope="col" class="num">Yield &lt;t/ha&gt;</th></tr><tr><td>Đồng Tháp</td><td class="num">6.1</td></tr></table>');
    expect(body).toContain('<p><span class="dateline">CẦN THƠ — </span>Farmers in Đồng Tháp plant new seed.</p>');
    const story = (await get('/editions/2019-12-04/articles/mekong-rice')).json();
    expect(story.body[0]).toEqual({ kind: 'table', rows: [{ cells: ['Province', 'Yield <t/ha>'], header: true }, { cells: ['Đồng Tháp', '6.1'] }], figures: [false, true] });
  });

  it('gives a photo in the text only as a presigned link of a file the version lists (no path field), and finds its caption', async () => {
    const { get } = api();
    const story = (await get('/editions/2019-12-04/articles/mekong-rice')).json();
    const figures = story.body.filter((block: { kind: string }) => block.kind === 'figure');
    expect(figures).toEqual([
      { kind: 'figure', alt: 'Seedlings in a paddy <near> Cao Lãnh', caption: 'Seedlings in a paddy <near> Cao Lãnh', credit: 'VNS', url: 'https://signed.example/editions/2019-12-04/versions/fp1/assets/photos/mekong-rice-fig-1a2b3c4d-430x289.jpg?X-Amz-Expires=300' },
      { kind: 'figure', alt: 'Never listed', caption: 'Never listed' },
    ]);
    const { body } = await get('/editions/2019-12-04/articles/mekong-rice', { authorization: `Bearer ${GOOD}`, accept: 'text/html' });
    expect(body).toContain(`<figure><img src="${figures[0].url}" alt="Seedlings in a paddy &lt;near&gt; Cao Lãnh"><figcaption>Seedlings in a paddy &lt;near&gt; Cao Lãnh — VNS</figcaption></figure>`);
    expect(body).not.toContain('Never listed');
    const hits = (await get('/search?q=seedlings%20cao%20lanh')).json().hits;
    expect(hits.map((hit: { slug: string }) => hit.slug)).toEqual(['mekong-rice']);
    // Found only in a caption, the excerpt is that caption, the words marked.
    const { text, marks } = hits[0].excerpt;
    expect(text).toBe('Seedlings in a paddy <near> Cao Lãnh Never listed');
    expect(marks.map(([start, end]: [number, number]) => text.slice(start, end))).toEqual(['Seedlings', 'Cao', 'Lãnh']);
  });

  it('serves a Hebrew story right to left, as it is printed: its file, its page and its search hits say so', async () => {
    // Set left to right, its full stop and quotation marks stood at the wrong ends of its lines.
    const objects = store();
    const hebrew = readerArticle(article('tel-aviv-bridge', 'גשר חדש מעל הירקון', ['העירייה פתחה את הגשר החדש לאופניים.'], { language: 'he' }), [2], undefined);
    expect(hebrew.direction).toBe('rtl');
    expect(readerArticle(FLOOD, [1], undefined)).not.toHaveProperty('direction');
    const version = 'editions/2019-12-04/versions/fp1/';
    const files = { [readerPaths.article(hebrew.slug)]: JSON.stringify(hebrew), [readerPaths.search]: buildSearchIndex([readerArticle(FLOOD, [1, 3], undefined), hebrew]) };
    const pointer = JSON.parse(new TextDecoder().decode(objects.get('editions/2019-12-04/manifest.json')));
    for (const [path, body] of Object.entries(files)) {
      objects.set(`${version}${path}`, new TextEncoder().encode(body));
      pointer.files[path] = { bytes: body.length, sha256: 'x' };
    }
    pointer.articles.push({ slug: hebrew.slug, headline: hebrew.headline, section: 'National', source: 'h', pages: [2] });
    objects.set('editions/2019-12-04/manifest.json', new TextEncoder().encode(JSON.stringify(pointer)));
    const { get } = api(objects);
    const { body } = await get(`/editions/2019-12-04/articles/${hebrew.slug}`, { authorization: `Bearer ${GOOD}`, accept: 'text/html' });
    expect(body).toContain('<article lang="he" dir="rtl">');
    // Its title joins the headline to the paper's name: bare, a title bar that takes a title's
    // direction from its first letter set it right to left whole, the paper's name left of the headline.
    expect(body).toContain('<title>\u2068גשר חדש מעל הירקון\u2069 · The Hà Nội Herald</title>');
    expect((await get('/editions/2019-12-04/articles/ha-noi-flood-sensors', { authorization: `Bearer ${GOOD}`, accept: 'text/html' })).body).toContain('<article lang="vi">');
    const [hit] = (await get(`/search?q=${encodeURIComponent('הגשר')}`)).json().hits;
    expect(hit).toMatchObject({ slug: hebrew.slug, excerpt: { language: 'he', direction: 'rtl' } });
    const [latin] = (await get('/search?q=sensors')).json().hits;
    expect(latin.excerpt).toMatchObject({ language: 'vi' });
    expect(latin.excerpt).not.toHaveProperty('direction');
  });

  it("gives a page's stories and the search hits their language from the manifest, and none from a manifest written before it", async () => {
    // A hit past the best 20 has no excerpt, and its Hebrew headline had no language to be read in.
    const before = api();
    expect((await before.get('/editions/2019-12-04/pages/2')).json().articles).toEqual([{ slug: RICE.slug, headline: RICE.headline }]);
    expect((await before.get('/search?q=rice')).json().hits[0]).not.toHaveProperty('language');
    const objects = store();
    const pointer = JSON.parse(new TextDecoder().decode(objects.get('editions/2019-12-04/manifest.json')));
    pointer.articles = pointer.articles.map((a: { slug: string }) => ({ ...a, ...(a.slug === RICE.slug ? { language: 'he', direction: 'rtl' } : { language: 'vi' }) }));
    objects.set('editions/2019-12-04/manifest.json', new TextEncoder().encode(JSON.stringify(pointer)));
    const { get } = api(objects);
    const page = (await get('/editions/2019-12-04/pages/2')).json();
    expect(page.articles).toEqual([{ slug: RICE.slug, headline: RICE.headline, language: 'he', direction: 'rtl' }]);
    expect(page.links[0]).toMatchObject({ slug: RICE.slug, language: 'he', direction: 'rtl' });
    expect((await get('/editions/2019-12-04/pages/1')).json().articles).toEqual([{ slug: FLOOD.slug, headline: FLOOD.headline, language: 'vi' }]);
    expect((await get('/search?q=rice')).json().hits[0]).toMatchObject({ slug: RICE.slug, language: 'he', direction: 'rtl' });
    // The page's HTML document too (an English page): the Hebrew headline in its language, the Vietnamese one in its.
    const html = (await get('/editions/2019-12-04/pages/2', { authorization: `Bearer ${GOOD}`, accept: 'text/html' })).body;
    expect(html).toContain(`<span class="sr" lang="he" dir="rtl">${RICE.headline}</span>`);
    expect(html).toMatch(new RegExp(`<a href="[^"]*${RICE.slug}" lang="he" dir="rtl">`));
    expect((await get('/editions/2019-12-04/pages/1', { authorization: `Bearer ${GOOD}`, accept: 'text/html' })).body).toMatch(new RegExp(`<a href="[^"]*${FLOOD.slug}" lang="vi" dir="ltr">`));
  });

  it("says a right-to-left edition's direction on each of its pages, for the reader to turn them to the left", async () => {
    const before = (await api().get('/editions/2019-12-04/pages/2')).json();
    expect(before).not.toHaveProperty('language');
    expect(before).not.toHaveProperty('direction');
    const objects = store();
    const pointer = JSON.parse(new TextDecoder().decode(objects.get('editions/2019-12-04/manifest.json')));
    objects.set('editions/2019-12-04/manifest.json', new TextEncoder().encode(JSON.stringify({ ...pointer, language: 'he', direction: 'rtl' })));
    expect((await api(objects).get('/editions/2019-12-04/pages/2')).json()).toMatchObject({ page: 2, language: 'he', direction: 'rtl' });
  });

  it('reads only articles the version lists: an unlisted object or a hostile slug is a 404', async () => {
    const { get, reads } = api();
    expect((await get('/editions/2019-12-04/articles/secret')).status).toBe(404);
    expect((await get('/editions/2019-12-04/articles/..%2Fmanifest')).status).toBe(404);
    expect((await get('/editions/2019-12-04/articles/Upper')).status).toBe(404);
    expect(reads.filter((k) => k.includes('secret'))).toEqual([]);
  });

  it('searches without diacritics: "Ha Noi" finds "Hà Nội", "duong" finds "Đường", "dong thap" finds "Đồng Tháp"', async () => {
    const { get } = api();
    // The hits without their excerpts (the next test's).
    const hits = async (q: string) => (await get(`/search?q=${encodeURIComponent(q)}`)).json().hits.map(({ excerpt, ...hit }: { excerpt?: unknown }) => hit);
    // The headline's words found marked, as an excerpt's (headlineMarks): "Hà Nội".
    expect(await hits('Ha Noi')).toEqual([{ date: '2019-12-04', slug: 'ha-noi-flood-sensors', headline: FLOOD.headline, page: 1, headlineMarks: [[0, 2], [3, 6]] }]);
    expect((await hits('duong pho'))[0].slug).toBe('ha-noi-flood-sensors');
    expect(await hits('dong thap')).toEqual([{ date: '2019-12-04', slug: 'mekong-rice', headline: RICE.headline, page: 2 }]);
    expect(await hits('Đồng Tháp')).toHaveLength(1);
    expect(await hits('tomatoes')).toEqual([]);
    expect((await get('/search?q=')).status).toBe(400);
    expect((await get(`/search?q=${'a'.repeat(201)}`)).status).toBe(400);
    expect((await get('/search?q=rice&date=2019-12-05')).json().hits).toEqual([]);
    // …in no edition: nothing is published that day (it said "1 edition").
    expect((await get('/search?q=rice&date=2019-12-05')).json().searched).toBe(0);
    expect((await get('/search?q=rice&date=2019-12-04')).json().searched).toBe(1);
    // Every story found is shown: no `found` (it is there only where more were found than shown: reader-rtl.test.ts).
    expect((await get('/search?q=rice&date=2019-12-04')).json().found).toBeUndefined();
  });

  it('names the paper of the newest edition searched, with hits or none, so that a reader who opens a search first sees its name', async () => {
    const { get } = api();
    expect((await get('/search?q=rice')).json().paper).toBe('The Hà Nội Herald');
    expect((await get('/search?q=tomatoes')).json()).toMatchObject({ paper: 'The Hà Nội Herald', hits: [] });
    // No edition published that day: no paper to name.
    expect((await get('/search?q=rice&date=2019-12-05')).json()).not.toHaveProperty('paper');
  });

  it('shows where each of the best hits was found: an excerpt of the story with the words marked, accents or none', async () => {
    const { get, reads } = api();
    const [flood] = (await get('/search?q=ha%20noi')).json().hits;
    // The whole body fits an excerpt: no "…"; the quotation's line break is a space; the dateline
    // runs into the first paragraph, as printed.
    expect(flood.excerpt.text).toBe('HÀ NỘI — Đường phố ở Hà Nội ngập sau mưa lớn. Data every minute We <b>see</b> it rise by the hour');
    expect(flood.excerpt.marks.map(([start, end]: [number, number]) => flood.excerpt.text.slice(start, end))).toEqual(['HÀ', 'NỘI', 'Hà', 'Nội']);
    // A word found by its start is marked whole; one found only in the headline gives no mark.
    const [rice] = (await get('/search?q=plan')).json().hits;
    expect(rice.excerpt.marks.map(([start, end]: [number, number]) => rice.excerpt.text.slice(start, end))).toEqual(['plant']);
    const [bySalt] = (await get('/search?q=salt')).json().hits;
    expect(bySalt).toMatchObject({ slug: 'mekong-rice', excerpt: { marks: [] } });
    expect(bySalt.excerpt.text).toMatch(/^CẦN THƠ — Province Yield/);
    // Read from the version's listed article files, each once (versions are immutable).
    await get('/search?q=ha%20noi');
    expect(reads.filter((k) => k.includes('/articles/'))).toEqual(['editions/2019-12-04/versions/fp1/articles/ha-noi-flood-sensors.json', 'editions/2019-12-04/versions/fp1/articles/mekong-rice.json']);
  });

  it('loads a version\'s search index once and keeps it (versions are immutable)', async () => {
    const { get, reads } = api();
    await get('/search?q=rice');
    await get('/search?q=sensors');
    expect(reads.filter((k) => k.endsWith('search.json'))).toHaveLength(1);
  });

  it('shows the development-token hint only when the API runs in development', async () => {
    expect((await api(store(), true).get('/', {})).body).toContain('<meta name="epaper-dev" content="1">');
    expect((await api(store(), false).get('/', {})).body).not.toContain('epaper-dev');
  });

  it('lets only the reader and desk pages\' own scripts run, named by their hashes', async () => {
    const readerPage = await readFile(join(import.meta.dirname, '../../templates/reader.html'), 'utf8');
    const deskPage = await readFile(join(import.meta.dirname, '../../templates/desk.html'), 'utf8');
    const handler = createSubscriberApi({
      editions: { get: async () => undefined },
      presign: async (key) => key,
      verifyToken: async () => ({ ok: false, reason: 'none' }),
      readerPage,
      deskPage,
    });
    for (const [path, page] of [['/', readerPage], ['/desk', deskPage]] as const) {
      const response = await handler({ method: 'GET', path, headers: {} });
      const scriptSrc = /script-src ([^;]*);/.exec(response.headers['content-security-policy'])?.[1];
      // The page as served: the template with the code the reader and the desk share put in.
      expect(page).toContain('/* epaper: shared page code */');
      expect(response.body).toContain('function takeSignInState(given)');
      const inline = [...response.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
      expect(inline, path).toHaveLength(1);
      expect(scriptSrc, path).toBe(inline.join(' '));
    }
    // A page without scripts lets none run.
    const plain = createSubscriberApi({ editions: { get: async () => undefined }, presign: async (key) => key, verifyToken: async () => ({ ok: false, reason: 'none' }), readerPage: '<p>reader</p>' });
    expect((await plain({ method: 'GET', path: '/', headers: {} })).headers['content-security-policy']).toContain("script-src 'none';");
  });

  describe('metered share links', () => {
    const share = '/editions/2019-12-04/articles/ha-noi-flood-sensors/share';

    it('are made for subscribers only, signed and expiring in a week', async () => {
      const { get } = api();
      expect((await get(share, {})).status).toBe(401);
      const link = (await get(share)).json();
      expect(link.url).toMatch(/^\/shared\/2019-12-04\.ha-noi-flood-sensors\.\d+\.[A-Za-z0-9_-]{43}$/);
      expect(link.expiresAt).toBe('2019-12-12T12:00:00.000Z');
      expect((await get('/editions/2019-12-04/articles/secret/share')).status).toBe(404);
    });

    it('open stories without a token, a few stories a month per browser, then ask for a subscription', async () => {
      const clock = { now: Date.UTC(2019, 11, 30, 12) };
      const limit = READER_POLICY.freeSharedReadsPerMonth;
      const { get } = api(store(limit), false, clock);
      const linkTo = async (slug: string) => ((await get(`/editions/2019-12-04/articles/${slug}/share`)).json() as { url: string }).url;
      const url = await linkTo('ha-noi-flood-sensors');
      let cookie = '';
      const open = async (link: string) => {
        const opened = await get(link, cookie ? { cookie } : {});
        if (opened.headers['set-cookie']) {
          expect(opened.headers['set-cookie']).toContain('HttpOnly');
          cookie = opened.headers['set-cookie'].split(';')[0];
        }
        return opened;
      };
      // One story opened again and again (reloads, the link clicked twice) counts once.
      for (let again = 0; again < limit + 2; again++) {
        const opened = await open(url);
        expect(opened.status, `open ${again + 1}`).toBe(200);
        expect(opened.body).toContain('<h1>Hà Nội puts flood sensors on Tô Lịch river</h1>');
        expect(opened.body).toContain(`${limit - 1} more shared stories this month`);
      }
      for (let story = 1; story < limit; story++) expect((await open(await linkTo(`story-${story}`))).status, `story ${story}`).toBe(200);
      const refused = await open(await linkTo(`story-${limit}`));
      expect(refused.status).toBe(402);
      expect(refused.body).not.toContain('Tô Lịch river');
      // A story read this month opens again.
      expect((await open(url)).status).toBe(200);
      // A cookie the reader edits is worth nothing (a first read, but it cannot lower the count it proves).
      const forged = cookie.replace(/=2019-12\.[0-9a-f]{10}-/, '=2019-12.');
      const reread = await get(await linkTo(`story-${limit}`), { cookie: forged });
      expect(reread.status).toBe(200);
      expect(reread.headers['set-cookie']).toMatch(/=2019-12\.[0-9a-f]{10}\.[A-Za-z0-9_-]{43};/);
      // The first meter's cookie (a count of opens) counts as that many stories.
      const legacy = await get(url, { cookie: `epaper_shared=${legacyMeter(limit - 1)}` });
      expect(legacy.status).toBe(200);
      expect(legacy.body).toContain('0 more shared stories');
      // A new month, a new allowance.
      clock.now = Date.UTC(2020, 0, 2);
      expect((await get(await linkTo(`story-${limit}`), { cookie })).status).toBe(200);
    });

    it('show the paper and a link preview, and keep the story out of search engines', async () => {
      const { get } = api();
      const { url } = (await get(share)).json() as { url: string };
      const opened = await get(url, {});
      expect(opened.status).toBe(200);
      const meta = Object.fromEntries([...opened.body.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)].map((m) => [m[1], m[2]]));
      expect(meta).toMatchObject({
        robots: 'noindex',
        'og:type': 'article',
        'og:site_name': 'The Hà Nội Herald',
        'og:title': 'Hà Nội puts flood sensors on Tô Lịch river',
        // No standfirst: the story's opening paragraph.
        'og:description': 'Đường phố ở Hà Nội ngập sau mưa lớn.',
        'og:locale': 'vi',
        'og:image': expect.stringMatching(/^https:\/\/signed\.example\/editions\/2019-12-04\/versions\/fp1\/assets\/photos\/ha-noi-flood-sensors-600x400\.jpg\?/),
        'og:image:alt': expect.any(String),
        'twitter:card': 'summary_large_image',
      });
      expect(opened.headers['x-robots-tag']).toBe('noindex');
      expect(opened.body).toContain('<header class="paper"><a href="/">The Hà Nội Herald</a></header>');
      expect(opened.body).toContain('Subscribers read the whole edition, page by page: <a href="/">sign in to <bdi>The Hà Nội Herald</bdi></a>.');
      expect(opened.body).toContain('Printed in <bdi>The Hà Nội Herald</bdi>, 4 December 2019, on');
      // A link that no longer opens a story is no page for a search engine either.
      const clock = { now: Date.UTC(2019, 11, 30, 12) };
      const expired = await api(store(), false, clock).get(url, {});
      expect(expired.status).toBe(410);
      expect(expired.headers['x-robots-tag']).toBe('noindex');
      // A subscriber's own view of the story names the paper too, with no meter, preview or noindex.
      const own = await get('/editions/2019-12-04/articles/ha-noi-flood-sensors', { authorization: `Bearer ${GOOD}`, accept: 'text/html' });
      expect(own.body).toContain('<header class="paper">');
      expect(own.body).not.toMatch(/og:|noindex|Subscribers read/);
    });

    it('refuse a tampered or expired link', async () => {
      const clock = { now: Date.UTC(2019, 11, 5, 12) };
      const { get } = api(store(), false, clock);
      const { url } = (await get(share)).json() as { url: string };
      expect((await get(url.replace('ha-noi-flood-sensors', 'mekong-rice'), {})).status).toBe(404);
      expect((await get(url.replace(/\.(\d+)\./, (_m, e) => `.${Number(e) + 999999}.`), {})).status).toBe(404);
      expect((await get(`${url.slice(0, -1)}${url.endsWith('A') ? 'B' : 'A'}`, {})).status).toBe(404);
      clock.now += 8 * 24 * 3600 * 1000;
      expect((await get(url, {})).status).toBe(410);
    });

    it('are off without a secret', async () => {
      const handler = createSubscriberApi({
        editions: { get: async (key) => store().get(key) },
        presign: async (key) => key,
        verifyToken: async () => ({ ok: true, subject: 's' }),
        readerPage: '',
      });
      expect((await handler({ method: 'GET', path: share, headers: { authorization: 'Bearer x' } })).status).toBe(404);
      expect((await handler({ method: 'GET', path: '/shared/2019-12-04.a.1.x', headers: {} })).status).toBe(404);
    });
  });
});

describe('a proof through the reader routes', () => {
  it('shows an unpublished proof’s pages and articles to editors only', async () => {
    // The date has a proof and no publication: its pointer is proof.json, not manifest.json.
    const objects = store();
    objects.set('editions/2019-12-04/proof.json', objects.get('editions/2019-12-04/manifest.json')!);
    objects.delete('editions/2019-12-04/manifest.json');
    const handler = createSubscriberApi({
      editions: { get: async (key) => objects.get(key) },
      presign: async (key, seconds) => `https://signed.example/${key}?X-Amz-Expires=${seconds}`,
      verifyToken: async (token) =>
        token === GOOD ? { ok: true, subject: 'sub-1' } : token === 'editor-token' ? { ok: true, subject: 'ed-1', groups: ['editors'] } : { ok: false, reason: 'bad token' },
      readerPage: '<html><head></head><body>reader</body></html>',
    });
    const get = (path: string, token: string) => handler({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } });
    for (const path of ['/editions/2019-12-04/pages/1', '/editions/2019-12-04/articles/ha-noi-flood-sensors']) {
      expect((await get(path, GOOD)).status, path).toBe(404);
      expect((await get(path, 'editor-token')).status, path).toBe(200);
    }
    expect(JSON.parse((await get('/editions/2019-12-04/articles/ha-noi-flood-sensors', 'editor-token')).body).headline).toBe(FLOOD.headline);
  });
});
