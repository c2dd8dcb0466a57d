/**
 * Page composition as a chain of pure steps, each returning new values:
 *
 *   measure (material.ts) → plan (plan.ts, with search.ts) → pack (set the chosen modules) →
 *   fill (house ads, last and small) → link jumps → measure fill → mend jumps (mend.ts: a word
 *   hyphenated over a jump kept whole where the rest has room) → shape (a finished story's
 *   columns, the shortest leg last, then level: its shorter columns' leading opened) → mend
 *   column ends (mend.ts: a paragraph hyphenated at a column's foot set again) → heads (a
 *   headline's words broken otherwise where its lines leave a hole beside them) → feet (feet.ts:
 *   white a few rows deep at a page's foot taken up by feathering the module over it) → check (check.ts)
 *
 * The planner decides the whole edition before any module is set; packing only sets what was
 * chosen, so the heights the search counted are the heights printed.
 */
import type { Article } from '../article';
import type { FontBook } from '../typeset/fonts';
import { ageTypesetCaches, lineText } from '../typeset/paragraph';
import { checkPages } from './check';
import { hyphenatedColumnEnds, measurePage, moduleInk, pagesTurned, shortStarts, storyTextRows, thinContinuations, MEASURE_POLICY, NEAR_HOLE_POLICY, priorityInversions, type Box } from './measure';
import { MM, PT, type Grid, type HouseAd, type LayoutConfig } from './config';
import { columnLeft, rowTop, spanWidth } from './geometry';
import { carriesPhoto, columnShapeOf, Material, type PhotoFacts, type StoryMaterial } from './material';
import { deepNoticeClosesFoot, deepNoticeRows, noticeCloses, noticeClosesFoot, noticeGapAbove, noticeMaxRows } from './notices';
import { planEdition, type EditionPlan, type PagePlan, type PlanOptions } from './plan';
import { DEFAULT_LAYOUT_POLICY, type LayoutPolicy } from './policy';
import type { Planned, Rect } from './search';
import { endsStoryInColumns, hasPhotoBeside, type ComposedPage, type Composition, type FittedJumpLine, type FixedBlock, type PlacedModule } from './composition';
import { headlineBreakings, jumpHeadWithDeck, setHouseAd, type ColumnUnit, type HeadPart } from './story';
import { levelledColumns, shapedColumns, whiteInside } from './columns';
import { feetFilled, restsDeckedToFeet } from './feet';
import { frontJumpsInOrder, frontStacksInJumpOrder } from './jump-order';
import { restsNamingTheirStarts } from './rest-pages';
import { levelByLooseness, mendColumnEnds, mendJumpEnds } from './mend';
import { photosOverLevelHeads } from './stagger';

export type { PhotoFacts } from './material';

export type { ComposedPage, Composition, FixedBlock, PlacedModule } from './composition';

/** Share of a page's type area its modules and blocks cover. */
export function pageFill(page: PagePlan, grid: Grid): number {
  let area = 0;
  for (const m of page.modules) area += m.option.span * m.option.rows;
  for (const b of page.blocks) area += b.span * b.rows;
  return area / (grid.columns * grid.rows);
}

/**
 * Steps "pack", "fill" and "link jumps" for a whole plan: each planned module packed (by `pack`),
 * house ads placed, jumps linked. Returns each page with its modules as packed, before linking.
 */
function setPages(plan: EditionPlan, material: Material, config: LayoutConfig, pack: (planned: Planned) => PlacedModule): { page: ComposedPage; packed: readonly PlacedModule[] }[] {
  const { grid, fonts, policy } = material;
  const packed = plan.pages.map((page: PagePlan) => ({ page, modules: page.modules.map(pack) }));
  const ads = houseAdsFor(plan, config.houseAds, config.paper, grid, fonts, policy);
  const linked = linkJumps(packed.map(({ page, modules }) => ({ number: page.number, modules })));
  const sectionFirstPages = new Set(plan.sections.map((s) => s.page));
  return packed.map(({ page, modules }, i) => {
    const next = plan.pages[i + 1];
    return {
      packed: modules,
      page: {
        number: page.number,
        section: page.sections[0],
        sections: page.sections,
        sectionStart: page.number === 1 || sectionFirstPages.has(page.number),
        sectionEnd: !next || next.sections[0] !== page.sections[page.sections.length - 1],
        modules: modules.map((m) => fitJumpLines(linked.get(m) ?? m, config, grid, fonts)),
        blocks: [...page.blocks, ...(ads.get(page.number) ?? [])],
      },
    };
  });
}

/**
 * Sets plans and counts their holes for planFitted. A second plan shares the first one's region
 * searches (material.ts), so the pages it does not change hold the very same planned modules: each
 * is packed once, and a page whose modules, jumps and blocks are all the same as a page already
 * measured has that page's holes, without measuring it again.
 */
class PlanSetter {
  private readonly packed = new Map<Planned, PlacedModule>();
  private readonly ids = new Map<PlacedModule, number>();
  private readonly holesByPage = new Map<string, number>();

  constructor(private readonly config: LayoutConfig) {}

  /** A plan set (setPages), with each page's key: what is on it. */
  set(plan: EditionPlan, material: Material): { pages: ComposedPage[]; keys: string[] } {
    const pack = (m: Planned) => {
      let module = this.packed.get(m);
      if (!module) {
        this.packed.set(m, (module = packModule(material, m)));
        this.ids.set(module, this.ids.size);
      }
      return module;
    };
    const set = setPages(plan, material, this.config, pack);
    const keys = set.map(({ page, packed }) =>
      [
        page.number,
        ...packed.map((m, j) => `${this.ids.get(m)}>${page.modules[j].continuedOn ?? ''}<${page.modules[j].continuedFrom ?? ''}`),
        ...page.blocks.map((b) => `${b.kind}:${b.column},${b.span},${b.top},${b.rows}`),
      ].join('|'),
    );
    return { pages: set.map(({ page }) => page), keys };
  }

  /** Holes the measures will see on a page (measure.ts), measured once for each page's content. */
  holes(page: ComposedPage, key: string, grid: Grid): number {
    let holes = this.holesByPage.get(key);
    if (holes === undefined) this.holesByPage.set(key, (holes = measurePage(page, grid).holes.length));
    return holes;
  }
}

interface Fitted {
  readonly plan: EditionPlan;
  readonly material: Material;
  readonly pages: readonly ComposedPage[];
  /** What is on each page (PlanSetter.set): two plans' pages with the same key are the same page. */
  readonly keys: readonly string[];
  readonly jumps: number;
  readonly inversions: number;
}

function fitted(plan: EditionPlan, material: Material, setter: PlanSetter): Fitted {
  const { pages, keys } = setter.set(plan, material);
  const jumps = plan.pages.reduce((n, page) => n + page.modules.filter((m) => m.option.cutAt !== undefined).length, 0);
  // As the measures count them (build-edition.ts): by the articles' priorities and sections.
  const articles = new Map(plan.pages.flatMap((page) => page.modules.map((m) => [m.option.piece.story.article.slug, m.option.piece.story.article] as const)));
  const inversions = pages.reduce(
    (n, page) => n + priorityInversions(page, (slug) => articles.get(slug)?.priority, (slug) => articles.get(slug)?.section).length,
    0,
  );
  return { plan, material, pages, keys, jumps, inversions };
}

/**
 * Step "plan", fitted: the planner fills page after page, section by section, so when the last
 * section overflows its page by a little the edition's last page holds only that tail and is mostly
 * white. Then the edition is planned again with compact shapes (smaller photos, stepped headlines:
 * the same copy) on its last two pages, then its last four, and so on (the policy's
 * `compactLastPages`), the pages before them as the first plan set them. The first such plan that
 * takes a page away is kept if, set and measured as the reader will see it (measure.ts), its pages
 * have no more holes than those they replace, and it has no more priority inversions, problems or
 * stories held, and no more jumps than pages saved. Only a last page under `compactBelowFill`, or
 * one after a page with white at its foot that a notice cannot close, is tried. When the kept plan
 * (or the first, if none was) still ends on such a page, the same tries are made with photos
 * cropped to the next of `compactPhotoMaxShares`, judged against it; failing those, with roomy
 * shapes on its last pages (no photo beside its text), the same page count, its last page fuller
 * (lastPagesRoomier). A second
 * plan answers its first pages from the first plan's caches and measures only the pages it
 * changed, so it costs what it changes, not a whole plan; it shares the caches of the first try
 * made with the same photo share (Material's twin), whose compact shapes it would set the same.
 * Last, pages inside the edition with a hole are tried (compactAroundHoles). Before all that, a
 * plan in which a section of only the front page's jumps found no room is tried with those jumps
 * handed on, one with a section all of whose stories start on the front page with its jumps
 * near the front, one with every front-page jump near the front (judged, where it came out a page
 * longer, at the end: frontJumpsCompacted), one whose last page the front page's fill left mostly white without that fill, one with a front-page story whose rest stands alone over white kept off the
 * front page, and one with a front-page story whose rest opens the page after such white kept off
 * it (below); after them, a plan tried that moves a page's white from inside the edition to its
 * last page (policy `innerHoleJumps`).
 */
export function planFitted(stories: readonly StoryMaterial[], config: LayoutConfig, material: Material): { chosen: Pick<Fitted, 'plan' | 'material'> & Partial<Fitted>; tried: Material[] } {
  const { grid, policy } = material;
  let first = planEdition(stories, config, material);
  const tried: Material[] = [];
  const setter = new PlanSetter(config);
  // An edition of two pages whose second holds a few lines (copy a little over a page by the
  // estimate, which then is not tried on one page): tried on one page, as it is planned and with
  // compact shapes on the front at each photo share, unless the desk put a story on a later page.
  // The first page that holds every story whole, set with no hole, is kept: no page turned, no jump.
  if (first.pages.length === 2 && pageFill(first.pages[1], grid) < policy.onePageBelowFill && !stories.some((story) => (story.article.page ?? 1) > 1) && config.editorial.sectionPages.size === 0) {
    const onePage = (plan: EditionPlan, planMaterial: Material): Fitted | undefined => {
      if (!plan.short || plan.pages.length !== 1 || plan.leftOut.length > 0 || plan.problems.length > first.problems.length) return undefined;
      const set = fitted(plan, planMaterial, setter);
      return setter.holes(set.pages[0], set.keys[0], grid) === 0 ? set : undefined;
    };
    const asPlanned = onePage(planEdition(stories, config, material, { onePage: true }), material);
    if (asPlanned) return { chosen: asPlanned, tried };
    for (const photoMaxShare of policy.compactPhotoMaxShares) {
      const { compact, plan } = compactPlan({ fromPage: 1, photoMaxShare }, { onePage: true });
      const set = onePage(plan, compact);
      if (set) return { chosen: set, tried };
    }
  }
  let base: Fitted | undefined;
  let options: PlanOptions = {};
  const lastFull = (p: EditionPlan) => pageFill(p.pages[p.pages.length - 1], grid) >= policy.lastPageMinFill;
  const compactable = (p: EditionPlan) => pageFill(p.pages[p.pages.length - 1], grid) < policy.compactBelowFill;
  // White at a page's foot as deep as a hole that one notice could not close (houseAdsFor).
  const deepWhite = (page: PagePlan) =>
    page.feet.some((foot) => foot.rows >= MEASURE_POLICY.holeMinRows && foot.rows - 1 - noticeMaxRows(grid, policy.houseAdMaxPageShare, foot.span, policy) > policy.maxWhiteRows + 2);
  // A page too many: the last page under the policy's fill, or the page before it with white a
  // notice cannot close (the last section's copy split over two pages it does not fill: 24
  // articles at seed 12, a front-page jump of 97 rows on the last page that could not stand
  // under Science's rest on the page before).
  const pageTooMany = (p: EditionPlan) => compactable(p) || (p.pages.length > 2 && deepWhite(p.pages[p.pages.length - 2]));
  // How a plan compares with another, set and measured: `better` has fewer pages with a hole (or
  // as many, on fewer pages or fewer of them inside the edition), no more pages, problems or
  // stories held, a last page as full as the rule asks, no more inversions but the policy's
  // `secondPlanInversionsPerSaving` for each page and each page inside the edition with a hole it
  // takes away (20 articles at seed 3: a page and 43 rows of white fewer for a brief on top of a
  // page); its jumps as the policy's `secondPlanExtraJumps` and `innerHoleJumps` allow (with one
  // more jump only, 16 articles at seed 2 kept two pages with half their depth white to save two
  // jumps). `noWorse` is as good in every one of those, inversions as many, holes and pages as
  // many, jumps no more.
  const judge = (
    plan: EditionPlan,
    set: Fitted,
    than: EditionPlan,
    thanSet: Fitted,
    movedWhite = false,
  ): { better: boolean; noWorse: boolean; noWorseButOrder: boolean; holePagesMore: number; innerHolePagesMore: number; rest: boolean; restNoWorse: boolean; movesWhite: boolean } => {
    const compared = holesWhereDiffer(thanSet, set, setter, grid);
    const saved = Math.max(0, compared.a.innerPages - compared.b.innerPages) + Math.max(0, than.pages.length - plan.pages.length);
    const restButOrder =
      plan.pages.length <= than.pages.length &&
      plan.leftOut.length <= than.leftOut.length &&
      plan.problems.length <= than.problems.length &&
      (lastFull(plan) || !lastFull(than));
    const rest = restButOrder && set.inversions <= thanSet.inversions;
    // As many pages with a hole, fewer of them inside the edition: the white has gone to the last
    // page, where the rule allows it. With `movedWhite` that counts as fewer holes (policy
    // `innerHoleJumps`); without, the plan is worth judging again so (`movesWhite`).
    const movesWhite = compared.b.pages === compared.a.pages && compared.b.innerPages < compared.a.innerPages;
    const innerHolesAway = movedWhite && movesWhite && policy.innerHoleJumps > 0 ? compared.a.innerPages - compared.b.innerPages : 0;
    const fewerHoles = compared.b.pages < compared.a.pages || (compared.b.pages === compared.a.pages && (plan.pages.length < than.pages.length || innerHolesAway > 0));
    const jumpsAllowed =
      thanSet.jumps + policy.secondPlanExtraJumps + Math.max(0, compared.a.pages - compared.b.pages) + policy.innerHoleJumps * innerHolesAway + (than.pages.length - plan.pages.length);
    // As good in everything but the holes, and how many more pages have one.
    const restNoWorse = rest && set.jumps <= thanSet.jumps;
    const holePagesMore = compared.b.pages - compared.a.pages;
    // `rest` with the inversions its savings buy (it holds wherever `rest` does).
    const traded = restButOrder && set.inversions <= thanSet.inversions + policy.secondPlanInversionsPerSaving * saved;
    // `noWorse` but for the inversions.
    const noWorseButOrder = restButOrder && set.jumps <= thanSet.jumps && holePagesMore <= 0;
    // Of those, how many more are inside the edition (not its last page, which the rule lets keep white).
    const innerHolePagesMore = compared.b.innerPages - compared.a.innerPages;
    return { better: traded && fewerHoles && set.jumps <= jumpsAllowed, noWorse: restNoWorse && holePagesMore <= 0, noWorseButOrder, holePagesMore, innerHolePagesMore, rest, restNoWorse, movesWhite };
  };
  // Stubs at a page's foot as the manifest counts them (measure.ts shortStarts).
  const stubsIn = (set: Fitted) => {
    const storyRows = storyTextRows(set);
    return set.pages.reduce((n, page) => n + shortStarts(page, grid, storyRows).length, 0);
  };
  // Plans tried below and not kept that move a page's white from inside the edition to its last
  // page, judged again so once every try that may take a hole away has been made.
  const movingWhite: { plan: EditionPlan; set: Fitted; options: PlanOptions }[] = [];
  const notKept = (judged: { movesWhite: boolean }, plan: EditionPlan, set: Fitted, planOptions: PlanOptions) => {
    if (judged.movesWhite && policy.innerHoleJumps > 0) movingWhite.push({ plan, set, options: planOptions });
  };
  // The edition planned again with `next` options, kept (with them) if its pages, set and
  // measured, are better than the plan kept so far (or as `keeps` judges them).
  // A plan with more pages is handed to `longer`, if given, and not judged here.
  const keepIfBetter = (next: PlanOptions, keeps = (judged: ReturnType<typeof judge>, _again: Fitted, _than: Fitted) => judged.better, longer?: (again: EditionPlan) => void) => {
    const again = planEdition(stories, config, material, next);
    if (again.pages.length > first.pages.length) longer?.(again);
    // More pages, stories held or problems: never kept (`judge`), so not set to be measured.
    if (again.pages.length > first.pages.length || again.leftOut.length > first.leftOut.length || again.problems.length > first.problems.length) return;
    const than = (base ??= fitted(first, material, setter));
    const againSet = fitted(again, material, setter);
    const judged = judge(again, againSet, first, than);
    if (!keeps(judged, againSet, than)) return notKept(judged, again, againSet, next);
    first = again;
    base = againSet;
    options = next;
  };
  const jumpedWithoutRoom = first.jumpedWithoutRoom ?? [];
  if (jumpedWithoutRoom.length > 0) {
    // A section of only front-page jumps (or of stories that fit there beside jumps that did not)
    // found no room for the jumps where the section before it ended, and that area stayed white:
    // planned again with the jumps handed on to the next section (the
    // pages before are the same searches, answered from this plan's caches), kept if its pages,
    // set and measured, are better (above).
    keepIfBetter({ handOnJumps: true });
    // …or with those stories kept off the front page (unless the desk put them there): each then
    // starts inside, in its own section, where it may be cut as any story is, and the front takes
    // the next candidate. An editor does the same with a taster whose rest fits no inside page.
    keepIfBetter({ ...options, offFront: new Set(jumpedWithoutRoom) });
  }
  if ((first.sectionsOfOnlyJumps ?? []).length > 0) {
    // A section of only front-page jumps makes pages of its own where the section order puts it,
    // often the back: planned again with those jumps on the first inside section's pages, kept if
    // its pages are better, or no worse and its jumps send the reader fewer pages (or a page with a
    // hole more, for many fewer: below).
    base ??= fitted(first, material, setter);
    const nearOptions = { ...options, jumpsNearFront: true };
    const nearFront = planEdition(stories, config, material, nearOptions);
    let nearFrontSet = fitted(nearFront, material, setter);
    let judged = judge(nearFront, nearFrontSet, first, base);
    // The jumps taken near the front may push the back a page on, its last page mostly white (a
    // photo run with a jump there made a continuation deeper, 16 articles at seed 1): judged as
    // the compact shapes below would leave it, a page fewer, before it loses to the plan that
    // sends the reader to the back.
    if (!judged.better && !judged.noWorse && nearFront.pages.length === first.pages.length + 1 && compactable(nearFront)) {
      const shorter = compactLastPages(nearFront, nearOptions, first.pages.length);
      if (shorter) {
        nearFrontSet = shorter;
        judged = judge(shorter.plan, shorter, first, base);
      }
    }
    // A page with a hole more is worth it where the jumps send readers the policy's
    // `pagesTurnedPerHole` pages fewer for it.
    const turnedSaved = pagesTurned(base) - pagesTurned(nearFrontSet);
    const worthAHole = judged.restNoWorse && judged.holePagesMore > 0 && judged.holePagesMore * policy.pagesTurnedPerHole < turnedSaved;
    if (judged.better || (judged.noWorse && turnedSaved > 0) || worthAHole) {
      first = nearFrontSet.plan;
      base = nearFrontSet;
      options = nearOptions;
    } else notKept(judged, nearFrontSet.plan, nearFrontSet, nearOptions);
  }
  // Front-page jumps sent to their own sections' pages, the last of them at the back (30 articles
  // at seed 7: Science from page 1 to page 22, now page 3): planned again with every front-page
  // jump on the first inside section's pages, as to a jump page, kept where it is better, or no
  // worse and its jumps send the reader fewer pages, or no worse but in priority inversions, each
  // bought with the policy's `pagesTurnedPerInversion` pages fewer turned (45 articles at seed 1:
  // a page fewer, the front's jumps on pages 4, 6, 7 and 8, not 4, 23, 27 and 28, for two
  // inversions more among priority 4 and 5 stories). Tried where the jumps of other sections send
  // the reader the policy's `frontJumpsNearFrontMinPages` or more (none where every front-page
  // jump is on that section's pages already: the plan would be the same).
  const firstInside = first.pages[1]?.sections[0];
  // Pages past the front that the jumps of other sections send the reader, summed.
  const otherSectionsJumpPages = first.pages
    .slice(2)
    .reduce((sum, page) => sum + page.modules.filter((m) => m.option.piece.continuedFromPage === 1 && m.option.piece.story.article.section !== firstInside).length * (page.number - 1), 0);
  // How that plan is judged: better, or no worse with fewer pages turned, or no worse but for
  // inversions bought with pages turned. Not for a page with a hole more, as the try above may
  // (`pagesTurnedPerHole`): the sample on an A5 page took one inside the edition for 12 pages fewer turned.
  const turnsFewer = (judged: ReturnType<typeof judge>, nearer: Fitted, than: Fitted) => {
    const turnedSaved = pagesTurned(than) - pagesTurned(nearer);
    if (judged.better || (judged.noWorse && turnedSaved > 0)) return true;
    // No worse but for inversions more, each paid for by the policy's `pagesTurnedPerInversion` pages fewer turned.
    const inversionsMore = nearer.inversions - than.inversions;
    if (judged.noWorseButOrder && inversionsMore > 0 && inversionsMore * policy.pagesTurnedPerInversion < turnedSaved) return true;
    // No worse but for jumps more, each paid for by the policy's `pagesTurnedPerJump` pages fewer
    // turned: each is a page the reader turns, which the pages turned count already.
    const jumpsMore = nearer.jumps - than.jumps;
    if (judged.rest && judged.holePagesMore <= 0 && jumpsMore > 0 && jumpsMore * policy.pagesTurnedPerJump < turnedSaved) return true;
    return lastPageHoleBought(policy, judged, jumpsMore, turnedSaved);
  };
  // That plan when it came out longer than the plan kept: judged once the kept plan's last pages
  // are compacted, compacted as far (frontJumpsCompacted).
  let frontJumpsLonger: { plan: EditionPlan; options: PlanOptions } | undefined;
  if (otherSectionsJumpPages > 0 && otherSectionsJumpPages >= policy.frontJumpsNearFrontMinPages) {
    const nearOptions = { ...options, frontJumpsNearFront: true };
    keepIfBetter(nearOptions, turnsFewer, (again) => (frontJumpsLonger = { plan: again, options: nearOptions }));
  }
  // The front page's fill (policy `frontFillStories`) took stories its last page then missed:
  // twelve photo stories of a line each on A4 printed ten on page 1 and two on page 2 over white
  // (8% of it inked), where without the fill the front set its lead wider and page 2 held seven.
  // Planned again without the fill, kept where its pages are no worse and its last page fuller.
  if ((first.frontFilled ?? []).length > 0 && !lastFull(first)) {
    const lastFill = (set: Fitted) => pageFill(set.plan.pages[set.plan.pages.length - 1], grid);
    keepIfBetter({ ...options, frontUnfilled: true }, (judged, unfilled, than) => judged.better || (judged.noWorse && lastFill(unfilled) > lastFill(than)));
  }
  // A front-page story whose rest stands alone on a page inside the edition over white that no
  // notice closes (its section only that jump, nothing after it able to start there: 14 articles
  // at seed 6, Opinion's 83 rows over 26 rows of white): planned again with those stories kept off
  // the front page (unless the desk put them there), each starting inside in its section, where
  // it may be cut as any story is, and kept if its pages are better.
  // A story pinned to a page past the edition's last waited for it: its section could not share
  // its last page with the next, and the story started a page of its own over white (a review:
  // `page: 99` cost a page, and left a hole the page's width). Planned again with such pins let
  // go (their warning stays), kept if its pages are better.
  const unreachable = stories.filter((story) => story.article.page !== undefined && story.article.page > first.pages.length);
  if (unreachable.length > 0) keepIfBetter({ ...options, unpinned: new Set(unreachable) });
  const loneJumps = first.pages.slice(1, -1).filter((page) => deepWhite(page) && page.modules.length > 0 && page.modules.every((m) => m.option.piece.continuedFromPage === 1));
  // The plan kept so far with these stories kept off the front page too, kept if better.
  const offFrontToo = (offStories: readonly StoryMaterial[]) => keepIfBetter({ ...options, offFront: new Set([...(options.offFront ?? []), ...offStories]) });
  if (loneJumps.length > 0) offFrontToo(loneJumps.flatMap((page) => page.modules.map((m) => m.option.piece.story)));
  // A page inside the edition with white at its foot that no notice closes, the next page opening
  // with a front-page story's rest too deep to stand in it (24 articles at seed 9: page 16 with
  // 14 rows of white over a notice, Science's front-page jump of 90 rows opening page 17): planned
  // again with those stories kept off the front page, each starting inside under the white, kept if
  // its pages are better. The three sweeps: pages with a hole 4 · 2 · 14 → 4 · 2 · 13 (inside the
  // edition 2 · 1 · 6 → 2 · 1 · 5), jumps 413 · 849 · 1178 → 410 · 849 · 1175 over 1199 · 2618 ·
  // 3433 → 1195 · 2618 · 3402 pages turned, inversions 40 · 59 · 70 → 38 · 59 · 71; pages the same.
  const jumpsAfterWhite = first.pages
    .slice(1, -1)
    .flatMap((page, i) => (deepWhite(page) ? first.pages[i + 2].modules.filter((m) => m.option.piece.continuedFromPage === 1 && !options.offFront?.has(m.option.piece.story)) : []));
  if (jumpsAfterWhite.length > 0) offFrontToo(jumpsAfterWhite.map((m) => m.option.piece.story));
  // A plan not kept above that moves a page's white from inside the edition to its last page
  // (policy `innerHoleJumps`): judged so only now, so that it does not stand in the way of a try
  // that takes the hole away (16 articles at seed 6: Opinion's lone jump over white is kept off
  // the front page, the hole gone, where the jumps near the front would have moved it to the end).
  for (const candidate of movingWhite) {
    const than = (base ??= fitted(first, material, setter));
    if (!judge(candidate.plan, candidate.set, first, than, true).better) continue;
    first = candidate.plan;
    base = candidate.set;
    options = candidate.options;
  }
  // Then the pages inside the edition with a hole (below), in whichever plan was kept.
  const aroundHoles = (chosen: Pick<Fitted, 'plan' | 'material'> & Partial<Fitted>) => ({ chosen: frontJumpsCompacted(openingsOffFoot(thinRestsPulledBack(restsRunOnPastHoles(compactAroundHoles(chosen))))), tried });
  if (first.short || first.pages.length < 2 || !pageTooMany(first)) return aroundHoles(base ?? { plan: first, material });
  // A last page more than `compactProbeFill` full is seldom taken away: the most compact tries
  // are made first (the most pages back, photos at each share from the last), until one takes a
  // page away; where none does, none of the others is made (the bench's medium edition, its last
  // page 0.70 full: eight tries, none taking a page away, were three quarters of its planning).
  // Each share is probed, not only the last: the tries are not monotone in the share (20 articles
  // at seed 1 lose a page at 18% and not at 14%). Under that fill the tries go in their order: a
  // less compact one may take a page away where the most compact does not.
  const probeFrom = Math.max(2, first.pages.length - Math.max(0, ...policy.compactLastPages) + 1);
  const probing = policy.compactLastPages.length > 0 && pageFill(first.pages[first.pages.length - 1], grid) > policy.compactProbeFill;
  const probes = new Map<number, { compact: Material; plan: EditionPlan }>();
  let mayTakeAPage = !probing;
  for (const photoMaxShare of probing ? [...policy.compactPhotoMaxShares].reverse() : []) {
    const probe = compactPlan({ fromPage: probeFrom, photoMaxShare }, options);
    probes.set(photoMaxShare, probe);
    mayTakeAPage = probe.plan.pages.length < first.pages.length;
    // A probe that keeps every page and leaves its last page at least `lastPageMinFill` full ends
    // the probing; one that leaves it mostly white came close, and the next share may take the
    // rest (20 articles at seed 1: 14% left 22% of the page, 18% took it away). Probing every
    // share set the three sweeps' 136 editions the same, and searched twice as much on the bench's
    // medium edition, none of whose probes takes a page away.
    const probeLast = probe.plan.pages[probe.plan.pages.length - 1];
    if (mayTakeAPage || pageFill(probeLast, grid) >= policy.lastPageMinFill) break;
  }
  // The plan to beat: the first, then each level's kept plan, whose last page the next level tries.
  let current: { plan: EditionPlan; set?: Fitted } = { plan: first, set: base };
  for (const photoMaxShare of mayTakeAPage ? policy.compactPhotoMaxShares : []) {
    for (const pages of policy.compactLastPages) {
      const fromPage = Math.max(2, first.pages.length - pages + 1);
      const probed = fromPage === probeFrom ? probes.get(photoMaxShare) : undefined;
      if (!probed && tried.some((m) => m.second?.fromPage === fromPage && m.second.photoMaxShare === photoMaxShare)) continue;
      const { compact, plan } = probed ?? compactPlan({ fromPage, photoMaxShare }, options);
      // Only a plan that takes a page away is worth setting.
      if (plan.pages.length >= current.plan.pages.length) continue;
      const than = (current.set ??= fitted(current.plan, material, setter));
      const second = fitted(plan, compact, setter);
      // A page fewer may take one more jump: a reader turns a page either way; and one more
      // inversion (secondPlanInversionsPerSaving), where it leaves no hole inside the edition (below).
      const pagesSaved = current.plan.pages.length - plan.pages.length;
      const jumpsAllowed = than.jumps + pagesSaved;
      const inversionsAllowed = than.inversions + policy.secondPlanInversionsPerSaving * pagesSaved;
      if (second.jumps > jumpsAllowed || second.inversions > inversionsAllowed || plan.leftOut.length > current.plan.leftOut.length || plan.problems.length > current.plan.problems.length) continue;
      // Holes, counted where the plans differ (from `fromPage` on).
      const compared = holesWhereDiffer(than, second, setter, grid);
      if (compared.b.holes > compared.a.holes) continue;
      // The inversion a page buys is not worth a hole inside the edition on the pages it changes,
      // which the plan it replaces may yet lose (compactAroundHoles).
      if (second.inversions > than.inversions && compared.b.innerPages > 0) continue;
      current = { plan, set: second };
      if (!pageTooMany(plan)) return aroundHoles(second);
      break;
    }
  }
  // No compact plan took the last page away: photos beside their text, which take fewer rows than
  // across their module, may have left it the white (60 articles at seed 5: a rest of 28 rows on
  // its last page, 58 without them). Planned again with roomy shapes on the last pages, kept if
  // it ends on the same page with more of it filled and is better or no worse as judged above.
  const roomier = lastPagesRoomier(current.plan, current.set);
  if (roomier) return aroundHoles(roomier);
  // The plan kept, or the first, set if a try set it to compare against (it is not set again).
  return aroundHoles(current.set ?? { plan: first, material });

  /**
   * `chosen` planned again where a section opened at a page's foot as a stub cut to jump, a foot
   * one notice closes (tabloid, 16 articles at seed 3: Sport's one long story as 12 lines under
   * its head at page 7's foot, "Continued on Page 8"; Opinion's likewise on page 10): those
   * sections open the next page and the notice closes the foot (PlanOptions.openingsOffFoot), a
   * plan a page longer compacted back (its last page mostly white) as planFitted compacts. Kept
   * where it has fewer stubs (measure.ts shortStarts) and no more pages, pages with a hole (inside
   * the edition either), inversions, stories held or problems, its last page not mostly white
   * unless `chosen`'s is, and for each stub fewer at most a jump and the policy's
   * `stubOpeningPagesTurned` pages turned more. Last, on the plan every other try kept: tried
   * before them, it was judged against a plan whose stubs and holes the compact shapes then took
   * away anyway (16 articles at seed 1 ended with a hole inside the edition for a stub the first
   * plan no longer had).
   */
  function openingsOffFoot(chosen: Pick<Fitted, 'plan' | 'material'> & Partial<Fitted>): Pick<Fitted, 'plan' | 'material'> & Partial<Fitted> {
    // A policy that prices no stub (shortStartCost 0) calls none a fault.
    if ((chosen.plan.stubOpenings ?? 0) === 0 || policy.shortStartCost === 0 || !Number.isFinite(policy.stubOpeningPagesTurned) || options.openingsOffFoot) return chosen;
    const offFoot = { ...options, openingsOffFoot: true };
    const pages = chosen.plan.pages.length;
    let than: Fitted | undefined;
    const keeps = (plan: EditionPlan, compact: Material): Fitted | undefined => {
      // What the plans tell is judged before either is set.
      if (plan.pages.length > pages || plan.leftOut.length > chosen.plan.leftOut.length || plan.problems.length > chosen.plan.problems.length) return undefined;
      if (!lastFull(plan) && lastFull(chosen.plan)) return undefined;
      than ??= chosen.pages ? (chosen as Fitted) : fitted(chosen.plan, chosen.material, setter);
      const set = fitted(plan, compact, setter);
      const fewer = stubsIn(than) - stubsIn(set);
      if (fewer <= 0 || set.inversions > than.inversions || set.jumps > than.jumps + fewer || pagesTurned(set) - pagesTurned(than) > fewer * policy.stubOpeningPagesTurned) return undefined;
      const compared = holesWhereDiffer(than, set, setter, grid);
      return compared.b.pages <= compared.a.pages && compared.b.innerPages <= compared.a.innerPages ? set : undefined;
    };
    const again = planEdition(stories, config, chosen.material, offFoot);
    if (again.pages.length <= pages) return keeps(again, chosen.material) ?? chosen;
    if (again.pages.length > pages + 1 || !compactable(again)) return chosen;
    // A page longer, its last page mostly white: each compact plan that takes the page back, as
    // planFitted tries them, until one is kept.
    for (const photoMaxShare of policy.compactPhotoMaxShares) {
      for (const last of policy.compactLastPages) {
        const { compact, plan } = compactPlan({ fromPage: Math.max(2, again.pages.length - last + 1), photoMaxShare }, offFoot);
        const kept = plan.pages.length <= pages ? keeps(plan, compact) : undefined;
        if (kept) return kept;
      }
    }
    return chosen;
  }

  /**
   * The plan with the front page's jumps near the front that came out a page longer than the plan
   * kept (`frontJumpsLonger`), planned again with compact shapes on its last pages down to as many
   * pages as `chosen` ended on, and kept over `chosen` where it turns fewer pages as that try
   * judges (`turnsFewer`) and its last page is as full as `chosen`'s or not a page too many. Since
   * layout-64's one-line jump heads, 45 articles at seed 1 on a tabloid page made that plan a page
   * longer, never judged: the front's two jumps went to pages 35 and 36, not 5 and 8. Judged at
   * the try, compacted a page, it was kept with a page more than the plan it beat went on to end
   * on, a hole on its last page (30 articles at seed 4, Berliner), and with its last page 38%
   * inked where the compacted plan it beat filled 79% (45 articles at seed 2, broadsheet).
   * Where no compact shapes take the page, or it came out two pages longer, it may be kept a page
   * longer (frontJumpsAPageLonger, layout-71).
   */
  function frontJumpsCompacted(chosen: Pick<Fitted, 'plan' | 'material'> & Partial<Fitted>): Pick<Fitted, 'plan' | 'material'> & Partial<Fitted> {
    const longer = frontJumpsLonger;
    if (!longer || longer.plan.pages.length <= chosen.plan.pages.length) return chosen;
    let than: Fitted | undefined;
    const chosenSet = () => (than ??= chosen.pages ? (chosen as Fitted) : fitted(chosen.plan, chosen.material, setter));
    const lastFill = (plan: EditionPlan) => pageFill(plan.pages[plan.pages.length - 1], grid);
    if (longer.plan.pages.length === chosen.plan.pages.length + 1 && compactable(longer.plan)) {
      const shorter = compactLastPagesPlan(longer.plan, longer.options, chosen.plan.pages.length);
      // Its last page as full as `chosen`'s, or full enough that the compact tries would stop there.
      // Judged on the plans, before either is set: the bench's 30-article edition is refused here,
      // and setting the two cost a tenth of its planning.
      if (shorter && !(pageTooMany(shorter.plan) && lastFill(shorter.plan) < lastFill(chosen.plan))) {
        const compacted = fitted(shorter.plan, shorter.compact, setter);
        if (turnsFewer(judge(compacted.plan, compacted, chosenSet().plan, chosenSet()), compacted, chosenSet())) return compacted;
      }
    }
    return frontJumpsAPageLonger(chosen, longer, chosenSet) ?? chosen;
  }

  /**
   * The plan with the front page's jumps near the front (`frontJumpsLonger`) at one page more than
   * `chosen`, as planned or compacted to it, kept where its jumps send readers the policy's
   * `pagesTurnedPerPage` pages fewer for that page and it is no worse otherwise: no more pages with
   * a hole, inversions, jumps, stubs at a page's foot, stories held or problems, its last page not
   * mostly white. Since layout-70 priced those stubs the first plan of A4's 45 articles at seed 1
   * took a page less (68) and its compact shapes another (67), while the plan with the front's
   * jumps near the front stayed at 69: two pages more, never judged above, so the front's jumps
   * went to Life's pages 39 and 40, not 7 and 13 (142 pages turned for 78), where compacted to 68
   * it has no more holes, stubs, jumps or inversions. (At seed 2 that plan ends on page 65 half
   * white, a hole the first plan's 64 pages do not have, and no compact shapes take it away: the
   * jumps stay at the back there.)
   */
  function frontJumpsAPageLonger(
    chosen: Pick<Fitted, 'plan' | 'material'> & Partial<Fitted>,
    longer: { plan: EditionPlan; options: PlanOptions },
    chosenSet: () => Fitted,
  ): Fitted | undefined {
    if (!Number.isFinite(policy.pagesTurnedPerPage)) return undefined;
    const pages = chosen.plan.pages.length + 1;
    if (longer.plan.pages.length > pages + 1) return undefined;
    const candidate =
      longer.plan.pages.length === pages ? { plan: longer.plan, compact: material } : compactable(longer.plan) ? compactLastPagesPlan(longer.plan, longer.options, pages) : undefined;
    // What the plans tell is judged before either is set.
    if (!candidate || !lastFull(candidate.plan) || candidate.plan.leftOut.length > chosen.plan.leftOut.length || candidate.plan.problems.length > chosen.plan.problems.length) return undefined;
    const than = chosenSet();
    const set = fitted(candidate.plan, candidate.compact, setter);
    if (set.jumps > than.jumps || set.inversions > than.inversions || pagesTurned(than) - pagesTurned(set) < policy.pagesTurnedPerPage) return undefined;
    const compared = holesWhereDiffer(than, set, setter, grid);
    // Stubs as the manifest counts them: the plan without its price must not bring one back.
    return compared.b.pages <= compared.a.pages && stubsIn(set) <= stubsIn(than) ? set : undefined;
  }

  /**
   * `plan`, whose last page is still under `compactBelowFill`, planned again with roomy shapes
   * (material.ts: no photo beside its text) from each of the policy's `compactLastPages` back, the
   * first that sets its last page fuller, on as many pages, and is `better` or `noWorse` (holes,
   * jumps, inversions, stories held, problems), or fills its last page past `compactBelowFill` with
   * no more pages with a hole for one jump more (the bench's medium edition: 0.70 → 0.95), set;
   * undefined if none is. Only pages that hold a photo
   * beside its text are tried: on the others a roomy plan is the same plan.
   */
  function lastPagesRoomier(plan: EditionPlan, set: Fitted | undefined): Fitted | undefined {
    if (!compactable(plan)) return undefined;
    const besidePages = plan.pages.filter((page) => page.modules.some((m) => m.option.shape.photoSide !== undefined)).map((page) => page.number);
    if (besidePages.length === 0) return undefined;
    const fill = pageFill(plan.pages[plan.pages.length - 1], grid);
    let roomyTwin: Material | undefined;
    for (const pages of policy.compactLastPages) {
      const fromPage = Math.max(2, plan.pages.length - pages + 1);
      if (!besidePages.some((page) => page >= fromPage)) continue;
      const roomy = new Material(grid, material.fonts, policy, { first: material, fromPage, photoMaxShare: Infinity, roomy: true }, roomyTwin);
      roomyTwin ??= roomy;
      tried.push(roomy);
      const again = planEdition(stories, config, roomy, options);
      if (again.pages.length !== plan.pages.length || pageFill(again.pages[again.pages.length - 1], grid) <= fill) continue;
      const than = (set ??= fitted(plan, material, setter));
      const other = fitted(again, roomy, setter);
      const judged = judge(again, other, plan, than);
      if (judged.better || judged.noWorse) return other;
      // A last page filled past the rule's fill is worth a jump more, as a page fewer is.
      if (judged.rest && !compactable(again) && judged.holePagesMore <= 0 && other.jumps <= than.jumps + 1) return other;
    }
    return undefined;
  }

  /**
   * The edition planned again with compact shapes on the pages `second` names (a Material's
   * `second`), the material kept among those tried; it shares the caches of the first tried with
   * the same photo share (layout unchanged: the three sweeps' 136 editions set the same, line for
   * line, with 3–8% fewer stack searches).
   */
  function compactPlan(second: { readonly fromPage: number; readonly toPage?: number; readonly photoMaxShare: number }, planOptions: PlanOptions): { compact: Material; plan: EditionPlan } {
    const twin = tried.find((m) => m.second?.photoMaxShare === second.photoMaxShare);
    const compact = new Material(grid, material.fonts, policy, { first: material, ...second }, twin);
    tried.push(compact);
    return { compact, plan: planEdition(stories, config, compact, planOptions) };
  }

  /**
   * `plan` planned again with compact shapes on its last pages, as the loop above plans them, the
   * first try that takes it down to `pages` pages, set; undefined if none does.
   */
  function compactLastPages(plan: EditionPlan, planOptions: PlanOptions, pages: number): Fitted | undefined {
    const shorter = compactLastPagesPlan(plan, planOptions, pages);
    return shorter && fitted(shorter.plan, shorter.compact, setter);
  }

  /** compactLastPages's plan, not yet set: a caller that may refuse it by its pages alone does not pay for setting it. */
  function compactLastPagesPlan(plan: EditionPlan, planOptions: PlanOptions, pages: number): { compact: Material; plan: EditionPlan } | undefined {
    for (const photoMaxShare of policy.compactPhotoMaxShares) {
      for (const last of policy.compactLastPages) {
        const fromPage = Math.max(2, plan.pages.length - last + 1);
        const tried = compactPlan({ fromPage, photoMaxShare }, planOptions);
        if (tried.plan.pages.length <= pages) return tried;
      }
    }
    return undefined;
  }

  /**
   * A page inside the edition with a hole, most often a long story's rest ending part-way down
   * the page with nothing of its section left to stand under it: the edition is planned again
   * with compact shapes on that page and the one before it, then the two before it (the policy's
   * `compactAroundHole`), the pages after them planned as the first plan plans them, so the rest
   * may end a page sooner or the next story start under it; with photos at the policy's first
   * `compactPhotoMaxShares`, then at each after it, the fewest photos cropped first (20 articles at
   * seed 2: Sport's rest took a hole and a page away only at 18%). Kept when `judge` finds it better and
   * it has no more jumps than pages saved (a hole a notice would have closed is no reason for a
   * jump). Only pages with white at a foot as deep as a hole and deeper than one notice closes
   * are measured: on the bench's 30-article edition none, so its first compose does not measure
   * pages here that the build measures anyway once the notices stand.
   */
  function compactAroundHoles(chosen: Pick<Fitted, 'plan' | 'material'> & Partial<Fitted>): Pick<Fitted, 'plan' | 'material'> & Partial<Fitted> {
    if (chosen.plan.short || policy.compactAroundHole.length === 0) return chosen;
    if (!chosen.plan.pages.slice(1, -1).some(deepWhite)) return chosen;
    let kept: Fitted = chosen.pages ? (chosen as Fitted) : fitted(chosen.plan, chosen.material, setter);
    for (let i = 1; i < kept.plan.pages.length - 1; i++) {
      if (!deepWhite(kept.plan.pages[i]) || setter.holes(kept.pages[i], kept.keys[i], grid) === 0) continue;
      const page = i + 1;
      tries: for (const photoMaxShare of policy.compactPhotoMaxShares) {
        for (const before of policy.compactAroundHole) {
          const fromPage = Math.max(2, page - before);
          const { compact, plan } = compactPlan({ fromPage, toPage: page, photoMaxShare }, options);
          const set = fitted(plan, compact, setter);
          if (judge(plan, set, kept.plan, kept, true).better && set.jumps <= kept.jumps + (kept.plan.pages.length - plan.pages.length)) {
            kept = set;
            break tries;
          }
        }
      }
    }
    return kept;
  }

  /**
   * A page inside the edition with a hole under a rest, where the section's next rest is too deep
   * to stand under it and a rest is never cut again (A4, 30 articles at seed 2: News's three
   * rests of 44, 43 and 41 rows on pages 42, 43 and 44 of 72 rows each, two notices over 20 rows
   * of white): planned again with that page's rests allowed to be cut once more at its foot
   * (PlanOptions.restsRunOnPages), so that the next rest starts under the first and runs on to
   * the next page, as an editor cuts a rest again rather than print a hole. Kept where `judge`
   * finds it better and it has no more jumps than pages with a hole it takes away (policy
   * `restsRunOnPastHoles`). After compactAroundHoles: shapes first, a second jump last.
   */
  function restsRunOnPastHoles(chosen: Pick<Fitted, 'plan' | 'material'> & Partial<Fitted>): Pick<Fitted, 'plan' | 'material'> & Partial<Fitted> {
    if (!policy.restsRunOnPastHoles || chosen.plan.short) return chosen;
    if (!chosen.plan.pages.slice(1, -1).some((page) => deepWhite(page) && page.modules.some((m) => m.option.piece.continuedFromPage !== undefined))) return chosen;
    let kept: Fitted = chosen.pages ? (chosen as Fitted) : fitted(chosen.plan, chosen.material, setter);
    let keptOptions = options;
    for (let i = 1; i < kept.plan.pages.length - 1; i++) {
      const page = kept.plan.pages[i];
      if (!deepWhite(page) || !page.modules.some((m) => m.option.piece.continuedFromPage !== undefined) || setter.holes(kept.pages[i], kept.keys[i], grid) === 0) continue;
      const runOn = { ...keptOptions, restsRunOnPages: new Set([...(keptOptions.restsRunOnPages ?? []), page.number]) };
      const plan = planEdition(stories, config, kept.material, runOn);
      if (plan.pages.length > kept.plan.pages.length || plan.leftOut.length > kept.plan.leftOut.length || plan.problems.length > kept.plan.problems.length) continue;
      const set = fitted(plan, kept.material, setter);
      const compared = holesWhereDiffer(kept, set, setter, grid);
      const holePagesFewer = compared.a.pages - compared.b.pages;
      if (judge(plan, set, kept.plan, kept).better && set.jumps <= kept.jumps + Math.max(0, holePagesFewer)) {
        kept = set;
        keptOptions = runOn;
      }
    }
    options = keptOptions;
    return kept;
  }

  /**
   * A story's last rest of a few lines across the page (measure.ts thinContinuations: a strip of
   * three to seven rows under "Continued from Page N", most often the tail of a story longer than
   * two pages after a page of its text): planned again with compact shapes (a photo cropped a
   * step, a headline a step smaller) from its story's start page to the rest's, as an editor pulls
   * a short rest back by trimming the pages before it, each of `compactPhotoMaxShares` in turn.
   * Kept where the pages have fewer thin continuations and are no worse otherwise: no more pages
   * with a hole, pages, jumps, inversions, stubs at a page's foot, stories held or problems
   * (policy `thinRestsPulledBack`).
   */
  function thinRestsPulledBack(chosen: Pick<Fitted, 'plan' | 'material'> & Partial<Fitted>): Pick<Fitted, 'plan' | 'material'> & Partial<Fitted> {
    if (!policy.thinRestsPulledBack || chosen.plan.short || policy.compactPhotoMaxShares.length === 0) return chosen;
    const thinIn = (set: Fitted) => set.pages.reduce((n, page) => n + thinContinuations(page).length, 0);
    // Column ends a reader crosses mid-word, as packed (the mend steps after the plan take some away in either plan).
    const hyphensIn = (set: Fitted) => set.pages.reduce((n, page) => n + hyphenatedColumnEnds(page).length, 0);
    let kept: Fitted = chosen.pages ? (chosen as Fitted) : fitted(chosen.plan, chosen.material, setter);
    if (thinIn(kept) === 0) return kept;
    const startPage = (slug: string) => kept.pages.find((page) => page.modules.some((m) => m.slug === slug))?.number ?? 2;
    for (let i = 1; i < kept.pages.length; i++) {
      const thin = thinContinuations(kept.pages[i]);
      if (thin.length === 0) continue;
      const page = i + 1;
      const fromPage = Math.max(2, Math.min(...thin.map((m) => startPage(m.slug))));
      // Pages without a photo take the same compact shapes at every share (headlines a step smaller): one try.
      const photos = kept.plan.pages.slice(fromPage - 1, page).some((p) => p.modules.some((m) => carriesPhoto(m.option.piece)));
      for (const photoMaxShare of photos ? policy.compactPhotoMaxShares : policy.compactPhotoMaxShares.slice(0, 1)) {
        const { compact, plan } = compactPlan({ fromPage, toPage: page, photoMaxShare }, options);
        if (plan.pages.length > kept.plan.pages.length || plan.leftOut.length > kept.plan.leftOut.length || plan.problems.length > kept.plan.problems.length) continue;
        const set = fitted(plan, compact, setter);
        if (thinIn(set) >= thinIn(kept) || !judge(plan, set, kept.plan, kept).noWorse || stubsIn(set) > stubsIn(kept) || pagesTurned(set) > pagesTurned(kept) || hyphensIn(set) > hyphensIn(kept)) continue;
        kept = set;
        break;
      }
    }
    return kept;
  }
}

/**
 * A plan with the front page's jumps near the front that is no worse but for pages with a hole
 * more, all of them the edition's last (the rule lets it keep white: `innerHolePagesMore` none),
 * and for jumps more, kept where its jumps send readers fewer pages than those cost (policy
 * `pagesTurnedPerLastPageHole` each such page, `pagesTurnedPerJump` each jump). Before layout-85
 * that try took no hole at all: A4 with pull quotes set by their column's width, 45 articles at
 * seed 2, kept the front's two Science rests on pages 64 and 65 of 65, 99 pages turned more, for a
 * half-white last page.
 */
export function lastPageHoleBought(
  policy: Pick<LayoutPolicy, 'pagesTurnedPerLastPageHole' | 'pagesTurnedPerJump'>,
  judged: { readonly rest: boolean; readonly holePagesMore: number; readonly innerHolePagesMore: number },
  jumpsMore: number,
  turnedSaved: number,
): boolean {
  if (!Number.isFinite(policy.pagesTurnedPerLastPageHole) || !judged.rest || judged.holePagesMore <= 0 || judged.innerHolePagesMore > 0) return false;
  return judged.holePagesMore * policy.pagesTurnedPerLastPageHole + Math.max(0, jumpsMore) * policy.pagesTurnedPerJump < turnedSaved;
}

/** Holes counted on a plan's pages: all of them, the pages with any, and those pages but its last. */
interface HolesCounted {
  readonly holes: number;
  readonly pages: number;
  readonly innerPages: number;
}

/**
 * Holes on the pages where two set plans differ, each side's: all of them, how many pages have any,
 * and how many of those are not the plan's last page. Pages with the same key are the same page
 * (PlanSetter), so only the others are measured.
 */
function holesWhereDiffer(a: Fitted, b: Fitted, setter: PlanSetter, grid: Grid): { a: HolesCounted; b: HolesCounted } {
  const count = { a: { holes: 0, pages: 0, innerPages: 0 }, b: { holes: 0, pages: 0, innerPages: 0 } };
  for (let i = 0; i < Math.max(a.pages.length, b.pages.length); i++) {
    if (a.keys[i] === b.keys[i]) continue;
    for (const [side, fitted] of [['a', a], ['b', b]] as const) {
      if (i >= fitted.pages.length) continue;
      const holes = setter.holes(fitted.pages[i], fitted.keys[i], grid);
      count[side].holes += holes;
      if (holes > 0) count[side].pages++;
      if (holes > 0 && i < fitted.pages.length - 1) count[side].innerPages++;
    }
  }
  return count;
}

function sumCounts(a: Material['searchCounts'], b: Material['searchCounts']): Material['searchCounts'] {
  return { stacks: a.stacks + b.stacks, nodes: a.nodes + b.nodes, capped: a.capped + b.capped };
}

/** Step "pack": sets each planned module (its head and its columns) exactly as the search counted it. */
export function packModule(material: Material, planned: Planned): PlacedModule {
  const { option } = planned;
  const { piece, span, shape } = option;
  const head = material.head(piece, span, shape);
  const textRows = option.rows - head.rows;
  const columns =
    option.cutAt !== undefined
      ? material.cutColumns(piece, span, shape, textRows)!.columns
      : shape.photoSide
        ? material.besideLevel(piece, span, shape)!.columns
        : featheredColumns(material, planned, textRows);
  const photoPart = head.parts.find((p) => p.kind === 'photo');
  return {
    slug: piece.story.article.slug,
    // A brief is a story short enough never to be cut (story.brief), not any story given a brief's
    // head: a cut priority-5 story set one column wide was a "brief", and the manifest's jumps and
    // priority inversions, which leave briefs out, did not count it (an honest-measures review).
    kind: shape.role === 'brief' && piece.story.brief ? 'brief' : 'article',
    column: planned.column,
    span,
    top: planned.top,
    rows: option.rows,
    head,
    columns,
    photo: photoPart ? { ref: photoPart.photoRef!, widthPx: photoPart.width ?? spanWidth(material.grid, span), heightPx: photoPart.height } : undefined,
  };
}

/**
 * A finished module's columns: with the blank lines between paragraphs the plan counted on, or as
 * many as fit the rows it planned (never more: the module below would be overprinted).
 */
function featheredColumns(material: Material, planned: Planned, textRows: number): readonly (readonly ColumnUnit[])[] {
  const { piece, span } = planned.option;
  for (let extra = planned.option.feathered ?? 0; extra > 0; extra--) {
    const fill = material.feathered(piece, span, extra);
    if (fill && fill.rows <= textRows) return fill.columns;
  }
  return (planned.option.across ? material.balancedAcross(piece, span) : material.balanced(piece, span))!.columns;
}

/**
 * Step "fill": white that the search could not avoid gets the paper's own notices, last and small:
 * each at most an eighth of a page, all together within the policy's share of the edition. White
 * a notice of that size cannot close but one twice as deep can (a section's last page, a story's
 * tail over a fifth of the page) gets that one deeper notice: two of them stacked, one under the
 * other, read as fillers piled into a hole, where a paper prints one. Each notice runs once; with `repeat` (the chosen plan's
 * pages, never a plan being judged: composePages), once every one has run, a notice runs again
 * where it closes white that would otherwise stay a hole, `noticeRepeatMinPages` from its other
 * appearances. Returns the blocks to add to each page.
 */
export function houseAdsFor(plan: EditionPlan, ads: readonly HouseAd[], paper: string, grid: Grid, fonts: FontBook, policy: LayoutPolicy, repeat = false): ReadonlyMap<number, readonly FixedBlock[]> {
  const out = new Map<number, FixedBlock[]>();
  const pageArea = grid.columns * grid.rows;
  let budget = Math.floor(pageArea * plan.pages.length * policy.houseAdMaxEditionShare);
  const feet = plan.pages.flatMap((page) => page.feet.map((foot) => ({ page: page.number, foot })));
  // First the white an ad closes (standing a row below what is above it, it leaves at most the
  // planner's white limit and a row at the foot: shallower than a hole): there an ad takes a hole
  // away, where in deeper white a hole stays beside it. Then white two notices close, then the
  // largest white first, where a reader would see a hole; the edition's last page last, since
  // white at the end of the paper reads as its end.
  const last = plan.pages.length;
  // The edition's last page may hold a larger notice: the back page's white can only be closed by
  // a notice, where a page inside has stories before and after it to plan with.
  const pageShare = (page: number) => (page === last ? policy.houseAdMaxLastPageShare : policy.houseAdMaxPageShare);
  const closing = (foot: Rect, rows: number) => noticeCloses(policy, foot, rows);
  const closes = (page: number, foot: Rect) => noticeClosesFoot(grid, policy, foot, pageShare(page));
  const deepRows = (page: number, foot: Rect) => deepNoticeRows(grid, policy, foot, pageShare(page));
  const deepCloses = (page: number, foot: Rect) => !closes(page, foot) && deepNoticeClosesFoot(grid, policy, foot, pageShare(page));
  const rank = (page: number, foot: Rect) => (closes(page, foot) ? 0 : deepCloses(page, foot) ? 1 : 2);
  feet.sort(
    (a, b) =>
      rank(a.page, a.foot) - rank(b.page, b.foot) ||
      Number(a.page === last) - Number(b.page === last) ||
      b.foot.rows * b.foot.span - a.foot.rows * a.foot.span ||
      a.page - b.page ||
      a.foot.column - b.foot.column,
  );
  /** Pages each notice stands on. */
  const placedOn = ads.map((): number[] => []);
  const hasRun = (ad: number) => placedOn[ad].length > 0;
  /**
   * The notices `page` may take, in the order they run: those that have not run yet, in turn; then
   * (with `repeat`) those whose every appearance is far enough away, the least run first.
   */
  const running = (page: number): number[] => {
    const indices = ads.map((_, i) => i);
    const fresh = indices.filter((i) => !hasRun(i));
    if (!repeat) return fresh;
    const far = (i: number) => placedOn[i].every((other) => Math.abs(other - page) >= policy.noticeRepeatMinPages);
    return [...fresh, ...indices.filter((i) => hasRun(i) && far(i)).sort((a, b) => placedOn[a].length - placedOn[b].length || a - b)];
  };
  const place = (page: number, box: Rect, ad: number): boolean => {
    const content = setHouseAd(ads[ad], paper, spanWidth(grid, box.span), box.rows * grid.lead, grid, fonts);
    if (!content) return false;
    placedOn[ad].push(page);
    budget -= box.rows * box.span;
    out.set(page, [...(out.get(page) ?? []), { kind: 'house-ad', ...box, houseAd: content }]);
    return true;
  };
  for (const { page, foot } of feet) {
    if (!repeat && placedOn.every((pages) => pages.length > 0)) break;
    if (foot.rows <= policy.maxWhiteRows) continue;
    const notices = running(page);
    if (notices.length === 0) continue;
    // A notice runs a second time only where it closes the white: not to stand under a hole.
    // Where one of the page's size does not, one twice as deep does, never two stacked (on a
    // tabloid, 16 articles at seed 6: two notices of 16 rows one over the other across the last
    // page's foot; at seed 1 two of 12 on page 5).
    if (deepCloses(page, foot) && deepRows(page, foot) * foot.span <= budget) {
      place(page, { column: foot.column, span: foot.span, top: foot.top + noticeGapAbove(foot), rows: deepRows(page, foot) }, notices[0]);
      continue;
    }
    const maxArea = Math.min(budget, noticeMaxRows(grid, pageShare(page), foot.span, policy) * foot.span);
    const rows = Math.min(foot.rows - noticeGapAbove(foot), Math.floor(maxArea / foot.span));
    if (rows < policy.houseAdMinRows) continue;
    // An ad that closes the white stands a row below what stands above it, like a module in its
    // stack: the white left goes to the foot, at most a row deeper than the planner lets a stack's
    // foot be and shallower than a hole. Above the ad it would add to the white at the end of the
    // columns over it (a story's last column is often a row or two short) and read as a hole. In
    // deeper white the ad sits at the foot.
    const top = closing(foot, rows) ? foot.top + noticeGapAbove(foot) : foot.top + foot.rows - rows;
    if (hasRun(notices[0]) && !closing(foot, rows)) continue;
    place(page, { column: foot.column, span: foot.span, top, rows }, notices[0]);
  }
  return out;
}

/**
 * The chosen plan's pages with its notices placed again, a notice running a second time where it
 * closes white that would stay a hole once every notice has run (houseAdsFor's `repeat`). Only
 * here, after the plans are judged: judged with repeats, plans whose white only repeated notices
 * close won over plans with fewer pages turned (A4, 45 articles at seed 1: 65 pages more turned).
 */
function withRepeatedNotices(pages: readonly ComposedPage[], plan: EditionPlan, config: LayoutConfig, grid: Grid, fonts: FontBook, policy: LayoutPolicy): readonly ComposedPage[] {
  // Where some notice has not run, none runs again: its white took a notice that had not, or none.
  const placed = pages.reduce((n, page) => n + page.blocks.filter((block) => block.kind === 'house-ad').length, 0);
  if (placed < config.houseAds.length) return pages;
  const ads = houseAdsFor(plan, config.houseAds, config.paper, grid, fonts, policy, true);
  return pages.map((page) => ({ ...page, blocks: [...page.blocks.filter((block) => block.kind !== 'house-ad'), ...(ads.get(page.number) ?? [])] }));
}

/**
 * Step "heads": a headline whose lines leave a hole beside them on the page as set is set again
 * with its words broken otherwise, in as many lines and so as deep (the plan stands): its lines
 * ending on words that carry sense first, then the most even (story.ts headlineBreakings). The head's
 * own check (story.ts fillingHeadline) allows white 0.82 of a column wide beside its lines; the
 * page's hole may run on into the gutter beside the module (A4, 45 articles at seed 6: the front
 * page's lead left 136 px beside its three lines, and with the gutter the white was 148 px wide,
 * a hole). The first that leaves the page fewer holes is kept.
 */
export function headsFilledBesideHoles(page: ComposedPage, grid: Grid, fonts: FontBook, policy: LayoutPolicy): ComposedPage {
  if (policy.headlineRebreaks <= 0) return page;
  // Only a line with white beside it about as wide as a hole (the gutter and a raster cell either
  // side may make up the rest) can stand beside one: most pages have none, and are not measured.
  const holeRag = MEASURE_POLICY.holeMinColumns * grid.columnWidth - grid.gutter - 2 * MEASURE_POLICY.cellWidthPx;
  const headlineOf = (module: PlacedModule) => module.head.parts.find((part) => part.kind === 'headline');
  const widthOf = (module: PlacedModule, headline: HeadPart) => headline.width ?? spanWidth(grid, module.span);
  const ragged = page.modules.some((module) => {
    const headline = headlineOf(module);
    return headline !== undefined && headline.lines.length >= 2 && headline.lines.some((line) => widthOf(module, headline) - line.naturalWidth >= holeRag);
  });
  if (!ragged) return page;
  const holes = measurePage(page, grid).holes;
  if (holes.length === 0) return page;
  let best = page;
  let bestHoles = holes.length;
  page.modules.forEach((module, index) => {
    const headline = headlineOf(module);
    if (!headline || headline.lines.length < 2 || headline.lines.some((line) => line.hyphenated)) return;
    const width = widthOf(module, headline);
    const box: Box = { x: columnLeft(grid, module.column) + (headline.x ?? 0), y: rowTop(grid, module.top) + headline.y, width, height: headline.height };
    if (!holes.some((hole) => overlaps(hole, box))) return;
    const text = headline.lines.map((line) => lineText(line.words)).join(' ');
    for (const lines of headlineBreakings(text, width, headline.sizePx / PT, headline.lines.length, fonts, policy.headlineRebreaks)) {
      const head = { ...module.head, parts: module.head.parts.map((part) => (part === headline ? { ...part, lines } : part)) };
      const tried = { ...best, modules: best.modules.map((other, i) => (i === index ? { ...module, head } : other)) };
      const triedHoles = measurePage(tried, grid).holes.length;
      if (triedHoles < bestHoles) {
        best = tried;
        bestHoles = triedHoles;
        return;
      }
    }
  });
  return best;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Step "shape": a finished story's columns, planned level, shared out again with the shortest leg
 * last where a column would stop short of one to its right (columns.ts shapedColumns). The
 * modules keep their depth, so the plan stands; no column gets white that, with the white below
 * the module, comes near a hole's depth (measure.ts NEAR_HOLE_POLICY).
 */
export function shapeColumns(page: ComposedPage, grid: Grid, policy: LayoutPolicy): ComposedPage {
  const shape = columnShapeOf(policy);
  const inkOf = new Map<PlacedModule, Box[]>();
  return withStoryColumnsSetAgain(page, (module) => {
    // Most finished modules have no white inside: only one that has is measured and set again.
    if (!whiteInside(module.columns)) return undefined;
    return shapedColumns(module.columns, shape, { rows: module.rows - module.head.rows, whiteBelow: whiteBelow(page, module, grid, inkOf), holeRows: NEAR_HOLE_POLICY.holeMinRows });
  });
}

/**
 * Step "level": a finished story whose columns still end two lines or more apart is set level, its
 * shorter columns' leading opened by at most the policy's share (columns.ts levelledColumns). The
 * module keeps its depth and its lines; only where they stand in the shorter columns moves.
 */
export function levelColumns(page: ComposedPage, policy: LayoutPolicy): ComposedPage {
  if (policy.levelMaxStretch <= 0) return page;
  // Columns around a photo beside the text keep their lines too, the room under the photo on the
  // grid and only the lines' leading opened: 84/84/84/84/81 beside a photo over the last three
  // (20 articles at seed 9, page 12) end level.
  return withStoryColumnsSetAgain(page, (module) => levelledColumns(module.columns, policy.levelMaxStretch), true);
}

/**
 * `page` with the columns `setAgain` gives each module that ends its story in columns (the same
 * page when it gives none); a module with a photo beside its text only `aroundPhotos`.
 */
function withStoryColumnsSetAgain(page: ComposedPage, setAgain: (module: PlacedModule) => ColumnUnit[][] | undefined, aroundPhotos = false): ComposedPage {
  let changed = false;
  const modules = page.modules.map((module) => {
    // Columns around a photo beside the text are filled in reading order around it, as planned.
    const columns = endsStoryInColumns(module) && (aroundPhotos || !hasPhotoBeside(module)) ? setAgain(module) : undefined;
    if (!columns) return module;
    changed = true;
    return { ...module, columns };
  });
  return changed ? { ...page, modules } : page;
}

/**
 * White rows below a module in each of its columns, down to where the ink of what stands next
 * below starts (a module's head may open with white above its rule or headline), or the page's
 * foot. `inkOf` keeps each module's ink once measured.
 */
function whiteBelow(page: ComposedPage, module: PlacedModule, grid: Grid, inkOf: Map<PlacedModule, Box[]>): number[] {
  const bottom = module.top + module.rows;
  return module.columns.map((_, c) => {
    const column = module.column + c;
    const covers = (box: Rect) => box.top >= bottom && box.column <= column && column < box.column + box.span;
    const below = page.modules.filter(covers).reduce<PlacedModule | undefined>((a, b) => (a && a.top <= b.top ? a : b), undefined);
    const block = page.blocks.filter(covers).reduce<FixedBlock | undefined>((a, b) => (a && a.top <= b.top ? a : b), undefined);
    let next = rowTop(grid, grid.rows);
    if (block) next = rowTop(grid, block.top);
    if (below && (!block || below.top < block.top)) {
      const left = columnLeft(grid, column);
      let ink = inkOf.get(below);
      if (!ink) inkOf.set(below, (ink = moduleInk(below, grid)));
      for (const box of ink) if (box.x < left + grid.columnWidth && box.x + box.width > left) next = Math.min(next, box.y);
    }
    return (next - rowTop(grid, bottom)) / grid.lead;
  });
}

/** The least share of the body's size a jump line is set at to fit its measure. */
export const JUMP_LINE_MIN_SHARE = 0.7;
/** A jump line's short form, where edition.yaml's wording does not fit its measure at the least size: the page, and an arrow for which way. */
export const SHORT_JUMP_LINES = { on: '→ {page}', from: '← {page}' } as const;

/**
 * Step "fit jump lines": a "Continued on Page N" line (bold italic, in the last column) or a
 * "Continued from Page M" line (italic, across the module) that the body's size sets wider than its
 * measure is set smaller to fit, down to JUMP_LINE_MIN_SHARE of it; wider still (edition.yaml's
 * wording takes 80 characters), it prints its short form (SHORT_JUMP_LINES), never past the column.
 * At 120 × 160 mm in four 22 mm columns "Continued on Page 2" ran 25 px into the next column.
 */
export function fitJumpLines(module: PlacedModule, config: LayoutConfig, grid: Grid, fonts: FontBook): PlacedModule {
  const fitted = (wording: string, short: string, page: number, face: 'serif-bolditalic' | 'serif-italic', measure: number): FittedJumpLine | undefined => {
    const width = fonts.width(wording.replace('{page}', String(page)), face, grid.bodySize);
    if (width <= measure) return undefined;
    const least = grid.bodySize * JUMP_LINE_MIN_SHARE;
    if ((grid.bodySize * measure) / width >= least) return { sizePx: (grid.bodySize * measure) / width };
    const text = short.replace('{page}', String(page));
    return { sizePx: Math.max(least, Math.min(grid.bodySize, (grid.bodySize * measure) / fonts.width(text, face, grid.bodySize))), text };
  };
  const on = module.continuedOn === undefined ? undefined : fitted(config.continuedOn, SHORT_JUMP_LINES.on, module.continuedOn, 'serif-bolditalic', grid.columnWidth);
  const fromPart = module.head.parts.find((part) => part.kind === 'jump-from');
  const from = module.continuedFrom === undefined || !fromPart ? undefined : fitted(config.continuedFrom, SHORT_JUMP_LINES.from, module.continuedFrom, 'serif-italic', fromPart.width ?? spanWidth(grid, module.span));
  return on === undefined && from === undefined ? module : { ...module, jumpLines: { ...(on ? { on } : {}), ...(from ? { from } : {}) } };
}

/** The composer's word for each jump wording that printed in its short form somewhere. */
function shortJumpProblems(pages: readonly ComposedPage[], grid: Grid): string[] {
  const problems: string[] = [];
  for (const [which, key] of [['on', 'continuedOn'], ['from', 'continuedFrom']] as const) {
    if (!pages.some((page) => page.modules.some((module) => module.jumpLines?.[which]?.text !== undefined))) continue;
    problems.push(`edition.yaml \`${key}\` is too long for a ${(grid.columnWidth / MM).toFixed(0)} mm column even set smaller; those lines print "${SHORT_JUMP_LINES[which]}"`);
  }
  return problems;
}

/** Step "link jumps": every part of a cut story but the last names the next part's page, and back. */
export function linkJumps(pages: readonly { readonly number: number; readonly modules: readonly PlacedModule[] }[]): Map<PlacedModule, PlacedModule> {
  const parts = new Map<string, { module: PlacedModule; page: number }[]>();
  for (const page of pages) for (const module of page.modules) parts.set(module.slug, [...(parts.get(module.slug) ?? []), { module, page: page.number }]);
  const linked = new Map<PlacedModule, PlacedModule>();
  for (const list of parts.values()) {
    list.forEach(({ module }, i) => {
      const continuedOn = i < list.length - 1 ? list[i + 1].page : undefined;
      const continuedFrom = i > 0 ? list[i - 1].page : undefined;
      linked.set(module, continuedOn === undefined && continuedFrom === undefined ? module : { ...module, continuedOn, continuedFrom });
    });
  }
  return linked;
}

/**
 * Composes the edition's pages from accepted articles. With a `clock` (the caller's: this module
 * reads none), the result carries how long each step took, so the planner's share of the build
 * can be reported and held to its budget.
 */
export function composePages(
  articles: readonly Article[],
  photos: ReadonlyMap<string, PhotoFacts>,
  config: LayoutConfig,
  grid: Grid,
  fonts: FontBook,
  policy: LayoutPolicy = DEFAULT_LAYOUT_POLICY,
  clock?: () => number,
): Composition {
  const started = clock?.() ?? 0;
  // What the typesetter keeps from composes before: only what this one or the last one asks for.
  ageTypesetCaches(fonts);
  const first = new Material(grid, fonts, policy);
  const stories = first.measure(articles, photos);
  const measured = clock?.() ?? 0;
  const { chosen, tried } = planFitted(stories, config, first);
  const planned = clock?.() ?? 0;
  const plan = printedPlan(chosen, policy);
  // A plan judged against others was set to be measured (the pack step's time is then in the plan's).
  const set = withRepeatedNotices((plan === chosen.plan ? chosen.pages : undefined) ?? setPages(plan, chosen.material, config, (m) => packModule(chosen.material, m)).map(({ page }) => page), plan, config, grid, fonts, policy);
  const shaped = mendJumpEnds(set, stories, chosen.material, policy).map((page) => levelColumns(shapeColumns(page, grid, policy), policy));
  // What the level step leaves uneven (a column that would open its leading too far) may come
  // level with one paragraph set a line looser or tighter, or, feathered, with fewer blank rows.
  const loosened = levelByLooseness(mendColumnEnds(shaped, stories, grid, fonts), stories, chosen.material, policy);
  // A story's headline level with its neighbour's head set under the story's photo (stagger.ts).
  // White a few rows deep at a page's foot taken up by feathering the module over it (feet.ts).
  // A rest still over such white given its story's standfirst as a deck under its jump head (feet.ts restsDeckedToFeet).
  const articleOf = new Map(stories.map((story) => [story.article.slug, story.article]));
  const deckedHead = (module: PlacedModule) => {
    const article = articleOf.get(module.slug);
    return article && jumpHeadWithDeck(module.head, article, spanWidth(grid, module.span), policy.footFillRestDeckLines, grid, fonts);
  };
  const pages = loosened.pages.map((page) => restsDeckedToFeet(feetFilled(headsFilledBesideHoles(photosOverLevelHeads(page, grid, policy), grid, fonts, policy), grid, policy), grid, policy, deckedHead));
  const problems = [...plan.problems];
  const placed = new Map<string, number>();
  // The story's own units: not the room a column keeps under a photo beside the text.
  for (const page of pages) for (const module of page.modules) for (const column of module.columns) placed.set(module.slug, (placed.get(module.slug) ?? 0) + column.filter((unit) => unit.kind !== 'photo-room').length);
  const leftOut = new Set(plan.leftOut);
  for (const story of stories) {
    if (leftOut.has(story)) continue;
    const count = placed.get(story.article.slug);
    // A paragraph set a line looser or tighter to level the columns prints that many lines more or fewer.
    const expected = story.units.length + (loosened.lines.get(story.article.slug) ?? 0);
    if (count === undefined) problems.push(`"${story.article.slug}" was not placed`);
    else if (count < expected) problems.push(`"${story.article.slug}" lost ${expected - count} lines`);
  }
  problems.push(...checkPages(pages, grid), ...shortJumpProblems(pages, grid));
  const stepMs = clock ? { material: measured - started, plan: planned - measured, pack: clock() - planned } : undefined;
  return { pages, sections: plan.sections, short: plan.short, leftOut: plan.leftOut.map((story) => story.article.slug), problems, ...(stepMs ? { stepMs, planCounts: tried.reduce((sum, m) => sumCounts(sum, m.searchCounts), { ...first.searchCounts }) } : {}) };
}

/**
 * The plan the edition prints from planFitted's choice: the front page's rests in its order where
 * neighbouring pages may change places (jump-order.ts), then each rest naming its start's page in
 * that order (rest-pages.ts), as the printed jump lines do.
 */
export function printedPlan(chosen: Pick<Fitted, 'plan' | 'material'>, policy: LayoutPolicy = DEFAULT_LAYOUT_POLICY): EditionPlan {
  return restsNamingTheirStarts(frontStacksInJumpOrder(frontJumpsInOrder(chosen.plan, policy), policy), chosen.material);
}
