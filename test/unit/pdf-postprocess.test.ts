/**
 * finalizePdf on literal PDFs made with pdf-lib: metadata, language, outline and determinism,
 * read back with pdf-lib and independently with pdfjs.
 */
import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { finalizePdf, type OutlineItem, type PdfMeta } from '../../lambdas/core/pdf-postprocess';

/** A plain PDF with `pages` pages, each naming its number, stamped like Chromium with "now". */
async function samplePdf(pages: number, stampedAt = new Date()): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) doc.addPage([595, 842]).drawText(`Page ${n}`, { x: 50, y: 780, font });
  doc.setProducer('Skia/PDF m147');
  doc.setCreationDate(stampedAt);
  doc.setModificationDate(stampedAt);
  return doc.save();
}

const outline: OutlineItem[] = [
  { title: 'Front page', pageIndex: 0 },
  {
    title: 'Thời sự',
    pageIndex: 1,
    children: [
      { title: 'ASEAN-UN relations becomes role model of cooperation', pageIndex: 1 },
      { title: 'Hà Nội opens new metro line', pageIndex: 2 },
    ],
  },
  { title: 'Sport', pageIndex: 3, children: [{ title: 'Late goal', pageIndex: 3 }] },
];

const meta: PdfMeta = {
  title: 'Viet Nam News — 4 December 2019',
  author: 'Viet Nam News',
  subject: 'E-paper edition of 4 December 2019',
  language: 'vi',
  keywords: ['e-paper', 'Việt Nam'],
  date: new Date('2019-12-04T00:00:00Z'),
  fingerprint: '0123456789abcdef0123456789abcdef',
  outline,
};

async function pdfjsDoc(bytes: Uint8Array) {
  return getDocument({ data: bytes.slice() }).promise;
}

describe('finalizePdf', () => {
  it('writes the document metadata, readable by pdf-lib and pdfjs', async () => {
    const out = await finalizePdf(await samplePdf(4), meta);
    const doc = await PDFDocument.load(out, { updateMetadata: false });
    expect(doc.getTitle()).toBe(meta.title);
    expect(doc.getAuthor()).toBe(meta.author);
    expect(doc.getSubject()).toBe(meta.subject);
    expect(doc.getKeywords()).toBe('e-paper Việt Nam');
    expect(doc.getCreator()).toBe('epaper');
    expect(doc.getProducer()).toMatch(/^Skia\/PDF m147; pdf-lib/);
    expect(doc.getCreationDate()?.toISOString()).toBe('2019-12-04T00:00:00.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2019-12-04T00:00:00.000Z');
    expect(doc.catalog.lookup(PDFName.of('Lang'))?.toString()).toBe('(vi)');
    expect(doc.catalog.lookup(PDFName.of('PageMode'))?.toString()).toBe('/UseOutlines');

    const js = await pdfjsDoc(out);
    const info = (await js.getMetadata()).info as Record<string, unknown>;
    expect(info.Title).toBe(meta.title);
    expect(info.Author).toBe(meta.author);
    expect(info.Subject).toBe(meta.subject);
    expect(info.Language).toBe('vi');
    expect(info.CreationDate).toBe('D:20191204000000Z');
    expect(js.numPages).toBe(4);
    await js.destroy();
  });

  it('builds a nested outline whose items open the right pages', async () => {
    const out = await finalizePdf(await samplePdf(4), meta);
    const js = await pdfjsDoc(out);
    const read = await js.getOutline();
    type Node = { title: string; dest: unknown; items: Node[] };

    const pageOf = async (node: Node) => {
      const dest = node.dest as unknown[];
      expect(Array.isArray(dest)).toBe(true);
      expect((dest[1] as { name: string }).name).toBe('Fit');
      return js.getPageIndex(dest[0] as { num: number; gen: number });
    };
    const flatten = async (nodes: Node[]): Promise<unknown[]> =>
      Promise.all(
        nodes.map(async (node) => ({
          title: node.title,
          pageIndex: await pageOf(node),
          ...(node.items.length ? { children: await flatten(node.items) } : {}),
        })),
      );
    expect(await flatten(read as Node[])).toEqual(outline);
    await js.destroy();
  });

  it('keeps the outline counts and sibling links consistent', async () => {
    const out = await finalizePdf(await samplePdf(4), meta);
    const doc = await PDFDocument.load(out);
    const root = doc.catalog.lookup(PDFName.of('Outlines')) as import('pdf-lib').PDFDict;
    // 3 top-level items + 2 + 1 children, all open.
    expect(root.get(PDFName.of('Count'))?.toString()).toBe('6');
    const first = root.lookup(PDFName.of('First')) as import('pdf-lib').PDFDict;
    expect(first.get(PDFName.of('Prev'))).toBeUndefined();
    const second = first.lookup(PDFName.of('Next')) as import('pdf-lib').PDFDict;
    expect(second.get(PDFName.of('Count'))?.toString()).toBe('2');
    expect(second.get(PDFName.of('Prev'))).toEqual(root.get(PDFName.of('First')));
    const third = second.lookup(PDFName.of('Next')) as import('pdf-lib').PDFDict;
    expect(root.get(PDFName.of('Last'))).toEqual(second.get(PDFName.of('Next')));
    expect(third.get(PDFName.of('Next'))).toBeUndefined();
  });

  it('derives /ID from the fingerprint and gives identical bytes for identical input', async () => {
    const input = await samplePdf(4);
    const a = await finalizePdf(input, meta);
    const b = await finalizePdf(input, meta);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);

    const id = /\/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]/.exec(Buffer.from(a).toString('latin1'));
    expect(id).not.toBeNull();
    expect(id![1]).toBe(id![2]);
    const other = await finalizePdf(input, { ...meta, fingerprint: 'fedcba9876543210fedcba9876543210' });
    const otherId = /\/ID\s*\[\s*<([0-9A-Fa-f]{32})>/.exec(Buffer.from(other).toString('latin1'));
    expect(otherId![1]).not.toBe(id![1]);
  });

  it('erases the print time Chromium stamped, so two prints finalize to the same bytes', async () => {
    const earlier = await samplePdf(2, new Date('2026-11-27T17:00:00Z'));
    const later = await samplePdf(2, new Date('2026-11-27T17:00:07Z'));
    expect(Buffer.from(earlier).equals(Buffer.from(later))).toBe(false);
    const short = { ...meta, outline: [{ title: 'Front page', pageIndex: 0 }] };
    const a = await finalizePdf(earlier, short);
    const b = await finalizePdf(later, short);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('leaves out the outline and page mode when there are no bookmarks', async () => {
    const out = await finalizePdf(await samplePdf(1), { ...meta, outline: [] });
    const doc = await PDFDocument.load(out);
    expect(doc.catalog.get(PDFName.of('Outlines'))).toBeUndefined();
    expect(doc.catalog.get(PDFName.of('PageMode'))).toBeUndefined();
    const js = await pdfjsDoc(out);
    expect(await js.getOutline()).toBeNull();
    await js.destroy();
  });

  it('refuses a bookmark to a page the PDF does not have, and a malformed language tag', async () => {
    const pdf = await samplePdf(2);
    await expect(finalizePdf(pdf, { ...meta, outline: [{ title: 'Ghost', pageIndex: 2 }] })).rejects.toThrow(
      /page index 2; the PDF has 2 pages/,
    );
    await expect(finalizePdf(pdf, { ...meta, outline: [], language: 'en) /JS (x' })).rejects.toThrow(RangeError);
  });
});
