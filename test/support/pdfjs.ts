/**
 * pdf.js for the tests, without the two polyfills of its legacy build that slow everything else.
 *
 * pdf.js's legacy build (the one that runs in Node) installs core-js's `Uint8Array.fromBase64` where
 * the runtime has none (Node 20 and 22). puppeteer decodes every binary reply from Chromium (a
 * printed PDF, a screenshot, a page image) with `Uint8Array.fromBase64` when it exists, else with
 * `Buffer`: through the polyfill that was about 40 times slower (2.5 s against 0.06 s for 20 MB),
 * and a test worker shares its modules from file to file, so once any file had read a PDF every
 * later build and screenshot in that worker paid it. pdf.js itself calls it only for an editor's
 * signature, which these tests never read. The polyfill is taken away again here, and every test
 * imports pdf.js from this module; a runtime with its own `fromBase64` keeps it.
 *
 * The same build replaces `Array.prototype.push` itself with core-js's, a loop in JavaScript, on a
 * runtime that throws no TypeError for a push of nothing onto an array whose length cannot be written (Node
 * 20's V8 11.3): every push in the worker went through it from then on, pdf.js's own reading of a
 * page's text most of all (a 22-page edition's text read in 1.8 CPU-s, 1.1 with the runtime's push).
 * Nothing here pushes onto a frozen array; the runtime's push is put back.
 */
const hadFromBase64 = 'fromBase64' in Uint8Array;
const nativePush = Array.prototype.push;
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
// Its worker module carries the same polyfills and would be imported by the first getDocument:
// loaded now and handed to pdf.js as the in-thread worker it looks for, its polyfill goes too.
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
if (!hadFromBase64) delete (Uint8Array as { fromBase64?: unknown }).fromBase64;
Array.prototype.push = nativePush;

export const { getDocument, OPS } = pdfjs;

/** A printed text item: its string, its left and its baseline's distance from the page's top, in PDF points times `scale`. */
export interface PrintedText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

/** Every page's non-blank text items as printed (PrintedText), `scale` 96 / 72 for CSS px. */
export async function printedTextItems(pdf: Uint8Array, scale = 1): Promise<PrintedText[][]> {
  const doc = await getDocument({ data: pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: PrintedText[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const top = page.view[3];
    const content = await page.getTextContent();
    pages.push(content.items.flatMap((item) => ('str' in item && item.str.trim() ? [{ text: item.str, x: item.transform[4] * scale, y: (top - item.transform[5]) * scale }] : [])));
  }
  await doc.destroy();
  return pages;
}
