/**
 * White at a page's foot that the holes miss (measure.ts whiteFeet): a page whose copy stops three
 * to seven rows over its folio shows a white strip across it, and the manifest called it filled
 * (holes are eight rows deep). 16 generated articles at seed 1 (bin/quality.ts's edition, Berliner):
 * page 3 ends in two house notices side by side three rows short of the foot (until layout-81 page
 * 7 too, a brief of three lines across five columns four rows short, and page 10, a notice five rows
 * short: each now stands at the foot, the story over it feathered down, feet.ts and
 * test/render/feet-filled.test.ts; moved alone, either of page 3's notices leaves the other's band
 * across two columns). Since layout-88 (a rest over a white foot given its story's standfirst as a
 * deck, feet.ts restsDeckedToFeet) page 3's notices stand on the foot, the rest over them a deck
 * deeper; the test reads 16 articles at seed 2, page 5: Sport's rest from the front across the
 * page, a brief across four columns under it and a notice beside, five rows short of the foot (a
 * band across four columns the feet steps leave: the brief cannot be feathered, and the rest over
 * it cannot grow, the notice under it on the foot already). The manifest's `quality.whiteFeet` must name
 * every page inside the edition whose rendered foot (Chromium's pixels, read as test/support/
 * page-quality.ts reads holes) shows such a band, and only pages that show one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import { MEASURE_POLICY, measurePage } from '../../lambdas/core/layout/measure';
import type { GeneratedEdition } from '../fixtures/generate-edition';
import { qualityEditionIn } from '../support/compose';
import { buildFolderComposed, plantedTokens, readPdf } from '../support/edition';
import { fileBrowser } from '../support/file-browser';
import { launchTestBrowser, measureRenderedEdition, RENDERED_CHECK, type RenderedPage } from '../support/page-quality';

let generated: GeneratedEdition;
let edition: BuiltEdition;
let composed: ComposedEdition;
let rendered: RenderedPage[];
const looking = fileBrowser(launchTestBrowser);

beforeAll(async () => {
  [generated, { edition, composed }] = await qualityEditionIn(16, 2, async (dir, made) => [made, await buildFolderComposed(dir)] as const);
  rendered = await measureRenderedEdition(await looking.get(), edition, composed.grid);
}, 240_000);

afterAll(async () => {
  await looking.close();
  await closeBrowser();
});

/** The deepest white band at a rendered page's foot, in body rows (0 without one). */
const renderedDepth = (page: RenderedPage) => Math.max(0, ...page.whiteFeet.map((band) => band.height / composed.grid.lead));

describe('white at the foot of a page (Berliner, 16 articles at seed 2)', () => {
  it('prints every planted paragraph once: the pages measured are the whole edition', async () => {
    const { pages } = await readPdf(edition.pdf);
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of generated.articles) for (const token of article.paragraphTokens) expect(printed.count(token), token).toBe(1);
  });

  it('counts the pages whose rendered foot is a white band three rows deep, which the holes called filled', () => {
    const quality = edition.manifest.quality!;
    expect(quality.whiteFeet?.pages).toEqual(expect.arrayContaining([5]));
    expect(quality.whiteFeet?.count).toBe(quality.whiteFeet?.pages.length);
    for (const number of [5]) {
      // No hole on the page, in the model or in Chromium's pixels…
      expect(edition.manifest.pages[number - 1].holes, `page ${number}`).toEqual([]);
      expect(rendered[number - 1].holes, `page ${number}`).toEqual([]);
      // …and a band across two columns or more at its foot, as printed.
      expect(renderedDepth(rendered[number - 1]), `page ${number}`).toBeGreaterThanOrEqual(MEASURE_POLICY.footWhiteMinRows - RENDERED_CHECK.footWhiteSlackRows);
      expect(Math.max(...rendered[number - 1].whiteFeet.map((band) => band.width))).toBeGreaterThanOrEqual(MEASURE_POLICY.footWhiteMinColumns * composed.grid.columnWidth);
    }
  });

  it('names a page exactly where the rendered page shows the band, within a row', () => {
    const named = new Set(edition.manifest.quality!.whiteFeet!.pages);
    const inside = rendered.slice(0, -1);
    // The model's ink is each line's box; the print's is its glyphs, which stop short of the box's
    // foot, and a notice's rules, a few px outside its box: a band the model finds shows within
    // half a row as deep, and one the print shows a row deeper than the minimum the model finds.
    for (const page of inside) {
      if (named.has(page.number)) expect(renderedDepth(page), `page ${page.number}`).toBeGreaterThanOrEqual(MEASURE_POLICY.footWhiteMinRows - RENDERED_CHECK.footWhiteSlackRows);
      if (renderedDepth(page) >= MEASURE_POLICY.footWhiteMinRows + 1) expect(named.has(page.number), `page ${page.number}: ${renderedDepth(page).toFixed(1)} rows white at its foot`).toBe(true);
    }
    // The edition's last page may end short, and is not counted.
    expect(named.has(rendered.length)).toBe(false);
    // The composition the edition printed, measured again, names the same pages.
    const model = composed.composition.pages.slice(0, -1).filter((page) => measurePage(page, composed.grid).whiteFeet.length > 0).map((page) => page.number);
    expect(model).toEqual([...named]);
  });
});
