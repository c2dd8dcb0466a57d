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
      this.faces.set(key, { font, unitsPerEm: font.unitsPerEm, widths: new Map(), unligatedWidths: new Map() });
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
