/**
 * The code's layers, as docs/ARCHITECTURE.md draws them: `bin/` holds entries, `lib/` the
 * infrastructure (which never imports an entry), `lambdas/` the functions (which know nothing of
 * either), and `lambdas/core` is pure: no I/O module of Node (hashing is computation, not I/O).
 * Every import specifier of every source file is read, static and dynamic alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = /\.(ts|js|mjs)$/;

function sourcesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every module a file imports: `from '…'`, `import '…'`, `import('…')` and `require('…')`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g);
  return [...found].map((match) => match[1]!);
}

/** The repository folder (bin, lib, lambdas/core, …) a relative import lands in, or null for a package. */
function landsIn(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return relative(ROOT, resolve(dirname(file), specifier)).split(sep).join('/');
}

function violations(folder: string, forbidden: (target: string | null, specifier: string) => boolean): string[] {
  return sourcesUnder(folder).flatMap((file) =>
    importsOf(file)
      .filter((specifier) => forbidden(landsIn(file, specifier), specifier))
      .map((specifier) => `${relative(ROOT, file)} imports ${specifier}`),
  );
}

const under = (target: string | null, folder: string) => target !== null && (target === folder || target.startsWith(`${folder}/`));

describe('the layers of the code', () => {
  it('reads imports the way the sources write them (the check could fail)', () => {
    const here = fileURLToPath(import.meta.url);
    expect(importsOf(here)).toEqual(expect.arrayContaining(['node:fs', 'node:path', 'vitest']));
    expect(landsIn(join(ROOT, 'lib/constructs/x.ts'), '../../bin/epaper.js')).toBe('bin/epaper.js');
    expect(sourcesUnder('lib').length).toBeGreaterThan(5);
    expect(sourcesUnder('lambdas/core').length).toBeGreaterThan(20);
  });

  it('lib/ never imports bin/', () => {
    expect(violations('lib', (target) => under(target, 'bin'))).toEqual([]);
  });

  it('lambdas/ imports neither bin/ nor lib/', () => {
    expect(violations('lambdas', (target) => under(target, 'bin') || under(target, 'lib'))).toEqual([]);
  });

  it('lambdas/core imports no adapter, handler, and no I/O module of Node', () => {
    const nodeModule = (specifier: string) => builtinModules.includes(specifier.replace(/^node:/, '')) || specifier.startsWith('node:');
    const io = (specifier: string) => nodeModule(specifier) && specifier.replace(/^node:/, '') !== 'crypto';
    expect(io('fs') && io('node:fs/promises') && !io('node:crypto') && !io('yaml')).toBe(true);
    expect(
      violations('lambdas/core', (target, specifier) => under(target, 'lambdas/adapters') || under(target, 'lambdas/handlers') || io(specifier)),
    ).toEqual([]);
  });
});
