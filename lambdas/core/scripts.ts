/**
 * Scripts written without spaces between words: Thai, Lao, Khmer and Burmese (broken at dictionary
 * word boundaries, which Node's full ICU provides through Intl.Segmenter) and Chinese and Japanese
 * (broken between words too). Korean separates words with spaces. The line breaker breaks such a
 * run between its words (typeset/paragraph.ts), and the search indexes and looks for its words
 * one by one (reader.ts searchTokens).
 */
export const UNSPACED_SCRIPT = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
