/**
 * The text parts of a story's layout: indented quotations split like paragraphs, the one display
 * pull quote after the first third of the body, and jump heads that read as heads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article, BodyBlock } from '../../lambdas/core/article';
import { emitEditionHtml } from '../../lambdas/core/html/emit';
import { fillFull } from '../../lambdas/core/layout/columns';
import { composePages } from '../../lambdas/core/layout/compose';
import { gridFor, resolveLayoutConfig, type Grid } from '../../lambdas/core/layout/config';
import { editionJumpHeads, jumpHeadColumnLines, jumpHeadline, PULL_QUOTE_AFTER_SHARE, QUOTATION_INSET_EM, setStoryBody } from '../../lambdas/core/layout/story';
import { parseArticle } from '../../lambdas/core/parse/index';
import type { FontBook } from '../../lambdas/core/typeset/fonts';
import { testFonts } from '../support/fonts';

let fonts: FontBook;
let grid: Grid;
beforeAll(async () => {
  fonts = await testFonts();
  grid = gridFor(resolveLayoutConfig(undefined).config);
});

const sentence = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ['council', 'river', 'market', 'budget', 'school', 'harbour', tag][i % 7]).join(' ') + '.';
const para = (n: number, tag: string): BodyBlock => ({ kind: 'paragraph', runs: [{ text: sentence(n, tag) }] });
const story = (body: BodyBlock[], extra: Partial<Article> = {}): Article => ({
  slug: 's',
  headline: 'Headline',
  section: 'News',
  priority: 3,
  body,
  language: 'en',
  source: 's.md',
  format: 'markdown',
  ...extra,
});
const lineText = (line: { words: readonly (readonly { text: string }[])[] }) => line.words.map((w) => w.map((s) => s.text).join('')).join(' ');

describe('bylines and datelines', () => {
  it('are set in the capitals of the story\'s language', () => {
    const units = setStoryBody(story([para(20, 'a')], { language: 'tr', byline: 'Elif Şimşek', dateline: 'İzmir' }), grid, fonts);
    const text = units.flatMap((u) => ('lines' in u && u.lines ? u.lines.map(lineText) : [])).join(' ');
    expect(text).toContain('ELİF ŞİMŞEK');
    expect(text).toContain('İZMİR —');
    const greek = setStoryBody(story([para(20, 'a')], { language: 'el', byline: 'Γιώργος Παπαδόπουλος' }), grid, fonts);
    expect(greek.filter((u) => u.kind === 'byline').flatMap((u) => u.lines!.map(lineText)).join(' ')).toBe('ΓΙΩΡΓΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ');
    // A Greek name in an English story's byline is capitalised as Greek is (it printed "ΓΙΏΡΓΟΣ").
    const mixed = setStoryBody(story([para(20, 'a')], { language: 'en', byline: 'Γιώργος Παπαδόπουλος and Ivan Petrov' }), grid, fonts);
    expect(mixed.filter((u) => u.kind === 'byline').flatMap((u) => u.lines!.map(lineText)).join(' ')).toBe('ΓΙΩΡΓΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ AND IVAN PETROV');
  });
});

describe('indented quotations', () => {
  it('are body lines set narrower by the inset on each side, splittable like a paragraph', () => {
    const quotation: BodyBlock = { kind: 'quotation', runs: [{ text: sentence(60, 'quoted') }] };
    const units = setStoryBody(story([para(40, 'a'), quotation, para(40, 'b')]), grid, fonts);
    const inset = QUOTATION_INSET_EM * grid.bodySize;
    const quoted = units.filter((u) => u.inset !== undefined);
    expect(quoted.length).toBeGreaterThan(3);
    expect(units.some((u) => u.kind === 'quote')).toBe(false);
    for (const unit of quoted) {
      expect(unit.kind).toBe('line');
      expect(unit.rows).toBe(1);
      expect(unit.inset).toBeCloseTo(inset, 6);
      expect(unit.lines[0].width).toBeCloseTo(grid.columnWidth - 2 * inset, 6);
      expect(unit.sizePx).toBe(grid.bodySize);
    }
    // Its own paragraph, so that the column filler keeps widows and orphans out of it too.
    expect(new Set(quoted.map((u) => u.paragraph)).size).toBe(1);
    expect(quoted.map((u) => u.lineInParagraph)).toEqual(quoted.map((_, i) => i));
    // The paragraph after a quotation starts without an indent.
    const after = units[units.indexOf(quoted.at(-1)!) + 1];
    expect(after.lines[0].indent).toBe(0);
    // It is split across columns like any paragraph: a column foot in its middle stays there.
    const middle = units.indexOf(quoted[0]) + Math.floor(quoted.length / 2);
    const { columns } = fillFull(units, 0, 2, middle);
    expect(columns[0].at(-1)!.inset).toBeDefined();
    expect(columns[1][0].inset).toBeDefined();
  });
});

describe('indented quotations in the edition HTML', () => {
  it('print as body lines inset on both sides, and the pull quote as the one display quote', () => {
    const { config } = resolveLayoutConfig({ sections: ['News'] });
    const body = [para(40, 'a'), { kind: 'quotation', runs: [{ text: sentence(50, 'quoted') }] } as BodyBlock, para(40, 'b')];
    const articles = [story(body, { pullQuote: 'Council river market budget school harbour a.' })];
    const composition = composePages(articles, new Map(), config, grid, fonts);
    const html = emitEditionHtml({ composition, articles: new Map(articles.map((a) => [a.slug, a])), config, grid, date: '2019-12-04', language: 'en', printCss: '', fontPaths: new Map(), photoPaths: new Map() });
    const inset = `margin:0 ${QUOTATION_INSET_EM * grid.bodySize}px;`;
    const quotationBlocks = html.match(/<div class="fl qt[^"]*" style="[^"]*">/g) ?? [];
    expect(quotationBlocks.length).toBeGreaterThan(0);
    for (const block of quotationBlocks) expect(block).toContain(inset);
    expect(html.match(/class="pq"/g)).toHaveLength(1);
    expect(html).toContain('quoted');
  });
});

describe('the display pull quote', () => {
  it('comes only from `pullQuote`, once, after the paragraph ending nearest the first third of the body', () => {
    const body = Array.from({ length: 9 }, (_, i) => para(30, `p${i}`));
    expect(setStoryBody(story(body), grid, fonts).some((u) => u.kind === 'quote')).toBe(false);
    const units = setStoryBody(story(body, { pullQuote: 'Council river market budget.' }), grid, fonts);
    const quotes = units.filter((u) => u.kind === 'quote');
    expect(quotes).toHaveLength(1);
    const at = units.indexOf(quotes[0]);
    const before = units[at - 1];
    expect(before.lineInParagraph).toBe(before.paragraphLines! - 1);
    const lines = units.filter((u) => u.kind === 'line').length;
    const linesBefore = units.slice(0, at).filter((u) => u.kind === 'line').length;
    expect(Math.abs(linesBefore - lines * PULL_QUOTE_AFTER_SHARE)).toBeLessThanOrEqual(before.paragraphLines!);
    expect(quotes[0].lines.map(lineText).join(' ')).toBe('“Council river market budget.”');
  });

  it('is set in its story\'s quotation marks (a review: a German pull quote printed “…”)', () => {
    const body = Array.from({ length: 9 }, (_, i) => para(30, `p${i}`));
    const quoteOf = (language: string) => setStoryBody(story(body, { language, pullQuote: 'Council river market budget.' }), grid, fonts).find((u) => u.kind === 'quote')!;
    expect(quoteOf('de').lines.map(lineText).join(' ')).toBe('„Council river market budget.“');
    expect(quoteOf('fr').lines.map(lineText).join(' ')).toBe('«\u00a0Council river market budget.\u00a0»');
    expect(quoteOf('pl').lines.map(lineText).join(' ')).toBe('„Council river market budget.”');
  });
});

describe('jump heads', () => {
  /** Words that leave a head hanging when they end it. */
  const DANGLING = /\b(a|an|the|of|in|on|at|to|for|and|or|by|with|from|its|their|old|new|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thousand|hundred|million)$/i;

  it('uses the jumpHead field when given', () => {
    expect(jumpHeadline({ headline: 'Residents of an old Hà Nội apartment block turn its flat roof into a vegetable garden', jumpHead: 'Rooftop gardens' })).toBe('Rooftop gardens');
  });

  it('never cuts a head after a number or a function word, as the old rule did', () => {
    expect(jumpHeadline('Eight thousand runners cross the river at dawn in coastal marathon')).toBe('Eight thousand runners');
    expect(jumpHeadline({ headline: 'Residents of an old Hà Nội apartment block turn its flat roof into a vegetable garden', slug: 'ha-noi-rooftop-gardens' })).toBe('Hà Nội garden');
    // A lone subject ("Residents") named no story of its own: the first words up to where a phrase ends.
    expect(jumpHeadline('Residents of an old Hà Nội apartment block turn its flat roof into a vegetable garden')).toBe('Residents of an old Hà Nội');
  });

  it('reads English words only in an English story: a Vietnamese "An" is a town, not an article', () => {
    const headline = 'Phố cổ Hội An thắp đèn lồng đêm rằm';
    // The English rules would stop the subject before "An" and print "Phố cổ Hội".
    expect(jumpHeadline({ headline, language: 'vi' })).toBe(headline);
    expect(jumpHeadline({ headline, language: 'vi', slug: 'hoi-an-den-long' })).toBe('Hội An đèn lồng');
    expect(jumpHeadline({ headline: 'Delta fruit growers test refrigerated containers to ship mangoes to Europe by sea', language: 'en-GB' })).toBe('Delta fruit growers');
  });

  it('takes the subject, the slug key words, or the whole short headline', () => {
    expect(jumpHeadline('Central port handles record cargo as new berths open')).toBe('Central port');
    expect(jumpHeadline('Delta fruit growers test refrigerated containers to ship mangoes to Europe by sea')).toBe('Delta fruit growers');
    expect(jumpHeadline({ headline: 'Hà Nội wires its streets with flood sensors ahead of the rainy season', slug: 'ha-noi-flood-sensors' })).toBe('Hà Nội flood sensors');
    expect(jumpHeadline({ headline: 'Thirteen-year-old from Cần Thơ takes national youth chess title', slug: 'youth-chess-championship' })).toBe('Youth chess');
    expect(jumpHeadline('"Our cities need more shade"')).toBe('Our cities need more shade');
  });

  it('spells the slug key words as the headline does: no possessive glued on, names joined by a dash kept whole, ł and ı folded', () => {
    expect(jumpHeadline({ headline: 'Officials say Hà Nội’s new ring road will open to traffic next year', slug: 'ha-noi-ring-road' })).toBe('Hà Nội ring road');
    expect(jumpHeadline({ headline: 'Officials say the city’s flood sensors will warn residents before the streets fill', slug: 'city-flood-sensors' })).toBe('City flood sensors');
    expect(jumpHeadline({ headline: 'Officials say Thừa Thiên–Huế will open its new coastal road to Đà Nẵng next year', slug: 'thua-thien-hue-coastal-road' })).toBe('Thừa Thiên–Huế coastal road');
    expect(jumpHeadline({ headline: 'Officials say the Bà Rịa–Vũng Tàu port will take larger ships from next year', slug: 'ba-ria-vung-tau-port' })).toBe('Bà Rịa–Vũng Tàu port');
    expect(jumpHeadline({ headline: 'Officials say Łódź and Diyarbakır will share their tram data from next spring', slug: 'lodz-diyarbakir-trams' })).toBe('Łódź Diyarbakır tram');
  });

  // A review's edition (CMS-numbered slugs that match no headline word): continuations read
  // "Police" on the page that began "Police arrest two men", "Hà Nội" twice, "Prime Minister" twice.
  const REVIEWED: readonly { headline: string; slug: string }[] = [
    { headline: 'Police arrest two men after Hoàn Kiếm jewellery robbery', slug: 'story-18342' },
    { headline: 'Police close three roads in the city centre for Sunday marathon', slug: 'story-18343' },
    { headline: 'Vietnam beat Thailand 2-1 in the AFF Cup semi-final first leg', slug: 'story-18344' },
    { headline: 'Vietnam signs free trade deal with the European Union', slug: 'story-18345' },
    { headline: 'Prime Minister calls for faster public investment spending', slug: '20191204-pm' },
    { headline: 'Prime Minister meets Japanese business delegation in Tokyo', slug: '20191204-pm2' },
    { headline: 'Hà Nội to ban motorbikes from inner districts by 2030', slug: 'a1' },
    { headline: 'Hà Nội to plant a million trees by 2025', slug: 'a2' },
  ];
  /** Names and acronyms: words with a capital (the headline's first word too). */
  const onlyNames = (head: string) => head.split(' ').every((word) => /^\p{Lu}/u.test(word));

  it('is never a lone subject or a name alone, but the headline\'s first words up to where a phrase ends', () => {
    const heads = REVIEWED.map((story) => jumpHeadline(story));
    expect(heads).toEqual([
      'Police arrest two men',
      'Police close three roads',
      'Vietnam beat Thailand',
      'Vietnam signs free trade deal',
      'Prime Minister calls',
      // A name counts as one word of the five: "Prime Minister" and "Japanese" leave room for the phrase's end.
      'Prime Minister meets Japanese business delegation',
      'Hà Nội to ban motorbikes',
      'Hà Nội to plant',
    ]);
    for (const head of heads) {
      expect(head.split(' ').length, head).toBeGreaterThanOrEqual(2);
      expect(onlyNames(head), head).toBe(false);
      expect(head, head).not.toMatch(DANGLING);
    }
    // A title-case headline tells no names by their capitals: two words are head enough.
    expect(jumpHeadline('Prime Minister Calls For Faster Public Investment Spending')).toBe('Prime Minister');
  });

  const ALIKE = [
    ...REVIEWED,
    { headline: 'The only story in section SecA', slug: 's-0' },
    { headline: 'The only story in section SecM', slug: 's-12' },
    { headline: 'Priority 5 story number 19 Season winter bridge visitors', slug: 'p19' },
    { headline: 'Priority 5 story number 18 Growers port ministry homes', slug: 'p18' },
    { headline: 'Story with a pano photo 4000x200', slug: 'pano' },
    { headline: 'Story with a wide photo 3000x1000', slug: 'wide' },
  ];
  const folded = (heads: readonly string[]) => heads.map((head) => head.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());

  it('differ within an edition: heads alike take a key phrase of their headline that no other head is', () => {
    // Measured as if every head fitted its column (below, as set): one head a story.
    const heads = editionJumpHeads(ALIKE, () => 1).map(([head]) => head);
    expect(heads.slice(0, REVIEWED.length)).toEqual(REVIEWED.map((story) => jumpHeadline(story)));
    expect(heads.slice(REVIEWED.length)).toEqual([
      // They grew by their headlines' next words: "The only story in section SecA", "Priority 5
      // story number 19" (the head plus a number), "Story with a pano photo".
      'Section SecA',
      'Section SecM',
      'Bridge visitors',
      'Ministry homes',
      'Story with a pano photo',
      'Story with a wide photo',
    ]);
    expect(new Set(folded(heads)).size).toBe(heads.length);
    // Alike but for case and marks is alike; an editor's own head stays as written, the other moves.
    expect(editionJumpHeads([{ headline: 'Hà Nội to plant a million trees by 2025' }, { headline: 'HA NOI TO PLANT', jumpHead: 'Ha Noi to plant' }], () => 1)).toEqual([['Trees'], ['Ha Noi to plant']]);
    // The same headline twice: each takes a phrase the other has not, and the search ends.
    const twice = editionJumpHeads(['Police close three roads in the city centre', 'Police close three roads in the city centre'], () => 1).flat();
    expect(new Set(folded(twice)).size).toBe(2);
  });

  it('have one of one line of a column at their size, measured as the typesetter sets them (a review: four lines down a column)', () => {
    // "Prime Minister meets Japanese business delegation" took four lines of a Berliner column, and
    // heads made distinct grew to their whole headline. A story's heads, widest first: the last
    // sets on one line of a column, the others where the module is wider.
    for (const pageSize of ['berliner', 'a4', 'tabloid']) {
      const columnGrid = gridFor(resolveLayoutConfig({ pageSize }).config);
      const lines = jumpHeadColumnLines(columnGrid, fonts);
      expect(lines('Prime Minister meets Japanese business delegation'), pageSize).toBeGreaterThan(1);
      const heads = editionJumpHeads(ALIKE, lines);
      for (const head of heads.map((own) => own.at(-1)!)) {
        expect(lines(head), `${pageSize}: ${head}`).toBe(1);
        // A name of two words ("Hà Nội to plant") counts as one.
        expect(head.split(' ').length, `${pageSize}: ${head}`).toBeLessThanOrEqual(4);
        expect(head, head).not.toMatch(DANGLING);
      }
      // No story's head is another's, at any width.
      const all = heads.flatMap((own) => [...new Set(folded(own))]);
      expect(new Set(all).size, heads.join(' | ')).toBe(all.length);
    }
    // A copy desk's label in a column: the key phrase no other headline has; the head itself where it fits.
    const berliner = editionJumpHeads(REVIEWED, jumpHeadColumnLines(gridFor(resolveLayoutConfig({ pageSize: 'berliner' }).config), fonts));
    expect(berliner.slice(0, 2)).toEqual([
      ['Police arrest two men', 'Jewellery robbery'],
      ['Police close three roads', 'Sunday marathon'],
    ]);
  });

  it('reads as a head for every headline of the sample edition', () => {
    const files = readdirSync(new URL('../../samples/', import.meta.url)).filter((f) => /\.(md|json|txt)$/.test(f));
    const heads: string[] = [];
    for (const file of files) {
      const outcome = parseArticle(file, readFileSync(new URL(`../../samples/${file}`, import.meta.url)));
      if (!outcome.ok) throw new Error(outcome.rejection.reason);
      const head = jumpHeadline(outcome.article);
      heads.push(head);
      expect(head.split(' ').length, head).toBeLessThanOrEqual(5);
      expect(head, outcome.article.headline).not.toMatch(DANGLING);
      expect(head).not.toMatch(/[,:;—–]$/);
    }
    expect(heads).toContain('Rooftop gardens');
    expect(heads).toContain('Eight thousand runners');
  });
});
