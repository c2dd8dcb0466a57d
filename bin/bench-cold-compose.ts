/**
 * One cold compose, for `epaper bench` (bin/bench-scale.ts runs this file in a fresh process each
 * time): loads the build and its resources, then builds the edition in `argv[2]` once through the
 * same buildEdition the CLI runs, with a renderer that prints blank pages (Chromium is measured
 * elsewhere; here it would only compete for the CPU). Prints the build's own step timings as JSON:
 * `compose` is the first compose of this process, first-use caches, JIT warm-up and all.
 */
// First, as in the `epaper` command: V8's tiering for a short-lived build process.
import '../lambdas/adapters/v8-tiering';
import { FsInputSource } from '../lambdas/adapters/fs-input-source';
import { loadEditionResources } from '../lambdas/adapters/resources';
import { SharpImages } from '../lambdas/adapters/sharp-images';
import { buildEdition } from '../lambdas/core/build-edition';
import { blankPrinter } from '../test/support/blank-printer';

const dir = process.argv[2];
if (!dir) throw new Error('usage: bench-cold-compose.ts <edition folder>');

const resources = await loadEditionResources();
const outcome = await buildEdition({
  source: new FsInputSource(dir),
  renderer: blankPrinter,
  images: new SharpImages(),
  resources,
  logger: { info: () => {}, warn: () => {} },
  now: () => new Date(),
})({});
if (!outcome.ok) throw new Error(outcome.reason);
process.stdout.write(`${JSON.stringify({ ...outcome.edition.timings, pages: outcome.edition.manifest.pageCount, articles: outcome.edition.manifest.articles.length })}\n`);
