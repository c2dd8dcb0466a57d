/**
 * How deep the paper's own notices may stand in white at a stack's foot, and whether one closes it:
 * the rules the fill step places them by (compose.ts houseAdsFor), in a module of their own so the
 * planner (plan.ts) can ask them too without importing the compose step: it leaves a page's foot
 * to a notice where a section would open there as a stub (PlanOptions.openingsOffFoot).
 */
import type { Grid } from './config';
import type { LayoutPolicy } from './policy';
import type { Rect } from './search';

/**
 * Rows of the deepest notice `span` columns wide that a page's `share` of its area allows
 * (houseAdsFor), and never fewer than the least a notice takes: on a page smaller than A5 (120 ×
 * 160 mm, two columns of 35 rows) an eighth of it is four rows across, and no notice ever fitted.
 */
export function noticeMaxRows(grid: Grid, share: number, span: number, policy: LayoutPolicy): number {
  return Math.max(policy.houseAdMinRows, Math.floor(Math.floor(grid.columns * grid.rows * share) / span));
}

/** A notice stands a row below what is above it; at the top of the page nothing is. */
export function noticeGapAbove(foot: Rect): number {
  return foot.top === 0 ? 0 : 1;
}

/** Rows of the notice a page's `share` allows in `foot`. */
export function noticeRows(grid: Grid, policy: LayoutPolicy, foot: Rect, share: number): number {
  return Math.min(foot.rows - noticeGapAbove(foot), noticeMaxRows(grid, share, foot.span, policy));
}

/** A notice of `rows` leaves at most the planner's white limit and a row at the foot: shallower than a hole. */
export function noticeCloses(policy: LayoutPolicy, foot: Rect, rows: number): boolean {
  return foot.rows - rows <= policy.maxWhiteRows + 2;
}

/** One notice as deep as two of the page's largest and the row between them would be, a row below what is above it. */
export function deepNoticeRows(grid: Grid, policy: LayoutPolicy, foot: Rect, share: number): number {
  return 2 * Math.min(noticeRows(grid, policy, foot, share), Math.floor((foot.rows - noticeGapAbove(foot) - 1) / 2)) + 1;
}

/** Whether a notice of the page's size closes the white of `foot`. */
export function noticeClosesFoot(grid: Grid, policy: LayoutPolicy, foot: Rect, share: number): boolean {
  return noticeCloses(policy, foot, noticeRows(grid, policy, foot, share));
}

/** Whether the deeper notice (deepNoticeRows), no shallower than two of the least, closes the white of `foot`. */
export function deepNoticeClosesFoot(grid: Grid, policy: LayoutPolicy, foot: Rect, share: number): boolean {
  const deep = deepNoticeRows(grid, policy, foot, share);
  return deep >= 2 * policy.houseAdMinRows + 1 && noticeCloses(policy, foot, deep);
}

/** Whether one notice, of the page's size or the deeper one, closes the white of `foot`. */
export function closedByANotice(grid: Grid, policy: LayoutPolicy, foot: Rect, share: number): boolean {
  if (noticeRows(grid, policy, foot, share) >= policy.houseAdMinRows && noticeClosesFoot(grid, policy, foot, share)) return true;
  return deepNoticeClosesFoot(grid, policy, foot, share);
}
