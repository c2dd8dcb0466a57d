/**
 * finalizePdf on literal PDFs made with pdf-lib: metadata, language, outline and determinism,
 * read back with pdf-lib and independently with pdfjs. Classic-xref inputs (as Chromium writes)
 * get an incremental update; inputs with object streams go through the pdf-lib fallback, which
 * must give the same reading.
 */
import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFString, StandardFonts, type PDFDict, type PDFRef } from 'pdf-lib';
import { getDocument } from '../support/pdfjs';
import { finalizePdf, type OutlineItem, type PdfMeta } from '../../lambdas/core/pdf-postprocess';
import { growthRatio } from '../support/growth';

/**
 * A plain PDF with `pages` pages, each naming its number, stamped like Chromium with "now". By
 * default with a classic xref table and no object streams, as Chromium (Skia) writes it.
 */
async function samplePdf(pages: number, stampedAt = new Date(), useObjectStreams = false): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) doc.addPage([595, 842]).drawText(`Page ${n}`, { x: 50, y: 780, font });
  doc.setProducer('Skia/PDF m147');
  doc.setCreationDate(stampedAt);
  doc.setModificationDate(stampedAt);
  return doc.save({ useObjectStreams });
}

/** Byte spans [start, end) of the /CreationDate and /ModDate literal strings in a PDF. */
function dateSpans(pdf: Uint8Array): [number, number][] {
  const text = Buffer.from(pdf).toString('latin1');
  return Array.from(text.matchAll(/\/(?:CreationDate|ModDate)\s*(\([^)]*\))/g), (match) => {
    const start = match.index + match[0].length - match[1].length;
    return [start, start + match[1].length] as [number, number];
  });
}

/**
 * The output is the input plus an appended update: every byte of the input is kept, except
 * inside its date strings, which are overwritten in place.
 */
function expectIncrementalUpdate(input: Uint8Array, output: Uint8Array): void {
  expect(output.length).toBeGreaterThan(input.length);
  const spans = dateSpans(input);
  expect(spans.length).toBeGreaterThan(0);
  const changed: number[] = [];
  for (let i = 0; i < input.length; i++) if (input[i] !== output[i]) changed.push(i);
  for (const i of changed) expect(spans.some(([start, end]) => i > start && i < end - 1)).toBe(true);
  const tail = Buffer.from(output.subarray(input.length)).toString('latin1');
  expect(tail).toMatch(/trailer\s*<<[^]*\/Prev \d+[^]*>>\s*startxref\s+\d+\s+%%EOF\s*$/);
}

/**
 * A classic-xref PDF whose page tree has intermediate /Pages nodes (as Chromium writes for
 * many pages): `pages` pages in groups of `fanout` under the root.
 */
async function nestedPdf(pages: number, fanout: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) doc.addPage([595, 842]).drawText(`Page ${n}`, { x: 50, y: 780, font });
  const { context } = doc;
  const rootRef = doc.catalog.get(PDFName.of('Pages')) as PDFRef;
  const leaves = doc.getPages().map((page) => page.ref);
  const groups: PDFRef[] = [];
  for (let i = 0; i < leaves.length; i += fanout) {
    const kids = leaves.slice(i, i + fanout);
    const groupRef = context.register(context.obj({ Type: 'Pages', Parent: rootRef, Kids: kids, Count: kids.length }));
    for (const kid of kids) (context.lookup(kid) as PDFDict).set(PDFName.of('Parent'), groupRef);
    groups.push(groupRef);
  }
  const root = context.lookup(rootRef) as PDFDict;
  root.set(PDFName.of('Kids'), context.obj(groups));
  doc.setProducer('Skia/PDF m147');
  return doc.save({ useObjectStreams: false });
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
  return getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
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
    expect(doc.catalog.getViewerPreferences()?.getDisplayDocTitle()).toBe(true);

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

  it('appends an incremental update and keeps every byte of the input but the print dates', async () => {
    const input = await samplePdf(4, new Date('2026-11-27T17:49:29Z'));
    const out = await finalizePdf(input, meta);
    expectIncrementalUpdate(input, out);
    // The old /Info still carries dates, now those of the edition, in the same layout and length.
    const old = Buffer.from(out.subarray(0, input.length)).toString('latin1');
    expect(old).toContain('/CreationDate (D:20191204000000Z)');
    expect(old).toContain('/ModDate (D:20191204000000Z)');
    expect(old).not.toContain('20261127');

    const doc = await PDFDocument.load(out, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(4);
    expect(doc.getTitle()).toBe(meta.title);
    const js = await pdfjsDoc(out);
    expect(js.numPages).toBe(4);
    const page3 = await (await js.getPage(3)).getTextContent();
    expect(page3.items.map((item) => ('str' in item ? item.str : ''))).toContain('Page 3');
    await js.destroy();
  });

  it("overwrites Chromium's date layout in place with the edition date", async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    const info = doc.context.lookup(doc.context.trailerInfo.Info) as PDFDict;
    info.set(PDFName.of('Producer'), PDFString.of('Skia/PDF m147'));
    info.set(PDFName.of('CreationDate'), PDFString.of("D:20261127174929+00'00'"));
    info.set(PDFName.of('ModDate'), PDFString.of("D:20261127174929+00'00'"));
    const input = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });

    const out = await finalizePdf(input, { ...meta, outline: [] });
    expectIncrementalUpdate(input, out);
    const old = Buffer.from(out.subarray(0, input.length)).toString('latin1');
    expect(old).toContain("/CreationDate (D:20191204000000+00'00')");
    expect(old).toContain("/ModDate (D:20191204000000+00'00')");
    const read = await PDFDocument.load(out, { updateMetadata: false });
    expect(read.getProducer()).toBe('Skia/PDF m147; pdf-lib 1.17.1 (epaper)');
    expect(read.getCreationDate()?.toISOString()).toBe('2019-12-04T00:00:00.000Z');
  });

  it('walks a page tree with intermediate nodes, and finalizes 98 pages in time that grows with the pages, not faster', async () => {
    const edition = async (pages: number) => {
      const input = await nestedPdf(pages, 8);
      const outline: OutlineItem[] = Array.from({ length: pages }, (_, i) => ({
        title: `Trang ${i + 1}`,
        pageIndex: pages - 1 - i,
        children: [{ title: `Bài ${i + 1}`, pageIndex: i }],
      }));
      return { input, options: { ...meta, outline } };
    };
    const small = await edition(12);
    const large = await edition(98);
    // Growth between sizes, never a wall-clock limit. The work that does not grow with the pages (the
    // trailer, the /ID's hash) is a good part of the 12-page call, so linear growth reads 4–9× (idle,
    // and with three busy loops on the two cores); every page object read again for each page, a
    // walk that grows with the square of the pages, read 25–32×.
    const ratio = await growthRatio(
      () => finalizePdf(small.input, small.options),
      () => finalizePdf(large.input, large.options),
    );
    expect(ratio).toBeLessThan(16);
    const input = large.input;
    const out = await finalizePdf(input, large.options);
    expectIncrementalUpdate(input, out);

    const js = await pdfjsDoc(out);
    expect(js.numPages).toBe(98);
    type Node = { title: string; dest: unknown[]; items: Node[] };
    const read = (await js.getOutline()) as Node[];
    expect(read).toHaveLength(98);
    const pageOf = (node: Node) => js.getPageIndex(node.dest[0] as { num: number; gen: number });
    for (const [i, node] of read.entries()) {
      expect(await pageOf(node)).toBe(97 - i);
      expect(await pageOf(node.items[0])).toBe(i);
    }
    for (const n of [1, 9, 98]) {
      const text = (await (await js.getPage(n)).getTextContent()).items.map((item) => ('str' in item ? item.str : ''));
      expect(text).toContain(`Page ${n}`);
    }
    await js.destroy();
    expect((await PDFDocument.load(out)).getPageCount()).toBe(98);
  });

  describe('fallback for PDFs with object streams (an xref stream instead of a table)', () => {
    it('rewrites the file with pdf-lib, with the same metadata, outline and /ID', async () => {
      const input = await samplePdf(4, new Date(), true);
      expect(Buffer.from(input).toString('latin1')).toMatch(/\/Type\s*\/ObjStm/);
      const out = await finalizePdf(input, meta);
      // Not an update: pdf-lib wrote the whole file anew, without object streams.
      expect(Buffer.from(out.subarray(0, 64)).equals(Buffer.from(input.subarray(0, 64)))).toBe(false);
      expect(Buffer.from(out).toString('latin1')).not.toMatch(/\/Type\s*\/ObjStm/);

      const doc = await PDFDocument.load(out, { updateMetadata: false });
      expect(doc.getTitle()).toBe(meta.title);
      expect(doc.getProducer()).toBe('Skia/PDF m147; pdf-lib 1.17.1 (epaper)');
      expect(doc.getCreationDate()?.toISOString()).toBe('2019-12-04T00:00:00.000Z');
      expect(doc.catalog.lookup(PDFName.of('Lang'))?.toString()).toBe('(vi)');
      expect(doc.catalog.getViewerPreferences()?.getDisplayDocTitle()).toBe(true);

      const fast = await finalizePdf(await samplePdf(4), meta);
      const idOf = (bytes: Uint8Array) =>
        /\/ID\s*\[\s*<([0-9A-Fa-f]{32})>/.exec(Buffer.from(bytes).toString('latin1'))?.[1];
      expect(idOf(out)).toBe(idOf(fast));

      const js = await pdfjsDoc(out);
      expect(js.numPages).toBe(4);
      const read = (await js.getOutline()) as { title: string; dest: unknown[]; items: unknown[] }[];
      expect(read.map((node) => node.title)).toEqual(['Front page', 'Thời sự', 'Sport']);
      expect(await js.getPageIndex(read[2].dest[0] as { num: number; gen: number })).toBe(3);
      await js.destroy();
    });

    it('is deterministic and erases the print time', async () => {
      const earlier = await samplePdf(2, new Date('2026-11-27T17:00:00Z'), true);
      const later = await samplePdf(2, new Date('2026-11-27T17:00:07Z'), true);
      const short = { ...meta, outline: [{ title: 'Front page', pageIndex: 0 }] };
      const a = await finalizePdf(earlier, short);
      expect(Buffer.from(a).equals(Buffer.from(await finalizePdf(later, short)))).toBe(true);
      expect(Buffer.from(a).toString('latin1')).not.toContain('20261127');
    });

    it('still refuses a bookmark to a missing page', async () => {
      const pdf = await samplePdf(2, new Date(), true);
      await expect(finalizePdf(pdf, { ...meta, outline: [{ title: 'Ghost', pageIndex: 5 }] })).rejects.toThrow(
        /page index 5; the PDF has 2 pages/,
      );
    });
  });

  it('passes on what neither path can read as the error pdf-lib gives', async () => {
    await expect(finalizePdf(new TextEncoder().encode('not a pdf'), meta)).rejects.toThrow();
  });
});
