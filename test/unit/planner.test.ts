/**
 * The page planner step by step, on literal stories: material (shapes and heights), search (stack
 * splits, white costs, vertical justification, a stack and a region), plan (the whole edition) and
 * the compose steps after it (pack, house ads, jump links).
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, BodyBlock } from '../../lambdas/core/article';
import { blanksAndLines, columnEndsHyphenated, featheredPitch, paragraphBreaksIn, rowsOf, setAsBodyLines } from '../../lambdas/core/layout/columns';
import { hasPhotoBeside } from '../../lambdas/core/layout/composition';
import { composePages, houseAdsFor, linkJumps, packModule, pageFill, planFitted, type ComposedPage, type FixedBlock, type PlacedModule } from '../../lambdas/core/layout/compose';
import { gridFor, resolveLayoutConfig, type Grid, type LayoutConfig } from '../../lambdas/core/layout/config';
import { Material, type ModuleOption, type Piece, type StoryMaterial } from '../../lambdas/core/layout/material';
import { columnLeft, rowTop, spanWidth } from '../../lambdas/core/layout/geometry';
import { MEASURE_POLICY, measureEdition, measurePage, pagesTurned, priorityInversions, shortStarts, storyTextRows, topHeavyStarts, unevenModules } from '../../lambdas/core/layout/measure';
import { frontJumpsInOrder, frontPageOrder } from '../../lambdas/core/layout/jump-order';
import { bySlug, planEdition } from '../../lambdas/core/layout/plan';
import { headlineBreakings, setHead, setStoryBody, type ColumnUnit, type HeadRole } from '../../lambdas/core/layout/story';
import { lineText, type SetLine } from '../../lambdas/core/typeset/paragraph';
import { DEFAULT_LAYOUT_POLICY, type LayoutPolicy } from '../../lambdas/core/layout/policy';
import { feather, searchRegion, searchRegionAlternatives, searchStack, shortColumnCost, stackSplits, whiteCost, type Planned, type Rect, type RegionRules } from '../../lambdas/core/layout/search';
import type { FontBook } from '../../lambdas/core/typeset/fonts';
import { generateEdition, type GeneratedEdition } from '../fixtures/generate-edition';
import { portraitLeadSample, twelvePictureStories } from '../support/picture-stories';
import { collectFolder, composeFolder, qualityEditionIn, textOf, type CollectedFolder, type ComposedFolder } from '../support/compose';
import { plantedTokens } from '../support/edition';
import { testFonts } from '../support/fonts';
import { unlabelledBeside } from '../support/section-bands';
import { onNamedPage } from '../support/sample-stories';
import { qualityEdition } from '../../bin/quality';

let fonts: FontBook;
/**
 * The policy these tests plan with: the default, but front-page jumps on their own sections' pages
 * only, and a start cut to a stub at a page's foot priced only as a jump. The editions below were
 * written on plans made so (before layout-49, which tries front-page jumps on the first inside
 * section's pages as on a jump page, tested rendered in page-quality.test.ts; before layout-70,
 * which prices such stubs, `shortStartCost`, tested rendered in story-starts.test.ts), and each
 * tests its own mechanism there: fourteen of them reach it through a page whose plan the price moves.
 * A start under a less important one, or beside one that reads above it, is priced as the queue's
 * wait only (`lesserStartAboveCost` 0, layout-72; `lesserBesideCost` 0, layout-75): three tests of plans kept or refused for an inversion and one of the fourth
 * compaction level find their inversion or their page only so (and layout-50's test, on the
 * default otherwise, likewise); layout-72 is tested below on the default policy.
 */
const policy: LayoutPolicy = { ...DEFAULT_LAYOUT_POLICY, frontJumpsNearFrontMinPages: Number.POSITIVE_INFINITY, shortStartCost: 0, lesserStartAboveCost: 0, lesserBesideCost: 0 };

let config: LayoutConfig;
let grid: Grid;
beforeAll(async () => {
  fonts = await testFonts();
  ({ config } = resolveLayoutConfig({ sections: ['National', 'World', 'Sport'] }));
  grid = gridFor(config);
});

const words = (n: number, tag: string) => Array.from({ length: n }, (_, i) => (i % 9 === 4 ? `${tag}${i}` : ['news', 'report', 'council', 'river', 'market', 'budget', 'school', 'harbour'][i % 8])).join(' ');

function article(slug: string, section: string, priority: 1 | 2 | 3 | 4 | 5, paragraphs: number, extra: Partial<Article> = {}): Article {
  const body: BodyBlock[] = Array.from({ length: paragraphs }, (_, i) => ({ kind: 'paragraph', runs: [{ text: `${words(60, `${slug}p${i}w`)}.` }] }));
  return { slug, headline: `Headline for ${slug} in the ${section} pages`, section, priority, body, language: 'en', source: `${slug}.md`, format: 'markdown', ...extra };
}

function materialOf(articles: readonly Article[], photos = new Map<string, { widthPx: number; heightPx: number }>(), layoutPolicy = policy): { material: Material; stories: StoryMaterial[]; pieces: Piece[] } {
  const material = new Material(grid, fonts, layoutPolicy);
  const stories = material.measure(articles, photos);
  return { material, stories, pieces: stories.map((s) => material.piece(s, 0)) };
}

describe('material', () => {
  it('offers each span its heights, lowest first, each from the cheapest shape that gives it', () => {
    const { material, pieces } = materialOf([article('story', 'National', 3, 8, { standfirst: 'A standfirst of a dozen words that sets the story up for a reader.' })]);
    const options = material.wholeOptions(pieces[0], 2, 'body', 1);
    expect(options.length).toBeGreaterThan(1);
    for (let i = 1; i < options.length; i++) expect(options[i].rows).toBeGreaterThan(options[i - 1].rows);
    // The story as written (no step, standfirst on) costs nothing and is among them.
    expect(options.some((o) => o.cost === 0 && o.shape.standfirst && o.shape.headlineScale === 1)).toBe(true);
    // Every height is what packing the module really gives.
    for (const option of options) expect(packModule(material, { option, column: 0, top: 10 }).head.rows + Math.max(...packModule(material, { option, column: 0, top: 10 }).columns.map(rowsOf))).toBe(option.rows);
  });

  it('keeps each level fill with its columns’ depths, as its columns hold them (wholeOptions reads them for every shape)', () => {
    const photos = new Map([['beside.jpg', { widthPx: 1000, heightPx: 1500 }]]);
    const { material, pieces } = materialOf([article('story', 'National', 3, 14, { image: { ref: 'beside.jpg' } })], photos);
    const piece = pieces[0];
    let besides = 0;
    for (let span = 1; span <= grid.columns; span++) {
      const level = material.balanced(piece, span);
      if (level) {
        expect(level.depths).toEqual(level.columns.map(rowsOf));
        expect(level.rows).toBe(Math.max(...level.depths));
      }
      for (const { shape } of material.shapes(piece, span, 'body', 1).filter((s) => s.shape.photoSide)) {
        const around = material.besideLevel(piece, span, shape);
        if (!around) continue;
        besides++;
        expect(around.depths).toEqual(around.columns.map(rowsOf));
      }
    }
    expect(besides).toBeGreaterThan(0);
  });

  it("sets a brief's head small at any width: at a page's top across three columns it is not a second story's", () => {
    // The sample's page 3 opened with a 60-word brief under a 35-point headline of three lines.
    const brief = { ...article('brief', 'World', 5, 1), body: [{ kind: 'paragraph', runs: [{ text: `${words(60, 'b')}.` }] }] as BodyBlock[] };
    const { material, stories, pieces } = materialOf([brief, article('story', 'World', 5, 8)]);
    expect(stories.map((s) => s.brief)).toEqual([true, false]);
    const role = (piece: Piece, span: number) => material.shapes(piece, span, 'top', 0)[0].shape.role;
    expect(role(pieces[0], 3)).toBe('small');
    expect(role(pieces[0], 5)).toBe('small');
    expect(role(pieces[0], 1)).toBe('brief');
    expect(role(pieces[1], 3)).toBe('second');
    const rows = (piece: Piece) => material.headRows(piece, 3, material.shapes(piece, 3, 'top', 0)[0].shape);
    expect(rows(pieces[0])).toBeLessThan(rows(pieces[1]));
  });

  it('breaks a headline\'s words on as many lines every way they fit, lines ending on a word that carries sense first, then the most even', () => {
    const text = 'The and three centre public of particularly correspondents H0001';
    const width = 535;
    const breakings = headlineBreakings(text, width, 28.2, 3, fonts, 100);
    expect(breakings.length).toBeGreaterThan(3);
    const lineWords = (lines: readonly SetLine[]) => lines.map((line) => lineText(line.words));
    for (const lines of breakings) {
      expect(lines).toHaveLength(3);
      expect(lineWords(lines).join(' ')).toBe(text);
      for (const line of lines) expect(line.naturalWidth).toBeLessThanOrEqual(width + 0.01);
    }
    // A line ending on a function word or a number word ("three") ends weak.
    const weak = (lines: readonly SetLine[]) => lineWords(lines).slice(0, -1).filter((line) => /\b(the|and|three|of)$/i.test(line)).length;
    const weakCounts = breakings.map(weak);
    expect(weakCounts).toEqual([...weakCounts].sort((a, b) => a - b));
    expect(weakCounts[0]).toBe(0);
    expect(weakCounts.at(-1)).toBeGreaterThan(0);
    // Among breakings as weak, the more even first.
    const unevenness = (lines: readonly SetLine[]) => lines.reduce((sum, line) => sum + (width - line.naturalWidth) ** 2, 0);
    for (let i = 1; i < breakings.length; i++) if (weakCounts[i] === weakCounts[i - 1]) expect(unevenness(breakings[i])).toBeGreaterThanOrEqual(unevenness(breakings[i - 1]));
    expect(headlineBreakings(text, width, 28.2, 3, fonts, 2)).toHaveLength(2);
  });

  it('prices a shape whose headline leaves white as deep as a hole beside its lines at every size', () => {
    // Two long German compounds across the page, a one-line standfirst under them: however set,
    // at any size, each line holds one word and leaves white beside it as deep as a hole. Three
    // columns wide the same head fills its lines. (Until layout-44 two short lines of an English
    // page-top head did, 45 articles at seed 4, page 19: set with each line as full as it goes, that
    // head now fills the width; see layout.test.ts.)
    const story = article('wide', 'National', 2, 12, { headline: 'Arbeiterunfallversicherungsgesetz Verkehrsinfrastrukturfinanzierung', standfirst: 'A standfirst of a few words.', language: 'de' });
    const { material, pieces } = materialOf([story]);
    const priced = (span: number) => material.shapes(pieces[0], span, 'top', 0).filter((s) => s.shape.standfirst && s.shape.headlineScale === 1);
    const head = (span: number) => setHead(story, { role: priced(span)[0].shape.role, width: spanWidth(grid, span), maxPhotoHeight: 0, withStandfirst: true, topGapRows: 0 }, grid, fonts);
    expect(head(grid.columns).headlineHole).toBe(true);
    expect(priced(grid.columns).every((s) => s.cost >= policy.headlineHoleCost)).toBe(true);
    expect(head(3).headlineHole).toBeUndefined();
    expect(priced(3).some((s) => s.cost < policy.headlineHoleCost)).toBe(true);
  });

  it('measures a head exactly as tall as it sets it, for every role, width, step and rule above', () => {
    // The planner sizes a module from the measured head (no balancing); packing sets the head
    // balanced. A headline whose full-width lines left a hole beside them was measured at another
    // size than it was set: a 'second' head three columns wide, 7 rows measured and 11 set, ran its
    // story's text four rows past the module.
    const headlines = ['Headline 31 village ward report harbour province river ward bridge', 'Cần Thơ opens hotline for reporting broken street lights', 'Council budget', 'Harbour market report harbour province district ward village bridge growth trade exports jobs'];
    const mismatches: string[] = [];
    for (const headline of headlines) {
      const story = { ...article('h', 'National', 2, 1), headline };
      for (const role of ['lead', 'second', 'normal', 'small', 'brief'] as HeadRole[]) {
        for (let span = 1; span <= grid.columns; span++) {
          for (const headlineScale of [1, policy.headlineStep]) {
            for (const topGapRows of [0, 1]) {
              const options = { role, width: spanWidth(grid, span), maxPhotoHeight: 0, withStandfirst: false, topGapRows, headlineScale };
              const measured = setHead(story, { ...options, measureOnly: true }, grid, fonts).rows;
              const set = setHead(story, options, grid, fonts).rows;
              if (measured !== set) mismatches.push(`${headline} / ${role} / ${span} / ${headlineScale} / ${topGapRows}: ${measured} measured, ${set} set`);
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('sets a lead too short for its span in as many columns as hold three lines each, from the left', () => {
    // The lead spans the front's region however short it is: a one-paragraph lead was set one line
    // to a column (1/1/1/0), which the composer's check calls one-line fragments.
    const short = { ...article('lead', 'National', 1, 1), body: [{ kind: 'paragraph', runs: [{ text: `${words(16, 'shortw')}.` }] }] } as Article;
    const { material, pieces } = materialOf([short]);
    const [option] = material.wholeOptions(pieces[0], 4, 'lead', 0);
    const module = packModule(material, { option, column: 0, top: 10 });
    const lines = module.columns.map((column) => column.filter((u) => u.kind === 'line').length);
    const total = lines.reduce((a, b) => a + b, 0);
    expect(total).toBe(pieces[0].story.units.filter((u) => u.kind === 'line').length);
    expect(total).toBeLessThan(4 * policy.minLinesPerColumn);
    expect(lines).toHaveLength(4);
    // Filled from the left, as many columns as hold three lines each (at least one), the rest empty,
    // and no column of one line.
    const filled = lines.filter((n) => n > 0);
    expect(filled).toHaveLength(Math.max(1, Math.floor(total / policy.minLinesPerColumn)));
    expect(lines.slice(filled.length).every((n) => n === 0)).toBe(true);
    if (total > 1) expect(filled.every((n) => n > 1)).toBe(true);
  });

  it('crops a photo to whole rows within ±20% of its aspect', () => {
    const photos = new Map([['p.jpg', { widthPx: 1600, heightPx: 1000 }]]);
    const { material, pieces } = materialOf([article('story', 'National', 2, 10, { image: { ref: 'p.jpg' } })], photos);
    const natural = (grid.columnWidth * 3 + grid.gutter * 2) * (1000 / 1600) / grid.lead;
    const rows = material.photoRowRange(pieces[0], 3);
    expect(rows.length).toBeGreaterThan(3);
    expect(Math.min(...rows)).toBeGreaterThanOrEqual(Math.floor(natural * 0.8));
    expect(Math.max(...rows)).toBeLessThanOrEqual(Math.ceil(natural * 1.2));
  });

  it('prices a span that would stretch the photo past the least resolution, and no span it prints sharp at', () => {
    // 500 px: sharp enough for two columns at 72 ppi, stretched past it at five.
    const photos = new Map([['p.jpg', { widthPx: 500, heightPx: 333 }]]);
    const { material, pieces } = materialOf([article('story', 'National', 2, 10, { image: { ref: 'p.jpg' } })], photos);
    const cheapest = (span: number) => Math.min(...material.shapes(pieces[0], span, 'body', 1).map((s) => s.cost));
    expect(spanWidth(grid, 2) * 0.75).toBeLessThanOrEqual(500);
    expect(spanWidth(grid, 5) * 0.75).toBeGreaterThan(500);
    expect(cheapest(2)).toBeLessThan(policy.photoLowResCost);
    expect(cheapest(5)).toBeGreaterThanOrEqual(policy.photoLowResCost);
  });

  it('cuts a story to exactly the rows asked, leaving its continuation a few lines; never a brief', () => {
    const { material, pieces } = materialOf([article('long', 'National', 2, 20), article('brief', 'National', 5, 1)]);
    const cut = material.cutOption(pieces[0], 2, 40, 'body', 1)!;
    expect(cut.rows).toBe(40);
    expect(cut.cutAt).toBeGreaterThan(0);
    const module = packModule(material, { option: cut, column: 0, top: 0 });
    expect(module.head.rows + Math.max(...module.columns.map(rowsOf))).toBeLessThanOrEqual(40);
    expect(rowsOf(pieces[0].story.units.slice(cut.cutAt))).toBeGreaterThanOrEqual(policy.minContinuationRows);
    expect(material.cutOption(pieces[1], 1, 8, 'body', 1)).toBeUndefined();
  });

  it('cuts a story only where it leaves minCutTextRows under its head: no headline at the foot over a paragraph', () => {
    const { material, pieces } = materialOf([article('long', 'National', 2, 20)]);
    const textRowsOf = (rows: number) => {
      const cut = material.cutOption(pieces[0], 3, rows, 'body', 1);
      return cut && rows - packModule(material, { option: cut, column: 0, top: 0 }).head.rows;
    };
    const cuts = Array.from({ length: 30 }, (_, i) => 4 + i).flatMap((rows) => {
      const textRows = textRowsOf(rows);
      return textRows === undefined ? [] : [{ rows, textRows }];
    });
    expect(cuts.length).toBeGreaterThan(10);
    for (const { textRows } of cuts) expect(textRows).toBeGreaterThanOrEqual(policy.minCutTextRows);
    // The shallowest cut is the first depth that leaves that much text: a row less is refused.
    expect(cuts[0].textRows).toBe(policy.minCutTextRows);
    // With the old three rows, the same story is cut as a head over a few lines.
    const loose = materialOf([article('long', 'National', 2, 20)], undefined, { ...policy, minCutTextRows: 3 });
    const stub = loose.material.cutOption(loose.pieces[0], 3, cuts[0].rows - 3, 'body', 1);
    expect(stub).toBeDefined();
  });

  it('prices the white a cut leaves above its jump line where the next paragraph is kept with its table', () => {
    const base = article('tabled', 'National', 2, 12);
    const table: BodyBlock = { kind: 'table', rows: [{ cells: ['Station', 'Level (m)'], header: true }, ...['Vientiane', 'Pakse', 'Kratié', 'Tân Châu'].map((name, i) => ({ cells: [name, `${i + 1}.25`] }))] };
    const body: BodyBlock[] = [...base.body.slice(0, 5), { kind: 'paragraph', runs: [{ text: `${words(24, 'intro')} at these stations:` }] }, table, ...base.body.slice(5)];
    const { material, pieces } = materialOf([{ ...base, body }]);
    const cuts: { cost: number; shape: string; excess: number }[] = [];
    for (let rows = 20; rows <= 60; rows++) {
      const cut = material.cutOption(pieces[0], 2, rows, 'body', 1);
      if (!cut) continue;
      const module = packModule(material, { option: cut, column: 0, top: 0 });
      const textRows = rows - module.head.rows;
      const white = 2 * textRows - 1 - module.columns.reduce((sum, column) => sum + rowsOf(column), 0);
      cuts.push({ cost: cut.cost, shape: JSON.stringify(cut.shape), excess: Math.max(0, white - 2) });
    }
    // Some cuts end where the introduction and its table cannot start, and leave white.
    expect(cuts.some((c) => c.excess >= 3)).toBe(true);
    // Of two cuts of the same shape, the one that leaves more white costs that much more.
    const byShape = new Map<string, typeof cuts>();
    for (const c of cuts) byShape.set(c.shape, [...(byShape.get(c.shape) ?? []), c]);
    let compared = 0;
    for (const group of byShape.values()) {
      for (const c of group) {
        expect(c.cost - group[0].cost).toBeCloseTo(policy.whiteCost * (c.excess - group[0].excess), 6);
        if (c.excess !== group[0].excess) compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('makes a deep module deeper by blank lines between paragraphs, never at a column top', () => {
    const { material, pieces } = materialOf([article('deep', 'National', 3, 30)]);
    const base = material.balanced(pieces[0], 2)!;
    const deeper = material.feathered(pieces[0], 2, 3)!;
    expect(deeper.rows).toBe(base.rows + 3);
    for (const column of deeper.columns) expect(column[0].kind).not.toBe('space');
    // Every line is still there, once.
    expect(deeper.columns.flat().filter((u) => u.kind !== 'space')).toHaveLength(pieces[0].story.units.length);
  });

  it('feathers a column with fewer paragraph breaks than rows to take, two to a break, its leading opened by a tenth at most', () => {
    // Four long paragraphs across two columns: a column holds one or two breaks and takes five rows.
    const long: BodyBlock[] = Array.from({ length: 4 }, (_, i) => ({ kind: 'paragraph', runs: [{ text: `${words(240, `sparse${i}w`)}.` }] }));
    const sparsePolicy = { ...policy, featherBreaksPerRow: 0.2 };
    const { material, pieces } = materialOf([{ ...article('sparse', 'National', 3, 0), body: long }], undefined, sparsePolicy);
    const base = material.balanced(pieces[0], 2)!;
    const extra = 5;
    const deeper = material.feathered(pieces[0], 2, extra)!;
    expect(deeper.rows).toBe(base.rows + extra);
    // The breaks a column has, counted without the blank rows that now stand at them.
    const breaksIn = (column: readonly ColumnUnit[]) => paragraphBreaksIn(column.filter((unit) => unit.kind !== 'space')).length;
    const blanksIn = (column: readonly ColumnUnit[]) => blanksAndLines(column).blanks;
    // Level: every column comes to the depth planned, none with white under it.
    for (const column of deeper.columns) expect(rowsOf(column)).toBe(deeper.rows);
    // Not vacuous: some column took more blank rows than it has breaks, which one to a break could not.
    expect(deeper.columns.some((column) => blanksIn(column) > breaksIn(column))).toBe(true);
    for (const column of deeper.columns) {
      const pitch = featheredPitch(column, grid.lead);
      if (pitch !== undefined) expect(pitch).toBeLessThanOrEqual(grid.lead * (1 + sparsePolicy.featherMaxShare));
    }
    // Past a tenth of its rows, a module takes no more.
    expect(material.feathered(pieces[0], 2, Math.floor(base.rows * sparsePolicy.featherMaxShare) + 1)).toBeUndefined();
  });

  it('sets a brief across five columns of a few lines level, each column ending on a hyphen if it must, and deeper ones as before', async () => {
    // `epaper quality`'s 16 articles at seed 7: its briefs strung across a page's five columns
    // printed 3/4/3/3/2 and 5/5/3/3/4 when one hyphenated column end was all a fill could take.
    const dir = await mkdtemp(join(tmpdir(), 'epaper-level-briefs-'));
    try {
      await generateEdition(dir, qualityEdition(16, 7));
      const folder = await collectFolder(dir);
      const columnsAt = (layoutPolicy: LayoutPolicy, brief: boolean) => {
        const material = new Material(folder.grid, fonts, layoutPolicy);
        const stories = material.measure(folder.articles, folder.photos).filter((story) => story.article.slug.includes('brief') === brief);
        return stories.map((story) => material.balanced(material.piece(story, 0), 5)!.columns);
      };
      const spread = (columns: readonly (readonly ColumnUnit[])[]) => {
        const depths = columns.map(rowsOf).filter((rows) => rows > 0);
        return Math.max(...depths) - Math.min(...depths);
      };
      const hyphenatedEnds = (columns: readonly (readonly ColumnUnit[])[]) => columns.slice(0, -1).filter(columnEndsHyphenated).length;
      const briefs = columnsAt(policy, true);
      expect(briefs.length).toBeGreaterThan(1);
      for (const columns of briefs) {
        expect(columns.every((column) => column.length > 0)).toBe(true);
        expect(spread(columns), columns.map(rowsOf).join('/')).toBeLessThanOrEqual(1);
      }
      // Not vacuous: level only with two words run across columns, and uneven with one at most.
      expect(briefs.some((columns) => hyphenatedEnds(columns) >= 2)).toBe(true);
      expect(columnsAt({ ...policy, levelByHyphensRows: 0 }, true).some((columns) => spread(columns) >= 2)).toBe(true);
      // The long stories' columns, far deeper, are set as they were.
      const unitsPerColumn = (all: readonly (readonly (readonly ColumnUnit[])[])[]) => all.map((columns) => columns.map((column) => column.length));
      expect(unitsPerColumn(columnsAt(policy, false))).toEqual(unitsPerColumn(columnsAt({ ...policy, levelByHyphensRows: 0 }, false)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a short wire story with a table and a sign-off', () => {
  const wire: Article = {
    slug: 'rice-prices',
    headline: 'Rice export prices rise for third week',
    section: 'National',
    priority: 3,
    language: 'en',
    source: 'wire-prices.txt',
    format: 'wire',
    signOff: 'VNS',
    body: [
      { kind: 'paragraph', runs: [{ text: 'Rice export prices rose for a third week, traders in Cần Thơ said on Monday, as buyers from the Philippines and Indonesia returned to the market.' }] },
      { kind: 'paragraph', runs: [{ text: 'Prices for five per cent broken rice, in US dollars a tonne, at the close of trading:' }] },
      { kind: 'table', rows: [{ cells: ['Việt Nam', '585'] }, { cells: ['Thái Lan', '572'] }, { cells: ['Ấn Độ', '541'] }, { cells: ['Pakistan', '537'] }] },
    ],
  };

  it('offers no span whose columns leave one a single line (the intro line alone, "— VNS" alone)', () => {
    const depths = (layoutPolicy: LayoutPolicy) => {
      const { material, pieces } = materialOf([wire], undefined, layoutPolicy);
      return [2, 3, 4, 5].flatMap((span) => material.wholeOptions(pieces[0], span, 'body', 1).map((option) => packModule(material, { option, column: 0, top: 0 }).columns.map(rowsOf)));
    };
    expect(depths(policy).flat().every((rows) => rows >= 2)).toBe(true);
    // Without the rule, four columns left a column of one line.
    expect(depths({ ...policy, minColumnRows: 1 }).some((columns) => columns.some((rows) => rows === 1))).toBe(true);
  });
});

describe('search', () => {
  it('splits a width into stacks in every order, widest first', () => {
    expect(stackSplits(3, 3)).toEqual([[3], [2, 1], [1, 2], [1, 1, 1]]);
    expect(stackSplits(5, 2)).toEqual([[5], [4, 1], [3, 2], [2, 3], [1, 4]]);
  });

  it('prices white: free for a row, a little to the hole limit, prohibitive beyond, unless spread between modules', () => {
    expect(whiteCost(policy, 1, 2)).toBe(0);
    expect(whiteCost(policy, policy.maxWhiteRows, 1)).toBeLessThan(50);
    expect(whiteCost(policy, 8, 1)).toBeGreaterThan(1000);
    expect(whiteCost(policy, 8, 1, 3)).toBeLessThan(100);
  });

  it('prices a hole by its depth as well as its area: a column white down the page costs more than the same white across the foot', () => {
    // One column of 112 rows against five columns of 23 (a little more white).
    expect(whiteCost(policy, 112, 1)).toBeGreaterThan(whiteCost(policy, 23, 5));
    // Per row-column, a deeper hole costs more.
    expect(whiteCost(policy, 40, 1) / 40).toBeGreaterThan(whiteCost(policy, 10, 1) / 10);
  });

  it('sets a story that cannot fill its page across the width, white at the foot, not beside a column left white from the top', () => {
    const { material, pieces } = materialOf([article('alone', 'National', 3, 16)]);
    const region = { column: 0, span: 5, top: 0, rows: grid.rows };
    const plan = searchRegion(material, pieces, region, { mode: 'finish', pageTop: true, topModule: true })!;
    expect(plan.modules).toHaveLength(1);
    // White there is (the story is short of a page), but none of it runs down from the region's top.
    expect(plan.feet.length).toBeGreaterThan(0);
    for (const foot of plan.feet) expect(foot.top).toBeGreaterThan(region.top);
    expect(plan.modules[0].option.span).toBe(5);
  });

  it('prices the white under a stack’s last module together with the column where its text ends short', () => {
    const ending = (shortRows: number) => ({ shortRows }) as ModuleOption;
    // Six rows under the module are no hole; with its shortest column two rows higher, that column's
    // white is eight rows deep, which the measure calls one: priced as a column-wide hole.
    expect(shortColumnCost(policy, policy.maxWhiteRows, ending(2))).toBeGreaterThan(whiteCost(policy, policy.maxWhiteRows, 5) * 10);
    expect(shortColumnCost(policy, policy.maxWhiteRows, ending(1))).toBe(0);
    expect(shortColumnCost(policy, policy.maxWhiteRows, ending(0))).toBe(0);
    expect(shortColumnCost(policy, 2, ending(3))).toBe(0);
    // Deeper white is a hole already, priced (or spread, or given a notice) by whiteCost alone.
    expect(shortColumnCost(policy, policy.maxWhiteRows + 2, ending(3))).toBe(0);
  });

  it('records how far above its foot a module’s shortest column of text ends', () => {
    const { material, pieces } = materialOf([article('story', 'National', 3, 9)]);
    for (const span of [2, 3, 4]) {
      const depths = material.balanced(pieces[0], span)!.columns.map(rowsOf);
      for (const option of material.wholeOptions(pieces[0], span, 'body', 1)) {
        if (option.feathered) continue;
        expect(option.shortRows).toBe(Math.max(...depths) - Math.min(...depths));
      }
    }
  });

  it('takes a story whose columns end level over one whose short column would stand over the stack’s white as a hole', () => {
    const { material, pieces } = materialOf([article('first', 'National', 2, 6), article('level', 'National', 3, 6)]);
    const optionOf = (piece: Piece, shortRows: number): ModuleOption => ({ piece, span: 3, rows: 30, shape: { role: 'normal', headlineScale: 1, standfirst: false, photoRows: 0, gap: 1 }, cost: 0, shortRows });
    const options = new Map([
      [pieces[0], [optionOf(pieces[0], 2)]],
      [pieces[1], [optionOf(pieces[1], 0)]],
    ]);
    const fake = Object.assign(Object.create(material) as Material, { wholeOptions: (piece: Piece) => options.get(piece)!, cutOption: () => undefined });
    const slot = { column: 0, span: 3, top: 10, rows: 30 + policy.maxWhiteRows };
    const rules = { mode: 'continue', pageTop: false, topModule: false } as const;
    // The more important story goes first, where nothing tells its columns apart…
    options.set(pieces[0], [optionOf(pieces[0], 1)]);
    expect(searchStack(fake, pieces, new Set(), slot, rules, 'body').modules.map((m) => m.option.piece)).toEqual([pieces[0]]);
    // …but not where its column two rows short, over six rows of white, would read as a hole.
    options.set(pieces[0], [optionOf(pieces[0], 2)]);
    expect(searchStack(fake, pieces, new Set(), slot, rules, 'body').modules.map((m) => m.option.piece)).toEqual([pieces[1]]);
  });

  it('moves white at a stack’s foot into the gaps between its modules', () => {
    const module = (top: number): Planned => ({ option: { rows: 10 } as Planned['option'], column: 0, top });
    const { modules, white } = feather([module(0), module(10), module(20)], 10, policy);
    expect(modules.map((m) => m.top)).toEqual([0, 12, 24]);
    expect(white).toBe(6);
    expect(feather([module(0)], 10, policy).white).toBe(10);
    // Never more than the white there is: ten briefs over seven rows of white would move nine rows
    // and end two rows past the foot (under the folio).
    const briefs = Array.from({ length: 10 }, (_, i) => module(i * 4));
    for (const white of [policy.maxWhiteRows + 1, 7, 9, 12, 30]) {
      const spread = feather(briefs, white, policy);
      expect(spread.white, `white ${white}`).toBeGreaterThanOrEqual(0);
      expect(spread.modules.at(-1)!.top + 10 + spread.white, `white ${white}`).toBe(briefs.at(-1)!.top + 10 + white);
    }
  });

  it('fills a stack to its foot from the queue, most important first', () => {
    const { material, pieces } = materialOf([article('a', 'National', 2, 6), article('b', 'National', 3, 5), article('c', 'National', 4, 4), article('d', 'National', 4, 3)]);
    const plan = searchStack(material, pieces, new Set(), { column: 0, span: 1, top: 10, rows: 60 }, { mode: 'continue', pageTop: false, topModule: false }, 'body');
    expect(plan.modules.length).toBeGreaterThan(0);
    expect(plan.modules[0].option.piece).toBe(pieces[0]);
    expect(plan.white).toBeLessThanOrEqual(policy.maxWhiteRows);
    // Modules stand one under the other, inside the slot.
    let bottom = 10;
    for (const m of plan.modules) {
      expect(m.top).toBeGreaterThanOrEqual(bottom);
      bottom = m.top + m.option.rows;
    }
    expect(bottom).toBeLessThanOrEqual(70);
  });

  it('stops a stack search at its node budget, and counts the nodes it visited', () => {
    const { material, pieces } = materialOf(briefRich().filter((a) => a.priority === 5));
    const slot = { column: 0, span: 3, top: 10, rows: 110 };
    searchStack(material, pieces, new Set(), slot, { mode: 'finish', pageTop: false, topModule: false, stackNodes: 20 }, 'body');
    expect(material.searchCounts.stacks).toBe(1);
    expect(material.searchCounts.capped).toBe(1);
    // Past the budget a node is still weighed but not expanded: the siblings of the open ones count.
    const held = material.searchCounts.nodes;
    // (Each node weighs every shape of every piece it may take next: briefs with a small head have
    // two sizes and a standfirst or none, so 20 expanded nodes weigh about a hundred.)
    expect(held).toBeLessThan(policy.stackSearchNodes);
    searchStack(material, pieces, new Set(), slot, { mode: 'finish', pageTop: false, topModule: false }, 'body');
    expect(material.searchCounts.nodes - held).toBeGreaterThan(held);
  });

  it('in finish mode places the whole queue or nothing, and offers alternatives that leave different material', () => {
    const { material, pieces } = materialOf([article('a', 'National', 2, 6), article('b', 'National', 3, 5)]);
    const region = { column: 0, span: 5, top: 3, rows: 40 };
    const plan = searchRegion(material, pieces, region, { mode: 'finish', pageTop: false, topModule: true });
    expect(plan).toBeDefined();
    expect(new Set(plan!.modules.map((m) => m.option.piece))).toEqual(new Set(pieces));
    const tooSmall = searchRegion(material, pieces, { ...region, rows: 6 }, { mode: 'finish', pageTop: false, topModule: true });
    expect(tooSmall).toBeUndefined();
    const long = materialOf([article('l1', 'National', 2, 30), article('l2', 'National', 3, 30), article('l3', 'National', 3, 30)]);
    const alternatives = searchRegionAlternatives(long.material, long.pieces, { column: 0, span: 5, top: 3, rows: 100 }, { mode: 'continue', pageTop: false, topModule: true }, 3);
    expect(alternatives.length).toBeGreaterThan(1);
    const signatures = alternatives.map((p) => p.modules.map((m) => `${m.option.piece.story.index}/${m.option.cutAt}`).sort().join());
    expect(new Set(signatures).size).toBe(alternatives.length);
    for (let i = 1; i < alternatives.length; i++) expect(alternatives[i].cost).toBeGreaterThanOrEqual(alternatives[i - 1].cost);
  });

  it('sets a queue of one-line items down every column of the region, in order, the columns ending level, not in one or two columns beside white ones', () => {
    const items = Array.from({ length: 14 }, (_, i) => ({ ...article(`item${String(i).padStart(2, '0')}`, 'Sport', 4, 0), headline: `Short item ${i}`, body: [{ kind: 'paragraph' as const, runs: [{ text: `Short body ${i}.` }] }] }));
    const { material, pieces } = materialOf(items);
    // One line wide only: at two columns a column would hold less than the policy's minimum.
    for (const piece of pieces) expect(material.wholeOptions(piece, 2, 'body', 1)).toEqual([]);
    const region = { column: 0, span: 5, top: 59, rows: 53 };
    const plan = searchRegion(material, pieces, region, { mode: 'finish', pageTop: false, topModule: true })!;
    expect(plan.modules.map((m) => m.option.piece)).toEqual(pieces);
    const byColumn = Array.from({ length: 5 }, (_, c) => plan.modules.filter((m) => m.column === c));
    // Every column holds items, in reading order down one column and on to the next.
    for (const column of byColumn) expect(column.length).toBeGreaterThan(0);
    expect(byColumn.flat().map((m) => m.option.piece)).toEqual(pieces);
    // They end within an item of each other, and the white under them is at the feet.
    const ends = byColumn.map((column) => Math.max(...column.map((m) => m.top + m.option.rows)));
    expect(Math.max(...ends) - Math.min(...ends)).toBeLessThanOrEqual(Math.max(...plan.modules.map((m) => m.option.rows)));
    for (const column of byColumn) expect(column[0].top).toBe(region.top);
    for (const foot of plan.feet) expect(foot.top).toBe(ends[foot.column]);
  });
});

/** A body line by its paragraph and place in it. */
const lineKey = (unit: { paragraph?: number; lineInParagraph?: number }) => `${unit.paragraph}:${unit.lineInParagraph}`;
/** A story's body lines as set, in order. */
const bodyLines = (story: StoryMaterial) => story.units.filter((u) => u.kind === 'line').map(lineKey);
/** A story's body lines as printed on the pages, in page and column order: each once, if none is lost. */
const printedLines = (composition: ReturnType<typeof composePages>, slug: string) =>
  composition.pages.flatMap((page) => page.modules.filter((m) => m.slug === slug).flatMap((m) => m.columns.flat().filter((u) => u.kind === 'line').map(lineKey)));

/** A section of a big Sunday edition: a few stories and many briefs of one to three lines' difference. */
function briefRich(): Article[] {
  const brief = (i: number): Article => ({ ...article(`b${i}`, 'National', 5, 1), body: [{ kind: 'paragraph', runs: [{ text: `${words(40 + ((i * 37) % 70), `b${i}w`)}.` }] }] });
  return [article('lead', 'National', 1, 20), ...Array.from({ length: 10 }, (_, i) => article(`s${i}`, 'National', (2 + (i % 3)) as 2 | 3 | 4, 5 + (i % 5))), ...Array.from({ length: 60 }, (_, i) => brief(i))];
}

describe('plan', () => {
  it('composes an edition of less than a page on the front page alone, and says it is short', () => {
    const { material, stories } = materialOf([article('lead', 'National', 1, 4), article('other', 'World', 3, 2)]);
    const plan = planEdition(stories, config, material);
    expect(plan.short).toBe(true);
    expect(plan.pages).toHaveLength(1);
    expect(plan.pages[0].modules[0].option.piece.story.article.slug).toBe('lead');
    expect(plan.pages[0].modules[0].option.span).toBe(grid.columns);
  });

  it('places a story of only a headline (its body empty), on a short edition and on a long one', () => {
    // Its columns were empty at every span, so it had no shape: "could not place … on an empty page".
    const headlineOnly = article('headline-only', 'World', 3, 0);
    for (const others of [[article('a', 'National', 2, 1), article('b', 'World', 3, 1), article('c', 'Sport', 3, 1)], [article('lead', 'National', 1, 30), article('w', 'World', 2, 20), article('s', 'Sport', 3, 20)]]) {
      const { material, stories } = materialOf([...others, headlineOnly]);
      const plan = planEdition(stories, config, material);
      expect(plan.problems).toEqual([]);
      const placed = plan.pages.flatMap((page) => page.modules.filter((m) => m.option.piece.story.article.slug === 'headline-only'));
      expect(placed).toHaveLength(1);
      expect(placed[0].option.rows).toBeGreaterThan(0);
    }
  });

  it('prints every story of a short edition once when the desk’s lead is not the most important story', () => {
    // The short front's queue was the ranking less its first story, as if that were always the
    // lead: the desk's lead stood twice in it, and the most important story was left out.
    const { material, stories } = materialOf([article('top', 'National', 1, 2), article('chosen', 'World', 4, 2), article('third', 'Sport', 3, 2)]);
    const plan = planEdition(stories, { ...config, editorial: { ...config.editorial, lead: 'chosen' } }, material);
    expect(plan.short).toBe(true);
    expect(plan.problems).toEqual([]);
    const placed = plan.pages.flatMap((page) => page.modules.map((m) => m.option.piece.story.article.slug));
    expect(placed.sort()).toEqual(['chosen', 'third', 'top']);
    expect(plan.pages[0].modules[0].option.piece.story.article.slug).toBe('chosen');
  });

  it('never cuts the lead of an edition composed on one page: its rest would have no page to go to', () => {
    // Estimated to fit one page, but the lead's head and photo too tall for the front's share: the
    // one-page search cut it to make room for the rest, and its cut-off lines were printed nowhere.
    const photos = new Map([['lead.jpg', { widthPx: 1600, heightPx: 1200 }]]);
    const articles = [article('lead', 'National', 3, 14, { image: { ref: 'lead.jpg' } }), article('other', 'Sport', 3, 4), article('brief', 'National', 4, 1)];
    const composition = composePages(articles, photos, { ...config, editorial: { ...config.editorial, front: ['lead', 'brief'] } }, grid, fonts);
    expect(composition.problems.filter((p) => /lost|not placed/.test(p))).toEqual([]);
    const { stories } = materialOf(articles, photos);
    for (const story of stories) expect(printedLines(composition, story.article.slug)).toEqual(bodyLines(story));
  });

  it('puts a story the desk chose for the front page there on A4 though its rest runs on over more than one inside page', () => {
    // On A4 a 2,400-word story is longer than a page: its rest cannot continue on one inside page,
    // and the desk's choice was refused ("too long to continue on one inside page; it starts inside").
    const { config: a4Config } = resolveLayoutConfig({ pageSize: 'a4', sections: ['National', 'World', 'Sport'] });
    const a4Grid = gridFor(a4Config);
    const articles = [article('lead', 'National', 1, 10), article('long', 'World', 2, 40), article('other', 'Sport', 3, 8)];
    const desk = { ...a4Config, editorial: { ...a4Config.editorial, front: ['lead', 'long'] } };
    const planned = (layoutPolicy: LayoutPolicy) => {
      const material = new Material(a4Grid, fonts, layoutPolicy);
      return planEdition(material.measure(articles, new Map()), desk, material);
    };
    const pagesOf = (plan: ReturnType<typeof planEdition>, slug: string) => plan.pages.filter((page) => page.modules.some((m) => m.option.piece.story.article.slug === slug)).map((page) => page.number);
    const refused = planned({ ...policy, restOverPageCost: Number.POSITIVE_INFINITY });
    expect(refused.problems).toContain('"long" was chosen for the front page but is too long to continue on one inside page; it starts inside');
    expect(pagesOf(refused, 'long')[0]).toBeGreaterThan(1);
    const plan = planned(policy);
    expect(plan.problems).toEqual([]);
    const onPages = pagesOf(plan, 'long');
    expect(onPages[0]).toBe(1);
    // Inside, its rest runs on page after page.
    expect(onPages.length).toBeGreaterThanOrEqual(3);
    for (let i = 2; i < onPages.length; i++) expect(onPages[i]).toBe(onPages[i - 1] + 1);
    const composition = composePages(articles, new Map(), desk, a4Grid, fonts);
    const material = new Material(a4Grid, fonts, policy);
    const long = material.measure(articles, new Map()).find((s) => s.article.slug === 'long')!;
    expect(printedLines(composition, 'long')).toEqual(bodyLines(long));
  });

  it('prints a story too long to jump once, cut where it must, rather than leave it out', () => {
    // A 4,200-word story with a photo, not on the front: every cut left a rest deeper than a page
    // (the estimate that it fits two pages leaves out its head), so no cut was allowed and it could
    // not stand whole: it was printed nowhere.
    const photos = new Map([['long.jpg', { widthPx: 1600, heightPx: 1200 }]]);
    const articles = [article('lead', 'National', 1, 10), article('long', 'World', 2, 70, { image: { ref: 'long.jpg' } }), article('other', 'Sport', 3, 6)];
    const composition = composePages(articles, photos, { ...config, editorial: { ...config.editorial, front: ['lead', 'other'] } }, grid, fonts);
    expect(composition.problems.filter((p) => /lost|not placed|could not place/.test(p))).toEqual([]);
    const { stories } = materialOf(articles, photos);
    expect(printedLines(composition, 'long')).toEqual(bodyLines(stories[1]));
  });

  it('cuts a continuation again when, filled, it does not fit a page its estimate said it would', async () => {
    // A 3,000-word lead cut on the front left 518 lines: estimated at 104 rows a page (room 105),
    // so the continuation was never to be cut again, but filled with its paragraphs kept together
    // it needed more: it could be placed nowhere, and all 518 lines were lost (random desk choices,
    // generated edition seed 86).
    const dir = await mkdtemp(join(tmpdir(), 'epaper-planner-'));
    try {
      await generateEdition(dir, { articles: 4, seed: 86, briefs: 0, longStoryWords: 3000 });
      await appendFile(join(dir, 'edition.yaml'), 'pages:\n  World: 2\n');
      const { composition } = await composeFolder(dir, undefined, policy);
      expect(composition.problems.filter((p) => /lost|not placed|could not place/.test(p))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('tries the front page alone for an edition estimated a little over it, and keeps it when the copy fits', () => {
    // Three stories of ten or eleven paragraphs: estimated just over 0.92 of the front page, which
    // once gave them three pages (the last two mostly white); set with stepped heads they fit one.
    const articles = [article('lead', 'National', 1, 10), article('second', 'World', 2, 11), article('third', 'Sport', 3, 10)];
    const planned = (shortEditionMaxShare: number) => {
      const { material, stories } = materialOf(articles, undefined, { ...policy, shortEditionMaxShare });
      return planEdition(stories, config, material);
    };
    // Estimated over the share, it is planned as an edition with an inside: the lead's region takes
    // every story, the column under the Inside box finds nothing, and the region is planned again
    // across the page; every story whole there, there is no inside and no Inside box.
    const over = planned(0.92);
    expect(over.short).toBe(false);
    expect(over.pages).toHaveLength(1);
    expect(over.pages[0].blocks.map((b) => b.kind)).toEqual(['masthead']);
    const plan = planned(policy.shortEditionMaxShare);
    expect(plan.short).toBe(true);
    expect(plan.pages).toHaveLength(1);
    expect(plan.leftOut).toEqual([]);
    // Every story whole on the page: nothing cut, nothing jumps.
    expect(plan.pages[0].modules.map((m) => m.option.piece.story.article.slug).sort()).toEqual(['lead', 'second', 'third']);
    expect(plan.pages[0].modules.every((m) => m.option.cutAt === undefined)).toBe(true);
  });

  it('gives a section of one brief the top of a page at the depth the brief takes, the next section right under it', () => {
    // A brief's head and its few lines are more than its words: planned from the estimate alone,
    // the section's region came out deeper than the brief, white a reader saw as a hole (and,
    // judged one page ahead, a brief left alone on a page nine tenths white).
    const brief: Article = { ...article('brief', 'World', 5, 1), body: [{ kind: 'paragraph', runs: [{ text: `${words(70, 'bw')}.` }] }] };
    const articles = [article('lead', 'National', 1, 30), article('second', 'National', 2, 26), brief, article('sport', 'Sport', 2, 14), article('sport-two', 'Sport', 3, 10)];
    const { material, stories } = materialOf(articles);
    const plan = planEdition(stories, config, material);
    expect(plan.problems).toEqual([]);
    const page = plan.pages.find((p) => p.modules.some((m) => m.option.piece.story.article.slug === 'brief'))!;
    const placed = page.modules.find((m) => m.option.piece.story.article.slug === 'brief')!;
    const below = [...page.modules.filter((m) => m.option.piece.story.article.section === 'Sport').map((m) => m.top), ...page.blocks.filter((b) => b.kind === 'section-header' && b.label === 'Sport').map((b) => b.top)];
    expect(below.length).toBeGreaterThan(0);
    // Sport starts under the brief's own module (its band a row below), not under white.
    expect(Math.min(...below) - (placed.top + placed.option.rows)).toBeLessThanOrEqual(policy.freeWhiteRows + 1);
  });

  it('looks one region ahead with a smaller stack search than it plans with', () => {
    // Briefs fit almost anywhere, so stack searches run to their node cap; those that only judge
    // the next page are held to lookaheadStackNodes, and that is where most nodes went.
    const counted = (lookaheadStackNodes: number) => {
      const { material, stories } = materialOf(briefRich(), undefined, { ...policy, lookaheadStackNodes });
      const plan = planEdition(stories, config, material);
      expect(plan.problems).toEqual([]);
      return { pages: plan.pages.length, ...material.searchCounts };
    };
    const held = counted(policy.lookaheadStackNodes);
    const full = counted(policy.stackSearchNodes);
    expect(held.pages).toBe(full.pages);
    expect(held.nodes).toBeLessThan(full.nodes * 0.8);
    // 9,400 a page when this was written (13,100 without the smaller look ahead); 10,600 since
    // briefs take small heads in two sizes (layout-13).
    expect(held.nodes / held.pages).toBeLessThan(11_000);
  });

  it('plans the same edition the same way every time, each story continued at most once', () => {
    const articles = [article('lead', 'National', 1, 30), ...Array.from({ length: 10 }, (_, i) => article(`s${i}`, i % 2 ? 'World' : 'National', (2 + (i % 3)) as 2 | 3 | 4, 6 + i))];
    const first = materialOf(articles);
    const second = materialOf(articles);
    const describe = (plan: ReturnType<typeof planEdition>) => plan.pages.map((p) => p.modules.map((m) => `${m.option.piece.story.article.slug}@${m.column},${m.top},${m.option.span},${m.option.rows}`).join(' '));
    const a = planEdition(first.stories, config, first.material);
    expect(describe(a)).toEqual(describe(planEdition(second.stories, config, second.material)));
    const parts = new Map<string, number>();
    for (const page of a.pages) for (const m of page.modules) parts.set(m.option.piece.story.article.slug, (parts.get(m.option.piece.story.article.slug) ?? 0) + 1);
    expect(Math.max(...parts.values())).toBeLessThanOrEqual(2);
    expect(a.problems).toEqual([]);
  });
});

/**
 * Stories in three sections (`worldStories` of them World's), the first Sport story
 * `sportParagraphs` long. With two World stories and 40 paragraphs the first plan's sixth page
 * holds only Sport's tail (0.28 full); at 20 paragraphs and three World stories, the edition ends
 * on five pages, the last nine tenths full. (Which sizes leave a mostly white last page moves with
 * the planner: with four World stories it was 19 paragraphs until sections took the depth their
 * finished layout needs, plan.ts; three and 27 until columns were balanced with the white inside
 * them counted, columns.ts fillBalanced, after which no length from 14 to 40 left one.)
 */
function tailEdition(sportParagraphs = 36, worldStories = 2): { articles: Article[]; photos: Map<string, { widthPx: number; heightPx: number }> } {
  const photos = new Map<string, { widthPx: number; heightPx: number }>();
  const articles: Article[] = [];
  for (const [section, count] of [['National', 4], ['World', worldStories], ['Sport', 3]] as const) {
    for (let i = 0; i < count; i++) {
      const photo = i < 2 ? { image: { ref: `${section}-${i}.jpg` } } : {};
      if (i < 2) photos.set(`${section}-${i}.jpg`, { widthPx: 1600, heightPx: 1100 });
      const priority = (section === 'Sport' ? Math.min(5, i + 2) : (i % 4) + 1) as 1 | 2 | 3 | 4 | 5;
      articles.push(article(`${section.toLowerCase()}-${i}`, section, priority, section === 'Sport' && i === 0 ? sportParagraphs : 8 + ((i * 3) % 7), photo));
    }
  }
  return { articles, photos };
}

/** That edition composed with this file's policy (or with `withPolicy`). */
const composedQualityEdition = (articles: number, seed: number, withPolicy: LayoutPolicy = policy): Promise<ComposedFolder> => qualityEditionIn(articles, seed, (dir) => composeFolder(dir, undefined, withPolicy));

/**
 * The policy before a start could run its photo with its jump (layout-23): the scenarios some tests
 * below were written on no longer arise with it, since the start beside white columns that made
 * them is now set across the page with its photo on the jump; they test their own mechanism there.
 * Nor does a cut start try other shapes first where its head is deep (layout-38), which came later.
 */
const noPhotoOnJump: LayoutPolicy = { ...policy, photoOnJumpCost: Number.POSITIVE_INFINITY, photoBesideCost: Number.POSITIVE_INFINITY, cutHeadMaxShare: 1 };

/**
 * The policy before a photo could stand beside its text (layout-26): the editions some tests below
 * were written on set their portraits across five columns, and the scenarios those tests name
 * (a short start, a page with a hole, columns planned uneven) arose there; they test their own
 * step on them. Photos beside the text are tested in photo-beside.test.ts. Nor does a cut start
 * whose head is deep try other shapes and its photo beside its text first (layout-38).
 */
const notBeside: LayoutPolicy = { ...policy, photoBesideCost: Number.POSITIVE_INFINITY, cutHeadMaxShare: 1 };

/**
 * The policy before a cut start whose head is deep tried its other shapes and its photo beside its
 * text first (layout-38): the editions some tests below were written on planned a few pages
 * differently without it, and the scenarios they name (a last page half white, a story's rest alone
 * on a page) arose there; they test their own step on them.
 */
const beforeCutBeside: LayoutPolicy = { ...policy, cutHeadMaxShare: 1 };

/** The policy before a third level of compact shapes (layout-31): photos cropped to 30%, then 25%, of the page's rows (and before layout-38, below). */
const twoCompactLevels: LayoutPolicy = { ...policy, compactPhotoMaxShares: policy.compactPhotoMaxShares.slice(0, 2), cutHeadMaxShare: 1 };

/** The policy before a fourth level of compact shapes (layout-32): photos cropped to 30%, 25%, then 18%, of the page's rows (and before layout-38). */
const threeCompactLevels: LayoutPolicy = { ...policy, compactPhotoMaxShares: policy.compactPhotoMaxShares.slice(0, 3), cutHeadMaxShare: 1 };

/**
 * A policy as it was before a story's rest could run on over the next pages (layout-46): the
 * editions some tests below were written on plan other pages with it (a front page's other
 * tasters, a story started under a tail), and the scenarios they name no longer arise there.
 */
const restOnOnePage = (before: LayoutPolicy): LayoutPolicy => ({ ...before, restOverPageCost: Number.POSITIVE_INFINITY });

/**
 * A policy as it was before Opinion was kept off the front page (layout-78, offFrontSections): the
 * editions some tests below were written on tasted or filled the front with an Opinion story, and
 * the scenarios they name (a last page half white, a front-page rest over white, uneven columns)
 * arose in the pages that planned; they test their own step on them.
 */
const opinionOnFront = (before: LayoutPolicy): LayoutPolicy => ({ ...before, offFrontSections: [] });

/** Pages of a composed edition on which the measures find a hole. */
const holePagesOf = ({ composition, grid: editionGrid }: ComposedFolder): number => composition.pages.filter((page) => measurePage(page, editionGrid).holes.length > 0).length;

/** …the same, its last page left out: pages inside the edition with a hole. */
const innerHolePagesOf = ({ composition, grid: editionGrid }: ComposedFolder): number =>
  composition.pages.slice(0, -1).filter((page) => measurePage(page, editionGrid).holes.length > 0).length;

/** A planned page with white at a foot as deep as a hole, two columns wide or more. */
const deepWhiteFoot = (page: { feet: readonly { rows: number; span: number }[] }): boolean => page.feet.some((foot) => foot.rows >= 8 && foot.span >= 2);

/** Modules cut to jump in a composed edition. */
const jumpsOf = ({ composition }: ComposedFolder): number => composition.pages.flatMap((page) => page.modules).filter((m) => m.continuedOn !== undefined).length;

/**
 * No problems, and every story's words printed as `reference` prints them, in order (no line lost
 * or doubled; where a paragraph is set a line looser or tighter, its words are the same).
 */
function expectEveryLinePrinted(composed: ComposedFolder, reference: ComposedFolder): void {
  expect(composed.composition.problems).toEqual([]);
  const printed = wordsPrinted(composed.composition.pages);
  for (const [slug, words] of wordsPrinted(reference.composition.pages)) expect(printed.get(slug), slug).toBe(words);
}

/** Each story's words as printed, page after page (textOf). */
function wordsPrinted(pages: readonly { readonly modules: readonly PlacedModule[] }[]): Map<string, string> {
  const units = new Map<string, ColumnUnit[]>();
  for (const page of pages) for (const m of page.modules) units.set(m.slug, [...(units.get(m.slug) ?? []), ...m.columns.flat()]);
  return new Map([...units].map(([slug, printed]) => [slug, textOf(printed)]));
}

/** That edition read for the composer, not composed (a test that plans it itself). */
const collectedQualityEdition = (articles: number, seed: number): Promise<CollectedFolder> => qualityEditionIn(articles, seed, (dir) => collectFolder(dir));

/** Modules a plan cuts to jump. */
function cutsIn(plan: ReturnType<typeof planEdition>): number {
  return plan.pages.flatMap((p) => p.modules).filter((m) => m.option.cutAt !== undefined).length;
}

/** Every paragraph of a generated edition printed once, in order: the generator's planted tokens in the set lines. */
function expectEveryParagraphOnceInOrder(pages: readonly ComposedPage[], generated: GeneratedEdition): void {
  const printed = plantedTokens(pages.flatMap((page) => page.modules.map((m) => textOf(m.columns.flat()))).join(' '));
  for (const article of generated.articles) {
    let last = -1;
    for (const token of article.paragraphTokens) {
      expect(printed.count(token), token).toBe(1);
      expect(printed.first(token), `${token} out of order`).toBeGreaterThan(last);
      last = printed.first(token);
    }
  }
}

/** Lines each story printed (its slug's), blank rows between paragraphs and the room under a photo beside the text aside. */
function linesPrinted(pages: readonly { readonly modules: readonly PlacedModule[] }[]): Map<string, number> {
  const lines = new Map<string, number>();
  for (const page of pages) for (const m of page.modules) lines.set(m.slug, (lines.get(m.slug) ?? 0) + m.columns.flat().filter((unit) => unit.kind !== 'space' && unit.kind !== 'photo-room').length);
  return lines;
}

const planShape = (plan: ReturnType<typeof planEdition>) => plan.pages.map((p) => p.modules.map((m) => `${m.option.piece.story.article.slug}@${m.column},${m.top},${m.option.span},${m.option.rows}/${m.option.cutAt ?? '-'}`).join(' '));

describe('a short story with photos in its text', () => {
  it('takes no span that would leave a column empty or over white: two lines and three photos stand in three columns, not four or five', () => {
    const story: Article = {
      ...article('gallery', 'National', 5, 1),
      body: [
        { kind: 'paragraph', runs: [{ text: `${words(10, 'g')}.` }] },
        ...['a.jpg', 'b.jpg', 'c.jpg'].map((ref): BodyBlock => ({ kind: 'figure', ref, caption: `Photo ${ref}.` })),
      ],
    };
    const photos = new Map(['a.jpg', 'b.jpg', 'c.jpg'].map((ref) => [ref, { widthPx: 1200, heightPx: 800 }]));
    const { material, pieces } = materialOf([story], photos);
    const emptyColumns = (span: number) => material.balanced(pieces[0], span)!.columns.filter((column) => column.length === 0).length;
    // Five columns: two lines and three photos, indivisible, fill four; the fifth stays white.
    expect(emptyColumns(5)).toBe(1);
    expect(material.wholeOptions(pieces[0], 5, 'body', 1)).toEqual([]);
    expect(emptyColumns(4)).toBe(0);
    // Four columns: a photo in each of three, the two lines in the fourth over nine rows of white
    // inside the module (11/11/11/2), a hole beside the photos, offered until layout-74.
    expect(material.balanced(pieces[0], 4)!.depths).toEqual([11, 11, 11, 2]);
    expect(material.wholeOptions(pieces[0], 4, 'body', 1)).toEqual([]);
    // Three: the lines over a photo in the first, the columns within two rows of each other.
    const three = material.balanced(pieces[0], 3)!.depths;
    expect(Math.max(...three) - Math.min(...three)).toBeLessThanOrEqual(2);
    expect(material.wholeOptions(pieces[0], 3, 'body', 1).length).toBeGreaterThan(0);
  });
});

describe('photo stories with a caption\'s worth of text, on A4', () => {
  it('are counted as wide as they are set, and two sections of them share pages instead of a page each, mostly white', () => {
    const { config: a4Config } = resolveLayoutConfig({ pageSize: 'a4' });
    const a4Grid = gridFor(a4Config);
    const photos = new Map(Array.from({ length: 12 }, (_, i) => [`p${i}.jpg`, { widthPx: 1600 + 50 * i, heightPx: [1000, 1300, 1600][i % 3] }] as const));
    const articles = Array.from({ length: 12 }, (_, i): Article => ({
      slug: `picture-${i}`,
      headline: `Picture ${i}`,
      section: i % 2 ? 'Life' : 'News',
      priority: 3,
      body: [{ kind: 'paragraph', runs: [{ text: `Tk${i}q Ok.` }] }],
      image: { ref: `p${i}.jpg`, caption: `Caption ${i}.`, credit: 'X' },
      language: 'en',
      source: `picture-${i}.md`,
      format: 'markdown',
    }));
    const pagesWith = (layoutPolicy: LayoutPolicy) => composePages(articles, photos, a4Config, a4Grid, fonts, layoutPolicy).pages.length;
    // Counted three columns wide with a photo three columns tall, they needed three pages, two of
    // them under a fifth inked. (Without the front page's fill, which takes some of them to page 1.)
    const unfilled = { ...policy, frontFillStories: 0 };
    expect(pagesWith({ ...unfilled, photoEstimateRowsPerColumn: 0 })).toBe(3);
    expect(pagesWith(unfilled)).toBe(2);
    expect(pagesWith(policy)).toBeLessThanOrEqual(2);
  });
});

describe('photo stories of a line each, on A4, that the front page\'s fill would take from page 2', () => {
  // Twelve stories of a wide photo, a caption and a line of text, two sections: the front's fill
  // (frontFillStories) took three for the column under the Inside box, page 1 held ten and page 2
  // two, one column wide over white (8% of it inked). Such stories stand a column wide only, and a
  // region's search splits its columns into three stacks at most: under a lead across the page's
  // four columns it set two of them and left two columns white, so only the narrow front and its
  // fill filled page 1.
  const twelve = twelvePictureStories;

  it('are balanced over two pages: the front sets its lead wider and four under it, page 2 takes the rest', () => {
    const { articles, photos, config: a4, grid: a4Grid } = twelve();
    const composition = composePages(articles, photos, a4, a4Grid, fonts);
    expect(composition.pages).toHaveLength(2);
    expect(composition.problems).toEqual([]);
    const shares = composition.pages.map((page) => measurePage(page, a4Grid).articleShare);
    // Page 2 held two of them, 8% of it inked.
    expect(shares[1], shares.join(' ')).toBeGreaterThan(0.25);
    expect(composition.pages[1].modules.length).toBeGreaterThan(2);
    // …and the front keeps no hole for it.
    expect(measurePage(composition.pages[0], a4Grid).holes).toEqual([]);
    expect(composition.pages.flatMap((page) => page.modules.map((m) => m.slug)).sort()).toEqual(articles.map((a) => a.slug).sort());
  });

  it('are ranked with their slugs\' numbers as numbers: picture-2 before picture-10', () => {
    // Compared as strings, picture-10 and picture-11 stood on the front page before picture-2, and
    // picture-3 waited on page 2.
    expect(['picture-10', 'picture-2', 'picture-11', 'picture-1', 'a01', 'a1'].sort(bySlug)).toEqual(['a01', 'a1', 'picture-1', 'picture-2', 'picture-10', 'picture-11']);
    const { articles, photos, config: a4, grid: a4Grid } = twelve();
    const composition = composePages(articles, photos, a4, a4Grid, fonts);
    const readingOrder = (page: (typeof composition.pages)[number]) => [...page.modules].sort((a, b) => a.column - b.column || a.top - b.top).map((m) => m.slug);
    expect(readingOrder(composition.pages[0])).toEqual(['picture-0', 'picture-1', 'picture-2', 'picture-3', 'picture-4']);
  });

  it('fill every column of a region under the lead, each as deep as a shape of theirs takes it', () => {
    const { plan, under } = regionUnderTheLead(twelve());
    // One under the lead in each of the four columns (three stacks at most set two), the rest waiting.
    expect(new Set(under.map((m) => m.column))).toEqual(new Set([0, 1, 2, 3]));
    // No column's white is as deep as a hole: its story takes a deeper shape (its photo cropped less).
    for (const foot of plan.feet) expect(foot.rows, JSON.stringify(plan.feet)).toBeLessThan(MEASURE_POLICY.holeMinRows);
  });
});

describe('photo stories of a line each with portrait photos, on A4', () => {
  // The twelve above with photos 1125 × 2000: the lead's photo, held at the page's photo share,
  // gave it one depth (36 rows) and left 25 under it, where each story a column wide took 28 at its
  // shallowest and the brief columns tried only its cheapest, 31; the front printed its lead over
  // white, every other story on page 2 (search.ts briefColumns, Material.leadPhotoRowRange).
  const portrait = () => twelvePictureStories({ widthPx: 1125, heightPx: 2000 });

  it('fill the front page under the lead, every story placed once', () => {
    const { articles, photos, config: a4, grid: a4Grid } = portrait();
    const composition = composePages(articles, photos, a4, a4Grid, fonts);
    expect(composition.problems).toEqual([]);
    const front = measurePage(composition.pages[0], a4Grid);
    expect(front.holes).toEqual([]);
    expect(front.articleShare).toBeGreaterThan(0.6);
    expect(composition.pages[0].modules.length).toBeGreaterThan(1);
    expect(composition.pages.flatMap((page) => page.modules.map((m) => m.slug)).sort()).toEqual(articles.map((a) => a.slug).sort());
  });

  it('set a column under the lead in a crop within its range where its cheapest shape is deeper than the room', () => {
    const { plan, under } = regionUnderTheLead(portrait());
    expect(new Set(under.map((m) => m.column))).toEqual(new Set([0, 1, 2, 3]));
    for (const foot of plan.feet) expect(foot.rows, JSON.stringify(plan.feet)).toBeLessThan(MEASURE_POLICY.holeMinRows);
  });
});

/** The share of its photo's height the lead of portraitLeadSample(pageSize) shows on the front page, as the front page's HTML sets its box. */
async function portraitLeadShownShare(pageSize: 'tabloid' | 'a4'): Promise<number> {
  const { articles, photos, config, grid: pageGrid, lead, portrait } = await portraitLeadSample(pageSize);
  const composition = composePages(articles, photos, config, pageGrid, fonts);
  const { emitEditionHtml } = await import('../../lambdas/core/html/emit');
  const photoPaths = new Map([...photos.keys()].map((ref) => [ref, `assets/${ref}`]));
  const html = emitEditionHtml({ composition, articles: new Map(articles.map((a) => [a.slug, a])), config, grid: pageGrid, date: '2019-12-04', language: 'vi', printCss: '', fontPaths: new Map(), photoPaths });
  const front = html.split('<section class="page" ').find((part) => part.startsWith('data-page="1"'))!;
  const module = front.split('<article ').find((part) => part.includes(`data-slug="${lead.slug}"`))!;
  const box = /<img class="photo" src="assets\/[^"]*" [^>]*style="[^"]*width:([\d.]+)px;height:([\d.]+)px"/.exec(module);
  expect(box, 'the lead prints its photo on the front page').not.toBeNull();
  // Its box's height over the height the photo has at the box's width: the share it shows.
  return Number(box![2]) / ((Number(box![1]) * portrait.heightPx) / portrait.widthPx);
}

describe('a portrait lead photo with a short text, on a tabloid front page', () => {
  // Held at photoMaxShare across the lead's four columns at no more than a crop's cost, the photo
  // printed 36% of its height, a figure cut at the chest (policy leadPhotoMinShare).
  it('prints at least the policy share of its height, as the front page HTML sets its box', async () => {
    const shown = await portraitLeadShownShare('tabloid');
    expect(shown).toBeGreaterThanOrEqual(0.6 - 0.01);
    expect(shown).toBeLessThanOrEqual(1.01);
  });
});

describe('a portrait lead photo with a short text, on an A4 front page', () => {
  // Across the lead's three columns the photo's floor (leadPhotoMinShare) and the text took more
  // than the front's depth: priced as white, the photo printed 38% of its height, the lead as deep
  // as the page, where beside its text it showed whole over 44 rows (search.ts, the lead's shapes
  // that keep the floor).
  it('prints at least the policy share of its height, beside its text', async () => {
    const shown = await portraitLeadShownShare('a4');
    expect(shown).toBeGreaterThanOrEqual(DEFAULT_LAYOUT_POLICY.leadPhotoMinShare - 0.01);
    expect(shown).toBeLessThanOrEqual(1.01);
  });
});

describe('a front page the story limit left white while stories waited inside', () => {
  // 34 short stories of four sections (the shapes of a review's edition): the front's seven
  // stories left two columns white from mid-page to the foot, and the page's hole was printed.
  const shapes: [string, 1 | 2 | 3 | 4 | 5, number[]][] = [
    ['Business', 3, [55, 40, 45]], ['Sport', 2, [64]], ['World', 2, [41]], ['World', 5, [42]], ['News', 4, [24]], ['Business', 3, [49]], ['Business', 5, [69]],
    ['World', 4, [61, 60, 36]], ['Sport', 1, [33]], ['World', 3, [37]], ['News', 2, [63]], ['Sport', 1, [65, 32, 62, 67, 58, 44, 31]], ['Sport', 4, [59]],
    ['Sport', 5, [36]], ['News', 2, [30, 30, 75, 47, 67, 16, 44, 44]], ['Business', 1, [51]], ['Business', 2, [67, 25, 46, 32, 34, 40, 58, 65, 55, 17]],
    ['Sport', 2, [32]], ['Sport', 5, [60]], ['News', 4, [30]], ['World', 2, [52, 18, 28, 40, 24]], ['World', 1, [19]], ['Sport', 1, [48]], ['Sport', 3, [27]],
    ['World', 2, [28]], ['World', 2, [46]], ['News', 5, [36]], ['World', 3, [65]], ['World', 2, [23, 21, 27, 73, 63, 40, 34, 60]],
    ['Sport', 4, [59, 16, 59, 69, 29, 72, 49, 22, 48, 44]], ['Sport', 1, [40, 55, 27, 65]], ['World', 2, [57]], ['News', 4, [59]], ['News', 5, [31]],
  ];
  const articles = shapes.map(([section, priority, paragraphs], i): Article => ({
    ...article(`story-${i}`, section, priority, 0),
    headline: `${['Workers farmers children', 'Project plan city cargo', 'Road plan ministry month', 'Hospital project district'][i % 4]} ${section.toLowerCase()} story ${i}`,
    body: paragraphs.map((count, p) => ({ kind: 'paragraph', runs: [{ text: `${words(count, `s${i}p${p}w`)}.` }] })),
  }));

  it('takes more stories, the next by importance, where they leave the front page less white', () => {
    const { config: berliner } = resolveLayoutConfig({ sections: ['News', 'World', 'Business', 'Sport'] });
    const frontHoles = (layoutPolicy: LayoutPolicy) => {
      const composition = composePages(articles, new Map(), berliner, gridFor(berliner), fonts, layoutPolicy);
      return { holes: measurePage(composition.pages[0], gridFor(berliner)).holes, stories: composition.pages[0].modules.length, problems: composition.problems };
    };
    const limited = frontHoles({ ...policy, frontFillStories: 0 });
    expect(limited.holes.length).toBeGreaterThan(0);
    const filled = frontHoles(policy);
    expect(filled.holes).toEqual([]);
    expect(filled.stories).toBeGreaterThan(limited.stories);
    expect(filled.problems.filter((p) => /lost|not placed/.test(p))).toEqual([]);
  });
});

describe('a story pinned to a page past the edition\'s last', () => {
  it('costs no page: its pin is let go (and warned about) where waiting for it left white', async () => {
    // (30 articles at seed 1 lost a page to story 5 pinned too, until layout-64's one-line jump
    // heads moved its plans: its pin is let go but the plan without it keeps the page, for an
    // inversion fewer.)
    for (const [articles, seed, pinned] of [[30, 1, [7]], [12, 3, [1]], [16, 2, [3]]] as const) {
      await qualityEditionIn(articles, seed, async (dir) => {
        const folder = await collectFolder(dir);
        const pagesOf = (list: readonly Article[]) => composePages(list, folder.photos, folder.config, folder.grid, fonts);
        const unpinned = pagesOf(folder.articles).pages.length;
        for (const index of pinned) {
          const composition = pagesOf(folder.articles.map((article, i) => (i === index ? { ...article, page: 99 } : article)));
          expect(composition.pages.length, `${articles} articles, seed ${seed}, story ${index} pinned to page 99`).toBe(unpinned);
          expect(composition.problems.some((p) => p.includes(`"${folder.articles[index].slug}" is pinned to page 99`))).toBe(true);
        }
      });
    }
  }, 120_000);
});

describe('a feathered module (blank rows between paragraphs)', () => {
  // Generated editions (bin/quality.ts's) where feathered fills came out shallower than planned or
  // with a short column: 30 articles at seeds 4 and 7, 36 at seed 9 (a hole each, with the white below).
  it.each([
    [30, 4],
    [30, 7],
    [36, 9],
  ])('prints its text as deep as planned (%i articles, seed %i), no hole in it, never opening or closing a column with a blank row', async (articles, seed) => {
    const { composition, grid: editionGrid } = await composedQualityEdition(articles, seed);
    let feathered = 0;
    for (const page of composition.pages) {
      const holes = measurePage(page, editionGrid).holes;
      for (const module of page.modules) {
        if (module.continuedOn !== undefined || !module.columns.some((column) => column.some((unit) => unit.kind === 'space'))) continue;
        feathered++;
        const depths = module.columns.map(rowsOf).filter((depth) => depth > 0);
        const where = `page ${page.number} ${module.slug}: ${depths.join('/')} in ${module.rows - module.head.rows} rows`;
        expect(Math.max(...depths), where).toBe(module.rows - module.head.rows);
        // The shape step may leave its last leg a little short (shapeColumns), and the plan may
        // leave white under the module (the page's foot: not the feathering's); no hole stands
        // inside the module's box.
        const box = { left: columnLeft(editionGrid, module.column), right: columnLeft(editionGrid, module.column) + spanWidth(editionGrid, module.span), top: rowTop(editionGrid, module.top), bottom: rowTop(editionGrid, module.top + module.rows) };
        const inside = holes.filter((h) => h.x < box.right - 1 && h.x + h.width > box.left + 1 && h.y + h.height <= box.bottom + 1 && h.y + h.height > box.top + 1);
        expect(inside, where).toEqual([]);
        for (const column of module.columns.filter((c) => c.length > 0)) {
          expect(column[0].kind, where).not.toBe('space');
          expect(column.at(-1)!.kind, where).not.toBe('space');
        }
      }
    }
    expect(feathered).toBeGreaterThan(0);
  });
});

describe('45 generated articles, seed 1, composed', () => {
  let dir: string;
  let level: ComposedFolder;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-level-'));
    await generateEdition(dir, qualityEdition(45, 1));
    level = await composeFolder(dir, undefined, notBeside);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // Cut with three rows under its head, a story started at the foot of page 2 as a five-column
  // headline over five lines, "Continued on Page 3".
  it('starts no story at a page\'s foot with less than minCutTextRows of text before its jump', async () => {
    const loose = await composeFolder(dir, undefined, { ...notBeside, minCutTextRows: 3 });
    const starts = (pages: typeof level.composition.pages) => pages.flatMap((page) => shortStarts(page, level.grid, storyTextRows({ ...level.composition, pages })).filter((m) => m.rows - m.head.rows < policy.minCutTextRows).map((m) => `${page.number} ${m.slug} ${m.span}x${m.rows - m.head.rows}`));
    expect(starts(loose.composition.pages)).toContain('2 a0005-national 5x5');
    expect(starts(level.composition.pages)).toEqual([]);
    const cut = level.composition.pages.flatMap((page) => page.modules.filter((m) => m.continuedOn !== undefined));
    expect(cut.length).toBeGreaterThan(20);
    for (const m of cut) expect(m.rows - m.head.rows).toBeGreaterThanOrEqual(policy.minCutTextRows);
  });

  // Planned on an edition of its own, 30 articles at seed 3 (this one's plan moved when Opinion
  // was kept off the front page, layout-78): without the level step, four finished stories end
  // their columns two lines or more apart (National's rest on page 5, World's on page 6, Sport's
  // two on pages 12 and 13); three come level, National's rest of 18 rows would open its leading
  // too far and stays. (Without the loosen steps after it, which level some of them their own
  // way: tested below and in column-ends.test.ts.)
  it('ends the columns of every finished story it can within a line, the plan and the lines as they were (the level step)', async () => {
    const stretchOnly: LayoutPolicy = { ...notBeside, levelLooseness: 0, columnEndLooseness: 0 };
    const [level, unlevelled] = await qualityEditionIn(30, 3, async (own) => [await composeFolder(own, undefined, stretchOnly), await composeFolder(own, undefined, { ...stretchOnly, levelMaxStretch: 0 })] as const);
    const uneven = (pages: typeof level.composition.pages) => pages.flatMap((page) => unevenModules(page).map((m) => `${page.number} ${m.slug}`));
    const before = uneven(unlevelled.composition.pages);
    const after = uneven(level.composition.pages);
    expect(before.length).toBe(4);
    expect(after.length).toBe(1);
    level.composition.pages.forEach((page, p) => {
      const was = unlevelled.composition.pages[p];
      expect(page.modules.map((m) => `${m.slug}@${m.column},${m.top},${m.span},${m.rows}`)).toEqual(was.modules.map((m) => `${m.slug}@${m.column},${m.top},${m.span},${m.rows}`));
      page.modules.forEach((m, k) => {
        // The same lines in the same columns; a levelled column opens its leading a tenth at most.
        expect(m.columns.map((c) => c.filter((u) => u.kind !== 'space'))).toEqual(was.modules[k].columns.map((c) => c.filter((u) => u.kind !== 'space')));
        for (const [c, column] of m.columns.entries()) {
          const pitch = featheredPitch(column, level.grid.lead);
          if (pitch === undefined || column.length === was.modules[k].columns[c].length) continue;
          expect(pitch / level.grid.lead).toBeLessThanOrEqual(1 + policy.levelMaxStretch + 1e-9);
          expect(column[0].kind).not.toBe('space');
          expect(column.at(-1)!.kind).not.toBe('space');
        }
      });
    });
    // What stays uneven has a column that would open by more than the policy's share.
    for (const page of level.composition.pages)
      for (const m of unevenModules(page)) {
        const deepest = Math.max(...m.columns.map(rowsOf));
        const needs = m.columns.filter((c) => c.length > 0).map((c) => (deepest - rowsOf(c) + c.filter((u) => u.kind === 'space').length) / Math.max(1, c.filter(setAsBodyLines).reduce((n, u) => n + u.lines.length, 0)));
        expect(Math.max(...needs), `page ${page.number} ${m.slug}`).toBeGreaterThan(policy.levelMaxStretch);
      }
  });
  // Planned, two cut stories of this edition (pages 27 and 28) end the line before their jump with
  // a hyphen: the word goes on pages later. Their rests have room for a line or two more at the
  // depth they were planned, so the mend-jumps step ends the cut's last column that much higher.
  it('keeps a word whole over a jump where the story\'s rest has room for its line (the mend-jumps step)', () => {
    const pages = level.composition.pages;
    let cuts = 0;
    for (const page of pages) {
      for (const cut of page.modules.filter((m) => m.continuedOn !== undefined)) {
        const rest = pages[cut.continuedOn! - 1].modules.find((m) => m.slug === cut.slug)!;
        if (rest.continuedOn !== undefined) continue;
        cuts++;
        const last = cut.columns.at(-1)!;
        expect(last.at(-1)!.lines.at(-1)!.hyphenated, `page ${page.number} ${cut.slug}`).toBe(false);
        // Over its jump line, the last column ends at most two rows higher than a full one.
        expect(rowsOf(last)).toBeGreaterThanOrEqual(cut.rows - cut.head.rows - 1 - 2 - 1);
        // The rest is no deeper than its module.
        for (const column of rest.columns) expect(rowsOf(column)).toBeLessThanOrEqual(rest.rows - rest.head.rows);
      }
    }
    expect(cuts).toBeGreaterThan(20);
    expect(level.composition.problems).toEqual([]);
  });

  // A word hyphenated on a column's last line goes on in the next column or on another page. The
  // mend step sets such a paragraph again, keeping the new setting only where it has as many lines
  // and none of its column ends hyphenated: the pages, the columns' rows and the words stand.
  it('sets a paragraph hyphenated at a column\'s foot again where it can give way, in as many lines and the same words (the mend step)', () => {
    const text = (unit: ColumnUnit) => unit.lines.map((line) => line.words.map((word) => word.map((s) => s.text).join('')).join(' ')).join(' ');
    let mended = 0;
    let endsBefore = 0;
    let endsAfter = 0;
    for (const page of level.composition.pages) {
      for (const module of page.modules) {
        const article = level.articles.find((a) => a.slug === module.slug)!;
        const planned = setStoryBody(article, level.grid, fonts, (ref) => level.photos.get(ref));
        // A paragraph the loosen step set a line or two longer or shorter is its own test's (below).
        const plannedLines = (paragraph: number | undefined) => planned.filter((p) => p.kind === 'line' && p.paragraph === paragraph).length;
        const printed = module.columns.flat().filter((u) => u.kind === 'line' && u.paragraphLines === plannedLines(u.paragraph));
        const plannedLine = (u: ColumnUnit) => planned.find((p) => p.kind === 'line' && p.paragraph === u.paragraph && p.lineInParagraph === u.lineInParagraph)!;
        // Every line printed is the planned paragraph's line, or one of a paragraph set again in as many lines.
        const changed = new Set(printed.filter((u) => text(u) !== text(plannedLine(u))).map((u) => u.paragraph));
        for (const paragraph of changed) {
          const before = planned.filter((u) => u.kind === 'line' && u.paragraph === paragraph);
          const after = printed.filter((u) => u.paragraph === paragraph);
          if (after.length < before.length) continue; // the paragraph goes on in another module
          expect(after.map((u) => u.paragraphLines)).toEqual(before.map((u) => u.paragraphLines));
          expect(textOf(after)).toBe(textOf(before));
          mended++;
        }
        let lastFilled = -1;
        module.columns.forEach((column, c) => (lastFilled = column.length > 0 ? c : lastFilled));
        module.columns.forEach((column, c) => {
          const last = column.at(-1);
          if (!last || last.kind !== 'line' || last.paragraphLines !== plannedLines(last.paragraph) || (c === lastFilled && module.continuedOn === undefined)) return;
          if (plannedLine(last).lines[0].hyphenated) endsBefore++;
          if (last.lines[0].hyphenated) endsAfter++;
        });
      }
    }
    expect(mended).toBeGreaterThan(0);
    expect(endsAfter).toBeLessThan(endsBefore);
    // No line lost, no column over its module: the composer's own inspection finds nothing.
    expect(level.composition.problems).toEqual([]);
  });
});

describe('a story started at a page\'s foot under a photo deeper than its text', () => {
  // 16 articles, seed 1: without the crop, an Opinion story starts at the foot of page 14 as a
  // two-column head of 27 rows (a photo of 14) over 8 rows of text, then jumps. With layout-32's
  // fourth level of compact shapes a second plan takes a page away and starts the story on page 13
  // with its photo at 10 rows, the head still 23 of its 32 rows (the plans are judged by holes,
  // jumps and inversions; the default policy sets this edition the same with four levels or three,
  // no start top-heavy): the test keeps the three levels it was written on, and no tries around
  // holes, which since layout-33 take a page away before that start the same way.
  it('has its photo cropped shallower, the text taking the rows: no top-heavy start, no line lost', async () => {
    const written: LayoutPolicy = restOnOnePage({ ...noPhotoOnJump, compactPhotoMaxShares: threeCompactLevels.compactPhotoMaxShares, compactAroundHole: [] });
    const [uncropped, cropped] = await qualityEditionIn(16, 1, async (dir) => [await composeFolder(dir, undefined, { ...written, cutPhotoMinShare: 1 }), await composeFolder(dir, undefined, written)] as const);
    const heavy = ({ composition }: ComposedFolder) => composition.pages.flatMap((page) => topHeavyStarts(page).map((m) => `${page.number} ${m.slug}`));
    expect(heavy(uncropped)).toEqual(['14 a0009-opinion']);
    expect(heavy(cropped)).toEqual([]);
    // Some story that starts and jumps has its photo shallower than a whole module's crop allows,
    // and none shallower than the policy's share of its natural height.
    let deeper = 0;
    for (const page of cropped.composition.pages) {
      if (page.number === 1) continue;
      for (const m of page.modules.filter((module) => module.continuedOn !== undefined && module.continuedFrom === undefined && module.photo)) {
        const source = cropped.photos.get(m.photo!.ref)!;
        const naturalPx = (m.photo!.widthPx * source.heightPx) / source.widthPx;
        if (m.photo!.heightPx < naturalPx * (1 - policy.photoCrop) - cropped.grid.lead) deeper++;
        const capPx = Math.floor(cropped.grid.rows * policy.photoMaxShare) * cropped.grid.lead;
        expect(m.photo!.heightPx, `${page.number} ${m.slug}`).toBeGreaterThanOrEqual(Math.min(naturalPx * policy.cutPhotoMinShare, capPx) - cropped.grid.lead);
      }
    }
    expect(deeper).toBeGreaterThan(0);
    expectEveryLinePrinted(cropped, uncropped);
  });
});

describe('a story started low on a page whose photo across it, cropped, still stands over a few lines', () => {
  // 24 articles, seed 1: Life starts on page 12 under a continuation and its section's band, five
  // columns wide, its photo across them cropped to the policy's share and the head still 43 of the
  // module's 51 rows over 8 rows of text, then a jump (layout-37). An editor sets the photo
  // narrower, beside the text, and the text runs down the columns beside it and on under it.
  it('has its photo beside the text, no start top-heavy, every line printed once', async () => {
    const [across, beside] = await qualityEditionIn(24, 1, async (dir) => [await composeFolder(dir, undefined, { ...policy, cutHeadMaxShare: 1 }), await composeFolder(dir, undefined, policy)] as const);
    const heavy = ({ composition }: ComposedFolder) => composition.pages.flatMap((page) => topHeavyStarts(page).map((m) => `${page.number} ${m.slug}`));
    expect(heavy(across)).toEqual(['12 a0014-life']);
    expect(heavy(beside)).toEqual([]);
    const start = beside.composition.pages[11].modules.find((m) => m.slug === 'a0014-life')!;
    expect(start.continuedFrom).toBeUndefined();
    expect(start.continuedOn).toBeGreaterThan(12);
    expect(hasPhotoBeside(start)).toBe(true);
    // The photo over the last columns, two of text beside it at least, each of those full to the
    // jump line, and under the photo two lines at least in every column.
    const side = start.columns.filter((column) => column[0]?.kind === 'photo-room').length;
    expect(side).toBeGreaterThanOrEqual(1);
    expect(start.span - side).toBeGreaterThanOrEqual(2);
    const body = start.rows - start.head.rows;
    start.columns.forEach((column, c) => {
      const room = column[0]?.kind === 'photo-room' ? column[0].rows : 0;
      expect(rowsOf(column) - room, `column ${c + 1}`).toBeGreaterThanOrEqual(2);
      if (c < start.span - side) expect(rowsOf(column), `column ${c + 1}`).toBeGreaterThanOrEqual(body - 1);
    });
    expect(start.head.rows).toBeLessThanOrEqual(start.rows * policy.cutHeadMaxShare);
    // Shown within its crop range at that width, as every photo beside its text is.
    const source = beside.photos.get(start.photo!.ref)!;
    expect(start.photo!.heightPx / ((start.photo!.widthPx * source.heightPx) / source.widthPx)).toBeGreaterThanOrEqual(1 - policy.photoCrop - 0.02);
    expect(start.photo!.widthPx).toBeCloseTo(spanWidth(beside.grid, side), 3);
    expectEveryLinePrinted(beside, across);
  });
});

describe('a story that starts in the rows under a section\'s last story and jumps', () => {
  // 30 articles, seed 2: Science started at the foot of page 20 in one column beside four columns
  // white 31 rows deep, six lines under its head and photo: across more columns its head and photo,
  // even cropped, left under the eight rows of text a cut start needs. An editor runs the start
  // without its photo and puts the photo with the jump.
  it('starts across the page without its photo, which runs under its jump head: no white beside it, every line and the photo printed once', async () => {
    // Before, notices ran once an edition too (layout-58 runs one again there, which closes the white
    // under that start where its four columns are not taken).
    const onceEach = { ...noPhotoOnJump, noticeRepeatMinPages: Number.POSITIVE_INFINITY };
    const [before, after] = await qualityEditionIn(30, 2, async (dir) => [await composeFolder(dir, undefined, onceEach), await composeFolder(dir, undefined, notBeside)] as const);
    const holePages = ({ composition, grid: editionGrid }: ComposedFolder) => composition.pages.filter((page) => measurePage(page, editionGrid).holes.length > 0).map((page) => page.number);
    const science = (folder: ComposedFolder) => folder.composition.pages.flatMap((page) => page.modules.filter((m) => m.slug === 'a0010-science').map((m) => ({ page: page.number, m })));
    const [start, jump] = science(before);
    expect(start.m).toMatchObject({ span: 1, continuedOn: jump.page });
    expect(start.m.photo).toBeDefined();
    expect(holePages(before)).toContain(start.page);

    const [startAfter, jumpAfter] = science(after);
    expect(startAfter.m.span).toBe(after.grid.columns);
    expect(startAfter.m.continuedOn).toBe(jumpAfter.page);
    expect(startAfter.m.photo).toBeUndefined();
    expect(startAfter.m.head.parts.map((p) => p.kind)).not.toContain('photo');
    // The continuation: its jump head, the line back to the start, then the photo and its caption, then the text.
    expect(jumpAfter.m.continuedFrom).toBe(startAfter.page);
    expect(jumpAfter.m.head.parts.map((p) => p.kind)).toEqual(['jump-head', 'jump-from', 'photo', 'caption']);
    const article = after.articles.find((a) => a.slug === 'a0010-science')!;
    expect(jumpAfter.m.photo?.ref).toBe(article.image!.ref);
    const photo = jumpAfter.m.head.parts.find((p) => p.kind === 'photo')!;
    expect(photo.y).toBeGreaterThan(jumpAfter.m.head.parts.find((p) => p.kind === 'jump-from')!.y);
    expect(jumpAfter.m.head.rows * after.grid.lead).toBeGreaterThanOrEqual(photo.y + photo.height);
    // The photo printed once in the edition, and the start's page without a hole.
    expect(after.composition.pages.flatMap((page) => page.modules).filter((m) => m.photo?.ref === article.image!.ref)).toHaveLength(1);
    expect(holePages(after)).not.toContain(startAfter.page);
    expect(holePages(after).length).toBeLessThan(holePages(before).length + 1);
    expectEveryLinePrinted(after, before);
  });

  it('is offered only where no shape with the photo can be cut, and the continuation then fits a page with the photo', async () => {
    const edition = await collectedQualityEdition(30, 2);
    const material = new Material(edition.grid, fonts, policy);
    const stories = material.measure(edition.articles, edition.photos);
    const story = stories.find((s) => s.article.slug === 'a0010-science')!;
    const piece = material.piece(story, 0);
    const span = edition.grid.columns;
    // Deep enough for the head and the photo: the cut keeps its photo.
    const deep = material.cutOption(piece, span, 60, 'body', 0);
    expect(deep?.shape.photoRows).toBeGreaterThan(0);
    expect(deep?.shape.photoOnJump).toBeUndefined();
    // 40 rows: the photo goes with the jump, at the policy's price; under 8 rows of text, no cut at all.
    const shallow = material.cutOption(piece, span, 40, 'body', 0)!;
    expect(shallow.shape).toMatchObject({ photoRows: 0, photoOnJump: true });
    expect(shallow.cost).toBeGreaterThanOrEqual(policy.photoOnJumpCost);
    expect(material.cutOption(piece, span, material.headRows(piece, span, shallow.shape) + policy.minCutTextRows - 1, 'body', 0)).toBeUndefined();
    // Not for the front page's lead or tasters, whose photo is the point; never with the price at infinity.
    expect(material.cutOption(piece, span, 40, 'body', 0, false, true)).toBeUndefined();
    expect(material.cutOption(piece, span, 40, 'lead', 0)?.shape.photoOnJump).toBeUndefined();
    const never = new Material(edition.grid, fonts, noPhotoOnJump);
    never.measure(edition.articles, edition.photos);
    expect(never.cutOption(never.piece(story, 0), span, 40, 'body', 0)).toBeUndefined();
    // The continuation carries the photo, and a continuation without it is another piece.
    const rest = material.piece(story, shallow.cutAt!, 20, true);
    expect(rest.photoOnJump).toBe(true);
    expect(material.piece(story, shallow.cutAt!, 20)).not.toBe(rest);
    const whole = material.wholeOptions(rest, span, 'body', 0);
    expect(whole.length).toBeGreaterThan(0);
    for (const option of whole) expect(option.shape.photoRows).toBeGreaterThan(0);
    expect(Math.min(...whole.map((o) => o.rows))).toBeLessThanOrEqual(edition.grid.rows);
  });
});

describe('a region search that gives up on a split part-way', () => {
  // A split whose first stacks already cost as much as the plans kept is abandoned: once it was
  // offered all the same, its unfilled columns counted as free, and the look ahead chose it. 30
  // articles at seed 7 printed page 13 with its last column white from under the top story to the
  // foot (95 rows), at seed 6 page 21 with 18 rows white in its last column; once briefs took small
  // heads those two planned otherwise, and these did the same: 20 articles at seed 6, page 8 (17
  // rows in its last column), 36 at seed 7, page 26 (60 rows in its last two).
  it.each([
    [20, 6],
    [36, 7],
  ])('plans no page with a column left unaccounted for (%i articles, seed %i): modules, blocks and white feet tile every column', async (articles, seed) => {
    const edition = await collectedQualityEdition(articles, seed);
    const material = new Material(edition.grid, fonts, policy);
    const { plan } = planFitted(material.measure(edition.articles, edition.photos), edition.config, material).chosen;
    const untiled: string[] = [];
    for (const page of plan.pages) {
      const rows = Array.from({ length: edition.grid.columns }, () => 0);
      const cover = (column: number, span: number, depth: number) => {
        for (let c = column; c < column + span; c++) rows[c] += depth;
      };
      for (const m of page.modules) cover(m.column, m.option.span, m.option.rows);
      for (const block of page.blocks) cover(block.column, block.span, block.rows);
      for (const foot of page.feet) cover(foot.column, foot.span, foot.rows);
      // White of a few rows (a stack's free white) is not recorded as a foot; a column's worth is.
      if (rows.some((r) => r < edition.grid.rows - policy.maxWhiteRows)) untiled.push(`page ${page.number}: ${rows.join('/')} of ${edition.grid.rows} rows`);
    }
    expect(untiled).toEqual([]);
    expect(plan.pages.length).toBeGreaterThan(10);
  });
});

describe('a mostly white last page', () => {
  it('is planned away with compact shapes on the last pages, every story whole and no more jumps', () => {
    const { articles, photos } = tailEdition();
    const { material, stories } = materialOf(articles, photos);
    const first = planEdition(stories, config, material);
    expect(first.pages).toHaveLength(6);
    expect(pageFill(first.pages[5], grid)).toBeLessThan(policy.lastPageMinFill);
    const { chosen } = planFitted(stories, config, material);
    expect(chosen.plan.pages).toHaveLength(5);
    expect(chosen.plan.problems).toEqual([]);
    expect(cutsIn(chosen.plan)).toBeLessThanOrEqual(cutsIn(first));
    // Set as it will be printed: every line of every story, once (blank rows between paragraphs aside).
    const lines = linesPrinted(chosen.pages!);
    for (const story of stories) expect(lines.get(story.article.slug), story.article.slug).toBe(story.units.length);
  });

  it('takes a page away with photos at a quarter of the page when compact shapes at three tenths leave the last page half white', () => {
    const { articles, photos } = tailEdition(20, 4);
    const firstLevelOnly = materialOf(articles, photos, { ...beforeCutBeside, compactPhotoMaxShares: [0.3] });
    const kept = planFitted(firstLevelOnly.stories, config, firstLevelOnly.material).chosen.plan;
    expect(kept.pages).toHaveLength(6);
    expect(pageFill(kept.pages[5], grid)).toBeLessThan(policy.compactBelowFill);
    const { material, stories } = materialOf(articles, photos, beforeCutBeside);
    const { chosen, tried } = planFitted(stories, config, material);
    expect(chosen.plan.pages).toHaveLength(5);
    expect(chosen.plan.problems).toEqual([]);
    // Planned with the second level's material: from its first page on, no photo over a quarter of the page.
    const { second } = chosen.material;
    expect(second?.photoMaxShare).toBe(0.25);
    const photoRows = chosen.plan.pages.slice(second!.fromPage - 1).flatMap((p) => p.modules).map((m) => m.option.shape.photoRows);
    expect(Math.max(...photoRows)).toBeGreaterThan(0);
    expect(Math.max(...photoRows)).toBeLessThanOrEqual(Math.floor(grid.rows * 0.25));
    const lines = linesPrinted(chosen.pages!);
    for (const story of stories) expect(lines.get(story.article.slug), story.article.slug).toBe(story.units.length);
  });

  it('leaves an edition alone whose last page is full enough', () => {
    const { articles, photos } = tailEdition(40, 3);
    const { material, stories } = materialOf(articles, photos);
    const first = planEdition(stories, config, material);
    expect(pageFill(first.pages[first.pages.length - 1], grid)).toBeGreaterThanOrEqual(policy.compactBelowFill);
    const { chosen, tried } = planFitted(stories, config, material);
    // No try at its last pages (one with a `toPage` tries a page inside the edition: since
    // layout-87 a thin rest's, compose.ts thinRestsPulledBack, which keeps nothing here).
    expect(tried.filter((m) => m.second?.toPage === undefined)).toEqual([]);
    expect(planShape(chosen.plan)).toEqual(planShape(first));
  });

  it('is planned again from the first plan’s caches: its first pages are the first plan’s, and the rest as planned with no caches', () => {
    const { articles, photos } = tailEdition();
    const warm = materialOf(articles, photos);
    const first = planEdition(warm.stories, config, warm.material);
    const reusing = new Material(grid, fonts, policy, { first: warm.material, fromPage: 3, photoMaxShare: policy.compactPhotoMaxShares[0] });
    const second = planEdition(warm.stories, config, reusing);
    // The same second plan from a first material that has planned nothing.
    const cold = materialOf(articles, photos);
    const alone = new Material(grid, fonts, policy, { first: cold.material, fromPage: 3, photoMaxShare: policy.compactPhotoMaxShares[0] });
    expect(planShape(second)).toEqual(planShape(planEdition(cold.stories, config, alone)));
    expect(planShape(second).slice(0, 2)).toEqual(planShape(first).slice(0, 2));
    expect(planShape(second).slice(2)).not.toEqual(planShape(first).slice(2));
    // Pages 1 and 2 are answered from the first plan's searches: the second plan searches only
    // from page 3 on (the look ahead from page 2 included), and not even all of that: a region of
    // only rests without a photo is the first plan's search too (below).
    const fresh = alone.searchCounts.nodes + cold.material.searchCounts.nodes;
    expect(reusing.searchCounts.nodes).toBeLessThanOrEqual(alone.searchCounts.nodes);
    expect(reusing.searchCounts.nodes).toBeLessThan(fresh);
  });

  it('shares the caches of an earlier try with the same photo share (its twin): the same plan as with caches of its own, and its answers without setting or searching again', () => {
    const { articles, photos } = tailEdition();
    const { material, stories, pieces } = materialOf(articles, photos);
    const last = planEdition(stories, config, material).pages.length;
    const share = policy.compactPhotoMaxShares[0];
    // The loop's order (compose.ts planFitted): the last two pages first, then the last four.
    const earlier = new Material(grid, fonts, policy, { first: material, fromPage: last - 1, photoMaxShare: share });
    planEdition(stories, config, earlier);
    const twin = new Material(grid, fonts, policy, { first: material, fromPage: last - 3, photoMaxShare: share }, earlier);
    const own = new Material(grid, fonts, policy, { first: material, fromPage: last - 3, photoMaxShare: share });
    expect(planShape(planEdition(stories, config, twin))).toEqual(planShape(planEdition(stories, config, own)));
    // A story's compact shapes: the twin's are the very ones the earlier try set; a try with caches
    // of its own sets equal ones again.
    const story = pieces.find((p) => p.story.photo !== undefined)!;
    expect(twin.wholeOptions(story, 3, 'body', 1)).toBe(earlier.wholeOptions(story, 3, 'body', 1));
    expect(own.wholeOptions(story, 3, 'body', 1)).not.toBe(earlier.wholeOptions(story, 3, 'body', 1));
    expect(own.wholeOptions(story, 3, 'body', 1)).toEqual(earlier.wholeOptions(story, 3, 'body', 1));
    // A region the earlier try searched is answered to the twin with no search.
    const page: Rect = { column: 0, span: grid.columns, top: 0, rows: grid.rows };
    const rules: RegionRules = { mode: 'continue', pageTop: true, topModule: true };
    const searched = searchRegion(earlier, pieces.slice(0, 4), page, rules);
    const nodes = twin.searchCounts.nodes;
    expect(searchRegion(twin, pieces.slice(0, 4), page, rules)).toBe(searched);
    expect(twin.searchCounts.nodes).toBe(nodes);
    // A twin plans with the same first material and photo share, or it is no twin.
    expect(() => new Material(grid, fonts, policy, { first: material, fromPage: last - 3, photoMaxShare: policy.compactPhotoMaxShares[1] }, earlier)).toThrow(/twin/);
    expect(() => new Material(grid, fonts, policy, undefined, earlier)).toThrow(/twin/);
  });

  it('answers a region without a photo in every material whose shapes for it are the same: compact ones of any share alike, rests in all', () => {
    const { articles, photos } = tailEdition();
    const { material, stories, pieces } = materialOf(articles, photos);
    const [wider, narrower] = policy.compactPhotoMaxShares;
    const compactAt = (photoMaxShare: number) => new Material(grid, fonts, policy, { first: material, fromPage: 2, photoMaxShare });
    const a = compactAt(wider);
    const b = compactAt(narrower);
    const page: Rect = { column: 0, span: grid.columns, top: 0, rows: grid.rows };
    const rules: RegionRules = { mode: 'continue', pageTop: true, topModule: true };
    const answered = (m: Material, queue: readonly Piece[], search: () => unknown) => {
      const nodes = m.searchCounts.nodes;
      const found = search();
      return { found, searched: m.searchCounts.nodes > nodes };
    };
    // Stories without a photo: their compact shapes are the same at every share, so another
    // share's try answers the region with no search, and as a material with caches of its own would.
    const plain = pieces.filter((p) => p.story.photo === undefined);
    expect(plain.length).toBe(3);
    const first = searchRegion(a, plain, page, rules);
    const again = answered(b, plain, () => searchRegion(b, plain, page, rules));
    expect(again).toEqual({ found: first, searched: false });
    const alone = materialOf(articles, photos);
    const own = new Material(grid, fonts, policy, { first: alone.material, fromPage: 2, photoMaxShare: narrower });
    const regionShape = (plan: ReturnType<typeof searchRegion>) => plan!.modules.map((m) => `${m.option.piece.story.article.slug}@${m.column},${m.top},${m.option.span},${m.option.rows}/${m.option.cutAt ?? '-'}`);
    expect(regionShape(searchRegion(own, alone.pieces.filter((p) => p.story.photo === undefined), page, rules))).toEqual(regionShape(first));
    // The first plan's shapes differ from compact ones (a headline's step is free in those): searched again.
    expect(answered(material, plain, () => searchRegion(material, plain, page, rules)).searched).toBe(true);
    // A story with a photo is cropped to each share: another share searches again.
    const withPhoto = [pieces.find((p) => p.story.photo !== undefined)!, ...plain.slice(0, 2)];
    searchRegion(a, withPhoto, page, rules);
    expect(answered(b, withPhoto, () => searchRegion(b, withPhoto, page, rules)).searched).toBe(true);
    // Rests without a photo take the first plan's shapes in every material: one search for all.
    const rests = stories.filter((s) => s.photo === undefined && s.units.length > 20).slice(0, 3).map((s) => material.piece(s, 10, 1));
    expect(rests.length).toBeGreaterThan(0);
    const restRules: RegionRules = { mode: 'finish', pageTop: true, topModule: true };
    const byFirst = searchRegion(material, rests, page, restRules);
    expect(answered(a, rests, () => searchRegion(a, rests, page, restRules))).toEqual({ found: byFirst, searched: false });
  });
});

describe('a mostly white last page no compact plan takes away, photos beside their text before it', () => {
  // 24 articles, seed 14: photos set beside their text take fewer rows than across their modules,
  // and the copy ran out a quarter of the way down the 18th page; compact shapes could not take
  // the page away. Planned again from the last eight pages with roomy shapes (no photo beside its
  // text), the same stories run on down it. Since layout-31 a third level of compact shapes (photos
  // at 18% of the page) takes this page away; with the two levels it had, the roomy plan is what
  // remains, and that is the case this test keeps.
  it('is planned again with roomy shapes on the last pages: as many pages, the last one fuller, measured so, every line printed', async () => {
    const folder = await collectedQualityEdition(24, 14);
    const material = new Material(folder.grid, fonts, opinionOnFront(twoCompactLevels));
    const stories = material.measure(folder.articles, folder.photos);
    const first = planEdition(stories, folder.config, material);
    const last = (plan: ReturnType<typeof planEdition>) => pageFill(plan.pages[plan.pages.length - 1], folder.grid);
    expect(last(first)).toBeLessThan(0.3);
    const { chosen } = planFitted(stories, folder.config, material);
    const roomy = chosen.material.second;
    expect(roomy?.roomy).toBe(true);
    expect(chosen.plan.pages).toHaveLength(first.pages.length);
    expect(last(chosen.plan)).toBeGreaterThan(0.8);
    // The first plan set a photo beside its text on the roomy plan's pages; the roomy plan sets none
    // there, and its pages before them are the first plan's.
    const beside = (plan: ReturnType<typeof planEdition>) => plan.pages.filter((p) => p.number >= roomy!.fromPage && p.modules.some((m) => m.option.shape.photoSide !== undefined)).length;
    expect(beside(first)).toBeGreaterThan(0);
    expect(beside(chosen.plan)).toBe(0);
    expect(planShape(chosen.plan).slice(0, roomy!.fromPage - 1)).toEqual(planShape(first).slice(0, roomy!.fromPage - 1));
    expect(chosen.plan.problems).toEqual([]);
    const lines = linesPrinted(chosen.pages!);
    for (const story of stories) expect(lines.get(story.article.slug), story.article.slug).toBe(story.units.length);
    // As the reader sees it: the build's own measure of the last page's ink.
    const composed = composePages(folder.articles, folder.photos, folder.config, folder.grid, fonts, opinionOnFront(twoCompactLevels));
    const { pages } = measureEdition(composed, folder.grid, () => 3);
    expect(pages[pages.length - 1].articleShare).toBeGreaterThan(0.5);
  });
});

describe('the bench’s medium edition, its last page 0.70 full', () => {
  // 33 articles at seed 24: a photo beside its text on page 9 left the last page 0.70 full, no
  // compact plan took it away, and the roomy plan that fills it to 0.95 sets a cut priority-5 story
  // above a more important one on the last page. That inversion was not counted while a cut story
  // with a brief's head was marked a brief, and the roomy plan was chosen (compose.ts lastPagesRoomier).
  // Since layout-75 a narrower story beside a more important one is no inversion (measure.ts
  // readsAbove): the plan that fills the last page to 0.79 has one inversion, as the first plan does
  // (a priority-4 story across page 12 over the priority-3 one; now page 18's priority-5 story
  // over the priority-4 one), and its second, a one-column priority-5 story down page 15's right
  // edge beside the page's four-column priority-3 story, no longer counts: it is kept.
  let dir: string;
  let folder: CollectedFolder;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-medium-'));
    await generateEdition(dir, { articles: 33, briefs: 12, longStoryWords: 3200, seed: 24 });
    folder = await collectFolder(dir);
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const fittedWith = (withPolicy: LayoutPolicy) => {
    const material = new Material(folder.grid, fonts, withPolicy);
    const stories = material.measure(folder.articles, folder.photos);
    return { stories, first: planEdition(stories, folder.config, material), ...planFitted(stories, folder.config, material) };
  };
  const last = (plan: ReturnType<typeof planEdition>) => pageFill(plan.pages[plan.pages.length - 1], folder.grid);

  it('keeps the plan that fills the last page where it has no more inversions than the first, as a reader sees them, every line printed', () => {
    const { stories, first, chosen, tried } = fittedWith(policy);
    expect(last(first)).toBeLessThan(policy.compactBelowFill);
    expect(tried.some((material) => material.second?.roomy)).toBe(true);
    expect(chosen.material.second).toBeDefined();
    expect(chosen.plan.pages).toHaveLength(first.pages.length);
    expect(last(chosen.plan)).toBeGreaterThan(last(first) + 0.15);
    const priorities = new Map(folder.articles.map((a) => [a.slug, a.priority]));
    const sections = new Map(folder.articles.map((a) => [a.slug, a.section]));
    const inversions = chosen.pages!.flatMap((page) => priorityInversions(page, (slug) => priorities.get(slug), (slug) => sections.get(slug)));
    expect(inversions.map((i) => [i.page, i.lessImportant, i.moreImportant])).toEqual([[18, 'a0007-science', 'a0015-science']]);
    expect(chosen.plan.problems).toEqual([]);
    const lines = linesPrinted(chosen.pages!);
    for (const story of stories) expect(lines.get(story.article.slug), story.article.slug).toBe(story.units.length);
  });

  it('makes only the most compact try when that keeps every page (compactProbeFill), and plans the same as with every try made', () => {
    const probed = fittedWith(policy);
    expect(last(probed.first)).toBeGreaterThan(policy.compactProbeFill);
    const every = fittedWith({ ...policy, compactProbeFill: 1 });
    const compactTries = (tried: readonly Material[]) => tried.filter((m) => m.second && !m.second.roomy);
    expect(compactTries(every.tried)).toHaveLength(policy.compactLastPages.length * policy.compactPhotoMaxShares.length);
    const [probe] = compactTries(probed.tried);
    expect(compactTries(probed.tried)).toHaveLength(1);
    expect(probe.second).toMatchObject({ photoMaxShare: policy.compactPhotoMaxShares.at(-1), fromPage: Math.max(2, probed.first.pages.length - Math.max(...policy.compactLastPages) + 1) });
    expect(planShape(probed.chosen.plan)).toEqual(planShape(every.chosen.plan));
  });
});

describe('a page with a hole inside the edition', () => {
  // 20 articles, seed 11: long stories' rests end part-way down pages 9 (Sport's, over a brief)
  // and 16 (Science's) with nothing of their sections left to stand under them. (20 articles at
  // seed 1, photos on the jump off, did, with holes on pages 8, 10 and 18, until layout-24: its
  // last-page tries now run there first and leave two pages with a hole, which the tries around
  // holes do not better.) With layout-32's fourth level of compact shapes the last-page tries
  // take one of the two away first, so the test keeps the three levels it was written on.
  it('is planned again with compact shapes on it and the page before: fewer pages with a hole, no more jumps, every line printed', async () => {
    const written: LayoutPolicy = { ...notBeside, compactPhotoMaxShares: threeCompactLevels.compactPhotoMaxShares };
    const [without, around] = await qualityEditionIn(20, 11, async (dir) => [await composeFolder(dir, undefined, { ...written, compactAroundHole: [] }), await composeFolder(dir, undefined, written)] as const);
    expect(holePagesOf(without)).toBeGreaterThanOrEqual(2);
    expect(holePagesOf(around)).toBeLessThanOrEqual(holePagesOf(without) - 2);
    expect(around.composition.pages.length).toBeLessThanOrEqual(without.composition.pages.length);
    expect(jumpsOf(around)).toBeLessThanOrEqual(jumpsOf(without));
    expect(around.composition.problems).toEqual([]);
    expectEveryLinePrinted(around, without);
  });
});

describe('a page with a hole inside the edition that compact shapes at the first share do not take away', () => {
  // 20 articles, seed 2: Sport's rest ends 64 rows down page 8, 34 rows of white under it, and
  // Life cannot start there. Planned again around the hole with photos at 30% and 25% of the page,
  // no plan is better; at 18% the pages before close up and the edition ends a page sooner.
  it('is tried at each share in turn: a page and the hole fewer, no more jumps, every line printed', async () => {
    const [without, twoShares, every] = await qualityEditionIn(20, 2, async (dir) => [
      await composeFolder(dir, undefined, restOnOnePage({ ...policy, compactAroundHole: [] })),
      await composeFolder(dir, undefined, restOnOnePage(twoCompactLevels)),
      await composeFolder(dir, undefined, restOnOnePage(policy)),
    ] as const);
    expect(innerHolePagesOf(without)).toBe(1);
    // The two first shares alone keep it: the page comes from a later one.
    expect(innerHolePagesOf(twoShares)).toBe(1);
    expect(twoShares.composition.pages.length).toBe(without.composition.pages.length);
    expect(innerHolePagesOf(every)).toBe(0);
    expect(every.composition.pages.length).toBe(without.composition.pages.length - 1);
    expect(jumpsOf(every)).toBeLessThanOrEqual(jumpsOf(without));
    expectEveryLinePrinted(every, without);
  });
});

describe('a front-page story whose rest stands alone on a page inside the edition over white', () => {
  // 16 articles, seed 6: Opinion was only the front page's taster of its one story, whose rest of
  // 87 rows filled page 10 but for 25 rows no notice closes, News unable to start under it (the
  // plan kept after the front page's jumps were tried near the front). Kept off the front page,
  // the story starts inside, in its section's own pages, where it may be cut as any story is.
  // (Since layout-64, whose jump heads take a line, that edition's lone rest is Life's, and the
  // plan without it on the front page is no better: 18 articles at seed 5, News's on page 12.)
  it('is kept off the front page and starts inside: no page inside the edition with a hole, every line printed', async () => {
    const composed = await composedQualityEdition(18, 5, beforeCutBeside);
    const { composition, grid: editionGrid, articles, photos, config: editionConfig } = composed;
    const material = new Material(editionGrid, fonts, beforeCutBeside);
    const first = planEdition(material.measure(articles, photos), editionConfig, material);
    const lone = first.pages.slice(1, -1).filter((page) => deepWhiteFoot(page) && page.modules.length > 0 && page.modules.every((m) => m.option.piece.continuedFromPage === 1));
    expect(lone.length).toBeGreaterThan(0);
    const alone = lone[0].modules[0].option.piece.story.article.slug;
    const front = composition.pages[0].modules.map((m) => m.slug);
    expect(front).not.toContain(alone);
    const starts = composition.pages.find((page) => page.modules.some((m) => m.slug === alone && !m.continuedFrom))!;
    expect(starts.number).toBeGreaterThan(1);
    for (const page of composition.pages.slice(0, -1)) expect(measurePage(page, editionGrid).holes, `page ${page.number}`).toEqual([]);
    expectEveryLinePrinted(composed, await composedQualityEdition(18, 5, { ...beforeCutBeside, compactLastPages: [] }));
  });
});

describe('a page inside the edition with white at its foot, the next page opening with a front-page story’s rest', () => {
  // 24 articles, seed 9: News's last story and Science's own one left page 16 with 14 rows of
  // white over a notice, and Science's front-page jump of 90 rows, too deep to stand there, opened
  // page 17. Kept off the front page, that story starts under News on page 16 and is cut to the
  // last page. Since layout-83 (policy fullWidthShortTail) page 5's brief runs across the page and
  // no notice stands beside it at the top: page 16's white is closed by one notice as deep as two
  // (houseAdsFor), there is no hole to take away, and the plan that keeps Science on the front, a
  // jump fewer, is kept. The rule is checked where its
  // white stays a hole (the brief set as before); today's plan is checked for holes too.
  const beforeAcross = opinionOnFront({ ...policy, fullWidthShortTail: false });
  it('is kept off the front page and starts under the white: no page inside the edition with a hole, every line printed', async () => {
    const composed = await composedQualityEdition(24, 9, beforeAcross);
    const { articles, config: editionConfig, grid: editionGrid, composition, photos } = composed;
    const material = new Material(editionGrid, fonts, beforeAcross);
    const first = planEdition(material.measure(articles, photos), editionConfig, material);
    const before = first.pages.slice(1, -1).findIndex((page, i) => deepWhiteFoot(page) && first.pages[i + 2].modules[0]?.option.piece.continuedFromPage === 1);
    expect(before).toBeGreaterThanOrEqual(0);
    const jumped = first.pages[before + 2].modules[0].option.piece.story.article.slug;
    expect(composition.pages[0].modules.map((m) => m.slug)).not.toContain(jumped);
    const starts = composition.pages.find((page) => page.modules.some((m) => m.slug === jumped))!;
    expect(starts.number).toBe(before + 2);
    expect(innerHolePagesOf(composed)).toBe(0);
    expectEveryLinePrinted(composed, await composedQualityEdition(24, 9, { ...beforeAcross, compactLastPages: [] }));
    // Today's plan: no page inside the edition with a hole either, every line printed.
    const today = await composedQualityEdition(24, 9, opinionOnFront(policy));
    expect(innerHolePagesOf(today)).toBe(0);
    expectEveryLinePrinted(today, composed);
  });
});

describe('a second plan that moves a page’s white from inside the edition to its last page', () => {
  // 12 articles, seed 11: News is only the front page's taster of its one story, whose rest of 77
  // rows stood on page 9 over 32 rows of white that no notice closes, Science's rest filling the
  // last page. Kept off the front page, the story is set whole on page 9 and the white goes to the
  // last page; Business and Life start a page sooner, each cut to the next page. As many pages with
  // a hole and two jumps more: refused until `innerHoleJumps`.
  it('is kept: no page inside the edition with a hole, the story whole, as many pages, every line printed', async () => {
    const [strict, moved] = await qualityEditionIn(12, 11, async (dir) => [await composeFolder(dir, undefined, opinionOnFront({ ...policy, innerHoleJumps: 0 })), await composeFolder(dir, undefined, opinionOnFront(policy))] as const);
    expect(innerHolePagesOf(strict)).toBe(1);
    expect(innerHolePagesOf(moved)).toBe(0);
    expect(holePagesOf(moved)).toBeLessThanOrEqual(holePagesOf(strict));
    expect(moved.composition.pages.length).toBe(strict.composition.pages.length);
    const news = moved.articles.find((a) => a.section === 'News')!;
    expect(moved.composition.pages.filter((page) => page.modules.some((m) => m.slug === news.slug)).map((page) => page.number)).toEqual([moved.composition.pages.length - 1]);
    expect(jumpsOf(moved)).toBeGreaterThan(jumpsOf(strict));
    expect(jumpsOf(moved)).toBeLessThanOrEqual(jumpsOf(strict) + policy.secondPlanExtraJumps + policy.innerHoleJumps);
    expectEveryLinePrinted(moved, strict);
  });
});

describe('a second plan that takes a hole or a page away for a story out of order', () => {
  // 20 articles, seed 3: Opinion's last story stands alone on page 12, over 43 rows of white,
  // because News, next in the section order, is only the front page's two jumps (98 and 87 rows),
  // which fit nowhere but a page of their own. With those jumps near the front the edition has a
  // page and that hole fewer, and a brief on top of a World page, over a more important story: the
  // plan was refused for that one inversion until `secondPlanInversionsPerSaving`. Since layout-33
  // the tries around holes, at a later photo share, take that hole away with no inversion where the
  // rule refuses it (the default policy sets the edition as before): both sides plan without them.
  // Since layout-36 the side without the trade loses the hole too, News's second story kept off
  // the front page and started under Opinion's (the white before a front-page jump), but not the page.
  it('is kept: a page and a hole inside the edition fewer for an inversion more, every line printed', async () => {
    const noAroundHole: LayoutPolicy = { ...policy, compactAroundHole: [] };
    const [strict, traded] = await qualityEditionIn(20, 3, async (dir) => [await composeFolder(dir, undefined, { ...noAroundHole, secondPlanInversionsPerSaving: 0 }), await composeFolder(dir, undefined, noAroundHole)] as const);
    const inversions = ({ composition, articles, grid: editionGrid }: ComposedFolder) => {
      const bySlug = new Map(articles.map((a) => [a.slug, a]));
      return measureEdition(composition, editionGrid, (slug) => bySlug.get(slug)?.priority, (slug) => bySlug.get(slug)?.section).quality.priorityInversions;
    };
    expect(innerHolePagesOf(strict)).toBe(0);
    expect(innerHolePagesOf(traded)).toBe(0);
    expect(traded.composition.pages.length).toBe(strict.composition.pages.length - 1);
    // The price, and no more than the rule allows: one inversion for each of the two savings.
    expect(inversions(traded)).toBeGreaterThan(inversions(strict));
    expect(inversions(traded)).toBeLessThanOrEqual(inversions(strict) + 2 * policy.secondPlanInversionsPerSaving);
    expectEveryLinePrinted(traded, strict);
  });
});

describe('a last page left with one story’s tail under two levels of compact shapes', () => {
  // 24 articles, seed 4: Science's last story jumps from page 16 to a 24-row tail alone on page 17,
  // the rest of the page white over a notice. With photos at most a quarter of the page's rows the
  // two pages before still could not take it; with a third level (18%) the wide photos above the
  // Science stories crop to strips and the story ends on page 16.
  it('ends a page sooner with shallower photo crops, no hole on its last pages, every line printed', async () => {
    const [twoLevels, threeLevels] = await qualityEditionIn(24, 4, async (dir) => [await composeFolder(dir, undefined, twoCompactLevels), await composeFolder(dir, undefined, beforeCutBeside)] as const);
    expect(policy.compactPhotoMaxShares.length).toBeGreaterThanOrEqual(3);
    const last = (composed: ComposedFolder) => composed.composition.pages.at(-1)!;
    expect(measurePage(last(twoLevels), twoLevels.grid).holes.length).toBeGreaterThan(0);
    expect(threeLevels.composition.pages.length).toBe(twoLevels.composition.pages.length - 1);
    for (const page of threeLevels.composition.pages.slice(-2)) expect(measurePage(page, threeLevels.grid).holes, `page ${page.number}`).toEqual([]);
    // The page came from the third level: a photo on the last pages is shallower than the second allows.
    const photoRows = threeLevels.composition.pages.slice(-2).flatMap((page) => page.modules.flatMap((m) => (m.photo ? [m.photo.heightPx / threeLevels.grid.lead] : [])));
    expect(Math.min(...photoRows)).toBeLessThan(policy.compactPhotoMaxShares[1] * threeLevels.grid.rows);
    expectEveryLinePrinted(threeLevels, twoLevels);
  });
});

describe('a page too many that only photos at 14% of the page take away', () => {
  // 16 articles, seed 5: 13 pages, two of them with a hole, the last 46% full; with photos at most
  // 14% of the page's rows on its last pages the stories close up and the edition ends on page 12.
  it('ends a page sooner with the fourth level, no hole on its last pages, every line printed', async () => {
    const [threeLevels, fourLevels] = await qualityEditionIn(16, 5, async (dir) => [await composeFolder(dir, undefined, opinionOnFront(threeCompactLevels)), await composeFolder(dir, undefined, opinionOnFront(policy))] as const);
    expect(policy.compactPhotoMaxShares.length).toBeGreaterThanOrEqual(4);
    expect(holePagesOf(threeLevels)).toBeGreaterThan(0);
    expect(fourLevels.composition.pages.length).toBe(threeLevels.composition.pages.length - 1);
    expect(holePagesOf(fourLevels)).toBe(0);
    // The photos the page came from: cropped to at most 14% of the page's rows, where the three
    // levels' edition printed them deeper than 18% allows.
    const photoRows = ({ composition, grid: editionGrid }: ComposedFolder) =>
      new Map(composition.pages.flatMap((page) => page.modules.flatMap((m) => (m.photo && !m.continuedFrom ? [[m.slug, m.photo.heightPx / editionGrid.lead] as const] : []))));
    const before = photoRows(threeLevels);
    const cropped = [...photoRows(fourLevels)].filter(([slug, rows]) => rows <= policy.compactPhotoMaxShares[3] * fourLevels.grid.rows && before.get(slug)! > policy.compactPhotoMaxShares[2] * threeLevels.grid.rows);
    expect(cropped.length).toBeGreaterThan(0);
    expectEveryLinePrinted(fourLevels, threeLevels);
  });
});

describe('a last page over the probe’s fill that the smallest photo share does not take away', () => {
  // 20 articles, seed 1: the last page is 81% full, so the most compact tries are made first (policy
  // `compactProbeFill`). Photos at 14% leave that page 22% full, at 18% they take it away: the
  // tries are not monotone in the share, and probing only the smallest lost the page.
  it('is probed at the next share too, and ends as soon as that share alone ends it', async () => {
    const [smallestOnly, eighteenOnly, every] = await qualityEditionIn(20, 1, async (dir) => [
      await composeFolder(dir, undefined, { ...policy, compactPhotoMaxShares: [0.14] }),
      await composeFolder(dir, undefined, { ...policy, compactPhotoMaxShares: [0.18] }),
      await composeFolder(dir, undefined, policy),
    ] as const);
    expect(policy.compactPhotoMaxShares).toEqual(expect.arrayContaining([0.14, 0.18]));
    expect(eighteenOnly.composition.pages.length).toBeLessThan(smallestOnly.composition.pages.length);
    expect(every.composition.pages.length).toBe(eighteenOnly.composition.pages.length);
    for (const page of every.composition.pages.slice(-2)) expect(measurePage(page, every.grid).holes, `page ${page.number}`).toEqual([]);
    expectEveryLinePrinted(every, smallestOnly);
  });
});

describe('an edition a page too long, its white on the page before the last', () => {
  // 24 articles, seed 12: the last page, four fifths full, is a front-page jump of 97 rows that
  // could not stand under Science's rest on the page before, whose foot stayed white. The compact
  // second plans ran only for a last page under `compactBelowFill`; they now run for this too.
  it('is planned again with compact shapes and ends a page sooner, with no hole on its last pages, every line printed', async () => {
    const edition = await collectedQualityEdition(24, 12);
    const material = new Material(edition.grid, fonts, opinionOnFront(restOnOnePage(policy)));
    const stories = material.measure(edition.articles, edition.photos);
    const first = planEdition(stories, edition.config, material);
    const pages = first.pages.length;
    expect(pageFill(first.pages[pages - 1], edition.grid)).toBeGreaterThanOrEqual(policy.compactBelowFill);
    expect(Math.max(...first.pages[pages - 2].feet.map((foot) => foot.rows))).toBeGreaterThanOrEqual(30);
    const { chosen } = planFitted(stories, edition.config, material);
    // A page sooner at least (since layout-64's one-line jump heads, two).
    expect(chosen.plan.pages.length).toBeLessThanOrEqual(pages - 1);
    expect(chosen.plan.problems).toEqual([]);
    expect(cutsIn(chosen.plan)).toBeLessThanOrEqual(cutsIn(first));
    const set = chosen.pages!;
    for (const page of set.slice(-2)) expect(measurePage(page, edition.grid).holes, `page ${page.number}`).toEqual([]);
    const lines = linesPrinted(set);
    for (const story of stories) expect(lines.get(story.article.slug), story.article.slug).toBe(story.units.length);
  });
});

describe('a front page whose side column would have little or nothing to hold', () => {
  // Five stories, the lead's region takes every one that may start on the front page: the column
  // under the Inside box was left white from the box to the foot of the page.
  const smallEdition = () => [article('lead', 'National', 1, 40), article('national', 'National', 5, 20), article('world', 'World', 2, 36), article('sport', 'Sport', 5, 12), article('sport2', 'Sport', 5, 12)];
  const slugsOn = (page: { modules: readonly Planned[] }) => page.modules.map((m) => m.option.piece.story.article.slug);

  it('lists the sections in a strip under the masthead and sets the front page across its width, no white down the side', () => {
    const { material, stories } = materialOf(smallEdition());
    const plan = planEdition(stories, config, material);
    const front = plan.pages[0];
    const inside = front.blocks.find((b) => b.kind === 'inside')!;
    // A cell a column wide for the title and each section: three sections and the title on five columns, one line.
    expect(inside).toMatchObject({ column: 0, span: grid.columns, top: policy.mastheadRows, rows: 2 });
    // The stories below it, across the page, and no white deeper than a stack's foot may leave.
    expect(Math.min(...front.modules.map((m) => m.top))).toBe(policy.mastheadRows + inside.rows);
    expect(front.modules.some((m) => m.column + m.option.span === grid.columns)).toBe(true);
    expect(front.feet.filter((foot) => foot.rows > policy.maxWhiteRows)).toEqual([]);
    expect(measurePage(composePages(smallEdition(), new Map(), config, grid, fonts).pages[0], grid).holes).toEqual([]);
    // The strip names every section where it starts, as the box did.
    expect(plan.sections.map((s) => s.name)).toEqual(['National', 'World', 'Sport']);
    expect(slugsOn(front)).toEqual(expect.arrayContaining(['lead', 'world']));
  });

  it('keeps the Inside box in the side column when a taster fills it', () => {
    const { material, stories } = materialOf([...smallEdition(), article('side', 'Sport', 2, 10)]);
    const front = planEdition(stories, config, material).pages[0];
    expect(front.blocks.find((b) => b.kind === 'inside')).toMatchObject({ column: grid.columns - 1, span: 1 });
    expect(front.modules.find((m) => m.column === grid.columns - 1)?.option.piece.story.article.slug).toBe('side');
  });
});

describe('a section of only front-page jumps', () => {
  // The lead and a second National story; World is one story, a taster on the front page, so its
  // section is its continuation alone (80-odd rows across the page, never cut again); Sport has
  // three stories, one a taster down the front page's side column. National ends 45 rows down page
  // 3: the World jump cannot go under it.
  const jumpEdition = () => [
    article('lead', 'National', 1, 40),
    article('national', 'National', 5, 20),
    article('world', 'World', 2, 36),
    article('side', 'Sport', 2, 10),
    article('sport', 'Sport', 5, 12),
    article('sport2', 'Sport', 5, 12),
  ];
  const slugsOn = (page: { modules: readonly Planned[] }) => page.modules.map((m) => m.option.piece.story.article.slug);
  const deepWhite = (page: { feet: readonly { rows: number }[] }) => page.feet.some((foot) => foot.rows > policy.maxWhiteRows);

  it('hands its jumps on to the next section, which takes the area they left white', () => {
    const { material, stories } = materialOf(jumpEdition());
    // Planned as before: the rest of National's last page stays white, World starts a page.
    const first = planEdition(stories, config, material);
    expect(first.jumpsWithoutRoom).toBe(1);
    const nationalEnds = first.pages.findIndex((page) => page.sections.includes('World'));
    expect(deepWhite(first.pages[nationalEnds - 1])).toBe(true);
    const plan = planEdition(stories, config, material, { handOnJumps: true });
    expect(plan.problems).toEqual([]);
    expect(plan.pages.length).toBeLessThanOrEqual(first.pages.length);
    // Sport starts under National; the World jump lands whole on a Sport page, which names World too.
    const sportStarts = plan.pages.findIndex((page) => slugsOn(page).includes('sport'));
    expect(slugsOn(plan.pages[sportStarts])).toContain('national');
    const jump = plan.pages.find((page) => page.number > 1 && slugsOn(page).includes('world'))!;
    expect(jump.sections).toEqual(expect.arrayContaining(['Sport', 'World']));
    expect(plan.sections.find((s) => s.name === 'World')?.page).toBe(jump.number);
    // No inside page but the last keeps white a reader would see as a hole, and no story jumps twice.
    const parts = new Map<string, number>();
    for (const page of plan.pages) for (const slug of slugsOn(page)) parts.set(slug, (parts.get(slug) ?? 0) + 1);
    expect(Math.max(...parts.values())).toBeLessThanOrEqual(2);
    for (const page of plan.pages.slice(1, -1)) expect(deepWhite(page), `page ${page.number}`).toBe(false);
  });

  it('or, as World has no pages of its own, puts the jump under National on the page where it ends, when that is as good', () => {
    const { material, stories } = materialOf(jumpEdition());
    const handedOn = planEdition(stories, config, material, { handOnJumps: true });
    const { chosen } = planFitted(stories, { ...config, houseAds: [] }, material);
    const plan = chosen.plan;
    expect(plan.problems).toEqual([]);
    expect(plan.pages.length).toBeLessThanOrEqual(handedOn.pages.length);
    // National's last page takes the jump whole under its story, and names World too.
    const jump = plan.pages.find((page) => page.number > 1 && slugsOn(page).includes('world'))!;
    expect(slugsOn(jump)).toContain('national');
    expect(jump.sections).toEqual(expect.arrayContaining(['National', 'World']));
    const handedJump = handedOn.pages.find((page) => page.number > 1 && slugsOn(page).includes('world'))!;
    expect(jump.number).toBeLessThan(handedJump.number);
    for (const page of plan.pages.slice(1, -1)) expect(deepWhite(page), `page ${page.number}`).toBe(false);
  });
});

describe('a section whose own story fits where the section before it ended, its front-page jump not', () => {
  // 16 generated articles, seed 3: Business is a brief and the rest of a front-page story (77
  // rows, never cut again). World ends 33 rows down page 5; the brief fit under Business's band,
  // the jump did not, and page 5 printed World's tail, the brief and two thirds of the page white
  // beside a notice; the jump opened page 6 alone. (With `innerHoleJumps` the edition's plan then
  // keeps the story off the front page too, which moves a page's white to the end: the test plans
  // without it.)
  it('hands the jump on: the next section starts under the brief, and the jump lands whole in its flow', async () => {
    const handOnPolicy: LayoutPolicy = { ...noPhotoOnJump, innerHoleJumps: 0 };
    const { articles, config: editionConfig, grid: editionGrid, composition, photos } = await composedQualityEdition(16, 3, handOnPolicy);
    const material = new Material(editionGrid, fonts, handOnPolicy);
    const stories = material.measure(articles, photos);
    const slugsOn = (page: { modules: readonly Planned[] }) => page.modules.map((m) => m.option.piece.story.article.slug);
    const first = planEdition(stories, editionConfig, material);
    expect((first.jumpedWithoutRoom ?? []).map((s) => s.article.slug)).toEqual(['a0009-business']);
    const briefPage = (plan: ReturnType<typeof planEdition>) => plan.pages.find((page) => slugsOn(page).includes('a0016-brief'))!;
    expect(deepWhiteFoot(briefPage(first))).toBe(true);
    expect(slugsOn(briefPage(first))).not.toContain('a0009-business');
    const { chosen } = planFitted(stories, editionConfig, material);
    const plan = chosen.plan;
    expect(plan.problems).toEqual([]);
    expect(plan.pages.length).toBeLessThanOrEqual(first.pages.length);
    // Sport starts under the brief, and the page is filled.
    const page = briefPage(plan);
    expect(deepWhiteFoot(page)).toBe(false);
    expect(page.sections).toEqual(expect.arrayContaining(['Business', 'Sport']));
    // The jump is printed whole on one page, which names Business too.
    const jumps = plan.pages.filter((p) => p.number > 1 && slugsOn(p).includes('a0009-business'));
    expect(jumps).toHaveLength(1);
    expect(jumps[0].sections).toContain('Business');
    // Inside pages with white as deep as a hole, before and after.
    const whitePages = (p: ReturnType<typeof planEdition>) => p.pages.slice(1, -1).filter(deepWhiteFoot).length;
    expect(whitePages(plan)).toBeLessThan(whitePages(first));
    // The composition the build prints is that plan, and sets every line of every story once.
    expect(composition.pages.length).toBe(plan.pages.length);
    const words = wordsPrinted(composition.pages);
    for (const story of stories) expect(words.get(story.article.slug), story.article.slug).toBe(textOf(story.units));
  });
});

describe('a front-page taster whose jump finds no room inside', () => {
  // A generated edition (bin/quality.ts's, 16 articles, seed 6; 12 at seed 11 until layout-78 kept
  // Opinion off the front page, seed 4 until layout-22) in which a Life taster's rest is deeper
  // than what the sections before it leave on their last pages, and handing it on does not help:
  // those pages stay half white, then the section opens a page for its jump.
  it('is kept off the front page: the story starts inside in its own section, and the white goes', async () => {
    const { articles, config: editionConfig, grid: editionGrid, composition, photos } = await composedQualityEdition(16, 6);
    const material = new Material(editionGrid, fonts, policy);
    const stories = material.measure(articles, photos);
    const first = planEdition(stories, editionConfig, material);
    const jumped = (first.jumpedWithoutRoom ?? []).map((s) => s.article.slug);
    expect(jumped.length).toBeGreaterThan(0);
    const onFront = (plan: ReturnType<typeof planEdition>) => plan.pages[0].modules.map((m) => m.option.piece.story.article.slug);
    for (const slug of jumped) expect(onFront(first)).toContain(slug);
    // Inside pages (the last aside) with white deeper than a hole, each plan's.
    const whitePages = (plan: ReturnType<typeof planEdition>) => plan.pages.slice(1, -1).filter((page) => page.feet.some((foot) => foot.rows >= 8 && foot.span >= 2)).length;
    const { chosen } = planFitted(stories, editionConfig, material);
    for (const slug of jumped) expect(onFront(chosen.plan)).not.toContain(slug);
    expect(whitePages(chosen.plan)).toBeLessThan(whitePages(first));
    expect(chosen.plan.pages.length).toBeLessThanOrEqual(first.pages.length);
    expect(chosen.plan.problems).toEqual([]);
    // The composition the build prints is that plan, and sets every line of every story once.
    expect(composition.pages.length).toBe(chosen.plan.pages.length);
    const words = wordsPrinted(composition.pages);
    for (const story of stories) expect(words.get(story.article.slug), story.article.slug).toBe(textOf(story.units));
  });
});

describe('a section carried over that shares its page with the next', () => {
  // The sample's World stories stood in a rail beside BUSINESS on page 3, unnamed: a reader took
  // them for Business. Generated editions had ten such stories in 18 (16, 30 and 45 articles,
  // seeds 1–6); these three had one each.
  it('is named by its own band where it stands beside the next section\'s', async () => {
    const sample = await composeFolder(join(import.meta.dirname, '../../samples'));
    const named = (folder: ComposedFolder) => unlabelledBeside(folder.composition, new Map(folder.articles.map((a) => [a.slug, a.section])));
    expect(named(sample)).toEqual([]);
    expect(sample.composition.pages[2].blocks.filter((b) => b.kind === 'section-header').map((b) => b.label)).toEqual(expect.arrayContaining(['World', 'Business']));
    for (const [articles, seed] of [[16, 6], [30, 1], [45, 5]] as const) expect(named(await composedQualityEdition(articles, seed)), `${articles} articles, seed ${seed}`).toEqual([]);
  });
});

describe('an editorial', () => {
  // bin/quality.ts's 30 articles at seed 1 (14 of the four page sizes' 48 sweep editions did the
  // like): the planner ranked stories by priority alone and set an Opinion story on the front page
  // where it fitted best. A front page carries the news; the paper's view starts in its own section
  // unless the desk puts it on page 1 (policy offFrontSections).
  it('starts in its own section, not on the front page, unless the desk puts it there', async () => {
    const opinionStarts = (folder: ComposedFolder) => {
      const opinion = new Set(folder.articles.filter((a) => a.section === 'Opinion').map((a) => a.slug));
      return folder.composition.pages[0].modules.filter((m) => opinion.has(m.slug) && m.continuedFrom === undefined).map((m) => m.slug);
    };
    const [kept, allowed, asked] = await qualityEditionIn(30, 1, async (dir) => {
      const kept = await composeFolder(dir, undefined, DEFAULT_LAYOUT_POLICY);
      const allowed = await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, offFrontSections: [] });
      // The desk asks for the editorial on page 1, after the lead.
      const lead = allowed.composition.pages[0].modules[0].slug;
      await appendFile(join(dir, 'edition.yaml'), `front: [${lead}, ${opinionStarts(allowed)[0]}]\n`);
      return [kept, allowed, await composeFolder(dir, undefined, DEFAULT_LAYOUT_POLICY)] as const;
    });
    // Without the rule the planner puts it on the front page: the rule is what keeps it off.
    expect(opinionStarts(allowed)).toHaveLength(1);
    const [editorial] = opinionStarts(allowed);
    expect(opinionStarts(kept)).toEqual([]);
    expect(kept.composition.problems).toEqual([]);
    // It starts on a page of its own section, under its band.
    const opinionPage = kept.composition.pages.find((page) => page.modules.some((m) => m.slug === editorial && m.continuedFrom === undefined))!;
    expect(opinionPage.blocks.filter((b) => b.kind === 'section-header').map((b) => b.label)).toContain('Opinion');
    // Where the desk puts it on the front page, it starts there.
    expect(opinionStarts(asked)).toEqual([editorial]);
    expect(asked.composition.problems).toEqual([]);
  });
});

describe('a section whose every story starts on the front page', () => {
  // 16 generated articles, seed 1: both News stories (wire copy; News is not in the edition's
  // section order, so it comes last) are tasters on the front. News has no pages of its own, and
  // its two jumps made pages 14 and 15, the reader sent thirteen and fourteen pages on, each rest
  // alone on its page.
  it('continues them on the first inside section’s pages, near the front, when the pages are no worse', async () => {
    const { articles, config: editionConfig, grid: editionGrid, composition, photos } = await composedQualityEdition(16, 1, restOnOnePage(policy));
    const material = new Material(editionGrid, fonts, restOnOnePage(policy));
    const stories = material.measure(articles, photos);
    const newsJumps = (plan: ReturnType<typeof planEdition>) =>
      plan.pages.flatMap((page) => page.modules.filter((m) => m.option.piece.story.article.section === 'News' && m.option.piece.continuedFromPage === 1).map(() => page.number));
    const first = planEdition(stories, editionConfig, material);
    expect(first.sectionsOfOnlyJumps).toEqual(['News']);
    expect(newsJumps(first)).toHaveLength(2);
    // At the back, past every other section.
    expect(Math.min(...newsJumps(first))).toBeGreaterThan(10);
    const { chosen } = planFitted(stories, editionConfig, material);
    const plan = chosen.plan;
    expect(newsJumps(plan)).toHaveLength(2);
    expect(Math.max(...newsJumps(plan))).toBeLessThanOrEqual(5);
    // Among National's pages (the first inside section), each naming News.
    const national = plan.pages.filter((page) => page.sections.includes('National')).map((page) => page.number);
    for (const number of newsJumps(plan)) {
      expect(plan.pages[number - 1].sections).toContain('News');
      expect(number).toBeGreaterThan(Math.min(...national));
      expect(number).toBeLessThan(Math.max(...national));
    }
    expect(plan.pages.length).toBeLessThanOrEqual(first.pages.length);
    expect(plan.problems).toEqual([]);
    // The Inside box finds News where its first jump landed.
    expect(plan.sections.find((s) => s.name === 'News')?.page).toBe(Math.min(...newsJumps(plan)));
    // The composition the build prints is that plan, and sets every line of every story once.
    expect(composition.pages.length).toBe(plan.pages.length);
    const words = wordsPrinted(composition.pages);
    for (const story of stories) expect(words.get(story.article.slug), story.article.slug).toBe(textOf(story.units));
    // A section the desk gave a page (`pages: { News: 1 }`) keeps its jumps on its own page.
    const given = { ...editionConfig, editorial: { ...editionConfig.editorial, sectionPages: new Map([['News', 1]]) } };
    expect(planEdition(stories, given, material).sectionsOfOnlyJumps).toEqual([]);
    const givenPlan = planFitted(stories, given, material).chosen.plan;
    expect(newsJumps(givenPlan).every((number) => givenPlan.pages[number - 1].sections.join() === 'News')).toBe(true);
    // …whatever the case the desk typed the section's name in (`pages: { news: 1 }`), as a story's `section`.
    const typed = { ...editionConfig, editorial: { ...editionConfig.editorial, sectionPages: new Map([['news', 1]]) } };
    const typedPlan = planEdition(stories, typed, material);
    const givenDraft = planEdition(stories, given, material);
    expect(typedPlan.problems).toEqual(givenDraft.problems);
    expect(typedPlan.problems.join()).not.toMatch(/no story is in the section/);
    expect(typedPlan.pages.map((page) => page.sections.join())).toEqual(givenDraft.pages.map((page) => page.sections.join()));
  });
});

describe('jump tails the level step leaves uneven', () => {
  // 24 articles at seed 5: two jump tails of a dozen lines a column, 19/18/18/17/18 on page 4 and
  // 14/14/14/15/13 on page 15, whose short columns would open their leading by more than a tenth.
  // Each has one paragraph set a line looser and ends within a line on the baseline grid.
  it('are set level with one paragraph a line or two looser or tighter: the same words in the same boxes, no more words run across a column (the loosen step)', async () => {
    // The cut step, which moves a line over a jump (layout-56), off in both: each module's words are compared.
    const alone = { ...policy, cutColumnEndLooseness: 0 };
    const [level, unloosened] = await qualityEditionIn(24, 5, async (dir) => [await composeFolder(dir, undefined, alone), await composeFolder(dir, undefined, { ...alone, levelLooseness: 0 })]);
    const uneven = (composed: ComposedFolder) => composed.composition.pages.flatMap((page) => unevenModules(page).map((m) => `${page.number} ${m.slug} ${m.columns.map(rowsOf).join('/')}`));
    expect(uneven(unloosened)).toEqual(['4 a0006-national 19/18/18/17/18', '15 a0003-opinion 14/14/14/15/13']);
    expect(uneven(level)).toEqual([]);
    expect(level.composition.problems).toEqual([]);
    const hyphenatedEnds = (m: PlacedModule) => m.columns.slice(0, -1).filter(columnEndsHyphenated).length;
    let loosened = 0;
    level.composition.pages.forEach((page, p) => {
      const was = unloosened.composition.pages[p];
      expect(page.modules.map((m) => `${m.slug}@${m.column},${m.top},${m.span},${m.rows}`)).toEqual(was.modules.map((m) => `${m.slug}@${m.column},${m.top},${m.span},${m.rows}`));
      page.modules.forEach((m, k) => {
        const before = was.modules[k];
        if (m.columns.flat().length === before.columns.flat().length) return;
        loosened++;
        // A line or two more or fewer, no column deeper than the module's text, none set off the grid.
        expect(Math.abs(m.columns.flat().length - before.columns.flat().length)).toBeLessThanOrEqual(policy.levelLooseness);
        expect(Math.max(...m.columns.map(rowsOf))).toBeLessThanOrEqual(m.rows - m.head.rows);
        expect(m.columns.flat().every((u) => u.kind !== 'space')).toBe(true);
        expect(hyphenatedEnds(m)).toBeLessThanOrEqual(hyphenatedEnds(before));
        expect(textOf(m.columns.flat())).toBe(textOf(before.columns.flat()));
      });
    });
    expect(loosened).toBe(2);
  });
});

describe('feathered tails no step before sets level', () => {
  // 22 articles: at seed 9 National's tail on page 5 printed 18/18/18/19/17 in 19 rows, at seed 8
  // News's on page 16 18/18/18/19/16 (since layout-78, its Opinion story kept off the front page,
  // Sport's on page 11 20/20/20/19/16), their blank rows between paragraphs falling short in one
  // column and its leading too tight to open further. One blank row fewer sets National's level;
  // News's text was level only without them, one paragraph a line looser or tighter.
  it('are set level with fewer blank rows between paragraphs, or none and one paragraph a line looser or tighter, a row above the module’s foot at most: the same words in the same boxes', async () => {
    const uneven = (composed: ComposedFolder) => composed.composition.pages.flatMap((page) => unevenModules(page).map((m) => `${page.number} ${m.slug} ${m.columns.map(rowsOf).join('/')}`));
    const words = (units: readonly ColumnUnit[]) => textOf(units).replace(/\s+/g, ' ').trim();
    for (const [seed, page, slug, was] of [
      [9, 5, 'a0008-national', '18/18/18/19/17'],
      [8, 11, 'a0007-sport', '20/20/20/19/16'],
    ] as const) {
      const [level, before] = await qualityEditionIn(22, seed, async (dir) => [await composeFolder(dir, undefined, policy), await composeFolder(dir, undefined, { ...policy, levelWhiteRows: 0 })]);
      expect(uneven(before)).toContain(`${page} ${slug} ${was}`);
      expect(uneven(level).filter((u) => u.startsWith(`${page} `))).toEqual([]);
      expect(level.composition.problems).toEqual([]);
      level.composition.pages.forEach((p, i) => {
        const other = before.composition.pages[i];
        expect(p.modules.map((m) => `${m.slug}@${m.column},${m.top},${m.span},${m.rows}`)).toEqual(other.modules.map((m) => `${m.slug}@${m.column},${m.top},${m.span},${m.rows}`));
        p.modules.forEach((m, k) => expect(words(m.columns.flat()), m.slug).toBe(words(other.modules[k].columns.flat())));
      });
      const tail = level.composition.pages[page - 1].modules.find((m) => m.slug === slug)!;
      const depths = tail.columns.map(rowsOf);
      expect(Math.max(...depths) - Math.min(...depths)).toBeLessThan(2);
      expect(Math.max(...depths)).toBeGreaterThanOrEqual(tail.rows - tail.head.rows - 1);
      expect(Math.max(...depths)).toBeLessThanOrEqual(tail.rows - tail.head.rows);
    }
  });
});

describe('a finished story beside its photo whose columns end uneven', () => {
  // 20 articles at seed 9: Science on the last page, a photo over its last three columns, printed
  // its text 84/84/84/84/81 deep: the level step left modules beside a photo as planned. Since
  // layout-62 (jump heads run on to where a phrase ends) that edition sets Science without a photo
  // beside its text; of 60 quality editions (12–30 articles, seeds 1–12) three finish a story
  // beside its photo with its leading opened, National on page 5 of 30 articles at seed 9 among them.
  it('ends level, the lines under the photo with their leading opened a tenth at most, the room under the photo as it was', async () => {
    const { composition, grid } = await composedQualityEdition(30, 9);
    const story = composition.pages[4].modules.find((m) => m.slug === 'a0023-national')!;
    const rooms = story.columns.map((column) => column.filter((unit) => unit.kind === 'photo-room'));
    expect(rooms.map((room) => room.length)).toEqual([0, 0, 1, 1, 1]);
    for (const [c, column] of story.columns.entries()) if (rooms[c].length > 0) expect(column[0].kind).toBe('photo-room');
    const depths = story.columns.map(rowsOf);
    expect(Math.max(...depths) - Math.min(...depths)).toBeLessThan(2);
    expect(Math.max(...depths)).toBeLessThanOrEqual(story.rows - story.head.rows);
    for (const column of story.columns) expect((featheredPitch(column, grid.lead) ?? grid.lead) / grid.lead).toBeLessThanOrEqual(1 + policy.levelMaxStretch);
    expect(story.columns.some((column) => featheredPitch(column, grid.lead) !== undefined)).toBe(true);
    expect(composition.problems).toEqual([]);
  });
});

describe('compose steps', () => {
  it('links every part of a story to the next one’s page and back', () => {
    const part = (slug: string): PlacedModule => ({ slug, column: 0, span: 1, top: 0, rows: 10, head: { rows: 2, parts: [] }, columns: [] });
    const first = part('story');
    const second = part('story');
    const other = part('other');
    const linked = linkJumps([
      { number: 1, modules: [first, other] },
      { number: 4, modules: [second] },
    ]);
    expect(linked.get(first)).toMatchObject({ continuedOn: 4 });
    expect(linked.get(second)).toMatchObject({ continuedFrom: 1 });
    expect(linked.get(second)!.continuedOn).toBeUndefined();
    expect(linked.get(other)).toBe(other);
  });

  it('sets house ads only in white over the hole limit, each once, an eighth of a page at most', () => {
    const ads = [{ headline: 'Subscribe', text: 'Every morning.' }, { headline: 'Send us your news', text: '' }];
    const foot = (rows: number) => ({ column: 0, span: 2, top: grid.rows - rows, rows });
    const page = (number: number, rows: number) => ({ number, sections: ['News'], blocks: [], modules: [], feet: rows > 0 ? [foot(rows)] : [] });
    // Ten pages: 3% of their type area is room for two small notices.
    const plan = { pages: [page(1, 40), page(2, 5), page(3, 30), ...[4, 5, 6, 7, 8, 9].map((n) => page(n, 0)), page(10, 60)], sections: [], short: false, leftOut: [], problems: [] };
    const placed = houseAdsFor(plan, ads, 'The Paper', grid, fonts, policy);
    const all = [...placed.values()].flat();
    expect(placed.has(2)).toBe(false);
    expect(all.length).toBe(2);
    // The edition's last page comes last: its white reads as the paper's end.
    expect(placed.has(10)).toBe(false);
    for (const ad of all) expect(ad.span * ad.rows).toBeLessThanOrEqual((grid.columns * grid.rows) / 8);
    expect(all.reduce((n, ad) => n + ad.span * ad.rows, 0)).toBeLessThanOrEqual(grid.columns * grid.rows * 10 * 0.03);
  });

  it('closes the white under the edition’s last story with a notice of up to a fifth of the page, where an eighth would not', () => {
    const ads = [{ headline: 'Subscribe', text: 'Every morning.' }];
    const foot = (rows: number) => ({ column: 0, span: grid.columns, top: grid.rows - rows, rows });
    const page = (number: number, rows: number) => ({ number, sections: ['News'], blocks: [], modules: [], feet: rows > 0 ? [foot(rows)] : [] });
    const eighth = Math.floor((grid.columns * grid.rows) / 8 / grid.columns);
    // White an eighth of the page and 12 rows deep: a notice of an eighth would leave a hole above it.
    const white = eighth + 12;
    const planOf = (last: number) => ({ pages: [...Array.from({ length: last - 1 }, (_, i) => page(i + 1, 0)), page(last, white)], sections: [], short: false, leftOut: [], problems: [] });
    const [notice] = houseAdsFor(planOf(20), ads, 'The Paper', grid, fonts, policy).get(20)!;
    expect(notice.top).toBe(grid.rows - white + 1);
    expect(notice.rows).toBeGreaterThan(eighth);
    expect(grid.rows - (notice.top + notice.rows)).toBeLessThan(8);
    // The same white inside the edition (a page the next one follows) takes a notice no deeper
    // than two of an eighth and the row between them, one notice as the back page's is.
    const inside = { ...planOf(20), pages: [...planOf(20).pages, page(21, 0)] };
    const insideNotices = houseAdsFor(inside, ads, 'The Paper', grid, fonts, policy).get(20)!;
    expect(insideNotices).toHaveLength(1);
    expect(insideNotices[0].rows).toBeLessThanOrEqual(2 * eighth + 1);
  });

  it('spends the notices first where one closes the white, not under white that stays a hole', () => {
    const ads = [{ headline: 'Subscribe', text: 'Every morning.' }, { headline: 'Send us your news', text: '' }, { headline: 'Write to the editor', text: '' }];
    // Across the page: an eighth of a page is 14 rows here.
    const foot = (rows: number) => ({ column: 0, span: grid.columns, top: grid.rows - rows, rows });
    const page = (number: number, rows: number) => ({ number, sections: ['News'], blocks: [], modules: [], feet: rows > 0 ? [foot(rows)] : [] });
    const eighth = Math.floor((grid.columns * grid.rows) / 8 / grid.columns);
    // Eight pages: room for two notices. Pages 2 and 3 have white a notice closes; 1 and 4 white a
    // notice would only sit under (largest first, as before, it went to 1 and 4).
    const plan = { pages: [page(1, 60), page(2, eighth + 4), page(3, eighth), page(4, 40), ...[5, 6, 7, 8].map((n) => page(n, 0))], sections: [], short: false, leftOut: [], problems: [] };
    const placed = houseAdsFor(plan, ads, 'The Paper', grid, fonts, policy);
    expect([...placed.keys()].sort()).toEqual([2, 3]);
    // Each stands a row below what is above it, and the white left under it at the foot is shallower
    // than a hole (ARCHITECTURE.md, What a page is held to: 8 body lines).
    for (const [number, [ad]] of placed) {
      const white = plan.pages[number - 1].feet[0];
      expect(ad.top).toBe(white.top + 1);
      expect(white.top + white.rows - (ad.top + ad.rows)).toBeLessThan(8);
    }
  });

  it('closes white a notice of the page\'s size cannot with one twice as deep, a row below what is above it, never two stacked', () => {
    const ads = [{ headline: 'Subscribe', text: 'Every morning.' }, { headline: 'Send us your news', text: '' }, { headline: 'Write to the editor', text: '' }];
    const foot = (rows: number) => ({ column: 0, span: grid.columns, top: grid.rows - rows, rows });
    const page = (number: number, rows: number) => ({ number, sections: ['News'], blocks: [], modules: [], feet: rows > 0 ? [foot(rows)] : [] });
    const eighth = Math.floor((grid.columns * grid.rows) / 8 / grid.columns);
    // A section's tail over a fifth of the page deep: one notice at its foot left ten rows of white
    // above it, a hole (the 90-article edition's page 39).
    const deep = eighth + policy.maxWhiteRows + 4;
    const plan = { pages: [page(1, deep), ...Array.from({ length: 19 }, (_, i) => page(i + 2, 0))], sections: [], short: false, leftOut: [], problems: [] };
    // Two of an eighth, one under the other, closed it until layout-68: two fillers piled in one
    // hole (a tabloid's 16 articles at seed 6, the last page's foot), where a paper prints one.
    const placed = houseAdsFor(plan, ads, 'The Paper', grid, fonts, policy);
    const notices = placed.get(1)!;
    expect(notices).toHaveLength(1);
    const [notice] = notices;
    const white = plan.pages[0].feet[0];
    expect(notice.top).toBe(white.top + 1);
    expect(notice.rows).toBeGreaterThan(eighth);
    expect(notice.rows).toBeLessThanOrEqual(2 * eighth + 1);
    expect(white.top + white.rows - (notice.top + notice.rows)).toBeLessThan(8);
    expect(notice.houseAd!.headline.map((line) => lineText(line.words)).join(' ')).toBe('Subscribe');
    // With one notice left, likewise.
    expect(houseAdsFor(plan, ads.slice(0, 1), 'The Paper', grid, fonts, policy).get(1)).toEqual(notices);
  });

  it('runs a notice again once every one has run, only where it closes the white, and never within noticeRepeatMinPages of itself', () => {
    // A4, 30 articles at seed 2: the five notices ran before Sport's last page, page 29, whose 20
    // rows of white under a tail took one at its foot, 11 rows white above it: a hole.
    const ads = [{ headline: 'Subscribe', text: 'Every morning.' }, { headline: 'Send us your news', text: '' }];
    const foot = (rows: number) => ({ column: 0, span: grid.columns, top: grid.rows - rows, rows });
    const page = (number: number, rows: number) => ({ number, sections: ['News'], blocks: [], modules: [], feet: rows > 0 ? [foot(rows)] : [] });
    const eighth = Math.floor((grid.columns * grid.rows) / 8 / grid.columns);
    const closable = eighth + 2; // one notice closes it
    const pairDeep = eighth + policy.maxWhiteRows + 4; // one notice twice as deep closes it
    const tooDeep = 3 * eighth; // not even two close it
    const depths = new Map([[2, closable], [3, closable], [4, closable], [8, pairDeep], [12, tooDeep], [16, closable]]);
    const plan = { pages: Array.from({ length: 20 }, (_, i) => page(i + 1, depths.get(i + 1) ?? 0)), sections: [], short: false, leftOut: [], problems: [] };
    const headlineOf = (block: FixedBlock) => block.houseAd!.headline.map((line) => lineText(line.words)).join(' ');
    const onPages = (placed: ReadonlyMap<number, readonly FixedBlock[]>) => [...placed].sort(([a], [b]) => a - b).map(([number, blocks]) => [number, blocks.map(headlineOf)]);
    // Once each (judging plans): the two notices go to the first white they close, the rest stays.
    expect(onPages(houseAdsFor(plan, ads, 'The Paper', grid, fonts, policy))).toEqual([[2, ['Subscribe']], [3, ['Send us your news']]]);
    // Again (the chosen plan): page 4 is within three pages of both; page 16, whose white one closes,
    // takes one first, then page 8 one twice as deep, the notice run fewer times; page 12's white, which
    // no notice closes, stays as it is rather than hold a notice under a hole.
    const again = houseAdsFor(plan, ads, 'The Paper', grid, fonts, policy, true);
    expect(onPages(again)).toEqual([
      [2, ['Subscribe']],
      [3, ['Send us your news']],
      [8, ['Send us your news']],
      [16, ['Subscribe']],
    ]);
    const [deep] = again.get(8)!;
    expect(foot(pairDeep).top + pairDeep - (deep.top + deep.rows)).toBeLessThan(MEASURE_POLICY.holeMinRows);
    // Each notice at least noticeRepeatMinPages from its other appearances.
    const pagesOf = (headline: string) => [...again].filter(([, blocks]) => blocks.some((b) => headlineOf(b) === headline)).map(([number]) => number);
    for (const { headline } of ads) {
      const pages = pagesOf(headline).sort((a, b) => a - b);
      for (let i = 1; i < pages.length; i++) expect(pages[i] - pages[i - 1]).toBeGreaterThanOrEqual(policy.noticeRepeatMinPages);
    }
  });

  it('closes seven rows of white under a story across the page with a notice of six, its headline and the paper\'s name', () => {
    // 30 articles, seed 3, page 11: a tail and a brief across the page left 8 rows white at the
    // foot, which no notice of eight rows (and the row above it) could take: a hole.
    const ads = [{ headline: 'Read The Paper every morning', text: 'Every edition, and the archive, in the e-paper reader.' }];
    const white = { column: 0, span: grid.columns, top: grid.rows - 7, rows: 7 };
    const plan = { pages: [{ number: 1, sections: ['News'], blocks: [], modules: [], feet: [white] }, ...Array.from({ length: 9 }, (_, i) => ({ number: i + 2, sections: ['News'], blocks: [], modules: [], feet: [] }))], sections: [], short: false, leftOut: [], problems: [] };
    const [notice] = houseAdsFor(plan, ads, 'The Paper', grid, fonts, policy).get(1)!;
    expect(notice).toMatchObject({ column: 0, span: grid.columns, top: grid.rows - 6, rows: 6 });
    // (Its line of text goes where it does not fit: setHouseAd.)
    expect(notice.houseAd!.headline.length).toBeGreaterThan(0);
    expect(notice.houseAd!.signature.length).toBe(1);
    expect(notice.houseAd!.height).toBeLessThanOrEqual(6 * grid.lead);
    // Six rows of white (five and the row above) stay white: as shallow as a stack's foot may be.
    const shallow = { ...plan, pages: [{ ...plan.pages[0], feet: [{ ...white, top: grid.rows - 6, rows: 6 }] }, ...plan.pages.slice(1)] };
    expect(houseAdsFor(shallow, ads, 'The Paper', grid, fonts, policy).has(1)).toBe(false);
  });

  it('fills white at the top of a page beside a short module with a notice its whole depth: nothing stands above it', () => {
    const ads = [{ headline: 'Seen something we should report?', text: '' }];
    // A section's last brief at the top of a page, four columns wide, and the next section's header
    // eight rows down: one column of white eight rows deep beside the brief, a hole (45 articles,
    // seed 6, page 26). A notice a row below the page's top was seven rows, under the notices' least.
    const white = { column: 0, span: 1, top: 0, rows: 8 };
    const plan = { pages: [{ number: 1, sections: ['News'], blocks: [], modules: [], feet: [white] }, ...Array.from({ length: 9 }, (_, i) => ({ number: i + 2, sections: ['News'], blocks: [], modules: [], feet: [] }))], sections: [], short: false, leftOut: [], problems: [] };
    const [notice] = houseAdsFor(plan, ads, 'The Paper', grid, fonts, policy).get(1)!;
    expect(notice).toMatchObject({ column: 0, span: 1, top: 0, rows: 8 });
    // Below something, the same white keeps its row above: a notice of seven under it; white of
    // six rows there is too shallow for one.
    const below = { ...plan, pages: [{ ...plan.pages[0], feet: [{ ...white, top: 20 }] }, ...plan.pages.slice(1)] };
    expect(houseAdsFor(below, ads, 'The Paper', grid, fonts, policy).get(1)).toMatchObject([{ column: 0, span: 1, top: 21, rows: 7 }]);
    const shallow = { ...plan, pages: [{ ...plan.pages[0], feet: [{ ...white, top: 20, rows: policy.houseAdMinRows }] }, ...plan.pages.slice(1)] };
    expect(houseAdsFor(shallow, ads, 'The Paper', grid, fonts, policy).has(1)).toBe(false);
    // White a notice twice an eighth deep closes, at the page's top: that one notice, at the top too, as deep as the white.
    const eighth = Math.floor((grid.columns * grid.rows) / 8 / grid.columns);
    const deep = { column: 0, span: grid.columns, top: 0, rows: 2 * eighth + 1 };
    const twoAds = [...ads, { headline: 'Subscribe', text: 'Every morning.' }];
    const one = houseAdsFor({ ...plan, pages: [{ ...plan.pages[0], feet: [deep] }, ...plan.pages.slice(1)] }, twoAds, 'The Paper', grid, fonts, policy).get(1)!;
    expect(one.map(({ top, rows }) => ({ top, rows }))).toEqual([{ top: 0, rows: 2 * eighth + 1 }]);
  });

  it('stands a notice that closes the white under the story above it, and one in deeper white at the foot', () => {
    const ads = [{ headline: 'Subscribe', text: 'Every morning.' }, { headline: 'Send us your news', text: '' }];
    const foot = (rows: number) => ({ column: 0, span: grid.columns, top: grid.rows - rows, rows });
    const page = (number: number, rows: number) => ({ number, sections: ['News'], blocks: [], modules: [], feet: rows > 0 ? [foot(rows)] : [] });
    const eighth = Math.floor((grid.columns * grid.rows) / 8 / grid.columns);
    // Page 1: white a notice closes only from its top, leaving 7 rows at the foot (at the foot, the
    // 8 rows above it and a story's short last column would read as a hole). Page 2: white too deep
    // to close, where the notice stands at the foot, as the end of the stack above.
    const plan = { pages: [page(1, eighth + 8), page(2, eighth + 30), ...[3, 4, 5, 6, 7, 8, 9, 10].map((n) => page(n, 0))], sections: [], short: false, leftOut: [], problems: [] };
    const placed = houseAdsFor(plan, ads, 'The Paper', grid, fonts, policy);
    const [closing] = placed.get(1)!;
    expect(closing.top).toBe(plan.pages[0].feet[0].top + 1);
    expect(grid.rows - (closing.top + closing.rows)).toBe(7);
    const [deep] = placed.get(2)!;
    expect(deep.top + deep.rows).toBe(grid.rows);
  });
});

describe('front-page jumps near the front, bought with a priority inversion or two (layout-50)', () => {
  // A generated edition (bin/quality.ts's, 45 articles, seed 1) whose front-page jumps went to
  // their own sections at the back (Opinion's to page 23, News's to 27 and 28). Planned with every
  // front-page jump on National's pages, it takes a page fewer (its pages as printed: 32 for 33,
  // a jump more) and readers turn about half as many pages, but two stories of priority 5 stand
  // above or larger than stories of priority 4 on their pages: better but for its inversions, it
  // was not kept before layout-50. (Since layout-64's one-line jump heads that edition's front-page
  // jumps go to their sections' pages either way; 40 articles at seed 7 sends them to page 26,
  // near the front to page 7 for two inversions, 67 pages turned for 31. Since layout-72 prices a
  // start under a lesser one, `lesserStartAboveCost`, its pages hold no inversion and its jumps go
  // to the back (21 jumps, 67 pages turned): planned here with that price at 0, as written.)
  it('keeps the plan whose jumps send readers many pages fewer, an inversion more for every pagesTurnedPerInversion of them, and no worse otherwise', async () => {
    const written: LayoutPolicy = { ...DEFAULT_LAYOUT_POLICY, lesserStartAboveCost: 0, lesserBesideCost: 0 };
    const { generated, before, after } = await qualityEditionIn(40, 7, async (dir, generated) => ({
      generated,
      before: await composeFolder(dir, undefined, { ...written, pagesTurnedPerInversion: Number.POSITIVE_INFINITY }),
      after: await composeFolder(dir, undefined, written),
    }));
    const measured = (composed: ComposedFolder) => {
      const bySlug = new Map(composed.articles.map((a) => [a.slug, a]));
      const { quality } = measureEdition(composed.composition, composed.grid, (slug) => bySlug.get(slug)?.priority, (slug) => bySlug.get(slug)?.section);
      const frontJumpPages = composed.composition.pages.slice(1).flatMap((page) => page.modules.filter((m) => m.continuedFrom === 1).map(() => page.number));
      return { pages: composed.composition.pages.length, holePages: quality.holes.pages.length, jumps: quality.jumps.total, inversions: quality.priorityInversions, turned: pagesTurned(composed.composition), frontJumpPages };
    };
    const was = measured(before);
    const now = measured(after);
    // Before: the front's jumps at the back of the edition.
    expect(Math.max(...was.frontJumpPages)).toBeGreaterThan(20);
    // After: every one near the front, on the pages after National's first.
    expect(Math.max(...now.frontJumpPages)).toBeLessThanOrEqual(8);
    expect(now.pages).toBeLessThanOrEqual(was.pages);
    expect(now.holePages).toBeLessThanOrEqual(was.holePages);
    // A page fewer may take a jump more, as the compact plans' rule has it: a reader turns a page either way.
    expect(now.jumps).toBeLessThanOrEqual(was.jumps + (was.pages - now.pages));
    const inversionsMore = now.inversions - was.inversions;
    expect(inversionsMore).toBeGreaterThan(0);
    expect(inversionsMore * written.pagesTurnedPerInversion).toBeLessThan(was.turned - now.turned);
    expectEveryParagraphOnceInOrder(after.composition.pages, generated);
  });
});

describe('front-page jumps near the front for a page more, where that page costs no hole and no stub (layout-71)', () => {
  // bin/quality.ts's A4 edition of 45 articles at seed 1. Since layout-70 priced stubs at a page's
  // foot its first plan ends a page sooner, and compacted a page sooner again (67 pages); with the
  // front's jumps near the front it came out two pages longer than that, so the plan was never
  // judged (frontJumpsCompacted took only one page more), and the front's jumps went to Life's
  // pages at the back: 142 pages turned, 78 near the front on one page more.
  it('keeps that plan where its jumps send readers pagesTurnedPerPage pages fewer for the page, no worse otherwise', async () => {
    const { generated, back, near } = await qualityEditionIn(45, 1, async (dir, generated) => {
      // As `epaper quality --page-size a4` sets it: the fixture's Berliner columns dropped.
      const yaml = join(dir, 'edition.yaml');
      await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('pageSize: berliner\ncolumns: 5', 'pageSize: a4'));
      return {
        generated,
        back: await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, pagesTurnedPerPage: Number.POSITIVE_INFINITY }),
        near: await composeFolder(dir, undefined, DEFAULT_LAYOUT_POLICY),
      };
    });
    expect(near.grid.columns).toBe(4);
    const measured = (composed: ComposedFolder) => {
      const bySlug = new Map(composed.articles.map((a) => [a.slug, a]));
      const { quality } = measureEdition(composed.composition, composed.grid, (slug) => bySlug.get(slug)?.priority, (slug) => bySlug.get(slug)?.section);
      const frontJumpPages = composed.composition.pages.slice(1).flatMap((page) => page.modules.filter((m) => m.continuedFrom === 1).map(() => page.number));
      return {
        pages: composed.composition.pages.length,
        holePages: quality.holes.pages.length,
        shortStarts: quality.shortStarts.count,
        jumps: quality.jumps.total,
        inversions: quality.priorityInversions,
        turned: pagesTurned(composed.composition),
        frontJumpPages,
      };
    };
    const was = measured(back);
    const now = measured(near);
    // Without the trade: two of the front's jumps on Life's pages, past page 35.
    expect(was.frontJumpPages.filter((page) => page > 35)).toHaveLength(2);
    // With it: on pages 7 and 13, National's and World's first pages.
    expect(now.frontJumpPages.length).toBe(was.frontJumpPages.length);
    expect(Math.max(...now.frontJumpPages)).toBeLessThanOrEqual(15);
    // The front page's "Continued on Page N" lines name those pages.
    const named = near.composition.pages[0].modules.flatMap((m) => (m.continuedOn !== undefined ? [m.continuedOn] : [])).sort((a, b) => a - b);
    expect(named).toEqual([...now.frontJumpPages].sort((a, b) => a - b));
    expect(now.pages).toBe(was.pages + 1);
    expect(now.holePages).toBeLessThanOrEqual(was.holePages);
    expect(now.shortStarts).toBeLessThanOrEqual(was.shortStarts);
    expect(now.jumps).toBeLessThanOrEqual(was.jumps);
    expect(now.inversions).toBeLessThanOrEqual(was.inversions);
    expect(was.turned - now.turned).toBeGreaterThanOrEqual(DEFAULT_LAYOUT_POLICY.pagesTurnedPerPage);
    expectEveryParagraphOnceInOrder(near.composition.pages, generated);
  });
});

describe('front-page jumps near the front for a jump or two more (layout-75)', () => {
  // bin/quality.ts's tabloid edition of 45 articles at seed 2: with layout-75's price for a lesser
  // story beside a more important one (lesserBesideCost), the plan with every front-page jump near
  // the front came out with two jumps more than the plan kept, as many pages, no hole, one
  // inversion fewer and its last page fuller, and was refused for the jumps: the front's rests went
  // to News's, Opinion's and Sport's pages (115 pages turned; 62 before the price). Since layout-78
  // kept Opinion off the front page that edition plans its rests near the front either way; seed
  // 3's is the case now: its front's rests as far as page 32 (83 pages turned), near the front
  // for two jumps more (39).
  it('keeps that plan where its jumps send readers pagesTurnedPerJump pages fewer for each jump more, no worse otherwise', async () => {
    const { generated, back, near } = await qualityEditionIn(45, 3, async (dir, generated) => {
      await onNamedPage(dir, 'tabloid');
      return {
        generated,
        back: await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, pagesTurnedPerJump: Number.POSITIVE_INFINITY }),
        near: await composeFolder(dir, undefined, DEFAULT_LAYOUT_POLICY),
      };
    });
    const measured = (composed: ComposedFolder) => {
      const bySlug = new Map(composed.articles.map((a) => [a.slug, a]));
      const { quality } = measureEdition(composed.composition, composed.grid, (slug) => bySlug.get(slug)?.priority, (slug) => bySlug.get(slug)?.section);
      const frontJumpPages = composed.composition.pages.slice(1).flatMap((page) => page.modules.filter((m) => m.continuedFrom === 1).map(() => page.number));
      return { pages: composed.composition.pages.length, holePages: quality.holes.pages.length, jumps: quality.jumps.total, inversions: quality.priorityInversions, turned: pagesTurned(composed.composition), frontJumpPages };
    };
    const was = measured(back);
    const now = measured(near);
    expect(Math.max(...was.frontJumpPages)).toBeGreaterThan(20);
    expect(Math.max(...now.frontJumpPages)).toBeLessThanOrEqual(10);
    expect(now.pages).toBeLessThanOrEqual(was.pages + 1);
    expect(now.holePages).toBeLessThanOrEqual(was.holePages);
    expect(now.inversions).toBeLessThanOrEqual(was.inversions);
    const jumpsMore = now.jumps - was.jumps;
    expect(jumpsMore).toBeGreaterThan(0);
    expect(jumpsMore * DEFAULT_LAYOUT_POLICY.pagesTurnedPerJump).toBeLessThan(was.turned - now.turned);
    expectEveryParagraphOnceInOrder(near.composition.pages, generated);
  });
});

/**
 * The default policy with stubs at a page's foot priced only as a jump, as the jump-order editions
 * below were written (before layout-70's `shortStartCost`): 30 articles at seed 5 now plans the
 * lead's rest ahead of Opinion's (no reorder left to test there), and 14 at seed 1 no longer puts
 * Life's front-page rest alone on a page inside National's run.
 */
const stubsUnpriced: LayoutPolicy = { ...DEFAULT_LAYOUT_POLICY, shortStartCost: 0 };

/**
 * bin/quality.ts's edition of `articles` at `seed`: its plan as planFitted chose it, that plan in the
 * jump order (jump-order.ts), the edition composed, and the front page's stories in the front's
 * order (the most important first, read down, then across among equals).
 */
async function plannedInJumpOrder(articles: number, seed: number) {
  return qualityEditionIn(articles, seed, async (dir, generated) => {
    const folder = await collectFolder(dir);
    const material = new Material(folder.grid, await testFonts(), stubsUnpriced);
    const { plan } = planFitted(material.measure(folder.articles, folder.photos), folder.config, material).chosen;
    return { generated, planned: plan, ordered: frontJumpsInOrder(plan), composed: await composeFolder(dir, undefined, stubsUnpriced), frontOrder: frontPageOrder(plan.pages[0]) };
  });
}

/** The edition as built has the ordered plan's pages, each jump line names its rest's page and back, and every paragraph prints once, in order. */
function expectBuiltInOrder(pages: readonly ComposedPage[], ordered: ReturnType<typeof frontJumpsInOrder>, generated: GeneratedEdition): void {
  expect(pages.map((page) => page.modules.map((m) => m.slug).join(','))).toEqual(ordered.pages.map((page) => page.modules.map((m) => m.option.piece.story.article.slug).join(',')));
  for (const page of pages) {
    for (const m of page.modules) {
      if (m.continuedOn !== undefined) expect(pages[m.continuedOn - 1].modules.some((r) => r.slug === m.slug && r.continuedFrom === page.number), m.slug).toBe(true);
    }
  }
  expectEveryParagraphOnceInOrder(pages, generated);
}

describe('front-page rests in the front page’s order (jump order)', () => {
  // A generated edition (bin/quality.ts's, 30 articles, seed 7) whose planner filled National's
  // pages with the front's rests as each page fitted them: the lead's on page 5, after Science's
  // and Life's on pages 3 and 4; now on page 3.
  it('puts neighbouring pages of one section in the order of the front-page rests they hold, each page as planned', async () => {
    const { generated, planned, ordered, composed, frontOrder } = await plannedInJumpOrder(30, 7);
    const restPages = (pages: typeof planned.pages) =>
      frontOrder.map((story) => pages.find((page) => page.number > 1 && page.modules.some((m) => m.option.piece.story === story && m.option.piece.continuedFromPage === 1))?.number ?? 0);
    const was = restPages(planned.pages);
    const now = restPages(ordered.pages);
    // Every front-page story jumps, its rest inside the edition.
    expect(was.every((page) => page > 1)).toBe(true);
    // Before: the lead's rest after another front-page story's.
    expect(was.slice(1).some((page) => page < was[0])).toBe(true);
    // After: the lead's first, on the page after National's first, and fewer pairs out of order
    // (Science's rest, on the page with National's first story's rest, cannot go further back).
    expect(now.slice(1).every((page) => page > now[0])).toBe(true);
    expect(now[0]).toBe(3);
    const outOfOrder = (pages: readonly number[]) => pages.reduce((n, a, i) => n + pages.slice(i + 1).filter((b) => b < a).length, 0);
    expect(outOfOrder(now)).toBeLessThan(outOfOrder(was));
    // The rest of a story cut on an inside page (National's first story, cut on page 2) goes a page
    // further at most.
    for (const [i, page] of planned.pages.entries()) {
      if (!page.modules.some((m) => (m.option.piece.continuedFromPage ?? 1) > 1)) continue;
      const now = ordered.pages.findIndex((p) => p.modules === page.modules);
      expect(now - i, `page ${page.number}`).toBeLessThanOrEqual(1);
    }
    // The same pages, each with the modules it was planned with; only their numbers change, and no
    // section's first page or the last page moves.
    expect(ordered.pages.map((page) => page.number)).toEqual(planned.pages.map((_, i) => i + 1));
    expect(new Set(ordered.pages.map((page) => page.modules))).toEqual(new Set(planned.pages.map((page) => page.modules)));
    for (const { page } of planned.sections) expect(ordered.pages[page - 1].modules).toBe(planned.pages[page - 1].modules);
    expect(ordered.pages.at(-1)!.modules).toBe(planned.pages.at(-1)!.modules);
    // Every story's parts still in page order.
    const partsOf = new Map<StoryMaterial, number[]>();
    for (const page of ordered.pages) for (const m of page.modules) partsOf.set(m.option.piece.story, [...(partsOf.get(m.option.piece.story) ?? []), page.number]);
    for (const [story, pages] of partsOf) expect(pages, story.article.slug).toEqual([...pages].sort((a, b) => a - b));
    expectBuiltInOrder(composed.composition.pages, ordered, generated);
  });
});

describe('front-page rests in the front page’s order, past a brief', () => {
  // bin/quality.ts's 30 articles at seed 5: the lead's rest was planned on page 5 under a brief,
  // after both of Opinion's front-page rests (pages 3 and 4; since layout-78, Opinion kept off the
  // front page, after Business's two and Sport's); a brief of priority 5 kept it there,
  // as if it were a story that must not pass a more important one.
  it('moves the lead’s rest ahead of lesser rests, a brief with it, and no other story past a more important one', async () => {
    const { generated, planned, ordered, composed, frontOrder } = await plannedInJumpOrder(30, 5);
    const restPage = (pages: typeof planned.pages, story: StoryMaterial) =>
      pages.find((page) => page.number > 1 && page.modules.some((m) => m.option.piece.story === story && m.option.piece.continuedFromPage === 1))!;
    const lead = frontOrder[0];
    const others = frontOrder.slice(1).filter((story) => restPage(planned.pages, story) !== undefined);
    // Planned: the lead's rest after Business's two and Sport's, on a page with a brief's start.
    const wasLead = restPage(planned.pages, lead);
    expect(others.filter((story) => restPage(planned.pages, story).number < wasLead.number).map((story) => story.article.section)).toEqual(['Business', 'Business', 'Sport']);
    const briefs = wasLead.modules.filter((m) => m.option.piece.continuedFromPage === undefined);
    expect(briefs.length).toBeGreaterThan(0);
    expect(briefs.every((m) => m.option.piece.story.brief)).toBe(true);
    // Ordered: the lead's first, on the page after National's first, its brief with it.
    const nowLead = restPage(ordered.pages, lead);
    expect(nowLead.number).toBe(3);
    expect(nowLead.modules).toBe(wasLead.modules);
    expect(others.every((story) => restPage(ordered.pages, story).number > nowLead.number)).toBe(true);
    // The brief passed starts more important than it; no story that is not a brief did.
    const startPage = (pages: typeof planned.pages) => new Map(pages.flatMap((page) => page.modules.filter((m) => m.option.piece.continuedFromPage === undefined).map((m) => [m.option.piece.story, page.number] as const)));
    const [was, now] = [startPage(planned.pages), startPage(ordered.pages)];
    const passed = (a: StoryMaterial, b: StoryMaterial) => was.get(a)! > was.get(b)! && now.get(a)! < now.get(b)! && a.article.section === b.article.section && a.article.priority > b.article.priority;
    const starts = [...was.keys()];
    expect(starts.some((a) => a.brief && starts.some((b) => passed(a, b)))).toBe(true);
    expect(starts.filter((a) => !a.brief && starts.some((b) => passed(a, b))).map((a) => a.article.slug)).toEqual([]);
    expectBuiltInOrder(composed.composition.pages, ordered, generated);
  });
});

describe('a page’s name inside a section’s run', () => {
  // A generated edition (bin/quality.ts's, 14 articles, seed 1) whose front-page rests go to
  // National's pages: page 3 held only the rest of Life's front-page story and was named "Life",
  // between National's pages 2 and 4, its folio "Life".
  it('stays the section’s where the page holds only another section’s rest, and names that section too', async () => {
    const { composition, articles, config, grid } = await composedQualityEdition(14, 1, stubsUnpriced);
    const sectionOf = new Map(articles.map((a) => [a.slug, a.section]));
    const pages = composition.pages;
    const holds = (page: ComposedPage, section: string) => page.modules.some((m) => sectionOf.get(m.slug) === section);
    // The page of Life's front-page rest: only that rest, inside National's run.
    const lifeRest = pages.find((page) => page.number > 1 && page.modules.some((m) => sectionOf.get(m.slug) === 'Life' && m.continuedFrom === 1))!;
    expect(lifeRest.modules.every((m) => sectionOf.get(m.slug) === 'Life')).toBe(true);
    expect(holds(pages[lifeRest.number - 2], 'National') && pages.slice(lifeRest.number).some((page) => holds(page, 'National'))).toBe(true);
    expect(lifeRest.section).toBe('National');
    expect(lifeRest.sections).toEqual(['National', 'Life']);
    // The Inside box still finds Life where its rest is.
    expect(composition.sections.find((s) => s.name === 'Life')?.page).toBe(lifeRest.number);
    // Every inside page's running head is a section it holds, or one whose run it lies inside.
    for (const page of pages.slice(1)) {
      const inRun = pages.slice(1, page.number - 1).some((p) => holds(p, page.section)) && pages.slice(page.number).some((p) => holds(p, page.section));
      expect(holds(page, page.section) || inRun, `page ${page.number} named ${page.section}`).toBe(true);
    }
    // As printed: the page's folio names both.
    const { emitEditionHtml } = await import('../../lambdas/core/html/emit');
    const html = emitEditionHtml({ composition, articles: new Map(articles.map((a) => [a.slug, a])), config, grid, date: '2019-12-04', language: 'vi', printCss: '', fontPaths: new Map(), photoPaths: new Map() });
    const printed = html.split('<section class="page" ').find((part) => part.startsWith(`data-page="${lifeRest.number}"`))!;
    expect(printed).toContain('data-section="National"');
    expect(/class="folio-section[^"]*">([^<]*)</.exec(printed)?.[1]).toBe('National · Life');
  });
});

/**
 * The front page's region under the lead of twelve photo stories on A4 (picture-stories.ts),
 * searched with the next six: the plan, and its modules other than the lead.
 */
function regionUnderTheLead({ articles, photos, grid: a4Grid }: ReturnType<typeof twelvePictureStories>) {
  const material = new Material(a4Grid, fonts, policy);
  const stories = material.measure(articles, photos);
  const [lead, ...others] = stories.map((story) => material.piece(story, 0));
  const region: Rect = { column: 0, span: 4, top: 11, rows: a4Grid.rows - 11 };
  const plan = searchRegion(material, others.slice(0, 6), region, {
    mode: 'continue',
    pageTop: false,
    topModule: false,
    tasterRows: Math.round(a4Grid.rows * policy.frontModuleMaxShare),
    opening: { piece: lead, position: 'lead', maxRows: Math.round(a4Grid.rows * policy.leadMaxShare) - policy.mastheadRows - 2, cutRows: [] },
  })!;
  return { plan, under: plan.modules.filter((m) => m.option.piece !== lead) };
}

describe('a brief never stands as a strip over a more important start of its page (layout-72)', () => {
  // bin/quality.ts's tabloid editions. Since layout-70 priced stubs at a page's foot, the region
  // search set a priority-5 brief a few lines deep across a page's top over the page's priority-3
  // or -4 story: taking it first cost only the queue's wait (policy inversionCost, 12 a step), less
  // than the row or two of white the other order left (16 at seed 4, page 7: a0016-brief over
  // Business a0008; 30 at seed 3, page 19, over Sport a0007; 30 at seed 4, page 16, over Sport a0022).
  it.each([
    [16, 4, 7],
    [30, 3, 19],
    [30, 4, 16],
  ])('tabloid %i articles at seed %i: page %i has no start over a more important start of its section in the same columns', async (articles, seed, pageNumber) => {
    const composed = await qualityEditionIn(articles, seed, async (dir) => {
      // As `epaper quality --page-size tabloid` sets it: the fixture's Berliner columns dropped.
      const yaml = join(dir, 'edition.yaml');
      await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('pageSize: berliner\ncolumns: 5', 'pageSize: tabloid'));
      return composeFolder(dir, undefined, DEFAULT_LAYOUT_POLICY);
    });
    const bySlug = new Map(composed.articles.map((a) => [a.slug, a]));
    const page = composed.composition.pages[pageNumber - 1];
    const starts = page.modules.filter((m) => (m.kind ?? 'article') === 'article' && m.continuedFrom === undefined);
    const overlaps = (a: PlacedModule, b: PlacedModule) => a.column < b.column + b.span && b.column < a.column + a.span;
    const over = starts.flatMap((lesser) =>
      starts
        .filter((more) => overlaps(lesser, more) && lesser.top < more.top && bySlug.get(more.slug)!.section === bySlug.get(lesser.slug)!.section && bySlug.get(more.slug)!.priority < bySlug.get(lesser.slug)!.priority)
        .map((more) => `${lesser.slug} (priority ${bySlug.get(lesser.slug)!.priority}, row ${lesser.top}) over ${more.slug} (priority ${bySlug.get(more.slug)!.priority}, row ${more.top})`),
    );
    expect(over).toEqual([]);
  });
});
