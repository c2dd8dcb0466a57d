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
