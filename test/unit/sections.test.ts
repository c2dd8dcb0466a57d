/**
 * One spelling per section (lambdas/core/sections.ts): a story's `section` that differs from a listed
 * one only in case or spacing is that section; unlisted spellings of one section are one section.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../lambdas/core/article';
import { join } from 'node:path';
import { canonicalSections } from '../../lambdas/core/sections';
import { resolveLayoutConfig } from '../../lambdas/core/layout/config';
import { composePages } from '../../lambdas/core/layout/compose';
import { collectFolder } from '../support/compose';
import { testFonts } from '../support/fonts';

const story = (source: string, section: string): Article =>
  ({ slug: source.replace(/\.md$/, ''), headline: source, section, priority: 3, body: [], language: 'en', source, format: 'markdown' }) as Article;

describe('canonicalSections', () => {
  it('spells a section as edition.yaml lists it, whatever its case and spacing, and says so', () => {
    const { articles, warnings } = canonicalSections(
      [story('a.md', 'national'), story('b.md', ' NATIONAL '), story('c.md', 'National'), story('d.md', 'thể  thao')],
      ['National', 'Thể thao'],
    );
    expect(articles.map((a) => a.section)).toEqual(['National', 'National', 'National', 'Thể thao']);
    expect(warnings).toEqual([
      { file: 'a.md', message: "`section` 'national' prints as 'National', as edition.yaml lists it" },
      { file: 'b.md', message: "`section` ' NATIONAL ' prints as 'National', as edition.yaml lists it" },
      { file: 'd.md', message: "`section` 'thể  thao' prints as 'Thể thao', as edition.yaml lists it" },
    ]);
  });

  it('makes one section of unlisted spellings that differ only so: the most stories\' spelling, ties to the first file', () => {
    const { articles, warnings } = canonicalSections(
      [story('a.md', 'sport'), story('b.md', 'Sport'), story('c.md', 'Sport'), story('d.md', 'Life'), story('e.md', 'LIFE')],
      ['National'],
    );
    expect(articles.map((a) => a.section)).toEqual(['Sport', 'Sport', 'Sport', 'Life', 'Life']);
    expect(warnings.map((w) => w.file)).toEqual(['a.md', 'e.md']);
    expect(warnings[0].message).toBe("`section` 'sport' prints as 'Sport', as most of its stories spell it");
  });

  it('leaves stories whose sections are spelt one way as they are (the same objects)', () => {
    const stories = [story('a.md', 'National'), story('b.md', 'World')];
    const { articles, warnings } = canonicalSections(stories, ['World']);
    expect(articles[0]).toBe(stories[0]);
    expect(articles[1]).toBe(stories[1]);
    expect(warnings).toEqual([]);
  });
});

describe('edition.yaml read twice over (an adversarial review)', () => {
  it('lists each section once, however often and however spelt, and prints its stories once', async () => {
    const { config, warnings } = resolveLayoutConfig({ sections: ['National', 'Life', 'Life', ' life', 'LIFE  ', 'Li\u0301fe'] });
    // A decomposed "Lífe" is another word, and another section.
    expect(config.sections).toEqual(['National', 'Life', 'Lífe']);
    expect(warnings).toEqual([
      'edition.yaml: `sections` lists "Life" again; it prints where it is first listed',
      'edition.yaml: `sections` lists "life" again; it prints where it is first listed',
      'edition.yaml: `sections` lists "LIFE" again; it prints where it is first listed',
    ]);
    // Listed twice, Life's story was set twice under two bands, its first copy "continued" on a page the edition did not have.
    const sample = await collectFolder(join(__dirname, '../../samples'));
    const composition = composePages(sample.articles, sample.photos, { ...sample.config, sections: config.sections }, sample.grid, await testFonts());
    const starts = composition.pages.flatMap((page) => page.modules.filter((m) => m.continuedFrom === undefined).map((m) => m.slug));
    expect(starts.length).toBeGreaterThan(10);
    expect(starts.filter((slug, i) => starts.indexOf(slug) !== i)).toEqual([]);
    expect(composition.problems.filter((problem) => /not placed|lost/.test(problem))).toEqual([]);
  });

  it('cuts a long notice between characters as a reader sees them, never inside an emoji', () => {
    const { config } = resolveLayoutConfig({ houseAds: [{ headline: '😀'.repeat(70), text: '👩‍👩‍👧‍👦'.repeat(120) }] });
    const [notice] = config.houseAds;
    expect([...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(notice.headline)]).toHaveLength(70);
    for (const text of [notice.headline, notice.text]) expect(text, 'a lone surrogate').not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(notice.text.endsWith('👩‍👩‍👧‍👦')).toBe(true);
  });
});
