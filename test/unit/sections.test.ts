/**
 * One spelling per section (lambdas/core/sections.ts): a story's `section` that differs from a listed
 * one only in case or spacing is that section; unlisted spellings of one section are one section.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../lambdas/core/article';
import { canonicalSections } from '../../lambdas/core/sections';

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
