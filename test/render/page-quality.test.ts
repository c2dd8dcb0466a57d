/**
 * Page quality as real Chromium prints it (issue 11, "Done when"), with the rendered hole check of
 * test/support/page-quality.ts: pages screenshotted at a quarter of a CSS px per pixel (a body line
 * is 3.7 pixels), every pixel that is not near-white taken as ink, blank rectangles of 0.9 body
 * column × 8 body lines looked for in the type area.
 *
 * Always run: the check itself (a planted hole is found, a full page has none, a tinted box is
 * ink), and the model's measures in manifest.json against the rendered page on the sample edition.
 *
 * The issue's acceptance ("Done when") on the sample and a 90-article edition with two thin
 * sections runs too (on the layout fixture, test/render/layout-edition.test.ts, which builds it); it
 * prints each edition's figures (model and rendered) before asserting. EPAPER_SKIP_QUALITY=1 leaves
 * the 90-article build out of a quick local run.
 */
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition } from '../../lambdas/core/edition';
import { gridFor, resolveLayoutConfig, type Grid } from '../../lambdas/core/layout/config';
import { formatQuality, measurePage, typeArea, type Box } from '../../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY } from '../../lambdas/core/layout/policy';
import { hasPhotoBeside, type PlacedModule } from '../../lambdas/core/layout/composition';
import { lineText } from '../../lambdas/core/typeset/paragraph';
import { getDocument, OPS } from '../support/pdfjs';
import { generateEdition, type GeneratedEdition } from '../fixtures/generate-edition';
import { qualityEdition } from '../../bin/quality';
import { collectFolder, composeFolder, qualityEditionIn, type ComposedFolder } from '../support/compose';
import { buildFolder, buildFolderComposed, countOf, plantedTokens, readPdf } from '../support/edition';
import { openEditionPage } from '../support/edition-page';
import { FIVE_SAMPLE_STORIES, onNamedPage, sampleStories, STRIP_SAMPLE_STORIES, THREE_SAMPLE_STORIES } from '../support/sample-stories';
import { holeDisagreements, launchTestBrowser, measureRenderedEdition, pagesWithHoles, RENDERED_CHECK, renderedAdShare, type RenderedPage } from '../support/page-quality';
import { fileBrowser } from '../support/file-browser';

const PLANNER = process.env.EPAPER_SKIP_QUALITY !== '1';

/**
 * The test's own Chromium, which looks at the pages, beside the renderer's, which builds them: both
 * stay up for the whole file (a launch and a close cost about a third of a second of CPU each time).
 */
const looking = fileBrowser(launchTestBrowser);

afterAll(async () => {
  await looking.close();
  await closeBrowser();
});

/** A one-page edition of hand-made boxes on the Berliner grid: `ink` boxes dark, `tinted` ones in the house-ad tint. */
function handMadePage(grid: Grid, ink: readonly Box[], tinted: readonly Box[] = []): string {
  const div = (b: Box, colour: string, kind = '') => `<div${kind ? ` data-kind="${kind}"` : ''} style="position:absolute;left:${b.x}px;top:${b.y}px;width:${b.width}px;height:${b.height}px;background:${colour}"></div>`;
  return `<!doctype html><html><head><style>html,body{margin:0}.page{position:relative;overflow:hidden;width:${grid.pageWidth}px;height:${grid.pageHeight}px;background:#fff}</style></head><body><section class="page">${[
    ...ink.map((b) => div(b, '#555')),
    ...tinted.map((b) => div(b, '#f3f1ea', 'house-ad')),
  ].join('')}</section></body></html>`;
}

/**
 * Every column of the type area set in strips of one body line with a sliver of white between
 * them, like text; the part of a line inside `except` is left white.
 */
function textLike(grid: Grid, except?: Box): Box[] {
  const area = typeArea(grid);
  const boxes: Box[] = [];
  for (let row = 0; row < grid.rows; row++) {
    const y = area.y + row * grid.lead + 2;
    for (let column = 0; column < grid.columns; column++) {
      const x = area.x + column * (grid.columnWidth + grid.gutter);
      const line = { x, y, width: grid.columnWidth, height: grid.lead - 4 };
      const crosses = except && line.x < except.x + except.width && line.x + line.width > except.x && line.y < except.y + except.height && line.y + line.height > except.y;
      if (!crosses) {
        boxes.push(line);
        continue;
      }
      if (except.x > line.x) boxes.push({ ...line, width: except.x - line.x });
      const right = except.x + except.width;
      if (right < line.x + line.width) boxes.push({ ...line, x: right, width: line.x + line.width - right });
    }
  }
  return boxes;
}

describe('the rendered hole check', () => {
  const grid = gridFor(resolveLayoutConfig(undefined).config);
  const area = typeArea(grid);
  // Column 2, rows 40–52: one column by twelve lines left white.
  const planted: Box = { x: area.x + 2 * (grid.columnWidth + grid.gutter), y: area.y + 40 * grid.lead, width: grid.columnWidth, height: 12 * grid.lead };

  async function render(html: string): Promise<RenderedPage> {
    const [page] = await measureRenderedEdition(await looking.get(), { html, assets: new Map() }, grid);
    return page;
  }

  it('finds nothing on a page set full, and the planted blank rectangle where it was left', async () => {
    expect((await render(handMadePage(grid, textLike(grid)))).holes).toEqual([]);
    const { holes } = await render(handMadePage(grid, textLike(grid, planted)));
    expect(holes).toHaveLength(1);
    // The hole is the planted box widened by the white gutters beside it and the slivers above and below.
    const tolerance = grid.gutter + 2 / RENDERED_CHECK.scale;
    expect(Math.abs(holes[0].x - planted.x)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(holes[0].x + holes[0].width - (planted.x + planted.width))).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(holes[0].y - planted.y)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(holes[0].height - planted.height)).toBeLessThanOrEqual(tolerance);
  });

  it('does not call seven blank lines, or white 0.86 of a column wide, a hole', async () => {
    const seven = { ...planted, height: 7 * grid.lead };
    expect((await render(handMadePage(grid, textLike(grid, seven)))).holes).toEqual([]);
    // Lines of two columns that stop short either side of a gutter: 0.4 + gutter + 0.4 column of white
    // (0.88 column), twelve lines deep.
    const between = { ...planted, x: planted.x - 0.4 * grid.columnWidth - grid.gutter, width: 0.8 * grid.columnWidth + grid.gutter - 0.02 * grid.columnWidth };
    expect((await render(handMadePage(grid, textLike(grid, between)))).holes).toEqual([]);
    // The same, a little wider (0.96 column): a hole.
    const wider = { ...between, x: between.x - 0.04 * grid.columnWidth, width: between.width + 0.08 * grid.columnWidth };
    expect((await render(handMadePage(grid, textLike(grid, wider)))).holes).toHaveLength(1);
  });

  it('counts a tinted box as ink and reads the house-ad share from its data-kind box', async () => {
    const page = await render(handMadePage(grid, textLike(grid, planted), [planted]));
    expect(page.holes).toEqual([]);
    expect(page.houseAdShare).toBeCloseTo((planted.width * planted.height) / (area.width * area.height), 4);
  });

  it('measures only the pages asked for, as it measures them among the rest', async () => {
    // Eight pages set full but the seventh, which has the planted hole, each under
    // `content-visibility: auto` as print.css sets an edition's pages (a page far from the top,
    // captured first, came out blank). The tests below that read a page or two of an edition
    // screenshot only those.
    const [full, holed] = [handMadePage(grid, textLike(grid)), handMadePage(grid, textLike(grid, planted))].map((html) => /<body>(.*)<\/body>/s.exec(html)![1]);
    const body = Array.from({ length: 8 }, (_, i) => (i === 6 ? holed : full)).join('');
    const html = handMadePage(grid, []).replace('</style>', '.page{content-visibility:auto}</style>').replace(/<body>.*<\/body>/s, `<body>${body}</body>`);
    const every = await measureRenderedEdition(await looking.get(), { html, assets: new Map() }, grid);
    expect(pagesWithHoles(every)).toEqual([7]);
    const seventh = await measureRenderedEdition(await looking.get(), { html, assets: new Map() }, grid, { only: [7] });
    expect(seventh).toEqual([every[6]]);
    const some = await measureRenderedEdition(await looking.get(), { html, assets: new Map() }, grid, { only: [8, 5, 1] });
    expect(some).toEqual([every[0], every[4], every[7]]);
    await expect(measureRenderedEdition(await looking.get(), { html, assets: new Map() }, grid, { only: [9] })).rejects.toThrow('no page 9 in an edition of 8');
  });

  it('looks inside the type area only: a blank page is one hole the size of its type area', async () => {
    const { holes } = await render(handMadePage(grid, []));
    expect(holes).toHaveLength(1);
    const pixel = 1 / RENDERED_CHECK.scale;
    expect(Math.abs(holes[0].x - area.x)).toBeLessThanOrEqual(pixel);
    expect(Math.abs(holes[0].y - area.y)).toBeLessThanOrEqual(pixel);
    expect(Math.abs(holes[0].width - area.width)).toBeLessThanOrEqual(2 * pixel);
    expect(Math.abs(holes[0].height - area.height)).toBeLessThanOrEqual(2 * pixel);
  });
});

/** An edition built once, with the composition it printed (for the model's near misses) and its rendered pages. */
interface Measured {
  readonly name: string;
  readonly edition: BuiltEdition;
  readonly composed: ComposedFolder;
  readonly rendered: RenderedPage[];
  readonly generated?: GeneratedEdition;
}

async function measure(name: string, dir: string, generated?: GeneratedEdition): Promise<Measured> {
  const { edition, composed } = await buildFolderComposed(dir);
  const rendered = await measureRenderedEdition(await looking.get(), edition, composed.grid);
  return { name, edition, composed, rendered, generated };
}

function summary(m: Measured): string {
  return `page-quality: ${m.name}: ${m.edition.manifest.pageCount} pages · model: ${formatQuality(m.edition.manifest.quality!)} · rendered: ads ${(renderedAdShare(m.rendered) * 100).toFixed(1)}%, holes on pages [${pagesWithHoles(m.rendered).join(', ')}]`;
}

describe('a small edition a little over one page by estimate', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints on one page, every paragraph once, with no hole (it once made a second page 80% white)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-quality-small-'));
    const sentence = 'Hà Nội — The harbour board met on Tuesday to weigh the plan for the new quay.';
    // Three stories of twelve paragraphs, each paragraph ending in a token of its own.
    const token = (story: number, paragraph: number) => `K${story}P${String(paragraph).padStart(2, '0')}`;
    for (const story of [1, 2, 3]) {
      const paragraphs = Array.from({ length: 12 }, (_, p) => `${Array(5).fill(sentence).join(' ')} ${token(story, p)}.`);
      await writeFile(join(dir, `story-${story}.md`), `---\nheadline: Harbour story ${story}\nsection: News\n---\n\n${paragraphs.join('\n\n')}\n`);
    }
    const edition = await buildFolder(dir);
    expect(edition.manifest.pageCount).toBe(1);
    const { pages } = await readPdf(edition.pdf);
    expect(pages).toHaveLength(1);
    for (const story of [1, 2, 3]) for (let p = 0; p < 12; p++) expect(countOf(pages[0].text, token(story, p)), token(story, p)).toBe(1);
    const rendered = await measureRenderedEdition(await looking.get(), edition, gridFor(resolveLayoutConfig(undefined).config));
    expect(pagesWithHoles(rendered)).toEqual([]);
    expect(edition.manifest.quality!.holes.count).toBe(0);
  }, 120_000);
});

describe('a small edition whose lead region takes every front-page story', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists its sections in a strip under the masthead and sets the front page across its width, with no white down its side (rendered)', async () => {
    // Five of the sample's stories (an early proof of the day, or a small paper): the column under
    // the Inside box held nothing and stood white from the box to the foot of page 1. (Three
    // stories showed it until layout-45, which prints them on one page.)
    dir = await mkdtemp(join(tmpdir(), 'epaper-quality-strip-'));
    await sampleStories(dir, STRIP_SAMPLE_STORIES);
    const edition = await buildFolder(dir);
    expect(edition.manifest.pageCount).toBeGreaterThan(1);
    expect(edition.manifest.articles.map((a) => a.slug).sort()).toEqual(['asean-fisheries-data', 'da-nang-marathon', 'mekong-water-data', 'table-tennis-mixed-doubles', 'tp-hcm-street-food']);
    const grid = gridFor(resolveLayoutConfig({ columns: 5 }).config);
    const [front] = await measureRenderedEdition(await looking.get(), edition, grid, { only: [1] });
    expect(front.holes).toEqual([]);
    expect(edition.manifest.quality!.holes.pages).not.toContain(1);
    // The strip: the box's title and each section with its page, on page 1 as printed.
    const { pages } = await readPdf(edition.pdf);
    const continued = edition.manifest.articles.filter((a) => a.pages.length > 1);
    expect(continued.length).toBeGreaterThan(0);
    for (const article of continued) expect(pages[0].text).toContain(`Continued on Page ${article.pages[1]}`);
    const starts = new Map<string, number>();
    for (const page of edition.manifest.pages.slice(1)) for (const section of page.sections ?? [page.section]) if (!starts.has(section)) starts.set(section, page.number);
    expect(starts.size).toBeGreaterThan(0);
    for (const [section, page] of starts) expect(pages[0].text).toMatch(new RegExp(`INSIDE.* ${section} ${page}\\b`));
  }, 120_000);
});

describe('an edition a little over one page that the estimate did not try on one', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints on one page, every story whole, rather than a second page of a few lines (rendered)', async () => {
    // Three of the sample's stories: by the copy's estimate more than a page, so the front page
    // took the lead and two tasters and a second page held their last lines, 8% of it, a hole
    // under them (compose.ts planFitted, policy `onePageBelowFill`).
    dir = await mkdtemp(join(tmpdir(), 'epaper-quality-three-'));
    await sampleStories(dir, THREE_SAMPLE_STORIES);
    const {
      edition,
      composed: { composition },
    } = await buildFolderComposed(dir);
    expect(edition.manifest.pageCount).toBe(1);
    expect(edition.manifest.articles.map((a) => [a.slug, a.pages])).toEqual(expect.arrayContaining([['binh-duong-logistics', [1]], ['central-highlands-coffee', [1]], ['hoi-an-lantern-workshop', [1]]]));
    const { pages } = await readPdf(edition.pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0].text).not.toMatch(/Continued on/);
    // Every story whole on it: in the model no line lost, and in the PDF each headline once.
    expect(composition.pages).toHaveLength(1);
    expect(composition.problems).toEqual([]);
    const text = pages[0].text.replace(/\s+/g, ' ');
    for (const article of edition.manifest.articles) expect(countOf(text, article.headline), article.slug).toBe(1);
    const [rendered] = await measureRenderedEdition(await looking.get(), edition, gridFor(resolveLayoutConfig(undefined).config));
    expect(rendered.holes).toEqual([]);
  }, 120_000);
});

describe('an edition of one page with room to spare', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('sets its stories side by side so that the copy ends level, its white at the foot and not beside the text (rendered)', async () => {
    // Five of the sample's stories (the day's first proofs): the four under the lead stood stacked
    // three columns wide and the other two columns stood white from under the lead to the notice
    // at the foot, a hole 57 rows deep beside the text (search.ts searchRegionLevel).
    dir = await mkdtemp(join(tmpdir(), 'epaper-quality-one-page-'));
    await sampleStories(dir, FIVE_SAMPLE_STORIES);
    const {
      edition,
      composed: { composition, grid },
    } = await buildFolderComposed(dir);
    expect(composition.short).toBe(true);
    expect(composition.pages).toHaveLength(1);
    // In the model: every column ends within a stack's allowed white of the copy's lowest line.
    const [page] = composition.pages;
    const ends = Array.from({ length: grid.columns }, (_, column) => Math.max(...page.modules.filter((m) => m.column <= column && column < m.column + m.span).map((m) => m.top + m.rows)));
    const copyEnd = Math.max(...ends);
    for (const end of ends) expect(copyEnd - end).toBeLessThanOrEqual(DEFAULT_LAYOUT_POLICY.maxWhiteRows);

    expect(edition.manifest.pageCount).toBe(1);
    const { pages } = await readPdf(edition.pdf);
    for (const article of edition.manifest.articles) expect(countOf(pages[0].text, article.headline), article.slug).toBe(1);
    // As printed: the page's blank areas all start under its stories' boxes (less the white a
    // stack's foot may have), none beside them.
    const [rendered] = await measureRenderedEdition(await looking.get(), edition, grid);
    const storiesEnd = Math.max(...rendered.blocks.filter((b) => b.kind === 'article' || b.kind === 'brief').map((b) => b.box.y + b.box.height));
    expect(rendered.holes.length).toBeGreaterThan(0);
    for (const hole of rendered.holes) expect(hole.y, JSON.stringify(hole)).toBeGreaterThanOrEqual(storiesEnd - DEFAULT_LAYOUT_POLICY.maxWhiteRows * grid.lead);
  }, 120_000);
});

describe('an edition whose last page held only a story’s tail and a brief', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ends a page sooner, on a page as full as the rest, every paragraph once and every jump paired', async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-quality-tail-'));
    // Thirty-four articles: planned page after page, the 25th page holds a fifth of a page: a
    // story's tail and a brief (DEFAULT_LAYOUT_POLICY.compactBelowFill; compose.ts planFitted). (Thirty
    // articles, seed 1, did until sections took the depth their layout needs, layout-4; 36 at seed
    // 4 until tight lines closed their letters up, layout-12; 34 at seed 5 until briefs took small
    // heads, layout-13; at seed 6 until cut starts' photos cropped shallower, layout-22, which
    // brought seed 5's back; at seed 12 since photos stand beside their text, layout-26, when seed
    // 5's last page held a third: their last pages fill otherwise.)
    // The page-planned plan is the one before any compact try: since layout-73 the step that opens a
    // section off a page's foot (stubOpeningPagesTurned, compose.ts openingsOffFoot) also compacts
    // its own re-plan back, and with it on the baseline filled this edition's last page itself.
    const generated = await generateEdition(dir, { articles: 34, seed: 12, briefs: 7, longStoryWords: 2400 });
    const pagePlanned = await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, compactBelowFill: 0, stubOpeningPagesTurned: Infinity });
    const planned = pagePlanned.composition.pages;
    expect(measurePage(planned[planned.length - 1], pagePlanned.grid).articleShare).toBeLessThan(0.25);

    const edition = await buildFolder(dir);
    expect(edition.manifest.pageCount).toBe(planned.length - 1);
    const last = edition.manifest.pages[edition.manifest.pageCount - 1];
    expect(last.articleShare).toBeGreaterThan(0.6);
    const { pages } = await readPdf(edition.pdf);
    expect(pages).toHaveLength(planned.length - 1);
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of generated.articles) {
      for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);
      const onPages = edition.manifest.articles.find((a) => a.slug === article.slug)!.pages;
      for (let i = 0; i + 1 < onPages.length; i++) expect(pages[onPages[i] - 1].text, `${article.slug} → ${onPages[i + 1]}`).toContain(`Continued on Page ${onPages[i + 1]}`);
    }
    // As printed: no hole on the last page, and no more holes in the edition than before.
    const rendered = await measureRenderedEdition(await looking.get(), edition, pagePlanned.grid);
    expect(pagesWithHoles(rendered)).not.toContain(edition.manifest.pageCount);
    const holesBefore = planned.filter((page) => measurePage(page, pagePlanned.grid).holes.length > 0).length;
    expect(pagesWithHoles(rendered).length).toBeLessThanOrEqual(holesBefore);
  }, 180_000);
});

describe('an edition whose photos beside their text left its last page mostly white (rendered)', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs its copy on down the last page with roomy shapes on the last pages, a photo still beside its text before them, every paragraph once', async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-quality-roomy-'));
    // 12 articles, seed 2: with photos beside their text (pages 6 and 8) the copy ran out 41% down
    // page 10, and no compact plan took the page away; planned again from page 7 with no photo
    // beside its text (compose.ts lastPagesRoomier), the same stories fill 87% of it. Page 6's
    // stays beside its text. (16 articles at seed 8 until layout-36, which plans it a page shorter.)
    const generated = await generateEdition(dir, qualityEdition(12, 2));
    const { edition, composed } = await buildFolderComposed(dir);
    expect(composed.composition.pages.some((page) => page.number < 7 && page.modules.some(hasPhotoBeside))).toBe(true);
    expect(composed.composition.pages.some((page) => page.number >= 7 && page.modules.some(hasPhotoBeside))).toBe(false);
    const count = edition.manifest.pageCount;
    expect(count).toBe(composed.composition.pages.length);
    expect(edition.manifest.pages[count - 1].articleShare).toBeGreaterThan(0.5);
    const { pages } = await readPdf(edition.pdf);
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of generated.articles) for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);
    // As printed: the stories' boxes cover more than half the last page's type area, with no hole.
    const [last] = await measureRenderedEdition(await looking.get(), edition, composed.grid, { only: [count] });
    expect(last.holes).toEqual([]);
    const area = typeArea(composed.grid);
    const stories = last.blocks.filter((block) => block.kind === 'article').reduce((sum, { box }) => sum + box.width * box.height, 0);
    expect(stories / (area.width * area.height)).toBeGreaterThan(0.5);
  }, 180_000);
});

describe('a section of one-line items (rendered)', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs them across the page in level columns, every item once, the white under them and none beside them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-quality-items-'));
    // A long lead and twenty Sport items of a line each (a wire digest). Each item stands one column
    // wide only; stacks of up to three columns, each filled as far as it went, set fourteen of them
    // in two columns with three white beside them from the band to the foot (search.ts briefColumns).
    const words = ['budget', 'province', 'farmers', 'market', 'harbour', 'council', 'river', 'school', 'road', 'report'];
    const paragraph = (n: number) => `T0001P${String(n).padStart(3, '0')} ${Array.from({ length: 80 }, (_, i) => words[(i * 7 + n) % words.length]).join(' ')}.`;
    await writeFile(join(dir, 'lead.md'), `---\nheadline: A long lead story about the river\nsection: National\npriority: 1\ndate: 2019-12-04\n---\n\n${Array.from({ length: 30 }, (_, i) => paragraph(i + 1)).join('\n\n')}\n`);
    const itemToken = (i: number) => `T${String(100 + i).padStart(4, '0')}P001`;
    for (let i = 0; i < 20; i++) await writeFile(join(dir, `item${String(i).padStart(2, '0')}.md`), `---\nheadline: Short item ${i}\nsection: Sport\npriority: 4\ndate: 2019-12-04\n---\n\nShort body ${itemToken(i)}.\n`);
    const { edition, composed } = await buildFolderComposed(dir);
    expect(composed.composition.problems).toEqual([]);
    const { pages } = await readPdf(edition.pdf);
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (let n = 1; n <= 30; n++) expect(printed.count(`T0001P${String(n).padStart(3, '0')}`)).toBe(1);
    for (let i = 0; i < 20; i++) expect(printed.count(itemToken(i)), itemToken(i)).toBe(1);
    // As printed: the page with the most items has them in every column, ending within an item of
    // each other, and no hole starts above the last item's foot.
    const rendered = await measureRenderedEdition(await looking.get(), edition, composed.grid);
    const itemsOn = (page: RenderedPage) => page.blocks.filter((block) => block.slug?.startsWith('item'));
    const page = rendered.reduce((a, b) => (itemsOn(b).length > itemsOn(a).length ? b : a));
    const items = itemsOn(page);
    expect(items.length).toBeGreaterThanOrEqual(10);
    const lefts = [...new Set(items.map(({ box }) => Math.round(box.x)))];
    expect(lefts).toHaveLength(composed.grid.columns);
    const ends = lefts.map((x) => Math.max(...items.filter(({ box }) => Math.round(box.x) === x).map(({ box }) => box.y + box.height)));
    const itemHeight = Math.max(...items.map(({ box }) => box.height));
    expect(Math.max(...ends) - Math.min(...ends)).toBeLessThanOrEqual(itemHeight + composed.grid.lead);
    const bandTop = Math.min(...items.map(({ box }) => box.y));
    for (const hole of page.holes) expect(hole.y + 1, `hole at ${Math.round(hole.x)},${Math.round(hole.y)}`).toBeGreaterThanOrEqual(Math.min(...ends));
    expect(bandTop).toBeLessThan(Math.min(...ends));
  }, 180_000);
});

describe('twelve photo stories of a line each on A4 (rendered)', () => {
  let dir: string;
  let portraitDir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    if (portraitDir) await rm(portraitDir, { recursive: true, force: true });
  });
  const token = (i: number) => `T${String(i + 1).padStart(4, '0')}P001`;
  /** Twelve stories of a photo `width` × `height`, a caption and a line with its token, News and Life on A4. */
  const writePictureStories = async (prefix: string, width: number, height: number) => {
    const folder = await mkdtemp(join(tmpdir(), prefix));
    await mkdir(join(folder, 'images'));
    await writeFile(join(folder, 'edition.yaml'), 'sections:\n  - News\n  - Life\npageSize: a4\n');
    for (let i = 0; i < 12; i++) {
      const grey = 60 + i * 12;
      await sharp({ create: { width, height, channels: 3, background: { r: grey, g: 120, b: 200 - grey } } }).jpeg().toFile(join(folder, 'images', `p${i}.jpg`));
      const caption = 'The harbour board met on Tuesday to weigh plans for a new quay at the river mouth.';
      await writeFile(join(folder, `picture-${i}.md`), `---\nheadline: Picture story number ${i} of the day\nsection: ${i % 2 ? 'Life' : 'News'}\npriority: 3\ndate: 2019-12-04\nimage: images/p${i}.jpg\ncaption: ${caption}\ncredit: X\n---\n\nThe harbour ${token(i)}.\n`);
    }
    return folder;
  };
  /** Each story's token printed once in the PDF's text, on the page the manifest places it. */
  const expectEachStoryOnceOnItsPage = async (edition: Awaited<ReturnType<typeof buildFolder>>) => {
    const { pages } = await readPdf(edition.pdf);
    const printed = plantedTokens(pages.map((page) => page.text).join(' '));
    for (let i = 0; i < 12; i++) expect(printed.count(token(i)), token(i)).toBe(1);
    for (const page of edition.manifest.pages) for (const slug of page.articles) expect(pages[page.number - 1].text).toContain(token(Number(slug.split('-')[1])));
  };

  it('prints on two pages balanced, every story once, rather than ten on page 1 and two over white on page 2', async () => {
    // Each a wide photo, a caption and a line of text, in two sections: the front page's fill
    // (policy frontFillStories) took three of them for the column under the Inside box, and page 2
    // printed the last two a column wide over white, 8% of it inked (search.ts briefColumns,
    // compose.ts planFitted, PlanOptions.frontUnfilled).
    dir = await writePictureStories('epaper-quality-pictures-', 2000, 1125);
    const edition = await buildFolder(dir);
    expect(edition.manifest.pageCount).toBe(2);
    const shares = edition.manifest.pages.map((page) => page.articleShare ?? 0);
    // Page 2 was 8% inked, two stories of twelve.
    expect(Math.min(...shares), shares.join(' ')).toBeGreaterThan(0.25);
    expect(edition.manifest.pages[1].articles.length).toBeGreaterThan(2);
    await expectEachStoryOnceOnItsPage(edition);
    // The front page keeps no hole for it, as printed.
    const rendered = await measureRenderedEdition(await looking.get(), edition, gridFor(resolveLayoutConfig({ pageSize: 'a4' }).config));
    expect(rendered[0].holes).toEqual([]);
  }, 180_000);

  it('with portrait photos, fills the front page under its lead rather than printing the lead over white', async () => {
    // Photos 1125 × 2000: the lead's photo, held at the page's photo share, gave it one depth and
    // left 25 rows under it, where each story a column wide took 28 at its shallowest and the brief
    // columns tried only its cheapest shape (31): the front printed its lead alone over 25 rows of
    // white across the page, 44% inked, and every other story went to page 2 (search.ts
    // briefColumns, Material.leadPhotoRowRange).
    portraitDir = await writePictureStories('epaper-quality-portraits-', 1125, 2000);
    const edition = await buildFolder(portraitDir);
    const front = edition.manifest.pages[0];
    expect(front.articles.length, front.articles.join(' ')).toBeGreaterThan(1);
    expect(front.articleShare ?? 0).toBeGreaterThan(0.6);
    await expectEachStoryOnceOnItsPage(edition);
    const rendered = await measureRenderedEdition(await looking.get(), edition, gridFor(resolveLayoutConfig({ pageSize: 'a4' }).config));
    expect(rendered[0].holes).toEqual([]);
  }, 180_000);
});

/**
 * bin/quality.ts's edition of 30 articles at seed 2 on the Berliner, built, read back and rendered
 * once for the two tests below that read it as the default policy plans it (each built it again:
 * a compose, a print of 22 pages, a PDF read and 22 screenshots, 15–20 s of a busy machine's time).
 */
interface ReadEdition extends Measured {
  readonly generated: GeneratedEdition;
  readonly pages: Awaited<ReturnType<typeof readPdf>>['pages'];
}
let thirtyTwoPromise: Promise<ReadEdition> | undefined;
let thirtyTwoDir: string | undefined;
const thirtyTwo = () =>
  (thirtyTwoPromise ??= (async () => {
    const dir = (thirtyTwoDir = await mkdtemp(join(tmpdir(), 'epaper-quality-30-2-')));
    const generated = await generateEdition(dir, qualityEdition(30, 2));
    const measured = await measure('30 articles, seed 2', dir, generated);
    return { ...measured, generated, pages: (await readPdf(measured.edition.pdf)).pages };
  })());
afterAll(async () => {
  if (thirtyTwoDir) await rm(thirtyTwoDir, { recursive: true, force: true });
});

describe('a story started under a section’s last story, its photo on the jump (rendered)', () => {
  // 30 articles, seed 2 (bin/quality.ts's edition): Science starts in the rows under News's last
  // story on page 21 and jumps. Its head and photo, even cropped, leave no room there for the
  // text a cut start needs; it starts without its photo, and the photo and its caption print
  // under the jump head on page 22 (test/unit/planner.test.ts, where 30 articles at seed 2 show
  // the start beside white columns it had before layout-23). Until layout-26 this was seed 2's
  // Science, which then started with its portrait beside its text; until layout-70 seed 6's News,
  // which the price on stubs at a page's foot (policy shortStartCost) now plans whole; until
  // layout-73 seed 7's Science, a section opening that now opens the next page (compose.ts
  // openingsOffFoot); until layout-78 (Opinion kept off the front page) seed 5's Life, which now
  // prints on one page. Seed 2's Science printed its photo on the jump then too, but its start
  // stood beside a hole; it no longer does.
  const slug = 'a0010-science';
  it('prints the start with no hole beside it, and the photo with its caption once, on the jump’s page', async () => {
    const {
      generated,
      edition,
      composed: { articles },
      pages,
      rendered,
    } = await thirtyTwo();
    const caption = articles.find((a) => a.slug === slug)!.image!.caption!;
    const [start, jump] = edition.manifest.articles.find((a) => a.slug === slug)!.pages;
    expect(jump).toBeGreaterThan(start);
    const opening = caption.split(' ').slice(0, 4).join(' ');
    expect(pages[start - 1].text).not.toContain(opening);
    expect(pages[jump - 1].text).toContain(opening);
    expect(countOf(pages.map((p) => p.text).join(' '), opening)).toBe(1);
    expect(pages[start - 1].text).toContain(`Continued on Page ${jump}`);
    expect(pages[jump - 1].text).toContain(`Continued from Page ${start}`);
    // The photo itself is painted on the jump's page.
    expect(await imagesPainted(edition.pdf, jump)).toBeGreaterThan(0);
    // Every paragraph once, and no hole on the start's page as printed.
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of generated.articles) for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);
    expect(pagesWithHoles(rendered)).not.toContain(start);
  }, 180_000);
});

describe('an A4 edition of stories longer than its pages (rendered)', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // 8 articles at seed 5 (bin/quality.ts's edition) on A4: nearly every story is longer than a page.
  // Cut only where its rest fits one page, such a story started only at a page's top, and three
  // pages kept white under a story's tail (pages 10, 15 and 16 of 16); its rest may now run on over
  // the next pages (DEFAULT_LAYOUT_POLICY.restOverPageCost). No story jumped once, so none could be
  // a taster: the front page held its lead alone over two notices; such stories are now tried as
  // tasters where the front page would keep white (plan.ts planFront).
  it('starts a story under the tail before it and runs it on over the next pages, with no hole, a page fewer and tasters on the front', async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-a4-long-'));
    const generated = await generateEdition(dir, qualityEdition(8, 5));
    await onNamedPage(dir, 'a4');
    // (Without the front page's fill, frontFillStories, which takes that inner white away here too.)
    const oncePerPage = await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, restOverPageCost: Number.POSITIVE_INFINITY, frontFillStories: 0 });
    const before = oncePerPage.composition.pages;
    const holesBefore = before.filter((page) => measurePage(page, oncePerPage.grid).holes.length > 0).map((page) => page.number);
    expect(holesBefore.filter((page) => page < before.length).length).toBeGreaterThan(0);

    const edition = await buildFolder(dir);
    expect(edition.manifest.pageCount).toBeLessThan(before.length);
    const { pages } = await readPdf(edition.pdf);
    expect(pages).toHaveLength(edition.manifest.pageCount);
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of generated.articles) for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);
    // A story that starts under another's tail runs on page after page, every jump line paired.
    const runOn = edition.manifest.articles.filter((a) => a.pages.length >= 3 && a.pages.every((page, i) => i === 0 || page === a.pages[i - 1] + 1));
    const startsUnder = runOn.filter((a) => edition.manifest.pages[a.pages[0] - 1].articles[0] !== a.slug);
    expect(startsUnder.length).toBeGreaterThan(0);
    for (const { pages: on } of startsUnder) {
      for (let i = 0; i + 1 < on.length; i++) {
        expect(pages[on[i] - 1].text).toContain(`Continued on Page ${on[i + 1]}`);
        expect(pages[on[i + 1] - 1].text).toContain(`Continued from Page ${on[i]}`);
      }
    }
    // The front page: the lead and tasters beside it, each sent on to its rest inside.
    const front = edition.manifest.pages[0].articles;
    expect(front.length).toBeGreaterThan(2);
    for (const slug of front) expect(pages[0].text).toContain(`Continued on Page ${edition.manifest.articles.find((a) => a.slug === slug)!.pages[1]}`);
    // As printed, no page holds a hole.
    const rendered = await measureRenderedEdition(await looking.get(), edition, oncePerPage.grid);
    expect(rendered).toHaveLength(edition.manifest.pageCount);
    expect(pagesWithHoles(rendered)).toEqual([]);
    expect(edition.manifest.quality!.holes.count).toBe(0);
  }, 180_000);
});

describe('front-page jumps on the first inside section’s pages (rendered)', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // 16 articles at seed 4 (bin/quality.ts's edition): the front page's tasters from Business,
  // Science and News jumped to their own sections' pages, Business to page 8 and Science to the
  // last, page 11, while National's pages follow the front. Planned again with every front-page
  // jump on National's pages, as on a jump page, the edition keeps its 11 pages and no hole, with a
  // jump fewer, and its jumps send the reader 16 pages instead of 25 (compose.ts planFitted,
  // PlanOptions.frontJumpsNearFront).
  it('sends every front-page jump to the pages after the front, each jump line paired, every section listed once', async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-front-jumps-'));
    const generated = await generateEdition(dir, qualityEdition(16, 4));
    const {
      edition,
      composed: { grid },
    } = await buildFolderComposed(dir);
    const { pages } = await readPdf(edition.pdf);
    const listed = edition.manifest.pages;
    // National's own pages: those after the front whose first section is National, in one run.
    const nationalPages = listed.slice(1).filter((page) => page.section === 'National').map((page) => page.number);
    expect(nationalPages[0]).toBe(2);
    expect(nationalPages).toEqual(nationalPages.map((_, i) => i + 2));
    const frontJumps = edition.manifest.articles.filter((a) => a.pages[0] === 1 && a.pages.length > 1);
    expect(new Set(frontJumps.map((a) => a.section)).size).toBeGreaterThan(2);
    for (const article of frontJumps) {
      const rest = article.pages[1];
      expect(nationalPages, `${article.slug} continues on page ${rest}`).toContain(rest);
      expect(pages[0].text).toContain(`Continued on Page ${rest}`);
      expect(pages[rest - 1].text).toContain(`Continued from Page 1`);
    }
    // Every paragraph once; no hole as printed.
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of generated.articles) for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);
    expect(pagesWithHoles(await measureRenderedEdition(await looking.get(), edition, grid))).toEqual([]);
    // The outline (and the Inside box, from the same list) names each section once, at the page
    // where its own stories start, not where a jump of it landed.
    const doc = await getDocument({ data: edition.pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
    try {
      const titles = ((await doc.getOutline()) ?? []).map((item) => item.title);
      expect(titles).toEqual([...new Set(titles)]);
      for (const article of frontJumps.filter((a) => a.section !== 'National')) {
        const ownStart = listed.find((page) => page.number > 1 && page.section === article.section)?.number;
        if (ownStart !== undefined) expect(ownStart).toBeGreaterThan(nationalPages[nationalPages.length - 1]);
      }
      expect(titles).toContain('Science');
    } finally {
      await doc.destroy();
    }
  }, 180_000);
});

describe('front-page jumps near the front in a plan a page longer until its last pages are compacted (rendered)', () => {
  // 30 articles at seed 2 (bin/quality.ts's edition, the Berliner): since layout-64's one-line jump
  // heads its plan with every front-page jump on National's pages came out a page longer than the
  // plan kept, and a longer plan was never judged: the front's jumps went to pages 3, 7, 13 and 22,
  // 41 pages turned. Compacted on its last pages to as many pages as the kept plan ended on, and
  // judged against that plan, it is kept: pages 3, 4, 6 and 7, 16 turned, as many pages, no hole,
  // its last page fuller (compose.ts planFitted `frontJumpsCompacted`; tabloid 45 articles at
  // seed 1, pages 35 and 36 then, is the same case, at twice the cost to print).
  // (The edition as the test above reads it, built once for both.)
  it('sends the front page’s jumps near the front, on as many pages, every paragraph once, no hole and a full last page', async () => {
    const { generated, edition, pages, rendered } = await thirtyTwo();
    const frontJumps = [...pages[0].text.matchAll(/Continued on Page (\d+)/g)].map((match) => Number(match[1]));
    expect(frontJumps.length).toBeGreaterThan(2);
    for (const to of frontJumps) expect(pages[to - 1].text).toContain('Continued from Page 1');
    expect(Math.max(...frontJumps)).toBeLessThanOrEqual(8);
    expect(frontJumps.reduce((turned, to) => turned + (to - 1), 0)).toBeLessThanOrEqual(20);
    // No worse otherwise: the 22 pages the edition printed on, every paragraph once, no hole as
    // printed, the last page past the rule's fill.
    expect(pages.length).toBeLessThanOrEqual(22);
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of generated.articles) for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);
    expect(pagesWithHoles(rendered)).toEqual([]);
    expect(edition.manifest.pages[pages.length - 1].articleShare).toBeGreaterThanOrEqual(DEFAULT_LAYOUT_POLICY.lastPageMinFill);
  }, 240_000);
});

describe('an edition whose notices ran out before its white did (rendered)', () => {
  // 28 articles at seed 12 (bin/quality.ts's edition): National's pages 5 and 7 took four of the
  // five notices, and page 6's 24 rows of white under a story's rest took the fifth at its foot,
  // eleven rows white above it. A notice now runs again where it closes such white, three pages
  // or more from its other appearance (compose.ts houseAdsFor `repeat`, layout-58). Since one
  // notice closes what two stacked did (layout-68), the five last that edition: with three of
  // them, page 6's white was left again once each had run. Since layout-70 (stubs at a page's
  // foot priced, policy shortStartCost) seed 12 leaves no such white; seed 15 did, on page 11, until
  // layout-78 (Opinion kept off the front page) planned it otherwise; 26 articles at seed 3 with three
  // notices did, on page 14, until layout-85 (policy fullWidthShortTail) ran the tail beside that
  // white across the page. 20 articles at seed 2 on the broadsheet's six columns, with one notice,
  // do: it runs first on page 11, and page 3's white, eight pages away, is a hole without it.
  it('runs a notice a second time where it closes the white, far from where it ran first, and the page has no hole', () => qualityEditionIn(20, 2, async (dir, generated) => {
    // As `epaper quality --page-size broadsheet` sets it: the fixture's Berliner columns dropped.
    const yaml = join(dir, 'edition.yaml');
    await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('pageSize: berliner\ncolumns: 5', 'pageSize: broadsheet'));
    const one = (await collectFolder(dir)).config.houseAds.slice(0, 1);
    await appendFile(yaml, `\nhouseAds:\n${one.map((notice) => `  - headline: ${JSON.stringify(notice.headline)}\n    text: ${JSON.stringify(notice.text ?? '')}\n`).join('')}`);
    const onceEach = await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, noticeRepeatMinPages: Number.POSITIVE_INFINITY });
    expect(onceEach.grid.columns).toBe(6);
    expect(onceEach.config.houseAds).toHaveLength(1);
    const lastPage = onceEach.composition.pages.length;
    const holesInside = onceEach.composition.pages.filter((page) => page.number < lastPage && measurePage(page, onceEach.grid).holes.length > 0).map((page) => page.number);
    expect(holesInside.length).toBeGreaterThan(0);

    const edition = await buildFolder(dir);
    expect(edition.manifest.pageCount).toBe(lastPage);
    const { pages } = await readPdf(edition.pdf);
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of generated.articles) for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);
    const rendered = await measureRenderedEdition(await looking.get(), edition, onceEach.grid, { only: holesInside });
    const notices = onceEach.config.houseAds.map((notice) => notice.headline);
    const noticesOn = (page: number) => notices.filter((notice) => pages[page - 1].text.replace(/\s+/g, ' ').includes(notice));
    for (const page of holesInside) {
      expect(rendered.find((measured) => measured.number === page)!.holes, `page ${page}`).toEqual([]);
      // The page's white is closed by notices, one of which ran before, three pages or more away.
      const here = noticesOn(page);
      const again = here.filter((notice) => pages.some((_, i) => Math.abs(i + 1 - page) >= DEFAULT_LAYOUT_POLICY.noticeRepeatMinPages && noticesOn(i + 1).includes(notice)));
      expect(again.length, `page ${page}: ${here.join(', ')}`).toBeGreaterThan(0);
      for (const notice of here) {
        const elsewhere = pages.map((_, i) => i + 1).filter((other) => other !== page && noticesOn(other).includes(notice));
        for (const other of elsewhere) expect(Math.abs(other - page), notice).toBeGreaterThanOrEqual(DEFAULT_LAYOUT_POLICY.noticeRepeatMinPages);
      }
    }
    expect(edition.manifest.quality!.holes.pages.filter((page) => page < lastPage)).toEqual([]);
  }), 180_000);
});

describe('front-page jumps near the front a page longer, on A4 (rendered)', () => {
  // bin/quality.ts's A4 edition of 45 articles at seed 1. Since layout-70 priced stubs at a page's
  // foot it ended on page 67 with two of the front's jumps on Life's pages 39 and 40 ("Continued on
  // Page 40"), 142 pages turned: the plan with them near the front came out two pages longer than
  // that and was never judged. It is now kept a page longer (policy pagesTurnedPerPage,
  // compose.ts frontJumpsAPageLonger): the same short starts, no page with a hole, a jump fewer.
  it('prints the front page\'s "Continued on Page N" lines to pages near the front, each answered there', () => qualityEditionIn(45, 1, async (dir, generated) => {
    // As `epaper quality --page-size a4` sets it: the fixture's Berliner columns dropped.
    const yaml = join(dir, 'edition.yaml');
    await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('pageSize: berliner\ncolumns: 5', 'pageSize: a4'));
    const { edition, composed } = await buildFolderComposed(dir);
    expect(composed.grid.columns).toBe(4);
    const { pages } = await readPdf(edition.pdf);
    const named = [...pages[0].text.matchAll(/Continued on Page (\d+)/g)].map((match) => Number(match[1])).sort((a, b) => a - b);
    const composedFront = composed.composition.pages[0].modules.flatMap((m) => (m.continuedOn !== undefined ? [m.continuedOn] : [])).sort((a, b) => a - b);
    expect(named).toEqual(composedFront);
    expect(named).toHaveLength(3);
    for (const page of named) {
      expect(page, 'a front-page jump near the front').toBeLessThanOrEqual(15);
      expect(pages[page - 1].text).toContain('Continued from Page 1');
    }
    // No page turned past page 15 from the front page.
    expect(pages.slice(15).filter((page) => page.text.includes('Continued from Page 1 '))).toEqual([]);
    // A page longer than the plan that sent them to the back, and that page no hole.
    expect(pages).toHaveLength(68);
    const quality = edition.manifest.quality!;
    expect(quality.holes.pages).toEqual([]);
    expect(quality.shortStarts?.count).toBeLessThanOrEqual(1);
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of generated.articles) for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);
  }), 180_000);
});

describe('a head whose balanced lines left white a column wide beside them (rendered)', () => {
  // 18 articles at seed 2 (bin/quality.ts's edition), page 11: News's story across four columns
  // under Opinion's tail, its head's three balanced lines 60–80% of the measure; the white beside
  // them, with the gutter before the next column's story, was a hole. Its words are broken
  // otherwise on as many lines once the pages are set (compose.ts headsFilledBesideHoles).
  // Composed as that page was planned before layout-70 (stubs at a page's foot priced, policy
  // shortStartCost, which plans page 11 otherwise, no hole beside a head there); no generated
  // edition searched since (Berliner, tabloid, broadsheet, A4; 12 to 30 articles) sets such a head
  // under the default. The edition as built, planned by the default, prints that page without a hole.
  it('breaks its words otherwise on as many lines, the page as planned and without the hole', () => qualityEditionIn(18, 2, async (dir, generated) => {
    const asPlanned = { ...DEFAULT_LAYOUT_POLICY, shortStartCost: 0 };
    const before = await composeFolder(dir, undefined, { ...asPlanned, headlineRebreaks: 0 });
    const after = await composeFolder(dir, undefined, asPlanned);
    // The edition as built, planned by the default policy (see above).
    const { edition } = await buildFolderComposed(dir);
    const headline = (module: PlacedModule) => module.head.parts.find((part) => part.kind === 'headline')?.lines.map((line) => lineText(line.words)) ?? [];
    const holePages = (composed: ComposedFolder) => composed.composition.pages.filter((page) => measurePage(page, composed.grid).holes.length > 0).map((page) => page.number);
    const fixed = holePages(before).filter((page) => !holePages(after).includes(page));
    expect(fixed.length).toBeGreaterThan(0);
    expect(holePages(after).filter((page) => !holePages(before).includes(page))).toEqual([]);
    for (const number of fixed) {
      const [was, is] = [before, after].map((composed) => composed.composition.pages[number - 1]);
      // The plan stands: every module where it was, as deep, its body as it was.
      expect(is.modules.map(({ slug, column, span, top, rows, head }) => [slug, column, span, top, rows, head.rows])).toEqual(was.modules.map(({ slug, column, span, top, rows, head }) => [slug, column, span, top, rows, head.rows]));
      expect(is.modules.map((m) => m.columns)).toEqual(was.modules.map((m) => m.columns));
      const changed = is.modules.filter((m, i) => JSON.stringify(headline(m)) !== JSON.stringify(headline(was.modules[i])));
      expect(changed).toHaveLength(1);
      const [module] = changed;
      const wasLines = headline(was.modules[is.modules.indexOf(module)]);
      // The same words in the same order, on as many lines.
      expect(headline(module)).toHaveLength(wasLines.length);
      expect(headline(module).join(' ')).toBe(wasLines.join(' '));
    }

    const { pages } = await readPdf(edition.pdf);
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of generated.articles) for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);
    const rendered = await measureRenderedEdition(await looking.get(), edition, after.grid, { only: fixed });
    expect(rendered.map((measured) => measured.number)).toEqual(fixed);
    for (const number of fixed) {
      expect(rendered.find((measured) => measured.number === number)!.holes, `page ${number}`).toEqual([]);
      expect(edition.manifest.quality!.holes.pages).not.toContain(number);
    }
  }), 180_000);
});

/** Images a page of a PDF paints (pdf.js's operator list). */
async function imagesPainted(pdf: Uint8Array, pageNumber: number): Promise<number> {
  const doc = await getDocument({ data: pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const { fnArray } = await (await doc.getPage(pageNumber)).getOperatorList();
    return fnArray.filter((fn) => fn === OPS.paintImageXObject).length;
  } finally {
    await doc.destroy();
  }
}

/** The sample is built once for the whole file. */
let samplePromise: Promise<Measured> | undefined;
const measuredSample = () => (samplePromise ??= measure('sample', 'samples'));

describe('the model’s measures against the rendered sample edition', () => {
  let sample: Measured;
  beforeAll(async () => {
    sample = await measuredSample();
    console.info(summary(sample));
  }, 240_000);

  it('are the composition’s own: manifest holes and shares come from the composed pages', () => {
    sample.composed.composition.pages.forEach((page, i) => {
      const measured = measurePage(page, sample.composed.grid);
      const listed = sample.edition.manifest.pages[i];
      expect(listed.holes?.length, `page ${page.number}`).toBe(measured.holes.length);
      expect(listed.articleShare).toBeCloseTo(measured.articleShare, 3);
      // `fill` is the article share now, never the house ads.
      expect(listed.fill).toBeCloseTo(measured.articleShare, 2);
    });
  });

  it('find holes on the same pages as the rendered check', () => {
    expect(holeDisagreements(sample)).toEqual([]);
  });

  it('give every page’s house-ad share as the rendered data-kind boxes do', () => {
    for (const page of sample.rendered) expect(sample.edition.manifest.pages[page.number - 1].adShare, `page ${page.number}`).toBeCloseTo(page.houseAdShare, 3);
    expect(sample.edition.manifest.quality!.adShare).toBeCloseTo(renderedAdShare(sample.rendered), 3);
  });

  it('name every module of a page in the rendered markup, at its box', () => {
    for (const page of sample.rendered) {
      const composed = sample.composed.composition.pages[page.number - 1];
      // Stories and briefs (a short story set in one column) are modules alike, each of its kind.
      const articles = page.blocks.filter((b) => b.kind === 'article' || b.kind === 'brief');
      expect(articles.map((b) => `${b.kind} ${b.slug}`)).toEqual(composed.modules.map((m) => `${m.kind ?? 'article'} ${m.slug}`));
      composed.modules.forEach((m, i) => {
        expect(articles[i].box.y).toBeCloseTo(sample.composed.grid.top + m.top * sample.composed.grid.lead, 0);
        expect(articles[i].box.height).toBeCloseTo(m.rows * sample.composed.grid.lead, 0);
      });
      expect(page.blocks.filter((b) => b.kind === 'folio')).toHaveLength(1);
    }
  });

  it('end every finished story’s columns with no column two lines short of one to its right (rendered)', async () => {
    // Read off the rendered pages: the depth of each body column, in lines, of every module.
    const page = await openEditionPage(await looking.get(), sample.edition.html, async (path) => sample.edition.assets.get(path));
    try {
      const rendered = await page.evaluate((lead) =>
        Array.from(document.querySelectorAll('.page')).map((pageEl) =>
          Array.from(pageEl.querySelectorAll('article.module')).map((module) => {
            const columns = Array.from(module.querySelectorAll(':scope > .col'));
            return columns.map((column) => {
              if (column.children.length === 0) return 0;
              return Math.round((column.lastElementChild!.getBoundingClientRect().bottom - column.getBoundingClientRect().top) / lead);
            });
          }),
        ),
        sample.composed.grid.lead,
      );
      const found: string[] = [];
      let finished = 0;
      sample.composed.composition.pages.forEach((composed, p) =>
        composed.modules.forEach((module, m) => {
          const depths = rendered[p][m];
          expect(depths, `${module.slug} on page ${composed.number}`).toHaveLength(module.columns.length);
          for (const depth of depths) expect(Number.isInteger(depth), `${module.slug} on page ${composed.number}`).toBe(true);
          if (module.continuedOn !== undefined || depths.length < 2) return;
          finished++;
          depths.forEach((depth, c) => {
            if (depth > 0 && Math.max(...depths.slice(c + 1), 0) - depth >= 2) found.push(`${module.slug} on page ${composed.number}: ${depths.join('/')}`);
          });
        }),
      );
      expect(finished).toBeGreaterThan(10);
      expect(found).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('see the same holes at a finer resolution', async () => {
    // The check does not hang on its pixel size: half again as fine, the same pages.
    const finer = await measureRenderedEdition(await looking.get(), sample.edition, sample.composed.grid, { scale: 0.4 });
    expect(pagesWithHoles(finer)).toEqual(pagesWithHoles(sample.rendered));
  }, 120_000);
});

/**
 * The pages of today's composer (2026-11-29) for the same articles: the planner may not need more.
 * The layout fixture's (26) is held, with the rest of these checks, by test/render/layout-edition.test.ts,
 * which builds that edition already.
 */
const PAGES_BEFORE_THE_PLANNER: Readonly<Record<string, number>> = { sample: 8, '90 articles, two thin sections': 72 };

describe.skipIf(!PLANNER)('issue 11 done when', () => {
  const editions: Measured[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    editions.push(await measuredSample());
    const ninetyDir = await mkdtemp(join(tmpdir(), 'epaper-quality-90-'));
    dirs.push(ninetyDir);
    const ninety = await generateEdition(ninetyDir, { articles: 90, longStoryWords: 3200, briefs: 12, thinSections: 2 });
    editions.push(await measure('90 articles, two thin sections', ninetyDir, ninety));
    for (const m of editions) console.info(summary(m));
  }, 900_000);

  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  const each = (name: string, check: (m: Measured) => void | Promise<void>, timeout?: number) =>
    it.each(Object.keys(PAGES_BEFORE_THE_PLANNER))(`%s: ${name}`, async (edition) => check(editions.find((m) => m.name === edition)!), timeout);

  it('90 articles, two thin sections: has two sections under half a page', () => {
    const m = editions.find((e) => e.name.startsWith('90'))!;
    const grid = m.composed.grid;
    const halfPage = (grid.columns * grid.rows) / 2;
    // The two thin sections' material in column-rows: heads across their modules, body lines as set
    // (not the boxes, which the planner may widen or deepen to fill a page).
    for (const section of ['Life', 'Opinion']) {
      const slugs = new Set(m.composed.articles.filter((a) => a.section === section).map((a) => a.slug));
      const modules = m.composed.composition.pages.flatMap((p) => p.modules).filter((mod) => slugs.has(mod.slug));
      const cells = modules.reduce((n, mod) => n + mod.span * mod.head.rows + mod.columns.flat().filter((u) => u.kind !== 'space').reduce((k, u) => k + u.rows, 0), 0);
      expect(cells, section).toBeLessThan(halfPage);
    }
  });

  each('house ads take at most 3% of the type area (rendered boxes)', (m) => {
    expect(renderedAdShare(m.rendered)).toBeLessThanOrEqual(0.03);
  });

  each('no page but the last has a hole in the rendered page', (m) => {
    const last = m.rendered.length;
    expect(pagesWithHoles(m.rendered).filter((n) => n !== last)).toEqual([]);
  });

  each('the model’s holes in manifest.json are on the same pages as the rendered ones', (m) => {
    expect(holeDisagreements(m)).toEqual([]);
  });

  each('no story is continued more than once', (m) => {
    const continuedTwice = m.edition.manifest.articles.filter((a) => a.pages.length > 2).map((a) => `${a.slug}: pages ${a.pages.join(', ')}`);
    expect(continuedTwice).toEqual([]);
    expect(m.edition.manifest.quality!.jumps.maxPerStory).toBeLessThanOrEqual(1);
  });

  each('the lead is on page 1', (m) => {
    const top = Math.min(...m.composed.articles.map((a) => a.priority));
    const leads = m.composed.articles.filter((a) => a.priority === top).map((a) => a.slug);
    expect(m.edition.manifest.pages[0].articles.some((slug) => leads.includes(slug)), `one of ${leads.join(', ')} on page 1`).toBe(true);
  });

  each('the page count is no higher than today’s', (m) => {
    expect(m.edition.manifest.pageCount).toBeLessThanOrEqual(PAGES_BEFORE_THE_PLANNER[m.name]);
  });

  each('every paragraph is printed exactly once, in order, and every jump is paired', async (m) => {
    if (!m.generated) return; // the sample has no planted tokens; test/render/sample-edition.test.ts reads it
    const { pages } = await readPdf(m.edition.pdf);
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of m.generated.articles) {
      let last = -1;
      for (const token of article.paragraphTokens) {
        expect(printed.count(token), token).toBe(1);
        expect(printed.first(token), `${token} out of order`).toBeGreaterThan(last);
        last = printed.first(token);
      }
      const onPages = m.edition.manifest.articles.find((a) => a.slug === article.slug)!.pages;
      for (let i = 0; i + 1 < onPages.length; i++) {
        expect(pages[onPages[i] - 1].text, `${article.slug} → ${onPages[i + 1]}`).toContain(`Continued on Page ${onPages[i + 1]}`);
        expect(pages[onPages[i + 1] - 1].text, `${article.slug} ← ${onPages[i]}`).toContain(`Continued from Page ${onPages[i]}`);
      }
    }
  }, 120_000);
});
