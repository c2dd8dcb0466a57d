/**
 * The bad-input corpus built as one edition through the real CLI path: the build succeeds, every
 * must-reject file is listed with its reason, the good and hostile-but-valid articles print whole,
 * a local canary server that the hostile inputs point at receives nothing, no system file text
 * reaches the PDF, and memory stays bounded on the bomb cases.
 */
import { spawnSync } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../lambdas/core/manifest';
import { CORPUS_DATE, PASSWD_MARKER, writeHostileCorpus, type CorpusCase } from '../fixtures/hostile-corpus';
import { countOf, readPdf } from '../support/edition';

let dir: string;
let out: string;
let canary: Server;
const canaryHits: string[] = [];
let cases: CorpusCase[];
let manifest: Manifest;
let text: string;
let build: { status: number | null; stderr: string; maxRssKb: number };

beforeAll(async () => {
  canary = createServer((req, res) => {
    canaryHits.push(`${req.method} ${req.url}`);
    res.end('CANARY-RESPONSE');
  });
  await new Promise<void>((ready) => canary.listen(0, '127.0.0.1', ready));
  const canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'epaper-hostile-'));
  out = await mkdtemp(join(tmpdir(), 'epaper-hostile-out-'));
  cases = await writeHostileCorpus(dir, canaryUrl);
  // The build runs as its own process, as a newsroom would run it, so that its peak memory is its own.
  const child = spawnSync(process.execPath, ['bin/epaper.js', 'build', dir, '--out', out], { encoding: 'utf8', timeout: 180_000 });
  const peak = /peak memory (\d+) MB/.exec(child.stderr);
  build = { status: child.status, stderr: child.stderr, maxRssKb: peak ? Number(peak[1]) * 1024 : Infinity };
  manifest = JSON.parse(await readFile(join(out, CORPUS_DATE, 'manifest.json'), 'utf8'));
  const pdf = await readPdf(new Uint8Array(await readFile(join(out, CORPUS_DATE, 'edition.pdf'))));
  text = pdf.pages.map((p) => p.text).join('\n');
}, 240_000);

afterAll(async () => {
  await new Promise((done) => canary.close(done));
  await rm(dir, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

describe('building the bad-input corpus', () => {
  it('has at least 30 bad cases and exits 0 with an edition', () => {
    expect(cases.filter((c) => c.expected !== 'accepted').length + cases.filter((c) => c.forbidden.length > 0).length).toBeGreaterThanOrEqual(30);
    expect(build.status, build.stderr).toBe(0);
    expect(manifest.pageCount).toBeGreaterThan(0);
  });

  it('lists every must-reject file in manifest.rejected with its reason', () => {
    for (const c of cases.filter((c) => c.expected === 'rejected')) {
      const entry = manifest.rejected.find((r) => r.file === c.file);
      expect(entry, c.file).toBeDefined();
      expect(entry!.reason, c.file).toContain(c.reason);
    }
  });

  it('prints the good and hostile-but-valid articles whole: each planted token exactly once', () => {
    const printed = cases.filter((c) => c.expected === 'accepted' || c.expected === 'accepted-with-warning');
    expect(printed.length).toBeGreaterThan(4);
    for (const c of printed) {
      for (const token of c.tokens) expect(countOf(text, token), `${c.file}: ${token}`).toBe(1);
      for (const token of c.optionalTokens) expect(countOf(text, token), `${c.file}: ${token}`).toBeLessThanOrEqual(1);
    }
  });

  it('lets no request reach the canary and no system file text into the PDF', () => {
    expect(canaryHits).toEqual([]);
    expect(text).not.toContain(PASSWD_MARKER);
    expect(text).not.toContain('CANARY-RESPONSE');
    for (const c of cases) for (const evil of c.forbidden) expect(text, `${c.file}: ${evil}`).not.toContain(evil);
  });

  it('stays within bounded memory with the bomb cases present', () => {
    // A decoded 20000×20000 pixel bomb alone would need 1.6 GB; the build refuses it from its header.
    expect(build.maxRssKb).toBeLessThan(700 * 1024);
  });
});
