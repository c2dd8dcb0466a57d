/**
 * Page images remembered by what the page is (lambdas/core/page-image-memory.ts): a page's key
 * changes with anything its pixels follow from, and only then; the memory keeps the most recently
 * used images within its bound.
 */
import { describe, expect, it } from 'vitest';
import type { EditionDocument } from '../../lambdas/core/html/emit';
import {
  PAGE_IMAGES_REMEMBERED_BYTES,
  pageImageKeys,
  recallPageImages,
  rememberedPageImagesSize,
  rememberPageImages,
  type PageLook,
} from '../../lambdas/core/page-image-memory';
import type { EncodedPageImages, ImageProcessor } from '../../lambdas/core/ports';

const document: EditionDocument = {
  head: '<!doctype html><html><head><style>@font-face{font-family:Serif;src:url("assets/fonts/serif-regular.ttf")}</style></head><body>',
  pages: [
    '<section class="page" data-page="1"><img class="photo" src="assets/photos/market-800x600.jpg"><p>Front</p></section>',
    '<section class="page" data-page="2"><p>Inside</p></section>',
    '<section class="page" data-page="3"><p>Back</p></section>',
  ],
  tail: '</body></html>',
};
const identities = new Map([
  ['assets/fonts/serif-regular.ttf', 'bytes font-1'],
  ['assets/photos/market-800x600.jpg', 'photo source-1'],
]);
const look = (changes: Partial<PageLook> = {}, identity: ReadonlyMap<string, string> = identities): PageLook => ({
  sizes: { readingWidthPx: 1600, smallWidthPx: 240, readingQuality: 80, smallQuality: 75 },
  widthMm: 315,
  heightMm: 470,
  thumbnails: true,
  assetIdentity: (path) => identity.get(path) ?? 'none',
  ...changes,
});
/** Which pages' keys differ from the reference keys. */
const changedPages = (keys: readonly string[], reference: readonly string[]) => keys.flatMap((key, i) => (key === reference[i] ? [] : [i + 1]));

describe('page image keys', () => {
  const reference = pageImageKeys(document, look());

  it('are the same for the same pages, and differ between pages', () => {
    expect(pageImageKeys({ ...document, pages: [...document.pages] }, look())).toEqual(reference);
    expect(new Set(reference).size).toBe(3);
  });

  it('change for the page whose markup or photo changed, and only for it', () => {
    const edited = { ...document, pages: [document.pages[0], '<section class="page" data-page="2"><p>Inside, corrected</p></section>', document.pages[2]] };
    expect(changedPages(pageImageKeys(edited, look()), reference)).toEqual([2]);
    // The photo's path is the same (same slug and box); what it holds is not.
    const rephotographed = new Map([...identities, ['assets/photos/market-800x600.jpg', 'photo source-2']]);
    expect(changedPages(pageImageKeys(document, look({}, rephotographed)), reference)).toEqual([1]);
  });

  it('change for every page with the head, a face, the paper or the sizes asked', () => {
    const all = [1, 2, 3];
    expect(changedPages(pageImageKeys({ ...document, head: document.head.replace('Serif', 'Sans') }, look()), reference)).toEqual(all);
    expect(changedPages(pageImageKeys(document, look({}, new Map([...identities, ['assets/fonts/serif-regular.ttf', 'bytes font-2']]))), reference)).toEqual(all);
    expect(changedPages(pageImageKeys(document, look({ widthMm: 316 })), reference)).toEqual(all);
    expect(changedPages(pageImageKeys(document, look({ thumbnails: false })), reference)).toEqual(all);
    expect(changedPages(pageImageKeys(document, look({ sizes: { readingWidthPx: 1200, smallWidthPx: 240, readingQuality: 80, smallQuality: 75 } })), reference)).toEqual(all);
    expect(changedPages(pageImageKeys(document, look({ sizes: { readingWidthPx: 1600, smallWidthPx: 240, readingQuality: 70, smallQuality: 75 } })), reference)).toEqual(all);
  });
});

describe('the page image memory', () => {
  const processor = (): ImageProcessor => ({ probe: async () => ({ format: 'jpeg' as const, widthPx: 1, heightPx: 1 }), fit: async (bytes) => bytes });
  const encoded = (tag: number, bytes: number): EncodedPageImages => ({ reading: new Uint8Array(bytes).fill(tag), small: new Uint8Array([tag]), thumbnailPng: new Uint8Array([tag]) });

  it('recalls what was remembered under a key, per image processor', () => {
    const images = processor();
    rememberPageImages(images, 'a', encoded(1, 10));
    const known = recallPageImages(images, ['x', 'a', 'y']);
    expect([...known.keys()]).toEqual([1]);
    expect(known.get(1)!.reading[0]).toBe(1);
    expect(recallPageImages(processor(), ['a']).size).toBe(0);
  });

  it('holds at most PAGE_IMAGES_REMEMBERED_BYTES, letting the least recently used go first', () => {
    const images = processor();
    const megabyte = 1024 * 1024;
    const count = Math.ceil(PAGE_IMAGES_REMEMBERED_BYTES / megabyte) + 8;
    for (let i = 0; i < count; i++) {
      rememberPageImages(images, `page ${i}`, encoded(i % 250, megabyte));
      // The first page is asked for again and again, as an unchanged page is by every build.
      if (i % 4 === 0) expect(recallPageImages(images, ['page 0']).size).toBe(1);
    }
    const held = rememberedPageImagesSize(images);
    expect(held.bytes).toBeLessThanOrEqual(PAGE_IMAGES_REMEMBERED_BYTES);
    expect(held.pages).toBeGreaterThan(PAGE_IMAGES_REMEMBERED_BYTES / megabyte - 2);
    expect(recallPageImages(images, ['page 0']).size).toBe(1);
    expect(recallPageImages(images, ['page 1']).size).toBe(0);
    expect(recallPageImages(images, [`page ${count - 1}`]).size).toBe(1);
    // The same key again replaces, and counts once.
    rememberPageImages(images, `page ${count - 1}`, encoded(1, megabyte));
    expect(rememberedPageImagesSize(images)).toEqual(held);
  });
});
