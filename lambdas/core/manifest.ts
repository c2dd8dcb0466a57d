/**
 * The edition manifest: the contract other tools read (docs/ARCHITECTURE.md, "Output of one build").
 */
import type { Rejection, Warning } from './article';

export interface ManifestPage {
  readonly number: number;
  readonly section: string;
  readonly articles: readonly string[];
  /** Share of the page's type area covered by content, 0…1, from the composed geometry. */
  readonly fill: number;
  /** Relative key of the page thumbnail, when thumbnails were made. */
  readonly thumbnail?: string;
}

export interface ManifestArticle {
  readonly slug: string;
  readonly headline: string;
  readonly section: string;
  readonly source: string;
  readonly pages: readonly number[];
}

export interface Manifest {
  readonly date: string;
  readonly pdf: string;
  readonly pageCount: number;
  readonly fingerprint: string;
  readonly paper: string;
  readonly edition: string;
  readonly generatedBy: string;
  readonly pages: readonly ManifestPage[];
  readonly articles: readonly ManifestArticle[];
  readonly rejected: readonly Rejection[];
  readonly warnings: readonly Warning[];
}
