/**
 * How the edition is loaded for printing (issue 15, item 7): print.css gives every page
 * `content-visibility: auto`, so Chromium does not lay out pages away from the viewport while the
 * document loads (it otherwise laid out a 97-page edition several times over, about 2 s). Such a page
 * is not styled before the print, so a face it alone uses would not have been requested: the
 * renderer loads every declared face first. Photos are not decoded before the print (the print
 * decodes what it paints), which prints the same bytes only because print.css paints nothing under
 * a photo. These tests hold all three facts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ChromiumRenderer, closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import { FONT_FILES } from '../../lambdas/adapters/resources';
import { finalizePdf } from '../../lambdas/core/pdf-postprocess';
import type { Asset } from '../../lambdas/core/ports';
import { closeSealedBrowser, launchSealedBrowser, openEditionPage } from '../support/edition-page';
import { bodyFontAsset, embeddedFontNames } from '../support/fonts';

const printCss = readFileSync(join(__dirname, '..', '..', 'templates', 'print.css'), 'utf8');
const require_ = createRequire(import.meta.url);
const fontAsset = (key: keyof typeof FONT_FILES): Asset => ({
  contentType: 'font/ttf',
  body: new Uint8Array(readFileSync(require_.resolve(`${FONT_FILES[key].pkg}/${FONT_FILES[key].file}`))),
});

/** `pages` Berliner-sized pages in the body face; only the last one sets a line in Oswald Bold. */
function editionWithAFaceOnlyOnTheLastPage(pages: number): string {
  const page = (n: number) =>
    `<section class="page"><p>Page ${n}: Phó Thủ tướng phát biểu tại Hà Nội.</p>${n === pages ? '<p class="late">LAST-PAGE-ONLY</p>' : ''}</section>`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@font-face { font-family: "Body"; src: url("assets/fonts/body.ttf") format("truetype"); font-display: block; }
@font-face { font-family: "Late"; src: url("assets/fonts/late.ttf") format("truetype"); font-display: block; }
${printCss}
.page { width: 1190px; height: 1776px; }
body { font-family: "Body"; font-size: 16px; }
.late { font-family: "Late"; font-weight: 700; }
</style></head><body>
${Array.from({ length: pages }, (_, i) => page(i + 1)).join('\n')}
</body></html>`;
}

/** One page in the edition's print styles with a line of text and a photo at `src`. */
function photoPageHtml(text: string, src: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
@font-face { font-family: "Body"; src: url("assets/fonts/body.ttf") format("truetype"); font-display: block; }
${printCss}
.page { width: 1190px; height: 1776px; }
body { font-family: "Body"; font-size: 16px; }
</style></head><body>
<section class="page"><p>${text}</p><img class="photo" src="${src}" alt="" style="left:100px;top:200px;width:800px;height:500px"></section>
</body></html>`;
}

const renderer = new ChromiumRenderer();
afterAll(closeBrowser);

describe('loading the edition for print', () => {
  it('print.css lets Chromium skip pages away from the viewport while it loads', () => {
    expect(printCss).toMatch(/\.page\s*\{\s*content-visibility:\s*auto;?\s*\}/);
  });

  it('embeds a face used only on a page far below the viewport, as if every page had been laid out', async () => {
    const assets = new Map<string, Asset>([
      ['assets/fonts/body.ttf', bodyFontAsset],
      ['assets/fonts/late.ttf', fontAsset('sans-bold')],
    ]);
    const { pdf, blockedRequests } = await renderer.render(editionWithAFaceOnlyOnTheLastPage(12), assets, { widthMm: 315, heightMm: 470 });
    expect(blockedRequests).toEqual([]);
    expect(embeddedFontNames(pdf)).toEqual(['Oswald-Bold', 'SourceSerif4-Regular']);
  });

  it('prints a photo to the same bytes whether Chromium decoded it before the print or while printing', async () => {
    // A photo the size the composer fits (two device pixels per CSS pixel), noisy enough that its
    // decoding takes a while.
    const photo = new Uint8Array(
      await sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 90, g: 120, b: 150 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
    const html = photoPageHtml('Phó Thủ tướng phát biểu tại Hà Nội.', 'assets/photos/p.jpg');
    const assets = new Map<string, Asset>([
      ['assets/fonts/body.ttf', bodyFontAsset],
      ['assets/photos/p.jpg', { contentType: 'image/jpeg', body: photo }],
    ]);
    const browser = await launchSealedBrowser();
    try {
      const print = async (decodeFirst: boolean) => {
        const page = await openEditionPage(browser, html, async (path) => assets.get(path));
        if (decodeFirst) await page.evaluate(() => Promise.all(Array.from(document.images, (image) => image.decode())).then(() => undefined));
        const pdf = new Uint8Array(await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: false, outline: false }));
        await page.close();
        // Chromium stamps the print time: finishing with the same meta leaves only what was painted.
        return finalizePdf(pdf, { title: 'Photo', author: 'epaper', subject: 'test', language: 'en', date: new Date('2019-12-04T00:00:00Z'), fingerprint: 'photo', outline: [] });
      };
      const decodedFirst = await print(true);
      const decodedByThePrint = await print(false);
      expect(Buffer.from(decodedByThePrint).equals(Buffer.from(decodedFirst))).toBe(true);
    } finally {
      await closeSealedBrowser(browser);
    }
  });

  it('answers a photo still being fitted when it is ready, printing the very bytes of a photo ready from the start; one that fails is a failed load, not a refusal', async () => {
    const photo = new Uint8Array(await sharp({ create: { width: 800, height: 500, channels: 3, background: { r: 200, g: 90, b: 40 } } }).jpeg({ quality: 85 }).toBuffer());
    const html = photoPageHtml('Ảnh chụp từ Hà Nội.', 'assets/photos/late.jpg');
    const photoAsset: Asset = { contentType: 'image/jpeg', body: photo };
    const fonts = new Map<string, Asset>([['assets/fonts/body.ttf', bodyFontAsset]]);
    const finish = (pdf: Uint8Array) => finalizePdf(pdf, { title: 'Late', author: 'epaper', subject: 'test', language: 'en', date: new Date('2019-12-04T00:00:00Z'), fingerprint: 'late', outline: [] });
    const images = (pdf: Uint8Array) => (Buffer.from(pdf).toString('latin1').match(/\/Subtype\s*\/Image/g) ?? []).length;

    const ready = await renderer.render(html, new Map([...fonts, ['assets/photos/late.jpg', photoAsset]]), { widthMm: 315, heightMm: 470 });
    let answeredAt = 0;
    const fittedLater = new Promise<Asset>((done) => setTimeout(() => done(photoAsset), 400)).then((asset) => ((answeredAt = Date.now()), asset));
    const started = Date.now();
    const late = await renderer.render(html, fonts, { widthMm: 315, heightMm: 470, pendingAssets: new Map([['assets/photos/late.jpg', fittedLater]]) });
    expect(answeredAt - started).toBeGreaterThanOrEqual(350);
    expect(late.blockedRequests).toEqual([]);
    expect(images(ready.pdf)).toBe(1);
    expect(Buffer.from(await finish(late.pdf)).equals(Buffer.from(await finish(ready.pdf)))).toBe(true);

    const failing = Promise.reject(new Error('disk full'));
    failing.catch(() => {});
    const without = await renderer.render(html, fonts, { widthMm: 315, heightMm: 470, pendingAssets: new Map([['assets/photos/late.jpg', failing]]) });
    // A failed load (Chromium draws its broken-image mark), not a refusal; the build prints such an edition again without the photo.
    expect(without.blockedRequests).toEqual([]);
    expect(Buffer.from(await finish(without.pdf)).equals(Buffer.from(await finish(ready.pdf)))).toBe(false);
  });
});
