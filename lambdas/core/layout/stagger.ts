/**
 * Staggered openings: heads that stand level across neighbouring modules ("tombstones",
 * measure.ts tombstonedHeads) broken the way a layout editor breaks them, by setting one story's
 * photo over its headline. The region search opens every stack of a split on one row (search.ts),
 * so a continuation's jump head at a page's top stands beside the next story's headline, and two
 * stories opened side by side print their headlines in one line across the page; a story that
 * carries a photo across its module can take it over its headline in the same rows
 * (story.ts headWithPhotoAbove), and its headline then stands under the photo, beside its
 * neighbour's text. Nothing on the page moves but that module's head parts, so the plan, its
 * jumps, pages, feet and order are as they were.
 */
import type { Grid } from './config';
import type { ComposedPage, PlacedModule } from './composition';
import { measurePage, tombstonedHeads, NEAR_HOLE_POLICY } from './measure';
import type { LayoutPolicy } from './policy';
import { headWithPhotoAbove } from './story';

/**
 * The page with photos set over the headlines of stories whose heads stand level with a
 * neighbour's, one story at a time, each time the one that leaves the fewest level pairs; kept
 * only where the page has fewer level pairs and no more blank areas near a hole's size. A front
 * page's lead keeps its headline at the top (the page's largest, over its photo, as NEWSPAPER.md's
 * front page has it), and a continuation its jump head. The page itself where the policy's
 * `photoOverLevelHead` is off.
 */
export function photosOverLevelHeads(page: ComposedPage, grid: Grid, policy: Pick<LayoutPolicy, 'photoOverLevelHead'>): ComposedPage {
  if (!policy.photoOverLevelHead) return page;
  let pairs = tombstonedHeads(page, grid).length;
  if (pairs === 0) return page;
  const lead = page.number === 1 ? frontLead(page) : undefined;
  let best = page;
  let holes: number | undefined;
  for (;;) {
    let step: { page: ComposedPage; pairs: number } | undefined;
    for (const module of candidates(best, grid)) {
      if (module === lead) continue;
      const head = headWithPhotoAbove(module.head, grid);
      if (!head) continue;
      const tried = { ...best, modules: best.modules.map((other) => (other === module ? { ...module, head } : other)) };
      const triedPairs = tombstonedHeads(tried, grid).length;
      if (triedPairs < (step?.pairs ?? pairs)) step = { page: tried, pairs: triedPairs };
    }
    if (!step) return best;
    // The headline's white moves with it: its short lines and the caption's under the photo may
    // meet as a blank area. Judged at a hole's near miss (NEAR_HOLE_POLICY), as the page is printed:
    // white 7.97 rows deep beside a caption and a two-line headline was no hole in the model's line
    // boxes and one of 8.2 rows in Chromium's glyphs (90 articles with two thin sections, page 24).
    holes ??= measurePage(page, grid, NEAR_HOLE_POLICY).holes.length;
    if (measurePage(step.page, grid, NEAR_HOLE_POLICY).holes.length > holes) return best;
    best = step.page;
    pairs = step.pairs;
  }
}

/** The started stories in the page's level pairs, left to right, whose heads still set their headline first. */
function candidates(page: ComposedPage, grid: Grid): PlacedModule[] {
  const found: PlacedModule[] = [];
  for (const { left, right } of tombstonedHeads(page, grid)) {
    for (const module of [left, right]) if (module.continuedFrom === undefined && !module.head.photoAbove && !found.includes(module)) found.push(module);
  }
  return found;
}

/** The front page's lead: the module whose headline is set largest (the first such, top left first). */
function frontLead(page: ComposedPage): PlacedModule | undefined {
  let lead: PlacedModule | undefined;
  let size = 0;
  for (const module of page.modules) {
    const headline = module.head.parts.find((part) => part.kind === 'headline');
    if (headline && headline.sizePx > size) {
      lead = module;
      size = headline.sizePx;
    }
  }
  return lead;
}
