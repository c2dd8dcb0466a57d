/**
 * Languages other than English are hyphenated with the `hyphen` package's patterns once the build
 * has read them (adapters/hyphenation-patterns.ts, handed to typeset/hyphenate.ts): a German story
 * divides its compounds at syllables, instead of running them past the measure or cutting them
 * anywhere. No Chromium: a renderer that prints blank pages; the lines are read from the HTML.
 */
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { loadHyphenationPatterns } from '../../lambdas/adapters/hyphenation-patterns';
import { loadEditionResources } from '../../lambdas/adapters/resources';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { buildEdition } from '../../lambdas/core/build-edition';
import { hyphenationPoints, PATTERN_FILES, patternFileFor, useHyphenationPatterns } from '../../lambdas/core/typeset/hyphenate';
import { blankPrinter } from '../support/blank-printer';
import { quietLogger } from '../support/edition';

const requirePackage = createRequire(import.meta.url);
const divided = (word: string, language: string) => {
  let out = '';
  let from = 0;
  for (const at of hyphenationPoints(word, language)) {
    out += `${word.slice(from, at)}-`;
    from = at;
  }
  return out + word.slice(from);
};

// First: nothing has handed the German patterns in yet (test files share a worker's modules, and
// only this one hands in patterns), so the build must read them itself.
describe('a German story built', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('divides its compounds at syllables', async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-german-'));
    const text =
      'Die Gemeindeverwaltung hat am Mittwoch beschlossen, die Straßenbahnverbindung zwischen dem Hauptbahnhof und der Universitätsbibliothek auszubauen. ' +
      'Die Verkehrsbetriebe rechnen mit Bauarbeiten bis zum Frühjahr, während Anwohnerinnen und Anwohner eine Informationsveranstaltung im Bürgerhaus besuchen können. ' +
      'Stadtentwicklungsplanerinnen erläuterten die Umweltverträglichkeitsprüfung und die Finanzierungsvereinbarungen ausführlich.';
    await writeFile(join(dir, 'stadt.md'), `---\nheadline: Straßenbahn wird bis zur Universität verlängert\nsection: World\nlanguage: de\ndate: 2019-12-04\n---\n\n${Array(6).fill(text).join('\n\n')}\n`);
    const outcome = await buildEdition({ source: new FsInputSource(dir), renderer: blankPrinter, images: new SharpImages(), resources: await loadEditionResources(), logger: quietLogger, now: () => new Date('2019-12-04T08:00:00Z') })({});
    if (!outcome.ok) throw new Error(outcome.reason);
    const html = outcome.edition.html;
    const ends = [...html.matchAll(/(\p{L}+)-<br>/gu)].map((m) => m[1]);
    expect(ends.length).toBeGreaterThan(2);
    // Each divided word is one of the story's, divided where the German patterns allow.
    const storyWords = new Set(text.match(/\p{L}+/gu));
    for (const start of ends) {
      const word = [...storyWords].find((w) => w.startsWith(start) && w.length > start.length);
      expect(word, start).toBeDefined();
      expect(hyphenationPoints(word!, 'de'), `${start}- of ${word}`).toContain(start.length);
    }
  });
});

describe('hyphenation patterns of other languages', () => {
  it('names a pattern file the package has for every language it lists, and none for English or Vietnamese', () => {
    for (const file of new Set(Object.values(PATTERN_FILES))) expect(() => requirePackage.resolve(`hyphen/patterns/${file}.js`), file).not.toThrow();
    expect(patternFileFor('de-DE')).toBe('de-1996');
    expect(patternFileFor('de-CH')).toBe('de-ch-1901');
    expect(patternFileFor('en-GB')).toBeUndefined();
    expect(patternFileFor('vi')).toBeUndefined();
  });

  it('divides words at the points the package marks, every letter counted, parts after an apostrophe too', async () => {
    const words: [string, string, string][] = [
      ['de', 'de-1996', 'Donaudampfschifffahrtsgesellschaft'],
      ['fr', 'fr', 'l’administration'],
      ['tr', 'tr', 'Afyonkarahisarlılaştırabildiklerimizden'],
      ['pl', 'pl', 'Konstantynopolitańczykowianeczka'],
      ['ru', 'ru', 'достопримечательность'],
    ];
    for (const [language, file] of words) useHyphenationPatterns(file, await loadHyphenationPatterns(file));
    expect(divided('Donaudampfschifffahrtsgesellschaft', 'de')).toBe('Do-nau-dampf-schiff-fahrts-ge-sell-schaft');
    expect(divided('l’administration', 'fr')).toMatch(/^l’ad-mi-nis-tra-tion$/);
    expect(divided('Afyonkarahisarlılaştırabildiklerimizden', 'tr')).toContain('lı-laş-tı-ra');
    expect(divided('Konstantynopolitańczykowianeczka', 'pl')).toContain('li-tań-czy');
    expect(divided('достопримечательность', 'ru')).toBe('до-сто-при-ме-ча-тель-ность');
    // Acronyms, digits and short words stay whole, as in English.
    expect(hyphenationPoints('UNESCO', 'de')).toEqual([]);
    expect(hyphenationPoints('Jahr2019gut', 'de')).toEqual([]);
    // Every point is one the package itself marks.
    for (const [language, , word] of words) {
      const reference = requirePackage(`hyphen/${language}`).hyphenateSync(word, { hyphenChar: '-' }) as string;
      expect(reference.replace(/-/g, '').length).toBe(word.length);
      const marks: number[] = [];
      let index = 0;
      for (const ch of reference) (ch === '-' ? marks.push(index) : (index += ch.length));
      for (const point of hyphenationPoints(word, language)) expect(marks, `${word} at ${point}`).toContain(point);
    }
  });
});
