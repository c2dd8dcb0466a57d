/**
 * A display pull quote cannot split, and at its one place (the paragraph end nearest a third of
 * the body) a column of its story often stopped lines short of its neighbours: white inside the
 * story. It may stand after any paragraph end of its band (story.ts PULL_QUOTE_FLOAT_BAND), where
 * the columns end most level (columns.ts fillBalanced, layout-79). A four-story edition whose
 * second story carries a quote (test/support/quoted-edition.ts, seed 33): at the quote's own place
 * the story's five columns on the front page were 30/30/27/28/27, the third three rows short of the
 * second (of seeds 1 to 40, seven set a column two rows or more off the one beside it; with the
 * float, none). Printed (Chromium, read back with pdf.js): every planted paragraph once, the quote
 * once large and once in its text, and no column of the quoted story's module ending two lines or
 * more above the one beside it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import { rowsOf } from '../../lambdas/core/layout/columns';
import { columnLeft } from '../../lambdas/core/layout/geometry';
import { getDocument } from '../support/pdfjs';
import { buildFolderComposed, plantedTokens } from '../support/edition';
import { quotedEditionStories } from '../support/quoted-edition';

/** The seed of the edition's copy. */
const SEED = 33;

let dir: string;
let edition: BuiltEdition;
let composed: ComposedEdition;
const made = quotedEditionStories(SEED);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-pull-quote-'));
  await writeFile(join(dir, 'edition.yaml'), 'sections:\n  - National\npageSize: berliner\n');
  for (const story of made) await writeFile(join(dir, `${story.slug}.md`), story.text);
  ({ edition, composed } = await buildFolderComposed(dir));
}, 240_000);

afterAll(async () => {
  await closeBrowser();
  await rm(dir, { recursive: true, force: true });
});

describe('a pull quote', () => {
  it('stands where its story’s columns end level: printed once, every paragraph once, no column two lines short of the one beside it', async () => {
    const quote = made.find((story) => story.quote)!.quote!;
    const doc = await getDocument({ data: edition.pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
    const items: { page: number; text: string; x: number; y: number }[] = [];
    let scale = 1;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      scale = page.view[2] / composed.grid.pageWidth;
      for (const item of (await page.getTextContent()).items) if ('str' in item && item.str.trim() !== '') items.push({ page: n, text: item.str.trim(), x: item.transform[4], y: item.transform[5] });
    }
    await doc.destroy();
    const text = items.map((item) => item.text).join(' ');
    const printed = plantedTokens(text);
    for (const story of made) for (const token of story.tokens) expect(printed.count(token), token).toBe(1);
    // The quote's words stand once in its story's text and once large between its rules.
    const flat = text.replace(/\s+/g, ' ');
    const quoteCount = flat.split(quote.split(' ').slice(0, 6).join(' ')).length - 1;
    expect(quoteCount, quote).toBe(2);

    const pages = composed.composition.pages;
    const onPage = pages.findIndex((page) => page.modules.some((m) => m.slug === 'quoted' && m.columns.flat().some((u) => u.kind === 'quote')));
    expect(onPage).toBeGreaterThanOrEqual(0);
    const module = pages[onPage].modules.find((m) => m.slug === 'quoted')!;
    expect(module.continuedOn).toBeUndefined();
    const { grid } = composed;
    const depths = module.columns.map(rowsOf).filter((depth) => depth > 0);
    expect(depths.length).toBeGreaterThanOrEqual(3);
    // The model: no column two rows or more short of the next.
    for (let c = 0; c + 1 < depths.length; c++) expect(Math.abs(depths[c] - depths[c + 1]), depths.join('/')).toBeLessThan(2);
    // The page: each column's lowest line of text (PDF y grows upwards), within a line of the next's.
    const top = grid.top + (module.top + module.head.rows) * grid.lead;
    const foot = grid.top + (module.top + module.rows) * grid.lead;
    const feet = depths.map((_, c) => {
      const left = columnLeft(grid, module.column + c) * scale;
      const right = (columnLeft(grid, module.column + c) + grid.columnWidth) * scale;
      const pageHeight = grid.pageHeight * scale;
      const inColumn = items.filter((item) => item.page === onPage + 1 && item.x >= left - 1 && item.x < right && pageHeight - item.y > top * scale && pageHeight - item.y <= foot * scale + 2);
      expect(inColumn.length, `column ${c + 1}`).toBeGreaterThan(3);
      return Math.min(...inColumn.map((item) => item.y));
    });
    const lead = grid.lead * scale;
    for (let c = 0; c + 1 < feet.length; c++) expect(Math.abs(feet[c] - feet[c + 1]) / lead, `columns ${c + 1} and ${c + 2}: ${feet.map((y) => y.toFixed(1)).join(' / ')}`).toBeLessThan(1.5);
  });
});
