/**
 * The one real-bundling test: synthesizes the pipeline stack with esbuild and the asset's npm
 * install, then opens the render function's asset as Lambda would see it (docs/ARCHITECTURE.md, "The render
 * function's bundle carries what it reads at run time").
 */
import { PATTERN_FILES } from '../../lambdas/core/typeset/hyphenate';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/paths';
import { FALLBACK_FONT_FILES, FONT_FILES } from '../../lambdas/adapters/resources';
import { FONT_PACKAGES } from '../../lib/pipeline-stack';
import { buildTestApp } from './synth';
import { runLambdaColdStart } from '../../bin/bench-lambda';
import { unpackChunkedLz4 } from '../../lambdas/adapters/chromium-binary.js';

/** Every file below `dir`, relative to it. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(path.join(dir, name)).isFile());
}

describe('render function asset (real bundling)', () => {
  let outdir: string;
  let assetDir: string;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'epaper-bundle-'));
    const { app, stacks } = buildTestApp({ outdir, bundlingStacks: ['EpaperPipeline'] });
    const template = Template.fromStack(stacks.pipeline);
    const functions = template.findResources('AWS::Lambda::Function');
    const renderId = Object.keys(functions).find((id) => /^RenderFunction[0-9A-F]{8}$/.test(id));
    expect(renderId).toBeDefined();
    const s3Key: string = functions[renderId!].Properties.Code.S3Key;
    assetDir = path.join(app.outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
  }, 240_000);

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('is an ESM bundle that keeps @sparticuz/chromium external and gives CommonJS a require', () => {
    const bundle = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith('import { createRequire as __epaperCreateRequire }')).toBe(true);
    // @sparticuz/chromium stays installed, not bundled: the unpacking worker loads it by the path
    // the bundle resolves at run time (the main thread never loads it), and none of its code is inlined.
    expect(bundle).toMatch(/\.resolve\(["']@sparticuz\/chromium["']\)/);
    expect(bundle).not.toContain('--ash-no-nudges'); // one of @sparticuz's launch arguments, in its own code
  });

  it('bundles puppeteer-core with the stubs of what epaper never runs (WebSocket transport, browser downloads, CSS parsing), as the command does', () => {
    const bundle = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
    expect(existsSync(path.join(assetDir, 'node_modules/puppeteer-core'))).toBe(false);
    expect(bundle).toContain('class CdpFrame'); // puppeteer-core's own code, inlined
    expect(bundle).toContain('epaper talks to Chromium over a pipe, never a WebSocket');
    expect(bundle).toContain('epaper does not download browsers');
    expect(bundle).toContain('epaper keeps no style attribute');
    // What the stubs keep out: proxy-agent's PAC resolver and ws's frame parser.
    expect(bundle).not.toMatch(/pac-resolver|class Receiver extends Writable/);
  });

  it('installs Chromium with its binary as chunked LZ4, lz4-napi\'s native build to unpack it, and the other archives as published', () => {
    const bin = path.join(assetDir, 'node_modules/@sparticuz/chromium/bin');
    // The binary as chunked LZ4 (bin/repack-chromium.js: it unpacks in about 40% of brotli's time), the rest as published.
    expect(readdirSync(bin)).toEqual(expect.arrayContaining(['chromium.lz4', 'fonts.tar.br', 'al2023.tar.br']));
    expect(readdirSync(bin)).not.toContain('chromium.br');
    expect(statSync(path.join(bin, 'chromium.lz4')).size).toBeGreaterThan(10_000_000);
    expect(filesBelow(path.join(assetDir, 'node_modules/@antoniomuso')).some((name) => /linux-x64-gnu.*\.node$/.test(name))).toBe(true);
    // Unpacked with the asset's own lz4-napi, byte for byte the binary @sparticuz/chromium publishes.
    const unpacked = path.join(outdir, 'chromium-from-asset');
    const { uncompressSync } = createRequire(path.join(assetDir, 'index.mjs'))('lz4-napi') as { uncompressSync: (block: Buffer) => Buffer };
    unpackChunkedLz4(fs, uncompressSync, path.join(bin, 'chromium.lz4'), unpacked);
    expect(readFileSync(unpacked).equals(brotliDecompressSync(readFileSync(path.join(PROJECT_ROOT, 'node_modules/@sparticuz/chromium/bin/chromium.br'))))).toBe(true);
    rmSync(unpacked);
  });

  it.each(FONT_PACKAGES)('installs %s with its TTF files', (fontPackage) => {
    const dir = path.join(assetDir, 'node_modules', fontPackage);
    const ttfs = filesBelow(dir).filter((name) => name.endsWith('.ttf'));
    expect(ttfs.length).toBeGreaterThan(0);
    // The same bytes the repository's own package has: fonts measured locally are the fonts printed in Lambda.
    const sample = ttfs[0];
    expect(readFileSync(path.join(dir, sample)).equals(readFileSync(path.join(PROJECT_ROOT, 'node_modules', fontPackage, sample)))).toBe(true);
  });

  it('holds every face the renderer loads, where its createRequire will look for it', () => {
    const faces = Object.entries(FONT_FILES);
    expect(faces.length).toBeGreaterThan(0);
    for (const [face, { pkg, file }] of faces) {
      expect(FONT_PACKAGES as readonly string[], `${face} comes from a package the asset installs`).toContain(pkg);
      expect(existsSync(path.join(assetDir, 'node_modules', pkg, file)), `${face}: ${pkg}/${file}`).toBe(true);
    }
  });

  it('carries each fallback font file (Hebrew, Thai, Lao, Khmer, Burmese, CJK, Noto) byte for byte, and no unused CJK weight', () => {
    const files = Object.entries(FALLBACK_FONT_FILES);
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const [key, { pkg, file }] of files) {
      const inAsset = path.join(assetDir, 'node_modules', pkg, file);
      expect(existsSync(inAsset), `${key}: ${pkg}/${file}`).toBe(true);
      expect(readFileSync(inAsset).equals(readFileSync(path.join(PROJECT_ROOT, 'node_modules', pkg, file))), key).toBe(true);
    }
    expect(existsSync(path.join(assetDir, 'node_modules/@expo-google-fonts/noto-sans-sc/900Black'))).toBe(false);
  });

  it('resolves every face and fallback from the asset alone, as the handler loads them', () => {
    const script = `const { createRequire } = require('node:module'); const r = createRequire(${JSON.stringify(path.join(assetDir, 'index.mjs'))});
      const files = ${JSON.stringify([...Object.values(FONT_FILES), ...Object.values(FALLBACK_FONT_FILES)])};
      for (const { pkg, file } of files) require('node:fs').statSync(require('node:path').join(require('node:path').dirname(r.resolve(pkg + '/package.json')), file));
      console.log(files.length);`;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: assetDir, encoding: 'utf8', timeout: 60_000 });
    expect(Number(output.trim())).toBe(Object.keys(FONT_FILES).length + Object.keys(FALLBACK_FONT_FILES).length);
  });

  it('subsets a fallback font from the asset alone (subset-font and harfbuzz wasm installed)', () => {
    const { pkg, file } = FALLBACK_FONT_FILES['thai-regular'];
    const script = `const { createRequire } = require('node:module'); const r = createRequire(${JSON.stringify(path.join(assetDir, 'index.mjs'))});
      const subset = r('subset-font'); const font = require('node:fs').readFileSync(${JSON.stringify(path.join(assetDir, 'node_modules', pkg, file))});
      subset(font, 'ภาษาไทย', { targetFormat: 'truetype' }).then((out) => console.log(font.length, out.length));`;
    const [whole, cut] = execFileSync(process.execPath, ['-e', script], { cwd: assetDir, encoding: 'utf8', timeout: 60_000 }).trim().split(' ').map(Number);
    expect(cut).toBeGreaterThan(500);
    expect(cut).toBeLessThan(whole / 2);
  });

  it('parses a face with fontkit from the asset alone (required only when an edition needs it, so installed, not bundled)', () => {
    const { pkg, file } = FONT_FILES['serif-regular'];
    const script = `const { createRequire } = require('node:module'); const r = createRequire(${JSON.stringify(path.join(assetDir, 'index.mjs'))});
      const font = r('fontkit').create(require('node:fs').readFileSync(${JSON.stringify(path.join(assetDir, 'node_modules', pkg, file))}));
      console.log(font.layout('Hà Nội').advanceWidth);`;
    expect(Number(execFileSync(process.execPath, ['-e', script], { cwd: assetDir, encoding: 'utf8', timeout: 60_000 }).trim())).toBeGreaterThan(1000);
    // The bundle itself does not carry fontkit (its Unicode tables would be inflated at every cold start).
    expect(readFileSync(path.join(assetDir, 'index.mjs'), 'utf8')).not.toContain('UnicodeTrie');
  });

  it('installs sharp with its linux-x64 native build', () => {
    expect(existsSync(path.join(assetDir, 'node_modules/sharp/package.json'))).toBe(true);
    expect(filesBelow(path.join(assetDir, 'node_modules/@img')).some((name) => name.endsWith('.node'))).toBe(true);
  });

  it('carries a copy of templates/', () => {
    const expected = filesBelow(path.join(PROJECT_ROOT, 'templates')).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(filesBelow(path.join(assetDir, 'templates')).sort()).toEqual(expected);
  });

  it('loads in plain Node from the asset alone and exports the handler', () => {
    // A separate Node process, not vitest's transformer: resolution must work from the asset's own node_modules.
    const url = pathToFileURL(path.join(assetDir, 'index.mjs')).href;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); console.log(typeof m.handler);`], {
      cwd: assetDir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(output.trim()).toBe('function');
  });

  it('carries the hyphenation patterns of every language besides English, readable from the bundle as the adapter reads them', () => {
    const url = pathToFileURL(path.join(assetDir, 'index.mjs')).href;
    const files = [...new Set(Object.values(PATTERN_FILES))];
    const script = `import { createRequire } from 'node:module'; const r = createRequire(${JSON.stringify(url)}); console.log(${JSON.stringify(files)}.map((f) => Array.isArray(r('hyphen/patterns/' + f + '.js')) ? 'ok' : f).join(' '));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: assetDir, encoding: 'utf8', timeout: 60_000 });
    expect(output.trim()).toBe(files.map(() => 'ok').join(' '));
  });

  it('publishes the sample edition from a fresh process, as a cold Lambda: the event in, the PDF and its pointer in the editions bucket (the bench\'s cold start)', async () => {
    const lines: string[] = [];
    const cold = await runLambdaColdStart({ workDir: outdir, asset: assetDir, log: (line) => lines.push(line) });
    expect(['manifest.json', 'proof.json']).toContain(cold.pointer);
    expect(cold.pages).toBeGreaterThan(0);
    expect(cold.initMs).toBeGreaterThan(0);
    expect(cold.invokeMs).toBeGreaterThan(0);
    // Observed in the bucket only after the process started and the bundle loaded.
    expect(cold.toPublishedMs).toBeGreaterThan(cold.initMs);
    expect(cold.bundleBytes).toBe(statSync(path.join(assetDir, 'index.mjs')).size);
    expect(cold.assetBytes).toBeGreaterThan(cold.bundleBytes);
    // Node and Chromium were both sampled.
    expect(cold.peakMb).toBeGreaterThan(100);
    // Their CPU too: at least what Chromium's unpacking alone takes (a 197 MB inflate), and on the
    // deployed function's share of a vCPU (1.16 at 2048 MB) no less time than that CPU needs.
    expect(cold.cpuMs).toBeGreaterThan(500);
    expect(cold.vcpus).toBeCloseTo(cold.memoryMb / 1769, 2);
    expect(cold.deployedFloorMs).toBe(Math.round(cold.cpuMs / cold.vcpus));
  }, 240_000);
}, 300_000);
