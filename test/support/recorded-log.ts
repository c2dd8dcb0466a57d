/**
 * A logger for `epaper dev` in end-to-end tests that keeps the cloud's log lines in memory instead
 * of printing them, and prints them when a test failed: a render that stalls under a loaded CI
 * machine then says which step it reached, where a silent logger left only a timeout.
 */
import { afterEach } from 'vitest';
import type { Logger } from '../../lambdas/core/ports';

const MAX_LINES = 400;

/** The logger, and a hook that prints its latest lines (earlier tests' too: a render outlives them) when a test fails. */
export function recordedLog(name: string): Logger {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${new Date().toISOString()} ${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
    if (lines.length > MAX_LINES) lines.splice(0, lines.length - MAX_LINES);
  };
  afterEach((context) => {
    if (context.task.result?.state === 'fail' && lines.length > 0) {
      process.stderr.write(`--- ${name}: epaper dev's last ${lines.length} log lines, up to the failure of "${context.task.name}" ---\n${lines.join('\n')}\n`);
    }
  });
  return { info: record('INFO'), warn: record('WARN') };
}
