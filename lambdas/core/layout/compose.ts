/**
 * Page composition as a chain of pure steps, each returning new values:
 *
 *   measure (material.ts) → plan (plan.ts, with search.ts) → pack (set the chosen modules) →
 *   fill (house ads, last and small) → link jumps → measure fill → check (check.ts)
 *
 * The planner decides the whole edition before any module is set; packing only sets what was
 * chosen, so the heights the search counted are the heights printed.
 */
import type { Article } from '../article';
import type { FontBook } from '../typeset/fonts';
import { checkPages } from './check';
import type { Grid, HouseAd, LayoutConfig } from './config';
import { spanWidth } from './geometry';
import { Material, type PhotoFacts } from './material';
import { planEdition, type EditionPlan, type PagePlan } from './plan';
import { DEFAULT_LAYOUT_POLICY, type LayoutPolicy } from './policy';
import type { Planned, Rect } from './search';
import type { ComposedPage, Composition, FixedBlock, PlacedModule } from './composition';
import { setHouseAd, type ColumnUnit } from './story';

export type { PhotoFacts } from './material';

export type { ComposedPage, Composition, FixedBlock, PlacedModule } from './composition';

/** Step "pack": sets each planned module (its head and its columns) exactly as the search counted it. */
export function packModule(material: Material, planned: Planned): PlacedModule {
  const { option } = planned;
  const { piece, span, shape } = option;
  const head = material.head(piece, span, shape);
  const columns =
    option.cutAt !== undefined ? material.cutFill(piece, span, option.rows - head.rows)!.columns : featheredColumns(material, planned, option.rows - head.rows);
  const photoPart = head.parts.find((p) => p.kind === 'photo');
  return {
    slug: piece.story.article.slug,
    kind: shape.role === 'brief' ? 'brief' : 'article',
    column: planned.column,
    span,
    top: planned.top,
    rows: option.rows,
    head,
    columns,
    photo: photoPart ? { ref: photoPart.photoRef!, widthPx: spanWidth(material.grid, span), heightPx: photoPart.height } : undefined,
  };
}

/**
 * A finished module's columns: with the blank lines between paragraphs the plan counted on, or as
 * many as fit the rows it planned (never more: the module below would be overprinted).
 */
function featheredColumns(material: Material, planned: Planned, textRows: number): readonly (readonly ColumnUnit[])[] {
  const { piece, span } = planned.option;
  for (let extra = planned.option.feathered ?? 0; extra > 0; extra--) {
    const fill = material.feathered(piece, span, extra);
    if (fill && fill.rows <= textRows) return fill.columns;
  }
  return material.balanced(piece, span)!.columns;
}

/**
 * Step "fill": white that the search could not avoid gets the paper's own notices, last and small:
 * each at most an eighth of a page, none twice in the edition, all together within the policy's
 * share of the edition. Returns the blocks to add to each page.
 */
export function houseAdsFor(plan: EditionPlan, ads: readonly HouseAd[], paper: string, grid: Grid, fonts: FontBook, policy: LayoutPolicy): ReadonlyMap<number, readonly FixedBlock[]> {
  const out = new Map<number, FixedBlock[]>();
  const pageArea = grid.columns * grid.rows;
  let budget = Math.floor(pageArea * plan.pages.length * policy.houseAdMaxEditionShare);
  let next = 0;
  const feet = plan.pages.flatMap((page) => page.feet.map((foot) => ({ page: page.number, foot })));
  // Largest white first, where a reader would see a hole; the edition's last page last, since white
  // at the end of the paper reads as its end.
  const last = plan.pages.length;
  feet.sort((a, b) => Number(a.page === last) - Number(b.page === last) || b.foot.rows * b.foot.span - a.foot.rows * a.foot.span || a.page - b.page || a.foot.column - b.foot.column);
  for (const { page, foot } of feet) {
    if (next >= ads.length) break;
    if (foot.rows <= policy.maxWhiteRows) continue;
    const maxArea = Math.min(budget, Math.floor(pageArea * policy.houseAdMaxPageShare));
    // The ad sits at the foot of the white, a row below what stands above it.
    const rows = Math.min(foot.rows - 1, Math.floor(maxArea / foot.span));
    if (rows < policy.houseAdMinRows) continue;
    const box: Rect = { column: foot.column, span: foot.span, top: foot.top + foot.rows - rows, rows };
    const content = setHouseAd(ads[next], paper, spanWidth(grid, box.span), box.rows * grid.lead, grid, fonts);
    if (!content) continue;
    next++;
    budget -= box.rows * box.span;
    out.set(page, [...(out.get(page) ?? []), { kind: 'house-ad', ...box, houseAd: content }]);
  }
  return out;
}

/** Step "link jumps": every part of a cut story but the last names the next part's page, and back. */
export function linkJumps(pages: readonly { readonly number: number; readonly modules: readonly PlacedModule[] }[]): Map<PlacedModule, PlacedModule> {
  const parts = new Map<string, { module: PlacedModule; page: number }[]>();
  for (const page of pages) for (const module of page.modules) parts.set(module.slug, [...(parts.get(module.slug) ?? []), { module, page: page.number }]);
  const linked = new Map<PlacedModule, PlacedModule>();
  for (const list of parts.values()) {
    list.forEach(({ module }, i) => {
      const continuedOn = i < list.length - 1 ? list[i + 1].page : undefined;
      const continuedFrom = i > 0 ? list[i - 1].page : undefined;
      linked.set(module, continuedOn === undefined && continuedFrom === undefined ? module : { ...module, continuedOn, continuedFrom });
    });
  }
  return linked;
}

/**
 * Composes the edition's pages from accepted articles. With a `clock` (the caller's: this module
 * reads none), the result carries how long each step took, so the planner's share of the build
 * can be reported and held to its budget.
 */
export function composePages(
  articles: readonly Article[],
  photos: ReadonlyMap<string, PhotoFacts>,
  config: LayoutConfig,
  grid: Grid,
  fonts: FontBook,
  policy: LayoutPolicy = DEFAULT_LAYOUT_POLICY,
  clock?: () => number,
): Composition {
  const started = clock?.() ?? 0;
  const material = new Material(grid, fonts, policy);
  const stories = material.measure(articles, photos);
  const measured = clock?.() ?? 0;
  const plan = planEdition(stories, config, material);
  const planned = clock?.() ?? 0;
  const packed = plan.pages.map((page: PagePlan) => ({ page, modules: page.modules.map((m) => packModule(material, m)) }));
  const ads = houseAdsFor(plan, config.houseAds, config.paper, grid, fonts, policy);
  const linked = linkJumps(packed.map(({ page, modules }) => ({ number: page.number, modules })));
  const sectionFirstPages = new Set(plan.sections.map((s) => s.page));
  const pages: ComposedPage[] = packed.map(({ page, modules }, i) => {
    const finalModules = modules.map((m) => linked.get(m) ?? m);
    const next = plan.pages[i + 1];
    return {
      number: page.number,
      section: page.sections[0],
      sections: page.sections,
      sectionStart: page.number === 1 || sectionFirstPages.has(page.number),
      sectionEnd: !next || next.sections[0] !== page.sections[page.sections.length - 1],
      modules: finalModules,
      blocks: [...page.blocks, ...(ads.get(page.number) ?? [])],
    };
  });
  const problems = [...plan.problems];
  const placed = new Map<string, number>();
  for (const page of pages) for (const module of page.modules) for (const column of module.columns) placed.set(module.slug, (placed.get(module.slug) ?? 0) + column.length);
  const leftOut = new Set(plan.leftOut);
  for (const story of stories) {
    if (leftOut.has(story)) continue;
    const count = placed.get(story.article.slug);
    if (count === undefined) problems.push(`"${story.article.slug}" was not placed`);
    else if (count < story.units.length) problems.push(`"${story.article.slug}" lost ${story.units.length - count} lines`);
  }
  problems.push(...checkPages(pages, grid));
  const stepMs = clock ? { material: measured - started, plan: planned - measured, pack: clock() - planned } : undefined;
  return { pages, sections: plan.sections, short: plan.short, leftOut: plan.leftOut.map((story) => story.article.slug), problems, ...(stepMs ? { stepMs, planCounts: { ...material.searchCounts } } : {}) };
}
