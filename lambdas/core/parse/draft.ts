/**
 * What a format parser hands to the shared validation in parse/index.ts: raw fields, the body and
 * what the format knows about its photo. Its own module, so the parsers and index.ts import types
 * one way only.
 */
import type { ArticleFormat, BodyBlock } from '../article';

/** Raw fields a format parser found, not yet type-checked (front matter and JSON are untrusted). */
export interface ArticleDraft {
  readonly format: ArticleFormat;
  readonly fields: {
    readonly headline?: unknown;
    readonly jumpHead?: unknown;
    readonly pullQuote?: unknown;
    readonly section?: unknown;
    readonly priority?: unknown;
    readonly byline?: unknown;
    readonly dateline?: unknown;
    readonly date?: unknown;
    readonly standfirst?: unknown;
    readonly image?: unknown;
    readonly caption?: unknown;
    readonly credit?: unknown;
    readonly slug?: unknown;
    readonly language?: unknown;
    readonly signOff?: unknown;
    readonly page?: unknown;
    readonly hold?: unknown;
    readonly embargo?: unknown;
  };
  readonly body: readonly BodyBlock[];
  /** Wire copy has no image field: its photo is the file with the same base name. */
  readonly photoBesideArticle?: boolean;
  /** A ninjs picture item: it prints as its photo and caption, and without the photo not at all. */
  readonly pictureItem?: boolean;
  /** What to tell an editor when the headline is missing, in this format's terms. */
  readonly missingHeadlineReason: string;
}

/** A format parser's result: raw fields plus warnings, or a rejection reason. */
export type DraftOutcome =
  | { readonly ok: true; readonly draft: ArticleDraft; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly reason: string };

