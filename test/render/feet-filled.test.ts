/**
 * White at a page's foot taken up as a desk feathers a page (feet.ts, policy `footFillMaxRows`).
 * 16 generated articles at seed 2 (bin/quality.ts's edition, Berliner): without the step, page 2
 * ends in a story's rest across four columns three rows short of the foot, page 3 in two rests
 * stacked across the page five rows short (neither could take the rows alone: a tenth of its
 * depth), page 9 in a story's end across three columns four rows short; each a white strip over
 * the folio that the holes (eight rows) miss. With it, each is feathered (its leading opened by a
 * tenth at most) down to the foot. Checked on the print: Chromium's pixels show no white band at
 * those feet, and the PDF's baselines run down to the foot at no wider pitch than the policy allows.
 * At seed 1, page 7's brief strung across the page four rows over the foot, and page 10's notice
 * five rows over it, each under a story's rest, are moved down to the foot, the rest over each
 * feathered as deep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import { columnLeft, rowTop } from '../../lambdas/core/layout/geometry';
import { measurePage } from '../../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY } from '../../lambdas/core/layout/policy';
import type { GeneratedEdition } from '../fixtures/generate-edition';
import { qualityEditionIn } from '../support/compose';
import { buildFolderComposed, expectEachParagraphOnce, readPdf } from '../support/edition';
import { fileBrowser } from '../support/file-browser';
import { launchTestBrowser, measureRenderedEdition, renderedPage, type RenderedPage } from '../support/page-quality';
import { printedTextItems, type PrintedText } from '../support/pdfjs';

const PX_PER_PT = 96 / 72;
/** The pages whose foot the step fills in this edition (see above). */
const FILLED = [2, 3, 9];

let generated: GeneratedEdition;
let edition: BuiltEdition;
let composed: ComposedEdition;
/** The filled pages as Chromium renders them (only those are captured). */
let rendered: RenderedPage[];
let printed: PrintedText[][];
const looking = fileBrowser(launchTestBrowser);

beforeAll(async () => {
  [generated, { edition, composed }] = await qualityEditionIn(16, 2, async (dir, made) => [made, await buildFolderComposed(dir)] as const);
  // The tests read the filled pages' pixels: only those pages are captured.
  rendered = await measureRenderedEdition(await looking.get(), edition, composed.grid, { only: FILLED });
  printed = await printedTextItems(edition.pdf, PX_PER_PT);
}, 240_000);

afterAll(async () => {
  await looking.close();
  await closeBrowser();
});

describe('white at the foot of a page taken up by feathering (Berliner, 16 articles at seed 2)', () => {
  it('prints every planted paragraph once', async () => {
    const { pages } = await readPdf(edition.pdf);
    expectEachParagraphOnce(pages.map((p) => p.text).join(' '), generated.articles);
    expect(edition.manifest.warnings ?? []).toEqual([]);
  });

  it('prints no white band at the feet it fills, and no hole, in Chromium\'s pixels', () => {
    for (const number of FILLED) {
      expect(renderedPage(rendered, number).whiteFeet, `page ${number}`).toEqual([]);
      expect(renderedPage(rendered, number).holes, `page ${number}`).toEqual([]);
    }
    // The manifest no longer names them; the composition measured again agrees.
    const named = edition.manifest.quality!.whiteFeet!.pages;
    for (const number of FILLED) expect(named, `page ${number}`).not.toContain(number);
    expect(composed.composition.pages.slice(0, -1).filter((page) => measurePage(page, composed.grid).whiteFeet.length > 0).map((page) => page.number)).toEqual([...named]);
  });

  it('sets the text down to the foot, every column of the page, at a pitch opened by a tenth at most', () => {
    expectSetToTheFoot(composed, printed, FILLED);
  });
});

describe('a brief and a notice moved down to the foot under a feathered rest (Berliner, 16 articles at seed 1)', () => {
  let one: { edition: BuiltEdition; composed: ComposedEdition; rendered: RenderedPage[]; printed: PrintedText[][] };
  beforeAll(async () => {
    const { edition: built, composed: set } = await qualityEditionIn(16, 1, (dir) => buildFolderComposed(dir));
    one = { edition: built, composed: set, rendered: await measureRenderedEdition(await looking.get(), built, set.grid, { only: [7, 10] }), printed: await printedTextItems(built.pdf, PX_PER_PT) };
  }, 240_000);

  it('prints no white band at pages 7 and 10, the brief and the notice at the foot', () => {
    const { grid, composition } = one.composed;
    for (const number of [7, 10]) {
      expect(renderedPage(one.rendered, number).whiteFeet, `page ${number}`).toEqual([]);
      expect(renderedPage(one.rendered, number).holes, `page ${number}`).toEqual([]);
      expect(one.edition.manifest.quality!.whiteFeet!.pages, `page ${number}`).not.toContain(number);
    }
    // What stands at each foot: the brief (a story of a few lines, too shallow to feather) and the notice.
    const brief = composition.pages[6].modules.find((m) => m.top + m.rows >= grid.rows - DEFAULT_LAYOUT_POLICY.freeWhiteRows)!;
    expect(brief.rows - brief.head.rows).toBeLessThan(DEFAULT_LAYOUT_POLICY.featherMinRows);
    const notice = composition.pages[9].blocks.find((b) => b.kind === 'house-ad')!;
    expect(notice.top + notice.rows).toBeGreaterThanOrEqual(grid.rows - DEFAULT_LAYOUT_POLICY.freeWhiteRows);
    expectSetToTheFoot(one.composed, one.printed, [7], (m) => m.rows - m.head.rows >= DEFAULT_LAYOUT_POLICY.featherMinRows);
  });
});

/**
 * On each page of `numbers`, every column's last baseline within the margin's free row of the foot,
 * and the lines of the module over the foot at a pitch opened by `featherMaxShare` at most; with
 * `deep`, only the pitch, of the lowest module of each column that `deep` picks (a brief's last
 * columns end a line or two over its foot, as set).
 */
function expectSetToTheFoot(composed: ComposedEdition, printed: PrintedText[][], numbers: readonly number[], deep?: (m: ComposedEdition['composition']['pages'][number]['modules'][number]) => boolean): void {
  {
    const { grid } = composed;
    const foot = rowTop(grid, grid.rows);
    for (const number of numbers) {
      const page = composed.composition.pages[number - 1];
      for (let column = 0; column < grid.columns; column++) {
        const left = columnLeft(grid, column);
        const baselines = printed[number - 1]
          .filter((item) => item.x >= left - 1 && item.x < left + grid.columnWidth && item.y <= foot + 1)
          .map((item) => item.y)
          .sort((a, b) => a - b);
        // The column's last line stands within the margin's free row (and the line itself) of the foot.
        const last = baselines.at(-1) ?? 0;
        if (!deep) expect((foot - last) / grid.lead, `page ${number}, column ${column + 1}: rows over the foot`).toBeLessThan(DEFAULT_LAYOUT_POLICY.freeWhiteRows + 1);
        // The lines of the module at the foot stand at its pitch: most steps between baselines
        // (heads and crossheads aside) no wider than the body's lead opened by featherMaxShare.
        const inColumn = page.modules.filter((m) => m.column <= column && column < m.column + m.span);
        const module = deep ? inColumn.filter(deep).at(-1)! : inColumn.find((m) => m.top + m.rows >= grid.rows - DEFAULT_LAYOUT_POLICY.freeWhiteRows - 1)!;
        expect(module, `page ${number}, column ${column + 1}`).toBeDefined();
        const textTop = rowTop(grid, module.top + module.head.rows);
        const steps = baselines
          .filter((y) => y > textTop && y <= rowTop(grid, module.top + module.rows) + 1)
          .map((y, i, all) => (i === 0 ? 0 : y - all[i - 1]))
          .slice(1)
          .filter((step) => step > 1)
          .sort((a, b) => a - b);
        const median = steps[Math.floor(steps.length / 2)];
        expect(median / grid.lead, `page ${number}, column ${column + 1}: pitch`).toBeLessThanOrEqual(1 + DEFAULT_LAYOUT_POLICY.featherMaxShare + 0.01);
      }
    }
  }
}
