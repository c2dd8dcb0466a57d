/**
 * The Chromium binary from @sparticuz/chromium, unpacked once per process. Plain JavaScript so that
 * the `epaper` launcher can start unpacking (a second or more on a first run) before TypeScript and
 * the rest of the build have loaded; the renderer then awaits the same promise. Two unpackings at
 * once would be worse than slow: @sparticuz/chromium treats a file that exists as unpacked, so a
 * second caller could launch a half-written binary.
 *
 * The unpacking runs in a worker thread. Brotli decompresses in libuv's thread pool, but every
 * chunk is piped to its file by JavaScript on the thread that started it: on the main thread, a
 * cold render's synchronous parse and compose held the pipe still for seconds, so the binary was
 * ready only well after the pages were composed (cold render Lambda, loaded machine: unpacking
 * ended 4.9 s after compose did). In a worker it goes on while the main thread composes.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

let pending;

/**
 * Unpacks a chunked LZ4 archive (bin/repack-chromium.js: `[u32 LE byte count][lz4-napi block]`
 * repeated) into `target`, executable, through `${target}.partial` renamed at the end: a process
 * killed halfway leaves no half binary under the name @sparticuz/chromium takes as unpacked, and
 * an archive that cannot be unpacked leaves nothing (the partial file would hold /tmp's space).
 *
 * Self-contained, with its dependencies passed in: the worker runs it from its own source text
 * (WORKER_SOURCE), since in the render Lambda's bundle there is no module file to import it from.
 */
export function unpackChunkedLz4(fs, uncompressSync, packed, target) {
  const readExactly = (fd, buffer, length, position) => {
    let read = 0;
    while (read < length) {
      const got = fs.readSync(fd, buffer, read, length - read, position + read);
      if (got === 0) break;
      read += got;
    }
    return read;
  };
  const partial = `${target}.partial`;
  const input = fs.openSync(packed, 'r');
  let output;
  try {
    output = fs.openSync(partial, 'w', 0o755);
    const header = Buffer.alloc(4);
    let block = Buffer.alloc(0);
    let position = 0;
    for (;;) {
      const headerBytes = readExactly(input, header, 4, position);
      if (headerBytes === 0) break;
      if (headerBytes < 4) throw new Error(`${packed}: cut short in a block header at byte ${position}`);
      const length = header.readUInt32LE(0);
      position += 4;
      if (block.length < length) block = Buffer.alloc(length);
      if (readExactly(input, block, length, position) < length) throw new Error(`${packed}: cut short in the block at byte ${position}`);
      position += length;
      const bytes = uncompressSync(block.subarray(0, length));
      for (let offset = 0; offset < bytes.length; ) offset += fs.writeSync(output, bytes, offset, bytes.length - offset);
    }
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    fs.closeSync(input);
    if (output !== undefined) fs.closeSync(output);
  }
  fs.chmodSync(partial, 0o755);
  fs.renameSync(partial, target);
  return target;
}

/**
 * What the worker runs: the CommonJS build of @sparticuz/chromium, resolved by the caller. Only
 * dynamic import(), which an evaluated worker script has whether Node takes it for CommonJS or (a
 * process started with --input-type=module, whose flags workers inherit) for an ES module.
 */
const WORKER_SOURCE = `
const unpackChunkedLz4 = (${unpackChunkedLz4.toString()});
import('node:worker_threads').then(async ({ parentPort, workerData }) => {
  try {
    const { default: chromium } = await import(workerData.moduleUrl);
    const fs = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { dirname, join } = await import('node:path');
    const { createRequire } = await import('node:module');
    const { fileURLToPath } = await import('node:url');
    const moduleFile = fileURLToPath(workerData.moduleUrl);
    const binDir = join(dirname(moduleFile), '..', '..', 'bin');
    const executable = join(tmpdir(), 'chromium');
    if (fs.existsSync(join(binDir, 'chromium.lz4')) && !fs.existsSync(executable)) {
      // A render Lambda's asset carries the binary as chunked LZ4 (bin/repack-chromium.js), unpacked here with lz4-napi (installed beside it); the fonts and the Amazon Linux libraries (1.3 MB packed) with @sparticuz's own inflate, which finishes once the binary is out. SwiftShader is left packed, since the renderer draws without it (--disable-gpu).
      const require = createRequire(moduleFile);
      const { inflate } = require(join(dirname(moduleFile), 'lambdafs.cjs'));
      const { isRunningInAmazonLinux2023 } = require(join(dirname(moduleFile), 'helper.cjs'));
      const archives = ['fonts.tar.br'];
      if (isRunningInAmazonLinux2023(Number(process.versions.node.split('.')[0]))) archives.push('al2023.tar.br');
      const others = Promise.all(archives.map((name) => inflate(join(binDir, name))));
      others.catch(() => {}); // awaited below; not left unhandled if the binary fails first
      const { uncompressSync } = createRequire(workerData.callerUrl)('lz4-napi');
      const path = unpackChunkedLz4(fs, uncompressSync, join(binDir, 'chromium.lz4'), executable);
      await others;
      parentPort.postMessage({ path, args: chromium.args });
      return;
    }
    parentPort.postMessage({ path: await chromium.executablePath(), args: chromium.args });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.stack || error.message : String(error) });
  }
});
`;

/** Unpacks in a worker thread; resolves to the binary's path and @sparticuz's launch arguments. */
function unpackInWorker() {
  const moduleUrl = pathToFileURL(createRequire(import.meta.url).resolve('@sparticuz/chromium')).href;
  return new Promise((resolve, reject) => {
    // Not unref'd: a caller awaiting the path must keep the process alive, as the streams did.
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { moduleUrl, callerUrl: import.meta.url } });
    let settled = false;
    worker.once('message', (message) => {
      settled = true;
      if (message.error) reject(new Error(`unpacking Chromium failed: ${message.error}`));
      else resolve({ path: message.path, args: message.args });
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the Chromium unpacking worker exited with code ${code} before answering`));
    });
  });
}

/**
 * Resolves to the unpacked binary's path and the launch arguments @sparticuz/chromium gives it;
 * a failure is not cached, so the next call tries again. The arguments come from the worker,
 * which loads @sparticuz/chromium anyway: the main thread never loads it (its download and
 * archive code, about 30 ms of a fresh process).
 */
export function chromiumBinary() {
  if (!pending) {
    const unsupported = unsupportedPlatform(process.platform, process.arch);
    pending = unsupported ? Promise.reject(new Error(unsupported)) : unpackInWorker();
    pending.catch(() => {
      pending = undefined;
    });
  }
  return pending;
}

/**
 * Why this machine cannot run the renderer's Chromium, or undefined when it can. @sparticuz/chromium
 * is the build AWS Lambda runs, for Linux on x86-64 only; elsewhere (a Mac, Windows, an ARM board)
 * its binary was unpacked, 197 MB, and then failed to start with "spawn ENOEXEC" or the like.
 */
export function unsupportedPlatform(platform, arch) {
  if (platform === 'linux' && arch === 'x64') return undefined;
  return `the renderer's Chromium (@sparticuz/chromium, the build AWS Lambda runs) exists only for Linux on x86-64, and this machine is ${platform} on ${arch}: build in a Linux x86-64 machine, container or CI job, or upload to the cloud and let it render`;
}

/** Resolves to the unpacked binary's path (see chromiumBinary). */
export function chromiumExecutablePath() {
  return chromiumBinary().then((binary) => binary.path);
}
