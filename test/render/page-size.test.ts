/**
 * Issue 12, item 6: `pageSize: {widthMm: 60, heightMm: 60}` passed validation and crashed the build
 * ("Bookmark "News" points at page index 1"). Through the real CLI, the size is now refused with a
 * sentence saying what is allowed, and the edition builds at the default size.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../lambdas/core/manifest';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('a page smaller than the composer can lay out', () => {
  it('is refused with the limits, and the edition builds at the default size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'epaper-pagesize-'));
    const out = await mkdtemp(join(tmpdir(), 'epaper-pagesize-out-'));
    dirs.push(dir, out);
    for (const name of ['ha-noi-flood-sensors.md', 'da-lat-tet-flowers.md', 'opinion-shade-trees.md']) await cp(join('samples', name), join(dir, name));
    await writeFile(join(dir, 'edition.yaml'), 'pageSize: {widthMm: 60, heightMm: 60}\n');
    const child = spawnSync(process.execPath, ['bin/epaper.js', 'build', dir, '--out', out, '--date', '2019-12-04'], { encoding: 'utf8', timeout: 180_000 });
    expect(child.status, child.stderr).toBe(0);
    const manifest: Manifest = JSON.parse(await readFile(join(out, '2019-12-04', 'manifest.json'), 'utf8'));
    expect(manifest.warnings).toContainEqual({ file: 'edition.yaml', message: expect.stringMatching(/`pageSize` should be .*at least 120 × 160 mm/) });
    expect(manifest.articles.every((a) => a.pages.length > 0)).toBe(true);
    const pdf = await readFile(join(out, '2019-12-04', 'edition.pdf'), 'latin1');
    // Berliner, 315 × 470 mm, as Chromium rounds it: 893.04 × 1332 pt.
    expect(pdf).toMatch(/\/MediaBox \[0 0 893\.0\d* 1332\]/);
  }, 200_000);
});
