/**
 * The reader's files made at render (lambdas/core/reader.ts): link boxes are edition.html's article
 * boxes, every part of a continued story gets one, articles stay exact NFC text, and the search
 * index folds accents and đ both ways.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockText } from '../../lambdas/core/article';
import { emitEditionHtml } from '../../lambdas/core/html/emit';
import { buildSearchIndex, foldTerm, loadSearchIndex, pageLinks, readerArticle, searchEdition } from '../../lambdas/core/reader';
import { composeFolder } from '../support/compose';

const SAMPLES = join(import.meta.dirname, '../../samples');

describe('reader files', () => {
  it('gives every story module of every page a link box equal to its box in edition.html', async () => {
    const { articles, config, grid, composition } = await composeFolder(SAMPLES);
    const html = emitEditionHtml({
      composition, articles: new Map(articles.map((a) => [a.slug, a])), config, grid, date: '2019-12-04', language: 'en', printCss: '',
      fontPaths: new Map(), fallbackPaths: new Map(), photoPaths: new Map(),
    });
    // Every <article data-slug> box of edition.html, page by page.
    const pages = html.split('class="page"').slice(1);
    expect(pages).toHaveLength(composition.pages.length);
    let continued = 0;
    composition.pages.forEach((page, i) => {
      const inHtml = [...pages[i].matchAll(/data-kind="(?:article|brief)" data-slug="([^"]+)" style="left:([\d.]+)px;top:([\d.]+)px;width:([\d.]+)px;height:([\d.]+)px"/g)]
        .map((m) => ({ slug: m[1], x: Number(m[2]), y: Number(m[3]), width: Number(m[4]), height: Number(m[5]) }));
      const links = pageLinks(page, grid);
      expect(links.length).toBe(inHtml.length);
      links.forEach((link, j) => {
        expect(link.slug).toBe(inHtml[j].slug);
        for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(link[k] - inHtml[j][k])).toBeLessThan(0.02);
      });
      continued += page.modules.filter((m) => m.continuedFrom !== undefined).length;
    });
    // The sample has continued stories, and their later parts are links too.
    expect(continued).toBeGreaterThan(0);
  });

  it('keeps the article\'s text exact (NFC) and gives the photo its caption as alt text', () => {
    const decomposed = 'Hà Nội'.normalize('NFD');
    const article = readerArticle(
      {
        slug: 'x', headline: `${decomposed} flood`, section: 'National', priority: 1, language: 'vi', source: 'x.md', format: 'markdown',
        body: [{ kind: 'paragraph', runs: [{ text: `In ${decomposed}` }] }, { kind: 'list-item', runs: [{ text: 'one' }], marker: '1.' }],
        image: { ref: 'images/x.jpg', caption: 'Rain over Đống Đa' },
      },
      [1, 4],
      'assets/photos/x-600x400.jpg',
    );
    expect(article.headline).toBe('Hà Nội flood'.normalize('NFC'));
    expect(blockText(article.body[0])).toBe('In Hà Nội'.normalize('NFC'));
    expect(article.body[1]).toEqual({ kind: 'list-item', runs: [{ text: 'one' }], marker: '1.' });
    expect(article.photo).toEqual({ path: 'assets/photos/x-600x400.jpg', alt: 'Rain over Đống Đa', caption: 'Rain over Đống Đa' });
    expect(article.pages).toEqual([1, 4]);
    // A photo that was not printed is not offered.
    expect(readerArticle({ ...article, priority: 1, source: 's', format: 'markdown', image: { ref: 'r' } } as never, [1], undefined).photo).toBeUndefined();
  });

  it('folds accents, tone marks and đ, in both directions', async () => {
    expect(foldTerm('Hà Nội')).toBe('ha noi');
    expect(foldTerm('ĐỒNG')).toBe('dong');
    expect(foldTerm('Hà Nội'.normalize('NFD'))).toBe('ha noi');
    const { articles } = await composeFolder(SAMPLES);
    const index = loadSearchIndex(buildSearchIndex(articles.map((a) => readerArticle(a, [2], undefined))));
    const slugs = (q: string) => searchEdition(index, '2019-12-04', q).map((h) => h.slug);
    expect(slugs('Lao Cai')).toContain('lao-cai-school-solar');
    expect(slugs('Lào Cai')).toEqual(slugs('Lao Cai'));
    expect(slugs('da nang marathon')[0]).toBe('da-nang-marathon');
    expect(slugs('zzzz-not-a-word')).toEqual([]);
  });
});
