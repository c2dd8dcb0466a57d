/**
 * A rest cut once more so that two share a page, where each alone left a hole under it (compose.ts
 * restsRunOnPastHoles, policy `restsRunOnPastHoles`, layout-87). 30 generated articles at seed 2
 * (bin/quality.ts's edition) on A4: News ended in three rests of 44, 43 and 41 rows on pages 42,
 * 43 and 44 of 72 rows each; a rest is never cut again, no two fit one page, so pages 42 and 43
 * each printed a rest over a notice and some 20 rows of white, holes inside the edition. Planned
 * again with those pages' rests allowed to run on, page 42 holds one rest whole and the next under
 * it, cut at the foot, "Continued on Page 43", and page 43 its last lines over the third. Read
 * from the print: Chromium's pixels show no hole on any page but the last, the rest cut again
 * resumes on the next page where its jump line says, and every planted paragraph prints once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityEdition } from '../../bin/quality';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import type { PlacedModule } from '../../lambdas/core/layout/compose';
import { measurePage } from '../../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY } from '../../lambdas/core/layout/policy';
import { composeFolder } from '../support/compose';
import { type GeneratedEdition, generateEdition } from '../fixtures/generate-edition';
import { buildFolderComposed, plantedTokens, expectEachParagraphOnce, readPdf, setPageSize } from '../support/edition';
import { fileBrowser } from '../support/file-browser';
import { launchTestBrowser, measureRenderedEdition, type RenderedPage } from '../support/page-quality';

let dir: string;
let generated: GeneratedEdition;
let edition: BuiltEdition;
let composed: ComposedEdition;
let pageTexts: string[];
/** Pages inside the edition that the plan without the step left with a hole (the model's measure). */
let holedWithout: number[];
/** Stories whose rest runs on from page to page without the step (longer than two pages): not the step's. */
let runOnWithout: Set<string>;
/** The printed pages a reader sees those rests on, and the pages the step moved them to. */
let rendered: RenderedPage[];
const looking = fileBrowser(launchTestBrowser);

/** A module that continues a rest on the next page: continued from one page and on to the next. */
const runsOn = (module: PlacedModule, page: number) => module.continuedFrom !== undefined && module.continuedOn === page + 1;

/** A rest the step cut again: one that runs on here and did not without the step. */
const cutAgain = (module: PlacedModule, page: number) => runsOn(module, page) && !runOnWithout.has(module.slug);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-rest-runs-on-'));
  generated = await generateEdition(dir, qualityEdition(30, 2));
  await setPageSize(dir, 'a4');
  ({ edition, composed } = await buildFolderComposed(dir));
  pageTexts = (await readPdf(edition.pdf)).pages.map((page) => page.text);
  const without = await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, restsRunOnPastHoles: false });
  runOnWithout = new Set(without.composition.pages.flatMap((page) => page.modules.filter((m) => runsOn(m, page.number)).map((m) => m.slug)));
  const last = without.composition.pages.length;
  holedWithout = without.composition.pages.filter((page) => page.number < last && measurePage(page, without.grid).holes.length > 0).map((page) => page.number);
  const pages = composed.composition.pages;
  const shared = pages.filter((page) => page.modules.some((m) => cutAgain(m, page.number))).flatMap((page) => [page.number, page.number + 1]);
  const only = [...new Set([...holedWithout, ...shared])].filter((number) => number < pages.length).sort((a, b) => a - b);
  rendered = await measureRenderedEdition(await looking.get(), edition, composed.grid, { only });
}, 300_000);

afterAll(async () => {
  await looking.close();
  await closeBrowser();
  await rm(dir, { recursive: true, force: true });
});

describe('a rest cut once more so that two share a page (A4, 30 articles at seed 2)', () => {
  it('is the case described: without the step, two pages inside the edition keep a hole under a rest', () => {
    expect(holedWithout).toHaveLength(2);
  });

  it('prints every planted paragraph once, with no warning', () => {
    expectEachParagraphOnce(pageTexts.join(' '), generated.articles);
    expect(edition.manifest.warnings ?? []).toEqual([]);
  });

  it("prints no hole on those pages in Chromium's pixels, nor inside the edition in the manifest", () => {
    expect(rendered.length).toBeGreaterThanOrEqual(holedWithout.length);
    for (const page of rendered) expect(page.holes, `page ${page.number}`).toEqual([]);
    const last = edition.manifest.pageCount;
    expect(edition.manifest.pages.filter((page) => page.number < last && (page.holes ?? []).length > 0).map((page) => page.number)).toEqual([]);
  });

  it('prints the rest cut again under another rest, its jump line naming the next page, where its paragraphs resume', () => {
    const pages = composed.composition.pages;
    const again = pages.flatMap((page) => page.modules.filter((m) => cutAgain(m, page.number)).map((module) => ({ page, module })));
    expect(again.length).toBeGreaterThanOrEqual(1);
    for (const { page, module } of again) {
      // Under another story's rest, not beside it: the two share the page's columns.
      const above = page.modules.find((m) => m !== module && m.continuedFrom !== undefined && m.top + m.rows <= module.top);
      expect(above, `page ${page.number}: a rest above ${module.slug}`).toBeDefined();
      const text = pageTexts[page.number - 1];
      const next = pageTexts[page.number];
      expect(text).toContain(`Continued from Page ${module.continuedFrom}`);
      expect(text).toContain(`Continued on Page ${page.number + 1}`);
      expect(next).toContain(`Continued from Page ${page.number}`);
      // Its paragraphs are on this page and the next, each once.
      const article = generated.articles.find((a) => a.slug === module.slug)!;
      const here = article.paragraphTokens.filter((token) => plantedTokens(text).count(token) > 0);
      const after = article.paragraphTokens.filter((token) => plantedTokens(next).count(token) > 0);
      expect(here.length, `${module.slug} on page ${page.number}`).toBeGreaterThan(0);
      // A cut in its last paragraph resumes without a token of its own: the jump lines stand for it.
      if (here.at(-1) !== article.paragraphTokens.at(-1)) expect(after.length, `${module.slug} on page ${page.number + 1}`).toBeGreaterThan(0);
    }
  });
});
