/**
 * The honest measures (lambdas/core/layout/measure.ts) on hand-made compositions: every figure is
 * worked out here from the geometry, so a change in what counts as ink shows.
 */
import { describe, expect, it } from 'vitest';
import type { ComposedPage, Composition, FixedBlock, PlacedModule } from '../../lambdas/core/layout/compose';
import type { Grid } from '../../lambdas/core/layout/config';
import {
  findBlankAreas,
  findFootBands,
  findHoles,
  frontJumpsOutOfOrder,
  formatQuality,
  inkWidth,
  jumpDistances,
  jumpFigures,
  MEASURE_POLICY,
  measureEdition,
  measurePage,
  moduleInk,
  noticesAtPageTop,
  offFrontStarts,
  pageMeasuresForManifest,
  raggedCuts,
  priorityInversions,
  typeArea,
  shortStarts,
  storyTextRows,
  thinContinuations,
  thinStories,
  tombstonedHeads,
  THIN_CONTINUATION_ROWS,
  topHeavyStarts,
  SHORT_START_ROWS,
  unevenModules,
  type Box,
  type EditionQuality,
} from '../../lambdas/core/layout/measure';
import type { ColumnUnit, HeadPart } from '../../lambdas/core/layout/story';
import type { SetLine } from '../../lambdas/core/typeset/paragraph';
import { seededRandom } from '../fixtures/seeded-random';

/**
 * A round grid: 4 columns of 200 px with 20 px gutters (type area 860 px wide from x = 50), 80
 * rows of 15 px (1,200 px from y = 50).
 */
const GRID: Grid = {
  pageWidth: 960,
  pageHeight: 1350,
  margin: 50,
  columns: 4,
  columnWidth: 200,
  gutter: 20,
  lead: 15,
  bodySize: 12,
  displayScale: 1,
  rows: 80,
  top: 50,
  folioTop: 1257.5,
};
const TYPE_AREA = 860 * 1200;
const FACES = { regular: 'serif-regular', italic: 'serif-italic', bold: 'serif-bold', boldItalic: 'serif-bolditalic' } as const;

/** A set line: justified lines fill `width`, ragged ones stop at `natural`. */
function line(natural: number, width = 200, justified = false): SetLine {
  return { words: [[{ text: 'word', face: 'serif-regular' }], [{ text: 'word', face: 'serif-regular' }]], wordSpacing: justified ? 1.5 : 0, indent: 0, letterSpacing: 0, hyphenated: false, width, naturalWidth: natural };
}

/** `count` body lines of one paragraph; all full measure but the last, which is `lastWidth` wide. */
function bodyLines(count: number, lastWidth = 200): ColumnUnit[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'line' as const,
    rows: 1,
    lines: [i === count - 1 ? line(lastWidth) : line(190, 200, true)],
    paragraph: 0,
    lineInParagraph: i,
    paragraphLines: count,
    sizePx: 12,
    lineHeight: 15,
    faces: FACES,
  }));
}

function headline(widths: number[], y = 0, lineHeight = 30): HeadPart {
  return { kind: 'headline', y, height: widths.length * lineHeight, lines: widths.map((w) => line(w, 420)), sizePx: 28, lineHeight, faces: FACES };
}

/** A module whose columns hold `lines[c]` body lines each (the last line full measure unless said). */
function module(slug: string, at: { column: number; span: number; top: number; rows: number }, lines: number[], extra: Partial<PlacedModule> = {}): PlacedModule {
  return { slug, ...at, head: { rows: 0, parts: [] }, columns: lines.map((n) => bodyLines(n)), ...extra };
}

function page(number: number, modules: PlacedModule[], blocks: FixedBlock[] = []): ComposedPage {
  return { number, section: 'News', sections: ['News'], sectionStart: number === 1, sectionEnd: false, modules, blocks };
}

function composition(pages: ComposedPage[]): Composition {
  return { pages, sections: [], short: false, leftOut: [], problems: [] };
}

/** A page set solid: four full columns of 80 lines. */
const fullColumns = () => [0, 1, 2, 3].map((c) => module(`full-${c}`, { column: c, span: 1, top: 0, rows: 80 }, [80]));

describe('inkWidth', () => {
  it('counts a justified or shrunk line across its measure and a ragged one at its text', () => {
    expect(inkWidth(line(150, 200, true))).toBe(200);
    expect(inkWidth({ ...line(210, 200), wordSpacing: -0.4 })).toBe(200);
    expect(inkWidth(line(150, 200))).toBe(150);
    // A ragged line never counts wider than its measure.
    expect(inkWidth(line(205, 200))).toBe(200);
  });
});

describe('moduleInk', () => {
  it('places head lines at their printed width, body lines on the grid and the jump line in the last column', () => {
    const m: PlacedModule = {
      slug: 'story',
      column: 1,
      span: 2,
      top: 10,
      rows: 20,
      head: { rows: 4, parts: [headline([300, 120])] },
      columns: [bodyLines(16), bodyLines(6, 80)],
      continuedOn: 5,
    };
    const boxes = moduleInk(m, GRID);
    const x = 50 + 220;
    const y = 50 + 10 * 15;
    // Headline: two ragged lines at their natural widths.
    expect(boxes[0]).toEqual({ x, y, width: 300, height: 30 });
    expect(boxes[1]).toEqual({ x, y: y + 30, width: 120, height: 30 });
    // Body: first column under the head, one row a line, full measure.
    const textTop = y + 4 * 15;
    expect(boxes[2]).toEqual({ x, y: textTop, width: 200, height: 15 });
    expect(boxes.filter((b) => b.x === x && b.y >= textTop)).toHaveLength(16);
    // Second column: its ragged last line counts 80 px.
    const second = boxes.filter((b) => b.x === x + 220 && b.height === 15);
    expect(second.at(-2)).toEqual({ x: x + 220, y: textTop + 5 * 15, width: 80, height: 15 });
    // "Continued on" at the module foot of the last column (row 15 of the 16 text rows).
    expect(second.at(-1)).toEqual({ x: x + 220, y: textTop + 15 * 15, width: 200, height: 15 });
  });

  it('sets a crosshead a row down and a pull quote between its margins', () => {
    const crosshead: ColumnUnit = { kind: 'crosshead', rows: 2, lines: [line(120)], keepWithNext: true, sizePx: 12, lineHeight: 15, faces: FACES };
    const quote: ColumnUnit = { kind: 'quote', rows: 4, lines: [line(180), line(150)], sizePx: 20, lineHeight: 24, faces: FACES };
    const m = module('q', { column: 0, span: 1, top: 0, rows: 10 }, []);
    const boxes = moduleInk({ ...m, columns: [[...bodyLines(1), crosshead, quote, ...bodyLines(1)]] }, GRID);
    expect(boxes).toEqual([
      { x: 50, y: 50, width: 200, height: 15 },
      { x: 50, y: 50 + 2 * 15, width: 120, height: 15 },
      { x: 50, y: 50 + 3.25 * 15, width: 200, height: 3.5 * 15 },
      { x: 50, y: 50 + 7 * 15, width: 200, height: 15 },
    ]);
  });

  it('counts a photo as its whole box and the rule over a stacked module', () => {
    const photo: HeadPart = { kind: 'photo', y: 15, height: 150, lines: [], sizePx: 0, lineHeight: 0, faces: FACES, photoRef: 'p.jpg' };
    const rule: HeadPart = { kind: 'rule', y: 7.5, height: 0, lines: [], sizePx: 0, lineHeight: 0, faces: FACES };
    const boxes = moduleInk({ ...module('p', { column: 2, span: 2, top: 40, rows: 12 }, []), head: { rows: 12, parts: [rule, photo] } }, GRID);
    expect(boxes).toEqual([
      { x: 490, y: 657.5, width: 420, height: MEASURE_POLICY.ruleThicknessPx },
      { x: 490, y: 665, width: 420, height: 150 },
    ]);
  });
});

describe('measurePage', () => {
  it('gives the article share of the ink, not of the module boxes', () => {
    // One column of 80 lines, the last 50 px: a quarter-column of the area less the ragged end.
    const measured = measurePage(page(1, [module('a', { column: 0, span: 1, top: 0, rows: 80 }, [80])]), GRID);
    const ink = 79 * 200 * 15 + 200 * 15; // the last line: bodyLines(80) makes it full by default
    expect(measured.articleShare).toBeCloseTo(ink / TYPE_AREA, 10);
    const ragged = measurePage(page(1, [{ ...module('a', { column: 0, span: 1, top: 0, rows: 80 }, []), columns: [bodyLines(80, 50)] }]), GRID);
    expect(ragged.articleShare).toBeCloseTo((79 * 200 * 15 + 50 * 15) / TYPE_AREA, 10);
    expect(ragged.adShare).toBe(0);
  });

  it('counts house ads as ads, never as articles, and the masthead as neither', () => {
    const ad: FixedBlock = { kind: 'house-ad', column: 2, span: 2, top: 40, rows: 40 };
    const masthead: FixedBlock = { kind: 'masthead', column: 0, span: 4, top: 0, rows: 9 };
    const measured = measurePage(page(1, [], [masthead, ad]), GRID);
    expect(measured.articleShare).toBe(0);
    expect(measured.adShare).toBeCloseTo((420 * 600) / TYPE_AREA, 10);
    expect(measured.largestAdShare).toBeCloseTo((420 * 600) / TYPE_AREA, 10);
  });

  it('finds no hole on a page set solid', () => {
    expect(measurePage(page(1, fullColumns()), GRID).holes).toEqual([]);
  });

  it('finds the white under a short column as one hole, gutter included', () => {
    const modules = fullColumns();
    modules[3] = module('short', { column: 3, span: 1, top: 0, rows: 60 }, [60]);
    const { holes } = measurePage(page(1, modules), GRID);
    expect(holes).toHaveLength(1);
    // From the end of column 3's neighbour (x 690) to the right edge, rows 60–80.
    expectBox(holes[0], { x: 690, y: 50 + 60 * 15, width: 220, height: 20 * 15 });
  });

  it('needs 8 lines: 8 blank rows are a hole, 7 are not', () => {
    const withGap = (rows: number) => {
      const modules = fullColumns();
      modules[1] = module('short', { column: 1, span: 1, top: 0, rows: 80 - rows }, [80 - rows]);
      return measurePage(page(1, modules), GRID).holes;
    };
    expect(withGap(8)).toHaveLength(1);
    expect(withGap(7)).toEqual([]);
  });

  it('needs 0.9 of a column: the white beside short head lines is a hole only when wide enough', () => {
    const holesBeside = (shortLine: number) => {
      const modules = fullColumns().slice(2);
      // A two-column module whose head has a full line, then eight lines `shortLine` wide (8 rows).
      const head = headline([420, ...Array<number>(8).fill(shortLine)], 0, 15);
      modules.push({ ...module('wide', { column: 0, span: 2, top: 0, rows: 80 }, [71, 71]), head: { rows: 9, parts: [head] } });
      return measurePage(page(1, modules), GRID).holes;
    };
    // White from the short lines' end to column 3 (x 490): 220 px is more than 0.9 × 200, 170 px less.
    expect(holesBeside(220)).toHaveLength(1);
    expectBox(holesBeside(220)[0], { x: 270, y: 65, width: 220, height: 120 });
    expect(holesBeside(270)).toEqual([]);
  });

  it('counts masthead, section band, Inside box and house ads as ink', () => {
    const modules = fullColumns();
    modules[3] = module('short', { column: 3, span: 1, top: 0, rows: 40 }, [40]);
    const ad: FixedBlock = { kind: 'house-ad', column: 3, span: 1, top: 41, rows: 39 };
    expect(measurePage(page(1, modules), GRID).holes).toHaveLength(1);
    expect(measurePage(page(1, modules, [ad]), GRID).holes).toEqual([]);
    for (const kind of ['masthead', 'section-header', 'inside'] as const) {
      expect(measurePage(page(1, modules, [{ ...ad, kind }]), GRID).holes, kind).toEqual([]);
    }
  });
});

function expectBox(actual: Box, expected: Box, tolerance = MEASURE_POLICY.cellWidthPx): void {
  for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(actual[key] - expected[key]), `${key}: ${actual[key]} vs ${expected[key]}`).toBeLessThanOrEqual(tolerance);
}

describe('findBlankAreas', () => {
  /** A raster from rows of '#' (ink) and '.' (blank). */
  const raster = (rows: string[]) => ({ ink: Uint8Array.from(rows.join('').split(''), (c) => (c === '#' ? 1 : 0)), width: rows[0].length, height: rows.length });

  it('reports a blank raster as one area, and nothing when the minimum does not fit', () => {
    const { ink, width, height } = raster(['....', '....', '....']);
    expect(findBlankAreas(ink, width, height, 2, 2)).toEqual([{ x: 0, y: 0, width: 4, height: 3 }]);
    expect(findBlankAreas(ink, width, height, 5, 1)).toEqual([]);
    expect(findBlankAreas(ink, width, height, 1, 4)).toEqual([]);
  });

  it('keeps areas joined only by a passage narrower than the minimum apart', () => {
    const { ink, width, height } = raster([
      '...#####...',
      '...#####...',
      '...........', // a one-row passage: too low for 2 × 2
      '...#####...',
    ]);
    const areas = findBlankAreas(ink, width, height, 2, 2);
    expect(areas).toEqual([
      { x: 0, y: 0, width: 3, height: 4 },
      { x: 8, y: 0, width: 3, height: 4 },
    ]);
  });

  it('finds an L-shaped blank as one area with its bounding box', () => {
    const { ink, width, height } = raster([
      '##....',
      '##....',
      '......',
      '......',
    ]);
    expect(findBlankAreas(ink, width, height, 2, 2)).toEqual([{ x: 0, y: 0, width: 6, height: 4 }]);
  });

  it('ignores blank smaller than the minimum in any direction', () => {
    const { ink, width, height } = raster([
      '#.#..#',
      '#.#..#',
      '######',
    ]);
    expect(findBlankAreas(ink, width, height, 2, 2)).toEqual([{ x: 3, y: 0, width: 2, height: 2 }]);
    expect(findBlankAreas(ink, width, height, 2, 3)).toEqual([]);
  });
});

describe('findHoles', () => {
  it('reports a hole in page px, inside the type area', () => {
    const area = typeArea(GRID);
    const holes = findHoles([{ x: 50, y: 50, width: 860, height: 600 }], area, GRID);
    expect(holes).toHaveLength(1);
    expectBox(holes[0], { x: 50, y: 650, width: 860, height: 600 }, 0.001);
  });

  it('finds the same holes as a search of the whole raster, where most pages have none and holes stand anywhere', () => {
    // findHoles rasters the rows that may hold a hole only (sampled first): it must agree with
    // findBlankAreas over every row of the same raster, holes at the top and foot of the type
    // area, near misses and pages without a hole included.
    const area = typeArea(GRID);
    const cellWidth = MEASURE_POLICY.cellWidthPx;
    const cellHeight = GRID.lead / MEASURE_POLICY.cellsPerRow;
    const columns = Math.ceil(area.width / cellWidth - 1e-9);
    const rows = Math.ceil(area.height / cellHeight - 1e-9);
    const wholeRaster = (ink: readonly Box[]): Box[] => {
      const raster = new Uint8Array(columns * rows);
      for (const box of ink) {
        if (box.width <= 0 || box.height <= 0) continue;
        const c0 = Math.max(0, Math.floor((box.x - area.x) / cellWidth + 1e-6));
        const c1 = Math.min(columns - 1, Math.ceil((box.x + box.width - area.x) / cellWidth - 1e-6) - 1);
        const r0 = Math.max(0, Math.floor((box.y - area.y) / cellHeight + 1e-6));
        const r1 = Math.min(rows - 1, Math.ceil((box.y + box.height - area.y) / cellHeight - 1e-6) - 1);
        for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) raster[r * columns + c] = 1;
      }
      const minWidth = Math.floor((MEASURE_POLICY.holeMinColumns * GRID.columnWidth) / cellWidth + 1e-9);
      return findBlankAreas(raster, columns, rows, minWidth, MEASURE_POLICY.holeMinRows * MEASURE_POLICY.cellsPerRow).map((cells) => {
        const x = area.x + cells.x * cellWidth;
        const y = area.y + cells.y * cellHeight;
        return { x, y, width: Math.min(area.x + area.width, x + cells.width * cellWidth) - x, height: Math.min(area.y + area.height, y + cells.height * cellHeight) - y };
      });
    };
    const random = seededRandom(15);
    let pagesWithHoles = 0;
    for (let page = 0; page < 200; page++) {
      // Body lines down each column, each column stopping somewhere (or not), and a few blocks.
      const ink: Box[] = [];
      for (let column = 0; column < GRID.columns; column++) {
        const x = area.x + column * (GRID.columnWidth + GRID.gutter);
        const stop = random() < 0.85 ? GRID.rows : Math.floor(random() * GRID.rows);
        const start = random() < 0.1 ? Math.floor(random() * 12) : 0;
        for (let row = start; row < stop; row++) if (random() > 0.01) ink.push({ x, y: area.y + row * GRID.lead, width: GRID.columnWidth * (0.3 + 0.7 * random()), height: GRID.lead });
      }
      for (let block = Math.floor(random() * 4); block > 0; block--) {
        ink.push({ x: area.x + random() * area.width, y: area.y + random() * area.height, width: random() * 500, height: random() * 300 });
      }
      const expected = wholeRaster(ink);
      if (expected.length > 0) pagesWithHoles++;
      expect(findHoles(ink, area, GRID)).toEqual(expected);
    }
    // Both kinds of page were tried.
    expect(pagesWithHoles).toBeGreaterThan(20);
    expect(pagesWithHoles).toBeLessThan(180);
  });
});

describe('jumpFigures', () => {
  it('counts page changes, stories continued, the most jumps of one story and the farthest jump', () => {
    const at = { column: 0, span: 1, top: 0, rows: 10 };
    const pages = [
      page(1, [module('a', at, [10]), module('b', { ...at, column: 1 }, [10])]),
      page(2, [module('c', at, [10])]),
      page(3, [module('a', at, [10])]),
      page(4, [module('a', at, [10]), module('brief-column', { ...at, column: 2 }, [10], { kind: 'brief' })]),
      page(7, [module('b', at, [10]), module('brief-column', { ...at, column: 2 }, [10], { kind: 'brief' })]),
    ];
    expect(jumpFigures(composition(pages))).toEqual({ total: 3, stories: 2, maxPerStory: 2, longestPages: 6 });
    expect(jumpFigures(composition([pages[1]]))).toEqual({ total: 0, stories: 0, maxPerStory: 0, longestPages: 0 });
    // How far each jump sends the reader: a 1 → 3 → 4, b 1 → 7.
    expect(jumpDistances(composition(pages)).sort((x, y) => x - y)).toEqual([1, 2, 6]);
    expect(jumpDistances(composition([pages[1]]))).toEqual([]);
  });
});

describe('frontJumpsOutOfOrder', () => {
  it('counts the pairs of front-page stories whose rests come in the other order: the most important first, read down and then across among equals', () => {
    const rest = (slug: string) => module(slug, { column: 0, span: 2, top: 0, rows: 30 }, [10, 10], { continuedFrom: 1 });
    // The front: the lead across the top, a side story at the top right, one under the lead.
    const front = page(1, [
      module('under', { column: 0, span: 3, top: 40, rows: 20 }, [5, 5, 5], { continuedOn: 2 }),
      module('side', { column: 3, span: 1, top: 10, rows: 60 }, [50], { continuedOn: 3 }),
      module('lead', { column: 0, span: 3, top: 10, rows: 30 }, [5, 5, 5], { continuedOn: 4 }),
    ]);
    const priorities: Record<string, number> = { lead: 1, side: 2, under: 2 };
    const priorityOf = (slug: string) => priorities[slug];
    // Read in order: lead, side, under; their rests on pages 4, 3 and 2: every pair the other way.
    const reversed = composition([front, page(2, [rest('under')]), page(3, [rest('side')]), page(4, [rest('lead')])]);
    expect(frontJumpsOutOfOrder(reversed, priorityOf)).toBe(3);
    // The lead's rest first: only side and under are out of order.
    const leadFirst = composition([front, page(2, [rest('lead')]), page(3, [rest('under')]), page(4, [rest('side')])]);
    expect(frontJumpsOutOfOrder(leadFirst, priorityOf)).toBe(1);
    // …and none, where the story under the lead is the more important of the two.
    expect(frontJumpsOutOfOrder(leadFirst, (slug) => ({ ...priorities, side: 3 })[slug])).toBe(0);
    expect(frontJumpsOutOfOrder(composition([front, page(2, [rest('lead'), rest('side')]), page(3, [rest('under')])]), priorityOf)).toBe(0);
    // A rest of a story not from the front page, and a front page with no jumps, count nothing.
    expect(frontJumpsOutOfOrder(composition([page(1, []), page(2, [module('x', { column: 0, span: 1, top: 0, rows: 10 }, [10], { continuedFrom: 1 })])]), priorityOf)).toBe(0);
  });
});

describe('offFrontStarts', () => {
  it("counts the front page's starts of an off-front section's stories that the desk did not put there", () => {
    const at = (top: number) => ({ column: 0, span: 2, top, rows: 10 });
    const front = page(1, [
      module('lead', at(10), [5, 5]),
      module('editorial', at(20), [5, 5], { continuedOn: 2 }),
      module('column', at(30), [5, 5]),
      // A brief of the section, and the rest of a story started inside, are not the front's starts.
      module('opinion-briefs', at(40), [5], { kind: 'brief' }),
      module('letters', at(50), [5, 5], { continuedFrom: 3 }),
    ]);
    const sections: Record<string, string> = { lead: 'National', editorial: 'Opinion', column: 'opinion', 'opinion-briefs': 'Opinion', letters: 'Opinion' };
    const sectionOf = (slug: string) => sections[slug];
    const edition = composition([front, page(2, [module('editorial', at(0), [5, 5], { continuedFrom: 1 }), module('inside', at(20), [5, 5])])]);
    // Both the editorial and the column (sections compared without regard to case).
    expect(offFrontStarts(edition, sectionOf, ['Opinion'], () => false).map((m) => m.slug)).toEqual(['editorial', 'column']);
    // The desk put the column there: only the editorial counts.
    expect(offFrontStarts(edition, sectionOf, ['Opinion'], (slug) => slug === 'column').map((m) => m.slug)).toEqual(['editorial']);
    // No off-front sections, or another one: nothing.
    expect(offFrontStarts(edition, sectionOf, [], () => false)).toEqual([]);
    expect(offFrontStarts(edition, sectionOf, ['Sport'], () => false)).toEqual([]);
    // An Opinion story inside does not count: only the front page's.
    sections.inside = 'Opinion';
    expect(offFrontStarts(edition, sectionOf, ['Opinion'], () => false)).toHaveLength(2);
    expect(offFrontStarts(composition([]), sectionOf, ['Opinion'], () => false)).toEqual([]);
  });
});

describe('priorityInversions', () => {
  const priorities: Record<string, number> = { lead: 1, second: 2, third: 3, minor: 4 };
  const priorityOf = (slug: string) => priorities[slug];

  it('finds none when importance reads top-down and large-to-small', () => {
    const p = page(1, [
      module('lead', { column: 0, span: 3, top: 0, rows: 40 }, [40]),
      module('second', { column: 3, span: 1, top: 0, rows: 40 }, [40]),
      module('third', { column: 0, span: 2, top: 41, rows: 30 }, [30]),
      module('minor', { column: 2, span: 2, top: 41, rows: 20 }, [20]),
    ]);
    expect(priorityInversions(p, priorityOf)).toEqual([]);
  });

  it('counts a less important story placed higher, and one placed as high but larger', () => {
    const p = page(3, [
      module('minor', { column: 0, span: 2, top: 0, rows: 30 }, [30]),
      module('second', { column: 2, span: 2, top: 10, rows: 30 }, [30]),
      module('third', { column: 0, span: 2, top: 31, rows: 40 }, [40]),
      module('lead', { column: 2, span: 1, top: 41, rows: 20 }, [20]),
    ]);
    expect(priorityInversions(p, priorityOf)).toEqual([
      { page: 3, moreImportant: 'second', lessImportant: 'minor', why: 'higher' },
      { page: 3, moreImportant: 'third', lessImportant: 'minor', why: 'higher' },
      { page: 3, moreImportant: 'lead', lessImportant: 'minor', why: 'higher' },
      { page: 3, moreImportant: 'lead', lessImportant: 'second', why: 'higher' },
      { page: 3, moreImportant: 'lead', lessImportant: 'third', why: 'higher' },
    ]);
    const sameTop = page(2, [module('second', { column: 0, span: 1, top: 0, rows: 30 }, [30]), module('third', { column: 1, span: 3, top: 0, rows: 30 }, [30])]);
    expect(priorityInversions(sameTop, priorityOf)).toEqual([{ page: 2, moreImportant: 'second', lessImportant: 'third', why: 'larger' }]);
  });

  it('counts a lesser story beside a more important one only where it is as wide or wider, as a reader sees them', () => {
    // Berliner 16 articles at seed 2, front page: tasters in the column under the Inside box start
    // beside the lead, higher than the second story across four columns under it (counted twice),
    // and page 9: a priority-5 story across three columns beside the priority-4 story in two.
    const front = page(1, [
      module('lead', { column: 0, span: 4, top: 20, rows: 53 }, [20, 20, 20, 20], { continuedOn: 2 }),
      module('third', { column: 4, span: 1, top: 20, rows: 36 }, [20], { continuedOn: 5 }),
      module('minor', { column: 4, span: 1, top: 56, rows: 56 }, [40], { continuedOn: 3 }),
      module('second', { column: 0, span: 4, top: 74, rows: 38 }, [30, 30, 30, 30], { continuedOn: 2 }),
    ]);
    expect(priorityInversions(front, priorityOf)).toEqual([]);
    const beside = page(9, [module('minor', { column: 0, span: 3, top: 3, rows: 97 }, [90, 90, 90]), module('third', { column: 3, span: 2, top: 3, rows: 109 }, [90, 90], { continuedOn: 10 })]);
    expect(priorityInversions(beside, priorityOf)).toEqual([{ page: 9, moreImportant: 'third', lessImportant: 'minor', why: 'larger' }]);
    // Started a row higher, it had counted as the only one: a page's right-hand stack beside a
    // wider story under a continuation.
    const rightEdge = page(28, [
      module('lead', { column: 0, span: 3, top: 0, rows: 62 }, [60, 60, 60], { continuedFrom: 27 }),
      module('third', { column: 0, span: 3, top: 63, rows: 49 }, [40, 40, 40], { continuedOn: 29 }),
      module('minor', { column: 3, span: 2, top: 0, rows: 100 }, [95, 95]),
    ]);
    expect(priorityInversions(rightEdge, priorityOf)).toEqual([]);
    // A narrower story over a wider one's columns is met first, read down: still counted.
    const over = page(4, [module('minor', { column: 0, span: 1, top: 0, rows: 20 }, [20]), module('third', { column: 0, span: 3, top: 21, rows: 40 }, [40, 40, 40])]);
    expect(priorityInversions(over, priorityOf)).toEqual([{ page: 4, moreImportant: 'third', lessImportant: 'minor', why: 'higher' }]);
  });

  it('compares stories of one section only, but every story on the front page', () => {
    const sections: Record<string, string> = { second: 'World', minor: 'National' };
    const sectionOf = (slug: string) => sections[slug];
    const modules = [module('minor', { column: 0, span: 5, top: 0, rows: 30 }, [30]), module('second', { column: 0, span: 5, top: 34, rows: 30 }, [30])];
    // National ends above World on a page they share: section order, not an inversion.
    expect(priorityInversions(page(4, modules), priorityOf, sectionOf)).toEqual([]);
    expect(priorityInversions(page(1, modules), priorityOf, sectionOf)).toEqual([{ page: 1, moreImportant: 'second', lessImportant: 'minor', why: 'higher' }]);
  });

  it('leaves out continuations, "In brief" columns, equal priorities and unknown stories', () => {
    const p = page(5, [
      module('minor', { column: 0, span: 4, top: 0, rows: 30 }, [30]),
      module('lead', { column: 0, span: 1, top: 31, rows: 20 }, [20], { continuedFrom: 1 }),
      module('second', { column: 1, span: 1, top: 31, rows: 20 }, [20], { kind: 'brief' }),
      module('unknown', { column: 2, span: 1, top: 31, rows: 20 }, [20]),
    ]);
    expect(priorityInversions(p, priorityOf)).toEqual([]);
  });
});

describe('unevenModules', () => {
  it('finds the finished stories whose columns spread two lines or more, not a cut one, one column or an empty column', () => {
    const level = module('level', { column: 0, span: 3, top: 0, rows: 20 }, [20, 19, 19]);
    const ragged = module('ragged', { column: 0, span: 3, top: 20, rows: 20 }, [20, 20, 18]);
    const cut = module('cut', { column: 0, span: 3, top: 40, rows: 20 }, [20, 20, 15], { continuedOn: 2 });
    const single = module('single', { column: 3, span: 1, top: 0, rows: 60 }, [30]);
    const shortLead = module('short', { column: 0, span: 4, top: 60, rows: 10 }, [8, 8, 8, 0]);
    expect(unevenModules(page(1, [level, ragged, cut, single, shortLead])).map((m) => m.slug)).toEqual(['ragged']);
  });
});

describe('shortStarts', () => {
  it('finds the modules cut to jump with less text under their head than SHORT_START_ROWS, not a deep cut nor a finished story', () => {
    const head = (rows: number) => ({ head: { rows, parts: [] } });
    const stub = module('stub', { column: 0, span: 5, top: 100, rows: 6 + SHORT_START_ROWS - 1 }, [6, 6, 6, 6, 6], { ...head(6), continuedOn: 2 });
    const deep = module('deep', { column: 0, span: 5, top: 80, rows: 6 + SHORT_START_ROWS }, [7, 7, 7, 7, 7], { ...head(6), continuedOn: 2 });
    const again = module('again', { column: 0, span: 2, top: 0, rows: 3 + 4 }, [3, 3], { ...head(3), continuedFrom: 1, continuedOn: 3 });
    const brief = module('brief', { column: 0, span: 1, top: 20, rows: 7 }, [4], head(3));
    // deep's 35 rows are the story's half: no stub, though shallower than a fifth of the column.
    const rows = new Map([['stub', 200], ['deep', 70], ['again', 40], ['brief', 4]]);
    expect(shortStarts(page(2, [stub, deep, again, brief]), GRID, rows).map((m) => m.slug)).toEqual(['stub', 'again']);
  });

  it('finds a start on an inside page shallower than a fifth of a column that holds little of its story: a strip of a dozen lines over its jump', () => {
    const head = (rows: number) => ({ head: { rows, parts: [] } });
    // 12 rows under the head on a page of 80 (a fifth: 16), four columns: 48 rows of a story of 200.
    const strip = module('strip', { column: 0, span: 4, top: 62, rows: 6 + 12 }, [12, 12, 12, 12], { ...head(6), continuedOn: 3 });
    const rest = module('strip', { column: 0, span: 4, top: 0, rows: 40 }, [38, 38, 38, 38], { ...head(2), continuedFrom: 2 });
    const edition = composition([page(1, fullColumns()), page(2, [strip]), page(3, [rest])]);
    const rows = storyTextRows(edition);
    expect(rows.get('strip')).toBe(48 + 152);
    expect(shortStarts(edition.pages[1], GRID, rows).map((m) => m.slug)).toEqual(['strip']);
    // The same strip holding 0.4 of its story (more than START_MIN_STORY_SHARE) is the story, not a teaser; 16 rows are a fifth of the column; the front's tasters are meant to be short.
    expect(shortStarts(edition.pages[1], GRID, new Map([['strip', 120]]))).toEqual([]);
    const deeper = module('strip', { column: 0, span: 4, top: 58, rows: 6 + 16 }, [16, 16, 16, 16], { ...head(6), continuedOn: 3 });
    expect(shortStarts(page(2, [deeper]), GRID, rows)).toEqual([]);
    expect(shortStarts(page(1, [strip]), GRID, rows)).toEqual([]);
    // The manifest counts them as the sweep does.
    expect(measureEdition(edition, GRID, () => 3).quality.shortStarts).toEqual({ count: 1, pages: [2] });
  });
});

describe('topHeavyStarts', () => {
  it('finds the stories started and cut on an inside page under a head deeper than two thirds of the module, not a continuation, a finished story or the front', () => {
    const head = (rows: number) => ({ head: { rows, parts: [] } });
    // A five-column head and photo of 52 rows over 8 rows of text, as on a page an editor sends back.
    const picture = module('picture', { column: 0, span: 5, top: 40, rows: 60 }, [8, 8, 8, 8, 8], { ...head(52), continuedOn: 9 });
    // Two thirds exactly is not over: 40 of 60.
    const even = module('even', { column: 0, span: 5, top: 0, rows: 60 }, [20, 20, 20, 20, 20], { ...head(40), continuedOn: 9 });
    const again = module('again', { column: 0, span: 2, top: 0, rows: 12 }, [3, 3], { ...head(9), continuedFrom: 1, continuedOn: 3 });
    const whole = module('whole', { column: 0, span: 3, top: 20, rows: 30 }, [6, 6, 6], head(24));
    expect(topHeavyStarts(page(2, [picture, even, again, whole])).map((m) => m.slug)).toEqual(['picture']);
    expect(topHeavyStarts(page(1, [picture]))).toEqual([]);
  });
});

describe('measureEdition', () => {
  it('adds the pages up into the quality block', () => {
    const ad: FixedBlock = { kind: 'house-ad', column: 0, span: 2, top: 40, rows: 40 };
    const short = fullColumns();
    short[3] = module('full-3', { column: 3, span: 1, top: 0, rows: 60 }, [60], { continuedOn: 3 });
    const pages = [
      page(1, fullColumns()),
      page(2, [module('x', { column: 2, span: 2, top: 0, rows: 80 }, [80, 80]), module('y', { column: 0, span: 2, top: 0, rows: 39 }, [39, 39])], [ad]),
      page(3, short),
    ];
    const { pages: measured, quality } = measureEdition(composition(pages), GRID, () => 3);
    expect(measured.map((p) => p.holes.length)).toEqual([0, 0, 1]);
    const adShare = (420 * 600) / TYPE_AREA;
    expect(quality.adShare).toBeCloseTo(adShare / 3, 10);
    expect(quality.largestAdShare).toBeCloseTo(adShare, 10);
    expect(quality.contentShare).toBeCloseTo((measured[0].articleShare + measured[1].articleShare + measured[2].articleShare) / 3, 10);
    expect(quality.holes).toEqual({ count: 1, pages: [3] });
    // full-0 … full-3 are on pages 1 and 3: four stories continued once, two pages on.
    expect(quality.jumps).toEqual({ total: 4, stories: 4, maxPerStory: 1, longestPages: 2 });
    expect(quality.priorityInversions).toBe(0);
  });
});

describe('the manifest form', () => {
  it('rounds shares to 0.01% and boxes to 0.1 px', () => {
    expect(pageMeasuresForManifest({ number: 1, articleShare: 0.876543, adShare: 0.0123456, largestAdShare: 0.01, holes: [{ x: 45.359375, y: 100.04, width: 206.36, height: 117.375 }], whiteFeet: [] })).toEqual({
      articleShare: 0.8765,
      adShare: 0.0123,
      holes: [{ x: 45.4, y: 100, width: 206.4, height: 117.4 }],
    });
  });

  it('prints the quality in one line', () => {
    const quality: EditionQuality = {
      contentShare: 0.8712,
      adShare: 0.012,
      largestAdShare: 0.05,
      holes: { count: 0, pages: [] },
      jumps: { total: 5, stories: 5, maxPerStory: 1, longestPages: 3 },
      priorityInversions: 0,
      shortStarts: { count: 0, pages: [] },
      whiteFeet: { count: 0, pages: [] },
      lastPageWhiteFoot: false,
    };
    expect(formatQuality(quality)).toBe('content 87% · ads 1.2% · holes 0 · jumps 5 (longest 3 pages) · inversions 0');
    expect(formatQuality({ ...quality, adShare: 0.25, holes: { count: 3, pages: [2, 5] }, jumps: { total: 7, stories: 5, maxPerStory: 3, longestPages: 1 }, priorityInversions: 2 })).toBe(
      'content 87% · ads 25% · holes 3 (pages 2, 5) · jumps 7 (longest 1 page, one story 3 times) · inversions 2',
    );
    expect(formatQuality({ ...quality, whiteFeet: { count: 2, pages: [3, 7] } })).toBe('content 87% · ads 1.2% · holes 0 · jumps 5 (longest 3 pages) · inversions 0 · white feet 2 (pages 3, 7)');
    expect(formatQuality({ ...quality, shortStarts: { count: 2, pages: [7] } })).toBe('content 87% · ads 1.2% · holes 0 · jumps 5 (longest 3 pages) · inversions 0 · short starts 2 (page 7)');
  });
});

describe('thinContinuations', () => {
  it('finds the continuations across two columns or more whose text is shallower than eight rows, not a narrow one, a deep one or a start', () => {
    const jumpHead = { head: { rows: 3, parts: [] }, continuedFrom: 2 };
    // Berliner 30/2's page 3 before: 19 lines over five columns of 4/4/4/4/3.
    const strip = module('strip', { column: 0, span: 5, top: 0, rows: 7 }, [4, 4, 4, 4, 3], jumpHead);
    // Seven rows deep at most: still a strip.
    const seven = module('seven', { column: 0, span: 2, top: 7, rows: 10 }, [7, 6], jumpHead);
    // Eight rows is a story's depth, as SHORT_START_ROWS judges a start.
    const eight = module('eight', { column: 2, span: 3, top: 7, rows: 11 }, [8, 8, 7], jumpHead);
    // One column of a few lines is set narrow already.
    const narrow = module('narrow', { column: 0, span: 1, top: 17, rows: 7 }, [4], jumpHead);
    // A start of a few lines a column is a short start's business, not this measure's.
    const start = module('start', { column: 1, span: 4, top: 17, rows: 10 }, [4, 4, 4, 4], { head: { rows: 6, parts: [] }, continuedOn: 5 });
    expect(thinContinuations(page(3, [strip, seven, eight, narrow, start])).map((m) => m.slug)).toEqual(['strip', 'seven']);
    expect(THIN_CONTINUATION_ROWS).toBe(SHORT_START_ROWS);
  });
});

describe('whiteFeet', () => {
  /** Four full columns but the ones named, which stop `short` rows above the type area's foot. */
  const shortAt = (short: number, columns: readonly number[]) =>
    fullColumns().map((m, c) => (columns.includes(c) ? module(`short-${c}`, { column: c, span: 1, top: 0, rows: 80 - short }, [80 - short]) : m));

  it('finds a band three rows deep across two columns or more at the foot, where the holes find none', () => {
    const measured = measurePage(page(2, shortAt(3, [0, 1, 2, 3])), GRID);
    expect(measured.holes).toEqual([]);
    expect(measured.whiteFeet).toHaveLength(1);
    expectBox(measured.whiteFeet[0], { x: 50, y: 50 + 77 * 15, width: 860, height: 3 * 15 });
  });

  it('leaves out two rows (the page\'s margin), one column short (a ragged column) and a hole (counted as one)', () => {
    expect(measurePage(page(2, shortAt(2, [0, 1, 2, 3])), GRID).whiteFeet).toEqual([]);
    expect(measurePage(page(2, shortAt(5, [3])), GRID).whiteFeet).toEqual([]);
    const deep = measurePage(page(2, shortAt(8, [0, 1])), GRID);
    expect(deep.holes).toHaveLength(1);
    expect(deep.whiteFeet).toEqual([]);
    // Two neighbouring columns five rows short: one band over both and the gutters beside them.
    const two = measurePage(page(2, shortAt(5, [1, 2])), GRID).whiteFeet;
    expect(two).toHaveLength(1);
    expectBox(two[0], { x: 250, y: 50 + 75 * 15, width: 460, height: 5 * 15 });
  });

  it('counts a notice ending short of the foot as a notice box, the white under it as white', () => {
    const ad: FixedBlock = { kind: 'house-ad', column: 0, span: 4, top: 60, rows: 16 };
    const modules = fullColumns().map((m, c) => module(`top-${c}`, { column: c, span: 1, top: 0, rows: 60 }, [60]));
    const measured = measurePage(page(2, modules, [ad]), GRID);
    expect(measured.whiteFeet).toHaveLength(1);
    expectBox(measured.whiteFeet[0], { x: 50, y: 50 + 76 * 15, width: 860, height: 4 * 15 });
  });

  it('counts the pages inside the edition, not its last, whose copy may end there', () => {
    const pages = [page(1, fullColumns()), page(2, shortAt(4, [0, 1, 2, 3])), page(3, shortAt(4, [0, 1, 2, 3]))];
    const { quality } = measureEdition(composition(pages), GRID, () => 3);
    expect(quality.whiteFeet).toEqual({ count: 1, pages: [2] });
  });

  it('takes the deepest band of the minimum width in a run of white columns, in cells of any raster', () => {
    // Columns 0–1 ink to the foot, 2–5 blank 3, 5, 4, 9 cells up, 6 ink, 7 blank 6.
    const depths = [0, 0, 3, 5, 4, 9, 0, 6];
    const height = 10;
    const ink = new Uint8Array(depths.length * height);
    depths.forEach((d, x) => {
      for (let y = 0; y < height - d; y++) ink[y * depths.length + x] = 1;
    });
    // Two columns wide: columns 3–5 are four deep (column 2, three deep, is not as deep).
    expect(findFootBands(ink, depths.length, height, 2, 3, 10)).toEqual([{ x: 3, y: 6, width: 3, height: 4 }]);
    // Four wide: the whole run, three deep.
    expect(findFootBands(ink, depths.length, height, 4, 3, 10)).toEqual([{ x: 2, y: 7, width: 4, height: 3 }]);
    // One wide: column 5 alone is nine deep, a hole's depth here: its run is left to the holes; column 7 is a band.
    expect(findFootBands(ink, depths.length, height, 1, 3, 8)).toEqual([{ x: 7, y: 4, width: 1, height: 6 }]);
    // A run narrower than the minimum (column 7) is not a band.
    expect(findFootBands(ink, depths.length, height, 5, 3, 10)).toEqual([]);
  });
});

describe('raggedCuts', () => {
  const cut = { continuedOn: 5 };
  it('finds a cut story whose columns, the last with its jump line, end two rows or more apart', () => {
    // Berliner 16/1's page 4 before: 34/35/34/35 and 32 over the jump line.
    const ragged = module('ragged', { column: 0, span: 5, top: 0, rows: 36 }, [34, 35, 34, 35, 32], cut);
    // Level: every column full, the last a row short for its jump line.
    const level = module('level', { column: 0, span: 4, top: 36, rows: 20 }, [20, 20, 20, 19], cut);
    // A row apart is a line kept with its paragraph, not a ragged edge.
    const withinARow = module('row', { column: 0, span: 4, top: 56, rows: 20 }, [20, 19, 20, 18], cut);
    // The last column two rows short of the others over its jump line.
    const shortLast = module('short-last', { column: 0, span: 2, top: 76, rows: 20 }, [20, 17], cut);
    expect(raggedCuts(page(4, [ragged, level, withinARow, shortLast])).map((m) => m.slug)).toEqual(['ragged', 'short-last']);
  });

  it('leaves out finished stories (unevenModules judges them) and one-column cuts', () => {
    const finished = module('finished', { column: 0, span: 3, top: 0, rows: 20 }, [20, 17, 20]);
    const narrow = module('narrow', { column: 3, span: 1, top: 0, rows: 20 }, [14], { continuedOn: 5 });
    expect(raggedCuts(page(4, [finished, narrow]))).toEqual([]);
  });
});

describe('noticesAtPageTop', () => {
  const notice = (column: number, span: number, top: number, rows = 8): FixedBlock => ({ kind: 'house-ad', column, span, top, rows });
  it('counts a notice with no story above it in its columns, under a band or not', () => {
    // Broadsheet 30 articles at seed 4, page 8: a brief across five columns at the page's top, the
    // notice beside it in the sixth, the next section's band under both.
    const strip = page(8, [module('brief', { column: 0, span: 5, top: 0, rows: 8 }, [4, 4, 4, 4, 4]), module('next', { column: 0, span: 6, top: 11, rows: 80 }, [70, 70, 70, 70, 70, 70])], [notice(5, 1, 0), { kind: 'section-header', column: 0, span: 6, top: 8, rows: 3 }]);
    expect(noticesAtPageTop(strip)).toEqual([notice(5, 1, 0)]);
    // Under a section's band, over the section's first story.
    const underBand = page(3, [module('story', { column: 0, span: 4, top: 12, rows: 60 }, [50, 50, 50, 50])], [{ kind: 'section-header', column: 0, span: 4, top: 0, rows: 3 }, notice(0, 4, 3, 9)]);
    expect(noticesAtPageTop(underBand)).toHaveLength(1);
  });

  it('leaves out a notice under a story in any of its columns: at a foot or as filler', () => {
    const foot = page(42, [module('rest', { column: 0, span: 4, top: 0, rows: 44 }, [41, 41, 41, 41])], [notice(0, 4, 63, 9)]);
    expect(noticesAtPageTop(foot)).toEqual([]);
    // Under a story in one of its two columns only: a filler closing white under it.
    const filler = page(5, [module('left', { column: 0, span: 1, top: 0, rows: 50 }, [50]), module('right', { column: 2, span: 2, top: 0, rows: 80 }, [80, 80])], [notice(0, 2, 51)]);
    expect(noticesAtPageTop(filler)).toEqual([]);
    // A story beside it starting lower does not stand above it.
    const beside = page(6, [module('below', { column: 2, span: 2, top: 10, rows: 60 }, [60, 60])], [notice(0, 2, 0)]);
    expect(noticesAtPageTop(beside)).toHaveLength(1);
  });
});

describe('pull quotes in the measures: display type, not text a reader reads through', () => {
  /** A pull quote of `rows` rows (its two lines of display type between rules). */
  const quote = (rows: number): ColumnUnit => ({ kind: 'quote', rows, lines: [line(180), line(120)], sizePx: 24, lineHeight: 29, faces: FACES });
  /** A column of `before` lines, the quote, and `after` lines: the quote kept between lines of its column. */
  const quotedColumn = (before: number, quoteRows: number, after: number): ColumnUnit[] => [...bodyLines(before), quote(quoteRows), ...bodyLines(after)];
  const head = (rows: number) => ({ head: { rows, parts: [] } });

  it('counts a continuation of a few lines a column beside a 13-row quote as thin, and not a column holding the quote alone', () => {
    // Three columns of four lines, a quote in the first between its lines: 17 rows printed there, 4 read.
    const strip = module('strip', { column: 0, span: 3, top: 0, rows: 3 + 17 }, [], { ...head(3), continuedFrom: 2, columns: [quotedColumn(2, 13, 2), bodyLines(4), bodyLines(4)] });
    // The quote alone over one column, five lines in the other: one column of text, set narrow.
    const narrow = module('narrow', { column: 0, span: 2, top: 30, rows: 3 + 13 }, [], { ...head(3), continuedFrom: 2, columns: [[quote(13)], bodyLines(5)] });
    expect(thinContinuations(page(3, [strip, narrow])).map((m) => m.slug)).toEqual(['strip']);
  });

  it('counts a start cut to jump whose text is short under its head, however deep its quote makes it, and leaves the quote out of its story', () => {
    // Six lines a column in three columns; the first holds one line, a 13-row quote and one line: 15 rows under the head, 7 of text with the jump line.
    const padded = module('padded', { column: 0, span: 3, top: 50, rows: 6 + 15 }, [], {
      ...head(6),
      continuedOn: 3,
      columns: [quotedColumn(1, 13, 1), bodyLines(6), bodyLines(6)],
    });
    // The same quote beside columns as deep as it: the module is no deeper for it, and not short.
    const deep = module('deep', { column: 0, span: 3, top: 0, rows: 6 + 16 }, [], {
      ...head(6),
      continuedOn: 3,
      columns: [quotedColumn(1, 13, 1), bodyLines(15), bodyLines(15)],
    });
    const rest = module('padded', { column: 0, span: 4, top: 0, rows: 40 }, [38, 38, 38, 38], { ...head(2), continuedFrom: 2 });
    const edition = composition([page(1, fullColumns()), page(2, [deep, padded]), page(3, [rest])]);
    const rows = storyTextRows(edition);
    expect(rows.get('padded')).toBe(1 + 1 + 6 + 6 + 4 * 38);
    expect(rows.get('deep')).toBe(1 + 1 + 15 + 15);
    expect(shortStarts(edition.pages[1], GRID, rows).map((m) => m.slug)).toEqual(['padded']);
    expect(measureEdition(edition, GRID, () => 3).quality.shortStarts).toEqual({ count: 1, pages: [2] });
  });

  it('judges a top-heavy start by its head against its text, the depth its quote adds left out', () => {
    // A 30-row head over three columns of ten rows (the last nine and its jump line), a 16-row quote in the first: 50 rows, 40 without the quote.
    const picture = module('picture', { column: 0, span: 3, top: 20, rows: 30 + 20 }, [], {
      ...head(30),
      continuedOn: 9,
      columns: [quotedColumn(2, 16, 2), bodyLines(9), bodyLines(9)],
    });
    // The same head over text as deep as the quoted column: 30 of 50 is not over two thirds.
    const story = module('story', { column: 0, span: 3, top: 0, rows: 30 + 20 }, [], {
      ...head(30),
      continuedOn: 9,
      columns: [quotedColumn(2, 16, 2), bodyLines(20), bodyLines(19)],
    });
    expect(topHeavyStarts(page(2, [picture, story])).map((m) => m.slug)).toEqual(['picture']);
  });
});

describe('tombstonedHeads', () => {
  // The round grid's rows are 15 px: a head whose headline starts at y = 0 of a module at row 10 stands at 150–210 px.
  const jumpHead = (y = 0, lines = 1): HeadPart => ({ ...headline([150], y), kind: 'jump-head', height: lines * 20, lineHeight: 20, sizePx: 18 });
  const withHead = (parts: HeadPart[], rows = 4) => ({ head: { rows, parts } });
  it('finds neighbouring heads at the same height, a headline or a jump head, each pair once, left to right', () => {
    // Tabloid 16 articles at seed 1, page 5: a continuation's jump head beside a brief's headline at its top.
    const continuation = module('continuation', { column: 0, span: 2, top: 40, rows: 30 }, [25, 25], { ...withHead([jumpHead()], 2), continuedFrom: 2 });
    const brief = module('brief', { column: 2, span: 2, top: 40, rows: 12 }, [6, 6], withHead([headline([300, 200])]));
    expect(tombstonedHeads(page(5, [brief, continuation]), GRID).map(({ left, right }) => [left.slug, right.slug])).toEqual([['continuation', 'brief']]);
  });
  it('counts a head level with a lower line of its neighbour, not heads a line apart, nor modules with a column between them or one under the other', () => {
    // Two lines of 30 px from row 0 (0–60 px); one row of 20 px at row 3 (45–65 px): level with the second line.
    const tall = module('tall', { column: 0, span: 1, top: 0, rows: 20 }, [14], withHead([headline([150, 150])], 5));
    const besideLower = module('beside-lower', { column: 1, span: 1, top: 3, rows: 20 }, [16], withHead([jumpHead()], 2));
    // Under the first (no column beside it at that height), its headline at 20 rows: 300–330 px.
    const under = module('under', { column: 0, span: 1, top: 20, rows: 20 }, [16], withHead([headline([150])], 3));
    // Beside `under` but one row below its headline's foot (330 px): its jump head at 345–365 px.
    const lower = module('lower', { column: 1, span: 1, top: 23, rows: 20 }, [18], withHead([jumpHead()], 2));
    // Column 3 at row 0, with column 2 empty between it and column 1: not neighbours.
    const across = module('across', { column: 3, span: 1, top: 0, rows: 20 }, [16], withHead([headline([150])], 3));
    expect(tombstonedHeads(page(4, [tall, besideLower, under, lower, across]), GRID).map(({ left, right }) => [left.slug, right.slug])).toEqual([['tall', 'beside-lower']]);
  });
  it('reads the headline where the head sets it (under a photo over the module), and leaves a module without a head out', () => {
    const photoFirst = module('photo-first', { column: 0, span: 2, top: 0, rows: 40 }, [20, 20], withHead([{ ...headline([150]), kind: 'photo', height: 300 }, headline([300], 310)], 24));
    const levelWithPhoto = module('level-with-photo', { column: 2, span: 1, top: 0, rows: 30 }, [25], withHead([headline([150])], 3));
    const levelWithHeadline = module('level-with-headline', { column: 3, span: 1, top: 20, rows: 30 }, [25], withHead([headline([150], 20)], 3));
    const headless = module('headless', { column: 3, span: 1, top: 0, rows: 20 }, [20]);
    expect(tombstonedHeads(page(6, [photoFirst, levelWithPhoto, headless]), GRID)).toEqual([]);
    const besideIt = module('beside-it', { column: 2, span: 1, top: 20, rows: 30 }, [25], withHead([headline([150], 20)], 3));
    expect(tombstonedHeads(page(6, [photoFirst, besideIt, levelWithHeadline]), GRID).map(({ left, right }) => [left.slug, right.slug])).toEqual([
      ['photo-first', 'beside-it'],
      ['beside-it', 'level-with-headline'],
    ]);
  });
});

describe('thinStories', () => {
  it('finds the finished stories across two columns or more whose text is shallower than eight rows, not a cut one, a continuation, a narrow or a deep one, nor an "In brief" column', () => {
    const head = { head: { rows: 3, parts: [] } };
    // Tabloid 16 articles at seed 1, page 9: a brief across five columns of four lines at the foot.
    const strip = module('strip', { column: 0, span: 4, top: 70, rows: 7 }, [4, 4, 4, 3], head);
    const seven = module('seven', { column: 0, span: 2, top: 0, rows: 10 }, [7, 6], head);
    const eight = module('eight', { column: 2, span: 2, top: 0, rows: 11 }, [8, 7], head);
    const narrow = module('narrow', { column: 0, span: 1, top: 10, rows: 7 }, [4], head);
    const cut = module('cut', { column: 1, span: 3, top: 11, rows: 7 }, [4, 4, 4], { ...head, continuedOn: 5 });
    const continuation = module('continuation', { column: 0, span: 4, top: 18, rows: 7 }, [4, 4, 4, 4], { ...head, continuedFrom: 2 });
    const briefColumn = module('in-brief', { column: 0, span: 2, top: 25, rows: 7 }, [4, 4], { ...head, kind: 'brief' });
    expect(thinStories(page(9, [strip, seven, eight, narrow, cut, continuation, briefColumn])).map((m) => m.slug)).toEqual(['strip', 'seven']);
  });
});

describe("the last page's white foot", () => {
  /** Four full columns but the ones named, which stop `short` rows above the type area's foot. */
  const shortAt = (short: number, columns: readonly number[]) =>
    fullColumns().map((m, c) => (columns.includes(c) ? module(`short-${c}`, { column: c, span: 1, top: 0, rows: 80 - short }, [80 - short]) : m));

  it('is named beside the pages inside the edition, so the block sees every white foot the pages measure', () => {
    const pages = [page(1, fullColumns()), page(2, shortAt(4, [0, 1, 2, 3])), page(3, shortAt(4, [0, 1, 2, 3]))];
    const measured = measureEdition(composition(pages), GRID, () => 3);
    expect(measured.quality.whiteFeet).toEqual({ count: 1, pages: [2] });
    expect(measured.quality.lastPageWhiteFoot).toBe(true);
    // Together they are the pages whose own measure finds a white foot.
    const byPage = pages.filter((p) => measurePage(p, GRID).whiteFeet.length > 0).map((p) => p.number);
    expect([...measured.quality.whiteFeet.pages, ...(measured.quality.lastPageWhiteFoot ? [pages.length] : [])]).toEqual(byPage);
    expect(formatQuality(measured.quality)).toMatch(/ · white feet 1 \(page 2\) · the last page's foot white$/);
  });

  it('is not named where the last page ends on its foot, or short of it by a hole', () => {
    const full = measureEdition(composition([page(1, fullColumns()), page(2, fullColumns())]), GRID, () => 3);
    expect(full.quality.lastPageWhiteFoot).toBe(false);
    expect(formatQuality(full.quality)).not.toMatch(/last page/);
    // Twelve rows short is a hole, counted as one: not a white foot.
    const deep = measureEdition(composition([page(1, fullColumns()), page(2, shortAt(12, [0, 1, 2, 3]))]), GRID, () => 3);
    expect(deep.quality.lastPageWhiteFoot).toBe(false);
  });
});
