/**
 * Filling columns from a story's stream of grid units: balanced (columns of a finished story end
 * level) or full (a story cut at the foot of the page), with widow, orphan and crosshead control.
 */
import type { ColumnUnit } from './story';

export interface ColumnFill {
  readonly columns: ColumnUnit[][];
  /** Index of the first unit not placed. */
  readonly next: number;
}

function rowsOf(units: readonly ColumnUnit[]): number {
  let rows = 0;
  for (const unit of units) rows += unit.rows;
  return rows;
}

/** Rows from `from` to the end of the stream. */
export function remainingRows(units: readonly ColumnUnit[], from: number): number {
  return rowsBetween(units, from, units.length);
}

/** Rows of the units from `from` up to (not including) `to`. */
export function rowsBetween(units: readonly ColumnUnit[], from: number, to: number): number {
  const before = rowsBefore(units);
  if (before) return before[to] - before[from];
  let rows = 0;
  for (let i = from; i < to; i++) rows += units[i].rows;
  return rows;
}

/**
 * Each stream's rows before each of its units (`[0]` is 0, `[units.length]` all its rows), kept
 * per stream: a story's stream never changes once set, and the planner asks how deep a stretch of
 * it is, and where a column of it ends, for every piece, span and height it weighs (a column's end
 * was a walk over the column's lines: the balanced fills' most repeated step, a fifth of a warm
 * compose). `null` for a stream counted unit by unit: a copy a figure floats in (floatFigure
 * changes it in place), or one with a unit of rows that are not a whole number.
 */
const rowsBeforeByStream = new WeakMap<readonly ColumnUnit[], Int32Array | null>();
function rowsBefore(units: readonly ColumnUnit[]): Int32Array | null {
  let before = rowsBeforeByStream.get(units);
  if (before === undefined) {
    before = new Int32Array(units.length + 1);
    for (let i = 0; i < units.length && before; i++) {
      const rows = units[i].rows;
      if (Number.isInteger(rows) && rows >= 0) before[i + 1] = before[i] + rows;
      else before = null;
    }
    rowsBeforeByStream.set(units, before);
  }
  return before;
}

/** A stream's copy for floatFigure to change in place, its rows counted unit by unit. */
function floatingCopy(units: readonly ColumnUnit[]): ColumnUnit[] {
  const copy = units.slice();
  rowsBeforeByStream.set(copy, null);
  return copy;
}

/**
 * How many units a column's end may step back to keep its rules (a kept line, a widow, an orphan,
 * a hyphen): enough for a table kept whole with the line that introduces it (a five-row table and
 * a three-line paragraph take seven), few enough that a rule can never empty a column.
 */
const COLUMN_END_STEPS = 8;

/**
 * Takes units for one column of at most `capacity` rows starting at `from`, then gives back lines
 * so that no paragraph leaves a single line at the foot (orphan) or carries a single line over to
 * the next column (widow), and no crosshead ends the column. Returns the index after the column.
 */
export function fillOneColumn(units: readonly ColumnUnit[], from: number, capacity: number, keepHyphens = true): number {
  let end = from;
  const before = rowsBefore(units);
  if (before) {
    // As many units as the capacity holds: the last index whose rows before it fit (they only grow).
    const limit = before[from] + capacity;
    let high = units.length;
    while (end < high) {
      const middle = (end + high + 1) >>> 1;
      if (before[middle] <= limit) end = middle;
      else high = middle - 1;
    }
  } else {
    let used = 0;
    while (end < units.length && used + units[end].rows <= capacity) {
      used += units[end].rows;
      end++;
    }
  }
  if (end >= units.length || end === from) return end;
  for (let guard = 0; guard < COLUMN_END_STEPS && end > from + 1; guard++) {
    const last = units[end - 1];
    const next = units[end];
    if (last.keepWithNext) {
      end--;
      continue;
    }
    // A word hyphenated across two columns reads badly; move its first half over, unless that
    // would leave a paragraph's first line alone at the foot.
    const before = units[end - 2];
    if (keepHyphens && endsHyphenated(last) && guard === 0 && !(before?.kind === 'line' && before.paragraph === last.paragraph && before.lineInParagraph === 0)) {
      end--;
      continue;
    }
    if (last.kind === 'line' && next.kind === 'line' && last.paragraph === next.paragraph) {
      if (last.lineInParagraph === 0) {
        end--;
        continue;
      }
      if (next.lineInParagraph === next.paragraphLines! - 1) {
        end--;
        continue;
      }
    }
    break;
  }
  // A column of nothing but what is kept with the next unit (a crosshead under a photo beside the
  // text, two rows deep, at 250 × 300 mm) would end on it: it takes nothing.
  if (end === from + 1 && units[from].keepWithNext && end < units.length) return from;
  return end;
}

/** The index of a stream's last figure, -1 for none: kept per stream, which never changes once set. */
const lastFigures = new WeakMap<readonly ColumnUnit[], number>();
function hasFigureFrom(units: readonly ColumnUnit[], from: number): boolean {
  let last = lastFigures.get(units);
  if (last === undefined) {
    last = -1;
    for (let i = units.length - 1; i >= 0 && last < 0; i--) if (units[i].kind === 'figure') last = i;
    lastFigures.set(units, last);
  }
  return last >= from;
}

/**
 * Fills `span` columns of `capacity` rows each as far as the story goes; the last may be shorter by
 * `reserveLast`. A figure too deep for a column's foot opens the next column, the text after it
 * moving up into the white (floatFigure 'down'), where the next column holds it: so the units placed
 * are still the stream's first ones, and `next` where the story goes on.
 */
export function fillFull(units: readonly ColumnUnit[], from: number, span: number, capacity: number, reserveLast = 0): ColumnFill {
  const columns: ColumnUnit[][] = [];
  const stream = hasFigureFrom(units, from) ? floatingCopy(units) : units;
  let index = from;
  for (let c = 0; c < span; c++) {
    const cap = c === span - 1 ? capacity - reserveLast : capacity;
    let end = fillOneColumn(stream, index, cap);
    const figure = stream !== units && c < span - 1 ? figureAt(stream, end) : undefined;
    if (figure !== undefined && stream[figure].rows <= (c + 1 === span - 1 ? capacity - reserveLast : capacity)) {
      if (floatFigure(stream as ColumnUnit[], index, end, cap, cap, 'down') !== undefined) end = fillOneColumn(stream, index, cap);
    }
    columns.push(stream.slice(index, end));
    index = end;
  }
  return { columns, next: index };
}

/** A photo standing beside the text over a module's last `columns`, `rows` deep with its caption (Shape.photoSide). */
export interface PhotoBeside {
  readonly columns: number;
  readonly rows: number;
  /** The unit each of those columns opens with: the rows kept for the photo. */
  readonly room: ColumnUnit;
}

/**
 * Fills `span` columns of `capacity` rows in reading order, the last `beside.columns` of them under
 * the photo beside the text (each opens with its room), the last column `reserveLast` rows short
 * (a jump line). A column under the photo that would take a single line takes none.
 */
export function fillBeside(units: readonly ColumnUnit[], from: number, span: number, capacity: number, beside: PhotoBeside, reserveLast = 0): ColumnFill {
  const columns: ColumnUnit[][] = [];
  let index = from;
  for (let c = 0; c < span; c++) {
    const under = c >= span - beside.columns;
    const cap = capacity - (under ? beside.rows : 0) - (c === span - 1 ? reserveLast : 0);
    let end = cap > 1 ? fillOneColumn(units, index, cap) : index;
    if (under && end > index && rowsBetween(units, index, end) < 2 && end < units.length) end = index;
    columns.push(under ? [beside.room, ...units.slice(index, end)] : units.slice(index, end));
    index = end;
  }
  return { columns, next: index };
}

/**
 * A finished story's rest around a photo beside it: the least depth at which the columns, filled in
 * reading order, hold it all. Filled so, every column but the last is full and the last is short by
 * about a row a column at most (one row less would not hold it), so the columns end near level.
 */
export function fillBesideLevel(units: readonly ColumnUnit[], from: number, span: number, beside: PhotoBeside): { columns: ColumnUnit[][]; rows: number } | undefined {
  const rest = remainingRows(units, from);
  const textColumns = span - beside.columns;
  if (textColumns < 1) return undefined;
  // No shallower than the photo, nor than the text shared over every column's room.
  let depth = Math.max(beside.rows, Math.ceil((rest + beside.columns * beside.rows) / span));
  for (; depth <= beside.rows + rest; depth++) {
    const fill = fillBeside(units, from, span, depth, beside);
    if (fill.next >= units.length) return { columns: fill.columns, rows: Math.max(...fill.columns.map(rowsOf)) };
  }
  return undefined;
}

/**
 * Sets the rest of a story in `span` level columns: the smallest height that holds it all, with the
 * rows shared out so that the columns end within a line of each other (a 10-row story in four
 * columns is 3/3/2/2, not 3/3/3/1). A block that cannot split (a pull quote) or a kept line can
 * leave a column short of its share; then a column may take a row or two more than its share, and
 * the most level result wins: the least spread, plus, with a column `shape`, its inside-white
 * weight for each row a column stops short of one to its right and for each row of spread past its
 * short leg, so that 32/29/29 beats 28/31/31 a row deeper, and 9/11/11 beats 13/11/7.
 * Returns undefined when it does not fit in `capacity` rows.
 */
export function fillBalanced(units: readonly ColumnUnit[], from: number, span: number, capacity: number, shape?: ColumnShape): ColumnFill | undefined {
  const here = levelFill(units, from, span, capacity, shape);
  const quote = floatingQuoteIn(units, from);
  if (quote === undefined || (here && here.cost <= 1 && !quoteAtColumnEdge(here.fill))) return here?.fill;
  // A pull quote cannot split: at its one place a column may stop lines short of its neighbours.
  // It may stand after another paragraph of its band (story.ts PULL_QUOTE_FLOAT_BAND); the place
  // that sets the columns most level wins, the nearest to its own of equals, and its own place
  // where none is more level.
  let best = here;
  for (const stream of here && here.cost <= 1 ? [] : quoteMoves(units, from, quote)) {
    const moved = levelFill(stream, from, span, capacity, shape);
    if (moved && (!best || moved.cost < best.cost)) best = moved;
    if (best && best.cost <= 1) break;
  }
  // Level, or as level as it goes: then off a column's top or foot, where that costs no levelness.
  return best && quoteAtColumnEdge(best.fill) ? quoteKeptInside(units, from, span, capacity, shape, quote, best) : best?.fill;
}

/**
 * A finished story's fill whose pull quote stands at a column's top or foot, with the quote at
 * another place of its band, the nearest first, where that sets it between lines of its column
 * and its columns as level (no more uneven than `chosen`, or level enough: cost 1); `chosen`'s own
 * fill where none does. A quote atop a column reads as a head of its own, one at a foot as the end
 * of the story or the start of the one under it (6 of 62 quotes on the Broadsheet in the quoted sweep).
 */
function quoteKeptInside(units: readonly ColumnUnit[], from: number, span: number, capacity: number, shape: ColumnShape | undefined, quote: number, chosen: { fill: ColumnFill; cost: number }): ColumnFill {
  const allowed = Math.max(1, chosen.cost);
  const inside = (fill: ColumnFill | undefined) => fill !== undefined && fill.next >= units.length && !quoteAtColumnEdge(fill);
  const here = levelFill(units, from, span, capacity, shape);
  if (here && here.cost <= allowed && inside(here.fill)) return here.fill;
  for (const stream of quoteMoves(units, from, quote)) {
    const moved = levelFill(stream, from, span, capacity, shape);
    if (moved && moved.cost <= allowed && inside(moved.fill)) return moved.fill;
  }
  return chosen.fill;
}

/** Whether a fill sets its pull quote at a column's top or foot: nothing of its story above or below it in the column. */
function quoteAtColumnEdge(fill: ColumnFill): boolean {
  return fill.columns.some((column) => {
    const at = column.findIndex((unit) => unit.kind === 'quote');
    if (at < 0) return false;
    return !column.slice(0, at).some((unit) => unit.kind !== 'space' && unit.kind !== 'photo-room') || !column.slice(at + 1).some((unit) => unit.kind !== 'space');
  });
}

/** The index of a pull quote with other places (ColumnUnit.floatsAfter) among the units from `from`, undefined for none. */
function floatingQuoteIn(units: readonly ColumnUnit[], from: number): number | undefined {
  let at = floatingQuotes.get(units);
  if (at === undefined) {
    at = units.findIndex((unit) => unit.kind === 'quote' && (unit.floatsAfter?.length ?? 0) > 0);
    floatingQuotes.set(units, at);
  }
  return at >= from ? at : undefined;
}
const floatingQuotes = new WeakMap<readonly ColumnUnit[], number>();

/**
 * The stream with its pull quote (at `quote`) moved to each of its other places after `from`, the
 * nearest to its own first: each a copy kept per stream and place, since the planner fills the
 * same rest at many spans and depths (and the copies keep their rows-before counts).
 */
function quoteMoves(units: readonly ColumnUnit[], from: number, quote: number): ColumnUnit[][] {
  let moves = quoteMovesByStream.get(units);
  if (!moves) quoteMovesByStream.set(units, (moves = new Map()));
  const floatsAfter = new Set(units[quote].floatsAfter);
  const places: number[] = [];
  // The index after a paragraph's last line: a place, as long as a line of the rest stands before it.
  for (let i = from; i < units.length; i++) {
    const unit = units[i];
    if (unit.kind === 'line' && unit.lineInParagraph === unit.paragraphLines! - 1 && floatsAfter.has(unit.paragraph!) && i + 1 !== quote && i !== quote) places.push(i + 1);
  }
  places.sort((a, b) => Math.abs(a - quote) - Math.abs(b - quote) || a - b);
  return places.map((place) => {
    let stream = moves.get(place);
    if (!stream) {
      stream = units.slice();
      const [moved] = stream.splice(quote, 1);
      stream.splice(place > quote ? place - 1 : place, 0, moved);
      moves.set(place, stream);
    }
    return stream;
  });
}
const quoteMovesByStream = new WeakMap<readonly ColumnUnit[], Map<number, ColumnUnit[]>>();

/**
 * A cut module's columns (filled full to its jump line, fillFull or fillBeside) with its pull quote
 * inside a column. The quote cannot split, and at its one place the full fill set it at a column's
 * foot (over the next story's head, or over the jump line) or, where it did not fit the foot, at the
 * next column's top under white rows the column before it left: 14 of 62 quotes on A4 in the
 * quoted sweep (`epaper quality --pull-quotes`), every one in a cut module; a finished module's
 * quote already floats (fillBalanced). It may stand after another paragraph of its band as there
 * (quoteMoves, the nearest first), where that sets it between lines of its column with the fewest
 * rows left white over the module's other columns; only to a place inside this module, so that
 * the story's units from the fill's `next` on (its continuation) are the stream's own.
 * `fillStream` fills a stream as the cut does; `acceptable` says whether a fill's `next` may end the
 * cut (the rest long enough). Returns `fill` itself where no place is better.
 */
export function cutFillKeepingQuoteInside(units: readonly ColumnUnit[], from: number, fill: ColumnFill, fillStream: (stream: readonly ColumnUnit[]) => ColumnFill, acceptable: (fill: ColumnFill) => boolean): ColumnFill {
  const quote = floatingQuoteIn(units, from);
  if (quote === undefined || quote >= fill.next) return fill;
  let best = fill;
  let bestBadness = quoteFillBadness(fill);
  if (bestBadness === 0) return fill;
  const unit = units[quote];
  for (const stream of quoteMoves(units, from, quote)) {
    const moved = fillStream(stream);
    if (moved.next <= Math.max(quote, stream.indexOf(unit)) || !acceptable(moved)) continue;
    const badness = quoteFillBadness(moved);
    if (badness < bestBadness) {
      best = moved;
      bestBadness = badness;
    }
    if (bestBadness === 0) break;
  }
  return best;
}

/**
 * How badly a fill sets its pull quote: a column's top or foot (nothing of its story above or below
 * it in the column) outweighs any white; then the rows the columns before the last stop short of the deepest.
 */
function quoteFillBadness(fill: ColumnFill): number {
  const deepest = Math.max(...fill.columns.map(rowsOf));
  let badness = 0;
  fill.columns.forEach((column, c) => {
    if (c < fill.columns.length - 1) badness += deepest - rowsOf(column);
  });
  return badness + (quoteAtColumnEdge(fill) ? QUOTE_AT_COLUMN_EDGE_BADNESS : 0);
}
/** A quote at a column's edge counts as more white rows than any column holds. */
const QUOTE_AT_COLUMN_EDGE_BADNESS = 1_000_000;

/** fillBalanced at the stream's own order: the most level fill and its cost (balancedTrials'). */
function levelFill(units: readonly ColumnUnit[], from: number, span: number, capacity: number, shape?: ColumnShape): { fill: ColumnFill; cost: number } | undefined {
  const level = balancedTrials(units, from, span, capacity, shape, true);
  if (level && level.cost <= 1) return level;
  // A word hyphenated across two columns is avoided, unless only that keeps the columns level: a
  // column two rows short over the white under its module reads as a hole, a hyphen does not.
  // (A rest with no hyphenated line would only repeat the same trials.)
  let hyphenatedLines = false;
  for (let i = from; i < units.length && !hyphenatedLines; i++) hyphenatedLines = endsHyphenated(units[i]);
  const hyphenated = hyphenatedLines ? balancedTrials(units, from, span, capacity, shape, false) : undefined;
  const best = hyphenated && (!level || hyphenated.cost < level.cost) ? hyphenated : level;
  if (best) return best;
  // Nothing within a few rows of the ideal height: the plain smallest height that holds it.
  const first = Math.max(1, Math.ceil(remainingRows(units, from) / span));
  for (let height = first + 4; height <= capacity; height++) {
    let index = from;
    for (let c = 0; c < span; c++) index = fillOneColumn(units, index, height);
    if (index >= units.length) {
      const fill = fillFull(units, from, span, height);
      return { fill, cost: shapeCost(fill.columns.map(rowsOf), shape) };
    }
  }
  return undefined;
}

/** How uneven a fill's columns of `depths` are, as balancedTrials weighs them. */
function shapeCost(depths: readonly number[], shape: ColumnShape | undefined): number {
  const weight = shape?.insideWhiteWeight ?? 0;
  const spread = Math.max(...depths) - Math.min(...depths);
  return columnShapeCost(depths, weight) + weight * Math.max(0, spread - (shape?.shortLegRows ?? spread));
}

/**
 * fillBalanced's trials: heights from the ideal up to three rows more, each column given its share
 * and up to two rows of slack; the fill that places everything at the least cost, the shallower of equals.
 */
function balancedTrials(units: readonly ColumnUnit[], from: number, span: number, capacity: number, shape: ColumnShape | undefined, keepHyphens: boolean): { fill: ColumnFill; cost: number } | undefined {
  const weight = shape?.insideWhiteWeight ?? 0;
  const total = remainingRows(units, from);
  // A figure that would leave white at a column's foot floats to the top of a column, as a paper
  // floats a photo: of the next column, the text after it moving up into the white, or of its own
  // column, the text before it moving down (floatFigure); each trial tries both, on its own copy of the rest.
  const hasFigure = hasFigureFrom(units, from);
  let best: { fill: ColumnFill; cost: number; hyphens: number; height: number } | undefined;
  const first = Math.max(1, Math.ceil(total / span));
  const hyphensAllowed = first <= (shape?.levelByHyphensRows ?? 0) ? span - 1 : 1;
  // Each trial keeps only where its columns end; a column is copied out only for a trial that wins.
  const starts = new Array<number>(span);
  const depths = new Array<number>(span);
  let stream: ColumnUnit[] | readonly ColumnUnit[] = units;
  const columnsOf = (): ColumnUnit[][] => starts.map((start, c) => stream.slice(start, c + 1 < span ? starts[c + 1] : undefined));
  const floats: readonly Float[] = hasFigure ? ['down', 'up'] : ['down'];
  for (let height = first; height <= capacity && height <= first + 3; height++) {
    for (let slack = 0; slack <= 2; slack++) for (const float of floats) {
      let index = from;
      let left = total;
      let endsOnKept = false;
      let hyphens = 0;
      if (hasFigure) stream = floatingCopy(units);
      for (let c = 0; c < span; c++) {
        const share = c === span - 1 ? height : Math.min(height, Math.ceil(left / (span - c)) + slack);
        let end = fillOneColumn(stream, index, share, keepHyphens);
        // A figure opening the column may make it deeper than its share, never than the trial's height.
        const floated = hasFigure ? floatFigure(stream as ColumnUnit[], index, end, share, height, c < span - 1 ? float : 'up') : undefined;
        if (floated !== undefined) end = fillOneColumn(stream, index, floated, keepHyphens);
        if (c < span - 1 && end > index && endsHyphenated(stream[end - 1])) hyphens++;
        const rows = rowsBetween(stream, index, end);
        starts[c] = index;
        depths[c] = rows;
        // A column too short to give a crosshead's line back would end on the crosshead.
        if (end > index && stream[end - 1].keepWithNext) endsOnKept = true;
        left -= rows;
        index = end;
      }
      if (index < units.length) continue;
      if (endsOnKept) continue;
      // One word run across a column is the price of level columns; more are not, but in columns
      // of a few lines (a brief across the page), where an end stepped back off a hyphenated word
      // moves by a third of the column, a word run across each.
      if (!keepHyphens && hyphens > hyphensAllowed) continue;
      const tallestDepth = Math.max(...depths);
      const spread = tallestDepth - Math.min(...depths);
      const cost = columnShapeCost(depths, weight) + weight * Math.max(0, spread - (shape?.shortLegRows ?? spread));
      // Of equals, the fewest words hyphenated across columns, then the shallower.
      const better = !best || cost < best.cost || (cost === best.cost && (hyphens < best.hyphens || (hyphens === best.hyphens && tallestDepth < best.height)));
      if (better) best = { fill: { columns: columnsOf(), next: index }, cost, hyphens, height: tallestDepth };
      if (cost <= 1 && hyphens === 0) return best;
    }
    if (best && best.cost <= 1) break;
  }
  if (hasFigure || (best && best.cost <= 1)) return best;
  const shared = sharedOutTrials(units, from, span, Math.min(capacity, best?.height ?? capacity), first, shape, keepHyphens);
  return shared && (!best || shared.cost < best.cost || (shared.cost === best.cost && shared.hyphens < best.hyphens)) ? shared : best;
}

/**
 * balancedTrials' second look, where no trial came within a line: every column's share chosen on
 * its own, not one slack for all. A paragraph's rules move a column's end to a break a row or two
 * from its share, and one slack for every column then cannot give the next ones what this one
 * took or left: the sample's last page printed a tail of 39 lines 9/8/9/8/5, a spread of four
 * lines where two were possible. A depth-first search over each column's share from two rows under what is
 * left per column to two over, bounded by the cost so far (the spread and the white inside only
 * grow as columns are added), ends on the same rules as the trials. Not for a rest with a figure,
 * which floats (floatFigure) on each trial's own copy of the stream.
 */
function sharedOutTrials(units: readonly ColumnUnit[], from: number, span: number, capacity: number, first: number, shape: ColumnShape | undefined, keepHyphens: boolean): { fill: ColumnFill; cost: number; hyphens: number; height: number } | undefined {
  const weight = shape?.insideWhiteWeight ?? 0;
  const total = remainingRows(units, from);
  const starts = new Array<number>(span);
  const depths = new Array<number>(span);
  // The same column (start, share) recurs under many choices before it.
  const ends = new Map<number, number>();
  const endOf = (index: number, share: number) => {
    const key = index * 4096 + share;
    let end = ends.get(key);
    if (end === undefined) ends.set(key, (end = fillOneColumn(units, index, share, keepHyphens)));
    return end;
  };
  const costOf = (columns: number) => {
    const shown = depths.slice(0, columns);
    const spread = Math.max(...shown) - Math.min(...shown);
    return columnShapeCost(shown, weight) + weight * Math.max(0, spread - (shape?.shortLegRows ?? spread));
  };
  let best: { fill: ColumnFill; cost: number; hyphens: number; height: number } | undefined;
  const visit = (c: number, index: number, left: number, hyphens: number, height: number) => {
    if (c === span) {
      if (index < units.length) return;
      const cost = costOf(span);
      const tallestDepth = Math.max(...depths);
      if (!best || cost < best.cost || (cost === best.cost && (hyphens < best.hyphens || (hyphens === best.hyphens && tallestDepth < best.height)))) {
        best = { fill: { columns: starts.map((start, k) => units.slice(start, k + 1 < span ? starts[k + 1] : index)), next: index }, cost, hyphens, height: tallestDepth };
      }
      return;
    }
    const ideal = Math.ceil(left / (span - c));
    const high = c === span - 1 ? height : Math.min(height, ideal + 2);
    const low = c === span - 1 ? height : Math.max(1, ideal - 2);
    const tried = new Set<number>();
    for (let share = high; share >= low; share--) {
      const end = endOf(index, share);
      if (tried.has(end)) continue;
      tried.add(end);
      if (end > index && units[end - 1].keepWithNext) continue;
      const more = hyphens + (c < span - 1 && end > index && endsHyphenated(units[end - 1]) ? 1 : 0);
      if (!keepHyphens && more > 1) continue;
      starts[c] = index;
      depths[c] = rowsBetween(units, index, end);
      if (best && costOf(c + 1) > best.cost) continue;
      visit(c + 1, end, left - depths[c], more, height);
    }
  };
  for (let height = first; height <= capacity && height <= first + 3; height++) {
    visit(0, from, total, 0, height);
    if (best && best.cost <= 1 && best.hyphens === 0) break;
  }
  return best;
}

/** Where a figure that does not fit a column's foot goes: the next column's top, or its own column's. */
type Float = 'down' | 'up';

/**
 * A column of `stream[from, end)` that stops at a figure too deep for the white left under it.
 * 'down': the text after the figure that fits the white (up to the next figure) moves up before it,
 * in order, so that the figure opens the next column. 'up': the figure moves before the column's
 * text, opening this column (the text it passes goes on under it), if it is no deeper than
 * `deepest`. Changes `stream` in place; returns the column's capacity when anything moved.
 */
function floatFigure(stream: ColumnUnit[], from: number, end: number, capacity: number, deepest: number, float: Float): number | undefined {
  const at = figureAt(stream, end);
  if (at === undefined || end === from) return undefined;
  if (at > end) {
    // A crosshead set just before a figure is kept with it, so the column stopped at the crosshead
    // and nothing floated: the figure opened the column after next, and the column between held two
    // lines over white as deep as the figure (21/2/22/22/21). The crosshead heads the text after the
    // figure: the figure goes first, and floats as any other; if nothing moves, the copy is as it was.
    const [figure] = stream.splice(at, 1);
    stream.splice(end, 0, figure);
    const floated = floatFigure(stream, from, end, capacity, deepest, float);
    if (floated === undefined) stream.splice(at, 0, ...stream.splice(end, 1));
    return floated;
  }
  if (float === 'up') {
    if (stream[end].rows > deepest || stream[from].kind === 'figure') return undefined;
    const [figure] = stream.splice(end, 1);
    stream.splice(from, 0, figure);
    return Math.max(capacity, figure.rows);
  }
  let room = capacity;
  for (let i = from; i < end; i++) room -= stream[i].rows;
  let after = end + 1;
  while (after < stream.length && stream[after].kind !== 'figure' && room - stream[after].rows >= 0) room -= stream[after++].rows;
  // The text moved keeps the column's rules, the figure between its parts: no paragraph's first
  // line alone at the column's foot, no last line alone under the figure, no crosshead at the foot.
  for (let guard = 0; guard < COLUMN_END_STEPS && after > end + 1; guard++) {
    const last = stream[after - 1];
    const next = stream[after];
    const sameParagraph = last.kind === 'line' && next?.kind === 'line' && last.paragraph === next.paragraph;
    if (last.keepWithNext || (sameParagraph && (last.lineInParagraph === 0 || next.lineInParagraph === next.paragraphLines! - 1))) after--;
    else break;
  }
  if (after === end + 1) return undefined;
  const [figure] = stream.splice(end, 1);
  stream.splice(after - 1, 0, figure);
  return capacity;
}

/**
 * The index of the figure a column that ends at `end` stops at: `end` itself, or the figure just
 * after the crossheads (units kept with the next) that `end` stops at; undefined for none.
 */
function figureAt(stream: readonly ColumnUnit[], end: number): number | undefined {
  let at = end;
  while (at < stream.length && stream[at].kind !== 'figure' && stream[at].keepWithNext) at++;
  return at < stream.length && stream[at].kind === 'figure' ? at : undefined;
}

/** Whether a column's last line ends in a hyphen (the word goes on where the column's text goes on). */
export function columnEndsHyphenated(column: readonly ColumnUnit[]): boolean {
  return column.length > 0 && endsHyphenated(column[column.length - 1]);
}

function endsHyphenated(unit: ColumnUnit): boolean {
  return unit.kind === 'line' && unit.lines[unit.lines.length - 1]?.hyphenated === true;
}

/** Height in rows of the tallest column. */
export function tallest(columns: readonly (readonly ColumnUnit[])[]): number {
  return columns.reduce((max, column) => Math.max(max, rowsOf(column)), 0);
}

/**
 * The line pitch of a feathered column, or undefined for a column set on the grid. The planner
 * makes a story deeper by blank rows at its paragraph breaks (Material.feathered); printed so, they
 * read as blank lines between paragraphs, which a newspaper never sets (6 in the sample's 90-row
 * Mekong column). Spread over every line of text instead (vertical justification, as newsroom
 * systems feather), they open the leading by a few per cent: 4.4% in the median feathered column of
 * the quality sweep, 10% at most. The column keeps its depth: its text lines take the blank rows'
 * height between them, its crossheads' space, table rows, quotes and figures keep theirs. Rounded
 * down to Chromium's layout unit, so the column never ends below its planned foot (at most a
 * sixty-fourth of a pixel short a line). The emitter prints it so and measure.ts measures it so.
 */
export function featheredPitch(column: readonly ColumnUnit[], lead: number): number | undefined {
  const { blanks, lines } = blanksAndLines(column);
  if (blanks === 0 || lines === 0) return undefined;
  return Math.floor((lead + (blanks * lead) / lines) * 64) / 64;
}

/** Units the emitter prints as body lines, one a row (or a feathered column's pitch): not a blank row, quote, table row or photo. */
export function setAsBodyLines(unit: ColumnUnit): boolean {
  return unit.kind !== 'space' && unit.kind !== 'quote' && unit.kind !== 'table-row' && !(unit.kind === 'figure' && unit.photo);
}

/** A column's blank rows, and its lines printed as body lines (what its blank rows spread over). */
export function blanksAndLines(column: readonly ColumnUnit[]): { blanks: number; lines: number } {
  let blanks = 0;
  let lines = 0;
  for (const unit of column) {
    if (unit.kind === 'space') blanks += unit.rows;
    else if (setAsBodyLines(unit)) lines += unit.lines.length;
  }
  return { blanks, lines };
}

/**
 * A finished story's columns ending level: every shorter column made as deep as the deepest by
 * rows spread over its leading (featheredPitch prints them so), at its paragraph breaks where it
 * has them, never opening or closing it. Undefined when the columns end within a line of each
 * other already, or when a column would open its leading by more than `maxStretch` of its lines
 * (a short leg under a figure, a brief of four lines: better short than loose).
 */
export function levelledColumns(columns: readonly (readonly ColumnUnit[])[], maxStretch: number): ColumnUnit[][] | undefined {
  const depths = columns.map(rowsOf);
  const set = depths.filter((depth) => depth > 0);
  if (set.length < 2) return undefined;
  const deepest = Math.max(...set);
  if (deepest - Math.min(...set) < 2) return undefined;
  const out: ColumnUnit[][] = [];
  for (const [c, column] of columns.entries()) {
    const short = deepest - depths[c];
    if (depths[c] === 0 || short === 0) {
      out.push([...column]);
      continue;
    }
    const { blanks, lines } = blanksAndLines(column);
    if (column.length < 2 || lines === 0 || blanks + short > lines * maxStretch) return undefined;
    out.push(withRowsSpread(column, short));
  }
  return out;
}

/**
 * How many blank rows may go between the paragraphs of text with `breaks` paragraph breaks and
 * `lines` lines (Material.feathered, featheredTo): one to each break, or as many as open its
 * leading by `maxShare` of its lines.
 */
export function blankRowsAllowed(breaks: number, lines: number, maxShare: number): number {
  return Math.max(breaks, Math.floor(lines * maxShare + 1e-9));
}

/**
 * A finished story's columns, filled without blank rows, each brought to `depth` (or a row short
 * of it) by blank rows at its paragraph breaks, as Material.feathered sets a feathered story: at
 * most one to a break, or as many as open its leading by `maxShare` of its lines. Undefined where
 * a column cannot be.
 */
export function featheredTo(columns: readonly (readonly ColumnUnit[])[], depth: number, maxShare: number): ColumnUnit[][] | undefined {
  const out: ColumnUnit[][] = [];
  for (const column of columns) {
    const rows = depth - rowsOf(column);
    if (column.length === 0 || rows <= 1) {
      if (column.length > 0 && rows < 0) return undefined;
      out.push([...column]);
      continue;
    }
    const breaks = paragraphBreaksIn(column).length;
    if (breaks === 0 || rows > blankRowsAllowed(breaks, blanksAndLines(column).lines, maxShare)) return undefined;
    out.push(withRowsSpread(column, rows));
  }
  return out;
}

/** Where a blank line may go in `units` (from `from`): before each first line of a paragraph that follows another's last, not kept with it. */
export function paragraphBreaksIn(units: readonly ColumnUnit[], from = 0): number[] {
  const breaks: number[] = [];
  for (let i = from + 1; i < units.length; i++) {
    const before = units[i - 1];
    const after = units[i];
    // Not after a line kept with the next (a table's row, the line that introduces it): a blank
    // row there parts them, and a column may end on it (at 148 × 230 mm a column of the sample's
    // Mekong story ended on its table's header once the blank under it was taken off the foot).
    if (before.kind === 'line' && after.kind === 'line' && before.lineInParagraph === before.paragraphLines! - 1 && after.lineInParagraph === 0 && !before.keepWithNext) breaks.push(i - from);
  }
  return breaks;
}

/** `column` with `rows` blank rows put between its units: at its paragraph breaks, spread evenly, or where it has none, evenly between its units. */
function withRowsSpread(column: readonly ColumnUnit[], rows: number): ColumnUnit[] {
  const breaks = paragraphBreaksIn(column);
  const places = breaks.length > 0 ? breaks : Array.from({ length: column.length - 1 }, (_, i) => i + 1);
  const at = new Map<number, number>();
  for (let k = 0; k < rows; k++) {
    const place = places[Math.floor(((k + 0.5) * places.length) / rows)];
    at.set(place, (at.get(place) ?? 0) + 1);
  }
  const space = (like: ColumnUnit): ColumnUnit => ({ kind: 'space', rows: 1, lines: [], sizePx: like.sizePx, lineHeight: like.lineHeight, faces: like.faces });
  const out: ColumnUnit[] = [];
  column.forEach((unit, i) => {
    for (let k = at.get(i) ?? 0; k > 0; k--) out.push(space(unit));
    out.push(unit);
  });
  return out;
}

export { rowsOf };

/** What a finished story's columns may look like (the layout policy's column shape). */
export interface ColumnShape {
  /** Weight of white inside the text against the spread of the columns' depths. */
  readonly insideWhiteWeight: number;
  /** Rows a column may stop short of the deepest, unless the level fill's already does. */
  readonly shortLegRows: number;
  /** Rows every column keeps, unless the level fill's shallowest has fewer. */
  readonly minRows: number;
  /** Columns this many rows deep or fewer may each end on a hyphenated word where only that sets them level (policy `levelByHyphensRows`); deeper ones once. */
  readonly levelByHyphensRows?: number;
}

/** Where a module's columns stand on the page. */
export interface ColumnRoom {
  /** Rows the module has for its columns. */
  readonly rows: number;
  /** White rows below the module, in each of its columns, down to what stands below or the page's foot. */
  readonly whiteBelow: readonly number[];
  /** White rows down a column that read as a hole: no column may get them that had not. */
  readonly holeRows: number;
}

/**
 * White inside a story's columns, in rows: how far each column stops short of the deepest column
 * to its right, where that is two rows or more. The eye reads it as a hole in the story
 * (9/8/7/8/9); white after the last leg reads as the story's end (9/8/9/9/6), and a single row
 * short is a paragraph kept whole and goes unseen. Empty columns (a short lead's) are not counted.
 */
function insideWhite(depths: readonly number[]): number {
  let inside = 0;
  let deepestToTheRight = 0;
  for (let c = depths.length - 1; c >= 0; c--) {
    if (depths[c] > 0 && deepestToTheRight - depths[c] >= 2) inside += deepestToTheRight - depths[c];
    deepestToTheRight = Math.max(deepestToTheRight, depths[c]);
  }
  return inside;
}

/** How uneven a story's columns look: the rows between the deepest and the shallowest, plus white inside the text weighted more. */
function columnShapeCost(depths: readonly number[], insideWhiteWeight: number): number {
  return Math.max(...depths) - Math.min(...depths) + insideWhiteWeight * insideWhite(depths);
}

/** Whether a column stops two or more rows short of a column to its right (insideWhite). */
export function whiteInside(columns: readonly (readonly ColumnUnit[])[]): boolean {
  return insideWhite(columns.map(rowsOf)) > 0;
}

/**
 * A finished story's level columns (fillBalanced's, as the page was planned with them) shared out
 * again at the same depth, so that no column stops short of one to its right: the shortest leg
 * last. Among the fills of that depth and no more than `shortLegRows` less level (or the
 * level fill's own spread), the one columnShapeCost likes best; undefined when that is the level
 * fill itself. Columns left empty on the right (a lead too short for its span) stay empty; none
 * is emptied or left with fewer than `minRows`; no column opens on a blank row (a feathered
 * module's); and no column's white, with the white below the module, grows to a hole's depth.
 */
export function shapedColumns(columns: readonly (readonly ColumnUnit[])[], shape: ColumnShape, room: ColumnRoom): ColumnUnit[][] | undefined {
  let span = columns.length;
  while (span > 0 && columns[span - 1].length === 0) span--;
  if (span < 2 || columns.slice(0, span).some((column) => column.length === 0)) return undefined;
  const levelDepths = columns.slice(0, span).map(rowsOf);
  // Nothing inside to move: the level fill is the best there is.
  if (insideWhite(levelDepths) === 0 || shape.insideWhiteWeight <= 0) return undefined;
  let bestCost = columnShapeCost(levelDepths, shape.insideWhiteWeight);
  const units = columns.slice(0, span).flat();
  const total = rowsOf(units);
  const depth = Math.max(...levelDepths);
  const widest = Math.max(depth - Math.min(...levelDepths), shape.shortLegRows);
  const shallowest = Math.min(Math.min(...levelDepths), shape.minRows);
  const ends = new Array<number>(span);
  const depths = new Array<number>(span);
  let best: number[] | undefined;
  // The module keeps its depth, so only fills to it are tried; slack 3 is the plain fill to it:
  // every column full but the last.
  trial: for (let slack = 0; slack <= 3; slack++) {
    let index = 0;
    let left = total;
    for (let c = 0; c < span; c++) {
      if (c > 0 && units[index]?.kind === 'space') continue trial;
      const share = c === span - 1 || slack === 3 ? depth : Math.min(depth, Math.ceil(left / (span - c)) + slack);
      const end = fillOneColumn(units, index, share);
      if (end > index && end < units.length && units[end - 1].keepWithNext) continue trial;
      let rows = 0;
      for (let i = index; i < end; i++) rows += units[i].rows;
      depths[c] = rows;
      ends[c] = end;
      left -= depths[c];
      index = end;
    }
    // A shallower fill would leave a row white under the module that the plan did not count (a
    // feathered story's blank rows moved up: 61 rows planned, 60 printed).
    if (index < units.length || Math.max(...depths) !== depth || Math.max(...depths) - Math.min(...depths) > widest || Math.min(...depths) < shallowest) continue;
    if (depths.some((d, c) => room.rows - d + room.whiteBelow[c] >= room.holeRows && room.rows - levelDepths[c] + room.whiteBelow[c] < room.holeRows)) continue;
    const cost = columnShapeCost(depths, shape.insideWhiteWeight);
    if (cost < bestCost) {
      bestCost = cost;
      best = [...ends];
    }
  }
  if (!best) return undefined;
  const chosen = best;
  return columns.map((column, c) => (c < span ? units.slice(c === 0 ? 0 : chosen[c - 1], chosen[c]) : []));
}
