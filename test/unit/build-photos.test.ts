/**
 * The edition's HTML is written while sharp fits the photos (build-edition.ts): it names each
 * photo's path before the photo is ready. The paths it names must be the assets the build hands
 * Chromium, and a photo that cannot be fitted must still be left out of the HTML, with a warning,
 * while the rest of the edition builds. No Chromium: a renderer that prints blank pages.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { loadEditionResources } from '../../lambdas/adapters/resources';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { buildEdition } from '../../lambdas/core/build-edition';
import type { BuiltEdition } from '../../lambdas/core/edition';
import type { Asset, ImageProcessor, RenderOptions, Renderer } from '../../lambdas/core/ports';
import { generateEdition } from '../fixtures/generate-edition';
import { blankPrinter } from '../support/blank-printer';
import { quietLogger } from '../support/edition';

let dir: string;

async function build(images: ImageProcessor, renderer: Renderer = blankPrinter, from = dir): Promise<BuiltEdition> {
  const outcome = await buildEdition({
    source: new FsInputSource(from),
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

/**
 * A blank printer that serves photos still being fitted, as Chromium's interception does: each
 * render waits for every photo its HTML names, and records what it was handed and when.
 */
function servingPrinter() {
  const renders: { html: string; unfittedAtStart: number; served: string[]; failed: string[]; handedOver: string[] }[] = [];
  const renderer: Renderer = {
    servesPendingAssets: true,
    async render(html: string, assets: ReadonlyMap<string, Asset>, options: RenderOptions) {
      const record = { html, unfittedAtStart: 0, served: [] as string[], failed: [] as string[], handedOver: [] as string[] };
      renders.push(record);
      const named = photoPathsIn(html);
      record.unfittedAtStart = named.filter((path) => !assets.has(path)).length;
      for (const path of named) {
        if (assets.has(path)) record.served.push(path);
        else {
          const pending = options.pendingAssets?.get(path);
          if (!pending) throw new Error(`${path} was neither ready nor pending`);
          await pending.then(() => record.served.push(path), () => record.failed.push(path));
        }
      }
      const result = await blankPrinter.render(html, assets, options);
      options.onPrinting?.();
      options.onPrinted?.(result.pdf);
      // What the build does with a print it has been handed, seen from the callbacks' effects.
      await new Promise((settle) => setTimeout(settle, 20));
      return result;
    },
  };
  return { renderer, renders };
}

describe('the print starts while the photos are fitted, with a renderer that serves them as they come', () => {
  /**
   * A folder of its own for each test: the build remembers fitted photos by content for the
   * process, and these must be fitted (slowly, or failing) while the print waits for them.
   */
  async function freshEdition(seed: number): Promise<string> {
    const folder = await mkdtemp(join(tmpdir(), 'epaper-late-photos-'));
    await generateEdition(folder, { articles: 6, briefs: 1, longStoryWords: 700, seed });
    return folder;
  }

  it('hands the photos over as they are fitted, and prints once', async () => {
    const sharp = new SharpImages();
    const slowFits: ImageProcessor = {
      probe: (bytes) => sharp.probe(bytes),
      // Fitted only well after the print has started.
      fit: (bytes, widthPx, heightPx) => new Promise((fitted) => setTimeout(fitted, 100)).then(() => sharp.fit(bytes, widthPx + 1, heightPx + 1)),
    };
    const { renderer, renders } = servingPrinter();
    const folder = await freshEdition(701);
    const edition = await build(slowFits, renderer, folder).finally(() => rm(folder, { recursive: true, force: true }));
    expect(renders).toHaveLength(1);
    // The render started before any photo was fitted, and got every photo its HTML names.
    const named = photoPathsIn(edition.html);
    expect(named.length).toBeGreaterThan(1);
    expect(renders[0].unfittedAtStart).toBe(named.length);
    expect(renders[0].served.sort()).toEqual(named);
    expect(renders[0].failed).toEqual([]);
    expect(named).toEqual(photoAssets(edition));
  }, 120_000);

  it('sets a print aside when a photo cannot be fitted, and prints the edition again without it, handing over only the second print', async () => {
    const sharp = new SharpImages();
    let fits = 0;
    const failingFirst: ImageProcessor = {
      probe: (bytes) => sharp.probe(bytes),
      fit: (bytes, widthPx, heightPx) => (fits++ === 0 ? new Promise<Uint8Array>((_, fail) => setTimeout(() => fail(new Error('disk full')), 50)) : sharp.fit(bytes, widthPx + 2, heightPx + 2)),
    };
    const { renderer, renders } = servingPrinter();
    const handedOver: string[] = [];
    const folder = await freshEdition(702);
    const outcome = await buildEdition({
      source: new FsInputSource(folder),
      renderer,
      images: failingFirst,
      resources: await loadEditionResources(),
      logger: quietLogger,
      now: () => new Date('2019-12-04T08:00:00Z'),
    })({ onFilesReady: (files) => handedOver.push(...files.keys()) }).finally(() => rm(folder, { recursive: true, force: true }));
    if (!outcome.ok) throw new Error(outcome.reason);
    const edition = outcome.edition;
    expect(renders).toHaveLength(2);
    // The first print asked for the photo that failed; the second never names it.
    expect(renders[0].failed).toHaveLength(1);
    const [lost] = renders[0].failed;
    expect(renders[1].html).not.toContain(lost);
    expect(renders[1].failed).toEqual([]);
    expect(edition.html).toBe(renders[1].html);
    expect(photoPathsIn(edition.html)).toEqual(photoAssets(edition));
    expect(edition.manifest.warnings.filter((w) => w.message.includes('the photo could not be prepared and was left out (disk full)'))).toHaveLength(1);
    // The set-aside print handed nothing over: one PDF, the edition's, and no photo that failed.
    expect(handedOver.filter((path) => path === 'edition.pdf')).toHaveLength(1);
    expect(handedOver).not.toContain(lost);
    expect(Buffer.from(edition.pdf).subarray(0, 5).toString()).toBe('%PDF-');
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

describe('photos in the text', () => {
  it('fits each story\'s figure into its own box: one photo under two captions of different lengths is two fits, each the shape it prints in', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'epaper-build-figures-'));
    try {
      await generateEdition(folder, { articles: 4, briefs: 0, longStoryWords: 300, seed: 5 });
      const [file] = await readdir(join(folder, 'images'));
      const story = (slug: string, caption: string) =>
        `---\nheadline: ${slug} story with a photo in its text\nsection: News\n---\n\nThe first paragraph of the ${slug} story, long enough to be a paragraph of its own on the page.\n\n![${caption}](images/${file})\n\nThe last paragraph of the ${slug} story.\n`;
      await writeFile(join(folder, 'short-caption.md'), story('Short', 'Boats.'));
      await writeFile(join(folder, 'long-caption.md'), story('Long', Array.from({ length: 60 }, () => 'boats moored at the harbour wall').join(' ')));
      const edition = await build(new SharpImages(), blankPrinter, folder);
      const figures = [...edition.html.matchAll(/<img class="fp" src="([^"]+)"[^>]*height:([\d.]+)px/g)].map(([, src, height]) => ({ src, height: Number(height) }));
      expect(figures).toHaveLength(2);
      expect(figures[0].src).not.toBe(figures[1].src);
      expect(figures[0].height).not.toBeCloseTo(figures[1].height, 0);
      for (const { src, height } of figures) {
        const asset = edition.assets.get(src)!;
        const { width: w, height: h } = await sharp(asset.body).metadata();
        // The fit has the proportions of the box it prints in (a column wide, `height` deep).
        const columnWidth = Number(new RegExp(`<div class="col" style="[^"]*width:([\\d.]+)px">(?:(?!<div class="col").)*${src.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 's').exec(edition.html)![1]);
        expect(h! / w!).toBeCloseTo(height / columnWidth, 2);
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
