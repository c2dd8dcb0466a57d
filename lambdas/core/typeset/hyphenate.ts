/**
 * Hyphenation points by language, from the `hyphen` package's TeX patterns. English is hyphenated,
 * and the languages of PATTERN_FILES once their patterns are handed in (below); Vietnamese (and any
 * language without patterns here) is not: Vietnamese words are single syllables, and breaking a
 * name such as "Nguyễn" would be an error a reader notices at once. Hebrew has no patterns and is
 * never hyphenated; the Latin words of a story set right to left are, as English (LATIN_IN_RIGHT_TO_LEFT).
 *
 * Every English tag uses Liang's American patterns (hyph-en-us). The British set (hyph-en-gb)
 * breaks against the dictionary on common newspaper words ("fun-ded", "selec-ted", "smal-ler",
 * "wo-men's", "estim-ates"), while British and American dictionaries divide those words alike;
 * test/fixtures/english-hyphenation.txt holds the reference divisions every point is checked against.
 * Two known defects of the American set are corrected here (EXCEPTIONS, withoutVowellessPieces).
 *
 * Other languages with patterns in the package (PATTERN_FILES: German, French, Spanish, Turkish…)
 * are hyphenated once the build has handed their patterns in (useHyphenationPatterns): an adapter
 * reads the files an edition's languages need, so a Lambda loads none of the 3 MB it does not use,
 * and the core reads no file. Until then, or for a language with none, a word is never divided at
 * a syllable (only a word wider than its column is cut, paragraph.ts).
 */
import enUs from 'hyphen/en-us';
import { capitalsIn, lowerCaseIn } from '../article';
import { writtenRightToLeft } from '../scripts';

type Hyphenator = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;

const HYPHENATORS: Readonly<Record<string, Hyphenator>> = {
  en: enUs.hyphenateSync as Hyphenator,
  'en-gb': enUs.hyphenateSync as Hyphenator,
  'en-us': enUs.hyphenateSync as Hyphenator,
};

/**
 * The `hyphen` package's pattern file (hyphen/patterns/<file>.js) for each language tag, or its
 * primary subtag, that is hyphenated besides English: German in the 1996 spelling, Greek monotonic,
 * Norwegian Bokmål for "no". Vietnamese has none: its words are single syllables.
 */
export const PATTERN_FILES: Readonly<Record<string, string>> = {
  de: 'de-1996', 'de-ch': 'de-ch-1901', fr: 'fr', es: 'es', it: 'it', pt: 'pt', nl: 'nl', ca: 'ca', ro: 'ro', pl: 'pl',
  cs: 'cs', sk: 'sk', sl: 'sl', hr: 'hr', hu: 'hu', tr: 'tr', sv: 'sv', da: 'da', nb: 'nb', no: 'nb', nn: 'nn',
  fi: 'fi', et: 'et', lv: 'lv', lt: 'lt', is: 'is', id: 'id', ru: 'ru', uk: 'uk', bg: 'bg', el: 'el-monoton',
};

/** The pattern file `language` is hyphenated with, if any (English aside). */
export function patternFileFor(language: string): string | undefined {
  const tag = language.toLowerCase();
  if (HYPHENATORS[tag] ?? HYPHENATORS[tag.split('-')[0]]) return undefined;
  return PATTERN_FILES[tag] ?? PATTERN_FILES[tag.split('-')[0]];
}

/** Patterns handed in by the build, by pattern file (see useHyphenationPatterns). */
const handedIn = new Map<string, Patterns>();

/**
 * Hands in the patterns of `file` (PATTERN_FILES), as the `hyphen` package ships them. Called by
 * the build before it composes, for each language its stories are in; the same file again is kept.
 */
export function useHyphenationPatterns(file: string, patterns: Patterns): void {
  if (!handedIn.has(file)) handedIn.set(file, patterns);
}

/**
 * The patterns a Latin word in a right-to-left story is divided by: English's, the default
 * language's, always at hand (such a word is most often an English name or term).
 */
const LATIN_IN_RIGHT_TO_LEFT = 'en';
/** A word whose letters are all Latin (its marks, apostrophes and hyphens aside). */
const LATIN_WORD = /^(?=[^\p{L}]*\p{Script=Latin})(?:\p{Script=Latin}|[^\p{L}])+$/u;

const MIN_WORD_LENGTH = 6;
/** Letters kept before a break (TeX's \lefthyphenmin for English). */
const MIN_BEFORE = 2;
/**
 * Letters carried over after a break (\righthyphenmin), counted up to an apostrophe: "wom-en's"
 * would carry over only two letters of the word.
 */
const MIN_AFTER = 3;

/**
 * Words divided as the dictionary divides them, overriding the patterns. Keys are lower case; "-"
 * marks every allowed break. First TeX's own exceptions from plain TeX's hyphen.tex: the `hyphen`
 * package (1.14.1) ships them but applies their offsets as if no hyphen had been inserted before, so
 * that "reformation" came out "ref-orm-ati-on" and "associates" "as-soc-iates". Then British
 * spellings the American patterns were never trained on, and common words their extended set
 * divides wrongly.
 */
const EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  // plain TeX (hyphen.tex)
  ['associate', 'as-so-ciate'],
  ['associates', 'as-so-ciates'],
  ['declination', 'dec-li-na-tion'],
  ['obligatory', 'oblig-a-tory'],
  ['philanthropic', 'phil-an-thropic'],
  ['present', 'present'],
  ['presents', 'presents'],
  ['project', 'project'],
  ['projects', 'projects'],
  ['reciprocity', 'reci-procity'],
  ['recognizance', 're-cog-ni-zance'],
  ['reformation', 'ref-or-ma-tion'],
  ['retribution', 'ret-ri-bu-tion'],
  ['table', 'ta-ble'],
  // British spellings
  ['programme', 'pro-gramme'],
  ['programmes', 'pro-grammes'],
  // the extended American patterns' known misses ("de-mo-c-rat": tex-hyphen issue 15)
  ['academic', 'ac-a-dem-ic'],
  ['academics', 'ac-a-dem-ics'],
  ['democrat', 'dem-o-crat'],
  ['democrats', 'dem-o-crats'],
  ['democratic', 'dem-o-crat-ic'],
]);

const VOWELS = /[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüý]/i;

/**
 * The extended American patterns (Kuiken's, in hyph-utf8 and so in `hyphen`) sometimes cut a
 * consonant off on its own ("aca-d-e-m-ic", "con-t-a-m-i-nat-ing", "brief-in-gs"). No syllable is
 * vowel-less, so both points around such a piece are dropped: "contami-nat-ing", "brief-ings".
 */
function withoutVowellessPieces(stem: string, points: readonly number[]): number[] {
  const bounds = [0, ...points, stem.length];
  const bad = new Set<number>();
  for (let i = 0; i + 1 < bounds.length; i++) {
    if (!VOWELS.test(stem.slice(bounds[i], bounds[i + 1]))) {
      bad.add(bounds[i]);
      bad.add(bounds[i + 1]);
    }
  }
  return points.filter((p) => !bad.has(p));
}
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
  // A Latin word in a story set right to left (a name, a term in English) is hyphenated as it is
  // in a Latin story; Hebrew never is. Hebrew has no patterns, and its stories' Latin words went
  // whole to the next line, leaving a loose line or running past a narrow column.
  if (!hyphenate && writtenRightToLeft(language) && LATIN_WORD.test(word)) return hyphenationPoints(word, LATIN_IN_RIGHT_TO_LEFT);
  if (!hyphenate) return otherLanguagePoints(word, language);
  if (word.length < MIN_WORD_LENGTH) return [];
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

/**
 * Hyphenation points of a word in a language whose patterns were handed in: every letter counts (a
 * Polish ł, a Turkish ı), each part between hyphens and apostrophes is divided on its own (French
 * "l’économie" divides "économie"), and acronyms, words with digits and short words are not.
 */
function otherLanguagePoints(word: string, language: string): readonly number[] {
  const file = patternFileFor(language);
  const patterns = file ? handedIn.get(file) : undefined;
  if (!patterns || word.length < MIN_WORD_LENGTH || /\d/.test(word)) return [];
  const key = `${file}\u0000${word}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const points: number[] = [];
  for (const { index: offset, 0: part } of word.matchAll(/[^-'’]+/gu)) {
    // Patterns are written in composed letters; a part typed decomposed is left whole.
    if (part.length < MIN_WORD_LENGTH || part === capitalsIn(part, language) || part !== part.normalize('NFC')) continue;
    for (const index of markedPoints(markedByPatterns(part, patterns, language))) {
      if (index >= MIN_BEFORE && part.length - index >= MIN_AFTER && /\p{L}/u.test(part[index - 1]) && /\p{L}/u.test(part[index])) points.push(offset! + index);
    }
  }
  cache.set(key, points);
  return points;
}

/** Offsets of the "-" marks in a marked-up word. */
function markedPoints(marked: string): number[] {
  const points: number[] = [];
  let index = 0;
  for (const ch of marked) {
    if (ch === '-') points.push(index);
    else index += ch.length;
  }
  return points;
}

/** Break offsets in one hyphen- and apostrophe-free stem, from the exceptions or the patterns. */
function stemPoints(stem: string, hyphenate: Hyphenator): number[] {
  // A Map, not an object: a word such as "constructor" must not find Object.prototype's members.
  const exception = EXCEPTIONS.get(stem.toLowerCase());
  if (exception !== undefined) return markedPoints(exception);
  const marked = hyphenate === enUs.hyphenateSync && PLAIN_LETTERS.test(stem) ? markedByPatterns(stem, enUs.patterns) : hyphenate(stem, { hyphenChar: '-' });
  return withoutVowellessPieces(stem, markedPoints(marked));
}

/**
 * Letters the `hyphen` package reads as one word, nothing else: for a stem of these alone its
 * hyphenateSync hyphenates the whole stem as markedByPatterns does. Anything else (punctuation
 * inside a stem, "<" that it reads as HTML) still goes through the package.
 */
const PLAIN_LETTERS = /^[A-Za-z\u00c0-\u00ff]+$/;

export type Patterns = (typeof enUs)['patterns'];

/**
 * `stem` with "-" at each of its hyphenation points, as the `hyphen` package's hyphenateSync marks
 * a stem of plain letters (same exceptions, same pattern walk, its quirks kept: the slice from the
 * leading dot counts from the same place as the one after it, and levels may run past the end).
 * The package reads its text one character at a time through a chain of closures and reads the
 * clock for every word: in the first compose of the 30-article edition, hyphenationPoints took
 * 11–17 ms through it and 7–8 ms with this walk. test/unit/hyphenation-patterns.test.ts checks the
 * two against each other (the reference list, the fixture generator's words, their capitals);
 * when this was written they agreed on all 228,477 stems of Debian's American and British word
 * lists, each as written, in capitals and in lower case.
 */
export function markedByPatterns(stem: string, patterns: Patterns, language?: string): string {
  // The package leaves words under its minimum length (5 by default) alone.
  if (stem.length < 5) return stem;
  const [levelsTable, trie, exceptions] = patterns;
  // In the word's own language: a Turkish capital I is ı, not i.
  const lowered = language ? lowerCaseIn(stem, language) : stem.toLowerCase();
  const markers = Object.prototype.hasOwnProperty.call(exceptions, lowered) ? exceptions[lowered] : patternMarkers(stem.length, lowered, levelsTable, trie);
  if (markers.length === 0) return stem;
  let marked = stem.slice(0, markers[0]);
  for (let i = 1; i < markers.length; i++) marked += `-${stem.slice(markers[i - 1], markers[i])}`;
  return `${marked}-${stem.slice(markers[markers.length - 1])}`;
}

/** Liang's pattern walk over ".word.", as the `hyphen` package does it: odd levels are break points. */
function patternMarkers(length: number, lowered: string, levelsTable: Patterns[0], trie: Patterns[1]): number[] {
  const letters = `.${lowered}.`;
  const levels: number[] = new Array(length + 1).fill(0);
  for (let start = 0; letters.length - start >= 3; start++) {
    const entity = start === 0 ? 0 : start - 1;
    let node: Patterns[1] = trie;
    for (let i = start; i < letters.length; i++) {
      const found = Object.prototype.hasOwnProperty.call(node, letters[i]) ? node[letters[i]] : undefined;
      if (found === undefined) break;
      let levelIndex = -1;
      if (Array.isArray(found)) {
        node = found[0];
        levelIndex = found[1];
      } else if (typeof found === 'number') {
        node = {};
        levelIndex = found;
      } else node = found as Patterns[1];
      if (levelIndex < 0) continue;
      const pattern = levelsTable[levelIndex];
      // Past the end, as in the package, a level is NaN (the maximum with undefined): never a break.
      for (let k = 0; k < pattern.length; k++) levels[entity + k] = Math.max(pattern[k], levels[entity + k]);
    }
  }
  levels[0] = levels[1] = levels[levels.length - 1] = levels[levels.length - 2] = 0;
  const markers: number[] = [];
  for (let i = 0; i < levels.length; i++) if ((levels[i] & 1) === 1) markers.push(i);
  return markers;
}
