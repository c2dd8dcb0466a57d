/**
 * How far V8 lets the heap grow between full collections, for a process that builds edition after
 * edition: a warm render Lambda, `epaper dev`, and the bench's warm builds, which stand for a warm
 * Lambda's life (issue 15: memory flat over 20 consecutive builds).
 *
 * A build leaves 10–15 MB of promoted garbage behind (the stories, the plan, the HTML). V8 grows
 * the old generation's limit by a factor it picks from its own throughput, up to 4×, so a warm
 * process carried 90–130 MB of dead builds before each full collection: the per-build peak climbed
 * for eight to fifteen builds and dropped, and whether the bench's last five builds sat higher than
 * its first five was a matter of where that saw-tooth stood (one bench run in ten grew by 101 MB).
 * A fixed factor of 2 keeps the saw-tooth small.
 *
 * Measured 2026-11-30 (Node 20.20, 2 cores, 20 warm builds of the bench's 18-page edition, in one
 * process with Chromium, per-build peaks): V8's own factor, Node 246–380 MB, growth last five over
 * first five −18 to +91 MB, median build 872–988 ms; 100 % (a factor of 2), Node 251–282 MB,
 * −14 to +12 MB, 948–983 ms; 50 %, 243–270 MB, −6 to +12 MB, 905–1023 ms (a few per cent slower).
 * (Those runs set the factor at the start.) The 600-article edition builds as fast either way
 * (12.5 s). It is set after a process's first build instead: a one-build `epaper build` has nothing
 * to carry over, and a smaller factor while a fresh heap grows from nothing only adds collections
 * (the 30-article CLI build with 100 % from its start: about 64 ms slower, 12 alternating runs).
 * V8 applies it at its next full collection, so the first climb is V8's own (Node to 341–344 MB in
 * two runs of 20 builds) and every build after it stays lower (256–300 MB; growth −19 and −20 MB,
 * against +35 and +46 MB unsettled in the same session).
 */
import { setFlagsFromString } from 'node:v8';

/** V8's `--heap-growing-percent` once a process has built an edition: the limit grows by a factor of 2. */
export const WARM_HEAP_GROWING_PERCENT = 100;

let settled = false;

/**
 * Called after each build by whatever may build again in the same process. V8 reads the flag
 * whenever it sets the next limit, after a full collection, so setting it once applies from then on.
 */
export function settleHeapForWarmBuilds(): void {
  if (settled) return;
  settled = true;
  setFlagsFromString(`--heap-growing-percent=${WARM_HEAP_GROWING_PERCENT}`);
}
