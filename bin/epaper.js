#!/usr/bin/env node
// The `epaper` command: TypeScript sources run through tsx, so a checkout needs no build step.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROCESS_ENVIRONMENT } from './process-environment.js';

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
    // TypeScript and the build load. The renderer awaits the same promise.
    const { chromiumExecutablePath } = await import('../lambdas/adapters/chromium-binary.js');
    chromiumExecutablePath().catch(() => {
      // The renderer reports a failed unpacking when it needs the binary.
    });
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('./epaper.ts');
}
