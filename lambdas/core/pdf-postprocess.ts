/**
 * PDF post-processing: what Chromium cannot put into its PDF, added with pdf-lib. Document
 * metadata, the language, bookmarks by section and article, and a byte-identical result for the
 * same input (Chromium stamps the print time into /Info; nothing else in its output varies, as a
 * render test checks). Bytes in, bytes out; no file system.
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  type PDFContext,
} from 'pdf-lib';

/** One bookmark; children nest under it (e.g. a section and its articles). */
export interface OutlineItem {
  readonly title: string;
  /** 0-based index of the page the bookmark opens. */
  readonly pageIndex: number;
  readonly children?: readonly OutlineItem[];
}

/** What the finished PDF says about itself. */
export interface PdfMeta {
  readonly title: string;
  /** The paper (or newsroom) that publishes the edition. */
  readonly author: string;
  readonly subject: string;
  /** BCP 47 language tag of the edition, e.g. "en" or "vi". */
  readonly language: string;
  readonly keywords?: readonly string[];
  /** Used for both CreationDate and ModDate; fixed (e.g. the edition date at 00:00Z) for determinism. */
  readonly date: Date;
  /** The input fingerprint; the PDF's /ID is derived from it. */
  readonly fingerprint: string;
  readonly outline: readonly OutlineItem[];
}

export const PDF_CREATOR = 'epaper';
const PDF_PRODUCER_SUFFIX = 'pdf-lib 1.17.1 (epaper)';
/** PDF literal strings written by pdf-lib are not escaped, so a tag must stay plain. */
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * Adds metadata, /Lang, a deterministic /ID and the outline to a PDF; the same bytes and meta
 * always give the same output bytes.
 */
export async function finalizePdf(pdf: Uint8Array, meta: PdfMeta): Promise<Uint8Array> {
  if (!LANGUAGE_TAG.test(meta.language)) {
    throw new RangeError(`"${meta.language}" is not a language tag such as "en" or "vi".`);
  }
  if (Number.isNaN(meta.date.getTime())) throw new RangeError('The PDF date is not a valid date.');

  // updateMetadata: false, or pdf-lib would stamp the current time and its own producer.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const renderedBy = doc.getProducer();

  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords([...(meta.keywords ?? [])]);
  doc.setCreator(PDF_CREATOR);
  doc.setProducer(renderedBy ? `${renderedBy}; ${PDF_PRODUCER_SUFFIX}` : PDF_PRODUCER_SUFFIX);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.setLanguage(meta.language);

  const id = PDFHexString.of(await documentId(meta.fingerprint));
  doc.context.trailerInfo.ID = doc.context.obj([id, id]);

  const pageRefs = doc.getPages().map((page) => page.ref);
  const catalog = doc.catalog;
  catalog.delete(PDFName.of('Outlines'));
  if (meta.outline.length > 0) {
    catalog.set(PDFName.of('Outlines'), buildOutline(doc.context, meta.outline, pageRefs));
    catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }

  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
}

/** 16 bytes of SHA-256 over the fingerprint, as hex: stable per edition version, unique across them. */
async function documentId(fingerprint: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`epaper-pdf-id\0${fingerprint}`),
  );
  return Array.from(new Uint8Array(digest).subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Writes the outline tree (PDF 32000-1, 12.3.3) with every item open; returns the root's ref. */
function buildOutline(context: PDFContext, items: readonly OutlineItem[], pageRefs: readonly PDFRef[]): PDFRef {
  const rootRef = context.nextRef();
  const { first, last, visibleCount } = writeSiblings(context, items, rootRef, pageRefs);
  context.assign(
    rootRef,
    context.obj({ Type: 'Outlines', First: first, Last: last, Count: PDFNumber.of(visibleCount) }),
  );
  return rootRef;
}

/** Writes one level of siblings under `parentRef`; returns its ends and how many items it shows. */
function writeSiblings(
  context: PDFContext,
  items: readonly OutlineItem[],
  parentRef: PDFRef,
  pageRefs: readonly PDFRef[],
): { first: PDFRef; last: PDFRef; visibleCount: number } {
  const refs = items.map(() => context.nextRef());
  let visibleCount = 0;
  items.forEach((item, index) => {
    const pageRef = pageRefs[item.pageIndex];
    if (!Number.isInteger(item.pageIndex) || pageRef === undefined) {
      throw new RangeError(
        `Bookmark "${item.title}" points at page index ${item.pageIndex}; the PDF has ${pageRefs.length} pages.`,
      );
    }
    const dict = context.obj({}) as PDFDict;
    // Hex UTF-16: titles carry Vietnamese diacritics, and literal strings would need escaping.
    dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title));
    dict.set(PDFName.of('Parent'), parentRef);
    if (index > 0) dict.set(PDFName.of('Prev'), refs[index - 1]);
    if (index < items.length - 1) dict.set(PDFName.of('Next'), refs[index + 1]);
    // Whole page in view: an e-paper page is read as a page first.
    const dest = PDFArray.withContext(context);
    dest.push(pageRef);
    dest.push(PDFName.of('Fit'));
    dict.set(PDFName.of('Dest'), dest);
    visibleCount += 1;
    if (item.children && item.children.length > 0) {
      const children = writeSiblings(context, item.children, refs[index], pageRefs);
      dict.set(PDFName.of('First'), children.first);
      dict.set(PDFName.of('Last'), children.last);
      // Positive: the item starts open, showing its descendants.
      dict.set(PDFName.of('Count'), PDFNumber.of(children.visibleCount));
      visibleCount += children.visibleCount;
    }
    context.assign(refs[index], dict);
  });
  return { first: refs[0], last: refs[refs.length - 1], visibleCount };
}

