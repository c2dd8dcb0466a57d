/**
 * The front page's Inside box lists each section with its first page, one line each in one column.
 * A long section name would run out of the box over the next column: names (and the box title) are
 * fitted with the typesetter's own measure and cut at a grapheme cluster with an ellipsis.
 */
import type { Grid } from './config';
import { PT } from './config';
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

/** What the Inside box prints: its title and each section's name, fitted to one line of the box. */
export function fitInsideBox(
  title: string,
  sections: readonly { readonly name: string; readonly page: number }[],
  grid: Grid,
  fonts: FontBook,
): { title: string; names: Map<string, string> } {
  const inner = grid.columnWidth - 2 * (INSIDE_BOX.paddingX + INSIDE_BOX.border);
  const names = new Map<string, string>();
  for (const section of sections) {
    const number = fonts.width(String(section.page), 'serif-regular', grid.bodySize) + INSIDE_BOX.gapEm * grid.bodySize;
    names.set(section.name, fitText(section.name, inner - number, 'serif-regular', grid.bodySize, fonts));
  }
  // The title is set in capitals (text-transform), so it is measured in capitals.
  const upper = title.toUpperCase();
  const fittedTitle = fitText(upper, inner, 'sans-bold', INSIDE_BOX.titleSizePt * PT, fonts);
  return { title: fittedTitle === upper ? title : fittedTitle, names };
}
