/**
 * A story's last rest of a few lines across a page, planned again with compact shapes from its
 * start to it (compose.ts thinRestsPulledBack, policy `thinRestsPulledBack`, layout-87). 45
 * generated articles at seed 2 (bin/quality.ts's edition) on A4: Science's a0007 ran from page 60
 * over two full pages of text and ended on page 63 in five lines a column across the four columns
 * (measure.ts thinContinuations), over a front-page story's rest: a jump for twenty lines. With its
 * start's photo beside the text its start holds less, and its last rest is deep enough to read as
 * one. Read from the print: the rest's columns under its jump head hold eight lines or more, every
 * planted paragraph prints once, and the pages it moved show no hole in Chromium's pixels.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityEdition } from '../../bin/quality';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import { columnLeft, rowTop } from '../../lambdas/core/layout/geometry';
import { THIN_CONTINUATION_ROWS, thinContinuations } from '../../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY } from '../../lambdas/core/layout/policy';
import { composeFolder } from '../support/compose';
import { type GeneratedEdition, generateEdition } from '../fixtures/generate-edition';
import { buildFolderComposed, expectEachParagraphOnce, readPdf, setPageSize } from '../support/edition';
import { fileBrowser } from '../support/file-browser';
import { launchTestBrowser, measureRenderedEdition, type RenderedPage } from '../support/page-quality';
import { printedTextItems, type PrintedText } from '../support/pdfjs';

const PX_PER_PT = 96 / 72;

let dir: string;
let generated: GeneratedEdition;
let edition: BuiltEdition;
let composed: ComposedEdition;
/** The thin rests the plan without the step printed: page and story. */
let thinWithout: { page: number; slug: string }[];
let printed: PrintedText[][];
let pageTexts: string[];
let rendered: RenderedPage[];
const looking = fileBrowser(launchTestBrowser);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-thin-rest-'));
  generated = await generateEdition(dir, qualityEdition(45, 2));
  await setPageSize(dir, 'a4');
  ({ edition, composed } = await buildFolderComposed(dir));
  const without = await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, thinRestsPulledBack: false });
  thinWithout = without.composition.pages.flatMap((page) => thinContinuations(page).map((m) => ({ page: page.number, slug: m.slug })));
  printed = await printedTextItems(edition.pdf, PX_PER_PT);
  pageTexts = (await readPdf(edition.pdf)).pages.map((page) => page.text);
  // The pages from the thin rest's story's start to its last rest, as printed now.
  const pages = composed.composition.pages.filter((page) => thinWithout.some(({ slug }) => page.modules.some((m) => m.slug === slug))).map((page) => page.number);
  rendered = await measureRenderedEdition(await looking.get(), edition, composed.grid, { only: pages.filter((n) => n < composed.composition.pages.length) });
}, 600_000);

afterAll(async () => {
  await looking.close();
  await closeBrowser();
  await rm(dir, { recursive: true, force: true });
});

describe("a story's thin last rest pulled back (A4, 45 articles at seed 2)", () => {
  it('is the case described: without the step, one rest of a few lines across the page', () => {
    expect(thinWithout).toEqual([{ page: 63, slug: 'a0007-science' }]);
  });

  it('prints every planted paragraph once, with no warning', () => {
    expectEachParagraphOnce(pageTexts.join(' '), generated.articles);
    expect(edition.manifest.warnings ?? []).toEqual([]);
  });

  it('prints its last rest eight lines deep or more under its jump line, where that line says', () => {
    const { grid } = composed;
    for (const { slug } of thinWithout) {
      const page = composed.composition.pages.findLast((p) => p.modules.some((m) => m.slug === slug))!;
      const rest = page.modules.find((m) => m.slug === slug)!;
      expect(rest.continuedFrom).toBeDefined();
      expect(pageTexts[page.number - 1]).toContain(`Continued from Page ${rest.continuedFrom}`);
      expect(pageTexts[rest.continuedFrom! - 1]).toContain(`Continued on Page ${page.number}`);
      // Lines printed in each of its columns, under its head and within its box.
      const top = rowTop(grid, rest.top + rest.head.rows);
      const bottom = rowTop(grid, rest.top + rest.rows);
      const lines = Array.from({ length: rest.span }, (_, i) => {
        const left = columnLeft(grid, rest.column + i);
        const ys = printed[page.number - 1].filter((item) => item.x >= left - 1 && item.x < left + grid.columnWidth && item.y > top && item.y <= bottom + 1).map((item) => Math.round(item.y));
        return new Set(ys).size;
      });
      expect(Math.max(...lines), `${slug} on page ${page.number}: ${lines.join('/')} lines`).toBeGreaterThanOrEqual(THIN_CONTINUATION_ROWS);
    }
    expect(composed.composition.pages.flatMap((page) => thinContinuations(page))).toEqual([]);
  });

  it("prints no hole on the pages of that story, in Chromium's pixels", () => {
    expect(rendered.length).toBeGreaterThanOrEqual(2);
    for (const page of rendered) expect(page.holes, `page ${page.number}`).toEqual([]);
  });
});
