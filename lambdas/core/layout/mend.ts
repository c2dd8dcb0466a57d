/**
 * Step "mend column ends": a word hyphenated on a column's last line goes on at the top of the
 * next column, or on another page after a jump, and readers notice it (NEWSPAPER.md). The planner
 * avoids it where moving a line over costs no white (columns.ts fillOneColumn); once the pages are
 * set and every column's last line is known, each paragraph that still ends a column with a hyphen
 * is set again with that hyphen costed (linebreak.ts COLUMN_END_HYPHEN_DEMERITS). A new setting is
 * kept only where it has as many lines as before and none of its column ends hyphenated: every
 * module keeps its depth and every column its rows, so the plan stands; only words move between
 * the lines of one paragraph.
 */
import type { FontBook } from '../typeset/fonts';
import type { ComposedPage, PlacedModule } from './composition';
import type { Grid } from './config';
import type { PhotoFacts, StoryMaterial } from './material';
import { setStoryBody, type ColumnUnit } from './story';

/** The pages with each hyphen that ends a column of running text mended where its paragraph allows. */
export function mendColumnEnds(pages: readonly ComposedPage[], stories: readonly StoryMaterial[], photos: ReadonlyMap<string, PhotoFacts>, grid: Grid, fonts: FontBook): readonly ComposedPage[] {
  const ends = hyphenatedColumnEnds(pages);
  if (ends.size === 0) return pages;
  const bySlug = new Map(stories.map((story) => [story.article.slug, story]));
  const mended = new Map<string, Map<string, ColumnUnit>>();
  for (const [slug, paragraphs] of ends) {
    const story = bySlug.get(slug);
    if (!story) continue;
    const columnEnds = new Map([...paragraphs].map(([paragraph, lines]) => [paragraph, [...lines].sort((a, b) => a - b)]));
    const units = setStoryBody(story.article, grid, fonts, (ref) => photos.get(ref), columnEnds);
    const setAgain = new Map<number, ColumnUnit[]>();
    for (const unit of units) {
      if (unit.kind !== 'line' || unit.paragraph === undefined || !columnEnds.has(unit.paragraph)) continue;
      setAgain.set(unit.paragraph, [...(setAgain.get(unit.paragraph) ?? []), unit]);
    }
    const replacements = new Map<string, ColumnUnit>();
    for (const [paragraph, lines] of columnEnds) {
      const before = story.units.find((unit) => unit.kind === 'line' && unit.paragraph === paragraph);
      const after = setAgain.get(paragraph);
      if (!before || !after || after.length !== before.paragraphLines) continue;
      if (lines.some((line) => after[line].lines[0]?.hyphenated !== false)) continue;
      for (const unit of after) replacements.set(`${paragraph}:${unit.lineInParagraph}`, unit);
    }
    if (replacements.size > 0) mended.set(slug, replacements);
  }
  if (mended.size === 0) return pages;
  return pages.map((page) => {
    if (!page.modules.some((module) => mended.has(module.slug))) return page;
    return { ...page, modules: page.modules.map((module) => withLinesOf(module, mended.get(module.slug))) };
  });
}

/** By story and paragraph, the lines (0-based) that end a column with a hyphen while the story goes on after them. */
function hyphenatedColumnEnds(pages: readonly ComposedPage[]): Map<string, Map<number, Set<number>>> {
  const ends = new Map<string, Map<number, Set<number>>>();
  for (const page of pages) {
    for (const module of page.modules) {
      const { columns } = module;
      let lastFilled = -1;
      columns.forEach((column, c) => (lastFilled = column.length > 0 ? c : lastFilled));
      columns.forEach((column, c) => {
        // The story's last column ends the story: its last line ends its paragraph.
        if (column.length === 0 || (c === lastFilled && module.continuedOn === undefined)) return;
        const last = column[column.length - 1];
        if (last.kind !== 'line' || last.paragraph === undefined || !last.lines[0]?.hyphenated) return;
        let paragraphs = ends.get(module.slug);
        if (!paragraphs) ends.set(module.slug, (paragraphs = new Map()));
        let lines = paragraphs.get(last.paragraph);
        if (!lines) paragraphs.set(last.paragraph, (lines = new Set()));
        lines.add(last.lineInParagraph!);
      });
    }
  }
  return ends;
}

function withLinesOf(module: PlacedModule, replacements: ReadonlyMap<string, ColumnUnit> | undefined): PlacedModule {
  if (!replacements) return module;
  const columns = module.columns.map((column) =>
    column.map((unit) => {
      const replacement = unit.kind === 'line' ? replacements.get(`${unit.paragraph}:${unit.lineInParagraph}`) : undefined;
      return replacement ? { ...unit, lines: replacement.lines } : unit;
    }),
  );
  return { ...module, columns };
}
