/**
 * English hyphenation against a reference word list: every point the hyphenator offers must be a
 * point where a dictionary divides the word (a missed point only costs a little spacing; a wrong
 * one is an error a reader sees, like "fun-ded" or "selec-ted").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hyphenationPoints } from '../../lambdas/core/typeset/hyphenate';

const REFERENCE = readFileSync(new URL('../fixtures/english-hyphenation.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const allowed: number[] = [];
    let word = '';
    for (const ch of line) {
      if (ch === '·') allowed.push(word.length);
      else word += ch;
    }
    return { word, allowed };
  });

/** The word with a hyphen at each of `points`, for readable failures. */
const shown = (word: string, points: readonly number[]) =>
  [...points].reverse().reduce((text, point) => `${text.slice(0, point)}-${text.slice(point)}`, word);

describe('English hyphenation against the reference list', () => {
  it('holds enough common words, with the inflected forms the sample broke badly', () => {
    expect(REFERENCE.length).toBeGreaterThanOrEqual(100);
    const words = new Set(REFERENCE.map((r) => r.word));
    for (const word of ["women's", 'funded', 'selected', 'smaller', 'reported', 'farming', 'researcher', "president's"]) {
      expect(words.has(word), word).toBe(true);
    }
  });

  for (const language of ['en', 'en-gb', 'en-us']) {
    it(`breaks ${language} words only where the dictionary does`, () => {
      const wrong: string[] = [];
      for (const { word, allowed } of REFERENCE) {
        const points = hyphenationPoints(word, language);
        if (points.some((p) => !allowed.includes(p))) wrong.push(`${shown(word, points)} (dictionary: ${shown(word, allowed)})`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('still finds most of the reference points, so that justified columns keep their breaks', () => {
    let found = 0;
    let possible = 0;
    for (const { word, allowed } of REFERENCE) {
      const usable = allowed.filter((p) => p >= 2 && word.replace(/['’].*$/, '').length - p >= 3);
      possible += usable.length;
      found += hyphenationPoints(word, 'en').filter((p) => usable.includes(p)).length;
    }
    expect(found / possible).toBeGreaterThan(0.75);
  });

  it('never breaks the four words seen broken on the sample', () => {
    expect(hyphenationPoints("women's", 'en')).toEqual([]);
    expect(hyphenationPoints('women’s', 'en')).toEqual([]);
    expect(hyphenationPoints('funded', 'en')).toEqual([]);
    expect(hyphenationPoints('selected', 'en')).toEqual([2]);
    expect(hyphenationPoints('smaller', 'en')).toEqual([]);
  });

  it('counts the right minimum up to an apostrophe, with straight and curly apostrophes alike', () => {
    expect(hyphenationPoints('government’s', 'en')).toEqual(hyphenationPoints('government', 'en'));
    expect(hyphenationPoints("children's", 'en')).toEqual([4]);
    expect(hyphenationPoints('women’s', 'en')).toEqual([]);
    expect(hyphenationPoints('programme’s', 'en')).toEqual([3]);
  });

  it('hyphenates words that name members of Object.prototype like any other word', () => {
    expect(hyphenationPoints('constructor', 'en')).toEqual([3, 8]);
    expect(() => hyphenationPoints('hasOwnProperty', 'en')).not.toThrow();
    expect(() => hyphenationPoints('propertyIsEnumerable', 'en')).not.toThrow();
  });
});
