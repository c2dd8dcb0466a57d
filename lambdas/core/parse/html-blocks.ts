/**
 * Sanitized HTML → BodyBlock[]. The article model holds plain text runs, never markup, so whatever
 * survived the sanitizer still cannot become a tag on the printed page: the composer escapes text.
 */
import { Parser } from 'htmlparser2';
import { figureBlock, hasLineBreak, LINE_BREAK, withImpliedHeader, type BodyBlock, type TableRow, type TextRun } from '../article';
import { sanitizeArticleHtml } from '../sanitize';

type BlockKind = Exclude<BodyBlock['kind'], 'table' | 'figure'>;

interface OpenBlock {
  kind: BlockKind;
  runs: { text: string; bold: boolean; italic: boolean }[];
  /** A list item's number in an ordered list ("2."). */
  marker?: string;
}

/** HTML's own whitespace (not NBSP, which an editor types on purpose). */
const HTML_SPACE = /[ \t\n\r\f]+/g;

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Tags that end a table cell's word: their text and the next run apart. */
const CELL_BREAKS = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * Superscript and subscript text (`km<sup>2</sup>`, `CO<sub>2</sub>`) as Unicode's own superscript
 * and subscript characters, which the text faces carry: the article model has no raised runs. Text
 * with a character outside these stays as written, on the line ("10<sup>th</sup>" → "10th").
 */
const SUPERSCRIPT: Readonly<Record<string, string>> = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ' };
const SUBSCRIPT: Readonly<Record<string, string>> = { 0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎' };

function scripted(text: string, table: Readonly<Record<string, string>>): string {
  const chars = [...text.trim()];
  return chars.length > 0 && chars.every((ch) => table[ch] !== undefined) ? chars.map((ch) => table[ch]).join('') : text;
}

/** A table being read: its rows, the row and cell open, and whether a <thead> is open. */
interface OpenTable {
  readonly rows: { cells: string[]; header: boolean }[];
  row?: { cells: string[]; header: boolean };
  cell?: string[];
  inHead: boolean;
  /** A table inside a cell: its text is the cell's, its structure is not kept. */
  nested: number;
}

/** A cell's text: HTML whitespace collapsed, trimmed, NFC. */
function cellText(parts: readonly string[]): string {
  return parts.join('').replace(HTML_SPACE, ' ').trim().normalize('NFC');
}
// Preformatted text (a Markdown code block, a poem set as written) is a paragraph of its own whose
// lines end where the writer ended them.
const PARAGRAPH_TAGS = new Set(['p', 'div', 'pre']);
/** A line end inside preformatted text. */
const PRE_LINE_END = /\r\n?|\n/g;

/** Joins runs of equal emphasis and collapses whitespace across run boundaries. */
export function normalizeRuns(raw: readonly { text: string; bold?: boolean; italic?: boolean }[]): TextRun[] {
  const out: { text: string; bold: boolean; italic: boolean }[] = [];
  let previousEndsWithSpace = true; // also trims the block's leading space
  for (const run of raw) {
    let text = run.text.replace(HTML_SPACE, ' ').normalize('NFC');
    if (previousEndsWithSpace) text = text.replace(/^ /, '');
    if (text === '') continue;
    previousEndsWithSpace = text.endsWith(' ');
    const bold = Boolean(run.bold);
    const italic = Boolean(run.italic);
    const last = out[out.length - 1];
    if (last && last.bold === bold && last.italic === italic) last.text += text;
    else out.push({ text, bold, italic });
  }
  const last = out[out.length - 1];
  if (last) {
    last.text = last.text.replace(/ $/, '');
    if (last.text === '') out.pop();
  }
  const tidied = hasLineBreak(out) ? tidyLineBreaks(out) : out;
  return tidied.map((r) => ({ text: r.text, ...(r.bold ? { bold: true } : {}), ...(r.italic ? { italic: true } : {}) }));
}

/**
 * Runs whose line breaks stand alone: no space beside a break, never two breaks in a row, none at
 * the start or end of the paragraph (where a <br> ends nothing), runs of equal emphasis joined.
 */
function tidyLineBreaks(runs: readonly { text: string; bold: boolean; italic: boolean }[]): { text: string; bold: boolean; italic: boolean }[] {
  // The whole paragraph as one string, each run's place remembered, tidied with one expression.
  const text = runs.map((run) => run.text).join('');
  const keep = new Array<boolean>(text.length).fill(true);
  for (const match of text.matchAll(/ *\u2028[ \u2028]*/g)) {
    const breakAt = match.index + match[0].indexOf(LINE_BREAK);
    for (let i = match.index; i < match.index + match[0].length; i++) keep[i] = i === breakAt;
  }
  const firstKept = keep.indexOf(true);
  if (firstKept >= 0 && text[firstKept] === LINE_BREAK) keep[firstKept] = false;
  const lastKept = keep.lastIndexOf(true);
  if (lastKept >= 0 && text[lastKept] === LINE_BREAK) keep[lastKept] = false;
  const out: { text: string; bold: boolean; italic: boolean }[] = [];
  let offset = 0;
  for (const run of runs) {
    let kept = '';
    for (let i = 0; i < run.text.length; i++) if (keep[offset + i]) kept += run.text[i];
    offset += run.text.length;
    if (kept === '') continue;
    const previous = out[out.length - 1];
    if (previous && previous.bold === run.bold && previous.italic === run.italic) previous.text += kept;
    else out.push({ text: kept, bold: run.bold, italic: run.italic });
  }
  return out;
}

/** Converts HTML that has already passed `sanitizeArticleHtml` into body blocks. */
export function htmlToBlocks(sanitizedHtml: string): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  let open: OpenBlock | null = null;
  let boldDepth = 0;
  let italicDepth = 0;
  let quoteDepth = 0;
  let listItemDepth = 0;
  let pendingBreaks = 0;
  let preDepth = 0;
  let table: OpenTable | null = null;
  // Inside <sup> or <sub>: its text, gathered until the tag closes.
  let script: { table: Readonly<Record<string, string>>; text: string[] } | null = null;
  // Photos in the text: each a figure block after the text around it. Inside a <figure>, its
  // <figcaption>'s text is the caption of the figure's photo (else a paragraph, as before).
  let figureDepth = 0;
  let figureOfCaption: number | undefined;
  let caption: string[] | null = null;
  const figuresAfterBlock: BodyBlock[] = [];

  const endCell = (): void => {
    if (!table?.cell) return;
    if (!table.row) table.rows.push((table.row = { cells: [], header: table.inHead }));
    table.row.cells.push(cellText(table.cell));
    table.cell = undefined;
  };
  const endRow = (): void => {
    endCell();
    table!.row = undefined;
  };
  const endTable = (): void => {
    endRow();
    // A row with no text is spacing, not data.
    const rows: TableRow[] = table!.rows
      .filter((row) => row.cells.some((cell) => cell !== ''))
      .map((row) => ({ cells: row.cells, ...(row.header ? { header: true } : {}) }));
    if (rows.length > 0) blocks.push({ kind: 'table', rows: withImpliedHeader(rows) });
    table = null;
  };
  /** Tags inside a table: rows and cells are its structure; anything else only spaces words. */
  const tableTag = (name: string, opening: boolean): void => {
    const t = table!;
    if (name === 'table') {
      if (opening) t.nested++;
      else if (t.nested > 0) t.nested--;
      else endTable();
      return;
    }
    if (t.nested > 0) {
      if (CELL_BREAKS.has(name) || name === 'td' || name === 'th' || name === 'tr') t.cell?.push(' ');
      return;
    }
    if (name === 'thead') t.inHead = opening;
    else if (name === 'tr') {
      endRow();
      if (opening) t.rows.push((t.row = { cells: [], header: t.inHead }));
    } else if (name === 'td' || name === 'th') {
      endCell();
      if (opening) {
        t.cell = [];
        if (!t.row) t.rows.push((t.row = { cells: [], header: t.inHead }));
        if (name === 'th' && t.row.cells.length === 0) t.row.header = true;
        else if (name === 'td') t.row.header = t.inHead;
      }
    } else if (CELL_BREAKS.has(name)) t.cell?.push(' ');
  };

  const flush = (): void => {
    if (!open) return;
    const runs = normalizeRuns(open.runs);
    if (runs.length > 0) {
      // A heading's line breaks are the headline setter's business.
      const text = runs.map((r) => r.text).join('').replaceAll(LINE_BREAK, ' ');
      if (open.kind === 'crosshead') blocks.push({ kind: open.kind, text });
      else if (open.kind === 'list-item' && open.marker) blocks.push({ kind: 'list-item', runs, marker: open.marker });
      else blocks.push({ kind: open.kind, runs });
    }
    open = null;
    if (figuresAfterBlock.length === 0) return;
    blocks.push(...figuresAfterBlock.splice(0));
    if (figureDepth > 0) figureOfCaption = blocks.length - 1;
  };
  const addFigure = (attribs: Record<string, string>): void => {
    const text = (value: string | undefined) => value?.replace(HTML_SPACE, ' ').trim().normalize('NFC') || undefined;
    const caption = text(attribs.alt);
    const credit = text(attribs.title);
    const figure = figureBlock(attribs.src ?? '', caption, credit);
    if (open) figuresAfterBlock.push(figure);
    else {
      blocks.push(figure);
      if (figureDepth > 0) figureOfCaption = blocks.length - 1;
    }
  };
  // Open lists, innermost last: an ordered list counts its items from its `start` (the one
  // attribute the sanitizer keeps), a bulleted one does not.
  const lists: { ordered: boolean; count: number }[] = [];
  // Text inside a quotation or list item belongs to it: loose text, and each paragraph in a quotation.
  const containerKind = (): BlockKind => (listItemDepth > 0 ? 'list-item' : quoteDepth > 0 ? 'quotation' : 'paragraph');
  const start = (kind: BlockKind): void => {
    flush();
    open = { kind, runs: [] };
  };
  const separate = (): void => {
    if (open) open.runs.push({ text: ' ', bold: false, italic: false });
  };
  const lineBreak = (): void => {
    if (open) open.runs.push({ text: LINE_BREAK, bold: false, italic: false });
  };

  /** Text where it stands: a table's cell, or the open block (opened for it when none is). */
  const addText = (text: string): void => {
    if (table) {
      // Text outside any cell (a caption, loose words) is a cell of its own row.
      if (!table.cell && text.replace(HTML_SPACE, '') !== '') {
        endRow();
        table.rows.push((table.row = { cells: [], header: false }));
        table.cell = [];
      }
      table.cell?.push(text);
      return;
    }
    if (text.trim() !== '') pendingBreaks = 0;
    if (preDepth > 0) text = text.replace(PRE_LINE_END, LINE_BREAK);
    if (!open) {
      if (text.replace(HTML_SPACE, '') === '') return;
      open = { kind: containerKind(), runs: [] };
    }
    open.runs.push({ text, bold: boldDepth > 0, italic: italicDepth > 0 });
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if ((name === 'sup' || name === 'sub') && !script) {
          script = { table: name === 'sup' ? SUPERSCRIPT : SUBSCRIPT, text: [] };
          return;
        }
        if (table) return tableTag(name, true);
        if (name === 'img') return addFigure(attribs);
        if (name === 'figure') {
          flush();
          figureDepth++;
          return;
        }
        if (name === 'figcaption' && figureDepth > 0) {
          flush();
          caption = [];
          return;
        }
        if (name === 'table') {
          flush();
          table = { rows: [], inHead: false, nested: 0 };
          return;
        }
        if (name !== 'br') pendingBreaks = 0;
        if (name === 'b' || name === 'strong') boldDepth++;
        else if (name === 'i' || name === 'em') italicDepth++;
        else if (HEADINGS.has(name)) start('crosshead');
        else if (name === 'blockquote') {
          quoteDepth++;
          if (listItemDepth === 0) start('quotation');
        } else if (name === 'ol' || name === 'ul') {
          const start = name === 'ol' && /^\d{1,6}$/.test(attribs.start ?? '') ? Number(attribs.start) : 1;
          lists.push({ ordered: name === 'ol', count: start - 1 });
        } else if (name === 'li') {
          listItemDepth++;
          start('list-item');
          const list = lists[lists.length - 1];
          if (list?.ordered) open!.marker = `${++list.count}.`;
        } else if (PARAGRAPH_TAGS.has(name)) {
          // A list item's paragraphs print as one item; a quotation's paragraphs stay paragraphs.
          if (open && open.kind === 'list-item' && containerKind() === 'list-item') separate();
          else if (open && open.kind === 'quotation' && containerKind() === 'quotation' && open.runs.length === 0) return;
          else start(containerKind());
        } else if (name === 'br') {
          pendingBreaks++;
          // Two line breaks in a row are how many CMSs write a paragraph break.
          if (pendingBreaks >= 2 && containerKind() === 'paragraph' && open?.kind === 'paragraph') flush();
          else lineBreak();
        }
        if (name === 'pre') preDepth++;
      },
      ontext(text) {
        if (caption) {
          caption.push(text);
          return;
        }
        if (script) {
          script.text.push(text);
          return;
        }
        addText(text);
      },
      onclosetag(name) {
        if ((name === 'sup' || name === 'sub') && script) {
          const text = scripted(script.text.join(''), script.table);
          script = null;
          if (text !== '') addText(text);
          return;
        }
        if (table) return tableTag(name, false);
        if (name === 'figcaption' && caption) {
          const text = caption.join('').replace(HTML_SPACE, ' ').trim().normalize('NFC');
          caption = null;
          const figure = figureOfCaption === undefined ? undefined : blocks[figureOfCaption];
          if (figure?.kind === 'figure') blocks[figureOfCaption!] = text ? { ...figure, caption: text } : figure;
          else if (text !== '') blocks.push({ kind: 'paragraph', runs: [{ text }] });
          return;
        }
        if (name === 'figure') {
          flush();
          figureDepth = Math.max(0, figureDepth - 1);
          if (figureDepth === 0) figureOfCaption = undefined;
          return;
        }
        if (name === 'b' || name === 'strong') boldDepth = Math.max(0, boldDepth - 1);
        else if (name === 'i' || name === 'em') italicDepth = Math.max(0, italicDepth - 1);
        else if (HEADINGS.has(name)) flush();
        else if (name === 'blockquote') {
          quoteDepth = Math.max(0, quoteDepth - 1);
          if (listItemDepth === 0) flush();
        } else if (name === 'ol' || name === 'ul') {
          lists.pop();
        } else if (name === 'li') {
          listItemDepth = Math.max(0, listItemDepth - 1);
          flush();
        } else if (PARAGRAPH_TAGS.has(name)) {
          if (containerKind() !== 'list-item') flush();
          else separate();
        }
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(sanitizedHtml);
  parser.end();
  if (table) endTable();
  flush();
  return blocks;
}

/** Sanitizes untrusted article HTML and converts it into body blocks. */
export function untrustedHtmlToBlocks(html: string): BodyBlock[] {
  return htmlToBlocks(sanitizeArticleHtml(html));
}
