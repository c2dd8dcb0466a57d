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
/** Per-upload reports (lambdas/core/reports.ts): written by ingest, reconciled by render (written or deleted). */
export const REPORTS_PREFIX = 'reports/';
/** Published editions in the editions bucket. */
export const EDITIONS_PREFIX = 'editions/';

/**
 * The objects a publish or rollback by an editor (the API function) writes, and nothing else in
 * the editions bucket: the pointer, the publication history, the index of dates and the
 * convenience copy of the PDF (lambdas/core/publish.ts, editionKeys). Versions and proofs stay the
 * render function's. The date is ten `?`, not a `*`: in an IAM resource `*` matches `/` too, and
 * with a `*` for the date the API function could overwrite `editions/<date>/versions/<fp>/edition.pdf`,
 * the very PDF subscribers are sent to (an adversarial review, 2026-12-06).
 */
export const PUBLICATION_KEYS = ['editions/????-??-??/manifest.json', 'editions/????-??-??/history.json', 'editions/index.json', 'editions/????-??-??/edition.pdf'] as const;

/**
 * The objects an editor's withdrawal (the API function) deletes: the pointer and the convenience
 * copy of the PDF (its history line and the index are PUBLICATION_KEYS writes). Never a version, a
 * proof or the history: the record of what was published stays.
 */
export const WITHDRAWAL_KEYS = ['editions/????-??-??/manifest.json', 'editions/????-??-??/edition.pdf'] as const;

/**
 * The pending-repair markers (lambdas/core/publish.ts, editionKeys.pendingActMarker): an editor's
 * publish, rollback or withdrawal (and the schedule's publication) writes one of its own before
 * its first write and deletes it after its last; the schedule deletes those a dead process left
 * once it has finished their dates. A key per act under its date (13 digits of milliseconds, a
 * digit), and the date's own key that markers had until the 79th round (the schedule deletes those
 * left standing): each a pattern of `?`s, no `*`.
 */
export const PENDING_REPAIR_KEYS = ['editions/pending/????-??-??', 'editions/pending/????-??-??/?????????????-?'] as const;
