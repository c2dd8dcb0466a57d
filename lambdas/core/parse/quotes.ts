/**
 * Typographic quotes. Copy arrives with straight quotes, curly ones or both (a wire story pasted
 * from two systems, a headline typed by hand over a body from the CMS); the paper prints only
 * curly ones, those of the story's language: “…” and ‘…’ in English, „…“ and ‚…‘ in German,
 * « … » in French (quotationMarks). Every article field and body block passes here once, in
 * `finishArticle`, whatever its input format, with the article's `language`. (Until the 72nd round
 * every language got English quotes: German "Ja" printed “Ja”, French "Nous" “Nous”.)
 *
 * Each straight quote is decided by its neighbours, one character either side:
 * - `'` between letters (or a letter and a digit) is an apostrophe ’: don’t, women’s, 1990’s;
 * - `'` before a digit at the start of a word is an apostrophe too: ’90s; and before the few words
 *   that are themselves elisions: rock ’n’ roll, ’til, ’em, ’cause (they opened a quotation that
 *   never closed: ‘n’, ‘til);
 * - `'` or `"` directly after a digit is a prime (5'11", 40' container) and stays straight, unless
 *   a quotation of the same kind is open, in which case it closes it ("… by 25"); but an inch mark
 *   after feet (5'11") stays straight even inside a quotation, which it closed a second time;
 * - a quote at the start, or after a space, an opening bracket, a dash, a slash or another
 *   opening quote, opens;
 * - any other quote closes, which also covers a plural possessive (farmers’): a `'` closes only a
 *   single quotation that is open and is otherwise an apostrophe ’ (German "Hans' Auto" is
 *   "Hans’ Auto", not the closing ‘ of "Hans‘ Auto"; in English both are ’);
 * - in French, whose quotes stand apart from their words, a `"` after a space closes an open
 *   quotation where a space, punctuation or the end follows it (" Nous " typed with spaces).
 * Curly quotes already in the copy are kept as typed. A French guillemet made here has a no-break
 * space inside it, as typeset/paragraph.ts frenchSpacing makes of a typed space there (a space
 * typed beside the quote becomes it): the text may grow by those spaces, never otherwise.
 */
import { type TextRun } from '../article';

const LETTER = /[\p{L}\p{M}]/u;
const DIGIT = /\p{Nd}/u;
const SPACE = /[\s\u00a0\u2009\u202f]/u;
/** What may stand before an opening quote, besides an opening quote. */
const OPENS_AFTER = /[\s([{\u2014\u2013\-/]/u;
/** What may follow a French closing quote typed after a space: a space, punctuation, the end. */
const CLOSES_BEFORE = /[\s\u00a0.,;:!?)\]}…\u2014\u2013-]/u;
const NO_BREAK_SPACE = '\u00a0';

/** A language's quotation marks: the outer pair, the pair nested inside it, and whether a space stands inside each mark. */
export interface QuotationMarks {
  readonly open: string;
  readonly close: string;
  readonly innerOpen: string;
  readonly innerClose: string;
  /** French: « Nous » with a no-break space inside each guillemet. */
  readonly spaced: boolean;
}

/**
 * Primary and secondary quotation marks by language, from CLDR 47's delimiters
 * (common/main/*.xml, `quotationStart`, `quotationEnd`, `alternateQuotationStart`,
 * `alternateQuotationEnd`; https://cldr.unicode.org), as open, close, inner open, inner close. A
 * tag not listed (English among them) takes the first: “” ‘’. Intl has no API for them.
 */
const CLDR_QUOTES: readonly (readonly [string, readonly string[]])[] = [
  ['«»‹›', ['am', 'az-arab', 'az-cyrl', 'fa', 'fr-ch', 'gsw']],
  ['”“’‘', ['ar', 'ms-arab', 'syr', 'ur']],
  ['«»“”', ['ast', 'br', 'ca', 'el', 'es-us', 'eu', 'ie', 'it', 'kab', 'kk', 'lij', 'mg', 'pt-pt', 'sc', 'sq', 'ti']],
  ['«»„“', ['be', 'cv', 'ky', 'ru', 'sah', 'uk']],
  ['„“„“', ['bg', 'lt']],
  ['„“‚‘', ['bs-cyrl', 'cs', 'de', 'dsb', 'et', 'hr', 'hsb', 'is', 'lb', 'mk', 'sk', 'sl']],
  ['„”‘’', ['bs']],
  ['«»‘’', ['el-polyton', 'no', 'rw']],
  ['””’’', ['fi', 'he', 'rn', 'sn', 'sv']],
  ['«»”“', ['fr-ca']],
  ['«»«»', ['fr', 'hy']],
  ['„”»«', ['hu']],
  ['‘’“”', ['ia', 'tn']],
  ['「」『』', ['ja', 'yue', 'zh-hant']],
  ['„“«»', ['ka']],
  ['‘’‘’', ['nl']],
  ['„”«»', ['pl', 'ro']],
  ['«»„”', ['shi', 'zgh']],
  ['„”’’', ['sr']],
  ['“”“”', ['tk']],
  ['“”’‘', ['uz']],
];
const MARKS_BY_TAG = new Map(CLDR_QUOTES.flatMap(([marks, tags]) => tags.map((tag) => [tag, marks] as const)));
const ENGLISH: QuotationMarks = { open: '“', close: '”', innerOpen: '‘', innerClose: '’', spaced: false };
/** French sets its guillemets apart (fr, fr-CA…); Swiss French does not (CLDR's fr-CH marks are ‹› within «»). */
const SPACED = (tag: string) => /^fr(?:-|$)/.test(tag) && !/^fr-ch(?:-|$)/.test(tag);

/** The quotation marks of a language tag ("de", "fr-CA", "zh-Hant-TW"): the longest listed prefix's, else English's. */
export function quotationMarks(language: string): QuotationMarks {
  const tag = language.toLowerCase();
  const parts = tag.split('-');
  for (let n = parts.length; n > 0; n--) {
    const marks = MARKS_BY_TAG.get(parts.slice(0, n).join('-'));
    if (marks) {
      const [open, close, innerOpen, innerClose] = [...marks];
      return { open, close, innerOpen, innerClose, spaced: SPACED(tag) };
    }
  }
  return ENGLISH;
}

/** `text` between its language's outer quotation marks (a display pull quote). */
export function inQuotationMarks(text: string, language: string): string {
  const marks = quotationMarks(language);
  const space = marks.spaced ? NO_BREAK_SPACE : '';
  return `${marks.open}${space}${text}${space}${marks.close}`;
}

/**
 * `text` without a pair of quotation marks around the whole of it, English's or its language's,
 * that holds no other mark of the pair (a pull quote typed in quotes: the layout sets its own).
 */
export function withoutEnclosingQuotes(text: string, language: string): string {
  const marks = quotationMarks(language);
  for (const [open, close] of [['“', '”'], ['‘', '’'], [marks.open, marks.close], [marks.innerOpen, marks.innerClose]]) {
    if (text.length < 2 || !text.startsWith(open) || !text.endsWith(close)) continue;
    const inner = text.slice(open.length, text.length - close.length);
    if (!inner.includes(open) && !inner.includes(close)) return inner.trim();
  }
  return text.trim();
}

/** Every mark that opens or closes a quotation in some language: what a pull quote's match ignores. */
export const QUOTATION_MARK = /['"‘’‚‛“”„‟«»‹›「」『』]/g;

/** Words that begin with an apostrophe of their own (an elision), not a quotation. */
const ELISIONS = new Set(['n', 'til', 'em', 'cause', 'tis', 'twas', 'bout', 'cept', 'nuff']);

/** The letters of the word that starts at `from`, lower-cased, if a non-letter (or the end) follows them. */
function wordAt(chars: readonly string[], from: number): string {
  let end = from;
  while (end < chars.length && LETTER.test(chars[end])) end++;
  return chars.slice(from, end).join('').toLowerCase();
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && (LETTER.test(ch) || DIGIT.test(ch));
}

/**
 * `text`'s characters (code points) with every straight quote made typographic (see the module
 * comment), each as the text it becomes: one character, or a guillemet with its no-break space.
 * Undefined when the text has no straight quote.
 */
function quotedCharacters(text: string, language: string): string[] | undefined {
  if (!text.includes("'") && !text.includes('"')) return undefined;
  const marks = quotationMarks(language);
  const chars = [...text];
  const out = [...chars];
  // Opening quotes a straight quote may follow and still open: English's and the language's own,
  // less those that close in this language (German “ closes).
  const openers = new Set(['‘', '“', '«', marks.open, marks.innerOpen]);
  for (const [open, close] of [[marks.open, marks.close], [marks.innerOpen, marks.innerClose]]) if (open !== close) openers.delete(close);
  const opensAfter = (ch: string | undefined) => ch === undefined || OPENS_AFTER.test(ch) || openers.has(ch);
  // A French guillemet with its space inside: a space typed there becomes the no-break space.
  const place = (i: number, mark: string, opening: boolean) => {
    chars[i] = mark;
    out[i] = mark;
    if (!marks.spaced || !'«»'.includes(mark)) return;
    const beside = opening ? i + 1 : i - 1;
    if (chars[beside] !== undefined && SPACE.test(chars[beside])) {
      if (out[beside] === chars[beside]) out[beside] = NO_BREAK_SPACE;
    } else out[i] = opening ? `${mark}${NO_BREAK_SPACE}` : `${NO_BREAK_SPACE}${mark}`;
  };
  let openSingle = 0;
  let openDouble = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    // Typed quotes count as the language reads them; ’ is an apostrophe as often as a quote.
    if (ch === marks.innerOpen && ch !== marks.innerClose) openSingle++;
    else if (ch === marks.open && ch !== marks.close) openDouble++;
    else if (ch === marks.close && ch !== '’') openDouble = marks.open === marks.close && openDouble === 0 ? 1 : Math.max(0, openDouble - 1);
    else if (ch === marks.innerClose && ch !== '’') openSingle = marks.innerOpen === marks.innerClose && openSingle === 0 ? 1 : Math.max(0, openSingle - 1);
    if (ch !== "'" && ch !== '"') continue;
    const before = chars[i - 1];
    const after = chars[i + 1];
    const afterDigit = before !== undefined && DIGIT.test(before);
    if (ch === "'") {
      if (isWordChar(before) && after !== undefined && LETTER.test(after)) place(i, '’', false);
      else if (afterDigit && openSingle === 0) continue;
      else if (opensAfter(before) && after !== undefined && (DIGIT.test(after) || ELISIONS.has(wordAt(chars, i + 1)))) place(i, '’', false);
      else if (opensAfter(before) && !(marks.spaced && openSingle > 0 && SPACE.test(before!) && (after === undefined || CLOSES_BEFORE.test(after)))) {
        place(i, marks.innerOpen, true);
        openSingle++;
      } else if (openSingle > 0) {
        place(i, marks.innerClose, false);
        openSingle--;
      } else place(i, '’', false);
    } else {
      if (afterDigit && openDouble === 0) continue;
      // Feet and inches (5'11"): an inch mark, whatever quotation is open.
      if (afterDigit && /\d'\d{1,2}$/.test(chars.slice(Math.max(0, i - 4), i).join(''))) continue;
      if (opensAfter(before) && !(marks.spaced && openDouble > 0 && SPACE.test(before!) && (after === undefined || CLOSES_BEFORE.test(after)))) {
        place(i, marks.open, true);
        openDouble++;
      } else {
        place(i, marks.close, false);
        openDouble = Math.max(0, openDouble - 1);
      }
    }
  }
  return out;
}

/** `text` with every straight quote made typographic in `language`'s marks (see the module comment). */
export function typographicQuotes(text: string, language = 'en'): string {
  return quotedCharacters(text, language)?.join('') ?? text;
}

/**
 * Runs with typographic quotes, decided across run boundaries (“<em>word</em>”): each character's
 * result stays in the run the character was in (a French guillemet's added space with its mark).
 */
export function typographicRuns(runs: readonly TextRun[], language = 'en'): TextRun[] {
  const whole = runs.map((run) => run.text).join('');
  const out = quotedCharacters(whole, language);
  if (out === undefined) return [...runs];
  // Each character's result goes to the run its first UTF-16 unit is in.
  const units = [...whole].map((ch) => ch.length);
  let character = 0;
  let offset = 0;
  return runs.map((run) => {
    const end = offset + run.text.length;
    let text = '';
    while (offset < end && character < units.length) {
      text += out[character];
      offset += units[character++];
    }
    return text === run.text ? run : { ...run, text };
  });
}
