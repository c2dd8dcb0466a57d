/**
 * What the reader needs of an edition besides the PDF, made at render time and stored inside the
 * immutable version (docs/ARCHITECTURE.md, "Reader"): per-page link boxes (every module of a story,
 * continuations included, opens that story), one structured article per story
 * (`articles/<slug>.json`) and a search index (`search.json`, MiniSearch). Pure: no I/O.
 */
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import { blockText, figureColumns, type Article, type BodyBlock } from './article';
import type { ComposedPage } from './layout/composition';
import type { Grid } from './layout/config';
import { gridBox } from './layout/geometry';

/** Tuning of the reader's files and routes, in one place. */
export const READER_POLICY = {
  /** Width in px of the reading-size page image (sharp, WebP): sharp on a 2× phone, readable zoomed. */
  pageImageWidthPx: 1600,
  /** WebP quality of the reading image: newsprint text stays crisp at 80, a third of PNG's bytes. */
  pageImageQuality: 80,
  /** WebP quality of the small page image (thumbnail size). */
  thumbnailImageQuality: 75,
  /** `/search` without a date searches the newest this many published editions (bounded work per request). */
  searchEditions: 30,
  /** Hits answered per search. */
  maxHits: 50,
  /** Longest query accepted, in characters. */
  maxQueryLength: 200,
  /** Search indexes kept in memory by the API (versions are immutable, so a cached index never goes stale). */
  cachedIndexes: 64,
  /** A shared story's link works this long after a subscriber made it. */
  shareLinkLifetimeSeconds: 7 * 24 * 3600,
  /** Shared stories one browser without a subscription may open per calendar month (UTC). */
  freeSharedReadsPerMonth: 5,
} as const;

/** A clickable area of a page: a story's module, in CSS px from the page's top-left corner. */
export interface PageLink {
  readonly slug: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A story as the reader's article view shows it; all text is plain NFC text (never HTML). */
export interface ReaderArticle {
  readonly slug: string;
  readonly headline: string;
  readonly section: string;
  readonly language: string;
  readonly standfirst?: string;
  readonly byline?: string;
  readonly dateline?: string;
  readonly signOff?: string;
  /** The photo as printed: `path` is relative to the version folder (an asset of edition.html). */
  readonly photo?: { readonly path: string; readonly alt: string; readonly caption?: string; readonly credit?: string };
  readonly body: readonly BodyBlock[];
  /** Pages the story is printed on, first part first. */
  readonly pages: readonly number[];
}

/** Version-relative names of the reader's files. */
export const readerPaths = {
  article: (slug: string) => `articles/${slug}.json`,
  search: 'search.json',
  pageImage: (page: number) => `pages/page-${page}.webp`,
  pageThumbnail: (page: number) => `pages/page-${page}-small.webp`,
};

/** The link boxes of one composed page: one per placed story module, in reading order. */
export function pageLinks(page: ComposedPage, grid: Grid): PageLink[] {
  return page.modules.map((module) => {
    const box = gridBox(grid, module);
    return { slug: module.slug, x: round(box.x), y: round(box.y), width: round(box.width), height: round(box.height) };
  });
}

/** The structured article of one story. */
export function readerArticle(article: Article, pages: readonly number[], photoPath: string | undefined): ReaderArticle {
  const nfc = (s: string | undefined) => (s === undefined ? undefined : s.normalize('NFC'));
  const body = article.body.map((block): BodyBlock => {
    if (block.kind === 'crosshead') return { kind: 'crosshead', text: block.text.normalize('NFC') };
    if (block.kind === 'table') {
      const rows = block.rows.map((row) => ({ cells: row.cells.map((cell) => cell.normalize('NFC')), ...(row.header ? { header: true } : {}) }));
      return { kind: 'table', rows, figures: figureColumns(rows) };
    }
    const runs = block.runs.map((r) => ({ ...r, text: r.text.normalize('NFC') }));
    return block.kind === 'list-item' ? { kind: 'list-item', runs, ...(block.marker ? { marker: block.marker } : {}) } : { kind: block.kind, runs };
  });
  return {
    slug: article.slug,
    headline: article.headline.normalize('NFC'),
    section: article.section,
    language: article.language,
    ...(article.standfirst ? { standfirst: nfc(article.standfirst) } : {}),
    ...(article.byline ? { byline: nfc(article.byline) } : {}),
    ...(article.dateline ? { dateline: nfc(article.dateline) } : {}),
    ...(article.signOff ? { signOff: nfc(article.signOff) } : {}),
    ...(photoPath && article.image
      ? {
          photo: {
            path: photoPath,
            // The newsroom gives a caption, not alt text; the caption describes the photo, the headline says what it is about.
            alt: nfc(article.image.caption) ?? `Photo: ${article.headline.normalize('NFC')}`,
            ...(article.image.caption ? { caption: nfc(article.image.caption) } : {}),
            ...(article.image.credit ? { credit: nfc(article.image.credit) } : {}),
          },
        }
      : {}),
    body,
    pages: [...pages],
  };
}

/**
 * Folds a term for matching: lower case, accents and tone marks removed (NFD, then combining marks
 * dropped), đ → d, so that "Ha Noi" finds "Hà Nội" and "Hà Nội" finds "Ha Noi".
 */
export function foldTerm(term: string): string {
  return term.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/**
 * The one set of MiniSearch options: the index is written and read back with these. Documents are
 * folded whole before indexing (one normalisation per story, not one per word: a third of the
 * time), queries word by word.
 */
export const SEARCH_OPTIONS: Options<SearchDocument> = {
  idField: 'slug',
  fields: ['headline', 'standfirst', 'byline', 'text'],
  storeFields: ['title', 'page'],
  processTerm: (term) => (term === '' ? null : term),
  searchOptions: {
    boost: { headline: 3, standfirst: 2 },
    prefix: true,
    combineWith: 'AND',
    processTerm: (term) => {
      const folded = foldTerm(term);
      return folded === '' ? null : folded;
    },
  },
};

interface SearchDocument {
  readonly slug: string;
  /** The headline as printed (stored for hits); `headline` is its folded form (indexed). */
  readonly title: string;
  readonly headline: string;
  readonly standfirst: string;
  readonly byline: string;
  readonly text: string;
  /** The page the story starts on. */
  readonly page: number;
}

/** The search index of one edition, as JSON to store in the version. */
export function buildSearchIndex(articles: readonly ReaderArticle[]): string {
  const index = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  index.addAll(
    articles.map((a) => ({
      slug: a.slug,
      title: a.headline,
      headline: foldTerm(a.headline),
      standfirst: foldTerm(a.standfirst ?? ''),
      byline: foldTerm(a.byline ?? ''),
      text: foldTerm([a.dateline ?? '', ...a.body.map(blockText), a.photo?.caption ?? ''].join('\n')),
      page: a.pages[0] ?? 1,
    })),
  );
  return JSON.stringify(index);
}

/** One search hit, as `/search` answers it. */
export interface SearchHit {
  readonly date: string;
  readonly slug: string;
  readonly headline: string;
  readonly page: number;
  readonly score: number;
}

/** A stored index read back, ready to query. */
export type LoadedSearchIndex = MiniSearch<SearchDocument>;

export function loadSearchIndex(json: string): LoadedSearchIndex {
  return MiniSearch.loadJSON<SearchDocument>(json, SEARCH_OPTIONS);
}

/** Hits of one edition for a query, best first. */
export function searchEdition(index: LoadedSearchIndex, date: string, query: string): SearchHit[] {
  return index.search(query).map((r: SearchResult) => ({
    date,
    slug: String(r.id),
    headline: String(r.title ?? ''),
    page: Number(r.page ?? 1),
    score: r.score,
  }));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
