/**
 * The `epaper` command line: `build` (a folder in, an edition out), `dev` (the local cloud),
 * `publish`, `bench` (the performance suite) and `quality` (the page planner over many editions). This is a composition root: it builds adapters and calls use cases.
 */
// First: V8's tiering for a short-lived build process (see the module), before anything else runs.
import '../lambdas/adapters/v8-tiering';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, stat, statfs, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ChromiumRenderer, discardBrowser, killBrowser, parallelPrintsHere } from '../lambdas/adapters/chromium-renderer';
import type { BuiltEdition } from '../lambdas/core/edition';
import { thumbnailPath } from '../lambdas/core/manifest';
import { isIsoDate } from '../lambdas/core/parse/iso-date';
import type { Logger } from '../lambdas/core/ports';
import { terminalText } from '../lib/terminal-text';
import { restartWith } from './restart.js';

const USAGES = {
  build: 'epaper build <dir> [--date YYYY-MM-DD] [--out out/] [--thumbnails]',
  dev: 'epaper dev [--dir .epaper] [--s3-port 4569] [--api-port 8787] [--render-delay 1500]',
  publish: 'epaper publish <date> [--rollback <version> | --withdraw] [--api http://127.0.0.1:8787] [--token-file file | --dir .epaper]',
  bench: 'epaper bench [--json] [--skip-scale] [--runs N]',
  quality: "epaper quality [--sizes 16,30,45] [--seeds 8] [--page-size berliner] [--pull-quotes] [--policy '{\"compactBelowFill\":0}'] [--json]",
} as const;
type Command = keyof typeof USAGES;

const USAGE = `usage:
  ${USAGES.build}
  ${USAGES.dev}
  ${USAGES.publish}
  ${USAGES.bench}
  ${USAGES.quality}
  epaper --help | --version
options for every command: --debug (stack traces on failure), --help`;

/** A mistake in how the command was called: one sentence and the usage line, exit 2. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
  }
}

/** A failure worth one sentence (exit 1), whatever threw underneath. */
class CliFailure extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
  }
}

/** File systems that only look like folders: writing an edition there never makes sense. */
const PSEUDO_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
]);

/**
 * Makes sure `--out` is an ordinary folder we can write to, creating it level by level if needed,
 * and fails in one sentence otherwise. (Node's recursive mkdir loops for ever on a path such as
 * /proc/self/x, so nothing recursive runs before this check has passed.)
 */
export async function prepareOutDir(out: string): Promise<string> {
  const target = resolve(out);
  const missing: string[] = [];
  let existing = target;
  for (;;) {
    const found = await lstat(existing).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new UsageError(`--out ${out}: ${existing} cannot be examined (${error.code ?? error.message}).`, 'build');
    });
    if (found) break;
    const parent = dirname(existing);
    if (parent === existing) throw new UsageError(`--out ${out}: no part of the path exists.`, 'build');
    missing.unshift(existing);
    existing = parent;
  }
  const found = await stat(existing).catch(() => undefined);
  if (!found?.isDirectory()) {
    throw new UsageError(`--out ${out}: ${existing} is ${found ? 'a file, not a folder' : 'a broken link'}; name a folder for the edition.`, 'build');
  }
  const fileSystem = PSEUDO_FILE_SYSTEMS.get(Number((await statfs(existing)).type));
  if (fileSystem) throw new UsageError(`--out ${out}: ${existing} is on the ${fileSystem} pseudo file system, not an ordinary folder.`, 'build');
  for (const level of missing) {
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw new UsageError(`--out ${out}: cannot create ${level} (${error.code ?? error.message}).`, 'build');
    });
  }
  // Writable, really: a probe file, created exclusively and removed.
  const probe = join(target, `.epaper-write-check-${process.pid}`);
  try {
    const handle = await open(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
    await handle.close();
    await unlink(probe);
  } catch (error) {
    throw new UsageError(`--out ${out}: the folder cannot be written to (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, 'build');
  }
  return target;
}

/**
 * parseArgs with its errors turned into one plain sentence each (its own messages are long and
 * name its internals), as usage errors of the command.
 */
function parseCommandArgs<T extends ParseArgsConfig['options']>(command: Command, args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const message = (error as Error).message;
    const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
    const name = quoted.split(' ')[0];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${name}.`, command);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (/does not take an argument/.test(message)) throw new UsageError(`${name} takes no value.`, command);
      throw new UsageError(`${name} needs a value.`, command);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`unexpected argument "${quoted}".`, command);
    throw new UsageError(message.split('\n')[0], command);
  }
}

/**
 * Moments of this run in ms since the process started (performance.now() counts from Node's own
 * start), and the build's steps; printed as one JSON line on stderr when EPAPER_TIMELINE is set, so
 * the bench can say where a whole `epaper build` process spends its time.
 */
const timeline: Record<string, number> = {};
function mark(moment: string): void {
  timeline[moment] = Math.round(performance.now());
}

/**
 * Progress on stderr, so stdout carries only the result; a message names input files, which may
 * hold what a terminal would act on (lib/terminal-text.ts).
 */
const stderrLogger: Logger = {
  info: (message) => process.stderr.write(`epaper: ${terminalText(message)}\n`),
  warn: (message) => process.stderr.write(`epaper: warning: ${terminalText(message)}\n`),
};

/** The calendar day (YYYY-MM-DD) of `moment` in this machine's time zone: a newsroom's "today". */
function localDay(moment: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${moment.getFullYear()}-${two(moment.getMonth() + 1)}-${two(moment.getDate())}`;
}

/**
 * Writes an edition's files as `<out>/<date>/`, whole: they go into a folder beside it, which then
 * takes its place, so the folder is the new edition's files and nothing else (a review of the CLI:
 * written over, it kept the last edition's thumbnails and photos beside the new manifest, and a
 * disk that filled half way left the new edition.html beside the old PDF and manifest), and a run
 * stopped half way leaves the previous edition as it was. Returns the PDF path.
 */
export async function writeEdition(outDir: string, edition: BuiltEdition): Promise<string> {
  const dir = join(outDir, edition.date);
  const staged = join(outDir, `.${edition.date}.partial-${process.pid}`);
  const replaced = join(outDir, `.${edition.date}.replaced-${process.pid}`);
  // What a run killed half way left of this date's folders.
  for (const name of await readdir(outDir).catch(() => [] as string[])) {
    if (name.startsWith(`.${edition.date}.partial-`) || name.startsWith(`.${edition.date}.replaced-`)) await rm(join(outDir, name), { recursive: true, force: true });
  }
  let movedAside = false;
  try {
    await mkdir(staged, { recursive: true });
    for (const [path, asset] of edition.assets) {
      const target = join(staged, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, asset.body);
    }
    for (const [index, png] of edition.thumbnails.entries()) {
      await mkdir(join(staged, 'thumbnails'), { recursive: true });
      await writeFile(join(staged, thumbnailPath(index + 1)), png);
    }
    await writeFile(join(staged, 'edition.html'), edition.html);
    await writeFile(join(staged, 'edition.pdf'), edition.pdf);
    await writeFile(join(staged, 'manifest.json'), `${JSON.stringify(edition.manifest, null, 2)}\n`);
    // Two renames: the old folder aside, the new one in; the old one removed after.
    const previous = await lstat(dir).catch(() => undefined);
    if (previous && !previous.isDirectory()) throw new Error(`${dir} is not a folder; move it away to write the edition there`);
    if (previous) {
      await rename(dir, replaced);
      movedAside = true;
    }
    await rename(staged, dir);
    movedAside = false;
    if (previous) await rm(replaced, { recursive: true, force: true });
  } catch (error) {
    // The previous edition back in its place, if it had been moved aside.
    if (movedAside) await rename(replaced, dir).catch(() => {});
    await rm(staged, { recursive: true, force: true });
    const message = (error as Error).message;
    throw new Error(message.includes(outDir) ? message : `writing ${dir}: ${message}`);
  }
  return join(dir, 'edition.pdf');
}

async function build(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'build',
    args,
    { date: { type: 'string' }, out: { type: 'string', default: 'out' }, thumbnails: { type: 'boolean', default: false } },
    true,
  );
  const inputDir = positionals[0];
  if (!inputDir) throw new UsageError('name the folder that holds the articles.', 'build');
  if (positionals.length > 1) throw new UsageError(`one input folder only; "${positionals[1]}" is one too many.`, 'build');
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
    throw new UsageError(`--date must look like 2019-12-04, not "${values.date}".`, 'build');
  }
  if (values.date !== undefined && !isIsoDate(values.date)) throw new UsageError(`--date ${values.date} is not a day of the calendar.`, 'build');
  const inputStat = await stat(inputDir).catch(() => undefined);
  if (!inputStat?.isDirectory()) throw new UsageError(`"${inputDir}" is not a folder; name the folder that holds the articles.`, 'build');
  const outDir = await prepareOutDir(values.out!);
  const started = performance.now();
  mark('started');
  // On a first run Chromium takes a second or more to unpack, off the main thread: start it before
  // loading the parsers and the typesetter, so that the two overlap.
  // A long edition's parts print side by side, a browser per core (build-edition.ts, PRINT_POLICY).
  const renderer = new ChromiumRenderer({ oneShot: true, browsers: parallelPrintsHere() });
  renderer.prepare();
  const [{ buildEdition }, { FsInputSource }, { loadEditionResources }, { SharpImages }, { formatQuality }] = await Promise.all([
    import('../lambdas/core/build-edition'),
    import('../lambdas/adapters/fs-input-source'),
    import('../lambdas/adapters/resources'),
    import('../lambdas/adapters/sharp-images'),
    import('../lambdas/core/layout/measure'),
  ]);
  mark('loaded');
  const resources = await loadEditionResources();
  mark('fontsRead');
  const outcome = await buildEdition({
    // `--out` inside the input folder (the default `out` of `epaper build .`) is not input.
    source: new FsInputSource(resolve(inputDir), { exclude: resolve(outDir) }),
    renderer,
    images: new SharpImages(),
    resources,
    logger: stderrLogger,
    now: () => new Date(),
  })({ date: values.date, today: localDay(new Date()), thumbnailWidthPx: values.thumbnails ? 300 : undefined });
  mark('built');
  if (!outcome.ok) {
    for (const r of outcome.rejected) process.stderr.write(`epaper: rejected ${terminalText(`${r.file}: ${r.reason}`)}\n`);
    throw new CliFailure(outcome.reason, 'build');
  }
  const { edition } = outcome;
  for (const r of edition.manifest.rejected) stderrLogger.warn(`rejected ${r.file}: ${r.reason}`);
  // A file passed over for its kind is told as such, once (its `ignored: …` warning is the same news).
  const ignored = new Set((edition.manifest.ignored ?? []).map((i) => i.file));
  for (const i of edition.manifest.ignored ?? []) stderrLogger.warn(`ignored ${i.file}: ${i.reason}`);
  for (const w of edition.manifest.warnings) if (!(ignored.has(w.file) && w.message.startsWith('ignored: '))) stderrLogger.warn(`${w.file}: ${w.message}`);
  stderrLogger.info(`rendered ${edition.manifest.pageCount} pages (${(edition.pdf.byteLength / 1024).toFixed(0)} KB)`);
  if (edition.manifest.quality) stderrLogger.info(`quality: ${formatQuality(edition.manifest.quality)}`);
  const pdfPath = await writeEdition(outDir, edition);
  mark('written');
  Object.assign(timeline, { parseMs: edition.timings.parse, composeMs: edition.timings.compose, renderMs: edition.timings.render });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  stderrLogger.info(`wrote ${relative(process.cwd(), dirname(pdfPath)) || '.'}/ in ${seconds} s (parse ${edition.timings.parse} ms, compose ${edition.timings.compose} ms, photos ${edition.timings.photos ?? 0} ms, render ${edition.timings.render} ms; peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`);
  process.stdout.write(`${relative(process.cwd(), pdfPath)}\n`);
  return 0;
}

async function dev(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('dev', args, {
    dir: { type: 'string', default: '.epaper' },
    's3-port': { type: 'string', default: '4569' },
    'api-port': { type: 'string', default: '8787' },
    'render-delay': { type: 'string', default: '1500' },
  });
  const port = (name: 's3-port' | 'api-port') => {
    const text = values[name]!;
    const value = Number(text);
    // 0 asks the system for a free port; the ready line names the one it gave.
    if (!/^\d+$/.test(text) || value > 65535) throw new UsageError(`--${name} must be a port number from 0 (any free port) to 65535, not "${text}".`, 'dev');
    return value;
  };
  // How long the local cloud waits after an upload before it renders, so a burst renders once.
  const delayText = values['render-delay']!;
  if (!/^\d+$/.test(delayText) || Number(delayText) > 600_000) throw new UsageError(`--render-delay must be milliseconds from 0 to 600000, not "${delayText}".`, 'dev');
  const { startDevCloud, DevStartFailure } = await import('./dev');
  const cloud = await startDevCloud({ dir: resolve(values.dir!), s3Port: port('s3-port'), apiPort: port('api-port'), renderDelayMs: Number(delayText) }).catch((error: unknown) => {
    // A taken port, a folder in use or not writable: the sentence says what to do, no --debug needed.
    throw error instanceof DevStartFailure ? new CliFailure(error.message, 'dev') : error;
  });
  await new Promise<void>((done) => {
    const stop = () => void cloud.stop().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // A closed terminal too: without it, SIGHUP killed dev at once (exit 129), its uploads' partial
    // files and Chromium's profile left for the next start (a review of the CLI).
    process.once('SIGHUP', stop);
  });
  return 0;
}

/**
 * Publishes a date's proof (or rolls it back to an earlier version, or withdraws the published
 * edition) through the API, as an editor:
 * the token comes from --token-file, else EPAPER_TOKEN, else the dev editor token in --dir.
 */
async function publish(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'publish',
    args,
    {
      api: { type: 'string', default: 'http://127.0.0.1:8787' },
      'token-file': { type: 'string' },
      dir: { type: 'string', default: '.epaper' },
      rollback: { type: 'string' },
      withdraw: { type: 'boolean', default: false },
    },
    true,
  );
  const [date, ...extra] = positionals;
  if (!date) throw new UsageError('name the edition date to publish.', 'publish');
  if (extra.length) throw new UsageError(`one date at a time, not "${extra.join(' ')}".`, 'publish');
  if (!isIsoDate(date)) throw new UsageError(`"${date}" is not a date like 2026-11-28.`, 'publish');
  let api: URL;
  try {
    api = new URL(values.api!);
  } catch {
    throw new UsageError(`--api ${values.api} is not a URL.`, 'publish');
  }
  // An empty --rollback (a script's "$OLD" unset) is a mistake, never a publish: it sent out the
  // pending proof, the opposite of what was asked (a review of the CLI).
  if (values.rollback !== undefined && values.rollback.trim() === '') throw new UsageError('--rollback needs the fingerprint of the version to publish again.', 'publish');
  // One act at a time: a rollback publishes, a withdrawal takes the edition away.
  if (values.withdraw && values.rollback !== undefined) throw new UsageError('--withdraw takes the edition away and --rollback publishes a version: ask for one of them.', 'publish');
  const { readFile } = await import('node:fs/promises');
  const tokenFile = values['token-file'] ?? (process.env.EPAPER_TOKEN ? undefined : join(values.dir!, 'dev-editor-token'));
  let token = process.env.EPAPER_TOKEN?.trim() ?? '';
  if (tokenFile) {
    token = await readFile(tokenFile, 'utf8').then(
      (text) => text.trim(),
      () => {
        throw new CliFailure(`no editor token: ${tokenFile} cannot be read (pass --token-file, set EPAPER_TOKEN, or start epaper dev with --dir)`, 'publish');
      },
    );
  }
  if (!token) throw new CliFailure(`no editor token: ${tokenFile ?? 'EPAPER_TOKEN'} is empty`, 'publish');
  // The desk shows a version by its first twelve characters, and an editor copies those: a
  // shorter fingerprint names the one version of the date it begins (it answered "no complete
  // version d4c5f2b6933b", of a version standing there).
  const rollback = values.rollback === undefined ? undefined : await versionNamed(api, token, date, values.rollback.trim());
  const path = values.withdraw
    ? `editions/${date}/withdraw`
    : rollback !== undefined
      ? `editions/${date}/rollback?version=${encodeURIComponent(rollback)}`
      : `editions/${date}/publish`;
  const response = await fetch(apiUrl(api, path), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    // An API that takes the connection and never answers held the command for minutes (a review
    // of the CLI); a publish verifies a version's PDF and writes four objects: seconds.
    signal: AbortSignal.timeout(PUBLISH_TIMEOUT_MS),
  }).catch((error: Error) => {
    const why = error.name === 'TimeoutError' ? `no answer within ${PUBLISH_TIMEOUT_MS / 1000} s` : error.message;
    throw new CliFailure(`the API at ${api.href} did not answer (${why})`, 'publish');
  });
  const body = (await response.json().catch(() => ({}))) as {
    kind?: string;
    message?: string;
    fingerprint?: string;
    changedArticles?: string[];
    articleChanges?: { corrected: string[]; added: string[]; removed: string[] };
    pageChanges?: import('../lambdas/core/page-changes').PageChanges;
  };
  if (!response.ok) throw new CliFailure(body.message ?? `the API answered ${response.status}`, 'publish');
  const changes = body.articleChanges;
  const changed = changes
    ? ([['corrected', changes.corrected], ['added', changes.added], ['removed', changes.removed]] as const)
        .filter(([, slugs]) => slugs.length > 0)
        .map(([kind, slugs]) => `; ${kind}: ${slugs.join(', ')}`)
        .join('')
    : body.changedArticles?.length
      ? `; changed: ${body.changedArticles.join(', ')}`
      : '';
  // Which pages to look at again, and which subscribers find changed (82nd round).
  const { pageChangesText } = await import('../lambdas/core/page-changes');
  const pages = body.pageChanges ? pageChangesText(body.pageChanges) : '';
  process.stderr.write(`epaper: ${date}: ${body.kind}${body.fingerprint ? ` (version ${body.fingerprint})` : ''}${changed}${pages ? `; ${pages}` : ''}\n`);
  process.stdout.write(`${JSON.stringify(body)}\n`);
  return 0;
}

/** `path` under the API's address. */
function apiUrl(api: URL, path: string): URL {
  return new URL(path, api.href.endsWith('/') ? api : `${api.href}/`);
}

/** A whole fingerprint, as the API takes one. */
const WHOLE_FINGERPRINT = /^[0-9a-f]{32}$/;

/**
 * The fingerprint of the date's version that `given` names: itself when whole, else the one
 * version (the editors' view of the date lists them all) whose fingerprint begins with it; none,
 * or several, is a failure that names the versions published so far.
 */
async function versionNamed(api: URL, token: string, date: string, given: string): Promise<string> {
  if (WHOLE_FINGERPRINT.test(given)) return given;
  const response = await fetch(apiUrl(api, `editions/${date}`), {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    signal: AbortSignal.timeout(PUBLISH_TIMEOUT_MS),
  }).catch((error: Error) => {
    throw new CliFailure(`the API at ${api.href} did not answer (${error.name === 'TimeoutError' ? `no answer within ${PUBLISH_TIMEOUT_MS / 1000} s` : error.message})`, 'publish');
  });
  const body = (await response.json().catch(() => ({}))) as { message?: string; versions?: { fingerprint: string; published?: boolean; publishedAt?: string[] }[] };
  if (!response.ok) throw new CliFailure(body.message ?? `the API answered ${response.status} for ${date}`, 'publish');
  const versions = body.versions ?? [];
  const matching = versions.filter((v) => v.fingerprint.toLowerCase().startsWith(given.toLowerCase()));
  if (matching.length === 1) return matching[0].fingerprint;
  const short = (fingerprint: string) => fingerprint.slice(0, 12);
  if (matching.length > 1) throw new CliFailure(`"${given}" begins ${matching.length} versions of ${date} (${matching.map((v) => short(v.fingerprint)).join(', ')}): give more of the fingerprint`, 'publish');
  const published = versions
    .filter((v) => (v.publishedAt ?? []).length > 0)
    .sort((a, b) => (a.publishedAt!.at(-1)! < b.publishedAt!.at(-1)! ? -1 : 1))
    .map((v) => `${short(v.fingerprint)} (published ${v.publishedAt!.at(-1)}${v.published ? ', served now' : ''})`);
  throw new CliFailure(`${date} has no version whose fingerprint begins "${given}"${published.length ? `; its published versions: ${published.join(', ')}` : '; none of its versions was ever published'}`, 'publish');
}

async function bench(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('bench', args, { json: { type: 'boolean', default: false }, 'skip-scale': { type: 'boolean', default: false }, runs: { type: 'string', default: '1' } });
  const runs = Number(values.runs);
  if (!/^\d+$/.test(values.runs!) || runs < 1 || runs > 20) throw new UsageError(`--runs must be a whole number from 1 to 20, not "${values.runs}".`, 'bench');
  const { DEFAULT_EPAPER_CONFIG } = await import('../lib/config');
  const { heapLimitFlag, renderHeapLimitMb } = await import('../lib/render-memory');
  // The warm builds stand for a warm render function, whose heap limit its NODE_OPTIONS sets
  // (lib/render-memory.ts): V8 lets the old generation grow the more before collecting it the
  // higher the limit, so under a larger machine's default the same builds peaked higher and rising.
  if (!heapLimitGiven()) return restartWith({ nodeArgs: [heapLimitFlag(renderHeapLimitMb(DEFAULT_EPAPER_CONFIG.render.memoryMb))] });
  const { runBench } = await import('./bench');
  // --skip-scale leaves out the 600-article edition and the 20 warm builds (about a minute).
  const scale = values['skip-scale'] ? { scale: false as const } : {};
  if (runs === 1) {
    // A run that `--runs` started in a process of its own is handed the render function's bundle
    // (synthesized once for every run), or told to skip the Lambda cold start ("none").
    const asset = process.env.EPAPER_BENCH_LAMBDA_ASSET;
    const lambda = asset === undefined || asset === '' ? {} : asset === 'none' ? { lambda: false } : { lambdaAsset: asset };
    await runBench({ json: values.json!, ...scale, ...lambda });
    return 0;
  }
  // N runs, each in a process of its own, summed up as ranges (the README's table); the render
  // function is bundled once. In one process (until the seventy-second round) the second and later
  // runs found the code compiled and the last run's caches full, and their maxRssMb held its peaks.
  const [{ benchRanges, formatBenchRanges, runBenchInFreshProcess }, { synthRenderAsset }, { mkdtemp, rm }, { tmpdir }] = await Promise.all([
    import('./bench-runs'),
    import('./bench-lambda'),
    import('node:fs/promises'),
    import('node:os'),
  ]);
  const synthDir = await mkdtemp(join(tmpdir(), 'epaper-bench-synth-'));
  try {
    process.stderr.write('bench: cdk synth EpaperPipeline (the render function, bundled once for every run)\n');
    const lambdaAsset = await synthRenderAsset(synthDir).catch((error: Error) => {
      process.stderr.write(`bench: synth failed, the Lambda cold start is skipped: ${error.message.split('\n')[0]}\n`);
      return undefined;
    });
    const reports = [];
    for (let run = 1; run <= runs; run++) {
      process.stderr.write(`bench: run ${run} of ${runs}, in a process of its own\n`);
      reports.push(await runBenchInFreshProcess({ script: process.argv[1], nodeArgs: process.execArgv, skipScale: values['skip-scale']!, lambdaAsset, stderr: process.stderr }));
    }
    const ranges = benchRanges(reports);
    process.stdout.write(values.json ? `${JSON.stringify({ ranges, reports }, null, 2)}\n` : formatBenchRanges(ranges));
  } finally {
    await rm(synthDir, { recursive: true, force: true });
  }
  return 0;
}

/** Whether this process was started with a heap limit of its own (on the command line or in NODE_OPTIONS). */
function heapLimitGiven(): boolean {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) => /^--max[-_]old[-_]space[-_]size\b/.test(arg));
}

/** The page planner over generated editions (bin/quality.ts); with --policy, the default against a patch. */
async function quality(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('quality', args, {
    sizes: { type: 'string', default: '16,30,45' },
    seeds: { type: 'string', default: '8' },
    policy: { type: 'string' },
    'page-size': { type: 'string' },
    'pull-quotes': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  const pageSize = values['page-size']?.trim().toLowerCase();
  if (pageSize !== undefined) {
    const { PAGE_SIZES } = await import('../lambdas/core/edition-schema');
    if (!Object.hasOwn(PAGE_SIZES, pageSize)) throw new UsageError(`--page-size must be one of ${Object.keys(PAGE_SIZES).join(', ')}, not "${values['page-size']}".`, 'quality');
  }
  const sizes = values.sizes!.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 2 || n > 600)) throw new UsageError(`--sizes must be article counts from 2 to 600, separated by commas, not "${values.sizes}".`, 'quality');
  const seedCount = Number(values.seeds);
  if (!/^\d+$/.test(values.seeds!) || seedCount < 1 || seedCount > 100) throw new UsageError(`--seeds must be a whole number from 1 to 100, not "${values.seeds}".`, 'quality');
  let policy: Record<string, unknown> | undefined;
  if (values.policy !== undefined) {
    const { DEFAULT_LAYOUT_POLICY } = await import('../lambdas/core/layout/policy');
    try {
      policy = JSON.parse(values.policy) as Record<string, unknown>;
    } catch {
      throw new UsageError(`--policy must be a JSON object of layout policy fields, not "${values.policy}".`, 'quality');
    }
    if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) throw new UsageError('--policy must be a JSON object of layout policy fields.', 'quality');
    const unknown = Object.keys(policy).filter((key) => !(key in DEFAULT_LAYOUT_POLICY));
    if (unknown.length > 0) throw new UsageError(`--policy: no layout policy field is called ${unknown.map((k) => `"${k}"`).join(', ')} (lambdas/core/layout/policy.ts).`, 'quality');
    const kind = (value: unknown) => (Array.isArray(value) ? 'array' : typeof value);
    for (const [key, value] of Object.entries(policy)) {
      const expected = kind(DEFAULT_LAYOUT_POLICY[key as keyof typeof DEFAULT_LAYOUT_POLICY]);
      if (kind(value) !== expected) throw new UsageError(`--policy: ${key} must be ${expected === 'array' ? 'an' : 'a'} ${expected}, like its default.`, 'quality');
    }
  }
  const { runQualitySweep, formatQualityReport } = await import('./quality');
  const report = await runQualitySweep({
    sizes,
    seeds: Array.from({ length: seedCount }, (_, i) => i + 1),
    ...(policy ? { policy } : {}),
    ...(pageSize ? { pageSize } : {}),
    ...(values['pull-quotes'] ? { pullQuotes: true } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatQualityReport(report)}\n`);
  return 0;
}

/** The package version, from package.json beside bin/. */
async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (rest.includes('--help') || rest.includes('-h') || command === '--help' || command === '-h' || command === 'help') {
    const usage = command && command in USAGES ? `usage: ${USAGES[command as Command]}` : USAGE;
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`epaper ${await version()}\n`);
    return 0;
  }
  switch (command) {
    case 'build':
      return build(rest);
    case 'dev':
      return dev(rest);
    case 'bench':
      return bench(rest);
    case 'publish':
      return publish(rest);
    case 'quality':
      return quality(rest);
    case undefined:
      throw new UsageError('name a command.');
    default:
      throw new UsageError(`unknown command "${command}".`);
  }
}

/** How long `epaper publish` waits for the API's answer. */
const PUBLISH_TIMEOUT_MS = 120_000;

/** Exit status of a process ended by a signal, as a shell reports it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * The first SIGINT, SIGTERM or SIGHUP ends the run: Chromium is killed at once (puppeteer's own
 * signal handlers are off, see chromium-renderer.ts, so nothing swallows the signal) and the process
 * exits with the signal's status. `dev` stops its servers itself on the same signals, gracefully.
 */
function endOnSignals(): void {
  for (const signal of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) {
    process.once(signal, () => {
      process.stderr.write(`epaper: stopped by ${signal}.\n`);
      void killBrowser().finally(() => process.exit(SIGNAL_EXIT[signal]));
    });
  }
}

const debug = process.argv.includes('--debug');
const argv = process.argv.slice(2).filter((arg) => arg !== '--debug');
if (argv[0] !== 'dev') endOnSignals();

main(argv)
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      const prefix = error.command ? `epaper ${error.command}` : 'epaper';
      const usage = error.command ? `usage: ${USAGES[error.command]}` : USAGE;
      process.stderr.write(`${prefix}: ${error.message}\n${usage}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    // One sentence; the stack only when asked for.
    const prefix = error instanceof CliFailure && error.command ? `epaper ${error.command}` : 'epaper';
    process.stderr.write(`${prefix}: ${terminalText(sentence(message))}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    else if (!(error instanceof CliFailure)) process.stderr.write('epaper: run again with --debug for the details.\n');
    return 1;
  })
  .then(async (code) => {
    await discardBrowser();
    mark('exiting');
    if (process.env.EPAPER_TIMELINE) process.stderr.write(`epaper: timeline ${JSON.stringify(timeline)}\n`);
    process.exit(code);
  });

/** The first line of a message, ending in a full stop. */
function sentence(message: string): string {
  const first = message.split('\n')[0].trim() || 'the command failed';
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
