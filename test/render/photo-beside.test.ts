/**
 * A photo beside its text (layout-26, Shape.photoSide): a portrait or a square that across a
 * five-column module could only show cropped past its range stands over the module's last columns,
 * the text running down the others and on under it. 16 generated articles at seed 2 (bin/quality.ts's
 * edition): Sport's square photo opens page 10 across the page (page 9 until layout-49 moved the
 * front page's jumps to the pages after it). Composed, its module keeps the photo within its crop
 * range, every line of every story once; printed (Chromium, read back with pdf.js), no text stands
 * on the photo, the story's text prints under it, every paragraph once.
 *
 * Its stories on the rendered pages, in their order of importance as a reader sees them (the last
 * test; test/render/story-order.test.ts until 2026-12-07, which built this edition again): the
 * edition printed Business's priority-5 a0011 across
 * three columns beside the priority-4 a0004 cut in two at the same top (page 9): the lesser story
 * read as the page's top story. The planner filled the region's stacks left to right from the
 * queue, so the more important story took the first stack whatever its width (search.ts
 * lesserBesideCost). And the manifest counted three inversions for the edition, two of them the
 * front page's tasters in the column under the Inside box, beside the lead and higher than the
 * second story across four columns under it: a page an editor lays out so (measure.ts readsAbove).
 * Measured on the pages as Chromium renders them: each story's first module (`data-slug`), as the
 * manifest's `quality.priorityInversions` counts them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from '../support/pdfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition } from '../../lambdas/core/edition';
import { hasPhotoBeside, type PlacedModule } from '../../lambdas/core/layout/composition';
import { spanWidth } from '../../lambdas/core/layout/geometry';
import { DEFAULT_LAYOUT_POLICY as policy } from '../../lambdas/core/layout/policy';
import { qualityEdition } from '../../bin/quality';
import { generateEdition, type GeneratedEdition } from '../fixtures/generate-edition';
import { composeFolder, type ComposedFolder } from '../support/compose';
import { buildFolderComposed, paintedImages, plantedTokens, readPdf } from '../support/edition';
import type { Box } from '../../lambdas/core/layout/measure';
import { fileBrowser } from '../support/file-browser';
import { launchTestBrowser, measureRenderedEdition } from '../support/page-quality';

let dir: string;
let generated: GeneratedEdition;
let composed: ComposedFolder;
let across: ComposedFolder;
let edition: BuiltEdition;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-beside-'));
  generated = await generateEdition(dir, qualityEdition(16, 2));
  ({ composed, edition } = await buildFolderComposed(dir));
  across = await composeFolder(dir, undefined, { ...policy, photoBesideCost: Number.POSITIVE_INFINITY });
}, 240_000);

/** The rendered hole check's Chromium (test/support/page-quality.ts), for the stories' order as rendered. */
const looking = fileBrowser(launchTestBrowser);

afterAll(async () => {
  await looking.close();
  await closeBrowser();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const besideModules = (folder: ComposedFolder) => folder.composition.pages.flatMap((page) => page.modules.filter(hasPhotoBeside).map((module) => ({ page: page.number, module })));
const shownShare = (folder: ComposedFolder, module: PlacedModule) => {
  const source = folder.photos.get(module.photo!.ref)!;
  return module.photo!.heightPx / ((module.photo!.widthPx * source.heightPx) / source.widthPx);
};

describe('a photo beside its text, composed', () => {
  it('stands over the module\'s last columns within its crop range, where across the page it showed under 60%', () => {
    const beside = besideModules(composed);
    expect(beside.map(({ page, module }) => `${page} ${module.slug}`)).toContain('10 a0012-sport');
    for (const { page, module } of beside) {
      const where = `page ${page} ${module.slug}`;
      const photo = module.head.parts.find((part) => part.kind === 'photo')!;
      const side = module.columns.filter((column) => column[0]?.kind === 'photo-room').length;
      // The last columns, at least two of text beside it.
      expect(side, where).toBeGreaterThanOrEqual(1);
      expect(module.span - side, where).toBeGreaterThanOrEqual(2);
      module.columns.forEach((column, c) => expect(column[0]?.kind === 'photo-room', `${where} column ${c + 1}`).toBe(c >= module.span - side));
      expect(photo.width, where).toBeCloseTo(spanWidth(composed.grid, side), 3);
      expect(photo.x! + photo.width!, where).toBeCloseTo(spanWidth(composed.grid, module.span), 3);
      expect(module.photo!.widthPx, where).toBeCloseTo(photo.width!, 3);
      // Under the head, and its caption above the text under it.
      expect(photo.y, where).toBeGreaterThanOrEqual(module.head.rows * composed.grid.lead - 1e-6);
      const caption = module.head.parts.find((part) => part.kind === 'caption');
      const bottom = (caption ? caption.y + caption.height : photo.y + photo.height) - module.head.rows * composed.grid.lead;
      expect(module.columns.at(-1)![0].rows * composed.grid.lead, where).toBeGreaterThanOrEqual(bottom);
      expect(shownShare(composed, module), where).toBeGreaterThanOrEqual(1 - policy.photoCrop - 0.02);
    }
    // The same story across the page, without the choice: its photo cut to the page's photo share.
    const sport = across.composition.pages.flatMap((page) => page.modules).find((module) => module.slug === 'a0012-sport' && module.photo)!;
    expect(sport.span).toBe(5);
    expect(shownShare(across, sport)).toBeLessThan(0.6);
  });

  it('sets every line of every story once, the columns beside and under the photo near level', () => {
    expect(composed.composition.problems).toEqual([]);
    const lines = new Map<string, number>();
    for (const page of composed.composition.pages)
      for (const module of page.modules) lines.set(module.slug, (lines.get(module.slug) ?? 0) + module.columns.flat().filter((unit) => unit.kind !== 'space' && unit.kind !== 'photo-room').length);
    for (const article of composed.articles) expect(lines.get(article.slug), article.slug).toBeGreaterThan(0);
    for (const { module } of besideModules(composed)) {
      const depths = module.columns.map((column) => column.reduce((rows, unit) => rows + unit.rows, 0));
      expect(Math.max(...depths) - Math.min(...depths), module.slug).toBeLessThanOrEqual(module.span);
      expect(Math.max(...depths)).toBeLessThanOrEqual(module.rows - module.head.rows);
    }
  });
});

describe('a photo beside its text, printed', () => {
  it('prints every paragraph once, no text on the photo, and the story\'s text under it', async () => {
    const { pages } = await readPdf(edition.pdf);
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of generated.articles) for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);
    const { page: pageNumber } = besideModules(composed).find(({ module }) => module.slug === 'a0012-sport')!;
    expect(edition.manifest.articles.find((a) => a.slug === 'a0012-sport')!.pages[0]).toBe(pageNumber);
    const tokens = generated.articles.find((a) => a.slug === 'a0012-sport')!.paragraphTokens;

    const doc = await getDocument({ data: edition.pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
    const page = await doc.getPage(pageNumber);
    const pageWidth = page.view[2];
    const images = await paintedImages(page);
    const items = (await page.getTextContent()).items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [{ text: item.str, x: item.transform[4], y: item.transform[5], right: item.transform[4] + item.width }] : []));
    await doc.destroy();
    // The photo: on the page's right, narrower than the page's five columns.
    expect(images).toHaveLength(1);
    const [photo] = images;
    expect(photo.width).toBeLessThan(pageWidth * 0.7);
    expect(photo.x + photo.width).toBeGreaterThan(pageWidth * 0.8);
    // No text stands on it.
    const on = items.filter((item) => item.right > photo.x + 1 && item.x < photo.x + photo.width - 1 && item.y > photo.y + 1 && item.y < photo.y + photo.height - 1);
    expect(on.map((item) => item.text)).toEqual([]);
    // Beside it, the story's first paragraph; under it, within its columns, a later one.
    const first = items.find((item) => item.text.includes(tokens[0]))!;
    expect(first.right).toBeLessThan(photo.x);
    expect(first.y).toBeGreaterThan(photo.y);
    const under = tokens.slice(1).map((token) => items.find((item) => item.text.includes(token))).filter((item) => item && item.x >= photo.x - 1 && item.y < photo.y);
    expect(under.length).toBeGreaterThan(0);
  }, 120_000);
});

interface Start {
  readonly slug: string;
  readonly priority: number;
  readonly section: string;
  readonly page: number;
  readonly box: Box;
}

/**
 * Pairs of stories' starts on a rendered page where the less important one reads above the more
 * important one: over it in a column they share, or beside it at least as wide and higher, or as
 * high and over more of the page. `lead` (a body line, px) is the tolerance for "as high";
 * `gutter` for columns in common.
 */
function readAboveOnPage(starts: readonly Start[], lead: number, gutter: number): string[] {
  const found: string[] = [];
  for (const more of starts) {
    for (const lesser of starts) {
      if (!(more.priority < lesser.priority) || more.page !== lesser.page) continue;
      if (more.page > 1 && more.section !== lesser.section) continue;
      const a = more.box;
      const b = lesser.box;
      const shareColumns = b.x < a.x + a.width - gutter && a.x < b.x + b.width - gutter;
      const higher = b.y < a.y - lead / 2;
      const asHigh = Math.abs(b.y - a.y) <= lead / 2;
      const notNarrower = b.width >= a.width - gutter;
      const reads = shareColumns ? higher : notNarrower && (higher || (asHigh && b.width * b.height > a.width * a.height));
      if (reads) found.push(`page ${more.page}: ${lesser.slug} (priority ${lesser.priority}) reads above ${more.slug} (priority ${more.priority})`);
    }
  }
  return found;
}

describe('stories on a printed page', () => {
  it('read in their order of importance, and the manifest counts what a reader sees', async () => {
    const rendered = await measureRenderedEdition(await looking.get(), edition, composed.grid);
    const articles = new Map(generated.articles.map((article) => [article.slug, article]));
    // A story's first module: the first page its slug appears on (a continuation comes later).
    const seen = new Set<string>();
    const starts: Start[] = [];
    for (const page of rendered) {
      for (const block of page.blocks) {
        const article = block.slug ? articles.get(block.slug) : undefined;
        if (block.kind !== 'article' || !article || seen.has(article.slug)) continue;
        seen.add(article.slug);
        starts.push({ slug: article.slug, priority: article.priority, section: article.section, page: page.number, box: block.box });
      }
    }
    expect(starts.length).toBeGreaterThanOrEqual(10);
    const { lead, gutter } = composed.grid;
    const inversions = readAboveOnPage(starts, lead, gutter);
    expect(inversions).toEqual([]);
    expect(edition.manifest.quality?.priorityInversions).toBe(inversions.length);
  }, 300_000);
});
