/**
 * The print layout on a generated edition of 30+ articles across sections, with photos, a story of
 * 3,000+ words and a dozen briefs: every paragraph exactly once and in order, correct jump lines,
 * the lead on page 1, full pages, no line wider than its column, identical bytes on a rebuild.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSealedBrowser, launchSealedBrowser, openEditionPage } from '../support/edition-page';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition, ComposedEdition } from '../../lambdas/core/edition';
import { generateEdition, type GeneratedEdition } from '../fixtures/generate-edition';
import { buildFolder, buildFolderComposed, countOf, plantedTokens, readPdf, type PdfPage } from '../support/edition';
import { featheredPitch, rowsOf, setAsBodyLines } from '../../lambdas/core/layout/columns';
import { qualityEdition } from '../../bin/quality';
import { fileBrowser } from '../support/file-browser';
import { formatQuality } from '../../lambdas/core/layout/measure';
import { holeDisagreements, launchTestBrowser, measureRenderedEdition, pagesWithHoles, renderedAdShare, type RenderedPage } from '../support/page-quality';

let dir: string;
let generated: GeneratedEdition;
let edition: BuiltEdition;
/** The composition the edition printed. */
let composed: ComposedEdition;
let pages: PdfPage[];

/** One sealed Chromium for the file's tests that look at the pages. */
const sealed = fileBrowser(launchSealedBrowser, closeSealedBrowser);
/** The rendered hole check's Chromium (test/support/page-quality.ts), as test/render/page-quality.test.ts launches it. */
const looking = fileBrowser(launchTestBrowser);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-layout-'));
  generated = await generateEdition(dir, { articles: 34, longStoryWords: 3200, briefs: 12 });
  ({ edition, composed } = await buildFolderComposed(dir));
  ({ pages } = await readPdf(edition.pdf));
}, 240_000);

afterAll(async () => {
  await sealed.close();
  await looking.close();
  await closeBrowser();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Page numbers (1-based) on which `token` appears. */
function pagesWith(token: string): number[] {
  return pages.filter((p) => p.text.includes(token)).map((p) => p.number);
}

describe('the fixture edition', () => {
  it('is the edition the issue asks for: 30+ articles, a 3,000-word story, a dozen briefs, photos', () => {
    expect(generated.articles.length).toBeGreaterThanOrEqual(30);
    expect(generated.articles.some((a) => a.words >= 3000)).toBe(true);
    expect(generated.articles.filter((a) => a.kind === 'brief').length).toBeGreaterThanOrEqual(12);
    expect(generated.articles.filter((a) => a.hasPhoto).length).toBeGreaterThan(3);
    expect(edition.manifest.rejected).toEqual([]);
  });

  it('prints every paragraph token exactly once, in reading order, never moving back a page', () => {
    const printed = plantedTokens(pages.map((p) => p.text).join(' '));
    for (const article of generated.articles) {
      let lastPage = 0;
      let lastOffset = -1;
      for (const token of article.paragraphTokens) {
        expect(printed.count(token), `${article.slug} ${token}`).toBe(1);
        const offset = printed.first(token);
        const [page] = pagesWith(token);
        expect(page, `${token} moved to an earlier page`).toBeGreaterThanOrEqual(lastPage);
        if (page === lastPage) expect(offset, `${token} out of order`).toBeGreaterThan(lastOffset);
        lastPage = page;
        lastOffset = offset;
      }
    }
  });

  it('starts the lead story on page 1', () => {
    const lead = generated.articles.find((a) => a.priority === 1)!;
    expect(pagesWith(lead.headlineToken)).toContain(1);
    expect(pagesWith(lead.paragraphTokens[0])).toEqual([1]);
  });

  it('pairs every page change of a story with "Continued on Page N" and "Continued from Page M"', () => {
    let jumps = 0;
    for (const article of generated.articles) {
      const storyPages = [...new Set(article.paragraphTokens.flatMap(pagesWith))].sort((a, b) => a - b);
      const manifestPages = edition.manifest.articles.find((a) => a.slug === article.slug)!.pages;
      expect(storyPages.every((p) => manifestPages.includes(p)), article.slug).toBe(true);
      for (let i = 0; i + 1 < manifestPages.length; i++) {
        const from = manifestPages[i];
        const to = manifestPages[i + 1];
        expect(pages[from - 1].text, `${article.slug}: page ${from} → ${to}`).toContain(`Continued on Page ${to}`);
        expect(pages[to - 1].text, `${article.slug}: page ${to} ← ${from}`).toContain(`Continued from Page ${from}`);
        jumps++;
      }
    }
    // The edition is built so that stories must jump; a layout that never jumps is not tested here.
    expect(jumps).toBeGreaterThan(2);
    const onCount = pages.reduce((n, p) => n + countOf(p.text, 'Continued on Page'), 0);
    const fromCount = pages.reduce((n, p) => n + countOf(p.text, 'Continued from Page'), 0);
    expect(onCount).toBe(jumps);
    expect(fromCount).toBe(jumps);
  });

  it('leaves no hole but on the edition’s last page, and keeps house ads last and small', () => {
    // Honest measures (lambdas/core/layout/measure.ts): the ink of articles, not module boxes or ads.
    const manifestPages = edition.manifest.pages;
    const holed = manifestPages.slice(0, -1).filter((page) => page.holes!.length > 0).map((p) => p.number);
    expect(holed).toEqual([]);
    const quality = edition.manifest.quality!;
    expect(quality.adShare).toBeLessThanOrEqual(0.03);
    expect(quality.largestAdShare).toBeLessThanOrEqual(0.125);
    expect(quality.jumps.maxPerStory).toBeLessThanOrEqual(1);
    // A page inside the edition is set nearly solid: about 85% of a full page is ink (gutters, module
    // gaps and short lines are white), and the front carries the masthead and the Inside box.
    const thin = manifestPages.slice(1, -1).filter((page) => page.articleShare! + page.adShare! < 0.7).map((p) => `page ${p.number}: ${p.articleShare}`);
    expect(thin).toEqual([]);
    for (const page of manifestPages) expect(page.fill, `page ${page.number}`).toBe(Math.round(page.articleShare! * 1000) / 1000);
  });

  it('gives no line more width than its column, keeps body lines on the baseline grid with no blank line between them, and puts nothing outside its page (real Chromium)', async () => {
    const page = await openEditionPage(await sealed.get(), edition.html, async (path) => edition.assets.get(path));
    try {
      const report = await page.evaluate(() => {
        const overflows: string[] = [];
        const outside: string[] = [];
        const offGrid: string[] = [];
        const blankLines: string[] = [];
        const pastFoot: string[] = [];
        let featheredColumns = 0;
        let lines = 0;
        for (const pageEl of Array.from(document.querySelectorAll('.page'))) {
          const box = pageEl.getBoundingClientRect();
          for (const el of Array.from(pageEl.querySelectorAll('.ln, .fl, .pql'))) {
            const linesInBox = el.querySelectorAll('br').length + 1;
            lines += linesInBox;
            if (el.classList.contains('fl')) {
              // Body lines (single or a justified run) sit on the column's baseline grid: a box is
              // exactly its line count in grid rows and starts a whole number of rows down. A
              // feathered column (.fe) sets its lines at its own, slightly wider pitch; its lines
              // still follow one another with no white between them but a crosshead's row.
              const lead = parseFloat(getComputedStyle(el).lineHeight);
              const top = el.getBoundingClientRect().top - el.parentElement!.getBoundingClientRect().top;
              const height = el.getBoundingClientRect().height;
              const rows = top / lead;
              const feathered = el.parentElement!.classList.contains('fe');
              if (Math.abs(height - linesInBox * lead) > 0.01 || (!feathered && Math.abs(rows - Math.round(rows)) > 0.001)) {
                offGrid.push(`${height.toFixed(2)}px for ${linesInBox} lines at row ${rows.toFixed(3)}: ${el.textContent?.slice(0, 40)}`);
              }
            }
            const range = document.createRange();
            range.selectNodeContents(el);
            const ink = range.getBoundingClientRect();
            const own = el.getBoundingClientRect();
            if (ink.width > own.width + 0.5) overflows.push(`${(ink.width - own.width).toFixed(2)}px: ${el.textContent}`);
            if (ink.left < box.left - 0.5 || ink.right > box.right + 0.5 || ink.top < box.top - 0.5 || ink.bottom > box.bottom + 0.5) outside.push(el.textContent ?? '');
          }
          for (const column of Array.from(pageEl.querySelectorAll('.col'))) {
            // No blank line between paragraphs: each line box meets the one before it, but where a
            // crosshead takes its row of space, a table's rule or a figure's caption gap.
            const children = Array.from(column.children).filter((child) => child.matches('figure, .pq') || (child.textContent ?? '').trim() !== '');
            const feathered = column.classList.contains('fe');
            if (feathered) featheredColumns++;
            const foot = column.closest('.module')!.getBoundingClientRect().bottom;
            for (let i = 1; i < children.length; i++) {
              const gap = children[i].getBoundingClientRect().top - children[i - 1].getBoundingClientRect().bottom;
              const spaced = children[i].classList.contains('xh') || children[i].matches('figure, .pq') || children[i - 1].matches('figure, .pq');
              if (!spaced && Math.abs(gap) > 0.5) blankLines.push(`${gap.toFixed(1)}px before ${children[i].textContent?.slice(0, 40)}`);
            }
            // A feathered column's text ends within its module, no lower than the plan's foot.
            const last = children.at(-1)?.getBoundingClientRect().bottom ?? 0;
            if (feathered && last > foot + 0.5) pastFoot.push(`${(last - foot).toFixed(2)}px: ${column.textContent?.slice(0, 40)}`);
          }
          for (const el of Array.from(pageEl.querySelectorAll('img, .module, header, aside, footer'))) {
            const r = el.getBoundingClientRect();
            if (r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5 || r.left < box.left - 0.5 || r.top < box.top - 0.5) outside.push(el.className);
          }
        }
        return { overflows, outside, offGrid, lines, blankLines, pastFoot, featheredColumns };
      });
      expect(report.lines).toBeGreaterThan(1000);
      expect(report.blankLines).toEqual([]);
      expect(report.pastFoot).toEqual([]);
      expect(report.featheredColumns).toBeGreaterThan(0);
      expect(report.overflows).toEqual([]);
      expect(report.outside).toEqual([]);
      expect(report.offGrid).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('prints every column of every story as deep as the composer set it: level columns end level, a feathered or levelled one within a pixel or two above its foot (real Chromium)', async () => {
    // The composer's model the edition printed.
    const { composition, grid } = composed;
    const page = await openEditionPage(await sealed.get(), edition.html, async (path) => edition.assets.get(path));
    try {
      // Per page, per article module in print order, each column's depth: its last box's foot under the column's top.
      const printed = await page.evaluate(() =>
        Array.from(document.querySelectorAll('.page')).map((pageEl) =>
          Array.from(pageEl.querySelectorAll('.module[data-kind="article"], .module[data-kind="brief"]')).map((module) =>
            Array.from(module.querySelectorAll(':scope > .col')).map((column) => {
              const last = column.lastElementChild;
              return last ? last.getBoundingClientRect().bottom - column.getBoundingClientRect().top : 0;
            }),
          ),
        ),
      );
      let columns = 0;
      let spread = 0;
      const wrong: string[] = [];
      composition.pages.forEach((composed, p) => {
        composed.modules.forEach((module, k) => {
          module.columns.forEach((column, c) => {
            const planned = rowsOf(column) * grid.lead;
            const depth = printed[p][k][c];
            // A feathered column's pitch is rounded down to the layout unit: a 64th of a pixel short a line at most.
            const lines = column.filter(setAsBodyLines).reduce((n, u) => n + u.lines.length, 0);
            const slack = featheredPitch(column, grid.lead) === undefined ? 0.05 : lines / 64 + 0.05;
            if (featheredPitch(column, grid.lead) !== undefined) spread++;
            columns++;
            if (depth > planned + 0.05 || depth < planned - slack) wrong.push(`page ${composed.number} ${module.slug} column ${c + 1}: ${depth.toFixed(2)}px printed, ${planned.toFixed(2)} set`);
          });
        });
      });
      expect(wrong).toEqual([]);
      expect(columns).toBeGreaterThan(150);
      expect(spread).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('passes the composer’s own rule checks: no widow, orphan, one-line fragment or overflow', () => {
    expect(edition.manifest.warnings.filter((w) => w.file === 'layout')).toEqual([]);
  });

  it('downsamples every photo to at most 200 ppi at its printed size, without stretching it', async () => {
    const photos = [...edition.html.matchAll(/<img class="photo" src="([^"]+)"[^>]*style="[^"]*width:([\d.]+)px;height:([\d.]+)px/g)];
    expect(photos.length).toBeGreaterThan(3);
    for (const [, src, width, height] of photos) {
      const meta = await sharp(Buffer.from(edition.assets.get(src)!.body)).metadata();
      const ppi = (px: number, cssPx: number) => px / (cssPx / 96);
      expect(ppi(meta.width!, Number(width)), src).toBeLessThanOrEqual(201);
      expect(ppi(meta.height!, Number(height)), src).toBeLessThanOrEqual(201);
      // Cropped to the box's shape, so object-fit never distorts it.
      expect(Math.abs(meta.width! / meta.height! - Number(width) / Number(height))).toBeLessThan(0.02);
    }
  });

  it('builds byte-identical PDFs from the same input', async () => {
    const again = await buildFolder(dir);
    expect(again.fingerprint).toBe(edition.fingerprint);
    expect(Buffer.from(again.pdf).equals(Buffer.from(edition.pdf))).toBe(true);
    expect(again.html).toBe(edition.html);
  }, 180_000);
});

describe('the fixture edition against issue 11’s “Done when”, as Chromium renders it', () => {
  // Checked here rather than beside the sample and the 90-article edition in
  // test/render/page-quality.test.ts, which built this edition a second time for it. Every
  // paragraph once and in order and every jump paired are the tests above.
  /** The pages of the composer before the planner (2026-11-29) for this edition: the planner may not need more. */
  const PAGES_BEFORE_THE_PLANNER = 26;
  let rendered: RenderedPage[];
  beforeAll(async () => {
    rendered = await measureRenderedEdition(await looking.get(), edition, composed.grid);
    console.info(`page-quality: layout fixture: ${edition.manifest.pageCount} pages · model: ${formatQuality(edition.manifest.quality!)} · rendered: ads ${(renderedAdShare(rendered) * 100).toFixed(1)}%, holes on pages [${pagesWithHoles(rendered).join(', ')}]`);
  }, 240_000);

  it('house ads take at most 3% of the type area (rendered boxes)', () => {
    expect(renderedAdShare(rendered)).toBeLessThanOrEqual(0.03);
  });

  it('no page but the last has a hole in the rendered page', () => {
    expect(pagesWithHoles(rendered).filter((n) => n !== rendered.length)).toEqual([]);
  });

  it('the model’s holes in manifest.json are on the same pages as the rendered ones', () => {
    expect(holeDisagreements({ edition, composed, rendered })).toEqual([]);
  });

  it('no story is continued more than once', () => {
    const continuedTwice = edition.manifest.articles.filter((a) => a.pages.length > 2).map((a) => `${a.slug}: pages ${a.pages.join(', ')}`);
    expect(continuedTwice).toEqual([]);
    expect(edition.manifest.quality!.jumps.maxPerStory).toBeLessThanOrEqual(1);
  });

  it('the lead is on page 1', () => {
    const top = Math.min(...composed.articles.map((a) => a.priority));
    const leads = composed.articles.filter((a) => a.priority === top).map((a) => a.slug);
    expect(edition.manifest.pages[0].articles.some((slug) => leads.includes(slug)), `one of ${leads.join(', ')} on page 1`).toBe(true);
  });

  it('the page count is no higher than before the planner', () => {
    expect(edition.manifest.pageCount).toBeLessThanOrEqual(PAGES_BEFORE_THE_PLANNER);
  });
});

describe('sections whose every story starts on the front page, printed', () => {
  // 12 generated articles, seed 6: News's and Science's only stories are front-page tasters (News
  // and Science come last in the section order), and their rests are printed on the first inside
  // section's pages, not on pages 9 and 10 (test/unit/planner.test.ts plans 16 articles at seed 1
  // alike; this test printed that edition until layout-46, whose front page holds other tasters).
  let small: { generated: GeneratedEdition; edition: BuiltEdition; pages: PdfPage[]; dir: string } | undefined;
  beforeAll(async () => {
    const smallDir = await mkdtemp(join(tmpdir(), 'epaper-layout-small-'));
    const smallGenerated = await generateEdition(smallDir, qualityEdition(12, 6));
    const smallEdition = await buildFolder(smallDir);
    small = { generated: smallGenerated, edition: smallEdition, pages: (await readPdf(smallEdition.pdf)).pages, dir: smallDir };
  }, 240_000);
  afterAll(async () => {
    if (small) await rm(small.dir, { recursive: true, force: true });
  });

  it('sends the reader from page 1 to page 5 at the farthest, and prints every paragraph once', () => {
    const { generated: g, edition: e, pages: printed } = small!;
    const tokens = plantedTokens(printed.map((p) => p.text).join(' '));
    const onlyJumps = g.articles.filter((a) => ['News', 'Science'].includes(e.manifest.articles.find((m) => m.slug === a.slug)!.section));
    expect(onlyJumps).toHaveLength(2);
    for (const article of onlyJumps) {
      const [from, to] = e.manifest.articles.find((m) => m.slug === article.slug)!.pages;
      expect(from, article.slug).toBe(1);
      expect(to, article.slug).toBeLessThanOrEqual(5);
      expect(printed[0].text).toContain(`Continued on Page ${to}`);
      expect(printed[to - 1].text).toContain('Continued from Page 1');
      // Its paragraphs: each printed once, the last of them on the jump's page.
      for (const token of article.paragraphTokens) expect(tokens.count(token), token).toBe(1);
      expect(printed[to - 1].text).toContain(article.paragraphTokens.at(-1));
    }
    for (const article of g.articles) for (const token of article.paragraphTokens) expect(tokens.count(token), `${article.slug} ${token}`).toBe(1);
  });
});
