/**
 * Font metrics from the very font files the PDF embeds, so that a line the typesetter measures is
 * the line Chromium paints (DESIGN, "Measure exactly as Chromium paints").
 */
import * as fontkit from 'fontkit';

/** The faces the page templates use, by role. Keys of EditionResources.fonts. */
export const FACE_KEYS = [
  'serif-regular',
  'serif-italic',
  'serif-bold',
  'serif-bolditalic',
  'display-bold',
  'display-black',
  'display-italic',
  'sans-regular',
  'sans-bold',
] as const;
export type FaceKey = (typeof FACE_KEYS)[number];

/** CSS family name and style of each face, used by the @font-face rules and by the HTML. */
export const FACE_CSS: Readonly<Record<FaceKey, { family: string; weight: number; style: 'normal' | 'italic' }>> = {
  'serif-regular': { family: 'EpSerif', weight: 400, style: 'normal' },
  'serif-italic': { family: 'EpSerif', weight: 400, style: 'italic' },
  'serif-bold': { family: 'EpSerif', weight: 700, style: 'normal' },
  'serif-bolditalic': { family: 'EpSerif', weight: 700, style: 'italic' },
  'display-bold': { family: 'EpDisplay', weight: 700, style: 'normal' },
  'display-black': { family: 'EpDisplay', weight: 900, style: 'normal' },
  'display-italic': { family: 'EpDisplay', weight: 400, style: 'italic' },
  'sans-regular': { family: 'EpSans', weight: 400, style: 'normal' },
  'sans-bold': { family: 'EpSans', weight: 700, style: 'normal' },
};

interface LoadedFace {
  readonly font: fontkit.Font;
  readonly unitsPerEm: number;
  /** Advance width in font units, per string, cached: the same words recur across an edition. */
  readonly widths: Map<string, number>;
  /** The same without ligatures, as Chromium sets letter-spaced text. */
  readonly unligatedWidths: Map<string, number>;
  /**
   * Characters whose glyph can start a ligature (from the font's GSUB liga/clig/dlig lookups), or
   * undefined when the table could not be read: then every string is measured both ways.
   */
  readonly ligatureStarts: ReadonlySet<number> | undefined;
}

type Coverage = { glyphs?: ArrayLike<number>; rangeRecords?: ArrayLike<{ start: number; end: number }> };
type LookupTable = { lookupType: number; subTables: ArrayLike<{ coverage?: Coverage; extension?: { coverage?: Coverage } }> };
const at = <T>(list: ArrayLike<T> & { get?: (i: number) => T }, index: number): T => (typeof list.get === 'function' ? list.get(index) : list[index]);

/**
 * The code points that begin a ligature in `font` (in Source Serif: f, for fi, fl, ff, ffi, ffl),
 * read from the first-glyph coverage of its ligature lookups. Most words contain none, and their
 * width without ligatures is then their width with them: no second layout is needed.
 */
function ligatureStartsOf(font: fontkit.Font): Set<number> | undefined {
  try {
    const gsub = (font as unknown as { GSUB?: { featureList: ArrayLike<{ tag: string; feature: { lookupListIndexes: ArrayLike<number> } }>; lookupList: ArrayLike<LookupTable> } }).GSUB;
    if (!gsub) return new Set();
    const glyphIds = new Set<number>();
    const features = Array.from({ length: gsub.featureList.length }, (_, i) => at(gsub.featureList, i)).filter((f) => ['liga', 'clig', 'dlig'].includes(f.tag));
    for (const feature of features) {
      for (const lookupIndex of Array.from(feature.feature.lookupListIndexes)) {
        const lookup = at(gsub.lookupList, lookupIndex);
        // 4: ligature substitution; 7: an extension that wraps one.
        if (lookup.lookupType !== 4 && lookup.lookupType !== 7) continue;
        for (let i = 0; i < lookup.subTables.length; i++) {
          const table = at(lookup.subTables, i);
          const coverage = table.coverage ?? table.extension?.coverage;
          if (!coverage) return undefined;
          for (const id of Array.from(coverage.glyphs ?? [])) glyphIds.add(id);
          for (const range of Array.from(coverage.rangeRecords ?? [])) for (let id = range.start; id <= range.end; id++) glyphIds.add(id);
        }
      }
    }
    const starts = new Set<number>();
    for (const codePoint of font.characterSet) if (glyphIds.has(font.glyphForCodePoint(codePoint).id)) starts.add(codePoint);
    return starts;
  } catch {
    return undefined;
  }
}

/**
 * A warm Lambda measures edition after edition: the word caches start over past this many entries
 * (a few megabytes) rather than grow with every new name and number for as long as it lives.
 */
const WIDTH_CACHE_LIMIT = 200_000;

function remember(cache: Map<string, number>, text: string, units: number): void {
  if (cache.size >= WIDTH_CACHE_LIMIT) cache.clear();
  cache.set(text, units);
}

/** Measures strings in the edition's faces, in CSS pixels. Parse once per process, reuse. */
export class FontBook {
  private readonly faces = new Map<FaceKey, LoadedFace>();

  constructor(fonts: ReadonlyMap<string, Uint8Array>) {
    for (const key of FACE_KEYS) {
      const bytes = fonts.get(key);
      if (!bytes) throw new Error(`font "${key}" is missing from the edition resources`);
      const font = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as fontkit.Font;
      this.faces.set(key, { font, unitsPerEm: font.unitsPerEm, widths: new Map(), unligatedWidths: new Map(), ligatureStarts: ligatureStartsOf(font) });
    }
  }

  /** Advance width of `text` set in `face` at `sizePx`, with the default features Chromium applies. */
  width(text: string, face: FaceKey, sizePx: number): number {
    const loaded = this.faces.get(face)!;
    let units = loaded.widths.get(text);
    if (units === undefined) {
      units = loaded.font.layout(text).advanceWidth;
      remember(loaded.widths, text, units);
    }
    return (units / loaded.unitsPerEm) * sizePx;
  }

  /**
   * Advance width with ligatures off: Chromium drops optional ligatures from letter-spaced text
   * (CSS Text: no ligatures where letters are spaced), and "ffi" is 1.4 px wider without its
   * ligature at 9 pt.
   */
  unligatedWidth(text: string, face: FaceKey, sizePx: number): number {
    const loaded = this.faces.get(face)!;
    const starts = loaded.ligatureStarts;
    if (starts && ![...text].some((ch) => starts.has(ch.codePointAt(0)!))) return this.width(text, face, sizePx);
    let units = loaded.unligatedWidths.get(text);
    if (units === undefined) {
      units = loaded.font.layout(text, { liga: false, clig: false, dlig: false }).advanceWidth;
      remember(loaded.unligatedWidths, text, units);
    }
    return (units / loaded.unitsPerEm) * sizePx;
  }

  /** Ascent and descent of a face, as fractions of the font size (for vertical placement). */
  verticalMetrics(face: FaceKey): { ascent: number; descent: number } {
    const { font, unitsPerEm } = this.faces.get(face)!;
    return { ascent: font.ascent / unitsPerEm, descent: -font.descent / unitsPerEm };
  }
}

const fontBookCache = new WeakMap<ReadonlyMap<string, Uint8Array>, FontBook>();

/** One FontBook per font map: a warm Lambda or a benchmark parses the fonts once. */
export function fontBookFor(fonts: ReadonlyMap<string, Uint8Array>): FontBook {
  let book = fontBookCache.get(fonts);
  if (!book) {
    book = new FontBook(fonts);
    fontBookCache.set(fonts, book);
  }
  return book;
}
