/**
 * Ports for object storage and render signalling: the pipeline use cases (ingest, publish) speak
 * only these, so the same code runs against S3, the embedded dev endpoint, or memory in tests.
 */

/** An object as it is now: its bytes and the ETag that identifies this exact content. */
export interface StoredObject {
  readonly body: Uint8Array;
  readonly etag: string;
}

/** One line of a listing. */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
}

/** The version of an object a reader judged (a listing line or a HeadObject): its ETag and size. */
export type JudgedVersion = Pick<ListedObject, 'etag' | 'size'>;

/** A bucket (or a fake of one). Keys are plain, decoded strings. */
export interface ObjectStore {
  /**
   * The object as it is now, or undefined when there is none. With `judged` (the listing line or
   * HeadObject a size limit was checked on), only that version is read (If-Match on its ETag) and
   * never more than its size: another version, or one longer, is undefined too (the caller looks
   * again). Checked then read, an object replaced in between was downloaded whole: a 300 MiB
   * "article" reached the parser past the 1 MiB limit.
   */
  get(key: string, judged?: JudgedVersion): Promise<StoredObject | undefined>;
  /** Size and ETag of the object as it is now (S3 HeadObject), without reading its bytes. */
  head(key: string): Promise<ListedObject | undefined>;
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /**
   * Writes only if the object is still the version read: `etag` from an earlier get, or undefined
   * for "only if there is none yet" (S3 conditional writes, If-Match / If-None-Match). False when
   * someone else wrote in between; the caller reads again and retries.
   */
  putIfUnchanged(key: string, body: Uint8Array | string, contentType: string, etag: string | undefined): Promise<boolean>;
  /** Deleting a missing key is not an error, as in S3. */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with the prefix, in key order. */
  list(prefix: string): Promise<ListedObject[]>;
}

/** "Edition <date> changed": asks for a render of that date (an SQS FIFO message in AWS). */
export interface RenderSignal {
  /**
   * `cause` names the change that prompted the signal (an S3 event's key and sequencer): the same
   * cause delivered again may be dropped as a duplicate; without one, nothing is dropped.
   */
  send(date: string, cause?: string): Promise<void>;
}

const ARTICLE_KEY = /^articles\/(\d{4}-\d{2}-\d{2})\/(.+)$/;
const PHOTO_FILE = /\.(jpe?g|png|webp)$/i;

/** Splits `articles/<date>/<file>` into its date and the file name relative to the date prefix. */
export function parseArticleKey(key: string): { date: string; file: string } | undefined {
  const match = ARTICLE_KEY.exec(key);
  if (!match || match[2].endsWith('/')) return undefined;
  if (!isSafeUploadPath(match[2])) return undefined;
  return { date: match[1], file: match[2] };
}

/**
 * False for a path under articles/ that climbs out of its folder (`.` or `..` segments, NUL): the
 * path becomes part of other keys (normalized/, rejected/, reports/), whatever store it lands in.
 */
export function isSafeUploadPath(path: string): boolean {
  return !path.includes('\0') && !path.split('/').some((segment) => segment === '..' || segment === '.');
}

/** True for photo files, which never become articles on their own. */
export function isPhotoFile(file: string): boolean {
  return PHOTO_FILE.test(file);
}

/** ETags arrive quoted from some APIs and bare from others; compare them bare. */
export function normalizeEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/"/g, '');
}
