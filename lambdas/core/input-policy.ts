/**
 * Which inputs are ever read. Every entry is judged from what a listing says (name, kind, size),
 * before a single byte is read: a 3 GB video beside the articles, a 600 MB "article", a name a
 * Windows zip left with a backslash or one too long for the keys made from it is judged on its
 * listing line and never opened. The edition builder, the fingerprint and the render snapshot all
 * ask this one function, so what the fingerprint covers is exactly what the build can use.
 */
import { nameProblem } from './inputs';
import { MAX_PHOTO_BYTES, MAX_TEXT_FILE_BYTES } from './limits';
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
