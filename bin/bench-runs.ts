/**
 * `epaper bench --runs N`: the suite N times in a row, summed up as ranges (smallest–largest) per
 * figure: the README's performance table comes from this (`npx epaper bench --runs 5`), so it
 * shows how much one run can differ from the next on the same machine. Each run is a process of its
 * own (runBenchInFreshProcess): the runs shared one until the seventy-second round, so the second and
 * later found the code compiled, the drafts remembered and the last run's photos fitted, and their
 * maxRssMb held the last run's 600-article build.
 */
import { spawn } from 'node:child_process';
import type { BenchReport } from './bench';

export interface Range {
  readonly min: number;
  readonly max: number;
}

function rangeOf(values: readonly (number | null | undefined)[]): Range | null {
  const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (known.length === 0) return null;
  return { min: Math.min(...known), max: Math.max(...known) };
}

function show(range: Range | null, digits = 0): string {
  if (!range) return '—';
  const f = (v: number) => v.toFixed(digits);
  return range.min === range.max ? f(range.min) : `${f(range.min)}–${f(range.max)}`;
}

export interface BenchRanges {
  readonly runs: number;
  readonly editions: readonly {
    readonly name: string;
    readonly pages: Range | null;
    readonly parseMs: Range | null;
    readonly composeMs: Range | null;
    readonly photosMs: Range | null;
    readonly renderMs: Range | null;
    readonly totalMs: Range | null;
    /** The rebuild of the unchanged edition (EditionBench.rebuild); null in reports from before it. */
    readonly rebuildTotalMs: Range | null;
    readonly msPerPage: Range | null;
    readonly floorMs: Range | null;
    readonly overheadRatio: Range | null;
    readonly pdfKb: Range | null;
    readonly peakRssMb: Range | null;
  }[];
  readonly processRatio: Range | null;
  readonly processBuildMs: Range | null;
  readonly processFloorMs: Range | null;
  readonly coldStartMs: Range | null;
  readonly lambdaToPublishedMs: Range | null;
  readonly lambdaInitMs: Range | null;
  readonly lambdaPeakMb: Range | null;
  readonly lambdaCpuMs: Range | null;
  readonly lambdaDeployedFloorMs: Range | null;
  readonly lambdaCorrectionMs: Range | null;
  readonly peerRatio: Range | null;
  /** The Paged.js peer on each edition: its time over our build's, and over our floor's (the most a build could reach). */
  readonly peers: readonly { readonly edition: string; readonly ratio: Range | null; readonly floorRatio: Range | null }[];
  readonly costPerEditionUsd: Range | null;
  readonly coldComposeMs: Range | null;
  readonly scalePeakMb: Range | null;
  readonly scalePerPageRatio: Range | null;
  readonly warmTimeGrowth: Range | null;
  readonly warmMemoryGrowthMb: Range | null;
  /** Node's live heap growth per build between two full collections (see ScaleReport.warmBuilds.retained). */
  readonly retainedHeapMbPerBuild: Range | null;
  readonly retainedChromiumGrowthMb: Range | null;
}

/** Ranges over the reports of one `--runs` invocation. */
export function benchRanges(reports: readonly BenchReport[]): BenchRanges {
  const names = reports[0]?.editions.map((e) => e.name) ?? [];
  const of = (name: string) => reports.map((r) => r.editions.find((e) => e.name === name)).filter((e) => e !== undefined);
  const lambdas = reports.map((r) => r.lambda).filter((l) => 'toPublishedMs' in l);
  return {
    runs: reports.length,
    editions: names.map((name) => {
      const runs = of(name);
      return {
        name,
        pages: rangeOf(runs.map((e) => e.pages)),
        parseMs: rangeOf(runs.map((e) => e.parseMs)),
        composeMs: rangeOf(runs.map((e) => e.composeMs)),
        // Reports from before the photos step had none.
        photosMs: rangeOf(runs.map((e) => e.photosMs ?? 0)),
        renderMs: rangeOf(runs.map((e) => e.renderMs)),
        totalMs: rangeOf(runs.map((e) => e.totalMs)),
        rebuildTotalMs: rangeOf(runs.map((e) => e.rebuild?.totalMs)),
        msPerPage: rangeOf(runs.map((e) => e.msPerPage)),
        floorMs: rangeOf(runs.map((e) => e.floorMs)),
        overheadRatio: rangeOf(runs.map((e) => e.overheadRatio)),
        pdfKb: rangeOf(runs.map((e) => Math.round(e.pdfBytes / 1024))),
        peakRssMb: rangeOf(runs.map((e) => e.peakRssMb)),
      };
    }),
    processRatio: rangeOf(reports.map((r) => r.processRatio)),
    processBuildMs: rangeOf(reports.map((r) => r.process?.buildMs.median)),
    processFloorMs: rangeOf(reports.map((r) => r.process?.floorMs.median)),
    coldStartMs: rangeOf(reports.map((r) => r.coldStart.ms)),
    lambdaToPublishedMs: rangeOf(lambdas.map((l) => ('toPublishedMs' in l ? l.toPublishedMs : null))),
    lambdaInitMs: rangeOf(lambdas.map((l) => ('initMs' in l ? l.initMs : null))),
    lambdaPeakMb: rangeOf(lambdas.map((l) => ('peakMb' in l ? l.peakMb : null))),
    lambdaCpuMs: rangeOf(lambdas.map((l) => ('cpuMs' in l ? l.cpuMs : null))),
    lambdaDeployedFloorMs: rangeOf(lambdas.map((l) => ('deployedFloorMs' in l ? l.deployedFloorMs : null))),
    lambdaCorrectionMs: rangeOf(lambdas.map((l) => ('correction' in l && l.correction ? l.correction.toPublishedMs : null))),
    peerRatio: rangeOf(reports.map((r) => r.peer.ratio)),
    peers: names.map((edition) => {
      // Reports from before the floor ratio had none.
      const runs = reports.map((r) => r.peers?.find((p) => p.edition === edition)).filter((p) => p !== undefined);
      return { edition, ratio: rangeOf(runs.map((p) => p.ratio)), floorRatio: rangeOf(runs.map((p) => p.floorRatio)) };
    }),
    costPerEditionUsd: rangeOf(reports.map((r) => r.cost.editions[0]?.usd[r.cost.architecture])),
    coldComposeMs: rangeOf(reports.map((r) => r.coldCompose?.composeMs)),
    scalePeakMb: rangeOf(reports.map((r) => r.scale?.edition.peakRssMb)),
    scalePerPageRatio: rangeOf(reports.map((r) => r.scale?.edition.perPageRatio)),
    warmTimeGrowth: rangeOf(reports.map((r) => r.scale?.warmBuilds.timeGrowth)),
    warmMemoryGrowthMb: rangeOf(reports.map((r) => r.scale?.warmBuilds.memoryGrowthMb)),
    // Reports from before the retained measure had none.
    retainedHeapMbPerBuild: rangeOf(reports.map((r) => r.scale?.warmBuilds.retained?.heapGrowthMbPerBuild)),
    retainedChromiumGrowthMb: rangeOf(reports.map((r) => (r.scale?.warmBuilds.retained ? r.scale.warmBuilds.retained.chromiumMb[1] - r.scale.warmBuilds.retained.chromiumMb[0] : null))),
  };
}

/** The ranges as the README's Markdown table, and the yardsticks under it. */
export function formatBenchRanges(ranges: BenchRanges): string {
  const header = '| edition | pages | parse | compose | photos | render | total ms | ms/page | floor ms | ratio | PDF KB | peak memory MB |';
  const rows = ranges.editions.map((e) =>
    `| ${e.name} | ${show(e.pages)} | ${show(e.parseMs)} | ${show(e.composeMs)} | ${show(e.photosMs)} | ${show(e.renderMs)} | ${show(e.totalMs)} | ${show(e.msPerPage, 1)} | ${show(e.floorMs)} | ${show(e.overheadRatio, 2)} | ${show(e.pdfKb)} | ${show(e.peakRssMb)} |`,
  );
  const lines = [
    `Ranges over ${ranges.runs} runs (smallest–largest):`,
    '',
    header,
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '(each edition built warm as new content: another edition of its size built before it in the run\'s process, nothing of its own typeset or fitted yet; every run a process of its own)',
    '',
    `- rebuild (unchanged edition, straight after: its paragraphs set, its photos fitted), total ms: ${ranges.editions.map((e) => `${e.name} ${show(e.rebuildTotalMs)}`).join(', ')}`,
    `- whole processes, 30 articles: epaper build ${show(ranges.processBuildMs)} ms, plain print ${show(ranges.processFloorMs)} ms, processRatio ${show(ranges.processRatio, 2)}`,
    `- cold start (fresh epaper build, Chromium unpacked from scratch): ${show(ranges.coldStartMs)} ms`,
    `- render Lambda, cold, to a published PDF: ${show(ranges.lambdaToPublishedMs)} ms (init ${show(ranges.lambdaInitMs)} ms, peak ${show(ranges.lambdaPeakMb)} MB; CPU ${show(ranges.lambdaCpuMs)} ms, at least ${show(ranges.lambdaDeployedFloorMs)} ms on the function's vCPUs)`,
    `- render Lambda, cold, a one-word correction with the first version in the bucket: ${show(ranges.lambdaCorrectionMs)} ms`,
    `- Paged.js peer time / ours: ${show(ranges.peerRatio, 2)}`,
    `- Paged.js peer time / ours, by edition (in brackets, / our floor: the most a build with no overhead would reach): ${ranges.peers.map((p) => `${p.edition} ${show(p.ratio, 2)} (${show(p.floorRatio, 2)})`).join(', ')}`,
    `- cold compose, 30 articles, fresh processes (median of each run): ${show(ranges.coldComposeMs)} ms`,
    `- 600 articles: peak ${show(ranges.scalePeakMb)} MB, time per page ${show(ranges.scalePerPageRatio, 2)}× the 24-page edition's`,
    `- warm builds: time last / first ${show(ranges.warmTimeGrowth, 2)}, peak memory growth ${show(ranges.warmMemoryGrowthMb)} MB; between two full collections, Node's live heap ${show(ranges.retainedHeapMbPerBuild, 2)} MB a build, Chromium ${show(ranges.retainedChromiumGrowthMb)} MB in all`,
    `- Lambda cost of one edition (the first priced: the cold render when measured): ${show(ranges.costPerEditionUsd ? { min: ranges.costPerEditionUsd.min * 100, max: ranges.costPerEditionUsd.max * 100 } : null, 4)} US cents`,
  ];
  return `${lines.join('\n')}\n`;
}

/** What a run in a process of its own needs from the command that starts it. */
export interface FreshRunOptions {
  /** The command's script (bin/epaper.js) and the Node arguments it runs with (its heap limit). */
  readonly script: string;
  readonly nodeArgs: readonly string[];
  readonly skipScale: boolean;
  /** The render function's synthesized asset folder, shared by the runs; undefined: no Lambda cold start. */
  readonly lambdaAsset: string | undefined;
  /** Receives the run's progress lines (its stderr). */
  readonly stderr: NodeJS.WritableStream;
}

/**
 * One run of the suite as `epaper bench --json` in a new Node process, its report read from its
 * stdout: nothing of an earlier run (compiled code, caches, the peak memory) carries over. A
 * signal that ends this process is passed on to the run.
 */
export function runBenchInFreshProcess(options: FreshRunOptions): Promise<BenchReport> {
  const args = [...options.nodeArgs, options.script, 'bench', '--json', ...(options.skipScale ? ['--skip-scale'] : [])];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EPAPER_BENCH_LAMBDA_ASSET: options.lambdaAsset ?? 'none' },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.pipe(options.stderr, { end: false });
  return new Promise((done, fail) => {
    child.once('error', fail);
    // 'close', not 'exit': the report may still be in the pipe when the process has exited.
    child.once('close', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      if (code !== 0) fail(new Error(`the bench run's process ended with ${signal ?? `exit status ${code}`}`));
      else {
        try {
          done(JSON.parse(out) as BenchReport);
        } catch (error) {
          fail(new Error(`the bench run's report was not JSON: ${(error as Error).message}`));
        }
      }
    });
  });
}
