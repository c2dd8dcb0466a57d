/**
 * A cut story ends level over its jump line (layout-77, policy jumpMendMaxSpreadRows): the mend
 * that ends a cut's last column higher so that no word is hyphenated across the jump
 * (mend.ts mendJumpEnds) took, asked for a row, two or three where a paragraph's last lines went
 * together, and "Continued on Page N" sat under a ragged edge. 16 generated articles at seed 1
 * (bin/quality.ts's edition, Berliner): the manifest's pages, read back from the PDF with pdf.js,
 * show every cut story's columns ending within a row of each other, the last column's end counted
 * at its jump line; every planted paragraph printed once.
 */
import { printedTextItems, type PrintedText } from '../support/pdfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import { columnLeft, rowTop } from '../../lambdas/core/layout/geometry';
import { raggedCuts } from '../../lambdas/core/layout/measure';
import type { GeneratedEdition } from '../fixtures/generate-edition';
import { qualityEditionIn } from '../support/compose';
import { buildFolderComposed, expectEachParagraphOnce, readPdf } from '../support/edition';

let generated: GeneratedEdition;
let edition: BuiltEdition;
let composed: ComposedEdition;
let printed: PrintedText[][];

/** PDF points to CSS px. */
const PX_PER_PT = 96 / 72;

beforeAll(async () => {
  [generated, { edition, composed }] = await qualityEditionIn(16, 1, async (dir, made) => [made, await buildFolderComposed(dir)] as const);
  printed = await printedTextItems(edition.pdf, PX_PER_PT);
}, 240_000);

afterAll(closeBrowser);

describe('a cut story over its jump line (Berliner, 16 articles at seed 1)', () => {
  it('prints every planted paragraph once', async () => {
    const { pages } = await readPdf(edition.pdf);
    expectEachParagraphOnce(pages.map((p) => p.text).join(' '), generated.articles);
  });

  it('ends every cut story level as printed: its columns\' last baselines, the jump line\'s for the last, within a row', () => {
    const { grid, composition } = composed;
    const spreads: string[] = [];
    let cuts = 0;
    for (const page of composition.pages) {
      for (const module of page.modules) {
        if (module.continuedOn === undefined || module.span < 2) continue;
        cuts++;
        const top = rowTop(grid, module.top + module.head.rows);
        const bottom = rowTop(grid, module.top + module.rows);
        const inColumn = (c: number) => (item: PrintedText) => item.x >= columnLeft(grid, module.column + c) - 1 && item.x < columnLeft(grid, module.column + c) + grid.columnWidth && item.y > top && item.y <= bottom + 1;
        const ends = module.columns.map((_, c) => Math.max(0, ...printed[page.number - 1].filter(inColumn(c)).map((item) => item.y)));
        const jumpLine = printed[page.number - 1].filter(inColumn(module.columns.length - 1)).find((item) => item.text.includes(`Continued on Page ${module.continuedOn}`));
        expect(jumpLine, `${module.slug} on page ${page.number}`).toBeDefined();
        // The last column's end is the jump line's baseline; a level cut sets it a row under the others' last lines.
        const lastText = Math.max(0, ...printed[page.number - 1].filter(inColumn(module.columns.length - 1)).filter((item) => item !== jumpLine).map((item) => item.y));
        const textEnds = [...ends.slice(0, -1), lastText + grid.lead].filter((end) => end > top + grid.lead);
        const spread = (Math.max(...textEnds) - Math.min(...textEnds)) / grid.lead;
        if (spread >= 1.5) spreads.push(`${module.slug} on page ${page.number}: ${spread.toFixed(1)} rows`);
      }
    }
    expect(cuts).toBeGreaterThanOrEqual(5);
    expect(spreads).toEqual([]);
    // The model says so too.
    expect(composition.pages.flatMap((page) => raggedCuts(page).map((m) => `${m.slug} on page ${page.number}`))).toEqual([]);
  });
});
