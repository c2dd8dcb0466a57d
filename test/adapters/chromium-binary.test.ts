/**
 * Chromium's unpacking (chromium-binary.js) goes on while the main thread is busy: a cold render
 * parses and composes synchronously meanwhile, and when the brotli streams were piped on the main
 * thread they stood still until it yielded, so the binary was ready only well after the pages.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { unpackChunkedLz4, unsupportedPlatform } from '../../lambdas/adapters/chromium-binary.js';
import { packChunkedLz4 } from '../../bin/repack-chromium.js';

/** Bytes of the binary that must be written while the main thread never yields (it is about 190 MB). */
const WRITTEN_WHILE_BLOCKED = 100 * 1024 * 1024;

describe('chromiumExecutablePath', () => {
  it('unpacks into an empty temp folder while the main thread is held by synchronous work', () => {
    const temp = mkdtempSync(join(tmpdir(), 'epaper-unpack-'));
    try {
      const moduleUrl = pathToFileURL(resolve('lambdas/adapters/chromium-binary.js')).href;
      const script = `
        import { statSync } from 'node:fs';
        import { join } from 'node:path';
        const { chromiumExecutablePath } = await import(${JSON.stringify(moduleUrl)});
        const pending = chromiumExecutablePath();
        const binary = join(process.env.TMPDIR, 'chromium');
        // Never yields, as a synchronous compose does not; bounded so that a stalled unpacking fails.
        const until = Date.now() + 90_000;
        let size = 0;
        while (Date.now() < until && size < ${WRITTEN_WHILE_BLOCKED}) {
          try { size = statSync(binary).size; } catch {}
        }
        const path = await pending;
        process.stdout.write(JSON.stringify({ size, path, full: statSync(path).size }));
      `;
      const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: temp }, encoding: 'utf8', timeout: 180_000 })) as { size: number; path: string; full: number };
      expect(out.size).toBeGreaterThanOrEqual(WRITTEN_WHILE_BLOCKED);
      expect(out.path).toBe(join(temp, 'chromium'));
      expect(out.full).toBeGreaterThan(WRITTEN_WHILE_BLOCKED);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }, 200_000);

  it('hands over @sparticuz\'s launch arguments with the path, so the main thread never loads @sparticuz/chromium', async () => {
    const { default: chromium } = await import('@sparticuz/chromium');
    const { chromiumBinary, chromiumExecutablePath } = await import('../../lambdas/adapters/chromium-binary.js');
    const binary = await chromiumBinary();
    expect(binary.args).toEqual(chromium.args);
    expect(await chromiumExecutablePath()).toBe(binary.path);
    // The renderer's module does not import it either (the bench and tests do, for their own launches).
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(resolve('lambdas/adapters/chromium-renderer.ts'), 'utf8')).not.toMatch(/from '@sparticuz\/chromium'/);
  }, 120_000);
});

describe('chunked LZ4 (the render Lambda\'s Chromium binary, bin/repack-chromium.js)', () => {
  const { uncompressSync } = createRequire(import.meta.url)('lz4-napi') as { uncompressSync: (block: Buffer) => Buffer };

  /** 40 kB, partly repetitive (as a binary's tables are), partly random, fed in uneven pieces. */
  function sampleBytes(): Buffer[] {
    const random = Buffer.alloc(15_000);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    return [Buffer.from('chromium '.repeat(1_000)), random, Buffer.alloc(16_000, 7)];
  }

  it('unpacks, block by block, to the very bytes it packed, as an executable, with no partial file left', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'epaper-lz4-'));
    try {
      const pieces = sampleBytes();
      const packed = join(temp, 'chromium.lz4');
      // Chunks of 4 kB: the 40 kB span ten blocks, and the pieces' edges fall inside blocks.
      await packChunkedLz4(Readable.from(pieces), packed, 4096);
      expect(statSync(packed).size).toBeLessThan(Buffer.concat(pieces).length);
      const target = join(temp, 'chromium');
      expect(unpackChunkedLz4(fs, uncompressSync, packed, target)).toBe(target);
      expect(readFileSync(target).equals(Buffer.concat(pieces))).toBe(true);
      expect(statSync(target).mode & 0o111).toBe(0o111);
      expect(existsSync(`${target}.partial`)).toBe(false);
      expect(existsSync(`${packed}.partial`)).toBe(false);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it('refuses an archive cut short and leaves nothing under the binary\'s name (@sparticuz/chromium would launch it)', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'epaper-lz4-'));
    try {
      const packed = join(temp, 'chromium.lz4');
      await packChunkedLz4(Readable.from(sampleBytes()), packed, 4096);
      const whole = readFileSync(packed);
      for (const cut of [whole.length - 10, whole.length - (whole.length % 7) - 2]) {
        writeFileSync(packed, whole.subarray(0, cut));
        const target = join(temp, 'chromium');
        expect(() => unpackChunkedLz4(fs, uncompressSync, packed, target)).toThrow(/cut short/);
        expect(existsSync(target)).toBe(false);
        expect(existsSync(`${target}.partial`)).toBe(false);
      }
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });
});

describe('a machine the renderer\'s Chromium does not run on', () => {
  it('is named in one sentence before anything is unpacked: the binary is for Linux on x86-64 only', () => {
    expect(unsupportedPlatform('linux', 'x64')).toBeUndefined();
    for (const [platform, arch] of [['darwin', 'arm64'], ['darwin', 'x64'], ['win32', 'x64'], ['linux', 'arm64']]) {
      const why = unsupportedPlatform(platform, arch);
      expect(why).toContain(`this machine is ${platform} on ${arch}`);
      expect(why).toContain('Linux on x86-64');
    }
  });
});
