/**
 * The markup contract of edition.html (issue 11, item 8): every placed block carries `data-kind`
 * and its absolute box (left/top/width/height in px on the element itself); article modules also
 * carry `data-slug`. The reader makes pages clickable from these boxes.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article, BodyBlock } from '../../lambdas/core/article';
import { editionHtmlOf, emitEditionDocument, emitEditionHtml } from '../../lambdas/core/html/emit';
import { composePages, type Composition } from '../../lambdas/core/layout/compose';
import { gridFor, resolveLayoutConfig, toLayoutUnit } from '../../lambdas/core/layout/config';
import { gridBoxOf } from '../../lambdas/core/layout/measure';
import type { FontBook } from '../../lambdas/core/typeset/fonts';
import { testFonts } from '../support/fonts';

let fonts: FontBook;
beforeAll(async () => {
  fonts = await testFonts();
});

type Element = ReturnType<typeof DomUtils.findAll>[number];

const KINDS = ['article', 'house-ad', 'masthead', 'section-band', 'inside', 'brief', 'folio'];

function article(slug: string, section: string, priority: 1 | 2 | 3 | 4 | 5, paragraphs: number): Article {
  const words = Array.from({ length: 60 }, (_, i) => ['news', 'report', 'council', 'river', 'market', 'budget'][i % 6]).join(' ');
  const body: BodyBlock[] = Array.from({ length: paragraphs }, () => ({ kind: 'paragraph', runs: [{ text: `${words}.` }] }));
  return { slug, headline: `Headline for ${slug}`, section, priority, body, language: 'en', source: `${slug}.md`, format: 'markdown' };
}

const { config } = resolveLayoutConfig({ sections: ['National', 'World'] });
const grid = gridFor(config);
const articles = [article('lead', 'National', 1, 30), article('second', 'National', 2, 14), article('third', 'World', 3, 20), article('fourth', 'World', 4, 6)];

function emit(composition: Composition): string {
  return emitEditionHtml({ composition, articles: new Map(articles.map((a) => [a.slug, a])), config, grid, date: '2019-12-04', language: 'en', printCss: '', fontPaths: new Map(), photoPaths: new Map() });
}

/** The style's left/top/width/height in px. */
function boxOf(element: Element): { x: number; y: number; width: number; height: number } | undefined {
  const style = element.attribs.style ?? '';
  const value = (name: string) => {
    const match = new RegExp(`(?:^|;)${name}:(-?[\\d.]+)px`).exec(style);
    return match ? Number(match[1]) : undefined;
  };
  const [x, y, width, height] = ['left', 'top', 'width', 'height'].map(value);
  return x === undefined || y === undefined || width === undefined || height === undefined ? undefined : { x, y, width, height };
}

const pagesOf = (html: string) => DomUtils.findAll((e) => e.name === 'section' && e.attribs.class === 'page', parseDocument(html).children);
const kinded = (page: Element) => DomUtils.findAll((e) => e.attribs['data-kind'] !== undefined, page.children);

describe('the markup contract', () => {
  it('cuts a part of the edition from one emission, the same HTML as emitting that part alone', () => {
    const composition = composePages(articles, new Map(), config, grid, fonts);
    expect(composition.pages.length).toBe(2);
    const input = { composition, articles: new Map(articles.map((a) => [a.slug, a])), config, grid, date: '2019-12-04', language: 'en', printCss: '', fontPaths: new Map(), photoPaths: new Map() };
    const whole = emitEditionDocument(input);
    expect(editionHtmlOf(whole)).toBe(emitEditionHtml(input));
    for (const [from, to] of [[0, 1], [1, 2], [0, 2]]) {
      const alone = emitEditionHtml({ ...input, composition: { ...composition, pages: composition.pages.slice(from, to) } });
      expect(editionHtmlOf(whole, from, to)).toBe(alone);
      expect(pagesOf(alone)).toHaveLength(to - from);
    }
  });

  it('gives every placed block a data-kind and its box on the grid, and articles their slug', () => {
    const composition = composePages(articles, new Map(), config, grid, fonts);
    const pages = pagesOf(emit(composition));
    expect(pages).toHaveLength(composition.pages.length);
    const kindsSeen = new Set<string>();
    composition.pages.forEach((composed, i) => {
      const elements = kinded(pages[i]);
      for (const element of elements) {
        expect(KINDS, element.attribs['data-kind']).toContain(element.attribs['data-kind']);
        expect(boxOf(element), `${element.name}.${element.attribs.class}`).toBeDefined();
        kindsSeen.add(element.attribs['data-kind']);
      }
      // Modules: one article element per placed module, with its slug and its grid box.
      const modules = elements.filter((e) => e.attribs['data-kind'] === 'article');
      expect(modules.map((e) => e.attribs['data-slug'])).toEqual(composed.modules.map((m) => m.slug));
      composed.modules.forEach((m, k) => {
        const expected = gridBoxOf(grid, m);
        const box = boxOf(modules[k])!;
        expect(box.x).toBeCloseTo(expected.x, 1);
        expect(box.y).toBeCloseTo(expected.y, 1);
        expect(box.width).toBeCloseTo(expected.width, 1);
        expect(box.height).toBeCloseTo(expected.height, 1);
      });
      // Fixed blocks in order, then the folio.
      const fixed = elements.filter((e) => e.attribs['data-kind'] !== 'article');
      const expectedKinds = [...composed.blocks.map((b) => (b.kind === 'section-header' ? 'section-band' : b.kind)), 'folio'];
      expect(fixed.map((e) => e.attribs['data-kind'])).toEqual(expectedKinds);
      composed.blocks.forEach((block, k) => {
        const box = boxOf(fixed[k])!;
        expect(box.y).toBeCloseTo(gridBoxOf(grid, block).y, 1);
        expect(box.height).toBeCloseTo(gridBoxOf(grid, block).height, 1);
      });
    });
    expect([...kindsSeen].sort()).toEqual(expect.arrayContaining(['article', 'folio', 'inside', 'masthead', 'section-band']));
  });

  it('sets a Turkish story without ligatures and in its language, and no other', () => {
    const turkish = { ...article('fikir', 'World', 3, 4), language: 'tr' };
    const all = [...articles, turkish];
    const composition = composePages(all, new Map(), config, grid, fonts);
    const html = emitEditionHtml({ composition, articles: new Map(all.map((a) => [a.slug, a])), config, grid, date: '2019-12-04', language: 'en', printCss: '', fontPaths: new Map(), photoPaths: new Map() });
    const modules = DomUtils.findAll((e) => e.attribs['data-slug'] !== undefined && e.attribs['data-kind'] === 'article', parseDocument(html).children);
    const fikir = modules.filter((e) => e.attribs['data-slug'] === 'fikir');
    expect(fikir.length).toBeGreaterThan(0);
    for (const element of fikir) {
      expect(element.attribs.lang).toBe('tr');
      expect(element.attribs.style).toContain('font-variant-ligatures:no-common-ligatures');
      // The box is still the first thing its style says (the markup contract).
      expect(boxOf(element)).toBeDefined();
    }
    for (const element of modules.filter((e) => e.attribs['data-slug'] !== 'fikir')) expect(element.attribs.style).not.toContain('ligatures');
  });

  it('prints no soft hyphen: a line broken at one ends in a hyphen, the rest of the word reads whole (and is found by a search of the PDF)', () => {
    const shy = '\u00ad';
    const words = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? `Donau${shy}dampf${shy}schiff${shy}fahrts${shy}gesell${shy}schaft` : ['und', 'heute', 'Ober' + shy + 'bürger' + shy + 'meisterin'][i % 3])).join(' ');
    const compound = { ...article('donau', 'World', 3, 1), language: 'de', body: Array.from({ length: 6 }, () => ({ kind: 'paragraph' as const, runs: [{ text: `${words}.` }] })) };
    const all = [...articles, compound];
    const composition = composePages(all, new Map(), config, grid, fonts);
    const html = emitEditionHtml({ composition, articles: new Map(all.map((a) => [a.slug, a])), config, grid, date: '2019-12-04', language: 'en', printCss: '', fontPaths: new Map(), photoPaths: new Map() });
    expect(html).not.toContain(shy);
    const text = DomUtils.findAll((e) => e.attribs['data-slug'] === 'donau', parseDocument(html).children).map((e) => DomUtils.textContent(e)).join(' ');
    expect(text).toContain('Donaudampfschifffahrtsgesellschaft');
    // Some lines broke at the writer's soft hyphens, each shown by a hyphen of its own.
    expect(text).toMatch(/(Donau|dampf|schiff|fahrts|gesell|Ober|bürger)-/u);
  });

  it('closes up a line of one cut token as the typesetter set it: its tracking class is on the line, with no word spacing to carry it', () => {
    // 50 letters with no break but between them: the typesetter cuts them to the column, and a
    // line of 24 that is a step too wide closes its letters up (no gap to shrink). The tracking
    // was left out of a justified run's markup, and the line printed 1.5 px past its column.
    const token = { ...article('token', 'World', 3, 3), body: [{ kind: 'paragraph' as const, runs: [{ text: `${'A'.repeat(50)} ${'A'.repeat(50)} and the rest of the story is told here in plain words.` }] }, ...article('token', 'World', 3, 3).body] };
    const all = [...articles, token];
    const composition = composePages(all, new Map(), config, grid, fonts);
    const tightened = composition.pages.flatMap((page) => page.modules.filter((m) => m.slug === 'token').flatMap((m) => m.columns.flat().flatMap((unit) => unit.lines))).filter((line) => line.letterSpacing < 0 && Math.abs(line.wordSpacing) <= 0.0005);
    expect(tightened.length).toBeGreaterThan(0);
    const html = emitEditionHtml({ composition, articles: new Map(all.map((a) => [a.slug, a])), config, grid, date: '2019-12-04', language: 'en', printCss: '', fontPaths: new Map(), photoPaths: new Map() });
    for (const line of tightened) {
      const text = line.words.map((word) => word.map((segment) => segment.text).join('')).join(' ');
      expect(html).toMatch(new RegExp(`class="n\\d+">${text}<`));
    }
  });

  it('leaves Greek out of the display faces and names the text face after them, as the measure does', () => {
    const html = emit(composePages(articles, new Map(), config, grid, fonts));
    const faces = [...html.matchAll(/@font-face\{font-family:(\w+);[^}]*\}/g)];
    for (const [rule, family] of faces) expect(rule.includes('unicode-range:U+0-36F,U+400-1EFF,U+2000-10FFFF'), rule).toBe(family === 'EpDisplay');
    expect(html).toMatch(/\.f-display-black\{font-family:EpDisplay,EpSerif[;,]/);
    expect(html).toMatch(/\.f-serif-regular\{font-family:EpSerif;/);
  });

  it('marks a house ad with its kind and box', () => {
    const composition = composePages(articles, new Map(), config, grid, fonts);
    const last = composition.pages[composition.pages.length - 1];
    const ad = { kind: 'house-ad' as const, column: 0, span: 2, top: grid.rows - 10, rows: 10 };
    const withAd: Composition = { ...composition, pages: composition.pages.map((p) => (p === last ? { ...p, blocks: [...p.blocks, ad] } : p)) };
    // The block added last (the page may hold a notice of its own: since layout-64 it does).
    const element = kinded(pagesOf(emit(withAd))[last.number - 1]).filter((e) => e.attribs['data-kind'] === 'house-ad').at(-1)!;
    expect(element).toBeDefined();
    expect(boxOf(element)!.y).toBeCloseTo(gridBoxOf(grid, ad).y, 1);
    expect(boxOf(element)!.height).toBeCloseTo(gridBoxOf(grid, ad).height, 1);
  });

  it('prints edition.yaml\'s issue and house ads without their control and bidi characters (a U+202E reversed the rest of the masthead)', () => {
    const hostile = resolveLayoutConfig({ sections: ['National', 'World'], issue: '7\u202eevil\u001b[31m', houseAds: [{ headline: 'Subscribe\u202e today\u0007', text: '\u001b[2JEvery \u2066edition' }] }).config;
    const composition = composePages(articles, new Map(), hostile, grid, fonts);
    const ads = composition.pages.flatMap((page) => page.blocks.filter((block) => block.kind === 'house-ad' && block.houseAd));
    const html = emitEditionHtml({ composition, articles: new Map(articles.map((a) => [a.slug, a])), config: hostile, grid, date: '2019-12-04', language: 'en', printCss: '', fontPaths: new Map(), photoPaths: new Map() });
    const masthead = kinded(pagesOf(html)[0]).find((e) => e.attribs['data-kind'] === 'masthead')!;
    expect(DomUtils.textContent(masthead)).toMatch(/No\. 7evil\[31m/i);
    // The copy's short pages leave room for the ad, which prints its words.
    expect(ads.length).toBeGreaterThan(0);
    expect(html).toMatch(/Subscribe/);
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('keeps every line where it stood on the page: module offsets plus the module box land on the same layout units', () => {
    const composition = composePages(articles, new Map(), config, grid, fonts);
    const pages = pagesOf(emit(composition));
    let checked = 0;
    composition.pages.forEach((composed, i) => {
      const modules = kinded(pages[i]).filter((e) => e.attribs['data-kind'] === 'article');
      composed.modules.forEach((m, k) => {
        const origin = boxOf(modules[k])!;
        const x = grid.margin + m.column * (grid.columnWidth + grid.gutter);
        const y = grid.top + m.top * grid.lead;
        // The first headline line and the first body column, placed as the page coordinates were before.
        const headline = m.head.parts.find((p) => p.kind === 'headline' || p.kind === 'jump-head')!;
        const positioned = DomUtils.findAll((e) => /(^| )(ln|col)( |$)/.test(e.attribs.class ?? ''), modules[k].children);
        const first = positioned.find((e) => / (headline|jump-head) /.test(` ${e.attribs.class} `))!;
        const column = positioned.find((e) => /(^| )col( |$)/.test(e.attribs.class))!;
        const offset = (element: Element, name: string) => Number(new RegExp(`${name}:(-?[\\d.]+)px`).exec(element.attribs.style)![1]);
        expect(origin.x + offset(first, 'left')).toBe(toLayoutUnit(x));
        expect(origin.y + offset(first, 'top')).toBe(toLayoutUnit(y + headline.y));
        expect(origin.y + offset(column, 'top')).toBe(toLayoutUnit(y + m.head.rows * grid.lead));
        for (const value of [offset(first, 'left'), offset(first, 'top'), offset(column, 'left'), offset(column, 'top')]) expect(value * 64).toBe(Math.round(value * 64));
        checked++;
      });
    });
    expect(checked).toBeGreaterThan(3);
  });

  it('names a section band by its label when two sections share a page, and a brief column as a brief', () => {
    const composition = composePages(articles, new Map(), config, grid, fonts);
    const bandPage = composition.pages.find((p) => p.blocks.some((b) => b.kind === 'section-header'))!;
    const relabelled: Composition = {
      ...composition,
      pages: composition.pages.map((p) =>
        p !== bandPage
          ? p
          : { ...p, blocks: p.blocks.map((b) => (b.kind === 'section-header' ? { ...b, label: 'Sport' } : b)), modules: p.modules.map((m, i) => (i === 0 ? { ...m, kind: 'brief' as const } : m)) },
      ),
    };
    const page = pagesOf(emit(relabelled))[bandPage.number - 1];
    const band = kinded(page).find((e) => e.attribs['data-kind'] === 'section-band')!;
    expect(DomUtils.textContent(band)).toBe('SPORT');
    const first = kinded(page).find((e) => e.attribs['data-slug'] === bandPage.modules[0].slug)!;
    expect(first.attribs['data-kind']).toBe('brief');
    // Without a label the band names the page's section.
    const plain = kinded(pagesOf(emit(composition))[bandPage.number - 1]).find((e) => e.attribs['data-kind'] === 'section-band')!;
    expect(DomUtils.textContent(plain)).toBe(bandPage.section.toUpperCase());
  });

  it('sets a section band in the capitals of its stories\' language, and the date line and Inside title in their own (a review: "ΚΌΣΜΟΣ", "BILIM")', async () => {
    const { readFile } = await import('node:fs/promises');
    const { fitInsideBox } = await import('../../lambdas/core/layout/inside');
    const composition = composePages(articles, new Map(), config, grid, fonts);
    const bandPage = composition.pages.find((p) => p.blocks.some((b) => b.kind === 'section-header'))!;
    const bandsNamed = (label: string): Composition => ({
      ...composition,
      pages: composition.pages.map((p) => (p !== bandPage ? p : { ...p, blocks: p.blocks.map((b) => (b.kind === 'section-header' ? { ...b, label } : b)) })),
    });
    // Two Greek stories in "Κόσμος" and one Turkish story in "Bilim", in an edition mostly English;
    // then the same in an edition mostly Turkish.
    const others = [{ ...article('kosmos-1', 'Κόσμος', 3, 2), language: 'el' }, { ...article('kosmos-2', 'Κόσμος', 3, 2), language: 'el' }, { ...article('bilim', 'Bilim', 3, 2), language: 'tr' }];
    const byslug = new Map([...articles, ...others].map((a) => [a.slug, a]));
    const bandOf = (label: string, language: string) => {
      const html = emitEditionHtml({ composition: bandsNamed(label), articles: byslug, config, grid, date: '2019-12-06', language, printCss: '', fontPaths: new Map(), photoPaths: new Map() });
      const page = pagesOf(html)[bandPage.number - 1];
      return kinded(page).find((e) => e.attribs['data-kind'] === 'section-band')!;
    };
    expect(DomUtils.textContent(bandOf('Κόσμος', 'en'))).toBe('ΚΟΣΜΟΣ');
    expect(bandOf('Κόσμος', 'en').attribs.lang).toBe('el');
    expect(DomUtils.textContent(bandOf('Bilim', 'en'))).toBe('BİLİM');
    expect(DomUtils.textContent(bandOf('Bilim', 'tr'))).toBe('BİLİM');
    // English stories' section in a Turkish-majority edition: "INTERNATIONAL", not "İNTERNATİONAL".
    expect(DomUtils.textContent(bandOf('National', 'tr'))).toBe('NATIONAL');
    // The date is English, and so is the default Inside title: a Friday is "FRIDAY", not "FRİDAY".
    const turkish = emitEditionHtml({ composition, articles: byslug, config, grid, date: '2019-12-06', language: 'tr', printCss: '', fontPaths: new Map(), photoPaths: new Map() });
    const masthead = kinded(pagesOf(turkish)[0]).find((e) => e.attribs['data-kind'] === 'masthead')!;
    expect(DomUtils.textContent(masthead)).toContain('FRIDAY, 6 DECEMBER 2019');
    const inside = kinded(pagesOf(turkish)[0]).find((e) => e.attribs['data-kind'] === 'inside')!;
    expect(DomUtils.textContent(DomUtils.findOne((e) => e.name === 'h2', inside.children)!)).toBe('INSIDE');
    // …and measured as printed: a paper's own title in the edition's capitals.
    expect(fitInsideBox('Inside', [], grid, fonts, 'tr').title).toBe('INSIDE');
    expect(fitInsideBox('İçindekiler', [], grid, fonts, 'tr').title).toBe('İÇİNDEKİLER');
    // The stylesheet transforms no case: the text is what prints.
    expect(await readFile(new URL('../../templates/print.css', import.meta.url), 'utf8')).not.toMatch(/text-transform\s*:/);
  });

  it('asks for every face the edition embeds from its head, once each, as fonts (so Chromium fetches them while it reads the pages)', async () => {
    const { FACE_KEYS } = await import('../../lambdas/core/typeset/fonts');
    const composition = composePages(articles, new Map(), config, grid, fonts);
    const fontPaths = new Map(FACE_KEYS.map((key) => [key, `assets/fonts/${key}.ttf`]));
    const fallbackPaths = new Map([['thai-regular' as const, 'assets/fonts/thai-regular.ttf']]);
    const html = emitEditionHtml({ composition, articles: new Map(articles.map((a) => [a.slug, a])), config, grid, date: '2019-12-04', language: 'en', printCss: '', fontPaths, fallbackPaths, photoPaths: new Map() });
    const head = DomUtils.findOne((e) => e.name === 'head', parseDocument(html).children)!;
    const preloads = DomUtils.findAll((e) => e.name === 'link' && e.attribs.rel === 'preload', head.children);
    expect(preloads.map((e) => e.attribs.href).sort()).toEqual([...fontPaths.values(), 'assets/fonts/thai-regular.ttf'].sort());
    for (const link of preloads) expect(link.attribs).toMatchObject({ as: 'font', type: 'font/ttf', crossorigin: '' });
    // The same URLs the @font-face rules name: a preload under another URL would be fetched twice.
    for (const path of [...fontPaths.values(), 'assets/fonts/thai-regular.ttf']) expect(html).toContain(`src:url("${path}")`);
  });

  it('writes the long date exactly as British English does, without ICU\'s date formats', async () => {
    const { longDate } = await import('../../lambdas/core/html/emit');
    expect(longDate('2019-12-04')).toBe('Wednesday, 4 December 2019');
    for (let day = Date.UTC(1999, 11, 25); day <= Date.UTC(2031, 0, 10); day += 37 * 86_400_000 + 3_600_000) {
      const iso = new Date(day).toISOString().slice(0, 10);
      const reference = new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
      expect(longDate(iso), iso).toBe(reference);
    }
  });
});
