// Plain JavaScript: the command's launcher (bin/epaper.js) uses it before TypeScript is available.
import { spawn } from 'node:child_process';

/**
 * Runs this same command again in a new Node process, with `nodeArgs` before the script and `env`
 * added to the environment, and ends this process the way the new one ends (its exit status, or
 * the signal that killed it). Settings that a process reads only as it starts (glibc's allocator
 * settings, V8's heap limit) take effect this way. Never settles: this process waits for the new
 * one and then exits.
 */
export function restartWith({ nodeArgs = [], env = {} } = {}) {
  const child = spawn(process.execPath, [...process.execArgv, ...nodeArgs, process.argv[1], ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  // This process only waits: whatever it would have done on a signal is the child's to do. Ctrl-C
  // reaches the child from the terminal itself; a signal sent to this process alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(signal);
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
  return new Promise(() => {});
}
