/**
 * Test support: build an edition from a folder with the real adapters (Chromium, sharp, fonts from
 * npm), and read a PDF back page by page with pdfjs.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ChromiumRenderer } from '../../lambdas/adapters/chromium-renderer';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { loadEditionResources } from '../../lambdas/adapters/resources';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { buildEdition } from '../../lambdas/core/build-edition';
import type { BuiltEdition, EditionRequest } from '../../lambdas/core/edition';
import type { Logger } from '../../lambdas/core/ports';

export const quietLogger: Logger = { info: () => {}, warn: () => {} };

/** Builds the edition in `dir`; fails the test with the reason when no edition could be built. */
export async function buildFolder(dir: string, request: EditionRequest = {}): Promise<BuiltEdition> {
  const outcome = await buildEdition({
    source: new FsInputSource(dir),
    renderer: new ChromiumRenderer(),
    images: new SharpImages(),
    resources: await loadEditionResources(),
    logger: quietLogger,
    now: () => new Date('2019-12-04T08:00:00Z'),
  })(request);
  if (!outcome.ok) throw new Error(`no edition: ${outcome.reason}`);
  return outcome.edition;
}

export interface PdfPage {
  readonly number: number;
  /** Text of the page, items joined by single spaces. */
  readonly text: string;
  readonly widthPt: number;
  readonly heightPt: number;
}

/** Reads every page's text and size. */
export async function readPdf(bytes: Uint8Array): Promise<{ pages: PdfPage[]; fontNames: string[] }> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : '')).join('').replace(/\s+/g, ' ');
    const [x0, y0, x1, y1] = page.view;
    pages.push({ number: n, text, widthPt: x1 - x0, heightPt: y1 - y0 });
  }
  await doc.destroy();
  const raw = Buffer.from(bytes).toString('latin1');
  const fontNames = [...new Set([...raw.matchAll(/\/FontName\s*\/([A-Za-z0-9+_-]+)/g)].map((m) => m[1].replace(/^[A-Z]{6}\+/, '')))];
  return { pages, fontNames };
}

/** Counts non-overlapping occurrences of `needle` in `haystack`. */
export function countOf(haystack: string, needle: string): number {
  let count = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) count++;
  return count;
}
