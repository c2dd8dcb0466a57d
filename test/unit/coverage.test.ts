/**
 * The edition's font coverage (typeset/coverage.ts): which characters the edition's text holds,
 * which fallback fonts it needs and what no font has. Its characters feed the fallback subsets, so
 * every code point must be counted, astral ones (surrogate pairs) included.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../lambdas/core/article';
import { editionFontCoverage } from '../../lambdas/core/typeset/coverage';
import type { FontBook } from '../../lambdas/core/typeset/fonts';
import { testFonts } from '../support/fonts';

let fonts: FontBook;
beforeAll(async () => {
  fonts = await testFonts();
});

function article(slug: string, text: string): Article {
  return { slug, headline: `Headline ${slug}`, section: 'News', priority: 3, body: [{ kind: 'paragraph', runs: [{ text }] }], language: 'en', source: `${slug}.md`, format: 'markdown' };
}

describe('editionFontCoverage', () => {
  it('counts every code point of the text once, astral ones whole, and names the fallbacks and the missing', () => {
    const texts = ['Plain ASCII, twice: ASCII.', 'Tiếng Việt có dấu: Hà Nội, Đà Nẵng.', 'ภาษาไทย and 한국어', 'An emoji 🙂 and a musical G clef 𝄞, a lone high surrogate \ud83d here.'];
    const articles = texts.map((text, i) => article(`a${i}`, text));
    const coverage = editionFontCoverage(articles, ['The Herald'], fonts);
    // The reference: the string iterator over the same texts.
    const expected = new Set<number>([0x0a]); // the line breaks the parts are joined with
    // Section heads and the edition's settings are set in capitals too.
    for (const a of articles) for (const part of [a.headline, a.section, a.section.toUpperCase(), texts[Number(a.slug.slice(1))]]) for (const ch of part) expected.add(ch.codePointAt(0)!);
    for (const ch of 'The Herald THE HERALD') expected.add(ch.codePointAt(0)!);
    expect([...coverage.characters].map((ch) => ch.codePointAt(0)!)).toEqual([...expected].sort((x, y) => x - y));
    expect([...coverage.fallbacks]).toEqual(expect.arrayContaining(['thai-regular']));
    expect([...coverage.fallbacks]).toEqual(expect.arrayContaining(['emoji-regular']));
    // The clef is in no font the paper ships: named, in the warning of its file; the emoji is printed (Noto Emoji).
    const warning = coverage.warnings.find((w) => w.file === 'a3.md');
    expect(warning?.message).toContain('U+1D11E');
    expect(warning?.message).not.toContain('U+1F642');
    expect(coverage.warnings.some((w) => w.file === 'a1.md')).toBe(false);
  });

  it('prints Hebrew, its points and its maqaf, in Noto Sans Hebrew: no warning, regular and bold embedded', () => {
    // Until Hebrew had a face, every Hebrew letter was an empty box with a warning.
    const hebrew = { ...article('he', 'הספרייה העירונית חוגגת מאה שנה, והמילה שָׁלוֹם כתובה על הדלת לכ־1,275 קוראים.'), headline: 'גשר חדש נפתח', language: 'he' };
    const coverage = editionFontCoverage([hebrew, article('en', 'The sign says מאפייה, bakery.')], [], fonts);
    expect(coverage.warnings).toEqual([]);
    expect([...coverage.fallbacks]).toEqual(expect.arrayContaining(['hebrew-regular', 'hebrew-bold']));
  });

  it('counts a byline and a dateline as printed, in the capitals of their language', () => {
    const greek = { ...article('el', 'Κείμενο.'), language: 'el', byline: 'Γιώργος Παπαδόπουλος', dateline: 'Αθήνα' };
    const turkish = { ...article('tr', 'Metin.'), language: 'tr', byline: 'Elif Şimşek' };
    const coverage = editionFontCoverage([greek, turkish], [], fonts);
    // Ρ, Δ, Υ and the capitals without accents appear only in the printed capitals; İ only in Turkish ones.
    for (const ch of ['Γ', 'Ι', 'Ω', 'Ρ', 'Π', 'Δ', 'Υ', 'Λ', 'Σ', 'Θ', 'Η', 'İ', 'Ş']) expect(coverage.characters, ch).toContain(ch);
  });
});
