/**
 * Render tests for the Chromium adapter: real browser, real PDF, read back with pdfjs.
 */
import chromium from '@sparticuz/chromium';
import sharp from 'sharp';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { getDocument } from '../support/pdfjs';
import type { Page } from 'puppeteer-core';
import { ChromiumRenderer, closeBrowser, sealedLaunchArgs } from '../../lambdas/adapters/chromium-renderer';
import type { Asset } from '../../lambdas/core/ports';
import { processTreeMemoryBytes } from '../../bin/process-memory';
import { bodyFontAsset } from '../support/fonts';

const fontBytes = bodyFontAsset.body;
const MM_TO_PT = 72 / 25.4;

function twoPageHtml(widthMm: number, heightMm: number): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@font-face { font-family: "Body"; src: url("assets/fonts/body.ttf") format("truetype"); }
@page { size: ${widthMm}mm ${heightMm}mm; margin: 0; }
html, body { margin: 0; padding: 0; }
body { font-family: "Body"; font-size: 14pt; }
.page { width: ${widthMm}mm; height: ${heightMm}mm; box-sizing: border-box; padding: 15mm;
        break-after: page; overflow: hidden; background: #fff; }
.page:last-child { break-after: auto; }
.band { height: 30mm; background: #224; }
</style></head><body>
<section class="page"><div class="band"></div><p>Phó Thủ tướng Nguyễn Quốc Dũng phát biểu tại Hà Nội.</p></section>
<section class="page"><p>PAGE-TWO-MARKER</p></section>
</body></html>`;
}

const assets: ReadonlyMap<string, Asset> = new Map([
  ['assets/fonts/body.ttf', { contentType: 'font/ttf', body: fontBytes }],
]);

async function loadPdf(bytes: Uint8Array) {
  return getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
}

async function pageText(doc: Awaited<ReturnType<typeof loadPdf>>, pageNumber: number): Promise<string> {
  const content = await (await doc.getPage(pageNumber)).getTextContent();
  return content.items.map((item) => ('str' in item ? item.str : '')).join('');
}

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  expect(Array.from(png.subarray(0, 8))).toEqual(signature);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const renderer = new ChromiumRenderer();
afterAll(closeBrowser);

describe('ChromiumRenderer', () => {
  it('prints a two-page A4 edition with the embedded serif and Vietnamese text intact', async () => {
    const result = await renderer.render(twoPageHtml(210, 297), assets, { widthMm: 210, heightMm: 297 });
    expect(result.blockedRequests).toEqual([]);
    expect(result.thumbnails).toBeUndefined();

    const doc = await loadPdf(result.pdf);
    expect(doc.numPages).toBe(2);
    for (const n of [1, 2]) {
      const [x0, y0, x1, y1] = (await doc.getPage(n)).view;
      expect(x1 - x0).toBeCloseTo(210 * MM_TO_PT, 0);
      expect(y1 - y0).toBeCloseTo(297 * MM_TO_PT, 0);
    }
    const first = await pageText(doc, 1);
    expect(first.normalize('NFC')).toBe(first); // Chromium must not decompose the diacritics
    expect(first).toContain('Nguyễn Quốc Dũng');
    expect(first).toContain('Hà Nội');
    expect(await pageText(doc, 2)).toContain('PAGE-TWO-MARKER');

    // The font program itself is embedded under the face's PostScript name (subset-prefixed).
    const raw = Buffer.from(result.pdf).toString('latin1');
    expect(raw).toMatch(/\/FontName\s*\/[A-Z]{6}\+SourceSerif4/);
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).not.toMatch(/\/FontName\s*\/[A-Z]{6}\+OpenSans/);
    await doc.destroy();
  });

  it('prints a Berliner page size exactly', async () => {
    const result = await renderer.render(twoPageHtml(315, 470), assets, { widthMm: 315, heightMm: 470 });
    const doc = await loadPdf(result.pdf);
    const [x0, y0, x1, y1] = (await doc.getPage(2)).view;
    expect(x1 - x0).toBeCloseTo(315 * MM_TO_PT, 0);
    expect(y1 - y0).toBeCloseTo(470 * MM_TO_PT, 0);
    await doc.destroy();
  });

  it.each([
    { name: 'A4', widthMm: 210, heightMm: 297, widthPx: 300 },
    { name: 'Berliner', widthMm: 315, heightMm: 470, widthPx: 240 },
  ])('returns one PNG thumbnail per $name page at the requested width', async ({ widthMm, heightMm, widthPx }) => {
    const result = await renderer.render(twoPageHtml(widthMm, heightMm), assets, {
      widthMm,
      heightMm,
      thumbnailWidthPx: widthPx,
    });
    expect(result.thumbnails).toHaveLength(2);
    const expectedHeight = (widthPx * heightMm) / widthMm;
    for (const png of result.thumbnails!) {
      const { width, height } = pngSize(png);
      expect(width).toBe(widthPx);
      expect(Math.abs(height - expectedHeight)).toBeLessThanOrEqual(1);
    }
    // The first page has a dark band, the second does not: the thumbnails are not the same picture.
    expect(Buffer.from(result.thumbnails![0]).equals(Buffer.from(result.thumbnails![1]))).toBe(false);
  });

  it('makes the reader\'s page images (one fast screenshot per page) the same pictures as the thumbnails, every page its own', async () => {
    // Three pages, each with its band at a different height: a wrong clip shows the wrong band.
    const html = twoPageHtml(210, 297)
      .replace('<p>PAGE-TWO-MARKER</p>', '<div style="height:100mm"></div><div class="band"></div>')
      .replace('</body>', '<section class="page"><div style="height:200mm"></div><div class="band"></div></section></body>');
    const widthPx = 400;
    const classic = await renderer.render(html, assets, { widthMm: 210, heightMm: 297, thumbnailWidthPx: widthPx });
    const handed: [number, Uint8Array][] = [];
    const fast = await renderer.render(html, assets, { widthMm: 210, heightMm: 297, pageImageWidthPx: widthPx, onPageImage: (i, image) => handed.push([i, image]) });
    expect(fast.thumbnails).toBeUndefined();
    expect(fast.pageImages).toHaveLength(3);
    // Each image handed over as it was taken, in order, the same bytes the result holds.
    expect(handed.map(([i]) => i)).toEqual([0, 1, 2]);
    handed.forEach(([i, image]) => expect(image).toBe(fast.pageImages![i]));
    const { default: sharp } = await import('sharp');
    const pixels = async (png: Uint8Array) => sharp(png).removeAlpha().greyscale().raw().toBuffer({ resolveWithObject: true });
    // Mean absolute grey difference over the rows both have (pages may differ by a rounding row).
    const difference = (a: Buffer, b: Buffer) => {
      const n = Math.min(a.length, b.length);
      let sum = 0;
      for (let k = 0; k < n; k++) sum += Math.abs(a[k] - b[k]);
      return sum / n;
    };
    const classicPixels = await Promise.all(classic.thumbnails!.map(pixels));
    for (const [i, taken] of fast.pageImages!.entries()) {
      const image = taken!;
      const mine = await pixels(image);
      expect(pngSize(image).width).toBe(widthPx);
      expect(mine.info.height).toBe(classicPixels[i].info.height);
      // The same page: nearly identical pixels; any other page: visibly different.
      classicPixels.forEach((other, j) => {
        const diff = difference(mine.data, other.data);
        if (i === j) expect(diff, `page ${i + 1}`).toBeLessThan(2);
        else expect(diff, `page ${i + 1} vs ${j + 1}`).toBeGreaterThan(10);
      });
    }
  });

  it('does not take the page images the caller already has, and takes the others as before', async () => {
    const html = twoPageHtml(210, 297).replace('</body>', '<section class="page"><div class="band"></div></section></body>');
    const widthPx = 300;
    const all = await renderer.render(html, assets, { widthMm: 210, heightMm: 297, pageImageWidthPx: widthPx });
    const handed: number[] = [];
    const some = await renderer.render(html, assets, { widthMm: 210, heightMm: 297, pageImageWidthPx: widthPx, pageImagesKnown: new Set([1]), onPageImage: (i) => handed.push(i) });
    expect(some.pageImages).toHaveLength(3);
    expect(some.pageImages![1]).toBeUndefined();
    expect(handed).toEqual([0, 2]);
    const { default: sharp } = await import('sharp');
    for (const i of [0, 2]) {
      expect(pngSize(some.pageImages![i]!).width).toBe(widthPx);
      // The same page's picture as when every page was taken.
      const [a, b] = await Promise.all([all.pageImages![i]!, some.pageImages![i]!].map((png) => sharp(png).removeAlpha().greyscale().raw().toBuffer()));
      let sum = 0;
      for (let k = 0; k < Math.min(a.length, b.length); k++) sum += Math.abs(a[k] - b[k]);
      expect(sum / Math.min(a.length, b.length), `page ${i + 1}`).toBeLessThan(2);
    }
    // Every page known: nothing is taken.
    handed.length = 0;
    const none = await renderer.render(html, assets, { widthMm: 210, heightMm: 297, pageImageWidthPx: widthPx, pageImagesKnown: new Set([0, 1, 2]), onPageImage: (i) => handed.push(i) });
    expect(none.pageImages).toEqual([undefined, undefined, undefined]);
    expect(handed).toEqual([]);
  });

  it('hands the caller the print\'s wait once, after the edition loaded and before the PDF is back', async () => {
    const moments: string[] = [];
    const printed = renderer
      .render(twoPageHtml(210, 297), assets, {
        widthMm: 210,
        heightMm: 297,
        onPrinting: () => {
          moments.push('printing');
        },
      })
      .then((result) => {
        moments.push('printed');
        return result;
      });
    const result = await printed;
    expect(moments).toEqual(['printing', 'printed']);
    // The work done while printing did not stop the print: both pages are there.
    expect(await pageText(await loadPdf(result.pdf), 2)).toContain('PAGE-TWO-MARKER');
    // A caller's failure is its own render's failure, not a hang or a crash of the process.
    await expect(
      renderer.render(twoPageHtml(210, 297), assets, {
        widthMm: 210,
        heightMm: 297,
        onPrinting: () => {
          throw new Error('measuring failed');
        },
      }),
    ).rejects.toThrow('measuring failed');
  });

  it('serves concurrent renders from the one browser, each in its own page', async () => {
    const options = { widthMm: 210, heightMm: 297 };
    const [a, b] = await Promise.all([
      renderer.render(twoPageHtml(210, 297), assets, options),
      renderer.render(twoPageHtml(210, 297).replace('PAGE-TWO-MARKER', 'OTHER-MARKER'), assets, options),
    ]);
    const [docA, docB] = await Promise.all([loadPdf(a.pdf), loadPdf(b.pdf)]);
    expect(await pageText(docA, 2)).toContain('PAGE-TWO-MARKER');
    expect(await pageText(docB, 2)).toContain('OTHER-MARKER');
  });

  it('never prints an earlier edition\'s bytes for a path the next edition uses again', async () => {
    // A warm renderer, two editions, one photo path: red in the first, blue in the second.
    const photo = (rgb: { r: number; g: number; b: number }) =>
      sharp({ create: { width: 40, height: 40, channels: 3, background: rgb } }).png().toBuffer().then((b) => new Uint8Array(b));
    const html = '<!doctype html><html><head><style>@page { size: 210mm 297mm; margin: 0 } body { margin: 0 } .page { width: 210mm; height: 297mm } img { display: block; width: 100%; height: 100% }</style></head><body><section class="page"><img src="assets/photos/p.png"></section></body></html>';
    const options = { widthMm: 210, heightMm: 297, thumbnailWidthPx: 60 };
    const centre = async (png: Uint8Array) => {
      const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const i = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * 3;
      return [data[i], data[i + 1], data[i + 2]];
    };
    const red = await renderer.render(html, new Map([['assets/photos/p.png', { contentType: 'image/png', body: await photo({ r: 255, g: 0, b: 0 }) }]]), options);
    const blue = await renderer.render(html, new Map([['assets/photos/p.png', { contentType: 'image/png', body: await photo({ r: 0, g: 0, b: 255 }) }]]), options);
    expect(await centre(red.thumbnails![0])).toEqual([255, 0, 0]);
    expect(await centre(blue.thumbnails![0])).toEqual([0, 0, 255]);
  });

  it('opens the next render\'s page while the caller still composes, and opens another if Chromium went away meanwhile', async () => {
    const ahead = new ChromiumRenderer();
    const nextPage = () => (ahead as unknown as { nextPage?: Promise<Page> }).nextPage;
    ahead.prepare();
    const prepared = await nextPage()!;
    expect(prepared.isClosed()).toBe(false);
    ahead.prepare(); // a second call keeps the one page
    expect(await nextPage()!).toBe(prepared);
    const result = await ahead.render(twoPageHtml(210, 297), assets, { widthMm: 210, heightMm: 297 });
    expect(await pageText(await loadPdf(result.pdf), 2)).toContain('PAGE-TWO-MARKER');
    // The render printed in that page (and closed it), and nothing is left prepared.
    expect(prepared.isClosed()).toBe(true);
    expect(nextPage()).toBeUndefined();
    // A prepared page whose Chromium is gone by the time of the render is not used.
    ahead.prepare();
    await nextPage()!;
    await closeBrowser();
    const again = await ahead.render(twoPageHtml(210, 297), assets, { widthMm: 210, heightMm: 297 });
    expect((await loadPdf(again.pdf)).numPages).toBe(2);
  });

  it('hands the PDF over before the page images, and when asked hands the page back after returning: at the next build\'s start, or before its browser renders again', async () => {
    const later = new ChromiumRenderer();
    const parked = () => (later as unknown as { parked: (Page | undefined)[] }).parked[0];
    let handedOver: Uint8Array | undefined;
    let imagesWhenHandedOver = -1;
    let imagesTaken = 0;
    const options = {
      widthMm: 210,
      heightMm: 297,
      pageImageWidthPx: 120,
      onPageImage: () => imagesTaken++,
      onPrinted: (pdf: Uint8Array) => {
        handedOver = pdf;
        imagesWhenHandedOver = imagesTaken;
      },
      releaseAfterReturn: true,
    };
    const first = await later.render(twoPageHtml(210, 297), assets, options);
    expect(handedOver).toBe(first.pdf);
    expect(imagesWhenHandedOver).toBe(0);
    expect(first.pageImages).toHaveLength(2);
    // Returned with its page still open; the next build's start hands it back.
    const firstPage = parked()!;
    expect(firstPage.isClosed()).toBe(false);
    later.prepare();
    expect(parked()).toBeUndefined();
    await vi.waitFor(() => expect(firstPage.isClosed()).toBe(true), { timeout: 10_000 });
    // Without a prepare() between, the next render in that browser hands it back before it loads.
    await later.render(twoPageHtml(210, 297), assets, options);
    const secondPage = parked()!;
    const third = await later.render(twoPageHtml(210, 297), assets, { widthMm: 210, heightMm: 297 });
    expect(secondPage.isClosed()).toBe(true);
    expect(parked()).toBeUndefined();
    expect((await loadPdf(third.pdf)).numPages).toBe(2);
    // settle() hands back and waits: a measure of the next render starts from a renderer at rest.
    await later.render(twoPageHtml(210, 297), assets, options);
    const fourthPage = parked()!;
    expect(fourthPage.isClosed()).toBe(false);
    await later.settle();
    expect(fourthPage.isClosed()).toBe(true);
  });

  it('loads the next part of an edition into the last part\'s page, sealed for the new part alone, and hands it back at settle()', async () => {
    const parts = new ChromiumRenderer();
    const kept = () => (parts as unknown as { kept: ({ page: Page } | undefined)[] }).kept[0]?.page;
    const photo = await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: 200, g: 0, b: 0 } } }).png().toBuffer();
    const partHtml = (marker: string, extra: string) => twoPageHtml(210, 297).replace('PAGE-TWO-MARKER', marker).replace('<div class="band"></div>', `<div class="band"></div>${extra}`);
    const options = { widthMm: 210, heightMm: 297, moreToFollow: true };
    const first = await parts.render(partHtml('FIRST-PART', '<img src="assets/photos/first.png">'), new Map([...assets, ['assets/photos/first.png', { contentType: 'image/png', body: new Uint8Array(photo) }]]), options);
    expect(first.blockedRequests).toEqual([]);
    const page = kept()!;
    expect(page.isClosed()).toBe(false);
    // The second part asks for the first part's photo, which is not among its assets, and for a
    // page outside: both are refused by its own seal, not answered by the first part's.
    const second = await parts.render(partHtml('SECOND-PART', '<img src="assets/photos/first.png"><img src="https://example.com/x.png">'), assets, options);
    expect(kept()).toBe(page);
    const text = await pageText(await loadPdf(second.pdf), 2);
    expect(text).toContain('SECOND-PART');
    expect(text).not.toContain('FIRST-PART');
    expect(second.blockedRequests).toEqual(expect.arrayContaining([expect.stringContaining('assets/photos/first.png'), 'https://example.com/x.png']));
    await parts.settle();
    expect(kept()).toBeUndefined();
    expect(page.isClosed()).toBe(true);
    // A page kept by a build that never settled (one that failed) is handed back by the next
    // build's prepare(), and that browser's next render waits until it has been.
    await parts.render(partHtml('THIRD-PART', ''), assets, options);
    const left = kept()!;
    parts.prepare();
    expect(kept()).toBeUndefined();
    await parts.render(twoPageHtml(210, 297), assets, { widthMm: 210, heightMm: 297 });
    expect(left.isClosed()).toBe(true);
    // A render that takes screenshots, or is not told more follows, keeps nothing.
    await parts.render(twoPageHtml(210, 297), assets, { ...options, thumbnailWidthPx: 60 });
    expect(kept()).toBeUndefined();
    await parts.render(twoPageHtml(210, 297), assets, { widthMm: 210, heightMm: 297 });
    expect(kept()).toBeUndefined();
  });

  it('relaunches after the browser was closed', async () => {
    await closeBrowser();
    const result = await renderer.render(twoPageHtml(210, 297), assets, { widthMm: 210, heightMm: 297 });
    expect((await loadPdf(result.pdf)).numPages).toBe(2);
  });

  it.runIf(process.platform === 'linux')('hands a rendered edition\'s memory back, so a warm process does not grow per edition', async () => {
    // 40 pages of one-line boxes, the shape the composer emits: about 16,000 lines. Before pages were
    // released, single-process Chromium kept every rendered document (about 200 MB for this one).
    const lines = (page: number) =>
      Array.from({ length: 400 }, (_, i) => `<div class="l">Dòng ${i} trang ${page}: phát biểu tại Hà Nội, báo in ${page * 1000 + i}</div>`).join('');
    const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@font-face { font-family: "Body"; src: url("assets/fonts/body.ttf") format("truetype"); }
@page { size: 315mm 470mm; margin: 0; }
body { margin: 0; font-family: "Body"; font-size: 7pt; }
.page { width: 315mm; height: 470mm; overflow: hidden; break-after: page; columns: 5; }
.l { white-space: pre; text-align: justify; text-align-last: justify; }
</style></head><body>${Array.from({ length: 40 }, (_, p) => `<section class="page">${lines(p)}</section>`).join('')}</body></html>`;
    const options = { widthMm: 315, heightMm: 470 };
    const MIB = 1024 * 1024;
    const after: number[] = [];
    for (let round = 0; round < 4; round++) {
      const result = await renderer.render(html, assets, options);
      expect((await loadPdf(result.pdf)).numPages).toBe(40);
      // Private pages: another test file's Chromium starting or exiting would move a shared-page share.
      // Chromium purges after the pressure signal in its own time (later on a busy machine): the
      // lowest of a few samples over a second is what it settles at.
      let settled = Infinity;
      for (let sample = 0; sample < 5; sample++) {
        settled = Math.min(settled, (await processTreeMemoryBytes({ includeSelf: false, measure: 'private' })) / MIB);
        await new Promise((done) => setTimeout(done, 250));
      }
      after.push(settled);
    }
    // A leak keeps the whole document each round: about 200 MB here, 600 MB over three more
    // renders. Without one, Chromium still steps up once in a while (a cache it keeps, about
    // 100 MB, seen on a busy machine) and then stays level.
    expect(after[3] - after[0], `Chromium after each render: ${after.map((m) => m.toFixed(0)).join(', ')} MB`).toBeLessThan(250);
  }, 120_000);
});

describe('sealedLaunchArgs', () => {
  it('renders in software, without the GPU emulation @sparticuz turns on, and keeps web security', () => {
    const args = sealedLaunchArgs(chromium.args);
    const names = args.map((arg) => arg.split('=')[0]);
    // SwiftShader (GL emulated on the CPU) took the page screenshots three times as long as Skia's software raster.
    expect(names).toContain('--disable-gpu');
    for (const emulation of ['--use-gl', '--use-angle', '--enable-unsafe-swiftshader']) expect(names).not.toContain(emulation);
    for (const unsafe of ['--disable-web-security', '--allow-running-insecure-content']) expect(names).not.toContain(unsafe);
    expect(names).toContain('--single-process');
  });
});
