/**
 * Heads side by side at the same height ("tombstones", measure.ts tombstonedHeads), held to the
 * print. The measure reads the model: each head's headline part at its module's row. Here the
 * printed PDF says where each head's first line stands (its baseline, found by its text in the
 * module's first column within its head's rows), and the head's printed band runs from that line's
 * top down the headline's depth; two neighbouring modules whose printed bands overlap are the
 * pairs the measure counts, and no others. 16 generated articles at seed 4 (bin/quality.ts's
 * edition) on a tabloid page, where the sweep counted five such pairs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityEdition } from '../../bin/quality';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import type { PlacedModule } from '../../lambdas/core/layout/composition';
import { columnLeft, rowTop } from '../../lambdas/core/layout/geometry';
import { tombstonedHeads } from '../../lambdas/core/layout/measure';
import { lineText } from '../../lambdas/core/typeset/paragraph';
import { generateEdition, type GeneratedEdition } from '../fixtures/generate-edition';
import { buildFolderComposed, expectEachParagraphOnce, readPdf, setPageSize } from '../support/edition';
import { printedTextItems, type PrintedText } from '../support/pdfjs';

const PX_PER_PT = 96 / 72;

let dir: string;
let generated: GeneratedEdition;
let edition: BuiltEdition;
let composed: ComposedEdition;
let printed: PrintedText[][];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-tombstones-'));
  generated = await generateEdition(dir, qualityEdition(16, 4));
  // The fixture names the Berliner's five columns; the tabloid takes its own.
  await setPageSize(dir, 'tabloid');
  ({ edition, composed } = await buildFolderComposed(dir));
  printed = await printedTextItems(edition.pdf, PX_PER_PT);
}, 240_000);

afterAll(async () => {
  await closeBrowser();
  await rm(dir, { recursive: true, force: true });
});

/** A module's headline (or jump head) as the model sets it, or undefined for a module without one. */
function headlineOf(module: PlacedModule) {
  return module.head.parts.find((part) => part.kind === 'headline' || part.kind === 'jump-head');
}

/**
 * A head's band as printed: from the top of its first printed line (the text item of its first
 * line in the module's first column within its head's rows, its baseline less the line's size) down the
 * headline's depth. Undefined where nothing is printed there.
 */
function printedHeadBand(items: readonly PrintedText[], module: PlacedModule): { top: number; bottom: number } | undefined {
  const { grid } = composed;
  const part = headlineOf(module);
  if (!part) return undefined;
  const left = columnLeft(grid, module.column) - 1;
  const right = columnLeft(grid, module.column + 1) - 1;
  const headTop = rowTop(grid, module.top);
  const headBottom = rowTop(grid, module.top + module.head.rows);
  // The head's first line by its text: over a story whose photo stands above its headline
  // (stagger.ts), the highest text within the head's rows is the photo's caption.
  const firstLine = lineText(part.lines[0].words).trim();
  const baselines = items.filter((item) => item.x >= left && item.x < right && item.y > headTop && item.y <= headBottom && item.text.trim() === firstLine).map((item) => item.y);
  if (baselines.length === 0) return undefined;
  const top = Math.min(...baselines) - part.sizePx;
  return { top, bottom: top + part.height };
}

/** Pairs of neighbouring modules, left to right, by slug. */
function neighbours(modules: readonly PlacedModule[]): [PlacedModule, PlacedModule][] {
  return modules.flatMap((left) => modules.filter((right) => left.column + left.span === right.column).map((right): [PlacedModule, PlacedModule] => [left, right]));
}

describe('heads side by side at the same height (tabloid, 16 articles at seed 4)', () => {
  it('prints every planted paragraph once', async () => {
    const { pages } = await readPdf(edition.pdf);
    expectEachParagraphOnce(pages.map((p) => p.text).join(' '), generated.articles);
  });

  it('counts the pairs of neighbouring heads whose printed bands overlap, and no others', () => {
    const counted: string[] = [];
    const seen: string[] = [];
    let apart = 0;
    for (const page of composed.composition.pages) {
      for (const { left, right } of tombstonedHeads(page, composed.grid)) counted.push(`${page.number}: ${left.slug} | ${right.slug}`);
      for (const [left, right] of neighbours(page.modules)) {
        const a = printedHeadBand(printed[page.number - 1], left);
        const b = printedHeadBand(printed[page.number - 1], right);
        if (!a || !b) continue;
        if (a.top < b.bottom && b.top < a.bottom) seen.push(`${page.number}: ${left.slug} | ${right.slug}`);
        else apart++;
      }
    }
    // Both kinds on the print (the sweep counted five pairs here in the eighty-second round), so
    // the equality below says something either way.
    expect(counted.length).toBeGreaterThan(0);
    expect(apart).toBeGreaterThan(0);
    expect(seen).toEqual(counted);
  });
});
