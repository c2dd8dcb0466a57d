/**
 * Sets the parts of one story: the body as a stream of column units on the baseline grid, and the
 * head of a module (headline, standfirst, photo, caption) across the module's width.
 */
import type { Article, TableRow, TextRun } from '../article';
import { blockText, capitalsIn, figureColumns, hasLineBreak, storyText } from '../article';
import { inQuotationMarks } from '../parse/quotes';
import type { FontBook } from '../typeset/fonts';
import { setParagraph, SERIF, type FaceSet, type SetLine } from '../typeset/paragraph';
import type { Grid, HouseAd } from './config';
import { PT } from './config';
import { foldMarks } from '../fold';

/** One step of a column: a body line, or a block that moves as a whole (pull quote, crosshead, figure). */
export interface ColumnUnit {
  /**
   * 'space': a row the planner puts between paragraphs to make a module a row deeper (vertical
   * justification); printed not as a blank line but spread over the column's leading (emit.ts
   * columns.ts featheredPitch).
   * 'table-row': one row of a table, its cells side by side on one grid row (each line's `indent`
   * is its cell's place in the column).
   * 'figure': a photo of the text a column wide, its caption (`lines`) under it (figureUnit).
   * 'photo-room': the rows at the top of a column kept for the module's photo standing beside the
   * text (Shape.photoSide); the photo and its caption are head parts, so the room has no ink of its own.
   */
  readonly kind: 'line' | 'crosshead' | 'quote' | 'byline' | 'space' | 'table-row' | 'figure' | 'photo-room';
  /** Height in baseline-grid rows. */
  readonly rows: number;
  readonly lines: readonly SetLine[];
  /** For body lines: paragraph number, line number within it and the paragraph's line count. */
  readonly paragraph?: number;
  readonly lineInParagraph?: number;
  readonly paragraphLines?: number;
  /** Lines of an indented quotation: set this many px narrower on each side of the column. */
  readonly inset?: number;
  /** A crosshead must not end a column. */
  readonly keepWithNext?: boolean;
  /**
   * A pull quote's other places: the paragraphs (by number) after whose last line it may stand
   * instead, where that sets the story's columns more level (columns.ts fillBalanced).
   */
  readonly floatsAfter?: readonly number[];
  /** Font size and line height of the unit's lines, px. */
  readonly sizePx: number;
  readonly lineHeight: number;
  readonly faces: FaceSet;
  /** A figure's photo: its input path, its box's top and height in px from the unit's top, and its caption as alt text. */
  readonly photo?: { readonly ref: string; readonly top: number; readonly height: number; readonly alt: string };
}

/** A block of the module head set across the module width. */
export interface HeadPart {
  readonly kind: 'headline' | 'standfirst' | 'photo' | 'caption' | 'jump-head' | 'jump-from' | 'rule';
  /** Offset from the module top, px. */
  readonly y: number;
  readonly height: number;
  readonly lines: readonly SetLine[];
  readonly sizePx: number;
  readonly lineHeight: number;
  readonly faces: FaceSet;
  /** For photos: the box in px, and the asset path once the photo is fitted. */
  readonly photoRef?: string;
  /**
   * A part that stands beside the text rather than across the module (a photo and its caption
   * over the module's last columns, Shape.photoSide): its left edge from the module's, and its
   * width, px. Without them a part spans the module.
   */
  readonly x?: number;
  readonly width?: number;
}

export interface HeadBlock {
  readonly rows: number;
  readonly parts: readonly HeadPart[];
  /** The headline's lines leave white beside them as deep as a hole at every size tried (fillingHeadline). */
  readonly headlineHole?: boolean;
  /** The photo and its caption stand over the headline (headWithPhotoAbove). */
  readonly photoAbove?: boolean;
}

const DISPLAY: FaceSet = { regular: 'display-bold', italic: 'display-italic', bold: 'display-black', boldItalic: 'display-black' };
const QUOTE: FaceSet = { regular: 'display-italic', italic: 'display-italic', bold: 'display-bold', boldItalic: 'display-bold' };
const SANS: FaceSet = { regular: 'sans-regular', italic: 'sans-regular', bold: 'sans-bold', boldItalic: 'sans-bold' };
const SERIF_ITALIC: FaceSet = { regular: 'serif-italic', italic: 'serif-regular', bold: 'serif-bolditalic', boldItalic: 'serif-bold' };
const SERIF_BOLD: FaceSet = { regular: 'serif-bold', italic: 'serif-bolditalic', bold: 'serif-bold', boldItalic: 'serif-bolditalic' };
const SANS_BOLD: FaceSet = { regular: 'sans-bold', italic: 'sans-bold', bold: 'sans-bold', boldItalic: 'sans-bold' };

/**
 * Tables are set in the condensed sans at this share of the body size (the byline's), the columns
 * at least TABLE_MIN_GAP_EM apart and at most TABLE_GAP_EM when the column has room to spare: the
 * first column (the names) takes the rest, the others stand together at the right, as agate does.
 * (LayoutPolicy numbers.)
 */
export const TABLE_SIZE_SHARE = 0.95;
export const TABLE_MIN_GAP_EM = 0.6;
export const TABLE_GAP_EM = 1.2;
/** A table of at most this many rows is kept in one column where the column has room. */
export const TABLE_KEPT_WHOLE_ROWS = 5;

/** Words in the body, for sizing modules. */
export function wordCount(article: Article): number {
  let count = 0;
  // Runs of non-space: what a split at white space keeps, without the array of words.
  // A figure's caption is no part of the story's length (it stands under its photo).
  for (const text of storyText(article.body)) count += text.match(/\S+/g)?.length ?? 0;
  return count;
}

/**
 * An indented quotation (Markdown `>`, HTML <blockquote>) is set in body type, justified and
 * hyphenated like a paragraph, at a measure narrowed by QUOTATION_INSET_EM of the body size on
 * BOTH sides; its lines split across columns like a paragraph's. (A LayoutPolicy number.)
 */
export const QUOTATION_INSET_EM = 1;
/**
 * A display pull quote (front matter `pullQuote:`) goes after the paragraph that ends nearest to
 * this share of the body's lines, never before the first paragraph. (A LayoutPolicy number.)
 */
export const PULL_QUOTE_AFTER_SHARE = 1 / 3;
/**
 * The pull quote may instead stand after any paragraph ending within this share of the body's
 * lines, where that lets the story's columns end more level (columns.ts fillBalanced): it cannot
 * split, and at its one place a column often stopped lines short of its neighbours. Not so early
 * that it stands over the story's opening, not so late that it gives away the end. (A LayoutPolicy number.)
 */
export const PULL_QUOTE_FLOAT_BAND = { from: 1 / 5, to: 2 / 3 } as const;

/** The display pull quote's size in points (smaller where it would be too deep: PULL_QUOTE_MAX_PAGE_SHARE). */
const PULL_QUOTE_PT = 15;
/**
 * A pull quote no deeper than this share of the page's rows: it moves as a whole, and one deeper
 * than a page can never be placed. On a 120 × 160 mm page's 22 mm columns a 25-word quote at 15 pt
 * took all 35 rows; its story could then not be placed on an empty page and lost 221 lines. A
 * deeper quote is set a step smaller, down to the body's size. (A LayoutPolicy number.)
 */
export const PULL_QUOTE_MAX_PAGE_SHARE = 1 / 3;

/** The display pull quote unit: the quote large, in display italic, with a row of air around it. */
function pullQuoteUnit(text: string, grid: Grid, fonts: FontBook, language: string): ColumnUnit {
  // In the story's own quotation marks: „…“ in German, « … » in French (they were always “…”).
  const quoted = inQuotationMarks(text.replace(/^["“‘']+|["”’']+$/g, ''), language);
  const set = (quoteSize: number) => {
    const lineHeight = quoteSize * 1.2;
    const lines = setParagraph([{ text: quoted }], { faces: QUOTE, sizePx: quoteSize, language, width: grid.columnWidth, justify: false, hyphenate: false }, fonts);
    const rows = Math.ceil((lines.length * lineHeight + grid.lead * 1.5) / grid.lead);
    return { kind: 'quote' as const, rows, lines, sizePx: quoteSize, lineHeight, faces: QUOTE };
  };
  let unit = set(PULL_QUOTE_PT * PT);
  for (let pt = PULL_QUOTE_PT - 1; unit.rows > grid.rows * PULL_QUOTE_MAX_PAGE_SHARE && pt * PT > grid.bodySize; pt--) unit = set(pt * PT);
  return unit.rows > grid.rows * PULL_QUOTE_MAX_PAGE_SHARE ? set(grid.bodySize) : unit;
}

/**
 * A figure's photo is cropped to no wider than 16:9 and no taller than 4:5 (height over width), so
 * that a panorama does not shrink to a strip nor a portrait fill a column; it stands
 * FIGURE_AIR_ROWS.above of a row under the text before it, the caption FIGURE_CAPTION_GAP_PX
 * under it, and FIGURE_AIR_ROWS.below of a row of air before the text goes on. (LayoutPolicy numbers.)
 */
export const FIGURE_ASPECT = { min: 9 / 16, max: 5 / 4 } as const;
export const FIGURE_AIR_ROWS = { above: 0.35, below: 0.45 } as const;
export const FIGURE_CAPTION_GAP_PX = 3;
/**
 * The air between a story's head parts (setHead, photoParts), in rows of the grid's lead except the
 * photo's gap to its caption: headWithPhotoAbove sets the same parts in another order with the same air.
 */
const HEAD_AIR = { underHeadlineRows: 0.35, underStandfirstRows: 0.4, photoToCaptionPx: 3, underCaptionRows: 0.3 } as const;
/** The least height of a figure's photo, in rows. */
export const FIGURE_MIN_PHOTO_ROWS = 4;

/** The width and height of a photo in pixels, as probed. */
export interface PhotoSize {
  readonly widthPx: number;
  readonly heightPx: number;
}

/**
 * The name of a figure's fitted photo among the edition's photos: by its story and ref, since two
 * stories' figures of one photo may stand in boxes of two depths (a module's photo goes by its ref alone).
 */
export function figurePhotoKey(slug: string, ref: string): string {
  return `figure:${slug}:${ref}`;
}

/**
 * A figure of the text: its photo a column wide at its own proportions (within FIGURE_ASPECT),
 * the caption and credit under it as under a module's photo, whole rows together: the photo's
 * height takes up the part of a row that rounding leaves.
 */
function figureUnit(block: Extract<Article['body'][number], { kind: 'figure' }>, size: PhotoSize, grid: Grid, fonts: FontBook): ColumnUnit {
  const width = grid.columnWidth;
  const aspect = Math.min(FIGURE_ASPECT.max, Math.max(FIGURE_ASPECT.min, size.heightPx / size.widthPx));
  const captionText = [block.caption, block.credit ? `— ${block.credit}` : undefined].filter(Boolean).join(' ');
  const sizePx = 7.5 * PT;
  const lineHeight = sizePx * 1.25;
  const lines = captionText ? setLines(captionText, SERIF_ITALIC, sizePx, width, fonts) : [];
  const above = FIGURE_AIR_ROWS.above * grid.lead;
  const below = FIGURE_AIR_ROWS.below * grid.lead;
  const captionHeight = lines.length > 0 ? FIGURE_CAPTION_GAP_PX + lines.length * lineHeight : 0;
  const rest = above + captionHeight + below;
  const rows = Math.max(Math.ceil(FIGURE_MIN_PHOTO_ROWS + rest / grid.lead), Math.round((width * aspect + rest) / grid.lead));
  return { kind: 'figure', rows, lines, sizePx, lineHeight, faces: SERIF_ITALIC, photo: { ref: block.ref, top: above, height: rows * grid.lead - rest, alt: block.caption ?? '' } };
}

/** How a paragraph of a placed story is set again (mend.ts): its lines that end a column, or a line more or fewer. */
export interface SetAgain {
  readonly columnEndLines?: readonly number[];
  readonly looseness?: number;
  readonly emergencyPasses?: boolean;
}

/**
 * Sets the whole body of a story at column width into grid units, in reading order. `photoSize`
 * gives a figure's photo its proportions; a figure whose photo it does not know is left out.
 * With `setAgain` (by paragraph, how it is set again once placed: mend.ts), only the paragraphs it
 * names are set, and only their lines returned.
 */
export function setStoryBody(
  article: Article,
  grid: Grid,
  fonts: FontBook,
  photoSize: (ref: string) => PhotoSize | undefined = () => undefined,
  setAgain?: ReadonlyMap<number, SetAgain>,
): ColumnUnit[] {
  const units: ColumnUnit[] = [];
  const width = grid.columnWidth;
  const size = grid.bodySize;
  const common = { sizePx: size, lineHeight: grid.lead };
  const only = setAgain !== undefined;
  if (article.byline && !only) {
    const byline = setParagraph([{ text: capitalsIn(article.byline, article.language) }], { faces: SANS, sizePx: size * 0.95, language: 'vi', width, justify: false, hyphenate: false }, fonts);
    byline.forEach((line) => units.push({ kind: 'byline', rows: 1, lines: [line], ...common, faces: SANS }));
  }
  let paragraph = 0;
  let firstParagraph = true;
  let datelineSet = false;
  const lastParagraphIndex = article.body.map((b) => b.kind).lastIndexOf('paragraph');
  article.body.forEach((block, blockIndex) => {
    if (block.kind === 'figure') {
      if (only) return;
      const size = photoSize(block.ref);
      if (size) units.push(figureUnit(block, size, grid, fonts));
      return;
    }
    if (block.kind === 'crosshead') {
      firstParagraph = true;
      if (only) return;
      const lines = setParagraph([{ text: block.text }], { faces: SERIF_BOLD, sizePx: size, language: article.language, width, justify: false, hyphenate: false }, fonts);
      lines.forEach((line, i) =>
        units.push({ kind: 'crosshead', rows: i === 0 ? 2 : 1, lines: [line], keepWithNext: true, ...common, faces: SERIF_BOLD }),
      );
      return;
    }
    if (block.kind === 'quotation' && only && !setAgain.has(paragraph)) {
      paragraph++;
      firstParagraph = true;
      return;
    }
    if (block.kind === 'quotation') {
      const inset = QUOTATION_INSET_EM * size;
      // A quotation whose lines the writer ended is verse (a poem, a song): set flush left as
      // written, unhyphenated, a line that runs over continuing an em in.
      const verse = hasLineBreak(block.runs);
      const style = verse ? { justify: false, hyphenate: false, turnoverIndent: size } : {};
      const lines = setParagraph(block.runs, { faces: SERIF, sizePx: size, language: article.language, width: width - 2 * inset, ...style, ...setAgain?.get(paragraph) }, fonts);
      // A verse line that runs over is kept with its turnover (the only lines of a verse set in
      // from its left edge), as a crosshead with its text: a turnover opening a column reads as a
      // line of its own, the poem's line cut in two.
      const keptWithTurnover = (i: number) => verse && (lines[i + 1]?.indent ?? 0) > 0;
      lines.forEach((line, i) =>
        units.push({ kind: 'line', rows: 1, lines: [line], paragraph, lineInParagraph: i, paragraphLines: lines.length, inset, ...(keptWithTurnover(i) ? { keepWithNext: true } : {}), ...common, faces: SERIF }),
      );
      paragraph++;
      // The text after a quotation goes on without an indent, as after a crosshead.
      firstParagraph = true;
      return;
    }
    if (block.kind === 'table' && only) {
      paragraph += block.rows.length;
      firstParagraph = true;
      return;
    }
    if (block.kind === 'table') {
      // A paragraph that introduces the table ("…at four of the stations:") stays with it.
      const before = units.length - 1;
      const introduced = blockIndex > 0 && /:\s*$/.test(blockText(article.body[blockIndex - 1]));
      if (introduced && units[before]?.kind === 'line') units[before] = { ...units[before], keepWithNext: true };
      units.push(...tableUnits(block.rows, paragraph, grid, fonts, article.language));
      paragraph += block.rows.length;
      // The text after a table goes on without an indent, as after a crosshead.
      firstParagraph = true;
      return;
    }
    let runs: TextRun[] = [...block.runs];
    if (block.kind === 'list-item') runs = [{ text: `${block.marker ?? '•'} ` }, ...runs];
    // The dateline runs into the first paragraph, whatever stands before it (a table, a list).
    if (!datelineSet && article.dateline && block.kind === 'paragraph') {
      runs = [{ text: `${capitalsIn(article.dateline, article.language)} — `, bold: true }, ...runs];
      datelineSet = true;
    }
    if (blockIndex === lastParagraphIndex && article.signOff) runs = [...runs, { text: ` — ${article.signOff}` }];
    // Lines the writer ended (an address, a timetable) stand as a block: flush left, the first too.
    const indent = firstParagraph || hasLineBreak(block.runs) ? 0 : size;
    if (only && !setAgain.has(paragraph)) {
      paragraph++;
      firstParagraph = false;
      return;
    }
    const lines = setParagraph(runs, { faces: SERIF, sizePx: size, language: article.language, width, indent, ...setAgain?.get(paragraph) }, fonts);
    lines.forEach((line, i) =>
      units.push({ kind: 'line', rows: 1, lines: [line], paragraph, lineInParagraph: i, paragraphLines: lines.length, ...common, faces: SERIF }),
    );
    paragraph++;
    firstParagraph = false;
  });
  if (article.pullQuote && !only) placePullQuote(units, pullQuoteUnit(article.pullQuote, grid, fonts, article.language));
  return units;
}

/**
 * A table's units. Its rows fit the column side by side when the widest cell of each column, with
 * the least gap between columns, fits the measure: one 'table-row' unit a row, a header row in bold
 * and kept with the row after it, a column of figures flush right. A table too wide for that is set
 * a row to a short ragged paragraph, its cells apart by a middle dot, so that no cell is lost.
 */
function tableUnits(rows: readonly TableRow[], firstParagraph: number, grid: Grid, fonts: FontBook, language: string): ColumnUnit[] {
  const sizePx = grid.bodySize * TABLE_SIZE_SHARE;
  const width = grid.columnWidth;
  const columns = Math.max(...rows.map((row) => row.cells.length));
  const cellLine = (text: string, header: boolean) =>
    text === '' ? undefined : setParagraph([{ text }], { faces: header ? SANS_BOLD : SANS, sizePx, language, width: Number.MAX_SAFE_INTEGER, justify: false, hyphenate: false }, fonts)[0];
  const set = rows.map((row) => row.cells.map((cell) => cellLine(cell, row.header === true)));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...set.map((cells) => cells[c]?.naturalWidth ?? 0)));
  const minGap = TABLE_MIN_GAP_EM * sizePx;
  const natural = widths.reduce((sum, w) => sum + w, 0);
  if (natural + minGap * (columns - 1) > width) return tableAsLines(rows, firstParagraph, grid, fonts, language);
  const figures = figureColumns(rows);
  // The columns after the first stand together at the right edge; the first starts at the left.
  const gap = columns > 1 ? Math.min(TABLE_GAP_EM * sizePx, (width - natural) / (columns - 1)) : 0;
  const left: number[] = new Array(columns).fill(0);
  for (let c = columns - 1, x = width; c >= 1; c--) {
    left[c] = x - widths[c];
    x = left[c] - gap;
  }
  const kept = rowsKeptWithNext(rows);
  return set.map((cells, r) => {
    const header = rows[r].header === true;
    const faces = header ? SANS_BOLD : SANS;
    const lines = cells.flatMap((line, c) => {
      if (!line) return [];
      const indent = figures[c] ? left[c] + widths[c] - line.naturalWidth : left[c];
      return [{ ...line, indent }];
    });
    return {
      kind: 'table-row' as const,
      rows: 1,
      lines,
      paragraph: firstParagraph + r,
      ...(kept[r] ? { keepWithNext: true } : {}),
      sizePx,
      lineHeight: grid.lead,
      faces,
    };
  });
}

/**
 * For each row, whether a column may not end after it: a short table stays whole where it can, a
 * longer one leaves no header at a column's foot and no single row at either end of a column
 * break. (The column fill steps back a few units at most, so this never stops a table being set.)
 */
function rowsKeptWithNext(rows: readonly TableRow[]): boolean[] {
  const firstData = rows.findIndex((row) => !row.header);
  return rows.map((row, r) => {
    if (r >= rows.length - 1) return false;
    if (rows.length <= TABLE_KEPT_WHOLE_ROWS) return true;
    return row.header === true || r === firstData || r === rows.length - 2;
  });
}

/** A table too wide for the column: each row a ragged paragraph, "cell · cell · cell", headers bold. */
function tableAsLines(rows: readonly TableRow[], firstParagraph: number, grid: Grid, fonts: FontBook, language: string): ColumnUnit[] {
  const kept = rowsKeptWithNext(rows);
  return rows.flatMap((row, r) => {
    const text = row.cells.filter((cell) => cell !== '').join(' · ');
    const lines = setParagraph([{ text, ...(row.header ? { bold: true } : {}) }], { faces: SERIF, sizePx: grid.bodySize, language, width: grid.columnWidth, justify: false }, fonts);
    return lines.map((line, i): ColumnUnit => ({
      kind: 'line',
      rows: 1,
      lines: [line],
      paragraph: firstParagraph + r,
      lineInParagraph: i,
      paragraphLines: lines.length,
      ...(i === lines.length - 1 && kept[r] ? { keepWithNext: true } : {}),
      sizePx: grid.bodySize,
      lineHeight: grid.lead,
      faces: SERIF,
    }));
  });
}

/**
 * Inserts the pull quote once, at the paragraph end nearest PULL_QUOTE_AFTER_SHARE of the body
 * lines, and names on it the paragraph ends it may move to (ColumnUnit.floatsAfter): those within
 * PULL_QUOTE_FLOAT_BAND of the body lines, none kept with what follows it (a table's introduction,
 * a verse line with its turnover), never the last. The column fill chooses among them (columns.ts
 * fillBalanced).
 */
function placePullQuote(units: ColumnUnit[], quote: ColumnUnit): void {
  const bodyLines = units.filter((u) => u.kind === 'line').length;
  let best = -1;
  let bestDistance = Infinity;
  let linesSoFar = 0;
  const floatsAfter: number[] = [];
  units.forEach((unit, i) => {
    if (unit.kind !== 'line') return;
    linesSoFar++;
    const endsParagraph = unit.lineInParagraph === unit.paragraphLines! - 1;
    const distance = Math.abs(linesSoFar - bodyLines * PULL_QUOTE_AFTER_SHARE);
    if (endsParagraph && distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
    const share = linesSoFar / bodyLines;
    if (endsParagraph && !unit.keepWithNext && linesSoFar < bodyLines && share >= PULL_QUOTE_FLOAT_BAND.from && share <= PULL_QUOTE_FLOAT_BAND.to) floatsAfter.push(unit.paragraph!);
  });
  units.splice(best + 1, 0, floatsAfter.length > 0 ? { ...quote, floatsAfter } : quote);
}

/** Headline sizes in points by the module's role. */
export type HeadRole = 'lead' | 'second' | 'normal' | 'small' | 'brief';
/** A standfirst's last line is kept at least this share of its measure, or this many ems (see setHead). */
const STANDFIRST_LAST_LINE_SHARE = 0.25;
const STANDFIRST_LAST_LINE_EMS = 8;
const HEADLINE_PT: Readonly<Record<HeadRole, number>> = { lead: 46, second: 32, normal: 24, small: 19, brief: 13 };

/**
 * Sets a headline ragged and balanced: at most `maxLines`, shrinking the size if it must, and as
 * narrow as the line count allows, so that the last line is not a lone word.
 */
export function setHeadline(text: string, width: number, startPt: number, fonts: FontBook, maxLines = 4, maxRag = width * 0.5, balance = true): { lines: SetLine[]; sizePx: number } {
  let sizePt = startPt;
  for (;;) {
    const sizePx = sizePt * PT;
    const style = { faces: DISPLAY, sizePx, language: 'vi', justify: false, hyphenate: false } as const;
    const lines = setParagraph([{ text }], { ...style, width }, fonts);
    // A letter and its hyphen wider than the measure make a line wider than it (breakLines):
    // smaller, as for a line too many. So does a word broken across lines (a headline is never
    // hyphenated: only a word wider than the measure is cut): a head a column wide printed
    // "On west to st- / raightforward / considerable".
    const fits = lines.every((line) => line.naturalWidth <= width + 0.01 && !line.hyphenated);
    if ((lines.length <= maxLines && fits) || sizePt <= 11) {
      // Balancing keeps the line count, so a measure of the head's height can skip it.
      if (lines.length <= 1 || !balance) return { lines, sizePx };
      // Balanced, but never so narrow that the white beside the lines reads as a hole in the page.
      let low = Math.max(width * 0.5, width - maxRag);
      let high = width;
      let best = lines;
      for (let i = 0; i < 6; i++) {
        const mid = (low + high) / 2;
        const trial = setParagraph([{ text }], { ...style, width: mid }, fonts);
        const widest = Math.max(...trial.map((l) => l.naturalWidth));
        // Never narrowed so far that a word is cut to fit: balanced at 150 px, a head a column wide
        // printed "On west to st- / raightforward / considerable".
        if (trial.length === lines.length && widest <= mid + 0.01 && widest >= width - maxRag && !trial.some((line) => line.hyphenated)) {
          best = trial;
          high = mid;
        } else low = mid;
      }
      return { lines: best.map((l) => ({ ...l, width })), sizePx };
    }
    sizePt = Math.max(11, sizePt * 0.9);
  }
}

/** Words that never end a jump head (articles, prepositions, conjunctions, auxiliaries, pronouns). */
const FUNCTION_WORDS = new Set(
  ('a an the of in on at to for from with by as into onto over under after before between ahead about against ' +
    'and or but nor so yet that which who whom whose than if while when where ' +
    'is are was were be been being has have had do does did will would shall should can could may might must ' +
    'its it their they them his her our we you your my this these those there here not no').split(' '),
);

/** Number words: "Eight thousand" names a quantity, not a story. */
const NUMBER_WORDS = new Set(
  ('one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen ' +
    'eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion dozen').split(' '),
);

/**
 * Common headline verbs, base and third-person forms. The subject of a headline ends where its verb
 * starts; a word outside this list is still caught when it follows a plural noun ("growers test").
 */
const HEADLINE_VERBS = new Set(
  ('agree back become begin bet bring build call celebrate close count cross cut drop ease end face fall find fit ' +
    'get give grow handle help hit hold join keep launch lead leave lose make meet move need open pass plan ' +
    'push raise reach reopen restore return rise run say see seek sell serve set share ship show shut sign slow ' +
    'spend start stay switch take test track turn urge vote want warn win wire')
    .split(' ')
    .flatMap((verb) => [verb, verb.endsWith('s') || verb.endsWith('sh') || verb.endsWith('ch') ? `${verb}es` : `${verb}s`]),
);

/** Words of a headline as printed, without quotes and the punctuation that ends a phrase. */
function headlineWords(headline: string): string[] {
  return headline
    .replace(/["“”‘]|’(?!\p{L})/gu, '')
    .split(/\s+/)
    .filter(Boolean);
}

const bare = (word: string) => word.replace(/[^\p{L}\p{N}'’-]/gu, '').toLowerCase();
const isContentWord = (word: string) => !FUNCTION_WORDS.has(bare(word)) && !NUMBER_WORDS.has(bare(word)) && !/^\d/.test(bare(word));
const isPlural = (word: string) => /[^s'’]s$/.test(bare(word)) && !/(ss|us|is)$/.test(bare(word));
/** A word someone would capitalise anyway: a name ("Hà", "Nội") or an acronym. */
const isName = (word: string) => /^\p{Lu}/u.test(word);

/**
 * The headline's subject: its words up to (not including) the first phrase break (":", ";", a
 * dash), function word, or verb (a HEADLINE_VERBS word, or a plain lower-case word right after a
 * plural noun). The first word always belongs to it.
 */
function headlineSubject(words: readonly string[]): string[] {
  const subject: string[] = [];
  for (const [i, word] of words.entries()) {
    const b = bare(word);
    if (i > 0) {
      if (b === '' || FUNCTION_WORDS.has(b) || HEADLINE_VERBS.has(b)) break;
      if (/^\p{Ll}/u.test(word) && isPlural(words[i - 1]) && !isPlural(word) && !/ing$/.test(b)) break;
    }
    subject.push(word.replace(/[,.!?:;—–]+$/, ''));
    if (/[:;,.!?—–]$/.test(word)) break;
  }
  return subject;
}

/** Folds a word for matching a slug ("Nội" → "noi"), and drops a plural ending. */
function slugForm(word: string): string {
  return foldMarks(word)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/(ies|es|s)$/, (ending) => (ending === 'ies' ? 'y' : ''));
}

/**
 * The slug's words as they are written in the headline, in the slug's order ("ha-noi-flood-sensors"
 * with "Hà Nội wires its streets with flood sensors…" gives "Hà Nội flood sensors"). Empty unless
 * at least two slug words are found and one of them is not a name. A possessive is left off the
 * word it ends ("Hà Nội’s" → "Hà Nội", never "Hà Nộis"), and the parts of a name joined by a hyphen
 * or an en dash that are picked one after the other keep their mark ("Thừa Thiên–Huế", "Bà
 * Rịa–Vũng Tàu").
 */
function slugKeyWords(slug: string, words: readonly string[]): string[] {
  const parts = words.flatMap((word, index) => {
    const pieces = word.replace(/[^\p{L}\p{N}]+$/u, '').replace(/['’]s$/u, '').split(/([-–])/u);
    const out: { text: string; word: number; joiner: string }[] = [];
    for (let p = 0; p < pieces.length; p += 2) {
      const text = pieces[p].replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (text) out.push({ text, word: index, joiner: p > 0 ? pieces[p - 1] : ' ' });
    }
    return out;
  });
  // Each part folded once, not once for every slug word it is compared with.
  const forms = parts.map((part) => slugForm(part.text));
  const picked: number[] = [];
  for (const key of slug.split('-')) {
    const form = slugForm(key);
    const match = parts.findIndex((part, i) => forms[i] === form && !picked.some((j) => parts[j].text === part.text));
    if (match >= 0) picked.push(match);
  }
  if (picked.length < 2 || picked.every((i) => isName(parts[i].text))) return [];
  // Parts of one word picked in a row are joined as the headline joins them.
  const out: string[] = [];
  picked.forEach((i, n) => {
    const previous = picked[n - 1];
    if (n > 0 && previous === i - 1 && parts[previous].word === parts[i].word) out[out.length - 1] += `${parts[i].joiner}${parts[i].text}`;
    else out.push(parts[i].text);
  });
  return out;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A jump head's length at most, in words, a name of several ("Hà Nội", "Prime Minister") counted as one. */
const JUMP_HEAD_WORDS = 5;

/**
 * Whether a headline is in title case ("Prime Minister Calls For Faster Spending"): every word
 * after the first that is not a function or number word starts with a capital, so capitals tell no
 * names apart and a head is judged by its length alone.
 */
function isTitleCase(words: readonly string[]): boolean {
  const later = words.slice(1).filter(isContentWord);
  return later.length >= 2 && later.every(isName);
}

/**
 * Whether words read as a head of their own story: at least two, and one of them not a name. A
 * lone subject ("Police", "Vietnam") or a name alone ("Hà Nội", "Prime Minister") says who or
 * where, which several stories of an edition share: "Police close three roads…" continued under
 * "Police" on the page that began "Police arrest two men", and both Hà Nội stories under "Hà Nội".
 */
function readsAsHead(words: readonly string[], titleCase: boolean): boolean {
  return words.length >= 2 && (titleCase || !words.every(isName));
}

/**
 * Whether the headline's first `count` words end where a phrase does: on a content word, before
 * a phrase break (":", a dash…), a function, number or verb word, or the headline's end, and never
 * inside a name ("…an old Hà" of "Hà Nội").
 */
function endsPhrase(words: readonly string[], count: number): boolean {
  const last = words[count - 1];
  if (!isContentWord(last)) return false;
  if (count === words.length || /[:;,.!?—–]$/.test(last)) return true;
  const next = bare(words[count]);
  return next === '' || FUNCTION_WORDS.has(next) || NUMBER_WORDS.has(next) || HEADLINE_VERBS.has(next) || /^\d/.test(next);
}

/**
 * The headline's first words as a head, where neither its subject nor its slug gives one: the
 * most, up to JUMP_HEAD_WORDS, that end a phrase and read as a head ("Police close three roads",
 * "Prime Minister calls", "Prime Minister meets Japanese business delegation"); else the most
 * that end on a content word outside a name and read as a head ("Residents of an old Hà Nội");
 * else the whole headline. A name is never cut, and counts as one word: "Residents of an old Hà"
 * is no head, and "Residents of an old" the fragment a reader must not be left with.
 */
function headlineOpening(words: readonly string[], titleCase: boolean): string[] {
  const cuts = (count: number) => !titleCase && cutsName(words, count);
  const counts: number[] = [];
  for (let count = 1, units = 0; count <= words.length; count++) {
    if (count === 1 || titleCase || !isName(words[count - 2]) || !isName(words[count - 1])) units++;
    if (units > JUMP_HEAD_WORDS) break;
    if (!cuts(count) && readsAsHead(words.slice(0, count), titleCase)) counts.unshift(count);
  }
  const count = counts.find((n) => endsPhrase(words, n)) ?? counts.find((n) => isContentWord(words[n - 1]));
  return count === undefined ? [...words] : words.slice(0, count);
}

/** Whether the headline's first `count` words end inside a run of capitalised words (a name). */
const cutsName = (words: readonly string[], count: number) => count < words.length && isName(words[count - 1]) && isName(words[count]);

/** A head's words as printed: no phrase-break punctuation at its end. */
const headText = (words: readonly string[]) => words.join(' ').replace(/[,:;.!?—–]+$/, '');

/**
 * The head over a continued story's later part ("Continued from Page 1"). It must read as a head,
 * never as a cut fragment such as "Eight thousand" or "Residents of an old", and name its story,
 * not only a subject others share ("Police", "Hà Nội": see readsAsHead). The first that applies:
 * 1. the article's own `jumpHead` (front matter `jumpHead:`, ninjs 2 headline role "jump"/"short");
 * 2. the whole headline, when it has at most 5 words;
 * 3. the headline's subject (see headlineSubject), when it has 2–5 words, ends on a content word
 *    (not a function or number word) and is not only names ("Hà Nội" says where, not what):
 *    "Eight thousand runners", "Đà Nẵng fishing hamlet", "Night buses";
 * 4. the slug's key words as the headline spells them (see slugKeyWords): "Hà Nội flood sensors";
 * 5. the headline's first words that end a phrase and read as a head (see headlineOpening):
 *    "Police close three roads", "Prime Minister calls".
 * Rules 3 and 5 know English words only: in a story in another language "an" is not an article
 * (Vietnamese "Hội An" is a town) and no list says where its subject ends, so a longer headline
 * gives the slug's key words or else stands whole, as a head it always reads as.
 * This is one story's head, its words alone; editionJumpHeads makes an edition's heads differ from
 * one another and gives a story a head of one line of a column where this is wider.
 */
export function jumpHeadline(story: JumpHeadSource): string {
  const { headline, jumpHead, slug, language } = typeof story === 'string' ? { headline: story, jumpHead: undefined, slug: undefined, language: undefined } : story;
  if (jumpHead) return jumpHead;
  const english = isEnglish(language);
  // The planner sets a jump head at every width it weighs: the words are chosen once per story.
  const key = `${english ? '' : 'x'}\u0001${slug ?? ''}\u0001${headline}`;
  let chosen = jumpHeadlines.get(key);
  if (chosen === undefined) {
    chosen = chooseJumpHeadline(headline, slug, english);
    if (jumpHeadlines.size >= JUMP_HEADLINE_CACHE_LIMIT) jumpHeadlines.clear();
    jumpHeadlines.set(key, chosen);
  }
  return chosen;
}

/** What a jump head is chosen from: a headline, or an article's headline, own jump head, slug and language. */
export type JumpHeadSource = string | JumpHeadArticle;

const isEnglish = (language: string | undefined) => language === undefined || /^en(?:-|$)/i.test(language);

/** Jump heads by slug and headline (see jumpHeadline). */
const jumpHeadlines = new Map<string, string>();
const JUMP_HEADLINE_CACHE_LIMIT = 10_000;

function chooseJumpHeadline(headline: string, slug: string | undefined, english: boolean): string {
  const words = headlineWords(headline);
  if (words.length <= 5) return words.join(' ');
  if (!english) {
    const keyWords = slug ? slugKeyWords(slug, words) : [];
    return keyWords.length > 0 ? capitalised(keyWords.join(' ')) : words.join(' ');
  }
  const titleCase = isTitleCase(words);
  const subject = headlineSubject(words);
  const endsOnContent = subject.length > 0 && isContentWord(subject[subject.length - 1]);
  if (subject.length <= 5 && endsOnContent && readsAsHead(subject, titleCase)) return subject.join(' ');
  const keyWords = slug ? slugKeyWords(slug, words) : [];
  if (keyWords.length > 0) return capitalised(keyWords.join(' '));
  // A lone subject or a name alone was taken here: "Police", "Hà Nội", "Prime Minister".
  return headText(headlineOpening(words, titleCase));
}

/** A head as compared with the edition's others: case, marks and punctuation aside. */
const headKey = (head: string) =>
  foldMarks(head)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * The longer heads a story's jump head may grow to, shortest first: its headline's first words,
 * more of them than the head has, each ending on a word that carries sense (not "of" or
 * "million", not inside a name; a figure may end one: "…number 19"), up to the whole headline.
 * In a story in another language, whose words no list tells apart, only the whole headline.
 */
function longerJumpHeads(source: JumpHeadArticle, head: string): string[] {
  const words = headlineWords(source.headline);
  const whole = headText(words);
  if (!isEnglish(source.language)) return headKey(whole) === headKey(head) ? [] : [whole];
  const titleCase = isTitleCase(words);
  const longer: string[] = [];
  for (let count = head.split(' ').length + 1; count < words.length; count++) {
    const last = bare(words[count - 1]);
    if (FUNCTION_WORDS.has(last) || NUMBER_WORDS.has(last) || (!titleCase && cutsName(words, count))) continue;
    longer.push(headText(words.slice(0, count)));
  }
  if (headKey(whole) !== headKey(head)) longer.push(whole);
  return longer;
}

/**
 * Words that end a key phrase besides the function words: prepositions and particles a headline's
 * subject rule never meets ("…tolls until spring" gave "Until spring").
 */
const PHRASE_BREAKS = new Set('until since despite amid during through across without within toward towards via per near off up down out around among along beyond behind like'.split(' '));

/** Words of time that end a headline's adverbial, never its subject: "…for a third year" is no label. */
const TIME_WORDS = new Set('day days week weeks month months year years decade decades spring summer autumn winter time times today tomorrow tonight'.split(' '));

/**
 * The headline's key phrases, as a copy desk labels a continuation when the story's own head is
 * too long or another story's: each run of words that carry sense (no function, number or verb
 * word, no phrase break inside it) gives its last two words, the noun it ends on with the word
 * before ("Hoàn Kiếm jewellery robbery" → "Jewellery robbery"), and a run of one word gives that
 * word ("Robbery"); never a name alone, nor a name cut ("Hà Nội", "Kiếm jewellery"), nor a run
 * ending on a word of time ("Third year"). Those with the larger share of words no other headline
 * of the edition has come first (`shared` counts the headlines each folded word is in), then two
 * words before one, then the headline's last run first (its end says what happened: "Sunday
 * marathon" and "Old quarter" of two "Police close roads…" stories); last, any other of their
 * words alone, for a column too narrow for two. English words only.
 */
function keyPhrases(words: readonly string[], titleCase: boolean, shared: ReadonlyMap<string, number>): string[] {
  const runs: string[][] = [];
  let run: string[] = [];
  const close = () => {
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (const word of words) {
    const b = bare(word);
    if (b === '' || !isContentWord(word) || HEADLINE_VERBS.has(b) || PHRASE_BREAKS.has(b)) {
      close();
      continue;
    }
    run.push(word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').replace(/['’]s$/u, ''));
    if (/[:;,.!?—–]$/.test(word)) close();
  }
  close();
  const named = (part: readonly string[]) => !titleCase && part.every(isName);
  // A run's last two words, or a lone word between breaks (the last of a longer run, "Delays" of
  // "City council delays", is as often a verb the lists do not know).
  const parts: string[][] = [];
  for (const words of [...runs].reverse()) {
    if (TIME_WORDS.has(bare(words[words.length - 1]))) continue;
    const pair = words.slice(-2);
    const cutsAName = !titleCase && words.length > 2 && isName(words[words.length - 3]) && isName(pair[0]);
    if (pair.length === 2 && !cutsAName && !named(pair)) parts.push(pair);
    if (words.length === 1 && !named(words)) parts.push(words);
  }
  // The share of a phrase's words that no other headline of the edition has, most first; then two
  // words before one; then in the order above (the last run first).
  const own = (part: readonly string[]) => part.filter((word) => (shared.get(headKey(word)) ?? 0) <= 1).length / part.length;
  const ranked = parts
    .map((part, order) => ({ part, order, own: own(part) }))
    .sort((a, b) => b.own - a.own || b.part.length - a.part.length || a.order - b.order)
    .map(({ part }) => part);
  // Last, any other word of a run alone, for a column too narrow for two: those no other headline
  // has first, the headline's last first.
  const alone = runs
    .flat()
    .reverse()
    .map((word) => [word])
    .filter((word) => !named(word) && !TIME_WORDS.has(bare(word[0])));
  const aloneRanked = alone.filter((word) => own(word) === 1).concat(alone.filter((word) => own(word) < 1));
  return [...ranked, ...aloneRanked].map((part) => capitalised(part.join(' ')));
}

/** What a jump head is chosen from, as an article gives it. */
type JumpHeadArticle = { readonly headline: string; readonly jumpHead?: string; readonly slug?: string; readonly language?: string };

/**
 * A story's jump heads in the order they are preferred, each once (case and marks aside): its own
 * (jumpHeadline), the slug's key words, the headline's key phrases (keyPhrases), its first words
 * grown longer (longerJumpHeads); those that set on one line of a column (`lines`) before those
 * that do not, and of those the fewest lines first, so that a head wraps only where none fits (a
 * column too narrow for any). An editor's `jumpHead` is the only one, as written.
 */
function jumpHeadChoices(story: JumpHeadSource, lines: (head: string) => number, shared: ReadonlyMap<string, number>): string[] {
  const source: JumpHeadArticle = typeof story === 'string' ? { headline: story } : story;
  if (source.jumpHead) return [source.jumpHead];
  const head = jumpHeadline(source);
  const words = headlineWords(source.headline);
  const keyWords = source.slug ? slugKeyWords(source.slug, words) : [];
  const short = isEnglish(source.language) ? keyPhrases(words, isTitleCase(words), shared) : [];
  const all = [head, ...(keyWords.length > 0 ? [capitalised(keyWords.join(' '))] : []), ...short, ...longerJumpHeads(source, head)];
  const seen = new Set<string>();
  const unique = all.filter((choice) => {
    const key = headKey(choice);
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // A stable sort: the order above within each count of lines.
  return unique.map((choice, order) => ({ choice, order, lines: lines(choice) })).sort((a, b) => a.lines - b.lines || a.order - b.order).map(({ choice }) => choice);
}

/**
 * The jump heads of an edition's stories, in their order, each story's widest first: the head it
 * prints where that sets on one line of the continuation's module, and the head of one line of a
 * column it prints where not (`lines` counts the lines a head takes a column wide), one head where
 * the two are the same. No story's heads are another's (case, marks and punctuation aside): two
 * continuations under one head read as one story (three on one page read "Story", "Story", "Story"
 * where the headlines began alike). Each story starts from its first choice (jumpHeadChoices: its
 * own head), and where two or more are the same each of those takes its next choice that no other
 * story's head is, until they differ or have no choice left. Every story's heads are made
 * distinct, not only those that jump, since the planner sets a continuation's head (and counts its
 * rows) before it knows which stories will jump. A head the editor wrote is kept as written; the
 * others move around it. (Heads alike grew by their headlines' next words until they differed,
 * whatever their measure, one head at every width: "Police seek witnesses to a late-night" over
 * three lines of a tabloid column, "Prime Minister meets Japanese business delegation" over four
 * of a Berliner one.)
 */
export function editionJumpHeads(stories: readonly JumpHeadSource[], lines: (head: string) => number): string[][] {
  const measured = new Map<string, number>();
  const linesOnce = (head: string) => {
    let count = measured.get(head);
    if (count === undefined) measured.set(head, (count = lines(head)));
    return count;
  };
  // How many of the edition's headlines each word is in: a key phrase of words no other has names its story.
  const shared = new Map<string, number>();
  for (const story of stories) {
    const headline = typeof story === 'string' ? story : story.headline;
    for (const word of new Set(headlineWords(headline).map(headKey))) shared.set(word, (shared.get(word) ?? 0) + 1);
  }
  const wide = distinctJumpHeads(stories, () => 1, shared);
  const narrow = distinctJumpHeads(stories, linesOnce, shared, wide);
  return stories.map((_, i) => (headKey(wide[i]) === headKey(narrow[i]) ? [wide[i]] : [wide[i], narrow[i]]));
}

/**
 * One head a story, as editionJumpHeads makes them distinct, measured by `lines`; none another
 * story's head nor its head in `reserved` (the edition's wider heads).
 */
function distinctJumpHeads(stories: readonly JumpHeadSource[], lines: (head: string) => number, shared: ReadonlyMap<string, number>, reserved?: readonly string[]): string[] {
  // A story's choices are measured only where its own head does not do: too wide, or alike another's.
  const choices: (string[] | undefined)[] = stories.map(() => undefined);
  const choicesOf = (i: number) => (choices[i] ??= jumpHeadChoices(stories[i], lines, shared));
  const at = stories.map(() => 0);
  const heads = stories.map((story, i) => {
    const own = typeof story !== 'string' && story.jumpHead ? story.jumpHead : jumpHeadline(story);
    return lines(own) <= 1 ? own : choicesOf(i)[0];
  });
  const reservedBy = new Map<string, number[]>();
  reserved?.forEach((head, i) => reservedBy.set(headKey(head), [...(reservedBy.get(headKey(head)) ?? []), i]));
  const takenByOthers = (key: string, i: number) => heads.some((head, j) => j !== i && headKey(head) === key) || (reservedBy.get(key) ?? []).some((j) => j !== i);
  for (;;) {
    let moved = false;
    const alike = heads.map((head, i) => takenByOthers(headKey(head), i));
    for (const [i, isAlike] of alike.entries()) {
      if (!isAlike) continue;
      const list = choicesOf(i);
      let next = at[i] + 1;
      while (next < list.length && takenByOthers(headKey(list[next]), i)) next++;
      if (next >= list.length) continue;
      at[i] = next;
      heads[i] = list[next];
      moved = true;
    }
    if (!moved) return heads;
  }
}

/** A jump head's size, px: 18 pt with the page's display type, 13 pt at least. */
const jumpHeadSizePx = (grid: Grid) => Math.max(13, 18 * grid.displayScale) * PT;

/**
 * The lines a jump head takes a column wide at its size, as setJumpHead sets it (the typesetter's
 * lines, with the fonts the page embeds), a line wider than the column (a word longer than it)
 * counted as one more: a column is the narrowest module a continuation takes, so a head of one
 * line there is one line at every span.
 */
export function jumpHeadColumnLines(grid: Grid, fonts: FontBook): (head: string) => number {
  const sizePx = jumpHeadSizePx(grid);
  return (head) => {
    const lines = setLines(head, DISPLAY, sizePx, grid.columnWidth, fonts);
    return lines.length + lines.filter((line) => line.naturalWidth > grid.columnWidth + 0.01).length;
  };
}

/**
 * A headline whose lines reach near the module's edge. Several short lines of a large head leave a
 * white block beside them as deep as a hole (8 body lines); a size a step smaller or larger sets
 * the same words on fuller lines, so the first of those that fills is taken.
 */
function fillingHeadline(text: string, width: number, startPt: number, maxLines: number, white: { above: number; below: number }, grid: Grid, fonts: FontBook, balance: boolean): { lines: SetLine[]; sizePx: number; hole: boolean } {
  // A hole is 0.9 of a column wide: white beside the lines is kept under that, with a margin.
  const maxRag = grid.columnWidth * 0.82;
  // A hole is 8 rows deep, and a row is kept in hand. `white`: px above the first line and below
  // the last that are white at the right too (the rule row, a one-line standfirst).
  const leavesHole = (set: { lines: SetLine[]; sizePx: number }) => headLinesLeaveHole(set.lines, width, set.sizePx * 1.08, white, maxRag, grid.lead * 7);
  // The size is chosen on the lines as set at full width, in both modes: measuring a head (no
  // balancing) and setting it must agree on it, or the module planned for the measured head is
  // too shallow for the head printed (a 'second' head at three columns measured 7 rows and set 11,
  // its text running 4 rows past its module). Balancing keeps the line count, so the height.
  const at = (pt: number) => setHeadline(text, width, pt, fonts, maxLines, grid.columnWidth * 0.75, false);
  let chosen = { pt: startPt, set: at(startPt) };
  // Whether the size kept still leaves a hole (no size filled): the planner prices that shape.
  let hole = leavesHole(chosen.set);
  for (const step of hole ? HEADLINE_FILL_STEPS : []) {
    const other = at(startPt * step);
    if (leavesHole(other)) continue;
    chosen = { pt: startPt * step, set: other };
    hole = false;
    break;
  }
  // No size fills as the breaker sets it, its lines as even as the words allow: each line as full
  // as it goes instead, the last line short (over five columns, "Correspondents organisation data
  // / municipality neighbourhood H0023" left two columns white beside both lines at the top of a
  // page, and a front page's lead over four columns white beside two short lines over a full one:
  // holes, in the sweeps' Berliner editions two of five). Not balanced, in both modes, so that the
  // head measured and the head set agree.
  for (const step of hole ? [1, ...HEADLINE_FILL_STEPS] : []) {
    const lines = fullLinesHeadline(text, width, startPt * step, fonts);
    if (!lines || lines.length > maxLines) continue;
    const set = { lines, sizePx: startPt * step * PT };
    if (!leavesHole(set)) return { ...set, hole: false };
  }
  return { ...(balance ? setHeadline(text, width, chosen.pt, fonts, maxLines, grid.columnWidth * 0.75, true) : chosen.set), hole };
}

/** Headline sizes, as steps of the role's, tried in turn for lines that fill their measure. */
const HEADLINE_FILL_STEPS: readonly number[] = [0.94, 0.88, 1.1, 1.2, 1.3, 0.82];

/** One headline line set on its own (fullLinesHeadline, headlineBreakings): ragged, unhyphenated, as wide as its words. */
const headlineLineStyle = (pt: number) => ({ faces: DISPLAY, sizePx: pt * PT, language: 'vi', justify: false, hyphenate: false, width: Number.MAX_SAFE_INTEGER }) as const;

/**
 * Every way of setting a headline's words on `lineCount` lines that each fit `width` (ragged,
 * never justified), the ones whose lines end on a word that carries sense first (not "of",
 * "the", "and": a head read line by line), then the most even. For a head whose lines, as
 * balanced, leave a hole beside them on the page (compose.ts headsFilledBesideHoles), which tries
 * them in turn; at most `limit` of them.
 */
export function headlineBreakings(text: string, width: number, pt: number, lineCount: number, fonts: FontBook, limit: number): SetLine[][] {
  const style = headlineLineStyle(pt);
  const words = text.split(' ').filter((word) => word.length > 0);
  if (lineCount < 2 || words.length < lineCount || words.length > 16) return [];
  const setLines = new Map<string, SetLine | null>();
  /** Words start..end-1 as one line, or null where they do not fit. */
  const lineOf = (start: number, end: number): SetLine | null => {
    const key = `${start}:${end}`;
    if (!setLines.has(key)) {
      const set = setParagraph([{ text: words.slice(start, end).join(' ') }], style, fonts);
      setLines.set(key, set.length === 1 && set[0].naturalWidth <= width + 0.01 ? { ...set[0], width } : null);
    }
    return setLines.get(key)!;
  };
  const found: { lines: SetLine[]; weakEnds: number; unevenness: number }[] = [];
  const walk = (start: number, lines: SetLine[], ends: number[]) => {
    if (lines.length === lineCount - 1) {
      const last = lineOf(start, words.length);
      if (!last) return;
      const all = [...lines, last];
      const weakEnds = ends.filter((end) => !isContentWord(words[end - 1])).length;
      const unevenness = all.reduce((sum, line) => sum + (width - line.naturalWidth) ** 2, 0);
      found.push({ lines: all, weakEnds, unevenness });
      return;
    }
    for (let end = start + 1; end <= words.length - (lineCount - lines.length - 1); end++) {
      const line = lineOf(start, end);
      if (!line) break;
      walk(end, [...lines, line], [...ends, end]);
    }
  };
  walk(0, [], []);
  return found
    .sort((a, b) => a.weakEnds - b.weakEnds || a.unevenness - b.unevenness)
    .slice(0, limit)
    .map((breaking) => breaking.lines);
}

/**
 * A headline set with each line as full as its measure allows (words taken while they fit, the
 * last line what is left), each line set on its own: ragged lines, never justified. Undefined where
 * a word alone is wider than the measure.
 */
function fullLinesHeadline(text: string, width: number, pt: number, fonts: FontBook): SetLine[] | undefined {
  const style = headlineLineStyle(pt);
  const line = (words: readonly string[]) => setParagraph([{ text: words.join(' ') }], style, fonts);
  const words = text.split(' ').filter((word) => word.length > 0);
  const lines: SetLine[] = [];
  for (let start = 0; start < words.length; ) {
    let end = start + 1;
    let set = line(words.slice(start, end));
    if (set.length !== 1 || set[0].naturalWidth > width + 0.01) return undefined;
    while (end < words.length) {
      const longer = line(words.slice(start, end + 1));
      if (longer.length !== 1 || longer[0].naturalWidth > width + 0.01) break;
      set = longer;
      end++;
    }
    lines.push({ ...set[0], width });
    start = end;
  }
  return lines;
}

/**
 * Whether the white beside a head's ragged lines reads as a hole on the page: a run of consecutive
 * lines whose longest leaves more than `maxRag` white at the right, `depth` px deep or more with
 * the white above the first line and below the last counted. (Only the widest line was looked at:
 * two short lines over a full one left a hole beside them, as on 7 of the 36 pages with a hole in
 * `epaper quality` at layout-8; with the runs looked at, pages with a hole went 36 → 33.)
 */
export function headLinesLeaveHole(lines: readonly SetLine[], width: number, lineHeight: number, white: { above: number; below: number }, maxRag: number, depth: number): boolean {
  for (let first = 0; first < lines.length; first++) {
    let widest = 0;
    for (let last = first; last < lines.length; last++) {
      widest = Math.max(widest, lines[last].naturalWidth);
      if (width - widest <= maxRag) break;
      const deep = (last - first + 1) * lineHeight + (first === 0 ? white.above : 0) + (last === lines.length - 1 ? white.below : 0);
      if (deep >= depth) return true;
    }
  }
  return false;
}

export interface HeadOptions {
  readonly role: HeadRole;
  readonly width: number;
  readonly photo?: { ref: string; widthPx: number; heightPx: number };
  /** Upper bound of the photo's height when `photoRows` is not given, px. */
  readonly maxPhotoHeight: number;
  /** The photo's height in grid rows, chosen by the planner (cropped within its range). */
  readonly photoRows?: number;
  /** Headline size relative to the role's (the planner steps it down to absorb a row). @default 1 */
  readonly headlineScale?: number;
  /** Only the head's height is wanted: the headline's lines are not balanced. @default false */
  readonly measureOnly?: boolean;
  readonly withStandfirst: boolean;
  /** Space above (a rule between stacked modules). */
  readonly topGapRows: number;
}

function setLines(text: string, faces: FaceSet, sizePx: number, width: number, fonts: FontBook): SetLine[] {
  return setParagraph([{ text }], { faces, sizePx, language: 'vi', width, justify: false, hyphenate: false }, fonts);
}

/**
 * Display scale at and above which a standfirst keeps its size: an A4 page's and larger. Below it
 * (an A5 page, 0.44; 120 × 160 mm, 0.33) the standfirst shrinks with the page, as the headline
 * does, to no less than STANDFIRST_MIN_BODY_RATIO of the body's size: at 13 pt over a 15 pt lead
 * headline it made the head of a 35-row page's lead 13 rows deep, and the lead did not fit on the front.
 */
const STANDFIRST_FULL_SCALE = 0.6;
const STANDFIRST_MIN_BODY_RATIO = 1.15;

/** A standfirst's size in px for a head of `role` on the grid's page. */
function standfirstSizePx(role: HeadRole, grid: Grid): number {
  const pt = role === 'lead' ? 13 : role === 'brief' || role === 'small' ? 10 : 11.5;
  if (grid.displayScale >= STANDFIRST_FULL_SCALE) return pt * PT;
  return Math.max(grid.bodySize * STANDFIRST_MIN_BODY_RATIO, (pt * PT * grid.displayScale) / STANDFIRST_FULL_SCALE);
}

/** Sets a module head; every part's height is rounded so that the body starts on the grid. */
export function setHead(article: Article, options: HeadOptions, grid: Grid, fonts: FontBook): HeadBlock {
  const parts: HeadPart[] = [];
  let y = options.topGapRows * grid.lead;
  if (options.topGapRows > 0) parts.push({ kind: 'rule', y: y - grid.lead * 0.5, height: 0, lines: [], sizePx: 0, lineHeight: 0, faces: SERIF });
  const rolePt = options.role === 'brief' ? HEADLINE_PT.brief : Math.max(HEADLINE_PT.brief, HEADLINE_PT[options.role] * grid.displayScale);
  const headlinePt = Math.max(HEADLINE_PT.brief * 0.9, rolePt * (options.headlineScale ?? 1));
  // The standfirst is justified, so that its lines reach the module's edge; a one-line standfirst
  // is as short as its words, and then counts with the headline's white beside it. It is
  // hyphenated in the story's language, as the body is: at about thirty characters a line (a
  // one-column module), whole words alone left a quarter of its justified lines at the most
  // tracking allowed and their gaps still wide (loose lines, which readers notice). Only headlines
  // are never hyphenated.
  const standfirst = (() => {
    if (!options.withStandfirst || !article.standfirst) return undefined;
    const sizePx = standfirstSizePx(options.role, grid);
    const lineHeight = sizePx * 1.25;
    // Its last line is kept a quarter of the measure or STANDFIRST_LAST_LINE_EMS wide, whichever is
    // less: across a page, one word ending a standfirst ("… budget understanding / bridge.") looks
    // like a slip. (In the quality sweep, 31 of 191 decks of two lines or more ended in one word;
    // 8 do, each a word of eight ems or more.)
    const lastLineMin = Math.min(options.width * STANDFIRST_LAST_LINE_SHARE, sizePx * STANDFIRST_LAST_LINE_EMS);
    const lines = setParagraph([{ text: article.standfirst }], { faces: SERIF_ITALIC, sizePx, language: article.language, width: options.width, justify: true, hyphenate: true, lastLineMin }, fonts);
    return { sizePx, lineHeight, lines };
  })();
  const shortBelow = standfirst && standfirst.lines.length === 1 ? standfirst.lineHeight + grid.lead * 0.75 : grid.lead * HEAD_AIR.underHeadlineRows;
  const headline = fillingHeadline(article.headline, options.width, headlinePt, options.role === 'brief' ? 3 : 4, { above: options.topGapRows * grid.lead, below: shortBelow }, grid, fonts, !options.measureOnly);
  const headLineHeight = headline.sizePx * 1.08;
  const headHeight = headline.lines.length * headLineHeight;
  parts.push({ kind: 'headline', y, height: headHeight, lines: headline.lines, sizePx: headline.sizePx, lineHeight: headLineHeight, faces: DISPLAY });
  y += headHeight + grid.lead * HEAD_AIR.underHeadlineRows;
  if (standfirst) {
    const { sizePx, lineHeight, lines } = standfirst;
    parts.push({ kind: 'standfirst', y, height: lines.length * lineHeight, lines, sizePx, lineHeight, faces: SERIF_ITALIC });
    y += lines.length * lineHeight + grid.lead * HEAD_AIR.underStandfirstRows;
  }
  if (options.photo) {
    const aspect = options.photo.heightPx / options.photo.widthPx;
    // Whole rows, so the caption and the body below stay on the grid; never taller than allowed.
    const rows = options.photoRows ?? Math.max(5, Math.min(Math.round((options.width * aspect) / grid.lead), Math.floor(options.maxPhotoHeight / grid.lead)));
    y = photoParts(parts, article, options.photo.ref, rows, y, options.width, grid, fonts);
  }
  return { rows: Math.ceil(y / grid.lead - 0.05), parts, ...(headline.hole ? { headlineHole: true } : {}) };
}

/**
 * Adds a story's photo `rows` deep on the grid at or below `y`, and its caption; returns the y below
 * them. `beside`: the photo stands over the module's last columns, `x` px from its left edge.
 */
function photoParts(parts: HeadPart[], article: Article, ref: string, rows: number, y: number, width: number, grid: Grid, fonts: FontBook, beside?: { readonly x: number }): number {
  const height = rows * grid.lead;
  const box = beside ? { x: beside.x, width } : {};
  y = Math.ceil(y / grid.lead) * grid.lead;
  parts.push({ kind: 'photo', y, height, lines: [], sizePx: 0, lineHeight: 0, faces: SERIF, photoRef: ref, ...box });
  y += height + HEAD_AIR.photoToCaptionPx;
  const caption = [article.image?.caption, article.image?.credit ? `— ${article.image.credit}` : undefined].filter(Boolean).join(' ');
  if (caption) {
    const sizePx = 7.5 * PT;
    const lineHeight = sizePx * 1.25;
    const lines = setLines(caption, SERIF_ITALIC, sizePx, width, fonts);
    parts.push({ kind: 'caption', y, height: lines.length * lineHeight, lines, sizePx, lineHeight, faces: SERIF_ITALIC, ...box });
    y += lines.length * lineHeight;
  }
  return y + grid.lead * HEAD_AIR.underCaptionRows;
}

/**
 * A story's photo standing beside its text (Shape.photoSide): `rows` deep and `width` px wide, `x`
 * px from the module's left edge, its top at the body's first row (`bodyTop` px from the module's
 * top), its caption under it. Returns the parts and the whole rows they take from the top of the
 * body, which the columns under it keep free (a 'photo-room' unit).
 */
export function setPhotoBeside(article: Article, ref: string, rows: number, bodyTop: number, x: number, width: number, grid: Grid, fonts: FontBook): { parts: HeadPart[]; rows: number } {
  const parts: HeadPart[] = [];
  const below = photoParts(parts, article, ref, rows, bodyTop, width, grid, fonts, { x });
  return { parts, rows: Math.ceil((below - bodyTop) / grid.lead - 0.05) };
}

/**
 * Head of a continued story: its jump head, the widest of `jumpHeads` (editionJumpHeads) that sets
 * on one line of the module, else its last, and the "Continued from Page M" line (and the story's
 * photo, if its start went without).
 */
export function setJumpHead(article: Article, jumpHeads: readonly string[], width: number, topGapRows: number, grid: Grid, fonts: FontBook, photo?: { readonly ref: string; readonly rows: number }): HeadBlock {
  const parts: HeadPart[] = [];
  let y = topGapRows * grid.lead;
  if (topGapRows > 0) parts.push({ kind: 'rule', y: y - grid.lead * 0.5, height: 0, lines: [], sizePx: 0, lineHeight: 0, faces: SERIF });
  const sizePx = jumpHeadSizePx(grid);
  const oneLine = (set: readonly SetLine[]) => set.length === 1 && set[0].naturalWidth <= width + 0.01;
  let lines = setLines(jumpHeads[0], DISPLAY, sizePx, width, fonts);
  for (const head of jumpHeads.slice(1)) {
    if (oneLine(lines)) break;
    lines = setLines(head, DISPLAY, sizePx, width, fonts);
  }
  parts.push({ kind: 'jump-head', y, height: lines.length * sizePx * 1.1, lines, sizePx, lineHeight: sizePx * 1.1, faces: DISPLAY });
  y += lines.length * sizePx * 1.1 + 2;
  y = Math.ceil(y / grid.lead) * grid.lead;
  parts.push({ kind: 'jump-from', y, height: grid.lead, lines: [], sizePx: grid.bodySize, lineHeight: grid.lead, faces: SERIF_ITALIC });
  y += grid.lead;
  // The story's photo, where its start was cut without it: under the jump line, above the text.
  if (photo) y = photoParts(parts, article, photo.ref, photo.rows, y + grid.lead * 0.3, width, grid, fonts);
  return { rows: Math.ceil(y / grid.lead - 0.05), parts };
}

/**
 * A continuation's head (setJumpHead) with the story's standfirst set under its jump head as a
 * deck, as a desk gives a rest alone at a page's top a line or two more of display when its text
 * stops short of the foot (feet.ts restsDeckedToFeet): the parts under the jump head (the
 * "Continued from" line, a photo and caption) moved down by the whole rows the deck takes.
 * Undefined where the story has no standfirst, the head has no jump head, already carries a deck,
 * or the deck would take more than `maxLines` lines.
 */
export function jumpHeadWithDeck(head: HeadBlock, article: Article, width: number, maxLines: number, grid: Grid, fonts: FontBook): HeadBlock | undefined {
  if (!article.standfirst || head.parts.some((part) => part.kind === 'standfirst')) return undefined;
  const jumpHead = head.parts.findIndex((part) => part.kind === 'jump-head');
  const from = head.parts.findIndex((part) => part.kind === 'jump-from');
  if (jumpHead < 0 || from < jumpHead) return undefined;
  const sizePx = standfirstSizePx('normal', grid);
  const lineHeight = sizePx * 1.25;
  const lastLineMin = Math.min(width * STANDFIRST_LAST_LINE_SHARE, sizePx * STANDFIRST_LAST_LINE_EMS);
  const lines = setParagraph([{ text: article.standfirst }], { faces: SERIF_ITALIC, sizePx, language: article.language, width, justify: true, hyphenate: true, lastLineMin }, fonts);
  if (lines.length === 0 || lines.length > maxLines) return undefined;
  const over = head.parts[jumpHead];
  const deckY = over.y + over.height + grid.lead * 0.25;
  // The "Continued from" line on the grid under the deck, as setJumpHead puts it under the jump head.
  const fromY = Math.ceil((deckY + lines.length * lineHeight + 2) / grid.lead) * grid.lead;
  const shift = fromY - head.parts[from].y;
  if (shift <= 0) return undefined;
  const deck: HeadPart = { kind: 'standfirst', y: deckY, height: lines.length * lineHeight, lines, sizePx, lineHeight, faces: SERIF_ITALIC };
  const parts = head.parts.flatMap((part, i) => (i === jumpHead ? [part, deck] : i >= from ? [{ ...part, y: part.y + shift }] : [part]));
  return { ...head, rows: head.rows + Math.round(shift / grid.lead), parts };
}

/**
 * A story's head (setHead) with its photo and caption standing over the headline and standfirst,
 * in the same whole rows: the "photo over the head" module an editor sets beside another story's
 * headline, so that the two headlines do not stand level across the page (stagger.ts). The photo
 * keeps its size and the top of the photo takes the headline's place; the headline and standfirst
 * follow under the caption, and any fraction of a row left over stands under them, where the
 * photo's caption had it. Undefined where the head has no headline, no photo across the module (a
 * photo beside the text, a continuation's), parts in another order than setHead's, or where the
 * parts would run past the head's rows.
 */
export function headWithPhotoAbove(head: HeadBlock, grid: Pick<Grid, 'lead'>): HeadBlock | undefined {
  const kinds = head.parts.filter((part) => part.kind !== 'rule').map((part) => part.kind);
  const order = kinds.join(' ');
  if (order !== 'headline photo caption' && order !== 'headline standfirst photo caption' && order !== 'headline photo' && order !== 'headline standfirst photo') return undefined;
  const photo = head.parts.find((part) => part.kind === 'photo')!;
  if (photo.x !== undefined || photo.width !== undefined) return undefined;
  const headline = head.parts.find((part) => part.kind === 'headline')!;
  const standfirst = head.parts.find((part) => part.kind === 'standfirst');
  const caption = head.parts.find((part) => part.kind === 'caption');
  // setHead's own air (HEAD_AIR), the photo on the grid where the headline began.
  const photoY = Math.ceil(headline.y / grid.lead) * grid.lead;
  let y = photoY + photo.height + HEAD_AIR.photoToCaptionPx;
  const captionY = y;
  if (caption) y += caption.height;
  y += grid.lead * HEAD_AIR.underCaptionRows;
  const headlineY = y;
  y += headline.height + grid.lead * HEAD_AIR.underHeadlineRows;
  const standfirstY = y;
  if (standfirst) y += standfirst.height + grid.lead * HEAD_AIR.underStandfirstRows;
  if (Math.ceil(y / grid.lead - 0.05) > head.rows) return undefined;
  const moved = new Map<HeadPart, number>([
    [photo, photoY],
    [headline, headlineY],
    ...(caption ? ([[caption, captionY]] as const) : []),
    ...(standfirst ? ([[standfirst, standfirstY]] as const) : []),
  ]);
  // The parts keep setHead's order, the headline first, as the page's text is read aloud and searched.
  const parts = head.parts.map((part) => ({ ...part, y: moved.get(part) ?? part.y }));
  return { ...head, parts, photoAbove: true };
}

/** A house ad set to fit its box: a display headline, a line or two of italic text, the paper's name. */
export interface HouseAdContent {
  readonly headline: readonly SetLine[];
  readonly headlineSizePx: number;
  readonly headlineLineHeight: number;
  readonly text: readonly SetLine[];
  readonly textSizePx: number;
  readonly textLineHeight: number;
  /** The paper's name in its masthead face, signing the notice. */
  readonly signature: readonly SetLine[];
  readonly signatureSizePx: number;
  /** Space between the parts, px. */
  readonly gap: number;
  /** Everything together, px: the box centres this vertically. */
  readonly height: number;
}

const MASTHEAD_FACES: FaceSet = { regular: 'display-black', italic: 'display-black', bold: 'display-black', boldItalic: 'display-black' };

/** The least headline size, pt, a house notice is set at. */
const HOUSE_AD_MIN_HEADLINE_PT = 11;

/**
 * Sets a house ad for a box `width` × `height` px. The type grows with the box (a half-page notice
 * is set as large as a lead headline, a strip smaller) and shrinks until everything fits inside a
 * row of padding; undefined when even small type does not fit.
 */
export function setHouseAd(ad: HouseAd, paper: string, width: number, height: number, grid: Grid, fonts: FontBook): HouseAdContent | undefined {
  // A strip too low for the notice's text carries its headline and the paper's name alone.
  return setHouseAdWith(ad, paper, width, height, grid, fonts) ?? (ad.text ? setHouseAdWith({ ...ad, text: '' }, paper, width, height, grid, fonts) : undefined);
}

function setHouseAdWith(ad: HouseAd, paper: string, width: number, height: number, grid: Grid, fonts: FontBook): HouseAdContent | undefined {
  const measure = width * 0.8;
  const room = height - grid.lead;
  // From a size for the box's depth, never under the least tried: on a page whose display type is
  // under 0.61 of a Berliner's (A5), 18 pt scaled began under 11 pt, and no notice was ever set.
  for (let headlinePt = Math.max(HOUSE_AD_MIN_HEADLINE_PT, Math.min(64, Math.max(18, (height / grid.lead) * 0.9)) * grid.displayScale); headlinePt >= HOUSE_AD_MIN_HEADLINE_PT; headlinePt *= 0.9) {
    const headline = setHeadline(ad.headline, measure, headlinePt, fonts, 3);
    const headlineLineHeight = headline.sizePx * 1.08;
    const textSizePx = Math.max(grid.bodySize * 1.2, headline.sizePx * 0.36);
    const textLineHeight = textSizePx * 1.3;
    const text = ad.text ? setLines(ad.text, SERIF_ITALIC, textSizePx, measure, fonts) : [];
    const signatureSizePx = Math.max(grid.bodySize * 1.4, headline.sizePx * 0.45);
    const signature = setLines(paper, MASTHEAD_FACES, signatureSizePx, measure, fonts);
    const gap = Math.max(grid.lead, headline.sizePx * 0.5);
    const parts = [headline.lines.length * headlineLineHeight, text.length * textLineHeight, signature.length * signatureSizePx * 1.1].filter((h) => h > 0);
    const contentHeight = parts.reduce((sum, h) => sum + h, 0) + gap * (parts.length - 1);
    if (contentHeight <= room) {
      return { headline: headline.lines, headlineSizePx: headline.sizePx, headlineLineHeight, text, textSizePx, textLineHeight, signature, signatureSizePx, gap, height: contentHeight };
    }
  }
  return undefined;
}

/** The masthead's size, px: 64 pt on a Berliner page, smaller when the paper's name would not fit. */
export function mastheadSize(paper: string, grid: Grid, fonts: FontBook): number {
  const preferred = ((64 * 96) / 72) * grid.displayScale;
  const available = (grid.pageWidth - 2 * grid.margin) * 0.94;
  const width = fonts.width(paper, 'display-black', preferred);
  return width > available ? (preferred * available) / width : preferred;
}
