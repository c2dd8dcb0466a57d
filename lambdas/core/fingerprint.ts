/**
 * The fingerprint of an edition's inputs: equal fingerprints mean the published edition is still
 * current, so a repeated event or an unchanged upload never renders or publishes twice.
 */
import { createHash } from 'node:crypto';
import { mayBeRead } from './input-policy';
import { embargoEnded } from './editorial';
import { isArticleFile, isPhotoFile, isSystemFile, parseArticle } from './parse';
import { LAYOUT_DIGEST, LAYOUT_VERSION } from './layout/layout-version';
import type { InputSource } from './ports';

/**
 * The layout version (lambdas/core/layout/layout-version.ts), kept with the digest of the fixture
 * edition's layout by a test, so that a release that changes what the same inputs print
 * republishes editions whose inputs did not change.
 */
export { LAYOUT_VERSION };

/**
 * SHA-256 over the layout version and digest, the requested date and every input's name, kind and size, in
 * name order (files the operating system writes beside them left out: parse isSystemFile), plus the
 * bytes of exactly the entries the build may read (input-policy.ts), a photo listed with its
 * store's ETag by that ETag instead, plus,
 * given the publication time, which embargoes have ended by then (editorial.ts). An entry
 * that is refused by its listing line (a link, a name with a backslash, a 3 GB video, an oversized
 * article) counts by its listing line alone and is never read; a file that cannot be read counts
 * as "unreadable" instead of failing the fingerprint, as it cannot fail the build.
 */
export async function fingerprintInputs(source: InputSource, date: string | undefined, publication?: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`${LAYOUT_VERSION}:${LAYOUT_DIGEST}\0${date ?? ''}\0`);
  const ended: string[] = [];
  for (const entry of await source.list()) {
    // What the operating system writes beside the uploads is no input (.DS_Store changes with a folder's view).
    if (isSystemFile(entry.name)) continue;
    hash.update(`${entry.name}\0${entry.kind}\0${entry.size}\0`);
    if (!mayBeRead(entry)) continue;
    // A photo counts by its ETag where the store gives one (S3 changes it with the bytes): the
    // render fetched every photo to hash it, those no story names too, and a shoot of 100 photos of
    // 24 MiB beside the articles took the function's 2 GB, on every render, "unchanged" ones too.
    if (entry.etag !== undefined && isPhotoFile(entry.name)) {
      hash.update(`etag\0${entry.etag}\0`);
      continue;
    }
    try {
      const bytes = await source.read(entry.name);
      hash.update(bytes);
      if (publication !== undefined) ended.push(...endedEmbargoes(entry.name, bytes, publication));
    } catch {
      hash.update('\0unreadable\0');
    }
  }
  // The same inputs print more once an embargo has ended: that edition is another version.
  if (ended.length > 0) hash.update(`\0embargoes ended:${ended.sort().join(',')}\0`);
  return hash.digest('hex').slice(0, 32);
}

/**
 * The embargo of an article file, if it has one that has ended by `publication`. Only a file that
 * mentions an embargo is parsed, so an edition without one costs nothing more.
 */
function endedEmbargoes(name: string, bytes: Uint8Array, publication: string): string[] {
  if (!isArticleFile(name) || !/embargo/i.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'))) return [];
  const outcome = parseArticle(name, bytes);
  const embargo = outcome.ok ? outcome.article.embargo : undefined;
  return embargo !== undefined && embargoEnded(embargo, publication) ? [`${name}@${embargo}`] : [];
}
