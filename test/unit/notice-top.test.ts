/**
 * A house notice heading a page (measure.ts noticesAtPageTop), and the policy switch that takes it
 * away (`fullWidthShortTail`, on by default since layout-85). 30 generated articles at seed 4
 * (bin/quality.ts's edition) on the broadsheet's six columns: a section's last brief, 17 lines,
 * had no six-column shape at three lines a column, so it was set across five at the top of pages
 * 4 and 8, and the column of white beside it took a notice that stood over the next section's band
 * with nothing above it. With the switch the brief, the section's one piece left, runs across the
 * page at two lines a column. The composed pages, both ways; the printed check is
 * test/render/notice-top.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { noticesAtPageTop } from '../../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY } from '../../lambdas/core/layout/policy';
import { composeFolder, qualityEditionIn, textOf, type ComposedFolder } from '../support/compose';
import { setPageSize } from '../support/edition';

let before: ComposedFolder;
let across: ComposedFolder;

beforeAll(async () => {
  [before, across] = await qualityEditionIn(30, 4, async (dir) => {
    // The fixture names the Berliner's five columns; the broadsheet takes its own six.
    await setPageSize(dir, 'broadsheet');
    return [await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, fullWidthShortTail: false }), await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, fullWidthShortTail: true })] as const;
  });
}, 240_000);

const headed = (composed: ComposedFolder) => composed.composition.pages.filter((page) => noticesAtPageTop(page).length > 0).map((page) => page.number);

/** Each story's words, page after page. */
function words(composed: ComposedFolder): Map<string, string> {
  const units = new Map<string, Parameters<typeof textOf>[0][number][]>();
  for (const page of composed.composition.pages) for (const m of page.modules) units.set(m.slug, [...(units.get(m.slug) ?? []), ...m.columns.flat()]);
  return new Map([...units].map(([slug, printed]) => [slug, textOf(printed)]));
}

describe('a section’s one short tail at a page’s top (broadsheet, 30 articles at seed 4)', () => {
  it('took a notice beside it that headed pages 4 and 8 by the old rule', () => {
    expect(headed(before)).toEqual([4, 8]);
  });

  it('runs across every column with fullWidthShortTail, over the next section’s band, and no notice heads a page', () => {
    expect(headed(across)).toEqual([]);
    for (const number of [4, 8]) {
      const page = across.composition.pages[number - 1];
      const band = page.blocks.find((block) => block.kind === 'section-header' && block.top > 0)!;
      expect(band, `page ${number}: a section's band under the tail`).toBeDefined();
      const tail = page.modules.filter((module) => module.top < band.top);
      expect(tail, `page ${number}: one piece over the band`).toHaveLength(1);
      expect(tail[0].span).toBe(across.grid.columns);
      expect(tail[0].columns.map((column) => column.length > 0)).toEqual(Array.from({ length: across.grid.columns }, () => true));
      expect(page.blocks.filter((block) => block.kind === 'house-ad' && block.top < band.top)).toEqual([]);
    }
  });

  it('moves the stories of only those two pages, and sets every story’s words as before', () => {
    // (A notice not spent at a page's top may stand elsewhere: the blocks are not compared.)
    const moved = across.composition.pages.filter((page, i) => JSON.stringify(page.modules) !== JSON.stringify(before.composition.pages[i].modules)).map((page) => page.number);
    expect(moved).toEqual([4, 8]);
    expect(across.composition.pages).toHaveLength(before.composition.pages.length);
    expect(across.composition.problems).toEqual([]);
    expect(words(across)).toEqual(words(before));
  });
});
