/**
 * A front-page story's rest is not sent past most of the paper for a half-white last page (policy
 * pagesTurnedPerLastPageHole, compose.ts lastPageHoleBought, layout-85). The plan with every
 * front-page jump near the front refused any page with a hole more, the edition's last too, which
 * the rule lets keep white, whatever the pages turned: `epaper quality`'s 30 articles at seed 3
 * with pull quotes on a tabloid page kept the front's three rests on pages 22, 23 and 25 of 25 (91
 * pages turned, a pair out of the front's order) over the plan with them on pages 5, 7 and 8 (40).
 * Read from the printed PDF: the "Continued on Page N" lines on page 1, the "Continued from Page 1"
 * lines inside, and where each story's planted paragraphs resume.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityEdition } from '../../bin/quality';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { ComposedEdition } from '../../lambdas/core/edition';
import { frontJumpsOutOfOrder, pagesTurned } from '../../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY } from '../../lambdas/core/layout/policy';
import { composeFolder } from '../support/compose';
import { type GeneratedEdition, generateEdition } from '../fixtures/generate-edition';
import { buildFolderComposed, plantedTokens, readPdf, setPageSize } from '../support/edition';

interface Printed {
  readonly generated: GeneratedEdition;
  readonly composed: ComposedEdition;
  readonly pageTexts: readonly string[];
  /** Pages turned as the policy without the price (Infinity) composes the same edition. */
  readonly turnedWithout: number;
}

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'epaper-front-rest-far-'));
});

afterAll(async () => {
  await closeBrowser();
  await rm(root, { recursive: true, force: true });
});

/** bin/quality.ts's edition with pull quotes on `pageSize` (as `epaper quality --page-size` sets it: the fixture's Berliner columns dropped), built and read back. */
async function printed(articles: number, seed: number, pageSize: string): Promise<Printed> {
  const dir = join(root, `${pageSize}-${articles}-${seed}`);
  const generated = await generateEdition(dir, qualityEdition(articles, seed, true));
  await setPageSize(dir, pageSize);
  const { edition, composed } = await buildFolderComposed(dir);
  const pageTexts = (await readPdf(edition.pdf)).pages.map((page) => page.text);
  const without = await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, pagesTurnedPerLastPageHole: Infinity });
  return { generated, composed, pageTexts, turnedWithout: pagesTurned(without.composition) };
}

/** Every front-page rest printed in the first half of the paper, on the page the front names, each story's paragraphs once. */
function expectFrontRestsNearFront({ generated, pageTexts }: Printed, atLeast: number): void {
  const continued = [...pageTexts[0].matchAll(/Continued on Page (\d+)/g)].map((match) => Number(match[1]));
  expect(continued.length).toBeGreaterThanOrEqual(atLeast);
  for (const page of continued) {
    expect(page, `"Continued on Page ${page}" of ${pageTexts.length} pages`).toBeLessThanOrEqual(pageTexts.length / 2);
    expect(pageTexts[page - 1]).toContain('Continued from Page 1');
  }
  expect(pageTexts.slice(1).reduce((n, text) => n + (text.match(/Continued from Page 1(?!\d)/g) ?? []).length, 0)).toBe(continued.length);
  // Each front-page story that jumps resumes on a page the front names. A story cut in its last
  // paragraph resumes without a planted token: the jump lines above stand for it.
  const front = plantedTokens(pageTexts[0]);
  const all = plantedTokens(pageTexts.join(' '));
  let resumed = 0;
  for (const article of generated.articles) {
    for (const token of article.paragraphTokens) expect(all.count(token), token).toBe(1);
    if (front.count(article.paragraphTokens[0]) === 0) continue;
    const rest = article.paragraphTokens.find((token) => front.count(token) === 0);
    if (!rest) continue;
    const page = pageTexts.findIndex((text, i) => i > 0 && plantedTokens(text).count(rest) > 0) + 1;
    expect(continued, article.slug).toContain(page);
    resumed++;
  }
  expect(resumed).toBeGreaterThanOrEqual(continued.length - 1);
}

describe("front-page rests on a tabloid page with pull quotes (30 articles at seed 3)", () => {
  let edition: Printed;
  beforeAll(async () => {
    edition = await printed(30, 3, 'tabloid');
  }, 900_000);

  it('prints every front-page rest in the first half of the paper, where the front page says', () => {
    // The lead's and three tasters'.
    expectFrontRestsNearFront(edition, 4);
  });

  it("turns fewer pages than the plan without the price, in the front page's order", () => {
    // Without the price: pages 22, 23 and 25 of 25, one pair out of the front's order.
    expect(edition.turnedWithout).toBeGreaterThan(80);
    expect(pagesTurned(edition.composed.composition)).toBeLessThan(edition.turnedWithout / 2);
    const priorities = new Map(edition.generated.articles.map((a) => [a.slug, a.priority]));
    expect(frontJumpsOutOfOrder(edition.composed.composition, (slug) => priorities.get(slug))).toBe(0);
  });
});
