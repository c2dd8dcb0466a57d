/**
 * The render function's memory size, chosen from a measured peak (issue 15, item 6), not guessed.
 *
 * Measurement: `npx epaper bench --json`, `editions[large].peakRssMb`: the 96-page reference
 * edition built through the same buildEdition the function runs, its whole process tree (Node and
 * Chromium) sampled every 100 ms as proportional set sizes. Highest of four idle runs on
 * 2026-11-29 (docs/PERFORMANCE-HISTORY.md, after the page planner): 974 MB (the others 887, 895
 * and 940). The cold render Lambda itself, on the 6-page sample edition, peaked at 514 MB
 * (`lambda.peakMb`, 2026-11-29).
 *
 * Rule: the largest measured peak times `headroom`, rounded up to `stepMb`, and never below
 * `minimumMb`. Headroom 1.5 because Lambda's limit is hard (over it the function is killed, the
 * message retried and dead-lettered), and an edition with many photos or CJK text holds more
 * than the generated reference. The minimum stays 2048 MB: above 1769 MB Lambda shows the function
 * two cores, so Chromium's unpacking and launch overlap the typesetting on a cold start (one
 * core would run them one after the other).
 *
 * Re-measure when an edition grows (the 600-article edition, page images at render) and change
 * `measuredPeakMb` here; cdk.json's `render.memoryMb` must equal `memoryMb` (test/infra/config.test.ts).
 */
export interface RenderMemoryPolicy {
  /** MB, the largest peak measured (see above). */
  readonly measuredPeakMb: number;
  readonly headroom: number;
  readonly stepMb: number;
  readonly minimumMb: number;
}

export const RENDER_MEMORY_POLICY: RenderMemoryPolicy = {
  measuredPeakMb: 974,
  headroom: 1.5,
  stepMb: 64,
  minimumMb: 2048,
};

/** The memory size the rule gives: max(ceil(peak × headroom / step) × step, minimum) = 2048 MB today. */
export function renderMemoryMb(policy: RenderMemoryPolicy = RENDER_MEMORY_POLICY): number {
  const withHeadroom = Math.ceil((policy.measuredPeakMb * policy.headroom) / policy.stepMb) * policy.stepMb;
  return Math.max(withHeadroom, policy.minimumMb);
}

/**
 * MB, the render function's JavaScript heap (V8's old generation) for a function of `memoryMb`:
 * half of it, V8's own rule for a 64-bit Node on a machine with that much memory (a quarter of
 * the physical memory, doubled for full-width pointers, capped at 4 GB: this 24 GB machine gets
 * the cap). The rule is read from V8's heap configuration, not seen on Lambda (no AWS account is
 * reachable from here), so the function states it in its NODE_OPTIONS, and the bench's warm
 * builds run with the same.
 *
 * Why it matters: V8 lets the old generation grow by a factor that rises with the heap limit
 * before it collects it (up to 4 at 2 GB and more, about 1.6 at 1 GB): the same 20 warm builds of
 * the 18-page edition peaked at 804–898 MB, rising until a collection (last five over first five
 * +81 MB), under this 24 GB machine's default 4 GB heap, and at 763–811 MB (+2 MB) under the
 * function's 1 GB; the 600-article edition 904 against 807 MB (`epaper bench`, 2026-12-01).
 * Stating it costs the cold start about 18 ms (a V8 flag in NODE_OPTIONS makes Node compile its
 * own modules instead of taking them from its code cache: the bundle's import 201–213 ms against
 * 182–184 ms, 2026-12-01), and buys a heap that is the one measured, whatever Node would infer
 * from the machine Lambda gives it: the 600-article edition must fit in it. The rest
 * of the function's memory is Chromium's (about 200 MB at rest, 500 MB printing the sample) and
 * native buffers (photos, page images, the PDF).
 */
export function renderHeapLimitMb(memoryMb: number): number {
  return Math.floor(memoryMb / 2);
}

/** Node's flag for a heap limit of `heapLimitMb` (the function's NODE_OPTIONS, the bench's restart). */
export function heapLimitFlag(heapLimitMb: number): string {
  return `--max-old-space-size=${heapLimitMb}`;
}

/** NODE_OPTIONS of a function: source maps for its stack traces, and its heap limit when one is set. */
export function lambdaNodeOptions(heapLimitMb?: number): string {
  return ['--enable-source-maps', ...(heapLimitMb === undefined ? [] : [heapLimitFlag(heapLimitMb)])].join(' ');
}
