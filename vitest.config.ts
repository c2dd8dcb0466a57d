import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Files that must each have a process of their own: they measure the memory of the process they run
 * in (another file's modules would be counted), set process.env or spy on process.stdout.
 */
const ISOLATED = [
  'test/unit/bench-report.test.ts',
  'test/adapters/sharp-images.test.ts',
  'test/render/chromium-renderer.test.ts',
  'test/handlers/lambda-handlers.test.ts',
  'test/handlers/logger.test.ts',
  // Imports the API Lambda's entry point under its own environment (JWKS, bucket, secret): the
  // entry point reads its configuration once per module, and in a shared worker after
  // subscriber-api.test.ts it kept that file's, and refused every token with 401.
  'test/e2e/subscriber-attacks.test.ts',
];

/**
 * The shared project's longest files, longest first (measured 2026-12-07, seconds on two busy
 * cores): they start as soon as a worker is free, and the short files fill in behind them. Vitest's
 * own order (longest first by the last run's durations) read a cache in node_modules/.vite that
 * every partial run rewrites: after a run of page-quality.test.ts with EPAPER_SKIP_QUALITY it held
 * 30 s for a file of 120, which then started last and ran alone for its last minute and a half.
 */
const LONGEST_FIRST = [
  'test/render/page-quality.test.ts', // 119
  'test/e2e/dev-restarts.test.ts', // 70 (318 in the 78th round's run at a load average of 28)
  'test/unit/random-copy.test.ts', // 70
  'test/unit/planner.test.ts', // 65
  'test/infra/render-bundle.test.ts', // 49 (313 at load 28)
  'test/e2e/reader-views.test.ts', // 43 (206 at load 28)
  // 52 while it waited out its schedule's timers in real time (35 s); 113 at load 28 without.
  'test/e2e/newsroom.test.ts',
  'test/e2e/dev-cloud.test.ts', // 27 (153 at load 28)
  'test/infra/app.test.ts', // 19 (116 at load 28)
];

/**
 * Vitest's order (the isolated files first, each project's files by the cached durations), then the
 * files of LONGEST_FIRST before the rest of their project, in the list's order.
 */
class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = LONGEST_FIRST.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
      return index < 0 ? LONGEST_FIRST.length : index;
    };
    const projectOrder = [...new Set(sorted.map((spec) => spec.project.name))];
    // Array.prototype.sort is stable: within a rank, vitest's order stands.
    return [...sorted].sort((a, b) => projectOrder.indexOf(a.project.name) - projectOrder.indexOf(b.project.name) || rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 60_000,
    // Runs a shared support module's cleanups after each file (test/support/after-file.ts).
    setupFiles: ['test/support/after-file.ts'],
    hookTimeout: 120_000,
    // Two cores: render and end-to-end files each start a Chromium; keep the pool small.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED, isolate: true },
      },
      {
        extends: true,
        // The rest share a worker's modules from file to file: loading aws-cdk-lib, the AWS SDK and
        // puppeteer once per worker instead of once per file took the suite from 10 to 7.4 minutes of
        // CPU on two cores (5.6 to 4.7 of wall time). What a module keeps is keyed by content (parsed
        // drafts, hyphenation, typeset material) or closed in afterAll (the shared browser); a file
        // that cannot share goes in ISOLATED.
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false },
      },
    ],
  },
});
