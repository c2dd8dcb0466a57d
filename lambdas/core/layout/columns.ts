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
  // Counted in place: the planner asks this for every piece and span it weighs.
  let rows = 0;
  for (let i = from; i < units.length; i++) rows += units[i].rows;
  return rows;
}

/**
 * Takes units for one column of at most `capacity` rows starting at `from`, then gives back lines
 * so that no paragraph leaves a single line at the foot (orphan) or carries a single line over to
 * the next column (widow), and no crosshead ends the column. Returns the index after the column.
 */
export function fillOneColumn(units: readonly ColumnUnit[], from: number, capacity: number): number {
  let end = from;
  let used = 0;
  while (end < units.length && used + units[end].rows <= capacity) {
    used += units[end].rows;
    end++;
  }
  if (end >= units.length || end === from) return end;
  for (let guard = 0; guard < 4 && end > from + 1; guard++) {
    const last = units[end - 1];
    const next = units[end];
    if (last.keepWithNext) {
      end--;
      continue;
    }
    // A word hyphenated across two columns reads badly; move its first half over, unless that
    // would leave a paragraph's first line alone at the foot.
    const endsHyphenated = last.kind === 'line' && last.lines[last.lines.length - 1]?.hyphenated;
    const before = units[end - 2];
    if (endsHyphenated && guard === 0 && !(before?.kind === 'line' && before.paragraph === last.paragraph && before.lineInParagraph === 0)) {
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
  return end;
}

/** Fills `span` columns of `capacity` rows each as far as the story goes; the last may be shorter by `reserveLast`. */
export function fillFull(units: readonly ColumnUnit[], from: number, span: number, capacity: number, reserveLast = 0): ColumnFill {
  const columns: ColumnUnit[][] = [];
  let index = from;
  for (let c = 0; c < span; c++) {
    const cap = c === span - 1 ? capacity - reserveLast : capacity;
    const end = fillOneColumn(units, index, cap);
    columns.push(units.slice(index, end));
    index = end;
  }
  return { columns, next: index };
}

/**
 * Sets the rest of a story in `span` level columns: the smallest height that holds it all, with the
 * rows shared out so that the columns end within a line of each other (a 10-row story in four
 * columns is 3/3/2/2, not 3/3/3/1). A block that cannot split (a pull quote) or a kept line can
 * leave a column short of its share; then a column may take a row or two more than its share, and
 * the most level result wins. Returns undefined when it does not fit in `capacity` rows.
 */
export function fillBalanced(units: readonly ColumnUnit[], from: number, span: number, capacity: number): ColumnFill | undefined {
  const total = remainingRows(units, from);
  let best: { fill: ColumnFill; spread: number; height: number } | undefined;
  const first = Math.max(1, Math.ceil(total / span));
  // Each trial keeps only where its columns end; a column is copied out only for a trial that wins.
  const starts = new Array<number>(span);
  const depths = new Array<number>(span);
  const columnsOf = (): ColumnUnit[][] => starts.map((start, c) => units.slice(start, c + 1 < span ? starts[c + 1] : undefined));
  for (let height = first; height <= capacity && height <= first + 3; height++) {
    for (let slack = 0; slack <= 2; slack++) {
      let index = from;
      let left = total;
      let endsOnKept = false;
      for (let c = 0; c < span; c++) {
        const share = c === span - 1 ? height : Math.min(height, Math.ceil(left / (span - c)) + slack);
        const end = fillOneColumn(units, index, share);
        let rows = 0;
        for (let i = index; i < end; i++) rows += units[i].rows;
        starts[c] = index;
        depths[c] = rows;
        // A column too short to give a crosshead's line back would end on the crosshead.
        if (end > index && units[end - 1].keepWithNext) endsOnKept = true;
        left -= rows;
        index = end;
      }
      if (index < units.length) continue;
      if (endsOnKept) continue;
      const tallestDepth = Math.max(...depths);
      const spread = tallestDepth - Math.min(...depths);
      if (!best || spread < best.spread || (spread === best.spread && tallestDepth < best.height)) best = { fill: { columns: columnsOf(), next: index }, spread, height: tallestDepth };
      if (spread <= 1) return best.fill;
    }
    if (best && best.spread <= 1) break;
  }
  if (best) return best.fill;
  // Nothing within a few rows of the ideal height: the plain smallest height that holds it.
  for (let height = first + 4; height <= capacity; height++) {
    let index = from;
    for (let c = 0; c < span; c++) index = fillOneColumn(units, index, height);
    if (index >= units.length) return fillFull(units, from, span, height);
  }
  return undefined;
}

/** Height in rows of the tallest column. */
export function tallest(columns: readonly (readonly ColumnUnit[])[]): number {
  return columns.reduce((max, column) => Math.max(max, rowsOf(column)), 0);
}

export { rowsOf };
