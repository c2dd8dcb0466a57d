/**
 * Where the Lambda sources live, resolved from this file rather than the working directory so
 * that `cdk synth`, vitest and an IDE all bundle the same files.
 */
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

/** The repository root: bundling input, lock file and `templates/` are found from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The lock file whose versions the function assets install. */
export const LOCK_FILE = path.join(PROJECT_ROOT, 'package-lock.json');

/** One thin handler file per function (docs/ARCHITECTURE.md, "Layout of the repository"). */
export const HANDLER_ENTRIES = {
  ingest: path.join(PROJECT_ROOT, 'lambdas/handlers/ingest.ts'),
  render: path.join(PROJECT_ROOT, 'lambdas/handlers/render.ts'),
  api: path.join(PROJECT_ROOT, 'lambdas/handlers/api.ts'),
} as const;
