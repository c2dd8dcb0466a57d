/**
 * The front page's jumps in the front page's order, as printed (jump-order.ts). Policy
 * frontRestsPassPlainPages: 45 generated articles at seed 1 (bin/quality.ts's edition, Berliner):
 * every front-page jump goes to National's pages near the front, and the lead's rest, nearly a page
 * deep, waited while the planner filled pages with the smaller rests and National's own stories:
 * "Continued on Page 7" under the lead, while News's and Science's front-page stories continued on
 * pages 3, 5 and 8 (5 pairs out of order). The jump-order step moved a rest only past pages of later
 * stories' rests, and a page of National's own stood between each. Policy frontStacksInJumpOrder:
 * 16 articles at seed 1, the column beside the lead stacked Sport's taster (continued on page 10,
 * Sport's own pages) over National's (page 4), 3 pairs out of order. Read from the printed PDF:
 * each front-page story's place on page 1 (its planted headline token) and the page its planted
 * paragraphs resume on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import { frontJumpsOutOfOrder } from '../../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY, type LayoutPolicy } from '../../lambdas/core/layout/policy';
import type { GeneratedEdition } from '../fixtures/generate-edition';
import { composeFolder, qualityEditionIn } from '../support/compose';
import { buildFolderComposed, plantedTokens, readPdf } from '../support/edition';
import { printedTextItems, type PrintedText } from '../support/pdfjs';

/** A built edition read back: what was generated, what the build composed, each page's text, the front page's text items, and the pairs the old rules planned. */
interface Printed {
  readonly generated: GeneratedEdition;
  readonly edition: BuiltEdition;
  readonly composed: ComposedEdition;
  readonly pageTexts: readonly string[];
  readonly frontItems: readonly PrintedText[];
  readonly pairsBefore: number;
}

/** Builds bin/quality.ts's edition of `articles` at `seed`, and composes it again with `before` (the policy without the change) for the pairs it planned. */
async function printed(articles: number, seed: number, before: Partial<LayoutPolicy>): Promise<Printed> {
  return qualityEditionIn(articles, seed, async (dir, generated) => {
    const { edition, composed } = await buildFolderComposed(dir);
    const old = await composeFolder(dir, undefined, { ...DEFAULT_LAYOUT_POLICY, ...before });
    const priorities = new Map(generated.articles.map((a) => [a.slug, a.priority]));
    const pageTexts = (await readPdf(edition.pdf)).pages.map((page) => page.text);
    const frontItems = (await printedTextItems(edition.pdf))[0];
    return { generated, edition, composed, pageTexts, frontItems, pairsBefore: frontJumpsOutOfOrder(old.composition, (slug) => priorities.get(slug)) };
  });
}

interface FrontJump {
  readonly slug: string;
  readonly priority: number;
  /** Its headline's first line on the front page, in PDF points. */
  readonly x: number;
  readonly y: number;
  readonly restPage: number;
}

/** The printed front-page stories that jump, in the front's reading order (measure.ts inFrontPageOrder: priority, then down, then across), each with the page its paragraphs resume on. */
function frontJumps({ generated, composed, pageTexts, frontItems }: Printed): FrontJump[] {
  const row = composed.grid.lead * 0.75; // a body row in PDF points (the grid is in CSS px)
  const front = plantedTokens(pageTexts[0]);
  const jumps = generated.articles.flatMap((article) => {
    const head = frontItems.find((item) => item.text.includes(article.headlineToken));
    // The first planted paragraph not on page 1: where the story resumes.
    const resumes = article.paragraphTokens.find((token) => front.count(token) === 0);
    if (!head || !resumes || front.count(article.paragraphTokens[0]) === 0) return [];
    const restPage = pageTexts.findIndex((text, i) => i > 0 && plantedTokens(text).count(resumes) > 0) + 1;
    return [{ slug: article.slug, priority: article.priority, x: head.x, y: head.y, restPage }];
  });
  return jumps.sort((a, b) => a.priority - b.priority || Math.round(a.y / row) - Math.round(b.y / row) || a.x - b.x);
}

/** Pairs of front-page stories whose rests come in the other order than on the front page, as printed. */
function printedPairs(jumps: readonly FrontJump[]): number {
  let pairs = 0;
  for (let i = 0; i < jumps.length; i++) for (let j = i + 1; j < jumps.length; j++) if (jumps[j].restPage < jumps[i].restPage) pairs++;
  return pairs;
}

/** Every planted paragraph once, every jump line pointing where the story resumes, and the model's count of pairs the printed one. */
function expectPrintedWhole(edition: Printed, jumps: readonly FrontJump[]): void {
  const all = plantedTokens(edition.pageTexts.join(' '));
  for (const article of edition.generated.articles) for (const token of article.paragraphTokens) expect(all.count(token), token).toBe(1);
  for (const { restPage } of jumps) {
    expect(edition.pageTexts[0]).toContain(`Continued on Page ${restPage}`);
    expect(edition.pageTexts[restPage - 1]).toContain('Continued from Page 1');
  }
  const priorities = new Map(edition.generated.articles.map((a) => [a.slug, a.priority]));
  expect(printedPairs(jumps)).toBe(frontJumpsOutOfOrder(edition.composed.composition, (slug) => priorities.get(slug)));
}

afterAll(async () => {
  await closeBrowser();
});

describe("the front page's rests past pages of the section's own (Berliner, 45 articles at seed 1)", () => {
  let edition: Printed;
  beforeAll(async () => {
    edition = await printed(45, 1, { frontRestsPassPlainPages: false });
  }, 240_000);

  it('prints every paragraph once and every jump line where its story resumes', () => {
    expectPrintedWhole(edition, frontJumps(edition));
  });

  it('continues the lead before every other front-page story', () => {
    const [lead, ...others] = frontJumps(edition);
    expect(others.length).toBeGreaterThanOrEqual(3);
    expect(lead.slug).toBe(edition.generated.articles.find((a) => a.priority === 1)!.slug);
    for (const other of others) expect(lead.restPage, `${lead.slug} on page ${lead.restPage}, ${other.slug} on page ${other.restPage}`).toBeLessThan(other.restPage);
  });

  it('prints fewer pairs out of order than the old rule planned', () => {
    // 5 with neither step; 4 with the front's stacks reordered alone.
    expect(edition.pairsBefore).toBe(4);
    expect(printedPairs(frontJumps(edition))).toBeLessThanOrEqual(2);
  });
});

describe("the front page's stacks in the order of their rests (Berliner, 16 articles at seed 1)", () => {
  let edition: Printed;
  beforeAll(async () => {
    edition = await printed(16, 1, { frontStacksInJumpOrder: false });
  }, 240_000);

  it('prints every paragraph once and every jump line where its story resumes', () => {
    expectPrintedWhole(edition, frontJumps(edition));
  });

  it('stacks stories of equal priority in one column so that the higher one continues sooner', () => {
    const jumps = frontJumps(edition);
    const column = (a: FrontJump, b: FrontJump) => Math.abs(a.x - b.x) < 2;
    let stacked = 0;
    for (const a of jumps) {
      for (const b of jumps) {
        if (a === b || a.priority !== b.priority || !column(a, b) || a.y >= b.y) continue;
        stacked++;
        expect(a.restPage, `${a.slug} over ${b.slug}`).toBeLessThan(b.restPage);
      }
    }
    // Sport's and National's tasters beside the lead.
    expect(stacked).toBeGreaterThanOrEqual(1);
  });

  it('prints fewer pairs out of order than the front as searched', () => {
    expect(edition.pairsBefore).toBe(3);
    expect(printedPairs(frontJumps(edition))).toBeLessThanOrEqual(1);
  });
});
