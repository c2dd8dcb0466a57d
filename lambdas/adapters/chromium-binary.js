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
 * What the worker runs: the CommonJS build of @sparticuz/chromium, resolved by the caller. Only
 * dynamic import(), which an evaluated worker script has whether Node takes it for CommonJS or (a
 * process started with --input-type=module, whose flags workers inherit) for an ES module.
 */
const WORKER_SOURCE = `
import('node:worker_threads').then(async ({ parentPort, workerData }) => {
  try {
    const { default: chromium } = await import(workerData.moduleUrl);
    const { existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { dirname, join } = await import('node:path');
    const { createRequire } = await import('node:module');
    const { fileURLToPath } = await import('node:url');
    const moduleFile = fileURLToPath(workerData.moduleUrl);
    const binDir = join(dirname(moduleFile), '..', '..', 'bin');
    if (existsSync(join(binDir, 'chromium.gz')) && !existsSync(join(tmpdir(), 'chromium'))) {
      // A render Lambda's asset carries the binary gzip'd (bin/repack-chromium.js): unpacked with @sparticuz's own inflate, beside the fonts and the Amazon Linux libraries it would unpack; SwiftShader is left packed, since the renderer draws without it (--disable-gpu).
      const require = createRequire(moduleFile);
      const { inflate } = require(join(dirname(moduleFile), 'lambdafs.cjs'));
      const { isRunningInAmazonLinux2023 } = require(join(dirname(moduleFile), 'helper.cjs'));
      const archives = ['chromium.gz', 'fonts.tar.br'];
      if (isRunningInAmazonLinux2023(Number(process.versions.node.split('.')[0]))) archives.push('al2023.tar.br');
      const [path] = await Promise.all(archives.map((name) => inflate(join(binDir, name))));
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
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { moduleUrl } });
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
    pending = unpackInWorker();
    pending.catch(() => {
      pending = undefined;
    });
  }
  return pending;
}

/** Resolves to the unpacked binary's path (see chromiumBinary). */
export function chromiumExecutablePath() {
  return chromiumBinary().then((binary) => binary.path);
}
