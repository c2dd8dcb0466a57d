/**
 * Chromium profile folders left by processes that were killed outright (chromium-renderer.ts,
 * removeOrphanedProfiles): removed by the next process that launches Chromium, and only those.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeOrphanedProfiles } from '../../lambdas/adapters/chromium-renderer';

describe('orphaned Chromium profiles', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('removes the folders of processes that have ended, and no other', async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-profiles-'));
    // A process that has certainly ended: its pid names no process now (a reused pid only keeps a folder).
    const ended = spawnSync(process.execPath, ['-e', '0']).pid!;
    const names = [`epaper-chromium-${ended}-aB3dEf`, `epaper-chromium-${process.pid}-own`, `epaper-chromium-${process.ppid}-parent`, 'epaper-chromium-Qx9Zt1', 'other-folder'];
    for (const name of names) {
      await mkdir(join(dir, name, 'Default'), { recursive: true });
      await writeFile(join(dir, name, 'Default', 'Preferences'), '{}');
    }
    const removed = await removeOrphanedProfiles(dir);
    expect(removed).toEqual([join(dir, `epaper-chromium-${ended}-aB3dEf`)]);
    expect((await readdir(dir)).sort()).toEqual(names.slice(1).sort());
  });

  it('asks whether each named process still runs', async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-profiles-'));
    for (const name of ['epaper-chromium-101-a', 'epaper-chromium-202-b']) await mkdir(join(dir, name));
    const removed = await removeOrphanedProfiles(dir, (pid) => pid === 202);
    expect(removed).toEqual([join(dir, 'epaper-chromium-101-a')]);
  });
});
