/**
 * The heap setting a warm process takes after its first build (lambdas/adapters/warm-heap.ts):
 * V8 must still know the flag (setFlagsFromString ignores one it does not know, silently), and a
 * process that builds again and again must then collect its dead builds within a few builds, not
 * carry a growing pile of them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO_ROOT = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'warm-heap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A stand-in for a warm process's builds, in a child of its own (a heap to itself): 40 MB that
 * lives for the process, like fonts and caches, and per build 15 MB that lives through the build
 * and then dies, like the stories and the plan. Prints each build's peak heap in MB.
 */
const BUILDS_SCRIPT = `
import { settleHeapForWarmBuilds } from ${JSON.stringify(join(REPO_ROOT, 'lambdas/adapters/warm-heap.ts'))};
const settle = process.argv[2] === 'settle';
const lasting = Array.from({ length: 40 }, (_, i) => Array.from({ length: 25_000 }, (_, j) => ({ i, j, s: 'k' + j })));
const peaks = [];
for (let build = 0; build < 40; build++) {
  let buildData = [];
  let peak = 0;
  for (let step = 0; step < 60; step++) {
    buildData.push(Array.from({ length: 4_000 }, (_, j) => ({ build, step, j, s: 'v' + j })));
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  buildData = undefined;
  peaks.push(Math.round(peak / 1048576));
  if (settle) settleHeapForWarmBuilds();
}
console.log(JSON.stringify({ lasting: lasting.length, peaks }));
`;

function peaksOfBuilds(): number[] {
  const script = join(dir, 'builds.mts');
  writeFileSync(script, BUILDS_SCRIPT);
  const child = spawnSync(process.execPath, ['--import', 'tsx', script, 'settle'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the builds' child failed: ${child.stderr}`);
  return (JSON.parse(child.stdout) as { peaks: number[] }).peaks;
}

/** Indices of the builds whose peak is lower than the one before: a full collection came between. */
function collections(peaks: readonly number[]): number[] {
  return peaks.flatMap((peak, i) => (i > 0 && peak < peaks[i - 1] - 20 ? [i] : []));
}

describe('the heap of a process that builds again', () => {
  it('uses a flag this V8 knows', () => {
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(options).toContain('--heap-growing-percent');
  });

  it('collects its dead builds every few builds once settled, so its peak stays below the first climb', () => {
    const peaks = peaksOfBuilds();
    const [first, second] = collections(peaks);
    // V8's own first limit lets the heap climb for a dozen builds or more: the first collection
    // comes when it chooses. After it the limit is twice what lives, so the next comes soon.
    expect(first, `peaks ${peaks.join(', ')}`).toBeDefined();
    expect(second, `peaks ${peaks.join(', ')}`).toBeDefined();
    expect(second - first, `peaks ${peaks.join(', ')}`).toBeLessThanOrEqual(8);
    const firstClimb = Math.max(...peaks.slice(0, first));
    const afterwards = Math.max(...peaks.slice(first));
    expect(afterwards, `peaks ${peaks.join(', ')}`).toBeLessThan(firstClimb * 0.8);
  });
});
