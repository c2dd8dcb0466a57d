/**
 * A font's character map without the code points an edition does not print that share a glyph
 * with one it does. Chromium (Skia) writes a PDF's ToUnicode map from the embedded face's cmap,
 * each glyph to the LOWEST code point mapped to it, and pdf.js (Firefox's viewer, pdfjs-dist)
 * extracts text by that map alone: Source Serif 4 draws U+2019 and U+02BC (modifier letter
 * apostrophe) with one glyph, so every ’ of the body was copied and searched as ʼ, every ‘ as ʻ
 * (U+02BB), every Greek μ as the micro sign µ (U+00B5), every narrow no-break space as a thin
 * space. (Poppler and PDFium read Skia's /ActualText and were right.) Taking the unprinted lower
 * code point out of the cmap makes the printed one the glyph's only, or lowest, code point. Only
 * code points the edition never prints leave, so nothing printed is shaped or measured otherwise:
 * the typesetter keeps measuring the package's bytes. Where an edition prints both (ʼ and ’), the
 * lower still wins: one glyph can carry one code point in ToUnicode.
 *
 * Pure: bytes in, bytes out (TrueType/OpenType sfnt; the cmap's Unicode subtables of format 4 and
 * 12 are written anew, every other subtable and table is copied as it was).
 */

/** Code points `font` maps that share a glyph with a higher code point `printed` holds, and are not printed themselves. */
export function unprintedAliases(font: Uint8Array, printed: ReadonlySet<number>): number[] {
  const cmap = readCmap(font);
  if (!cmap) return [];
  const best = cmap.subtables.find((s) => s.platform === 3 && s.encoding === 10 && s.map) ?? cmap.subtables.find((s) => s.map);
  if (!best?.map) return [];
  const byGlyph = new Map<number, number[]>();
  for (const [codePoint, glyph] of best.map) {
    const list = byGlyph.get(glyph);
    if (list) list.push(codePoint);
    else byGlyph.set(glyph, [codePoint]);
  }
  const aliases: number[] = [];
  for (const codePoints of byGlyph.values()) {
    const printedHere = codePoints.filter((codePoint) => printed.has(codePoint));
    // A glyph none of whose code points prints may keep them all.
    if (codePoints.length < 2 || printedHere.length === 0) continue;
    const lowestPrinted = Math.min(...printedHere);
    for (const codePoint of codePoints) if (codePoint < lowestPrinted) aliases.push(codePoint);
  }
  return aliases.sort((a, b) => a - b);
}

/**
 * `font` whose cmap no longer maps the unprinted aliases of printed code points (see the module
 * comment); `font` itself when there are none or it cannot be read as an sfnt.
 */
export function withoutUnprintedAliases(font: Uint8Array, printed: ReadonlySet<number>): Uint8Array {
  const aliases = unprintedAliases(font, printed);
  if (aliases.length === 0) return font;
  // A warm process builds editions that leave out the same few code points: each face once per set.
  const made = written.get(font) ?? new Map<string, Uint8Array>();
  written.set(font, made);
  const key = aliases.join(' ');
  let out = made.get(key);
  if (!out) {
    const cmap = readCmap(font)!;
    out = withTable(font, cmap.record, cmapWithout(font, cmap, new Set(aliases)));
    made.set(key, out);
  }
  return out;
}

const written = new WeakMap<Uint8Array, Map<string, Uint8Array>>();

interface TableRecord {
  readonly tag: string;
  readonly offset: number;
  readonly length: number;
  /** Where the record stands in the table directory. */
  readonly at: number;
}

interface Subtable {
  readonly platform: number;
  readonly encoding: number;
  /** From the cmap's start. */
  readonly offset: number;
  readonly format: number;
  /** Decoded for Unicode subtables of format 4 and 12 only. */
  readonly map?: Map<number, number>;
}

interface Cmap {
  readonly record: TableRecord;
  readonly subtables: readonly Subtable[];
}

function tablesOf(font: Uint8Array): TableRecord[] | undefined {
  if (font.length < 12) return undefined;
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const version = view.getUint32(0);
  // TrueType outlines (0x00010000, 'true') or CFF ('OTTO'); not a collection or WOFF.
  if (version !== 0x00010000 && version !== 0x74727565 && version !== 0x4f54544f) return undefined;
  const count = view.getUint16(4);
  if (12 + 16 * count > font.length) return undefined;
  const tables: TableRecord[] = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(font[at], font[at + 1], font[at + 2], font[at + 3]);
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    if (offset + length > font.length) return undefined;
    tables.push({ tag, offset, length, at });
  }
  return tables;
}

const isUnicode = (platform: number, encoding: number) => platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));

function readCmap(font: Uint8Array): Cmap | undefined {
  const record = tablesOf(font)?.find((t) => t.tag === 'cmap');
  if (!record || record.length < 4) return undefined;
  const view = new DataView(font.buffer, font.byteOffset + record.offset, record.length);
  const count = view.getUint16(2);
  if (4 + 8 * count > record.length) return undefined;
  const decoded = new Map<number, Map<number, number> | undefined>();
  const subtables: Subtable[] = [];
  for (let i = 0; i < count; i++) {
    const platform = view.getUint16(4 + 8 * i);
    const encoding = view.getUint16(6 + 8 * i);
    const offset = view.getUint32(8 + 8 * i);
    if (offset + 2 > record.length) return undefined;
    const format = view.getUint16(offset);
    if (isUnicode(platform, encoding) && (format === 4 || format === 12) && !decoded.has(offset)) {
      decoded.set(offset, format === 4 ? readFormat4(view, offset) : readFormat12(view, offset));
    }
    subtables.push({ platform, encoding, offset, format, map: decoded.get(offset) });
  }
  return { record, subtables };
}

function readFormat4(view: DataView, offset: number): Map<number, number> | undefined {
  const map = new Map<number, number>();
  const segments = view.getUint16(offset + 6) / 2;
  const ends = offset + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const ranges = deltas + 2 * segments;
  if (ranges + 2 * segments > view.byteLength) return undefined;
  for (let s = 0; s < segments; s++) {
    const start = view.getUint16(starts + 2 * s);
    const end = view.getUint16(ends + 2 * s);
    const delta = view.getUint16(deltas + 2 * s);
    const range = view.getUint16(ranges + 2 * s);
    for (let codePoint = start; codePoint <= end && codePoint !== 0xffff; codePoint++) {
      let glyph: number;
      if (range === 0) glyph = (codePoint + delta) & 0xffff;
      else {
        const at = ranges + 2 * s + range + 2 * (codePoint - start);
        if (at + 2 > view.byteLength) return undefined;
        glyph = view.getUint16(at);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(codePoint, glyph);
    }
  }
  return map;
}

function readFormat12(view: DataView, offset: number): Map<number, number> | undefined {
  const map = new Map<number, number>();
  const groups = view.getUint32(offset + 12);
  if (offset + 16 + 12 * groups > view.byteLength) return undefined;
  for (let g = 0; g < groups; g++) {
    const at = offset + 16 + 12 * g;
    const start = view.getUint32(at);
    const end = view.getUint32(at + 4);
    const glyph = view.getUint32(at + 8);
    if (end < start || end > 0x10ffff) return undefined;
    for (let codePoint = start; codePoint <= end; codePoint++) map.set(codePoint, glyph + codePoint - start);
  }
  return map;
}

/** Runs of consecutive code points mapped to consecutive glyphs, in code point order. */
function runsOf(map: ReadonlyMap<number, number>, limit: number): { start: number; end: number; glyph: number }[] {
  const runs: { start: number; end: number; glyph: number }[] = [];
  for (const codePoint of [...map.keys()].filter((c) => c <= limit).sort((a, b) => a - b)) {
    const glyph = map.get(codePoint)!;
    const last = runs[runs.length - 1];
    if (last && codePoint === last.end + 1 && glyph === last.glyph + (codePoint - last.start)) last.end = codePoint;
    else runs.push({ start: codePoint, end: codePoint, glyph });
  }
  return runs;
}

function format4(map: ReadonlyMap<number, number>, language: number): Uint8Array {
  // Every segment maps by its delta; the last is the 0xFFFF one the format requires.
  const segments = [...runsOf(map, 0xfffe), { start: 0xffff, end: 0xffff, glyph: 0 }];
  const count = segments.length;
  const length = 16 + 8 * count;
  const out = new DataView(new ArrayBuffer(length));
  const searchRange = 2 * 2 ** Math.floor(Math.log2(count));
  out.setUint16(0, 4);
  out.setUint16(2, length);
  out.setUint16(4, language);
  out.setUint16(6, 2 * count);
  out.setUint16(8, searchRange);
  out.setUint16(10, Math.log2(searchRange / 2));
  out.setUint16(12, 2 * count - searchRange);
  segments.forEach((segment, s) => {
    out.setUint16(14 + 2 * s, segment.end);
    out.setUint16(16 + 2 * count + 2 * s, segment.start);
    out.setUint16(16 + 4 * count + 2 * s, segment.start === 0xffff ? 1 : (segment.glyph - segment.start) & 0xffff);
    out.setUint16(16 + 6 * count + 2 * s, 0);
  });
  return new Uint8Array(out.buffer);
}

function format12(map: ReadonlyMap<number, number>, language: number): Uint8Array {
  const groups = runsOf(map, 0x10ffff);
  const out = new DataView(new ArrayBuffer(16 + 12 * groups.length));
  out.setUint16(0, 12);
  out.setUint32(4, out.byteLength);
  out.setUint32(8, language);
  out.setUint32(12, groups.length);
  groups.forEach((group, g) => {
    out.setUint32(16 + 12 * g, group.start);
    out.setUint32(20 + 12 * g, group.end);
    out.setUint32(24 + 12 * g, group.glyph);
  });
  return new Uint8Array(out.buffer);
}

/** The cmap table anew: each Unicode subtable of format 4 or 12 without `removed`, the others copied. */
function cmapWithout(font: Uint8Array, cmap: Cmap, removed: ReadonlySet<number>): Uint8Array {
  const table = font.subarray(cmap.record.offset, cmap.record.offset + cmap.record.length);
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  // Subtables shared by several records (0/3 and 3/1 often are) stay shared.
  const written = new Map<number, Uint8Array>();
  for (const subtable of cmap.subtables) {
    if (written.has(subtable.offset)) continue;
    if (subtable.map) {
      const kept = new Map([...subtable.map].filter(([codePoint]) => !removed.has(codePoint)));
      written.set(subtable.offset, subtable.format === 4 ? format4(kept, view.getUint16(subtable.offset + 4)) : format12(kept, view.getUint32(subtable.offset + 8)));
    } else {
      written.set(subtable.offset, table.subarray(subtable.offset, subtable.offset + subtableLength(view, subtable.offset)));
    }
  }
  const header = 4 + 8 * cmap.subtables.length;
  const placed = new Map<number, number>();
  let size = header;
  for (const [offset, bytes] of written) {
    placed.set(offset, size);
    size += (bytes.length + 3) & ~3;
  }
  const out = new Uint8Array(size);
  const outView = new DataView(out.buffer);
  outView.setUint16(0, 0);
  outView.setUint16(2, cmap.subtables.length);
  cmap.subtables.forEach((subtable, i) => {
    outView.setUint16(4 + 8 * i, subtable.platform);
    outView.setUint16(6 + 8 * i, subtable.encoding);
    outView.setUint32(8 + 8 * i, placed.get(subtable.offset)!);
  });
  for (const [offset, bytes] of written) out.set(bytes, placed.get(offset)!);
  return out;
}

/** A cmap subtable's length by its format's own field. */
function subtableLength(view: DataView, offset: number): number {
  const format = view.getUint16(offset);
  if (format === 8 || format === 10 || format === 12 || format === 13) return view.getUint32(offset + 4);
  if (format === 14) return view.getUint32(offset + 2);
  return view.getUint16(offset + 2);
}

function checksum(bytes: Uint8Array): number {
  const padded = new Uint8Array((bytes.length + 3) & ~3);
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/** `font` with the table of `record` replaced by `table`: every table laid out again, 4-byte aligned, checksums and head's adjustment recomputed. */
function withTable(font: Uint8Array, record: TableRecord, table: Uint8Array): Uint8Array {
  const tables = tablesOf(font)!;
  const header = 12 + 16 * tables.length;
  const bodies = tables.map((t) => (t.tag === record.tag ? table : font.slice(t.offset, t.offset + t.length)));
  let size = header;
  const offsets = bodies.map((body) => {
    const offset = size;
    size += (body.length + 3) & ~3;
    return offset;
  });
  const out = new Uint8Array(size);
  out.set(font.subarray(0, 12));
  const view = new DataView(out.buffer);
  const headIndex = tables.findIndex((t) => t.tag === 'head');
  // head's checkSumAdjustment counts as 0 in its own checksum and in the file's.
  if (headIndex >= 0 && bodies[headIndex].length >= 12) new DataView(bodies[headIndex].buffer, bodies[headIndex].byteOffset).setUint32(8, 0);
  tables.forEach((t, i) => {
    out.set(font.subarray(t.at, t.at + 4), 12 + 16 * i);
    view.setUint32(12 + 16 * i + 4, checksum(bodies[i]));
    view.setUint32(12 + 16 * i + 8, offsets[i]);
    view.setUint32(12 + 16 * i + 12, bodies[i].length);
    out.set(bodies[i], offsets[i]);
  });
  if (headIndex >= 0 && bodies[headIndex].length >= 12) view.setUint32(offsets[headIndex] + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
