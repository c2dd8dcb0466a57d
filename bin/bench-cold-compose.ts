/**
 * One cold compose, for `epaper bench` (bin/bench-scale.ts runs this file in a fresh process each
 * time): loads the build and its resources, then builds the edition in `argv[2]` once through the
 * same buildEdition the CLI runs, with a renderer that prints blank pages (Chromium is measured
 * elsewhere; here it would only compete for the CPU). Prints the build's own step timings as JSON:
 * `compose` is the first compose of this process, first-use caches, JIT warm-up and all.
 */
import { PDFDocument } from 'pdf-lib';
import { FsInputSource } from '../lambdas/adapters/fs-input-source';
import { loadEditionResources } from '../lambdas/adapters/resources';
import { SharpImages } from '../lambdas/adapters/sharp-images';
import { buildEdition } from '../lambdas/core/build-edition';
import type { Renderer } from '../lambdas/core/ports';

const dir = process.argv[2];
if (!dir) throw new Error('usage: bench-cold-compose.ts <edition folder>');

/** Blank pages, as many as the edition has, so the post-processing's bookmarks find their pages. */
const blankPrinter: Renderer = {
  async render(html) {
    const doc = await PDFDocument.create();
    const pages = html.split('class="page"').length - 1;
    for (let i = 0; i < Math.max(1, pages); i++) doc.addPage([100, 100]);
    return { pdf: await doc.save(), blockedRequests: [] };
  },
};

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
