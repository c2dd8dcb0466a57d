/**
 * `epaper quality` (bin/quality.ts): generated editions composed with the default layout policy and
 * with a patch, each measured as the manifest measures it.
 */
import { describe, expect, it } from 'vitest';
import { formatQualityReport, qualityEdition, runQualitySweep } from '../../bin/quality';

describe('the quality sweep', () => {
  it('composes every edition with the default policy and the patch, and totals what it measured', async () => {
    const lines: string[] = [];
    // No house ads in the patch: what the default fills with the paper's notices stays white.
    const report = await runQualitySweep({ sizes: [10], seeds: [1, 2], policy: { houseAdMaxEditionShare: 0 }, log: (line) => lines.push(line) });
    expect(report.editions.map((e) => [e.articles, e.seed])).toEqual([
      [10, 1],
      [10, 2],
    ]);
    expect(lines).toHaveLength(2);
    for (const { base, patched } of report.editions) {
      expect(base.pages).toBeGreaterThan(1);
      expect(patched!.adShare).toBe(0);
      // The notices were placed in white: without them the same pages, and holes where they stood.
      expect(patched!.pages).toBe(base.pages);
      expect(patched!.holes).toBeGreaterThanOrEqual(base.holes);
    }
    expect(report.editions.some((e) => e.base.adShare > 0)).toBe(true);
    expect(report.base.pages).toBe(report.editions.reduce((sum, e) => sum + e.base.pages, 0));
    expect(report.patched!.holes).toBe(report.editions.reduce((sum, e) => sum + e.patched!.holes, 0));
    expect(report.base.uneven).toBe(report.editions.reduce((sum, e) => sum + e.base.uneven, 0));
    expect(report.base.shortStarts).toBe(report.editions.reduce((sum, e) => sum + e.base.shortStarts, 0));
    expect(report.base.topHeavyStarts).toBe(report.editions.reduce((sum, e) => sum + e.base.topHeavyStarts, 0));
    expect(report.base.thinContinuations).toBe(report.editions.reduce((sum, e) => sum + e.base.thinContinuations, 0));
    expect(report.base.hyphenatedColumnEnds).toBe(report.editions.reduce((sum, e) => sum + e.base.hyphenatedColumnEnds, 0));
    // The fixture's long made-up words hyphenate often: some column ends are crossed mid-word.
    expect(report.base.hyphenatedColumnEnds).toBeGreaterThan(0);
    expect(report.base.frontJumpsOutOfOrder).toBe(report.editions.reduce((sum, e) => sum + e.base.frontJumpsOutOfOrder, 0));
    expect(report.base.raggedCuts).toBe(report.editions.reduce((sum, e) => sum + e.base.raggedCuts, 0));
    expect(lines[0]).toMatch(/uneven columns \d+, ragged cuts \d+, hyphens/);
    expect(report.base.whiteFeet).toBe(report.editions.reduce((sum, e) => sum + e.base.whiteFeet, 0));
    // Which pages, for a reader of the JSON to look at: as many as counted, inside the edition, in order.
    for (const { base } of report.editions) {
      expect(base.whiteFeetPages).toHaveLength(base.whiteFeet);
      expect(base.whiteFeetPages.every((page, i) => page >= 1 && page < base.pages && (i === 0 || page > base.whiteFeetPages[i - 1]))).toBe(true);
    }
    expect(lines[0]).toMatch(/front jumps out of order \d+, white feet \d+, off-front starts \d+, ads/);
    expect(lines[0]).toMatch(/ragged cuts \d+, hyphens at column ends \d+, short starts \d+, top-heavy starts \d+, thin continuations \d+, front jumps out of order \d+/);
    expect(report.base.offFrontFronts).toBe(report.editions.filter((e) => e.base.offFrontStarts > 0).length);
    expect(formatQualityReport(report)).toMatch(/off-front starts on \d+ front pages/);
    expect(report.base.noticesAtPageTop).toBe(report.editions.reduce((sum, e) => sum + e.base.noticesAtPageTop, 0));
    expect(lines[0]).toMatch(/ads \d+\.\d%, notices at a page's top \d+, last page/);
    expect(formatQualityReport(report)).toMatch(/off-front starts on \d+ front pages, notices at a page's top \d+, last page/);
    expect(report.base.tombstones).toBe(report.editions.reduce((sum, e) => sum + e.base.tombstones, 0));
    expect(report.base.thinStories).toBe(report.editions.reduce((sum, e) => sum + e.base.thinStories, 0));
    expect(lines[0]).toMatch(/% ink, tombstoned heads \d+, thin stories \d+, compose/);
    expect(formatQualityReport(report)).toMatch(/last page mostly white in \d+, its foot white in \d+, tombstoned heads \d+, thin stories \d+, compose/);
    // Every jump sends the reader a page on at least.
    expect(report.base.jumpPages).toBe(report.editions.reduce((sum, e) => sum + e.base.jumpPages, 0));
    expect(report.base.jumpPages).toBeGreaterThanOrEqual(report.base.jumps);
    expect(lines[0]).toMatch(/jumps \d+ over \d+ pages/);
    expect(report.base.mostlyWhiteLastPages).toBe(report.editions.filter((e) => e.base.lastPageInk < 0.5).length);
    expect(formatQualityReport(report)).toContain('default policy: 2 editions');
    expect(formatQualityReport(report)).toContain('patched {"houseAdMaxEditionShare":0}');
    // Edition by edition: the same pages in each, so no change in pages, and as many holes or more.
    const { differences } = report;
    expect(differences!.editions).toBe(2);
    expect(differences!.measures.pages).toEqual({ mean: 0, standardError: 0 });
    const holeDeltas = report.editions.map((e) => e.patched!.holes - e.base.holes);
    expect(differences!.measures.holes.mean).toBeCloseTo((holeDeltas[0] + holeDeltas[1]) / 2, 10);
    expect(differences!.measures.holes.standardError).toBeCloseTo(Math.abs(holeDeltas[0] - holeDeltas[1]) / 2, 10);
    expect(differences!.changed).toBe(report.editions.filter((e) => e.base.adShare > 0).length);
    expect(formatQualityReport(report)).toMatch(/per edition, patched − default .*pages \+0\.00 ± 0\.00, holes [+−]\d\.\d\d ± \d\.\d\d.*; \d of 2 editions changed/);
  }, 120_000);

  it('generates the same editions with pull quotes when asked, and without them as before', async () => {
    // Without the option the generator's options are what they were before it (no `pullQuotes` key).
    expect(qualityEdition(30, 1)).toEqual({ articles: 30, seed: 1, briefs: 6, longStoryWords: 2400 });
    expect(qualityEdition(30, 1, true)).toEqual({ articles: 30, seed: 1, briefs: 6, longStoryWords: 2400, pullQuotes: true });
    const plain = await runQualitySweep({ sizes: [10], seeds: [1] });
    const quoted = await runQualitySweep({ sizes: [10], seeds: [1], pullQuotes: true });
    expect(plain.pullQuotes).toBeUndefined();
    expect(quoted.pullQuotes).toBe(true);
    // A quote adds rows to its story: the same copy, set deeper, is not the same plan.
    expect(quoted.editions[0].base).not.toEqual({ ...plain.editions[0].base, composeMs: quoted.editions[0].base.composeMs });
  }, 120_000);

  it('sets the same editions on another page size when asked', async () => {
    const berliner = await runQualitySweep({ sizes: [6], seeds: [1] });
    const a4 = await runQualitySweep({ sizes: [6], seeds: [1], pageSize: 'a4' });
    // An A4 type area is about two fifths of a Berliner's: the same copy takes more pages.
    expect(a4.base.pages).toBeGreaterThan(berliner.base.pages);
  }, 120_000);
});

describe("the quality sweep's last page", () => {
  it("names an edition whose last page's foot is white, which the white feet leave out, as the page's own measure sees it", async () => {
    // A4, 16 articles at seed 3: without the rest's deck (layout-88) the last page, 24, ends in
    // Science's rest with a notice under it and seven rows of white below; with it, on its foot.
    const report = await runQualitySweep({ sizes: [16], seeds: [3], pageSize: 'a4', policy: { footFillRestDeckLines: 0 } });
    const { base, patched } = report.editions[0];
    expect(patched!.lastPageWhiteFoot).toBe(1);
    expect(patched!.whiteFeetPages).not.toContain(patched!.pages);
    expect(base.lastPageWhiteFoot).toBe(0);
    expect(report.patched!.lastPageWhiteFeet).toBe(1);
    expect(report.base.lastPageWhiteFeet).toBe(0);
    expect(formatQualityReport(report)).toMatch(/last page mostly white in \d+, its foot white in 1, tombstoned heads \d+, thin stories \d+, compose/);
  }, 180_000);
});
