/**
 * The `epaper` command line: `build` (a folder in, an edition out), `dev` (the local cloud) and
 * `bench` (the performance suite). This is a composition root: it builds adapters and calls use cases.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ChromiumRenderer, closeBrowser } from '../lambdas/adapters/chromium-renderer';
import type { BuiltEdition } from '../lambdas/core/edition';
import { formatQuality } from '../lambdas/core/layout/measure';
import type { Logger } from '../lambdas/core/ports';

const USAGE = `usage:
  epaper build <dir> [--date YYYY-MM-DD] [--out out/]
  epaper dev [--dir .epaper] [--s3-port 4569] [--api-port 8787]
  epaper bench [--json]`;

/** Progress on stderr, so stdout carries only the result. */
const stderrLogger: Logger = {
  info: (message) => process.stderr.write(`epaper: ${message}\n`),
  warn: (message) => process.stderr.write(`epaper: warning: ${message}\n`),
};

/** Writes an edition's files under `<out>/<date>/`; returns the PDF path. */
export async function writeEdition(outDir: string, edition: BuiltEdition): Promise<string> {
  const dir = join(outDir, edition.date);
  await mkdir(dir, { recursive: true });
  for (const [path, asset] of edition.assets) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, asset.body);
  }
  for (const [index, png] of edition.thumbnails.entries()) {
    await mkdir(join(dir, 'thumbnails'), { recursive: true });
    await writeFile(join(dir, 'thumbnails', `page-${index + 1}.png`), png);
  }
  await writeFile(join(dir, 'edition.html'), edition.html);
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(edition.manifest, null, 2)}\n`);
  const pdfPath = join(dir, 'edition.pdf');
  await writeFile(pdfPath, edition.pdf);
  return pdfPath;
}

async function build(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { date: { type: 'string' }, out: { type: 'string', default: 'out' }, thumbnails: { type: 'boolean', default: false } },
  });
  const inputDir = positionals[0];
  if (!inputDir) {
    process.stderr.write(`epaper build: name the folder that holds the articles.\n${USAGE}\n`);
    return 2;
  }
  if (values.date && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
    process.stderr.write(`epaper build: --date must look like 2019-12-04, not "${values.date}".\n`);
    return 2;
  }
  const inputStat = await stat(inputDir).catch(() => undefined);
  if (!inputStat?.isDirectory()) {
    process.stderr.write(`epaper build: "${inputDir}" is not a folder; name the folder that holds the articles.\n`);
    return 2;
  }
  const started = performance.now();
  // On a first run Chromium takes a second or more to unpack, off the main thread: start it before
  // loading the parsers and the typesetter, so that the two overlap.
  const renderer = new ChromiumRenderer();
  renderer.prepare();
  const [{ buildEdition }, { FsInputSource }, { loadEditionResources }, { SharpImages }] = await Promise.all([
    import('../lambdas/core/build-edition'),
    import('../lambdas/adapters/fs-input-source'),
    import('../lambdas/adapters/resources'),
    import('../lambdas/adapters/sharp-images'),
  ]);
  const resources = await loadEditionResources();
  const outcome = await buildEdition({
    source: new FsInputSource(resolve(inputDir)),
    renderer,
    images: new SharpImages(),
    resources,
    logger: stderrLogger,
    now: () => new Date(),
  })({ date: values.date, thumbnailWidthPx: values.thumbnails ? 300 : undefined });
  if (!outcome.ok) {
    for (const r of outcome.rejected) process.stderr.write(`epaper: rejected ${r.file}: ${r.reason}\n`);
    process.stderr.write(`epaper build: ${outcome.reason}\n`);
    return 1;
  }
  const { edition } = outcome;
  for (const r of edition.manifest.rejected) stderrLogger.warn(`rejected ${r.file}: ${r.reason}`);
  for (const w of edition.manifest.warnings) stderrLogger.warn(`${w.file}: ${w.message}`);
  stderrLogger.info(`rendered ${edition.manifest.pageCount} pages (${(edition.pdf.byteLength / 1024).toFixed(0)} KB)`);
  if (edition.manifest.quality) stderrLogger.info(`quality: ${formatQuality(edition.manifest.quality)}`);
  const pdfPath = await writeEdition(resolve(values.out!), edition);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  stderrLogger.info(`wrote ${relative(process.cwd(), dirname(pdfPath)) || '.'}/ in ${seconds} s (parse ${edition.timings.parse} ms, compose ${edition.timings.compose} ms, render ${edition.timings.render} ms; peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`);
  process.stdout.write(`${relative(process.cwd(), pdfPath)}\n`);
  return 0;
}

async function dev(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { dir: { type: 'string', default: '.epaper' }, 's3-port': { type: 'string', default: '4569' }, 'api-port': { type: 'string', default: '8787' } },
  });
  const { startDevCloud } = await import('./dev');
  const cloud = await startDevCloud({ dir: resolve(values.dir!), s3Port: Number(values['s3-port']), apiPort: Number(values['api-port']) });
  await new Promise<void>((done) => {
    const stop = () => void cloud.stop().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

async function bench(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const { runBench } = await import('./bench');
  await runBench({ json: values.json! });
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'build':
      return build(rest);
    case 'dev':
      return dev(rest);
    case 'bench':
      return bench(rest);
    default:
      process.stderr.write(`${USAGE}\n`);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    process.stderr.write(`epaper: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  })
  .then(async (code) => {
    await closeBrowser();
    process.exit(code);
  });
