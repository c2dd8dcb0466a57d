/**
 * A rest over a white foot given its story's standfirst as a deck (feet.ts restsDeckedToFeet,
 * policy `footFillRestDeckLines`). 16 generated articles at seed 4 (bin/quality.ts's edition) on
 * A4: page 11 carries World's rest from page 9 across the four columns and a brief under it, six
 * rows over the foot. The rest was already feathered by two rows; the blank rows the foot asked
 * for were more than a tenth of its lines, so the feet step could not move the brief down. Now the
 * rest's head takes the story's standfirst under its jump head (three rows), the brief moves down
 * with it, and the feet step feathers the rest by the two rows left: the brief stands on the foot.
 * Checked on the print: Chromium's pixels show no white band and no hole at the page's foot, the
 * PDF's baselines in the brief's columns reach the foot, the deck prints between the jump head and
 * the "Continued from Page 9" line, and every planted paragraph prints once.
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
import { lineText } from '../../lambdas/core/typeset/paragraph';
import { type GeneratedEdition, generateEdition } from '../fixtures/generate-edition';
import { buildFolderComposed, expectEachParagraphOnce, readPdf, setPageSize } from '../support/edition';
import { fileBrowser } from '../support/file-browser';
import { launchTestBrowser, measureRenderedEdition, type RenderedPage } from '../support/page-quality';
import { printedTextItems, type PrintedText } from '../support/pdfjs';

const PX_PER_PT = 96 / 72;
/** The page whose foot the brief now stands on (see above). */
const PAGE = 11;
const REST = 'a0002-world';
const BRIEF = 'a0015-brief';

let dir: string;
let generated: GeneratedEdition;
let edition: BuiltEdition;
let composed: ComposedEdition;
let rendered: RenderedPage[];
let printed: PrintedText[][];
const looking = fileBrowser(launchTestBrowser);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-feet-rest-deck-'));
  generated = await generateEdition(dir, qualityEdition(16, 4));
  await setPageSize(dir, 'a4');
  ({ edition, composed } = await buildFolderComposed(dir));
  rendered = await measureRenderedEdition(await looking.get(), edition, composed.grid);
  printed = await printedTextItems(edition.pdf, PX_PER_PT);
}, 240_000);

afterAll(async () => {
  await looking.close();
  await closeBrowser();
  await rm(dir, { recursive: true, force: true });
});

/** The story's standfirst as its start prints it (the model's words; the PDF is read for them). */
function standfirstWords(slug: string): string[] {
  const start = composed.composition.pages.flatMap((page) => page.modules).find((m) => m.slug === slug && m.continuedFrom === undefined)!;
  const part = start.head.parts.find((p) => p.kind === 'standfirst')!;
  return part.lines.flatMap((line) => lineText(line.words).split(/\s+/)).filter((word) => word.length > 0);
}

describe("a rest over a white foot given a deck, the brief under it moved to the foot (A4, 16 articles at seed 4)", () => {
  it('prints every planted paragraph once', async () => {
    const { pages } = await readPdf(edition.pdf);
    expectEachParagraphOnce(pages.map((p) => p.text).join(' '), generated.articles);
    expect(edition.manifest.warnings ?? []).toEqual([]);
  });

  it("prints no white band and no hole at the page's foot, in Chromium's pixels and in the manifest", () => {
    const page = composed.composition.pages[PAGE - 1];
    // The page is the one described: World's rest from page 9 across the page, the brief under it.
    const rest = page.modules.find((m) => m.slug === REST)!;
    const brief = page.modules.find((m) => m.slug === BRIEF)!;
    expect(rest.continuedFrom).toBe(9);
    expect(rest.span).toBe(composed.grid.columns);
    expect(brief.top).toBeGreaterThan(rest.top + rest.rows - 1);
    expect(rendered[PAGE - 1].whiteFeet).toEqual([]);
    expect(rendered[PAGE - 1].holes).toEqual([]);
    expect(edition.manifest.quality!.whiteFeet!.pages).not.toContain(PAGE);
  });

  it('prints the brief down to the foot: of two neighbouring columns, one ends within the measure of it', () => {
    const { grid } = composed;
    const foot = rowTop(grid, grid.rows);
    const brief = composed.composition.pages[PAGE - 1].modules.find((m) => m.slug === BRIEF)!;
    const textTop = rowTop(grid, brief.top + brief.head.rows);
    const over: number[] = [];
    for (let column = 0; column < grid.columns; column++) {
      const left = columnLeft(grid, column);
      const last = Math.max(0, ...printed[PAGE - 1].filter((item) => item.x >= left - 1 && item.x < left + grid.columnWidth && item.y > textTop && item.y <= foot + 1).map((item) => item.y));
      over.push((foot - last) / grid.lead);
    }
    // It stood six rows over the foot, seven in its shorter columns.
    for (let column = 1; column < grid.columns; column++) expect(Math.min(over[column - 1], over[column]), `columns ${column} and ${column + 1}: ${over.join(', ')}`).toBeLessThan(MEASURE_POLICY.footWhiteMinRows);
  });

  it("prints the story's standfirst on the rest's page, under its jump head and over its 'Continued from Page 9' line", () => {
    const { grid } = composed;
    const rest = composed.composition.pages[PAGE - 1].modules.find((m) => m.slug === REST)!;
    const items = printed[PAGE - 1].filter((item) => item.y >= rowTop(grid, rest.top) && item.y <= rowTop(grid, rest.top + rest.head.rows) + grid.lead);
    const text = items.map((item) => item.text).join(' ').replace(/\s+/g, ' ');
    const words = standfirstWords(REST);
    expect(text).toContain(words.slice(0, 4).join(' '));
    const from = items.find((item) => item.text.includes('Continued from Page 9'))!;
    expect(from, text).toBeDefined();
    // The deck's printed lines: items that are a run of the standfirst's words (a body line may share a word or two).
    const deck = items.filter((item) => item.text.trim().split(/\s+/).length >= 4 && words.join(' ').includes(item.text.trim()));
    expect(deck.length).toBeGreaterThan(0);
    expect(deck.map((item) => item.text.trim()).join(' ')).toBe(words.join(' '));
    // Each deck line under the head's top line (the jump head) and over the jump line.
    const top = Math.min(...items.map((item) => item.y));
    for (const line of deck) {
      expect(line.y).toBeGreaterThan(top);
      expect(line.y).toBeLessThan(from.y);
    }
  });
});
