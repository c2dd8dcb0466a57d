/**
 * The edition manifest: the contract other tools read (docs/ARCHITECTURE.md, "Output of one build").
 */
import type { Rejection, Warning } from './article';
import type { HeldStory } from './editorial';

/** A rectangle in CSS px from the page's top-left corner (the coordinates of edition.html's boxes). */
export interface ManifestBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where a page's PNG thumbnail lives in an edition (`ManifestPage.thumbnail`), pages from 1. */
export function thumbnailPath(page: number): string {
  return `thumbnails/page-${page}.png`;
}

export interface ManifestPage {
  readonly number: number;
  /** The page's running head: its first section. */
  readonly section: string;
  /** Every section on the page, in order (two when a short section shares its neighbour's page). */
  readonly sections?: readonly string[];
  readonly articles: readonly string[];
  /**
   * Kept for readers of the first manifests: now the same figure as `articleShare`. (Until the
   * measures came it counted house ads and module boxes as content, so a page half filled with
   * the paper's own notices read 0.97.)
   */
  readonly fill: number;
  /**
   * Share of the page's type area (0…1) covered by the ink of articles: headlines, standfirsts,
   * photos, captions, body lines and jump lines at their printed widths. Absent in manifests
   * written before it was measured.
   */
  readonly articleShare?: number;
  /** Share of the type area taken by house-ad boxes. */
  readonly adShare?: number;
  /** Blank rectangles of at least 0.9 body column × 8 body lines in the type area. */
  readonly holes?: readonly ManifestBox[];
  /** Relative key of the page thumbnail, when thumbnails were made. */
  readonly thumbnail?: string;
  /** The page's size in CSS px: the coordinate space of `links` (and of edition.html). */
  readonly widthPx?: number;
  readonly heightPx?: number;
  /** Every story module on the page as a clickable box (continuations included), for the reader. */
  readonly links?: readonly { readonly slug: string; readonly x: number; readonly y: number; readonly width: number; readonly height: number }[];
  /** Relative keys of the reader's page images (WebP): reading size and thumbnail size. */
  readonly image?: string;
  readonly imageSmall?: string;
  /**
   * What the page's reader images were made from (lambdas/core/page-image-memory.ts): a later build
   * whose page has the same key may take them from this version instead of screenshotting it.
   */
  readonly imageKey?: string;
}

export interface ManifestArticle {
  readonly slug: string;
  readonly headline: string;
  readonly section: string;
  readonly source: string;
  /**
   * The input photo printed with the story (its name among the edition's inputs), null for none;
   * absent in manifests written before it was recorded.
   */
  readonly photo?: string | null;
  /** The input photos printed in the story's text (its figures), in reading order; absent for none. */
  readonly figures?: readonly string[];
  readonly pages: readonly number[];
  /**
   * The story's language (BCP 47: its input's tag, else detected from its letters, as the
   * typesetter sets it) and `direction: "rtl"` for one set right to left; absent in manifests
   * written before them (a reader then takes the page's language). The reader's lists carried a
   * Hebrew headline with no lang, and a screen reader read it out as English.
   */
  readonly language?: string;
  readonly direction?: 'rtl';
  /** The embargo the story was under, ended by the edition's publication time: publishing earlier would break it. */
  readonly embargo?: string;
}

/** The edition's quality figures, from the composed pages (lambdas/core/layout/measure.ts). */
export interface ManifestQuality {
  /** Article ink over the edition's whole type area, 0…1. */
  readonly contentShare: number;
  /** House ads over the edition's whole type area. */
  readonly adShare: number;
  /** The largest single house ad, as a share of its page's type area. */
  readonly largestAdShare: number;
  readonly holes: { readonly count: number; readonly pages: readonly number[] };
  /** total: page changes; stories: stories in more than one part; maxPerStory; longestPages: farthest jump. */
  readonly jumps: { readonly total: number; readonly stories: number; readonly maxPerStory: number; readonly longestPages: number };
  /**
   * Pairs of stories of one section on a page (any two on the front page) where the less important
   * one stands higher, or as high and larger.
   */
  readonly priorityInversions: number;
  /**
   * Stories cut to jump with too little before the jump (measure.ts shortStarts: under eight rows,
   * or an inside start shallower than a fifth of a column holding less than 0.3 of its story), and their pages.
   * Absent in manifests written before it.
   */
  readonly shortStarts?: { readonly count: number; readonly pages: readonly number[] };
  /**
   * Pages inside the edition (the last left out) whose foot is a white band three rows deep or more
   * and shallower than a hole across two columns or more (measure.ts whiteFeet), and their numbers.
   * Absent in manifests written before it.
   */
  readonly whiteFeet?: { readonly count: number; readonly pages: readonly number[] };
  /**
   * Whether the last page's foot is such a white band too, which `whiteFeet` leaves out (the page's
   * own measure, `pages[].whiteFeet`, sees it). Absent in manifests written before it.
   */
  readonly lastPageWhiteFoot?: boolean;
}

export interface Manifest {
  readonly date: string;
  readonly pdf: string;
  readonly pageCount: number;
  readonly fingerprint: string;
  readonly paper: string;
  readonly edition: string;
  readonly generatedBy: string;
  /**
   * The edition's language (its stories' most common, as edition.html's `lang`) and `direction:
   * "rtl"` for a right-to-left edition, whose pages a reader turns towards the left; absent in
   * manifests written before them (left to right).
   */
  readonly language?: string;
  readonly direction?: 'rtl';
  readonly pages: readonly ManifestPage[];
  /**
   * Each fitted photo of the edition by its asset path, and its fit key: the input photo's
   * content and the image processor's fit settings, hashed, with the box. A later build fitting the
   * same photo into the same box may take it from this version (see EditionRequest).
   */
  readonly fittedPhotos?: Readonly<Record<string, string>>;
  /** Absent in manifests written before the measures. */
  readonly quality?: ManifestQuality;
  /** The edition's copy is less than a page: the front page was composed for it alone. */
  readonly short?: boolean;
  readonly articles: readonly ManifestArticle[];
  /** Stories the edition does not print: held by the desk, under embargo, or with no room in their section's pages. */
  readonly held?: readonly HeldStory[];
  readonly rejected: readonly Rejection[];
  readonly warnings: readonly Warning[];
  /**
   * Files passed over unread for their kind (a zip, an SVG, a HEIC), with the reason: an addition
   * of the 81st round, present only when there are some. Each still has its `ignored: …` line in
   * `warnings`, so a reader written before it shows what it showed.
   */
  readonly ignored?: readonly Rejection[];
}
