/**
 * A house notice never heads a page (measure.ts noticesAtPageTop; policy `fullWidthShortTail`).
 * 30 generated articles at seed 4 (bin/quality.ts's edition) on the broadsheet's six columns: a
 * section's last brief, 17 lines, had no six-column shape at three lines a column, so it was set
 * across five at the top of pages 4 and 8, and the column of white beside it took a notice that
 * stood over the next section's band with nothing above it. The brief, the section's one piece
 * left, now runs across the page at two lines a column. Checked on the print: every notice's text
 * has a story's text printed above it in its columns, and over the band every column prints the
 * tail's text.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityEdition } from '../../bin/quality';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import type { Composition } from '../../lambdas/core/layout/compose';
import { columnLeft, rowTop } from '../../lambdas/core/layout/geometry';
import { noticesAtPageTop } from '../../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY } from '../../lambdas/core/layout/policy';
import { generateEdition, type GeneratedEdition } from '../fixtures/generate-edition';
import { composeFolder } from '../support/compose';
import { buildFolderComposed, expectEachParagraphOnce, readPdf, setPageSize } from '../support/edition';
import { printedTextItems, type PrintedText } from '../support/pdfjs';

const PX_PER_PT = 96 / 72;

let dir: string;
let generated: GeneratedEdition;
let edition: BuiltEdition;
let composed: ComposedEdition;
/** The same folder planned by the old rule (`fullWidthShortTail` off). */
let before: Composition;
let printed: PrintedText[][];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-notice-top-'));
  generated = await generateEdition(dir, qualityEdition(30, 4));
  // The fixture names the Berliner's five columns; the broadsheet takes its own six.
  await setPageSize(dir, 'broadsheet');
  ({ edition, composed } = await buildFolderComposed(dir));
  before = (await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, fullWidthShortTail: false })).composition;
  printed = await printedTextItems(edition.pdf, PX_PER_PT);
}, 240_000);

afterAll(async () => {
  await closeBrowser();
  await rm(dir, { recursive: true, force: true });
});

/** A grid box's printed text: items whose left edge is in its columns and whose baseline is in its rows. */
function inBox(items: readonly PrintedText[], box: { column: number; span: number; top: number; rows: number }): PrintedText[] {
  const { grid } = composed;
  const left = columnLeft(grid, box.column) - 1;
  const right = columnLeft(grid, box.column + box.span) - 1;
  const top = rowTop(grid, box.top);
  const bottom = rowTop(grid, box.top + box.rows) + 1;
  return items.filter((item) => item.x >= left && item.x < right && item.y > top && item.y <= bottom);
}

/** The pages the old rule headed with a notice. */
function headedBefore(): number[] {
  return before.pages.filter((page) => noticesAtPageTop(page).length > 0).map((page) => page.number);
}

describe('house notices under the stories, never heading a page (broadsheet, 30 articles at seed 4)', () => {
  it('was planned by the old rule with a notice heading pages 4 and 8', () => {
    expect(headedBefore()).toEqual([4, 8]);
  });

  it('prints every planted paragraph once', async () => {
    const { pages } = await readPdf(edition.pdf);
    expectEachParagraphOnce(pages.map((p) => p.text).join(' '), generated.articles);
    expect(edition.manifest.warnings ?? []).toEqual([]);
  });

  it('prints a story’s text above every notice’s text, in the notice’s columns', () => {
    let notices = 0;
    for (const page of composed.composition.pages) {
      const items = printed[page.number - 1];
      for (const notice of page.blocks.filter((block) => block.kind === 'house-ad')) {
        notices++;
        const own = inBox(items, notice);
        expect(own.length, `page ${page.number}: the notice prints its text`).toBeGreaterThan(0);
        const noticeTop = Math.min(...own.map((item) => item.y));
        // Story text: printed inside a module's box, over the notice's first line, in its columns.
        const columns = { column: notice.column, span: notice.span, top: 0, rows: notice.top };
        const above = page.modules.flatMap((module) => inBox(inBox(items, module), columns)).filter((item) => item.y < noticeTop);
        expect(above.length, `page ${page.number}: story text above the notice in columns ${notice.column + 1}–${notice.column + notice.span}`).toBeGreaterThan(0);
      }
    }
    // The edition prints notices at all: the check above is not of nothing.
    expect(notices).toBeGreaterThan(0);
  });

  it('prints the tail’s text in every column over the next section’s band, where the old rule put a notice', () => {
    const { grid } = composed;
    for (const number of headedBefore()) {
      const page = composed.composition.pages[number - 1];
      const band = page.blocks.find((block) => block.kind === 'section-header' && block.top > 0);
      expect(band, `page ${number}: a section's band under the tail`).toBeDefined();
      const tail = page.modules.filter((module) => module.top < band!.top);
      expect(tail.length, `page ${number}: the tail is one piece`).toBe(1);
      for (let column = 0; column < grid.columns; column++) {
        const over = inBox(printed[number - 1], { column, span: 1, top: 0, rows: band!.top });
        expect(over.length, `page ${number}, column ${column + 1}: text over the band`).toBeGreaterThan(0);
        expect(inBox(over, tail[0]).length, `page ${number}, column ${column + 1}: all of it the tail's`).toBe(over.length);
      }
    }
  });
});
