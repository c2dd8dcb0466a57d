/**
 * What the desk keeps out of print before anything is laid out: stories marked `hold: true`, and
 * stories under an embargo that ends after the edition's publication time. Pure: the publication
 * time is passed in (the clock lives at the edges).
 */
import type { Article, Warning } from './article';

/** A story the edition does not print, and why; listed in the manifest as `held`. */
export interface HeldStory {
  readonly slug: string;
  readonly headline: string;
  readonly source: string;
  /** `hold`: the desk held it; `embargo`: its embargo ends after publication; `no-room`: its section's pages were full. */
  readonly reason: 'hold' | 'embargo' | 'no-room';
  /** The embargo's end, for `embargo`. */
  readonly until?: string;
}

/** The one embargo rule: an embargo has ended at `at` (ISO 8601 or a Date) when it is at or before it. */
export function embargoEnded(embargo: string, at: string | Date): boolean {
  return Date.parse(embargo) <= (typeof at === 'string' ? Date.parse(at) : at.getTime());
}

/**
 * Splits the edition's articles into those to print and those held, with a warning for each held
 * one. `publication` is the instant the edition is published at (ISO 8601): an embargo ending at
 * or before it is over.
 */
export function separateHeld(articles: readonly Article[], publication: string): { printed: Article[]; held: HeldStory[]; warnings: Warning[] } {
  const publishedAt = Date.parse(publication);
  if (Number.isNaN(publishedAt)) throw new Error(`not a publication time: ${JSON.stringify(publication)}`);
  const printed: Article[] = [];
  const held: HeldStory[] = [];
  const warnings: Warning[] = [];
  for (const article of articles) {
    const story = { slug: article.slug, headline: article.headline, source: article.source };
    if (article.hold) {
      held.push({ ...story, reason: 'hold' });
      warnings.push({ file: article.source, message: 'held out of print (`hold: true`)' });
    } else if (article.embargo !== undefined && !embargoEnded(article.embargo, publication)) {
      held.push({ ...story, reason: 'embargo', until: article.embargo });
      warnings.push({ file: article.source, message: `under embargo until ${article.embargo}: left out of an edition published at ${new Date(publishedAt).toISOString()}` });
    } else {
      printed.push(article);
    }
  }
  return { printed, held, warnings };
}

/** The earliest embargo among held stories: when a rebuilt edition would print more. */
export function nextEmbargoEnd(held: readonly HeldStory[]): string | undefined {
  return held
    .filter((story) => story.reason === 'embargo' && story.until !== undefined)
    .map((story) => story.until!)
    .sort()[0];
}
