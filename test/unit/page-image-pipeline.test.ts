/**
 * The reader's page images are encoded as the renderer takes them, not after the last one: a cold
 * render Lambda spends seconds on the screenshots and as long again on sharp's WebP, and each page's
 * encoding can run in sharp's threads while Chromium takes the next.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { loadEditionResources } from '../../lambdas/adapters/resources';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { buildEdition } from '../../lambdas/core/build-edition';
import type { Asset, EncodedPageImages, PageImageSizes, Renderer, RenderOptions, RenderResult } from '../../lambdas/core/ports';
import { quietLogger } from '../support/edition';

/** A blank PDF of `pages` A4 pages, as the renderer would print. */
async function blankPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]);
  return doc.save();
}

describe('page images', () => {
  it('are handed to the encoder one by one while the renderer is still taking the rest', async () => {
    const events: string[] = [];
    let encodedFirst!: () => void;
    const firstEncodingStarted = new Promise<void>((resolve) => (encodedFirst = resolve));
    const renderer: Renderer = {
      async render(html: string, _assets: ReadonlyMap<string, Asset>, options: RenderOptions): Promise<RenderResult> {
        const pages = html.match(/<section class="page"/g)?.length ?? 0;
        const images = Array.from({ length: pages }, (_, i) => new Uint8Array([i]));
        for (const [i, image] of images.entries()) {
          events.push(`taken ${i + 1}`);
          options.onPageImage?.(i, image);
          // The renderer goes on with page 2 only once page 1 is being encoded: a builder that waits
          // for the whole render before encoding never gets here.
          if (i === 0) await firstEncodingStarted;
        }
        return { pdf: await blankPdf(pages), blockedRequests: [], pageImages: images };
      },
    };
    const sharpImages = new SharpImages();
    const images = {
      probe: (bytes: Uint8Array) => sharpImages.probe(bytes),
      fit: (bytes: Uint8Array, w: number, h: number) => sharpImages.fit(bytes, w, h),
      async encodePageImages(screenshot: Uint8Array, sizes: PageImageSizes): Promise<EncodedPageImages> {
        events.push(`encoding ${screenshot[0] + 1}`);
        if (screenshot[0] === 0) encodedFirst();
        expect(sizes).toMatchObject({ readingWidthPx: 1600, smallWidthPx: 240 });
        const tag = new Uint8Array([screenshot[0] + 1]);
        return { reading: tag, small: tag, thumbnailPng: tag };
      },
    };
    const outcome = await buildEdition({ source: new FsInputSource('samples'), renderer, images, resources: await loadEditionResources(), logger: quietLogger, now: () => new Date('2019-12-04T08:00:00Z') })({
      date: '2019-12-04',
      pageImageWidthPx: 1600,
      thumbnailWidthPx: 240,
    });

    if (!outcome.ok) throw new Error(outcome.reason);
    const pages = outcome.edition.manifest.pageCount;
    expect(pages).toBeGreaterThan(1);
    expect(events.slice(0, 3)).toEqual(['taken 1', 'encoding 1', 'taken 2']);
    // Every page encoded once, in page order in the edition.
    expect(events.filter((e) => e.startsWith('encoding')).sort()).toEqual(Array.from({ length: pages }, (_, i) => `encoding ${i + 1}`).sort());
    expect(outcome.edition.thumbnails.map((png) => png[0])).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
    expect(outcome.edition.readerFiles?.get('pages/page-2.webp')?.body[0]).toBe(2);
  }, 30_000);

  it('are handed to the publisher as soon as each page is encoded, numbered across the parts of a long edition', async () => {
    let taken = 0;
    const renderer: Renderer = {
      async render(html: string, _assets: ReadonlyMap<string, Asset>, options: RenderOptions): Promise<RenderResult> {
        // The parts may be printed in any order (largest first): each page's number is its own.
        const numbers = [...html.matchAll(/<section class="page" data-page="(\d+)"/g)].map((match) => Number(match[1]));
        const pages = numbers.length;
        const images: Uint8Array[] = [];
        for (let i = 0; i < pages; i++) {
          // Each screenshot's first byte is its page's number in the whole edition.
          images.push(new Uint8Array([numbers[i]]));
          taken++;
          options.onPageImage?.(i, images[i]);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return { pdf: await blankPdf(pages), blockedRequests: [], pageImages: images };
      },
    };
    const sharpImages = new SharpImages();
    const images = {
      probe: (bytes: Uint8Array) => sharpImages.probe(bytes),
      fit: (bytes: Uint8Array, w: number, h: number) => sharpImages.fit(bytes, w, h),
      encodePageImages: async (screenshot: Uint8Array): Promise<EncodedPageImages> => ({
        reading: new Uint8Array([screenshot[0], 1]),
        small: new Uint8Array([screenshot[0], 2]),
        thumbnailPng: new Uint8Array([screenshot[0], 3]),
      }),
    };
    const handed = new Map<string, { body: Uint8Array; pagesTaken: number }>();
    const outcome = await buildEdition({
      source: new FsInputSource('samples'),
      renderer,
      images,
      resources: await loadEditionResources(),
      logger: quietLogger,
      now: () => new Date('2019-12-04T08:00:00Z'),
      pagesPerPrint: 2,
    })({
      date: '2019-12-04',
      pageImageWidthPx: 1600,
      thumbnailWidthPx: 240,
      onFilesReady: (files) => {
        for (const [path, file] of files) handed.set(path, { body: file.body, pagesTaken: taken });
      },
    });

    if (!outcome.ok) throw new Error(outcome.reason);
    const pages = outcome.edition.manifest.pageCount;
    expect(pages).toBeGreaterThan(2);
    for (let page = 1; page <= pages; page++) {
      // Each page's files under its own number in the edition, whichever part printed it, with the
      // very bytes the edition holds.
      for (const [path, kind] of [[`pages/page-${page}.webp`, 1], [`pages/page-${page}-small.webp`, 2], [`thumbnails/page-${page}.png`, 3]] as const) {
        expect([...(handed.get(path)?.body ?? [])], path).toEqual([page, kind]);
      }
      expect(handed.get(`pages/page-${page}.webp`)!.body).toBe(outcome.edition.readerFiles!.get(`pages/page-${page}.webp`)!.body);
      expect(handed.get(`thumbnails/page-${page}.png`)!.body).toBe(outcome.edition.thumbnails[page - 1]);
    }
    // The first images handed over went to the publisher before the last page had been taken.
    expect(Math.min(...Array.from({ length: pages }, (_, i) => handed.get(`pages/page-${i + 1}.webp`)!.pagesTaken))).toBeLessThan(pages);
  }, 30_000);

  it('hand the publisher the finished PDF before any page image is taken, the very bytes the edition holds; a long edition\'s only once joined', async () => {
    let taken = 0;
    let releaseAsked: boolean[] = [];
    let followAsked: boolean[] = [];
    let rendering = 0;
    let settledAfter: number[] = [];
    const renderNow = async (html: string, options: RenderOptions): Promise<RenderResult> => {
      releaseAsked.push(options.releaseAfterReturn === true);
      followAsked.push(options.moreToFollow === true);
      const pages = html.match(/<section class="page"/g)?.length ?? 0;
      const pdf = await blankPdf(pages);
      options.onPrinted?.(pdf);
      const images: Uint8Array[] = [];
      for (let i = 0; i < pages; i++) {
        // Time for the finishing (pdf-lib) to end while the "screenshots" are taken.
        await new Promise((resolve) => setTimeout(resolve, 20));
        images.push(new Uint8Array([i]));
        taken++;
        options.onPageImage?.(i, images[i]);
      }
      return { pdf, blockedRequests: [], pageImages: images };
    };
    const renderer: Renderer = {
      async settle() {
        // How many renders were still under way when the build asked for the pages back.
        settledAfter.push(rendering);
      },
      async render(html: string, _assets: ReadonlyMap<string, Asset>, options: RenderOptions): Promise<RenderResult> {
        rendering++;
        try {
          return await renderNow(html, options);
        } finally {
          rendering--;
        }
      },
    };
    const sharpImages = new SharpImages();
    const images = {
      probe: (bytes: Uint8Array) => sharpImages.probe(bytes),
      fit: (bytes: Uint8Array, w: number, h: number) => sharpImages.fit(bytes, w, h),
      encodePageImages: async (screenshot: Uint8Array): Promise<EncodedPageImages> => ({ reading: screenshot, small: screenshot, thumbnailPng: screenshot }),
    };
    const build = async (pagesPerPrint?: number) => {
      taken = 0;
      releaseAsked = [];
      followAsked = [];
      settledAfter = [];
      let pdfHanded: { body: Uint8Array; pagesTaken: number } | undefined;
      const outcome = await buildEdition({ source: new FsInputSource('samples'), renderer, images, resources: await loadEditionResources(), logger: quietLogger, now: () => new Date('2019-12-04T08:00:00Z'), ...(pagesPerPrint ? { pagesPerPrint } : {}) })({
        date: '2019-12-04',
        pageImageWidthPx: 1600,
        onFilesReady: (files) => {
          const pdf = files.get('edition.pdf');
          if (pdf) pdfHanded = { body: pdf.body, pagesTaken: taken };
        },
      });
      if (!outcome.ok) throw new Error(outcome.reason);
      return { edition: outcome.edition, pdfHanded };
    };

    const whole = await build();
    expect(whole.pdfHanded?.pagesTaken).toBeLessThan(whole.edition.manifest.pageCount);
    expect(whole.pdfHanded?.body).toBe(whole.edition.pdf);
    // Finished: the outline and metadata are in it.
    expect((await PDFDocument.load(whole.pdfHanded!.body)).getTitle()).toContain('2019-12-04');
    // Its page's memory may be handed back after the render: nothing else prints.
    expect(releaseAsked).toEqual([true]);
    expect(followAsked).toEqual([false]);
    expect(settledAfter).toEqual([]);

    // In parts, the PDF exists only once they are joined: nothing is handed over early. Each part
    // may leave its page to the next (moreToFollow), and what the renderer kept is asked back once,
    // after the last part has returned.
    const parts = await build(2);
    expect(parts.pdfHanded).toBeUndefined();
    expect(releaseAsked.length).toBeGreaterThan(1);
    expect(releaseAsked.every((asked) => !asked)).toBe(true);
    expect(followAsked.every((asked) => asked)).toBe(true);
    expect(settledAfter).toEqual([0]);
  }, 30_000);
});

describe('page images remembered in a warm process', () => {
  it('are taken again only for the pages whose markup or photos changed since an earlier build, the rest handed over as remembered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'epaper-page-memory-'));
    try {
      await cp('samples', dir, { recursive: true });
      let build = 0;
      let taken: number[] = [];
      const renderer: Renderer = {
        async render(html: string, _assets: ReadonlyMap<string, Asset>, options: RenderOptions): Promise<RenderResult> {
          const numbers = [...html.matchAll(/<section class="page" data-page="(\d+)"/g)].map((match) => Number(match[1]));
          // A screenshot names its build and its page.
          const shots = numbers.map((page, i) => (options.pageImagesKnown?.has(i) ? undefined : new Uint8Array([build, page])));
          shots.forEach((shot, i) => {
            if (!shot) return;
            taken.push(numbers[i]);
            options.onPageImage?.(i, shot);
          });
          return { pdf: await blankPdf(numbers.length), blockedRequests: [], pageImages: shots };
        },
      };
      const sharpImages = new SharpImages();
      const images = {
        probe: (bytes: Uint8Array) => sharpImages.probe(bytes),
        fit: (bytes: Uint8Array, w: number, h: number) => sharpImages.fit(bytes, w, h),
        encodePageImages: async (shot: Uint8Array): Promise<EncodedPageImages> => ({ reading: shot, small: shot, thumbnailPng: shot }),
      };
      const resources = await loadEditionResources();
      const buildOnce = async (request: { pageImageWidthPx?: number } = {}, processor: typeof images = images) => {
        build++;
        taken = [];
        const handed = new Map<string, Uint8Array>();
        const outcome = await buildEdition({ source: new FsInputSource(dir), renderer, images: processor, resources, logger: quietLogger, now: () => new Date('2019-12-04T08:00:00Z') })({
          date: '2019-12-04',
          pageImageWidthPx: 1600,
          thumbnailWidthPx: 240,
          onFilesReady: (files) => {
            for (const [path, file] of files) handed.set(path, file.body);
          },
          ...request,
        });
        if (!outcome.ok) throw new Error(outcome.reason);
        const pages = outcome.edition.html.split('<section class="page"').slice(1);
        return { edition: outcome.edition, handed, taken: [...taken].sort((a, b) => a - b), pages };
      };
      /** Which build's screenshot each page's files hold, checking that every file of the page holds it. */
      const shotBuilds = (built: Awaited<ReturnType<typeof buildOnce>>) =>
        built.pages.map((_, i) => {
          const page = i + 1;
          const files = [`pages/page-${page}.webp`, `pages/page-${page}-small.webp`, `thumbnails/page-${page}.png`].map((path) => built.handed.get(path));
          files.push(built.edition.readerFiles!.get(`pages/page-${page}.webp`)!.body, built.edition.thumbnails[i]);
          for (const file of files) expect(file && [...file].slice(1), `page ${page}`).toEqual([page]);
          expect(new Set(files.map((file) => file![0])).size, `page ${page}`).toBe(1);
          return files[0]![0];
        });

      const first = await buildOnce();
      const everyPage = first.pages.map((_, i) => i + 1);
      expect(everyPage.length).toBeGreaterThan(2);
      expect(first.taken).toEqual(everyPage);
      expect(shotBuilds(first)).toEqual(everyPage.map(() => 1));

      // Nothing changed: nothing taken, every page's images the first build's, handed over all the same.
      const again = await buildOnce();
      expect(again.pages).toEqual(first.pages);
      expect(again.taken).toEqual([]);
      expect(shotBuilds(again)).toEqual(everyPage.map(() => 1));

      // A correction in one story that sets on as many lines (a longer one may plan the edition
      // afresh): its page is taken again, and only it.
      const story = join(dir, 'ha-noi-flood-sensors.md');
      await writeFile(story, (await readFile(story, 'utf8')).replace('the largest early-warning network', 'the biggest early-warning network'));
      const corrected = await buildOnce();
      const changed = everyPage.filter((page) => corrected.pages[page - 1] !== again.pages[page - 1]);
      expect(changed.length).toBeGreaterThan(0);
      expect(changed.length).toBeLessThan(everyPage.length);
      expect(corrected.taken).toEqual(changed);
      expect(shotBuilds(corrected)).toEqual(everyPage.map((page) => (changed.includes(page) ? build : 1)));

      // A photo with other bytes under the same name and size: the markup is the same, the pages that
      // show it are taken again.
      const photo = join(dir, 'images', 'tp-hcm-street-food.jpg');
      await writeFile(photo, await sharp(await readFile(photo)).negate().jpeg().toBuffer());
      const rephotographed = await buildOnce();
      expect(rephotographed.pages).toEqual(corrected.pages);
      const showing = everyPage.filter((page) => rephotographed.pages[page - 1].includes('assets/photos/tp-hcm-street-food-'));
      expect(showing.length).toBeGreaterThan(0);
      expect(rephotographed.taken).toEqual(showing);

      // Another reading size, or another image processor: every page taken.
      expect((await buildOnce({ pageImageWidthPx: 1200 })).taken).toEqual(everyPage);
      expect((await buildOnce({}, { ...images })).taken).toEqual(everyPage);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
