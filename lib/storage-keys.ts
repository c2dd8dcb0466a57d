/**
 * Key prefixes the handlers use (docs/ARCHITECTURE.md, "Storage keys"; lambdas/core/ingest.ts and publish.ts).
 * IAM grants are scoped to them, so a handler that starts writing elsewhere fails loudly in AWS.
 */

/** Newsroom uploads (docs/ARCHITECTURE.md, "Storage keys"). */
export const ARTICLES_PREFIX = 'articles/';
/** The ingest function's own output in the content bucket (lambdas/core/ingest.ts): normalized articles… */
export const NORMALIZED_PREFIX = 'normalized/';
/** …and rejection reports. */
export const REJECTED_PREFIX = 'rejected/';
/** Published editions in the editions bucket. */
export const EDITIONS_PREFIX = 'editions/';
