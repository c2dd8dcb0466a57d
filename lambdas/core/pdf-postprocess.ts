/**
 * PDF post-processing: what Chromium cannot put into its PDF, added as an incremental update
 * (PDF 32000-1, 7.5.6) to Chromium's own bytes. Document metadata, the language, bookmarks by
 * section and article, and a byte-identical result for the same input (Chromium stamps the print
 * time into /Info; nothing else in its output varies, as a render test checks). Bytes in, bytes
 * out; no file system.
 *
 * Chromium (Skia) writes a classic cross-reference table and no object streams, so only the tail
 * of the file, the catalog and the page tree are read, and a few small objects are appended: the
 * cost no longer grows with the size of the edition. Any PDF this reader does not expect (an xref
 * stream, object streams, encryption, something malformed) goes through pdf-lib instead, which
 * loads and rewrites the whole file with the same result for a reader.
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
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
  const id = await documentId(meta.fingerprint);

  try {
    return appendUpdate(pdf, readStructure(pdf), meta, id);
  } catch (error) {
    // Not the classic-xref file Chromium writes: let pdf-lib read and rewrite all of it.
    if (error instanceof Unsupported) return rewriteWithPdfLib(pdf, meta, id);
    throw error;
  }
}

/** 16 bytes of SHA-256 over the fingerprint, as hex: stable per edition version, unique across them. */
async function documentId(fingerprint: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`epaper-pdf-id\0${fingerprint}`),
  );
  return Array.from(new Uint8Array(digest).subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function pageIndexError(item: OutlineItem, pageCount: number): RangeError {
  return new RangeError(
    `Bookmark "${item.title}" points at page index ${item.pageIndex}; the PDF has ${pageCount} pages.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Incremental update

/** Thrown when the file is not the classic-xref PDF the fast path reads; pdf-lib takes over. */
class Unsupported extends Error {}

/** A parsed value with its byte span [start, end) in the file, so that it can be copied verbatim. */
type Value =
  | { readonly kind: 'dict'; readonly entries: Map<string, Value>; readonly start: number; readonly end: number }
  | { readonly kind: 'array'; readonly items: Value[]; readonly start: number; readonly end: number }
  | { readonly kind: 'ref'; readonly num: number; readonly gen: number; readonly start: number; readonly end: number }
  | { readonly kind: 'name'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'string'; readonly hex: boolean; readonly start: number; readonly end: number }
  | { readonly kind: 'other'; readonly start: number; readonly end: number };
type Dict = Extract<Value, { kind: 'dict' }>;
type Ref = Extract<Value, { kind: 'ref' }>;

interface PdfStructure {
  /** /Size of the newest trailer: the first object number free for new objects. */
  readonly size: number;
  /** Offset of the newest cross-reference section, for the update's /Prev. */
  readonly startxref: number;
  readonly catalogRef: Ref;
  readonly catalog: Dict;
  /** The /Info dictionary, if the trailer names one. */
  readonly info?: Dict;
  readonly pageRefs: readonly Ref[];
}

interface XrefEntry {
  readonly offset: number;
  readonly gen: number;
}

const WHITESPACE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITESPACE[c] = 1;
const DELIMITER = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;

/** A minimal PDF lexer/parser over the raw bytes: only what the catalog, page tree, trailer and Info need. */
class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  skipSpace(): void {
    const { bytes } = this;
    while (this.pos < bytes.length) {
      const c = bytes[this.pos];
      if (WHITESPACE[c]) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < bytes.length && bytes[this.pos] !== 0x0a && bytes[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  /** A run of regular characters (a number or a keyword), after skipping white space. */
  word(): string {
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.bytes.length && !WHITESPACE[this.bytes[this.pos]] && !DELIMITER[this.bytes[this.pos]]) {
      this.pos++;
    }
    return latin1(this.bytes, start, this.pos);
  }

  integer(): number {
    const word = this.word();
    if (!/^\d+$/.test(word)) throw new Unsupported(`expected an integer, found "${word}"`);
    return Number(word);
  }

  expect(keyword: string): void {
    const word = this.word();
    if (word !== keyword) throw new Unsupported(`expected "${keyword}", found "${word}"`);
  }

  value(depth = 0): Value {
    if (depth > 64) throw new Unsupported('objects nest too deeply');
    this.skipSpace();
    const { bytes } = this;
    const start = this.pos;
    const c = bytes[start];
    if (c === undefined) throw new Unsupported('unexpected end of file');
    if (c === 0x2f /* / */) {
      this.pos++;
      while (this.pos < bytes.length && !WHITESPACE[bytes[this.pos]] && !DELIMITER[bytes[this.pos]]) this.pos++;
      const name = latin1(bytes, start + 1, this.pos).replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      );
      return { kind: 'name', name, start, end: this.pos };
    }
    if (c === 0x3c /* < */ && bytes[start + 1] === 0x3c) {
      this.pos += 2;
      const entries = new Map<string, Value>();
      for (;;) {
        this.skipSpace();
        if (bytes[this.pos] === 0x3e && bytes[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return { kind: 'dict', entries, start, end: this.pos };
        }
        const key = this.value(depth + 1);
        if (key.kind !== 'name') throw new Unsupported('a dictionary key is not a name');
        entries.set(key.name, this.value(depth + 1));
      }
    }
    if (c === 0x3c) {
      const close = bytes.indexOf(0x3e, start);
      if (close < 0) throw new Unsupported('unterminated hex string');
      this.pos = close + 1;
      return { kind: 'string', hex: true, start, end: this.pos };
    }
    if (c === 0x28 /* ( */) {
      let nesting = 0;
      for (let i = start; i < bytes.length; i++) {
        const b = bytes[i];
        if (b === 0x5c /* \ */) i++;
        else if (b === 0x28) nesting++;
        else if (b === 0x29 && --nesting === 0) {
          this.pos = i + 1;
          return { kind: 'string', hex: false, start, end: this.pos };
        }
      }
      throw new Unsupported('unterminated literal string');
    }
    if (c === 0x5b /* [ */) {
      this.pos++;
      const items: Value[] = [];
      for (;;) {
        this.skipSpace();
        if (bytes[this.pos] === 0x5d) {
          this.pos++;
          return { kind: 'array', items, start, end: this.pos };
        }
        items.push(this.value(depth + 1));
      }
    }
    if (DELIMITER[c]) throw new Unsupported(`unexpected "${String.fromCharCode(c)}"`);
    const word = this.word();
    const end = this.pos;
    if (/^\d+$/.test(word)) {
      // "num gen R" is a reference; otherwise the integer stands alone.
      const gen = this.word();
      if (/^\d+$/.test(gen) && this.word() === 'R') {
        return { kind: 'ref', num: Number(word), gen: Number(gen), start, end: this.pos };
      }
      this.pos = end;
    }
    if (word === '' || word === 'R' || word === 'obj' || word === 'endobj' || word === 'stream') {
      throw new Unsupported(`unexpected "${word}"`);
    }
    return { kind: 'other', start, end };
  }
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

/** Reads the trailer chain, the catalog, the Info dictionary and the page tree. */
function readStructure(bytes: Uint8Array): PdfStructure {
  const startxref = findStartxref(bytes);
  const xref = new Map<number, XrefEntry | null>();
  let trailer: Dict | undefined;
  const seen = new Set<number>();
  for (let offset: number | undefined = startxref; offset !== undefined; ) {
    if (seen.has(offset) || offset >= bytes.length) throw new Unsupported('broken /Prev chain');
    seen.add(offset);
    const section = readXrefSection(bytes, offset, xref);
    if (section.entries.has('XRefStm') || section.entries.has('Encrypt')) {
      throw new Unsupported('hybrid or encrypted file');
    }
    trailer ??= section;
    const prev = section.entries.get('Prev');
    offset = prev ? integerValue(bytes, prev) : undefined;
  }
  if (!trailer) throw new Unsupported('no trailer');

  const size = integerValue(bytes, trailer.entries.get('Size'));
  const resolve = (value: Value | undefined): Value | undefined =>
    value?.kind === 'ref' ? readObject(bytes, xref, value) : value;

  const catalogRef = trailer.entries.get('Root');
  if (catalogRef?.kind !== 'ref') throw new Unsupported('/Root is not a reference');
  const catalog = asDict(readObject(bytes, xref, catalogRef));
  const infoValue = trailer.entries.get('Info');
  const info = infoValue ? asDict(resolve(infoValue)) : undefined;

  const pageRefs: Ref[] = [];
  const visited = new Set<number>();
  const walk = (ref: Value | undefined, depth: number): void => {
    if (ref?.kind !== 'ref' || visited.has(ref.num) || depth > 64) throw new Unsupported('malformed page tree');
    visited.add(ref.num);
    const node = asDict(readObject(bytes, xref, ref));
    const type = node.entries.get('Type');
    if (type?.kind === 'name' && type.name === 'Pages') {
      const kids = resolve(node.entries.get('Kids'));
      if (kids?.kind !== 'array') throw new Unsupported('/Kids is not an array');
      for (const kid of kids.items) walk(kid, depth + 1);
    } else {
      pageRefs.push(ref);
    }
  };
  walk(catalog.entries.get('Pages'), 0);
  return { size, startxref, catalogRef, catalog, info, pageRefs };
}

function findStartxref(bytes: Uint8Array): number {
  const tail = latin1(bytes, Math.max(0, bytes.length - 1024), bytes.length);
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match) throw new Unsupported('no startxref at the end of the file');
  return Number(match[1]);
}

/** Reads one classic xref section at `offset` into `xref` (newer entries win) and returns its trailer. */
function readXrefSection(bytes: Uint8Array, offset: number, xref: Map<number, XrefEntry | null>): Dict {
  const reader = new Reader(bytes);
  reader.pos = offset;
  reader.expect('xref');
  for (;;) {
    const word = reader.word();
    if (word === 'trailer') break;
    if (!/^\d+$/.test(word)) throw new Unsupported(`unexpected "${word}" in the xref table`);
    const first = Number(word);
    const count = reader.integer();
    for (let i = 0; i < count; i++) {
      const entryOffset = reader.integer();
      const gen = reader.integer();
      const type = reader.word();
      if (type !== 'n' && type !== 'f') throw new Unsupported(`bad xref entry type "${type}"`);
      if (!xref.has(first + i)) xref.set(first + i, type === 'n' ? { offset: entryOffset, gen } : null);
    }
  }
  return asDict(reader.value());
}

function readObject(bytes: Uint8Array, xref: Map<number, XrefEntry | null>, ref: Ref): Value {
  const entry = xref.get(ref.num);
  if (!entry || entry.gen !== ref.gen) throw new Unsupported(`object ${ref.num} ${ref.gen} is not in the xref table`);
  const reader = new Reader(bytes);
  reader.pos = entry.offset;
  if (reader.integer() !== ref.num || reader.integer() !== ref.gen) {
    throw new Unsupported(`object ${ref.num} is not at its xref offset`);
  }
  reader.expect('obj');
  return reader.value();
}

function asDict(value: Value | undefined): Dict {
  if (value?.kind !== 'dict') throw new Unsupported('expected a dictionary');
  return value;
}

function integerValue(bytes: Uint8Array, value: Value | undefined): number {
  const text = value?.kind === 'other' ? latin1(bytes, value.start, value.end) : '';
  if (!/^\d+$/.test(text)) throw new Unsupported('expected an integer');
  return Number(text);
}

/** The text of a string value (PDFDocEncoding or UTF-16 with BOM), decoded as pdf-lib decodes it. */
function decodeText(bytes: Uint8Array, value: Value | undefined): string | undefined {
  if (value?.kind !== 'string') return undefined;
  const inner = latin1(bytes, value.start + 1, value.end - 1);
  return (value.hex ? PDFHexString.of(inner.replace(/\s+/g, '')) : PDFString.of(inner)).decodeText();
}

/**
 * Overwrites a date string of the old /Info in place, with the same number of bytes, so that the
 * print time Chromium stamped does not survive in the file.
 */
function overwriteDate(out: Uint8Array, value: Value | undefined, date: Date): void {
  if (value === undefined) return;
  if (value.kind !== 'string') throw new Unsupported('an /Info date is not a direct string');
  const stamp = PDFString.fromDate(date).asString().slice(0, -1); // D:YYYYMMDDHHmmSS
  const room = value.end - value.start - 2; // bytes between the delimiters
  const width = value.hex ? Math.floor(room / 2) : room; // characters that fit
  // Chromium's layout ("D:...+00'00'", 23 characters) when it fits, then pdf-lib's ("D:...Z"),
  // padded with spaces: the same length as before, and the same bytes for every print.
  const fitting = [`${stamp}+00'00'`, `${stamp}Z`, stamp].find((candidate) => candidate.length <= width);
  const text = fitting?.padEnd(width, ' ') ?? stamp.slice(0, width);
  const inner = value.hex
    ? Array.from(text, (ch) => ch.charCodeAt(0).toString(16).padStart(2, '0'))
        .join('')
        .padEnd(room, ' ')
    : text;
  for (let i = 0; i < inner.length; i++) out[value.start + 1 + i] = inner.charCodeAt(i);
}

/** Appends the new Info, catalog and outline objects, an xref section and a trailer to the PDF. */
function appendUpdate(pdf: Uint8Array, structure: PdfStructure, meta: PdfMeta, id: string): Uint8Array {
  const { catalog, catalogRef, info, pageRefs } = structure;
  const raw = (value: Value): string => latin1(pdf, value.start, value.end);
  const hexText = (text: string): string => PDFHexString.fromText(text).toString();
  const dateString = PDFString.fromDate(meta.date).toString();
  let nextNum = structure.size;
  const objects: { num: number; gen: number; body: string }[] = [];

  // Info: the old entries, then what pdf-lib's setters would set.
  const renderedBy = decodeText(pdf, info?.entries.get('Producer'));
  const infoEntries = new Map<string, string>();
  for (const [key, value] of info?.entries ?? []) infoEntries.set(key, raw(value));
  infoEntries.set('Title', hexText(meta.title));
  infoEntries.set('Author', hexText(meta.author));
  infoEntries.set('Subject', hexText(meta.subject));
  infoEntries.set('Keywords', hexText((meta.keywords ?? []).join(' ')));
  infoEntries.set('Creator', hexText(PDF_CREATOR));
  infoEntries.set('Producer', hexText(renderedBy ? `${renderedBy}; ${PDF_PRODUCER_SUFFIX}` : PDF_PRODUCER_SUFFIX));
  infoEntries.set('CreationDate', dateString);
  infoEntries.set('ModDate', dateString);
  const infoNum = nextNum++;
  objects.push({ num: infoNum, gen: 0, body: dictText(infoEntries) });

  // Catalog: same object number, old entries plus /Lang, /ViewerPreferences and the outline.
  const catalogEntries = new Map<string, string>();
  for (const [key, value] of catalog.entries) catalogEntries.set(key, raw(value));
  const prefs = catalog.entries.get('ViewerPreferences');
  if (prefs !== undefined && prefs.kind !== 'dict') throw new Unsupported('/ViewerPreferences is not direct');
  const prefsEntries = new Map<string, string>();
  for (const [key, value] of prefs?.entries ?? []) prefsEntries.set(key, raw(value));
  prefsEntries.set('DisplayDocTitle', 'true');
  catalogEntries.set('ViewerPreferences', dictText(prefsEntries));
  catalogEntries.set('Lang', PDFString.of(meta.language).toString());
  catalogEntries.delete('Outlines');
  if (meta.outline.length > 0) {
    const pages = pageRefs.map((ref) => `${ref.num} ${ref.gen} R`);
    const rootNum = nextNum++;
    const { first, last, visibleCount } = appendSiblings(meta.outline, rootNum, pages, () => nextNum++, objects);
    objects.push({
      num: rootNum,
      gen: 0,
      body: `<<\n/Type /Outlines\n/First ${first} 0 R\n/Last ${last} 0 R\n/Count ${visibleCount}\n>>`,
    });
    catalogEntries.set('Outlines', `${rootNum} 0 R`);
    catalogEntries.set('PageMode', '/UseOutlines');
  }
  objects.push({ num: catalogRef.num, gen: catalogRef.gen, body: dictText(catalogEntries) });
  objects.sort((a, b) => a.num - b.num);

  // Serialize: the objects, one xref section (a subsection per run of numbers), the trailer.
  // Everything is Latin-1 (copied entries are raw bytes), so string offsets are byte offsets.
  const last = pdf[pdf.length - 1];
  let text = last === 0x0a || last === 0x0d ? '' : '\n';
  const offsets: number[] = [];
  for (const object of objects) {
    offsets.push(pdf.length + text.length);
    text += `${object.num} ${object.gen} obj\n${object.body}\nendobj\n\n`;
  }
  const xrefOffset = pdf.length + text.length;
  text += 'xref\n';
  for (let i = 0; i < objects.length; ) {
    let j = i;
    while (j + 1 < objects.length && objects[j + 1].num === objects[j].num + 1) j++;
    text += `${objects[i].num} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      text += `${String(offsets[k]).padStart(10, '0')} ${String(objects[k].gen).padStart(5, '0')} n \n`;
    }
    i = j + 1;
  }
  text +=
    `trailer\n<<\n/Size ${Math.max(structure.size, nextNum)}\n/Root ${catalogRef.num} ${catalogRef.gen} R\n` +
    `/Info ${infoNum} 0 R\n/ID [<${id}> <${id}>]\n/Prev ${structure.startxref}\n>>\nstartxref\n${xrefOffset}\n%%EOF\n`;

  const out = new Uint8Array(pdf.length + text.length);
  out.set(pdf, 0);
  overwriteDate(out, info?.entries.get('CreationDate'), meta.date);
  overwriteDate(out, info?.entries.get('ModDate'), meta.date);
  for (let i = 0; i < text.length; i++) out[pdf.length + i] = text.charCodeAt(i);
  return out;
}

function dictText(entries: ReadonlyMap<string, string>): string {
  let text = '<<';
  for (const [key, value] of entries) text += `\n${nameText(key)} ${value}`;
  return `${text}\n>>`;
}

/** A name as PDF syntax: regular printable characters as they are, everything else as #xx. */
function nameText(name: string): string {
  return `/${name.replace(/[^!-~]|[#()<>[\]{}/%]/g, (ch) => `#${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
}

/**
 * Appends one level of outline items (PDF 32000-1, 12.3.3), every item open, under `parentNum`;
 * numbers are taken in the order pdf-lib's writer took them. Returns the ends and how many items it shows.
 */
function appendSiblings(
  items: readonly OutlineItem[],
  parentNum: number,
  pages: readonly string[],
  nextNum: () => number,
  objects: { num: number; gen: number; body: string }[],
): { first: number; last: number; visibleCount: number } {
  const nums = items.map(() => nextNum());
  let visibleCount = 0;
  items.forEach((item, index) => {
    const page = pages[item.pageIndex];
    if (!Number.isInteger(item.pageIndex) || page === undefined) throw pageIndexError(item, pages.length);
    // Hex UTF-16: titles carry Vietnamese diacritics, and literal strings would need escaping.
    let body = `<<\n/Title ${PDFHexString.fromText(item.title).toString()}\n/Parent ${parentNum} 0 R`;
    if (index > 0) body += `\n/Prev ${nums[index - 1]} 0 R`;
    if (index < items.length - 1) body += `\n/Next ${nums[index + 1]} 0 R`;
    // Whole page in view: an e-paper page is read as a page first.
    body += `\n/Dest [${page} /Fit]`;
    visibleCount += 1;
    if (item.children && item.children.length > 0) {
      const children = appendSiblings(item.children, nums[index], pages, nextNum, objects);
      // Positive /Count: the item starts open, showing its descendants.
      body += `\n/First ${children.first} 0 R\n/Last ${children.last} 0 R\n/Count ${children.visibleCount}`;
      visibleCount += children.visibleCount;
    }
    objects.push({ num: nums[index], gen: 0, body: `${body}\n>>` });
  });
  return { first: nums[0], last: nums[nums.length - 1], visibleCount };
}

// ---------------------------------------------------------------------------------------------
// Fallback: load and rewrite the whole file with pdf-lib

async function rewriteWithPdfLib(pdf: Uint8Array, meta: PdfMeta, id: string): Promise<Uint8Array> {
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

  const idString = PDFHexString.of(id);
  doc.context.trailerInfo.ID = doc.context.obj([idString, idString]);

  const pageRefs = doc.getPages().map((page) => page.ref);
  const catalog = doc.catalog;
  catalog.delete(PDFName.of('Outlines'));
  if (meta.outline.length > 0) {
    catalog.set(PDFName.of('Outlines'), buildOutline(doc.context, meta.outline, pageRefs));
    catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }

  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
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
    if (!Number.isInteger(item.pageIndex) || pageRef === undefined) throw pageIndexError(item, pageRefs.length);
    const dict = context.obj({}) as PDFDict;
    dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title));
    dict.set(PDFName.of('Parent'), parentRef);
    if (index > 0) dict.set(PDFName.of('Prev'), refs[index - 1]);
    if (index < items.length - 1) dict.set(PDFName.of('Next'), refs[index + 1]);
    const dest = PDFArray.withContext(context);
    dest.push(pageRef);
    dest.push(PDFName.of('Fit'));
    dict.set(PDFName.of('Dest'), dest);
    visibleCount += 1;
    if (item.children && item.children.length > 0) {
      const children = writeSiblings(context, item.children, refs[index], pageRefs);
      dict.set(PDFName.of('First'), children.first);
      dict.set(PDFName.of('Last'), children.last);
      dict.set(PDFName.of('Count'), PDFNumber.of(children.visibleCount));
      visibleCount += children.visibleCount;
    }
    context.assign(refs[index], dict);
  });
  return { first: refs[0], last: refs[refs.length - 1], visibleCount };
}
