/**
 * `epaper quality`: the page planner judged over many editions, not one. It generates editions
 * with the test fixture generator (sizes × seeds, each reproducible from its seed), composes each
 * as `epaper build` does (no Chromium: the model's measures, which test/render/page-quality.test.ts
 * holds to the printed pixels), and reports per edition and in total: pages, pages with a hole,
 * jumps, priority inversions, house ads, and whether the last page is mostly white. With a policy
 * patch (`--policy '{"compactBelowFill":0}'`) every edition is composed twice, with the default
 * policy and with the patch, so a change to the planner can be judged before it is made the
 * default: one edition that gains says little, twenty-four say more. `--page-size a4` sets the
 * same editions on another page: the planner's numbers were tuned on the Berliner.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsInputSource } from '../lambdas/adapters/fs-input-source';
import { loadEditionResources } from '../lambdas/adapters/resources';
import { SharpImages } from '../lambdas/adapters/sharp-images';
import { collectInputs, readEditionConfig } from '../lambdas/core/inputs';
import { composePages, type PhotoFacts } from '../lambdas/core/layout/compose';
import { gridFor, resolveLayoutConfig } from '../lambdas/core/layout/config';
import { frontJumpsOutOfOrder, hyphenatedColumnEnds, measureEdition, noticesAtPageTop, offFrontStarts, pagesTurned, raggedCuts, thinContinuations, thinStories, tombstonedHeads, topHeavyStarts, unevenModules } from '../lambdas/core/layout/measure';
import { DEFAULT_LAYOUT_POLICY, type LayoutPolicy } from '../lambdas/core/layout/policy';
import { ReadOnceSource } from '../lambdas/core/memory-source';
import { fontBookFor } from '../lambdas/core/typeset/fonts';
import type { GenerateEditionOptions } from '../test/fixtures/generate-edition';
import { generateAllInChildProcess } from './generate-in-child';

/** A last page with less article ink than this is called mostly white in the totals. */
export const MOSTLY_WHITE_LAST_PAGE = 0.5;

/**
 * The sections whose stories a front page should not start unless the desk puts them there
 * (measure.ts offFrontStarts): the default policy's, also when a patch changes them, so that the
 * patch's count says what it lets onto the front.
 */
export const OFF_FRONT_SECTIONS: readonly string[] = DEFAULT_LAYOUT_POLICY.offFrontSections;

export interface QualityOptions {
  /** Articles per edition, one edition per size and seed. */
  readonly sizes: readonly number[];
  readonly seeds: readonly number[];
  /** Composed besides the default policy, when given. */
  readonly policy?: Partial<LayoutPolicy>;
  /** A named page size (edition-schema.ts PAGE_SIZES) over the generated editions' own (the Berliner). */
  readonly pageSize?: string;
  /**
   * Editions whose stories carry display pull quotes (the generator's `pullQuotes`: about one story
   * in four, a sentence of its own text); without it none does, as before the option.
   */
  readonly pullQuotes?: boolean;
  readonly log?: (line: string) => void;
}

/** One edition composed with one policy. */
export interface QualityRow {
  readonly pages: number;
  /** Pages with at least one hole. */
  readonly holes: number;
  /** Of those, pages inside the edition (not its last page, the only one the rule lets keep white). */
  readonly innerHoles: number;
  readonly jumps: number;
  /** Pages the reader turns following every jump, summed (measure.ts pagesTurned). */
  readonly jumpPages: number;
  readonly inversions: number;
  /** Finished stories whose columns spread two lines or more (measure.ts unevenModules). */
  readonly uneven: number;
  /** Stories cut to jump whose columns, the jump line's row with the last, end two rows or more apart (measure.ts raggedCuts). */
  readonly raggedCuts: number;
  /** Column ends a reader crosses in the middle of a hyphenated word (measure.ts hyphenatedColumnEnds). */
  readonly hyphenatedColumnEnds: number;
  /** Stories cut to jump with too little before the jump, as the manifest counts them (measure.ts shortStarts). */
  readonly shortStarts: number;
  /** Stories started on an inside page and cut to jump under a head deeper than two thirds of their module (measure.ts topHeavyStarts). */
  readonly topHeavyStarts: number;
  /** Continuations set across two columns or more over fewer than eight rows of text (measure.ts thinContinuations). */
  readonly thinContinuations: number;
  /** Pairs of front-page stories whose rests come in the other order than on the front page (measure.ts frontJumpsOutOfOrder). */
  readonly frontJumpsOutOfOrder: number;
  /** Pages inside the edition whose foot is a white band shallower than a hole, as the manifest counts them (measure.ts whiteFeet). */
  readonly whiteFeet: number;
  /** Those pages' numbers (the manifest's `quality.whiteFeet.pages`), so a reader of the sweep can look at them. */
  readonly whiteFeetPages: readonly number[];
  /** Stories of an off-front section (OFF_FRONT_SECTIONS) started on the front page though the desk did not put them there (measure.ts offFrontStarts). */
  readonly offFrontStarts: number;
  /** House notices with no story above them on their page: they head it (measure.ts noticesAtPageTop). */
  readonly noticesAtPageTop: number;
  /** Pairs of heads side by side at the same height, "tombstones" (measure.ts tombstonedHeads). */
  readonly tombstones: number;
  /** Finished stories set across two columns or more over fewer than eight rows of text (measure.ts thinStories). */
  readonly thinStories: number;
  /** House ads over the edition's type area. */
  readonly adShare: number;
  /** Article ink on the last page, over its type area. */
  readonly lastPageInk: number;
  /**
   * 1 where the last page's foot is a white band shallower than a hole too (the manifest's
   * `quality.lastPageWhiteFoot`), which `whiteFeet` leaves out: the two together are every page's
   * own measure (measure.ts measurePage).
   */
  readonly lastPageWhiteFoot: number;
  /** The compose step, warm: the edition's paragraphs are already set (the first edition's includes the process's first compose). */
  readonly composeMs: number;
}

export interface QualityTotals {
  readonly editions: number;
  readonly pages: number;
  readonly holes: number;
  readonly innerHoles: number;
  readonly jumps: number;
  readonly jumpPages: number;
  readonly inversions: number;
  readonly uneven: number;
  /** Stories cut to jump whose columns end two rows or more apart over their jump line (measure.ts raggedCuts). */
  readonly raggedCuts: number;
  readonly hyphenatedColumnEnds: number;
  readonly shortStarts: number;
  readonly topHeavyStarts: number;
  /** Continuations set across two columns or more over fewer than eight rows of text (measure.ts thinContinuations). */
  readonly thinContinuations: number;
  readonly frontJumpsOutOfOrder: number;
  /** Pages inside the edition whose foot is a white band shallower than a hole (measure.ts whiteFeet). */
  readonly whiteFeet: number;
  /** Editions whose front page starts a story of an off-front section the desk did not put there. */
  readonly offFrontFronts: number;
  /** House notices with no story above them on their page (measure.ts noticesAtPageTop). */
  readonly noticesAtPageTop: number;
  /** Pairs of heads side by side at the same height (measure.ts tombstonedHeads). */
  readonly tombstones: number;
  /** Finished stories set across two columns or more over fewer than eight rows of text (measure.ts thinStories). */
  readonly thinStories: number;
  /** Editions whose last page has less article ink than MOSTLY_WHITE_LAST_PAGE. */
  readonly mostlyWhiteLastPages: number;
  /** Editions whose last page's foot is a white band shallower than a hole (QualityRow.lastPageWhiteFoot). */
  readonly lastPageWhiteFeet: number;
  readonly composeMs: number;
}

export interface QualityReport {
  readonly editions: readonly { readonly articles: number; readonly seed: number; readonly base: QualityRow; readonly patched?: QualityRow }[];
  readonly base: QualityTotals;
  readonly patched?: QualityTotals;
  readonly policy?: Partial<LayoutPolicy>;
  /** Set when the editions carried pull quotes (QualityOptions.pullQuotes). */
  readonly pullQuotes?: true;
  /** With a patch: each measure's change per edition (patched − default), for telling a change from noise. */
  readonly differences?: QualityDifferences;
}

/** The measures compared edition by edition (a mostly white last page counts 1). */
const COMPARED = ['pages', 'holes', 'innerHoles', 'jumps', 'inversions', 'uneven', 'raggedCuts', 'hyphenatedColumnEnds', 'shortStarts', 'topHeavyStarts', 'thinContinuations', 'frontJumpsOutOfOrder', 'whiteFeet', 'offFrontStarts', 'noticesAtPageTop', 'tombstones', 'thinStories', 'mostlyWhiteLastPage', 'lastPageWhiteFoot'] as const;

function compared(row: QualityRow, name: (typeof COMPARED)[number]): number {
  return name === 'mostlyWhiteLastPage' ? (row.lastPageInk < MOSTLY_WHITE_LAST_PAGE ? 1 : 0) : row[name];
}

/**
 * A patch's effect, edition by edition: the planner is chaotic (a story cut a line sooner moves every
 * page after it), so any patch that changes many editions moves every total a few either way. The
 * mean of the per-edition differences against its standard error says which moves stand out of that:
 * a reorder cost of 2.5 instead of 2 changed 20 of 112 editions and moved none of pages, holes,
 * jumps, inversions or top-heavy starts by more than 1.3 standard errors.
 */
export interface QualityDifferences {
  /** Editions whose measures differ at all. */
  readonly changed: number;
  readonly editions: number;
  readonly measures: Readonly<Record<(typeof COMPARED)[number], { readonly mean: number; readonly standardError: number }>>;
}

function differencesOf(editions: QualityReport['editions']): QualityDifferences | undefined {
  const pairs = editions.flatMap((e) => (e.patched ? [{ base: e.base, patched: e.patched }] : []));
  if (pairs.length === 0) return undefined;
  const measures = {} as Record<(typeof COMPARED)[number], { mean: number; standardError: number }>;
  for (const name of COMPARED) {
    const deltas = pairs.map(({ base, patched }) => compared(patched, name) - compared(base, name));
    const mean = deltas.reduce((a, b) => a + b, 0) / deltas.length;
    const variance = deltas.length > 1 ? deltas.reduce((sum, d) => sum + (d - mean) ** 2, 0) / (deltas.length - 1) : 0;
    measures[name] = { mean, standardError: Math.sqrt(variance / deltas.length) };
  }
  const changed = pairs.filter(({ base, patched }) => COMPARED.some((name) => compared(base, name) !== compared(patched, name)) || base.adShare !== patched.adShare || base.lastPageInk !== patched.lastPageInk).length;
  return { changed, editions: pairs.length, measures };
}

/** The generator's options for an edition of `articles` articles: briefs a fifth, one long story (and pull quotes, when asked). */
export function qualityEdition(articles: number, seed: number, pullQuotes = false): GenerateEditionOptions {
  return { articles, seed, briefs: Math.round(articles / 5), longStoryWords: 2400, ...(pullQuotes ? { pullQuotes } : {}) };
}

function totals(rows: readonly QualityRow[]): QualityTotals {
  const sum = (pick: (row: QualityRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return {
    editions: rows.length,
    pages: sum((r) => r.pages),
    holes: sum((r) => r.holes),
    innerHoles: sum((r) => r.innerHoles),
    jumps: sum((r) => r.jumps),
    jumpPages: sum((r) => r.jumpPages),
    inversions: sum((r) => r.inversions),
    uneven: sum((r) => r.uneven),
    raggedCuts: sum((r) => r.raggedCuts),
    hyphenatedColumnEnds: sum((r) => r.hyphenatedColumnEnds),
    shortStarts: sum((r) => r.shortStarts),
    topHeavyStarts: sum((r) => r.topHeavyStarts),
    thinContinuations: sum((r) => r.thinContinuations),
    frontJumpsOutOfOrder: sum((r) => r.frontJumpsOutOfOrder),
    whiteFeet: sum((r) => r.whiteFeet),
    offFrontFronts: rows.filter((r) => r.offFrontStarts > 0).length,
    noticesAtPageTop: sum((r) => r.noticesAtPageTop),
    tombstones: sum((r) => r.tombstones),
    thinStories: sum((r) => r.thinStories),
    mostlyWhiteLastPages: rows.filter((r) => r.lastPageInk < MOSTLY_WHITE_LAST_PAGE).length,
    lastPageWhiteFeet: sum((r) => r.lastPageWhiteFoot),
    composeMs: Math.round(sum((r) => r.composeMs)),
  };
}

export async function runQualitySweep(opts: QualityOptions): Promise<QualityReport> {
  const log = opts.log ?? (() => {});
  const resources = await loadEditionResources();
  const fonts = fontBookFor(resources.fonts, resources.parseFont);
  const images = new SharpImages();
  const work = await mkdtemp(join(tmpdir(), 'epaper-quality-'));
  const editions: QualityReport['editions'][number][] = [];
  try {
    // Every edition generated in one child process first: a process each cost a Node and tsx start-up apiece.
    await generateAllInChildProcess(opts.sizes.flatMap((articles) => opts.seeds.map((seed) => ({ dir: join(work, `${articles}-${seed}`), options: qualityEdition(articles, seed, opts.pullQuotes) }))));
    for (const articles of opts.sizes) {
      for (const seed of opts.seeds) {
        const dir = join(work, `${articles}-${seed}`);
        const source = new ReadOnceSource(new FsInputSource(dir));
        const collected = await collectInputs(source, images, { today: '2019-12-04' });
        const configured = (await readEditionConfig(source)).config as Record<string, unknown>;
        // The fixture names the Berliner's five columns; another page takes its own.
        const { config } = resolveLayoutConfig(opts.pageSize ? { ...Object.fromEntries(Object.entries(configured).filter(([key]) => key !== 'columns')), pageSize: opts.pageSize } : configured);
        const grid = gridFor(config);
        const photos = new Map<string, PhotoFacts>([...collected.photos].map(([ref, photo]) => [ref, { widthPx: photo.info.widthPx, heightPx: photo.info.heightPx }]));
        const priorities = new Map(collected.articles.map((a) => [a.slug, a.priority]));
        const sections = new Map(collected.articles.map((a) => [a.slug, a.section]));
        // What the desk put on the front page: edition.yaml's lead: and front:, and page: 1 pins.
        const { editorial } = config;
        const deskFront = new Set([...(editorial.lead !== undefined ? [editorial.lead] : []), ...editorial.front, ...collected.articles.filter((a) => a.page === 1).map((a) => a.slug)]);
        const row = (policy: LayoutPolicy): QualityRow => {
          const started = performance.now();
          const composition = composePages(collected.articles, photos, config, grid, fonts, policy);
          const composeMs = performance.now() - started;
          const { pages, quality } = measureEdition(composition, grid, (slug) => priorities.get(slug), (slug) => sections.get(slug));
          return {
            pages: pages.length,
            holes: quality.holes.pages.length,
            innerHoles: quality.holes.pages.filter((page) => page < pages.length).length,
            jumps: quality.jumps.total,
            jumpPages: pagesTurned(composition),
            inversions: quality.priorityInversions,
            uneven: composition.pages.reduce((n, page) => n + unevenModules(page).length, 0),
            raggedCuts: composition.pages.reduce((n, page) => n + raggedCuts(page).length, 0),
            hyphenatedColumnEnds: composition.pages.reduce((n, page) => n + hyphenatedColumnEnds(page).length, 0),
            // The manifest's number (measureEdition), not one of the sweep's own.
            shortStarts: quality.shortStarts.count,
            topHeavyStarts: composition.pages.reduce((n, page) => n + topHeavyStarts(page).length, 0),
            thinContinuations: composition.pages.reduce((n, page) => n + thinContinuations(page).length, 0),
            frontJumpsOutOfOrder: frontJumpsOutOfOrder(composition, (slug) => priorities.get(slug)),
            whiteFeet: quality.whiteFeet.count,
            whiteFeetPages: quality.whiteFeet.pages,
            offFrontStarts: offFrontStarts(composition, (slug) => sections.get(slug), OFF_FRONT_SECTIONS, (slug) => deskFront.has(slug)).length,
            noticesAtPageTop: composition.pages.reduce((n, page) => n + noticesAtPageTop(page).length, 0),
            tombstones: composition.pages.reduce((n, page) => n + tombstonedHeads(page, grid).length, 0),
            thinStories: composition.pages.reduce((n, page) => n + thinStories(page).length, 0),
            adShare: quality.adShare,
            lastPageInk: pages[pages.length - 1].articleShare,
            lastPageWhiteFoot: quality.lastPageWhiteFoot ? 1 : 0,
            composeMs,
          };
        };
        // Composed once unmeasured first: set paragraphs are cached per font book (a warm process's
        // rebuild sets only new ones), so both policies' times below are of a warm compose.
        composePages(collected.articles, photos, config, grid, fonts, DEFAULT_LAYOUT_POLICY);
        const base = row(DEFAULT_LAYOUT_POLICY);
        const patched = opts.policy ? row({ ...DEFAULT_LAYOUT_POLICY, ...opts.policy }) : undefined;
        editions.push({ articles, seed, base, ...(patched ? { patched } : {}) });
        log(formatRow(articles, seed, base, patched));
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const patchedRows = editions.flatMap((e) => (e.patched ? [e.patched] : []));
  const differences = differencesOf(editions);
  return {
    editions,
    base: totals(editions.map((e) => e.base)),
    ...(opts.policy ? { patched: totals(patchedRows), policy: opts.policy } : {}),
    ...(opts.pullQuotes ? { pullQuotes: true as const } : {}),
    ...(differences ? { differences } : {}),
  };
}

function formatOne(row: QualityRow): string {
  return `${row.pages} pages, holes on ${row.holes} (${row.innerHoles} inside), jumps ${row.jumps} over ${row.jumpPages} pages, inversions ${row.inversions}, uneven columns ${row.uneven}, ragged cuts ${row.raggedCuts}, hyphens at column ends ${row.hyphenatedColumnEnds}, short starts ${row.shortStarts}, top-heavy starts ${row.topHeavyStarts}, thin continuations ${row.thinContinuations}, front jumps out of order ${row.frontJumpsOutOfOrder}, white feet ${row.whiteFeet}, off-front starts ${row.offFrontStarts}, ads ${(row.adShare * 100).toFixed(1)}%, notices at a page's top ${row.noticesAtPageTop}, last page ${Math.round(row.lastPageInk * 100)}% ink, tombstoned heads ${row.tombstones}, thin stories ${row.thinStories}, compose ${Math.round(row.composeMs)} ms`;
}

function formatRow(articles: number, seed: number, base: QualityRow, patched?: QualityRow): string {
  return `quality: ${articles} articles, seed ${seed}: ${formatOne(base)}${patched ? ` | patched: ${formatOne(patched)}` : ''}`;
}

function formatTotals(name: string, t: QualityTotals): string {
  return `${name}: ${t.editions} edition${t.editions === 1 ? '' : 's'}, ${t.pages} pages, holes on ${t.holes} (${t.innerHoles} inside), jumps ${t.jumps} over ${t.jumpPages} pages, inversions ${t.inversions}, uneven columns ${t.uneven}, ragged cuts ${t.raggedCuts}, hyphens at column ends ${t.hyphenatedColumnEnds}, short starts ${t.shortStarts}, top-heavy starts ${t.topHeavyStarts}, thin continuations ${t.thinContinuations}, front jumps out of order ${t.frontJumpsOutOfOrder}, white feet ${t.whiteFeet}, off-front starts on ${t.offFrontFronts} front pages, notices at a page's top ${t.noticesAtPageTop}, last page mostly white in ${t.mostlyWhiteLastPages}, its foot white in ${t.lastPageWhiteFeet}, tombstoned heads ${t.tombstones}, thin stories ${t.thinStories}, compose ${t.composeMs} ms`;
}

/** The report's totals as lines of text (the per-edition lines are logged as the sweep goes). */
export function formatQualityReport(report: QualityReport): string {
  const lines = [formatTotals('default policy', report.base)];
  if (report.patched) lines.push(formatTotals(`patched ${JSON.stringify(report.policy)}`, report.patched));
  if (report.differences) lines.push(formatDifferences(report.differences));
  return lines.join('\n');
}

function formatDifferences(d: QualityDifferences): string {
  const sign = (n: number) => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(2)}`;
  const each = COMPARED.map((name) => {
    const { mean, standardError } = d.measures[name];
    // Two standard errors: a move a patch that changed nothing in particular seldom makes.
    const stands = standardError > 0 ? Math.abs(mean) > 2 * standardError : mean !== 0;
    return `${name} ${sign(mean)} ± ${standardError.toFixed(2)}${stands ? ' *' : ''}`;
  });
  return `per edition, patched − default (mean ± standard error; * beyond two): ${each.join(', ')}; ${d.changed} of ${d.editions} editions changed`;
}
