/**
 * Which inputs are ever read. Every entry is judged from what a listing says (name, kind, size),
 * before a single byte is read: a 3 GB video beside the articles, a 600 MB "article", a name a
 * Windows zip left with a backslash or one too long for the keys made from it is judged on its
 * listing line and never opened. The edition builder, the fingerprint and the render snapshot all
 * ask this one function, so what the fingerprint covers is exactly what the build can use.
 */
import { nameProblem } from './inputs';
import { articleCountReason, MAX_EDITION_ARTICLES, MAX_PHOTO_BYTES, MAX_TEXT_FILE_BYTES } from './limits';
import { isArticleFile, isEditionConfigName, isPhotoFile, isSystemFile } from './parse/index';
import type { InputEntry } from './ports';

export { isEditionConfigName };

/**
 * True when an entry may be read: a regular file with a name inside the root, of a kind the build
 * uses (article, photo, edition settings) and within that kind's size limit. Everything else is
 * rejected or ignored by its listing line alone.
 */
export function mayBeRead(entry: InputEntry): boolean {
  if (entry.kind !== 'file' || isSystemFile(entry.name) || nameProblem(entry.name) !== undefined) return false;
  if (!Number.isFinite(entry.size) || entry.size < 0) return false;
  if (isPhotoFile(entry.name)) return entry.size <= MAX_PHOTO_BYTES;
  if (isArticleFile(entry.name) || isEditionConfigName(entry.name)) return entry.size <= MAX_TEXT_FILE_BYTES;
  return false;
}

/** The largest file any input source is ever asked to read (the photo limit). */
export const MAX_INPUT_READ_BYTES = Math.max(MAX_PHOTO_BYTES, MAX_TEXT_FILE_BYTES);

/**
 * The listing with every readable article past the first `most` by name refused on its listing
 * line (InputEntry.problem: articleCountReason), in the listing's own order. One rule for every
 * build: the render's snapshot asks it before it downloads (publish.ts), the edition builder before
 * it parses (inputs.ts, judgeListing), so `epaper build <folder>` refuses the same files with the
 * same reason: it read every file, and 2,400 one-line stories were composed for 70 s. An entry
 * already refused, or one no build reads (mayBeRead), takes no place.
 */
export function withinArticleCap<T extends InputEntry>(entries: readonly T[], most = MAX_EDITION_ARTICLES): T[] {
  const counted = entries.filter((entry) => entry.problem === undefined && mayBeRead(entry) && isArticleFile(entry.name));
  if (counted.length <= most) return [...entries];
  const past = new Set(counted.map((entry) => entry.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(most));
  return entries.map((entry) => (past.has(entry.name) && entry.problem === undefined ? { ...entry, problem: articleCountReason(most) } : entry));
}
