/**
 * An InputSource held in memory: the render Lambda snapshots an S3 prefix into one of these so that
 * a build sees one consistent set of inputs, and tests build editions without touching a disk.
 */
import type { InputEntry, InputSource } from './ports';

/** An input folder as a map of relative names to bytes. */
export class MemoryInputSource implements InputSource {
  private readonly files: ReadonlyMap<string, Uint8Array>;

  constructor(files: ReadonlyMap<string, Uint8Array> | Record<string, Uint8Array | string>) {
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
      .map(([name, body]) => ({ name, size: body.byteLength, kind: 'file' as const }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The bytes of one file; unknown names are an error, as a missing file on disk would be. */
  async read(name: string): Promise<Uint8Array> {
    const body = this.files.get(name);
    if (!body) throw new Error(`no input named ${JSON.stringify(name)}`);
    return body;
  }
}
