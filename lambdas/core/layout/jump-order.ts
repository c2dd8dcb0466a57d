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
 * keeps the page number its story was cut on when planned (this step reads those); the plan printed
 * then names the new pages (compose.ts printedPlan, rest-pages.ts).
 */
import { inFrontPageOrder } from './measure';
import type { EditionPlan, PagePlan } from './plan';
import type { StoryMaterial } from './material';
import type { Planned } from './search';
import { DEFAULT_LAYOUT_POLICY, type LayoutPolicy } from './policy';

/** `plan` with its front-page rests in the front page's order where neighbouring pages allow it; `plan` itself where nothing moves. */
export function frontJumpsInOrder(plan: EditionPlan, policy: Pick<LayoutPolicy, 'frontRestsPassPlainPages'> = DEFAULT_LAYOUT_POLICY): EditionPlan {
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
  // With `plain`, past a page without front-page rests too (frontRestsPassPlainPages: the move is
  // kept only where it passes a later story's rest as well).
  const mayPass = (earlier: PagePlan, later: PagePlan, index: number, plain = false): boolean => {
    if (!movable(later, index) || !movable(earlier, index + 1) || later.sections[0] !== earlier.sections[0]) return false;
    // Only past a page whose front-page rests all come later on the front.
    if ((earliestRest(later) === Infinity && !plain) || earliestRest(later) <= earliestRest(earlier)) return false;
    // A story on both pages (cut on one, its rest on the next) keeps its order, and the rest of a
    // story cut on an inside page goes at most a page further from its start.
    const storiesOfLater = new Set(later.modules.map((m) => m.option.piece.story));
    if (earlier.modules.some((m) => storiesOfLater.has(m.option.piece.story))) return false;
    // (With `plain`, judged once the rest has passed its pages, insideRestsNear, since a page and
    // the one its story continues on may both pass.)
    if (!plain && later.modules.some(isInsideRest) && index + 1 > plannedIndex.get(later)! + 1) return false;
    // The section's own stories keep their importance order: none that starts on the page going
    // sooner passes a more important one starting on the other (briefs aside).
    const mostImportantStart = Math.min(...later.modules.filter(isStoryStart).map((m) => m.option.piece.story.article.priority));
    return !earlier.modules.some((m) => isStoryStart(m) && m.option.piece.story.article.priority > mostImportantStart);
  };
  /** The page of the plan that holds the part of `module`'s story before it (a rest's piece keeps the page number it was planned under, which a second plan need not keep). */
  const partBefore = (page: PagePlan, module: Planned): PagePlan | undefined => {
    const story = module.option.piece.story;
    for (let i = plannedIndex.get(page)! - 1; i > 0; i--) if (plan.pages[i].modules.some((m) => m.option.piece.story === story)) return plan.pages[i];
    return undefined;
  };
  /** Pages from each rest of a story cut on an inside page back to its start in `order` (-1: the rest stands first). */
  const insideJumps = (order: readonly PagePlan[]): Map<Planned, number> => {
    const jumps = new Map<Planned, number>();
    order.forEach((page, i) => {
      for (const m of page.modules) {
        const startPage = isInsideRest(m) ? partBefore(page, m) : undefined;
        if (!startPage) continue;
        const j = order.indexOf(startPage);
        jumps.set(m, j < i ? i - j : -1);
      }
    });
    return jumps;
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
  // Then past pages without front-page rests too (policy frontRestsPassPlainPages), only as far as
  // that passes a later story's rest, and no inside rest goes further from its start than a page
  // more than planned (or than it stood already).
  for (const story of policy.frontRestsPassPlainPages ? frontOrder : []) {
    let index = pages.findIndex((page) => page.modules.some((m) => isFrontRest(m) && m.option.piece.story === story));
    const before = insideJumps(pages);
    const planned = new Map([...insideJumps(plan.pages)]);
    const near = (order: readonly PagePlan[]) =>
      [...insideJumps(order)].every(([m, pagesBack]) => pagesBack > 0 && pagesBack <= Math.max(before.get(m) ?? 0, (planned.get(m) ?? 0) + 1));
    let kept: PagePlan[] | undefined;
    const trial = [...pages];
    while (index > 1 && mayPass(trial[index], trial[index - 1], index - 1, true)) {
      const passesLaterRest = earliestRest(trial[index - 1]) !== Infinity;
      [trial[index - 1], trial[index]] = [trial[index], trial[index - 1]];
      index--;
      if (passesLaterRest && near(trial)) kept = [...trial];
    }
    if (kept) {
      pages.splice(0, pages.length, ...kept);
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

/**
 * Step "front stacks in jump order", after "jump order": where the front page stacks stories of
 * equal importance one over another in the same columns, they stand in the order their rests come
 * inside, the one continued sooner higher (policy frontStacksInJumpOrder). A front-page story's rest
 * goes to its own section's pages, and the sections come in their order: no page order puts Sport's
 * rest before National's, but the front can read in that order. Berliner 16 articles at seed 1: the
 * column beside the lead held Sport's taster (continued on page 10) over National's (page 4), and a
 * reader going down it met "Continued on Page 10" first; now National's stands over Sport's.
 *
 * Only stories of the same priority change places (a more important story keeps its place above a
 * lesser one), only in a stack of modules of one width in the same columns with nothing else in
 * those columns between them; each keeps its shape, and the gaps between them stay as they were, so
 * the stack fills the same rows.
 */
export function frontStacksInJumpOrder(plan: EditionPlan, policy: Pick<LayoutPolicy, 'frontStacksInJumpOrder'> = DEFAULT_LAYOUT_POLICY): EditionPlan {
  if (!policy.frontStacksInJumpOrder || plan.short || plan.pages.length < 2) return plan;
  const [front, ...inside] = plan.pages;
  const restPage = new Map<StoryMaterial, number>();
  for (const page of inside) for (const module of page.modules) if (isFrontRest(module) && !restPage.has(module.option.piece.story)) restPage.set(module.option.piece.story, page.number);
  const lead = frontPageOrder(front)[0];
  let modules = [...front.modules];
  const stacks = new Map<string, Planned[]>();
  for (const module of modules) {
    if (module.option.piece.story === lead) continue;
    const key = `${module.column}+${module.option.span}`;
    stacks.set(key, [...(stacks.get(key) ?? []), module]);
  }
  for (const stack of stacks.values()) {
    if (stack.length < 2) continue;
    stack.sort((a, b) => a.top - b.top);
    const top = stack[0].top;
    const last = stack[stack.length - 1];
    const bottom = last.top + last.option.rows;
    const { column, option } = stack[0];
    // Nothing else in the stack's columns between its first and its last.
    const inStack = new Set(stack);
    const crosses = (box: { column: number; span: number; top: number; rows: number }) => box.column < column + option.span && column < box.column + box.span && box.top < bottom && top < box.top + box.rows;
    if (modules.some((m) => !inStack.has(m) && crosses({ column: m.column, span: m.option.span, top: m.top, rows: m.option.rows })) || front.blocks.some(crosses)) continue;
    // The slots of each priority's jumping stories, filled in the order of their rests' pages.
    const reordered = [...stack];
    for (const priority of new Set(stack.map((m) => m.option.piece.story.article.priority))) {
      const slots = stack.flatMap((m, i) => (m.option.piece.story.article.priority === priority && restPage.has(m.option.piece.story) ? [i] : []));
      const byRest = slots.map((i) => stack[i]).sort((a, b) => restPage.get(a.option.piece.story)! - restPage.get(b.option.piece.story)!);
      slots.forEach((slot, k) => (reordered[slot] = byRest[k]));
    }
    if (reordered.every((m, i) => m === stack[i])) continue;
    const gaps = stack.slice(1).map((m, i) => m.top - (stack[i].top + stack[i].option.rows));
    let next = top;
    const placed = new Map<Planned, Planned>();
    reordered.forEach((m, i) => {
      placed.set(m, { ...m, top: next });
      next += m.option.rows + (gaps[i] ?? 0);
    });
    modules = modules.map((m) => placed.get(m) ?? m);
  }
  if (modules.every((m, i) => m === front.modules[i])) return plan;
  return { ...plan, pages: [{ ...front, modules }, ...inside] };
}
