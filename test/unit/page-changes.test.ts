/**
 * page-changes.ts: a page's print is compared by its image key where both versions have one (equal
 * exactly when the page's pixels are), else by what the page holds; and the sentence the CLI and
 * the desk say it in. The pages are the 82nd round's day: a story pulled from a 27-page proof.
 */
import { describe, expect, it } from 'vitest';
import { pageChanges, pageChangesText, pageRanges } from '../../lambdas/core/page-changes';

const page = (number: number, articles: string[], imageKey?: string) => ({ number, articles, holes: [], ...(imageKey ? { imageKey } : {}) });

describe('pageChanges', () => {
  it('goes by the image keys where both pages have one: the same stories printed differently changed, a page of moved stories printed the same did not', () => {
    const before = { pages: [page(1, ['lead', 'pulled'], 'k1'), page(2, ['second'], 'k2'), page(3, ['third'], 'k3')] };
    // Page 2's key changed with its stories the same (a continuation's "from page" line moved);
    // page 3's key is the same.
    const after = { pages: [page(1, ['lead', 'moved-up'], 'k1b'), page(2, ['second'], 'k2b'), page(3, ['third'], 'k3')] };
    expect(pageChanges(before, after, [])).toEqual({ changed: [1, 2], removed: [], pageCount: { before: 3, after: 3 } });
  });

  it('without image keys, a page changed when its stories, their order, its holes or one of its stories changed', () => {
    const before = { pages: [page(1, ['a', 'b']), page(2, ['c']), page(3, ['d']), { ...page(4, ['e']), holes: [{ x: 0, y: 0, width: 1, height: 1 }] }, page(5, ['f'])] };
    const after = { pages: [page(1, ['b', 'a']), page(2, ['c']), page(3, ['d']), page(4, ['e'])] };
    // Page 3's story corrected; page 4 lost its hole; page 5 is gone.
    expect(pageChanges(before, after, ['d'])).toEqual({ changed: [1, 3, 4], removed: [5], pageCount: { before: 5, after: 4 } });
    // One side without a key is compared as if neither had one.
    expect(pageChanges({ pages: [page(1, ['a'], 'k')] }, { pages: [page(1, ['a'])] }, []).changed).toEqual([]);
  });

  it('names the pages a longer edition adds as changed', () => {
    expect(pageChanges({ pages: [page(1, ['a'], 'k')] }, { pages: [page(1, ['a'], 'k'), page(2, ['b'], 'n')] }, ['b'])).toEqual({
      changed: [2],
      removed: [],
      pageCount: { before: 1, after: 2 },
    });
  });
});

describe('pageChangesText', () => {
  it('says the pages in ranges, what is gone and how the count changes', () => {
    expect(pageRanges([1, 4, 5, 6, 15, 16, 17])).toBe('1, 4–6, 15–17');
    expect(pageChangesText({ changed: [1, 4, 5, 6, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25], removed: [26, 27], pageCount: { before: 27, after: 25 } })).toBe(
      'pages 1, 4–6, 15–25 change; pages 26–27 are gone; 27 pages become 25',
    );
    expect(pageChangesText({ changed: [7], removed: [], pageCount: { before: 25, after: 25 } })).toBe('page 7 changes');
    expect(pageChangesText({ changed: [], removed: [], pageCount: { before: 25, after: 25 } })).toBe('');
  });
});
