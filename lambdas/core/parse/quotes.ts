/**
 * Typographic quotes. Copy arrives with straight quotes, curly ones or both (a wire story pasted
 * from two systems, a headline typed by hand over a body from the CMS); the paper prints only
 * curly ones. Every article field and body block passes here once, in `finishArticle`, whatever
 * its input format.
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
 *   opening quote, opens: ‘ “;
 * - any other quote closes: ’ ”, which also covers a plural possessive (farmers’).
 * Curly quotes already in the copy are kept; the text's length never changes, so runs can be
 * converted as one string and cut back at the same offsets.
 */
import { withJoinedTextEdited, type TextRun } from '../article';

const LETTER = /[\p{L}\p{M}]/u;
const DIGIT = /\p{Nd}/u;
/** What may stand before an opening quote. */
const OPENS_AFTER = /[\s([{\u2014\u2013\-/‘“«]/u;

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

/** `text` with every straight quote made typographic (see the module comment). */
export function typographicQuotes(text: string): string {
  if (!text.includes("'") && !text.includes('"')) return text;
  const chars = [...text];
  let openSingle = 0;
  let openDouble = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '‘') openSingle++;
    else if (ch === '“') openDouble++;
    else if (ch === '”') openDouble = Math.max(0, openDouble - 1);
    if (ch !== "'" && ch !== '"') continue;
    const before = chars[i - 1];
    const after = chars[i + 1];
    const afterDigit = before !== undefined && DIGIT.test(before);
    if (ch === "'") {
      if (isWordChar(before) && after !== undefined && LETTER.test(after)) chars[i] = '’';
      else if (afterDigit && openSingle === 0) continue;
      else if ((before === undefined || OPENS_AFTER.test(before)) && after !== undefined && (DIGIT.test(after) || ELISIONS.has(wordAt(chars, i + 1)))) chars[i] = '’';
      else if (before === undefined || OPENS_AFTER.test(before)) {
        chars[i] = '‘';
        openSingle++;
      } else {
        chars[i] = '’';
        openSingle = Math.max(0, openSingle - 1);
      }
    } else {
      if (afterDigit && openDouble === 0) continue;
      // Feet and inches (5'11"): an inch mark, whatever quotation is open.
      if (afterDigit && /\d'\d{1,2}$/.test(chars.slice(Math.max(0, i - 4), i).join(''))) continue;
      if (before === undefined || OPENS_AFTER.test(before)) {
        chars[i] = '“';
        openDouble++;
      } else {
        chars[i] = '”';
        openDouble = Math.max(0, openDouble - 1);
      }
    }
  }
  return chars.join('');
}

/** Runs with typographic quotes, decided across run boundaries (“<em>word</em>”). */
export function typographicRuns(runs: readonly TextRun[]): TextRun[] {
  return [...withJoinedTextEdited(runs, typographicQuotes)];
}
