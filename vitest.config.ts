import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: render and end-to-end files each start a Chromium; keep the pool small.
    maxWorkers: 2,
  },
});
