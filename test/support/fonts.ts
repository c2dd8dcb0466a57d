/** Test support: the edition's real font files, as the composer gets them. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FONT_FILES, loadEditionResources } from '../../lambdas/adapters/resources';
import type { Asset } from '../../lambdas/core/ports';
import { fontBookFor, type FontBook } from '../../lambdas/core/typeset/fonts';

let book: Promise<FontBook> | undefined;

/** One FontBook over the npm font files, shared by a test file. */
export function testFonts(): Promise<FontBook> {
  book ??= loadEditionResources().then((resources) => fontBookFor(resources.fonts, resources.parseFont));
  return book;
}

/** The body face's TTF, exactly as the renderer serves it, for render tests that print small pages. */
export const bodyFontAsset: Asset = {
  contentType: 'font/ttf',
  body: new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(`${FONT_FILES['serif-regular'].pkg}/${FONT_FILES['serif-regular'].file}`))),
};
