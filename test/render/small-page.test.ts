/**
 * Small pages: `pageSize: {widthMm, heightMm}` down to the least edition.yaml allows (120 × 160 mm).
 * Display sizes followed a page's width only down to 0.6 of a Berliner's, a pull quote kept 15 pt
 * in any column, and the front page's lead had no shape for a page of 35 to 49 rows: an A5 front
 * page printed the masthead, the Inside box and white where its lead should be, and at
 * 120 × 160 mm a story whose pull quote was deeper than the page could not be placed and lost 221
 * lines. Composed (every size) and printed (two), the front page opens with its lead and every
 * paragraph prints once.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { columnWidthMm, pageFormat } from '../../lambdas/core/edition-schema';
import { gridFor, resolveLayoutConfig } from '../../lambdas/core/layout/config';
import { measureEdition } from '../../lambdas/core/layout/measure';
import { PULL_QUOTE_MAX_PAGE_SHARE } from '../../lambdas/core/layout/story';
import { generateEdition } from '../fixtures/generate-edition';
import { composeFolder, type ComposedFolder } from '../support/compose';
import { fileBrowser } from '../support/file-browser';
import { buildFolder, plantedTokens, readPdf } from '../support/edition';
import { closeSealedBrowser, launchSealedBrowser, openEditionPage } from '../support/edition-page';
import { sampleAtPageSize } from '../support/sample-stories';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The sample edition at a page size (and columns, or the page's own), in a folder of its own. */
async function sampleAt(widthMm: number, heightMm: number, columns?: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'epaper-small-page-'));
  dirs.push(dir);
  await sampleAtPageSize(dir, widthMm, heightMm, columns);
  return dir;
}

/**
 * The sample composed at a page size (and columns), once for the file: the A5 and the 120 × 160 mm
 * checks read the same compositions as the custom page size's.
 */
const composedSamples = new Map<string, Promise<ComposedFolder>>();
function composedSampleAt(widthMm: number, heightMm: number, columns?: number): Promise<ComposedFolder> {
  const key = `${widthMm}×${heightMm}×${columns ?? ''}`;
  let composed = composedSamples.get(key);
  if (!composed) composedSamples.set(key, (composed = sampleAt(widthMm, heightMm, columns).then((dir) => composeFolder(dir))));
  return composed;
}

/** One sealed Chromium for the jump lines' tests, closed after the file. */
const sealed = fileBrowser(launchSealedBrowser, closeSealedBrowser);
afterAll(() => sealed.close());

/** What the composer says when a story did not print whole, or not where it belongs. */
const LOSS = /lost \d+ lines|was not placed|could not place|did not fit on the front page/;

describe('a custom page size', () => {
  it('takes as many columns as keep its format’s column width; a named format keeps its own', () => {
    expect(['berliner', 'tabloid', 'broadsheet', 'a3', 'a4'].map((name) => pageFormat(name).columns)).toEqual([5, 5, 6, 5, 4]);
    expect(pageFormat({ widthMm: 210, heightMm: 297 }).columns).toBe(4);
    expect(pageFormat({ widthMm: 315, heightMm: 470 }).columns).toBe(5);
    expect(pageFormat({ widthMm: 148, heightMm: 210 }).columns).toBe(3);
    expect(pageFormat({ widthMm: 120, heightMm: 160 }).columns).toBe(2);
    for (const widthMm of [120, 148, 180, 249, 250, 300, 600]) {
      const width = columnWidthMm({ widthMm, heightMm: 300 });
      expect(width, `${widthMm} mm`).toBeGreaterThanOrEqual(38);
      expect(width, `${widthMm} mm`).toBeLessThanOrEqual(70);
    }
  });

  it('sets its display type smaller than an A4 page’s when it is smaller; a named format keeps its sizes', () => {
    const scale = (pageSize: unknown) => gridFor(resolveLayoutConfig({ pageSize }).config).displayScale;
    expect(['berliner', 'tabloid', 'broadsheet', 'a3', 'a4'].map((name) => Number(scale(name).toFixed(3)))).toEqual([1, 0.887, 1.15, 0.938, 0.653]);
    expect(scale({ widthMm: 148, heightMm: 210 })).toBeLessThan(0.5);
    // As wide as an A4 page and half as tall: its height sets the size.
    expect(scale({ widthMm: 200, heightMm: 160 })).toBeLessThan(scale({ widthMm: 200, heightMm: 280 }));
  });
});

describe('the sample edition on a small page (and a custom one just past the narrow formats)', () => {
  for (const [widthMm, heightMm, columns] of [
    [148, 210],
    [140, 200],
    [120, 160],
    [120, 160, 4],
    [200, 160],
    // A column more than the page's own: a feathered story's table header once ended a column.
    [148, 230, 4],
    [250, 300],
  ] as const) {
    const name = `${widthMm} × ${heightMm} mm${columns ? `, ${columns} columns` : ''}`;
    it(`${name}: opens the front page with its lead and places every story whole`, async () => {
      const { composition, grid } = await composedSampleAt(widthMm, heightMm, columns);
      // Nothing lost and no rule of the composer's broken (a crosshead at a column's foot, twice).
      // In four 22 mm columns a continuation may stand a column wide (since layout-64, whose jump
      // heads are one line, one does), its "Continued from Page N" printed in its short form.
      const shortFrom = /^edition\.yaml `continuedFrom` is too long for a 22 mm column even set smaller/;
      expect(composition.problems.filter((problem) => !(columns === 4 && widthMm === 120 && shortFrom.test(problem)))).toEqual([]);
      expect(composition.leftOut).toEqual([]);
      expect(composition.pages[0].modules.map((m) => m.slug)).toContain('ha-noi-flood-sensors');
      // Its pull quotes move as a whole: no deeper than a third of the page, or set at the body's
      // size (a 22 mm column) and no deeper than half of it.
      const quotes = composition.pages.flatMap((page) => page.modules.flatMap((m) => m.columns.flat().filter((unit) => unit.kind === 'quote')));
      expect(quotes.length).toBe(2);
      for (const quote of quotes) {
        if (quote.sizePx > grid.bodySize) expect(quote.rows).toBeLessThanOrEqual(grid.rows * PULL_QUOTE_MAX_PAGE_SHARE);
        else expect(quote.rows).toBeLessThanOrEqual(grid.rows / 2);
      }
    }, 60_000);
  }
});

describe('the sample edition on an A5 page', () => {
  it('ends its sections with the paper’s notices where white is left: no hole but on its last page', async () => {
    const { composition, grid } = await composedSampleAt(148, 210);
    const { pages, quality } = measureEdition(composition, grid, () => 3);
    expect(pages.slice(0, -1).flatMap((page, i) => (page.holes.length > 0 ? [i + 1] : []))).toEqual([]);
    expect(composition.pages.flatMap((page) => page.blocks.filter((block) => block.kind === 'house-ad')).length).toBeGreaterThan(0);
    expect(quality.adShare).toBeLessThanOrEqual(0.03);
  }, 60_000);
});

describe('the sample edition on a page smaller than A5', () => {
  it('puts the paper’s notices in the white its sections leave, not only on its last page', async () => {
    const { composition } = await composedSampleAt(120, 160);
    const last = composition.pages.length;
    const notices = composition.pages.flatMap((page) => page.blocks.filter((block) => block.kind === 'house-ad').map(() => page.number));
    // The sample has three notices, each printed once at most.
    expect(notices.filter((page) => page !== last).length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('the sample edition on an A3 landscape page (420 × 297 mm, seven columns)', () => {
  it('prints its lead whole on the front page rather than cut over white', async () => {
    const { composition, grid } = await composedSampleAt(420, 297);
    const { pages } = measureEdition(composition, grid, () => 3);
    expect(grid.columns).toBe(7);
    expect(composition.problems).toEqual([]);
    expect(pages[0].holes).toEqual([]);
    const lead = composition.pages[0].modules.find((m) => m.slug === 'ha-noi-flood-sensors')!;
    expect(lead.continuedOn).toBeUndefined();
  }, 60_000);
});

describe('a generated edition printed on a small page', () => {
  for (const [widthMm, heightMm, columns] of [
    [148, 210, undefined],
    [120, 160, 4],
  ] as const) {
    it(`${widthMm} × ${heightMm} mm: prints every paragraph once, the lead's start and its pull quote on the pages (real Chromium)`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'epaper-small-page-gen-'));
      dirs.push(dir);
      const generated = await generateEdition(dir, { articles: 16, seed: 1 });
      await writeFile(join(dir, 'edition.yaml'), `paper: The Hà Nội Herald\npageSize: {widthMm: ${widthMm}, heightMm: ${heightMm}}\n${columns ? `columns: ${columns}\n` : ''}`);
      // A pull quote of 25 words in a Markdown story, the words of a paragraph added to its end
      // (a pull quote repeats the story's words).
      const lead = generated.articles.find((a) => a.priority === 1)!;
      const quoted = generated.articles.find((a) => a.format === 'markdown' && a.kind !== 'brief')!;
      const file = join(dir, quoted.file);
      const quote = 'Qmark we want them to know twenty or thirty minutes earlier which is enough time to move a motorbike close a shop or choose another road home';
      await writeFile(file, `${(await readFile(file, 'utf8')).replace(/^---\n/, `---\npullQuote: ${quote}\n`)}\n\n${quote}.\n`);
      const edition = await buildFolder(dir);
      const { pages } = await readPdf(edition.pdf);
      expect(edition.manifest.warnings.filter((w) => LOSS.test(w.message))).toEqual([]);
      const printed = plantedTokens(pages.map((p) => p.text).join(' '));
      for (const article of generated.articles) for (const token of article.paragraphTokens) expect(printed.count(token), `${article.slug} ${token}`).toBe(1);
      expect(pages[0].text).toContain(lead.headlineToken);
      expect(pages[0].text).toContain(lead.paragraphTokens[0]);
      // In the paragraph and in the quote.
      expect(pages.map((p) => p.text.split('Qmark').length - 1).reduce((a, b) => a + b)).toBe(2);
    }, 120_000);
  }
});

describe('jump lines', () => {
  const LONGEST = 'Đọc tiếp bài này ở trang {page} của số báo hôm nay và của các số báo sau này';
  for (const [name, widthMm, heightMm, columns, wording] of [
    ['in 22 mm columns (120 × 160 mm, 4 columns)', 120, 160, 4, undefined],
    ['in a long wording on a Berliner page', 315, 470, 5, 'Đọc tiếp bài này ở trang {page} của số báo hôm nay'],
    ['in a wording too long for a 22 mm column at any size (its short form)', 120, 160, 4, LONGEST],
  ] as const) {
    it(`${name}: fit their measure, set smaller where they must (real Chromium)`, async () => {
      const dir = await sampleAt(widthMm, heightMm, columns);
      if (wording) await writeFile(join(dir, 'edition.yaml'), `${await readFile(join(dir, 'edition.yaml'), 'utf8')}\ncontinuedOn: "${wording}"\ncontinuedFrom: "Tiếp theo trang {page} của số báo hôm nay"\n`);
      const edition = await buildFolder(dir);
      const shortForm = edition.manifest.warnings.some((w) => w.file === 'layout' && /`continuedOn` is too long for a 22 mm column/.test(w.message));
      expect(shortForm).toBe(wording === LONGEST);
      const page = await openEditionPage(await sealed.get(), edition.html, async (path) => edition.assets.get(path));
      try {
        const lines = await page.evaluate(() =>
          Array.from(document.querySelectorAll('.jump-on, .jump-from')).map((el) => {
            const range = document.createRange();
            range.selectNodeContents(el);
            return { text: el.textContent ?? '', ink: range.getBoundingClientRect().width, measure: el.getBoundingClientRect().width, sizePx: parseFloat(getComputedStyle(el).fontSize) };
          }),
        );
        expect(lines.length).toBeGreaterThan(4);
        expect(lines.filter((line) => line.ink > line.measure + 0.5)).toEqual([]);
        // The page number is on every line, whichever form it takes.
        for (const line of lines) expect(line.text).toMatch(/\d/);
        if (wording === LONGEST) expect(lines.filter((line) => /^→ \d+$/.test(line.text)).length).toBeGreaterThan(4);
        // Set smaller only where the body's size would not fit: at the largest size a smaller line
        // would run past its measure. (In the short form's edition every line fits at the body's
        // size since layout-46: its continuations run across the page, the arrows fit a column.)
        const largest = Math.max(...lines.map((l) => l.sizePx));
        const smaller = lines.filter((line) => line.sizePx < largest);
        for (const line of smaller) expect((line.ink * largest) / line.sizePx, line.text).toBeGreaterThan(line.measure);
        if (wording !== LONGEST) expect(smaller.length).toBeGreaterThan(0);
      } finally {
        await page.close();
      }
    }, 120_000);
  }
});
