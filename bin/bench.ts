/**
 * `epaper bench [--json]`: the performance suite (issue 7). It generates reference editions of about
 * 8, 24 and 96 Berliner pages with the fixture generator and builds them in this process through
 * the same buildEdition the CLI and the Lambda run, as bin/bench-plan.ts plans: for each size a
 * warm-up edition, then the size's own edition, new to the process (the warm build timed), the
 * same edition again unchanged (the rebuild, timed apart), and a third edition whose peak memory is
 * sampled (the sampler slows what it samples); and sets the numbers against three yardsticks: a
 * cold process that unpacks Chromium from scratch, the floor (the same Chromium loading the finished
 * edition.html from memory and printing it), and a peer (the same articles as plain HTML with a
 * standard print stylesheet through the Paged.js polyfill).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type HTTPRequest } from 'puppeteer-core';
import { mapLimited } from '../lambdas/core/map-limited';
import { ChromiumRenderer, parallelPrintsHere, sealedLaunchArgs } from '../lambdas/adapters/chromium-renderer';
import { FsInputSource } from '../lambdas/adapters/fs-input-source';
import { loadEditionResources, FONT_FILES } from '../lambdas/adapters/resources';
import { SharpImages } from '../lambdas/adapters/sharp-images';
import { LINE_BREAK, type Article } from '../lambdas/core/article';
import { buildEdition } from '../lambdas/core/build-edition';
import type { BuiltEdition, EditionResources } from '../lambdas/core/edition';
import { parseArticle } from '../lambdas/core/parse/index';
import type { Asset, Logger, Renderer, RenderOptions, RenderResult } from '../lambdas/core/ports';
import { COLD_COMPOSE_EDITION, measureColdCompose, plannerShare, round, runScale, SCALE_EDITION, SCALE_POLICY, type ColdComposeReport, type RetainedMemory, type ScaleReport } from './bench-scale';
import { generateAllInChildProcess } from './generate-in-child';
import { processTreeMemoryBytes, resetPeakResidentMemory } from './process-memory';
import { benchBuildPlan, type BenchBuildRole, type BenchInput } from './bench-plan';
import { PROCESS_EDITION, runProcessBench, type ProcessBench } from './bench-process';
import { runLambdaColdStart, type LambdaColdStart } from './bench-lambda';
import { lambdaCost, type LambdaCostReport } from './bench-cost';
import { DEFAULT_EPAPER_CONFIG } from '../lib/config';
import { CONFIGURED_SECTIONS, type GeneratedEdition, type GenerateEditionOptions } from '../test/fixtures/generate-edition';

const here = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(here, '..');
const MIB = 1024 * 1024;

/** One reference edition: how it is generated and how many pages it is meant to come out at. */
export interface BenchSize {
  readonly name: string;
  readonly targetPages: number;
  readonly articles: number;
  readonly briefs: number;
  readonly longStoryWords: number;
  readonly seed: number;
}

/**
 * Article counts calibrated against the composer (Berliner, 5 columns, 2026-11-27: these came out
 * at 8, 24 and 98 pages), so each edition lands near its target page count.
 */
export const REFERENCE_SIZES: readonly BenchSize[] = [
  { name: 'small', targetPages: 8, articles: 6, briefs: 2, longStoryWords: 2400, seed: 8 },
  { name: 'medium', targetPages: 24, articles: 33, briefs: 12, longStoryWords: 3200, seed: 24 },
  { name: 'large', targetPages: 96, articles: 152, briefs: 40, longStoryWords: 3200, seed: 96 },
];

/**
 * How the cold start gets a Chromium unpacked from scratch. `isolated` (default) gives the child
 * process a fresh temp folder, so @sparticuz inflates everything again without disturbing other
 * processes that use the shared copy; `replace` deletes the shared copy in the system temp folder
 * first, exactly as on a new Lambda instance, and is only safe when nothing else runs Chromium.
 * (In `isolated` mode fontconfig still finds the shared /tmp/fonts, which its fonts.conf names;
 * the edition embeds its own fonts, so that changes nothing printed.)
 */
export type ColdStartMode = 'isolated' | 'replace' | 'skip';

/**
 * `EPAPER_BENCH_COLD_START=replace npm run bench` measures a true first start on a machine where
 * nothing else is running Chromium; the default keeps the shared unpacked copy intact.
 */
function coldStartModeFromEnv(): ColdStartMode {
  const value = process.env.EPAPER_BENCH_COLD_START;
  if (value === undefined || value === '') return 'isolated';
  if (value === 'isolated' || value === 'replace' || value === 'skip') return value;
  throw new Error(`EPAPER_BENCH_COLD_START must be isolated, replace or skip, not "${value}"`);
}

export interface BenchOptions {
  /** Print one JSON object instead of the table. */
  readonly json: boolean;
  /** Keep generated inputs and built editions here (default: a temp folder, removed afterwards). */
  readonly out?: string;
  /** Reference editions to run (default REFERENCE_SIZES); tests pass tiny ones. */
  readonly sizes?: readonly BenchSize[];
  /** Which size the cold start builds (default the first) and which the floor and peer use (default the second, or the only). */
  readonly coldStartSize?: string;
  readonly comparisonSize?: string;
  readonly coldStart?: ColdStartMode;
  /** Run the Paged.js peer on every edition (default true). */
  readonly peer?: boolean;
  /** Time the first compose of fresh processes on a 30-article edition (default true); tests pass a smaller edition. */
  readonly coldCompose?: false | { readonly edition?: typeof COLD_COMPOSE_EDITION; readonly runs?: number };
  /** Build the 600-article edition and the warm builds (default true, `--skip-scale` off); tests pass a smaller form. */
  readonly scale?: false | { readonly edition?: typeof SCALE_EDITION; readonly builds?: number; readonly retainedBuilds?: number };
  /** Whole processes: `epaper build` of a 30-article edition against a plain print script (default true), and how many times each (default PROCESS_RUNS). */
  readonly process?: boolean;
  readonly processRuns?: number;
  /** The whole-process edition (default PROCESS_EDITION, 30 articles); tests pass a tiny one. */
  readonly processEdition?: GenerateEditionOptions;
  /** The render Lambda's cold start from its `cdk synth` bundle (default true); `lambdaAsset` reuses a synthesized asset folder. */
  readonly lambda?: boolean;
  readonly lambdaAsset?: string;
  /** Write the table or JSON to stdout (default true). */
  readonly print?: boolean;
  /** Progress lines (default: stderr). */
  readonly log?: (line: string) => void;
}

export interface EditionBench {
  readonly name: string;
  readonly targetPages: number;
  readonly articles: number;
  readonly photos: number;
  readonly words: number;
  readonly pages: number;
  readonly pagesWithPhotos: number;
  readonly pdfBytes: number;
  readonly pdfBytesPerPage: number;
  /** What the PDF may weigh: 150 KB per text page plus 400 KB per page with a photo. */
  readonly pdfBudgetBytes: number;
  /**
   * The warm build's steps and total: this edition built in the warm process (another edition of
   * its size built before it) as new content, nothing of it typeset, probed or fitted yet, with an
   * image processor of its own. Before the seventy-second round these were a rebuild of the same
   * input (now `rebuild`).
   */
  readonly parseMs: number;
  readonly composeMs: number;
  /** Waiting for sharp's photo fits after the HTML is written (their work overlaps compose). */
  readonly photosMs: number;
  readonly renderMs: number;
  readonly postprocessMs: number;
  readonly totalMs: number;
  readonly msPerPage: number;
  /**
   * The warm-up build's total: the first build of this size in the process, an edition of the same
   * options from another seed (`warmUpSeed`); for the first size the process's first build, with
   * nothing compiled or loaded yet. (Before the seventy-second round, the first build of this very edition.)
   */
  readonly firstRunTotalMs: number;
  /** The generator seeds of the timed edition (the floor's and the peer's too), the warm-up's and the memory build's. */
  readonly seed: number;
  readonly warmUpSeed: number;
  readonly memorySeed: number;
  /**
   * The rebuild (unchanged edition): the timed edition built again from the same input straight
   * after, finding its paragraphs set and its photos fitted, as a warm render function does after
   * a correction elsewhere in the edition.
   */
  readonly rebuild: {
    readonly parseMs: number;
    readonly composeMs: number;
    readonly materialMs: number;
    readonly planMs: number;
    readonly photosMs: number;
    readonly renderMs: number;
    readonly totalMs: number;
    readonly msPerPage: number;
  };
  /**
   * Peak memory of this process plus its Chromium processes during the memory build, as
   * proportional set sizes (shared pages counted once) on Linux. The memory build is another new
   * edition of the size (`memorySeed`, `memoryBuildPages` pages), not a rebuild (before the
   * seventy-second round it was the third build of the same input, with everything cached).
   */
  readonly peakRssMb: number;
  readonly memoryBuildPages: number;
  /** Peak resident memory of this Node process alone during the memory build (sampled). */
  readonly peakNodeRssMb: number;
  /**
   * process.resourceUsage().maxRSS after the memory build: the Node process's peak during that
   * build where the kernel's high-water mark could be reset before it (`maxRssScope: 'build'`,
   * Linux), else the process's lifetime peak (`'process'`, as every report before the
   * seventy-second round was: the large edition's held the earlier editions' peaks).
   */
  readonly maxRssMb: number;
  readonly maxRssScope: 'build' | 'process';
  readonly floorMs: number;
  readonly overheadRatio: number;
  /** Inside compose: stories set on the grid, and the page planner's search. */
  readonly materialMs: number;
  readonly planMs: number;
  /** The planner's share of the compose step and of the whole warm build. */
  readonly plannerShareOfCompose: number;
  readonly plannerShareOfBuild: number;
}

/** The Paged.js peer on one edition's articles. */
export interface PeerRun {
  readonly edition: string;
  readonly ms: number | null;
  readonly pages: number | null;
  readonly pdfBytes: number | null;
  /** Peer time / our warm build of the same edition (above 1: we are faster). */
  readonly ratio: number | null;
  /**
   * Peer time / our floor for the same edition (Chromium printing the finished pages): the ratio a
   * build with no overhead at all would reach, so the most any target on `ratio` can ask.
   */
  readonly floorRatio: number | null;
  readonly error: string | null;
}

export interface BenchReport {
  readonly generatedAt: string;
  readonly machine: {
    readonly node: string;
    readonly platform: string;
    readonly arch: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly totalMemoryMb: number;
    /** glibc's malloc arena limit this process ran with (lib/process-environment.js), or null if unset. */
    readonly mallocArenaMax: string | null;
    /**
     * MB, this process's JavaScript heap limit: the render function's (lib/render-memory.ts) when
     * run as `epaper bench`, so that the warm builds collect their garbage as the function would.
     */
    readonly heapLimitMb: number;
  };
  readonly chromium: { readonly version: string };
  readonly editions: readonly EditionBench[];
  readonly coldStart: {
    readonly mode: ColdStartMode;
    readonly edition: string;
    /** Wall time from spawning `node bin/epaper.js build` to its exit; null when skipped. */
    readonly ms: number | null;
    readonly exitCode: number | null;
  };
  readonly floor: { readonly edition: string; readonly ms: number };
  /** Warm build total / floor, for the comparison edition (about 24 pages). */
  readonly overheadRatio: number;
  /** Cost per page of the largest edition over that of the comparison edition. */
  readonly costPerPageRatio: number;
  readonly peer: {
    readonly name: string;
    readonly edition: string;
    /** Load, Paged.js layout and print, ms; null when skipped or failed. */
    readonly ms: number | null;
    readonly pages: number | null;
    readonly pdfBytes: number | null;
    /** Peer time / our warm build of the same edition (above 1: we are faster). */
    readonly ratio: number | null;
    /** Peer time / our floor for the same edition (see PeerRun.floorRatio). */
    readonly floorRatio: number | null;
    readonly error: string | null;
  };
  /** The peer on every edition, smallest first (`peer` above is the comparison edition's). */
  readonly peers: readonly PeerRun[];
  /** First compose in fresh processes (bin/bench-scale.ts); null when skipped. */
  readonly coldCompose: ColdComposeReport | null;
  /** The 600-article edition and the consecutive warm builds; null when skipped. */
  readonly scale: ScaleReport | null;
  /** Whole processes (issue 15, item 4); null when skipped. */
  readonly process: ProcessBench | null;
  /** process.ratio: a fresh `epaper build` over a plain script printing its edition.html. */
  readonly processRatio: number | null;
  /** The render Lambda's cold start (issue 15, item 3); null fields and an error when skipped or failed. */
  readonly lambda: (LambdaColdStart & { readonly error: null }) | { readonly error: string };
  /** Lambda cost of one edition (issue 15, item 6). */
  readonly cost: LambdaCostReport;
  readonly targets: readonly TargetCheck[];
  readonly benchMs: number;
}

export interface TargetCheck {
  readonly name: string;
  readonly limit: string;
  readonly measured: string;
  readonly pass: boolean | null;
}

const quietLogger: Logger = { info: () => {}, warn: () => {} };

/**
 * How many times each side of processRatio runs, alternating build and plain print; the ratio is
 * of the two medians. Five, not three: the plain print script alone varies by a tenth from run to
 * run (0.99–1.11 s on an idle machine, 1.07–1.51 s within one bench run on a busy one), and with
 * three runs one slow or fast print was enough to move its median.
 */
const PROCESS_RUNS = 5;

/**
 * A renderer that remembers what the last build printed (every part of a large edition: a build
 * calls prepare() first), so the floor can print the very same documents.
 */
class RecordingRenderer implements Renderer {
  printed: { html: string; assets: ReadonlyMap<string, Asset>; options: RenderOptions }[] = [];
  constructor(private readonly inner: Renderer) {}
  get concurrentRenders(): number | undefined {
    return this.inner.concurrentRenders;
  }
  get servesPendingAssets(): boolean | undefined {
    return this.inner.servesPendingAssets;
  }
  prepare(): void {
    this.printed = [];
    this.inner.prepare?.();
  }
  render(html: string, assets: ReadonlyMap<string, Asset>, options: RenderOptions): Promise<RenderResult> {
    this.printed.push({ html, assets, options });
    return this.inner.render(html, assets, options);
  }
  async settle(): Promise<void> {
    await this.inner.settle?.();
  }
}

/** Samples memory while `work` runs; the /proc scan is slow enough that 100 ms is plenty. */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; peakTotal: number; peakNode: number }> {
  let peakTotal = 0;
  let peakNode = 0;
  let sampling = true;
  const sample = async () => {
    peakNode = Math.max(peakNode, process.memoryUsage.rss());
    peakTotal = Math.max(peakTotal, await processTreeMemoryBytes());
  };
  const sampler = (async () => {
    while (sampling) {
      await sample();
      await new Promise((done) => setTimeout(done, 100));
    }
  })();
  try {
    const result = await work();
    await sample();
    return { result, peakTotal, peakNode };
  } finally {
    sampling = false;
    await sampler;
  }
}

/**
 * A full garbage collection on demand, for the bench's retained-memory measure only: the process
 * was not started with --expose-gc, so the flag is set now and `gc` taken from a fresh context
 * (V8 installs it in contexts created after the flag). Null where that does not work.
 */
function fullCollection(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => (gc as () => void)() : null;
  } catch {
    return null;
  }
}

/** Node's live heap and Chromium's memory after two full collections, with the renderer's pages handed back. */
function retainedMemoryOf(renderer: RecordingRenderer): (() => Promise<RetainedMemory>) | undefined {
  const collect = fullCollection();
  if (!collect) return undefined;
  return async () => {
    await renderer.settle();
    // Twice: the first collection runs the finalizers that free what the second one takes.
    collect();
    collect();
    return { heapBytes: process.memoryUsage().heapUsed, chromiumBytes: await processTreeMemoryBytes({ includeSelf: false }) };
  };
}

/**
 * One build of the edition in `dir`. `images` is what remembers photos (probes, fits) across builds:
 * the render Lambda's builder keeps one for its process (lambdas/adapters/edition-builder.ts), and
 * the bench gives a build of new content a new one (bin/bench-plan.ts), since one shared by the
 * whole bench had a repeated build find every photo fitted.
 */
async function buildOnce(dir: string, renderer: Renderer, resources: EditionResources, images: SharpImages): Promise<BuiltEdition> {
  const outcome = await buildEdition({
    source: new FsInputSource(dir),
    renderer,
    images,
    resources,
    logger: quietLogger,
    now: () => new Date(),
  })({});
  if (!outcome.ok) throw new Error(`bench: the generated edition in ${dir} did not build: ${outcome.reason}`);
  return outcome.edition;
}

function pagesWithPhotos(edition: BuiltEdition, generated: GeneratedEdition): number {
  const photoSlugs = new Set(generated.articles.filter((a) => a.hasPhoto).map((a) => a.slug));
  return edition.manifest.pages.filter((p) => p.articles.some((slug) => photoSlugs.has(slug))).length;
}

/** Spawns a fresh `epaper build` and times it to exit, with Chromium unpacked from scratch. */
async function timeColdStart(inputDir: string, outDir: string, mode: ColdStartMode, log: (line: string) => void): Promise<{ ms: number | null; exitCode: number | null }> {
  if (mode === 'skip') return { ms: null, exitCode: null };
  const env = { ...process.env };
  let privateTemp: string | undefined;
  if (mode === 'isolated') {
    privateTemp = await mkdtemp(join(tmpdir(), 'epaper-cold-'));
    env.TMPDIR = privateTemp;
    // tsx keeps its compiled-TypeScript cache in the temp folder too. A Lambda runs bundled JavaScript,
    // so the cold start we mean is Chromium's; share the compile cache rather than time tsx compiling.
    const tsxCache = join(tmpdir(), `tsx-${process.getuid?.() ?? ''}`);
    if (existsSync(tsxCache)) await symlink(tsxCache, join(privateTemp, basename(tsxCache)));
  } else {
    // What @sparticuz/chromium 147 inflates into the temp folder (swiftshader lands at its top level).
    const temp = tmpdir();
    for (const name of ['chromium', 'fonts', 'al2023', 'swiftshader', 'libEGL.so', 'libGLESv2.so', 'libvk_swiftshader.so', 'libvulkan.so.1', 'vk_swiftshader_icd.json']) {
      await rm(join(temp, name), { recursive: true, force: true });
    }
  }
  log(`cold start (${mode}): epaper build ${inputDir}`);
  const started = performance.now();
  const exitCode = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'epaper.js'), 'build', inputDir, '--out', outDir], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) log(`cold start exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
      done(code);
    });
  });
  const ms = round(performance.now() - started);
  if (privateTemp) await rm(privateTemp, { recursive: true, force: true });
  return { ms: exitCode === 0 ? ms : null, exitCode };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function contentTypeOf(path: string): string {
  if (/\.png$/i.test(path)) return 'image/png';
  if (/\.webp$/i.test(path)) return 'image/webp';
  return 'image/jpeg';
}

/**
 * The peer's input: the same articles as one plain HTML document with a conventional print
 * stylesheet (CSS columns, hyphenation by the browser), as a newsroom would write without a typesetter.
 */
async function peerDocument(generated: GeneratedEdition, resources: EditionResources): Promise<{ html: string; files: Map<string, Asset> }> {
  const files = new Map<string, Asset>();
  const articles: Article[] = [];
  for (const item of generated.articles) {
    const outcome = parseArticle(item.file, await readFile(join(generated.dir, item.file)));
    if (outcome.ok) articles.push(outcome.article);
  }
  const order = [...CONFIGURED_SECTIONS] as string[];
  const rank = (section: string) => (order.includes(section) ? order.indexOf(section) : order.length);
  articles.sort((a, b) => rank(a.section) - rank(b.section) || a.section.localeCompare(b.section) || a.priority - b.priority || a.slug.localeCompare(b.slug));
  const lead = articles.find((a) => a.priority === 1);
  const ordered = lead ? [lead, ...articles.filter((a) => a !== lead)] : articles;

  const faces: Array<[string, string, number, string]> = [
    ['Body', 'serif-regular', 400, 'normal'],
    ['Body', 'serif-italic', 400, 'italic'],
    ['Body', 'serif-bold', 700, 'normal'],
    ['Display', 'display-bold', 700, 'normal'],
  ];
  const fontFaces = faces
    .filter(([, key]) => resources.fonts.has(key) && key in FONT_FILES)
    .map(([family, key, weight, style]) => {
      files.set(`fonts/${key}.ttf`, { contentType: 'font/ttf', body: resources.fonts.get(key)! });
      return `@font-face { font-family: ${family}; src: url(fonts/${key}.ttf); font-weight: ${weight}; font-style: ${style}; }`;
    })
    .join('\n');

  let section = '';
  const parts: string[] = [];
  for (const article of ordered) {
    const sectionName = article === lead ? 'Front' : article.section;
    if (sectionName !== section) {
      if (section) parts.push('</section>');
      parts.push(`<section class="section"><h1 class="section-name">${escapeHtml(sectionName)}</h1>`);
      section = sectionName;
    }
    const figureRefs: string[] = [];
    const body = article.body
      .map((block) => {
        if (block.kind === 'crosshead') return `<h3>${escapeHtml(block.text)}</h3>`;
        if (block.kind === 'figure') {
          figureRefs.push(block.ref);
          return `<figure class="inline"><img src="photos/${escapeHtml(block.ref)}" alt=""><figcaption>${escapeHtml(block.caption ?? '')} ${escapeHtml(block.credit ?? '')}</figcaption></figure>`;
        }
        if (block.kind === 'table') return `<table>${block.rows.map((row) => `<tr>${row.cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('')}</table>`;
        const runs = block.runs.map((r) => {
          const text = escapeHtml(r.text).replaceAll(LINE_BREAK, '<br>');
          return r.bold ? `<b>${text}</b>` : r.italic ? `<i>${text}</i>` : text;
        });
        return block.kind === 'quotation' ? `<blockquote>${runs.join('')}</blockquote>` : `<p>${runs.join('')}</p>`;
      })
      .join('\n');
    for (const ref of figureRefs) {
      const path = join(generated.dir, ref);
      if (existsSync(path)) files.set(`photos/${ref}`, { contentType: contentTypeOf(path), body: await readFile(path) });
    }
    let figure = '';
    if (article.image) {
      const path = join(generated.dir, article.image.ref);
      if (existsSync(path)) {
        files.set(`photos/${article.image.ref}`, { contentType: contentTypeOf(path), body: await readFile(path) });
        figure = `<figure><img src="photos/${escapeHtml(article.image.ref)}" alt=""><figcaption>${escapeHtml(article.image.caption ?? '')} ${escapeHtml(article.image.credit ?? '')}</figcaption></figure>`;
      }
    }
    parts.push(
      `<article class="${article === lead ? 'lead' : `p${article.priority}`}"><h2>${escapeHtml(article.headline)}</h2>` +
        (article.standfirst ? `<p class="standfirst">${escapeHtml(article.standfirst)}</p>` : '') +
        (article.byline ? `<p class="byline">${escapeHtml(article.byline)}</p>` : '') +
        `${figure}<div class="text">${body}</div></article>`,
    );
  }
  if (section) parts.push('</section>');

  const css = `${fontFaces}
@page { size: 315mm 470mm; margin: 14mm 12mm 16mm;
  @bottom-center { content: "The Hà Nội Herald · page " counter(page); font: 7pt Body; } }
html { font: 9pt/11pt Body, serif; }
body { margin: 0; }
section.section { break-before: page; }
h1.section-name { font: 700 14pt Display; border-bottom: 1pt solid #000; margin: 0 0 4mm; }
article { margin: 0 0 6mm; padding-bottom: 4mm; border-bottom: 0.5pt solid #000; }
article h2 { font: 700 22pt/1.1 Display; margin: 0 0 2mm; }
article.lead h2 { font-size: 48pt; }
article.p5 h2 { font-size: 12pt; }
.standfirst { font-size: 12pt; line-height: 1.25; margin: 0 0 2mm; text-indent: 0; }
.byline { font-weight: 700; font-size: 8pt; margin: 0 0 2mm; text-indent: 0; }
figure { margin: 0 0 3mm; }
figure img { width: 100%; max-height: 180mm; object-fit: cover; display: block; }
figcaption { font-size: 7.5pt; }
.text { columns: 5; column-gap: 4.5mm; }
.text p { margin: 0; text-align: justify; hyphens: auto; text-indent: 1em; orphans: 2; widows: 2; }
.text p:first-child, .text h3 + p { text-indent: 0; }
.text h3 { font: 700 9pt/11pt Body; margin: 5.5pt 0 0; break-after: avoid; }
.text blockquote { margin: 0 1em; text-align: justify; hyphens: auto; orphans: 2; widows: 2; }`;

  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Peer edition</title>
<style>${css}</style>
<script>window.PagedConfig = { auto: true, after: (flow) => { window.__pagedDone = flow ? flow.total : -1; } };</script>
<script src="paged.polyfill.js"></script>
</head><body>
${parts.join('\n')}
</body></html>`;
  return { html, files };
}

/** The peer: a plain page (JavaScript on, which Paged.js needs) in its own browser of the same build. */
async function runPeer(generated: GeneratedEdition, resources: EditionResources): Promise<{ ms: number; pages: number; pdfBytes: number }> {
  const { html, files } = await peerDocument(generated, resources);
  files.set('paged.polyfill.js', {
    contentType: 'text/javascript',
    body: await readFile(join(REPO_ROOT, 'node_modules', 'pagedjs', 'dist', 'paged.polyfill.js')),
  });
  const origin = 'https://peer.invalid';
  const browser: Browser = await puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: sealedLaunchArgs(chromium.args),
    headless: 'shell',
    defaultViewport: null,
    // Over a pipe, as epaper's renderer talks to Chromium (the command carries no WebSocket client).
    pipe: true,
  });
  try {
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      const url = request.url();
      if (url === `${origin}/index.html`) {
        void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
        return;
      }
      const key = url.startsWith(`${origin}/`) ? decodeURIComponent(url.slice(origin.length + 1)) : undefined;
      const file = key === undefined ? undefined : files.get(key);
      if (file) void request.respond({ status: 200, contentType: file.contentType, body: Buffer.from(file.body) });
      else void request.abort('blockedbyclient');
    });
    const started = performance.now();
    await page.goto(`${origin}/index.html`, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction('window.__pagedDone !== undefined', { timeout: 170_000, polling: 100 });
    const pages = Number(await page.evaluate('window.__pagedDone'));
    // The print options our renderer uses: untagged, no outline. Chromium's default tagged print
    // builds a structure tree (the large edition's peer: 7.8 s against 3.9 s untagged in one pair
    // of runs on a loaded machine, 5.1 MB against 3.7 MB), which would time the tagging, not the engines.
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: false, outline: false, timeout: 120_000 });
    const ms = round(performance.now() - started);
    return { ms, pages, pdfBytes: pdf.byteLength };
  } finally {
    await browser.close();
  }
}

function check(name: string, limit: string, measured: string, pass: boolean | null): TargetCheck {
  return { name, limit, measured, pass };
}

/** Runs the suite, prints a table (or JSON with --json) and returns the report. */
export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const benchStarted = performance.now();
  const log = opts.log ?? ((line: string) => process.stderr.write(`bench: ${line}\n`));
  const sizes = opts.sizes ?? REFERENCE_SIZES;
  if (sizes.length === 0) throw new Error('bench: no edition sizes to run');
  const comparisonName = opts.comparisonSize ?? (sizes[1] ?? sizes[0]).name;
  const coldName = opts.coldStartSize ?? sizes[0].name;
  const workDir = opts.out ? resolve(opts.out) : await mkdtemp(join(tmpdir(), 'epaper-bench-'));
  await mkdir(workDir, { recursive: true });

  try {
    const resources = await loadEditionResources();
    // As the CLI prints: a long edition's parts side by side, a browser per core.
    const renderer = new RecordingRenderer(new ChromiumRenderer({ browsers: parallelPrintsHere() }));
    const editions: EditionBench[] = [];
    const generatedByName = new Map<string, GeneratedEdition>();

    // What each build is of, and with which photo caches (bin/bench-plan.ts); the scale edition,
    // built after these, is kept out of the other seeds so that its first build is new too.
    const scaleOptions = opts.scale === false ? undefined : (opts.scale ?? {});
    const scaleEdition = scaleOptions && (scaleOptions.edition ?? SCALE_EDITION);
    const plan = benchBuildPlan(sizes, scaleEdition ? [scaleEdition] : []);
    // The size's own edition keeps its folder's name (`--out` keeps it); the others are named by seed.
    const dirOf = (size: BenchSize, input: BenchInput) => join(workDir, 'inputs', input.seed === size.seed ? size.name : `${size.name}-seed-${input.seed}`);
    const coldComposeEdition = opts.coldCompose === false ? undefined : (opts.coldCompose?.edition ?? COLD_COMPOSE_EDITION);
    const coldComposeRuns = (opts.coldCompose === false ? undefined : opts.coldCompose?.runs) ?? SCALE_POLICY.coldComposeRuns;
    const processEdition = (opts.process ?? true) ? (opts.processEdition ?? PROCESS_EDITION) : undefined;
    const inputDir = (name: string) => join(workDir, 'inputs', name);
    // Every edition the run builds, generated before the first build, in one child process: a
    // process each cost a Node and tsx start-up apiece (nine in the tests' run of the bench).
    const toGenerate = new Map<string, GenerateEditionOptions>();
    for (const size of sizes) {
      for (const { input } of plan.filter((build) => build.size === size.name)) if (!toGenerate.has(dirOf(size, input))) toGenerate.set(dirOf(size, input), input);
    }
    if (coldComposeEdition) toGenerate.set(inputDir(coldComposeEdition.name), coldComposeEdition);
    if (scaleEdition) toGenerate.set(inputDir(scaleEdition.name), scaleEdition);
    if (processEdition) toGenerate.set(inputDir(PROCESS_EDITION.name), processEdition);
    for (const dir of toGenerate.keys()) await rm(dir, { recursive: true, force: true });
    const generatedIn = new Map<string, GeneratedEdition>();
    const generatedAll = await generateAllInChildProcess([...toGenerate].map(([dir, options]) => ({ dir, options })));
    [...toGenerate.keys()].forEach((dir, i) => generatedIn.set(dir, generatedAll[i]));
    for (const size of sizes) {
      const builds = plan.filter((build) => build.size === size.name);
      const seedOf = (role: BenchBuildRole) => builds.find((build) => build.role === role)?.input.seed ?? 1;
      const dir = dirOf(size, size);
      const generated = generatedIn.get(dir)!;
      generatedByName.set(size.name, generated);
      log(
        `${size.name}: ${generated.articles.length} articles generated; building a warm-up edition (seed ${seedOf('warm-up')}), ` +
          `the edition (seed ${seedOf('timed')}) timed as new content, again unchanged (rebuild), and another (seed ${seedOf('memory')}) for its peak memory`,
      );

      let images = new SharpImages();
      let firstRunTotalMs = 0;
      let timed: Omit<EditionBench, 'rebuild' | 'peakRssMb' | 'memoryBuildPages' | 'peakNodeRssMb' | 'maxRssMb' | 'maxRssScope'> | undefined;
      let rebuild: EditionBench['rebuild'] | undefined;
      let memory: Pick<EditionBench, 'peakRssMb' | 'memoryBuildPages' | 'peakNodeRssMb' | 'maxRssMb' | 'maxRssScope'> | undefined;
      for (const build of builds) {
        if (build.freshImages) images = new SharpImages();
        const buildDir = dirOf(size, build.input);
        await renderer.settle();
        switch (build.role) {
          case 'warm-up': {
            // Only its time is kept: its edition (PDF, HTML, photos) would otherwise still be held
            // while the next builds run.
            firstRunTotalMs = (await buildOnce(buildDir, renderer, resources, images)).timings.total ?? 0;
            break;
          }
          case 'timed': {
            // Timed on its own, and its peak memory measured on another build: the sampler reads
            // every process's memory map ten times a second, which took the large edition's build
            // 150-390 ms longer (3.0-3.2 s unsampled, 3.3-3.4 s sampled), and neither the floor
            // nor the peer runs under it.
            let edition: BuiltEdition | undefined = await buildOnce(buildDir, renderer, resources, images);
            let printed = [...renderer.printed];
            // The floor: the very documents just printed, loaded from memory and printed again,
            // nothing else, as many at once as the build printed them, from a renderer at rest as
            // the build was.
            await renderer.settle();
            const floorStarted = performance.now();
            // Each part's page handed back before or after its render returns, or kept for the next
            // part, as the build's was; the pages kept are handed back after the floor's time is
            // taken (the build hands them back beside its join, which the floor does not do).
            await mapLimited(printed, renderer.concurrentRenders ?? 1, (part) =>
              renderer.render(part.html, part.assets, {
                widthMm: part.options.widthMm,
                heightMm: part.options.heightMm,
                releaseAfterReturn: part.options.releaseAfterReturn,
                moreToFollow: part.options.moreToFollow,
              }),
            );
            const floorMs = round(performance.now() - floorStarted);
            const pages = edition.manifest.pageCount;
            const photoPages = pagesWithPhotos(edition, generated);
            const totalMs = edition.timings.total ?? 0;
            timed = {
              name: size.name,
              targetPages: size.targetPages,
              articles: generated.articles.length,
              photos: generated.articles.filter((a) => a.hasPhoto).length,
              words: generated.articles.reduce((sum, a) => sum + a.words, 0),
              pages,
              pagesWithPhotos: photoPages,
              pdfBytes: edition.pdf.byteLength,
              pdfBytesPerPage: round(edition.pdf.byteLength / Math.max(1, pages)),
              pdfBudgetBytes: (pages - photoPages) * 150 * 1024 + photoPages * 400 * 1024,
              parseMs: edition.timings.parse ?? 0,
              composeMs: edition.timings.compose ?? 0,
              photosMs: edition.timings.photos ?? 0,
              renderMs: edition.timings.render ?? 0,
              postprocessMs: edition.timings.postprocess ?? 0,
              totalMs,
              msPerPage: round(totalMs / Math.max(1, pages), 1),
              firstRunTotalMs,
              seed: seedOf('timed'),
              warmUpSeed: seedOf('warm-up'),
              memorySeed: seedOf('memory'),
              floorMs,
              overheadRatio: round(totalMs / Math.max(1, floorMs), 2),
              materialMs: edition.timings.material ?? 0,
              planMs: edition.timings.plan ?? 0,
              plannerShareOfCompose: plannerShare(edition.timings, 'compose'),
              plannerShareOfBuild: plannerShare(edition.timings, 'total'),
            };
            if (opts.out) {
              const target = join(workDir, 'editions', size.name);
              await mkdir(target, { recursive: true });
              await writeFile(join(target, 'edition.pdf'), edition.pdf);
              await writeFile(join(target, 'edition.html'), edition.html);
            }
            // Nothing of the timed build is held while the next ones run.
            edition = undefined;
            printed = [];
            break;
          }
          case 'rebuild': {
            const again = await buildOnce(buildDir, renderer, resources, images);
            const totalMs = again.timings.total ?? 0;
            rebuild = {
              parseMs: again.timings.parse ?? 0,
              composeMs: again.timings.compose ?? 0,
              materialMs: again.timings.material ?? 0,
              planMs: again.timings.plan ?? 0,
              photosMs: again.timings.photos ?? 0,
              renderMs: again.timings.render ?? 0,
              totalMs,
              msPerPage: round(totalMs / Math.max(1, again.manifest.pageCount), 1),
            };
            break;
          }
          case 'memory': {
            const perBuild = resetPeakResidentMemory();
            const { result: pages, peakTotal, peakNode } = await withPeakMemory(() => buildOnce(buildDir, renderer, resources, images).then((built) => built.manifest.pageCount));
            memory = {
              peakRssMb: round(peakTotal / MIB),
              memoryBuildPages: pages,
              peakNodeRssMb: round(peakNode / MIB),
              maxRssMb: round(process.resourceUsage().maxRSS / 1024),
              maxRssScope: perBuild ? 'build' : 'process',
            };
            break;
          }
        }
      }
      await renderer.settle();
      if (!timed || !rebuild || !memory) throw new Error(`bench: the plan for ${size.name} left out a build (${builds.map((b) => b.role).join(', ')})`);
      editions.push({ ...timed, rebuild, ...memory });
      log(
        `${size.name}: ${timed.pages} pages in ${timed.totalMs} ms warm, new content (${firstRunTotalMs} ms the warm-up, ${rebuild.totalMs} ms rebuilt unchanged), ` +
          `floor ${timed.floorMs} ms, peak ${memory.peakRssMb} MB`,
      );
    }

    const comparison = editions.find((e) => e.name === comparisonName) ?? editions[0];
    const largest = editions.reduce((a, b) => (b.pages > a.pages ? b : a));

    const peers: PeerRun[] = [];
    for (const edition of editions) {
      if (!(opts.peer ?? true)) break;
      log(`peer: Paged.js on the ${edition.name} edition's articles`);
      try {
        const result = await runPeer(generatedByName.get(edition.name)!, resources);
        peers.push({
          edition: edition.name,
          ...result,
          ratio: round(result.ms / Math.max(1, edition.totalMs), 2),
          floorRatio: round(result.ms / Math.max(1, edition.floorMs), 2),
          error: null,
        });
      } catch (error) {
        peers.push({ edition: edition.name, ms: null, pages: null, pdfBytes: null, ratio: null, floorRatio: null, error: (error as Error).message.split('\n')[0] });
        log(`peer failed on ${edition.name}: ${peers[peers.length - 1].error}`);
      }
    }
    const comparisonPeer = peers.find((p) => p.edition === comparison.name);
    const peer: BenchReport['peer'] = { name: 'pagedjs 0.4.3 polyfill', edition: comparison.name, ms: null, pages: null, pdfBytes: null, ratio: null, floorRatio: null, error: null, ...comparisonPeer };
    const largestPeer = peers.find((p) => p.edition === largest.name);

    let coldCompose: ColdComposeReport | null = null;
    if (coldComposeEdition) {
      coldCompose = await measureColdCompose(coldComposeEdition.name, inputDir(coldComposeEdition.name), coldComposeRuns, log);
    }

    let scale: ScaleReport | null = null;
    if (scaleEdition) {
      // One image processor for the scale run, as a warm render function keeps one for its process.
      const scaleImages = new SharpImages();
      scale = await runScale(
        {
          buildOnce: (input) => buildOnce(input, renderer, resources, scaleImages),
          // Generated with the others, before the first build.
          generate: async (dir) => generatedIn.get(dir)!,
          withPeakMemory,
          retainedMemory: retainedMemoryOf(renderer),
          log,
        },
        {
          dir: inputDir(scaleEdition.name),
          edition: scaleEdition,
          reference: {
            name: comparison.name,
            dir: generatedByName.get(comparison.name)!.dir,
            // Its warm build is its first (new content in the warm process), as the scale edition's is.
            firstBuildMsPerPage: comparison.msPerPage,
            repeatBuildMsPerPage: comparison.rebuild.msPerPage,
          },
          builds: scaleOptions?.builds ?? SCALE_POLICY.warmBuilds,
          flatWindow: SCALE_POLICY.flatWindow,
          retainedBuilds: scaleOptions?.retainedBuilds ?? SCALE_POLICY.retainedBuilds,
        },
      );
    }

    const coldInput = generatedByName.get(coldName) ?? generatedByName.get(sizes[0].name)!;
    const coldMode = opts.coldStart ?? coldStartModeFromEnv();
    const cold = await timeColdStart(coldInput.dir, join(workDir, 'cold-out'), coldMode, log);

    let processBench: ProcessBench | null = null;
    if (processEdition) {
      const dir = inputDir(PROCESS_EDITION.name);
      const generated = generatedIn.get(dir)!;
      log(`process: ${generated.articles.length} articles, epaper build against a plain print script, as whole processes`);
      processBench = await runProcessBench({ inputDir: dir, date: generated.date, outDir: join(workDir, 'process-out'), articles: generated.articles.length, runs: opts.processRuns ?? PROCESS_RUNS, log });
    }

    let lambda: BenchReport['lambda'] = { error: 'skipped' };
    if (opts.lambda ?? true) {
      try {
        lambda = { ...(await runLambdaColdStart({ workDir, asset: opts.lambdaAsset, log, correction: true })), error: null };
      } catch (error) {
        lambda = { error: (error as Error).message.split('\n')[0] };
        log(`lambda failed: ${lambda.error}`);
      }
    }
    const cost = lambdaCost(
      [
        ...('initMs' in lambda ? [{ what: `cold render of the sample edition (${lambda.pages} pages), INIT and handler`, durationMs: lambda.initMs + lambda.invokeMs }] : []),
        { what: `warm build of the ${comparison.name} edition (${comparison.pages} pages, new to the process), without S3`, durationMs: comparison.totalMs },
      ],
      DEFAULT_EPAPER_CONFIG.render.ephemeralStorageMb,
      DEFAULT_EPAPER_CONFIG.render.memoryMb,
    );

    const version = await (async () => {
      try {
        const browser = await puppeteer.launch({ executablePath: await chromium.executablePath(), args: sealedLaunchArgs(chromium.args), headless: 'shell', pipe: true });
        try {
          return await browser.version();
        } finally {
          await browser.close();
        }
      } catch {
        return 'unknown';
      }
    })();

    const costPerPageRatio = round(largest.msPerPage / Math.max(0.1, comparison.msPerPage), 2);
    const targets: TargetCheck[] = [
      check(`warm build, ${comparison.name} (${comparison.pages} pages)`, '≤ 2000 ms', `${comparison.totalMs} ms`, comparison.totalMs <= 2000),
      check('overheadRatio (build / floor)', '≤ 3', String(comparison.overheadRatio), comparison.overheadRatio <= 3),
      check(`cost per page, ${largest.name} / ${comparison.name}`, '≤ 1.25', String(costPerPageRatio), costPerPageRatio <= 1.25),
      check('cold start through the first edition', '≤ 4000 ms', cold.ms === null ? 'not measured' : `${cold.ms} ms`, cold.ms === null ? null : cold.ms <= 4000),
      // Measured on another edition of the size (EditionBench.memorySeed), whose pages it names.
      check(`peak RSS, ${largest.name} (${largest.memoryBuildPages} pages, another edition of its size)`, '≤ 1024 MB', `${largest.peakRssMb} MB`, largest.peakRssMb <= 1024),
      // The page planner's search is the compose step's main cost: it must stay well within a second.
      check(`compose, warm, ${largest.name} (${largest.pages} pages)`, '≤ 1000 ms', `${largest.composeMs} ms`, largest.composeMs <= 1000),
      ...editions.map((e) =>
        check(`PDF size, ${e.name}`, `≤ ${round(e.pdfBudgetBytes / 1024)} KB`, `${round(e.pdfBytes / 1024)} KB`, e.pdfBytes <= e.pdfBudgetBytes),
      ),
      check('processRatio (epaper build / plain print, whole processes)', '≤ 1.5', processBench ? String(processBench.ratio) : 'not measured', processBench ? processBench.ratio <= 1.5 : null),
      check('render Lambda cold start to a published PDF', '≤ 2500 ms', 'toPublishedMs' in lambda ? `${lambda.toPublishedMs} ms` : `not measured (${lambda.error})`, 'toPublishedMs' in lambda ? lambda.toPublishedMs <= 2500 : null),
      // The same work on the deployed function's CPU share: this machine gives it every core.
      check(
        'render Lambda cold start, its CPU on the deployed vCPUs',
        '≤ 2500 ms',
        'cpuMs' in lambda ? `${lambda.deployedFloorMs} ms at least (${lambda.cpuMs} ms of CPU on ${lambda.vcpus} vCPUs)` : `not measured (${lambda.error})`,
        'cpuMs' in lambda ? lambda.deployedFloorMs <= 2500 : null,
      ),
      check('faster than the Paged.js peer', 'ratio > 1', peer.ratio === null ? `not measured${peer.error ? ` (${peer.error})` : ''}` : String(peer.ratio), peer.ratio === null ? null : peer.ratio > 1),
      ...peers.map((p) =>
        check(`Paged.js peer / build, ${p.edition}`, p.edition === largest.name && editions.length > 1 ? '≥ 3' : '> 1', p.ratio === null ? `not measured${p.error ? ` (${p.error})` : ''}` : String(p.ratio), p.ratio === null ? null : p.edition === largest.name && editions.length > 1 ? p.ratio >= 3 : p.ratio > 1),
      ),
      ...(largestPeer || !(opts.peer ?? true) ? [] : [check(`Paged.js peer / build, ${largest.name}`, '≥ 3', 'not measured', null)]),
      check(
        `cold compose, ${coldCompose?.edition ?? COLD_COMPOSE_EDITION.name} (first in a fresh process)`,
        `≤ ${SCALE_POLICY.coldComposeMs} ms`,
        coldCompose ? `${coldCompose.composeMs} ms (planner ${coldCompose.planMs} ms)` : 'not measured',
        coldCompose ? coldCompose.composeMs <= SCALE_POLICY.coldComposeMs : null,
      ),
      check(`peak memory, ${scale?.edition.name ?? SCALE_EDITION.name}${scale ? ` (${scale.edition.pages} pages)` : ''}`, `≤ ${SCALE_POLICY.scalePeakMb} MB`, scale ? `${scale.edition.peakRssMb} MB` : 'not measured', scale ? scale.edition.peakRssMb <= SCALE_POLICY.scalePeakMb : null),
      check(`time per page, ${scale?.edition.name ?? SCALE_EDITION.name} / ${comparison.name}`, `≤ ${SCALE_POLICY.scalePerPageRatio}`, scale ? String(scale.edition.perPageRatio) : 'not measured', scale ? scale.edition.perPageRatio <= SCALE_POLICY.scalePerPageRatio : null),
      check(`warm builds flat: time, last / first ${SCALE_POLICY.flatWindow}`, `≤ ${SCALE_POLICY.warmTimeGrowth}`, scale ? String(scale.warmBuilds.timeGrowth) : 'not measured', scale ? scale.warmBuilds.timeGrowth <= SCALE_POLICY.warmTimeGrowth : null),
      check('warm builds flat: peak memory growth', `≤ ${SCALE_POLICY.warmMemoryGrowthMb} MB`, scale ? `${scale.warmBuilds.memoryGrowthMb} MB` : 'not measured', scale ? scale.warmBuilds.memoryGrowthMb <= SCALE_POLICY.warmMemoryGrowthMb : null),
    ];

    const report: BenchReport = {
      generatedAt: new Date().toISOString(),
      machine: {
        node: process.version,
        platform: process.platform,
        arch: process.arch,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        totalMemoryMb: round(totalmem() / MIB),
        mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? null,
        heapLimitMb: round(getHeapStatistics().heap_size_limit / MIB),
      },
      chromium: { version },
      editions,
      coldStart: { mode: coldMode, edition: coldInput === generatedByName.get(coldName) ? coldName : sizes[0].name, ms: cold.ms, exitCode: cold.exitCode },
      floor: { edition: comparison.name, ms: comparison.floorMs },
      overheadRatio: comparison.overheadRatio,
      costPerPageRatio,
      peer,
      peers,
      coldCompose,
      scale,
      process: processBench,
      processRatio: processBench?.ratio ?? null,
      lambda,
      cost,
      targets,
      benchMs: round(performance.now() - benchStarted),
    };
    if (opts.print ?? true) process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatBenchTable(report));
    return report;
  } finally {
    if (!opts.out) await rm(workDir, { recursive: true, force: true });
  }
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The human-readable form of a report: one table of editions, the yardsticks, the targets. */
export function formatBenchTable(report: BenchReport): string {
  const editions = table(
    ['edition', 'pages', 'parse', 'compose', 'photos', 'render', 'post', 'total ms', 'ms/page', 'floor', 'ratio', 'PDF KB', 'peak RSS MB'],
    report.editions.map((e) => [
      e.name,
      String(e.pages),
      String(e.parseMs),
      String(e.composeMs),
      String(e.photosMs),
      String(e.renderMs),
      String(e.postprocessMs),
      String(e.totalMs),
      String(e.msPerPage),
      String(e.floorMs),
      String(e.overheadRatio),
      String(round(e.pdfBytes / 1024)),
      String(e.peakRssMb),
    ]),
  );
  const yardsticks = [
    'the editions above: each built warm as new content (another edition of its size built before it in this process, nothing of its own typeset or fitted yet)',
    `rebuild (unchanged edition: the same input again, its paragraphs set and photos fitted): ${report.editions.map((e) => `${e.name} ${e.rebuild.totalMs} ms (compose ${e.rebuild.composeMs}, photos ${e.rebuild.photosMs})`).join(', ')}`,
    `peak memory: each edition's from another new edition of its size (${report.editions.map((e) => `${e.name} ${e.memoryBuildPages} pages, Node ${e.maxRssMb} MB${e.maxRssScope === 'build' ? '' : ' (the process\'s lifetime peak)'}`).join('; ')})`,
    `cold start (${report.coldStart.mode}, ${report.coldStart.edition}): ${report.coldStart.ms === null ? 'not measured' : `${report.coldStart.ms} ms`}`,
    `floor (${report.floor.edition}): ${report.floor.ms} ms, overheadRatio ${report.overheadRatio}`,
    `peer ${report.peer.name} (${report.peer.edition}): ${report.peer.ms === null ? `not measured${report.peer.error ? ` (${report.peer.error})` : ''}` : `${report.peer.ms} ms, ${report.peer.pages} pages, ${report.peer.ratio}× our time`}`,
    `cost per page, largest / comparison: ${report.costPerPageRatio}`,
    ...report.peers.map((p) => `peer on ${p.edition}: ${p.ms === null ? `not measured${p.error ? ` (${p.error})` : ''}` : `${p.ms} ms, ${p.pages} pages, ${p.ratio}× our time, ${p.floorRatio}× our floor`}`),
    `planner share of compose (warm): ${report.editions.map((e) => `${e.name} ${round(e.plannerShareOfCompose * 100)}% (${e.planMs} ms; ${round(e.plannerShareOfBuild * 100)}% of the build)`).join(', ')}`,
    report.coldCompose
      ? `cold compose (${report.coldCompose.edition}, ${report.coldCompose.articles} articles, ${report.coldCompose.pages} pages, fresh processes): ${report.coldCompose.composeMsRuns.join(' / ')} ms, median ${report.coldCompose.composeMs} (material ${report.coldCompose.materialMs}, planner ${report.coldCompose.planMs})`
      : 'cold compose: not measured',
    report.scale
      ? `scale (${report.scale.edition.name}): ${report.scale.edition.articles} articles, ${report.scale.edition.pages} pages in ${report.scale.edition.totalMs} ms (${report.scale.edition.msPerPage} ms/page, ${report.scale.edition.perPageRatio}× ${report.scale.edition.referenceEdition}'s first build, ${report.scale.edition.perPageRatioAgainstRepeatBuild}× its repeated one), peak ${report.scale.edition.peakRssMb} MB; ${report.scale.warmBuilds.builds} warm builds of ${report.scale.warmBuilds.edition}: ${report.scale.warmBuilds.totalMs.join(' ')} ms, peaks ${report.scale.warmBuilds.peakRssMb.join(' ')} MB${report.scale.warmBuilds.retained ? `; ${report.scale.warmBuilds.retained.builds} more between two full collections: Node's live heap ${report.scale.warmBuilds.retained.heapMb.join(' → ')} MB, Chromium ${report.scale.warmBuilds.retained.chromiumMb.join(' → ')} MB` : ''}`
      : 'scale: not measured',
    ...formatExtras(report),
  ];
  const targets = table(
    ['target', 'limit', 'measured', 'result'],
    report.targets.map((t) => [t.name, t.limit, t.measured, t.pass === null ? '—' : t.pass ? 'pass' : 'MISS']),
  );
  return `${editions}\n\n${yardsticks.join('\n')}\n\n${targets}\n\n${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}${report.machine.mallocArenaMax ? ` (MALLOC_ARENA_MAX=${report.machine.mallocArenaMax})` : ''}, heap limit ${report.machine.heapLimitMb} MB, Chromium ${report.chromium.version}; bench took ${round(report.benchMs / 1000, 1)} s\n`;
}

/** The whole-process, Lambda and cost lines of the table. */
function formatExtras(report: BenchReport): string[] {
  const lines: string[] = [];
  const p = report.process;
  if (p) {
    lines.push(
      `whole processes (${p.edition}, ${p.articles} articles, ${p.pages} pages, ${p.runs} runs): epaper build ${p.buildMs.median} ms (${p.buildMs.min}–${p.buildMs.max}), plain print ${p.floorMs.median} ms (${p.floorMs.min}–${p.floorMs.max}), processRatio ${p.ratio}`,
    );
    if (p.timeline) {
      const t = p.timeline;
      lines.push(`  build process: start-up ${t.startUpMs}, load ${t.loadMs}, fonts ${t.fontsMs}, parse ${t.parseMs}, compose ${t.composeMs}, render ${t.renderMs}, other ${t.otherBuildMs}, write ${t.writeMs}, exit ${t.exitMs} ms`);
    }
    lines.push(`  starting a command: node alone ${p.startUp.nodeMs} ms, bin/epaper.js ${p.startUp.commandMs} ms, node bin/epaper.js (Node twice) ${p.startUp.relaunchMs} ms`);
  }
  const l = report.lambda;
  if ('toPublishedMs' in l) {
    lines.push(
      `render Lambda, cold (${l.pages} pages, Node ${l.node}): ${l.toPublishedMs} ms to the PDF and ${l.pointer}; init ${l.initMs} ms, handler ${l.invokeMs} ms; bundle ${Math.round(l.bundleBytes / 1024)} KB, asset ${Math.round(l.assetBytes / 1024 / 1024)} MB; peak ${l.peakMb} MB; CPU ${l.cpuMs} ms, at least ${l.deployedFloorMs} ms on the ${l.vcpus} vCPUs of ${l.memoryMb} MB${l.synthMs === null ? '' : `; synth ${Math.round(l.synthMs / 1000)} s`}`,
    );
    if (l.correction) lines.push(`render Lambda, cold, a one-word correction (the first version in the bucket): ${l.correction.toPublishedMs} ms to the PDF and ${l.correction.pointer}; CPU ${l.correction.cpuMs} ms`);
  } else lines.push(`render Lambda, cold: not measured (${l.error})`);
  const c = report.cost;
  for (const e of c.editions) lines.push(`cost, ${e.what}: ${e.durationMs} ms at ${e.memoryMb} MB = $${e.usd.x86_64.toFixed(6)} x86_64 (chosen), $${e.usd.arm64.toFixed(6)} arm64`);
  return lines;
}
