/**
 * Sets one paragraph of styled runs into justified, hyphenated lines of a given width: words are
 * measured with the FontBook, turned into boxes, glue and penalties, broken with total fit, and
 * returned as lines whose word spacing makes them exactly as wide as the column.
 */
import { hasLineBreak, withJoinedTextEdited, writerLines, type TextRun } from '../article';
import type { FaceKey, FontBook } from './fonts';
import { GenerationMap } from './generations';
import { hyphenationPoints } from './hyphenate';
import { breakLines, INFINITE_PENALTY, type Box, type Item, type LineBreak } from './linebreak';
import { UNSPACED_SCRIPT, writtenRightToLeft } from '../scripts';

/** A piece of text in one face. */
export interface Segment {
  readonly text: string;
  readonly face: FaceKey;
}

/** One set line: words (each a list of segments), how much to add to every space, where it starts. */
export interface SetLine {
  readonly words: readonly (readonly Segment[])[];
  /** Extra pixels per inter-word space (CSS word-spacing) that justify the line; 0 for ragged lines. */
  readonly wordSpacing: number;
  /** Left offset in px (the paragraph indent on a first line). */
  readonly indent: number;
  /**
   * Extra pixels after every character (CSS letter-spacing) on a loose justified line: a little of
   * the spare width goes between letters, so the word gaps stay closer to a normal space. Negative
   * on a tight line whose letters close up (tightenedLine). 0 on most lines.
   */
  readonly letterSpacing: number;
  /** The line ends in a hyphen added by hyphenation. */
  readonly hyphenated: boolean;
  /** The width the line was set to, and its width with plain spaces. */
  readonly width: number;
  readonly naturalWidth: number;
}

/** Faces for each emphasis of one family. */
export interface FaceSet {
  readonly regular: FaceKey;
  readonly italic: FaceKey;
  readonly bold: FaceKey;
  readonly boldItalic: FaceKey;
}

export const SERIF: FaceSet = { regular: 'serif-regular', italic: 'serif-italic', bold: 'serif-bold', boldItalic: 'serif-bolditalic' };

export interface ParagraphStyle {
  readonly faces: FaceSet;
  readonly sizePx: number;
  readonly language: string;
  /** Width of every line. */
  readonly width: number;
  /** Indent of the first line. */
  readonly indent?: number;
  /** false: ragged right (headlines, captions); default true. */
  readonly justify?: boolean;
  readonly hyphenate?: boolean;
  /** Looser lines are accepted before hyphenating; newspapers trade a little spacing for fewer hyphens. */
  readonly tolerance?: number;
  /**
   * Verse: a line the writer ended (LINE_BREAK) that runs over continues this far in, so that
   * where the writer's lines end still shows. Each of the writer's lines is then set on its own.
   */
  readonly turnoverIndent?: number;
  /** The last line is kept at least this wide (px) where other lines can give way; 0 by default. */
  readonly lastLineMin?: number;
  /**
   * Lines (0-based) that end a column where the paragraph is placed: the breaker avoids ending
   * them with a hyphen (BreakOptions.columnEndLines). Absent while the paragraph is measured.
   */
  readonly columnEndLines?: readonly number[];
  /** A line more (+1) or fewer (-1) than the best setting, as near as the tolerance allows (BreakOptions.looseness); 0 by default. */
  readonly looseness?: number;
  /** false: no lines where only the breaker's emergency passes set the paragraph (BreakOptions.emergencyPasses); true by default. */
  readonly emergencyPasses?: boolean;
}

/**
 * Tracking of loose lines. A justified line whose gaps would grow by more than TRACK_ABOVE of a
 * space hands the excess to its letters, up to MAX_TRACKING_EM of the type size per character
 * (newspapers allow a few percent), keeping TRACKING_MARGIN_PX clear of the measure so that the
 * line can never come out wider than its column; justification spreads that margin over the gaps.
 */
const TRACK_ABOVE = 0.75;
const MAX_TRACKING_EM = 0.025;
/**
 * Tightening of justified lines: a line may close its letters up by this much of the type size per
 * character (newspapers allow one or two percent) besides shrinking its spaces, so the breaker can
 * take one more word onto a line rather than stretch it (see tightenedLine).
 */
const MAX_TIGHTENING_EM = 0.015;
/** The share of MAX_TIGHTENING_EM the line breaker counts on. */
const TIGHTENING_COUNTED = 0.5;
/** How far a space may shrink, as a share of its width. */
const SPACE_SHRINK = 0.4;
/**
 * A shrunk line's spaces alone close up to this share of their width; only beyond it do the
 * letters take part. Letter-spaced text costs Chromium's print time and PDF bytes (see
 * TRACKING_STEP_PX), so the many lines a touch too long keep their letters.
 */
const SHRINK_ALONE = 0.2;
const TRACKING_MARGIN_PX = 0.5;
/**
 * Tracking comes in steps of this many px (rounded down; justification takes the rest), so that
 * the edition's tracked lines share a dozen styles instead of each carrying its own: Chromium
 * styles, lays out and prints them faster, and the PDF is smaller.
 */
export const TRACKING_STEP_PX = 0.025;
/** Steps the emitter declares a class for: up to 1 px, beyond any body size's maximum tracking. */
export const TRACKING_STEPS = 40;

/** A piece of a word (the whole word, or a part between two places it may break). */
interface Piece {
  readonly segments: Segment[];
  readonly width: number;
  /** How the break after this piece looks: nothing (word end), a hyphen to add, or an existing hyphen. */
  readonly after: 'end' | 'hyphen' | 'split' | 'split-anywhere' | 'split-hyphen' | 'split-hyphen-anywhere' | 'existing-hyphen' | 'segment';
  /**
   * The piece as the line breaker sees it. Made once with the piece and shared by every paragraph
   * that sets the word (the breaker only reads items): a paragraph allocates no box per word.
   */
  readonly box: Box;
  /**
   * What the word's width gains or loses where this piece and the next stand joined on one line:
   * the kerning (or ligature) between its last letter and the next piece's first, which neither
   * piece's own width has. Summed without it, a line of 'AAAAAAAAAAAAA' cut into pieces came out
   * 0.84 px narrower than Chromium sets it, and its justified line 0.84 px wider than its column.
   * Set by withJoins when the word is cut.
   */
  join: number;
}

/**
 * A piece of a word, measured. `closable` is false for a piece of a word whose letters may not be
 * closed up (trackable): the line breaker counts on no closing up of its letters, since a line
 * holding that word is never tracked (a one-word line of Thai and markup, counted on to close up
 * by its Latin letters, printed 2 px past its column).
 */
function pieceOf(segments: Segment[], width: number, after: Piece['after'], closable = true): Piece {
  let letters = 0;
  if (closable) for (const segment of segments) letters += trackable(segment.text) ? codePointCount(segment.text) : 0;
  return { segments, width, after, box: { type: 'box', width, letters }, join: 0 };
}

/**
 * `pieces` of one word with each one's `join` to the next: the width of the two letters either
 * side of the cut, set together, less each set alone (0 across two faces, which Chromium does not
 * kern either). Measured once per letter pair, face and ligature setting in ems (joinsFor), and
 * the cut words are cached besides.
 */
function withJoins(pieces: Piece[], fonts: FontBook, style: Pick<ParagraphStyle, 'sizePx' | 'language'>, closable = true): Piece[] {
  if (pieces.length < 2) return pieces;
  let byPair: Map<string, number> | undefined;
  for (let i = 0; i < pieces.length - 1; i++) {
    const beforeSegments = pieces[i].segments;
    const before = beforeSegments[beforeSegments.length - 1];
    const after = pieces[i + 1].segments[0];
    if (!before || !after || before.face !== after.face || before.text === '' || after.text === '') continue;
    const lastUnit = before.text.charCodeAt(before.text.length - 1);
    const last = lastUnit >= 0xdc00 && lastUnit <= 0xdfff && before.text.length > 1 ? before.text.slice(-2) : before.text[before.text.length - 1];
    const firstUnit = after.text.charCodeAt(0);
    const first = firstUnit >= 0xd800 && firstUnit <= 0xdbff && after.text.length > 1 ? after.text.slice(0, 2) : after.text[0];
    byPair ??= joinsFor(fonts, before.face, style.language);
    const pair = last + first;
    let ems = byPair.get(pair);
    if (ems === undefined) {
      // At 100 px: a width is its size times its ems.
      const measure = { sizePx: 100, language: style.language };
      ems = (segmentsWidth([{ text: pair, face: before.face }], fonts, measure) - segmentsWidth([{ text: last, face: before.face }], fonts, measure) - segmentsWidth([{ text: first, face: before.face }], fonts, measure)) / 100;
      byPair.set(pair, ems);
    }
    // Set in place: a piece is fresh here (cutWord, a chunk of splitOverwide), or a cached piece
    // splitOverwide kept whole, which meets the same letters and gets the value it has.
    if (ems === 0) continue;
    pieces[i].join = ems * style.sizePx;
    // The line breaker sees boxes, not joins: where a line's letters cannot close up to take back
    // what the kerning across a cut adds, the box counts it (a line that breaks at this cut is then
    // counted a hair wide, which is room, not overflow). Thai between Latin letters cut to the
    // measure came out 0.2–1.2 px past the column.
    if (!closable && pieces[i].join > 0) pieces[i] = { ...pieces[i], box: { type: 'box', width: pieces[i].width + pieces[i].join, letters: 0 } };
  }
  return pieces;
}

/** Join widths in ems by font book, then by ligature setting and face, then by letter pair (see withJoins). */
const joinCache = new WeakMap<FontBook, Map<string, Map<string, number>>>();

function joinsFor(fonts: FontBook, face: FaceKey, language: string): Map<string, number> {
  let byFace = joinCache.get(fonts);
  if (!byFace) joinCache.set(fonts, (byFace = new Map()));
  const key = setsLigatures(language) ? face : `${face}\u0001unligated`;
  let byPair = byFace.get(key);
  if (!byPair) byFace.set(key, (byPair = new Map()));
  return byPair;
}

/**
 * Whether letter-spacing may touch the text: unspaced scripts and combining marks are never
 * letter-spaced (Chromium spaces clusters, not code points, and Thai or CJK copy is not tracked in
 * print either).
 */
function trackable(text: string): boolean {
  return !BEYOND_LATIN.test(text) || (!UNSPACED.test(text) && !/\p{M}/u.test(text));
}

function faceFor(run: TextRun, faces: FaceSet): FaceKey {
  if (run.bold && run.italic) return faces.boldItalic;
  if (run.bold) return faces.bold;
  if (run.italic) return faces.italic;
  return faces.regular;
}

/**
 * The white space that separates words: ASCII and Unicode spaces and line ends, not NBSP (U+00A0)
 * or U+202F. One character each: two spaces in a row leave an empty part between them.
 */
const WORD_SPACE = /[\t-\r \u2000-\u200a\u2028\u2029\u3000]/;

/**
 * A thin space between digits ("1 250 000" typed with U+2009) groups a number: it becomes the
 * narrow no-break space, which neither ends a word nor widens on a justified line (the thin space
 * was a word space, joined back as a plain one that Chromium stretched like the gaps between words).
 */
const THIN_SPACE_IN_NUMBER = /(?<=\d)\u2009(?=\d)/g;

/** Splits styled runs into words (lists of segments); whitespace separates words, NBSP does not. */
export function wordsOf(runs: readonly TextRun[], faces: FaceSet): Segment[][] {
  const words: Segment[][] = [];
  let current: Segment[] = [];
  for (const run of runs) {
    const face = faceFor(run, faces);
    // The parts of the run between spaces, found by the regular expression engine rather than a
    // loop over every character (a fresh process runs that loop interpreted): each part joins the
    // word being built (a word may run across runs), and each space after a part ends the word.
    const text = run.text.normalize('NFC');
    const parts = (text.includes('\u2009') ? text.replace(THIN_SPACE_IN_NUMBER, '\u202f') : text).split(WORD_SPACE);
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p];
      if (part !== '') {
        const last = current[current.length - 1];
        if (last && last.face === face) current[current.length - 1] = { text: last.text + part, face };
        else current.push({ text: part, face });
      }
      if (p < parts.length - 1) {
        if (current.length) words.push(current);
        current = [];
      }
    }
  }
  if (current.length) words.push(current);
  return joinedDigitGroups(words);
}

/** A number's first group, and a group after it: see joinedDigitGroups. */
const FIRST_DIGIT_GROUP = /^[(+\u2212-]?\d{1,3}$/;
const NEXT_DIGIT_GROUP = /^\d{3}(?:[.,]\d+)?[.,;:!?)%]*$/;
/** A phone number's country code ("+84", "(+44)") or trunk prefix ("028", "(028)"), and a group after it. */
const PHONE_PREFIX = /^\(?\+\d{1,3}\)?$/;
const TRUNK_PREFIX = /^\(?0\d{1,4}\)?$/;
const PHONE_GROUP = /^(?:\(\d{1,4}\)\d{0,4}|\d{1,4})[.,;:!?)]*$/;

/**
 * Digit groups a writer separated with plain spaces ("12 345 678 visitors", "price 1 234,5") stay
 * on one line, as the no-break space a typesetter would have typed keeps them: the first group one
 * to three digits, each after it three (and the last maybe a decimal part). So does a phone
 * number: an international one ("+84 28 3823 4567", "+44 (0)20 7946 0958"), its country code,
 * then groups of up to four digits, at least six digits after the code; a local one ("028 3823
 * 4567", "0912 345 678"), its trunk prefix's 0, then at least two groups, nine digits in all (a
 * count, a year or a date "06 12 2019" has fewer, and no leading 0). The space stays a space;
 * only the break goes.
 */
function joinedDigitGroups(words: Segment[][]): Segment[][] {
  let out: Segment[][] | undefined;
  let grouping = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const text = word.length === 1 ? word[0].text : undefined;
    const last = out ? out[out.length - 1] : words[i - 1];
    if (grouping && text !== undefined && NEXT_DIGIT_GROUP.test(text) && last[0].face === word[0].face) {
      out ??= words.slice(0, i);
      out[out.length - 1] = [{ text: `${last[0].text} ${text}`, face: word[0].face }];
      grouping = /^\d{3}$/.test(text);
      continue;
    }
    const phone = text !== undefined && (text.charCodeAt(0) <= 43 || text.charCodeAt(0) === 48) ? phoneNumberEnd(words, i) : i;
    if (phone > i) {
      out ??= words.slice(0, i);
      out.push([{ text: words.slice(i, phone + 1).map((w) => w[0].text).join(' '), face: word[0].face }]);
      i = phone;
      grouping = false;
      continue;
    }
    out?.push(word);
    // Most words end in a letter: tested by their last character before the expression.
    const lastCode = text === undefined ? 0 : text.charCodeAt(text.length - 1);
    grouping = lastCode >= 48 && lastCode <= 57 && FIRST_DIGIT_GROUP.test(text!);
  }
  return out ?? words;
}

/** The index of a phone number's last group when one starts at `start` (see joinedDigitGroups), else `start`. */
function phoneNumberEnd(words: readonly Segment[][], start: number): number {
  const first = words[start][0];
  const international = PHONE_PREFIX.test(first.text);
  if (!international && !TRUNK_PREFIX.test(first.text)) return start;
  let end = start;
  let digits = 0;
  for (let i = start + 1; i < words.length; i++) {
    const word = words[i];
    if (word.length !== 1 || word[0].face !== first.face || !PHONE_GROUP.test(word[0].text)) break;
    end = i;
    digits += word[0].text.replace(/\D/g, '').length;
    // Punctuation after a group ends the number ("(0)", a trunk prefix, is not such).
    if (!/\d$|^\(\d+\)$/.test(word[0].text)) break;
  }
  if (international) return digits >= 6 ? end : start;
  return end - start >= 2 && digits + first.text.replace(/\D/g, '').length >= 9 ? end : start;
}

function segmentsWidth(segments: readonly Segment[], fonts: FontBook, style: Pick<ParagraphStyle, 'sizePx' | 'language'>): number {
  let width = 0;
  const ligatures = setsLigatures(style.language);
  const rightToLeft = writtenRightToLeft(style.language);
  for (const segment of segments) {
    if (rightToLeft) for (const piece of bidiPieces(segment.text)) width += ligatures ? fonts.width(piece, segment.face, style.sizePx) : fonts.unligatedWidth(piece, segment.face, style.sizePx);
    else width += ligatures ? fonts.width(segment.text, segment.face, style.sizePx) : fonts.unligatedWidth(segment.text, segment.face, style.sizePx);
  }
  return width;
}

/** A letter written left to right (Unicode bidi class L): any but Hebrew's and Arabic's. */
const LEFT_TO_RIGHT_LETTER = /(?![\p{Script=Hebrew}\p{Script=Arabic}])\p{L}/u;

/**
 * A word of a line set right to left, in the pieces Chromium shapes apart. The marks at either end
 * of a Latin word ("“AV”,", "Goldberg,") take the line's direction (Unicode bidi: a neutral
 * between a Latin letter and Hebrew, or the line's end, is set right to left), so they are a run of
 * their own and not kerned to the word's letters: "Tchernichovsky," printed 1.5 px wider than it
 * was measured whole. Letters, digits and the marks between them are one piece. A word without
 * such letters (a Hebrew word, a number) is one piece; its marks after a Hebrew letter are measured
 * as Chromium sets them by the FontBook.
 */
function bidiPieces(text: string): readonly string[] {
  const first = text.search(LEFT_TO_RIGHT_LETTER);
  if (first < 0) return [text];
  let end = text.length;
  while (end > first && !/[\p{L}\p{N}\p{M}]/u.test(text[end - 1])) end--;
  return [text.slice(0, first), text.slice(first, end), text.slice(end)].filter((piece) => piece !== '');
}

/** Turkic languages, written with a dotted and a dotless i: see setsLigatures. */
const DOTTED_I_LANGUAGES: ReadonlySet<string> = new Set(['tr', 'az', 'crh', 'gag', 'tk', 'tt']);
/** setsLigatures by tag as written: asked for every piece of every word measured. */
const ligaturesByLanguage = new Map<string, boolean>();

/**
 * Whether text in `language` is set with the fonts' ligatures. Not in Turkish and its kin: an "fi"
 * ligature drops the dot of the i, and ı and i are two letters there ("fikir" would read "fıkir").
 * The HTML sets such a story's text without common ligatures (html/emit.ts), as measured here.
 */
export function setsLigatures(language: string): boolean {
  let sets = ligaturesByLanguage.get(language);
  if (sets === undefined) ligaturesByLanguage.set(language, (sets = !DOTTED_I_LANGUAGES.has(language.toLowerCase().split('-')[0])));
  return sets;
}

/** Scripts written without spaces between words, broken between their words (Korean breaks only at its spaces). */
const UNSPACED = UNSPACED_SCRIPT;
/** Characters a line may not start with (closing punctuation, small kana, iteration marks: kinsoku). */
const NO_LINE_START = /^[\p{Pe}\p{Pf}\p{Po}\p{Lm}ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ゛゜ー]/u;
/** Characters a line may not end with (opening punctuation). */
const NO_LINE_END = /[\p{Ps}\p{Pi}]$/u;

const wordSegmenter = new Intl.Segmenter('und', { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Offsets (UTF-16) between the grapheme clusters of `text`: the only places a word may be cut. */
function graphemeOffsets(text: string): number[] {
  return [...graphemeSegmenter.segment(text)].map((g) => g.index).filter((i) => i > 0);
}

/** Word boundaries inside a space-free token of an unspaced script where a line may break. */
function segmentBreaks(text: string): number[] {
  if (!UNSPACED.test(text)) return [];
  const breaks: number[] = [];
  for (const { index } of wordSegmenter.segment(text)) {
    if (index === 0) continue;
    const before = text.slice(0, index);
    const after = text.slice(index);
    const last = before.slice(-2).match(/.$/u)![0];
    const next = after.match(/^./u)![0];
    if (!UNSPACED.test(last) && !UNSPACED.test(next)) continue;
    if (NO_LINE_START.test(after) || NO_LINE_END.test(before)) continue;
    breaks.push(index);
  }
  return breaks;
}

/** The segments of `word` between two offsets of its joined text, faces kept. */
function sliceWord(word: readonly Segment[], start: number, end: number): Segment[] {
  const out: Segment[] = [];
  let offset = 0;
  for (const segment of word) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + segment.text.length);
    if (from < to) out.push({ text: segment.text.slice(from - offset, to - offset), face: segment.face });
    offset += segment.text.length;
  }
  return out;
}

/**
 * Cuts a word into pieces at hyphenation points, existing hyphens, word boundaries of unspaced
 * scripts and, if still too wide, between any two grapheme clusters (never before a combining
 * mark or a Thai tone mark). `cache` is the paragraph's style's (see cutsFor). The pieces are
 * shared between every use of the word: do not mutate.
 */
function piecesOf(word: Segment[], style: ParagraphStyle, fonts: FontBook, cache: CutCache): readonly Piece[] {
  // The same word in the same faces, size and language always cuts the same way: words recur
  // across an edition, and cutting (hyphenation, measuring every piece) is most of setting them.
  // One segment (nearly every word) is looked up by its face and text, without building a key.
  let byText: GenerationMap<string, CutWord>;
  let text: string;
  if (word.length === 1) {
    text = word[0].text;
    let forFace = cache.byFace.get(word[0].face);
    if (!forFace) cache.byFace.set(word[0].face, (forFace = new GenerationMap()));
    byText = forFace;
  } else {
    text = word.map((segment) => segment.text).join('');
    byText = cache.mixed;
  }
  const key = word.length === 1 ? text : word.map((segment) => `${segment.face}\u0002${segment.text}`).join('\u0001');
  let cut = byText.get(key);
  if (!cut) {
    const pieces = cutWord(word, text, style, fonts);
    let widest = 0;
    for (const piece of pieces) widest = Math.max(widest, piece.width);
    cut = { pieces, widest };
    if (cache.owner.entries >= PIECE_CACHE_LIMIT) {
      // A warm process starts over rather than grow with every new word for as long as it lives.
      for (const cuts of cache.owner.styles.values()) {
        for (const forFace of cuts.byFace.values()) forFace.clear();
        cuts.mixed.clear();
      }
      cache.owner.entries = 0;
    }
    byText.set(key, cut);
    cache.owner.entries++;
  }
  // An unbreakable token (a long URL, a number string) is broken anywhere rather than overflowing.
  return cut.widest > style.width * 0.9 ? splitOverwide(cut.pieces, word, text, style, fonts) : cut.pieces;
}

/** A word's pieces before the column width is known, and the widest of them. */
interface CutWord {
  readonly pieces: readonly Piece[];
  readonly widest: number;
}

/** The cut words of one size, language and hyphenation setting: by face and text, or by segments for mixed faces. */
interface CutCache {
  readonly owner: { readonly styles: Map<string, CutCache>; entries: number };
  readonly byFace: Map<FaceKey, GenerationMap<string, CutWord>>;
  readonly mixed: GenerationMap<string, CutWord>;
}

/** Cut words by font book, then by size, language and hyphenation (see piecesOf). */
const pieceCache = new WeakMap<FontBook, { readonly styles: Map<string, CutCache>; entries: number }>();
const PIECE_CACHE_LIMIT = 100_000;

function cutsFor(style: ParagraphStyle, fonts: FontBook): CutCache {
  let owner = pieceCache.get(fonts);
  if (!owner) pieceCache.set(fonts, (owner = { styles: new Map(), entries: 0 }));
  const key = `${style.sizePx}|${style.language}|${style.hyphenate !== false}`;
  let cache = owner.styles.get(key);
  if (!cache) owner.styles.set(key, (cache = { owner, byFace: new Map(), mixed: new GenerationMap() }));
  return cache;
}

/**
 * Where a word may be hyphenated: where its writer put soft hyphens (U+00AD), and only there, as
 * a discretionary hyphen works in InDesign or TeX's \- (a name the patterns do not know, a
 * compound to be divided at its joint); otherwise at the language's pattern points. The patterns
 * never see a soft hyphen: one inside "Donau\u00addampf…" shifted every point after it ("Donaudam- /
 * pfschiff…"). The soft hyphen itself takes no width and is not printed (FontBook.runs drops it).
 */
function hyphenationPointsOf(text: string, language: string): readonly number[] {
  if (!text.includes('\u00ad')) return hyphenationPoints(text.replace(/[^\p{L}\p{M}'’-]+$/u, ''), language);
  const points: number[] = [];
  const letters = /[\p{L}\p{M}]/u;
  for (let i = 1; i < text.length - 1; i++) {
    // A soft hyphen with a letter on each side: not a stray one at either end of the word.
    if (text[i] === '\u00ad' && letters.test(text[i - 1]) && letters.test(text[i + 1])) points.push(i + 1);
  }
  return points;
}

/** Cuts a word at every point a line may break inside it, each piece measured. */
function cutWord(word: Segment[], text: string, style: ParagraphStyle, fonts: FontBook): Piece[] {
  const single = word.length === 1 ? word[0] : undefined;
  const closable = trackable(text);
  const cuts = new Map<number, Piece['after']>();
  const bare = text.replace(/[.,;:!?)’”]+$/u, '');
  // A date or a fraction (24/1/2020, 24/7) and words paired by a slash (and/or) are not addresses:
  // broken before each "/" as one, "24" ended a line and "/1/2020" opened the next.
  const looksLikeAddress = /[/@]|\.\p{L}/u.test(bare) && !/^[\p{Nd}/.,:-]+$/u.test(bare) && !/^[\p{L}\p{M}]+(\/[\p{L}\p{M}]+)+$/u.test(bare);
  // Cluster boundaries only when a word must be cut somewhere other than at a hyphenation point.
  let clusters: Set<number> | undefined;
  const clusterStarts = (): Set<number> => (clusters ??= new Set(graphemeOffsets(text)));
  if (single && looksLikeAddress) {
    // Addresses break as style guides break them (Chicago 7.47), never with an added hyphen: after
    // "//" or ":", before or after "=" and "&", and before any other separator, which then opens
    // the next line: a line ending in "-" or "." would read as a hyphenated word or a sentence's end.
    const end = text.length - (/[.,;:!?)’”]+$/u.exec(text)?.[0].length ?? 0);
    for (let i = 2; i < end - 1; i++) {
      const before = text[i - 1];
      const at = text[i];
      const breaks = (before === '/' && text[i - 2] === '/' && at !== '/') || (before === ':' && at !== '/') || '=&'.includes(before) || ('/.?#%~_-@=&,'.includes(at) && !'/:'.includes(before));
      if (breaks && clusterStarts().has(i)) cuts.set(i, 'split');
    }
  } else if (single && style.hyphenate !== false) {
    for (const point of hyphenationPointsOf(text, style.language)) cuts.set(point, 'hyphen');
  }
  // After a hyphen of the word's own, with two letters or more on each side: "A-" ending a line
  // over "level" (or "e-" over "mail") read as a stray letter.
  const lettersRun = (from: number, step: 1 | -1): number => {
    let count = 0;
    for (let j = from; j >= 0 && j < text.length && /[\p{L}\p{M}]/u.test(text[j]); j += step) count++;
    return count;
  };
  for (let i = 2; single && i < text.length - 2 && !looksLikeAddress; i++) {
    if (text[i - 1] === '-' && lettersRun(i - 2, -1) >= 2 && lettersRun(i, 1) >= 2) cuts.set(i, 'existing-hyphen');
  }
  for (const offset of segmentBreaks(text)) if (!cuts.has(offset)) cuts.set(offset, 'segment');
  let pieces: Piece[] = [];
  let start = 0;
  for (const offset of [...cuts.keys()].sort((a, b) => a - b)) {
    const slice = sliceWord(word, start, offset);
    pieces.push(pieceOf(slice, segmentsWidth(slice, fonts, style), cuts.get(offset)!, closable));
    start = offset;
  }
  const rest = start === 0 ? word : sliceWord(word, start, text.length);
  pieces.push(pieceOf(rest, segmentsWidth(rest, fonts, style), 'end', closable));

  return withJoins(pieces, fonts, style, closable);
}

/**
 * The breaks inside a token wider than the column (splitOverwide), by what they cost: the fewer
 * and the better placed, the cheaper. A hyphen's width is the paragraph's (setParagraphUncached).
 */
const TOKEN_BREAKS: Readonly<Partial<Record<Piece['after'], Item & { readonly type: 'penalty'; readonly hyphen?: true }>>> = {
  split: { type: 'penalty', width: 0, penalty: 100, flagged: false },
  'split-anywhere': { type: 'penalty', width: 0, penalty: 300, flagged: false },
  'split-hyphen': { type: 'penalty', width: 0, penalty: 60, flagged: true, hyphen: true },
  'split-hyphen-anywhere': { type: 'penalty', width: 0, penalty: 150, flagged: true, hyphen: true },
};

/**
 * A token wider than the column (a long URL, a number string, a compound longer than the measure)
 * may break between any two of its grapheme clusters rather than overflow, leaving at least two
 * at either end (cut greedily, the last part could be one letter: "Gemeindeverwaltungsangestellt /
 * e"); the line breaker chooses where. A break after the token's own hyphen or at a hyphenation
 * point of the word costs less than one anywhere. A word of letters shows its break with a hyphen,
 * as any divided word does ("intergovern- / mental", not "intergovernmen / tal"); an address or a
 * number must not gain a character and breaks as it is, a phone number or a figure's digit groups
 * at a space between them.
 */
function splitOverwide(pieces: readonly Piece[], word: Segment[], text: string, style: ParagraphStyle, fonts: FontBook): readonly Piece[] {
  const closable = trackable(text);
  const limit = style.width * 0.9;
  if (!pieces.some((piece) => piece.width > limit)) return pieces;
  const clusterStarts = graphemeOffsets(text);
  const asWritten = /[/@\d]|\.\p{L}/u.test(text) || !/\p{L}/u.test(text);
  const preferred = new Set<number>();
  if (!asWritten) for (const point of hyphenationPointsOf(text, style.language)) preferred.add(point);
  const split: Piece[] = [];
  let pieceStart = 0;
  for (const piece of pieces) {
    const pieceText = piece.segments.map((segment) => segment.text).join('');
    const pieceEnd = pieceStart + pieceText.length;
    if (piece.width <= limit) {
      split.push(piece);
      pieceStart = pieceEnd;
      continue;
    }
    // Clusters stay at either end of the piece: two before a break, and after one four letters
    // or, inside the token, two (a part shown after a break must read as more than a stray end).
    const wordEnd = text.length - (/[^\p{L}\p{M}\p{N}]*$/u.exec(text)?.[0].length ?? 0);
    const inside = clusterStarts.filter((i) => i > pieceStart && i < pieceEnd);
    const tail = pieceEnd >= wordEnd ? inside.filter((i) => i < wordEnd).length - 3 : inside.length - 1;
    const chunksBetween = (bounds: number[], minded: boolean): Piece[] => {
      const chunks: Piece[] = [];
      for (let b = 1; b < bounds.length; b++) {
        const at = bounds[b];
        // Never before punctuation ("ABCDEFGHIJ / -1234") or a joined number's space (a line would
        // start with it): the break joins the chunk to the next.
        if (minded && b < bounds.length - 1 && /[\p{P}\p{S} ]/u.test(text[at])) {
          bounds.splice(b, 1);
          b--;
          continue;
        }
        let after: Piece['after'] = piece.after;
        if (b < bounds.length - 1) {
          // A number's groups joined in wordsOf break at their spaces first.
          if (asWritten) after = '/.?&=_- '.includes(text[at - 1]) ? 'split' : 'split-anywhere';
          else after = text[at - 1] === '-' ? 'split' : preferred.has(at) ? 'split-hyphen' : 'split-hyphen-anywhere';
        }
        const chunk = sliceWord(word, bounds[b - 1], at);
        chunks.push(pieceOf(chunk, segmentsWidth(chunk, fonts, style), after, closable));
      }
      return chunks;
    };
    let chunks = chunksBetween([pieceStart, ...inside.slice(1, Math.max(1, tail)), pieceEnd], true);
    // Where those rules leave a part too wide for the column (a short word of a large head in one
    // column), any cluster may end a line: anything rather than a paragraph that cannot be set.
    if (chunks.some((chunk) => chunk.width > limit)) chunks = chunksBetween([pieceStart, ...inside, pieceEnd], false);
    split.push(...chunks);
    pieceStart = pieceEnd;
  }
  // A piece kept whole meets the same letters as before its neighbour was split: its join is unchanged.
  return withJoins(split, fonts, style, closable);
}

/**
 * Set paragraphs by content and style, per FontBook: a warm process rebuilding an edition in which
 * most stories did not change (the usual case on a news day) sets only the new paragraphs.
 */
const setCache = new WeakMap<FontBook, SetCacheRoot>();
const SET_CACHE_LIMIT = 50_000;

/**
 * Settings by style, then by text. A paragraph of one plain run (most body paragraphs, every
 * headline, standfirst and caption) is found by its text itself, without a key built from it:
 * a string's hash is kept with the string, so asking again for the same headline at another width
 * costs a short style key, not a copy of the text.
 */
interface SetCacheRoot {
  entries: number;
  readonly styles: Map<string, { readonly plain: GenerationMap<string, SetLine[]>; readonly styled: GenerationMap<string, SetLine[]> }>;
}

/**
 * Starts a new generation of the set paragraphs and cut words kept for `fonts`: what neither the
 * compose now starting nor the last one asks for is forgotten (generations.ts says why). Called
 * by composePages, once per compose.
 */
export function ageTypesetCaches(fonts: FontBook): void {
  const set = setCache.get(fonts);
  if (set) {
    set.entries = 0;
    for (const [key, byText] of set.styles) {
      byText.plain.age();
      byText.styled.age();
      const size = byText.plain.size + byText.styled.size;
      set.entries += size;
      if (size === 0) set.styles.delete(key);
    }
  }
  const cut = pieceCache.get(fonts);
  if (cut) {
    cut.entries = 0;
    for (const [key, cuts] of cut.styles) {
      cuts.mixed.age();
      let size = cuts.mixed.size;
      for (const forFace of cuts.byFace.values()) {
        forFace.age();
        size += forFace.size;
      }
      cut.entries += size;
      if (size === 0) cut.styles.delete(key);
    }
  }
}

/** Sets a paragraph into lines. An empty paragraph gives no lines. Results are shared: do not mutate. */
export function setParagraph(runs: readonly TextRun[], style: ParagraphStyle, fonts: FontBook): SetLine[] {
  let root = setCache.get(fonts);
  if (!root) setCache.set(fonts, (root = { entries: 0, styles: new Map() }));
  const { faces } = style;
  const styleKey = `${faces.regular}|${faces.italic}|${faces.bold}|${faces.boldItalic}|${style.sizePx}|${style.language}|${style.width}|${style.indent ?? 0}|${style.justify !== false}|${style.hyphenate !== false}|${style.tolerance ?? ''}|${style.turnoverIndent ?? 0}|${style.lastLineMin ?? 0}|${style.columnEndLines?.join(',') ?? ''}|${style.looseness ?? 0}|${style.emergencyPasses !== false}`;
  let byText = root.styles.get(styleKey);
  if (!byText) root.styles.set(styleKey, (byText = { plain: new GenerationMap(), styled: new GenerationMap() }));
  const plain = runs.length === 1 && !runs[0].bold && !runs[0].italic;
  const table = plain ? byText.plain : byText.styled;
  const key = plain ? runs[0].text : runs.map((r) => `${r.bold ? 'b' : ''}${r.italic ? 'i' : ''}\u0002${r.text}`).join('\u0001');
  const cached = table.get(key);
  if (cached) return cached;
  const lines = setParagraphUncached(runs, settled(style), fonts);
  if (root.entries >= SET_CACHE_LIMIT) {
    // A warm process starts over rather than hold every paragraph it ever set.
    root.styles.clear();
    root.entries = 0;
    root.styles.set(styleKey, byText);
    byText.plain.clear();
    byText.styled.clear();
  }
  table.set(key, lines);
  root.entries++;
  return lines;
}

/**
 * A paragraph style with every field but the tolerance given (see settled), and the indent of the
 * lines after the first (a verse line's turnovers; 0 in a paragraph).
 */
const NO_LINES: readonly number[] = [];

type SettledStyle = Required<Omit<ParagraphStyle, 'tolerance'>> & Pick<ParagraphStyle, 'tolerance'> & { readonly restIndent: number };

/**
 * The style with every field given, always built in the same order. Callers build styles of many
 * shapes (with or without an indent, spread from another style); one shape inside the setter keeps
 * its reads of the style monomorphic, where a new shape met by optimized code threw it away again
 * and again (dozens of deoptimizations and recompilations of the setter in a fresh process).
 */
function settled(style: ParagraphStyle): SettledStyle {
  return {
    faces: style.faces,
    sizePx: style.sizePx,
    language: style.language,
    width: style.width,
    indent: style.indent ?? 0,
    justify: style.justify !== false,
    hyphenate: style.hyphenate !== false,
    tolerance: style.tolerance,
    turnoverIndent: style.turnoverIndent ?? 0,
    lastLineMin: style.lastLineMin ?? 0,
    columnEndLines: style.columnEndLines ?? NO_LINES,
    looseness: style.looseness ?? 0,
    emergencyPasses: style.emergencyPasses !== false,
    restIndent: 0,
  };
}

/**
 * The words of a paragraph, and after which of them the writer ended a line (LINE_BREAK): the words
 * of each line the writer made, one after the other. A break with no word before or after it ends
 * nothing.
 */
function wordsAndLineEnds(runs: readonly TextRun[], faces: FaceSet): { words: Segment[][]; lineEnds: ReadonlySet<number> | undefined } {
  if (!hasLineBreak(runs)) return { words: wordsOf(runs, faces), lineEnds: undefined };
  const words: Segment[][] = [];
  const lineEnds = new Set<number>();
  for (const line of writerLines(runs)) {
    words.push(...wordsOf(line, faces));
    lineEnds.add(words.length - 1);
  }
  lineEnds.delete(words.length - 1);
  return { words, lineEnds };
}

/** Whether a language tag is French (fr, fr-CA…): see frenchSpacing. */
const isFrench = (language: string) => /^fr(?:-|$)/i.test(language);

/**
 * French puts a space before ; ! ? : and » and after «, and that space never ends a line: "?" or
 * "»" opening a line is a fault a French reader sees at once. Copy often arrives with plain spaces
 * there (a CMS, a keyboard): they become the narrow no-break space before ; ! ? (espace fine
 * insécable, fixed) and the no-break space before : and » and after « (espace insécable, which
 * widens with its line). A space not typed is never added. The text keeps its length.
 */
function frenchSpacing(runs: readonly TextRun[]): readonly TextRun[] {
  return withJoinedTextEdited(runs, (whole) =>
    whole
      .replace(/[ \u00a0\u2009](?=[;!?])/g, '\u202f')
      .replace(/[ \u2009](?=[:»])/g, '\u00a0')
      .replace(/(?<=«)[ \u2009]/g, '\u00a0'),
  );
}

function setParagraphUncached(runs: readonly TextRun[], style: SettledStyle, fonts: FontBook): SetLine[] {
  if (isFrench(style.language)) runs = frenchSpacing(runs);
  if (style.turnoverIndent > 0 && hasLineBreak(runs)) {
    // Verse: each line the writer made on its own, its turnovers indented. (A forced break between
    // them would give the same breaks; this is what lets a turnover, and only one, be indented.)
    const lines: SetLine[] = [];
    for (const line of writerLines(runs)) {
      lines.push(...setParagraphUncached(line, { ...style, indent: lines.length === 0 ? style.indent : 0, turnoverIndent: 0, restIndent: style.turnoverIndent, columnEndLines: NO_LINES, looseness: 0 }, fonts));
    }
    return lines;
  }
  const { words, lineEnds } = wordsAndLineEnds(runs, style.faces);
  if (words.length === 0) return [];
  const justify = style.justify;
  const spaceWidth = fonts.width(' ', style.faces.regular, style.sizePx);
  const hyphenWidth = fonts.width('-', style.faces.regular, style.sizePx);
  const indent = style.indent;

  const pieces: Piece[] = [];
  /** The word each piece belongs to, by piece. */
  const pieceWord: number[] = [];
  const items: Item[] = [];
  const pieceOfItem: number[] = [];
  // Items are read, never changed: one object serves every space, hyphen and line end alike.
  const space: Item = justify ? { type: 'glue', width: spaceWidth, stretch: spaceWidth * 0.75, shrink: spaceWidth * SPACE_SHRINK } : { type: 'glue', width: spaceWidth, stretch: 0, shrink: 0 };
  const raggedEnd: Item = { type: 'glue', width: 0, stretch: style.width, shrink: 0 };
  const freeBreak: Item = { type: 'penalty', width: 0, penalty: 0, flagged: false };
  const raggedSpace: Item = { type: 'glue', width: spaceWidth, stretch: -style.width, shrink: 0 };
  const raggedBack: Item = { type: 'glue', width: 0, stretch: -style.width, shrink: 0 };
  const segmentGlue: Item = { type: 'glue', width: 0, stretch: spaceWidth * 0.75, shrink: 0 };
  const hyphenBreak: Item = { type: 'penalty', width: hyphenWidth, penalty: 60, flagged: true };
  const hyphenOnlyBreak: Item = { type: 'penalty', width: 0, penalty: 60, flagged: true };
  const noBreak: Item = { type: 'penalty', width: 0, penalty: INFINITE_PENALTY, flagged: false };
  // The writer's line end: the line is filled with white and must break, as a paragraph's last does.
  const lineEndFill: Item = { type: 'glue', width: 0, stretch: justify ? 1e6 : style.width, shrink: 0 };
  const lineEndBreak: Item = { type: 'penalty', width: 0, penalty: -INFINITE_PENALTY, flagged: false };
  const cuts = cutsFor(style, fonts);
  for (let wordIndex = 0; wordIndex < words.length; wordIndex++) {
    if (wordIndex > 0 && lineEnds?.has(wordIndex - 1)) {
      items.push(lineEndFill, lineEndBreak);
      pieceOfItem.push(-1, -1);
    } else if (wordIndex > 0) {
      if (justify) {
        items.push(space);
        pieceOfItem.push(-1);
      } else {
        // Ragged setting: each line may end short; a line-end cost keeps lines evenly long.
        items.push(raggedEnd, freeBreak, raggedSpace);
        pieceOfItem.push(-1, -1, -1);
      }
    }
    const wordPieces = piecesOf(words[wordIndex], style, fonts, cuts);
    for (let pieceIndex = 0; pieceIndex < wordPieces.length; pieceIndex++) {
      const piece = wordPieces[pieceIndex];
      pieces.push(piece);
      pieceWord.push(wordIndex);
      items.push(piece.box);
      pieceOfItem.push(pieces.length - 1);
      if (pieceIndex < wordPieces.length - 1 && piece.after === 'segment') {
        // A word boundary inside unspaced text: a free break that adds nothing. Justified, it may
        // stretch like a space (the line is then set ragged or spread by Chromium, never wider);
        // ragged, it is a line end like a space.
        if (justify) {
          items.push(segmentGlue);
          pieceOfItem.push(-1);
        } else {
          items.push(raggedEnd, freeBreak, raggedBack);
          pieceOfItem.push(-1, -1, -1);
        }
      } else if (pieceIndex < wordPieces.length - 1) {
        const tokenBreak = TOKEN_BREAKS[piece.after];
        if (tokenBreak !== undefined) {
          // A line that ends inside a token wider than the column has no spaces to justify with:
          // let it end short (with a hyphen where a word of letters was cut).
          // (The glue follows a penalty, not the piece, so that it is no place to break itself:
          // a break there would end the line without the hyphen.)
          items.push(noBreak, raggedEnd, tokenBreak.hyphen ? { ...tokenBreak, width: hyphenWidth } : tokenBreak, raggedBack);
          pieceOfItem.push(-1, -1, -1, -1);
        } else {
          items.push(piece.after === 'hyphen' ? hyphenBreak : hyphenOnlyBreak);
          pieceOfItem.push(-1);
        }
      }
    }
  }
  items.push(lineEndFill, lineEndBreak);
  pieceOfItem.push(-1, -1);

  const breaks = breakLines(items, {
    lineWidths: [style.width - indent, style.width - style.restIndent],
    tolerance: style.tolerance ?? (justify ? 2.5 : 100),
    linePenalty: justify ? 10 : 50,
    lastLineMin: style.lastLineMin,
    // The breaker counts on less than the letters may give: set, a line loses its ligatures, its
    // spaces close up with its letters, and tracking comes in whole steps.
    letterShrink: justify ? style.sizePx * MAX_TIGHTENING_EM * TIGHTENING_COUNTED : 0,
    columnEndLines: style.columnEndLines.length > 0 ? style.columnEndLines : undefined,
    looseness: style.looseness,
    emergencyPasses: style.emergencyPasses,
  });

  return linesOf(breaks, items, pieces, pieceWord, pieceOfItem, style, fonts, spaceWidth);
}

/**
 * The set lines of a paragraph from its breaks: words as segments, natural width, and the word and
 * letter spacing that justify each line. A function of its own rather than a callback per line:
 * the setter above it stays small enough to optimize quickly.
 */
function linesOf(
  breaks: readonly LineBreak[],
  items: readonly Item[],
  pieces: readonly Piece[],
  pieceWord: readonly number[],
  pieceOfItem: readonly number[],
  style: SettledStyle,
  fonts: FontBook,
  spaceWidth: number,
): SetLine[] {
  const justify = style.justify;
  const indent = style.indent;
  const lines: SetLine[] = [];
  for (let lineIndex = 0; lineIndex < breaks.length; lineIndex++) {
    const line = breaks[lineIndex];
    const lineWords: Segment[][] = [];
    let lastWord = -1;
    let natural = 0;
    // A word's segments are the cut piece's own (shared, read only) until the line must change
    // them: most words are one piece and are never copied.
    let lastOwned = false;
    let lastPiece: Piece | undefined;
    for (let i = line.start; i < line.end; i++) {
      // Only boxes have a piece.
      const pieceIndex = pieceOfItem[i];
      if (pieceIndex < 0) continue;
      const piece = pieces[pieceIndex];
      const word = pieceWord[pieceIndex];
      if (word !== lastWord) {
        lineWords.push(piece.segments);
        lastOwned = false;
        lastWord = word;
      } else {
        if (!lastOwned) {
          lineWords[lineWords.length - 1] = lineWords[lineWords.length - 1].slice();
          lastOwned = true;
        }
        const current = lineWords[lineWords.length - 1];
        for (const segment of piece.segments) {
          const last = current[current.length - 1];
          if (last && last.face === segment.face) current[current.length - 1] = { text: last.text + segment.text, face: segment.face };
          else current.push(segment);
        }
        // The word's letters either side of the cut are set together here: their kerning counts.
        if (lastPiece) natural += lastPiece.join;
      }
      lastPiece = piece;
      natural += piece.width;
    }
    const endItem = items[line.end];
    const hyphenated = line.hyphenated && endItem.type === 'penalty' && endItem.width > 0;
    if (hyphenated) {
      if (!lastOwned) {
        lineWords[lineWords.length - 1] = lineWords[lineWords.length - 1].slice();
        lastOwned = true;
      }
      const current = lineWords[lineWords.length - 1];
      const last = current[current.length - 1];
      current[current.length - 1] = { text: last.text + '-', face: last.face };
      natural += fonts.width(last.text + '-', last.face, style.sizePx) - fonts.width(last.text, last.face, style.sizePx);
    }
    const spaces = lineWords.length - 1;
    natural += spaces * spaceWidth;
    const lineIndent = lineIndex === 0 ? indent : style.restIndent;
    const available = style.width - lineIndent;
    const endsInsideAddress = endItem.type === 'penalty' && !endItem.flagged && endItem.penalty > -INFINITE_PENALTY;
    // The paragraph's last line, or one the writer ended: set at its natural width.
    const endsByForce = endItem.type === 'penalty' && endItem.penalty <= -INFINITE_PENALTY;
    const isLast = lineIndex === breaks.length - 1 || endsInsideAddress || endsByForce;
    let wordSpacing = 0;
    if (spaces > 0 && justify && (!isLast || natural > available)) wordSpacing = (available - natural) / spaces;
    else if (spaces > 0 && natural > available) wordSpacing = (available - natural) / spaces;
    let letterSpacing = 0;
    // A shrunk justified line closes its letters up as well as its spaces (MAX_TIGHTENING_EM); so
    // does a ragged line of one word too wide for it (a long token cut to the measure), which has no
    // space to shrink: it printed past its column.
    if (natural > available && (justify || spaces === 0)) {
      const tightened = tightenedLine(lineWords, spaces, natural, available, style, fonts, spaceWidth);
      if (tightened) ({ wordSpacing, letterSpacing } = tightened);
    }
    // Only a loose line is tracked: its text is joined for that test alone.
    const text = justify && !isLast && spaces > 0 && wordSpacing > spaceWidth * TRACK_ABOVE ? lineText(lineWords) : undefined;
    if (text !== undefined && trackable(text)) {
      // Letter-spaced text loses its ligatures: measure it as Chromium will set it. Every code
      // point is counted, spaces and a closing hyphen too, which is at least what Chromium spaces.
      const characters = codePointCount(text);
      const unligated = unligatedLineWidth(lineWords, spaces, style, fonts, spaceWidth);
      const wanted = (available - unligated - spaces * spaceWidth * TRACK_ABOVE) / characters;
      const room = (available - TRACKING_MARGIN_PX - unligated) / characters;
      const steps = Math.min(TRACKING_STEPS, Math.floor(Math.max(0, Math.min(style.sizePx * MAX_TRACKING_EM, wanted, room)) / TRACKING_STEP_PX + 1e-9));
      letterSpacing = steps * TRACKING_STEP_PX;
      if (steps > 0) wordSpacing = (available - unligated - letterSpacing * characters) / spaces;
    }
    lines.push({
      words: lineWords,
      wordSpacing,
      letterSpacing,
      indent: lineIndent,
      hyphenated,
      width: available,
      naturalWidth: natural,
    });
  }
  return lines;
}

/**
 * The word and letter spacing of a justified line wider than its measure. Past what the spaces
 * give alone (SHRINK_ALONE), the letters close up first, as far as MAX_TIGHTENING_EM in
 * TRACKING_STEP_PX steps rounded toward none (a gap closed to half a space reads as two words run
 * together; letters a step closer do not show), measured without ligatures as Chromium sets
 * letter-spaced text; the spaces take the rest. Undefined when the letters are not to be touched
 * (see trackable) or would move less than a step.
 */
function tightenedLine(lineWords: readonly (readonly Segment[])[], spaces: number, natural: number, available: number, style: SettledStyle, fonts: FontBook, spaceWidth: number): { wordSpacing: number; letterSpacing: number } | undefined {
  const text = lineText(lineWords);
  if (!trackable(text)) return undefined;
  const characters = codePointCount(text);
  const unligated = unligatedLineWidth(lineWords, spaces, style, fonts, spaceWidth);
  // Measured either way: kerned without ligatures, a line can come out narrower than the breaker
  // counted it, and its spaces would then close up alone.
  const over = Math.max(natural, unligated) - available - spaces * spaceWidth * SHRINK_ALONE;
  if (over <= 0) return undefined;
  const perLetter = Math.min(style.sizePx * MAX_TIGHTENING_EM, over / characters);
  // A line of one word (a long token cut to the measure) has no gap to take the rest: its letters
  // close up the whole step that makes it fit.
  const steps = Math.min(TRACKING_STEPS, spaces > 0 ? Math.floor(perLetter / TRACKING_STEP_PX + 1e-9) : Math.ceil(perLetter / TRACKING_STEP_PX - 1e-9));
  if (steps === 0) return undefined;
  const letterSpacing = -steps * TRACKING_STEP_PX;
  return { letterSpacing, wordSpacing: spaces > 0 ? (available - unligated - letterSpacing * characters) / spaces : 0 };
}

/** A line's width as Chromium sets it letter-spaced (before the spacing): without ligatures, plain spaces. */
function unligatedLineWidth(lineWords: readonly (readonly Segment[])[], spaces: number, style: SettledStyle, fonts: FontBook, spaceWidth: number): number {
  let unligated = 0;
  const rightToLeft = writtenRightToLeft(style.language);
  for (const word of lineWords) {
    let wordWidth = 0;
    for (const segment of word) {
      if (rightToLeft) for (const piece of bidiPieces(segment.text)) wordWidth += fonts.unligatedWidth(piece, segment.face, style.sizePx);
      else wordWidth += fonts.unligatedWidth(segment.text, segment.face, style.sizePx);
    }
    unligated += wordWidth;
  }
  return unligated + spaces * spaceWidth;
}

/** A line's words joined with single spaces (a set line's `words`). */
export function lineText(words: readonly (readonly Segment[])[]): string {
  let text = '';
  for (let w = 0; w < words.length; w++) {
    if (w > 0) text += ' ';
    for (const segment of words[w]) text += segment.text;
  }
  return text;
}

/**
 * Any character from U+0300 on: text without one has no combining mark and no unspaced script,
 * and is answered without the two Unicode-property searches.
 */
const BEYOND_LATIN = /[^\0-\u02ff]/;

/** Code points in `text` (what `[...text].length` counts), without building the array. */
function codePointCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

