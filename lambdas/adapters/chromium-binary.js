/**
 * The Chromium binary from @sparticuz/chromium, unpacked once per process. Plain JavaScript so that
 * the `epaper` launcher can start unpacking (a second or more on a first run, in libuv's thread
 * pool) before TypeScript and the rest of the build have loaded; the renderer then awaits the same
 * promise. Two unpackings at once would be worse than slow: @sparticuz/chromium treats a file that
 * exists as unpacked, so a second caller could launch a half-written binary.
 */
import chromium from '@sparticuz/chromium';

let pending;

/** Resolves to the unpacked binary's path; a failure is not cached, so the next call tries again. */
export function chromiumExecutablePath() {
  if (!pending) {
    pending = chromium.executablePath();
    pending.catch(() => {
      pending = undefined;
    });
  }
  return pending;
}
