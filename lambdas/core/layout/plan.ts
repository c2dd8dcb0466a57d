/**
 * Step 2 of composing, "plan": the whole edition decided before any module is set. The front page
 * takes the lead and the day's top stories as tasters that jump inside; then the sections follow in
 * order as one flow of regions. A section opens under its own band; when it ends part-way down a
 * page, the next section starts in what is left (below it, or beside it), so a section with half a
 * page of copy shares a page instead of leaving half a page white. Within each region the search
 * (search.ts) chooses the modules; when a section's copy is more than its region holds, stories are
 * cut at the foot and continue on the section's next page, each at most once.
 */
import type { FixedBlock } from './composition';
import type { EditorialChoices, LayoutConfig } from './config';
import { type Material, type Piece, type StoryMaterial } from './material';
import { estimatedArea, searchRegion, searchRegionAlternatives, searchRegionLevel, whiteCost, type Planned, type Rect, type RegionPlan, type RegionRules } from './search';
import { closedByANotice } from './notices';
import { restsNamingTheirStarts } from './rest-pages';
import { remainingRows } from './columns';
import { sectionKey } from '../sections';

/** A fixed block as planned: masthead, a section's band, the Inside box (house ads come later, set). */
export type PlannedBlock = Omit<FixedBlock, 'houseAd'>;

export interface PagePlan {
  readonly number: number;
  /** Sections on the page, in order; the first is the page's running head. */
  readonly sections: readonly string[];
  readonly blocks: readonly PlannedBlock[];
  readonly modules: readonly Planned[];
  /** White left at the feet of stacks, for the fillers and the measures. */
  readonly feet: readonly Rect[];
}

export interface EditionPlan {
  readonly pages: readonly PagePlan[];
  /** Sections in page order with their first page, for the Inside box and the PDF outline. */
  readonly sections: readonly { readonly name: string; readonly page: number }[];
  /** The edition's copy is less than a page: the front page is composed for it alone. */
  readonly short: boolean;
  /** Stories left out because their section's pages (`pages:`) were full. */
  readonly leftOut: readonly StoryMaterial[];
  readonly problems: readonly string[];
  /**
   * Times a section that is only the front page's jumps, or whose own stories fit beside them,
   * found no room for them in what the section before it left (a continuation is never cut again):
   * that area stayed white, or, planned with `handOnJumps`, the jumps were handed on to the next
   * section.
   */
  readonly jumpsWithoutRoom?: number;
  /** The stories whose front-page jumps found no room so (above). */
  readonly jumpedWithoutRoom?: readonly StoryMaterial[];
  /**
   * Sections every story of which starts on the front page and jumps: they have no pages of their
   * own, and their jumps make some (in section order, often at the back), unless planned with
   * `jumpsNearFront`.
   */
  readonly sectionsOfOnlyJumps?: readonly string[];
  /** Stories the front page took past its story limit to close its white (policy `frontFillStories`). */
  readonly frontFilled?: readonly StoryMaterial[];
  /**
   * Sections that opened in what the section before them left at a page's foot as a stub cut to
   * jump (measure.ts shortStarts) where a notice would close that foot; planned with
   * `openingsOffFoot`, those that opened the next page instead.
   */
  readonly stubOpenings?: number;
}

export interface PlanOptions {
  /**
   * A section of only front-page jumps that do not fit where the section before it ended hands
   * them on: the next section takes that area, and the jumps go where its flow has room for them
   * whole (compose.ts planFitted keeps this plan only when its pages are better). So does a section
   * whose own stories fit there and whose jumps do not: the next section starts under its stories.
   */
  readonly handOnJumps?: boolean;
  /**
   * Stories the front page does not take as tasters unless the desk chose them: their jumps found
   * no room inside in an earlier plan (compose.ts planFitted keeps this plan only when its pages
   * are better).
   */
  readonly offFront?: ReadonlySet<StoryMaterial>;
  /**
   * The jumps of a section of only front-page jumps go to the first inside section's pages, near
   * the front, as to a jump page (compose.ts planFitted keeps this plan only when its pages are no
   * worse and its jumps send the reader fewer pages).
   */
  readonly jumpsNearFront?: boolean;
  /**
   * Every front-page jump goes to the first inside section's pages, as to a jump page, not to its
   * own section's, which may be at the back of the edition (neither where the desk gave either
   * section pages): compose.ts planFitted keeps this plan only when its pages are better, or no
   * worse (but for inversions the policy's `pagesTurnedPerInversion` pays for) and its jumps send
   * the reader fewer pages (never for a page with a hole more).
   */
  readonly frontJumpsNearFront?: boolean;
  /**
   * The whole edition is planned on the front page alone, whatever the copy's estimated area
   * (compose.ts planFitted, for an edition of two pages whose second is mostly white); where it
   * does not fit, the plan is not `short` and leaves every story out: the caller keeps its own.
   */
  readonly onePage?: boolean;
  /**
   * Stories whose `page:` pin is let go (compose.ts planFitted, for pins past the edition's last
   * page): they are placed as if unpinned; the pin's warning stays.
   */
  readonly unpinned?: ReadonlySet<StoryMaterial>;
  /**
   * The front page takes no stories past its story limit (policy `frontFillStories`): compose.ts
   * planFitted, for an edition whose last page the front's fill left mostly white.
   */
  readonly frontUnfilled?: boolean;
  /**
   * A section that would open at a page's foot, in what the section before it left, as a stub cut
   * to jump (a head over a few lines and "Continued on Page N": measure.ts shortStarts) opens the
   * next page instead, where one notice closes that foot (notices.ts; the fill step puts it
   * there): compose.ts planFitted keeps this plan only where it has fewer such stubs and is no
   * worse otherwise (policy `stubOpeningPagesTurned`).
   */
  readonly openingsOffFoot?: boolean;
  /**
   * Pages on which a rest that fits one page may be cut again at the foot and run on to the next
   * page (search.ts RegionRules.cutRests), so that two rests share a page where one alone left a
   * hole under it: compose.ts restsRunOnPastHoles asks it for a page inside the edition with a
   * hole under a rest, and keeps the plan only where its pages are better (policy
   * `restsRunOnPastHoles`).
   */
  readonly restsRunOnPages?: ReadonlySet<number>;
}

interface PageDraft {
  readonly number: number;
  readonly sections: string[];
  readonly blocks: PlannedBlock[];
  readonly modules: Planned[];
  readonly feet: Rect[];
}

/** Where the next section may start: what a section left free on its last page. */
interface OpenArea {
  readonly page: PageDraft;
  readonly rect: Rect;
}

/**
 * The edition's sections in page order: those edition.yaml lists, in its order, then the others
 * alphabetically, by one fixed collation rather than the process's locale (a laptop set to
 * Vietnamese ordered "Du lịch" before "Đời sống", the render Lambda, whose locale is en_US, the
 * other way round: the same inputs made different pages). en-US is the Lambda's, so the cloud's
 * editions keep their order; a newsroom that wants another lists its sections in edition.yaml.
 */
export function sectionOrder(stories: readonly StoryMaterial[], configured: readonly string[]): string[] {
  const present = new Set(stories.map((s) => s.article.section));
  const known = configured.filter((s) => present.has(s));
  const others = [...present].filter((s) => !configured.includes(s));
  if (others.length > 1) others.sort((sectionCollator ??= new Intl.Collator('en-US')).compare);
  return [...known, ...others];
}

/** The collation of sections edition.yaml does not list (sectionOrder), made when first needed. */
let sectionCollator: Intl.Collator | undefined;

/**
 * More important first: priority, then length, then slug, so that the order never depends on input
 * order. Slugs are compared with their numbers as numbers (en-US, as sectionOrder's, so the
 * Lambda and a laptop agree): compared as strings, picture-10 and picture-11 went before
 * picture-2, as no desk numbers its stories. Slugs the collation calls equal (a01, a1) keep the
 * strings' order.
 */
export function byImportance(a: StoryMaterial, b: StoryMaterial): number {
  return a.article.priority - b.article.priority || b.words - a.words || bySlug(a.article.slug, b.article.slug);
}

/** Slugs in a newsroom's order: numbers by value, then as strings (byImportance). */
export function bySlug(a: string, b: string): number {
  return (slugCollator ??= new Intl.Collator('en-US', { numeric: true })).compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The numeric collation of slugs (bySlug), made when first needed. */
let slugCollator: Intl.Collator | undefined;

/** The continuation of a piece cut by `option` on page `page`. */
function continuationOf(material: Material, planned: Planned, page: number): Piece | undefined {
  const { option } = planned;
  if (option.cutAt === undefined) return undefined;
  return material.piece(option.piece.story, option.cutAt, page, option.shape.photoOnJump === true);
}

/** The desk's choices (edition.yaml and `page:` pins) matched to this edition's stories. */
interface Editorial {
  readonly lead?: StoryMaterial;
  /** `front:` in order, the lead aside; undefined when the desk did not choose. */
  readonly front?: readonly StoryMaterial[];
  /** Stories pinned to a page (`page: N`). */
  readonly pins: ReadonlyMap<StoryMaterial, number>;
  /** Pages given to a section (`pages:`). */
  readonly budgets: ReadonlyMap<string, number>;
}

/** Matches the desk's slugs and section names to the edition; each that matches nothing is a problem. */
function resolveEditorial(stories: readonly StoryMaterial[], choices: EditorialChoices, sections: readonly string[], problems: string[]): Editorial {
  const bySlug = new Map(stories.map((story) => [story.article.slug, story]));
  const missing = (field: string, slug: string, fallback: string) =>
    problems.push(`edition.yaml \`${field}\`: no story "${slug}" is printed in this edition (held, rejected or misspelt); ${fallback}`);
  let lead: StoryMaterial | undefined;
  if (choices.lead !== undefined) {
    lead = bySlug.get(choices.lead);
    if (!lead) missing('lead', choices.lead, 'the most important story leads');
  }
  let front: StoryMaterial[] | undefined;
  if (choices.front.length > 0) {
    front = [];
    for (const slug of choices.front) {
      const story = bySlug.get(slug);
      if (!story) missing('front', slug, 'it was left off the list');
      else if (!front.includes(story)) front.push(story);
    }
    lead ??= front[0];
    front = front.filter((story) => story !== lead);
  }
  const budgets = new Map<string, number>();
  for (const [named, pages] of choices.sectionPages) {
    // `pages: { sport: 2 }` is the Sport section's, as a story's `section: sport` is (sections.ts).
    const section = sections.find((name) => sectionKey(name) === sectionKey(named));
    if (section !== undefined) budgets.set(section, pages);
    else problems.push(`edition.yaml \`pages\`: no story is in the section "${named}"; its ${pages} page${pages === 1 ? '' : 's'} were not made`);
  }
  const pins = new Map<StoryMaterial, number>();
  for (const story of stories) if (story.article.page !== undefined) pins.set(story, story.article.page);
  return { ...(lead ? { lead } : {}), ...(front ? { front } : {}), pins, budgets };
}

/** Plans the whole edition. */
export function planEdition(stories: readonly StoryMaterial[], config: LayoutConfig, material: Material, options: PlanOptions = {}): EditionPlan {
  const { grid, policy } = material;
  const problems: string[] = [];
  const pages: PageDraft[] = [];
  const newPage = (section: string): PageDraft => {
    const page: PageDraft = { number: pages.length + 1, sections: [section], blocks: [], modules: [], feet: [] };
    pages.push(page);
    return page;
  };
  // Modules of a story placed so far: a rest of a story placed once is its first.
  const partsPlaced = (story: StoryMaterial) => pages.reduce((n, page) => n + page.modules.filter((m) => m.option.piece.story === story).length, 0);
  const place = (page: PageDraft, plan: RegionPlan) => {
    page.modules.push(...plan.modules);
    page.feet.push(...plan.feet);
  };
  const sections = sectionOrder(stories, config.sections);
  const ranked = [...stories].sort(byImportance);
  const pieces = new Map(ranked.map((story) => [story, material.piece(story, 0)]));
  const editorial = resolveEditorial(stories, config.editorial, sections, problems);
  const pinnedToFront = ranked.filter((story) => editorial.pins.get(story) === 1);

  // The front page.
  const front = newPage('Front');
  front.blocks.push({ kind: 'masthead', column: 0, span: grid.columns, top: 0, rows: policy.mastheadRows });
  const body: Rect = { column: 0, span: grid.columns, top: policy.mastheadRows, rows: grid.rows - policy.mastheadRows };
  // Opinion (policy offFrontSections) leads or tastes on the front only where the desk asks.
  const offFrontSections = new Set(policy.offFrontSections.map((section) => section.toLowerCase()));
  const newsForFront = (story: StoryMaterial) => !offFrontSections.has(story.article.section.toLowerCase());
  const lead = editorial.lead ?? editorial.front?.[0] ?? pinnedToFront[0] ?? ranked.find(newsForFront) ?? ranked[0];
  const leadMaxRows = Math.round(grid.rows * policy.leadMaxShare) - policy.mastheadRows;
  // A second plan (compact shapes for the last pages) keeps the first plan's front page.
  const frontMaterial = material.forPage(1);
  const totalArea = ranked.reduce((sum, story) => sum + estimatedArea(frontMaterial, pieces.get(story)!, grid.columns), 0);
  const placedOnFront = new Set<StoryMaterial>();
  const continuations: Piece[] = [];
  let short = false;
  if (options.onePage || totalArea <= body.span * body.rows * policy.shortEditionMaxShare) {
    // All the copy fits on one page: the front is composed for it (the lead across the page, with
    // the largest head and photo), and there is no Inside box because there is no inside.
    // Every story but the lead, which is the desk's choice and not always the most important.
    const queue = ranked.filter((s) => s !== lead).map((s) => pieces.get(s)!);
    const plan = searchRegionLevel(frontMaterial, queue, body, {
      mode: 'finish',
      pageTop: false,
      opening: { piece: pieces.get(lead)!, position: 'lead', maxRows: leadMaxRows, cutRows: [] },
      topModule: false,
    });
    if (plan) {
      place(front, plan);
      short = true;
      return { pages: freezePages(pages), sections: [], short, leftOut: [], problems, jumpsWithoutRoom: 0 };
    }
    // Asked for one page only: the edition planned on more pages is the caller's already.
    if (options.onePage) return { pages: freezePages(pages), sections: [], short, leftOut: ranked, problems, jumpsWithoutRoom: 0 };
  }
  const insideRows = sections.length + 3;
  // Tasters: the most important stories whose rest, once cut, still fits on one inside page (a story
  // longer than a page would jump twice); a short one may stand whole. The desk's `front:` list (and
  // stories pinned to page 1) replace the choice by importance, in the desk's order.
  const jumpsOnce = (s: StoryMaterial) => s.units.length > 0 && material.fitsOnAPage(pieces.get(s)!, 0);
  const chosen = editorial.front ?? pinnedToFront;
  const deskFront = [...chosen, ...pinnedToFront.filter((s) => !chosen.includes(s))].filter((s) => s !== lead);
  // A story the desk chose whose rest runs on over more than one inside page is a taster too, its
  // cut priced (policy restOverPageCost), unless such rests are not allowed.
  const runsOnAllowed = Number.isFinite(policy.restOverPageCost);
  const deskTasters = runsOnAllowed ? deskFront.filter((s) => s.units.length > 0) : deskFront.filter(jumpsOnce);
  for (const story of deskFront.filter((s) => !deskTasters.includes(s))) {
    problems.push(`"${story.article.slug}" was chosen for the front page but is too long to continue on one inside page; it starts inside`);
  }
  // After the desk's stories, others by importance may take what would otherwise stay white.
  const mayTaste = (s: StoryMaterial) => s !== lead && !deskFront.includes(s) && !options.offFront?.has(s) && newsForFront(s) && s.article.priority <= 4 && s.units.length > 0;
  const tasterLimit = Math.max(policy.frontStoryLimit - 1, deskFront.length);
  const tasterRows = Math.round(grid.rows * policy.frontModuleMaxShare);
  const leadRegion: Rect = { ...body, span: grid.columns - 1 };
  const cutRows = [0.42, 0.5, 0.58, 0.66].map((share) => Math.round(grid.rows * share) - policy.mastheadRows).filter((rows) => rows <= leadMaxRows);
  const frontRules: RegionRules = { mode: 'continue', pageTop: false, tasterRows, topModule: false, ...(deskFront.length > 0 ? { ordered: true } : {}) };
  const sideRegion: Rect = { column: grid.columns - 1, span: 1, top: policy.mastheadRows + insideRows, rows: grid.rows - policy.mastheadRows - insideRows };
  const holeArea = (...plans: (RegionPlan | undefined)[]) =>
    plans.reduce((sum, plan) => sum + (plan?.feet ?? []).reduce((area, foot) => area + (foot.rows > policy.maxWhiteRows ? foot.rows * foot.span : 0), 0), 0);
  /** The front page's lead, tasters and Inside box from these candidates, and the white a reader would see as holes. */
  const planFront = (candidates: readonly StoryMaterial[]) => {
    const leadOver = (region: Rect, above = 0) =>
      searchRegion(frontMaterial, candidates.map((s) => pieces.get(s)!), region, {
        ...frontRules,
        opening: { piece: pieces.get(lead)!, position: 'lead', maxRows: leadMaxRows - above, cutRows: cutRows.map((rows) => rows - above) },
      });
    let leadPlan = leadOver(leadRegion);
    const sideQueue = candidates.filter((s) => !leadPlan?.used.has(pieces.get(s)!)).map((s) => pieces.get(s)!);
    let sidePlan = searchRegion(frontMaterial, sideQueue, sideRegion, frontRules);
    let inside: PlannedBlock | undefined = { kind: 'inside', column: grid.columns - 1, span: 1, top: policy.mastheadRows, rows: insideRows };
    // Little or nothing for the column under the Inside box (a small edition: the lead's region took
    // every taster, or none jumps once): it would stand white down the front page. The index goes in
    // a strip under the masthead instead, a cell a column wide for its title and each section, and
    // the lead's region takes the page's width, when that leaves less white a reader sees as a hole.
    const sideEmpty = !sidePlan || sidePlan.modules.length === 0;
    const narrowHoles = holeArea(leadPlan, sidePlan) + (sideEmpty && !sidePlan ? sideRegion.rows : 0);
    let white = narrowHoles;
    if (sideEmpty || holeArea(sidePlan) > 0) {
      const stripRows = Math.ceil((sections.length + 1) / grid.columns) + 1;
      const wide = leadOver({ ...body, top: body.top + stripRows, rows: body.rows - stripRows }, stripRows);
      const widePlan = wide && (sideEmpty || holeArea(wide) < narrowHoles) ? wide : undefined;
      // Every story whole on the front page: there is no inside to list, and no strip.
      const allOnFront = (plan: RegionPlan) => ranked.every((s) => plan.used.has(pieces.get(s)!)) && plan.modules.every((m) => m.option.cutAt === undefined);
      const frontOnly = widePlan && allOnFront(widePlan) ? leadOver(body) : undefined;
      if (frontOnly && allOnFront(frontOnly)) {
        leadPlan = frontOnly;
        sidePlan = undefined;
        inside = undefined;
      } else if (widePlan) {
        leadPlan = widePlan;
        sidePlan = undefined;
        inside = { kind: 'inside', column: 0, span: grid.columns, top: policy.mastheadRows, rows: stripRows };
      }
      if (widePlan) white = holeArea(leadPlan);
    }
    return { leadPlan, sidePlan, inside, white };
  };
  const tasters = [...deskTasters, ...ranked.filter((s) => mayTaste(s) && jumpsOnce(s))];
  const jumpingOnce = planFront(tasters.slice(0, tasterLimit));
  // A front page left with white (on a small page, where most stories are longer than a page, it
  // held its lead alone) tries the stories whose rest runs on over more than one inside page as
  // tasters too, after the others (policy restOverPageCost prices their cut), and keeps the page
  // with less white.
  const runsOn = runsOnAllowed ? ranked.filter((s) => mayTaste(s) && !jumpsOnce(s)) : [];
  const withRunsOnCandidates = [...tasters, ...runsOn].slice(0, tasterLimit);
  const withRunsOn = jumpingOnce.white > 0 && runsOn.length > 0 ? planFront(withRunsOnCandidates) : undefined;
  const [bestFront, bestCandidates] = withRunsOn?.leadPlan && withRunsOn.white < jumpingOnce.white ? [withRunsOn, withRunsOnCandidates] : [jumpingOnce, tasters.slice(0, tasterLimit)];
  // Still white on the front page (a hole beside a story a region could not fill from the stories
  // the limit allows, while dozens wait inside): the next stories by importance, briefs and
  // priority 5 too, up to frontFillStories more, when they leave less white. The front story limit
  // is an editor's habit, a hole on page 1 a fault every reader sees (a review of the pages).
  const fill =
    bestFront.white > 0 && policy.frontFillStories > 0 && !options.frontUnfilled
      ? ranked.filter((s) => s !== lead && !bestCandidates.includes(s) && !deskFront.includes(s) && !options.offFront?.has(s) && newsForFront(s) && s.units.length > 0 && (runsOnAllowed || jumpsOnce(s))).slice(0, policy.frontFillStories)
      : [];
  const filled = fill.length > 0 ? planFront([...bestCandidates, ...fill]) : undefined;
  const frontFilled = filled?.leadPlan && filled.white < bestFront.white;
  const { leadPlan, sidePlan, inside } = frontFilled ? filled : bestFront;
  if (inside) front.blocks.push(inside);
  if (!leadPlan) problems.push(`the lead "${lead.article.slug}" did not fit on the front page`);
  else place(front, leadPlan);
  if (sidePlan) place(front, sidePlan);
  for (const planned of front.modules) {
    placedOnFront.add(planned.option.piece.story);
    const rest = continuationOf(material, planned, front.number);
    if (rest) continuations.push(rest);
  }

  for (const story of deskFront) {
    if (!placedOnFront.has(story) && deskTasters.includes(story)) problems.push(`"${story.article.slug}" was chosen for the front page but did not fit there; it starts inside`);
  }

  // The sections, as one flow of regions.
  const freshBySection = new Map(sections.map((section) => [section, ranked.filter((s) => s.article.section === section && !placedOnFront.has(s)).map((s) => pieces.get(s)!)]));
  // A section whose every story is on the front page has no pages of its own to continue them on:
  // its jumps make it some, where the section order puts it, unless they go to the first inside
  // section's pages (PlanOptions.jumpsNearFront). Not a section the desk gave pages (`pages:`):
  // they are its own.
  const firstInside = sections.find((section) => freshBySection.get(section)!.length > 0);
  const sectionsOfOnlyJumps =
    firstInside === undefined
      ? []
      : sections.filter((section) => freshBySection.get(section)!.length === 0 && !editorial.budgets.has(section) && continuations.some((p) => p.story.article.section === section));
  const toJumpPage = (section: string) =>
    firstInside !== undefined &&
    ((options.jumpsNearFront && sectionsOfOnlyJumps.includes(section)) || (options.frontJumpsNearFront && !editorial.budgets.has(section) && !editorial.budgets.has(firstInside)));
  const jumpsTo = (section: string) => (toJumpPage(section) ? firstInside! : section);
  const queues = sections.map((section) => {
    const fresh = freshBySection.get(section)!;
    const jumped = continuations.filter((p) => jumpsTo(p.story.article.section) === section);
    return [...fresh.slice(0, 1), ...jumped, ...fresh.slice(1)];
  });
  const sectionStarts: { name: string; page: number }[] = [];
  const leftOut: StoryMaterial[] = [];
  // A story pinned to a later page waits for it (only a story's start is pinned, not its rest).
  const pinOf = (piece: Piece) => (piece.continuedFromPage === undefined && piece.from === 0 && !options.unpinned?.has(piece.story) ? editorial.pins.get(piece.story) : undefined);
  let open: OpenArea | undefined;
  let jumpsWithoutRoom = 0;
  const jumpedWithoutRoom: StoryMaterial[] = [];
  let stubOpenings = 0;
  for (const [index, initial] of queues.entries()) {
    let queue = initial;
    if (queue.length === 0) continue;
    const section = sections[index];
    const budget = editorial.budgets.get(section);
    const nextIndex = queues.findIndex((q, i) => i > index && q.length > 0);
    // Jumps handed on join the next section's flow after its first story, where they have room whole.
    const handOn = (jumps: readonly Piece[]) => {
      const next = queues[nextIndex];
      queues[nextIndex] = next.length > 0 && next[0].continuedFromPage === undefined ? [next[0], ...jumps, ...next.slice(1)] : [...jumps, ...next];
    };
    // A section given its pages starts on a page of its own and leaves the next one a fresh page.
    const sharesNext = nextIndex >= 0 && budget === undefined && !editorial.budgets.has(sections[nextIndex]);
    // …and only a section that shares its pages may hand its jumps on to the next one.
    const handsOn = sharesNext && options.handOnJumps === true;
    if (budget !== undefined && open) {
      open.page.feet.push(open.rect);
      open = undefined;
    }
    let first = true;
    let firstPage = 0;
    for (let guard = 0; queue.length > 0 && guard < 1000; guard++) {
      const left: OpenArea | undefined = open;
      open = undefined;
      const area: OpenArea = left ?? { page: newPage(section), rect: { column: 0, span: grid.columns, top: 0, rows: grid.rows } };
      if (first) firstPage = area.page.number;
      const waiting = queue.filter((p) => (pinOf(p) ?? 0) > area.page.number);
      let ready = waiting.length === queue.length ? queue : queue.filter((p) => !waiting.includes(p));
      ready = [...ready.filter((p) => pinOf(p) === area.page.number), ...ready.filter((p) => pinOf(p) !== area.page.number)];
      const pinnedHere = new Set(ready.filter((p) => pinOf(p) === area.page.number));
      const context: SectionAreaContext = { first, hasNext: sharesNext && ready.length === queue.length, pageTop: area.rect.top === 0, section, page: area.page.number, pinned: pinnedHere };
      const lastBudgetPage = budget !== undefined && area.page.number - firstPage + 1 >= budget;
      // A second plan's pages before its own are the first plan's (material.ts forPage).
      const here = material.forPage(area.page.number);
      // A story's first rest only: one cut again already (a story longer than two pages) jumps enough.
      const firstRests = options.restsRunOnPages?.has(area.page.number) ? ready.filter((p) => p.continuedFromPage !== undefined && partsPlaced(p.story) === 1) : [];
      const runsOn: SectionAreaSearch = firstRests.length > 0 ? { cutRests: new Set(firstRests) } : {};
      const fitted = lastBudgetPage ? planWithinLastPage(here, ready, area.rect, context) : { outcome: planSectionArea(here, ready, area.rect, context, runsOn), dropped: [] };
      // A page of its own that can place nothing (every cut of a story too long to jump once leaves
      // a rest deeper than a page): the story is cut where it must and jumps twice, never lost.
      let outcome = fitted.outcome ?? (left === undefined ? planSectionArea(here, ready, area.rect, lastBudgetPage ? { ...context, hasNext: false } : context, { cutAnywhere: true }) : undefined);
      // The section opens in the last rows the section before it left with only a stub of a story
      // before its jump (tabloid, 16 articles at seed 3: Sport's one long story as five columns of
      // 12 lines under its head at page 7's foot, "Continued on Page 8"), where an editor starts
      // the section on the next page and closes the foot with a notice: so with `openingsOffFoot`,
      // where one notice closes it (none pinned to this page waits for it).
      if (outcome && left !== undefined && first && pinnedHere.size === 0 && outcome.plan.modules.some((m) => opensAsStub(here, m)) && closedByANotice(grid, policy, left.rect, policy.houseAdMaxPageShare)) {
        stubOpenings++;
        if (options.openingsOffFoot) {
          left.page.feet.push(left.rect);
          continue;
        }
      }
      // The section's own stories fit where the section before it ended, its front-page jumps
      // beside them do not (a continuation is never cut again): they would start the section's
      // next page alone, white under them, and white here under the stories that fit. Handed on
      // (PlanOptions), the jumps go where the next section's flow has room for them whole, and the
      // next section starts under this one's stories.
      let handedOn: Piece[] = [];
      if (outcome && left !== undefined && first && sharesNext && fitted.dropped.length === 0 && outcome.plan.modules.every((m) => m.option.cutAt === undefined)) {
        const jumps = ready.filter((p) => !outcome!.plan.used.has(p));
        if (jumps.length > 0 && jumps.length < ready.length && jumps.every((p) => p.continuedFromPage !== undefined)) {
          jumpsWithoutRoom++;
          jumpedWithoutRoom.push(...jumps.map((p) => p.story));
          const own = ready.filter((p) => !jumps.includes(p));
          // Its context lets the next section take what it leaves (sharesNext, nothing waiting).
          const alone = handsOn && queue.length === ready.length ? planSectionArea(here, own, area.rect, context) : undefined;
          if (alone?.open && alone.plan.used.size === own.length && alone.plan.modules.every((m) => m.option.cutAt === undefined)) {
            outcome = alone;
            handedOn = jumps;
          }
        }
      }
      if (!outcome) {
        // Nothing fits in what the last section left. A section that is only the front page's
        // jumps (a continuation is never cut again) may hand them on (PlanOptions): the next
        // section takes the area, and they go where its flow has room for them whole, as jumps do.
        const onlyJumps = left !== undefined && first && sharesNext && queue.every((p) => p.continuedFromPage !== undefined);
        if (onlyJumps) {
          jumpsWithoutRoom++;
          jumpedWithoutRoom.push(...queue.map((p) => p.story));
        }
        if (onlyJumps && handsOn) {
          handOn(queue);
          open = left;
          queue = [];
          break;
        }
        // Otherwise it stays white, and this one starts a page.
        if (left) {
          left.page.feet.push(left.rect);
          continue;
        }
        problems.push(`could not place ${queue.map((p) => p.story.article.slug).join(', ')} on an empty page`);
        pages.pop();
        break;
      }
      if (!area.page.sections.includes(section)) area.page.sections.push(section);
      if (first) sectionStarts.push({ name: section, page: area.page.number });
      first = false;
      area.page.blocks.push(...outcome.blocks);
      place(area.page, outcome.plan);
      // A section's jumps handed on to this one: the page names their section too, and the
      // Inside box finds it where its first jump landed. Not a front-page jump on a jump page
      // ahead of its section's own stories (PlanOptions.frontJumpsNearFront): that section starts
      // where they do, and the page, its running head and the Inside box do not name it here.
      for (const { option } of outcome.plan.modules) {
        const own = option.piece.story.article.section;
        if (own === section) continue;
        const started = sectionStarts.some((s) => s.name === own);
        if (!started && freshBySection.get(own)!.length > 0) continue;
        if (!area.page.sections.includes(own)) area.page.sections.push(own);
        if (!started) sectionStarts.push({ name: own, page: area.page.number });
      }
      const cut = outcome.plan.modules.map((m) => continuationOf(here, m, area.page.number)).filter((p): p is Piece => p !== undefined);
      queue = [...cut, ...queue.filter((p) => !outcome.plan.used.has(p) && !fitted.dropped.includes(p))];
      if (outcome.open) open = { page: area.page, rect: outcome.open };
      if (handedOn.length > 0) {
        handOn(handedOn);
        queue = queue.filter((p) => !handedOn.includes(p));
      }
      if (fitted.dropped.length > 0) {
        leftOut.push(...fitted.dropped.map((p) => p.story));
        problems.push(`${section} was given ${budget} page${budget === 1 ? '' : 's'} (\`pages\`) and they are full: ${fitted.dropped.map((p) => `"${p.story.article.slug}"`).join(', ')} ${fitted.dropped.length === 1 ? 'is' : 'are'} held for lack of room`);
      }
      if (lastBudgetPage && queue.length > 0 && area.page.number - firstPage + 1 === budget) {
        problems.push(`${section} was given ${budget} page${budget === 1 ? '' : 's'} (\`pages\`) but a story continued from them needs more; it runs on`);
      }
    }
    if (budget !== undefined) {
      const used = pages.length - firstPage + 1;
      if (used < budget) problems.push(`${section} was given ${budget} pages (\`pages\`) but its copy fills ${used}; no empty pages were made`);
      if (open) open.page.feet.push(open.rect);
      open = undefined;
    }
  }
  // What the last section left open stays white: it is at the foot of the edition's last page.
  if (open) open.page.feet.push(open.rect);
  problems.push(...pinProblems(pages, editorial.pins));
  const filledStories = frontFilled ? fill.filter((story) => placedOnFront.has(story)) : [];
  // Each rest naming the page its story was cut on in this plan, not in the first plan that cut it there.
  return restsNamingTheirStarts(
    { pages: freezePages(pages), sections: sectionStarts, short, leftOut, problems, jumpsWithoutRoom, jumpedWithoutRoom, sectionsOfOnlyJumps, stubOpenings, ...(filledStories.length > 0 ? { frontFilled: filledStories } : {}) },
    material,
  );
}

/** A story's start planned in an area and cut to jump there as a stub at the page's foot (measure.ts shortStarts). */
function opensAsStub(material: Material, planned: Planned): boolean {
  const { option } = planned;
  return option.cutAt !== undefined && option.piece.from === 0 && option.piece.continuedFromPage === undefined && material.isShortStart(option);
}

/** A warning for each pinned story that does not start on its page, saying where it went. */
function pinProblems(pages: readonly PageDraft[], pins: ReadonlyMap<StoryMaterial, number>): string[] {
  const startPage = new Map<StoryMaterial, number>();
  for (const page of pages) for (const module of page.modules) if (!startPage.has(module.option.piece.story)) startPage.set(module.option.piece.story, page.number);
  const problems: string[] = [];
  for (const [story, pin] of pins) {
    const actual = startPage.get(story);
    if (actual !== undefined && actual !== pin) {
      problems.push(`"${story.article.slug}" is pinned to page ${pin} (\`page\`) but starts on page ${actual}: ${pin > pages.length ? `the edition has ${pages.length} pages` : `its section, ${story.article.section}, could not reach page ${pin} there`}`);
    }
  }
  return problems;
}

/**
 * The last of a section's pages (`pages:`): everything left must fit whole, so the least important
 * stories not yet started are held, one at a time from the end, until the rest ends on this page.
 */
function planWithinLastPage(material: Material, queue: readonly Piece[], rect: Rect, context: SectionAreaContext): { outcome: SectionAreaOutcome | undefined; dropped: Piece[] } {
  const dropped: Piece[] = [];
  let kept = [...queue];
  const endsHere = (outcome: SectionAreaOutcome | undefined) => outcome !== undefined && outcome.plan.used.size === kept.length && outcome.plan.modules.every((m) => m.option.cutAt === undefined);
  for (;;) {
    const outcome = planSectionArea(material, kept, rect, { ...context, hasNext: false });
    const droppable = kept.findLastIndex((p) => p.continuedFromPage === undefined && p.from === 0);
    if (endsHere(outcome) || droppable < 0 || kept.length === 1) return { outcome, dropped };
    dropped.push(kept[droppable]);
    kept = kept.filter((_, i) => i !== droppable);
  }
}

/**
 * The pages as planned, each named by the sections it belongs to. A page opened for a section that
 * then held only jumps handed on to it (another section's) before that section's own stories is
 * not that section's page: it is named by what it holds. A page inside the run of a section, whose
 * stories (or band) are on pages before and after it, is that section's page, as a jump page is in
 * print, even where it holds only other sections' rests: 14 articles at seed 1 named page 3 "Life",
 * for the rest of Life's front-page story, between pages 2 and 4 of National.
 */
function freezePages(pages: readonly PageDraft[]): PagePlan[] {
  const holds = (page: PageDraft, section: string) =>
    page.number === 1 || page.modules.some((m) => m.option.piece.story.article.section === section) || page.blocks.some((b) => b.kind === 'section-header' && b.label === section);
  // Where each section's run begins and ends: the first and last pages holding it.
  const runs = new Map<string, { first: number; last: number }>();
  for (const page of pages) {
    for (const section of page.sections) {
      if (!holds(page, section)) continue;
      const run = runs.get(section);
      runs.set(section, { first: run?.first ?? page.number, last: page.number });
    }
  }
  const inRun = (page: PageDraft, section: string) => {
    const run = runs.get(section);
    return run !== undefined && run.first < page.number && page.number < run.last;
  };
  return pages.map((page) => {
    const named = page.sections.filter((section) => holds(page, section) || inRun(page, section));
    const sections = named.length > 0 ? named : [...page.sections];
    return { number: page.number, sections, blocks: [...page.blocks], modules: [...page.modules], feet: [...page.feet] };
  });
}

interface SectionAreaOutcome {
  readonly plan: RegionPlan;
  readonly blocks: readonly PlannedBlock[];
  /** What is left for the next section, if this one ends part-way. */
  readonly open?: Rect;
}

/**
 * Lays out a section's queue in one area: the whole section here (filling the area, or the top of
 * it, or its left columns, leaving the rest to the next section), or, when it holds more than the
 * area, as much as fills it, with stories cut at the foot to continue on the next page.
 */
interface SectionAreaContext {
  readonly first: boolean;
  readonly hasNext: boolean;
  readonly pageTop: boolean;
  readonly section: string;
  /** The page the area is on. */
  readonly page: number;
  /** Pieces pinned to this page (`page:`). */
  readonly pinned?: ReadonlySet<Piece>;
}

/** How far a section area's search goes: whether it looks a region ahead, and whether a story may be cut where it must jump twice. */
interface SectionAreaSearch {
  readonly lookahead?: boolean;
  readonly cutAnywhere?: boolean;
  /** Rests that fit one page and may be cut again at the foot (PlanOptions.restsRunOnPages). */
  readonly cutRests?: ReadonlySet<Piece>;
}

function planSectionArea(material: Material, queue: readonly Piece[], rect: Rect, context: SectionAreaContext, { lookahead = true, cutAnywhere = false, cutRests }: SectionAreaSearch = {}): SectionAreaOutcome | undefined {
  const { policy } = material;
  const bandRows = context.first ? policy.sectionBandRows : 0;
  const bandOver = (column: number, span: number): PlannedBlock[] => [{ kind: 'section-header', column, span, top: rect.top, rows: policy.sectionBandRows, label: context.section }];
  const band = (column: number, span: number): PlannedBlock[] => (context.first ? bandOver(column, span) : []);
  const under: Rect = { ...rect, top: rect.top + bandRows, rows: rect.rows - bandRows };
  const pageTop = context.pageTop && bandRows === 0;
  // A section carried over from an earlier page that takes its left columns shares the page with
  // the next section, which opens beside it under its own band: it is named by a band too, or its
  // stories read as the next section's (World's stories in a rail beside BUSINESS). Above the next
  // section's band, the band itself sets the two apart. (A section's first area has its band anyway.)
  const besideUnder: Rect = { ...rect, top: rect.top + policy.sectionBandRows, rows: rect.rows - policy.sectionBandRows };
  const area = queue.reduce((sum, piece) => sum + estimatedArea(material, piece, rect.span), 0);
  const pinned = context.pinned && context.pinned.size > 0 ? { pinned: context.pinned } : {};
  // Looking ahead, the page is only judged, not printed: its stacks get a smaller search.
  const depth = lookahead ? {} : { stackNodes: policy.lookaheadStackNodes };
  const finish: RegionRules = { mode: 'finish', pageTop, topModule: true, ...pinned, ...depth };
  const options: SectionAreaOutcome[] = [];
  let finished: RegionPlan | undefined;
  if (area <= under.span * under.rows * 1.1) {
    finished = searchRegion(material, queue, under, finish);
    if (finished) options.push({ plan: finished, blocks: band(rect.column, rect.span) });
  }
  if (context.hasNext && area <= under.span * under.rows * 0.95) {
    // The section takes the top of the area; the next one starts below it.
    // Heights from the estimate outwards; a level layout ends the scan.
    const estimate = Math.ceil(area / under.span);
    const highest = under.rows - policy.minSharedRows;
    const step = Math.max(2, Math.round((highest - estimate + 10) / (lookahead ? 10 : 4)));
    const heights: number[] = [];
    for (let rows = Math.max(8, estimate - 10); rows <= highest; rows += step) heights.push(rows);
    heights.sort((a, b) => Math.abs(a - estimate) - Math.abs(b - estimate) || a - b);
    // First the depth the whole section takes laid out in the full area, with the row of white
    // that reads as margin (a module that moves below another needs its rule's row): the estimate
    // is rough (a brief's head is more than its words), and a scan that steps past that depth gives
    // the section a region deeper than it fills, white that reads as a hole. Judged one page ahead,
    // that white made the planner start a brief alone on a page rather than after a long jump:
    // the page stayed nine tenths white.
    const needed = finished ? Math.max(...finished.modules.map((m) => m.top + m.option.rows)) - under.top + policy.freeWhiteRows : 0;
    if (needed >= 8 && needed <= highest && !heights.includes(needed)) heights.unshift(needed);
    const tail: RegionRules = lookahead && isShortOnePieceTailAtPageTop(material, queue, under, pageTop) ? { ...finish, acrossShort: true } : finish;
    for (const rows of heights) {
      const plan = searchRegion(material, queue, { ...under, rows }, tail);
      if (!plan) continue;
      options.push({ plan, blocks: band(rect.column, rect.span), open: { column: rect.column, span: rect.span, top: under.top + rows, rows: under.rows - rows } });
      if (plan.cost <= policy.goodEnoughCost) break;
    }
    // The section takes the left columns; the next one starts beside it, under its own band.
    for (let span = rect.span - 2; span >= 1; span--) {
      if (area > span * besideUnder.rows * 1.05 || area < span * besideUnder.rows * 0.6) continue;
      const plan = searchRegion(material, queue, { ...besideUnder, span }, { ...finish, pageTop: false });
      if (plan) options.push({ plan, blocks: bandOver(rect.column, span), open: { column: rect.column + span, span: rect.span - span, top: rect.top, rows: rect.rows } });
    }
  }
  const best = options.reduce<SectionAreaOutcome | undefined>((a, b) => (!a || b.plan.cost < a.plan.cost - 1e-9 ? b : a), undefined);
  // A finished section with a hole in it is worse than cutting a story to fill the area.
  const holeFree = best && best.plan.feet.every((foot) => foot.rows <= policy.maxWhiteRows);
  if (best && (holeFree || !context.hasNext)) return best;
  const alternatives = searchRegionAlternatives(material, queue, under, { mode: 'continue', pageTop, topModule: true, ...pinned, ...depth, ...(cutAnywhere ? { cutAnywhere } : {}), ...(cutRests ? { cutRests } : {}) }, lookahead ? policy.lookaheadPlans : 1);
  const plan = lookahead ? cheapestWithNext(material, queue, alternatives, context) : alternatives[0];
  // …but only if it is: with nothing to cut (a section of one brief) the area is no fuller, and
  // the section would end with the rest of the page white and closed to the next one.
  if (plan && plan.modules.length > 0 && (!best || plan.cost < best.plan.cost)) return { plan, blocks: band(rect.column, rect.span) };
  return best;
}

/**
 * Whether the section's tail is one short piece (a brief, or a story's last rest, with too few
 * lines for every column of the page at `minLinesPerColumn`) at a page's top, the next section to
 * open under it: there it may run across the page (policy fullWidthShortTail), not leave a column
 * white beside it for a notice that would head the page. A tail of several pieces is left to the
 * search as it was: offered a strip for each, it moved plans that had no notice at the top (more
 * white feet, an A4 edition a page longer). Asked only where the area is placed, not where a page
 * ahead is judged (cheapestWithNext): there it made a page with a one-piece tail look cheaper, and
 * moved whole editions whose pages never printed a strip (broadsheet 45 at seed 4: 15 pages turned
 * more, two inversions).
 */
function isShortOnePieceTailAtPageTop(material: Material, queue: readonly Piece[], under: Rect, pageTop: boolean): boolean {
  if (!material.policy.fullWidthShortTail || !pageTop || under.top !== 0 || under.span !== material.grid.columns || queue.length !== 1) return false;
  // Long enough for the page's columns at minLinesPerColumn, it has its shapes across the page already.
  return remainingRows(queue[0].story.units, queue[0].from) < under.span * material.policy.minLinesPerColumn;
}

/**
 * One region ahead: of the cheapest ways to fill this area, the one whose leftovers make the best
 * next page. What is cut here, or held back, decides whether the section's last page can end level.
 */
function cheapestWithNext(material: Material, queue: readonly Piece[], alternatives: readonly RegionPlan[], context: SectionAreaContext): RegionPlan | undefined {
  if (alternatives.length <= 1) return alternatives[0];
  const { grid } = material;
  const page: Rect = { column: 0, span: grid.columns, top: 0, rows: grid.rows };
  let chosen: RegionPlan | undefined;
  let chosenTotal = Number.POSITIVE_INFINITY;
  for (const plan of alternatives) {
    const rest = [...plan.modules.map((m) => continuationOf(material, m, context.page)).filter((p): p is Piece => p !== undefined), ...queue.filter((p) => !plan.used.has(p))];
    let total = plan.cost;
    const restArea = rest.reduce((sum, piece) => sum + estimatedArea(material, piece, grid.columns), 0);
    if (rest.length > 0 && restArea <= page.span * page.rows * 1.2) {
      const next = planSectionArea(material, rest, page, { ...context, first: false, pageTop: true, page: context.page + 1, pinned: undefined }, { lookahead: false });
      total += next ? next.plan.cost : whiteCost(material.policy, page.rows, page.span);
    }
    if (total < chosenTotal - 1e-9) {
      chosen = plan;
      chosenTotal = total;
    }
  }
  return chosen;
}

