#!/bin/sh
':' //; [ -n "$MALLOC_ARENA_MAX" ] || export MALLOC_ARENA_MAX=2; exec node "$0" "$@"
// The `epaper` command: runs the compiled bundle (bin/compile.js), compiling it first if a source
// changed since the last build, so a checkout needs no build step and never runs stale output.
import { PROCESS_ENVIRONMENT } from '../lib/process-environment.js';
import { restartWith } from './restart.js';

/**
 * glibc reads its allocator settings only when a process starts, so a process without them starts
 * itself again with them (once: the child has them set) and passes on its exit status.
 */
const missing = Object.entries(PROCESS_ENVIRONMENT).filter(([name]) => process.env[name] === undefined);
if (process.platform === 'linux' && missing.length > 0) {
  await restartWith({ env: Object.fromEntries(missing) });
} else {
  if (process.argv[2] === 'build') {
    // Chromium's first unpacking takes a second or more, off the main thread: start it while
    // the build loads. The renderer awaits the same promise (the bundle imports this very module).
    const { chromiumExecutablePath } = await import('../lambdas/adapters/chromium-binary.js');
    chromiumExecutablePath().catch(() => {
      // The renderer reports a failed unpacking when it needs the binary.
    });
  }
  // --debug asks for stack traces: map them back to the TypeScript sources (only then: it costs).
  if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
  const { compiledEntryUrl } = await import('./compile.js');
  await import(await compiledEntryUrl());
}
