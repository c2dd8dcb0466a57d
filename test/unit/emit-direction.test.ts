/**
 * A story in Hebrew is printed right to left (html/emit.ts, core/scripts.ts writtenRightToLeft):
 * its module says dir="rtl" and lang, its columns and a photo beside its text stand mirrored in its
 * box (its first column at the right), and its jump lines, in the edition's English, are set left to
 * right. The same stories in a language written left to right are printed as before: no dir, the
 * first column at the left. Both editions are composed from the same text, so their plans are
 * the same and only the direction differs.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article, BodyBlock } from '../../lambdas/core/article';
import { emitEditionHtml } from '../../lambdas/core/html/emit';
import { composePages, type Composition } from '../../lambdas/core/layout/compose';
import { gridFor, resolveLayoutConfig } from '../../lambdas/core/layout/config';
import { writtenRightToLeft } from '../../lambdas/core/scripts';
import type { FontBook } from '../../lambdas/core/typeset/fonts';
import { testFonts } from '../support/fonts';

let fonts: FontBook;
beforeAll(async () => {
  fonts = await testFonts();
});

type Element = ReturnType<typeof DomUtils.findAll>[number];

/**
 * Words of five letters or fewer, which no language divides (a Latin word in a Hebrew story is
 * hyphenated as in English, typeset/hyphenate.ts): the same text sets the same lines in Vietnamese
 * and in Hebrew.
 */
function article(slug: string, section: string, priority: 1 | 2 | 3 | 4 | 5, paragraphs: number, language: string): Article {
  const words = Array.from({ length: 60 }, (_, i) => ['news', 'votes', 'city', 'river', 'plan', 'bank'][i % 6]).join(' ');
  const body: BodyBlock[] = Array.from({ length: paragraphs }, () => ({ kind: 'paragraph', runs: [{ text: `${words}.` }] }));
  return { slug, headline: `Headline for ${slug}`, section, priority, body, language, source: `${slug}.md`, format: 'markdown' };
}

const { config } = resolveLayoutConfig({ sections: ['National', 'World'] });
const grid = gridFor(config);
const stories = (language: string) => [article('lead', 'National', 1, 30, language), article('second', 'National', 2, 14, language), article('third', 'World', 3, 20, language), article('fourth', 'World', 4, 6, language)];

function emit(articles: readonly Article[], composition: Composition): string {
  return emitEditionHtml({ composition, articles: new Map(articles.map((a) => [a.slug, a])), config, grid, date: '2019-12-04', language: 'en', printCss: '', fontPaths: new Map(), photoPaths: new Map() });
}

const modulesOf = (html: string) => DomUtils.findAll((e) => e.name === 'article', parseDocument(html).children);
const byClass = (module: Element, name: string) => DomUtils.findAll((e) => (e.attribs.class ?? '').split(' ').includes(name), module.children);
const pxOf = (element: Element, name: string) => Number(new RegExp(`(?:^|;)${name}:(-?[\\d.]+)px`).exec(element.attribs.style ?? '')![1]);

describe('a story written right to left', () => {
  it('knows Hebrew and Yiddish as written right to left, and no other language', () => {
    for (const tag of ['he', 'he-IL', 'iw', 'yi', 'lad-Hebr']) expect(writtenRightToLeft(tag), tag).toBe(true);
    for (const tag of ['en', 'vi', 'hr', 'hu', 'ar', 'fa', 'lad']) expect(writtenRightToLeft(tag), tag).toBe(false);
  });

  it('is its left-to-right plan mirrored in its box, its jump lines set left to right', () => {
    const latin = stories('vi');
    const hebrew = stories('he');
    const composition = composePages(latin, new Map(), config, grid, fonts);
    expect(composePages(hebrew, new Map(), config, grid, fonts)).toEqual(composition);
    const ltr = modulesOf(emit(latin, composition));
    const rtl = modulesOf(emit(hebrew, composition));
    expect(rtl.length).toBe(ltr.length);
    let columns = 0;
    let jumps = 0;
    ltr.forEach((left, m) => {
      const right = rtl[m];
      expect(left.attribs.dir).toBeUndefined();
      expect(left.attribs.lang).toBeUndefined();
      expect(right.attribs.dir).toBe('rtl');
      expect(right.attribs.lang).toBe('he');
      const width = pxOf(left, 'width');
      const [ltrColumns, rtlColumns] = [byClass(left, 'col'), byClass(right, 'col')];
      expect(rtlColumns.length).toBe(ltrColumns.length);
      ltrColumns.forEach((column, c) => {
        // The first column of the story stands at the right of its box, the last at the left.
        expect(Math.abs(pxOf(rtlColumns[c], 'left') - (width - pxOf(column, 'left') - pxOf(column, 'width')))).toBeLessThan(0.05);
        expect(DomUtils.textContent(rtlColumns[c])).toBe(DomUtils.textContent(column));
        columns++;
      });
      if (ltrColumns.length > 1) expect(pxOf(rtlColumns[0], 'left')).toBeGreaterThan(pxOf(rtlColumns[1], 'left'));
      for (const kind of ['jump-on', 'jump-from']) {
        const [before, after] = [byClass(left, kind), byClass(right, kind)];
        expect(after.length).toBe(before.length);
        before.forEach((line, i) => {
          expect(line.attribs.dir).toBeUndefined();
          expect(after[i].attribs.dir).toBe('ltr');
          expect(DomUtils.textContent(after[i])).toBe(DomUtils.textContent(line));
          // "Continued on" where the story's reading ends (its last column, at the left), "from" where it starts.
          expect(after[i].attribs.style).toContain(`text-align:${kind === 'jump-on' ? 'left' : 'right'}`);
          expect(Math.abs(pxOf(after[i], 'left') - (width - pxOf(line, 'left') - pxOf(line, 'width')))).toBeLessThan(0.05);
          jumps++;
        });
      }
    });
    expect(columns).toBeGreaterThan(8);
    expect(jumps).toBeGreaterThan(0);
  });
});
