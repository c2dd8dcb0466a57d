/** Test support: the edition's real font files, as the composer gets them. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FONT_FILES, loadEditionResources } from '../../lambdas/adapters/resources';
import type { EditionResources } from '../../lambdas/core/edition';
import type { Asset } from '../../lambdas/core/ports';
import { fontBookFor, type FontBook } from '../../lambdas/core/typeset/fonts';

let resources: Promise<EditionResources> | undefined;

/**
 * The edition's resources (fonts, templates) loaded once for the test files a worker runs, as a warm
 * Lambda keeps them: builds share one FontBook (fontBookFor keys it by the font map), so a test that
 * builds an edition and composes it again for the model's pages sets its paragraphs once.
 */
export function testResources(): Promise<EditionResources> {
  resources ??= loadEditionResources();
  return resources;
}

/** One FontBook over the npm font files, the one the test builds use. */
export async function testFonts(): Promise<FontBook> {
  const { fonts, parseFont } = await testResources();
  return fontBookFor(fonts, parseFont);
}

/** The body face's TTF, exactly as the renderer serves it, for render tests that print small pages. */
export const bodyFontAsset: Asset = {
  contentType: 'font/ttf',
  body: new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(`${FONT_FILES['serif-regular'].pkg}/${FONT_FILES['serif-regular'].file}`))),
};

/** The PostScript names of the fonts a Chromium PDF embeds, without subset tags (its font dictionaries are plain objects). */
export function embeddedFontNames(pdf: Uint8Array): string[] {
  const text = Buffer.from(pdf).toString('latin1');
  return [...new Set([...text.matchAll(/\/BaseFont\s*\/[A-Z]{6}\+([A-Za-z0-9-]+)/g)].map((m) => m[1]))].sort();
}
