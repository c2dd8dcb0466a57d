/**
 * Where a block on the column grid lands on the page, in CSS px: the one formula for a column box,
 * used by the planner, the measures and the emitter alike.
 */
import type { Grid } from './config';

/** Width in px of `span` columns and the gutters between them. */
export function spanWidth(grid: Grid, span: number): number {
  return span * grid.columnWidth + (span - 1) * grid.gutter;
}

/** From one column's left edge to the next's, px. */
export function columnPitch(grid: Grid): number {
  return grid.columnWidth + grid.gutter;
}

/** Left edge in px of column `column` (0-based). */
export function columnLeft(grid: Grid, column: number): number {
  return grid.margin + column * columnPitch(grid);
}

/** Top edge in px of grid row `row` of the type area. */
export function rowTop(grid: Grid, row: number): number {
  return grid.top + row * grid.lead;
}

/** A grid box (columns and rows) as a px box. */
export function gridBox(grid: Grid, box: { readonly column: number; readonly span: number; readonly top: number; readonly rows: number }): { x: number; y: number; width: number; height: number } {
  return { x: columnLeft(grid, box.column), y: rowTop(grid, box.top), width: spanWidth(grid, box.span), height: box.rows * grid.lead };
}
