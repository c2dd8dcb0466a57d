/**
 * Scripts written without spaces between words: Thai, Lao, Khmer and Burmese (broken at dictionary
 * word boundaries, which Node's full ICU provides through Intl.Segmenter) and Chinese and Japanese
 * (broken between words too). Korean separates words with spaces. The line breaker breaks such a
 * run between its words (typeset/paragraph.ts), and the search indexes and looks for its words
 * one by one (reader.ts searchTokens).
 */
export const UNSPACED_SCRIPT = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * A story in Hebrew (or Yiddish, or any language tagged as written in Hebrew letters: "lad-Hebr")
 * is set right to left: its columns read from the right, its lines are `dir="rtl"` (html/emit.ts).
 * Arabic-script languages are not listed: their letters change shape with their neighbours, which
 * our per-glyph measure cannot follow, and no shipped face has them (they print with a warning).
 */
export function writtenRightToLeft(language: string): boolean {
  // Asked for every word a right-to-left-aware measure sets (typeset/paragraph.ts): answered once a tag.
  let rightToLeft = directionByLanguage.get(language);
  if (rightToLeft === undefined) {
    rightToLeft = /^(?:he|iw|yi|ji)(?:-|$)/i.test(language) || /^[a-z]{2,3}-hebr(?:-|$)/i.test(language);
    if (directionByLanguage.size >= 256) directionByLanguage.clear();
    directionByLanguage.set(language, rightToLeft);
  }
  return rightToLeft;
}
const directionByLanguage = new Map<string, boolean>();

/**
 * A letter of a script written right to left (Unicode's bidi classes R and AL), whatever its
 * story's language: text holding one is isolated where it stands beside other text (html/emit.ts).
 */
export const RIGHT_TO_LEFT_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}]/u;

/**
 * A paper's name, a headline or a reader's query where a title joins it to other text ("<paper> —
 * <date>", "<headline> · <paper>"): as a bidi isolate (U+2068 FIRST STRONG ISOLATE … U+2069 POP
 * DIRECTIONAL ISOLATE) when it holds a right-to-left letter. Joined bare, a Hebrew paper's name and
 * the date after it were one right-to-left run in a title bar ("2019-12-04 — <name>"), and a title
 * starting with a Hebrew headline was set right to left whole where a title bar takes its
 * direction from the first letter ("<paper> · <headline>"). A title of Latin text only is left as
 * it is, without characters a title bar or a bookmark would carry unseen.
 */
export function isolatedIfRightToLeft(text: string): string {
  return RIGHT_TO_LEFT_LETTER.test(text) ? `\u2068${text}\u2069` : text;
}

/** What a story's letters decide when no tag names its language (parse/index.ts finishArticle). */
export const SCRIPT_POLICY = {
  /**
   * The share of an untagged story's letters (headline and body) above which it is in Hebrew, set
   * right to left: more than half. An English story quoting a Hebrew name stays English.
   */
  hebrewLetterShare: 0.5,
} as const;

const LETTER = /\p{L}/gu;
const HEBREW_LETTER = /(?=\p{L})\p{Script=Hebrew}/gu;
/** HEBREW_LETTER for a test (a global expression's test() would carry its lastIndex over). */
const ANY_HEBREW_LETTER = new RegExp(HEBREW_LETTER.source, 'u');

/**
 * The language of a story that has no language tag, from its own letters: Hebrew ("he") when most
 * of them are Hebrew, otherwise English, the default tag. A newsroom that forgot `language:` (a
 * ninjs item without `language`) printed its Hebrew story left to right: its lines began at the
 * left, and a Latin name or a number put the words around it out of order. Arabic letters decide
 * nothing: Arabic is not set right to left (writtenRightToLeft).
 */
export function languageOfLetters(text: string): string {
  // Most stories have no Hebrew letter at all: their letters are not counted.
  if (!ANY_HEBREW_LETTER.test(text)) return 'en';
  const letters = text.match(LETTER)?.length ?? 0;
  const hebrew = text.match(HEBREW_LETTER)?.length ?? 0;
  return letters > 0 && hebrew / letters > SCRIPT_POLICY.hebrewLetterShare ? 'he' : 'en';
}
