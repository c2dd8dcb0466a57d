import type { Article } from '../../lambdas/core/article';
import { gridFor, resolveLayoutConfig } from '../../lambdas/core/layout/config';

/**
 * Twelve stories of a wide photo, a caption and one line of text (its token `T<i>P1`), in two
 * sections on A4: the edition the front page's fill once left ten on page 1 and two on page 2 over
 * white (layout-63). With `photo` a portrait size (1125 × 2000), the edition whose front page
 * printed its lead over white (layout-65).
 */
export function twelvePictureStories(photo: { readonly widthPx: number; readonly heightPx: number } = { widthPx: 2000, heightPx: 1125 }) {
  const { config } = resolveLayoutConfig({ pageSize: 'a4', sections: ['News', 'Life'] });
  const articles = Array.from({ length: 12 }, (_, i): Article => ({
    slug: `picture-${i}`,
    headline: `Picture story number ${i} of the day`,
    section: i % 2 ? 'Life' : 'News',
    priority: 3,
    body: [{ kind: 'paragraph', runs: [{ text: `The harbour T${i}P1.` }] }],
    image: { ref: `p${i}.jpg`, caption: 'The harbour board met on Tuesday to weigh plans for a new quay at the river mouth.', credit: 'X' },
    language: 'en',
    source: `picture-${i}.md`,
    format: 'markdown',
  }));
  const photos = new Map(articles.map((article) => [article.image!.ref, photo] as const));
  return { articles, photos, config, grid: gridFor(config) };
}
