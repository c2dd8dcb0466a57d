/**
 * Text folded to what a reader types without marks: the search's terms and documents, slugs, and
 * the jump heads' match of a slug's words to its headline all fold alike.
 */

/**
 * Latin letters whose mark is part of the letter (Unicode gives them no decomposition, so removing
 * combining marks leaves them as they are), as typed without it: "Łódź" is "lodz", "Straße"
 * "strasse", "Diyarbakır" "diyarbakir", "Đà Nẵng" "da nang".
 */
const UNDECOMPOSED: Readonly<Record<string, string>> = {
  đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', ı: 'i', ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O',
  ð: 'd', Ð: 'D', þ: 'th', Þ: 'TH', ħ: 'h', Ħ: 'H', ŧ: 't', Ŧ: 'T', ŋ: 'n', Ŋ: 'N', ĸ: 'k', ſ: 's',
};
const UNDECOMPOSED_LETTER = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'g');
/** Characters inside a word that a reader never types: soft hyphen, zero-width space and joiners, word joiner, BOM. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
/**
 * Combining marks where they are accents, tone marks or the like: on a Latin, Greek or Cyrillic
 * letter (or on a digit, a space or a sign, or on nothing: they sit on no letter), and Hebrew's
 * points (niqqud, dagesh, the shin and sin dots, cantillation), which readers leave out as they type
 * ("שלום" found nothing in a pointed "שָׁלוֹם"). Elsewhere a mark is part
 * of what is written: Thai's and the Indic scripts' vowels and tone marks, the kana's voicing marks
 * (every combining mark was dropped, and "ข้าว" (rice) found "ข่าว" (news), "दलल" found "दिल्ली",
 * "かっこう" found "がっこう").
 */
const ACCENTS = /(^|[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Hebrew}\p{Script=Common}])\p{M}+/gu;

/** `text` without accents, tone marks, the marks of the letters above, or invisible characters; case kept; NFC. */
export function foldMarks(text: string): string {
  return text.normalize('NFD').replace(INVISIBLE, '').replace(ACCENTS, '$1').replace(UNDECOMPOSED_LETTER, (letter) => UNDECOMPOSED[letter]).normalize('NFC');
}
