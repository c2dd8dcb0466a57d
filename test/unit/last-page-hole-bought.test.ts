/**
 * compose.ts lastPageHoleBought (policy pagesTurnedPerLastPageHole, layout-85): the plan with the
 * front page's jumps near the front is kept for a hole on the edition's last page, never for one
 * inside it, where the pages turned it saves pay for that page and its jumps more. The numbers are
 * A4's 45 articles at seed 2 with pull quotes set by their column's width: three jumps more, a
 * half-white last page, 194 pages turned against 95 (the quotes' size by their column is not
 * landed; test/render/front-rest-far.test.ts reads the printed jump lines of an edition that moves
 * with today's quotes).
 */
import { describe, expect, it } from 'vitest';
import { lastPageHoleBought } from '../../lambdas/core/layout/compose';
import { DEFAULT_LAYOUT_POLICY } from '../../lambdas/core/layout/policy';

const lastPageHole = { rest: true, holePagesMore: 1, innerHolePagesMore: 0 };

describe('a hole on the last page bought with pages turned', () => {
  it("keeps the plan that brings A4 45/2's front rests from pages 64 and 65 to 7 and 11", () => {
    expect(lastPageHoleBought(DEFAULT_LAYOUT_POLICY, lastPageHole, 3, 194 - 95)).toBe(true);
  });

  it('prices the hole and each jump more: 20 + 3 × 20 pages are not paid by 80 fewer', () => {
    expect(lastPageHoleBought(DEFAULT_LAYOUT_POLICY, lastPageHole, 3, 80)).toBe(false);
    expect(lastPageHoleBought(DEFAULT_LAYOUT_POLICY, lastPageHole, 3, 81)).toBe(true);
    expect(lastPageHoleBought(DEFAULT_LAYOUT_POLICY, lastPageHole, 0, 21)).toBe(true);
  });

  it('never buys a hole inside the edition, a plan worse otherwise, or anything with the price Infinity', () => {
    expect(lastPageHoleBought(DEFAULT_LAYOUT_POLICY, { ...lastPageHole, innerHolePagesMore: 1 }, 0, 1000)).toBe(false);
    expect(lastPageHoleBought(DEFAULT_LAYOUT_POLICY, { ...lastPageHole, rest: false }, 0, 1000)).toBe(false);
    expect(lastPageHoleBought({ ...DEFAULT_LAYOUT_POLICY, pagesTurnedPerLastPageHole: Infinity }, lastPageHole, 0, 1000)).toBe(false);
    // No hole more: the other terms of the try judge it.
    expect(lastPageHoleBought(DEFAULT_LAYOUT_POLICY, { ...lastPageHole, holePagesMore: 0 }, 0, 1000)).toBe(false);
  });
});
