/**
 * Stories on a printed page in their order of importance, as a reader sees them: `epaper
 * quality`'s 16 articles at seed 2 on a Berliner page printed Business's priority-5 a0011 across
 * three columns beside the priority-4 a0004 cut in two at the same top (page 9): the lesser story
 * read as the page's top story. The planner filled the region's stacks left to right from the
 * queue, so the more important story took the first stack whatever its width (search.ts
 * lesserBesideCost). And the manifest counted three inversions for the edition, two of them the
 * front page's tasters in the column under the Inside box, beside the lead and higher than the
 * second story across four columns under it: a page an editor lays out so (measure.ts readsAbove).
 * Measured on the pages as Chromium renders them: each story's first module (`data-slug`), as the
 * manifest's `quality.priorityInversions` counts them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { Box } from '../../lambdas/core/layout/measure';
import { qualityEditionIn } from '../support/compose';
import { buildFolderComposed } from '../support/edition';
import { fileBrowser } from '../support/file-browser';
import { launchTestBrowser, measureRenderedEdition } from '../support/page-quality';
import { onNamedPage } from '../support/sample-stories';

const looking = fileBrowser(launchTestBrowser);

afterAll(async () => {
  await looking.close();
  await closeBrowser();
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
    const { edition, composed, generated } = await qualityEditionIn(16, 2, async (dir, made) => {
      await onNamedPage(dir, 'berliner');
      return { ...(await buildFolderComposed(dir)), generated: made };
    });
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
