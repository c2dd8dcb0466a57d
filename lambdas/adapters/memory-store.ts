/**
 * An ObjectStore and a RenderSignal held in memory: the handler tests' fake bucket and queue, and
 * the building blocks tests wrap to inject faults (a put that throws on one key).
 */
import { createHash } from 'node:crypto';
import { keyFits, utf8Length } from '../core/limits';
import { normalizeEtag, type JudgedVersion, type ListedObject, type ObjectStore, type RenderSignal, type StoredObject } from '../core/object-store';

/** A bucket in a Map; ETags are MD5 of the bytes, as S3 computes them for single-part uploads. */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, { body: Uint8Array; etag: string; contentType: string }>();
  /** Every write and delete in order, so tests can check publishing order. */
  readonly journal: string[] = [];

  /** The object as it is now; with `judged`, only that version and size, as S3's If-Match and a capped read give. */
  async get(key: string, judged?: JudgedVersion): Promise<StoredObject | undefined> {
    const found = this.objects.get(key);
    if (!found) return undefined;
    if (judged && (normalizeEtag(found.etag) !== normalizeEtag(judged.etag) || found.body.byteLength > judged.size)) return undefined;
    return { body: found.body, etag: found.etag };
  }

  /** Size and ETag without the bytes. */
  async head(key: string): Promise<ListedObject | undefined> {
    const found = this.objects.get(key);
    return found ? { key, size: found.body.byteLength, etag: found.etag } : undefined;
  }

  /**
   * Stores a copy of the bytes so later changes by the caller cannot leak in. A key over S3's 1,024
   * bytes is refused as S3 refuses it (KeyTooLongError), so a test meets what the bucket would do.
   */
  async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    if (!keyFits(key)) throw Object.assign(new Error(`KeyTooLongError: Your key is too long (${utf8Length(key)} bytes)`), { name: 'KeyTooLongError' });
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    this.objects.set(key, { body: bytes, etag, contentType });
    this.journal.push(`put ${key}`);
  }

  /** Compares and writes in one step, as S3 does for a conditional PUT. */
  async putIfUnchanged(key: string, body: Uint8Array | string, contentType: string, etag: string | undefined): Promise<boolean> {
    if (this.objects.get(key)?.etag !== etag) return false;
    await this.put(key, body, contentType);
    return true;
  }

  /** Missing keys are fine, as in S3. */
  async delete(key: string): Promise<void> {
    if (this.objects.delete(key)) this.journal.push(`delete ${key}`);
  }

  /** Keys under the prefix, sorted. */
  async list(prefix: string): Promise<ListedObject[]> {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, o]) => ({ key, size: o.body.byteLength, etag: o.etag }));
  }

  /** Convenience for tests: the object's text, or undefined. */
  text(key: string): string | undefined {
    const found = this.objects.get(key);
    return found ? new TextDecoder().decode(found.body) : undefined;
  }
}

/** A render queue that only remembers what was asked of it. */
export class MemoryRenderSignal implements RenderSignal {
  readonly sent: string[] = [];
  readonly causes: (string | undefined)[] = [];

  /** Records the date and its cause. */
  async send(date: string, cause?: string): Promise<void> {
    this.sent.push(date);
    this.causes.push(cause);
  }
}
