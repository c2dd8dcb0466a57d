/**
 * A page's running foot names its sections in their order, whatever they are written in: the
 * folio printed "חדשות · ספורט" (two sections' names, each from its own stories) as one
 * right-to-left run, the second section first, read left to right as the rest of the page is.
 * A name holding right-to-left letters is isolated (<bdi>); one without prints as before.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, BodyBlock } from '../../lambdas/core/article';
import { emitEditionHtml } from '../../lambdas/core/html/emit';
import { composePages, type Composition } from '../../lambdas/core/layout/compose';
import { gridFor, resolveLayoutConfig } from '../../lambdas/core/layout/config';
import type { Browser } from 'puppeteer-core';
import { closeSealedBrowser, launchSealedBrowser, openEditionPage } from '../support/edition-page';
import { testFonts } from '../support/fonts';

const { config } = resolveLayoutConfig({ sections: ['National', 'World'] });
const grid = gridFor(config);

function article(slug: string, section: string): Article {
  const words = Array.from({ length: 60 }, (_, i) => ['news', 'report', 'council', 'river'][i % 4]).join(' ');
  const body: BodyBlock[] = Array.from({ length: 6 }, () => ({ kind: 'paragraph', runs: [{ text: `${words}.` }] }));
  return { slug, headline: `Headline for ${slug}`, section, priority: 3, body, language: 'en', source: `${slug}.md`, format: 'markdown' };
}

let browser: Browser;
let composition: Composition;
const articles = [article('one', 'National'), article('two', 'World')];

beforeAll(async () => {
  composition = composePages(articles, new Map(), config, grid, await testFonts());
  browser = await launchSealedBrowser();
}, 120_000);

afterAll(async () => {
  if (browser) await closeSealedBrowser(browser);
});

/** The edition with its first page's folio naming `sections`. */
function printedWith(sections: string[]): string {
  const pages = composition.pages.map((page, i) => (i === 0 ? { ...page, sections } : page));
  return emitEditionHtml({ composition: { ...composition, pages }, articles: new Map(articles.map((a) => [a.slug, a])), config, grid, date: '2019-12-04', language: 'en', printCss: '', fontPaths: new Map(), photoPaths: new Map() });
}

describe("a page's running foot", () => {
  it('names two sections written right to left in their order, left to right', async () => {
    const page = await openEditionPage(browser, printedWith(['חדשות', 'ספורט', 'World']), async () => undefined);
    try {
      const lefts = await page.evaluate((names: string[]) => {
        const folio = document.querySelector('.folio-section')!;
        const walker = document.createTreeWalker(folio, NodeFilter.SHOW_TEXT);
        const found: Record<string, number> = {};
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const name of names) {
            const at = (node.textContent ?? '').indexOf(name);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + name.length);
            found[name] = range.getBoundingClientRect().left;
          }
        }
        return found;
      }, ['חדשות', 'ספורט', 'World']);
      expect(Object.keys(lefts).sort((a, b) => lefts[a] - lefts[b])).toEqual(['חדשות', 'ספורט', 'World']);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('prints names written left to right as before, with no markup of their own', () => {
    const folio = DomUtils.findOne((e) => (e.attribs.class ?? '').split(' ').includes('folio-section'), parseDocument(printedWith(['National', 'World'])).children)!;
    expect(folio.children.map((child) => child.type)).toEqual(['text']);
    expect(DomUtils.getText(folio)).toBe('National · World');
  });
});
