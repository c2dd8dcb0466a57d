/**
 * Font metrics from the very font files the PDF embeds, so that a line the typesetter measures is
 * the line Chromium paints (docs/ARCHITECTURE.md, "Measure exactly as Chromium paints").
 */
import type * as fontkit from 'fontkit';
import { PlainMetrics, fontIdentity, mapsCodePoint } from './plain-metrics';
import { plainMetricsData } from './plain-metrics.data';

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

/**
 * Fallback faces, in the order Chromium tries them after a face's own font (the CSS family list
 * every text class names): Noto Sans for Greek, Cyrillic and every combining mark, then Hebrew
 * (Noto Sans Hebrew: its letters and points; a Hebrew story is set right to left, core/scripts.ts),
 * then the region's scripts, then CJK (Noto Sans SC holds Han and kana; Noto Sans KR adds Hangul). A text
 * run goes to the first font whose cmap covers its whole grapheme cluster, which is what
 * Chromium's shaper does when the primary font gives .notdef, so the measure is the paint.
 */
export const FALLBACK_FAMILIES = [
  { family: 'EpNoto', regular: 'noto-regular', bold: 'noto-bold' },
  { family: 'EpHebrew', regular: 'hebrew-regular', bold: 'hebrew-bold' },
  { family: 'EpThai', regular: 'thai-regular', bold: 'thai-bold' },
  { family: 'EpLao', regular: 'lao-regular', bold: 'lao-bold' },
  { family: 'EpKhmer', regular: 'khmer-regular', bold: 'khmer-bold' },
  { family: 'EpMyanmar', regular: 'myanmar-regular', bold: 'myanmar-bold' },
  // CJK in one weight: a bold request falls back to it (font-synthesis is off), and it is measured so.
  { family: 'EpCjkSc', regular: 'cjk-sc-regular', bold: undefined },
  { family: 'EpCjkKr', regular: 'cjk-kr-regular', bold: undefined },
  // Emoji in black, as newsprint prints them (Noto Emoji's outlines), not as empty boxes.
  { family: 'EpEmoji', regular: 'emoji-regular', bold: 'emoji-bold' },
] as const;
export type FallbackKey = (typeof FALLBACK_FAMILIES)[number]['regular'] | NonNullable<(typeof FALLBACK_FAMILIES)[number]['bold']>;
export const FALLBACK_KEYS: readonly FallbackKey[] = FALLBACK_FAMILIES.flatMap((f) => (f.bold ? [f.regular, f.bold] : [f.regular]));

/** CSS family and weight of each fallback file, for its @font-face rule. */
export function fallbackCss(key: FallbackKey): { family: string; weight: number } {
  const family = FALLBACK_FAMILIES.find((f) => f.regular === key || f.bold === key)!;
  return { family: family.family, weight: family.bold === key ? 700 : 400 };
}

/**
 * The display faces (Playfair) paint no Greek: they carry Δ and Ω as symbols only, and a Greek
 * head took those two from Playfair and its other letters from a fallback, two designs in one word.
 * Greek in a head is set in the text face, Source Serif, whose Greek matches it (DISPLAY_SERIF); the
 * display faces' @font-face rules leave these ranges out (unicodeRangeOf).
 */
export function displayLeavesOut(codePoint: number): boolean {
  return DISPLAY_LEFT_OUT.some(([from, to]) => codePoint >= from && codePoint <= to);
}
/** Greek and Greek Extended. */
const DISPLAY_LEFT_OUT: readonly (readonly [number, number])[] = [[0x370, 0x3ff], [0x1f00, 0x1fff]];
const hex = (codePoint: number) => codePoint.toString(16).toUpperCase();
const LEFT_OUT_TEXT = new RegExp(`[${DISPLAY_LEFT_OUT.map(([from, to]) => `\\u{${hex(from)}}-\\u{${hex(to)}}`).join('')}]`, 'u');
/** The @font-face unicode-range of the display faces: everything but DISPLAY_LEFT_OUT ("U+0-36F,U+400-1EFF,U+2000-10FFFF"). */
const DISPLAY_UNICODE_RANGE = [...DISPLAY_LEFT_OUT.map(([from], i) => `U+${hex(i === 0 ? 0 : DISPLAY_LEFT_OUT[i - 1][1] + 1)}-${hex(from - 1)}`), `U+${hex(DISPLAY_LEFT_OUT[DISPLAY_LEFT_OUT.length - 1][1] + 1)}-10FFFF`].join(',');

/** The unicode-range of a face's @font-face rule, where it paints less than its file holds. */
export function unicodeRangeOf(face: FaceKey): string | undefined {
  return DISPLAY_SERIF[face] ? DISPLAY_UNICODE_RANGE : undefined;
}

/** The text face a display face falls back to first (the nearest weight and style CSS picks in EpSerif). */
const DISPLAY_SERIF: Readonly<Partial<Record<FaceKey, FaceKey>>> = { 'display-bold': 'serif-bold', 'display-black': 'serif-bold', 'display-italic': 'serif-italic' };

/** The CSS font-family list of a face: its own family (and, for a display face, the text face's), then the fallbacks in order. */
export function familyList(face: FaceKey, withFallbacks = true): string {
  const serif = DISPLAY_SERIF[face];
  return [FACE_CSS[face].family, ...(serif ? [FACE_CSS[serif].family] : []), ...(withFallbacks ? FALLBACK_FAMILIES.map((f) => f.family) : [])].join(',');
}

/**
 * Code points Chromium never paints (Unicode Default_Ignorable_Code_Point: joiners, bidi controls,
 * variation selectors, the soft hyphen, Hangul fillers): they take no width when no font has them.
 */
export const DEFAULT_IGNORABLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}]/u;
const isIgnorable = (codePoint: number): boolean => DEFAULT_IGNORABLE.test(String.fromCodePoint(codePoint));
/** Spaces and controls: never reported as missing glyphs. */
const isSpaceOrControl = (codePoint: number): boolean => /[\s\p{Cc}]/u.test(String.fromCodePoint(codePoint));

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** A run's characters of no script of their own (punctuation, digits, spaces), at its start. */
const HEBREW_RUN_COMMON = /^[\p{Script=Common}\p{Script=Inherited}]+/u;
/** Text whose last letter is Hebrew: the characters of no script after it are in its script run. */
const HEBREW_LETTER_LAST = /\p{Script=Hebrew}[\p{Script=Common}\p{Script=Inherited}]*$/u;

/** One font file, parsed, with the code points its cmap maps. */
interface LoadedFont {
  readonly font: fontkit.Font;
  readonly unitsPerEm: number;
  readonly covered: ReadonlySet<number>;
}

/**
 * Parses a font file with fontkit: a port, because most editions never need it (the plain metrics
 * measure their text) and loading fontkit costs a fresh process about 80 ms; the adapter
 * (adapters/resources.ts) loads it the first time a string needs its layout.
 */
export type FontParser = (bytes: Uint8Array) => fontkit.Font;

function loadFont(parse: FontParser, bytes: Uint8Array): LoadedFont {
  const font = parse(bytes);
  return { font, unitsPerEm: font.unitsPerEm, covered: new Set(font.characterSet) };
}

interface LoadedFace extends LoadedFont {
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

/**
 * Advance width in font units. fontkit's mark positioning throws on some stacks of combining marks
 * (a null anchor in Noto's GPOS); marks have no advance, so the width is the same without it, and
 * as a last resort the glyphs' own advances are summed.
 */
function advanceOf(font: fontkit.Font, text: string, features?: Record<string, boolean>): number {
  try {
    return (features ? font.layout(text, features) : font.layout(text)).advanceWidth;
  } catch {
    try {
      return font.layout(text, { ...features, mark: false, mkmk: false }).advanceWidth;
    } catch {
      let units = 0;
      for (const ch of text) units += font.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth;
      return units;
    }
  }
}

/** A stretch of text set in one font file. */
interface FontRun {
  readonly text: string;
  readonly font: LoadedFont;
}

/** A face's caches, its plain metrics when they match its file, and the parsed font once needed. */
interface FaceState {
  readonly bytes: Uint8Array;
  /** Advance width in ems, per string, cached: the same words recur across an edition. */
  readonly widths: Map<string, number>;
  /** The same without ligatures, as Chromium sets letter-spaced text. */
  readonly unligatedWidths: Map<string, number>;
  /** Its plain metrics when they match its file (null when they do not); undefined until first asked. */
  plain?: PlainMetrics | null;
  /**
   * The code points its cmap maps, from its plain metrics' data when they match its file (null when
   * they do not): the edition's coverage asks every face, most of which never set a word, and
   * building a face's metrics (its kerning tables) only to answer that cost a cold build 17 ms.
   */
  mapped?: readonly number[] | null;
  loaded?: LoadedFace;
}

/**
 * Measures strings in the edition's faces, in CSS pixels. Parse once per process, reuse.
 *
 * Most strings are measured from the face's precomputed plain metrics (typeset/plain-metrics.ts:
 * advances and pair kerning, exactly what fontkit's layout gives for characters no other lookup
 * touches); fontkit parses a face only when a string needs its layout (a ligature, a combining
 * mark, a fallback script), so a fresh process starts measuring at once.
 */
export class FontBook {
  private readonly faces = new Map<FaceKey, FaceState>();
  private loadedFallbacks?: { readonly key: FallbackKey; readonly font: LoadedFont; readonly bold: boolean }[];

  constructor(
    private readonly fonts: ReadonlyMap<string, Uint8Array>,
    private readonly parse: FontParser,
  ) {
    for (const key of FACE_KEYS) {
      const bytes = fonts.get(key);
      if (!bytes) throw new Error(`font "${key}" is missing from the edition resources`);
      this.faces.set(key, { bytes, widths: new Map(), unligatedWidths: new Map() });
    }
  }

  /**
   * A face's plain metrics, read the first time the face measures anything: a build that never
   * sets a face never reads its tables.
   */
  private plainOf(face: FaceKey): PlainMetrics | null {
    const state = this.faces.get(face)!;
    if (state.plain === undefined) {
      const data = plainMetricsData(face);
      state.plain = data && data.identity === fontIdentity(state.bytes) ? new PlainMetrics(data) : null;
    }
    return state.plain;
  }

  /** The face parsed by fontkit, the first time a string needs it. */
  private loaded(face: FaceKey): LoadedFace {
    const state = this.faces.get(face)!;
    if (!state.loaded) {
      const font = loadFont(this.parse, state.bytes);
      const covered = DISPLAY_SERIF[face] ? new Set([...font.covered].filter((codePoint) => !displayLeavesOut(codePoint))) : font.covered;
      state.loaded = { ...font, covered, widths: state.widths, unligatedWidths: state.unligatedWidths, ligatureStarts: ligatureStartsOf(font.font) };
    }
    return state.loaded;
  }

  /** True when the face's own font maps `codePoint`. */
  private hasGlyph(face: FaceKey, codePoint: number): boolean {
    if (DISPLAY_SERIF[face] && displayLeavesOut(codePoint)) return false;
    const mapped = this.mappedOf(face);
    return mapped ? mapsCodePoint(mapped, codePoint) : this.loaded(face).covered.has(codePoint);
  }

  private mappedOf(face: FaceKey): readonly number[] | null {
    const state = this.faces.get(face)!;
    if (state.mapped === undefined) {
      const data = plainMetricsData(face);
      state.mapped = data && data.identity === fontIdentity(state.bytes) ? data.mapped : null;
    }
    return state.mapped;
  }

  /**
   * The fallback fonts, parsed the first time a character is not in an edition face: most editions
   * never need them, and the CJK files alone are 17 MB. Optional: a book without them measures as
   * before and reports what it lacks.
   */
  private get fallbacks(): readonly { readonly key: FallbackKey; readonly font: LoadedFont; readonly bold: boolean }[] {
    if (!this.loadedFallbacks) {
      const loaded: { key: FallbackKey; font: LoadedFont; bold: boolean }[] = [];
      for (const family of FALLBACK_FAMILIES) {
        for (const key of family.bold ? [family.regular, family.bold] : [family.regular]) {
          const bytes = this.fonts.get(key);
          if (bytes) loaded.push({ key, font: loadFont(this.parse, bytes), bold: key === family.bold });
        }
      }
      this.loadedFallbacks = loaded;
    }
    return this.loadedFallbacks;
  }

  /**
   * The fallback fonts of a face in Chromium's order: for each family, the file of the face's weight
   * if the family has it, else its other one (CSS picks the nearest weight; nothing is synthesized).
   */
  private chainFor(face: FaceKey): { key?: FallbackKey; font: LoadedFont }[] {
    const bold = FACE_CSS[face].weight >= 600;
    const serif = DISPLAY_SERIF[face];
    const chain: { key?: FallbackKey; font: LoadedFont }[] = serif ? [{ font: this.loaded(serif) }] : [];
    for (const family of FALLBACK_FAMILIES) {
      const files = this.fallbacks.filter((f) => f.key === family.regular || f.key === family.bold);
      const pick = files.find((f) => f.bold === bold) ?? files[0];
      if (pick) chain.push(pick);
    }
    return chain;
  }

  /** True when `font` has a glyph for every code point of `cluster` that Chromium would paint. */
  private static covers(font: LoadedFont, cluster: string): boolean {
    for (const ch of cluster) {
      const codePoint = ch.codePointAt(0)!;
      if (!font.covered.has(codePoint) && !isIgnorable(codePoint)) return false;
    }
    return true;
  }

  /**
   * Splits `text` into runs by the font that paints them: the face itself wherever its cmap covers
   * a whole grapheme cluster, else the first fallback that does. Ignorable code points a run's
   * font lacks are dropped, as Chromium paints them as nothing.
   */
  private runsOf(text: string, face: FaceKey): FontRun[] {
    const primary = this.loaded(face);
    if (FontBook.covers(primary, text) && !/[\u00AD]/.test(text)) return [{ text, font: primary }];
    const chain = this.chainFor(face);
    const runs: { text: string; font: LoadedFont }[] = [];
    for (const { segment } of graphemes.segment(text)) {
      let font: LoadedFont | undefined = FontBook.covers(primary, segment) ? primary : chain.find((c) => FontBook.covers(c.font, segment))?.font;
      if (!font) {
        // No font has the whole cluster: its base character decides, as it does for Chromium.
        const base = segment.codePointAt(0)!;
        font = primary.covered.has(base) ? primary : (chain.find((c) => c.font.covered.has(base))?.font ?? primary);
      }
      const last = runs[runs.length - 1];
      if (last && last.font === font) last.text += segment;
      else runs.push({ text: segment, font });
    }
    return runs.map((run) => ({
      font: run.font,
      text: [...run.text].filter((ch) => ch !== '\u00ad' && (run.font.covered.has(ch.codePointAt(0)!) || !isIgnorable(ch.codePointAt(0)!))).join(''),
    }));
  }

  /** Width in ems of `text` in `face` (with its fallbacks), laid out with `features`. */
  private ems(text: string, face: FaceKey, features?: Record<string, boolean>): number {
    let ems = 0;
    let afterHebrew = false;
    for (const run of this.runsOf(text, face)) {
      if (run.text === '') continue;
      // Chromium shapes by script run, and the punctuation after a Hebrew letter is in the Hebrew
      // run: set in the Latin face there, it is not kerned (”, after a Hebrew word printed 0.1 em
      // wider than it was measured, and a tightened line 1.2 px past its column).
      const common: string = afterHebrew ? HEBREW_RUN_COMMON.exec(run.text)?.[0] ?? '' : '';
      if (common !== '') ems += advanceOf(run.font.font, common, { ...features, kern: false }) / run.font.unitsPerEm;
      if (common.length < run.text.length) ems += advanceOf(run.font.font, run.text.slice(common.length), features) / run.font.unitsPerEm;
      afterHebrew = HEBREW_LETTER_LAST.test(run.text) || (afterHebrew && common.length === run.text.length);
    }
    return ems;
  }

  /** Advance width of `text` set in `face` at `sizePx`, with the default features Chromium applies. */
  width(text: string, face: FaceKey, sizePx: number): number {
    const loaded = this.faces.get(face)!;
    const metrics = loaded.plain === undefined ? this.plainOf(face) : loaded.plain;
    const plain = DISPLAY_SERIF[face] && LEFT_OUT_TEXT.test(text) ? undefined : metrics?.advance(text);
    if (plain !== undefined) return (plain / metrics!.unitsPerEm) * sizePx;
    let ems = loaded.widths.get(text);
    if (ems === undefined) {
      ems = this.ems(text, face);
      remember(loaded.widths, text, ems);
    }
    return ems * sizePx;
  }

  /**
   * Advance width with ligatures off: Chromium drops optional ligatures from letter-spaced text
   * (CSS Text: no ligatures where letters are spaced), and "ffi" is 1.4 px wider without its
   * ligature at 9 pt.
   */
  unligatedWidth(text: string, face: FaceKey, sizePx: number): number {
    const metrics = this.plainOf(face);
    const plain = DISPLAY_SERIF[face] && LEFT_OUT_TEXT.test(text) ? undefined : metrics?.advance(text, false);
    if (plain !== undefined) return (plain / metrics!.unitsPerEm) * sizePx;
    const loaded = this.loaded(face);
    const starts = loaded.ligatureStarts;
    if (starts && ![...text].some((ch) => starts.has(ch.codePointAt(0)!))) return this.width(text, face, sizePx);
    let ems = loaded.unligatedWidths.get(text);
    if (ems === undefined) {
      ems = this.ems(text, face, { liga: false, clig: false, dlig: false });
      remember(loaded.unligatedWidths, text, ems);
    }
    return ems * sizePx;
  }

  /** Ascent and descent of a face, as fractions of the font size (for vertical placement). */
  verticalMetrics(face: FaceKey): { ascent: number; descent: number } {
    const plain = this.plainOf(face);
    if (plain) return { ascent: plain.ascent / plain.unitsPerEm, descent: -plain.descent / plain.unitsPerEm };
    const { font, unitsPerEm } = this.loaded(face);
    return { ascent: font.ascent / unitsPerEm, descent: -font.descent / unitsPerEm };
  }

  /**
   * What the fonts make of a set of characters: the fallback files some face needs for them (the
   * edition embeds only those), and the characters no shipped font has (printed as a box).
   */
  coverage(codePoints: Iterable<number>): { fallbacks: Set<FallbackKey>; missing: number[] } {
    const fallbacks = new Set<FallbackKey>();
    const missing: number[] = [];
    const faces = [...this.faces.keys()];
    for (const codePoint of codePoints) {
      if (isIgnorable(codePoint) || isSpaceOrControl(codePoint)) continue;
      let found = true;
      for (const face of faces) {
        if (this.hasGlyph(face, codePoint)) continue;
        const fallback = this.chainFor(face).find((c) => c.font.covered.has(codePoint));
        if (fallback?.key) fallbacks.add(fallback.key);
        else found = false;
      }
      if (!found && !faces.some((face) => this.hasGlyph(face, codePoint))) missing.push(codePoint);
    }
    return { fallbacks, missing };
  }
}

const fontBookCache = new WeakMap<ReadonlyMap<string, Uint8Array>, FontBook>();

/** One FontBook per font map: a warm Lambda or a benchmark parses the fonts once. */
export function fontBookFor(fonts: ReadonlyMap<string, Uint8Array>, parse: FontParser): FontBook {
  let book = fontBookCache.get(fonts);
  if (!book) {
    book = new FontBook(fonts, parse);
    fontBookCache.set(fonts, book);
  }
  return book;
}
