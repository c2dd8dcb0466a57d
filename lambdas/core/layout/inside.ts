/**
 * The front page's Inside box lists each section with its first page, one line each in one column.
 * A long section name would run out of the box over the next column: names (and the box title) are
 * fitted with the typesetter's own measure and cut at a grapheme cluster with an ellipsis.
 */
import { capitalsIn } from '../article';
import type { Grid } from './config';
import { DEFAULT_INSIDE_TITLE, PT } from './config';
import type { FaceKey, FontBook } from '../typeset/fonts';

/** The box's padding and border (templates/print.css, `.inside`), in CSS px, and the gap before a page number. */
export const INSIDE_BOX = { paddingX: 6 * PT, border: 0.8 * PT, titleSizePt: 11, gapEm: 0.6 } as const;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** `text` cut to at most `width` px in `face` at `sizePx`, with "…" when cut. */
export function fitText(text: string, width: number, face: FaceKey, sizePx: number, fonts: FontBook): string {
  if (fonts.width(text, face, sizePx) <= width) return text;
  const clusters = [...graphemes.segment(text)].map((g) => g.segment);
  // Binary search on whole clusters: the longest prefix that fits with its ellipsis.
  let low = 0;
  let high = clusters.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fonts.width(`${clusters.slice(0, mid).join('').trimEnd()}…`, face, sizePx) <= width) low = mid;
    else high = mid - 1;
  }
  return `${clusters.slice(0, low).join('').trimEnd()}…`;
}

/**
 * The Inside box's title as it prints, in capitals: the paper's own title as the edition's language
 * writes them, the default English one as English does. Capitalised by print.css's text-transform,
 * it followed `<html lang>` and was measured with toUpperCase(): a Turkish-majority edition printed
 * "İNSİDE", wider than the "INSIDE" it was fitted as.
 */
export function insideTitleCapitals(title: string, editionLanguage: string): string {
  return capitalsIn(title, title === DEFAULT_INSIDE_TITLE ? 'en' : editionLanguage);
}

/** What the Inside box prints: its title (in capitals) and each section's name, fitted to one line of the box. */
export function fitInsideBox(
  title: string,
  sections: readonly { readonly name: string; readonly page: number }[],
  grid: Grid,
  fonts: FontBook,
  editionLanguage: string,
): { title: string; names: Map<string, string> } {
  const inner = grid.columnWidth - 2 * (INSIDE_BOX.paddingX + INSIDE_BOX.border);
  const names = new Map<string, string>();
  for (const section of sections) {
    const number = fonts.width(String(section.page), 'serif-regular', grid.bodySize) + INSIDE_BOX.gapEm * grid.bodySize;
    names.set(section.name, fitText(section.name, inner - number, 'serif-regular', grid.bodySize, fonts));
  }
  // The title prints in capitals, measured as printed.
  const fittedTitle = fitText(insideTitleCapitals(title, editionLanguage), inner, 'sans-bold', INSIDE_BOX.titleSizePt * PT, fonts);
  return { title: fittedTitle, names };
}
