import { describe, expect, it } from 'vitest';
import type { Article } from '../../lambdas/core/article';
import { gridFor, resolveLayoutConfig } from '../../lambdas/core/layout/config';
import { DEFAULT_LAYOUT_POLICY } from '../../lambdas/core/layout/policy';
import { minPhotoWidthPx, printablePhotos } from '../../lambdas/core/layout/printable-photos';

const grid = gridFor(resolveLayoutConfig({}).config);
const article = (slug: string, extra: Partial<Article> = {}): Article => ({
  slug,
  headline: `Story ${slug}`,
  section: 'News',
  priority: 3,
  body: [{ kind: 'paragraph', runs: [{ text: 'Some words.' }] }],
  language: 'en',
  source: `${slug}.md`,
  format: 'markdown',
  ...extra,
});

describe('printable photos', () => {
  const least = minPhotoWidthPx(grid.columnWidth, DEFAULT_LAYOUT_POLICY);
  const photos = new Map([
    ['tiny.png', { widthPx: 40, heightPx: 40 }],
    ['just.jpg', { widthPx: least, heightPx: least }],
    ['under.jpg', { widthPx: least - 1, heightPx: least - 1 }],
    ['strip.jpg', { widthPx: 300, heightPx: 3000 }],
    ['portrait.jpg', { widthPx: 1200, heightPx: 1600 }],
    ['panorama.jpg', { widthPx: 4000, heightPx: 300 }],
    ['landscape.jpg', { widthPx: 1600, heightPx: 1067 }],
  ]);

  it('needs a column width at the least resolution: 72 ppi is three quarters of a pixel per CSS px', () => {
    expect(least).toBe(Math.ceil(grid.columnWidth * 0.75));
  });

  it('leaves out a story photo too small for a column, or of which under half would show, and says why', () => {
    const articles = ['tiny.png', 'just.jpg', 'under.jpg', 'strip.jpg', 'portrait.jpg', 'panorama.jpg', 'landscape.jpg'].map((ref) =>
      article(ref.split('.')[0], { image: { ref, caption: 'A caption.' } }),
    );
    const { articles: out, warnings } = printablePhotos(articles, photos, grid, DEFAULT_LAYOUT_POLICY);
    const kept = out.filter((a) => a.image).map((a) => a.slug);
    expect(kept).toEqual(['just', 'portrait', 'panorama', 'landscape']);
    expect(warnings.map((w) => w.file)).toEqual(['tiny.md', 'under.md', 'strip.md']);
    expect(warnings[0].message).toMatch(/"tiny.png" is 40×40 px: .* 19 pixels per inch.* needs 72 .*the article prints without it and its caption/);
    expect(warnings[2].message).toMatch(/too tall for a page even a column wide: only \d+% of it would show/);
    // The text is untouched.
    expect(out.find((a) => a.slug === 'tiny')!.body).toEqual(articles[0].body);
  });

  it('leaves out a photo in the text that a column would crop to under half, keeping the rest of the body', () => {
    const body: Article['body'] = [
      { kind: 'paragraph', runs: [{ text: 'Before.' }] },
      { kind: 'figure', ref: 'panorama.jpg', caption: 'Wide.' },
      { kind: 'figure', ref: 'landscape.jpg' },
      { kind: 'figure', ref: 'tiny.png' },
      { kind: 'paragraph', runs: [{ text: 'After.' }] },
    ];
    const { articles: out, warnings } = printablePhotos([article('figs', { body })], photos, grid, DEFAULT_LAYOUT_POLICY);
    expect(out[0].body.map((b) => (b.kind === 'figure' ? b.ref : b.kind))).toEqual(['paragraph', 'landscape.jpg', 'paragraph']);
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/"panorama.jpg" is 4000×300 px, too wide for a photo in the text: only 13% .*the photo in the text was left out/),
      expect.stringMatching(/"tiny.png" is 40×40 px.*the photo in the text was left out/),
    ]);
  });

  it('keeps a picture item, which is its photo, and warns', () => {
    const { articles: out, warnings } = printablePhotos([article('pic', { image: { ref: 'tiny.png', required: true } })], photos, grid, DEFAULT_LAYOUT_POLICY);
    expect(out[0].image?.ref).toBe('tiny.png');
    expect(warnings[0].message).toMatch(/a picture item is its photo, so it prints as it is/);
  });
});
