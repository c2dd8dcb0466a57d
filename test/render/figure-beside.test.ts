/**
 * A photo in a story's text (a figure, a column wide) stands beside the story's other columns: they
 * should end level with it, not leave white under them inside the story's module. The sample on an
 * A4 page with a second photo (4:3) set in each Markdown story's text, a fifth of the way in, set the
 * Đà Lạt story (its own photo in its text) across four columns at page 9's foot, 11/13/7/7 rows: its
 * two last columns ended six rows above the figure beside them, over the page's foot, a hole the
 * measure counted and the search had priced as the columns' spread (Material.wholeOptions, 60) and
 * taken. A span whose columns leave one a stack foot's white short is no longer offered (layout-73).
 * Printed (Chromium, read back with pdf.js), every module holding a figure ends each column within
 * two lines of its deepest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition } from '../../lambdas/core/edition';
import type { PlacedModule } from '../../lambdas/core/layout/composition';
import { columnLeft, rowTop } from '../../lambdas/core/layout/geometry';
import type { ComposedFolder } from '../support/compose';
import { buildFolderComposed, paintedImages } from '../support/edition';
import { getDocument } from '../support/pdfjs';
import { sampleWithFiguresOnA4 } from '../support/sample-stories';

/** CSS px to PDF points. */
const PT_PER_PX = 0.75;
/** The most white a column of a module with a figure may end over, in lines, as printed. */
const MAX_WHITE_LINES = 2;

let dir: string;
let composed: ComposedFolder;
let edition: BuiltEdition;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-figure-beside-'));
  await sampleWithFiguresOnA4(dir);
  ({ composed, edition } = await buildFolderComposed(dir));
}, 240_000);

afterAll(async () => {
  await closeBrowser();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const holdsFigure = (module: PlacedModule) => module.columns.some((column) => column.some((unit) => unit.kind === 'figure'));

describe('a photo in a story\'s text', () => {
  it('is set in the edition, beside other columns of its story', () => {
    const modules = composed.composition.pages.flatMap((page) => page.modules.filter(holdsFigure));
    expect(modules.length).toBeGreaterThanOrEqual(8);
    expect(modules.filter((module) => module.span >= 3).length).toBeGreaterThanOrEqual(4);
  });

  it('leaves no column of its story\'s module ending over white, as printed', async () => {
    const { grid } = composed;
    const lead = grid.lead * PT_PER_PX;
    const doc = await getDocument({ data: edition.pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
    const ragged: string[] = [];
    let measured = 0;
    for (const page of composed.composition.pages) {
      const modules = page.modules.filter(holdsFigure);
      if (modules.length === 0) continue;
      const pdfPage = await doc.getPage(page.number);
      const pageTop = pdfPage.view[3];
      // Ink as distances from the page's top, in points: each text item's baseline, each photo's foot.
      const items = (await pdfPage.getTextContent()).items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [{ x: item.transform[4], foot: pageTop - item.transform[5] }] : []));
      const photos = (await paintedImages(pdfPage)).map((image) => ({ x: image.x + 1, foot: pageTop - image.y }));
      for (const module of modules) {
        const textTop = rowTop(grid, module.top + module.head.rows) * PT_PER_PX;
        const moduleFoot = rowTop(grid, module.top + module.rows) * PT_PER_PX;
        const inkFeet = module.columns.map((_, c) => {
          const left = columnLeft(grid, module.column + c) * PT_PER_PX;
          const right = left + grid.columnWidth * PT_PER_PX;
          const feet = [...items, ...photos].filter((ink) => ink.x >= left - 1 && ink.x < right && ink.foot > textTop && ink.foot <= moduleFoot + 1).map((ink) => ink.foot);
          return Math.max(textTop, ...feet);
        });
        const deepest = Math.max(...inkFeet);
        const white = inkFeet.map((foot) => Math.round((deepest - foot) / lead));
        measured++;
        if (Math.max(...white) > MAX_WHITE_LINES) ragged.push(`page ${page.number} ${module.slug} across ${module.span}: lines of white under its columns ${white.join('/')}`);
      }
    }
    await doc.destroy();
    expect(measured).toBeGreaterThanOrEqual(8);
    expect(ragged).toEqual([]);
  }, 120_000);
});
