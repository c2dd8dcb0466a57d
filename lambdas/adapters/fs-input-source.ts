/**
 * An input folder on disk as an InputSource (`epaper build <dir>`). Links are reported, never
 * followed, and nothing outside the folder can be read, however a name is spelled.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { MAX_INPUT_READ_BYTES } from '../core/input-policy';
import { formatBytes } from '../core/limits';
import type { InputEntry, InputSource } from '../core/ports';

const byName = (a: InputEntry, b: InputEntry): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Reads one edition's inputs from a folder. */
export class FsInputSource implements InputSource {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Every entry under the root, recursively, by lstat: a link is an entry of kind 'symlink'. */
  async list(): Promise<InputEntry[]> {
    const entries: InputEntry[] = [];
    const walk = async (dir: string, prefix: string): Promise<void> => {
      for (const name of await readdir(dir)) {
        const full = path.join(dir, name);
        const relative = prefix === '' ? name : `${prefix}/${name}`;
        const stat = await lstat(full);
        if (stat.isDirectory()) await walk(full, relative);
        else if (stat.isSymbolicLink()) entries.push({ name: relative, size: stat.size, kind: 'symlink' });
        else entries.push({ name: relative, size: stat.size, kind: stat.isFile() ? 'file' : 'other' });
      }
    };
    await walk(this.root, '');
    return entries.sort(byName);
  }

  /**
   * The bytes of one regular file inside the root. The real path of its folder must lie inside the
   * root's real path (no linked folders), and the file itself is opened with O_NOFOLLOW and checked
   * on the open handle, so a link swapped in after listing is still refused.
   */
  async read(name: string): Promise<Uint8Array> {
    if (name === '' || name.includes('\0') || name.includes('\\') || path.posix.isAbsolute(name)) {
      throw new Error(`refused ${JSON.stringify(name)}: not a relative name inside the input folder`);
    }
    const segments = name.split('/');
    if (segments.some((s) => s === '..' || s === '.' || s === '')) {
      throw new Error(`refused ${JSON.stringify(name)}: the name leaves the input folder`);
    }
    const full = path.join(this.root, ...segments);
    const realRoot = await realpath(this.root);
    const realDir = await realpath(path.dirname(full));
    if (realDir !== realRoot && !realDir.startsWith(realRoot + path.sep)) {
      throw new Error(`refused ${JSON.stringify(name)}: it resolves outside the input folder`);
    }
    let handle;
    try {
      handle = await open(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
        throw new Error(`refused ${JSON.stringify(name)}: it is a symbolic link`);
      }
      throw error;
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error(`refused ${JSON.stringify(name)}: not a regular file`);
      // The last line of defence: the build judges sizes from the listing, but a file may have grown
      // since, and no input is ever worth more memory than the largest one allowed.
      if (stat.size > MAX_INPUT_READ_BYTES) {
        throw new Error(`refused ${JSON.stringify(name)}: it is ${formatBytes(stat.size)}, more than any input may be`);
      }
      return new Uint8Array(await handle.readFile());
    } finally {
      await handle.close();
    }
  }
}
