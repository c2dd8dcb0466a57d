/**
 * The `epaper` command runs compiled JavaScript, never TypeScript compiled on the fly (issue 15, item 1).
 * This module bundles bin/epaper.ts and everything it imports from the repository with esbuild into
 * `dist/<build>/` (npm packages stay external, as installed) and tells the launcher which file to run.
 *
 * - `npm ci` runs it through the `prepare` script, so a clean clone is compiled before `npm start`.
 * - The launcher checks freshness on every start: each source file the last build read, by size and
 *   modification time (about 130 stat calls, a millisecond or two). Anything changed since (an edit,
 *   a checkout) is recompiled first (esbuild, a few hundred milliseconds), so neither a developer's
 *   `npx epaper` nor a test that spawns the CLI can ever run stale output, however it was started
 *   (`npm test`, one vitest file, the bench's child processes).
 * - A build is written to a temporary folder and renamed into place, and build-info.json is replaced
 *   in one rename, so two processes that compile at once never see half a build.
 *
 * Plain JavaScript: the launcher reads it before anything is compiled.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = join(REPO_ROOT, 'dist');
const INFO_FILE = join(DIST_DIR, 'build-info.json');
/** What the command runs: bin/epaper.ts, whose lazy imports (build, dev, bench) become lazy chunks. */
const ENTRY = 'bin/epaper.ts';
/**
 * Other programs compiled with the command, sharing its chunks: the bench's cold compose, which
 * the bench runs in fresh processes and must measure as the command runs, compiled (tsx's output
 * wraps every function it names in a helper call and composed 8% slower).
 */
const OTHER_ENTRIES = { 'bench-cold-compose': 'bin/bench-cold-compose.ts' };
/** Besides the sources esbuild reads, a change to these means a different build. */
const BUILD_SETTINGS = ['bin/compile.js', 'tsconfig.json', 'package.json'];
/**
 * Packages loaded as installed rather than bundled: native code (sharp), files read at run time
 * (Chromium's archives, harfbuzz's wasm), the local cloud's S3 server (whose internals bin/dev.ts
 * reaches into), and development tools. Everything else is bundled: a few files read instead of
 * hundreds (pdf-lib, fontkit, zod, puppeteer-core and the AWS SDK are made of many small modules,
 * and resolving and reading them was most of the command's start-up). The render Lambda's bundle
 * keeps puppeteer-core installed (lib/pipeline-stack.ts, installedModules); here its dynamic
 * imports all name files esbuild can follow.
 */
const INSTALLED_PACKAGES = new Set(['@sparticuz/chromium', 'sharp', 'subset-font', 's3rver', 'pagedjs', 'esbuild', 'tsx', 'vitest']);
/** Builds older than this, other than the current one, are removed (a long `epaper dev` may still load chunks of its own). */
const KEEP_OLD_BUILDS_MS = 24 * 60 * 60 * 1000;

/**
 * Packages the command's dependencies import but epaper never runs, each replaced in the command's
 * bundle by a stub that throws if it ever were (its module and everything below it would otherwise
 * be compiled by every `epaper build`). The stubs are `lib/bundling/unused/<package>.mjs`, which the
 * Lambda functions' bundles use too (lib/constructs/epaper-function.ts):
 * - proxy-agent: puppeteer-core reaches @puppeteer/browsers, whose downloads go through it (PAC
 *   files run in a QuickJS interpreter, with esprima, SOCKS and FTP clients: 2 MB). epaper always
 *   hands puppeteer the unpacked @sparticuz binary and never downloads a browser.
 * - ws: puppeteer's WebSocket transport; epaper talks to Chromium over a pipe (`pipe: true`).
 * - postcss (with source-map-js and nanoid): sanitize-html parses style attributes with it, and the
 *   sanitizer keeps no attribute but an ordered list's `start` (`parseStyleAttributes: false`).
 */
const UNUSED_MODULES_DIR = join(REPO_ROOT, 'lib', 'bundling', 'unused');

function unusedModulesPlugin() {
  const names = readdirSync(UNUSED_MODULES_DIR)
    .filter((file) => file.endsWith('.mjs'))
    .map((file) => file.slice(0, -'.mjs'.length));
  return {
    name: 'epaper-unused-modules',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`) }, (args) => ({ path: join(UNUSED_MODULES_DIR, `${args.path}.mjs`) }));
    },
  };
}

/** The last build's record, or undefined when there is none or it cannot be read. */
function readBuildInfo() {
  try {
    return JSON.parse(readFileSync(INFO_FILE, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Size and modification time: changed by every edit and every checkout that touches the file. */
export function stamp(path, root = REPO_ROOT) {
  const stats = statSync(join(root, path), { throwIfNoEntry: false });
  return stats ? `${stats.size}:${stats.mtimeMs}` : 'missing';
}

/**
 * A stamp for a build that started reading sources at `startedAt` (ms): a file modified since may
 * have been read before or after its edit, so it is recorded as changed, and the next start compiles
 * again rather than run a bundle of its old text under its new stamp (an edit saved while a sweep
 * was compiling left the command running old code).
 */
export function stampSince(path, startedAt, root = REPO_ROOT) {
  const stats = statSync(join(root, path), { throwIfNoEntry: false });
  if (!stats) return 'missing';
  return stats.mtimeMs >= startedAt ? `changed-during-build:${stats.mtimeMs}` : `${stats.size}:${stats.mtimeMs}`;
}

/**
 * True when every file the recorded build read is unchanged and its output is still there.
 * `root` and `distDir` are the repository's own unless a test passes others.
 */
export function isFresh(info, root = REPO_ROOT, distDir = DIST_DIR) {
  if (!info || typeof info.inputs !== 'object' || info.inputs === null || typeof info.entry !== 'string') return false;
  if (!existsSync(join(distDir, info.entry))) return false;
  for (const [path, recorded] of Object.entries(info.inputs)) {
    if (stamp(path, root) !== recorded) return false;
  }
  return true;
}

/**
 * `import.meta.url` means "this source file" in the sources (templates, package.json and fonts are
 * found relative to it); in a bundle every module would share the chunk's URL, at another depth.
 * Each source gets its own URL back, computed from the chunk's, which sits at `dist/<build>/`.
 * Plain JavaScript modules of the repository (process-environment.js, chromium-binary.js) stay
 * outside the bundle, so the launcher and the bundle share one instance of each: one unpacking of
 * Chromium per process, not two racing over the same file.
 */
function repositoryModulesPlugin() {
  const fromBuildDir = (absolute) => `../../${relative(REPO_ROOT, absolute).split(sep).join('/')}`;
  const inRepository = (path) => path.startsWith(REPO_ROOT + sep) && !path.includes(`${sep}node_modules${sep}`);
  return {
    name: 'epaper-repository-modules',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
        const absolute = resolve(args.resolveDir, args.path);
        if (!inRepository(absolute) || !existsSync(absolute)) return undefined;
        return { path: fromBuildDir(absolute), external: true };
      });
      // Installed packages are imported by Node's ESM resolver at run time, which (unlike tsx's and
      // esbuild's) finds no file behind an extension-less subpath such as 'hyphen/en-us': name the file.
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || args.kind === 'entry-point') return undefined;
        const name = args.path.split('/').slice(0, args.path.startsWith('@') ? 2 : 1).join('/');
        if (!INSTALLED_PACKAGES.has(name)) return undefined;
        try {
          const resolved = import.meta.resolve(args.path);
          if (!resolved.startsWith('file:') || statSync(fileURLToPath(resolved), { throwIfNoEntry: false })?.isFile()) return { path: args.path, external: true };
        } catch {
          // Not resolvable as ESM: the CommonJS resolution below names the file.
        }
        const file = createRequire(join(args.resolveDir, 'x.js')).resolve(args.path);
        const packageDir = join(file.slice(0, file.lastIndexOf(`${sep}node_modules${sep}${join(name)}${sep}`)), 'node_modules', name);
        return { path: `${name}/${relative(packageDir, file).split(sep).join('/')}`, external: true };
      });
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!inRepository(args.path)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        const own = `new URL(${JSON.stringify(fromBuildDir(args.path))}, import.meta.url).href`;
        return { contents: source.replace(/\bimport\.meta\.url\b/g, own), loader: 'ts' };
      });
    },
  };
}

/** Compiles the CLI into a fresh `dist/<build>/` and records it; returns the entry's absolute path. */
export async function compile() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('the compiled command is missing or out of date, and esbuild (a devDependency) is not installed to compile it: run npm ci');
  }
  mkdirSync(DIST_DIR, { recursive: true });
  const staging = join(DIST_DIR, `tmp-${process.pid}-${Date.now()}`);
  // A millisecond early: a file system's clock and Node's may round a write in the same millisecond apart.
  const startedAt = Date.now() - 1;
  try {
    const result = await esbuild.build({
      absWorkingDir: REPO_ROOT,
      entryPoints: { epaper: ENTRY, ...OTHER_ENTRIES },
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outExtension: { '.js': '.mjs' },
      // As the Lambda bundles: packages' ES module builds first, and a require() for the CommonJS ones.
      mainFields: ['module', 'main'],
      banner: { js: "import { createRequire as __epaperCreateRequire } from 'node:module'; const require = __epaperCreateRequire(import.meta.url);" },
      // Linked maps: `--debug` turns source maps on, so its stack traces name the TypeScript lines.
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'error',
      plugins: [repositoryModulesPlugin(), unusedModulesPlugin()],
    });
    const outputs = Object.keys(result.metafile.outputs).sort();
    const hash = createHash('sha256');
    for (const output of outputs) {
      const absolute = join(REPO_ROOT, output);
      hash.update(relative(staging, absolute)).update(readFileSync(absolute));
    }
    const name = `b-${hash.digest('hex').slice(0, 16)}`;
    const target = join(DIST_DIR, name);
    if (existsSync(target)) rmSync(staging, { recursive: true, force: true });
    else {
      try {
        renameSync(staging, target);
      } catch (error) {
        // Another process finished the same build first: theirs is identical.
        if (!existsSync(target)) throw error;
        rmSync(staging, { recursive: true, force: true });
      }
    }
    const sources = Object.keys(result.metafile.inputs).filter((path) => !path.startsWith('node_modules/'));
    const inputs = Object.fromEntries([...new Set([...sources, ...BUILD_SETTINGS])].sort().map((path) => [path, stampSince(path, startedAt)]));
    const info = { entry: `${name}/epaper.mjs`, builtAt: new Date().toISOString(), inputs };
    const partial = `${INFO_FILE}.partial-${process.pid}`;
    writeFileSync(partial, `${JSON.stringify(info, null, 1)}\n`);
    renameSync(partial, INFO_FILE);
    pruneOldBuilds(name);
    return join(DIST_DIR, info.entry);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function pruneOldBuilds(current) {
  const now = Date.now();
  for (const name of readdirSync(DIST_DIR)) {
    if (name === current || !/^(b|tmp)-/.test(name)) continue;
    const path = join(DIST_DIR, name);
    const stats = statSync(path, { throwIfNoEntry: false });
    const limit = name.startsWith('tmp-') ? 10 * 60 * 1000 : KEEP_OLD_BUILDS_MS;
    if (stats && now - stats.mtimeMs > limit) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * The compiled command's file URL (or another entry's: OTHER_ENTRIES), compiling first if the
 * sources changed since the last build.
 */
export async function compiledEntryUrl(name = 'epaper') {
  const info = readBuildInfo();
  const entry = isFresh(info) ? join(DIST_DIR, info.entry) : await compile();
  return pathToFileURL(join(dirname(entry), `${name}.mjs`)).href;
}

// `node bin/compile.js [--force]` (the prepare and test scripts): compile unless the last build is
// fresh (--force: in any case), before anything runs the command.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const fresh = !process.argv.includes('--force') && isFresh(readBuildInfo());
  (fresh ? Promise.resolve(undefined) : compile()).then(
    (entry) => {
      if (entry) process.stderr.write(`epaper: compiled ${relative(REPO_ROOT, entry)} in ${Math.round(performance.now() - started)} ms\n`);
    },
    (error) => {
      process.stderr.write(`epaper: compiling failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}
