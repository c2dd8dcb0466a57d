/**
 * Repacks @sparticuz/chromium's binary in a Lambda asset from brotli to chunked LZ4, run by the
 * render function's bundling (lib/constructs/epaper-function.ts, `chromiumLz4`):
 *   node bin/repack-chromium.js <asset>/node_modules/@sparticuz/chromium/bin
 *
 * A cold render Lambda unpacks Chromium before it can print, on the CPU that parses and composes
 * meanwhile. Brotli inflates the 197 MB binary in about 1.2 s, gzip in 0.8–1.2 s, LZ4 in 0.4–0.5 s
 * (mostly the write to /tmp): the asset carries 25 MB more than with gzip (about 118 MB instead of
 * 93; the whole asset stays under Lambda's 250 MiB). lambdas/adapters/chromium-binary.js unpacks
 * `chromium.lz4` when it finds one. The smaller archives (fonts, Amazon Linux libraries) stay as
 * they are.
 *
 * The format (`chromium.lz4`): blocks of at most CHROMIUM_LZ4_CHUNK_BYTES of the binary, each as a
 * little-endian u32 byte count followed by that many bytes of lz4-napi's block (which carries its
 * own uncompressed size). Blocks keep the unpacking's memory at one chunk, not the whole binary.
 *
 * Plain JavaScript: bundling runs it with node before anything is compiled.
 */
import { createReadStream, existsSync, openSync, closeSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';

/** The binary's bytes per LZ4 block: large enough that the per-block cost vanishes, small enough to hold. */
export const CHROMIUM_LZ4_CHUNK_BYTES = 8 * 2 ** 20;

/** Writes all of `bytes` to `fd` (writeSync may write less than asked). */
function writeAll(fd, bytes) {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/**
 * Packs a stream of the binary's bytes into `target` as chunked LZ4 (see above), through
 * `${target}.partial` so that a bundling cut short leaves no half archive under the real name.
 */
export async function packChunkedLz4(source, target, chunkBytes = CHROMIUM_LZ4_CHUNK_BYTES) {
  const { compressSync } = createRequire(import.meta.url)('lz4-napi');
  const partial = `${target}.partial`;
  const out = openSync(partial, 'w');
  try {
    const pending = Buffer.allocUnsafe(chunkBytes);
    let filled = 0;
    const flush = () => {
      const block = compressSync(pending.subarray(0, filled));
      const header = Buffer.allocUnsafe(4);
      header.writeUInt32LE(block.length, 0);
      writeAll(out, header);
      writeAll(out, block);
      filled = 0;
    };
    for await (const piece of source) {
      for (let offset = 0; offset < piece.length; ) {
        const taken = Math.min(chunkBytes - filled, piece.length - offset);
        piece.copy(pending, filled, offset, offset + taken);
        filled += taken;
        offset += taken;
        if (filled === chunkBytes) flush();
      }
    }
    if (filled > 0) flush();
  } finally {
    closeSync(out);
  }
  renameSync(partial, target);
  return target;
}

/** Turns `<binDir>/chromium.br` into `<binDir>/chromium.lz4`; a folder already repacked is left alone. */
export async function repackChromium(binDir) {
  const brotli = join(binDir, 'chromium.br');
  const lz4 = join(binDir, 'chromium.lz4');
  if (!existsSync(brotli)) {
    if (existsSync(lz4)) return lz4;
    throw new Error(`repack-chromium: neither chromium.br nor chromium.lz4 in ${binDir}`);
  }
  await packChunkedLz4(createReadStream(brotli, { highWaterMark: 2 ** 22 }).pipe(createBrotliDecompress({ chunkSize: 2 ** 21 })), lz4);
  rmSync(brotli);
  return lz4;
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
