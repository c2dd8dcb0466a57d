/**
 * What one edition costs in Lambda (issue 15, item 6): the render function's configured memory ×
 * a measured duration × the published price per GB-second, for both architectures, plus the
 * request and the /tmp above the free 512 MB. Durations are measured on the bench machine, not in
 * Lambda, whose CPU share follows the memory size (1769 MB is one vCPU): read them as "about".
 */
import { renderMemoryMb } from '../lib/render-memory';

/**
 * AWS Lambda prices, US East (N. Virginia), first tier (the first 6 billion x86 / 7.5 billion arm64
 * GB-seconds of a month). Source: https://aws.amazon.com/lambda/pricing/ as published; copied
 * 2026-11-29 from secondary copies of that page (cloudchipr.com's 2024 Lambda pricing guide), the
 * development machine having no internet access: check them against the page before quoting.
 * Since 2025-08-01 the INIT phase of a cold start is billed like the handler's duration.
 */
export const LAMBDA_PRICE_POLICY = {
  source: 'https://aws.amazon.com/lambda/pricing/ (us-east-1, first tier), copied 2026-11-29',
  usdPerGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 },
  usdPerRequest: 0.2 / 1_000_000,
  /** /tmp beyond the free 512 MB, per GB-second. */
  usdPerEphemeralGbSecond: 0.0000000309,
  freeEphemeralMb: 512,
} as const;

export type Architecture = keyof typeof LAMBDA_PRICE_POLICY.usdPerGbSecond;

/** The architecture the render function runs (lib/constructs/epaper-function.ts), and why. */
export const RENDER_ARCHITECTURE: { readonly architecture: Architecture; readonly reason: string } = {
  architecture: 'x86_64',
  reason:
    '@sparticuz/chromium ships an x86_64 Chromium only (its arm64 build is a separate layer), and sharp and the fonts are installed for linux-x64; arm64 would cost 20% less per GB-second but needs that Chromium layer and its own measurements',
};

export interface EditionCost {
  /** What was measured. */
  readonly what: string;
  readonly durationMs: number;
  readonly memoryMb: number;
  readonly usd: Readonly<Record<Architecture, number>>;
}

export interface LambdaCostReport {
  readonly memoryMb: number;
  readonly ephemeralStorageMb: number;
  readonly architecture: Architecture;
  readonly reason: string;
  readonly prices: typeof LAMBDA_PRICE_POLICY;
  readonly editions: readonly EditionCost[];
}

/** One invocation of `durationMs` at `memoryMb`: duration, request and extra /tmp, per architecture. */
export function invocationCost(durationMs: number, memoryMb: number, ephemeralStorageMb: number): Record<Architecture, number> {
  const seconds = Math.ceil(durationMs) / 1000;
  const gbSeconds = (memoryMb / 1024) * seconds;
  const ephemeral = (Math.max(0, ephemeralStorageMb - LAMBDA_PRICE_POLICY.freeEphemeralMb) / 1024) * seconds * LAMBDA_PRICE_POLICY.usdPerEphemeralGbSecond;
  const cost = (architecture: Architecture) => gbSeconds * LAMBDA_PRICE_POLICY.usdPerGbSecond[architecture] + LAMBDA_PRICE_POLICY.usdPerRequest + ephemeral;
  return { x86_64: round(cost('x86_64')), arm64: round(cost('arm64')) };
}

/** Dollars to eight decimals (a hundred-thousandth of a cent). */
function round(usd: number): number {
  return Math.round(usd * 1e8) / 1e8;
}

/** The cost of each measured edition at the render function's configured memory. */
export function lambdaCost(measured: readonly { what: string; durationMs: number }[], ephemeralStorageMb: number, memoryMb = renderMemoryMb()): LambdaCostReport {
  return {
    memoryMb,
    ephemeralStorageMb,
    architecture: RENDER_ARCHITECTURE.architecture,
    reason: RENDER_ARCHITECTURE.reason,
    prices: LAMBDA_PRICE_POLICY,
    editions: measured.map(({ what, durationMs }) => ({ what, durationMs: Math.round(durationMs), memoryMb, usd: invocationCost(durationMs, memoryMb, ephemeralStorageMb) })),
  };
}
