/**
 * The edition build contract: what `buildEdition` (lambdas/core/build-edition.ts) takes and returns.
 * The CLI, the render Lambda, `epaper dev` and the benchmark all call it the same way.
 */
import type { Article, Rejection, Warning } from './article';
import type { Composition, PhotoFacts } from './layout/compose';
import type { Grid, LayoutConfig } from './layout/config';
import type { Manifest } from './manifest';
import type { Asset, EncodedPageImages, ImageProcessor, InputSource, Logger, Renderer } from './ports';
import type { FontParser } from './typeset/fonts';
import type { Patterns } from './typeset/hyphenate';

/** Bytes the composer needs that live outside the core: font files and templates, read by an adapter. */
export interface EditionResources {
  /** Font files by role and style, TTF bytes exactly as Chromium will get them. */
  readonly fonts: ReadonlyMap<string, Uint8Array>;
  /** Template files by name (e.g. "print.css"). */
  readonly templates: ReadonlyMap<string, string>;
  /**
   * Cuts a font file down to the glyphs `text` needs, keeping its layout tables, so that an edition
   * with a few Chinese names embeds 70 KB of Noto Sans SC instead of 10.5 MB in every published
   * version. Absent, or failing: fallback fonts are embedded whole.
   */
  readonly subsetFont?: (font: Uint8Array, text: string) => Promise<Uint8Array>;
  /** Parses a font file for the strings the precomputed plain metrics cannot measure (fontkit). */
  readonly parseFont: FontParser;
  /**
   * Reads the hyphenation patterns in `file` (typeset/hyphenate.ts PATTERN_FILES) for a language
   * other than English an edition's stories are in. Absent: only English is hyphenated.
   */
  readonly hyphenationPatterns?: (file: string) => Promise<Patterns>;
}

/** The ports and resources one build uses. */
export interface EditionDeps {
  readonly source: InputSource;
  readonly renderer: Renderer;
  readonly images: ImageProcessor;
  readonly resources: EditionResources;
  readonly logger: Logger;
  /** Today, for an edition whose date neither the request nor the articles give. */
  readonly now: () => Date;
  /** Pages one browser holds at once at most (default PRINT_POLICY in build-edition.ts). */
  readonly pagesPerPrint?: number;
  /** A browser's own memory in pages' worth, for parts printed side by side (default PRINT_POLICY). */
  readonly browserInPages?: number;
}

export interface EditionRequest {
  /** YYYY-MM-DD; default: the date most articles carry, else `today`. */
  readonly date?: string;
  /**
   * The calendar day where the newsroom is (YYYY-MM-DD), for an edition nothing else dates; default
   * the UTC day of the builder's clock. The CLI passes the day of the machine's time zone: at 6 a.m.
   * in Hà Nội the UTC day is still yesterday, and the masthead printed it.
   */
  readonly today?: string;
  /** Page thumbnails width in px (0 or absent: none). */
  readonly thumbnailWidthPx?: number;
  /**
   * When the edition will be published (ISO 8601), for embargoes: a story whose embargo ends later
   * is left out. Default: the builder's clock, now.
   */
  readonly publicationTime?: string;
  /**
   * The inputs' fingerprint (fingerprintInputs) for this source, date and publication time, when the
   * caller has already computed it, as a render does to decide whether to build at all: the build
   * then does not hash every input again.
   */
  readonly fingerprint?: string;
  /**
   * Reading-size page images for the reader (WebP, this many px wide; 0 or absent: none). With
   * them, thumbnails are scaled from the same screenshot instead of a second one.
   */
  readonly pageImageWidthPx?: number;
  /**
   * Make the reader's article files and search index (lambdas/core/reader.ts): what publishing
   * asks for; the CLI and the benchmark leave them out (about 0.5 ms per article).
   */
  readonly readerFiles?: boolean;
  /**
   * Called with files of the edition as soon as they are made, keyed by their path in the version:
   * first, before printing, those that do not depend on the print (edition.html as
   * EDITION_HTML_TYPE, its assets, the reader's article files and search index), then each page's
   * reader images (and its PNG thumbnail, when asked for) as soon as they are encoded, while the
   * next page is screenshot. A publisher stores them meanwhile; the same files are in the
   * BuiltEdition, and every call has been made before the build returns.
   */
  readonly onFilesReady?: (files: ReadonlyMap<string, Asset>) => void;
  /**
   * Called once the pages are composed, with the composition the edition prints and what the
   * composer was given for it. For a caller that measures the plan it printed (the page-quality
   * tests, which composed each edition a second time to measure it); the BuiltEdition does not keep it.
   */
  readonly onComposed?: (composed: ComposedEdition) => void;
  /**
   * Reader images an earlier version of the date holds, by their page's key (ManifestPage.imageKey):
   * each loads that page's files, checked against the version's checksums, or rejects. A page
   * whose key is here and loads is not screenshot; one that does not load is, as any other.
   */
  readonly earlierPageImages?: EarlierPageImages;
  /**
   * Fitted photos an earlier version of the date holds, by fit key (Manifest.fittedPhotos): each
   * loads the photo, checked against the version's checksum, or rejects, and then the photo is
   * fitted as any other.
   */
  readonly earlierFittedPhotos?: ReadonlyMap<string, () => Promise<Uint8Array>>;
}

/** The edition as composed (EditionRequest.onComposed): the pages as planned, and the composer's input. */
export interface ComposedEdition {
  /** The stories given to the composer (sections in edition.yaml's spelling, held ones out, photos as printable). */
  readonly articles: readonly Article[];
  readonly config: LayoutConfig;
  readonly grid: Grid;
  /** The photos' sizes as the composer was given them. */
  readonly photos: ReadonlyMap<string, PhotoFacts>;
  readonly composition: Composition;
}

/** Loaders of an earlier version's page images, by page key. */
export type EarlierPageImages = ReadonlyMap<string, () => Promise<EncodedPageImages>>;

/** The content type edition.html is stored with. */
export const EDITION_HTML_TYPE = 'text/html; charset=utf-8';

/** A finished edition, ready to be written to disk or S3 under `<date>/`. */
export interface BuiltEdition {
  readonly date: string;
  readonly fingerprint: string;
  readonly pdf: Uint8Array;
  /** edition.html exactly as printed; it references `assets/…` relative paths. */
  readonly html: string;
  /** Files edition.html references, keyed by relative path (e.g. "assets/fonts/body-regular.ttf"). */
  readonly assets: ReadonlyMap<string, Asset>;
  /** PNG per page when requested, in page order. */
  readonly thumbnails: readonly Uint8Array[];
  /**
   * The reader's files, by path relative to the version folder (lambdas/core/reader.ts): page
   * images, one structured article per story, the search index. Absent from older builders.
   */
  readonly readerFiles?: ReadonlyMap<string, Asset>;
  readonly manifest: Manifest;
  /**
   * Step timings in milliseconds (parse, compose, render, postprocess, total); inside compose,
   * material (stories set on the grid) and plan (the page planner).
   */
  readonly timings: Readonly<Record<string, number>>;
}

export type BuildOutcome =
  | { readonly ok: true; readonly edition: BuiltEdition }
  | {
      readonly ok: false;
      /** One sentence for the user, e.g. "No article could be used: 3 files were rejected." */
      readonly reason: string;
      readonly rejected: readonly Rejection[];
      readonly warnings: readonly Warning[];
    };
