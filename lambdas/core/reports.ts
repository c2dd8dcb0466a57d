/**
 * Per-file feedback for the newsroom (issue 13): `reports/<date>/<file>.json` in the content bucket
 * says what became of each upload. Ingest writes it when it has read the file (accepted or rejected,
 * with the parser's warnings); every render makes the date's reports agree with the edition that
 * stands (publish.ts, reconcileReports): the pages each file printed on, the date rule's and the
 * layout's verdicts, and no report for a file that is gone.
 */
import type { Rejection, Warning } from './article';
import type { HeldStory } from './editorial';
import { IGNORED_WARNING, ignoredReason } from './inputs';
import type { ManifestArticle } from './manifest';
import { isPhotoFile } from './object-store';

/** One upload's report. */
export interface UploadReport {
  readonly file: string;
  /**
   * `held`: read and accepted, but kept out of this edition (by the desk, an embargo, or no room).
   * `ignored` (an addition of the 81st round): passed over unread for its kind (a zip, an SVG), the
   * reason in `reason`; its `warnings` keep the `ignored: …` line such a file's report had when it
   * said `accepted`, so a reader that lists a report's reason and warnings shows it as before, and
   * one that counts `accepted` no longer counts it as used.
   */
  readonly status: 'accepted' | 'rejected' | 'held' | 'ignored';
  readonly reason?: string;
  readonly warnings: readonly string[];
  /** Pages the file printed on (articles; empty for photos and settings, and until the render). */
  readonly pages: readonly number[];
  /**
   * A photo's: the slugs of the stories that print it, as their photo or in their text (an addition
   * of the 82nd round, set by a render whose edition printed; empty with `UNPRINTED_PHOTO_WARNING`
   * among the warnings when none does). A photo's report said `accepted`, pages `[]`, whether a
   * story printed it or every story's reference to it was misspelt.
   */
  readonly printedWith?: readonly string[];
  readonly updatedAt: string;
  /**
   * Which content of the upload the report is about. Ingest leaves a report of the same ETag alone
   * (a redelivered event must not wipe the pages the render filled in).
   */
  readonly etag?: string;
}

/** The warning on the report of a photo no story of the edition prints. */
export const UNPRINTED_PHOTO_WARNING =
  "not printed: no story of this edition names this photo (as its `image:`, in its text, or, for a wire story, by sharing the story's file name); check the story's reference to it";

/** Key of the report for an upload `articles/<date>/<file>` (outside articles/, so writing it fires no ingest). */
export function reportKey(date: string, file: string): string {
  return `reports/${date}/${file}.json`;
}

/**
 * Key of the report for an upload outside any date folder, `articles/<path>` (a typo such as
 * `articles/2026-3-14/story.md`): the upload's own path under reports/, as every report's is, so
 * the newsroom finds it where it looks for the others (`reports/2026-3-14/story.md.json`).
 */
export function misplacedReportKey(path: string): string {
  return `reports/${path}.json`;
}

/** Ingest's report: the parse verdict (or why the upload was passed over unread), pages not yet known. */
export function ingestReport(file: string, verdict: { rejection?: Rejection; warnings?: readonly Warning[]; ignored?: Rejection }, now: Date, etag?: string): UploadReport {
  const reason = verdict.rejection?.reason ?? verdict.ignored?.reason;
  return {
    file,
    status: verdict.rejection ? 'rejected' : verdict.ignored ? 'ignored' : 'accepted',
    ...(reason !== undefined ? { reason } : {}),
    warnings: verdict.ignored ? [IGNORED_WARNING] : (verdict.warnings ?? []).map((w) => w.message),
    pages: [],
    updatedAt: now.toISOString(),
    ...(etag ? { etag } : {}),
  };
}

/**
 * Render's reports: one per listed upload, from the edition's manifest (or a failed build's lists).
 * `now` is the time of that edition's proof, so the same edition always gives the same bytes.
 */
export function uploadReports(
  files: readonly { readonly name: string; readonly etag?: string }[],
  manifest: { readonly rejected: readonly Rejection[]; readonly warnings: readonly Warning[]; readonly articles: readonly ManifestArticle[]; readonly held?: readonly HeldStory[] },
  now: Date,
): UploadReport[] {
  const rejected = new Map(manifest.rejected.map((r) => [r.file, r.reason]));
  const held = new Map((manifest.held ?? []).map((story) => [story.source, heldReason(story)]));
  const pages = new Map<string, number[]>();
  for (const article of manifest.articles) pages.set(article.source, [...(pages.get(article.source) ?? []), ...article.pages]);
  const printing = storiesPrinting(manifest.articles);
  return files.map(({ name: file, etag }) => {
    const rejection = rejected.get(file);
    const holding = held.get(file);
    // By its name, as every build passes it over: a render that printed nothing (its rejection
    // record keeps no list of these) says the same as one that did.
    const ignoring = rejection === undefined ? ignoredReason(file) : undefined;
    const reason = rejection ?? holding ?? ignoring;
    const warnings = manifest.warnings.filter((w) => w.file === file).map((w) => w.message);
    // A photo read and kept: which stories print it, and said when none does.
    const printedWith = reason === undefined && printing && isPhotoFile(file) ? (printing.get(file) ?? []) : undefined;
    return {
      file,
      status: rejection !== undefined ? 'rejected' : holding !== undefined ? 'held' : ignoring !== undefined ? 'ignored' : 'accepted',
      ...(reason === undefined ? {} : { reason }),
      warnings: printedWith?.length === 0 ? [...warnings, UNPRINTED_PHOTO_WARNING] : warnings,
      pages: [...new Set(pages.get(file) ?? [])].sort((a, b) => a - b),
      ...(printedWith === undefined ? {} : { printedWith }),
      updatedAt: now.toISOString(),
      ...(etag ? { etag } : {}),
    };
  });
}

/**
 * The slugs of the stories printing each photo (as theirs or in their text), by the photo's file
 * name; undefined when the edition printed nothing, or its manifest was written before stories'
 * photos were recorded (`photo` absent), when no photo's fate is known.
 */
function storiesPrinting(articles: readonly ManifestArticle[]): Map<string, string[]> | undefined {
  if (articles.length === 0 || articles.some((article) => article.photo === undefined)) return undefined;
  const printing = new Map<string, string[]>();
  for (const article of articles) {
    for (const photo of new Set([article.photo, ...(article.figures ?? [])])) {
      if (photo) printing.set(photo, [...(printing.get(photo) ?? []), article.slug]);
    }
  }
  return printing;
}

/** Why a story is not in the edition, in the newsroom's words. */
function heldReason(story: HeldStory): string {
  if (story.reason === 'embargo') return `under embargo until ${story.until}: it prints in the first edition published after that`;
  if (story.reason === 'no-room') return 'its section was given a number of pages (`pages` in edition.yaml) and they were full';
  return 'held out of print by the desk (`hold: true`)';
}
