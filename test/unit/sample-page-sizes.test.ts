/**
 * The sample edition planned on every page size the paper offers: the lead opens page 1, no story
 * jumps twice, and no page but the edition's last has a hole (the model's measure, which
 * test/render/page-quality.test.ts checks against Chromium's pixels on the Berliner sample).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_SIZES } from '../../lambdas/core/layout/config';
import { measureEdition } from '../../lambdas/core/layout/measure';
import { composeFolder } from '../support/compose';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'epaper-sizes-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the sample edition on every page size', () => {
  it.each(Object.keys(PAGE_SIZES))('%s: lead on page 1, no story continued twice, no hole but on the last page', async (pageSize) => {
    const dir = join(root, pageSize);
    await cp('samples', dir, { recursive: true });
    const yaml = (await readFile(join(dir, 'edition.yaml'), 'utf8')).replace(/^pageSize:.*$/m, '');
    await writeFile(join(dir, 'edition.yaml'), `${yaml}\npageSize: ${pageSize}\n`);
    const { composition, grid, articles } = await composeFolder(dir, '2019-12-04');
    expect(composition.problems).toEqual([]);
    const lead = [...articles].sort((a, b) => a.priority - b.priority)[0];
    expect(composition.pages[0].modules[0].slug).toBe(lead.slug);
    const priorities = new Map(articles.map((a) => [a.slug, a.priority]));
    const { pages, quality } = measureEdition(composition, grid, (slug) => priorities.get(slug));
    expect(quality.jumps.maxPerStory).toBeLessThanOrEqual(1);
    expect(pages.slice(0, -1).flatMap((p, i) => (p.holes.length > 0 ? [i + 1] : []))).toEqual([]);
    expect(quality.adShare).toBeLessThanOrEqual(0.03);
  }, 60_000);
});
