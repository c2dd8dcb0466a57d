/**
 * Tables in a story's body: read from a Markdown pipe table or an HTML <table> (ninjs), kept as
 * rows of plain-text cells, and set in the column as aligned rows (figures flush right) or, when
 * too wide for the column, a row to a line with every cell kept.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { figureColumns, type Article, type BodyBlock } from '../../lambdas/core/article';
import { emitEditionHtml } from '../../lambdas/core/html/emit';
import { composePages } from '../../lambdas/core/layout/compose';
import { gridFor, resolveLayoutConfig, type Grid } from '../../lambdas/core/layout/config';
import { columnPitch, gridBox } from '../../lambdas/core/layout/geometry';
import { moduleInk } from '../../lambdas/core/layout/measure';
import { setStoryBody, type ColumnUnit } from '../../lambdas/core/layout/story';
import { htmlToBlocks, untrustedHtmlToBlocks } from '../../lambdas/core/parse/html-blocks';
import { parseArticle } from '../../lambdas/core/parse/index';
import { readerArticle } from '../../lambdas/core/reader';
import type { FontBook } from '../../lambdas/core/typeset/fonts';
import { testFonts } from '../support/fonts';

let fonts: FontBook;
let grid: Grid;
beforeAll(async () => {
  fonts = await testFonts();
  grid = gridFor(resolveLayoutConfig(undefined).config);
});

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const bodyOf = (file: string, text: string): readonly BodyBlock[] => {
  const outcome = parseArticle(file, utf8(text));
  if (!outcome.ok) throw new Error(outcome.rejection.reason);
  return outcome.article.body;
};
const lineText = (line: { words: readonly (readonly { text: string }[])[] }) => line.words.map((w) => w.map((s) => s.text).join('')).join(' ');
const story = (body: BodyBlock[], extra: Partial<Article> = {}): Article => ({
  slug: 's', headline: 'Headline', section: 'News', priority: 3, body, language: 'en', source: 's.md', format: 'markdown', ...extra,
});
const paragraph = (text: string): BodyBlock => ({ kind: 'paragraph', runs: [{ text }] });

const LEAGUE = { kind: 'table', rows: [
  { cells: ['Team', 'P', 'GD', 'Pts'], header: true },
  { cells: ['Hà Nội FC', '12', '+14', '28'] },
  { cells: ['Thép Xanh Nam Định', '12', '+9', '25'] },
  { cells: ['Công An Hà Nội', '12', '−2', '119'] },
] } as const satisfies BodyBlock;

describe('reading tables', () => {
  it('reads a Markdown pipe table as a table block, its first row the header, cells NFC and trimmed', () => {
    const body = bodyOf('prices.md', [
      '---', 'headline: Prices', '---', '',
      'Prices this week.', '',
      '| Province | Price |', '|---|---:|', '| An Giang | 12.500 |', '| Đồng Tháp |  9.200 |', '',
      'After the table.',
    ].join('\n'));
    expect(body).toEqual([
      paragraph('Prices this week.'),
      { kind: 'table', rows: [{ cells: ['Province', 'Price'], header: true }, { cells: ['An Giang', '12.500'] }, { cells: ['Đồng Tháp'.normalize('NFC'), '9.200'] }] },
      paragraph('After the table.'),
    ]);
  });

  it('reads an HTML table (ninjs body_html): thead rows and th rows are headers, a th row label is not, attributes and emphasis go', () => {
    const html = '<p>Before</p><table class="x" style="width:100%"><caption>Results</caption><thead><tr><th>Name</th><th>Votes</th></tr></thead>'
      + '<tbody><tr><th scope="row">Lan <b>Anh</b></th><td onclick="x()">1,204</td></tr><tr><td></td><td></td></tr><tr><td>Minh<br>Châu</td><td>987</td></tr></tbody></table><p>After</p>';
    const expected = [
      paragraph('Before'),
      { kind: 'table', rows: [{ cells: ['Results'] }, { cells: ['Name', 'Votes'], header: true }, { cells: ['Lan Anh', '1,204'] }, { cells: ['Minh Châu', '987'] }] },
      paragraph('After'),
    ];
    expect(untrustedHtmlToBlocks(html)).toEqual(expected);
  });

  it('keeps a nested table’s text in its cell, and a table left open at the end of the body', () => {
    expect(htmlToBlocks('<table><tr><td>Outer <table><tr><td>inner</td><td>two</td></tr></table> end</td><td>9</td></tr></table>')).toEqual([
      { kind: 'table', rows: [{ cells: ['Outer inner two end', '9'] }] },
    ]);
    expect(htmlToBlocks('<table><tr><td>a</td><td>b')).toEqual([{ kind: 'table', rows: [{ cells: ['a', 'b'] }] }]);
  });

  it('takes an unmarked first row for the header when it has no figure and a later column has nothing else', () => {
    const body = (html: string) => htmlToBlocks(html)[0];
    expect(body('<table><tr><td>Team</td><td>Pts</td></tr><tr><td>Hà Nội FC</td><td>28</td></tr><tr><td>SLNA</td><td>11</td></tr></table>')).toEqual({
      kind: 'table', rows: [{ cells: ['Team', 'Pts'], header: true }, { cells: ['Hà Nội FC', '28'] }, { cells: ['SLNA', '11'] }],
    });
    // A first row of figures is data; so is every row of a table of words.
    expect(body('<table><tr><td>A</td><td>3</td></tr><tr><td>B</td><td>4</td></tr></table>')).toEqual({ kind: 'table', rows: [{ cells: ['A', '3'] }, { cells: ['B', '4'] }] });
    expect(body('<table><tr><td>Name</td><td>Town</td></tr><tr><td>Lan</td><td>Huế</td></tr></table>')).toEqual({ kind: 'table', rows: [{ cells: ['Name', 'Town'] }, { cells: ['Lan', 'Huế'] }] });
    const wire = parseArticle('league.txt', utf8('League\n\nHÀ NỘI — The table:\n\nTeam\tP\tPts\nHà Nội FC\t12\t28\nSLNA\t12\t11\n'));
    if (!wire.ok) throw new Error(wire.rejection.reason);
    expect(wire.article.body[1]).toEqual({ kind: 'table', rows: [{ cells: ['Team', 'P', 'Pts'], header: true }, { cells: ['Hà Nội FC', '12', '28'] }, { cells: ['SLNA', '12', '11'] }] });
  });

  it('gives the reader the table, cells NFC, with its columns of figures (never the first, never with a word below the header)', () => {
    const article = story([LEAGUE]);
    expect(readerArticle(article, [1], undefined).body).toEqual([{ ...LEAGUE, figures: [false, true, true, true] }]);
    expect(figureColumns([{ cells: ['12', 'a'], header: true }, { cells: ['3', '4 %'] }, { cells: ['5', 'n/a'] }])).toEqual([false, false]);
    expect(figureColumns([{ cells: ['Price', 'Change'] }, { cells: ['12.500 đ', '−50'] }, { cells: ['$3', '—'] }, { cells: ['x', ''] }])).toEqual([false, false]);
    expect(figureColumns([{ cells: ['Fund', 'Price', 'Change'], header: true }, { cells: ['A', '12.500 đ', '−50'] }, { cells: ['B', '$3', '—'] }, { cells: ['C', '1,204', '+3.5%'] }])).toEqual([false, true, true]);
  });
});

describe('setting tables', () => {
  it('sets a table that fits the column as aligned rows: one grid row each, the header bold and kept with the rows, figures flush right', () => {
    const units = setStoryBody(story([paragraph('The league after round twelve.'), LEAGUE, paragraph('Next round on Sunday.')]), grid, fonts);
    const rows = units.filter((u) => u.kind === 'table-row');
    expect(rows).toHaveLength(4);
    expect(rows.map((u) => u.rows)).toEqual([1, 1, 1, 1]);
    expect(rows[0].faces.regular).toBe('sans-bold');
    expect(rows.slice(1).every((u) => u.faces.regular === 'sans-regular')).toBe(true);
    // A table of four rows stays whole: no column may end inside it.
    expect(rows.map((u) => u.keepWithNext === true)).toEqual([true, true, true, false]);
    const cells = rows.map((u) => u.lines.map((line) => ({ text: lineText(line), left: line.indent, right: line.indent + line.naturalWidth })));
    expect(cells.map((row) => row.map((c) => c.text))).toEqual(LEAGUE.rows.map((row) => [...row.cells]));
    for (const row of cells) {
      // Side by side, in order, inside the column.
      for (let c = 1; c < row.length; c++) expect(row[c].left).toBeGreaterThan(row[c - 1].right);
      expect(row[0].left).toBe(0);
      expect(row[row.length - 1].right).toBeLessThanOrEqual(grid.columnWidth + 0.01);
    }
    // The names start at the left; every column of figures ends at one right edge (the header's too).
    for (let c = 1; c < 4; c++) {
      const rights = cells.map((row) => row[c].right);
      expect(Math.max(...rights) - Math.min(...rights)).toBeLessThan(0.01);
    }
    expect(new Set(cells.map((row) => row[0].left))).toEqual(new Set([0]));
    // The paragraph after the table starts flush, as after a crosshead.
    const after = units[units.indexOf(rows[3]) + 1];
    expect(after.kind).toBe('line');
    expect(after.lines[0].indent).toBe(0);
  });

  it('sets a table too wide for the column a row to a line group, every cell kept in order, the header bold', () => {
    const wide: BodyBlock = { kind: 'table', rows: [
      { cells: ['Province', 'Grade of rice', 'Export price (đồng per kilogram)', 'Change on the week'], header: true },
      { cells: ['An Giang', 'Jasmine', '12.500', '+150'] },
    ] };
    const units = setStoryBody(story([wide]), grid, fonts);
    expect(units.some((u) => u.kind === 'table-row')).toBe(false);
    const text = (list: ColumnUnit[]) => list.map((u) => u.lines.map(lineText).join(' ')).join(' ');
    const header = units.filter((u) => u.paragraph === 0);
    expect(text(header).replace(/- /g, '')).toBe('Province · Grade of rice · Export price (đồng per kilogram) · Change on the week');
    expect(header.flatMap((u) => u.lines[0].words.flat()).every((segment) => segment.face === 'serif-bold')).toBe(true);
    expect(header.at(-1)!.keepWithNext).toBe(true);
    expect(text(units.filter((u) => u.paragraph === 1))).toBe('An Giang · Jasmine · 12.500 · +150');
  });

  it('runs the dateline into the first paragraph even when a table comes first', () => {
    const units = setStoryBody(story([LEAGUE, paragraph('The league went on.')], { dateline: 'Hà Nội' }), grid, fonts);
    const first = units.find((u) => u.kind === 'line')!;
    expect(lineText(first.lines[0])).toMatch(/^HÀ NỘI — The league/);
  });

  it('composes, measures and emits a table: its ink on one row per table row, its cells in the HTML', () => {
    const article = story([paragraph('The league after round twelve, with the leaders three points clear.'), LEAGUE]);
    const composition = composePages([article], new Map(), resolveLayoutConfig(undefined).config, grid, fonts);
    const module = composition.pages[0].modules[0];
    const rowUnits = module.columns.flat().filter((u) => u.kind === 'table-row');
    expect(rowUnits).toHaveLength(4);
    const ink = moduleInk(module, grid);
    // Every cell of a table row inks the row's own band, at the cell's place in its column.
    const box = gridBox(grid, module);
    const textTop = box.y + module.head.rows * grid.lead;
    let cells = 0;
    module.columns.forEach((column, c) => {
      let row = 0;
      for (const unit of column) {
        if (unit.kind === 'table-row') {
          for (const line of unit.lines) {
            const x = box.x + c * columnPitch(grid) + line.indent;
            expect(ink.some((b) => Math.abs(b.x - x) < 0.01 && Math.abs(b.y - (textTop + row * grid.lead)) < 0.01 && b.height === grid.lead)).toBe(true);
            cells++;
          }
        }
        row += unit.rows;
      }
    });
    expect(cells).toBe(16);
    const html = emitEditionHtml({
      composition, articles: new Map([[article.slug, article]]), config: resolveLayoutConfig(undefined).config, grid, date: '2019-12-04', language: 'en',
      printCss: '', fontPaths: new Map(), photoPaths: new Map(),
    });
    expect(html.match(/<div class="fl tr th f-sans-bold">/g)).toHaveLength(1);
    expect(html.match(/<div class="fl tr f-sans-regular">/g)).toHaveLength(3);
    expect(html).toContain('Thép Xanh Nam Định'.normalize('NFC'));
  });
});
