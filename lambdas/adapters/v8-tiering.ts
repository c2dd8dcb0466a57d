/**
 * How soon V8 optimizes a function, for epaper's processes: imported first by every entry that
 * builds editions (the `epaper` command, the render Lambda, the bench's cold compose), before any
 * other module has run.
 *
 * An epaper process builds one edition, or a few, and most of what it runs is hot for a moment
 * only (parsing, planning, setting each story). With V8's default budget, TurboFan compiles (and
 * after a deoptimization compiles again) hundreds of functions that have finished their work
 * before the compiled code is ready: in the first compose of a fresh process (issue 15, the
 * 30-article edition) that compiling was more CPU than running the compose itself, on background
 * threads that compete with Chromium for the machine's cores. A larger budget keeps a function in
 * the interpreter and the baseline compiler longer and optimizes only what stays hot.
 *
 * Measured 2026-11-30 (Node 20.20, 2 cores, fresh processes, CPU of the whole process during the
 * first compose of /tmp/proc30): default 67,584 → 860–970 ms; 150,000 → 730–770; 300,000 →
 * 560–610; 600,000 → 540–580. The main thread's share stays 330–380 ms throughout (the compose is
 * no slower to run); past 300,000 the 96-page reference edition's compose starts to run slower on
 * the main thread. The pages are the same: optimization never changes what JavaScript computes.
 */
import { setFlagsFromString } from 'node:v8';

/** V8 11 (Node 20)'s `--interrupt-budget`: bytecode a function runs between two looks at whether to optimize it. */
export const INTERRUPT_BUDGET = 300_000;

/**
 * V8 12 (Node 22, which the Lambda functions run) has no `--interrupt-budget`: a function's budget
 * is its bytecode's length times `--invocation-count-for-turbofan` (default 3,000), and setting the
 * old flag only printed "Error: unrecognized flag" to stderr on every cold start, the tuning
 * lost. The same ratio to the default as INTERRUPT_BUDGET's (300,000 / 67,584, about 4.4×).
 * Measured 2026-12-01 (Node 22.23, 2 cores, fresh processes, five each; the first compose and the
 * whole process's CPU): the bench's 30-article cold-compose edition, default 430–509 ms (CPU
 * 1.29–1.39 s), 6,000 376–419 ms (1.18–1.30 s), 13,000 379–466 ms (1.10–1.23 s); the 97-page
 * reference edition, default 1116–1327 ms (CPU 2.98–3.17 s), 13,000 1182–1282 ms (2.92–2.95 s).
 * Node 24 (V8 13, Maglev on by default) takes the same flag and neither gains nor loses by it: the
 * 30-article edition 346–451 ms either way, thirteen fresh processes each.
 */
export const INVOCATION_COUNT_FOR_TURBOFAN = 13_000;

/** The tiering flag the running V8 knows, by its major version (`process.versions.v8`). */
export function tieringFlag(v8Version: string): string {
  const major = Number.parseInt(v8Version, 10);
  return major >= 12 ? `--invocation-count-for-turbofan=${INVOCATION_COUNT_FOR_TURBOFAN}` : `--interrupt-budget=${INTERRUPT_BUDGET}`;
}

// V8 reads the budget whenever it resets a function's counter, so setting it here, before the
// build's modules run, applies to all of them. (NODE_OPTIONS may not carry this flag, and the
// render Lambda has no command line of its own.)
setFlagsFromString(tieringFlag(process.versions.v8));
