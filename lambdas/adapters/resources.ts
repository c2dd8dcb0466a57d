/**
 * Reads what the composer needs from disk: the font files (from their npm packages, one full TTF
 * per face, exactly the bytes Chromium will paint) and the templates.
 */
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EditionResources } from '../core/edition';
import type { FaceKey } from '../core/typeset/fonts';

/** Where each face comes from: package and file inside it. */
export const FONT_FILES: Readonly<Record<FaceKey, { pkg: string; file: string }>> = {
  'serif-regular': { pkg: '@expo-google-fonts/source-serif-4', file: '400Regular/SourceSerif4_400Regular.ttf' },
  'serif-italic': { pkg: '@expo-google-fonts/source-serif-4', file: '400Regular_Italic/SourceSerif4_400Regular_Italic.ttf' },
  'serif-bold': { pkg: '@expo-google-fonts/source-serif-4', file: '700Bold/SourceSerif4_700Bold.ttf' },
  'serif-bolditalic': { pkg: '@expo-google-fonts/source-serif-4', file: '700Bold_Italic/SourceSerif4_700Bold_Italic.ttf' },
  'display-bold': { pkg: '@expo-google-fonts/playfair-display', file: '700Bold/PlayfairDisplay_700Bold.ttf' },
  'display-black': { pkg: '@expo-google-fonts/playfair-display', file: '900Black/PlayfairDisplay_900Black.ttf' },
  'display-italic': { pkg: '@expo-google-fonts/playfair-display', file: '400Regular_Italic/PlayfairDisplay_400Regular_Italic.ttf' },
  'sans-regular': { pkg: '@expo-google-fonts/oswald', file: '400Regular/Oswald_400Regular.ttf' },
  'sans-bold': { pkg: '@expo-google-fonts/oswald', file: '700Bold/Oswald_700Bold.ttf' },
};

const here = dirname(fileURLToPath(import.meta.url));
/** The repository's templates folder (the Lambda bundle passes its own copy). */
export const DEFAULT_TEMPLATES_DIR = resolve(here, '../../templates');

function packageDir(pkg: string): string {
  const require = createRequire(import.meta.url);
  // Font packages' main entry is index.js at their root.
  return dirname(require.resolve(`${pkg}/package.json`));
}

/** Loads fonts and templates; call once per process and reuse the result. */
export async function loadEditionResources(templatesDir: string = DEFAULT_TEMPLATES_DIR): Promise<EditionResources> {
  const fonts = new Map<string, Uint8Array>();
  for (const [key, { pkg, file }] of Object.entries(FONT_FILES)) {
    fonts.set(key, new Uint8Array(await readFile(join(packageDir(pkg), file))));
  }
  const templates = new Map<string, string>();
  for (const name of await readdir(templatesDir)) {
    if (/\.(css|html)$/.test(name)) templates.set(name, await readFile(join(templatesDir, name), 'utf8'));
  }
  return { fonts, templates };
}
