/**
 * The planner prices a start's pull quote as the measures count it (policy quoteRowsAsDisplay):
 * display type, not text. A start cut to jump that is mostly quote was priced as deep enough and
 * as a fair share of its story (Material.isShortStart) where measure.ts shortStarts, since
 * layout-80, calls it a stub.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article, BodyBlock } from '../../lambdas/core/article';
import { packModule, type ComposedPage } from '../../lambdas/core/layout/compose';
import { gridFor, resolveLayoutConfig, type Grid } from '../../lambdas/core/layout/config';
import { Material } from '../../lambdas/core/layout/material';
import { readingRowsOf, shortStarts } from '../../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY, type LayoutPolicy } from '../../lambdas/core/layout/policy';
import type { FontBook } from '../../lambdas/core/typeset/fonts';
import { testFonts } from '../support/fonts';

let fonts: FontBook;
let grid: Grid;
beforeAll(async () => {
  fonts = await testFonts();
  grid = gridFor(resolveLayoutConfig({ sections: ['National'] }).config);
});

const vocabulary = ['news', 'report', 'council', 'river', 'market', 'budget', 'school', 'harbour', 'season', 'district'];

/** A story of paragraphs of the given word counts, its pull quote a phrase of its first paragraph. */
function quotedStory(slug: string, paragraphWords: readonly number[]): Article {
  const body: BodyBlock[] = paragraphWords.map((count, p) => ({ kind: 'paragraph', runs: [{ text: `${Array.from({ length: count }, (_, i) => vocabulary[(i * 7 + p * 3) % vocabulary.length]).join(' ')}.` }] }));
  return {
    slug,
    headline: `Council plans for the harbour ${slug}`,
    section: 'National',
    priority: 3,
    language: 'en',
    body,
    pullQuote: `${Array.from({ length: 24 }, (_, i) => vocabulary[(i * 7) % vocabulary.length]).join(' ')}`,
    source: `${slug}.md`,
    format: 'markdown',
  };
}

/** Every cut of the stories at spans 2–4 whose start holds its pull quote: the planner's verdict (isShortStart) and the measure's (shortStarts). */
function verdicts(policy: LayoutPolicy) {
  const material = new Material(grid, fonts, policy);
  const stories = material.measure(
    [3, 4, 5, 6, 7].flatMap((n) => [quotedStory(`a${n}`, Array.from({ length: n }, (_, i) => 40 + ((i * 23) % 50))), quotedStory(`b${n}`, Array.from({ length: n }, (_, i) => 70 - ((i * 17) % 40)))]),
    new Map(),
  );
  const out: { planner: boolean; measure: boolean }[] = [];
  for (const story of stories) {
    const piece = material.piece(story, 0);
    const quoteAt = story.units.findIndex((unit) => unit.kind === 'quote');
    const storyRows = new Map([[story.article.slug, readingRowsOf(story.units)]]);
    for (let span = 2; span <= 4; span++) {
      for (let rows = 10; rows <= 40; rows++) {
        const option = material.cutOption(piece, span, rows, 'body', 1);
        if (!option?.cutAt || option.cutAt <= quoteAt) continue;
        const module = { ...packModule(material, { option, column: 0, top: 0 }), continuedOn: 4 };
        const page = { number: 3, modules: [module] } as unknown as ComposedPage;
        out.push({ planner: material.isShortStart(option), measure: shortStarts(page, grid, storyRows).length > 0 });
      }
    }
  }
  return out;
}

describe('a start’s pull quote priced as display type', () => {
  it('calls a start a stub exactly where the measures do, its quote not counted as text', () => {
    const cases = verdicts(DEFAULT_LAYOUT_POLICY);
    // Cuts whose start holds the quote, some stubs among them.
    expect(cases.length).toBeGreaterThan(20);
    expect(cases.filter((c) => c.measure).length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.planner !== c.measure)).toEqual([]);
    // With the quote's rows as text, the planner passes starts the measures call stubs.
    const old = verdicts({ ...DEFAULT_LAYOUT_POLICY, quoteRowsAsDisplay: false });
    expect(old.filter((c) => c.measure && !c.planner).length).toBeGreaterThan(0);
  });
});
