/**
 * A story's rest alone on a page, feathered to the foot with a column a row short (feet.ts, policy
 * `footFillRowShortColumns`). 16 generated articles at seed 4 (bin/quality.ts's edition) on A4:
 * page 14 ended in Sport's rest across the four columns, four rows over the foot. Two of its columns
 * hold a line fewer than the others, and a tenth of their lines is one blank row fewer than the
 * depth asks: feathered as a whole, the story could not go deeper, and the white strip stayed over
 * the folio. Now those two columns end a row short of the others (a finished story's columns end
 * within a line of each other, as its last column does) and the rest reaches the foot. Checked on
 * the print: Chromium's pixels show no white band at the page's foot, and the PDF's baselines run
 * down to the foot, within a row of each other, at no wider pitch than the policy allows. Since
 * layout-85 (a section's one short tail across the page, policy fullWidthShortTail) that edition
 * is planned with a jump fewer and Sport's rest on page 4; the same step takes the white foot from
 * the tabloid's 30 articles at seed 3, page 5: News's rest from the front alone across the five
 * columns, 95 lines a column and five rows over the foot without it (with it 98/98/98/98/97 lines,
 * the last column a line short).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityEdition } from '../../bin/quality';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import { columnLeft, rowTop } from '../../lambdas/core/layout/geometry';
import { MEASURE_POLICY } from '../../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY } from '../../lambdas/core/layout/policy';
import { type GeneratedEdition, generateEdition } from '../fixtures/generate-edition';
import { buildFolderComposed, expectEachParagraphOnce, readPdf, setPageSize } from '../support/edition';
import { fileBrowser } from '../support/file-browser';
import { launchTestBrowser, measureRenderedEdition, type RenderedPage } from '../support/page-quality';
import { printedTextItems, type PrintedText } from '../support/pdfjs';

const PX_PER_PT = 96 / 72;
/** The page whose foot the rest now reaches (see above). */
const PAGE = 5;
const SLUG = 'a0008-news';

let dir: string;
let generated: GeneratedEdition;
let edition: BuiltEdition;
let composed: ComposedEdition;
/** The page's own pixels, as Chromium renders it. */
let rendered: RenderedPage;
let printed: PrintedText[][];
const looking = fileBrowser(launchTestBrowser);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-feet-row-short-'));
  generated = await generateEdition(dir, qualityEdition(30, 3));
  await setPageSize(dir, 'tabloid');
  ({ edition, composed } = await buildFolderComposed(dir));
  // The tests read one page's pixels: only that page is captured.
  [rendered] = await measureRenderedEdition(await looking.get(), edition, composed.grid, { only: [PAGE] });
  printed = await printedTextItems(edition.pdf, PX_PER_PT);
}, 240_000);

afterAll(async () => {
  await looking.close();
  await closeBrowser();
  await rm(dir, { recursive: true, force: true });
});

describe('a rest feathered to the foot with a column a row short (tabloid, 30 articles at seed 3)', () => {
  it('prints every planted paragraph once', async () => {
    const { pages } = await readPdf(edition.pdf);
    expectEachParagraphOnce(pages.map((p) => p.text).join(' '), generated.articles);
    expect(edition.manifest.warnings ?? []).toEqual([]);
  });

  it("prints no white band and no hole at the page's foot, in Chromium's pixels and in the manifest", () => {
    const page = composed.composition.pages[PAGE - 1];
    // The page is the one described: Sport's rest, continued from the front, the last thing over the foot.
    const rest = page.modules.find((m) => m.slug === SLUG)!;
    expect(rest.continuedFrom).toBe(1);
    expect(rest.span).toBe(composed.grid.columns);
    expect(rendered.whiteFeet).toEqual([]);
    expect(rendered.holes).toEqual([]);
    expect(edition.manifest.quality!.whiteFeet!.pages).not.toContain(PAGE);
  });

  it('sets every column down to the foot, within a row of each other, at a pitch opened by a tenth at most', () => {
    const { grid } = composed;
    const foot = rowTop(grid, grid.rows);
    const rest = composed.composition.pages[PAGE - 1].modules.find((m) => m.slug === SLUG)!;
    const textTop = rowTop(grid, rest.top + rest.head.rows);
    // Rows from each column's last baseline down to the foot (its line's own descent, a third of a row, included).
    const over: number[] = [];
    for (let column = 0; column < grid.columns; column++) {
      const left = columnLeft(grid, column);
      const baselines = printed[PAGE - 1]
        .filter((item) => item.x >= left - 1 && item.x < left + grid.columnWidth && item.y > textTop && item.y <= foot + 1)
        .map((item) => item.y)
        .sort((a, b) => a - b);
      over.push((foot - (baselines.at(-1) ?? 0)) / grid.lead);
      // Under the measure's white foot under its last line (it was four rows and more).
      expect(over[column], `column ${column + 1}: rows over the foot`).toBeLessThan(MEASURE_POLICY.footWhiteMinRows + 1);
      // Most steps between its lines (crossheads aside) no wider than the lead opened by featherMaxShare.
      const steps = baselines
        .map((y, i, all) => (i === 0 ? 0 : y - all[i - 1]))
        .slice(1)
        .filter((step) => step > 1)
        .sort((a, b) => a - b);
      expect(steps[Math.floor(steps.length / 2)] / grid.lead, `column ${column + 1}: pitch`).toBeLessThanOrEqual(1 + DEFAULT_LAYOUT_POLICY.featherMaxShare + 0.01);
    }
    // A white foot runs across two columns: of two neighbours, one reaches within the measure's depth of the foot.
    for (let column = 1; column < grid.columns; column++) expect(Math.min(over[column - 1], over[column]), `columns ${column} and ${column + 1}`).toBeLessThan(MEASURE_POLICY.footWhiteMinRows);
    // The columns of the finished story end within a line of each other.
    expect(Math.max(...over) - Math.min(...over)).toBeLessThan(1.5);
  });
});
