/**
 * The environment for a test that starts the real command (`node bin/epaper.js …`) as a user's
 * shell starts it: bin/epaper.js's `#!/bin/sh` line sets PROCESS_ENVIRONMENT before Node starts,
 * so the command runs in one Node process. Started by plain `node` without it, the launcher starts
 * the command again with it (a second Node start-up, about a third of a second of CPU each time,
 * forty times a run in test/e2e/cli.test.ts); test/unit/compiled-command.test.ts tests that path.
 */
import { PROCESS_ENVIRONMENT } from '../../lib/process-environment.js';

export function commandEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...PROCESS_ENVIRONMENT, ...extra };
}
