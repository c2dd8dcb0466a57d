/**
 * Repacks @sparticuz/chromium's binary in a Lambda asset from brotli to gzip (level 1), run by the
 * render function's bundling (lib/constructs/epaper-function.ts, `chromiumGzip`):
 *   node bin/repack-chromium.js <asset>/node_modules/@sparticuz/chromium/bin
 *
 * A cold render Lambda unpacks Chromium before it can print, beside parsing and composing on the
 * same CPU. zlib inflates the 197 MB binary in about 0.7 s where brotli takes 1.2 s, for 29 MB more
 * in the asset (93 MB instead of 64; the whole asset stays far under Lambda's 250 MB).
 * lambdas/adapters/chromium-binary.js unpacks `chromium.gz` when it finds one. The smaller archives
 * (fonts, Amazon Linux libraries) stay as they are.
 *
 * Plain JavaScript: bundling runs it with node before anything is compiled.
 */
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { constants, createBrotliDecompress, createGzip } from 'node:zlib';

/** zlib's fastest level: inflating does not get slower, and it compresses four times as fast as 6. */
export const CHROMIUM_GZIP_LEVEL = 1;

/** Turns `<binDir>/chromium.br` into `<binDir>/chromium.gz`; a folder already repacked is left alone. */
export async function repackChromium(binDir) {
  const brotli = join(binDir, 'chromium.br');
  const gzip = join(binDir, 'chromium.gz');
  if (!existsSync(brotli)) {
    if (existsSync(gzip)) return gzip;
    throw new Error(`repack-chromium: neither chromium.br nor chromium.gz in ${binDir}`);
  }
  const partial = `${gzip}.partial`;
  await pipeline(
    createReadStream(brotli, { highWaterMark: 2 ** 22 }),
    createBrotliDecompress({ chunkSize: 2 ** 21 }),
    createGzip({ level: CHROMIUM_GZIP_LEVEL, chunkSize: 2 ** 21, memLevel: constants.Z_MAX_MEMLEVEL }),
    createWriteStream(partial),
  );
  renameSync(partial, gzip);
  rmSync(brotli);
  return gzip;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const binDir = process.argv[2];
  if (!binDir) {
    console.error('usage: node bin/repack-chromium.js <@sparticuz/chromium bin folder>');
    process.exit(2);
  }
  const started = performance.now();
  repackChromium(binDir)
    .then((file) => console.error(`repack-chromium: ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
