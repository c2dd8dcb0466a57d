import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchReport, formatBenchTable, runBench } from '../../bin/bench';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import { invocationCost, LAMBDA_PRICE_POLICY } from '../../bin/bench-cost';
import { embeddedFaces, floorPrintProblem, spread } from '../../bin/bench-process';
import { round } from '../../bin/bench-scale';
import { benchRanges, formatBenchRanges } from '../../bin/bench-runs';
import { DEFAULT_EPAPER_CONFIG } from '../../lib/config';

// A tiny run through every stage (two builds, floor, Paged.js peer on each edition, a cold `epaper
// build` process, cold composes in fresh processes, a reduced scale run): this checks the report's
// shape, never its timings.
describe('runBench report', () => {
  let report: BenchReport;
  const lines: string[] = [];

  beforeAll(async () => {
    report = await runBench({
      json: true,
      print: false,
      log: (line) => lines.push(line),
      sizes: [
        { name: 'tiny', targetPages: 2, articles: 5, briefs: 0, longStoryWords: 300, seed: 1 },
        { name: 'tiny-plus', targetPages: 3, articles: 6, briefs: 1, longStoryWords: 300, seed: 2 },
      ],
      coldStart: 'isolated',
      coldCompose: { edition: { name: 'cold-tiny', articles: 4, briefs: 0, longStoryWords: 300, seed: 3 }, runs: 1 },
      scale: { edition: { name: 'scale-tiny', articles: 9, briefs: 3, longStoryWords: 300, seed: 4 }, builds: 3, retainedBuilds: 2 },
      processEdition: { articles: 5, briefs: 0, longStoryWords: 300, seed: 3 },
      processRuns: 1,
      // The Lambda cold start needs a `cdk synth` of the render function: test/infra/render-bundle.test.ts runs it.
      lambda: false,
    });
  }, 480_000);

  afterAll(async () => {
    await closeBrowser();
  });

  it('has one entry per edition with every number filled in', () => {
    expect(report.editions.map((e) => e.name)).toEqual(['tiny', 'tiny-plus']);
    const numericFields = [
      'targetPages', 'articles', 'photos', 'words', 'pages', 'pagesWithPhotos', 'pdfBytes', 'pdfBytesPerPage',
      'pdfBudgetBytes', 'parseMs', 'composeMs', 'photosMs', 'renderMs', 'postprocessMs', 'totalMs', 'msPerPage',
      'firstRunTotalMs', 'peakRssMb', 'peakNodeRssMb', 'maxRssMb', 'floorMs', 'overheadRatio',
      'materialMs', 'planMs', 'plannerShareOfCompose', 'plannerShareOfBuild',
      'seed', 'warmUpSeed', 'memorySeed', 'memoryBuildPages',
    ] as const;
    for (const edition of report.editions) {
      for (const field of numericFields) {
        expect(Number.isFinite(edition[field]), `${edition.name}.${field}`).toBe(true);
      }
      expect(edition.pages).toBeGreaterThan(0);
      expect(edition.pdfBytes).toBeGreaterThan(1000);
      expect(edition.totalMs).toBeGreaterThan(0);
      expect(edition.floorMs).toBeGreaterThan(0);
      // Chromium runs as child processes, so the sampled total must exceed Node alone on Linux.
      if (process.platform === 'linux') expect(edition.peakRssMb).toBeGreaterThan(edition.peakNodeRssMb);
      expect(edition.articles).toBe(edition.name === 'tiny' ? 5 : 6);
      // The planner is part of compose, compose part of the build.
      expect(edition.planMs).toBeLessThanOrEqual(edition.composeMs);
      expect(edition.plannerShareOfCompose).toBeGreaterThan(0);
      expect(edition.plannerShareOfCompose).toBeLessThanOrEqual(1);
      expect(edition.plannerShareOfBuild).toBeLessThanOrEqual(edition.plannerShareOfCompose);
      // The warm build is of the size's own edition; the warm-up and the memory build of others.
      expect(edition.seed).toBe(edition.name === 'tiny' ? 1 : 2);
      expect(new Set([edition.seed, edition.warmUpSeed, edition.memorySeed]).size).toBe(3);
      for (const [field, value] of Object.entries(edition.rebuild)) expect(Number.isFinite(value), `${edition.name}.rebuild.${field}`).toBe(true);
      expect(edition.rebuild.totalMs).toBeGreaterThan(0);
      expect(edition.memoryBuildPages).toBeGreaterThan(0);
      // The Node process's peak for the memory build alone, where Linux can reset it.
      expect(edition.maxRssScope).toBe(process.platform === 'linux' ? 'build' : 'process');
    }
  });

  it('runs the peer on every edition', () => {
    expect(report.peers.map((p) => p.edition)).toEqual(['tiny', 'tiny-plus']);
    for (const peer of report.peers) {
      expect(peer.error).toBeNull();
      expect(peer.ms).toBeGreaterThan(0);
      expect(peer.pages).toBeGreaterThan(0);
      expect(Number.isFinite(peer.ratio)).toBe(true);
      // Over the floor, which is no longer than the build it is the floor of.
      const edition = report.editions.find((e) => e.name === peer.edition)!;
      expect(peer.floorRatio).toBeCloseTo(peer.ms! / edition.floorMs, 1);
    }
    expect(report.peer.ms).toBe(report.peers[1].ms);
  });

  it('measures the first compose of fresh processes', () => {
    const cold = report.coldCompose!;
    expect(cold.edition).toBe('cold-tiny');
    expect(cold.articles).toBe(4);
    expect(cold.pages).toBeGreaterThan(0);
    expect(cold.composeMsRuns).toHaveLength(1);
    for (const ms of cold.composeMsRuns) expect(ms).toBeGreaterThan(0);
    expect(cold.planMs).toBeLessThanOrEqual(cold.composeMs);
    expect(cold.plannerShareOfCompose).toBeGreaterThan(0);
  });

  it('builds the scale edition and repeats warm builds, with their peaks', () => {
    const scale = report.scale!;
    expect(scale.edition.name).toBe('scale-tiny');
    expect(scale.edition.articles).toBe(9);
    expect(scale.edition.pages).toBeGreaterThan(0);
    expect(scale.edition.referenceEdition).toBe('tiny-plus');
    expect(Number.isFinite(scale.edition.perPageRatio)).toBe(true);
    // First build against first build, the like-for-like ratio; the repeat build's kept beside it.
    const reference = report.editions.find((e) => e.name === scale.edition.referenceEdition)!;
    // (the reference's warm build is its first: new content in the warm process)
    expect(scale.edition.referenceMsPerPage).toBe(reference.msPerPage);
    expect(scale.edition.perPageRatioAgainstRepeatBuild).toBeCloseTo(scale.edition.msPerPage / reference.rebuild.msPerPage, 1);
    expect(scale.edition.peakRssMb).toBeGreaterThan(0);
    expect(scale.warmBuilds.edition).toBe('tiny-plus');
    expect(scale.warmBuilds.totalMs).toHaveLength(3);
    expect(scale.warmBuilds.peakRssMb).toHaveLength(3);
    for (const peak of scale.warmBuilds.peakRssMb) expect(peak).toBeGreaterThan(0);
    expect(Number.isFinite(scale.warmBuilds.timeGrowth)).toBe(true);
    expect(Number.isFinite(scale.warmBuilds.memoryGrowthMb)).toBe(true);
    // What two more builds leave behind, between two full collections: the bench collects on demand
    // in a process started without --expose-gc.
    const retained = scale.warmBuilds.retained!;
    expect(retained).not.toBeNull();
    expect(retained.builds).toBe(2);
    expect(retained.heapMb[0]).toBeGreaterThan(1);
    expect(retained.heapMb[1]).toBeGreaterThan(1);
    // The heaps are reported to 0.1 MB, the growth to 0.01 from the bytes: they agree within the
    // heaps' rounding over two builds (0.05) and the growth's own (0.005).
    expect(Math.abs(retained.heapGrowthMbPerBuild - (retained.heapMb[1] - retained.heapMb[0]) / 2)).toBeLessThanOrEqual(0.055 + 1e-9);
    if (process.platform === 'linux') expect(Math.min(...retained.chromiumMb)).toBeGreaterThan(0);
  });

  it('has the yardsticks: cold start, floor, peer, ratios', () => {
    expect(report.coldStart.mode).toBe('isolated');
    expect(report.coldStart.edition).toBe('tiny');
    expect(report.coldStart.exitCode).toBe(0);
    expect(report.coldStart.ms).toBeGreaterThan(0);
    expect(report.floor.edition).toBe('tiny-plus');
    expect(report.floor.ms).toBeGreaterThan(0);
    expect(Number.isFinite(report.overheadRatio)).toBe(true);
    expect(Number.isFinite(report.costPerPageRatio)).toBe(true);
    expect(report.peer.error).toBeNull();
    expect(report.peer.ms).toBeGreaterThan(0);
    expect(report.peer.pages).toBeGreaterThan(0);
    expect(report.peer.pdfBytes).toBeGreaterThan(1000);
    expect(Number.isFinite(report.peer.ratio)).toBe(true);
    expect(report.chromium.version).toMatch(/\d+\.\d+/);
    expect(report.machine.cpus).toBeGreaterThan(0);
    expect(report.benchMs).toBeGreaterThan(0);
  });

  it('judges every target and survives a JSON round trip', () => {
    const names = report.targets.map((t) => t.name).join('\n');
    for (const word of ['warm build', 'overheadRatio', 'cost per page', 'cold start', 'peak RSS', 'PDF size', 'Paged.js', 'cold compose', 'peak memory, scale-tiny', 'time per page', 'warm builds flat']) {
      expect(names).toContain(word);
    }
    expect(names).toContain('processRatio');
    expect(names).toContain('render Lambda cold start');
    for (const target of report.targets) {
      expect(target.limit).not.toBe('');
      expect(target.measured).not.toBe('');
      // Only what this run skipped is left unjudged.
      if (target.name.startsWith('render Lambda')) expect(target.pass).toBeNull();
      else expect(typeof target.pass).toBe('boolean');
    }
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('formats a readable table naming each edition and target', () => {
    const text = formatBenchTable(report);
    expect(text).toContain('tiny-plus');
    expect(text).toContain('overheadRatio');
    expect(text).toContain('planner share');
    expect(text).toContain('cold compose (cold-tiny');
    expect(text).toContain('scale (scale-tiny)');
    expect(text).toContain('rebuild (unchanged edition');
    expect(text).toContain(`tiny-plus ${report.editions[1].rebuild.totalMs} ms`);
    expect(text).toMatch(/pass|MISS/);
    const tiny = report.editions[0];
    expect(lines).toContain(
      `tiny: 5 articles generated; building a warm-up edition (seed ${tiny.warmUpSeed}), the edition (seed 1) timed as new content, again unchanged (rebuild), and another (seed ${tiny.memorySeed}) for its peak memory`,
    );
    // The peak is reported from its own build, after the timed one.
    expect(lines.some((line) => /tiny: \d+ pages in \d+ ms warm, new content \(\d+ ms the warm-up, \d+ ms rebuilt unchanged\), floor \d+ ms, peak \d+ MB/.test(line))).toBe(true);
  });

  it('times whole processes: a fresh epaper build against a plain print script, with the build’s timeline', () => {
    const p = report.process!;
    expect(p).not.toBeNull();
    expect(p.articles).toBe(5);
    expect(p.runs).toBe(1);
    expect(p.pages).toBeGreaterThan(0);
    expect(p.buildMs.median).toBeGreaterThan(0);
    expect(p.floorMs.median).toBeGreaterThan(0);
    expect(p.ratio).toBeCloseTo(p.buildMs.median / p.floorMs.median, 1);
    expect(report.processRatio).toBe(p.ratio);
    const t = p.timeline!;
    for (const [key, value] of Object.entries(t)) expect(Number.isFinite(value), key).toBe(true);
    // The parts lie inside the whole.
    expect(t.startUpMs + t.loadMs + t.fontsMs + t.parseMs + t.composeMs + t.renderMs).toBeLessThan(p.buildMs.max);
    expect(p.startUp.nodeMs).toBeGreaterThan(0);
    expect(p.startUp.commandMs).toBeGreaterThan(0);
    expect(p.startUp.relaunchMs).toBeGreaterThan(0);
  });

  it('sums several runs up as ranges for the README (epaper bench --runs N)', () => {
    const slower: BenchReport = {
      ...report,
      editions: report.editions.map((e) => ({ ...e, totalMs: e.totalMs + 100 })),
      processRatio: (report.processRatio ?? 1) + 0.5,
    };
    const ranges = benchRanges([report, slower]);
    expect(ranges.runs).toBe(2);
    expect(ranges.editions.map((e) => e.name)).toEqual(['tiny', 'tiny-plus']);
    const tiny = report.editions[0];
    expect(ranges.editions[0].totalMs).toEqual({ min: tiny.totalMs, max: tiny.totalMs + 100 });
    expect(ranges.editions[0].pages).toEqual({ min: tiny.pages, max: tiny.pages });
    expect(ranges.processRatio).toEqual({ min: report.processRatio, max: report.processRatio! + 0.5 });
    expect(ranges.lambdaToPublishedMs).toBeNull();
    const table = formatBenchRanges(ranges);
    expect(table).toContain(`| tiny | ${tiny.pages} |`);
    expect(table).toContain(`${tiny.totalMs}–${tiny.totalMs + 100}`);
    expect(table).toContain('processRatio');
    expect(ranges.editions[0].rebuildTotalMs).toEqual({ min: tiny.rebuild.totalMs, max: tiny.rebuild.totalMs });
    expect(table).toContain(`rebuild (unchanged edition, straight after: its paragraphs set, its photos fitted), total ms: tiny ${tiny.rebuild.totalMs}`);
    expect(ranges.peers.map((p) => p.edition)).toEqual(['tiny', 'tiny-plus']);
    expect(ranges.peers[0].floorRatio).toEqual({ min: report.peers[0].floorRatio, max: report.peers[0].floorRatio });
    expect(table).toContain(`tiny ${report.peers[0].ratio!.toFixed(2)} (${report.peers[0].floorRatio!.toFixed(2)})`);
  });

  it('prices an edition in Lambda at the configured memory, for both architectures', () => {
    expect(report.lambda).toEqual({ error: 'skipped' });
    expect(report.cost.memoryMb).toBe(DEFAULT_EPAPER_CONFIG.render.memoryMb);
    expect(report.cost.architecture).toBe('x86_64');
    expect(report.cost.reason).toMatch(/x86_64/);
    expect(report.cost.editions).toHaveLength(1);
    const [warm] = report.cost.editions;
    expect(warm.durationMs).toBe(report.editions.find((e) => e.name === 'tiny-plus')!.totalMs);
    expect(warm.usd.arm64).toBeGreaterThan(0);
    expect(warm.usd.x86_64).toBeGreaterThan(warm.usd.arm64);
  });
});

describe('bench arithmetic', () => {
  it('rounds a small fall to 0, not -0, which a JSON round trip would not give back', () => {
    expect(Object.is(round(-0.3), 0)).toBe(true);
    expect(Object.is(round(-0.001, 2), 0)).toBe(true);
    expect(round(-0.6)).toBe(-1);
    expect(round(1.2345, 2)).toBe(1.23);
  });

  it('prices an invocation: memory × duration × the GB-second price, plus the request and /tmp beyond 512 MB', () => {
    const oneGbSecond = invocationCost(1000, 1024, 512);
    expect(oneGbSecond.x86_64).toBeCloseTo(LAMBDA_PRICE_POLICY.usdPerGbSecond.x86_64 + LAMBDA_PRICE_POLICY.usdPerRequest, 8);
    expect(oneGbSecond.arm64).toBeCloseTo(LAMBDA_PRICE_POLICY.usdPerGbSecond.arm64 + LAMBDA_PRICE_POLICY.usdPerRequest, 8);
    // Twice the memory for twice as long: four times the duration part, the request once.
    const bigger = invocationCost(2000, 2048, 512);
    expect(bigger.x86_64 - LAMBDA_PRICE_POLICY.usdPerRequest).toBeCloseTo(4 * (oneGbSecond.x86_64 - LAMBDA_PRICE_POLICY.usdPerRequest), 7);
    expect(invocationCost(1000, 1024, 2048).x86_64).toBeGreaterThan(oneGbSecond.x86_64);
  });

  it('times the plain print only as a print of what the build printed: its faces and nearly all its bytes', () => {
    // Chromium's PDFs name each embedded face in its descriptor, with the subset's tag; an edition
    // joined from parts names a face once per part.
    const faces = ['Oswald-Bold', 'PlayfairDisplay-Black', 'SourceSerif4-Regular'];
    const pdf = (names: readonly string[], padding: number) =>
      new TextEncoder().encode(
        `%PDF-1.4\n${names.map((name, i) => `${i + 1} 0 obj << /Type /FontDescriptor /FontName /${String.fromCharCode(65 + (i % 26)).repeat(6)}+${name} /FontFile2 ${i + 100} 0 R >> endobj\n`).join('')}${' '.repeat(padding)}%%EOF\n`,
      );
    const build = pdf([...faces, ...faces], 10_000);
    expect(embeddedFaces(build)).toEqual(new Set(faces));
    expect(floorPrintProblem(pdf(faces, 9_800), build)).toBeUndefined();
    // Printed before its fonts had loaded: no text, so no face embedded.
    expect(floorPrintProblem(pdf([], 10_000), build)).toMatch(/embeds none of Oswald-Bold, PlayfairDisplay-Black, SourceSerif4-Regular/);
    expect(floorPrintProblem(pdf(faces.slice(1), 10_000), build)).toMatch(/embeds none of Oswald-Bold,/);
    // Every face, but a tenth of the bytes: its photos missing.
    expect(floorPrintProblem(pdf(faces, 1_000), build)).toMatch(/bytes against the build's/);
  });

  it('takes the median and the range of a few timings', () => {
    expect(spread([300, 100, 200])).toEqual({ median: 200, min: 100, max: 300 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 3, min: 1, max: 4 });
  });
});
