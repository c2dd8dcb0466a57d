/**
 * Section bands as a reader reads them: a story stands under the band of its own section, or, at
 * the top of a page that a section carries over, above every band. What neither holds for is a
 * story beside another section's band with none of its own: it reads as that section's.
 */
import type { Composition } from '../../lambdas/core/layout/composition';

/** "page 3: mekong-river-data (World) beside BUSINESS" for each story that stands beside another section's band unnamed. */
export function unlabelledBeside(composition: Composition, sectionOf: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const page of composition.pages) {
    if (page.number === 1) continue;
    const bands = page.blocks.filter((block) => block.kind === 'section-header');
    for (const module of page.modules) {
      const overlaps = (band: (typeof bands)[number]) => band.column < module.column + module.span && module.column < band.column + band.span;
      // Under a band of its own (the nearest above it in its columns): named.
      const above = bands.filter((band) => overlaps(band) && band.top + band.rows <= module.top).sort((a, b) => b.top - a.top)[0];
      if (above) continue;
      const section = sectionOf.get(module.slug);
      // Beside it, within its rows: another section's band, and the story has none.
      const beside = bands.find((band) => !overlaps(band) && band.label !== section && band.top < module.top + module.rows && module.top <= band.top);
      if (beside) found.push(`page ${page.number}: ${module.slug} (${section}) beside ${beside.label}`);
    }
  }
  return found;
}
