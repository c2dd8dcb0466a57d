/**
 * Which pages a publication changes (the 82nd round's newsroom day): taking one story out of a
 * 27-page proof moved stories on 19 pages, put another story on the front and dropped two pages,
 * and the desk said only "takes out a0011-world". An editor checking a correction needs to know
 * which pages to look at again before publishing, and which pages subscribers will find changed.
 *
 * A page's print is compared by its image key (`ManifestPage.imageKey`, page-image-memory.ts: equal
 * exactly when the page's pixels would be), which every version made with reader images carries
 * (the render Lambda and `epaper dev`). Where either page lacks one, by what it holds: its stories
 * in order, its holes, and whether a story on it changed (`storiesChanged`): a page may then be
 * named changed whose print is the same, never the reverse. Pure.
 */
import type { ManifestPage } from './manifest';

/** How a publication's pages differ from the edition it replaces. */
export interface PageChanges {
  /**
   * Pages of the new edition that print differently from the page of the same number in the one
   * it replaces, or that it did not have, in order.
   */
  readonly changed: readonly number[];
  /** Pages the replaced edition had past the new one's last, in order: they are gone. */
  readonly removed: readonly number[];
  /** The replaced edition's page count and the new one's. */
  readonly pageCount: { readonly before: number; readonly after: number };
}

/** The pages of an edition as its manifest lists them. */
interface Paged {
  readonly pages?: readonly Pick<ManifestPage, 'number' | 'articles' | 'holes' | 'imageKey'>[];
}

/**
 * How `next`'s pages differ from `previous`'s, page number by page number. `storiesChanged`: the
 * slugs whose text or photos differ (corrected or added, `articleChanges`), which decide a page
 * without image keys.
 */
export function pageChanges(previous: Paged, next: Paged, storiesChanged: readonly string[]): PageChanges {
  const before = previous.pages ?? [];
  const after = next.pages ?? [];
  const changedStory = new Set(storiesChanged);
  const oldByNumber = new Map(before.map((page) => [page.number, page]));
  const changed = after
    .filter((page) => {
      const old = oldByNumber.get(page.number);
      if (!old) return true;
      if (old.imageKey && page.imageKey) return old.imageKey !== page.imageKey;
      return (
        JSON.stringify(old.articles ?? []) !== JSON.stringify(page.articles ?? []) ||
        (old.holes ?? []).length !== (page.holes ?? []).length ||
        (page.articles ?? []).some((slug) => changedStory.has(slug))
      );
    })
    .map((page) => page.number);
  const kept = new Set(after.map((page) => page.number));
  const removed = before.filter((page) => !kept.has(page.number)).map((page) => page.number);
  return { changed, removed, pageCount: { before: before.length, after: after.length } };
}

/** Page numbers as a reader writes them: "1, 4–6, 15–25". */
export function pageRanges(pages: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const page of pages) {
    const last = runs.at(-1);
    if (last && page === last[1] + 1) last[1] = page;
    else runs.push([page, page]);
  }
  return runs.map(([first, end]) => (first === end ? `${first}` : `${first}–${end}`)).join(', ');
}

/**
 * The page changes in a sentence ("pages 1, 4–6 and 15–25 change; pages 26–27 are gone (27 pages
 * become 25)"), empty when no page changes.
 */
export function pageChangesText(changes: PageChanges): string {
  const parts: string[] = [];
  if (changes.changed.length) parts.push(`${changes.changed.length === 1 ? 'page' : 'pages'} ${pageRanges(changes.changed)} ${changes.changed.length === 1 ? 'changes' : 'change'}`);
  if (changes.removed.length) parts.push(`${changes.removed.length === 1 ? 'page' : 'pages'} ${pageRanges(changes.removed)} ${changes.removed.length === 1 ? 'is' : 'are'} gone`);
  const { before, after } = changes.pageCount;
  if (before !== after) parts.push(`${before} ${before === 1 ? 'page becomes' : 'pages become'} ${after}`);
  return parts.join('; ');
}
