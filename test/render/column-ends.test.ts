/**
 * A word broken over a column end (NEWSPAPER.md's page rules: "a hyphenated word at the end of a
 * column") that its own paragraph cannot keep whole (mend.ts mendColumnEnds) is kept whole where
 * one paragraph of the story set a line looser or tighter moves the column's end (layout-54,
 * mend.ts levelByLooseness with `columnEndLooseness`). 12 generated articles at seed 2 (bin/quality.ts's
 * edition): Science's story on page 4, five columns continued from the front page, broke two
 * words over its column ends; one paragraph set a line looser keeps both whole (layout-54). News's
 * rest on page 10, feathered to its foot with blank rows between paragraphs, broke one; its text
 * filled again without them, one paragraph a line looser or tighter, and feathered again to its
 * foot keeps it whole (layout-55). Composed, every
 * module keeps its box and its words, its columns level, no paragraph set looser than it was;
 * printed (Chromium, read back with pdf.js), each of the story's column ends is a whole word
 * followed by the next column's first, and every paragraph is printed once.
 *
 * A cut story likewise (layout-56, mend.ts cutWordsKeptWhole with `cutColumnEndLooseness`): 12
 * articles at seed 3, World's story on page 4, cut to jump to page 5, broke a word at a column's
 * foot; one paragraph set a line looser or tighter keeps it whole, its columns filled to the
 * page's foot as planned and its rest on page 5 taking or giving the line, level in its module.
 * (Seed 12's Sport story on page 6 was the case until layout-70, whose price on stubs at a page's
 * foot planned that page otherwise; seed 13's Life story on page 7 until layout-78, whose Opinion
 * kept off the front page planned that page otherwise.) And where only the rest broke a word (layout-57): 12 articles at seed 5, the front
 * page's News story, whose rest on page 9 broke one, kept whole by a paragraph on the front page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition } from '../../lambdas/core/edition';
import { blanksAndLines, columnEndsHyphenated, paragraphBreaksIn, rowsOf } from '../../lambdas/core/layout/columns';
import type { ComposedPage, PlacedModule } from '../../lambdas/core/layout/composition';
import { hyphenatedColumnEnds } from '../../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY as policy } from '../../lambdas/core/layout/policy';
import type { ColumnUnit } from '../../lambdas/core/layout/story';
import type { GeneratedEdition } from '../fixtures/generate-edition';
import { composeFolder, qualityEditionIn, textOf, type ComposedFolder } from '../support/compose';
import { buildFolderComposed, plantedTokens, readPdf } from '../support/edition';

/** Science's story on page 4, set plain; News's rest on page 10, feathered (blank rows between its paragraphs). */
const MENDED = [
  { page: 4, slug: 'a0008-science', broken: 2 },
  { page: 10, slug: 'a0003-news', broken: 1 },
] as const;

let generated: GeneratedEdition;
/** Composed with layout-54 and -55 (the cut step, layout-56, off in both, so that they are seen alone), and without. */
let kept: ComposedFolder;
let broken: ComposedFolder;
/** As the build composed it (the plan the edition printed): every step on. */
let composed: ComposedFolder;
let edition: BuiltEdition;

beforeAll(async () => {
  [generated, kept, broken, { composed, edition }] = await qualityEditionIn(12, 2, async (dir, made) => [
    made,
    await composeFolder(dir, undefined, { ...policy, cutColumnEndLooseness: 0 }),
    await composeFolder(dir, undefined, { ...policy, columnEndLooseness: 0, cutColumnEndLooseness: 0 }),
    await buildFolderComposed(dir),
  ]);
}, 240_000);

afterAll(closeBrowser);

const lineText = (unit: ColumnUnit) => unit.lines.map((line) => line.words.map((word) => word.map((segment) => segment.text).join('')).join(' ')).join(' ');
const boxes = (page: ComposedPage) => page.modules.map((m) => `${m.slug}@${m.column},${m.top},${m.span},${m.rows}`);
const brokenEnds = (m: PlacedModule) => m.columns.slice(0, -1).filter(columnEndsHyphenated).length;
const loosest = (lines: readonly ColumnUnit[]) => Math.max(...lines.map((unit) => Math.abs(unit.lines[0]?.wordSpacing ?? 0)));

const moduleOf = (composed: ComposedFolder, page: number, slug: string) => composed.composition.pages[page - 1].modules.find((m) => m.slug === slug)!;

/** Column ends crossed mid-word over a whole edition (measure.ts hyphenatedColumnEnds). */
const brokenInEdition = (composed: ComposedFolder) => composed.composition.pages.reduce((sum, page) => sum + hyphenatedColumnEnds(page).length, 0);

/** The built edition's pages as pdf.js reads them, each planted paragraph checked to be printed once. */
async function printedOnce(built: BuiltEdition, articles: GeneratedEdition['articles']): Promise<{ text: string }[]> {
  const { pages } = await readPdf(built.pdf);
  const printed = plantedTokens(pages.map((p) => p.text).join(' '));
  for (const article of articles) for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);
  return pages;
}

/** A module's lines by paragraph. */
function paragraphsOf(m: PlacedModule): Map<number, ColumnUnit[]> {
  const out = new Map<number, ColumnUnit[]>();
  for (const unit of m.columns.flat()) if (unit.kind === 'line' && unit.paragraph !== undefined) out.set(unit.paragraph, [...(out.get(unit.paragraph) ?? []), unit]);
  return out;
}

describe('a word broken over a column end, kept whole by a paragraph set a line looser or tighter', () => {
  it('keeps every box and word, the columns level, no paragraph looser than it was, and fewer words broken', () => {
    expect(kept.composition.problems).toEqual([]);
    expect(kept.composition.pages.length).toBe(broken.composition.pages.length);
    for (const { page, slug, broken: words } of MENDED) {
      expect(brokenEnds(moduleOf(broken, page, slug)), slug).toBe(words);
      expect(brokenEnds(moduleOf(kept, page, slug)), slug).toBe(0);
    }
    // The feathered story still feathered to its foot: blank rows only between paragraphs, as
    // many in a column as its breaks or a tenth of its lines allow, none opening or closing it.
    const news = moduleOf(kept, 10, 'a0003-news');
    const depth = news.rows - news.head.rows;
    expect(news.columns.some((column) => column.some((unit) => unit.kind === 'space'))).toBe(true);
    for (const column of news.columns) {
      expect(rowsOf(column)).toBeGreaterThanOrEqual(depth - 1);
      expect(column[0].kind).not.toBe('space');
      expect(column.at(-1)!.kind).not.toBe('space');
      const text = column.filter((unit) => unit.kind !== 'space');
      const { blanks, lines } = blanksAndLines(column);
      expect(blanks).toBeLessThanOrEqual(Math.max(paragraphBreaksIn(text).length, Math.floor(lines * policy.featherMaxShare)));
      column.forEach((unit, i) => {
        if (unit.kind !== 'space') return;
        const before = column.slice(0, i).filter((u) => u.kind !== 'space').at(-1)!;
        const after = column.slice(i).find((u) => u.kind !== 'space')!;
        expect(before.lineInParagraph === before.paragraphLines! - 1 && after.lineInParagraph === 0, 'a blank row inside a paragraph').toBe(true);
      });
    }
    let changed = 0;
    kept.composition.pages.forEach((page, p) => {
      const was = broken.composition.pages[p];
      expect(boxes(page)).toEqual(boxes(was));
      page.modules.forEach((m, k) => {
        const before = was.modules[k];
        expect(textOf(m.columns.flat()), m.slug).toBe(textOf(before.columns.flat()));
        expect(brokenEnds(m), m.slug).toBeLessThanOrEqual(brokenEnds(before));
        const lines = (module: PlacedModule) => module.columns.flat().filter((unit) => unit.kind !== 'space').length;
        if (lines(m) === lines(before) && brokenEnds(m) === brokenEnds(before)) return;
        changed++;
        // A line more or fewer, within the module's text, level within a line.
        expect(Math.abs(lines(m) - lines(before))).toBeLessThanOrEqual(policy.columnEndLooseness);
        const depths = m.columns.map(rowsOf).filter((rows) => rows > 0);
        expect(Math.max(...depths)).toBeLessThanOrEqual(m.rows - m.head.rows);
        expect(Math.max(...depths) - Math.min(...depths)).toBeLessThan(2);
        // The paragraph set again is no looser than it was at its loosest line.
        const then = paragraphsOf(before);
        for (const [paragraph, lines] of paragraphsOf(m)) {
          const old = then.get(paragraph)!;
          if (lines.map(lineText).join('\n') !== old.map(lineText).join('\n')) expect(loosest(lines), `${m.slug} ¶${paragraph}`).toBeLessThanOrEqual(loosest(old));
        }
      });
    });
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(brokenInEdition(kept)).toBeLessThan(brokenInEdition(broken));
  });

  it('prints each of the story’s column ends as a whole word followed by the next column’s first, every paragraph once', async () => {
    const pages = await printedOnce(edition, generated.articles);
    for (const { page, slug } of MENDED) {
      const mended = moduleOf(composed, page, slug);
      expect(brokenEnds(mended)).toBe(0);
      const text = pages[page - 1].text;
      const filled = mended.columns.map((column) => column.filter((unit) => unit.kind !== 'space')).filter((column) => column.length > 0);
      for (let c = 0; c < filled.length - 1; c++) {
        const end = lineText(filled[c].at(-1)!);
        const next = lineText(filled[c + 1][0]);
        expect(end, `${slug} column ${c + 1}`).not.toMatch(/[-\u2010]$/);
        expect(text, `${slug} column ${c + 1}`).toContain(`${end} ${next}`);
      }
    }
  }, 120_000);
});

describe('a word broken over a column end of a cut story, kept whole by a paragraph set a line looser or tighter', () => {
  const CUT = { page: 4, slug: 'a0002-world', restPage: 5 } as const;
  let cutGenerated: GeneratedEdition;
  let whole: ComposedFolder;
  let split: ComposedFolder;
  let cutEdition: BuiltEdition;

  beforeAll(async () => {
    [cutGenerated, { composed: whole, edition: cutEdition }, split] = await qualityEditionIn(12, 3, async (dir, made) => [
      made,
      await buildFolderComposed(dir),
      await composeFolder(dir, undefined, { ...policy, cutColumnEndLooseness: 0 }),
    ]);
  }, 240_000);

  /** Every column end of a cut module that breaks a word, the one over its jump line too. */
  const cutBroken = (m: PlacedModule) => m.columns.filter(columnEndsHyphenated).length;
  /** A story's words in reading order, over every page it is on. */
  const storyText = (composed: ComposedFolder, slug: string) => textOf(composed.composition.pages.flatMap((page) => page.modules.filter((m) => m.slug === slug).flatMap((m) => m.columns.flat())));
  const storyLines = (composed: ComposedFolder, slug: string) =>
    composed.composition.pages.reduce((n, page) => n + page.modules.filter((m) => m.slug === slug).reduce((k, m) => k + m.columns.flat().filter((unit) => unit.kind === 'line').length, 0), 0);

  /**
   * `whole` against `split` (the same edition without the step): every box and every story's words
   * the same, the story at `where` a line longer or shorter with no column end of its two parts
   * breaking a word, one paragraph set again and no looser, the cut columns at the page's foot as
   * planned and the rest level in its module; fewer words broken in the edition.
   */
  function expectKeptWholeOverJump(whole: ComposedFolder, split: ComposedFolder, articles: GeneratedEdition['articles'], where: { page: number; restPage: number; slug: string }): { wasCut: PlacedModule; wasRest: PlacedModule } {
    expect(whole.composition.problems).toEqual([]);
    expect(whole.composition.pages.length).toBe(split.composition.pages.length);
    whole.composition.pages.forEach((page, p) => expect(boxes(page)).toEqual(boxes(split.composition.pages[p])));
    for (const article of articles) expect(storyText(whole, article.slug), article.slug).toBe(storyText(split, article.slug));

    const [cut, wasCut] = [moduleOf(whole, where.page, where.slug), moduleOf(split, where.page, where.slug)];
    const [rest, wasRest] = [moduleOf(whole, where.restPage, where.slug), moduleOf(split, where.restPage, where.slug)];
    expect(cut.continuedOn).toBe(where.restPage);
    expect(rest.continuedFrom).toBe(where.page);
    expect(cutBroken(wasCut) + brokenEnds(wasRest)).toBeGreaterThanOrEqual(1);
    expect(cutBroken(cut) + brokenEnds(rest)).toBe(0);
    // One line more or fewer, moved over the jump.
    expect(Math.abs(storyLines(whole, where.slug) - storyLines(split, where.slug))).toBe(policy.cutColumnEndLooseness);
    // The cut columns end at the page's foot as the plan filled them (no more of them short), the
    // last over its jump line at most jumpMendMaxRows higher.
    const textRows = cut.rows - cut.head.rows;
    const short = (m: PlacedModule) => m.columns.slice(0, -1).filter((column) => rowsOf(column) < textRows).length;
    expect(short(cut)).toBeLessThanOrEqual(short(wasCut));
    expect(rowsOf(cut.columns.at(-1)!)).toBeGreaterThanOrEqual(rowsOf(wasCut.columns.at(-1)!) - policy.jumpMendMaxRows);
    // The rest level within a line, as deep as it was printed or deeper, inside its module.
    const depths = rest.columns.map(rowsOf).filter((rows) => rows > 0);
    expect(Math.max(...depths) - Math.min(...depths)).toBeLessThan(2);
    expect(Math.max(...depths)).toBeGreaterThanOrEqual(Math.max(...wasRest.columns.map(rowsOf)));
    expect(Math.max(...depths)).toBeLessThanOrEqual(rest.rows - rest.head.rows);
    // One paragraph set again, over the two parts, no looser than it was at its loosest line.
    const both = (a: PlacedModule, b: PlacedModule) => paragraphsOf({ ...a, columns: [...a.columns, ...b.columns] });
    const then = both(wasCut, wasRest);
    let reset = 0;
    for (const [paragraph, lines] of both(cut, rest)) {
      const old = then.get(paragraph);
      if (!old || lines.map(lineText).join('\n') === old.map(lineText).join('\n')) continue;
      reset++;
      expect(loosest(lines), `¶${paragraph}`).toBeLessThanOrEqual(loosest(old));
    }
    expect(reset).toBe(1);
    expect(brokenInEdition(whole)).toBeLessThan(brokenInEdition(split));
    return { wasCut, wasRest };
  }

  it('keeps every box and word, the cut columns at the foot as planned, its rest level, and fewer words broken', () => {
    const { wasCut } = expectKeptWholeOverJump(whole, split, cutGenerated.articles, CUT);
    expect(cutBroken(wasCut)).toBeGreaterThanOrEqual(1);
  });

  it('keeps whole a word only the rest on the jump page broke, with a paragraph of the cut module on the front page (layout-57)', async () => {
    // 12 articles at seed 5: the front page's News story, its rest on page 9 breaking a word at a column's foot.
    const [front, was, generated] = await qualityEditionIn(12, 5, async (dir, made) => [await composeFolder(dir), await composeFolder(dir, undefined, { ...policy, cutColumnEndLooseness: 0 }), made] as const);
    const { wasCut, wasRest } = expectKeptWholeOverJump(front, was, generated.articles, { page: 1, restPage: 9, slug: 'a0005-news' });
    expect(cutBroken(wasCut)).toBe(0);
    expect(brokenEnds(wasRest)).toBeGreaterThanOrEqual(1);
  });

  it('prints the cut story’s column ends as whole words, each followed by the next column’s first, its rest on the jump page, every paragraph once', async () => {
    const pages = await printedOnce(cutEdition, cutGenerated.articles);
    const cut = moduleOf(whole, CUT.page, CUT.slug);
    const rest = moduleOf(whole, CUT.restPage, CUT.slug);
    const text = pages[CUT.page - 1].text;
    for (let c = 0; c < cut.columns.length; c++) {
      const end = lineText(cut.columns[c].at(-1)!);
      expect(end, `column ${c + 1}`).not.toMatch(/[-\u2010]$/);
      if (c < cut.columns.length - 1) expect(text, `column ${c + 1}`).toContain(`${end} ${lineText(cut.columns[c + 1][0])}`);
      else expect(text).toContain(end);
    }
    // The rest opens its first column with the line after the cut's last.
    expect(pages[CUT.restPage - 1].text).toContain(lineText(rest.columns[0][0]));
  }, 120_000);
});
