/** Staggered openings with literal inputs: a head with its photo over its headline, and a page's level heads broken by one (stagger.ts). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../lambdas/core/article';
import { gridFor, resolveLayoutConfig } from '../../lambdas/core/layout/config';
import type { ComposedPage, PlacedModule } from '../../lambdas/core/layout/composition';
import { spanWidth } from '../../lambdas/core/layout/geometry';
import { tombstonedHeads } from '../../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY } from '../../lambdas/core/layout/policy';
import { photosOverLevelHeads } from '../../lambdas/core/layout/stagger';
import { headWithPhotoAbove, setHead, setJumpHead, type HeadBlock } from '../../lambdas/core/layout/story';
import type { FontBook } from '../../lambdas/core/typeset/fonts';
import { testFonts } from '../support/fonts';

let fonts: FontBook;
beforeAll(async () => {
  fonts = await testFonts();
});

const { config } = resolveLayoutConfig({ pageSize: 'berliner', columns: 5 });
const grid = gridFor(config);

function article(slug: string, withPhoto: boolean): Article {
  return {
    slug,
    headline: `Harbour authority opens the new container depot ${slug}`,
    standfirst: 'The depot takes a third of the port’s trucks off the city’s roads, its planners say.',
    section: 'National',
    priority: 3,
    body: [{ kind: 'paragraph', runs: [{ text: 'Words of the story.' }] }],
    language: 'en',
    source: `${slug}.md`,
    format: 'markdown',
    ...(withPhoto ? { image: { ref: 'images/depot.jpg', caption: 'Trucks at the depot’s gate on its first morning.', credit: 'VNS Photo' } } : {}),
  };
}

function head(slug: string, span: number, withPhoto: boolean, topGapRows = 0): HeadBlock {
  const photo = withPhoto ? { ref: 'images/depot.jpg', widthPx: 1200, heightPx: 800 } : undefined;
  return setHead(article(slug, withPhoto), { role: 'normal', width: spanWidth(grid, span), photo, maxPhotoHeight: 20 * grid.lead, photoRows: withPhoto ? 12 : 0, withStandfirst: true, topGapRows }, grid, fonts);
}

function module(slug: string, column: number, span: number, top: number, moduleHead: HeadBlock, continuedFrom?: number): PlacedModule {
  return { slug, kind: 'article', column, span, top, rows: moduleHead.rows + 20, head: moduleHead, columns: [], ...(continuedFrom !== undefined ? { continuedFrom } : {}) };
}

function page(modules: PlacedModule[]): ComposedPage {
  return { number: 4, section: 'National', sections: ['National'], sectionStart: false, sectionEnd: false, modules, blocks: [] };
}

const partOf = (h: HeadBlock, kind: string) => h.parts.find((p) => p.kind === kind)!;

describe('a head with its photo over its headline (story.ts headWithPhotoAbove)', () => {
  it('stands the photo where the headline began and the headline under the caption, in the same rows', () => {
    for (const topGapRows of [0, 1]) {
      const set = head('a0001', 3, true, topGapRows);
      const over = headWithPhotoAbove(set, grid)!;
      expect(over).toBeDefined();
      expect(over.rows).toBe(set.rows);
      expect(over.photoAbove).toBe(true);
      expect(partOf(over, 'photo').y).toBe(partOf(set, 'headline').y);
      expect(partOf(over, 'photo').height).toBe(partOf(set, 'photo').height);
      expect(partOf(over, 'caption').y).toBeGreaterThan(partOf(over, 'photo').y + partOf(over, 'photo').height);
      expect(partOf(over, 'headline').y).toBeGreaterThan(partOf(over, 'caption').y + partOf(over, 'caption').height);
      expect(partOf(over, 'standfirst').y).toBeGreaterThan(partOf(over, 'headline').y + partOf(over, 'headline').height);
      // Nothing runs into the body, which starts at the head's rows.
      for (const p of over.parts) expect(p.y + p.height).toBeLessThanOrEqual(over.rows * grid.lead);
      // The rule over a stacked module stays at the top; the lines are the same lines.
      expect(over.parts.filter((p) => p.kind === 'rule')).toEqual(set.parts.filter((p) => p.kind === 'rule'));
      expect(partOf(over, 'headline').lines).toBe(partOf(set, 'headline').lines);
    }
  });

  it('leaves alone a head without a photo across it, and a continuation’s', () => {
    expect(headWithPhotoAbove(head('a0002', 3, false), grid)).toBeUndefined();
    const set = head('a0003', 3, true);
    const beside = { ...set, parts: set.parts.map((p) => (p.kind === 'photo' || p.kind === 'caption' ? { ...p, x: 100, width: 200 } : p)) };
    expect(headWithPhotoAbove(beside, grid)).toBeUndefined();
    const jump = setJumpHead(article('a0004', true), ['Depot'], spanWidth(grid, 2), 0, grid, fonts, { ref: 'images/depot.jpg', rows: 8 });
    expect(headWithPhotoAbove(jump, grid)).toBeUndefined();
  });
});

describe('level heads broken by a photo over a headline (stagger.ts photosOverLevelHeads)', () => {
  const rest = () => module('a0010', 0, 2, 0, setJumpHead(article('a0010', false), ['Depot'], spanWidth(grid, 2), 0, grid, fonts), 2);

  it('sets the photo over the headline of the story beside a rest’s jump head, and nothing else moves', () => {
    const before = page([rest(), module('a0011', 2, 3, 0, head('a0011', 3, true))]);
    expect(tombstonedHeads(before, grid)).toHaveLength(1);
    const after = photosOverLevelHeads(before, grid, DEFAULT_LAYOUT_POLICY);
    expect(tombstonedHeads(after, grid)).toHaveLength(0);
    expect(after.modules[1].head.photoAbove).toBe(true);
    expect(after.modules[0]).toBe(before.modules[0]);
    const boxes = (p: ComposedPage) => p.modules.map(({ column, span, top, rows }) => ({ column, span, top, rows }));
    expect(boxes(after)).toEqual(boxes(before));
  });

  it('keeps the page where the policy is off, and where no story beside has a photo', () => {
    const level = page([rest(), module('a0011', 2, 3, 0, head('a0011', 3, true))]);
    expect(photosOverLevelHeads(level, grid, { photoOverLevelHead: false })).toBe(level);
    const plain = page([rest(), module('a0012', 2, 3, 0, head('a0012', 3, false))]);
    expect(photosOverLevelHeads(plain, grid, DEFAULT_LAYOUT_POLICY)).toBe(plain);
  });

  it('keeps the page where the headline under its photo would stand level with another head instead', () => {
    const story = module('a0013', 0, 2, 0, head('a0013', 2, true));
    const lowered = partOf(headWithPhotoAbove(story.head, grid)!, 'headline').y;
    // Beside the story: one module level with its headline at the top, another opening where the
    // headline would go under the photo.
    const beside = module('a0015', 2, 3, 0, head('a0015', 3, false));
    const below = module('a0014', 2, 3, Math.floor(lowered / grid.lead), head('a0014', 3, false));
    const crowded = page([story, beside, below]);
    expect(tombstonedHeads(crowded, grid).map(({ right }) => right.slug)).toEqual(['a0015']);
    const tried = page([{ ...story, head: headWithPhotoAbove(story.head, grid)! }, beside, below]);
    expect(tombstonedHeads(tried, grid).map(({ right }) => right.slug)).toEqual(['a0014']);
    expect(photosOverLevelHeads(crowded, grid, DEFAULT_LAYOUT_POLICY)).toBe(crowded);
  });
});
