/**
 * The set-up every reader e2e file repeated: one Chromium for the file, the subscriber API over an
 * in-memory bucket (reader-in-memory.ts), a tab per test closed after it, and axe-core. A file calls
 * `readerSession(objects)` at its top level and gets the hooks registered and these helpers.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { FALLBACK_FONT_FILES } from '../../lambdas/adapters/resources';
import { buildSearchIndex, type ReaderArticle } from '../../lambdas/core/reader';
import { launchReaderBrowser } from './reader-browser';
import { inMemoryReaderApi, openInMemoryReader, READER_ORIGIN, type OpenReaderOptions, type ReaderHandler } from './reader-in-memory';

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true } as const;

/** The share secret and clock of `readerSession(…, { sharing: true })`. */
export const SHARING = { secret: 'a-secret-for-the-shared-pages-of-these-tests', now: () => Date.parse('2019-12-07T10:00:00.000Z') };

export interface ReaderSession {
  /** The file's Chromium (after beforeAll). */
  readonly browser: () => Browser;
  /** The API handler (after beforeAll): call routes as the tab would. */
  readonly handler: () => ReaderHandler;
  /** A tab at `${READER_ORIGIN}/${path}`, signed in unless `signedIn: false`, page images answered with a white image; closed after the test. */
  open(path: string, viewport?: OpenReaderOptions['viewport'], options?: { signedIn?: boolean }): Promise<Page>;
  /** The `/shared/…` link a subscriber gets for a story, absolute on the reader's origin. */
  shareLink(date: string, slug: string): Promise<string>;
}

/**
 * Registers the file's hooks: `objects()` (key → bytes, called once) is the editions bucket; with
 * `sharing`, share links are on (SHARING).
 */
export function readerSession(objects: () => Promise<ReadonlyMap<string, Uint8Array>>, options: { sharing?: boolean } = {}): ReaderSession {
  let browser: Browser | undefined;
  let handler: ReaderHandler | undefined;
  let pageImage: Buffer;
  const opened: Page[] = [];
  beforeAll(async () => {
    pageImage = await sharp({ create: { width: 300, height: 450, channels: 3, background: '#ffffff' } }).png().toBuffer();
    handler = await inMemoryReaderApi(await objects(), options.sharing ? SHARING : undefined);
    browser = await launchReaderBrowser();
  }, 120_000);
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((page) => page.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser: () => browser!,
    handler: () => handler!,
    open: (path, viewport = DESKTOP, { signedIn = true } = {}) =>
      openInMemoryReader(browser!, handler!, path, { viewport, signedIn, presigned: (request) => void request.respond({ status: 200, contentType: 'image/png', body: pageImage }) }, opened),
    async shareLink(date, slug) {
      const answer = await handler!({ method: 'GET', path: `/editions/${date}/articles/${slug}/share`, headers: { authorization: 'Bearer subscriber' } });
      if (answer.status !== 200) throw new Error(`share of ${date}/${slug}: ${answer.status} ${answer.body}`);
      return new URL((JSON.parse(answer.body) as { url: string }).url, READER_ORIGIN).href;
    },
  };
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as it is now, serious and critical ones, as `<id> <targets>`. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
}

/** The faces Chromium painted the text of the first element matching `selector` with (DevTools' "Rendered fonts"). */
export async function paintedFaces(page: Page, selector: string): Promise<{ familyName: string; postScriptName: string; isCustomFont: boolean; glyphCount: number }[]> {
  const client = await page.createCDPSession();
  await client.send('DOM.enable');
  await client.send('CSS.enable');
  const { root } = await client.send('DOM.getDocument');
  const { nodeId } = await client.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await client.send('CSS.getPlatformFontsForNode', { nodeId });
  await client.detach();
  return fonts.map(({ familyName, postScriptName, isCustomFont, glyphCount }) => ({ familyName, postScriptName: postScriptName ?? '', isCustomFont, glyphCount }));
}

/** The whole Noto Sans Hebrew faces the build subsets (`hebrew-regular`, `hebrew-bold`), as bytes. */
export async function hebrewFaces(): Promise<Map<'hebrew-regular' | 'hebrew-bold', Uint8Array>> {
  const require = createRequire(import.meta.url);
  const faces = new Map<'hebrew-regular' | 'hebrew-bold', Uint8Array>();
  for (const face of ['hebrew-regular', 'hebrew-bold'] as const) {
    const { pkg, file } = FALLBACK_FONT_FILES[face];
    faces.set(face, new Uint8Array(await readFile(join(dirname(require.resolve(`${pkg}/package.json`)), file))));
  }
  return faces;
}

/** A story of an in-memory edition, as the build writes `articles/<slug>.json`. */
export type StoryFile = { slug: string; headline: string; section: string; language: string; direction?: 'rtl'; pages: number[] } & Record<string, unknown>;

/** An edition for `editionObjects`: its stories, on `pageCount` pages (every story on page 1), its Hebrew faces when given. */
export interface InMemoryEdition {
  readonly date: string;
  readonly paper: string;
  readonly language: string;
  readonly direction?: 'rtl';
  readonly version: string;
  readonly stories: readonly StoryFile[];
  readonly pageCount?: number;
  readonly faces?: ReadonlyMap<string, Uint8Array>;
  /** Publications that corrected stories after the first (the manifest's `corrections`). @default none */
  readonly corrections?: readonly { at: string; action: 'publish'; corrected: string[]; added: string[]; removed: string[] }[];
}

/** The objects of published editions (pointer, stories, search index, faces) and their archive list, newest first. */
export function editionObjects(editions: readonly InMemoryEdition[]): Map<string, Uint8Array> {
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const objects = new Map<string, Uint8Array>();
  const newestFirst = [...editions].sort((a, b) => (a.date < b.date ? 1 : -1));
  objects.set('editions/index.json', json({
    editions: newestFirst.map((e) => ({ date: e.date, paper: e.paper, pageCount: e.pageCount ?? 1, headline: e.stories[0].headline, headlineLanguage: e.stories[0].language, ...(e.stories[0].direction ? { headlineDirection: 'rtl' } : {}) })),
  }));
  for (const e of editions) {
    const pageCount = e.pageCount ?? 1;
    const faces = [...(e.faces?.keys() ?? [])].map((face) => `assets/fonts/${face}.ttf`);
    const pages = Array.from({ length: pageCount }, (_, i) => i + 1);
    objects.set(`editions/${e.date}/manifest.json`, json({
      date: e.date, paper: e.paper, pdf: 'edition.pdf', pageCount, fingerprint: e.version, version: `versions/${e.version}/`, language: e.language, ...(e.direction ? { direction: e.direction } : {}),
      pages: pages.map((number) => ({
        number, section: e.stories[0].section, sections: [e.stories[0].section], articles: number === 1 ? e.stories.map((s) => s.slug) : [], fill: 0.8, articleShare: 0.8, adShare: 0, holes: [],
        widthPx: 1200, heightPx: 1800, image: `versions/${e.version}/pages/page-${number}.webp`,
        links: number === 1 ? e.stories.map((s, i) => ({ slug: s.slug, x: 40, y: 40 + i * 420, width: 600, height: 400 })) : [],
      })),
      articles: e.stories.map((s) => ({ slug: s.slug, headline: s.headline, section: s.section, source: `${s.slug}.md`, photo: null, pages: s.pages, language: s.language, ...(s.direction ? { direction: s.direction } : {}) })),
      files: Object.fromEntries([...e.stories.map((s) => `articles/${s.slug}.json`), 'search.json', ...pages.map((n) => `pages/page-${n}.webp`), ...faces].map((path) => [path, { bytes: 1, sha256: 'x' }])),
      rejected: [], warnings: [], publishedAt: `${e.date}T05:00:00.000Z`,
      ...(e.corrections?.length ? { corrections: e.corrections, corrected: e.corrections.at(-1)!.at, changedArticles: e.corrections.at(-1)!.corrected } : {}),
    }));
    for (const s of e.stories) objects.set(`editions/${e.date}/versions/${e.version}/articles/${s.slug}.json`, json(s));
    objects.set(`editions/${e.date}/versions/${e.version}/search.json`, new TextEncoder().encode(buildSearchIndex(e.stories as unknown as ReaderArticle[])));
    for (const [face, bytes] of e.faces ?? []) objects.set(`editions/${e.date}/versions/${e.version}/assets/fonts/${face}.ttf`, bytes);
  }
  return objects;
}
