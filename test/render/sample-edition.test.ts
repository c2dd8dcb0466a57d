/**
 * The project's own sample edition (what `npm start` builds) through the real pipeline: real
 * parsers, the Lambda's Chromium, fonts from npm. Checks what a reader of the PDF would check.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition } from '../../lambdas/core/edition';
import { buildFolder, countOf, readPdf, type PdfPage } from '../support/edition';

const MM_TO_PT = 72 / 25.4;
let edition: BuiltEdition;
let pages: PdfPage[];
let fontNames: string[];

beforeAll(async () => {
  edition = await buildFolder('samples');
  ({ pages, fontNames } = await readPdf(edition.pdf));
}, 180_000);
afterAll(closeBrowser);

describe('the sample edition', () => {
  it('has as many Berliner pages as the manifest says, at least six', () => {
    expect(pages.length).toBe(edition.manifest.pageCount);
    expect(pages.length).toBeGreaterThanOrEqual(6);
    for (const page of pages) {
      expect(page.widthPt).toBeCloseTo(315 * MM_TO_PT, 0);
      expect(page.heightPt).toBeCloseTo(470 * MM_TO_PT, 0);
    }
  });

  it('prints the wire-copy sample with every diacritic intact', () => {
    const text = pages.map((p) => p.text).join('\n');
    for (const phrase of ['Nguyễn Quốc Dũng', 'Lim Jock Hoi', 'Hà Nội', 'Ong Keng Yong', 'Lê Lương Minh']) {
      expect(text, phrase).toContain(phrase);
    }
    expect(text).toContain('ASEAN-UN relations becomes role model of');
    // The site chrome after the sign-off is gone; the sign-off itself is printed once.
    expect(text).not.toMatch(/E-paper\s*$/m);
    expect(countOf(text, 'end on Wednesday. — VNS')).toBe(1);
  });

  it('embeds the body serif from npm, not the Open Sans that ships with Chromium', () => {
    expect(fontNames.some((name) => name.startsWith('SourceSerif4'))).toBe(true);
    expect(fontNames.some((name) => name.startsWith('PlayfairDisplay'))).toBe(true);
    expect(fontNames.some((name) => /OpenSans/i.test(name))).toBe(false);
  });

  it('prints every article file of the sample folder, and lists each one with its pages', () => {
    expect(edition.manifest.articles.length).toBeGreaterThanOrEqual(15);
    // A headline may break after a hyphen of its own ("Thirteen-year-" over "old from Cần Thơ",
    // a column wide): a correct break (a headline is never hyphenated, but its words' hyphens are
    // where a line may end), so the page is read whole across it.
    const wholeAcrossHyphens = (printed: string) => printed.replace(/(?<=\p{L})-\s+(?=\p{L})/gu, '-');
    const text = wholeAcrossHyphens(pages.map((p) => p.text).join(' '));
    for (const article of edition.manifest.articles) {
      expect(article.pages.length, article.slug).toBeGreaterThan(0);
      const first = wholeAcrossHyphens(pages[article.pages[0] - 1].text);
      // Headlines are set ragged and may break anywhere; their first two words stand on the page.
      const start = article.headline.split(/\s+/).slice(0, 2).join(' ');
      expect(first.includes(start) || text.includes(start), `${article.slug}: ${start}`).toBe(true);
    }
  });

  it('warns that the sample caption has no photo, and writes a manifest with the contract fields', () => {
    const m = edition.manifest;
    expect(m.date).toBe('2019-12-04');
    expect(m.pdf).toBe('edition.pdf');
    expect(m.fingerprint).toMatch(/^[0-9a-f]{16,}$/);
    expect(m.pages[0]).toMatchObject({ number: 1, section: 'Front' });
    expect(m.warnings.some((w) => w.file === 'asean-un-relations.txt' && /caption/.test(w.message))).toBe(true);
    const sample = m.articles.find((a) => a.source === 'asean-un-relations.txt');
    expect(sample?.headline).toBe('ASEAN-UN relations becomes role model of cooperation');
  });

  it('carries bookmarks by section and article, and the document metadata', async () => {
    const { getDocument } = await import('../support/pdfjs');
    const doc = await getDocument({ data: edition.pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
    const outline = await doc.getOutline();
    const titles = outline.map((item) => item.title);
    expect(titles[0]).toBe('Front page');
    for (const section of ['National', 'World', 'Business', 'Sport', 'Life', 'Opinion']) expect(titles).toContain(section);
    const world = outline.find((item) => item.title === 'World')!;
    expect(world.items.map((item) => item.title)).toContain('ASEAN fisheries officials back shared platform to track catches');
    const news = outline.find((item) => item.title === 'News')!;
    expect(news.items.map((item) => item.title)).toContain('ASEAN-UN relations becomes role model of cooperation');
    // Each section bookmark opens the section's first page.
    const worldPage = edition.manifest.pages.find((p) => p.sections!.includes('World'))!.number;
    expect(await doc.getPageIndex(world.dest![0] as { num: number; gen: number })).toBe(worldPage - 1);
    const info = (await doc.getMetadata()).info as unknown as Record<string, unknown>;
    expect(info.Title).toBe('The Hà Nội Herald — 2019-12-04');
    expect(info.Author).toBe('The Hà Nội Herald');
    expect(info.Language).toBe('en');
    await doc.destroy();
  });

  it('prints untagged and passes every photo through as the JPEG the build fitted to its box, not re-encoded', () => {
    // What keeps Chromium's print cheap (README, Performance): no structure tree, and Skia embeds an
    // unchanged JPEG as it is (DCTDecode) where a scaled or cropped one would be decoded and deflated.
    const pdf = Buffer.from(edition.pdf);
    expect(pdf.includes('/StructTreeRoot')).toBe(false);
    const photos = [...new Set([...edition.html.matchAll(/<img class="photo" src="([^"]+)"/g)].map((m) => m[1]))];
    expect(photos.length).toBeGreaterThan(3);
    for (const path of photos) expect(pdf.includes(Buffer.from(edition.assets.get(path)!.body)), path).toBe(true);
    const images = [...pdf.toString('latin1').matchAll(/\/Subtype\s*\/Image[^]*?\/Filter\s*\/(\w+)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThanOrEqual(photos.length);
    expect(images.every((filter) => filter === 'DCTDecode'), images.join(' ')).toBe(true);
  });

  it('writes edition.html that references only its own assets', () => {
    const urls = [...edition.html.matchAll(/(?:src|href)="([^"]+)"|url\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2]);
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      expect(url).toMatch(/^assets\//);
      expect(edition.assets.has(url), url).toBe(true);
    }
    expect(readFileSync('samples/asean-un-relations.txt', 'utf8')).toContain('Nguyễn Quốc Dũng');
  });
});
