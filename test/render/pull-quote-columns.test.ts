/**
 * A display pull quote cannot split. In a story cut to jump, its columns filled full to the jump
 * line, it stood at its one place: at a column's foot (over the next story's head, or over the jump
 * line) or, where it did not fit there, at the top of the next column under the white rows the
 * column before it left. In the quoted sweep (`epaper quality --pull-quotes`, 16/30/45 articles,
 * four seeds, A4) 14 of 62 quotes stood so, every one in a cut module. A finished story's quote
 * moved to the paragraph end that set its columns most level (layout-79), and that could be a
 * column's top or foot too (6 of 62 on the Broadsheet). Since layout-80 a cut story's quote moves
 * within its module, and a finished story's among places as level, to where lines of its story
 * stand above and below it (columns.ts cutFillKeepingQuoteInside, quoteKeptInside).
 *
 * `epaper quality`'s editions with pull quotes: 16 articles at seed 2 on an A4 page, whose Opinion
 * story a0007 was cut on its first page with its quote atop its third column under a short second;
 * 30 articles at seed 4 on a Broadsheet page, whose Sport story a0005 ended its second column with
 * its quote and Science story a0009 opened its third with it. Printed (Chromium, read back with
 * pdf.js): every planted token once, each quote once in large type, on the page and in the column
 * the plan set it, with lines of body type of its story above and below it in that column.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityEdition } from '../../bin/quality';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import { columnLeft } from '../../lambdas/core/layout/geometry';
import { type GeneratedEdition, generateEdition } from '../fixtures/generate-edition';
import { buildFolderComposed, plantedTokens, setPageSize } from '../support/edition';
import { getDocument } from '../support/pdfjs';

/** The quoted editions: `epaper quality`'s articles and seed, the page, and whether one of its quotes is in a cut story. */
const CASES = [
  { articles: 16, seed: 2, pageSize: 'a4', cut: true },
  { articles: 30, seed: 4, pageSize: 'broadsheet', cut: false },
] as const;

let root: string;
const built: { generated: GeneratedEdition; edition: BuiltEdition; composed: ComposedEdition }[] = [];

/** A printed piece of text: its page (1-based), its left and baseline from the page's top, and its size, in PDF points. */
interface Printed {
  readonly page: number;
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'epaper-pull-quote-columns-'));
  for (const { articles, seed, pageSize } of CASES) {
    const dir = join(root, `${articles}-${seed}-${pageSize}`);
    const generated = await generateEdition(dir, qualityEdition(articles, seed, true));
    // The fixture names the Berliner's five columns; another page takes its own.
    await setPageSize(dir, pageSize);
    built.push({ generated, ...(await buildFolderComposed(dir)) });
  }
}, 900_000);

afterAll(async () => {
  await closeBrowser();
  await rm(root, { recursive: true, force: true });
});

describe('a pull quote', () => {
  it.each(CASES.map((c, i) => [`${c.articles} articles at seed ${c.seed} on ${c.pageSize}`, i] as const))('stands between lines of its story in its column, never at a column’s top or foot; printed once, every token once (%s)', async (_name, index) => {
    const { generated, edition, composed } = built[index];
    const doc = await getDocument({ data: edition.pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
    const items: Printed[] = [];
    let scale = 1;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      scale = page.view[2] / composed.grid.pageWidth;
      for (const item of (await page.getTextContent()).items) {
        if ('str' in item && item.str.trim() !== '') items.push({ page: n, text: item.str.trim(), x: item.transform[4], y: page.view[3] - item.transform[5], size: Math.hypot(item.transform[0], item.transform[1]) });
      }
    }
    await doc.destroy();
    const printed = plantedTokens(items.map((item) => item.text).join(' '));
    for (const article of generated.articles) for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);

    const { grid } = composed;
    const body = grid.bodySize * scale;
    const quoted = generated.articles.filter((article) => article.pullQuote);
    expect(quoted.length).toBeGreaterThanOrEqual(2);
    let cut = 0;
    for (const article of quoted) {
      const quote = article.pullQuote!;
      // Where the plan set it: one module, one column.
      const places = composed.composition.pages.flatMap((page, p) =>
        page.modules.flatMap((module) => (module.slug === article.slug ? module.columns.flatMap((column, c) => (column.some((unit) => unit.kind === 'quote') ? [{ p, module, c, column }] : [])) : [])),
      );
      expect(places, article.slug).toHaveLength(1);
      const [{ p, module, c, column }] = places;
      if (module.continuedOn !== undefined) cut += 1;

      // The printed page: the quote's column within its module's text.
      const left = columnLeft(grid, module.column + c) * scale;
      const right = left + grid.columnWidth * scale;
      const top = (grid.top + (module.top + module.head.rows) * grid.lead) * scale;
      const foot = (grid.top + (module.top + module.rows) * grid.lead) * scale;
      const inColumn = items.filter((item) => item.page === p + 1 && item.x >= left - 1 && item.x < right && item.y > top && item.y <= foot + 2);
      const large = inColumn.filter((item) => item.size > body * 1.3);
      const bodyType = inColumn.filter((item) => Math.abs(item.size - body) < body * 0.15);
      expect(large.length, `${article.slug}: the quote in large type on page ${p + 1}`).toBeGreaterThan(0);
      // Without quotation marks and spaces: a ligature (fi) is a text item of its own.
      const flat = (text: string) => text.replace(/[“”"\s]/g, '');
      expect(flat(large.map((item) => item.text).join(' ')), article.slug).toBe(flat(quote));
      const quoteTop = Math.min(...large.map((item) => item.y));
      const quoteFoot = Math.max(...large.map((item) => item.y));
      expect(bodyType.filter((item) => item.y < quoteTop).length, `${article.slug}: body lines above its quote on page ${p + 1}`).toBeGreaterThanOrEqual(2);
      expect(bodyType.filter((item) => item.y > quoteFoot).length, `${article.slug}: body lines below its quote on page ${p + 1}`).toBeGreaterThanOrEqual(2);
      // And the plan says the same.
      const at = column.findIndex((unit) => unit.kind === 'quote');
      expect(column.slice(0, at).some((unit) => unit.kind === 'line'), `${article.slug}: lines above its quote in the plan`).toBe(true);
      expect(column.slice(at + 1).some((unit) => unit.kind === 'line'), `${article.slug}: lines below its quote in the plan`).toBe(true);
      // Once in large type in the whole edition: its opening words nowhere else at that size.
      const opening = flat(quote.split(' ').slice(0, 4).join(' '));
      const largeText = [...new Set(items.map((item) => item.page))].map((page) => flat(items.filter((item) => item.page === page && item.size > body * 1.3).map((item) => item.text).join(' '))).join(' ');
      expect(largeText.split(opening).length - 1, `${article.slug}: “${opening}…” in large type`).toBe(1);
    }
    // The A4 edition's case: quotes in stories cut to jump.
    if (CASES[index].cut) expect(cut).toBeGreaterThanOrEqual(1);
  });
});
