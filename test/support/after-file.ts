/**
 * Cleanups a shared support module asks for, run after the test file that is running. The shared
 * project's files share modules (vitest.config.ts, isolate: false), so a support module's own
 * top-level afterAll is registered once, in the first file that imports it, and what a later file
 * made was left behind: every test/infra run left a folder of cloud assemblies in the temp
 * directory. This file is a setup file: its afterAll is registered in every test file.
 */
import { afterAll } from 'vitest';

// On globalThis: vitest runs this setup file afresh for each test file, while the support modules
// that call afterThisFile keep the instance of it they first imported.
const shared = globalThis as { epaperAfterFile?: (() => void)[] };
const cleanups = (shared.epaperAfterFile ??= []);

/** Runs `cleanup` once the test file now running has finished. */
export function afterThisFile(cleanup: () => void): void {
  cleanups.push(cleanup);
}

afterAll(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
