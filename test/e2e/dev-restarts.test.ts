/**
 * Issue 12, cases 1 and 2 and "Done when": `epaper dev` killed at random (seeded) moments and
 * restarted on the same --dir, 20 rounds. Every fetch of the subscriber PDF during the test must
 * return a complete PDF of a published version, and after the last restart every upload is printed.
 *
 * Every round runs the real CLI (`bin/epaper.js dev`, real s3rver, real Chromium): it starts, one
 * tiny article is uploaded, and the process is killed with SIGKILL, together with its Chromium, at a
 * seeded random moment. So that the kills fall in every phase whatever the machine's speed, each
 * round draws a phase and a delay within it, timed from the process's own log lines: just after the
 * upload, during ingest ("article normalized"), during the render ("parsed"), during printing and
 * the publishing writes ("composed"), or after a publication ("edition published"). The last round
 * is killed before the render's quiet period ends, so only the restart can print its upload. A
 * poller fetches the subscriber PDF and the edition's pages (its details and first page image) in
 * turn every 40 ms throughout: once the date was served, every answer is a published version's,
 * never a 404 (it took any 404, and would have passed with the pointer gone).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getDocument } from '../support/pdfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_BUCKET, startDevCloud } from '../../bin/dev';
import { silentLogger } from '../../lambdas/adapters/logger';
import type { PublishedManifest } from '../../lambdas/core/publish';
import { seededRandom } from '../fixtures/seeded-random';
import { descendants, killTree } from '../support/processes';
import { commandEnv } from '../support/epaper-command';
import { portsFromReadyLine } from '../support/net';
import { isCompletePdf, pdfFakeBuilder } from '../support/pdf-fake-builder';

const DATE = '2026-06-01';
const ROUNDS = 20;
/**
 * The local cloud's quiet period after an upload (1.5 s by default): shorter, so that the rounds
 * that wait for a render do not wait it out, and still longer than the last round's kill delay.
 */
const RENDER_DELAY_MS = 500;
const LAST_KILL_MAX_MS = 300;
const random = seededRandom(20261129);

/** The newsroom's client of the local cloud's S3, path-style as the embedded endpoint needs. */
function newsroomS3(endpoint: string, extra: { maxAttempts?: number } = {}): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'newsroom', secretAccessKey: 'x' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...extra,
  });
}

const article = (n: number) => `---\nheadline: Round ${n} story\ndate: ${DATE}\n---\nWhat happened in round ${n}, told in one short paragraph.\n`;

describe('epaper dev killed at random moments and restarted, 20 rounds', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  it('only ever serves complete PDFs of published versions, and prints every upload after the last restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'epaper-restarts-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // Every start takes free ports (0) and names them in its ready line, and the test follows them: a
    // port found free beforehand, or one a killed process let go, could be taken by a parallel test's
    // connection before epaper dev listens on it.
    let s3Port = 0;
    let apiPort = 0;
    const apiUrl = () => `http://127.0.0.1:${apiPort}`;
    let s3Client: { readonly port: number; readonly client: S3Client } | undefined;
    const s3 = () => {
      if (s3Client?.port !== s3Port) {
        s3Client?.client.destroy();
        s3Client = {
          port: s3Port,
          client: newsroomS3(`http://127.0.0.1:${s3Port}`, { maxAttempts: 1 }),
        };
      }
      return s3Client.client;
    };
    cleanups.push(async () => s3Client?.client.destroy());

    // Every answer a subscriber got: what, and why it is (not) acceptable. `afterServed`: asked after
    // an answer had served the date (a PDF link, or its pages), when a 404 would be a served
    // edition gone (a pointer deleted, or not yet replaced, by a write cut short).
    const fetched: { round: number; what: 'pdf' | 'pages'; status: number; afterServed: boolean; complete?: boolean; published?: boolean; key?: string }[] = [];
    let servedOnce = false;
    let round = 0;
    let token = '';
    const versionManifest = (fingerprint: string): PublishedManifest | undefined => {
      try {
        const path = join(dir, 's3', 'epaper-editions', 'editions', DATE, 'versions', fingerprint, 'manifest.json._S3rver_object');
        return JSON.parse(readFileSync(path, 'utf8')) as PublishedManifest;
      } catch {
        return undefined;
      }
    };
    const fetchSubscriberPdf = async (): Promise<void> => {
      // Only a process that is up is asked (apiPort 0 from its kill to the next ready line): the next
      // process may take the killed one's API port for its own S3 endpoint, which answers a
      // subscriber's request 400 (Bearer is no S3 authorization), a reply no epaper API made.
      if (!token || apiPort === 0) return;
      const afterServed = servedOnce;
      let res: Response;
      try {
        res = await fetch(`${apiUrl()}/editions/${DATE}/edition.pdf`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
      } catch {
        return; // the process is down: nothing was served
      }
      if (res.status !== 302) {
        fetched.push({ round, what: 'pdf', status: res.status, afterServed });
        return;
      }
      servedOnce = true;
      const location = res.headers.get('location')!;
      let body: Uint8Array;
      try {
        const pdf = await fetch(location);
        if (pdf.status !== 200) {
          fetched.push({ round, what: 'pdf', status: pdf.status, afterServed, key: new URL(location).pathname });
          return;
        }
        body = new Uint8Array(await pdf.arrayBuffer());
      } catch {
        return; // killed between the redirect and the download
      }
      const key = decodeURIComponent(new URL(location).pathname);
      const fingerprint = /\/versions\/([^/]+)\/edition\.pdf$/.exec(key)?.[1];
      const manifest = fingerprint ? versionManifest(fingerprint) : undefined;
      const published = manifest?.files?.['edition.pdf'].sha256 === createHash('sha256').update(body).digest('hex');
      fetched.push({ round, what: 'pdf', status: 200, afterServed, complete: isCompletePdf(body), published, key });
    };
    /**
     * The edition's page view as the reader shows it: `GET /editions/<date>` and its first page's
     * image. Served, it is a published version's (its manifest stands, written before any pointer
     * named it) and its image is there; 404 only before the date was ever served.
     */
    const fetchSubscriberPages = async (): Promise<void> => {
      if (!token || apiPort === 0) return;
      const afterServed = servedOnce;
      let details: { fingerprint?: string; pageCount?: number; thumbnails?: { page: number; url: string }[] };
      let status: number;
      try {
        const res = await fetch(`${apiUrl()}/editions/${DATE}`, { headers: { authorization: `Bearer ${token}` } });
        status = res.status;
        details = status === 200 ? ((await res.json()) as typeof details) : {};
      } catch {
        return; // the process is down: nothing was served
      }
      if (status !== 200) {
        fetched.push({ round, what: 'pages', status, afterServed });
        return;
      }
      servedOnce = true;
      const first = details.thumbnails?.find((t) => t.page === 1);
      let image = 0;
      try {
        image = first ? (await fetch(first.url)).status : 0;
      } catch {
        return; // killed between the details and the image
      }
      const manifest = details.fingerprint ? versionManifest(details.fingerprint) : undefined;
      const published = !!manifest && manifest.pageCount === details.pageCount && image === 200;
      fetched.push({ round, what: 'pages', status: 200, afterServed, published, complete: image === 200, key: first?.url && new URL(first.url).pathname });
    };
    let polling = true;
    const poller = (async () => {
      // The PDF and the pages in turn, each every 80 ms: as many requests to the process as before.
      for (let poll = 0; polling; poll++) {
        await (poll % 2 === 0 ? fetchSubscriberPdf() : fetchSubscriberPages());
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    cleanups.push(async () => {
      polling = false;
      await poller;
    });

    const upload = async (n: number) => {
      // Every render publishes at once, as this test's subscribers expect (without it a render makes a proof).
      if (n === 1) await s3().send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: `articles/${DATE}/edition.yaml`, Body: 'publish: auto\n' }));
      return s3().send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: `articles/${DATE}/round-${n}.md`, Body: article(n), ContentType: 'text/markdown' }));
    };

    /** A running `epaper dev` and the log messages it has printed so far. */
    interface Dev {
      readonly child: ChildProcess;
      readonly messages: string[];
    }
    const startReal = async (): Promise<Dev> => {
      const child = spawn(process.execPath, ['bin/epaper.js', 'dev', '--dir', dir, '--s3-port', '0', '--api-port', '0', '--render-delay', String(RENDER_DELAY_MS)], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: commandEnv(),
      });
      cleanups.push(() => killTree(child));
      const messages: string[] = [];
      let pending = '';
      let printed = '';
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line: ${printed}`)), 60_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          printed += chunk.toString();
          const lines = (pending + chunk.toString()).split('\n');
          pending = lines.pop()!;
          for (const line of lines) {
            // The dev server's own readiness signal: both endpoints listen.
            if (line.startsWith('epaper dev: S3')) {
              ({ s3Port, apiPort } = portsFromReadyLine(line));
              clearTimeout(timer);
              resolve();
            }
            try {
              messages.push(String((JSON.parse(line) as { message?: unknown }).message));
            } catch {
              // Not a log line.
            }
          }
        });
        child.once('exit', (code) => reject(new Error(`epaper dev exited with ${code}: ${printed}; stderr: ${stderr}`)));
      });
      token = (await readFile(join(dir, 'dev-token'), 'utf8')).trim();
      return { child, messages };
    };
    /** Resolves true once a log message after index `from` matches, false after the timeout. */
    const logged = async (dev: Dev, from: number, pattern: RegExp, timeoutMs = 30_000): Promise<boolean> => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (dev.messages.slice(from).some((m) => pattern.test(m))) return true;
        await new Promise((r) => setTimeout(r, 10));
      }
      return false;
    };

    // Where a round's kill falls: timed from a log line (none: from the upload), then a random delay.
    const PHASES = [
      { name: 'upload', line: undefined, maxDelayMs: 400 },
      { name: 'ingest', line: /^article normalized$/, maxDelayMs: 300 },
      { name: 'render', line: /^parsed \d+ articles/, maxDelayMs: 1000 },
      { name: 'printing and publishing writes', line: /^composed \d+ pages/, maxDelayMs: 2500 },
      { name: 'published', line: /^edition published$/, maxDelayMs: 500 },
    ] as const;
    const killedIn: { round: number; phase: string; reached: boolean }[] = [];
    /** Every process the kills ended: a Chromium profile folder is named for the process that made it. */
    const killedPids: number[] = [];
    const orphansOf = async (pids: readonly number[]) => (await readdir(tmpdir())).filter((name) => pids.some((pid) => name.startsWith(`epaper-chromium-${pid}-`)));
    /** Rounds whose kill left a Chromium profile behind, counted before the next round's launch removes it. */
    let roundsLeavingProfiles = 0;
    for (round = 1; round <= ROUNDS; round++) {
      const dev = await startReal();
      const phase = round < ROUNDS ? PHASES[Math.floor(random() * PHASES.length)] : PHASES[0];
      const delayMs = Math.floor(random() * (round < ROUNDS ? phase.maxDelayMs : LAST_KILL_MAX_MS));
      const from = dev.messages.length;
      await upload(round);
      const reached = phase.line ? await logged(dev, from, phase.line) : true;
      // A publication was just announced: one fetch now, so that no run can pass having served nothing.
      if (phase.name === 'published' && reached) await fetchSubscriberPdf();
      await new Promise((r) => setTimeout(r, delayMs));
      const pids = [dev.child.pid!, ...descendants(dev.child.pid!)];
      killedPids.push(...pids);
      apiPort = 0;
      await killTree(dev.child);
      if ((await orphansOf(pids)).length > 0) roundsLeavingProfiles++;
      killedIn.push({ round, phase: phase.name, reached });
    }
    // The seeded draw put kills in every phase, and each phase's moment really came.
    expect(new Set(killedIn.map((k) => k.phase))).toEqual(new Set(PHASES.map((p) => p.name)));
    expect(killedIn.filter((k) => !k.reached)).toEqual([]);

    // Not vacuous: kills during a render left Chromium profiles behind. Each is counted right after its
    // kill, since the next round that launches Chromium removes it.
    expect(roundsLeavingProfiles).toBeGreaterThan(0);

    const last = await startReal();
    const expected = Array.from({ length: ROUNDS }, (_, i) => `Round ${i + 1} story`);
    let printed: string[] = [];
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      const res = await fetch(`${apiUrl()}/editions/${DATE}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status === 200) {
        printed = ((await res.json()) as PublishedManifest).articles.map((a) => a.headline);
        if (expected.every((h) => printed.includes(h))) break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(printed.sort()).toEqual([...expected].sort());

    // The PDF itself holds every story, and it is the one the pointer names.
    const link = await fetch(`${apiUrl()}/editions/${DATE}/edition.pdf`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
    const pdf = new Uint8Array(await (await fetch(link.headers.get('location')!)).arrayBuffer());
    const doc = await getDocument({ data: pdf, useSystemFonts: false, isEvalSupported: false }).promise;
    let text = '';
    for (let p = 1; p <= doc.numPages; p++) {
      text += `${(await (await doc.getPage(p)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ')}\n`;
    }
    for (const headline of expected) expect(text.replace(/\s+/g, ' ')).toContain(headline);
    // The killed processes could not remove their Chromium profiles; the restarted one did, when it
    // launched its own (chromium-renderer.ts, removeOrphanedProfiles).
    expect(await orphansOf(killedPids)).toEqual([]);
    apiPort = 0;
    await killTree(last.child);

    polling = false;
    await poller;
    const served = fetched.filter((f) => f.status === 200);
    // Not vacuous: every round killed after a publication served its PDF at least once, and the
    // pages were served too.
    const publishedRounds = killedIn.filter((k) => k.phase === 'published').map((k) => k.round);
    expect(publishedRounds.filter((r) => !served.some((f) => f.round === r && f.what === 'pdf'))).toEqual([]);
    expect(served.filter((f) => f.what === 'pdf').length).toBeGreaterThan(publishedRounds.length);
    expect(served.filter((f) => f.what === 'pages').length).toBeGreaterThan(publishedRounds.length);
    // Before the first publication the API may say 404; once the date was served, at every moment
    // a subscriber gets the previous edition or the new one, never 404, and nothing else ever.
    expect(fetched.filter((f) => f.status !== 200 && (f.status !== 404 || f.afterServed))).toEqual([]);
    expect(fetched.filter((f) => f.status === 404).length).toBeGreaterThan(0);
    // Each PDF a published version's, whole; each page view a published version's, its image there.
    expect(served.filter((f) => !f.complete || !f.published)).toEqual([]);
  }, 300_000);

  it('rebuilds on restart a published PDF that a kill left torn, instead of calling the edition unchanged (case 1)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'epaper-torn-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const options = async () => ({
      dir,
      s3Port: 0,
      apiPort: 0,
      renderDelayMs: 50,
      retryBaseMs: 50,
      interactive: false,
      logger: silentLogger,
      thumbnailWidthPx: 0,
      build: pdfFakeBuilder(),
    });
    const first = await startDevCloud(await options());
    const s3 = newsroomS3(first.s3Endpoint);
    await s3.send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: `articles/${DATE}/edition.yaml`, Body: 'publish: auto\n' }));
    await s3.send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: `articles/${DATE}/a.md`, Body: article(1) }));
    await first.settled();
    s3.destroy();
    await first.stop();
    const editionDir = join(dir, 's3', 'epaper-editions', 'editions', DATE);
    const pointer = JSON.parse(readFileSync(join(editionDir, 'manifest.json._S3rver_object'), 'utf8')) as PublishedManifest;
    // What a kill during the PDF write left behind on a store that wrote in place.
    await writeFile(join(editionDir, 'versions', pointer.fingerprint, 'edition.pdf._S3rver_object'), '');
    await rm(join(editionDir, 'versions', pointer.fingerprint, 'edition.pdf._S3rver_object.md5'), { force: true });

    // And the temporary file of a write the kill cut short.
    const litter = join(editionDir, 'versions', pointer.fingerprint, '.partial-cut-short');
    await writeFile(litter, '%PDF-1.7 half');

    const second = await startDevCloud(await options());
    cleanups.push(() => second.stop());
    await second.settled();
    expect(existsSync(litter)).toBe(false);
    const link = await fetch(`${second.apiUrl}/editions/${DATE}/edition.pdf`, { headers: { authorization: `Bearer ${second.token}` }, redirect: 'manual' });
    const pdf = new Uint8Array(await (await fetch(link.headers.get('location')!)).arrayBuffer());
    expect(isCompletePdf(pdf)).toBe(true);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(pointer.files?.['edition.pdf'].sha256);
    expect(second.renders.map((r) => r.outcome.kind)).toEqual(['published']);
  });

  it('gives on start a proof made before proofs had desk markers its marker, so the desk lists it however far from today', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'epaper-marks-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const options = { dir, s3Port: 0, apiPort: 0, renderDelayMs: 50, retryBaseMs: 50, interactive: false, logger: silentLogger, thumbnailWidthPx: 0, build: pdfFakeBuilder() };
    const first = await startDevCloud(options);
    const s3 = newsroomS3(first.s3Endpoint);
    await s3.send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: `articles/${DATE}/a.md`, Body: article(1) }));
    await first.settled();
    s3.destroy();
    await first.stop();
    expect(first.renders.map((r) => r.outcome.kind)).toEqual(['proofed']);
    // As a render before the markers left it: proof.json, and no editions/desk/proofs/<date>/<fingerprint>.
    const markers = join(dir, 's3', 'epaper-editions', 'editions', 'desk', 'proofs', DATE);
    const fingerprint = (first.renders[0].outcome as { fingerprint: string }).fingerprint;
    expect((await readdir(markers)).filter((name) => name.endsWith('._S3rver_object'))).toEqual([`${fingerprint}._S3rver_object`]);
    await rm(markers, { recursive: true });

    const second = await startDevCloud(options);
    cleanups.push(() => second.stop());
    await second.settled();
    expect((await readdir(markers)).filter((name) => name.endsWith('._S3rver_object'))).toEqual([`${fingerprint}._S3rver_object`]);
    expect(second.renders).toEqual([]);
  });

  it('refuses a second epaper dev on the same folder (it would sweep the first one\'s unfinished uploads) and a taken port, by name; takes over a folder whose epaper dev was killed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'epaper-claim-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const options = (overrides: { s3Port?: number; dir?: string } = {}) => ({
      dir,
      s3Port: 0,
      apiPort: 0,
      interactive: false,
      logger: silentLogger,
      thumbnailWidthPx: 0,
      build: pdfFakeBuilder(),
      ...overrides,
    });
    const first = await startDevCloud(options());
    cleanups.push(() => first.stop());
    // An upload in flight: the second start's sweep of unfinished writes would remove it.
    const inFlight = join(dir, 's3', 'epaper-content', '.partial-in-flight');
    await writeFile(inFlight, 'half an upload');
    await expect(startDevCloud(options())).rejects.toThrow(new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another epaper dev \\(process ${process.pid}\\)`));
    expect(existsSync(inFlight)).toBe(true);
    const taken = Number(new URL(first.s3Endpoint).port);
    const other = await mkdtemp(join(tmpdir(), 'epaper-claim-other-'));
    cleanups.push(() => rm(other, { recursive: true, force: true }));
    await expect(startDevCloud(options({ dir: other, s3Port: taken }))).rejects.toThrow(`port ${taken} on 127.0.0.1 is taken (another epaper dev, or another program): pass --s3-port with a free port, or 0 for any`);
    // The failed start let its folder go: another start there works.
    const third = await startDevCloud(options({ dir: other }));
    await third.stop();
    expect(await readdir(other)).not.toContain('dev.lock');
    await first.stop();
    expect(await readdir(dir)).not.toContain('dev.lock');

    // A claim whose process is gone (kill -9, a power cut) does not keep the folder.
    const gone = spawn(process.execPath, ['-e', '']);
    const pid = gone.pid!;
    await new Promise((done) => gone.once('exit', done));
    await writeFile(join(dir, 'dev.lock'), `${pid}\n`);
    const after = await startDevCloud(options());
    expect(await readFile(join(dir, 'dev.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await after.stop();
  });
});
