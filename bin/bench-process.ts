/**
 * Whole processes, as users run them (issue 15, items 1 and 4): a fresh `epaper build` of a
 * 30-article edition against a plain Node script that launches the same Chromium, loads the finished
 * edition.html and prints it (bin/bench-print.mjs), one after the other in the same bench run.
 * `processRatio` is the build's median over the floor's. The build reports its own timeline
 * (EPAPER_TIMELINE), so the report says where the difference lies. It also times what a command
 * costs before any work: Node alone, the command as run (`bin/epaper.js`, whose shell line sets the
 * allocator environment) and `node bin/epaper.js` (Node started a second time for it).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const COMMAND = join(REPO_ROOT, 'bin', 'epaper.js');
const FLOOR_SCRIPT = join(REPO_ROOT, 'bin', 'bench-print.mjs');

/** The whole-process comparison's edition: 30 articles, 8 of them briefs (issue 15, item 4). */
export const PROCESS_EDITION = { name: 'process', targetPages: 16, articles: 30, briefs: 8, longStoryWords: 3200, seed: 30 } as const;

/** Median, smallest and largest of a few timings. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median: Math.round(median), min: Math.round(sorted[0]), max: Math.round(sorted[sorted.length - 1]) };
}

/**
 * The least share of the build's PDF bytes the floor's print must have: the build adds only its
 * outline and metadata to what Chromium printed (1,169,679 bytes against 1,154,597 for the bench's
 * 30-article edition), and a print that raced its faces had 238,851.
 */
export const FLOOR_MIN_BYTES_SHARE = 0.9;

/**
 * The faces a PDF embeds, by name without the subset's tag (`AAAAAA+Oswald-Bold` is Oswald-Bold):
 * Chromium names each embedded face in its font descriptor, once per document it printed, so an
 * edition joined from parts names a face once per part and the set is the same.
 */
export function embeddedFaces(pdf: Uint8Array): Set<string> {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  return new Set(Array.from(text.matchAll(/\/FontName\s*\/(?:[A-Z]{6}\+)?([^\s/<>[\]()]+)/g), (match) => match[1]));
}

/**
 * Why the floor's print is not a print of what the build printed, or undefined when it is: every
 * face the build's PDF embeds, and nearly all its bytes. A floor that printed less (its text not
 * yet in its faces, its photos not loaded) would be quicker for it and make the ratio a lie.
 */
export function floorPrintProblem(floorPdf: Uint8Array, buildPdf: Uint8Array): string | undefined {
  const floorFaces = embeddedFaces(floorPdf);
  const missing = [...embeddedFaces(buildPdf)].filter((face) => !floorFaces.has(face));
  if (missing.length > 0) return `it embeds none of ${missing.join(', ')}, which the build's does (printed before its fonts had loaded?)`;
  if (floorPdf.byteLength < buildPdf.byteLength * FLOOR_MIN_BYTES_SHARE) {
    return `its PDF is ${floorPdf.byteLength} bytes against the build's ${buildPdf.byteLength} (printed before its photos had loaded?)`;
  }
  return undefined;
}

/** Where one `epaper build` process spent its time, ms (medians over the runs). */
export interface BuildProcessTimeline {
  /** Spawn to the build command starting: Node's start, loading the command, checking it is fresh, the out folder. */
  readonly startUpMs: number;
  /** Loading the build's modules (parsers, typesetter, PDF finishing). */
  readonly loadMs: number;
  /** Reading the edition fonts and templates. */
  readonly fontsMs: number;
  readonly parseMs: number;
  readonly composeMs: number;
  /** Waiting for Chromium (launched in the background at the start) and printing. */
  readonly renderMs: number;
  /** The rest of the build: photos, fonts subset, PDF finishing, fingerprint. */
  readonly otherBuildMs: number;
  /** Writing edition.pdf, edition.html, assets and manifest.json. */
  readonly writeMs: number;
  /** Ending Chromium, and the process's exit as seen by its parent. */
  readonly exitMs: number;
}

export interface ProcessBench {
  readonly edition: string;
  readonly articles: number;
  readonly pages: number | null;
  readonly runs: number;
  /** `bin/epaper.js build <dir>` from spawn to exit. */
  readonly buildMs: Spread;
  /** bin/bench-print.mjs printing the same build's edition.html, from spawn to exit. */
  readonly floorMs: Spread;
  /** Median build / median floor. */
  readonly ratio: number;
  readonly timeline: BuildProcessTimeline | null;
  /** What starting a command costs before any work, medians (`--version`). */
  readonly startUp: {
    readonly nodeMs: number;
    /** `bin/epaper.js --version`: its shell line sets MALLOC_ARENA_MAX, then one Node. */
    readonly commandMs: number;
    /** `node bin/epaper.js --version` without MALLOC_ARENA_MAX: Node starts itself again with it. */
    readonly relaunchMs: number;
  };
}

interface Run {
  readonly ms: number;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs a process to its exit and times it from spawn. */
function timeProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
    });
    child.once('error', fail);
    child.once('exit', (code) => done({ ms: performance.now() - started, code, stderr }));
  });
}

/** Environment of a child as a user's shell would give it: no allocator setting inherited from the bench. */
function userEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.MALLOC_ARENA_MAX;
  return env;
}

function timelineOf(stderr: string, wallMs: number): Record<string, number> | undefined {
  const line = stderr.split('\n').find((l) => l.startsWith('epaper: timeline '));
  if (!line) return undefined;
  const marks = JSON.parse(line.slice('epaper: timeline '.length)) as Record<string, number>;
  const { started, loaded, fontsRead, built, written, parseMs, composeMs, renderMs } = marks;
  const buildMs = built - fontsRead;
  return {
    startUpMs: started,
    loadMs: loaded - started,
    fontsMs: fontsRead - loaded,
    parseMs,
    composeMs,
    renderMs,
    otherBuildMs: buildMs - parseMs - composeMs - renderMs,
    writeMs: written - built,
    // performance.now() counts from Node's start, a few ms after the spawn: that bit lands here.
    exitMs: wallMs - written,
  };
}

async function medianOf(runs: number, work: () => Promise<Run>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await work();
    if (run.code !== 0) throw new Error(`exited with ${run.code}: ${run.stderr.trim().split('\n').slice(-2).join(' | ')}`);
    times.push(run.ms);
  }
  return spread(times).median;
}

/**
 * Alternates build and floor `runs` times. The edition in `inputDir` is built into `outDir`; each
 * floor prints the edition.html the build before it wrote.
 */
export async function runProcessBench(opts: { inputDir: string; date: string; outDir: string; articles: number; runs: number; log: (line: string) => void }): Promise<ProcessBench> {
  const builds: number[] = [];
  const floors: number[] = [];
  const timelines: Record<string, number>[] = [];
  let pages: number | null = null;
  // Chromium is unpacked once before, so both sides launch an unpacked binary (a cold unpacking is
  // the cold start's measure, not this one).
  for (let i = 0; i < opts.runs; i++) {
    const build = await timeProcess(COMMAND, ['build', opts.inputDir, '--out', opts.outDir], userEnvironment({ EPAPER_TIMELINE: '1' }));
    if (build.code !== 0) throw new Error(`bench: epaper build exited with ${build.code}: ${build.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    builds.push(build.ms);
    const timeline = timelineOf(build.stderr, build.ms);
    if (timeline) timelines.push(timeline);
    pages = Number(/rendered (\d+) pages/.exec(build.stderr)?.[1] ?? NaN) || pages;
    const editionDir = join(opts.outDir, opts.date);
    const floorPdf = join(opts.outDir, 'floor.pdf');
    const floor = await timeProcess(process.execPath, [FLOOR_SCRIPT, join(editionDir, 'edition.html'), floorPdf], userEnvironment());
    if (floor.code !== 0) throw new Error(`bench: the plain print script exited with ${floor.code}: ${floor.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    // Timed only as a print of the same pages (bin/bench-print.mjs: it once printed them without text).
    const problem = floorPrintProblem(await readFile(floorPdf), await readFile(join(editionDir, 'edition.pdf')));
    if (problem) throw new Error(`bench: the plain print script did not print what the build printed: ${problem}`);
    floors.push(floor.ms);
    opts.log(`process run ${i + 1}/${opts.runs}: epaper build ${Math.round(build.ms)} ms, plain print ${Math.round(floor.ms)} ms`);
  }
  const buildMs = spread(builds);
  const floorMs = spread(floors);
  const timeline = timelines.length === 0 ? null : (Object.fromEntries(Object.keys(timelines[0]).map((key) => [key, spread(timelines.map((t) => t[key])).median])) as unknown as BuildProcessTimeline);

  const startUpRuns = 5;
  const startUp = {
    nodeMs: await medianOf(startUpRuns, () => timeProcess(process.execPath, ['-e', '0'], userEnvironment())),
    commandMs: await medianOf(startUpRuns, () => timeProcess(COMMAND, ['--version'], userEnvironment())),
    relaunchMs: await medianOf(startUpRuns, () => timeProcess(process.execPath, [COMMAND, '--version'], userEnvironment())),
  };
  return {
    edition: PROCESS_EDITION.name,
    articles: opts.articles,
    pages,
    runs: opts.runs,
    buildMs,
    floorMs,
    ratio: Math.round((buildMs.median / Math.max(1, floorMs.median)) * 100) / 100,
    timeline,
    startUp,
  };
}
