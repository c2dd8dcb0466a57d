/**
 * Issue 12, cases 4 and 5: inputs are judged by their listing line before they are read. The
 * fingerprint reads exactly the entries the build may read, and a refused entry never breaks it.
 */
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { fingerprintInputs } from '../../lambdas/core/fingerprint';
import { mayBeRead } from '../../lambdas/core/input-policy';
import { MemoryInputSource } from '../../lambdas/core/memory-source';
import type { InputEntry, InputSource } from '../../lambdas/core/ports';

const MiB = 1024 * 1024;

describe('mayBeRead', () => {
  it.each<[string, InputEntry, boolean]>([
    ['an article', { name: 'a.md', size: 2000, kind: 'file' }, true],
    ['a photo in images/', { name: 'images/a.jpg', size: 5 * MiB, kind: 'file' }, true],
    ['the edition settings', { name: 'edition.yaml', size: 100, kind: 'file' }, true],
    ['an article over 1 MiB', { name: 'a.md', size: MiB + 1, kind: 'file' }, false],
    ['a photo over 25 MiB', { name: 'a.png', size: 25 * MiB + 1, kind: 'file' }, false],
    ['a video', { name: 'video.mov', size: 10, kind: 'file' }, false],
    ['a name with a backslash', { name: 'notes\\draft.md', size: 10, kind: 'file' }, false],
    ['a name that climbs', { name: '../x.md', size: 10, kind: 'file' }, false],
    ['a link', { name: 'a.md', size: 10, kind: 'symlink' }, false],
    ['a pipe', { name: 'a.md', size: 0, kind: 'other' }, false],
    ["a Mac's companion of an article", { name: '._a.md', size: 4096, kind: 'file' }, false],
    ["a Mac's companion of a photo", { name: 'images/._a.jpg', size: 4096, kind: 'file' }, false],
    ['a photo in a zip\'s __MACOSX folder', { name: '__MACOSX/images/a.jpg', size: 10, kind: 'file' }, false],
    ['an Office lock file', { name: '~$story.md', size: 162, kind: 'file' }, false],
  ])('%s: %s', (_, entry, expected) => {
    expect(mayBeRead(entry)).toBe(expected);
  });
});

/** A source that records what was read and fails for names it would refuse. */
class WatchedSource implements InputSource {
  readonly reads: string[] = [];
  constructor(private readonly inner: InputSource, private readonly extra: InputEntry[]) {}
  async list(): Promise<InputEntry[]> {
    return [...(await this.inner.list()), ...this.extra].sort((a, b) => (a.name < b.name ? -1 : 1));
  }
  async read(name: string): Promise<Uint8Array> {
    this.reads.push(name);
    if (name.includes('\\')) throw new Error(`refused ${name}`);
    return this.inner.read(name);
  }
}

describe('fingerprintInputs', () => {
  it('reads only what the build may read, and a refused name never makes it throw', async () => {
    const source = new WatchedSource(new MemoryInputSource({ 'a.md': 'alpha', 'images/a.jpg': 'jpeg' }), [
      { name: 'notes\\draft.md', size: 10, kind: 'file' },
      { name: 'video.mov', size: 3 * 1024 * MiB, kind: 'file' },
      { name: 'huge.md', size: 600 * MiB, kind: 'file' },
    ]);
    const fingerprint = await fingerprintInputs(source, '2019-12-04');
    expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(source.reads.sort()).toEqual(['a.md', 'images/a.jpg']);
  });

  it('leaves out what the operating system writes beside the uploads, whatever it holds', async () => {
    const plain = await fingerprintInputs(new MemoryInputSource({ 'a.md': 'alpha' }), '2019-12-04');
    const withDebris = (dsStore: string) =>
      new MemoryInputSource({ 'a.md': 'alpha', '.DS_Store': dsStore, '._a.md': '\u0000\u0005\u0016\u0007', 'Thumbs.db': 'x', 'images/desktop.ini': '[.ShellClassInfo]' });
    expect(await fingerprintInputs(withDebris('Bud1 one view'), '2019-12-04')).toBe(plain);
    expect(await fingerprintInputs(withDebris('Bud1 another view'), '2019-12-04')).toBe(plain);
  });

  it('still changes when a file it does not read changes size or appears', async () => {
    const base = new MemoryInputSource({ 'a.md': 'alpha' });
    const withVideo = (size: number) => new MemoryInputSource({ 'a.md': 'alpha' }, [{ name: 'video.mov', size, kind: 'file' }]);
    const plain = await fingerprintInputs(base, undefined);
    expect(await fingerprintInputs(withVideo(10), undefined)).not.toBe(plain);
    expect(await fingerprintInputs(withVideo(11), undefined)).not.toBe(await fingerprintInputs(withVideo(10), undefined));
  });
});

describe('FsInputSource on files the build refuses', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-policy-'));
    await writeFile(join(dir, 'a.md'), '---\nheadline: A\n---\nBody.\n');
    await writeFile(join(dir, 'notes\\draft.md'), 'draft');
    const video = await open(join(dir, 'video.mov'), 'w');
    await video.truncate(3 * 1024 * MiB);
    await video.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fingerprints a folder with a backslash name and a 3 GB video without reading either', async () => {
    const fingerprint = await fingerprintInputs(new FsInputSource(dir), undefined);
    expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses to read a file larger than any input may be, even when asked', async () => {
    await expect(new FsInputSource(dir).read('video.mov')).rejects.toThrow(/more than any input may be/);
  });
});
