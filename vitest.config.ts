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
];

export default defineConfig({
  test: {
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
