/**
 * The benchmark's measures of scale and of cold composing (issue 15, items 2, 5 and 8), hooked into
 * `epaper bench` (bin/bench.ts):
 * - cold compose: the first compose of a fresh process, for a 30-article edition, several times;
 * - scale: a 600-article edition (about 200 pages) built in the bench's warm process, its peak
 *   memory (Node and Chromium, proportional set sizes) and its time per page against the 24-page
 *   edition's; then 20 consecutive warm builds of the 24-page edition, whose time and memory must
 *   stay flat (a warm Lambda's life);
 * - the page planner's share of the compose step and of the whole build.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledEntryUrl } from './compile.js';
import type { BuiltEdition } from '../lambdas/core/edition';
import type { GeneratedEdition, GenerateEditionOptions } from '../test/fixtures/generate-edition';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MIB = 1024 * 1024;

/** Every limit and size of these measures, in one place. */
export const SCALE_POLICY = {
  /** The cold compose target: ms for the first compose of a 30-article edition in a fresh process. */
  coldComposeMs: 150,
  /** Fresh processes per cold-compose measure; the median is reported. */
  coldComposeRuns: 3,
  /** Peak memory of the 600-article build, Node and Chromium together (PSS). */
  scalePeakMb: 1024,
  /**
   * Time per page of the 600-article edition over the 24-page edition's, each in its first build
   * of the warm process (before issue 15's fourth round the reference was the 24-page edition's
   * repeated build, which finds its stories typeset and its photos fitted: a comparison of caches,
   * not of size; that ratio is still reported, as perPageRatioAgainstRepeatBuild).
   */
  scalePerPageRatio: 1.1,
  /**
   * Consecutive warm builds, and how many at each end are compared for flatness. They rebuild the
   * reference edition's input, each finding the last one's paragraphs set and photos fitted: they
   * say whether a warm process stays flat, not what a build of new content costs.
   */
  warmBuilds: 20,
  flatWindow: 5,
  /** Mean build time of the last builds over the first ones. */
  warmTimeGrowth: 1.1,
  /** Growth of the per-build peak memory from the first builds to the last ones. */
  warmMemoryGrowthMb: 64,
  /**
   * Builds more after the warm builds, between two full collections, for what stays behind per build
   * (a leak) apart from garbage not yet collected (the peaks' sawtooth, which follows V8's timing).
   */
  retainedBuilds: 5,
} as const;

/** A 30-article edition for the cold compose (the measure; the generator's long stories make it 22 pages). */
export const COLD_COMPOSE_EDITION: GenerateEditionOptions & { readonly name: string } = { name: 'cold-30', articles: 30, briefs: 8, longStoryWords: 2400, seed: 30 };
/** The scale edition: 600 articles, most of them short, as a big Sunday paper is (about 200 pages). */
export const SCALE_EDITION: GenerateEditionOptions & { readonly name: string } = { name: 'scale-600', articles: 600, briefs: 400, longStoryWords: 3200, seed: 600 };

export interface ColdComposeReport {
  readonly edition: string;
  readonly articles: number;
  readonly pages: number;
  /** Median over the runs of the build's compose step, each the first in its process. */
  readonly composeMs: number;
  readonly composeMsRuns: readonly number[];
  /** Medians of the parts of compose: stories set on the grid, and the page planner. */
  readonly materialMs: number;
  readonly planMs: number;
  readonly parseMs: number;
  /** Waiting for sharp's photo fits after compose (a step of its own since issue 15's third round). */
  readonly photosMs: number;
  readonly plannerShareOfCompose: number;
}

export interface ScaleReport {
  readonly edition: {
    readonly name: string;
    readonly articles: number;
    readonly pages: number;
    readonly totalMs: number;
    readonly composeMs: number;
    readonly planMs: number;
    readonly renderMs: number;
    readonly msPerPage: number;
    /** Peak memory of this process and its Chromium during the build (PSS). */
    readonly peakRssMb: number;
    readonly referenceEdition: string;
    /**
     * The reference (24-page) edition's time per page in its first build of the bench's warm
     * process: like this edition's, a first build of its stories (nothing typeset or fitted yet for
     * them), with the JIT warm. Since the seventy-second round that is its reported warm build
     * (EditionBench.msPerPage); before, its first build in the process, then the same work.
     */
    readonly referenceMsPerPage: number;
    /** msPerPage over the reference's, first build against first build: how time per page grows with size. */
    readonly perPageRatio: number;
    /**
     * The same over the reference's rebuild (EditionBench.rebuild; before the seventy-second round,
     * its reported warm build, which was that rebuild), which finds its own stories already typeset
     * and its photos fitted: mostly the caches' worth, not size (kept for comparison).
     */
    readonly perPageRatioAgainstRepeatBuild: number;
  };
  readonly warmBuilds: {
    readonly edition: string;
    readonly builds: number;
    readonly totalMs: readonly number[];
    /** Peak memory during each build (PSS, Node and Chromium). */
    readonly peakRssMb: readonly number[];
    /** Mean time of the last `flatWindow` builds over the first ones. */
    readonly timeGrowth: number;
    /** Highest peak of the last builds minus highest peak of the first ones. */
    readonly memoryGrowthMb: number;
    /**
     * What `builds` more builds leave behind, each side measured after a full garbage collection
     * with Chromium at rest: Node's live heap and Chromium's memory (PSS). Null when the process
     * cannot collect on demand.
     */
    readonly retained: {
      readonly builds: number;
      readonly heapMb: readonly [number, number];
      readonly chromiumMb: readonly [number, number];
      /** Heap growth over the builds, per build. */
      readonly heapGrowthMbPerBuild: number;
    } | null;
  };
}

/** Node's live heap and Chromium's memory, after a full collection with the renderer at rest. */
export interface RetainedMemory {
  readonly heapBytes: number;
  readonly chromiumBytes: number;
}

/** What the scale run borrows from the bench: its warm build, its generator, its memory sampler. */
export interface ScaleDeps {
  readonly buildOnce: (dir: string) => Promise<BuiltEdition>;
  readonly generate: (dir: string, options: GenerateEditionOptions) => Promise<GeneratedEdition>;
  readonly withPeakMemory: <T>(work: () => Promise<T>) => Promise<{ result: T; peakTotal: number; peakNode: number }>;
  /** Collects garbage and measures what is left; absent where the process cannot collect on demand. */
  readonly retainedMemory?: () => Promise<RetainedMemory>;
  readonly log: (line: string) => void;
}

/**
 * `value` to `digits` decimals, never -0: a small fall (a peak 0.3 MB lower) rounded to -0, which
 * JSON writes as 0, so a report read back from its JSON differed from the one written.
 */
export function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale + 0;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** The planner's share of a build's compose step (0 when not measured). */
export function plannerShare(timings: Readonly<Record<string, number>>, of: 'compose' | 'total'): number {
  const whole = timings[of] ?? 0;
  return whole > 0 ? round((timings.plan ?? 0) / whole, 3) : 0;
}

/** One cold compose: a fresh Node process building `dir` once with blank pages for a printer. */
async function coldComposeOnce(dir: string): Promise<Record<string, number>> {
  // Compiled, as the command runs it (bin/compile.js, OTHER_ENTRIES).
  const program = fileURLToPath(await compiledEntryUrl('bench-cold-compose'));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [program, dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-2000)));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done(JSON.parse(out) as Record<string, number>) : fail(new Error(`cold compose of ${dir} failed (exit ${code}): ${err.trim().split('\n').slice(-2).join(' | ')}`))));
  });
}

/** Cold compose of the edition in `dir`, `runs` fresh processes one after the other. */
export async function measureColdCompose(name: string, dir: string, runs: number, log: (line: string) => void): Promise<ColdComposeReport> {
  const results: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) results.push(await coldComposeOnce(dir));
  const pick = (field: string) => median(results.map((r) => r[field] ?? 0));
  const report: ColdComposeReport = {
    edition: name,
    articles: results[0].articles,
    pages: results[0].pages,
    composeMs: pick('compose'),
    composeMsRuns: results.map((r) => r.compose),
    materialMs: pick('material'),
    planMs: pick('plan'),
    parseMs: pick('parse'),
    photosMs: pick('photos'),
    plannerShareOfCompose: round(pick('plan') / Math.max(1, pick('compose')), 3),
  };
  log(`cold compose (${name}, ${report.articles} articles, ${report.pages} pages): ${report.composeMsRuns.join(', ')} ms`);
  return report;
}

/**
 * The 600-article edition built once in this warm process, then `builds` warm builds of the
 * reference edition one after the other, each with its peak memory.
 */
export async function runScale(
  deps: ScaleDeps,
  options: {
    readonly dir: string;
    readonly edition: GenerateEditionOptions & { readonly name: string };
    /** The reference edition: its folder, and its time per page in its first and in its repeated build. */
    readonly reference: { readonly name: string; readonly dir: string; readonly firstBuildMsPerPage: number; readonly repeatBuildMsPerPage: number };
    readonly builds: number;
    readonly flatWindow: number;
    /** Builds between the two collections of `retained` (0: not measured). */
    readonly retainedBuilds: number;
  },
): Promise<ScaleReport> {
  const generated = await deps.generate(options.dir, options.edition);
  deps.log(`scale: ${generated.articles.length} articles generated, building`);
  const { result: built, peakTotal } = await deps.withPeakMemory(() => deps.buildOnce(options.dir));
  const pages = built.manifest.pageCount;
  const totalMs = built.timings.total ?? 0;
  const msPerPage = round(totalMs / Math.max(1, pages), 1);
  const edition: ScaleReport['edition'] = {
    name: options.edition.name,
    articles: generated.articles.length,
    pages,
    totalMs,
    composeMs: built.timings.compose ?? 0,
    planMs: built.timings.plan ?? 0,
    renderMs: built.timings.render ?? 0,
    msPerPage,
    peakRssMb: round(peakTotal / MIB),
    referenceEdition: options.reference.name,
    referenceMsPerPage: options.reference.firstBuildMsPerPage,
    perPageRatio: round(msPerPage / Math.max(0.1, options.reference.firstBuildMsPerPage), 2),
    perPageRatioAgainstRepeatBuild: round(msPerPage / Math.max(0.1, options.reference.repeatBuildMsPerPage), 2),
  };
  deps.log(`scale: ${pages} pages in ${totalMs} ms (${msPerPage} ms/page), peak ${edition.peakRssMb} MB`);

  const totals: number[] = [];
  const peaks: number[] = [];
  for (let i = 0; i < options.builds; i++) {
    const { result, peakTotal: peak } = await deps.withPeakMemory(() => deps.buildOnce(options.reference.dir));
    totals.push(result.timings.total ?? 0);
    peaks.push(round(peak / MIB));
  }
  const window = Math.max(1, Math.min(options.flatWindow, Math.floor(options.builds / 2)));
  // After the timed builds, so that the collections do not move the peaks' sawtooth measured above.
  let retained: ScaleReport['warmBuilds']['retained'] = null;
  if (deps.retainedMemory && options.retainedBuilds > 0) {
    const before = await deps.retainedMemory();
    for (let i = 0; i < options.retainedBuilds; i++) await deps.buildOnce(options.reference.dir);
    const after = await deps.retainedMemory();
    retained = {
      builds: options.retainedBuilds,
      heapMb: [round(before.heapBytes / MIB, 1), round(after.heapBytes / MIB, 1)],
      chromiumMb: [round(before.chromiumBytes / MIB), round(after.chromiumBytes / MIB)],
      heapGrowthMbPerBuild: round((after.heapBytes - before.heapBytes) / MIB / options.retainedBuilds, 2),
    };
    deps.log(`retained over ${retained.builds} more builds: heap ${retained.heapMb.join(' → ')} MB, Chromium ${retained.chromiumMb.join(' → ')} MB`);
  }
  const warmBuilds: ScaleReport['warmBuilds'] = {
    edition: options.reference.name,
    builds: options.builds,
    totalMs: totals,
    peakRssMb: peaks,
    timeGrowth: round(mean(totals.slice(-window)) / Math.max(1, mean(totals.slice(0, window))), 2),
    memoryGrowthMb: round(Math.max(...peaks.slice(-window)) - Math.max(...peaks.slice(0, window))),
    retained,
  };
  deps.log(`warm builds of ${options.reference.name}: ${totals.join(', ')} ms; peaks ${peaks.join(', ')} MB`);
  return { edition, warmBuilds };
}
