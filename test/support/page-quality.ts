/**
 * Test support: the page measures as real Chromium prints them (issue 11, "Done when"). Each page
 * of an edition's HTML is loaded the way lambdas/adapters/chromium-renderer.ts loads it (sealed,
 * JavaScript off, print media, answered from memory on the made-up origin), screenshotted at a
 * low resolution, and looked at as ink: every pixel that is not near-white is ink, so photos, rules,
 * tinted boxes, the masthead and the section bands all are. A hole is a blank rectangle of at least
 * 0.9 body column × 8 body lines inside the type area (margins and folio left out), found with the
 * same blank-area search as the model's measures (lambdas/core/layout/measure.ts), on pixels.
 *
 * The house-ad share is read from the rendered `data-kind="house-ad"` boxes.
 */
import sharp from 'sharp';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { chromiumBinary } from '../../lambdas/adapters/chromium-binary.js';
import { sealedLaunchArgs } from '../../lambdas/adapters/chromium-renderer';
import { sealedFontEnvironment } from './edition-page';
import type { Grid } from '../../lambdas/core/layout/config';
import { findBlankAreas, findFootBands, MEASURE_POLICY, measurePage, NEAR_HOLE_POLICY, typeArea, type Box, type MeasurePolicy } from '../../lambdas/core/layout/measure';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import type { Asset } from '../../lambdas/core/ports';

const ORIGIN = 'https://edition.invalid';
const URL_OF_EDITION = `${ORIGIN}/edition.html`;

/** How the pixels are read. */
export const RENDERED_CHECK = {
  /**
   * Device pixels per CSS px: a 9 pt body line on 11 pt leading (14.7 px) is 3.7 pixels, enough
   * to see a line, and a 100-page edition stays a few megapixels.
   */
  scale: 0.25,
  /** A pixel is white when every channel is at least this: the house-ad tint (#f3f1ea) is ink. */
  whiteAtLeast: 248,
  /**
   * White bands at a page's foot are looked for this many rows shallower than the model's minimum
   * (MEASURE_POLICY.footWhiteMinRows): a house notice's double rule stands a few px outside its grid
   * box, so the three rows under a notice the model counts print 2.7 rows deep (Berliner 16/1, page 3).
   */
  footWhiteSlackRows: 0.5,
} as const;

/** One page as Chromium rendered it. */
export interface RenderedPage {
  readonly number: number;
  /** Holes (MEASURE_POLICY's size) in CSS px from the page's top-left corner. */
  readonly holes: readonly Box[];
  /** Blank areas of NEAR_HOLE_POLICY's size (holes included). */
  readonly nearHoles: readonly Box[];
  /** White bands at the type area's foot as measure.ts whiteFeet finds them, on pixels, down to RENDERED_CHECK.footWhiteSlackRows shallower. */
  readonly whiteFeet: readonly Box[];
  /** House-ad boxes over the type area, from the rendered `data-kind="house-ad"` elements. */
  readonly houseAdShare: number;
  /** Every element with a data-kind, with its rendered box relative to the page. */
  readonly blocks: readonly { readonly kind: string; readonly slug?: string; readonly box: Box }[];
}

export interface EditionFiles {
  readonly html: string;
  readonly assets: ReadonlyMap<string, Asset>;
}

/** One Chromium for a test file, launched like the renderer's (sealed arguments and fonts, headless shell). */
export async function launchTestBrowser(): Promise<Browser> {
  const { default: puppeteer } = await import('puppeteer-core');
  const { path, args } = await chromiumBinary();
  return puppeteer.launch({ executablePath: path, args: sealedLaunchArgs(args), ...sealedFontEnvironment(path), headless: 'shell' });
}

/** A sealed page holding the edition: the edition's HTML and assets from memory, nothing else. */
async function openEdition(browser: Browser, edition: EditionFiles): Promise<Page> {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = new URL(request.url());
    if (url.origin !== ORIGIN) return void request.abort();
    if (url.pathname === '/edition.html') return void request.respond({ contentType: 'text/html; charset=utf-8', body: edition.html });
    const asset = edition.assets.get(decodeURIComponent(url.pathname.slice(1)));
    if (!asset) return void request.abort();
    return void request.respond({ contentType: asset.contentType, body: Buffer.from(asset.body) });
  });
  await page.emulateMediaType('print');
  await page.goto(URL_OF_EDITION, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page;
}

/** Ink mask (1 = ink) of a page screenshot, cut to the type area. */
async function inkOfTypeArea(png: Uint8Array, area: Box, scale: number): Promise<{ ink: Uint8Array; width: number; height: number; x0: number; y0: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  // Only whole pixels inside the type area: a pixel half in the margin is not looked at.
  const x0 = Math.ceil(area.x * scale);
  const y0 = Math.ceil(area.y * scale);
  const x1 = Math.min(info.width, Math.floor((area.x + area.width) * scale));
  const y1 = Math.min(info.height, Math.floor((area.y + area.height) * scale));
  const width = x1 - x0;
  const height = y1 - y0;
  const ink = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = ((y + y0) * info.width + x + x0) * info.channels;
      const white = data[i] >= RENDERED_CHECK.whiteAtLeast && data[i + 1] >= RENDERED_CHECK.whiteAtLeast && data[i + 2] >= RENDERED_CHECK.whiteAtLeast;
      ink[y * width + x] = white ? 0 : 1;
    }
  }
  return { ink, width, height, x0, y0 };
}

/** Blank areas of at least the policy's hole size in a type area's ink mask, in CSS px of the page. */
function holesInInk({ ink, width, height, x0, y0 }: { ink: Uint8Array; width: number; height: number; x0: number; y0: number }, grid: Grid, scale: number, policy: MeasurePolicy): Box[] {
  // Within a pixel of the minimum, as the model's raster is within a cell: a hole of exactly eight
  // lines is 29.3 pixels, and whether it shows as 29 or 30 white rows is pixel alignment.
  const minWidth = Math.floor(policy.holeMinColumns * grid.columnWidth * scale);
  const minHeight = Math.floor(policy.holeMinRows * grid.lead * scale);
  return findBlankAreas(ink, width, height, minWidth, minHeight).map((cells) => ({
    x: (cells.x + x0) / scale,
    y: (cells.y + y0) / scale,
    width: cells.width / scale,
    height: cells.height / scale,
  }));
}

/** White bands at the foot of a type area's ink mask (measure.ts findFootBands), in CSS px of the page. */
function whiteFeetInInk({ ink, width, height, x0, y0 }: { ink: Uint8Array; width: number; height: number; x0: number; y0: number }, grid: Grid, scale: number, policy: MeasurePolicy, slackRows: number): Box[] {
  const minWidth = Math.floor(policy.footWhiteMinColumns * grid.columnWidth * scale);
  const minHeight = Math.floor((policy.footWhiteMinRows - slackRows) * grid.lead * scale);
  const maxHeight = Math.ceil(policy.holeMinRows * grid.lead * scale);
  return findFootBands(ink, width, height, minWidth, minHeight, maxHeight).map((cells) => ({
    x: (cells.x + x0) / scale,
    y: (cells.y + y0) / scale,
    width: cells.width / scale,
    height: cells.height / scale,
  }));
}

/** Area of `box` inside `clip`. */
function clippedArea(box: Box, clip: Box): number {
  const w = Math.min(box.x + box.width, clip.x + clip.width) - Math.max(box.x, clip.x);
  const h = Math.min(box.y + box.height, clip.y + clip.height) - Math.max(box.y, clip.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Renders every page of the edition in `browser` and measures it. Each `.page` is screenshotted on
 * its own at RENDERED_CHECK.scale (pixels per CSS px); `onPage` may look at the PNG too. `only`: the
 * numbers of the pages a test reads, the only ones screenshotted and returned (in page order): a
 * test of one page of twenty paid for twenty screenshots, each a raster, a PNG and a hole search.
 */
export async function measureRenderedEdition(
  browser: Browser,
  edition: EditionFiles,
  grid: Grid,
  options: { scale?: number; onPage?: (number: number, png: Uint8Array) => void | Promise<void>; only?: readonly number[] } = {},
): Promise<RenderedPage[]> {
  const scale = options.scale ?? RENDERED_CHECK.scale;
  const page = await openEdition(browser, edition);
  try {
    const blocksByPage = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.page')).map((pageEl) => {
        const origin = pageEl.getBoundingClientRect();
        return Array.from(pageEl.querySelectorAll('[data-kind]')).map((el) => {
          const r = el.getBoundingClientRect();
          return {
            kind: el.getAttribute('data-kind')!,
            slug: el.getAttribute('data-slug') ?? undefined,
            box: { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height },
          };
        });
      }),
    );
    // A viewport of one page: each page is scrolled into it and captured as it stands, about twice
    // as fast as capturing beyond the viewport.
    await page.setViewport({ width: Math.ceil(grid.pageWidth), height: Math.ceil(grid.pageHeight), deviceScaleFactor: scale });
    const area = typeArea(grid);
    const typeAreaSize = area.width * area.height;
    const elements = await page.$$('.page');
    const pages: RenderedPage[] = [];
    if (options.only) {
      const missing = options.only.filter((number) => !Number.isInteger(number) || number < 1 || number > elements.length);
      if (missing.length > 0) throw new Error(`measureRenderedEdition: no page ${missing.join(', ')} in an edition of ${elements.length}`);
    }
    // print.css gives pages `content-visibility: auto`: a page scrolled into view straight from the
    // top is painted a frame later, and its capture came out blank (one hole the size of its type
    // area). Pages captured one after another happened to be painted by then; every page captured
    // is shown first, as the renderer shows every page before its screenshots
    // (chromium-renderer.ts showEveryPage), so neither path rests on that timing.
    const captured = options.only ?? elements.map((_, index) => index + 1);
    await page.evaluate((numbers) => {
      const all = document.querySelectorAll<HTMLElement>('.page');
      for (const number of numbers) all[number - 1].style.setProperty('content-visibility', 'visible');
    }, [...captured]);
    for (const [index, element] of elements.entries()) {
      if (options.only && !options.only.includes(index + 1)) continue;
      const png = new Uint8Array(await element.screenshot({ type: 'png', captureBeyondViewport: false }));
      await options.onPage?.(index + 1, png);
      const blocks = blocksByPage[index];
      const adArea = blocks.filter((b) => b.kind === 'house-ad').reduce((sum, b) => sum + clippedArea(b.box, area), 0);
      const ink = await inkOfTypeArea(png, area, scale);
      pages.push({
        number: index + 1,
        holes: holesInInk(ink, grid, scale, MEASURE_POLICY),
        nearHoles: holesInInk(ink, grid, scale, NEAR_HOLE_POLICY),
        whiteFeet: whiteFeetInInk(ink, grid, scale, MEASURE_POLICY, RENDERED_CHECK.footWhiteSlackRows),
        houseAdShare: adArea / typeAreaSize,
        blocks,
      });
    }
    return pages;
  } finally {
    await page.close();
  }
}

/** Page `number` among pages measured with `only` (which come in page order, not by index). */
export function renderedPage(pages: readonly RenderedPage[], number: number): RenderedPage {
  const page = pages.find((p) => p.number === number);
  if (!page) throw new Error(`page ${number} was not measured (measured: ${pages.map((p) => p.number).join(', ')})`);
  return page;
}

/** Numbers of the pages with a hole. */
export const pagesWithHoles = (pages: readonly { number: number; holes: readonly unknown[] }[]): number[] => pages.filter((p) => p.holes.length > 0).map((p) => p.number);

/** The house ads' share of the type area over the rendered pages, from their data-kind boxes. */
export function renderedAdShare(rendered: readonly RenderedPage[]): number {
  return rendered.reduce((sum, p) => sum + p.houseAdShare, 0) / rendered.length;
}

/** An edition as built, the composition it printed, and its pages as Chromium rendered them. */
export interface RenderedEdition {
  readonly edition: BuiltEdition;
  readonly composed: Pick<ComposedEdition, 'composition' | 'grid'>;
  readonly rendered: readonly RenderedPage[];
}

/** Pages with a hole in one check (the model's, in manifest.json, or the rendered) and not even a near miss in the other (see NEAR_HOLE_POLICY). */
export function holeDisagreements({ edition, composed, rendered }: RenderedEdition): string[] {
  const found: string[] = [];
  const describe = (boxes: readonly Box[]) => boxes.map((b) => `${Math.round(b.width)}×${Math.round(b.height)} px at (${Math.round(b.x)}, ${Math.round(b.y)})`).join(', ');
  for (const page of rendered) {
    const model = edition.manifest.pages[page.number - 1].holes ?? [];
    const modelNear = measurePage(composed.composition.pages[page.number - 1], composed.grid, NEAR_HOLE_POLICY).holes;
    if (model.length > 0 && page.nearHoles.length === 0) found.push(`page ${page.number}: the model finds ${describe(model)}, the rendered page nothing near it`);
    if (page.holes.length > 0 && modelNear.length === 0) found.push(`page ${page.number}: the rendered page shows ${describe(page.holes)}, the model nothing near it`);
  }
  return found;
}
