/**
 * The reader's page images remembered by what the page is. A warm process (the render Lambda
 * between two uploads, `epaper dev`) rebuilds a date after a correction or one more story, and
 * most pages come out the same markup, while each page's screenshot at reading size and its WebP
 * encodings cost about 0.3 s (the 22-page edition's warm rebuild rendered in 6.4-7.5 s with its
 * page images, 0.75-0.85 s without). A page whose image inputs are all the same is not taken again.
 *
 * A page's key is everything its pixels follow from: the sizes and quality asked, the paper's
 * size, the document's head and tail (styles, faces), the page's markup, and what each asset the
 * head or the page names holds (a photo by its fit key: its source's content and the fit settings,
 * with the box; any other asset by its bytes). Not in it: the renderer's and the encoder's own
 * versions, so after an upgrade of Chromium or sharp an unchanged page keeps its earlier images
 * (the same picture, within a few pixels' anti-aliasing) until the page changes. Pure: a memo, no
 * clock, no I/O.
 */
import { createHash } from 'node:crypto';
import type { EditionDocument } from './html/emit';
import type { EncodedPageImages, ImageProcessor, PageImageSizes } from './ports';

/** Encoded page images remembered per image processor, at most: about a hundred Berliner pages at 1600 px. */
export const PAGE_IMAGES_REMEMBERED_BYTES = 32 * 1024 * 1024;

/** What, besides a page's markup, its image follows from. */
export interface PageLook {
  readonly sizes: PageImageSizes;
  readonly widthMm: number;
  readonly heightMm: number;
  /**
   * Whether the PNG thumbnail is wanted: images loaded from an earlier version made without
   * thumbnails have none, and are never handed to a build that wants one.
   */
  readonly thumbnails: boolean;
  /** What the asset at `path` holds, as a string that changes whenever its bytes would. */
  readonly assetIdentity: (path: string) => string;
}

/** One key per page of `document`, equal for two pages exactly when their images would be. */
export function pageImageKeys(document: EditionDocument, look: PageLook): string[] {
  const head = createHash('sha256').update(JSON.stringify([look.sizes, look.widthMm, look.heightMm, look.thumbnails]));
  head.update('\0').update(document.head).update('\0').update(document.tail);
  for (const path of assetPathsIn(`${document.head}${document.tail}`)) head.update(`\0${path}\0${look.assetIdentity(path)}`);
  const headKey = head.digest('base64');
  return document.pages.map((page) => {
    const hash = createHash('sha256').update(headKey).update('\0').update(page);
    for (const path of assetPathsIn(page)) hash.update(`\0${path}\0${look.assetIdentity(path)}`);
    return hash.digest('base64');
  });
}

/** Every asset path the markup names (`src="assets/…"`, `url("assets/…")`), once each, sorted. */
function assetPathsIn(html: string): string[] {
  return [...new Set(html.match(/assets\/[^"'()\s&<>]+/g) ?? [])].sort();
}

interface Memory {
  readonly byKey: Map<string, EncodedPageImages>;
  bytes: number;
}
const memories = new WeakMap<ImageProcessor, Memory>();

function memoryOf(images: ImageProcessor): Memory {
  let memory = memories.get(images);
  if (!memory) memories.set(images, (memory = { byKey: new Map(), bytes: 0 }));
  return memory;
}

function sizeOf(encoded: EncodedPageImages): number {
  return encoded.reading.byteLength + encoded.small.byteLength + encoded.thumbnailPng.byteLength;
}

/** The remembered images of the pages whose keys are known, by page index. */
export function recallPageImages(images: ImageProcessor, keys: readonly string[]): Map<number, EncodedPageImages> {
  const memory = memoryOf(images);
  const known = new Map<number, EncodedPageImages>();
  keys.forEach((key, index) => {
    const encoded = memory.byKey.get(key);
    if (!encoded) return;
    // Most recently used last, so that the oldest is the first let go.
    memory.byKey.delete(key);
    memory.byKey.set(key, encoded);
    known.set(index, encoded);
  });
  return known;
}

/** Remembers a page's encoded images under its key, letting the oldest go past the bound. */
export function rememberPageImages(images: ImageProcessor, key: string, encoded: EncodedPageImages): void {
  const memory = memoryOf(images);
  const size = sizeOf(encoded);
  if (size > PAGE_IMAGES_REMEMBERED_BYTES) return;
  const before = memory.byKey.get(key);
  if (before) {
    memory.byKey.delete(key);
    memory.bytes -= sizeOf(before);
  }
  memory.byKey.set(key, encoded);
  memory.bytes += size;
  for (const [oldest, held] of memory.byKey) {
    if (memory.bytes <= PAGE_IMAGES_REMEMBERED_BYTES) break;
    memory.byKey.delete(oldest);
    memory.bytes -= sizeOf(held);
  }
}

/** What the memory holds for `images` now (its bound is tested). */
export function rememberedPageImagesSize(images: ImageProcessor): { readonly pages: number; readonly bytes: number } {
  const memory = memoryOf(images);
  return { pages: memory.byKey.size, bytes: memory.bytes };
}
