import { join } from 'node:path';
import type { Article } from '../../lambdas/core/article';
import { gridFor, resolveLayoutConfig } from '../../lambdas/core/layout/config';
import { collectFolder } from './compose';

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

/**
 * The sample with its lead's photo a portrait (1125 × 2000) and its text cut to about 120 words,
 * on `pageSize`: the edition whose front printed the lead's photo at a third of its height
 * (tabloid, layout-67; A4, layout-69).
 */
export async function portraitLeadSample(pageSize: 'tabloid' | 'a4') {
  const folder = await collectFolder(join(import.meta.dirname, '../../samples'));
  const lead = folder.articles.find((a) => a.priority === 1 && a.image)!;
  let words = 0;
  const body = lead.body.filter((block) => {
    const keep = words < 120;
    if (block.kind === 'paragraph') words += block.runs.map((run) => run.text).join('').split(/\s+/).length;
    return keep;
  });
  const articles = folder.articles.map((a) => (a === lead ? { ...a, body } : a));
  const portrait = { widthPx: 1125, heightPx: 2000 };
  const photos = new Map([...folder.photos, [lead.image!.ref, portrait]]);
  const { config } = resolveLayoutConfig({ pageSize, sections: folder.config.sections });
  return { articles, photos, config, grid: gridFor(config), lead, portrait };
}
