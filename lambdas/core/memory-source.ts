/**
 * An InputSource held in memory: the render Lambda snapshots an S3 prefix into one of these so that
 * a build sees one consistent set of inputs, and tests build editions without touching a disk.
 */
import type { InputEntry, InputSource } from './ports';

/** An input folder as a map of relative names to bytes. */
export class MemoryInputSource implements InputSource {
  private readonly files: ReadonlyMap<string, Uint8Array>;
  private readonly unread: readonly InputEntry[];
  private readonly etags: ReadonlyMap<string, string>;

  /**
   * `unread` are entries that were listed but deliberately not fetched (judged from their listing
   * line: too large, not an input type, a photo no story names): they are listed as given (size,
   * ETag, problem), and reading one fails. `etags`: the store's ETag of each file, as read.
   */
  constructor(
    files: ReadonlyMap<string, Uint8Array> | Record<string, Uint8Array | string>,
    unread: readonly InputEntry[] = [],
    etags: ReadonlyMap<string, string> = new Map(),
  ) {
    this.etags = etags;
    this.unread = unread.filter((entry) => !(files instanceof Map ? files.has(entry.name) : entry.name in files));
    const entries =
      files instanceof Map
        ? [...files.entries()]
        : Object.entries(files as Record<string, Uint8Array | string>).map(
            ([name, body]) => [name, typeof body === 'string' ? new TextEncoder().encode(body) : body] as const,
          );
    this.files = new Map(entries);
  }

  /** Every file, sorted by name. */
  async list(): Promise<InputEntry[]> {
    return [...this.files.entries()]
      .map(([name, body]): InputEntry => {
        const etag = this.etags.get(name);
        return { name, size: body.byteLength, kind: 'file', ...(etag === undefined ? {} : { etag }) };
      })
      .concat(this.unread)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The bytes of one file; unknown names are an error, as a missing file on disk would be. */
  async read(name: string): Promise<Uint8Array> {
    const body = this.files.get(name);
    if (!body) {
      const skipped = this.unread.some((entry) => entry.name === name);
      throw new Error(skipped ? `${JSON.stringify(name)} was listed but not fetched` : `no input named ${JSON.stringify(name)}`);
    }
    return body;
  }
}

/**
 * Wraps a source so that each entry is read at most once: a build reads every input to parse it
 * and again to fingerprint it, and from S3 or a network disk the second read is pure waste.
 */
export class ReadOnceSource implements InputSource {
  private listing: Promise<InputEntry[]> | undefined;
  private readonly reads = new Map<string, Promise<Uint8Array>>();

  constructor(private readonly inner: InputSource) {}

  /** The inner source's listing, taken once. */
  list(): Promise<InputEntry[]> {
    this.listing ??= this.inner.list();
    return this.listing;
  }

  /** The inner source's bytes for `name`, read once; a failed read is not remembered. */
  read(name: string): Promise<Uint8Array> {
    let bytes = this.reads.get(name);
    if (!bytes) {
      bytes = this.inner.read(name);
      bytes.catch(() => this.reads.delete(name));
      this.reads.set(name, bytes);
    }
    return bytes;
  }
}
