/**
 * Tables, the writer's line breaks and photos in the text on the printed page: the sample edition
 * with a story carrying two tables, one that fits its column and one too wide for it, a story with
 * a poem and an address set line by line, and a story with two photos in its text, built in
 * Chromium (one build for all three). Planted cell tokens are found
 * in the PDF's text with their positions: each prints once, a row's cells on one baseline and in
 * order, a column of figures ending at one right edge; the wide table's cells all print, in order.
 * Each line of the poem and the address is a printed line of its own, holding that line and no more.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from '../support/pdfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition } from '../../lambdas/core/edition';
import { buildFolder, paintedImages } from '../support/edition';
import { ADDRESS, POEM, VERSE_STORY } from '../support/verse-story';

interface Item {
  readonly page: number;
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly right: number;
}

// Letters and digits only, so that none is hyphenated; the figures are unlike any in the sample.
const NAMES = ['Tb1Alpha', 'Tb2Bravo', 'Tb3Charlie'];
const FIGURES = [['7.391', '48.202'], ['12.017', '905.113'], ['3.004', '61.880']];
const WIDE = ['Wd1Province', 'Wd2Grade', 'Wd3Export', 'Wd4Change', 'Wd5Giang', 'Wd6Jasmine', 'Wd7Price', 'Wd8Plus'];

const STORY = [
  '---',
  'headline: Mills report the week’s paddy prices across the delta',
  'section: Business',
  'priority: 2',
  '---',
  '',
  'Mills in three provinces reported their buying prices on Tuesday, and traders said the figures held steady for a second week as buyers waited for the new harvest to reach the market.',
  '',
  '| Mill | Tonnes | Price |',
  '|---|---:|---:|',
  ...NAMES.map((name, i) => `| ${name} | ${FIGURES[i][0]} | ${FIGURES[i][1]} |`),
  '',
  'The provincial figures, with the week’s change, were these.',
  '',
  `| ${WIDE[0]} long heading | ${WIDE[1]} of the rice sold | ${WIDE[2]} price in đồng a kilogram | ${WIDE[3]} on last week |`,
  '|---|---|---|---|',
  `| ${WIDE[4]} | ${WIDE[5]} | ${WIDE[6]} | ${WIDE[7]} |`,
  '',
  'Traders said the figures were the averages of five mills in each province, and that the next report would come after the harvest.',
].join('\n');

// Two photos in the text, one in a folder with accents and a space in its name (the Markdown link
// percent-encodes it), and one that is not there.
const FIGURE_PARAGRAPHS = ['Fg1Harbour', 'Fg2Catch', 'Fg3Market', 'Fg4Evening'];
const FIGURE_CAPTIONS = ['Fc1Boats', 'Fc2Runners'];
const FIGURE_STORY = [
  '---',
  'headline: Fishing boats return early as the monsoon winds rise',
  'section: Business',
  'priority: 5',
  '---',
  '',
  `${FIGURE_PARAGRAPHS[0]} masters brought their boats in a day early on Tuesday, saying the wind had turned sooner than the forecast promised, and the harbour was full by noon with crews mending nets and loading ice for the next trip out.`,
  '',
  `![${FIGURE_CAPTIONS[0]} moored three deep at the harbour wall.](ảnh%20cảng/boats.jpg "Herald Photo")`,
  '',
  `${FIGURE_PARAGRAPHS[1]} was smaller than last week's, the cooperative said, but prices held because buyers from the city came anyway, and most of the fish was sold before it reached the market hall.`,
  '',
  `${FIGURE_PARAGRAPHS[2]} traders said they expected the boats to stay in for three days at least, and the cooperative asked its members to check their moorings before the night.`,
  '',
  `![${FIGURE_CAPTIONS[1]} on the harbour road, where the town's race starts on Sunday.](images/da-nang-marathon.jpg)`,
  '',
  '![A photo nobody sent](nowhere.jpg)',
  '',
  `${FIGURE_PARAGRAPHS[3]} brought the first rain, and the harbour master said the port would reopen once the wind dropped below force six.`,
].join('\n');

let dir: string;
let edition: BuiltEdition;
let items: Item[];
/** The photos painted on each page, as boxes in PDF points (origin at the page's foot). */
let photos: { page: number; x: number; y: number; width: number; height: number }[];
let pageWidth: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-tables-'));
  await cp(join(__dirname, '..', '..', 'samples'), dir, { recursive: true });
  await writeFile(join(dir, 'mill-prices.md'), STORY);
  await writeFile(join(dir, 'ferry-verse.md'), VERSE_STORY);
  await writeFile(join(dir, 'harbour-figures.md'), FIGURE_STORY);
  await mkdir(join(dir, 'ảnh cảng'));
  await cp(join(dir, 'images', 'da-nang-fishing-village.jpg'), join(dir, 'ảnh cảng', 'boats.jpg'));
  edition = await buildFolder(dir, { readerFiles: true });
  const doc = await getDocument({ data: edition.pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  items = [];
  photos = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    pageWidth = page.view[2];
    for (const image of await paintedImages(page)) photos.push({ page: n, ...image });
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      items.push({ page: n, text: item.str.trim(), x: item.transform[4], y: item.transform[5], right: item.transform[4] + item.width });
    }
  }
  await doc.destroy();
}, 240_000);

afterAll(async () => {
  await closeBrowser();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const only = (text: string): Item => {
  const found = items.filter((item) => item.text.split(/\s+/).includes(text));
  expect(found.map((f) => f.text), text).toHaveLength(1);
  return found[0];
};

describe('a story with tables, printed', () => {
  it('prints a table that fits its column as aligned rows: one baseline a row, cells in order, figures flush right', () => {
    const rows = NAMES.map((name, i) => [only(name), only(FIGURES[i][0]), only(FIGURES[i][1])]);
    for (const row of rows) {
      expect(new Set(row.map((cell) => cell.page)).size).toBe(1);
      for (const cell of row) expect(Math.abs(cell.y - row[0].y)).toBeLessThan(0.5);
      expect(row[1].x).toBeGreaterThan(row[0].right);
      expect(row[2].x).toBeGreaterThan(row[1].right);
    }
    // Rows top to bottom in reading order, one grid row apart.
    expect(rows[0][0].y).toBeGreaterThan(rows[1][0].y);
    expect(rows[1][0].y).toBeGreaterThan(rows[2][0].y);
    for (const c of [1, 2]) {
      const rights = rows.map((row) => row[c].right);
      expect(Math.max(...rights) - Math.min(...rights)).toBeLessThan(0.5);
    }
    const lefts = rows.map((row) => row[0].x);
    expect(Math.max(...lefts) - Math.min(...lefts)).toBeLessThan(0.5);
  });

  it('prints every cell of a table too wide for its column, in order', () => {
    const text = items.map((item) => item.text).join(' ');
    let at = -1;
    for (const token of WIDE) {
      const next = text.indexOf(token, at + 1);
      expect(next, token).toBeGreaterThan(at);
      expect(text.indexOf(token, next + 1), `${token} printed twice`).toBe(-1);
      at = next;
    }
    expect(edition.manifest.warnings.filter((w) => w.file === 'mill-prices.md')).toEqual([]);
  });
});

describe('a story with a poem and an address, printed', () => {
  it('prints each line the writer ended as a line of its own, in order, holding that line and no more', () => {
    for (const lines of [POEM, ADDRESS]) {
      // pdf.js gives one text item per printed line here (the sample's lines are one run each).
      const printed = lines.map((line) => {
        const found = items.filter((item) => item.text === line);
        expect(found.map((f) => `${f.page}:${f.text}`), line).toHaveLength(1);
        return found[0];
      });
      for (let i = 1; i < printed.length; i++) {
        const [above, below] = [printed[i - 1], printed[i]];
        // The next line, below on the same column, or at the top of the next column or page.
        expect(below.page > above.page || below.y < above.y || below.x > above.right).toBe(true);
      }
      // Set as a block: a line under another in the same column starts where it does (no
      // paragraph indent on the first, no turnover).
      for (let i = 1; i < printed.length; i++) {
        if (printed[i].page === printed[i - 1].page && printed[i].y < printed[i - 1].y) expect(Math.abs(printed[i].x - printed[i - 1].x)).toBeLessThan(0.5);
      }
    }
    // The long line of verse runs over onto a line of its own (here under its start, in the same
    // column), an em further in than the verse's lines.
    const starts = items.filter((item) => item.text.startsWith('Pq5Rice'));
    const turnover = items.filter((item) => item.text.endsWith('Pq5End.') && !item.text.startsWith('Pq5Rice'));
    expect(starts).toHaveLength(1);
    expect(turnover).toHaveLength(1);
    expect(turnover[0].page === starts[0].page && turnover[0].y < starts[0].y).toBe(true);
    expect(starts[0].x).toBeCloseTo(only('Pq4Bride').x, 1);
    expect(turnover[0].x - starts[0].x).toBeGreaterThan(4);
    expect(edition.manifest.warnings.filter((w) => w.file === 'ferry-verse.md')).toEqual([]);
  });
});

describe('a story with photos in its text, printed', () => {
  it('prints each photo a column wide inside its story, its caption under it, no text over it, every paragraph once', () => {
    for (const token of FIGURE_PARAGRAPHS) only(token);
    const captions = FIGURE_CAPTIONS.map(only);
    const story = edition.manifest.articles.find((a) => a.slug === 'harbour-figures')!;
    expect(story.figures).toEqual(['ảnh cảng/boats.jpg', 'images/da-nang-marathon.jpg']);
    for (const caption of captions) {
      // The photo right above its caption: the caption's first line starts at its left edge, within two lines under it.
      const photo = photos.find((p) => p.page === caption.page && Math.abs(p.x - caption.x) < 1 && p.y > caption.y && p.y - caption.y < 24);
      expect(photo, `the photo over ${caption.text}`).toBeDefined();
      // A column wide: a fifth of the page or so, and never across the gutter into the next column.
      expect(photo!.width).toBeGreaterThan(pageWidth / 8);
      expect(photo!.width).toBeLessThan(pageWidth / 4);
      // No text printed over it.
      const over = items.filter((item) => item.page === photo!.page && item.x < photo!.x + photo!.width - 1 && item.right > photo!.x + 1 && item.y > photo!.y + 1 && item.y < photo!.y + photo!.height - 1);
      expect(over.map((item) => item.text)).toEqual([]);
    }
    // The one not sent is left out, and the editor told.
    expect(edition.manifest.warnings.filter((w) => w.file === 'harbour-figures.md').map((w) => w.message)).toEqual(["the photo 'nowhere.jpg' in the text was not found; it was left out"]);
  });

  it('gives the reader each figure as printed: its fitted photo, an asset of the edition, with its caption and credit', () => {
    const article = JSON.parse(new TextDecoder().decode(edition.readerFiles!.get('articles/harbour-figures.json')!.body)) as { body: { kind: string; path?: string; caption?: string; credit?: string }[] };
    const figures = article.body.filter((block) => block.kind === 'figure');
    expect(figures.map((f) => [f.caption?.split(' ')[0], f.credit])).toEqual([[FIGURE_CAPTIONS[0], 'Herald Photo'], [FIGURE_CAPTIONS[1], undefined]]);
    for (const figure of figures) {
      expect(edition.assets.get(figure.path!)?.contentType).toBe('image/jpeg');
      expect(edition.html).toContain(`src="${figure.path}"`);
    }
  });
});
