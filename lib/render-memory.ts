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
