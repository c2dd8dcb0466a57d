/**
 * A plan's rests name the page their story was cut on, as the printed "Continued from" lines do
 * (rest-pages.ts): the material's one piece per rest kept the page of the first plan tried that
 * cut the story there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { composePages, planFitted, printedPlan } from '../../lambdas/core/layout/compose';
import { Material } from '../../lambdas/core/layout/material';
import { DEFAULT_LAYOUT_POLICY } from '../../lambdas/core/layout/policy';
import type { FontBook } from '../../lambdas/core/typeset/fonts';
import { collectFolder, qualityEditionIn } from '../support/compose';
import { testFonts } from '../support/fonts';

let fonts: FontBook;
beforeAll(async () => {
  fonts = await testFonts();
});

describe('rests in the plan name their start’s page', () => {
  // A generated edition (bin/quality.ts's, 30 articles, seed 4) whose chosen plan held three rests
  // naming an earlier try's page (National's on page 8 "from page 3", its start on page 4).
  it('gives every rest of the printed plan the page its "Continued from" line prints', { timeout: 600_000 }, async () => {
    await qualityEditionIn(30, 4, async (dir) => {
      const folder = await collectFolder(dir);
      const material = new Material(folder.grid, fonts, DEFAULT_LAYOUT_POLICY);
      const { chosen } = planFitted(material.measure(folder.articles, folder.photos), folder.config, material);
      const plan = printedPlan(chosen);
      const composition = composePages(folder.articles, folder.photos, folder.config, folder.grid, fonts);
      const planned = plan.pages.flatMap((page) =>
        page.modules.filter((m) => m.option.piece.continuedFromPage !== undefined).map((m) => `${m.option.piece.story.article.slug} on ${page.number} from ${m.option.piece.continuedFromPage}`),
      );
      const printed = composition.pages.flatMap((page) => page.modules.filter((m) => m.continuedFrom !== undefined).map((m) => `${m.slug} on ${page.number} from ${m.continuedFrom}`));
      expect(printed.length).toBeGreaterThan(5);
      expect(planned.sort()).toEqual(printed.sort());
      // And each rest's start is on the page it names, in the plan itself.
      for (const page of plan.pages) {
        for (const m of page.modules) {
          const { piece } = m.option;
          if (piece.continuedFromPage === undefined) continue;
          const start = plan.pages.find((p) => p.modules.some((o) => o.option.piece.story === piece.story && o.option.cutAt === piece.from));
          expect(start?.number, piece.story.article.slug).toBe(piece.continuedFromPage);
        }
      }
    });
  });
});
