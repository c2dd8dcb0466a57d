/**
 * Two prints of the same edition, finalized with the same meta, must be byte-identical: Chromium
 * stamps the print time into the PDF, and finalizePdf must be the only place that needs fixing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { getDocument } from '../support/pdfjs';
import { ChromiumRenderer, closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import { finalizePdf, type PdfMeta } from '../../lambdas/core/pdf-postprocess';
import type { Asset } from '../../lambdas/core/ports';
import { bodyFontAsset } from '../support/fonts';

const assets: ReadonlyMap<string, Asset> = new Map([['assets/fonts/body.ttf', bodyFontAsset]]);

const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Edition</title><style>
@font-face { font-family: "Body"; src: url("assets/fonts/body.ttf") format("truetype"); }
@page { size: 210mm 297mm; margin: 0; }
html, body { margin: 0; }
body { font-family: "Body"; font-size: 12pt; }
.page { width: 210mm; height: 297mm; padding: 15mm; box-sizing: border-box; break-after: page; }
</style></head><body>
<section class="page"><h1>Hà Nội</h1><p>Phó Thủ tướng Nguyễn Quốc Dũng. <a href="https://vietnamnews.vn/">vietnamnews.vn</a></p></section>
<section class="page"><h2>Thể thao</h2><p>Page two.</p></section>
</body></html>`;

const meta: PdfMeta = {
  title: 'Viet Nam News — 4 December 2019',
  author: 'Viet Nam News',
  subject: 'E-paper edition',
  language: 'vi',
  date: new Date('2019-12-04T00:00:00Z'),
  fingerprint: 'determinism-test',
  outline: [
    { title: 'Front page', pageIndex: 0 },
    { title: 'Thể thao', pageIndex: 1 },
  ],
};

const renderer = new ChromiumRenderer();
afterAll(closeBrowser);

describe('print determinism', () => {
  it('gives byte-identical PDFs for two prints of the same HTML after finalizePdf', async () => {
    const options = { widthMm: 210, heightMm: 297 };
    const first = await renderer.render(html, assets, options);
    // Chromium's /CreationDate has one-second resolution: step past it so the raw prints differ.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await renderer.render(html, assets, options);
    expect(Buffer.from(first.pdf).equals(Buffer.from(second.pdf))).toBe(false);

    const a = await finalizePdf(first.pdf, meta);
    const b = await finalizePdf(second.pdf, meta);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);

    // Finalizing keeps what Chromium printed: pages, text and the link annotation.
    const doc = await getDocument({ data: a.slice() }).promise;
    expect(doc.numPages).toBe(2);
    const page = await doc.getPage(1);
    const text = (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join('');
    expect(text).toContain('Nguyễn Quốc Dũng');
    const links = (await page.getAnnotations()).filter((annotation) => annotation.subtype === 'Link');
    expect(links.map((link) => link.url)).toContain('https://vietnamnews.vn/');
    expect((await doc.getOutline())?.map((item) => item.title)).toEqual(['Front page', 'Thể thao']);
    await doc.destroy();
  });
});
