/**
 * Issue 15, item 1: the `epaper` command runs compiled JavaScript (bin/compile.js), never stale, and
 * starts Node once when run as a command (its shell first line sets the allocator environment).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledEntryUrl, isFresh, stamp, stampSince } from '../../bin/compile.js';
import { PROCESS_ENVIRONMENT } from '../../lib/process-environment.js';
import { commandLine, descendants } from '../support/processes';

describe('the compiled command is never stale', () => {
  const root = mkdtempSync(join(tmpdir(), 'epaper-compile-'));
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'b-1'), { recursive: true });
  writeFileSync(join(dist, 'b-1', 'epaper.mjs'), '');
  writeFileSync(join(root, 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'b.ts'), 'export const b = 2;\n');
  const recorded = () => ({ entry: 'b-1/epaper.mjs', inputs: { 'a.ts': stamp('a.ts', root), 'b.ts': stamp('b.ts', root) } });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is fresh while every input is as recorded', () => {
    expect(isFresh(recorded(), root, dist)).toBe(true);
  });

  it('is stale after an edit, even one that keeps the size, or a touch', () => {
    const info = recorded();
    writeFileSync(join(root, 'a.ts'), 'export const a = 9;\n');
    utimesSync(join(root, 'a.ts'), new Date(), new Date(Date.now() + 5_000));
    expect(isFresh(info, root, dist)).toBe(false);
    const again = recorded();
    utimesSync(join(root, 'b.ts'), new Date(), new Date(Date.now() + 10_000));
    expect(isFresh(again, root, dist)).toBe(false);
  });

  it('is stale at the next start when an input was saved while the build was reading it', () => {
    const startedAt = Date.now();
    utimesSync(join(root, 'a.ts'), new Date(), new Date(startedAt + 1_000));
    utimesSync(join(root, 'b.ts'), new Date(), new Date(startedAt - 60_000));
    const info = { entry: 'b-1/epaper.mjs', inputs: { 'a.ts': stampSince('a.ts', startedAt, root), 'b.ts': stampSince('b.ts', startedAt, root) } };
    expect(isFresh(info, root, dist)).toBe(false);
    expect(info.inputs['b.ts']).toBe(stamp('b.ts', root));
    expect(isFresh({ ...info, inputs: { 'b.ts': info.inputs['b.ts'] } }, root, dist)).toBe(true);
  });

  it('is stale when an input is gone, the output is gone or the record is unreadable', () => {
    const info = recorded();
    expect(isFresh({ ...info, inputs: { ...info.inputs, 'gone.ts': '1:1' } }, root, dist)).toBe(false);
    expect(isFresh({ ...info, entry: 'b-2/epaper.mjs' }, root, dist)).toBe(false);
    expect(isFresh(undefined, root, dist)).toBe(false);
    expect(isFresh({ entry: 'b-1/epaper.mjs', inputs: null }, root, dist)).toBe(false);
  });
});

describe('the command line starts Node once', () => {
  it('sets every variable of PROCESS_ENVIRONMENT in its shell line, as the launcher would', () => {
    const [first, second] = readFileSync(new URL('../../bin/epaper.js', import.meta.url), 'utf8').split('\n');
    expect(first).toBe('#!/bin/sh');
    for (const [name, value] of Object.entries(PROCESS_ENVIRONMENT)) {
      // Set only when missing, as the launcher's own fallback does.
      expect(second).toContain(`[ -n "$${name}" ] || export ${name}=${value};`);
    }
    expect(second).toMatch(/exec node "\$0" "\$@"$/);
  });

  it('started by plain `node` without them, starts itself again once with them, passes a signal on and ends as that process ends', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epaper-restart-'));
    const env = { ...process.env };
    for (const name of Object.keys(PROCESS_ENVIRONMENT)) delete env[name];
    const launcher = fileURLToPath(new URL('../../bin/epaper.js', import.meta.url));
    const parent = spawn(process.execPath, [launcher, 'dev', '--dir', dir, '--s3-port', '0', '--api-port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line: ${output}`)), 45_000);
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('epaper dev: S3 http://')) {
            clearTimeout(timer);
            resolve();
          }
        };
        parent.stdout.on('data', read);
        parent.stderr.on('data', read);
        parent.once('exit', (code) => reject(new Error(`exited with ${code} before ready: ${output}`)));
      });
      // One Node process under the launcher, running the same command, with the environment set.
      const restarted = descendants(parent.pid!).filter((pid) => commandLine(pid)?.includes(`${launcher} dev`));
      expect(restarted).toHaveLength(1);
      const environment = readFileSync(`/proc/${restarted[0]}/environ`, 'utf8').split('\0');
      for (const [name, value] of Object.entries(PROCESS_ENVIRONMENT)) expect(environment).toContain(`${name}=${value}`);
      expect(readFileSync(`/proc/${parent.pid}/environ`, 'utf8').split('\0').some((entry) => entry.startsWith('MALLOC_ARENA_MAX='))).toBe(false);

      // SIGTERM to the launcher alone reaches the server, which stops gracefully (status 0), and the
      // launcher ends with that status once the server has ended, not before.
      const exited = new Promise<number | null>((resolve) => parent.once('exit', (code) => resolve(code)));
      parent.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(commandLine(restarted[0]!)).toBeUndefined();
    } finally {
      if (parent.exitCode === null) parent.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the command\'s bundle', () => {
  it('leaves out the modules epaper imports but never runs (browser downloads, WebSockets, CSS parsing), with stubs that say so', { timeout: 120_000 }, async () => {
    const dir = dirname(fileURLToPath(await compiledEntryUrl()));
    const code = readdirSync(dir).filter((name) => name.endsWith('.mjs')).map((name) => readFileSync(join(dir, name), 'utf8')).join('\n');
    // esbuild heads every bundled module with its path, relative to the checkout: `// node_modules/ws/…`, or
    // `// ../main/node_modules/ws/…` where node_modules is a link to another checkout's.
    const bundled = (module: string) => new RegExp(`^// (?:\\S*/)?node_modules/${module}/`, 'm');
    for (const left of ['proxy-agent', 'ws', 'postcss', 'source-map-js']) expect(code, left).not.toMatch(bundled(left));
    // What it still bundles is there (the check above would pass on an empty bundle).
    expect(code).toMatch(bundled('puppeteer-core'));
    expect(code).toMatch(bundled('sanitize-html'));
    for (const refusal of ['never a WebSocket', 'never parses CSS', 'does not download browsers']) expect(code).toContain(refusal);
  });

  it("holds the bench's cold compose, compiled beside the command, which composes an edition in a fresh process", { timeout: 120_000 }, async () => {
    const program = fileURLToPath(await compiledEntryUrl('bench-cold-compose'));
    expect(dirname(program)).toBe(dirname(fileURLToPath(await compiledEntryUrl())));
    const out = execFileSync(process.execPath, [program, 'samples'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' });
    const timings = JSON.parse(out) as Record<string, number>;
    expect(timings.pages).toBeGreaterThan(0);
    expect(timings.compose).toBeGreaterThan(0);
    // Compiled: no TypeScript in the program it ran.
    expect(program.endsWith('.mjs')).toBe(true);
  });
});
