/**
 * Step "jump order", after the plan: a reader who follows the front page's jumps should meet them
 * in the front page's order, the lead's first. The planner fills page after page, each with what
 * fits it best, so a lead's rest too deep to stand under what a page already holds may land a page
 * after a lesser front-page story's rest (30 articles at seed 7: the lead continued on page 5,
 * Science's and Life's front-page stories on pages 3, 4 and 6; now the lead on page 3, the others
 * on 4, 5 and 6).
 *
 * Front-page story by front-page story, the lead's first (the most important first, then down and
 * across the front), the page holding its rest changes places with the page before it while that
 * page holds a rest of a front-page story that comes later and none that comes sooner, and the two
 * are alike: the same single section, neither its first page nor the edition's last, no band or
 * box, no story pinned to either, and no story on both. The rest of a story cut on an inside page
 * goes a page further from its start at most, and no story of the section starting on the page
 * going sooner passes a more important one starting on the other; a brief, which fills a page's
 * foot wherever it stands, may (30 articles at seed 5: a brief under the lead's rest kept it on
 * page 5, after both of Opinion's front-page rests; now on page 3).
 *
 * Each page keeps its modules, so its white, holes and order of stories are as planned; the
 * printed jump lines are numbered from the pages' new order (compose.ts linkJumps). A rest's piece
 * keeps the page number its story was cut on when planned, which only says that it is a rest here.
 */
import { inFrontPageOrder } from './measure';
import type { EditionPlan, PagePlan } from './plan';
import type { StoryMaterial } from './material';
import type { Planned } from './search';

/** `plan` with its front-page rests in the front page's order where neighbouring pages allow it; `plan` itself where nothing moves. */
export function frontJumpsInOrder(plan: EditionPlan): EditionPlan {
  if (plan.short || plan.pages.length < 4) return plan;
  const frontOrder = frontPageOrder(plan.pages[0]);
  const rank = (module: Planned) => (isFrontRest(module) ? frontOrder.indexOf(module.option.piece.story) : Infinity);
  const earliestRest = (page: PagePlan) => Math.min(...page.modules.map(rank));
  const sectionFirstPages = new Set(plan.sections.map((section) => section.page));
  const movable = (page: PagePlan, index: number) =>
    index > 0 &&
    index < plan.pages.length - 1 &&
    !sectionFirstPages.has(page.number) &&
    page.sections.length === 1 &&
    page.blocks.length === 0 &&
    page.modules.every((m) => m.option.piece.story.article.page === undefined);
  const pages = [...plan.pages];
  // Each page's place in the plan (page numbers are the plan's until the end: `movable` reads them).
  const plannedIndex = new Map(plan.pages.map((page, i) => [page, i]));
  // Whether `later` (just before `earlier` in `pages`) may go a page later and `earlier` a page sooner.
  const mayPass = (earlier: PagePlan, later: PagePlan, index: number): boolean => {
    if (!movable(later, index) || !movable(earlier, index + 1) || later.sections[0] !== earlier.sections[0]) return false;
    // Only past a page whose front-page rests all come later on the front.
    if (earliestRest(later) === Infinity || earliestRest(later) <= earliestRest(earlier)) return false;
    // A story on both pages (cut on one, its rest on the next) keeps its order, and the rest of a
    // story cut on an inside page goes at most a page further from its start.
    const storiesOfLater = new Set(later.modules.map((m) => m.option.piece.story));
    if (earlier.modules.some((m) => storiesOfLater.has(m.option.piece.story))) return false;
    if (later.modules.some(isInsideRest) && index + 1 > plannedIndex.get(later)! + 1) return false;
    // The section's own stories keep their importance order: none that starts on the page going
    // sooner passes a more important one starting on the other (briefs aside).
    const mostImportantStart = Math.min(...later.modules.filter(isStoryStart).map((m) => m.option.piece.story.article.priority));
    return !earlier.modules.some((m) => isStoryStart(m) && m.option.piece.story.article.priority > mostImportantStart);
  };
  // The lead's rest first, as far forward as the pages allow, then the next front-page story's.
  let moved = false;
  for (const story of frontOrder) {
    let index = pages.findIndex((page) => page.modules.some((m) => isFrontRest(m) && m.option.piece.story === story));
    while (index > 1 && mayPass(pages[index], pages[index - 1], index - 1)) {
      [pages[index - 1], pages[index]] = [pages[index], pages[index - 1]];
      index--;
      moved = true;
    }
  }
  if (!moved) return plan;
  return { ...plan, pages: pages.map((page, i) => (page.number === i + 1 ? page : { ...page, number: i + 1 })) };
}

/** The front page's stories in its order (measure.ts inFrontPageOrder): the most important first, then down and across among equals. */
export function frontPageOrder(front: PagePlan): StoryMaterial[] {
  const place = (m: Planned) => ({ priority: m.option.piece.story.article.priority, top: m.top, column: m.column });
  return [...front.modules].sort((a, b) => inFrontPageOrder(place(a), place(b))).map((m) => m.option.piece.story);
}

/** A front-page story's rest. */
function isFrontRest(module: Planned): boolean {
  return module.option.piece.continuedFromPage === 1;
}

/** The rest of a story cut on an inside page. */
function isInsideRest(module: Planned): boolean {
  const from = module.option.piece.continuedFromPage;
  return from !== undefined && from !== 1;
}

/** A story's start (not a rest), not a brief's: a brief fills a page's foot wherever it stands. */
function isStoryStart(module: Planned): boolean {
  return module.option.piece.continuedFromPage === undefined && !module.option.piece.story.brief;
}
