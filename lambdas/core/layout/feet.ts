/**
 * Step "feet": a page whose copy stops three to seven rows over its folio shows a white strip
 * across it (measure.ts whiteFeet), shallower than a hole and deeper than the margin. The planner
 * lets a stack's foot keep up to `maxWhiteRows` of white and the paper's notices need more than
 * that, so nothing closed it: a long story's rest alone on a page ending six rows short, a brief
 * strung across the foot under a story with four rows of white below it. A desk closes that
 * white by feathering the page: the story over it set a little looser in its leading until it
 * reaches the foot, the brief or the paper's notice under it moved down with it (a notice that
 * reached its size, compose.ts houseAdsFor, stands a row under the story over it with the white
 * below). This step does the same on the set pages, one module or notice at a time, and keeps a
 * repair only where the page then has fewer white feet and no more holes: nothing moves across a
 * page, nothing is cut or set again word by word. Where white is left under a story's rest whose
 * feathering would pass a tenth of its lines, the rest's head takes the story's standfirst as a
 * deck (restsDeckedToFeet), what stands under it moves down, and the step is tried again.
 */
import { featheredTo, rowsOf, tallest } from './columns';
import { hasPhotoBeside, type ComposedPage, type PlacedModule } from './composition';
import type { Grid } from './config';
import { measurePage, typeArea, MEASURE_POLICY, type Box, type PageMeasures } from './measure';
import type { LayoutPolicy } from './policy';
import type { ColumnUnit } from './story';
import type { Rect } from './search';

/** `page` with the white at its foot taken up where a module over it can be feathered, or it or a notice moved down, to close it (policy `footFillMaxRows`). */
export function feetFilled(page: ComposedPage, grid: Grid, policy: LayoutPolicy): ComposedPage {
  if (policy.footFillMaxRows <= 0) return page;
  let measured = measurePage(page, grid);
  if (measured.whiteFeet.length === 0) return page;
  let current = page;
  for (const last of lastOver(current, measured.whiteFeet, grid)) {
    for (const candidate of footRepairs(current, last, grid, policy)) {
      const after = measurePage(candidate, grid);
      if (!fewerFeet(after, measured)) continue;
      current = candidate;
      measured = after;
      break;
    }
    if (measured.whiteFeet.length === 0) break;
  }
  return current;
}

/** Fewer white feet and no more holes: the repair did what it was for and made nothing worse. */
function fewerFeet(after: PageMeasures, before: PageMeasures): boolean {
  return after.whiteFeet.length < before.whiteFeet.length && after.holes.length <= before.holes.length;
}

/**
 * What stands last over a page's foot: a module, or one of the paper's notices (compose.ts
 * houseAdsFor), by its index on the page.
 */
type Last = { readonly kind: 'module' | 'notice'; readonly index: number };

/** What stands over the bands: in their columns, with no module or block below it. */
function lastOver(page: ComposedPage, bands: readonly Box[], grid: Grid): Last[] {
  const area = typeArea(grid);
  const pitch = grid.columnWidth + grid.gutter;
  const out = new Map<string, Last>();
  for (const band of bands) {
    const first = Math.floor((band.x - area.x) / pitch + 1e-6);
    const end = Math.ceil((band.x + band.width - area.x) / pitch - 1e-6);
    const over = (box: Rect) => box.column < end && box.column + box.span > first && nothingBelow(page, box);
    page.modules.forEach((module, index) => over(module) && out.set(`m${index}`, { kind: 'module', index }));
    page.blocks.forEach((block, index) => block.kind === 'house-ad' && over(block) && out.set(`n${index}`, { kind: 'notice', index }));
  }
  return [...out.values()];
}

/** No module or block stands under `box` in any of its columns. */
function nothingBelow(page: ComposedPage, box: Rect): boolean {
  const bottom = box.top + box.rows;
  const under = (other: Rect) => other !== box && other.top >= bottom && other.column < box.column + box.span && other.column + other.span > box.column;
  return !page.modules.some(under) && !page.blocks.some(under);
}

/**
 * The ways the white under `last` (a module or a notice) may be taken up, the likeliest first: by as
 * many rows as leave the margin's `freeWhiteRows`, then fewer, down to as few as take the white
 * under the measure's depth. For each, the module feathered as much deeper as it may be (or not
 * at all), and moved down by the rest, each module standing right over it in its columns
 * feathered deeper by that rest, or by less over a gap opened by at most `featherRows`: two
 * stories of a stack may share the rows a tenth of one's depth cannot take.
 */
function footRepairs(page: ComposedPage, last: Last, grid: Grid, policy: LayoutPolicy): ComposedPage[] {
  const box: Rect = last.kind === 'module' ? page.modules[last.index] : page.blocks[last.index];
  const white = grid.rows - (box.top + box.rows);
  const most = Math.min(policy.footFillMaxRows, white - policy.freeWhiteRows);
  const least = Math.max(1, white - (MEASURE_POLICY.footWhiteMinRows - 1));
  if (most < least) return [];
  // A notice keeps its depth (it is set for it): it is only moved down.
  const deeperBy = last.kind === 'module' ? featherings(page.modules[last.index], most, policy) : new Map<number, PlacedModule>();
  const over = modulesOver(page, box, policy);
  const overDeeper = over.map(({ index: i }) => (within(page.modules[i], box) ? featherings(page.modules[i], most, policy) : new Map<number, PlacedModule>()));
  const out: ComposedPage[] = [];
  for (let rows = most; rows >= least; rows--) {
    for (const grown of [...deeperBy.keys(), 0].filter((g) => g <= rows)) {
      const moved = rows - grown;
      // Moved down, it must leave something over it to close the gap it opens (not a page's top).
      if (moved > 0 && over.length === 0) continue;
      const replaced = new Map<number, PlacedModule>();
      if (last.kind === 'module') replaced.set(last.index, { ...(deeperBy.get(grown) ?? page.modules[last.index]), top: box.top + moved });
      const fits = over.every(({ index: i, gap }, k) => {
        // The deepest feathering the rows moved allow, the gap over the module opened by the rest.
        const own = [...overDeeper[k].keys(), 0].filter((g) => g <= moved && gap + moved - g <= policy.featherRows);
        if (own.length === 0) return false;
        const best = Math.max(...own);
        if (best > 0) replaced.set(i, overDeeper[k].get(best)!);
        return true;
      });
      if (!fits) continue;
      const blocks = last.kind === 'notice' ? page.blocks.map((block, i) => (i === last.index ? { ...block, top: block.top + moved } : block)) : page.blocks;
      out.push({ ...page, modules: page.modules.map((m, i) => replaced.get(i) ?? m), blocks });
    }
  }
  return out;
}

/** Whether `other` stands within `box`'s columns (feathered deeper, a wider one would run into what stands beside). */
function within(other: Rect, box: Rect): boolean {
  return other.column >= box.column && other.column + other.span <= box.column + box.span;
}

/** The modules standing right over `box` in its columns (a stack's touch; a feathered stack's, or a notice's, stand up to `featherRows` apart), and the rows between. */
function modulesOver(page: ComposedPage, box: Rect, policy: LayoutPolicy): { index: number; gap: number }[] {
  const out: { index: number; gap: number }[] = [];
  page.modules.forEach((other, i) => {
    if (other === box || other.column >= box.column + box.span || other.column + other.span <= box.column) return;
    const gap = box.top - (other.top + other.rows);
    if (gap >= 0 && gap <= policy.featherRows) out.push({ index: i, gap });
  });
  return out;
}

/** The module feathered deeper by each count of rows up to `most` that it may take (`feathered`). */
function featherings(module: PlacedModule, most: number, policy: LayoutPolicy): Map<number, PlacedModule> {
  const out = new Map<number, PlacedModule>();
  for (let rows = most; rows >= 1; rows--) {
    const deeper = feathered(module, rows, policy);
    if (deeper) out.set(rows, deeper);
  }
  return out;
}

/**
 * A finished story's module `rows` deeper, its columns brought to the new depth by blank rows at
 * their paragraph breaks, printed as their leading opened (columns.ts featheredTo, featheredPitch)
 * by at most the policy's `featherMaxShare`; undefined for a module cut to jump (its columns end
 * at its jump line), one with a photo beside its text (its columns are filled around it), one
 * shallower than the planner ever feathers (`featherMinRows`: in a brief the opened leading would
 * show), or where a column cannot open that far.
 */
function feathered(module: PlacedModule, rows: number, policy: LayoutPolicy): PlacedModule | undefined {
  const depth = module.rows - module.head.rows;
  if (module.continuedOn !== undefined || hasPhotoBeside(module) || depth < policy.featherMinRows) return undefined;
  if (module.columns.every((column) => column.length === 0)) return undefined;
  const plain = module.columns.map((column) => column.filter((unit) => unit.kind !== 'space'));
  // No more blank rows than the planner would give the module (material.ts featherable): a tenth
  // of its text's depth.
  if (depth + rows - tallest(plain) > tallest(plain) * policy.featherMaxShare + 1e-9) return undefined;
  const columns = policy.footFillRowShortColumns ? featheredWithRowShort(plain, depth + rows, policy.featherMaxShare) : featheredTo(plain, depth + rows, policy.featherMaxShare);
  return columns && { ...module, rows: module.rows + rows, columns };
}

/**
 * The columns brought to `depth` as featheredTo brings them, except that a column which cannot
 * open that far (a tenth of its own lines is fewer blank rows than the depth asks) is brought to a
 * row short of it (policy `footFillRowShortColumns`): the columns of the finished story still end
 * within a line of each other.
 */
function featheredWithRowShort(columns: readonly (readonly ColumnUnit[])[], depth: number, maxShare: number): ColumnUnit[][] | undefined {
  const out: ColumnUnit[][] = [];
  for (const column of columns) {
    const set = featheredTo([column], depth, maxShare) ?? featheredTo([column], depth - 1, maxShare);
    // A column that ends two rows short of the others (featheredTo keeps one a row short of its depth as it is) reads ragged.
    if (!set || (column.length > 0 && rowsOf(set[0]) < depth - 1)) return undefined;
    out.push(set[0]);
  }
  return out;
}

/**
 * `page` with a continuation over its white foot given a deck (policy `footFillRestDeckLines`):
 * `deckedHead` gives the rest's head with its story's standfirst under the jump head (story.ts
 * jumpHeadWithDeck, set by the caller, who holds the fonts and the story), or undefined. The rest
 * grows by the deck's rows, what stands under it in its columns moves down with it, and the feet
 * step (feetFilled) takes up what is left; kept only where the page then has fewer white feet and
 * no more holes, so a deck is printed only where it closes a white foot.
 */
export function restsDeckedToFeet(page: ComposedPage, grid: Grid, policy: LayoutPolicy, deckedHead: (module: PlacedModule) => PlacedModule['head'] | undefined): ComposedPage {
  if (policy.footFillRestDeckLines <= 0) return page;
  let measured = measurePage(page, grid);
  if (measured.whiteFeet.length === 0) return page;
  let current = page;
  for (let index = 0; index < current.modules.length && measured.whiteFeet.length > 0; index++) {
    const rest = current.modules[index];
    if (rest.continuedFrom === undefined || hasPhotoBeside(rest) || !overFeet(current, rest, measured.whiteFeet, grid)) continue;
    const head = deckedHead(rest);
    if (!head || head.rows <= rest.head.rows) continue;
    const grown = grownBy(current, index, head, head.rows - rest.head.rows, grid);
    if (!grown) continue;
    const filled = feetFilled(grown, grid, policy);
    const after = measurePage(filled, grid);
    if (!fewerFeet(after, measured)) continue;
    current = filled;
    measured = after;
  }
  return current;
}

/** Whether `module` shares a column with one of the white bands (what stands under it there moves down with it). */
function overFeet(page: ComposedPage, module: PlacedModule, bands: readonly Box[], grid: Grid): boolean {
  const area = typeArea(grid);
  const pitch = grid.columnWidth + grid.gutter;
  return bands.some((band) => {
    const first = Math.floor((band.x - area.x) / pitch + 1e-6);
    const end = Math.ceil((band.x + band.width - area.x) / pitch - 1e-6);
    return module.column < end && module.column + module.span > first;
  });
}

/**
 * The page with module `index` given `head`, `rows` deeper, and every module or block standing
 * under it in its columns (and under those) moved down by as much; undefined where one would then
 * run past the foot or into something beside it.
 */
function grownBy(page: ComposedPage, index: number, head: PlacedModule['head'], rows: number, grid: Grid): ComposedPage | undefined {
  const grown: PlacedModule = { ...page.modules[index], head, rows: page.modules[index].rows + rows };
  const boxes: Rect[] = [...page.modules, ...page.blocks];
  const moved = new Set<Rect>();
  const queue: Rect[] = [page.modules[index]];
  while (queue.length > 0) {
    const over = queue.pop()!;
    for (const other of boxes) {
      if (other === over || moved.has(other) || other === page.modules[index]) continue;
      const under = other.top >= over.top + over.rows && other.column < over.column + over.span && other.column + other.span > over.column;
      if (!under) continue;
      moved.add(other);
      queue.push(other);
    }
  }
  const shifted = (box: Rect) => (moved.has(box) ? box.top + rows : box.top);
  const after = boxes.map((box) => ({ column: box.column, span: box.span, top: box === page.modules[index] ? box.top : shifted(box), rows: box === page.modules[index] ? grown.rows : box.rows }));
  if (after.some((box) => box.top + box.rows > grid.rows)) return undefined;
  for (let a = 0; a < after.length; a++) {
    for (let b = a + 1; b < after.length; b++) {
      const x = after[a];
      const y = after[b];
      if (x.column < y.column + y.span && y.column < x.column + x.span && x.top < y.top + y.rows && y.top < x.top + x.rows) return undefined;
    }
  }
  return {
    ...page,
    modules: page.modules.map((module, i) => (i === index ? grown : moved.has(module) ? { ...module, top: module.top + rows } : module)),
    blocks: page.blocks.map((block) => (moved.has(block) ? { ...block, top: block.top + rows } : block)),
  };
}
