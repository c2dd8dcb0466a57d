/**
 * Total-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines", 1981) over boxes, glue
 * and penalties. Narrow newspaper columns are where greedy breaking makes rivers; total fit keeps
 * word spacing even across the whole paragraph.
 */

/** Something with a fixed width: a word or a piece of a hyphenated word. */
export interface Box {
  readonly type: 'box';
  readonly width: number;
  /** Its characters, each of which may close up by `letterShrink` (BreakOptions); 0 when absent. */
  readonly letters?: number;
}
/** A space: natural width, how much it may stretch and shrink. */
export interface Glue {
  readonly type: 'glue';
  readonly width: number;
  readonly stretch: number;
  readonly shrink: number;
}
/** A possible break with a cost; `flagged` marks hyphen breaks (two in a row cost extra). */
export interface Penalty {
  readonly type: 'penalty';
  readonly width: number;
  readonly penalty: number;
  readonly flagged: boolean;
}
export type Item = Box | Glue | Penalty;

export const INFINITE_PENALTY = 10_000;
/** At most two hyphenated line ends in a row (NEWSPAPER.md: more than two is an error). */
export const MAX_CONSECUTIVE_HYPHENS = 2;

export interface BreakOptions {
  /** Width of each line; the last entry repeats for all further lines. */
  readonly lineWidths: readonly number[];
  /** Largest adjustment ratio accepted on a first try (stretch units). */
  readonly tolerance?: number;
  readonly linePenalty?: number;
  readonly flaggedDemerits?: number;
  readonly fitnessDemerits?: number;
  /**
   * A paragraph's last line narrower than this (px), after at least one other, is not accepted
   * within the tolerance, and costs SHORT_LAST_LINE_DEMERITS in the emergency passes: a standfirst
   * across a page that ends in one word looks like a slip. 0 (the default) for running text, whose
   * short last lines are how paragraphs end.
   */
  readonly lastLineMin?: number;
  /**
   * How far each character of a box may close up (px; negative tracking): justified newspaper
   * text tightens its letters a little as well as its spaces, so that a line can take one more
   * word rather than stretch. 0 (the default) for text that is not justified.
   */
  readonly letterShrink?: number;
  /**
   * Lines (0-based) that end a column: a word hyphenated there goes on in the next column or on
   * another page, which readers notice (NEWSPAPER.md), so a hyphen ending one costs
   * COLUMN_END_HYPHEN_DEMERITS. Absent for a paragraph not yet placed.
   */
  readonly columnEndLines?: readonly number[];
}

/**
 * What a hyphen at a column's end costs: about as much as one line of the paragraph stretched to
 * 2.2 times its spaces' stretch, or three lines each to 1.8 times (from none): the breaker sets
 * two or three lines a little looser rather than send half a word on, but not a whole paragraph
 * loose (at ten times this, a paragraph of the sample set six lines loose to save one hyphen).
 */
export const COLUMN_END_HYPHEN_DEMERITS = 1_000_000;

/**
 * What a last line under `lastLineMin` costs where only the emergency passes set the paragraph:
 * about as much as one more line stretched to twice its spaces' stretch (ratio 2), so that a
 * looser line still gives way to a short last one.
 */
const SHORT_LAST_LINE_DEMERITS = 1_000_000;

/** A chosen break: the line runs from item `start` up to (not including) item `end`. */
export interface LineBreak {
  readonly start: number;
  readonly end: number;
  /** Adjustment ratio: > 0 stretched, < 0 shrunk. */
  readonly ratio: number;
  /** The line ends at a flagged penalty (a hyphen). */
  readonly hyphenated: boolean;
}

/** A feasible break. Mutable inside tryBreak only: a new break's totals are filled in once known. */
interface Node {
  position: number;
  line: number;
  fitness: number;
  width: number;
  stretch: number;
  shrink: number;
  demerits: number;
  ratio: number;
  /** Consecutive lines ending in a hyphen up to this break: readers notice a ladder of three. */
  hyphens: number;
  previous: Node | undefined;
}

function fitnessClass(ratio: number): number {
  if (ratio < -0.5) return 0;
  if (ratio <= 0.5) return 1;
  if (ratio <= 1) return 2;
  return 3;
}

/**
 * Breaks a paragraph (which must end with a forced break) into lines. Tries the tolerance first;
 * if no solution exists, retries with looser settings; as a last resort allows overfull lines
 * (the caller splits overlong boxes beforehand so that this does not happen in practice).
 */
export function breakLines(items: readonly Item[], options: BreakOptions): LineBreak[] {
  const tolerance = options.tolerance ?? 2;
  // Looser and looser: first within tolerance, then twice that, then any spacing that avoids a
  // hyphen ladder, and only as a last resort anything at all.
  const attempts: [number, boolean, number][] = [
    [tolerance, false, MAX_CONSECUTIVE_HYPHENS],
    [tolerance * 2, false, MAX_CONSECUTIVE_HYPHENS],
    [50, true, MAX_CONSECUTIVE_HYPHENS],
    [50, true, Infinity],
  ];
  for (const [attempt, emergency, maxHyphens] of attempts) {
    const result = tryBreak(items, options, attempt, emergency, maxHyphens);
    if (result) return result;
  }
  throw new Error('line breaking failed: no feasible breaks');
}

/**
 * The emergency passes give every line this much more stretch, as a share of its width (TeX's
 * \emergencystretch), and do not cap a line's badness: a line that cannot be set within the
 * tolerance then costs by how short it falls. Capped, a lone fragment ("In-") with no space to
 * stretch cost no more than any loose line, and the breaker chose it where a long word made some
 * line of the paragraph loose anyway.
 */
const EMERGENCY_STRETCH = 0.02;

/** Slots of the best new break per fitness class (4) and run of hyphens (0 … MAX + 1). */
const CANDIDATE_SLOTS = 4 * (MAX_CONSECUTIVE_HYPHENS + 2);

function tryBreak(items: readonly Item[], options: BreakOptions, tolerance: number, emergency: boolean, maxHyphens: number): LineBreak[] | undefined {
  const linePenalty = options.linePenalty ?? 10;
  const flaggedDemerits = options.flaggedDemerits ?? 3000;
  const fitnessDemerits = options.fitnessDemerits ?? 100;
  const lastLineMin = options.lastLineMin ?? 0;
  const letterShrink = options.letterShrink ?? 0;
  const columnEndLines = options.columnEndLines;
  const lineWidths = options.lineWidths;
  // The active list is compacted in place and the candidate slots reused: this loop runs for every
  // break of every paragraph the planner sets, and its garbage was a good part of composing.
  const active: Node[] = [
    { position: 0, line: 0, fitness: 1, width: 0, stretch: 0, shrink: 0, demerits: 0, ratio: 0, hyphens: 0, previous: undefined },
  ];
  const candidates: (Node | undefined)[] = new Array(CANDIDATE_SLOTS).fill(undefined);
  let sumWidth = 0;
  let sumStretch = 0;
  let sumShrink = 0;

  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const isBreak =
      (item.type === 'penalty' && item.penalty < INFINITE_PENALTY) ||
      (item.type === 'glue' && index > 0 && items[index - 1].type === 'box');
    if (isBreak) {
      const penalty = item.type === 'penalty' ? item : undefined;
      const penaltyWidth = penalty?.width ?? 0;
      const forced = penalty !== undefined && penalty.penalty <= -INFINITE_PENALTY;
      const flagged = penalty?.flagged === true;
      const p = penalty?.penalty ?? 0;
      // The best break per fitness class and run of hyphens: keeping a break with fewer hyphens
      // alive lets a later line hyphenate without making a ladder.
      let hasCandidates = false;
      let kept = 0;
      const count = active.length;
      for (let a = 0; a < count; a++) {
        const node = active[a];
        const available = lineWidths[Math.min(node.line, lineWidths.length - 1)];
        const width = sumWidth - node.width + penaltyWidth;
        let ratio: number;
        if (width < available) {
          const stretch = sumStretch - node.stretch + (emergency ? available * EMERGENCY_STRETCH : 0);
          ratio = stretch > 0 ? (available - width) / stretch : INFINITE_PENALTY;
        } else if (width > available) {
          const shrink = sumShrink - node.shrink;
          ratio = shrink > 0 ? (available - width) / shrink : -INFINITE_PENALTY;
        } else ratio = 0;

        // A node whose line is already too full can never again start a feasible line.
        if (!(ratio < -1 || forced)) active[kept++] = node;
        const hyphens = flagged ? node.hyphens + 1 : 0;
        // A short last line (below lastLineMin, after at least one other) is left to the emergency
        // passes: a looser setting of the other lines within twice the tolerance comes first.
        const shortLast = lastLineMin > 0 && index === items.length - 1 && node.position > 0 && width < lastLineMin;
        const acceptable = ratio >= -1 && (ratio <= tolerance || emergency) && hyphens <= maxHyphens && (!shortLast || emergency);
        if (acceptable) {
          // Products, not `**`: V8 computes `**` with its pow routine, which cost this loop (run for
          // every active break at every possible break of every paragraph) a third of its time.
          const r = Math.abs(emergency ? ratio : Math.min(ratio, 10));
          const badness = 100 * (r * r * r);
          const lineDemerits = linePenalty + badness;
          let demerits: number;
          if (p >= 0) demerits = lineDemerits * lineDemerits + p * p;
          else if (p > -INFINITE_PENALTY) demerits = lineDemerits * lineDemerits - p * p;
          else demerits = lineDemerits * lineDemerits;
          if (flagged && node.position > 0) {
            const previousItem = items[node.position];
            if (previousItem.type === 'penalty' && previousItem.flagged) demerits += flaggedDemerits;
          }
          if (shortLast) demerits += SHORT_LAST_LINE_DEMERITS;
          if (flagged && columnEndLines !== undefined && columnEndLines.includes(node.line)) demerits += COLUMN_END_HYPHEN_DEMERITS;
          const fitness = fitnessClass(ratio);
          if (Math.abs(fitness - node.fitness) > 1) demerits += fitnessDemerits;
          demerits += node.demerits;
          const slot = fitness * (MAX_CONSECUTIVE_HYPHENS + 2) + Math.min(hyphens, MAX_CONSECUTIVE_HYPHENS + 1);
          const best = candidates[slot];
          if (!best) {
            candidates[slot] = { position: index, line: node.line + 1, fitness, width: 0, stretch: 0, shrink: 0, demerits, ratio, hyphens, previous: node };
            hasCandidates = true;
          } else if (demerits < best.demerits) {
            // A slot's candidate is this break's own until it joins the active list: a better one
            // overwrites it rather than allocating another.
            best.line = node.line + 1;
            best.demerits = demerits;
            best.ratio = ratio;
            best.hyphens = hyphens;
            best.previous = node;
          }
        }
      }
      active.length = kept;
      if (hasCandidates) {
        // Totals after the break skip the glue and penalties that vanish at a line start.
        let width = sumWidth;
        let stretch = sumStretch;
        let shrink = sumShrink;
        for (let j = index; j < items.length; j++) {
          const next = items[j];
          if (next.type === 'box') break;
          if (next.type === 'glue') {
            width += next.width;
            stretch += next.stretch;
            shrink += next.shrink;
          } else if (next.penalty <= -INFINITE_PENALTY && j > index) break;
        }
        for (let c = 0; c < CANDIDATE_SLOTS; c++) {
          const candidate = candidates[c];
          if (!candidate) continue;
          candidate.width = width;
          candidate.stretch = stretch;
          candidate.shrink = shrink;
          active.push(candidate);
          candidates[c] = undefined;
        }
      }
      if (active.length === 0) return undefined;
    }
    if (item.type === 'box') {
      sumWidth += item.width;
      if (letterShrink > 0) sumShrink += (item.letters ?? 0) * letterShrink;
    } else if (item.type === 'glue') {
      sumWidth += item.width;
      sumStretch += item.stretch;
      sumShrink += item.shrink;
    }
  }

  const finals = active.filter((node) => node.position === items.length - 1);
  if (finals.length === 0) return undefined;
  let best = finals[0];
  for (const node of finals) if (node.demerits < best.demerits) best = node;

  const breaks: LineBreak[] = [];
  for (let node: Node | undefined = best; node?.previous; node = node.previous) {
    const end = node.position;
    const item = items[end];
    breaks.push({ start: node.previous.position, end, ratio: node.ratio, hyphenated: item.type === 'penalty' && item.flagged });
  }
  breaks.reverse();
  // Each line starts after its predecessor's break item, skipping discardable items.
  return breaks.map((line, i) => {
    let start = i === 0 ? 0 : line.start + 1;
    while (start < line.end && items[start].type !== 'box') start++;
    return { ...line, start };
  });
}
