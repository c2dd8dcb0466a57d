/**
 * Hyphenation points by language, from the `hyphen` package's TeX patterns. English is hyphenated;
 * Vietnamese (and any language without patterns here) is not: Vietnamese words are single
 * syllables, and breaking a name such as "Nguyễn" would be an error a reader notices at once.
 */
import enGb from 'hyphen/en-gb';
import enUs from 'hyphen/en-us';

type Hyphenator = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;

const HYPHENATORS: Readonly<Record<string, Hyphenator>> = {
  en: enGb.hyphenateSync as Hyphenator,
  'en-gb': enGb.hyphenateSync as Hyphenator,
  'en-us': enUs.hyphenateSync as Hyphenator,
};

const MIN_WORD_LENGTH = 6;
const MIN_BEFORE = 2;
const MIN_AFTER = 3;
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
    const letters = part.replace(/[^\p{L}]/gu, '');
    if (letters.length >= MIN_WORD_LENGTH && letters !== letters.toUpperCase()) {
      const marked = hyphenate(part, { hyphenChar: '\u00ad' });
      let index = 0;
      for (const ch of marked) {
        if (ch === '\u00ad') {
          if (index >= MIN_BEFORE && part.length - index >= MIN_AFTER && /\p{L}/u.test(part[index - 1]) && /\p{L}/u.test(part[index])) {
            points.push(offset + index);
          }
        } else index += ch.length;
      }
    }
    offset += part.length + 1;
  }
  cache.set(key, points);
  return points;
}
