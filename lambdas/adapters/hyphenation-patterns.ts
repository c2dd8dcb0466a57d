/**
 * Reads a language's hyphenation patterns from the installed `hyphen` package (its
 * patterns/<file>.js, plain data), for the build to hand to the typesetter
 * (typeset/hyphenate.ts, useHyphenationPatterns). Read when an edition has a story in the language,
 * so that a process loads only the patterns its editions use (German's are 750 KB).
 */
import { createRequire } from 'node:module';
import { PATTERN_FILES, type Patterns } from '../core/typeset/hyphenate';

const KNOWN_FILES = new Set(Object.values(PATTERN_FILES));
let requirePackage: NodeRequire | undefined;

export async function loadHyphenationPatterns(file: string): Promise<Patterns> {
  if (!KNOWN_FILES.has(file)) throw new Error(`no hyphenation patterns named ${file}`);
  requirePackage ??= createRequire(import.meta.url);
  return requirePackage(`hyphen/patterns/${file}.js`) as Patterns;
}
