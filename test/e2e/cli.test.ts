/**
 * Issue 12, cases 4, 5, 7 and 13: the real `epaper` command (bin/epaper.js, as a user runs it).
 * Usage mistakes get one sentence and the usage line (exit 2), other failures one sentence
 * (exit 1, a stack only with --debug); files that cannot be used never stop a build nor get read
 * whole; a bad --out is refused at once; the first SIGTERM ends the build and its Chromium.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../lambdas/core/manifest';
import { commandLine, descendants } from '../support/processes';
import { commandEnv } from '../support/epaper-command';

const DATE = '2019-12-04';
const article = (headline: string) =>
  `---\nheadline: ${headline}\ndate: ${DATE}\nsection: News\n---\nA short story told in two plain sentences. Nothing more happened.\n`;

function epaper(args: string[], timeoutMs = 60_000) {
  const run = spawnSync(process.execPath, ['bin/epaper.js', ...args], { encoding: 'utf8', timeout: timeoutMs, env: commandEnv() });
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

/** A sparse file: its listed size is real, it costs no disk, and reading it would cost the memory. */
async function sparseFile(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w');
  await handle.truncate(bytes);
  await handle.close();
}

const peakMemoryMb = (stderr: string) => Number(/peak memory (\d+) MB/.exec(stderr)?.[1]);

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'epaper-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('usage errors: one sentence, the usage line, exit 2', () => {
  it.each([
    ['an unknown option', ['build', 'samples', '--bogus'], 'epaper build: unknown option --bogus.'],
    ['a missing option value', ['build', 'samples', '--date'], 'epaper build: --date needs a value.'],
    ['an impossible date', ['build', 'samples', '--date', '2019-02-30'], 'epaper build: --date 2019-02-30 is not a day of the calendar.'],
    ['a date in another form', ['build', 'samples', '--date', '04/12/2019'], 'epaper build: --date must look like 2019-12-04, not "04/12/2019".'],
    ['no input folder', ['build'], 'epaper build: name the folder that holds the articles.'],
    ['an unknown command', ['frobnicate'], 'epaper: unknown command "frobnicate".'],
    ['a port that is not one', ['dev', '--s3-port', 'abc'], 'epaper dev: --s3-port must be a port number from 0 (any free port) to 65535, not "abc".'],
    ['a render delay that is not one', ['dev', '--render-delay', 'soon'], 'epaper dev: --render-delay must be milliseconds from 0 to 600000, not "soon".'],
    ['no date to publish', ['publish'], 'epaper publish: name the edition date to publish.'],
    ['a publish date in another form', ['publish', '28/11/2026'], 'epaper publish: "28/11/2026" is not a date like 2026-11-28.'],
    // A script's --rollback "$OLD" with $OLD unset published the pending proof instead.
    ['an empty --rollback', ['publish', '2026-11-28', '--rollback', ''], 'epaper publish: --rollback needs the fingerprint of the version to publish again.'],
    ['a withdrawal and a rollback at once', ['publish', '2026-11-28', '--withdraw', '--rollback', 'abc'], 'epaper publish: --withdraw takes the edition away and --rollback publishes a version: ask for one of them.'],
    ['a number of bench runs that is not one', ['bench', '--runs', '0'], 'epaper bench: --runs must be a whole number from 1 to 20, not "0".'],
    ['a quality policy field that does not exist', ['quality', '--policy', '{"lastPageMinFil":0}'], 'epaper quality: --policy: no layout policy field is called "lastPageMinFil" (lambdas/core/layout/policy.ts).'],
    ['a quality policy field of the wrong kind', ['quality', '--policy', '{"compactLastPages":4}'], 'epaper quality: --policy: compactLastPages must be an array, like its default.'],
    ['a quality policy that is not JSON', ['quality', '--policy', 'lastPageMinFill=0'], 'epaper quality: --policy must be a JSON object of layout policy fields, not "lastPageMinFill=0".'],
    ['quality sizes that are not article counts', ['quality', '--sizes', '16,x'], 'epaper quality: --sizes must be article counts from 2 to 600, separated by commas, not "16,x".'],
    ['a quality page size that is not one', ['quality', '--page-size', 'letter'], 'epaper quality: --page-size must be one of berliner, tabloid, broadsheet, a3, a4, not "letter".'],
  ])('%s', (_, args, sentence) => {
    const run = epaper(args);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe(sentence);
    expect(lines[1]).toMatch(/^usage:/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says in one sentence (exit 1) when publish has no editor token to send', () => {
    const run = spawnSync(process.execPath, ['bin/epaper.js', 'publish', '2026-11-27', '--dir', join(work, 'no-dev-here')], {
      encoding: 'utf8',
      env: commandEnv({ EPAPER_TOKEN: '' }),
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(`epaper publish: no editor token: ${join(work, 'no-dev-here', 'dev-editor-token')} cannot be read (pass --token-file, set EPAPER_TOKEN, or start epaper dev with --dir).`);
  });

  it('withdraws a published edition with publish --withdraw: a POST to the date\'s withdraw route with the editor\'s token', async () => {
    const { createServer } = await import('node:http');
    const asked: string[] = [];
    const api = createServer((req, res) => {
      asked.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ date: '2026-11-27', kind: 'withdrawn', fingerprint: 'abc123', withdrawnAt: '2026-11-27T09:00:00.000Z' }));
    });
    await new Promise<void>((listening) => api.listen(0, '127.0.0.1', listening));
    try {
      const { port } = api.address() as import('node:net').AddressInfo;
      const cli = spawn(process.execPath, ['bin/epaper.js', 'publish', '2026-11-27', '--withdraw', '--api', `http://127.0.0.1:${port}`], {
        env: commandEnv({ EPAPER_TOKEN: 'editor-token' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((exited) => cli.once('exit', exited));
      expect(code, stderr).toBe(0);
      expect(asked).toEqual(['POST /editions/2026-11-27/withdraw Bearer editor-token']);
      expect(JSON.parse(stdout)).toMatchObject({ kind: 'withdrawn', fingerprint: 'abc123' });
      expect(stderr.trim()).toBe('epaper: 2026-11-27: withdrawn (version abc123)');
    } finally {
      await new Promise((closed) => api.close(closed));
    }
  });

  it('refuses an --out that is not an ordinary writable folder, at once (it used to spin for ever on /proc/self/x)', async () => {
    const file = join(work, 'a-file');
    await writeFile(file, 'x');
    for (const out of ['/proc/self/x', '/proc/self/x/y', file, join(file, 'below')]) {
      const run = epaper(['build', 'samples', '--out', out], 30_000);
      expect(run.signal, out).toBeNull();
      expect(run.status, out).toBe(2);
      expect(run.stderr.split('\n')[0], out).toMatch(/^epaper build: --out /);
    }
  });
});

describe('help, version and failures', () => {
  it('--help prints the usage on stdout and exits 0, for the CLI and for a command', () => {
    const all = epaper(['--help']);
    expect(all.status).toBe(0);
    expect(all.stdout).toContain('epaper build <dir>');
    const buildHelp = epaper(['build', '--help']);
    expect(buildHelp.status).toBe(0);
    expect(buildHelp.stdout.trim()).toBe('usage: epaper build <dir> [--date YYYY-MM-DD] [--out out/] [--thumbnails]');
  });

  it('--version prints the package version', () => {
    const run = epaper(['--version']);
    expect(run.status).toBe(0);
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(run.stdout.trim()).toBe(`epaper ${version}`);
  });

  it('a build with nothing to print exits 1 with one sentence; the stack only with --debug', async () => {
    const empty = join(work, 'empty');
    await mkdir(empty);
    const plain = epaper(['build', empty, '--out', join(work, 'out-empty')]);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toMatch(/^epaper build: No article files .* were found for \d{4}-\d{2}-\d{2}\.$/m);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = epaper(['build', empty, '--out', join(work, 'out-empty'), '--debug']);
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('files that cannot be used', () => {
  it('a backslash name, a 3 GB video and a 600 MB "article" are rejected or ignored without being read, and the edition builds', async () => {
    const plain = join(work, 'plain');
    const hostile = join(work, 'hostile');
    for (const dir of [plain, hostile]) {
      await mkdir(dir);
      await writeFile(join(dir, 'good.md'), article('The good story prints'));
    }
    await writeFile(join(hostile, 'notes\\draft.md'), article('A draft from a Windows zip'));
    await sparseFile(join(hostile, 'video.mov'), 3 * 1024 ** 3);
    await sparseFile(join(hostile, 'huge.md'), 600 * 1024 ** 2);

    const baseline = epaper(['build', plain, '--out', join(work, 'out-plain')], 120_000);
    expect(baseline.status, baseline.stderr).toBe(0);
    const run = epaper(['build', hostile, '--out', join(work, 'out-hostile')], 120_000);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/\n\s+at /);

    const manifest = JSON.parse(await readFile(join(work, 'out-hostile', DATE, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.articles.map((a) => a.headline)).toEqual(['The good story prints']);
    const rejected = new Map(manifest.rejected.map((r) => [r.file, r.reason]));
    expect(rejected.get('notes\\draft.md')).toMatch(/not a relative path/);
    expect(rejected.get('huge.md')).toMatch(/600 MiB; the limit for an article file is 1 MiB/);
    expect(manifest.warnings.find((w) => w.file === 'video.mov')?.message).toMatch(/^ignored/);
    expect(existsSync(join(work, 'out-hostile', DATE, 'edition.pdf'))).toBe(true);
    // Nothing was read whole: memory grows by far less than the smallest of those files.
    expect(peakMemoryMb(run.stderr) - peakMemoryMb(baseline.stderr)).toBeLessThan(200);
  });
});

describe('what it prints', () => {
  it("prints a file name's control characters as escapes: an uploaded name can neither clear the terminal nor forge a line", async () => {
    const dir = join(work, 'names');
    await mkdir(dir);
    await writeFile(join(dir, 'good.md'), article('The good story prints'));
    const clearing = 'clear\u001b[2J\u001b[Hscreen.md';
    const forging = 'forge\nepaper: wrote everything.md';
    await writeFile(join(dir, clearing), 'no front matter, no heading\n');
    await writeFile(join(dir, forging), 'no front matter, no heading\n');
    const run = epaper(['build', dir, '--out', join(work, 'out-names')], 120_000);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(run.stderr).toContain('clear\\u001b[2J\\u001b[Hscreen.md');
    expect(run.stderr).toContain('forge\\u000aepaper: wrote everything.md');
    // Every line is the command's own.
    expect(run.stderr.trimEnd().split('\n').every((line) => line.startsWith('epaper: '))).toBe(true);
    // The manifest names the files as they are.
    const manifest = JSON.parse(await readFile(join(work, 'out-names', DATE, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.rejected.map((r) => r.file).sort()).toEqual([clearing, forging].sort());
  });
});

describe('signals', () => {
  it('the first SIGTERM ends the build and its Chromium, with the signal exit status', async () => {
    const dir = join(work, 'signal');
    await mkdir(dir);
    for (let i = 0; i < 3; i++) await writeFile(join(dir, `s${i}.md`), article(`Story ${i} of the night`));
    const out = join(work, 'out-signal');
    // Started by plain `node`, through the launcher (bin/restart.js). Started as the shell starts it,
    // a SIGTERM during a Chromium launch slower than killBrowser's wait once left the launch's profile
    // folder behind; the launch is now abandoned with its folder (test/adapters/chromium-launch-stop.test.ts).
    const child = spawn(process.execPath, ['bin/epaper.js', 'build', dir, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    // Wait until Chromium runs, then send ONE signal.
    let chromium: number[] = [];
    for (let i = 0; i < 600 && chromium.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      chromium = descendants(child.pid!).filter((pid) => /chrom/i.test(commandLine(pid) ?? ''));
    }
    expect(chromium.length, stderr).toBeGreaterThan(0);
    const profile = profileOf(chromium);
    expect(profile && existsSync(profile), `Chromium's profile folder ${profile}`).toBe(true);
    child.kill('SIGTERM');
    const ended = await Promise.race([exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 15_000))]);
    if (ended === 'still running') child.kill('SIGKILL');
    expect(ended).toEqual({ code: 143, signal: null });
    expect(stderr).toContain('epaper: stopped by SIGTERM.');
    // Chromium went with it, and no edition was half written.
    await new Promise((r) => setTimeout(r, 200));
    expect(chromium.filter((pid) => commandLine(pid) !== undefined)).toEqual([]);
    expect(existsSync(join(out, DATE, 'manifest.json'))).toBe(false);
    // Its profile folder too: nothing left behind in the temporary directory.
    expect(existsSync(profile!)).toBe(false);
  });

  it("dates an edition nothing else dates by today where the command runs, not by the UTC day", async () => {
    const dir = join(work, 'undated');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'story.md'), '---\nheadline: Undated\nsection: News\n---\nA short story told in two plain sentences. Nothing more happened.\n');
    // UTC+14 and UTC-11: at any moment one of them is on another day than UTC.
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const dayThere = () => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
      const before = dayThere();
      const run = spawnSync(process.execPath, ['bin/epaper.js', 'build', dir, '--out', join(work, `undated-${zone.replace('/', '-')}`)], { encoding: 'utf8', timeout: 60_000, env: commandEnv({ TZ: zone }) });
      expect(run.status, run.stderr).toBe(0);
      const dated = /\/(\d{4}-\d{2}-\d{2})\/edition\.pdf$/.exec(run.stdout.trim())?.[1];
      expect([before, dayThere()]).toContain(dated);
    }
  });

  it('replaces <out>/<date>/ whole: nothing of the edition before stays beside the new one (a review of the CLI)', async () => {
    const dir = join(work, 'rewrite');
    await mkdir(dir);
    await writeFile(join(dir, 'one.md'), article('The one story of the day'));
    await writeFile(join(dir, 'two.md'), article('The second story of the day'));
    const out = join(work, 'out-rewrite');
    expect(epaper(['build', dir, '--out', out, '--thumbnails'], 120_000).status).toBe(0);
    const date = (await readdir(out)).find((name) => /^\d{4}-\d{2}-\d{2}$/.test(name))!;
    expect(existsSync(join(out, date, 'thumbnails'))).toBe(true);
    await rm(join(dir, 'two.md'));
    // `--out` inside the input folder too: the first edition is not read back in as input.
    expect(epaper(['build', dir, '--out', out], 120_000).status).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, date, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.articles.map((a) => a.headline)).toEqual(['The one story of the day']);
    expect(existsSync(join(out, date, 'thumbnails'))).toBe(false);
    expect((await readdir(out)).filter((name) => name.startsWith('.'))).toEqual([]);
    const inside = join(dir, 'out');
    expect(epaper(['build', dir, '--out', inside], 120_000).status).toBe(0);
    const again = epaper(['build', dir, '--out', inside], 120_000);
    expect(again.status).toBe(0);
    expect(again.stderr).not.toMatch(/manifest\.json|edition\.pdf|\.ttf/);
  });

  it('a finished build leaves no Chromium profile folder behind', async () => {
    const dir = join(work, 'profile');
    await mkdir(dir);
    await writeFile(join(dir, 'one.md'), article('The one story of the day'));
    const child = spawn(process.execPath, ['bin/epaper.js', 'build', dir, '--out', join(work, 'out-profile')], { stdio: ['ignore', 'pipe', 'pipe'], env: commandEnv() });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let profile: string | undefined;
    let done = false;
    void exited.then(() => (done = true));
    while (!done && profile === undefined) {
      await new Promise((r) => setTimeout(r, 20));
      profile = profileOf(descendants(child.pid!).filter((pid) => /chrom/i.test(commandLine(pid) ?? '')));
    }
    expect(await exited).toBe(0);
    expect(profile, 'the build\'s Chromium was seen running').toBeDefined();
    expect(existsSync(profile!)).toBe(false);
  });
});

/** The --user-data-dir of the first of these processes that names one. */
function profileOf(pids: readonly number[]): string | undefined {
  for (const pid of pids) {
    const match = /--user-data-dir=(\S+)/.exec(commandLine(pid) ?? '');
    if (match) return match[1];
  }
  return undefined;
}

describe('publish --rollback with the fingerprint as the desk shows it (82nd round)', () => {
  const WHOLE = 'd4c5f2b6933be6b51b4e831544738f24';
  const versions = [
    { fingerprint: 'bec5e0776d565ad0b363c669219477d5', proof: false, published: false, publishedAt: ['2026-12-07T22:22:47.528Z'] },
    { fingerprint: 'd4789e11857b0000000000000000aaaa', proof: false, published: false, publishedAt: [] },
    { fingerprint: WHOLE, proof: false, published: false, publishedAt: ['2026-12-07T22:24:55.802Z'] },
    { fingerprint: 'e431f32c65830423ff976a2e4351e476', proof: true, published: true, publishedAt: ['2026-12-07T22:26:49.015Z'] },
  ];

  /** `epaper publish 2026-12-08 --rollback <given>` against an API that lists `versions` and rolls back to any. */
  async function rollback(given: string): Promise<{ code: number | null; stderr: string; asked: string[] }> {
    const { createServer } = await import('node:http');
    const asked: string[] = [];
    const api = createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.method === 'GET') return void res.end(JSON.stringify({ date: '2026-12-08', versions }));
      const version = new URL(req.url!, 'http://x').searchParams.get('version');
      res.end(JSON.stringify({ date: '2026-12-08', kind: 'rolled-back', fingerprint: version, changedArticles: ['a0011-world'], articleChanges: { corrected: [], added: ['a0011-world'], removed: [] }, pageChanges: { changed: [1, 4, 5, 6], removed: [], pageCount: { before: 25, after: 27 } } }));
    });
    await new Promise<void>((listening) => api.listen(0, '127.0.0.1', listening));
    try {
      const { port } = api.address() as import('node:net').AddressInfo;
      const cli = spawn(process.execPath, ['bin/epaper.js', 'publish', '2026-12-08', '--rollback', given, '--api', `http://127.0.0.1:${port}`], { env: commandEnv({ EPAPER_TOKEN: 'editor-token' }), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((exited) => cli.once('exit', exited));
      return { code, stderr: stderr.trim(), asked };
    } finally {
      await new Promise((closed) => api.close(closed));
    }
  }

  it('rolls back to the one version the first twelve characters name, and says which pages that changes', async () => {
    const run = await rollback(WHOLE.slice(0, 12));
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked).toEqual(['GET /editions/2026-12-08', `POST /editions/2026-12-08/rollback?version=${WHOLE}`]);
    expect(run.stderr).toBe(`epaper: 2026-12-08: rolled-back (version ${WHOLE}); added: a0011-world; pages 1, 4–6 change; 25 pages become 27`);
  }, 60_000);

  it('sends a whole fingerprint as it is, without asking for the list', async () => {
    const run = await rollback(WHOLE);
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked).toEqual([`POST /editions/2026-12-08/rollback?version=${WHOLE}`]);
  }, 60_000);

  it('refuses a beginning that names several versions, or none, naming what it could have meant', async () => {
    const several = await rollback('d4');
    expect(several.code).toBe(1);
    expect(several.asked).toEqual(['GET /editions/2026-12-08']);
    expect(several.stderr).toBe('epaper publish: "d4" begins 2 versions of 2026-12-08 (d4789e11857b, d4c5f2b6933b): give more of the fingerprint.');
    const none = await rollback('0bad');
    expect(none.code).toBe(1);
    expect(none.asked).toEqual(['GET /editions/2026-12-08']);
    expect(none.stderr).toBe(
      'epaper publish: 2026-12-08 has no version whose fingerprint begins "0bad"; its published versions: bec5e0776d56 (published 2026-12-07T22:22:47.528Z), d4c5f2b6933b (published 2026-12-07T22:24:55.802Z), e431f32c6583 (published 2026-12-07T22:26:49.015Z, served now).',
    );
  }, 60_000);
});
