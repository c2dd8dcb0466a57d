/**
 * A story that starts on an inside page and jumps reads as a stub where its text under the head is
 * shallower than a fifth of a column and under 0.3 of the story (measure.ts shortStarts):
 * `epaper quality`'s 25 articles at seed 15 on a tabloid page start Opinion's long story at page
 * 19's foot as five columns of 15 lines, a tenth of it, over "Continued on Page 20". The measure
 * counted only starts under eight rows, so the manifest and the sweep called the page fine.
 * Printed (Chromium, read back with pdf.js): every story whose headline prints on an inside page
 * and whose paragraphs go on over a later page, measured from its first line to its jump line and
 * by its paragraphs, is counted in the manifest's `quality.shortStarts` where it is that slight,
 * and the manifest's number is the composed pages' (the sweep's).
 * The planner prices such starts (policy shortStartCost): `epaper quality`'s 30 articles at seed 4
 * on a broadsheet page started World's a0020 at page 4's foot as five columns of 13 lines, under a
 * fifth of it, over "Continued on Page 5"; it now starts at a column's top beside the front page's
 * rest, and the page's foot takes a shorter story that holds more of itself there. Seed 15's
 * Opinion, above, still started at page 19's foot: a section that opens in a page's last rows has
 * only its own long stories to start there. It now opens page 20, and a notice closes page 19's
 * foot (PlanOptions.openingsOffFoot, policy stubOpeningPagesTurned): the start counted here was 30
 * articles at seed 2's a0022-business, Business's fifth story beside a brief at page 15's foot,
 * until layout-78 (Opinion kept off the front page) planned that edition otherwise; it is now 30
 * articles at seed 3's a0005-world on page 12, nine rows over its jump.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition } from '../../lambdas/core/edition';
import { gridFor, resolveLayoutConfig, type Grid } from '../../lambdas/core/layout/config';
import { shortStarts, START_MIN_DEPTH_SHARE, START_MIN_STORY_SHARE, storyTextRows } from '../../lambdas/core/layout/measure';
import type { GeneratedEdition } from '../fixtures/generate-edition';
import { qualityEditionIn, type ComposedFolder } from '../support/compose';
import { buildFolderComposed } from '../support/edition';
import { printedTextItems, type PrintedText } from '../support/pdfjs';
import { onNamedPage } from '../support/sample-stories';

const PAGE_SIZE = 'tabloid';
const grid = gridFor(resolveLayoutConfig({ pageSize: PAGE_SIZE }).config);
const BROADSHEET = 'broadsheet';
const broadsheetGrid = gridFor(resolveLayoutConfig({ pageSize: BROADSHEET }).config);
/** CSS px to PDF points. */
const PT_PER_PX = 0.75;

afterAll(closeBrowser);

/**
 * Every story whose headline prints on an inside page and whose paragraphs go on over a later page,
 * measured from its first line to its jump line and by its paragraphs: those slighter than a fifth
 * of the page and 0.3 of their paragraphs (`slight`, each checked to be counted in `counted`), and
 * how many starts there were.
 */
function slightStarts(generated: GeneratedEdition, pages: readonly PrintedText[][], pageGrid: Grid, counted: readonly number[]): { slight: string[]; starts: number } {
  const onPage = (page: readonly PrintedText[], token: string) => page.find((item) => item.text.includes(token));
  const slight: string[] = [];
  let starts = 0;
  for (const article of generated.articles) {
    const startPage = pages.findIndex((page, n) => n > 0 && onPage(page, article.headlineToken));
    if (startPage < 0) continue;
    const later = article.paragraphTokens.filter((token) => pages.some((page, n) => n > startPage && onPage(page, token)));
    if (later.length === 0) continue;
    starts++;
    const page = pages[startPage];
    const headline = onPage(page, article.headlineToken)!;
    // Its jump line: the nearest "Continued on Page" under its headline.
    const jump = page.filter((item) => /Continued on Page/.test(item.text) && item.y > headline.y).sort((a, b) => a.y - b.y)[0];
    expect(jump, `${article.slug}'s jump line on page ${startPage + 1}`).toBeDefined();
    // The column over it, from the first line under the headline: lines start at the column's
    // left, the jump line there or right of it, the column before a column and a gutter further left.
    const column = page.filter((item) => item.y > headline.y && item.y < jump.y && item.x <= jump.x + 1 && item.x >= jump.x - pageGrid.columnWidth * PT_PER_PX);
    const top = Math.min(...column.map((item) => item.y));
    // Rows from its first line to its jump line, both counted.
    const depthRows = Math.round((jump.y - top) / (pageGrid.lead * PT_PER_PX)) + 1;
    const share = (article.paragraphTokens.length - later.length) / article.paragraphTokens.length;
    // Its paragraphs counted, where the measure counts rows: a tenth of slack for the paragraph its jump splits.
    if (depthRows < Math.ceil(START_MIN_DEPTH_SHARE * pageGrid.rows) - 1 && share < START_MIN_STORY_SHARE * 0.9) {
      slight.push(`${article.slug} on page ${startPage + 1}: ${depthRows} rows to its jump, ${Math.round(share * 100)}% of its paragraphs`);
      expect(counted, slight.at(-1)).toContain(startPage + 1);
    }
  }
  return { slight, starts };
}

describe('a story started on an inside page before its jump', () => {
  let generated: GeneratedEdition;
  let composed: ComposedFolder;
  let edition: BuiltEdition;

  beforeAll(async () => {
    [generated, { composed, edition }] = await qualityEditionIn(30, 3, async (dir, made) => {
      await onNamedPage(dir, PAGE_SIZE);
      return [made, await buildFolderComposed(dir)];
    });
  }, 240_000);

  it('is counted in the manifest as the sweep counts it on the composed pages', () => {
    const rows = storyTextRows(composed.composition);
    const pages = composed.composition.pages.filter((page) => shortStarts(page, composed.grid, rows).length > 0).map((page) => page.number);
    const count = composed.composition.pages.reduce((n, page) => n + shortStarts(page, composed.grid, rows).length, 0);
    expect(edition.manifest.quality?.shortStarts).toEqual({ count, pages });
    expect(pages).toContain(12);
  });

  it('is counted where the page prints it shallower than a fifth of the page to its jump line and under 0.3 of its paragraphs', async () => {
    const { slight, starts } = slightStarts(generated, await printedTextItems(edition.pdf), grid, edition.manifest.quality?.shortStarts?.pages ?? []);
    expect(starts).toBeGreaterThanOrEqual(5);
    expect(slight).toEqual([expect.stringMatching(/^a0005-world on page 12: \d+ rows/)]);
  }, 120_000);
});

describe('a story the planner could start at a page\'s foot as a stub', () => {
  it('starts deeper, or elsewhere: no start on the printed broadsheet pages is that slight, and the manifest counts none', async () => {
    const [generated, edition] = await qualityEditionIn(30, 4, async (dir, made) => {
      await onNamedPage(dir, BROADSHEET);
      return [made, (await buildFolderComposed(dir)).edition] as const;
    });
    const { slight, starts } = slightStarts(generated, await printedTextItems(edition.pdf), broadsheetGrid, edition.manifest.quality?.shortStarts?.pages ?? []);
    expect(starts).toBeGreaterThanOrEqual(5);
    expect(slight).toEqual([]);
    expect(edition.manifest.quality?.shortStarts).toEqual({ count: 0, pages: [] });
  }, 240_000);
});

describe('a section that would open at a page\'s foot as a stub', () => {
  it('opens the next page, a notice closing the foot: no start on the printed tabloid pages is that slight, and the manifest counts none', async () => {
    const [generated, edition] = await qualityEditionIn(25, 15, async (dir, made) => {
      await onNamedPage(dir, PAGE_SIZE);
      return [made, (await buildFolderComposed(dir)).edition] as const;
    });
    const pages = await printedTextItems(edition.pdf);
    const { slight, starts } = slightStarts(generated, pages, grid, edition.manifest.quality?.shortStarts?.pages ?? []);
    expect(starts).toBeGreaterThanOrEqual(5);
    // Before: "a0018-opinion on page 19: 15 rows to its jump, 9% of its paragraphs".
    expect(slight).toEqual([]);
    expect(edition.manifest.quality?.shortStarts).toEqual({ count: 0, pages: [] });
    // Opinion's story prints its headline on page 20, and page 19's foot holds the paper's notice,
    // counted as filler, not as an article.
    const opinion = generated.articles.find((article) => article.slug === 'a0018-opinion')!;
    expect(pages.findIndex((page) => page.some((item) => item.text.includes(opinion.headlineToken))) + 1).toBe(20);
    expect(edition.manifest.pages[18].adShare).toBeGreaterThan(0);
  }, 240_000);
});
