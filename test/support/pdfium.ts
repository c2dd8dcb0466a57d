/**
 * A PDF's text and pixels as PDFium reads and paints them: Chromium's own PDF engine, built to
 * WebAssembly by @hyzyla/pdfium, so the tests need nothing but npm (they used poppler's pdftotext
 * and pdftoppm, which a fresh machine does not have).
 *
 * The text is the PDF's text as the format defines it: a text object inside a marked-content span
 * with /ActualText contributes that replacement text, once per span, instead of its glyphs'
 * Unicode. Chromium writes such a span wherever a cluster's glyphs do not map one to one onto its
 * characters (Thai, Lao and Khmer marks reordered or merged, Burmese, an emoji with its skin tone,
 * stacked combining marks), so reading glyphs alone loses characters that are printed. PDFium's
 * own text page (FPDFText_GetText) honours ActualText only for characters below U+FFFD and drops
 * an emoji's, and the wrapper's getText cuts a page's text short by one unit per emoji before it;
 * pdf.js reads no ActualText at all. Hence the walk over the page objects below.
 */
import { PDFiumModule } from '@hyzyla/pdfium';

/** The part of PDFium's C API used here (fpdfview.h, fpdf_edit.h, fpdf_text.h); pointers are numbers. */
interface Pdfium {
  _FPDF_InitLibrary(): void;
  _FPDF_LoadMemDocument(data: number, size: number, password: number): number;
  _FPDF_CloseDocument(document: number): void;
  _FPDF_GetPageCount(document: number): number;
  _FPDF_LoadPage(document: number, index: number): number;
  _FPDF_ClosePage(page: number): void;
  _FPDF_GetPageWidthF(page: number): number;
  _FPDF_GetPageHeightF(page: number): number;
  _FPDFText_LoadPage(page: number): number;
  _FPDFText_ClosePage(textPage: number): void;
  _FPDFPage_CountObjects(page: number): number;
  _FPDFPage_GetObject(page: number, index: number): number;
  _FPDFFormObj_CountObjects(form: number): number;
  _FPDFFormObj_GetObject(form: number, index: number): number;
  _FPDFPageObj_GetType(object: number): number;
  _FPDFPageObj_CountMarks(object: number): number;
  _FPDFPageObj_GetMark(object: number, index: number): number;
  _FPDFPageObjMark_GetParamBlobValue(mark: number, key: number, buffer: number, length: number, written: number): number;
  _FPDFTextObj_GetText(object: number, textPage: number, buffer: number, length: number): number;
  _FPDFBitmap_Create(width: number, height: number, alpha: number): number;
  _FPDFBitmap_FillRect(bitmap: number, left: number, top: number, width: number, height: number, color: number): void;
  _FPDFBitmap_GetBuffer(bitmap: number): number;
  _FPDFBitmap_GetStride(bitmap: number): number;
  _FPDFBitmap_Destroy(bitmap: number): void;
  _FPDF_RenderPageBitmap(bitmap: number, page: number, x: number, y: number, width: number, height: number, rotate: number, flags: number): void;
  wasmExports: { malloc(size: number): number; free(pointer: number): void };
  HEAPU8: Uint8Array;
}

const TEXT_OBJECT = 1;
const FORM_OBJECT = 5;
/** FPDF_ANNOT alone (no FPDF_LCD_TEXT subpixel text): what a printer or a viewer paints, the same on every machine. */
const RENDER_FLAGS = 0x01;

let library: Promise<Pdfium> | undefined;

function pdfium(): Promise<Pdfium> {
  library ??= PDFiumModule({}).then((module: unknown) => {
    const api = module as Pdfium;
    api._FPDF_InitLibrary();
    return api;
  });
  return library;
}

/** Runs `use` with `size` bytes of PDFium's memory, freed afterwards. */
function withMemory<T>(api: Pdfium, size: number, use: (pointer: number) => T): T {
  const pointer = api.wasmExports.malloc(size);
  try {
    return use(pointer);
  } finally {
    api.wasmExports.free(pointer);
  }
}

/** A UTF-16LE string PDFium wrote at `pointer`, `bytes` long with its terminator. */
function utf16At(api: Pdfium, pointer: number, bytes: number): string {
  return Buffer.from(api.HEAPU8.subarray(pointer, pointer + Math.max(0, bytes - 2))).toString('utf16le');
}

async function withDocument<T>(bytes: Uint8Array, use: (api: Pdfium, document: number) => T): Promise<T> {
  const api = await pdfium();
  return withMemory(api, bytes.length, (data) => {
    api.HEAPU8.set(bytes, data);
    const document = api._FPDF_LoadMemDocument(data, bytes.length, 0);
    if (!document) throw new Error('PDFium could not open the PDF');
    try {
      return use(api, document);
    } finally {
      api._FPDF_CloseDocument(document);
    }
  });
}

function withPage<T>(api: Pdfium, document: number, index: number, use: (page: number) => T): T {
  const page = api._FPDF_LoadPage(document, index);
  if (!page) throw new Error(`PDFium could not load page ${index + 1}`);
  try {
    return use(page);
  } finally {
    api._FPDF_ClosePage(page);
  }
}

/**
 * A PDF text string's bytes as text: UTF-16BE after its byte order mark, else PDFDocEncoding (Latin-1
 * where it matters here). Read as a blob because PDFium's string getter drops every byte above 0x7f.
 */
function pdfString(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2))).swap16().toString('utf16le');
  return Buffer.from(bytes).toString('latin1');
}

/** The ActualText of the marked-content span `object` is in, with the span's handle; none outside one. */
function actualText(api: Pdfium, object: number, key: number): { span: number; text: string } | undefined {
  for (let index = api._FPDFPageObj_CountMarks(object) - 1; index >= 0; index--) {
    const mark = api._FPDFPageObj_GetMark(object, index);
    const text = withMemory(api, 4, (written) => {
      if (!api._FPDFPageObjMark_GetParamBlobValue(mark, key, 0, 0, written)) return undefined;
      const length = new DataView(api.HEAPU8.buffer).getUint32(written, true);
      return withMemory(api, length, (buffer) => {
        api._FPDFPageObjMark_GetParamBlobValue(mark, key, buffer, length, written);
        return pdfString(api.HEAPU8.subarray(buffer, buffer + length));
      });
    });
    if (text !== undefined) return { span: mark, text };
  }
  return undefined;
}

/** Each page's text, its text objects in content order, one per line. */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  return withDocument(bytes, (api, document) => {
    const key = Buffer.from('ActualText\0', 'latin1');
    return withMemory(api, key.length, (keyPointer) => {
      api.HEAPU8.set(key, keyPointer);
      const pages: string[] = [];
      for (let index = 0; index < api._FPDF_GetPageCount(document); index++) {
        pages.push(withPage(api, document, index, (page) => {
          const textPage = api._FPDFText_LoadPage(page);
          try {
            const pieces: string[] = [];
            let lastSpan = 0;
            const walk = (count: number, objectAt: (i: number) => number): void => {
              for (let i = 0; i < count; i++) {
                const object = objectAt(i);
                const type = api._FPDFPageObj_GetType(object);
                if (type === FORM_OBJECT) walk(api._FPDFFormObj_CountObjects(object), (j) => api._FPDFFormObj_GetObject(object, j));
                if (type !== TEXT_OBJECT) continue;
                const replacement = actualText(api, object, keyPointer);
                if (replacement) {
                  // A span's objects share its mark: its text counts once, however many objects it holds.
                  if (replacement.span !== lastSpan) pieces.push(replacement.text);
                  lastSpan = replacement.span;
                  continue;
                }
                lastSpan = 0;
                const length = api._FPDFTextObj_GetText(object, textPage, 0, 0);
                pieces.push(withMemory(api, length, (buffer) => {
                  api._FPDFTextObj_GetText(object, textPage, buffer, length);
                  return utf16At(api, buffer, length);
                }));
              }
            };
            walk(api._FPDFPage_CountObjects(page), (i) => api._FPDFPage_GetObject(page, i));
            return pieces.join('\n');
          } finally {
            api._FPDFText_ClosePage(textPage);
          }
        }));
      }
      return pages;
    });
  });
}

/** One page painted on white at `dpi`: its size and its pixels, four bytes each (BGRA). */
export async function renderPdfPage(bytes: Uint8Array, index: number, dpi: number): Promise<{ width: number; height: number; pixels: Buffer }> {
  return withDocument(bytes, (api, document) => withPage(api, document, index, (page) => {
    const width = Math.round((api._FPDF_GetPageWidthF(page) * dpi) / 72);
    const height = Math.round((api._FPDF_GetPageHeightF(page) * dpi) / 72);
    const bitmap = api._FPDFBitmap_Create(width, height, 1);
    try {
      api._FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xffffffff);
      api._FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, RENDER_FLAGS);
      const stride = api._FPDFBitmap_GetStride(bitmap);
      const start = api._FPDFBitmap_GetBuffer(bitmap);
      return { width, height, pixels: Buffer.from(api.HEAPU8.subarray(start, start + stride * height)) };
    } finally {
      api._FPDFBitmap_Destroy(bitmap);
    }
  }));
}
