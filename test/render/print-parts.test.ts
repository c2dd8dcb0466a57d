/**
 * A long edition is printed in parts and joined (build-edition.ts, PRINT_POLICY): the joined PDF
 * must have the same pages with the same text as one print of the whole edition, and stay
 * byte-deterministic.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumRenderer, closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { loadEditionResources } from '../../lambdas/adapters/resources';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { buildEdition, printOrder, printParts } from '../../lambdas/core/build-edition';
import type { BuiltEdition } from '../../lambdas/core/edition';
import type { Asset, RenderOptions, RenderResult } from '../../lambdas/core/ports';
import { generateEdition } from '../fixtures/generate-edition';
import { quietLogger, readPdf } from '../support/edition';

let dir: string;
const sequential = new ChromiumRenderer();
/** How many documents each build printed. */
const printed: number[] = [];
/** The most documents a build had printing at once. */
const mostAtOnce: number[] = [];

async function build(pagesPerPrint: number | undefined, renderer: ChromiumRenderer = sequential, browserInPages?: number): Promise<BuiltEdition> {
  let documents = 0;
  let printing = 0;
  let most = 0;
  const counting = {
    concurrentRenders: renderer.concurrentRenders,
    prepare: () => renderer.prepare(),
    render: async (html: string, assets: ReadonlyMap<string, Asset>, options: RenderOptions): Promise<RenderResult> => {
      documents++;
      most = Math.max(most, ++printing);
      try {
        return await renderer.render(html, assets, options);
      } finally {
        printing--;
      }
    },
  };
  const outcome = await buildEdition({
    source: new FsInputSource(dir),
    renderer: counting,
    images: new SharpImages(),
    resources: await loadEditionResources(),
    logger: quietLogger,
    now: () => new Date('2019-12-04T08:00:00Z'),
    ...(pagesPerPrint ? { pagesPerPrint } : {}),
    ...(browserInPages !== undefined ? { browserInPages } : {}),
  })({});
  if (!outcome.ok) throw new Error(outcome.reason);
  printed.push(documents);
  mostAtOnce.push(most);
  return outcome.edition;
}

/**
 * The edition printed as one document, built once for the tests that compare a print in parts with
 * it (a build is most of a test's time here).
 */
let wholePrint: Promise<{ edition: BuiltEdition; pdf: Awaited<ReturnType<typeof readPdf>> }> | undefined;
const printedWhole = () =>
  (wholePrint ??= build(undefined).then(async (edition) => ({ edition, pdf: await readPdf(edition.pdf) })));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-parts-'));
  await generateEdition(dir, { articles: 12, briefs: 2, longStoryWords: 1200, seed: 5 });
}, 60_000);

/** This process's browser profiles: one folder per browser it has running. */
async function ownProfiles(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith(`epaper-chromium-${process.pid}-`));
}

afterAll(async () => {
  await closeBrowser();
  await rm(dir, { recursive: true, force: true });
});

describe('printing in parts', () => {
  it('splits pages into equal parts of at most the limit, in order', () => {
    expect(printParts(5, 48)).toEqual([[0, 5]]);
    expect(printParts(197, 48)).toEqual([[0, 39], [39, 79], [79, 118], [118, 158], [158, 197]]);
    expect(printParts(7, 2)).toEqual([[0, 2], [2, 4], [4, 5], [5, 7]]);
  });

  it('gives two browsers parts that weigh together no more than one browser holding the limit, in full rounds', () => {
    // Two browsers, each about 20 pages' worth of memory of its own: parts of at most 14 pages.
    const parts = printParts(97, 48, 2);
    expect(parts).toHaveLength(8);
    expect(parts.flat()[0]).toBe(0);
    expect(parts.at(-1)![1]).toBe(97);
    for (const [start, end] of parts) expect(end - start).toBeLessThanOrEqual(14);
    // Five parts of 12 would leave one browser idle through the last round: six.
    expect(printParts(60, 48, 2)).toEqual([[0, 10], [10, 20], [20, 30], [30, 40], [40, 50], [50, 60]]);
    // What one browser can hold stays one document.
    expect(printParts(48, 48, 2)).toEqual([[0, 48]]);
    expect(printParts(7, 4, 2, 0)).toEqual([[0, 2], [2, 4], [4, 5], [5, 7]]);
  });

  it('starts the largest part first, so that the last to start are the quickest; equal ones in page order', () => {
    expect(printOrder([3, 5, 4])).toEqual([1, 2, 0]);
    expect(printOrder([2, 2, 3, 2])).toEqual([2, 0, 1, 3]);
    expect(printOrder([7])).toEqual([0]);
    expect(printOrder([])).toEqual([]);
  });

  it('gives the same pages with the same text as one print, and the same bytes every time', async () => {
    const { edition: whole, pdf: one } = await printedWhole();
    const parts = await build(2);
    // Chromium stamps its print time to the second: step past it so that the raw prints differ.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await build(2);
    const pageCount = whole.manifest.pageCount;
    expect(pageCount).toBeGreaterThanOrEqual(4);
    expect(printed.slice(0, 3)).toEqual([1, Math.ceil(pageCount / 2), Math.ceil(pageCount / 2)]);

    const joined = await readPdf(parts.pdf);
    expect(joined.pages.length).toBe(pageCount);
    expect(joined.pages.map((p) => p.text)).toEqual(one.pages.map((p) => p.text));
    expect(joined.pages.map((p) => [p.widthPt, p.heightPt])).toEqual(one.pages.map((p) => [p.widthPt, p.heightPt]));
    expect(joined.fontNames.sort()).toEqual(one.fontNames.sort());
    // The edition's metadata and outline are set on the joined file as on a single print.
    const [single, split] = await Promise.all([PDFDocument.load(whole.pdf, { updateMetadata: false }), PDFDocument.load(parts.pdf, { updateMetadata: false })]);
    expect(split.getTitle()).toBe(single.getTitle());
    expect(split.getTitle()).toContain('2019-12-04');
    expect(split.getCreationDate()).toEqual(single.getCreationDate());
    expect(Buffer.from(parts.pdf).toString('latin1')).toContain('/Outlines');
    expect(Buffer.from(again.pdf).equals(Buffer.from(parts.pdf))).toBe(true);
    // The HTML written beside the PDF is still the whole edition, as one document.
    expect(parts.html).toBe(whole.html);
  }, 240_000);

  it('prints parts side by side in two browsers, with the same pages and text as one print', async () => {
    const { edition: whole, pdf: one } = await printedWhole();
    const profilesBefore = await ownProfiles();
    // A limit of 4 pages, browsers that weigh nothing: two browsers get parts of two pages.
    const sideBySide = await build(4, new ChromiumRenderer({ browsers: 2 }), 0);
    const pageCount = whole.manifest.pageCount;
    // Parts of two pages, two of them printing at once, each in a browser of its own.
    expect(printed.at(-1)).toBeGreaterThanOrEqual(Math.ceil(pageCount / 2));
    expect(mostAtOnce.at(-1)).toBe(2);
    expect((await ownProfiles()).length).toBe(profilesBefore.length + 1);

    const joined = await readPdf(sideBySide.pdf);
    expect(joined.pages.length).toBe(pageCount);
    expect(joined.pages.map((p) => p.text)).toEqual(one.pages.map((p) => p.text));
    expect(joined.fontNames.sort()).toEqual(one.fontNames.sort());
  }, 240_000);
});
