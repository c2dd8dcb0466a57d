/**
 * Sets the parts of one story: the body as a stream of column units on the baseline grid, and the
 * head of a module (headline, standfirst, photo, caption) across the module's width.
 */
import type { Article, TextRun } from '../article';
import type { FontBook } from '../typeset/fonts';
import { setParagraph, SERIF, type FaceSet, type SetLine } from '../typeset/paragraph';
import type { Grid, HouseAd } from './config';
import { PT } from './config';

/** One step of a column: a body line, or a block that moves as a whole (pull quote, crosshead). */
export interface ColumnUnit {
  readonly kind: 'line' | 'crosshead' | 'quote' | 'byline';
  /** Height in baseline-grid rows. */
  readonly rows: number;
  readonly lines: readonly SetLine[];
  /** For body lines: paragraph number, line number within it and the paragraph's line count. */
  readonly paragraph?: number;
  readonly lineInParagraph?: number;
  readonly paragraphLines?: number;
  /** A crosshead must not end a column. */
  readonly keepWithNext?: boolean;
  /** Font size and line height of the unit's lines, px. */
  readonly sizePx: number;
  readonly lineHeight: number;
  readonly faces: FaceSet;
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
}

export interface HeadBlock {
  readonly rows: number;
  readonly parts: readonly HeadPart[];
}

const DISPLAY: FaceSet = { regular: 'display-bold', italic: 'display-italic', bold: 'display-black', boldItalic: 'display-black' };
const QUOTE: FaceSet = { regular: 'display-italic', italic: 'display-italic', bold: 'display-bold', boldItalic: 'display-bold' };
const SANS: FaceSet = { regular: 'sans-regular', italic: 'sans-regular', bold: 'sans-bold', boldItalic: 'sans-bold' };
const SERIF_ITALIC: FaceSet = { regular: 'serif-italic', italic: 'serif-regular', bold: 'serif-bolditalic', boldItalic: 'serif-bold' };
const SERIF_BOLD: FaceSet = { regular: 'serif-bold', italic: 'serif-bolditalic', bold: 'serif-bold', boldItalic: 'serif-bolditalic' };

/** Words in the body, for sizing modules. */
export function wordCount(article: Article): number {
  let count = 0;
  for (const block of article.body) {
    const text = block.kind === 'crosshead' || block.kind === 'quote' ? block.text : block.runs.map((r) => r.text).join('');
    count += text.split(/\s+/).filter(Boolean).length;
  }
  return count;
}

/** Sets the whole body of a story at column width into grid units, in reading order. */
export function setStoryBody(article: Article, grid: Grid, fonts: FontBook): ColumnUnit[] {
  const units: ColumnUnit[] = [];
  const width = grid.columnWidth;
  const size = grid.bodySize;
  const common = { sizePx: size, lineHeight: grid.lead };
  if (article.byline) {
    const byline = setParagraph([{ text: article.byline.toUpperCase() }], { faces: SANS, sizePx: size * 0.95, language: 'vi', width, justify: false, hyphenate: false }, fonts);
    byline.forEach((line) => units.push({ kind: 'byline', rows: 1, lines: [line], ...common, faces: SANS }));
  }
  let paragraph = 0;
  let firstParagraph = true;
  const lastParagraphIndex = article.body.map((b) => b.kind).lastIndexOf('paragraph');
  article.body.forEach((block, blockIndex) => {
    if (block.kind === 'crosshead') {
      const lines = setParagraph([{ text: block.text }], { faces: SERIF_BOLD, sizePx: size, language: article.language, width, justify: false, hyphenate: false }, fonts);
      lines.forEach((line, i) =>
        units.push({ kind: 'crosshead', rows: i === 0 ? 2 : 1, lines: [line], keepWithNext: true, ...common, faces: SERIF_BOLD }),
      );
      firstParagraph = true;
      return;
    }
    if (block.kind === 'quote') {
      const quoteSize = 15 * PT;
      const lineHeight = quoteSize * 1.2;
      const lines = setParagraph([{ text: `“${block.text.replace(/^["“]|["”]$/g, '')}”` }], { faces: QUOTE, sizePx: quoteSize, language: article.language, width, justify: false, hyphenate: false }, fonts);
      const rows = Math.ceil((lines.length * lineHeight + grid.lead * 1.5) / grid.lead);
      units.push({ kind: 'quote', rows, lines, sizePx: quoteSize, lineHeight, faces: QUOTE });
      return;
    }
    let runs: TextRun[] = [...block.runs];
    if (block.kind === 'list-item') runs = [{ text: `${block.marker ?? '•'} ` }, ...runs];
    if (paragraph === 0 && article.dateline) runs = [{ text: `${article.dateline.toUpperCase()} — `, bold: true }, ...runs];
    if (blockIndex === lastParagraphIndex && article.signOff) runs = [...runs, { text: ` — ${article.signOff}` }];
    const lines = setParagraph(runs, { faces: SERIF, sizePx: size, language: article.language, width, indent: firstParagraph ? 0 : size }, fonts);
    lines.forEach((line, i) =>
      units.push({ kind: 'line', rows: 1, lines: [line], paragraph, lineInParagraph: i, paragraphLines: lines.length, ...common, faces: SERIF }),
    );
    paragraph++;
    firstParagraph = false;
  });
  return units;
}

/** Headline sizes in points by the module's role. */
export type HeadRole = 'lead' | 'second' | 'normal' | 'small' | 'brief';
const HEADLINE_PT: Readonly<Record<HeadRole, number>> = { lead: 46, second: 32, normal: 24, small: 19, brief: 13 };

/**
 * Sets a headline ragged and balanced: at most `maxLines`, shrinking the size if it must, and as
 * narrow as the line count allows, so that the last line is not a lone word.
 */
export function setHeadline(text: string, width: number, startPt: number, fonts: FontBook, maxLines = 4): { lines: SetLine[]; sizePx: number } {
  let sizePt = startPt;
  for (;;) {
    const sizePx = sizePt * PT;
    const style = { faces: DISPLAY, sizePx, language: 'vi', justify: false, hyphenate: false } as const;
    const lines = setParagraph([{ text }], { ...style, width }, fonts);
    if (lines.length <= maxLines || sizePt <= 11) {
      if (lines.length <= 1) return { lines, sizePx };
      let low = width * 0.5;
      let high = width;
      let best = lines;
      for (let i = 0; i < 6; i++) {
        const mid = (low + high) / 2;
        const trial = setParagraph([{ text }], { ...style, width: mid }, fonts);
        if (trial.length === lines.length && trial.every((l) => l.naturalWidth <= mid + 0.01)) {
          best = trial;
          high = mid;
        } else low = mid;
      }
      return { lines: best.map((l) => ({ ...l, width })), sizePx };
    }
    sizePt = Math.max(11, sizePt * 0.9);
  }
}

/** Jump headline: the first few key words of the headline, for "Continued from" heads. */
export function jumpHeadline(headline: string): string {
  const words = headline.replace(/[“”"‘’:,;.!?]/g, '').split(/\s+/).filter(Boolean);
  // Up to two key words: short function words ride along but do not count.
  const picked: string[] = [];
  let keyWords = 0;
  for (const word of words) {
    if (keyWords === 2) break;
    picked.push(word);
    // Two-letter syllables ("Hà", "Đà") belong to the name that follows; they do not count.
    if (!/^(a|an|the|of|in|on|at|to|for|and|or|by|with|as|is|its|from)$/i.test(word) && [...word].length >= 3) keyWords++;
  }
  return picked.join(' ');
}

export interface HeadOptions {
  readonly role: HeadRole;
  readonly width: number;
  readonly photo?: { ref: string; widthPx: number; heightPx: number };
  readonly maxPhotoHeight: number;
  readonly withStandfirst: boolean;
  /** Space above (a rule between stacked modules). */
  readonly topGapRows: number;
}

function setLines(text: string, faces: FaceSet, sizePx: number, width: number, fonts: FontBook, justify = false): SetLine[] {
  return setParagraph([{ text }], { faces, sizePx, language: 'vi', width, justify, hyphenate: false }, fonts);
}

/** Sets a module head; every part's height is rounded so that the body starts on the grid. */
export function setHead(article: Article, options: HeadOptions, grid: Grid, fonts: FontBook): HeadBlock {
  const parts: HeadPart[] = [];
  let y = options.topGapRows * grid.lead;
  if (options.topGapRows > 0) parts.push({ kind: 'rule', y: y - grid.lead * 0.5, height: 0, lines: [], sizePx: 0, lineHeight: 0, faces: SERIF });
  const headlinePt = options.role === 'brief' ? HEADLINE_PT.brief : Math.max(HEADLINE_PT.brief, HEADLINE_PT[options.role] * grid.displayScale);
  const headline = setHeadline(article.headline, options.width, headlinePt, fonts, options.role === 'brief' ? 3 : 4);
  const headLineHeight = headline.sizePx * 1.08;
  const headHeight = headline.lines.length * headLineHeight;
  parts.push({ kind: 'headline', y, height: headHeight, lines: headline.lines, sizePx: headline.sizePx, lineHeight: headLineHeight, faces: DISPLAY });
  y += headHeight + grid.lead * 0.35;
  if (options.withStandfirst && article.standfirst) {
    const sizePx = (options.role === 'lead' ? 13 : options.role === 'brief' || options.role === 'small' ? 10 : 11.5) * PT;
    const lineHeight = sizePx * 1.25;
    const lines = setLines(article.standfirst, SERIF_ITALIC, sizePx, options.width, fonts);
    parts.push({ kind: 'standfirst', y, height: lines.length * lineHeight, lines, sizePx, lineHeight, faces: SERIF_ITALIC });
    y += lines.length * lineHeight + grid.lead * 0.4;
  }
  if (options.photo) {
    const aspect = options.photo.heightPx / options.photo.widthPx;
    // Whole rows, so the caption and the body below stay on the grid; never taller than allowed.
    const height = Math.max(5, Math.min(Math.round((options.width * aspect) / grid.lead), Math.floor(options.maxPhotoHeight / grid.lead))) * grid.lead;
    y = Math.ceil(y / grid.lead) * grid.lead;
    parts.push({ kind: 'photo', y, height, lines: [], sizePx: 0, lineHeight: 0, faces: SERIF, photoRef: options.photo.ref });
    y += height + 3;
    const caption = [article.image?.caption, article.image?.credit ? `— ${article.image.credit}` : undefined].filter(Boolean).join(' ');
    if (caption) {
      const sizePx = 7.5 * PT;
      const lineHeight = sizePx * 1.25;
      const lines = setLines(caption, SERIF_ITALIC, sizePx, options.width, fonts);
      parts.push({ kind: 'caption', y, height: lines.length * lineHeight, lines, sizePx, lineHeight, faces: SERIF_ITALIC });
      y += lines.length * lineHeight;
    }
    y += grid.lead * 0.3;
  }
  return { rows: Math.ceil(y / grid.lead - 0.05), parts };
}

/** Head of a continued story: a short jump headline and the "Continued from Page M" line. */
export function setJumpHead(article: Article, width: number, topGapRows: number, grid: Grid, fonts: FontBook): HeadBlock {
  const parts: HeadPart[] = [];
  let y = topGapRows * grid.lead;
  if (topGapRows > 0) parts.push({ kind: 'rule', y: y - grid.lead * 0.5, height: 0, lines: [], sizePx: 0, lineHeight: 0, faces: SERIF });
  const sizePx = Math.max(13, 18 * grid.displayScale) * PT;
  const lines = setLines(jumpHeadline(article.headline), DISPLAY, sizePx, width, fonts);
  parts.push({ kind: 'jump-head', y, height: lines.length * sizePx * 1.1, lines, sizePx, lineHeight: sizePx * 1.1, faces: DISPLAY });
  y += lines.length * sizePx * 1.1 + 2;
  y = Math.ceil(y / grid.lead) * grid.lead;
  parts.push({ kind: 'jump-from', y, height: grid.lead, lines: [], sizePx: grid.bodySize, lineHeight: grid.lead, faces: SERIF_ITALIC });
  y += grid.lead;
  return { rows: Math.ceil(y / grid.lead - 0.05), parts };
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

/**
 * Sets a house ad for a box `width` × `height` px. The type grows with the box (a half-page notice
 * is set as large as a lead headline, a strip smaller) and shrinks until everything fits inside a
 * row of padding; undefined when even small type does not fit.
 */
export function setHouseAd(ad: HouseAd, paper: string, width: number, height: number, grid: Grid, fonts: FontBook): HouseAdContent | undefined {
  const measure = width * 0.8;
  const room = height - 2 * grid.lead;
  for (let headlinePt = Math.min(64, Math.max(18, (height / grid.lead) * 0.9)) * grid.displayScale; headlinePt >= 12; headlinePt *= 0.9) {
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
