/**
 * Reads what the composer needs from disk: the font files (from their npm packages, one full TTF
 * per face and per fallback, exactly the bytes Chromium will paint) and the templates.
 */
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as fontkit from 'fontkit';
import type { EditionResources } from '../core/edition';
import type { FaceKey, FallbackKey, FontParser } from '../core/typeset/fonts';
import { loadHyphenationPatterns } from './hyphenation-patterns';

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

/**
 * The fallback fonts (typeset/fonts.ts, FALLBACK_FAMILIES): regular and bold of each script family,
 * CJK in its regular weight only (10.5 MB and 6.2 MB; each edition embeds a fallback only when its
 * text needs it). The Lambda asset copies exactly these files (lib/pipeline-stack.ts).
 */
export const FALLBACK_FONT_FILES: Readonly<Record<FallbackKey, { pkg: string; file: string }>> = {
  'noto-regular': { pkg: '@expo-google-fonts/noto-sans', file: '400Regular/NotoSans_400Regular.ttf' },
  'noto-bold': { pkg: '@expo-google-fonts/noto-sans', file: '700Bold/NotoSans_700Bold.ttf' },
  'hebrew-regular': { pkg: '@expo-google-fonts/noto-sans-hebrew', file: '400Regular/NotoSansHebrew_400Regular.ttf' },
  'hebrew-bold': { pkg: '@expo-google-fonts/noto-sans-hebrew', file: '700Bold/NotoSansHebrew_700Bold.ttf' },
  'thai-regular': { pkg: '@expo-google-fonts/noto-sans-thai', file: '400Regular/NotoSansThai_400Regular.ttf' },
  'thai-bold': { pkg: '@expo-google-fonts/noto-sans-thai', file: '700Bold/NotoSansThai_700Bold.ttf' },
  'lao-regular': { pkg: '@expo-google-fonts/noto-sans-lao', file: '400Regular/NotoSansLao_400Regular.ttf' },
  'lao-bold': { pkg: '@expo-google-fonts/noto-sans-lao', file: '700Bold/NotoSansLao_700Bold.ttf' },
  'khmer-regular': { pkg: '@expo-google-fonts/noto-sans-khmer', file: '400Regular/NotoSansKhmer_400Regular.ttf' },
  'khmer-bold': { pkg: '@expo-google-fonts/noto-sans-khmer', file: '700Bold/NotoSansKhmer_700Bold.ttf' },
  'myanmar-regular': { pkg: '@expo-google-fonts/noto-sans-myanmar', file: '400Regular/NotoSansMyanmar_400Regular.ttf' },
  'myanmar-bold': { pkg: '@expo-google-fonts/noto-sans-myanmar', file: '700Bold/NotoSansMyanmar_700Bold.ttf' },
  'cjk-sc-regular': { pkg: '@expo-google-fonts/noto-sans-sc', file: '400Regular/NotoSansSC_400Regular.ttf' },
  'cjk-kr-regular': { pkg: '@expo-google-fonts/noto-sans-kr', file: '400Regular/NotoSansKR_400Regular.ttf' },
  'emoji-regular': { pkg: '@expo-google-fonts/noto-emoji', file: '400Regular/NotoEmoji_400Regular.ttf' },
  'emoji-bold': { pkg: '@expo-google-fonts/noto-emoji', file: '700Bold/NotoEmoji_700Bold.ttf' },
};

const here = dirname(fileURLToPath(import.meta.url));
/** The repository's templates folder (the Lambda bundle passes its own copy). */
export const DEFAULT_TEMPLATES_DIR = resolve(here, '../../templates');

let packageRequire: NodeRequire | undefined;

function packageDir(pkg: string): string {
  packageRequire ??= createRequire(import.meta.url);
  // Font packages' main entry is index.js at their root.
  return dirname(packageRequire.resolve(`${pkg}/package.json`));
}

/**
 * The font files by key: the edition faces read at once, the fallbacks (26 MB, CJK most of it) read
 * from their package the first time they are asked for, which an edition in Latin and Vietnamese
 * never does. Keys are all known from the start.
 */
class FontFiles extends Map<string, Uint8Array> {
  constructor(
    loaded: Iterable<[string, Uint8Array]>,
    private readonly later: ReadonlyMap<string, string>,
  ) {
    super(loaded);
  }
  override get(key: string): Uint8Array | undefined {
    const known = super.get(key);
    if (known || !this.later.has(key)) return known;
    const bytes = new Uint8Array(readFileSync(this.later.get(key)!));
    this.set(key, bytes);
    return bytes;
  }
  override has(key: string): boolean {
    return super.has(key) || this.later.has(key);
  }
}

/** Loads fonts and templates; call once per process and reuse the result. */
export async function loadEditionResources(templatesDir: string = DEFAULT_TEMPLATES_DIR): Promise<EditionResources> {
  // Read side by side: a fresh process waits on the disk once, not once a file.
  const [faces, templateFiles] = await Promise.all([
    Promise.all(Object.entries(FONT_FILES).map(async ([key, { pkg, file }]): Promise<[string, Uint8Array]> => [key, new Uint8Array(await readFile(join(packageDir(pkg), file)))])),
    readdir(templatesDir).then((names) => Promise.all(names.filter((name) => /\.(css|html)$/.test(name)).map(async (name): Promise<[string, string]> => [name, await readFile(join(templatesDir, name), 'utf8')]))),
  ]);
  const fallbacks = new Map(Object.entries(FALLBACK_FONT_FILES).map(([key, { pkg, file }]) => [key, join(packageDir(pkg), file)]));
  const fonts = new FontFiles(faces, fallbacks);
  const templates = new Map<string, string>(templateFiles);
  return { fonts, templates, subsetFont: subsetFontFile, parseFont: parseFontWithFontkit, hyphenationPatterns: loadHyphenationPatterns };
}

let fontkitModule: typeof fontkit | undefined;

/**
 * A font parsed by fontkit, which is loaded the first time a string needs it: the plain metrics
 * measure the text of most editions, and loading fontkit cost every fresh process about 80 ms
 * (its Unicode tables are inflated as it loads). Loaded as installed, synchronously, because
 * measuring is synchronous.
 */
export const parseFontWithFontkit: FontParser = (bytes) => {
  fontkitModule ??= createRequire(import.meta.url)('fontkit') as typeof fontkit;
  return fontkitModule.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as fontkit.Font;
};

/**
 * A font cut down to the glyphs `text` needs, with its layout tables (harfbuzz's subsetter, through
 * subset-font): the same outlines, advances and shaping Chromium would use from the whole file.
 * subset-font (harfbuzz's WebAssembly and a WOFF2 codec) is loaded only for an edition that embeds
 * a fallback font.
 */
export async function subsetFontFile(font: Uint8Array, text: string): Promise<Uint8Array> {
  const { default: subsetFont } = await import('subset-font');
  const out = await subsetFont(Buffer.from(font.buffer, font.byteOffset, font.byteLength), text, { targetFormat: 'truetype' });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
