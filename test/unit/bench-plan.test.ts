import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { REFERENCE_SIZES } from '../../bin/bench';
import { benchBuildPlan, inputOf, sameInput, type PlannedBuild } from '../../bin/bench-plan';
import { runBenchInFreshProcess } from '../../bin/bench-runs';
import { SCALE_EDITION } from '../../bin/bench-scale';

/** Every build of the plan whose input an earlier build of the plan (or a reserved edition) already had. */
function repeatedInputs(plan: readonly PlannedBuild[]): PlannedBuild[] {
  return plan.filter((build, i) => plan.slice(0, i).some((earlier) => sameInput(earlier.input, build.input)));
}

// The bench timed the second build of the same input as its "warm build": that build found every
// paragraph set and every photo fitted (the medium edition's material 26 ms against 696 for new
// content, its photos 0 against 847), and the Paged.js peer, the cost and the warm targets were
// set against it. What each build is of is now a plan; these hold it, not any timing.
describe('the bench builds', () => {
  const plan = benchBuildPlan(REFERENCE_SIZES, [SCALE_EDITION]);

  it('time as warm build an edition the process has not built before, after one of its size', () => {
    for (const size of REFERENCE_SIZES) {
      const timedAt = plan.findIndex((b) => b.size === size.name && b.role === 'timed');
      const timed = plan[timedAt];
      // The size's own edition (its pages calibrated, the floor and the peer on the same articles).
      expect(sameInput(timed.input, inputOf(size))).toBe(true);
      // New to the process, and with photo caches of its own.
      for (const earlier of plan.slice(0, timedAt)) expect(sameInput(earlier.input, timed.input), `${size.name}: ${earlier.size} ${earlier.role}`).toBe(false);
      expect(timed.freshImages).toBe(true);
      // The process is warm: an edition of the same options, another seed, was built just before.
      const warmUp = plan[timedAt - 1];
      expect(warmUp.role).toBe('warm-up');
      expect(warmUp.size).toBe(size.name);
      expect({ ...warmUp.input, seed: 0 }).toEqual({ ...timed.input, seed: 0 });
      expect(warmUp.input.seed).not.toBe(timed.input.seed);
    }
  });

  it('time the rebuild apart: the timed input again, with the same photo caches', () => {
    for (const size of REFERENCE_SIZES) {
      const builds = plan.filter((b) => b.size === size.name);
      expect(builds.map((b) => b.role)).toEqual(['warm-up', 'timed', 'rebuild', 'memory']);
      expect(builds[2].input).toEqual(builds[1].input);
      expect(builds[2].freshImages).toBe(false);
    }
    // The rebuilds are the only repeated inputs: the memory builds are new content too.
    expect(repeatedInputs(plan).map((b) => b.role)).toEqual(REFERENCE_SIZES.map(() => 'rebuild'));
    expect(plan.filter((b) => b.role === 'memory').every((b) => b.freshImages)).toBe(true);
  });

  it('never take a seed that a later edition of the same options is, nor a reserved one', () => {
    // Seeds 5 and 6 of the same options: the first's warm-up may not take 6, which would make the
    // second's timed build a rebuild; nor 7, the reserved edition's.
    const sizes = [
      { name: 'a', articles: 4, briefs: 0, longStoryWords: 300, seed: 5 },
      { name: 'b', articles: 4, briefs: 0, longStoryWords: 300, seed: 6 },
    ];
    const reserved = { articles: 4, briefs: 0, longStoryWords: 300, seed: 7 };
    const crowded = benchBuildPlan(sizes, [reserved]);
    expect(repeatedInputs(crowded).map((b) => `${b.size} ${b.role}`)).toEqual(['a rebuild', 'b rebuild']);
    expect(crowded.some((b) => sameInput(b.input, reserved))).toBe(false);
    expect(() => benchBuildPlan([sizes[0], { ...sizes[0], name: 'twin' }])).toThrow(/same options and seed/);
  });
});

// `epaper bench --runs N` ran every run in one process: the later runs found the code compiled and
// the caches full, and their maxRssMb held the earlier runs' peaks. Each run is now a process of
// its own; here a stand-in script shows what the run is started with and that its report is read.
describe('bench --runs', () => {
  it('starts each run as a new process and reads its JSON report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'epaper-bench-runs-'));
    try {
      const script = join(dir, 'stand-in.mjs');
      await writeFile(script, `process.stderr.write('progress\\n'); process.stdout.write(JSON.stringify({ pid: process.pid, args: process.argv.slice(2), asset: process.env.EPAPER_BENCH_LAMBDA_ASSET, heap: process.execArgv }));`);
      let progress = '';
      const stderr = new Writable({ write: (chunk, _encoding, done) => ((progress += String(chunk)), done()) });
      const report = (await runBenchInFreshProcess({ script, nodeArgs: ['--max-old-space-size=1024'], skipScale: true, lambdaAsset: undefined, stderr })) as unknown as Record<string, unknown>;
      expect(report.pid).not.toBe(process.pid);
      expect(report.args).toEqual(['bench', '--json', '--skip-scale']);
      expect(report.asset).toBe('none');
      expect(report.heap).toEqual(['--max-old-space-size=1024']);
      expect(progress).toBe('progress\n');
      const withAsset = (await runBenchInFreshProcess({ script, nodeArgs: [], skipScale: false, lambdaAsset: '/asset', stderr })) as unknown as Record<string, unknown>;
      expect(withAsset.args).toEqual(['bench', '--json']);
      expect(withAsset.asset).toBe('/asset');
      await writeFile(script, 'process.exit(3);');
      await expect(runBenchInFreshProcess({ script, nodeArgs: [], skipScale: true, lambdaAsset: undefined, stderr })).rejects.toThrow(/exit status 3/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
