/**
 * The edition's HTML is written while sharp fits the photos (build-edition.ts): it names each
 * photo's path before the photo is ready. The paths it names must be the assets the build hands
 * Chromium, and a photo that cannot be fitted must still be left out of the HTML, with a warning,
 * while the rest of the edition builds. No Chromium: a renderer that prints blank pages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { loadEditionResources } from '../../lambdas/adapters/resources';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { buildEdition } from '../../lambdas/core/build-edition';
import type { BuiltEdition } from '../../lambdas/core/edition';
import type { ImageProcessor, Renderer } from '../../lambdas/core/ports';
import { generateEdition } from '../fixtures/generate-edition';
import { blankPrinter } from '../support/blank-printer';
import { quietLogger } from '../support/edition';

let dir: string;

async function build(images: ImageProcessor, renderer: Renderer = blankPrinter): Promise<BuiltEdition> {
  const outcome = await buildEdition({
    source: new FsInputSource(dir),
    renderer,
    images,
    resources: await loadEditionResources(),
    logger: quietLogger,
    now: () => new Date('2019-12-04T08:00:00Z'),
  })({});
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.edition;
}

/** Photo paths the HTML names. */
function photoPathsIn(html: string): string[] {
  return [...new Set([...html.matchAll(/assets\/photos\/[^"')\s]+\.jpg/g)].map((m) => m[0]))].sort();
}

const photoAssets = (edition: BuiltEdition) => [...edition.assets.keys()].filter((path) => path.startsWith('assets/photos/')).sort();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-build-photos-'));
  await generateEdition(dir, { articles: 10, briefs: 2, longStoryWords: 900, seed: 11 });
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('photos fitted while the HTML is written', () => {
  // First, before any photo of this folder is in the build's cache of fitted photos.
  it('leaves a photo that cannot be fitted out of the HTML, with a warning, and keeps the others', async () => {
    const sharp = new SharpImages();
    let failed = 0;
    const failingFirst: ImageProcessor = {
      probe: (bytes) => sharp.probe(bytes),
      fit: (bytes, widthPx, heightPx) => (failed++ === 0 ? Promise.reject(new Error('disk full')) : sharp.fit(bytes, widthPx, heightPx)),
    };
    const edition = await build(failingFirst);
    const warnings = edition.manifest.warnings.filter((w) => w.message.includes('the photo could not be prepared and was left out (disk full)'));
    expect(warnings).toHaveLength(1);
    const named = photoPathsIn(edition.html);
    expect(named.length).toBeGreaterThan(0);
    // Every photo the HTML names is an asset, and the one that failed is neither.
    expect(named).toEqual(photoAssets(edition));
    expect(edition.html).not.toContain(`assets/photos/${warnings[0].file.replace(/\.jpg$/, '')}`);
  }, 120_000);

  it('names exactly the fitted photos when all fit', async () => {
    const edition = await build(new SharpImages());
    expect(edition.manifest.warnings.filter((w) => w.message.includes('could not be prepared'))).toEqual([]);
    const named = photoPathsIn(edition.html);
    expect(named.length).toBeGreaterThan(1);
    expect(named).toEqual(photoAssets(edition));
    expect(edition.timings.photos).toBeGreaterThanOrEqual(0);
  }, 120_000);
});

describe('work done while Chromium prints', () => {
  it('measures the pages and fingerprints the inputs during the print when the renderer says when, with the same results', async () => {
    let printingCalls = 0;
    const announcing: Renderer = {
      async render(html, assets, options) {
        printingCalls++;
        options.onPrinting?.();
        return blankPrinter.render(html, assets, options);
      },
    };
    const during = await build(new SharpImages(), announcing);
    const after = await build(new SharpImages());
    expect(printingCalls).toBe(1);
    // The same edition either way: its measures and fingerprint do not depend on when they were taken.
    expect(during.manifest.quality).toEqual(after.manifest.quality);
    expect(during.manifest.pages).toEqual(after.manifest.pages);
    expect(during.fingerprint).toBe(after.fingerprint);
    expect(during.manifest.quality!.contentShare).toBeGreaterThan(0.3);
  }, 120_000);

  it('takes the inputs\' fingerprint from the request when the caller has computed it, and computes the same one itself otherwise', async () => {
    const { fingerprintInputs } = await import('../../lambdas/core/fingerprint');
    const computed = await build(new SharpImages());
    expect(computed.fingerprint).toBe(await fingerprintInputs(new FsInputSource(dir), undefined, '2019-12-04T08:00:00.000Z'));
    const outcome = await buildEdition({ source: new FsInputSource(dir), renderer: blankPrinter, images: new SharpImages(), resources: await loadEditionResources(), logger: quietLogger, now: () => new Date('2019-12-04T08:00:00Z') })({ fingerprint: 'given-by-the-caller' });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.edition.fingerprint).toBe('given-by-the-caller');
    expect(outcome.edition.manifest.fingerprint).toBe('given-by-the-caller');
  }, 120_000);
});
