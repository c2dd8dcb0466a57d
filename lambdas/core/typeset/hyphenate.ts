/**
 * Hyphenation points by language, from the `hyphen` package's TeX patterns. English is hyphenated;
 * Vietnamese (and any language without patterns here) is not: Vietnamese words are single
 * syllables, and breaking a name such as "Nguyễn" would be an error a reader notices at once.
 *
 * Every English tag uses Liang's American patterns (hyph-en-us). The British set (hyph-en-gb)
 * breaks against the dictionary on common newspaper words ("fun-ded", "selec-ted", "smal-ler",
 * "wo-men's", "estim-ates"), while British and American dictionaries divide those words alike;
 * test/fixtures/english-hyphenation.txt holds the reference divisions every point is checked against.
 */
import enUs from 'hyphen/en-us';

type Hyphenator = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;

const HYPHENATORS: Readonly<Record<string, Hyphenator>> = {
  en: enUs.hyphenateSync as Hyphenator,
  'en-gb': enUs.hyphenateSync as Hyphenator,
  'en-us': enUs.hyphenateSync as Hyphenator,
};

const MIN_WORD_LENGTH = 6;
/** Letters kept before a break (TeX's \lefthyphenmin for English). */
const MIN_BEFORE = 2;
/**
 * Letters carried over after a break (\righthyphenmin), counted up to an apostrophe: "wom-en's"
 * would carry over only two letters of the word.
 */
const MIN_AFTER = 3;

/**
 * Words the American patterns divide wrongly, as the dictionary divides them (British spellings
 * the patterns were never trained on). Keys are lower case; "-" marks every allowed break.
 */
const EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  ['programme', 'pro-gramme'],
  ['programmes', 'pro-grammes'],
]);
const cache = new Map<string, readonly number[]>();

function hyphenatorFor(language: string): Hyphenator | undefined {
  const tag = language.toLowerCase();
  return HYPHENATORS[tag] ?? HYPHENATORS[tag.split('-')[0]];
}

/**
 * Offsets inside `word` where a hyphen may be inserted (the break goes before that character).
 * Words with digits, capitals-only (acronyms), non-Latin-1 letters (names with Vietnamese
 * diacritics) or fewer than 6 letters are never hyphenated.
 */
export function hyphenationPoints(word: string, language: string): readonly number[] {
  const hyphenate = hyphenatorFor(language);
  if (!hyphenate || word.length < MIN_WORD_LENGTH) return [];
  if (/[0-9]/.test(word) || /[^\u0000-\u00ff\u2019-]/.test(word)) return [];
  const key = `${language}\u0000${word}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const points: number[] = [];
  // Hyphenate each hyphen-free part separately; an existing hyphen is itself a break opportunity.
  let offset = 0;
  for (const part of word.split('-')) {
    // Only the letters before an apostrophe are divided: "’s", "n’t" and "’ll" stay with their stem.
    const apostrophe = part.search(/['’]/);
    const stem = apostrophe < 0 ? part : part.slice(0, apostrophe);
    if (stem.length >= MIN_WORD_LENGTH && stem !== stem.toUpperCase()) {
      for (const index of stemPoints(stem, hyphenate)) {
        if (index >= MIN_BEFORE && stem.length - index >= MIN_AFTER && /\p{L}/u.test(stem[index - 1]) && /\p{L}/u.test(stem[index])) {
          points.push(offset + index);
        }
      }
    }
    offset += part.length + 1;
  }
  cache.set(key, points);
  return points;
}

/** Break offsets in one hyphen- and apostrophe-free stem, from the exceptions or the patterns. */
function stemPoints(stem: string, hyphenate: Hyphenator): number[] {
  // A Map, not an object: a word such as "constructor" must not find Object.prototype's members.
  const marked = EXCEPTIONS.get(stem.toLowerCase()) ?? hyphenate(stem, { hyphenChar: '-' });
  const points: number[] = [];
  let index = 0;
  for (const ch of marked) {
    if (ch === '-') points.push(index);
    else index += ch.length;
  }
  return points;
}
