/**
 * typeset/hyphenate.ts walks the `hyphen` package's American patterns itself for stems of plain
 * letters (markedByPatterns): it must mark every such stem exactly as the package's hyphenateSync
 * does, exception words, capitals, accented letters and the longest words included.
 */
import { readFileSync } from 'node:fs';
import enUs from 'hyphen/en-us';
import { describe, expect, it } from 'vitest';
import { markedByPatterns } from '../../lambdas/core/typeset/hyphenate';

/** The reference list's words, and every 6+ letter stem of the fixture generator's text. */
function words(): string[] {
  const reference = readFileSync(new URL('../fixtures/english-hyphenation.txt', import.meta.url), 'utf8');
  const generator = readFileSync(new URL('../fixtures/generate-edition.ts', import.meta.url), 'utf8');
  const found = new Set<string>();
  for (const text of [reference, generator]) for (const word of text.match(/[A-Za-z\u00c0-\u00ff]{6,}/g) ?? []) found.add(word);
  return [...found];
}

describe('markedByPatterns', () => {
  it('marks stems of plain letters as the hyphen package does', () => {
    const stems = words();
    // Variants the patterns treat differently: capitals, all capitals, Latin-1 letters, exception words.
    const variants = stems.flatMap((word) => [word, word.toLowerCase(), word[0].toUpperCase() + word.slice(1).toLowerCase(), word.toUpperCase()]);
    variants.push('associates', 'Associates', 'reformation', 'presents', 'café', 'Müllerstraße', 'naïveté', 'señoritas', 'ÉCOLES', 'table', 'Tables', 'supercalifragilistic', 'pneumonoultramicroscopicsilicovolcanoconiosis');
    expect(stems.length).toBeGreaterThan(200);
    let hyphenated = 0;
    for (const stem of variants) {
      const expected = enUs.hyphenateSync(stem, { hyphenChar: '-' });
      if (expected.includes('-')) hyphenated++;
      expect(markedByPatterns(stem, enUs.patterns), stem).toBe(expected);
    }
    // Most of them have a break to find.
    expect(hyphenated).toBeGreaterThan(variants.length / 2);
  });
});
