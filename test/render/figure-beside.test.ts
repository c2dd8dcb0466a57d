/**
 * A photo in a story's text (a figure, a column wide) stands beside the story's other columns: they
 * should end level with it, not leave white inside the story's module. The sample with a second
 * photo set in each Markdown story's text, a fifth of the way in (sample-stories.ts
 * sampleWithFigures), showed two such holes:
 * - on A4 with a 4:3 photo, the Đà Lạt story (its own photo in its text) across four columns at
 *   page 9's foot, 11/13/7/7 rows: its two last columns ended six rows above the figure beside them,
 *   over the page's foot, a hole the measure counted and the search had priced as the columns'
 *   spread (Material.wholeOptions, 60) and taken. A span whose columns leave one a stack foot's
 *   white short is no longer offered (layout-74).
 * - on a broadsheet page with a 3:2 photo, the front page's lead cut to jump, 13/13/12/13/2 over its
 *   jump line: the photo, too deep for the last column's foot, cannot float past the jump, and the
 *   column held two lines. A cut whose column ends so is no longer offered (Material.cutFill).
 * Printed (Chromium, read back with pdf.js), no column of a module holding a figure has a white run
 * taller than two lines inside the module: from the top of its text, between its lines and photos,
 * down to the deepest ink of the module (a jump line included).
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
import { sampleWithFigures } from '../support/sample-stories';

/** CSS px to PDF points. */
const PT_PER_PX = 0.75;
/** The tallest white run a column of a module with a figure may have inside the module, in lines, as printed. */
const MAX_WHITE_LINES = 2;

const EDITIONS = [
  { name: 'A4, a 4:3 photo', pageSize: 'a4', photo: { widthPx: 1200, heightPx: 900 }, showedHole: 'da-lat-tet-flowers' },
  { name: 'broadsheet, a 3:2 photo', pageSize: 'broadsheet', photo: { widthPx: 1200, heightPx: 800 }, showedHole: 'ha-noi-flood-sensors' },
] as const;

let dir: string;
const built = new Map<string, { composed: ComposedFolder; edition: BuiltEdition }>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-figure-beside-'));
  for (const { name, pageSize, photo } of EDITIONS) {
    const into = join(dir, pageSize);
    await sampleWithFigures(into, pageSize, photo);
    built.set(name, await buildFolderComposed(into));
  }
}, 360_000);

afterAll(async () => {
  await closeBrowser();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const holdsFigure = (module: PlacedModule) => module.columns.some((column) => column.some((unit) => unit.kind === 'figure'));

/** Ink as a span of distances from the page's top, in points. */
interface Ink {
  readonly x: number;
  readonly top: number;
  readonly foot: number;
}

/** Each module holding a figure on the printed pages, with its columns' tallest white runs in lines. */
async function whiteRuns({ composed, edition }: { composed: ComposedFolder; edition: BuiltEdition }): Promise<{ page: number; module: PlacedModule; runs: number[] }[]> {
  const { grid } = composed;
  const lead = grid.lead * PT_PER_PX;
  const doc = await getDocument({ data: edition.pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  const out: { page: number; module: PlacedModule; runs: number[] }[] = [];
  for (const page of composed.composition.pages) {
    const modules = page.modules.filter(holdsFigure);
    if (modules.length === 0) continue;
    const pdfPage = await doc.getPage(page.number);
    const pageTop = pdfPage.view[3];
    // A text item as the line it stands on (its baseline a line's foot), a photo as its box.
    const text = (await pdfPage.getTextContent()).items.flatMap((item): Ink[] => ('str' in item && item.str.trim() !== '' ? [{ x: item.transform[4], top: pageTop - item.transform[5] - lead, foot: pageTop - item.transform[5] }] : []));
    const photos = (await paintedImages(pdfPage)).map((image): Ink => ({ x: image.x + 1, top: pageTop - image.y - image.height, foot: pageTop - image.y }));
    for (const module of modules) {
      const textTop = rowTop(grid, module.top + module.head.rows) * PT_PER_PX;
      const moduleFoot = rowTop(grid, module.top + module.rows) * PT_PER_PX;
      const columns = module.columns.map((_, c) => {
        const left = columnLeft(grid, module.column + c) * PT_PER_PX;
        const right = left + grid.columnWidth * PT_PER_PX;
        return [...text, ...photos].filter((ink) => ink.x >= left - 1 && ink.x < right && ink.foot > textTop + 1 && ink.foot <= moduleFoot + 1).sort((a, b) => a.top - b.top);
      });
      const deepest = Math.max(textTop, ...columns.flat().map((ink) => ink.foot));
      const runs = columns.map((inks) => {
        let reached = textTop;
        let tallest = 0;
        for (const ink of [...inks, { x: 0, top: deepest, foot: deepest }]) {
          tallest = Math.max(tallest, ink.top - reached);
          reached = Math.max(reached, ink.foot);
        }
        return Math.round(tallest / lead);
      });
      out.push({ page: page.number, module, runs });
    }
  }
  await doc.destroy();
  return out;
}

describe.each(EDITIONS)('a photo in a story\'s text, the sample on $name', ({ name, showedHole }) => {
  it('is set in the edition, beside other columns of its story', () => {
    const { composed } = built.get(name)!;
    const modules = composed.composition.pages.flatMap((page) => page.modules.filter(holdsFigure));
    expect(modules.length).toBeGreaterThanOrEqual(8);
    expect(modules.filter((module) => module.span >= 3).length).toBeGreaterThanOrEqual(3);
    // The story that showed the hole prints with its photo in its text.
    expect(modules.map((module) => module.slug)).toContain(showedHole);
  });

  it('leaves no white run inside its story\'s module beside it, as printed', async () => {
    const measured = await whiteRuns(built.get(name)!);
    expect(measured.length).toBeGreaterThanOrEqual(8);
    const holes = measured.filter(({ runs }) => Math.max(...runs) > MAX_WHITE_LINES).map(({ page, module, runs }) => `page ${page} ${module.slug} across ${module.span}: white runs of ${runs.join('/')} lines`);
    expect(holes).toEqual([]);
  }, 120_000);
});
