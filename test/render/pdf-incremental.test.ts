/**
 * finalizePdf on what Chromium really prints: Skia writes a classic xref table, no object streams
 * and, for many pages, a page tree with intermediate /Pages nodes. The fast path appends an
 * incremental update to those bytes; this checks it on a 98-page print.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { getDocument } from '../support/pdfjs';
import { ChromiumRenderer, closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import { finalizePdf, type OutlineItem, type PdfMeta } from '../../lambdas/core/pdf-postprocess';
import type { Asset } from '../../lambdas/core/ports';
import { bodyFontAsset } from '../support/fonts';

const assets: ReadonlyMap<string, Asset> = new Map([['assets/fonts/body.ttf', bodyFontAsset]]);

const PAGES = 98;
const FILLER = 'Phó Thủ tướng Nguyễn Quốc Dũng phát biểu tại Hà Nội. ';
const sections = Array.from(
  { length: PAGES },
  (_, i) =>
    `<section class="page"><h1>Trang ${i + 1}</h1><p>PAGE-${i + 1}-MARKER ${FILLER.repeat(30)}</p>` +
    `<a href="https://vietnamnews.vn/${i + 1}">vietnamnews.vn</a></section>`,
).join('\n');
const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@font-face { font-family: "Body"; src: url("assets/fonts/body.ttf") format("truetype"); }
@page { size: 210mm 297mm; margin: 0; }
html, body { margin: 0; }
body { font-family: "Body"; font-size: 11pt; }
.page { width: 210mm; height: 297mm; padding: 15mm; box-sizing: border-box; break-after: page; overflow: hidden; }
.page:last-child { break-after: auto; }
</style></head><body>${sections}</body></html>`;

const outline: OutlineItem[] = Array.from({ length: PAGES / 2 }, (_, i) => ({
  title: `Mục ${i + 1}`,
  pageIndex: 2 * i,
  children: [{ title: `Bài ${i + 1}`, pageIndex: 2 * i + 1 }],
}));
const meta: PdfMeta = {
  title: 'Viet Nam News — 4 December 2019',
  author: 'Viet Nam News',
  subject: 'E-paper edition',
  language: 'vi',
  keywords: ['e-paper'],
  date: new Date('2019-12-04T00:00:00Z'),
  fingerprint: 'incremental-test',
  outline,
};

const renderer = new ChromiumRenderer();
afterAll(closeBrowser);

describe('finalizePdf on a Chromium print', () => {
  it('appends an incremental update to a 98-page print, keeping Chromium\'s bytes (the fast path, not a rewrite)', async () => {
    const { pdf } = await renderer.render(html, assets, { widthMm: 210, heightMm: 297 });
    const raw = Buffer.from(pdf).toString('latin1');
    // What the fast path relies on: a classic xref table at startxref, no object streams, and
    // (for this many pages) intermediate /Pages nodes.
    const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(raw)?.[1]);
    expect(raw.slice(startxref, startxref + 4)).toBe('xref');
    expect(raw).not.toMatch(/\/ObjStm|\/XRefStm|\/Type\s*\/XRef/);
    expect(raw.match(/\/Type\s*\/Pages\b/g)?.length).toBeGreaterThan(1);
    expect(raw).toMatch(/\/CreationDate \(D:\d{14}[-+Z]/);

    // No wall-clock limit (the growth of its cost is checked in pdf-postprocess.test.ts): that the
    // print's bytes are kept and under 64 KB appended is what shows the fast path was taken.
    const out = await finalizePdf(pdf, meta);

    // An update: Chromium's bytes stay, but for its print time, overwritten in place.
    const kept = Buffer.from(out.subarray(0, pdf.length)).toString('latin1');
    const stamps = /\/CreationDate \((D:[^)]*)\)\s*\/ModDate \((D:[^)]*)\)/;
    const [, created, modified] = stamps.exec(raw)!;
    expect(kept.replace(stamps, '')).toBe(raw.replace(stamps, ''));
    const [, keptCreated, keptModified] = stamps.exec(kept)!;
    expect(keptCreated).toHaveLength(created.length);
    expect(keptModified).toHaveLength(modified.length);
    expect(keptCreated).toMatch(/^D:20191204000000/);
    expect(keptModified).toMatch(/^D:20191204000000/);
    expect(out.length - pdf.length).toBeLessThan(64 * 1024);

    const doc = await PDFDocument.load(out, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(PAGES);
    expect(doc.getTitle()).toBe(meta.title);
    expect(doc.getProducer()).toMatch(/^Skia\/PDF m\d+; pdf-lib 1\.17\.1 \(epaper\)$/);

    const js = await getDocument({ data: out.slice(), verbosity: 0 }).promise;
    expect(js.numPages).toBe(PAGES);
    expect((await js.getMetadata()).info).toMatchObject({ Title: meta.title, Language: 'vi' });
    type Node = { title: string; dest: unknown[]; items: Node[] };
    const read = (await js.getOutline()) as Node[];
    expect(read).toHaveLength(PAGES / 2);
    const pageOf = (node: Node) => js.getPageIndex(node.dest[0] as { num: number; gen: number });
    for (const [i, node] of read.entries()) {
      expect(node.title).toBe(`Mục ${i + 1}`);
      expect(await pageOf(node)).toBe(2 * i);
      expect(await pageOf(node.items[0])).toBe(2 * i + 1);
    }
    for (const n of [1, 50, PAGES]) {
      const page = await js.getPage(n);
      const text = (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join('');
      expect(text).toContain(`PAGE-${n}-MARKER`);
    }
    await js.destroy();
  });
});
