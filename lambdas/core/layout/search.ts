/**
 * Step 3 of composing, "pack by search": choosing modules and their shapes for a region of a page.
 *
 * A region (a rectangle of whole columns and rows) is laid out the way modular newspaper pages are
 * built: optionally one module across its whole width at the top, then the width split into stacks
 * (e.g. 3 + 2 columns), each a column of modules of the stack's width, one under the other. For each
 * stack a bounded depth-first search picks stories among the next few in importance order and a shape
 * for each (span, headline step, standfirst, photo rows), so that the stack ends at the region's foot:
 * every row of white at a stack's foot costs, a hole (8 rows or more) costs nearly anything, a story
 * cut to fill the foot costs a jump, a story placed ahead of a more important one costs an inversion.
 * The region keeps the cheapest of all top choices and stack splits. Pure and deterministic: ties go
 * to the first option tried, and options are tried in a fixed order.
 */
import { remainingRows } from './columns';
import { spanWidth } from './geometry';
import { carriesPhoto, isContinuation, pieceKey, type Material, type ModuleOption, type ModulePosition, type Piece } from './material';
import { readsAbove } from './measure';
import type { LayoutPolicy } from './policy';

/** A rectangle of the page's grid: columns `column`…`column + span - 1`, rows `top`…`top + rows - 1`. */
export interface Rect {
  readonly column: number;
  readonly span: number;
  readonly top: number;
  readonly rows: number;
}

/** A module chosen for a place: the option (piece, span, rows, shape, cut) at a column and row. */
export interface Planned {
  readonly option: ModuleOption;
  readonly column: number;
  readonly top: number;
}

/** How a region may be filled. */
export interface RegionRules {
  /**
   * 'continue': the section goes on after this region, so the last module of a stack may be cut to
   * fill its foot; 'finish': every piece of the queue must be placed whole here.
   */
  readonly mode: 'continue' | 'finish';
  /** The region starts at the top of the type area: its first modules need no rule above them. */
  readonly pageTop: boolean;
  /** A piece that must open the region across its width (the front page's lead), and how. */
  readonly opening?: { readonly piece: Piece; readonly position: ModulePosition; readonly maxRows: number; readonly cutRows: readonly number[] };
  /** Front-page tasters: no module taller than this; a longer story is cut there and jumps inside. */
  readonly tasterRows?: number;
  /** May a module span the region's whole width at the top (the page's top story)? */
  readonly topModule: boolean;
  /**
   * The queue's order is the desk's (edition.yaml `front:`), not importance: taking a piece while
   * one listed before it waits costs an inversion whatever their priorities.
   */
  readonly ordered?: boolean;
  /** Pieces the desk pinned to this page (`page:`): one left waiting while another is taken costs much. */
  readonly pinned?: ReadonlySet<Piece>;
  /**
   * Nodes each stack search may visit, when not the policy's `stackSearchNodes`: the look one
   * region ahead passes `lookaheadStackNodes`.
   */
  readonly stackNodes?: number;
  /**
   * A story may be cut where its rest will not fit one page (it jumps twice): asked only when a
   * page could place nothing otherwise, so that no story is lost for want of a single jump.
   */
  readonly cutAnywhere?: boolean;
  /**
   * The region is a section's tail taking the top of a page (plan.ts planSectionArea): a short
   * piece at its top may run across the page's whole width (Material.wholeOptions `acrossShort`).
   */
  readonly acrossShort?: boolean;
  /**
   * Rests that fit one page and may be cut again at the stack's foot, to run on to the next page
   * (Material.restCutAgain): asked only for a page inside the edition that would keep a hole under
   * a rest otherwise (plan.ts PlanOptions.restsRunOnPages, compose.ts restsRunOnPastHoles).
   */
  readonly cutRests?: ReadonlySet<Piece>;
}

export interface RegionPlan {
  readonly modules: readonly Planned[];
  readonly cost: number;
  /** Pieces placed (whole or cut). */
  readonly used: ReadonlySet<Piece>;
  /** White rows at the foot of each stack (for the measures and for fillers). */
  readonly feet: readonly Rect[];
}

/** What white at a stack's foot costs: nothing for a row, a little up to the hole limit, very much beyond. */
export function whiteCost(policy: LayoutPolicy, rows: number, span: number, modules = 0): number {
  if (rows <= policy.freeWhiteRows) return 0;
  if (rows <= policy.maxWhiteRows) return (rows - policy.freeWhiteRows) * policy.whiteCost * span;
  // Spread between the stack's modules a row or two at a time, it is air, not a hole; it still costs.
  if (rows <= policy.maxWhiteRows + policy.featherRows * Math.max(0, modules - 1)) return (rows - policy.freeWhiteRows) * policy.whiteCost * span * 1.5;
  return rows * policy.holeCost * span * (1 + rows / policy.holeDepthRows);
}

/**
 * What the white below a stack's last module costs in the column where the module's text ends
 * short: the two together, one column wide, are a hole once deeper than the white a stack's foot may
 * have and a line (8 rows, as the measure finds them), though neither alone is one. A table kept
 * whole with its introduction, say, ends one column two rows short over six rows of white: a hole
 * the stack's own white cost, counting rows across the span, did not see.
 */
export function shortColumnCost(policy: LayoutPolicy, white: number, last: ModuleOption | undefined): number {
  const short = last?.shortRows ?? 0;
  // Deeper white is costed as a hole already (or spread between modules, or given a house ad).
  if (short === 0 || white > policy.maxWhiteRows || white + short <= policy.maxWhiteRows + 1) return 0;
  return Math.max(0, whiteCost(policy, white + short, 1) - whiteCost(policy, white, 1));
}

/**
 * Vertical justification: white at a stack's foot beyond what reads as the page's margin moves into
 * the gaps between its modules, evenly and at most the policy's rows each, and never more than the
 * white there is: ten briefs over seven rows of white moved a row each, nine in all, and the last
 * brief ran two rows past the foot of the page, under the folio (a review of the pages).
 */
export function feather(modules: readonly Planned[], white: number, policy: LayoutPolicy): { modules: Planned[]; white: number } {
  const gaps = modules.length - 1;
  if (white <= policy.maxWhiteRows || gaps <= 0) return { modules: [...modules], white };
  const each = Math.min(policy.featherRows, Math.ceil((white - policy.maxWhiteRows) / gaps), Math.floor(white / gaps));
  if (each <= 0) return { modules: [...modules], white };
  return { modules: modules.map((m, i) => ({ ...m, top: m.top + each * i })), white: white - each * gaps };
}

/** Ways to split `width` columns into at most `maxParts` stacks, widest-first splits before the rest. */
export function stackSplits(width: number, maxParts: number): number[][] {
  const out: number[][] = [];
  const walk = (left: number, parts: number[]) => {
    if (left === 0) return void out.push(parts);
    if (parts.length === maxParts) return;
    for (let w = left; w >= 1; w--) walk(left - w, [...parts, w]);
  };
  walk(width, []);
  return out;
}

interface StackPlan {
  readonly modules: readonly Planned[];
  readonly cost: number;
  readonly white: number;
}

/** What leaving `waiting` in the queue costs while a piece of `priority` is taken before it. */
function waitingCost(policy: LayoutPolicy, waiting: Piece, priority: number, ordered = false, pinned?: ReadonlySet<Piece>): number {
  let cost = 0;
  // A continuation left waiting sends its reader further on.
  if (waiting.continuedFromPage !== undefined) cost += policy.continuationDelayCost;
  if (pinned?.has(waiting)) cost += policy.pinDelayCost;
  const other = waiting.story.article.priority;
  return cost + (ordered ? policy.inversionCost : other < priority ? policy.inversionCost * (priority - other) : policy.reorderCost);
}

/**
 * What starting `piece` under the starts of less important stories in `above` costs (policy
 * `lesserStartAboveCost`, for each such start and step of priority). The queue's order prices
 * taking the lesser one first only as an inversion's wait (12 a step), so a brief set as a strip
 * across a page's top over the page's priority-3 story cost 24, less than the row or two of white
 * the other order left (tabloid 16 articles at seed 4, page 7: a0016-brief over Business a0008).
 */
export function lesserAboveCost(policy: LayoutPolicy, above: readonly ModuleOption[], piece: Piece, rules: Pick<RegionRules, 'ordered'>): number {
  const price = policy.lesserStartAboveCost;
  if (price === 0 || rules.ordered || isContinuation(piece)) return 0;
  const priority = piece.story.article.priority;
  let cost = 0;
  for (const option of above) {
    const other = option.piece.story.article.priority;
    if (other > priority && !isContinuation(option.piece)) cost += price * (other - priority);
  }
  return cost;
}

/**
 * What the starts in a region's stacks cost where one of a less important story reads above a more
 * important one's in another stack (measure.ts readsAbove: at least as wide and higher, or as high
 * and over more of the page), `lesserBesideCost` for each such pair and step of priority. The
 * stacks are searched one by one, left to right, each taking the queue in order, so the more
 * important story went into the first stack whatever its width: a priority-4 story cut in two
 * columns beside a priority-5 one whole in three at the same top, which a reader takes for the
 * page's top story (Berliner 16 articles at seed 2, page 9). Pairs in one stack are
 * lesserAboveCost's.
 */
export function lesserBesideCost(policy: LayoutPolicy, stacks: readonly (readonly Planned[])[], rules: Pick<RegionRules, 'ordered'>): number {
  const price = policy.lesserBesideCost;
  if (price === 0 || rules.ordered || stacks.length < 2) return 0;
  let cost = 0;
  for (let s = 0; s < stacks.length; s++) {
    for (let t = s + 1; t < stacks.length; t++) {
      for (const a of stacks[s]) {
        if (isContinuation(a.option.piece)) continue;
        for (const b of stacks[t]) {
          if (isContinuation(b.option.piece)) continue;
          const pa = a.option.piece.story.article.priority;
          const pb = b.option.piece.story.article.priority;
          if (pa === pb) continue;
          const [more, lesser] = pa < pb ? [a, b] : [b, a];
          if (readsAbove(placedRect(lesser), placedRect(more))) cost += price * Math.abs(pa - pb);
        }
      }
    }
  }
  return cost;
}

function placedRect(m: Planned): Rect {
  return { column: m.column, span: m.option.span, top: m.top, rows: m.option.rows };
}

/** Cost of taking the queue's piece at `index` while more important ones before it wait. */
function orderCost(policy: LayoutPolicy, queue: readonly Piece[], index: number, unavailable: (piece: Piece) => boolean, ordered = false, pinned?: ReadonlySet<Piece>): number {
  let cost = 0;
  const priority = queue[index].story.article.priority;
  for (let i = 0; i < index; i++) if (!unavailable(queue[i])) cost += waitingCost(policy, queue[i], priority, ordered, pinned);
  return cost;
}

/** The options worth trying for a piece in `left` rows: its cheapest, those that fill the foot, its smallest. */
function promising(options: readonly ModuleOption[], left: number, policy: LayoutPolicy): readonly ModuleOption[] {
  // Asked at every node of every stack search with one of a piece's few option lists (Material
  // keeps them, one material and so one policy to a list) and a depth: answered once per list and
  // depth, for as long as the list lives.
  if (!Number.isInteger(left) || left < 0) return promisingUncached(options, left, policy);
  return (promisingByDepth(options)[left] ??= promisingUncached(options, left, policy));
}

/** A list's promising options by whole depth, filled as they are asked for. */
function promisingByDepth(options: readonly ModuleOption[]): (readonly ModuleOption[])[] {
  let byDepth = promisingByOptions.get(options);
  if (byDepth === undefined) promisingByOptions.set(options, (byDepth = []));
  return byDepth;
}

const promisingByOptions = new WeakMap<readonly ModuleOption[], (readonly ModuleOption[])[]>();

/** The same, for a list made for one question (a region's opening shapes): nothing kept. */
function promisingUncached(options: readonly ModuleOption[], left: number, policy: LayoutPolicy): readonly ModuleOption[] {
  // Options come lowest first (Material.wholeOptions), so those that fit are a prefix.
  let fitting = 0;
  while (fitting < options.length && options[fitting].rows <= left) fitting++;
  if (fitting === 0) return NONE;
  let cheapest = options[0];
  for (let i = 1; i < fitting; i++) if (options[i].cost < cheapest.cost) cheapest = options[i];
  const picked: ModuleOption[] = [cheapest];
  // Those that end the stack within the free white: the search stops there.
  for (let i = 0; i < fitting; i++) if (left - options[i].rows <= policy.maxWhiteRows) pickOnce(picked, options[i]);
  pickOnce(picked, options[0]);
  // A few heights between, so that a second story can take the rest.
  const step = Math.max(1, Math.floor(fitting / 3));
  for (let i = step; i < fitting; i += step) pickOnce(picked, options[i]);
  return picked;
}

/** Adds `option` to the promising options unless it is there or five are. */
function pickOnce(picked: ModuleOption[], option: ModuleOption): void {
  if (picked.length < 5 && !picked.includes(option)) picked.push(option);
}

const NONE: readonly ModuleOption[] = [];

/**
 * Fills one stack (`slot`) top-down with modules of its width from `queue`, leaving `taken` alone.
 * Depth-first over the next few pieces and their promising shapes, bounded by the policy's node count.
 */
export function searchStack(material: Material, queue: readonly Piece[], taken: ReadonlySet<Piece>, slot: Rect, rules: RegionRules, firstPosition: ModulePosition): StackPlan {
  const { policy } = material;
  const bottom = slot.top + slot.rows;
  let best: StackPlan = { modules: [], cost: whiteCost(policy, slot.rows, slot.span), white: slot.rows };
  let nodes = 0;
  const maxNodes = rules.stackNodes ?? policy.stackSearchNodes;
  // The modules placed so far, as their options and tops: a Planned is built only for a stack
  // kept as the best (1.7 million nodes in the 600-article edition each pushed one otherwise).
  const pathOptions: ModuleOption[] = [];
  const pathTops: number[] = [];
  // What other regions took stays taken for the whole search: those places are skipped once, here,
  // not at every node (a long section's queue holds many placed pieces).
  const free: number[] = [];
  for (let index = 0; index < queue.length; index++) if (!taken.has(queue[index])) free.push(index);
  // Per place of `free`, asked at every node: taken by this stack, its shapes below another module
  // (every node but the first), and whether it could ever be cut (Material.cutOption: never a brief).
  const busy = new Uint8Array(free.length);
  const below: (readonly ModuleOption[] | undefined)[] = new Array(free.length);
  // …and those shapes' promising options by depth (promising's table, looked up once a place).
  const belowByDepth: ((readonly ModuleOption[])[] | undefined)[] = new Array(free.length);
  const neverCut = new Uint8Array(free.length);
  for (let place = 0; place < free.length; place++) {
    const { story } = queue[free[place]];
    if (story.brief || story.bodyRows < policy.minCutBodyRows) neverCut[place] = 1;
  }
  // orderCost for a place of `free`, with what this stack took.
  const placeOrderCost = (place: number): number => {
    let cost = 0;
    const priority = queue[free[place]].story.article.priority;
    for (let i = 0; i < place; i++) if (!busy[i]) cost += waitingCost(policy, queue[free[i]], priority, rules.ordered, rules.pinned);
    return cost;
  };
  const consider = (cost: number, white: number) => {
    if (cost < best.cost - 1e-9) best = { modules: pathOptions.map((option, i) => ({ option, column: slot.column, top: pathTops[i] })), cost, white };
  };
  const cap = rules.tasterRows ?? Number.POSITIVE_INFINITY;
  // A front page's taster: cut at its height with more below, and its photo kept (Material.cutOption).
  const taster = rules.tasterRows !== undefined;
  const mayCut = rules.mode === 'continue' || taster;
  // A piece cut `rows` deep: as cutOption cuts it, or, where the rules ask, a rest cut again under
  // what the stack holds (never at its top: two rests side by side each cut again jump twice over).
  const cutAt = (piece: Piece, rows: number, position: ModulePosition, gap: number): ModuleOption | undefined =>
    material.cutOption(piece, slot.span, rows, position, gap, rules.cutAnywhere, taster) ??
    (rules.cutRests?.has(piece) && pathOptions.length > 0 && !taster ? material.restCutAgain(piece, slot.span, rows, position, gap) : undefined);
  const visit = (top: number, cost: number) => {
    nodes++;
    const left = bottom - top;
    consider(cost + whiteCost(policy, left, slot.span, pathOptions.length) + shortColumnCost(policy, left, pathOptions.at(-1)), left);
    if (nodes > maxNodes || left < policy.minTextRowsUnderHead + 2 || cost >= best.cost) return;
    const gap = top === 0 ? 0 : 1;
    const first = pathOptions.length === 0;
    const position: ModulePosition = first ? firstPosition : 'body';
    let seen = 0;
    for (let place = 0; place < free.length && seen < policy.lookahead; place++) {
      if (busy[place]) continue;
      const piece = queue[free[place]];
      // Below the first module a stack's top is never 0: its shapes are the body's with a rule above.
      const depth = Math.min(left, cap);
      let options: readonly ModuleOption[];
      if (first) options = promising(material.wholeOptions(piece, slot.span, position, gap, rules.acrossShort), depth, policy);
      else {
        const shapes = (below[place] ??= material.wholeOptions(piece, slot.span, 'body', 1));
        options = (belowByDepth[place] ??= promisingByDepth(shapes))[depth] ??= promisingUncached(shapes, depth, policy);
      }
      const cuts = mayCut && neverCut[place] === 0;
      // Only pieces that can go here count against the lookahead.
      if (options.length === 0 && !(cuts && cutAt(piece, left, position, gap))) {
        if (!mayCut || !taster) continue;
      }
      seen++;
      const order = placeOrderCost(place) + (first ? 0 : lesserAboveCost(policy, pathOptions, piece, rules));
      busy[place] = 1;
      for (const option of options) {
        pathOptions.push(option);
        pathTops.push(top);
        visit(top + option.rows, cost + option.cost + order);
        pathOptions.pop();
        pathTops.pop();
      }
      if (cuts) {
        // Cut to fill the foot, or, on the front page, at the taster's height with more below
        // (off the front only the foot: no list of heights is made at every node for it).
        const heights = taster ? [...new Set([left, cap, Math.round(left / 2), Math.round(left / 3)])] : undefined;
        for (let h = 0; h < (heights?.length ?? 1); h++) {
          const rows = heights === undefined ? left : heights[h];
          if (rows > left) continue;
          const cut = cutAt(piece, rows, position, gap);
          if (!cut) continue;
          // A taster taller than the front's measure is a last resort against white.
          const tall = rows > cap * 1.6 ? (rows - cap) * policy.whiteCost : 0;
          pathOptions.push(cut);
          pathTops.push(top);
          if (rows === left) consider(cost + cut.cost + order + policy.jumpCost + tall, 0);
          else visit(top + rows, cost + cut.cost + order + policy.jumpCost + tall);
          pathOptions.pop();
          pathTops.pop();
        }
      }
      busy[place] = 0;
    }
  };
  visit(slot.top, 0);
  material.searchCounts.stacks++;
  material.searchCounts.nodes += nodes;
  if (nodes > maxNodes) material.searchCounts.capped++;
  return { ...best, ...feather(best.modules, best.white, policy) };
}

/** A module position as a digit of stackFor's keys. */
const POSITION_KEYS: Readonly<Record<ModulePosition, number>> = { lead: 0, top: 1, body: 2 };
/** The longest queue whose taken pieces stackFor keys as a bit mask (a small integer's bits). */
const MASKED_QUEUE = 30;

/** Material rows a piece needs at its cheapest shape and the span it wants (for planning capacity). */
export function estimatedArea(material: Material, piece: Piece, columns: number): number {
  return material.estimate(piece, columns, () => estimatedAreaUncached(material, piece, columns));
}

function estimatedAreaUncached(material: Material, piece: Piece, columns: number): number {
  // Body rows, plus a head and the photo at about the span the story would take: an estimate for
  // planning capacity, cheap because no head is set for it.
  const { grid } = material;
  const rest = remainingRows(piece.story.units, piece.from);
  const withPhoto = carriesPhoto(piece);
  const perColumn = material.policy.photoEstimateRowsPerColumn;
  const photoSpan = perColumn > 0 ? Math.min(3, Math.max(1, Math.ceil(rest / perColumn))) : 3;
  const span = Math.min(columns, Math.max(withPhoto ? photoSpan : 1, Math.ceil(rest / 50)));
  const headRows = piece.from > 0 ? 3 : piece.story.brief ? 3 : 6;
  const photoRows = withPhoto ? Math.round((spanWidth(grid, span) * piece.story.photo!.heightPx) / piece.story.photo!.widthPx / grid.lead) : 0;
  return rest + span * (headRows + photoRows + 1);
}

/**
 * Lays out a region: every top choice × every stack split, stacks filled left to right from what
 * is left of the queue. In 'finish' mode a layout that leaves a piece out does not count.
 */
export function searchRegion(material: Material, queue: readonly Piece[], region: Rect, rules: RegionRules): RegionPlan | undefined {
  return searchRegionAlternatives(material, queue, region, rules, 1)[0];
}

/** What a plan decides for the rest of the section: which pieces it used and where it cut them. */
function signature(plan: RegionPlan): string {
  return plan.modules.map((m) => `${m.option.piece.story.index}/${m.option.cutAt ?? '-'}${m.option.shape.photoOnJump ? 'p' : ''}`).sort().join(' ');
}

/**
 * The `count` cheapest layouts of a region that leave different material for what follows (other
 * pieces used, or cut elsewhere), cheapest first: the planner looks one region ahead with them.
 */
export function searchRegionAlternatives(material: Material, queue: readonly Piece[], region: Rect, rules: RegionRules, count: number): RegionPlan[] {
  // The planner looks one region ahead, then plans that region for real with the same material:
  // the same search, asked twice, is answered once, by whichever asked first (a look ahead's
  // smaller node budget, `stackNodes`, is not part of the question).
  const opening = rules.opening ? `${pieceKey(rules.opening.piece)}/${rules.opening.position}/${rules.opening.maxRows}/${rules.opening.cutRows.join(',')}` : '';
  const key = [region.column, region.span, region.top, region.rows, rules.mode, rules.pageTop, rules.topModule, rules.tasterRows ?? '', rules.ordered ? 'ordered' : '', rules.cutAnywhere ? 'anywhere' : '', rules.acrossShort ? 'across' : '', rules.cutRests ? [...rules.cutRests].map(pieceKey).join('+') : '', rules.pinned ? [...rules.pinned].map((p) => p.story.index).join('+') : '', opening, count, queue.map(pieceKey).join(',')].join('|');
  return material.regionSearch(queue, key, () => searchRegionUncached(material, queue, region, rules, count));
}

function searchRegionUncached(material: Material, queue: readonly Piece[], region: Rect, rules: RegionRules, count: number): RegionPlan[] {
  const found = new Map<string, RegionPlan>();
  // The bound changes only when a plan is offered: it is asked far more often than that.
  let boundCost: number | undefined;
  const offer = (plan: RegionPlan) => {
    const key = signature(plan);
    const before = found.get(key);
    if (!before || plan.cost < before.cost - 1e-9) {
      found.set(key, plan);
      boundCost = undefined;
    }
  };
  const bound = () => {
    if (found.size < count) return Number.POSITIVE_INFINITY;
    boundCost ??= [...found.values()].map((p) => p.cost).sort((a, b) => a - b)[count - 1];
    return boundCost;
  };
  const { policy } = material;
  const tops: (ModuleOption | undefined)[] = [];
  const topGap = rules.pageTop ? 0 : 1;
  if (rules.opening) {
    const { piece, position, maxRows, cutRows } = rules.opening;
    const whole = material.wholeOptions(piece, region.span, position, topGap).filter((o) => o.rows <= maxRows);
    tops.push(...promisingUncached(whole, maxRows, policy));
    for (const rows of cutRows) {
      const cut = material.cutOption(piece, region.span, rows, position, topGap);
      if (cut) tops.push(cut);
    }
    // The lead whole, deeper than its share of the page, each row past it priced as a row of white:
    // on a wide page the lead is short for its width, and cut at its share it left white under it
    // that the tasters did not take (A3 landscape, seven columns: 23 rows by six columns). Only
    // beside the shapes above; where there are none, the small page's tries below take over.
    if (tops.length > 0) {
      const deeper = material.wholeOptions(piece, region.span, position, topGap).filter((o) => o.rows > maxRows && o.rows <= region.rows);
      const cheapest = deeper.length > 0 ? deeper.reduce((a, b) => (b.cost < a.cost ? b : a)) : undefined;
      if (cheapest) tops.push({ ...cheapest, cost: cheapest.cost + (cheapest.rows - maxRows) * region.span * policy.whiteCost });
    }
    // The lead opens the front whatever its length: if no cut leaves a rest that fits a page, it
    // jumps anyway (and its rest is cut again where it must be).
    if (tops.length === 0) {
      for (const rows of cutRows) {
        const cut = material.cutOption(piece, region.span, rows, position, topGap, true);
        if (cut) tops.push(cut);
      }
    }
    // A small page with a large head and photo: the lead takes more of the front than it should.
    if (tops.length === 0) {
      const whole = material.wholeOptions(piece, region.span, position, topGap).filter((o) => o.rows <= region.rows);
      tops.push(...promisingUncached(whole, region.rows, policy));
      // Cut only where its rest has a page to go to: a region that must finish everything (an
      // edition of one page) would lose it.
      // The region's whole depth last: on a small page (35 rows) only a lead that takes it all fits.
      const depths: number[] = [];
      for (let rows = Math.max(maxRows, ...cutRows) + 4; rows <= region.rows; rows += 4) depths.push(rows);
      if (depths.at(-1) !== region.rows) depths.push(region.rows);
      for (const rows of depths) {
        if (rules.mode === 'finish' || tops.length >= 4) break;
        const cut = material.cutOption(piece, region.span, rows, position, topGap, true);
        if (cut) tops.push(cut);
      }
      // A page too small for any of those (A5 and smaller): the photo cropped further or beside
      // the text, and where no depth takes it with its photo, its photo goes with its continuation.
      const small = tops.length === 0 && rules.mode !== 'finish';
      for (const rows of small ? depths : []) {
        const cut = material.leadCutSmallPage(piece, region.span, rows, topGap);
        if (cut) tops.push(cut);
        if (tops.length >= 4) break;
      }
      for (const rows of small && tops.length === 0 ? depths : []) {
        const cut = material.leadCutWithPhotoOnJump(piece, region.span, rows, topGap);
        if (cut) {
          tops.push(cut);
          break;
        }
      }
    }
    // Where a shape of the lead keeps its photo to the picture desk's floor (policy
    // leadPhotoMinShare; beside the text, say), the shapes under it go: priced as white, a portrait
    // across an A4 front's three columns still printed 38% of its height over a 120-word text, the
    // lead as deep as the page, where beside its text it showed whole over 44 rows.
    const keepFloor = tops.filter((option) => option !== undefined && material.keepsLeadPhotoFloor(option));
    if (keepFloor.length > 0 && keepFloor.length < tops.length) tops.splice(0, tops.length, ...keepFloor);
  } else {
    tops.push(undefined);
    if (rules.topModule && region.span >= 2) {
      let seen = 0;
      for (const piece of queue) {
        if (seen === 2) break;
        seen++;
        const whole = material.wholeOptions(piece, region.span, 'top', topGap).filter((o) => o.rows <= region.rows - 10);
        const cheapest = whole.length > 0 ? whole.reduce((a, b) => (b.cost < a.cost ? b : a)) : undefined;
        const picks = new Set<ModuleOption>(cheapest ? [cheapest] : []);
        if (whole.length > 2) picks.add(whole[0]).add(whole[whole.length - 1]);
        tops.push(...picks);
      }
    }
  }
  const splits = stackSplits(region.span, Math.min(region.span, 3));
  // In 'finish' mode every piece of the queue must be placed (the opening piece is not in it).
  const placesAll = (used: ReadonlySet<Piece>) => queue.every((piece) => used.has(piece));
  // The same stack (width, rows, what is taken) recurs under many top choices and splits: found by
  // its slot and position as one number, then by the queue's pieces taken, as a bit mask (their
  // indices as text for a queue longer than a small integer's bits). Numbers, not a text key built
  // and hashed for every look: the region search's most repeated step.
  const memo = new Map<number | string, Map<number | string, StackPlan>>();
  const stackFor = (slot: Rect, taken: ReadonlySet<Piece>, position: ModulePosition): StackPlan => {
    // Each field within its range, or the slot as text (no page seen so far is that deep).
    const slotKey =
      slot.span < 64 && slot.top < 4096 && slot.rows < 4096 ? ((slot.span * 4096 + slot.top) * 4096 + slot.rows) * 3 + POSITION_KEYS[position] : `${slot.span}:${slot.top}:${slot.rows}:${position}`;
    let takenKey: number | string = 0;
    if (queue.length <= MASKED_QUEUE) {
      for (let i = 0; i < queue.length; i++) if (taken.has(queue[i])) takenKey |= 1 << i;
    } else {
      takenKey = '';
      for (let i = 0; i < queue.length; i++) if (taken.has(queue[i])) takenKey += `${i},`;
    }
    let bySlot = memo.get(slotKey);
    if (!bySlot) memo.set(slotKey, (bySlot = new Map()));
    let plan = bySlot.get(takenKey);
    if (!plan) {
      plan = searchStack(material, queue, taken, { ...slot, column: 0 }, rules, position);
      bySlot.set(takenKey, plan);
    }
    return slot.column === 0 ? plan : { ...plan, modules: plan.modules.map((m) => ({ ...m, column: m.column + slot.column })) };
  };
  for (const top of tops) {
    if (rules.opening && !top) continue;
    const modules: Planned[] = [];
    const used = new Set<Piece>();
    let cost = 0;
    let below = region.top;
    if (top) {
      modules.push({ option: top, column: region.column, top: region.top });
      used.add(top.piece);
      const index = queue.indexOf(top.piece);
      cost += top.cost + (top.cutAt !== undefined ? policy.jumpCost : 0) + (index > 0 ? orderCost(policy, queue, index, (p) => p === top.piece, rules.ordered, rules.pinned) : 0);
      below = region.top + top.rows;
    }
    const rowsBelow = region.top + region.rows - below;
    if (rowsBelow <= policy.maxWhiteRows) {
      const plan = { modules, cost: cost + whiteCost(policy, rowsBelow, region.span) + shortColumnCost(policy, rowsBelow, top), used, feet: rowsBelow > 0 ? [{ column: region.column, span: region.span, top: below, rows: rowsBelow }] : [] };
      if (rules.mode !== 'finish' || placesAll(used)) offer(plan);
      continue;
    }
    for (const split of splits) {
      const planModules = [...modules];
      const planUsed = new Set(used);
      const feet: Rect[] = [];
      let planCost = cost;
      let column = region.column;
      // A split abandoned part-way (its stacks so far already cost as much as the plans kept) is
      // not a plan: offered, it would count the columns it never filled as free. One such, at a
      // tie with the fourth plan kept, was chosen by the look ahead and printed a page with its
      // last column white from under the top story to the foot (30 articles, seed 7, page 13).
      let complete = true;
      const stacks: (readonly Planned[])[] = [];
      for (let s = 0; s < split.length; s++) {
        const slot: Rect = { column, span: split[s], top: below, rows: rowsBelow };
        const position: ModulePosition = !top && s === 0 && split[s] >= 3 ? 'top' : 'body';
        const stack = stackFor(slot, planUsed, position);
        planModules.push(...stack.modules);
        stacks.push(stack.modules);
        for (const m of stack.modules) planUsed.add(m.option.piece);
        planCost += stack.cost;
        // The region's top module stands over every stack: a lesser start there is over each start below.
        if (top) for (const m of stack.modules) planCost += lesserAboveCost(policy, [top], m.option.piece, rules);
        if (stack.white > 0) feet.push({ column, span: split[s], top: below + rowsBelow - stack.white, rows: stack.white });
        column += split[s];
        if (planCost >= bound()) {
          complete = s === split.length - 1;
          break;
        }
      }
      if (!complete || (rules.mode === 'finish' && !placesAll(planUsed))) continue;
      planCost += lesserBesideCost(policy, stacks, rules);
      // Every story cut here must find room on the next page: each cut past the first costs double.
      const cuts = planModules.filter((m) => m.option.cutAt !== undefined).length;
      offer({ modules: planModules, cost: planCost + Math.max(0, cuts - 1) * policy.jumpCost, used: planUsed, feet });
    }
    const columns = briefColumns(material, queue.filter((piece) => !used.has(piece)), { column: region.column, span: region.span, top: below, rows: rowsBelow }, rules.mode === 'continue');
    if (columns) offer({ modules: [...modules, ...columns.modules], cost: cost + columns.cost, used: new Set([...used, ...columns.modules.map((m) => m.option.piece)]), feet: columns.feet });
  }
  return [...found.values()].sort((a, b) => a.cost - b.cost).slice(0, count);
}

/** Where each of the region's columns ends: under its lowest module, or at the region's top. */
function columnEnds(plan: RegionPlan, region: Rect): number[] {
  const ends: number[] = new Array(region.span).fill(region.top);
  for (const m of plan.modules) {
    for (let c = m.column; c < m.column + m.option.span; c++) ends[c - region.column] = Math.max(ends[c - region.column], m.top + m.option.rows);
  }
  return ends;
}

/** The white under each column to the region's foot, adjacent columns that end level as one foot. */
function feetUnder(ends: readonly number[], region: Rect): Rect[] {
  const bottom = region.top + region.rows;
  const feet: Rect[] = [];
  ends.forEach((end, c) => {
    const last = feet.at(-1);
    if (end >= bottom) return;
    if (last && last.column + last.span === region.column + c && last.top === end) feet[feet.length - 1] = { ...last, span: last.span + 1 };
    else feet.push({ column: region.column + c, span: 1, top: end, rows: bottom - end });
  });
  return feet;
}

/**
 * A region that must finish its queue with room to spare (an edition whose copy is one page): its
 * stacks are filled left to right, each as full as it can be, so the first stack takes every story
 * that fits it and the last stands white from under the lead to the foot (five of the sample's
 * stories: two columns white 57 rows deep beside four stories stacked three columns wide, over a
 * notice). Laid out too in the region's top part only, at depths from under the lead down, each
 * judged with the white under that depth as a band across the region, where the paper's notices
 * stand: the band costs a hole's row for each of its rows and columns however deep it is (still
 * worth filling with larger shapes), while white above it, beside the text, is a stack's foot and
 * costs as a hole the deeper it is. The cheapest is kept, so the copy ends level and the white is
 * at the foot. Undefined where nothing places every piece.
 */
export function searchRegionLevel(material: Material, queue: readonly Piece[], region: Rect, rules: RegionRules & { readonly mode: 'finish' }): RegionPlan | undefined {
  const { policy } = material;
  const whole = searchRegion(material, queue, region, rules);
  if (!whole) return undefined;
  let best = whole;
  const opening = whole.modules.find((m) => m.option.piece === rules.opening?.piece);
  const shallowest = (opening ? opening.top + opening.option.rows - region.top : 0) + policy.minTextRowsUnderHead + 2;
  for (let rows = shallowest; rows < region.rows; rows += policy.levelFinishStepRows) {
    const plan = searchRegion(material, queue, { ...region, rows }, rules);
    if (!plan) continue;
    const band = (region.rows - rows) * region.span * policy.holeCost;
    if (plan.cost + band < best.cost - 1e-9) best = { ...plan, cost: plan.cost + band, feet: feetUnder(columnEnds(plan, region), region) };
  }
  return best;
}

/**
 * The rest of a region's queue, when every piece of it stands only one column wide (briefs of a line
 * or two: at two columns a column would hold less than the policy's `minLinesPerColumn`), set in
 * order down the region's columns, one column a stack, each column taking its share so that they
 * end near level: an "In brief" column run across the width. Stacks of up to three, each filled
 * from the queue as far as it goes, put them all in the first one or two columns and left the
 * others white from the region's top to its foot (a Sport section of fourteen one-line items stood
 * in two columns, three white beside them); here the white is shared at the columns' feet, where a
 * notice can close it. Each column's white is costed as a stack's; undefined where not every piece
 * is narrow, fewer than two remain, or they do not fit.
 */
function briefColumns(material: Material, queue: readonly Piece[], slot: Rect, continues = false): { modules: Planned[]; cost: number; feet: Rect[] } | undefined {
  const { policy } = material;
  if (queue.length < 2 || slot.span < 2) return undefined;
  let pieces = queue;
  // Each piece's cheapest module one column wide that the slot's depth holds, at a column's top and
  // under another (the cheapest of all, a portrait photo at its own proportions, was deeper than
  // the 30 rows under an A4 front's lead, and the columns stood white where a crop within its
  // range fitted).
  const atTop: ModuleOption[] = [];
  const under: ModuleOption[] = [];
  // Every shape of each, a column wide, for a column that would end over a hole (below).
  const atTopShapes: (readonly ModuleOption[])[] = [];
  const underShapes: (readonly ModuleOption[])[] = [];
  const cheapest = (options: readonly ModuleOption[]) => options.reduce<ModuleOption | undefined>((a, b) => (!a || (b.rows <= slot.rows && (b.cost < a.cost || a.rows > slot.rows)) ? b : a), undefined);
  for (const piece of pieces) {
    if (material.wholeOptions(piece, 2, 'body', 1).length > 0) return undefined;
    const firstShapes = material.wholeOptions(piece, 1, 'body', slot.top === 0 ? 0 : 1);
    const nextShapes = material.wholeOptions(piece, 1, 'body', 1);
    const first = cheapest(firstShapes);
    const next = cheapest(nextShapes);
    if (!first || !next) return undefined;
    atTop.push(first);
    under.push(next);
    atTopShapes.push(firstShapes);
    underShapes.push(nextShapes);
  }
  // The least depth at which the pieces, in order, fill at most `span` columns: columns filled in
  // turn to that depth.
  const fillTo = (depth: number): number[] | undefined => {
    const starts = [0];
    let rows = 0;
    for (let i = 0; i < pieces.length; i++) {
      const start = starts[starts.length - 1] === i;
      const height = start ? atTop[i].rows : under[i].rows;
      if (!start && rows + height > depth) {
        if (starts.length === slot.span) return undefined;
        starts.push(i);
        rows = atTop[i].rows;
        if (rows > depth) return undefined;
      } else {
        if (height > depth) return undefined;
        rows += height;
      }
    }
    return starts;
  };
  // A region the section goes on after takes the most of them, in order, that its columns hold
  // (the rest wait for the next region): four stories of a photo and a line each under an A4
  // front's lead, where three stacks left a column white from under the lead to the foot.
  if (continues) {
    while (pieces.length >= 2 && !fillTo(slot.rows)) pieces = pieces.slice(0, -1);
    if (pieces.length < 2) return undefined;
  }
  const tallest = Math.max(...pieces.map((_, i) => Math.max(atTop[i].rows, under[i].rows)));
  let starts: number[] | undefined;
  for (let depth = tallest; depth <= slot.rows && !starts; depth++) starts = fillTo(depth);
  if (!starts) return undefined;
  const modules: Planned[] = [];
  const feet: Rect[] = [];
  let cost = 0;
  for (let c = 0; c < slot.span; c++) {
    let top = slot.top;
    const end = c + 1 < starts.length ? starts[c + 1] : pieces.length;
    const options: ModuleOption[] = [];
    for (let i = starts[c] ?? end; i < end; i++) options.push(i === starts[c] ? atTop[i] : under[i]);
    // A column that would end over white costed as a hole takes its items' deeper shapes (a photo
    // cropped less), the last first, as far as the column's foot: one photo story of a line under
    // each column of an A4 front ended eight rows short, a band of white across the page.
    let white = slot.rows - options.reduce((sum, option) => sum + option.rows, 0);
    for (let k = options.length - 1; k >= 0 && white > policy.maxWhiteRows; k--) {
      const i = (starts[c] ?? end) + k;
      const shapes = k === 0 ? atTopShapes[i] : underShapes[i];
      const deeper = shapes.filter((option) => option.rows > options[k].rows && option.rows - options[k].rows <= white);
      if (deeper.length === 0) continue;
      const deepest = deeper.reduce((a, b) => (b.rows > a.rows || (b.rows === a.rows && b.cost < a.cost) ? b : a));
      white -= deepest.rows - options[k].rows;
      options[k] = deepest;
    }
    for (const option of options) {
      modules.push({ option, column: slot.column + c, top });
      cost += option.cost;
      top += option.rows;
    }
    // Not spread between the items (feather): the columns end level, and the white under them is
    // one foot across the columns that end at the same row, for a notice as wide.
    cost += whiteCost(policy, white, 1);
    const last = feet.at(-1);
    if (white <= 0) continue;
    if (last && last.top === top && last.column + last.span === slot.column + c) feet[feet.length - 1] = { ...last, span: last.span + 1 };
    else feet.push({ column: slot.column + c, span: 1, top, rows: white });
  }
  return { modules, cost, feet };
}
