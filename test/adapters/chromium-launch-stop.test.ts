/**
 * A process stopped while its Chromium launch is under way (the CLI's SIGTERM: killBrowser, then
 * exit) leaves no profile folder and no Chromium behind. killBrowser waits for a launch up to 1.5 s;
 * one slower than that (a loaded machine, a cold unpacking) left its folder in the temporary
 * directory until the next launch's sweep (removeOrphanedProfiles). A child process of its own,
 * stopped with killBrowser(0): a launch always slower than the wait.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const RENDERER = pathToFileURL(resolve('lambdas/adapters/chromium-renderer.ts')).href;

/** The child: starts a launch, waits for `when`, stops as the CLI does on a signal, and prints its profile folders. */
const CHILD = `
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ChromiumRenderer, killBrowser } from ${JSON.stringify(RENDERER)};
const when = process.argv[2];
const folders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('epaper-chromium-' + process.pid + '-'));
const chromiumOn = (folder) => readdirSync('/proc').some((pid) => {
  try { return /^\\d+$/.test(pid) && readFileSync('/proc/' + pid + '/cmdline', 'latin1').includes(folder); } catch { return false; }
});
new ChromiumRenderer({ oneShot: true }).prepare();
const wait = () => new Promise((r) => setTimeout(r, 2));
for (let i = 0; i < 30000 && folders().length === 0; i++) await wait();
if (when === 'chromium') for (let i = 0; i < 30000 && !chromiumOn(folders()[0]); i++) await wait();
process.stdout.write(JSON.stringify(folders()) + '\\n');
void killBrowser(0).finally(() => process.exit(143));
`;

/** Processes whose command line names `text`. */
function processesNaming(text: string): number[] {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('a process stopped during its Chromium launch', () => {
  let work: string;
  let script: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'epaper-launch-stop-'));
    script = join(work, 'stop-mid-launch.mts');
    await writeFile(script, CHILD);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  for (const when of ['folder', 'chromium'] as const) {
    it(`leaves no profile folder and no Chromium, stopped once ${when === 'folder' ? 'its profile folder is made' : 'Chromium runs on it'}`, async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, when], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((done) => child.once('exit', (exitCode) => done(exitCode)));
      expect(code, stderr).toBe(143);
      const folders = JSON.parse(stdout.trim()) as string[];
      expect(folders, 'the launch had its folder when the process stopped').toHaveLength(1);
      const prefix = `epaper-chromium-${child.pid}-`;
      // Chromium over its pipe ends with the process; give the kernel a moment.
      for (let i = 0; i < 40 && processesNaming(prefix).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(processesNaming(prefix)).toEqual([]);
      expect(existsSync(join(tmpdir(), folders[0])), `${folders[0]} left in ${tmpdir()}`).toBe(false);
    });
  }
});
