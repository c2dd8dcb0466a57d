#!/bin/sh
':' //; [ -n "$MALLOC_ARENA_MAX" ] || export MALLOC_ARENA_MAX=2; exec node "$0" "$@"
// The `epaper` command: runs the compiled bundle (bin/compile.js), compiling it first if a source
// changed since the last build, so a checkout needs no build step and never runs stale output.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROCESS_ENVIRONMENT } from '../lib/process-environment.js';

/**
 * glibc reads its allocator settings only when a process starts, so a process without them starts
 * itself again with them (once: the child has them set) and passes on its exit status.
 */
const missing = Object.entries(PROCESS_ENVIRONMENT).filter(([name]) => process.env[name] === undefined);
if (process.platform === 'linux' && missing.length > 0) {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ...Object.fromEntries(missing) },
  });
  // Ctrl-C reaches the child from the terminal itself; a signal sent to this process alone is passed on.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.once('error', (error) => {
    console.error(`epaper: could not start: ${error.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    if (signal) {
      // End the way the child ended, so a caller sees the same signal.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
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
