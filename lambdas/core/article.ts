/**
 * The one canonical article model. Every input format (Markdown + YAML front matter, IPTC ninjs
 * 1.x/2.x, wire copy) is parsed into this shape; layout and rendering know nothing else.
 * All strings are NFC-normalized, sanitized plain text (never HTML).
 */

/**
 * A line break the writer made inside a paragraph (<br>, a Markdown hard break, a line of
 * preformatted text): a poem's lines, an address. Unicode's LINE SEPARATOR, which a run's text holds
 * where the line ends; the typesetter ends the line there, flush left, and readers show a <br>.
 */
export const LINE_BREAK = '\u2028';

/**
 * A run of text with emphasis. `text` is plain text; whitespace is already collapsed, and a line
 * break the writer made is LINE_BREAK, never at the start or end of a paragraph and never two in a
 * row.
 */
export interface TextRun {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
}

/** One block of the article body, in reading order. */
export type BodyBlock =
  /** An ordinary body paragraph. */
  | { readonly kind: 'paragraph'; readonly runs: readonly TextRun[] }
  /** A subhead inside a long story ("## crosshead" in Markdown, <h2>-<h6> in HTML). */
  | { readonly kind: 'crosshead'; readonly text: string }
  /**
   * A quotation set off from the text ("> quote" in Markdown, <blockquote> in HTML): printed in body
   * type at a narrower measure, indented on both sides, and split across columns like a paragraph.
   * Not a display pull quote: that comes only from the `pullQuote` field.
   */
  | { readonly kind: 'quotation'; readonly runs: readonly TextRun[] }
  /**
   * A list item (<li>, "- item", "1. item"); printed as a paragraph after its marker: the item's
   * number in an ordered list ("3."), else a bullet.
   */
  | { readonly kind: 'list-item'; readonly runs: readonly TextRun[]; readonly marker?: string }
  /**
   * A table (a Markdown pipe table, an HTML <table>): rows of plain-text cells in reading order,
   * header rows marked. Printed in the column as aligned rows when they fit its measure, a
   * numbers-only column set flush right; a table too wide for the column prints a row to a line.
   */
  | {
      readonly kind: 'table';
      readonly rows: readonly TableRow[];
      /** Which columns hold figures (figureColumns), for a reader that sets them flush right as print does. */
      readonly figures?: readonly boolean[];
    }
  /**
   * A photo in the story's text (Markdown `![caption](photo.jpg "credit")`, an HTML <img> or
   * <figure>): printed a column wide where it stands, its caption under it. `ref` is the photo's
   * input path once the article is parsed (as written before: parse/index.ts resolves it against
   * the article's folder and drops a figure whose photo is not there, with a warning).
   */
  | { readonly kind: 'figure'; readonly ref: string; readonly caption?: string; readonly credit?: string };

/** One row of a table: its cells' plain text, NFC, whitespace collapsed. */
export interface TableRow {
  readonly cells: readonly string[];
  /** A heading row (<th> cells, a Markdown table's first row). */
  readonly header?: boolean;
}

/** A photo attached to an article. `ref` is a path relative to the input folder/prefix root. */
export interface ArticleImage {
  /** Normalized path relative to the input root (no leading "/", no ".."), e.g. "images/x.jpg". */
  readonly ref: string;
  readonly caption?: string;
  readonly credit?: string;
  /** The photo is the article (a ninjs picture item): if it cannot be used, the file is rejected. */
  readonly required?: boolean;
}

export type ArticleFormat = 'markdown' | 'ninjs' | 'wire';

/** A parsed, validated, sanitized article. */
export interface Article {
  /** Unique within an edition; lower-case, [a-z0-9-]. Default: the file's base name. */
  readonly slug: string;
  readonly headline: string;
  /**
   * The head over a continued story's later part ("Continued from Page 1"), when the newsroom
   * wrote one (`jumpHead:`); otherwise the layout derives one from the headline.
   */
  readonly jumpHead?: string;
  /** Section name as the newsroom wrote it, e.g. "National". Default "News". */
  readonly section: string;
  /** 1 most important … 5 least. Default 3. */
  readonly priority: 1 | 2 | 3 | 4 | 5;
  readonly byline?: string;
  /** Place name as printed, e.g. "HÀ NỘI". Printed in caps, run into the first paragraph. */
  readonly dateline?: string;
  /** Edition date the article is meant for (YYYY-MM-DD), if the source says. */
  readonly date?: string;
  readonly standfirst?: string;
  /**
   * A sentence of the story to print large as a display pull quote (`pullQuote:`). It must repeat
   * the body's words; one that does not is dropped with a warning when the article is parsed.
   */
  readonly pullQuote?: string;
  readonly body: readonly BodyBlock[];
  readonly image?: ArticleImage;
  /** A closing sign-off such as "VNS" (from "— VNS"), printed after the last paragraph. */
  readonly signOff?: string;
  /** BCP 47 language tag, default "en". Drives hyphenation. */
  readonly language: string;
  /** The input file name relative to the input root, e.g. "asean-un-relations.txt". */
  readonly source: string;
  readonly format: ArticleFormat;
  /** The page the desk wants the story on (`page:`), 1 = the front page; the planner reports a pin it could not keep. */
  readonly page?: number;
  /** Kept out of print (`hold: true`, a ninjs `pubstatus: withheld`): listed in the manifest as held. */
  readonly hold?: boolean;
  /**
   * Not to be printed before this instant (ISO 8601 in UTC; `embargo:`, ninjs `embargoed`): an
   * edition published before it leaves the story out and lists it as held until then.
   */
  readonly embargo?: string;
}

/** A problem that does not stop the article from printing. */
export interface Warning {
  readonly file: string;
  readonly message: string;
}

/** A file that could not become an article, with a reason an editor understands. */
export interface Rejection {
  readonly file: string;
  readonly reason: string;
}

/** Outcome of parsing one input file: an article (maybe with warnings) or a rejection. */
export type ParseOutcome =
  | { readonly ok: true; readonly article: Article; readonly warnings: readonly Warning[] }
  | { readonly ok: false; readonly rejection: Rejection };

/** A cell of figures: digits with their separators, signs, percent, currency, or a dash for none. */
const FIGURE_CELL = /^[-+−–—]?[\p{Sc}]?[\d.,:/ ]*\d[\d.,:/ ]*(%|[\p{Sc}]|đ)?$|^[-−–—]$/u;

/**
 * The columns of a table that hold figures: every non-empty cell below the header is a number (a
 * first column is never one: it names the rows). Print and the reader set them flush right.
 */
export function figureColumns(rows: readonly TableRow[]): boolean[] {
  const columns = Math.max(0, ...rows.map((row) => row.cells.length));
  return Array.from({ length: columns }, (_, c) => {
    const body = rows.filter((row) => !row.header).map((row) => row.cells[c] ?? '').filter((cell) => cell !== '');
    return c > 0 && body.length > 0 && body.every((cell) => FIGURE_CELL.test(cell));
  });
}

/**
 * Rows with their header marked where the source did not mark one but plainly has it: no row is
 * marked, and the first row holds no figure while a later column holds nothing but figures below
 * it ("Team · P · Pts" over "Hà Nội FC · 12 · 28"), as wire copy and unmarked HTML tables send.
 */
export function withImpliedHeader(rows: readonly TableRow[]): readonly TableRow[] {
  if (rows.length < 2 || rows.some((row) => row.header) || rows[0].cells.some((cell) => FIGURE_CELL.test(cell))) return rows;
  if (!figureColumns(rows.slice(1)).some(Boolean)) return rows;
  return [{ ...rows[0], header: true }, ...rows.slice(1)];
}

/** Whether the writer ended a line inside these runs (LINE_BREAK). */
export function hasLineBreak(runs: readonly { readonly text: string }[]): boolean {
  return runs.some((run) => run.text.includes(LINE_BREAK));
}

/** The lines the writer made (runs split at LINE_BREAK, each part keeping its emphasis), those with no word left out. */
export function writerLines(runs: readonly TextRun[]): TextRun[][] {
  const lines: TextRun[][] = [[]];
  for (const run of runs) {
    const parts = run.text.split(LINE_BREAK);
    for (let p = 0; p < parts.length; p++) {
      if (p > 0) lines.push([]);
      if (parts[p] !== '') lines[lines.length - 1].push({ ...run, text: parts[p] });
    }
  }
  return lines.filter((line) => line.some((run) => run.text.trim() !== ''));
}

/** Plain text of a run list, for counting words and tests. */
export function runsText(runs: readonly TextRun[]): string {
  return runs.map((r) => r.text).join('');
}

/** A figure block; an empty or missing caption or credit is left out. */
export function figureBlock(ref: string, caption?: string, credit?: string): BodyBlock {
  return { kind: 'figure', ref, ...(caption ? { caption } : {}), ...(credit ? { credit } : {}) };
}

/** A block of a story's text in any of its forms: a figure by its caption and credit (the reader's has a path, no ref). */
export type TextOfBlock = Exclude<BodyBlock, { kind: 'figure' }> | { readonly kind: 'figure'; readonly caption?: string; readonly credit?: string };

/** Plain text of a body block (a figure's, its caption and credit). */
export function blockText(block: TextOfBlock): string {
  if (block.kind === 'crosshead') return block.text;
  if (block.kind === 'table') return block.rows.map((row) => row.cells.join(' ')).join(' ');
  if (block.kind === 'figure') return [block.caption, block.credit].filter(Boolean).join(' ');
  return runsText(block.runs);
}

/**
 * The text of a story's blocks, block by block, without its figures: the story's own words (a
 * caption stands under its photo, no part of the running text).
 */
export function storyText(blocks: readonly TextOfBlock[]): string[] {
  return blocks.flatMap((block) => (block.kind === 'figure' ? [] : [blockText(block)]));
}

/**
 * A block with `edit` applied to every piece of its text (runs, a crosshead, cells); a run or cell
 * left empty is dropped, and so is a table row with no text left. Undefined when no text is left.
 */
export function mapBlockText(block: BodyBlock, edit: (text: string) => string): BodyBlock | undefined {
  if (block.kind === 'crosshead') {
    const text = edit(block.text);
    return text.trim() === '' ? undefined : { ...block, text };
  }
  if (block.kind === 'table') {
    const rows = block.rows
      .map((row) => ({ ...row, cells: row.cells.map(edit) }))
      .filter((row) => row.cells.some((cell) => cell.trim() !== ''));
    return rows.length === 0 ? undefined : { ...block, rows };
  }
  if (block.kind === 'figure') {
    // A figure is its photo: a caption or credit left empty goes, the figure stays.
    const caption = block.caption === undefined ? '' : edit(block.caption).trim();
    const credit = block.credit === undefined ? '' : edit(block.credit).trim();
    return figureBlock(block.ref, caption, credit);
  }
  const runs = block.runs.map((run) => ({ ...run, text: edit(run.text) })).filter((run) => run.text !== '');
  return runs.length === 0 ? undefined : { ...block, runs };
}

/**
 * Runs whose text is edited as one string, across run boundaries (“<em>word</em>”), by an edit that
 * keeps its length: the result is cut back into the runs at the same offsets. The runs themselves
 * when nothing changed.
 */
export function withJoinedTextEdited(runs: readonly TextRun[], edit: (whole: string) => string): readonly TextRun[] {
  const whole = runs.map((run) => run.text).join('');
  const edited = edit(whole);
  if (edited === whole) return runs;
  if (edited.length !== whole.length) throw new Error('a joined-text edit must keep the text\'s length');
  let offset = 0;
  return runs.map((run) => {
    const text = edited.slice(offset, offset + run.text.length);
    offset += run.text.length;
    return { ...run, text };
  });
}

/**
 * `text` in capitals as its language writes them: Turkish dotted İ for i ("ELİF", not "ELIF"),
 * Greek without its accents ("ΓΙΩΡΓΟΣ"). A tag the runtime does not know capitalises as English.
 * Greek words in a story of another language (a Greek name in an English byline) are capitalised
 * as Greek is, whatever the story's language: "ΓΙΏΡΓΟΣ", accented, is no Greek capital.
 */
export function capitalsIn(text: string, language: string): string {
  const upper = (part: string) => {
    try {
      return part.toLocaleUpperCase(language);
    } catch {
      return part.toUpperCase();
    }
  };
  if (!GREEK.test(text) || /^el(?:-|$)/i.test(language)) return upper(text);
  return text
    .split(GREEK_WORDS)
    .map((part, i) => (i % 2 === 1 ? part.toLocaleUpperCase('el') : upper(part)))
    .join('');
}

/**
 * The language most of `articles` are written in (ties: the first met), undefined for none. The
 * edition's (`<html lang>`) and each section's: a section's band is capitalised as its stories'
 * language writes capitals, whatever most of the edition is written in.
 */
export function mostCommonLanguage(articles: Iterable<Article>): string | undefined {
  const counts = new Map<string, number>();
  for (const article of articles) counts.set(article.language, (counts.get(article.language) ?? 0) + 1);
  let best: string | undefined;
  for (const [language, count] of counts) if (best === undefined || count > counts.get(best)!) best = language;
  return best;
}

const GREEK = /\p{Script=Greek}/u;
/** Runs of Greek letters with their marks, kept by split (odd parts). */
const GREEK_WORDS = /((?:\p{Script=Greek}\p{M}*)+)/u;

/** `text` in lower case as its language writes it (Turkish I is ı); an unknown tag, as in English. */
export function lowerCaseIn(text: string, language: string): string {
  try {
    return text.toLocaleLowerCase(language);
  } catch {
    return text.toLowerCase();
  }
}
