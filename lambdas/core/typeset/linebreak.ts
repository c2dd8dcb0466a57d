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
/** At most two hyphenated line ends in a row (ARCHITECTURE.md's page rules: more than two is an error). */
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
   * another page, which readers notice (ARCHITECTURE.md's page rules), so a hyphen ending one costs
   * COLUMN_END_HYPHEN_DEMERITS. Absent for a paragraph not yet placed.
   */
  readonly columnEndLines?: readonly number[];
  /**
   * Set the paragraph this many lines longer (+1) or shorter (-1) than its best setting, or as
   * near as the pass that sets it allows (TeX's \looseness): a finished story's columns that cannot
   * end level as set may with one paragraph a line looser or tighter. 0 (the default): the best setting.
   */
  readonly looseness?: number;
  /**
   * false: only the passes within the tolerance and twice it; where neither sets the paragraph,
   * no lines. A paragraph set again a line looser or tighter to keep a word whole at a column's
   * end (mend.ts wordsKeptWhole) is not one to set in the emergency passes, whose search with a
   * looseness took tens of milliseconds and megabytes. true (the default): every pass.
   */
  readonly emergencyPasses?: boolean;
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
/** A line wider than its measure, per pixel past it and one, in the last pass only (breakLines): far above any other cost. */
const OVERFULL_DEMERITS = 1e15;

/** A chosen break: the line runs from item `start` up to (not including) item `end`. */
export interface LineBreak {
  readonly start: number;
  readonly end: number;
  /** Adjustment ratio: > 0 stretched, < 0 shrunk. */
  readonly ratio: number;
  /** The line ends at a flagged penalty (a hyphen). */
  readonly hyphenated: boolean;
}

/**
 * The feasible breaks of the paragraph being broken, one slot per break across these arrays (a
 * break's predecessor is its slot number, -1 for none). tryBreak runs for every paragraph the
 * typesetter sets, for many of them twice, and made a new object for each feasible break: about a
 * fifth of what a compose allocated (35 of 178 MB on the 30-article bench edition), which the
 * young generation's collections then had to sweep. Reused from one paragraph to the next, grown
 * when a paragraph needs more; a break's totals are filled in once known.
 */
const nodes = {
  capacity: 0,
  position: new Int32Array(0),
  line: new Int32Array(0),
  fitness: new Int32Array(0),
  /** Consecutive lines ending in a hyphen up to the break: readers notice a ladder of three. */
  hyphens: new Int32Array(0),
  previous: new Int32Array(0),
  width: new Float64Array(0),
  stretch: new Float64Array(0),
  shrink: new Float64Array(0),
  demerits: new Float64Array(0),
  ratio: new Float64Array(0),
  /** The active breaks, by slot, in item order. */
  active: new Int32Array(0),
};

/** The store's arrays of whole numbers (the active list never holds more breaks than there are) and of measures. */
const NODE_INTS = ['position', 'line', 'fitness', 'hyphens', 'previous', 'active'] as const;
const NODE_FLOATS = ['width', 'stretch', 'shrink', 'demerits', 'ratio'] as const;

/** Makes room for at least `count` breaks, keeping the first `used`. */
function growNodes(count: number, used: number): void {
  const capacity = Math.max(count, nodes.capacity * 2, 1024);
  for (const key of NODE_INTS) {
    const grown = new Int32Array(capacity);
    grown.set(nodes[key].subarray(0, used));
    nodes[key] = grown;
  }
  for (const key of NODE_FLOATS) {
    const grown = new Float64Array(capacity);
    grown.set(nodes[key].subarray(0, used));
    nodes[key] = grown;
  }
  nodes.capacity = capacity;
}

function fitnessClass(ratio: number): number {
  if (ratio < -0.5) return 0;
  if (ratio <= 0.5) return 1;
  if (ratio <= 1) return 2;
  return 3;
}

/**
 * Breaks a paragraph (which must end with a forced break) into lines. Tries the tolerance first;
 * if no solution exists, retries with looser settings; as a last resort allows overfull lines, as
 * few as it can (the caller splits overlong boxes beforehand, so that this happens only where one
 * letter and its hyphen are wider than the measure: a house ad's 64-point head in a column of a
 * 7-column page, whose `morning` threw here and failed the whole edition). A caller that can set
 * smaller looks for lines wider than its measure (setHeadline does).
 */
export function breakLines(items: readonly Item[], options: BreakOptions): LineBreak[] {
  const tolerance = options.tolerance ?? 2;
  // Looser and looser: first within tolerance, then twice that, then any spacing that avoids a
  // hyphen ladder, then anything at all, and only then lines wider than their measure.
  const attempts: [number, boolean, number, boolean][] = [
    [tolerance, false, MAX_CONSECUTIVE_HYPHENS, false],
    [tolerance * 2, false, MAX_CONSECUTIVE_HYPHENS, false],
    [50, true, MAX_CONSECUTIVE_HYPHENS, false],
    [50, true, Infinity, false],
    [50, true, Infinity, true],
  ];
  const widening = stretchNeverShrinks(items);
  for (const [attempt, emergency, maxHyphens, overfull] of attempts) {
    if (emergency && options.emergencyPasses === false) return [];
    const result = tryBreak(items, options, attempt, emergency, maxHyphens, widening, overfull);
    if (result) return result;
  }
  // Unreachable: with overfull lines allowed every break is feasible.
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

/**
 * True when no glue has negative stretch (justified text; a ragged line end's glue takes its
 * stretch back): then a line from a later break is never longer, nor has more stretch, than one
 * from an earlier break, which lets tryBreak stop at the first line too loose to take.
 */
function stretchNeverShrinks(items: readonly Item[]): boolean {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.type === 'glue' && item.stretch < 0) return false;
  }
  return true;
}

function tryBreak(items: readonly Item[], options: BreakOptions, tolerance: number, emergency: boolean, maxHyphens: number, widening: boolean, overfull = false): LineBreak[] | undefined {
  const linePenalty = options.linePenalty ?? 10;
  const flaggedDemerits = options.flaggedDemerits ?? 3000;
  const fitnessDemerits = options.fitnessDemerits ?? 100;
  const lastLineMin = options.lastLineMin ?? 0;
  const letterShrink = options.letterShrink ?? 0;
  const columnEndLines = options.columnEndLines;
  const lineWidths = options.lineWidths;
  // With a looseness, breaks ending different numbers of lines are kept apart (TeX keeps one per
  // line number then too): the best setting of each length, not only the best of all.
  const looseness = options.looseness ?? 0;
  const byLine = looseness !== 0 ? new Map<number, number>() : undefined;
  // The active list is compacted in place and the candidate slots reused: this loop runs for every
  // break of every paragraph the planner sets.
  if (nodes.capacity < 1) growNodes(1, 0);
  let created = 1;
  nodes.position[0] = 0;
  nodes.line[0] = 0;
  nodes.fitness[0] = 1;
  nodes.hyphens[0] = 0;
  nodes.previous[0] = -1;
  nodes.width[0] = 0;
  nodes.stretch[0] = 0;
  nodes.shrink[0] = 0;
  nodes.demerits[0] = 0;
  nodes.ratio[0] = 0;
  nodes.active[0] = 0;
  let activeCount = 1;
  const candidates = new Int32Array(CANDIDATE_SLOTS).fill(-1);
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
      // Room for every break this one may add (one per candidate slot): the arrays are not grown
      // while the loop below reads them.
      const reserve = byLine ? CANDIDATE_SLOTS * (activeCount + 1) : CANDIDATE_SLOTS;
      if (created + reserve > nodes.capacity) growNodes(created + reserve, created);
      const { position, line, fitness: fitnessOf, hyphens: hyphensOf, previous, width: widthOf, stretch: stretchOf, shrink: shrinkOf, demerits: demeritsOf, ratio: ratioOf, active } = nodes;
      // The best break per fitness class and run of hyphens: keeping a break with fewer hyphens
      // alive lets a later line hyphenate without making a ladder.
      let hasCandidates = false;
      let kept = 0;
      const count = activeCount;
      for (let a = 0; a < count; a++) {
        const node = active[a];
        const nodeLine = line[node];
        const available = lineWidths[Math.min(nodeLine, lineWidths.length - 1)];
        const width = sumWidth - widthOf[node] + penaltyWidth;
        let ratio: number;
        if (width < available) {
          const stretch = sumStretch - stretchOf[node] + (emergency ? available * EMERGENCY_STRETCH : 0);
          ratio = stretch > 0 ? (available - width) / stretch : INFINITE_PENALTY;
        } else if (width > available) {
          const shrink = sumShrink - shrinkOf[node];
          ratio = shrink > 0 ? (available - width) / shrink : -INFINITE_PENALTY;
        } else ratio = 0;

        // A node whose line is already too full can never again start a feasible line.
        if (!(ratio < -1 || forced)) active[kept++] = node;
        // The active breaks are in item order, so the lines from the breaks after this one are
        // no longer and stretch no more: when this line is too loose to take (outside the
        // emergency passes), so is every line after it, and they all stay active as they are.
        // (Not from the paragraph's first break, whose line may be narrower: an indent.)
        if (widening && !emergency && !forced && ratio > tolerance && nodeLine > 0) {
          if (kept === a + 1) kept = count;
          else for (let rest = a + 1; rest < count; rest++) active[kept++] = active[rest];
          break;
        }
        const hyphens = flagged ? hyphensOf[node] + 1 : 0;
        // A short last line (below lastLineMin, after at least one other) is left to the emergency
        // passes: a looser setting of the other lines within twice the tolerance comes first.
        const shortLast = lastLineMin > 0 && index === items.length - 1 && position[node] > 0 && width < lastLineMin;
        // In the last pass a line too full is taken too, at the first break past its measure (its
        // break is then deactivated above), at OVERFULL_DEMERITS for each pixel it sticks out and
        // one more: as little past the measure as can be, a wide word on a line of its own.
        const tooFull = ratio < -1;
        const acceptable = (!tooFull || overfull) && (ratio <= tolerance || emergency) && hyphens <= maxHyphens && (!shortLast || emergency);
        if (acceptable) {
          if (tooFull) ratio = -1;
          // Products, not `**`: V8 computes `**` with its pow routine, which cost this loop (run for
          // every active break at every possible break of every paragraph) a third of its time.
          const r = Math.abs(emergency ? ratio : Math.min(ratio, 10));
          const badness = 100 * (r * r * r);
          const lineDemerits = linePenalty + badness;
          let demerits: number;
          if (p >= 0) demerits = lineDemerits * lineDemerits + p * p;
          else if (p > -INFINITE_PENALTY) demerits = lineDemerits * lineDemerits - p * p;
          else demerits = lineDemerits * lineDemerits;
          if (flagged && position[node] > 0) {
            const previousItem = items[position[node]];
            if (previousItem.type === 'penalty' && previousItem.flagged) demerits += flaggedDemerits;
          }
          if (shortLast) demerits += SHORT_LAST_LINE_DEMERITS;
          if (tooFull) demerits += OVERFULL_DEMERITS * (1 + width - available);
          if (flagged && columnEndLines !== undefined && columnEndLines.includes(nodeLine)) demerits += COLUMN_END_HYPHEN_DEMERITS;
          const fitness = fitnessClass(ratio);
          if (Math.abs(fitness - fitnessOf[node]) > 1) demerits += fitnessDemerits;
          demerits += demeritsOf[node];
          const slot = fitness * (MAX_CONSECUTIVE_HYPHENS + 2) + Math.min(hyphens, MAX_CONSECUTIVE_HYPHENS + 1);
          const lineSlot = (nodeLine + 1) * CANDIDATE_SLOTS + slot;
          const best = byLine ? (byLine.get(lineSlot) ?? -1) : candidates[slot];
          if (best < 0) {
            const made = created++;
            position[made] = index;
            line[made] = nodeLine + 1;
            fitnessOf[made] = fitness;
            demeritsOf[made] = demerits;
            ratioOf[made] = ratio;
            hyphensOf[made] = hyphens;
            previous[made] = node;
            if (byLine) byLine.set(lineSlot, made);
            else candidates[slot] = made;
            hasCandidates = true;
          } else if (demerits < demeritsOf[best]) {
            // A slot's candidate is this break's own until it joins the active list: a better one
            // overwrites it.
            line[best] = nodeLine + 1;
            demeritsOf[best] = demerits;
            ratioOf[best] = ratio;
            hyphensOf[best] = hyphens;
            previous[best] = node;
          }
        }
      }
      activeCount = kept;
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
          if (candidate < 0) continue;
          widthOf[candidate] = width;
          stretchOf[candidate] = stretch;
          shrinkOf[candidate] = shrink;
          active[activeCount++] = candidate;
          candidates[c] = -1;
        }
        if (byLine) {
          for (const candidate of byLine.values()) {
            widthOf[candidate] = width;
            stretchOf[candidate] = stretch;
            shrinkOf[candidate] = shrink;
            active[activeCount++] = candidate;
          }
          byLine.clear();
        }
      }
      if (activeCount === 0) return undefined;
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

  const { position, previous, demerits, ratio, active, line } = nodes;
  let best = -1;
  for (let a = 0; a < activeCount; a++) {
    const node = active[a];
    if (position[node] === items.length - 1 && (best < 0 || demerits[node] < demerits[best])) best = node;
  }
  if (best < 0) return undefined;
  if (looseness !== 0) {
    // As TeX does: the setting whose length comes closest to the one asked for, the best of those.
    const lines = line[best] + looseness;
    for (let a = 0; a < activeCount; a++) {
      const node = active[a];
      if (position[node] !== items.length - 1) continue;
      const off = Math.abs(line[node] - lines) - Math.abs(line[best] - lines);
      if (off < 0 || (off === 0 && demerits[node] < demerits[best])) best = node;
    }
  }

  const breaks: LineBreak[] = [];
  for (let node = best; previous[node] >= 0; node = previous[node]) {
    const end = position[node];
    const item = items[end];
    breaks.push({ start: position[previous[node]], end, ratio: ratio[node], hyphenated: item.type === 'penalty' && item.flagged });
  }
  breaks.reverse();
  // Each line starts after its predecessor's break item, skipping discardable items.
  return breaks.map((line, i) => {
    let start = i === 0 ? 0 : line.start + 1;
    while (start < line.end && items[start].type !== 'box') start++;
    return { ...line, start };
  });
}
