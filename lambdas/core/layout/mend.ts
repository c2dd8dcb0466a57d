/**
 * Two steps after the plan that keep words whole where a column ends (ARCHITECTURE.md's page
 * rules: a hyphenated word at the end of a column is among what readers notice). Neither moves a
 * module or changes its depth, so the plan and its measures stand; asking the same of the plan, as
 * a price on a cut or a shorter cut, moved the sweeps' holes and jumps both ways (docs/ROUNDS.md,
 * the nineteenth and the thirty-sixth rounds).
 *
 * Step "mend jumps" (mendJumpEnds): a word hyphenated on the line before a jump goes on pages away.
 *
 * Step "mend column ends" (mendColumnEnds): a word hyphenated on a column's last line goes on at
 * the top of the next column, or after a jump. The planner avoids it where moving a line over costs
 * no white (columns.ts fillOneColumn); once the pages are set and every column's last line is
 * known, each paragraph that still ends a column with a hyphen is set again with that hyphen
 * costed (linebreak.ts COLUMN_END_HYPHEN_DEMERITS). A new setting is kept only where it has as many
 * lines as before and none of its column ends hyphenated: only words move between the lines of one
 * paragraph.
 *
 * Step "loosen" (levelByLooseness): a finished story whose columns still end two lines or more
 * apart has one paragraph set a line longer or shorter, within the breaker's tolerance, where that
 * lets its columns end level at the module's depth (TeX's looseness; the newsroom systems' capped
 * tracking). The module keeps its box; the story gains or loses a line of the same words.
 * A story set with blank rows between its paragraphs is filled again with fewer of them, or with
 * none and a paragraph a line longer or shorter, where that ends its columns level at most
 * `levelWhiteRows` above the module's foot. Then a finished story whose columns still end in the
 * middle of a word, where its paragraphs could not move the words within their lines, has one
 * paragraph set a line longer or shorter where that moves the column's end off the word, no line
 * of it looser than the paragraph's loosest was (`columnEndLooseness`); a feathered story's text is
 * filled again without its blank rows and feathered to its foot again. A cut story likewise
 * (`cutColumnEndLooseness`): its cut module filled to the page's foot again, the line it pushes
 * over (or pulls back) taken (or given) by its rest on the jump page.
 */
import type { FontBook } from '../typeset/fonts';
import { endsStoryInColumns, hasPhotoBeside, type ComposedPage, type PlacedModule } from './composition';
import type { Grid } from './config';
import { columnEndsHyphenated, featheredTo, fillBalanced, fillBeside, fillFull, rowsOf, tallest, type ColumnShape } from './columns';
import { columnShapeOf, type Material, type StoryMaterial } from './material';
import { cutEndSpread, hyphenatedColumnEnds, unevenModules } from './measure';
import type { LayoutPolicy } from './policy';
import { setStoryBody, type ColumnUnit } from './story';

/**
 * A cut story whose last line before its jump ends in a hyphen sends half a
 * word pages away, and the paragraph set again (below) seldom helps: a cut column has no other
 * lines to give way. Where the story's last part can take a line or two more at the depth it was
 * planned, the cut module's last column ends that much higher over its jump line, and the rest
 * starts with the whole word, at most `policy.jumpMendMaxRows` rows higher, and never so high
 * that the cut's columns end further apart over the jump line than `policy.jumpMendMaxSpreadRows`
 * (or than they did): a column's rules may take the last a row further than asked.
 */
export function mendJumpEnds(pages: readonly ComposedPage[], stories: readonly StoryMaterial[], material: Material, policy: LayoutPolicy): readonly ComposedPage[] {
  const bySlug = new Map(stories.map((story) => [story.article.slug, story]));
  const replaced = new Map<PlacedModule, PlacedModule>();
  for (const page of pages) {
    for (const cut of page.modules) {
      if (cut.continuedOn === undefined || !columnEndsHyphenated(cut.columns[cut.columns.length - 1] ?? [])) continue;
      const story = bySlug.get(cut.slug);
      const rest = restOf(pages, cut, page.number);
      // A middle part is cut again: its rows are its page's, not room to spare.
      if (!story || !rest || rest.continuedOn !== undefined) continue;
      const mended = mendedJump(cut, rest, story, material, page.number, policy.jumpMendMaxRows, Math.max(policy.jumpMendMaxSpreadRows, cutEndSpread(cut.columns)));
      if (!mended) continue;
      replaced.set(cut, mended.cut);
      replaced.set(rest, mended.rest);
    }
  }
  return withModulesReplaced(pages, replaced);
}

/**
 * Whether a rest was set across the page's whole width with text in every column: either its
 * columns take `minLinesPerColumn` lines each, or it is a section's short tail set so at a page's
 * top (Material.balancedAcross, policy fullWidthShortTail); set again, it is set the same way.
 */
function printedAcross(module: PlacedModule, material: Material): boolean {
  return material.policy.fullWidthShortTail && module.span === material.grid.columns && module.columns.length === module.span && module.columns.every((column) => column.length > 0);
}

/** The part of a story cut on page `page` that goes on after its jump. */
function restOf(pages: readonly ComposedPage[], cut: PlacedModule, page: number): PlacedModule | undefined {
  return pages.find((p) => p.number === cut.continuedOn)?.modules.find((m) => m.slug === cut.slug && m.continuedFrom === page);
}

/** The pages with each module `replaced` names in its place (the same pages where it names none). */
function withModulesReplaced(pages: readonly ComposedPage[], replaced: ReadonlyMap<PlacedModule, PlacedModule>): readonly ComposedPage[] {
  if (replaced.size === 0) return pages;
  return pages.map((page) => (page.modules.some((m) => replaced.has(m)) ? { ...page, modules: page.modules.map((m) => replaced.get(m) ?? m) } : page));
}

/** The cut module's columns with its last a line or two shorter, and its rest's with those lines, where both hold. */
function mendedJump(cut: PlacedModule, rest: PlacedModule, story: StoryMaterial, material: Material, page: number, maxRows: number, maxSpread: number): { cut: PlacedModule; rest: PlacedModule } | undefined {
  const { units } = story;
  const from = firstUnitIn(cut, story);
  if (from >= units.length) return undefined;
  const textRows = cut.rows - cut.head.rows;
  const lastRows = rowsOf(cut.columns[cut.columns.length - 1]);
  const restRows = rest.rows - rest.head.rows;
  const restDepth = tallest(rest.columns);
  const feathered = Math.max(0, ...rest.columns.map((column) => column.filter((unit) => unit.kind === 'space').length));
  // Columns under a photo beside the text open with its room, as the plan filled them.
  const room = cut.columns.at(-1)?.[0];
  const beside = room?.kind === 'photo-room' ? { columns: cut.columns.filter((column) => column[0] === room).length, rows: room.rows, room } : undefined;
  for (let shorter = 1; shorter <= maxRows; shorter++) {
    const reserve = textRows - (lastRows - shorter);
    const fill = beside ? fillBeside(units, from, cut.span, textRows, beside, reserve) : fillFull(units, from, cut.span, textRows, reserve);
    const last = fill.columns[fill.columns.length - 1];
    if (columnEndsHyphenated(last) || rowsOf(last) - (beside ? beside.rows : 0) < 2 || fill.next >= units.length) continue;
    // The jump line stays level with the columns beside it (a ragged edge over it reads as a cut gone wrong).
    if (cutEndSpread(fill.columns) > maxSpread) continue;
    // The columns before the last stay as they were.
    if (fill.columns.some((column, c) => c < fill.columns.length - 1 && (column.length !== cut.columns[c].length || column.some((unit, k) => unit !== cut.columns[c][k])))) continue;
    const piece = material.piece(story, fill.next, page);
    // The rest as deep as it was printed, no deeper than its module: with the blank rows between
    // paragraphs it had, or fewer, or none.
    let columns: readonly (readonly ColumnUnit[])[] | undefined;
    for (let extra = feathered; extra >= 0 && !columns; extra--) {
      const set = extra > 0 ? material.feathered(piece, rest.span, extra) : printedAcross(rest, material) ? material.balancedAcross(piece, rest.span) : material.balanced(piece, rest.span);
      if (set && set.rows <= restRows && set.rows >= restDepth) columns = set.columns;
    }
    if (!columns) continue;
    return { cut: { ...cut, columns: fill.columns }, rest: { ...rest, columns } };
  }
  return undefined;
}

/** The pages with each hyphen that ends a column of running text mended where its paragraph allows. */
export function mendColumnEnds(pages: readonly ComposedPage[], stories: readonly StoryMaterial[], grid: Grid, fonts: FontBook): readonly ComposedPage[] {
  const ends = hyphenatedColumnEndsByStory(pages);
  if (ends.size === 0) return pages;
  const bySlug = new Map(stories.map((story) => [story.article.slug, story]));
  const mended = new Map<string, Map<string, ColumnUnit>>();
  for (const [slug, paragraphs] of ends) {
    const story = bySlug.get(slug);
    if (!story) continue;
    const columnEnds = new Map([...paragraphs].map(([paragraph, lines]) => [paragraph, { columnEndLines: [...lines].sort((a, b) => a - b) }]));
    // Only the named paragraphs are set: no figure, so no photo's size is asked.
    const units = setStoryBody(story.article, grid, fonts, undefined, columnEnds);
    // By paragraph, its lines set again (the units hold nothing else).
    const setAgain = new Map<number, ColumnUnit[]>();
    for (const unit of units) {
      let lines = setAgain.get(unit.paragraph!);
      if (!lines) setAgain.set(unit.paragraph!, (lines = []));
      lines.push(unit);
    }
    const replacements = new Map<string, ColumnUnit>();
    for (const [paragraph, { columnEndLines: lines }] of columnEnds) {
      const before = story.units.find((unit) => unit.kind === 'line' && unit.paragraph === paragraph);
      const after = setAgain.get(paragraph);
      if (!before || !after || after.length !== before.paragraphLines) continue;
      if (lines.some((line) => after[line].lines[0]?.hyphenated !== false)) continue;
      for (const unit of after) replacements.set(`${paragraph}:${unit.lineInParagraph}`, unit);
    }
    if (replacements.size > 0) mended.set(slug, replacements);
  }
  if (mended.size === 0) return pages;
  return pages.map((page) => {
    if (!page.modules.some((module) => mended.has(module.slug))) return page;
    return { ...page, modules: page.modules.map((module) => withLinesOf(module, mended.get(module.slug))) };
  });
}

/** By story and paragraph, the lines (0-based) that end a column with a hyphen while the story goes on after them (measure.ts hyphenatedColumnEnds). */
function hyphenatedColumnEndsByStory(pages: readonly ComposedPage[]): Map<string, Map<number, Set<number>>> {
  const ends = new Map<string, Map<number, Set<number>>>();
  for (const page of pages) {
    for (const { module, line } of hyphenatedColumnEnds(page)) {
      let paragraphs = ends.get(module.slug);
      if (!paragraphs) ends.set(module.slug, (paragraphs = new Map()));
      let lines = paragraphs.get(line.paragraph!);
      if (!lines) paragraphs.set(line.paragraph!, (lines = new Set()));
      lines.add(line.lineInParagraph!);
    }
  }
  return ends;
}

function withLinesOf(module: PlacedModule, replacements: ReadonlyMap<string, ColumnUnit> | undefined): PlacedModule {
  if (!replacements) return module;
  const columns = module.columns.map((column) =>
    column.map((unit) => {
      const replacement = unit.kind === 'line' ? replacements.get(`${unit.paragraph}:${unit.lineInParagraph}`) : undefined;
      return replacement ? { ...unit, lines: replacement.lines } : unit;
    }),
  );
  return { ...module, columns };
}

/** What the loosen step changed: the pages, and by story how many lines more (or fewer) it now prints than it was set in. */
export interface Loosened {
  readonly pages: readonly ComposedPage[];
  readonly lines: ReadonlyMap<string, number>;
}

/**
 * The pages with each uneven finished story set level by one paragraph a line looser or tighter,
 * or, set with blank rows between its paragraphs, by fewer of them, where one does it.
 */
export function levelByLooseness(pages: readonly ComposedPage[], stories: readonly StoryMaterial[], material: Material, policy: LayoutPolicy): Loosened {
  const { grid, fonts } = material;
  const lines = new Map<string, number>();
  // Each step has its own number: one turned off leaves the others.
  if (policy.levelLooseness <= 0 && policy.levelWhiteRows <= 0 && policy.columnEndLooseness <= 0 && policy.cutColumnEndLooseness <= 0) return { pages, lines };
  const bySlug = new Map(stories.map((story) => [story.article.slug, story]));
  const shape = columnShapeOf(policy);
  const loosened = pages.map((page) => {
    const replaced = new Map<PlacedModule, PlacedModule>();
    // Columns around a photo beside the text are filled in reading order around it, as planned.
    for (const module of unevenModules(page)) {
      const story = bySlug.get(module.slug);
      const level =
        story && !hasPhotoBeside(module)
          ? (levelledByLooseness(module, story, grid, fonts, shape, policy.levelLooseness) ??
            levelledByFewerBlanks(module, story, material, policy.levelWhiteRows) ??
            levelledWithoutBlanks(module, story, grid, fonts, shape, policy))
          : undefined;
      if (!level) continue;
      replaced.set(module, { ...module, columns: level.columns });
      if (level.lines !== 0) lines.set(module.slug, (lines.get(module.slug) ?? 0) + level.lines);
    }
    // A level story whose columns still break a word (what mendColumnEnds could not mend within
    // a paragraph) may keep it whole with one paragraph a line looser or tighter.
    for (const module of policy.columnEndLooseness > 0 ? page.modules : []) {
      const story = bySlug.get(module.slug);
      if (!story || replaced.has(module) || !endsStoryInColumns(module) || hasPhotoBeside(module) || hyphenatedEnds(module.columns) === 0) continue;
      const whole = wordsKeptWhole(module, story, grid, fonts, shape, policy);
      if (!whole) continue;
      replaced.set(module, { ...module, columns: whole.columns });
      if (whole.lines !== 0) lines.set(module.slug, (lines.get(module.slug) ?? 0) + whole.lines);
    }
    return replaced.size === 0 ? page : { ...page, modules: page.modules.map((module) => replaced.get(module) ?? module) };
  });
  return policy.cutColumnEndLooseness > 0 ? cutWordsKeptWhole(loosened, bySlug, material, shape, policy, lines) : { pages: loosened, lines };
}

/**
 * The pages with each cut story whose columns break a word at their ends (the jump's too, and its
 * rest's) given one paragraph a line looser or tighter, where that moves the ends off the words:
 * the cut module's columns filled again to its page's foot as planned, and its rest on the jump
 * page taking the line it pushes over (or giving the one it pulls back), filled again level within
 * the rest's module. Neither module moves or changes its depth. `lines` (by story, lines printed
 * more) is added to.
 */
function cutWordsKeptWhole(pages: readonly ComposedPage[], bySlug: ReadonlyMap<string, StoryMaterial>, material: Material, shape: ColumnShape, policy: LayoutPolicy, lines: Map<string, number>): Loosened {
  const replaced = new Map<PlacedModule, PlacedModule>();
  for (const page of pages) {
    for (const cut of page.modules) {
      if (cut.continuedOn === undefined || hasPhotoBeside(cut) || hasBlankRows(cut)) continue;
      const story = bySlug.get(cut.slug);
      const rest = restOf(pages, cut, page.number);
      // A middle part is cut again: its rows are its page's, not room to spare.
      if (!story || !rest || rest.continuedOn !== undefined || hasPhotoBeside(rest) || replaced.has(rest)) continue;
      if (cutHyphens(cut.columns) + hyphenatedEnds(rest.columns) === 0) continue;
      const whole = cutKeptWhole(cut, rest, story, material, shape, policy);
      if (!whole) continue;
      replaced.set(cut, whole.cut);
      replaced.set(rest, whole.rest);
      lines.set(cut.slug, (lines.get(cut.slug) ?? 0) + whole.lines);
    }
  }
  return { pages: withModulesReplaced(pages, replaced), lines };
}

/** A cut module's column ends that break a word, the last (over its jump line) among them. */
function cutHyphens(columns: readonly (readonly ColumnUnit[])[]): number {
  return columns.filter(columnEndsHyphenated).length;
}

/**
 * A cut module and its rest with fewer words broken at their column ends: one paragraph of the cut
 * module (the one that runs on over the jump too) set a line longer or shorter (no line of it
 * looser than its loosest was), the cut module's columns filled to its depth as the plan filled
 * them (its last at most `jumpMendMaxRows` higher over the jump line, as mendJumpEnds lets it end,
 * with two lines at least; no more of the others short of the foot), the rest's text filled again
 * level at its printed depth or deeper within its module (feathered again to its foot if it was).
 * Of those, the one that breaks fewest words, then the least loose. Undefined where none breaks fewer.
 */
function cutKeptWhole(cut: PlacedModule, rest: PlacedModule, story: StoryMaterial, material: Material, shape: ColumnShape, policy: LayoutPolicy): { cut: PlacedModule; rest: PlacedModule; lines: number } | undefined {
  const { grid, fonts } = material;
  const own = cut.columns.flat();
  const restFeathered = hasBlankRows(rest);
  const restUnits = rest.columns.flat().filter((unit) => unit.kind !== 'space');
  const textRows = cut.rows - cut.head.rows;
  const lastRows = rowsOf(cut.columns[cut.columns.length - 1]);
  const reserve = textRows - lastRows;
  const restRows = rest.rows - rest.head.rows;
  const restDepth = tallest(rest.columns);
  const before = cutHyphens(cut.columns) + hyphenatedEnds(rest.columns);
  // Columns before the last that a kept line or a paragraph's rules (fillOneColumn) end a row or more above the foot.
  const short = (columns: readonly (readonly ColumnUnit[])[]) => columns.filter((column, c) => c < columns.length - 1 && rowsOf(column) < textRows).length;
  const shortBefore = short(cut.columns);
  // The cut module filled from `stream` as planned; undefined where its last column would hold
  // under two lines or end more than `jumpMendMaxRows` higher over the jump line, or its columns
  // further apart than `jumpMendMaxSpreadRows` or than they were (as mendJumpEnds lets it), the
  // rest nothing, or more of its other columns would stop short of the foot.
  const maxSpread = Math.max(policy.jumpMendMaxSpreadRows, cutEndSpread(cut.columns));
  const fillCut = (stream: readonly ColumnUnit[]) => {
    const fill = fillFull(stream, 0, cut.columns.length, textRows, reserve);
    const last = rowsOf(fill.columns[fill.columns.length - 1]);
    return last < 2 || last < lastRows - policy.jumpMendMaxRows || cutEndSpread(fill.columns) > maxSpread || fill.next >= stream.length || short(fill.columns) > shortBefore ? undefined : fill;
  };
  const fillRest = (stream: readonly ColumnUnit[]): ColumnUnit[][] | undefined => {
    const fill = fillBalanced(stream, 0, rest.columns.length, restRows, shape);
    if (!fill || fill.next < stream.length) return undefined;
    const columns = restFeathered ? featheredTo(fill.columns, restRows, policy.featherMaxShare) : fill.columns;
    if (!columns || (rest.columns.length > 1 && !endsLevel(columns))) return undefined;
    const deepest = tallest(columns);
    return deepest >= restDepth && deepest <= restRows ? columns : undefined;
  };
  let best: { cut: ColumnUnit[][]; rest: ColumnUnit[][]; lines: number; loosest: number; hyphens: number } | undefined;
  const all = [...own, ...restUnits];
  for (const { paragraph, start, count } of paragraphsWhollyIn(all)) {
    // A paragraph the cut module does not reach into moves none of its column ends.
    if (start >= own.length) break;
    const lines = all.slice(start, start + count);
    for (let step = 1; step <= policy.cutColumnEndLooseness; step++) {
      for (const looseness of [-step, step]) {
        // Even with none of its own lines hyphenated the cut module would break as many: no setting wins.
        const standInStream = [...all.slice(0, start), ...standIns(lines, looseness), ...all.slice(start + count)];
        const standIn = fillCut(standInStream);
        const standInRest = standIn && fillRest(standInStream.slice(standIn.next));
        if (!standIn || !standInRest || cutHyphens(standIn.columns) + hyphenatedEnds(standInRest) >= before) continue;
        const set = setAgain(story, grid, fonts, paragraph, looseness, lines, false);
        const loosest = set ? loosestSpacing(set) : Infinity;
        if (!set || loosest > loosestSpacing(lines)) continue;
        const stream = [...all.slice(0, start), ...set, ...all.slice(start + count)];
        const fill = fillCut(stream);
        const restColumns = fill && fillRest(stream.slice(fill.next));
        if (!fill || !restColumns) continue;
        const hyphens = cutHyphens(fill.columns) + hyphenatedEnds(restColumns);
        if (hyphens >= before) continue;
        if (!best || hyphens < best.hyphens || (hyphens === best.hyphens && loosest < best.loosest)) best = { cut: fill.columns, rest: restColumns, lines: looseness, loosest, hyphens };
      }
      if (best) break;
    }
  }
  return best && { cut: { ...cut, columns: best.cut }, rest: { ...rest, columns: best.rest }, lines: best.lines };
}

/**
 * A feathered module's columns (blank rows between its paragraphs: Material.feathered) filled
 * again with fewer blank rows, the first that ends them level (a line apart at most) no more than
 * `whiteRows` above the module's foot. The plan's count of blank rows may leave a column with too
 * few breaks for its share and the others full: 18/18/18/19/17 in 19 rows (22 articles at seed 9,
 * page 5), where 18 level rows leave one.
 */
function levelledByFewerBlanks(module: PlacedModule, story: StoryMaterial, material: Material, whiteRows: number): { columns: ColumnUnit[][]; lines: number } | undefined {
  if (whiteRows <= 0 || !hasBlankRows(module)) return undefined;
  const from = firstUnitIn(module, story);
  if (from >= story.units.length) return undefined;
  const piece = material.piece(story, from, module.continuedFrom);
  const depth = module.rows - module.head.rows;
  const base = material.balanced(piece, module.span);
  if (!base || base.rows > depth) return undefined;
  for (let extra = depth - base.rows; extra >= 0; extra--) {
    const fill = extra > 0 ? material.feathered(piece, module.span, extra) : base;
    if (!fill || fill.rows > depth) continue;
    if (fill.rows < depth - whiteRows) break;
    if (endsLevel(fill.columns)) return { columns: fill.columns.map((column) => [...column]), lines: 0 };
  }
  return undefined;
}

/**
 * A feathered module that no count of blank rows sets level, its text set level without them by
 * one paragraph a line looser or tighter (levelledByLooseness), where that ends its columns no
 * more than `levelWhiteRows` above the module's foot: 18/18/18/19/16 in 19 rows (22 articles at
 * seed 8, page 16), whose text without blank rows sets 17/17/17/18/16.
 */
function levelledWithoutBlanks(module: PlacedModule, story: StoryMaterial, grid: Grid, fonts: FontBook, shape: ColumnShape, policy: LayoutPolicy): { columns: ColumnUnit[][]; lines: number } | undefined {
  if (policy.levelWhiteRows <= 0 || !hasBlankRows(module)) return undefined;
  const plain = { ...module, columns: module.columns.map((column) => column.filter((unit) => unit.kind !== 'space')) };
  return levelledByLooseness(plain, story, grid, fonts, shape, policy.levelLooseness, module.rows - module.head.rows - policy.levelWhiteRows);
}

/** Whether a module's columns hold blank rows between paragraphs (a feathered story: Material.feathered). */
function hasBlankRows(module: PlacedModule): boolean {
  return module.columns.some((column) => column.some((unit) => unit.kind === 'space'));
}

/** Where in the story's units a module's text starts (its blank rows and photo room are not the story's). */
function firstUnitIn(module: PlacedModule, story: StoryMaterial): number {
  const index = new Map(story.units.map((unit, i) => [unit, i]));
  let from = story.units.length;
  for (const column of module.columns) for (const unit of column) from = Math.min(from, index.get(unit) ?? story.units.length);
  return from;
}

/** Whether two columns or more hold text, all ending within a line of each other (measure.ts unevenModules' opposite). */
function endsLevel(columns: readonly (readonly ColumnUnit[])[]): boolean {
  const depths = columns.map(rowsOf).filter((rows) => rows > 0);
  return depths.length >= 2 && Math.max(...depths) - Math.min(...depths) < 2;
}

/** Column ends but the last that break a word. */
function hyphenatedEnds(columns: readonly (readonly ColumnUnit[])[]): number {
  return columns.filter((column, c) => c < columns.length - 1 && columnEndsHyphenated(column)).length;
}

/**
 * A finished module's columns filled again level (a line apart at most) at its depth, with one of
 * the paragraphs wholly in it set up to `most` lines longer or shorter (each paragraph tried a line
 * either way before two), and no more words run across a column than before; of all that do, the
 * one whose loosest line is least loose.
 */
function levelledByLooseness(module: PlacedModule, story: StoryMaterial, grid: Grid, fonts: FontBook, shape: ColumnShape, most: number, lowest = 0): { columns: ColumnUnit[][]; lines: number } | undefined {
  // Blank rows between paragraphs are the shape step's answer to the same columns (its text is
  // tried without them, levelledWithoutBlanks).
  if (hasBlankRows(module)) return undefined;
  const units = module.columns.flat();
  const depth = module.rows - module.head.rows;
  const hyphensBefore = hyphenatedEnds(module.columns);
  let best: { columns: ColumnUnit[][]; lines: number; loosest: number } | undefined;
  for (const { paragraph, start, count } of paragraphsWhollyIn(units)) {
    const own = units.slice(start, start + count);
    for (let step = 1; step <= most; step++) {
      for (const looseness of [-step, step]) {
        const set = setAgain(story, grid, fonts, paragraph, looseness, own);
        if (!set) continue;
        const stream = [...units.slice(0, start), ...set, ...units.slice(start + count)];
        const fill = fillBalanced(stream, 0, module.columns.length, depth, shape);
        if (!fill || fill.next < stream.length) continue;
        const deepest = tallest(fill.columns);
        if (!endsLevel(fill.columns) || deepest > depth || deepest < lowest) continue;
        if (hyphenatedEnds(fill.columns) > hyphensBefore) continue;
        const loosest = loosestSpacing(set);
        if (!best || loosest < best.loosest) best = { columns: fill.columns, lines: looseness, loosest };
      }
      if (best) break;
    }
  }
  return best && { columns: best.columns, lines: best.lines };
}

/** The paragraphs wholly in a module's units, each in one run, none kept with what follows it (a table's introduction). */
function paragraphsWhollyIn(units: readonly ColumnUnit[]): { paragraph: number; start: number; count: number }[] {
  const out: { paragraph: number; start: number; count: number }[] = [];
  units.forEach((unit, start) => {
    if (unit.kind !== 'line' || unit.lineInParagraph !== 0) return;
    const count = unit.paragraphLines!;
    const own = units.slice(start, start + count);
    if (own.length === count && own.every((line) => line.kind === 'line' && line.paragraph === unit.paragraph && !line.keepWithNext)) out.push({ paragraph: unit.paragraph!, start, count });
  });
  return out;
}

/**
 * A paragraph set `looseness` lines longer or shorter than its best setting, or undefined where the
 * breaker has no such setting (without `emergencyPasses`, none within twice its tolerance), or only
 * one that leaves a word's fragment alone as its last line (a runt the best setting did not make).
 */
function setAgain(story: StoryMaterial, grid: Grid, fonts: FontBook, paragraph: number, looseness: number, own: readonly ColumnUnit[], emergencyPasses = true): ColumnUnit[] | undefined {
  const set = setStoryBody(story.article, grid, fonts, undefined, new Map([[paragraph, { looseness, emergencyPasses }]]));
  if (set.length !== own.length + looseness || (set.at(-2)?.lines[0]?.hyphenated && !own.at(-2)?.lines[0]?.hyphenated)) return undefined;
  return set;
}

/**
 * A finished module's columns with fewer words broken at their ends than mendColumnEnds left: one
 * paragraph wholly in it set up to `columnEndLooseness` lines longer or shorter (a line either
 * way before two), its columns filled again level at the module's depth (a feathered story's text
 * without its blank rows, each column then feathered to the foot again: featheredTo), and no
 * line of the paragraph looser than its loosest was; of those, the one that breaks fewest words,
 * then the least loose. A paragraph is set again only where a stand-in fill (standInFill) says
 * the try could win: a line-break search for every paragraph would cost a cold compose a tenth more.
 */
function wordsKeptWhole(module: PlacedModule, story: StoryMaterial, grid: Grid, fonts: FontBook, shape: ColumnShape, policy: LayoutPolicy): { columns: ColumnUnit[][]; lines: number } | undefined {
  const feathered = hasBlankRows(module);
  const units = feathered ? module.columns.flat().filter((unit) => unit.kind !== 'space') : module.columns.flat();
  const depth = module.rows - module.head.rows;
  const before = hyphenatedEnds(module.columns);
  const refill = (stream: readonly ColumnUnit[]): ColumnUnit[][] | undefined => {
    const fill = fillBalanced(stream, 0, module.columns.length, depth, shape);
    const columns = fill && fill.next >= stream.length ? (feathered ? featheredTo(fill.columns, depth, policy.featherMaxShare) : fill.columns) : undefined;
    return columns && endsLevel(columns) && tallest(columns) <= depth ? columns : undefined;
  };
  let best: { columns: ColumnUnit[][]; lines: number; loosest: number; hyphens: number } | undefined;
  for (const { paragraph, start, count } of paragraphsWhollyIn(units)) {
    const own = units.slice(start, start + count);
    for (let step = 1; step <= policy.columnEndLooseness; step++) {
      for (const looseness of [-step, step]) {
        // Even with none of its own lines hyphenated it would break as many: no setting of it wins.
        if ((standInFill(units, start, count, looseness, refill) ?? before) >= before) continue;
        // Not one only the breaker's emergency passes set (linebreak.ts emergencyPasses).
        const set = setAgain(story, grid, fonts, paragraph, looseness, own, false);
        const loosest = set ? loosestSpacing(set) : Infinity;
        if (!set || loosest > loosestSpacing(own)) continue;
        const columns = refill([...units.slice(0, start), ...set, ...units.slice(start + count)]);
        const hyphens = columns ? hyphenatedEnds(columns) : before;
        if (!columns || hyphens >= before) continue;
        if (!best || hyphens < best.hyphens || (hyphens === best.hyphens && loosest < best.loosest)) best = { columns, lines: looseness, loosest, hyphens };
      }
      if (best) break;
    }
  }
  return best && { columns: best.columns, lines: best.lines };
}

/** How far the loosest (or tightest) line of a paragraph's lines moves its spaces from their width, in pixels. */
function loosestSpacing(lines: readonly ColumnUnit[]): number {
  return Math.max(...lines.map((unit) => Math.abs(unit.lines[0]?.wordSpacing ?? 0)));
}

/**
 * How many words a paragraph of `count` lines at `start`, set `looseness` lines longer or shorter,
 * could at best leave broken over the module's column ends (`refill`'s): its lines stood in by its
 * own (the last repeated, or dropped), none of them hyphenated. Undefined where it cannot be filled so.
 */
function standInFill(units: readonly ColumnUnit[], start: number, count: number, looseness: number, refill: (stream: readonly ColumnUnit[]) => ColumnUnit[][] | undefined): number | undefined {
  if (count + looseness < 1) return undefined;
  const columns = refill([...units.slice(0, start), ...standIns(units.slice(start, start + count), looseness), ...units.slice(start + count)]);
  return columns && hyphenatedEnds(columns);
}

/** A paragraph's lines `looseness` more or fewer, stood in by its own (the last repeated, or dropped), none hyphenated. */
function standIns(own: readonly ColumnUnit[], looseness: number): ColumnUnit[] {
  const lines = Math.max(0, own.length + looseness);
  return Array.from({ length: lines }, (_, i): ColumnUnit => {
    const unit = own[Math.min(i, own.length - 1)];
    return { ...unit, lineInParagraph: i, paragraphLines: lines, lines: unit.lines.map((line) => ({ ...line, hyphenated: false })) };
  });
}
