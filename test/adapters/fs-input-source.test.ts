import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';

describe('FsInputSource', () => {
  let base: string;
  let root: string;
  let source: FsInputSource;

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'epaper-fs-'));
    root = path.join(base, 'input');
    await mkdir(path.join(root, 'images', 'deep'), { recursive: true });
    await writeFile(path.join(root, 'b.md'), 'bee');
    await writeFile(path.join(root, 'a.txt'), 'ay');
    await writeFile(path.join(root, 'tin-tức.md'), 'tin');
    await writeFile(path.join(root, 'images', 'deep', 'x.jpg'), 'jpeg');
    await writeFile(path.join(base, 'secret.txt'), 'SECRET outside the root');
    await symlink('/etc/passwd', path.join(root, 'passwd.md'));
    await symlink(path.join(base, 'secret.txt'), path.join(root, 'images', 'secret.jpg'));
    await symlink(base, path.join(root, 'up'));
    execFileSync('mkfifo', [path.join(root, 'pipe.md')]);
    source = new FsInputSource(root);
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('leaves out the --out folder inside the input folder, the previous edition read back in otherwise (a review of the CLI)', async () => {
    await mkdir(path.join(root, 'out', '2019-12-04'), { recursive: true });
    await writeFile(path.join(root, 'out', '2019-12-04', 'manifest.json'), '{}');
    try {
      const names = (await new FsInputSource(root, { exclude: path.join(root, 'out') }).list()).map((e) => e.name);
      expect(names.some((name) => name.startsWith('out/'))).toBe(false);
      expect(names).toContain('b.md');
      expect((await new FsInputSource(root).list()).map((e) => e.name)).toContain('out/2019-12-04/manifest.json');
    } finally {
      await rm(path.join(root, 'out'), { recursive: true, force: true });
    }
  });

  it('lists every entry recursively, sorted, with links reported and not followed', async () => {
    expect(await source.list()).toEqual([
      { name: 'a.txt', size: 2, kind: 'file' },
      { name: 'b.md', size: 3, kind: 'file' },
      { name: 'images/deep/x.jpg', size: 4, kind: 'file' },
      { name: 'images/secret.jpg', size: expect.any(Number), kind: 'symlink' },
      { name: 'passwd.md', size: expect.any(Number), kind: 'symlink' },
      { name: 'pipe.md', size: 0, kind: 'other' },
      { name: 'tin-tức.md', size: 3, kind: 'file' },
      { name: 'up', size: expect.any(Number), kind: 'symlink' },
    ]);
  });

  it('reads regular files by relative name', async () => {
    expect(new TextDecoder().decode(await source.read('images/deep/x.jpg'))).toBe('jpeg');
    expect(new TextDecoder().decode(await source.read('tin-tức.md'))).toBe('tin');
  });

  it('refuses names that leave the root, links, linked folders and non-regular files', async () => {
    await expect(source.read('../secret.txt')).rejects.toThrow('leaves the input folder');
    await expect(source.read('images/../../secret.txt')).rejects.toThrow('leaves the input folder');
    await expect(source.read(path.join(base, 'secret.txt'))).rejects.toThrow('not a relative name');
    await expect(source.read('passwd.md')).rejects.toThrow('symbolic link');
    await expect(source.read('images/secret.jpg')).rejects.toThrow('symbolic link');
    await expect(source.read('up/secret.txt')).rejects.toThrow('outside the input folder');
    await expect(source.read('pipe.md')).rejects.toThrow('not a regular file');
    await expect(source.read('images')).rejects.toThrow();
    await expect(source.read('missing.md')).rejects.toThrow();
  });
});
