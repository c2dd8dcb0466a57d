/**
 * The newsroom's day against `epaper dev` (real s3rver, real Chromium, real HTTP; issue 13): an
 * upload makes a proof that only editors see, with a report per file; an editor publishes; a
 * correction makes a new proof while subscribers keep the published edition until it is published,
 * then the reader shows "Corrected"; a rollback restores the earlier PDF byte for byte; a
 * `publishAt` proof publishes itself when its moment comes; and deleting a date's files leaves it
 * published until an editor withdraws it from the desk.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../support/edition';
import { fileBrowser } from '../support/file-browser';
import { CONTENT_BUCKET, startDevCloud, type DevCloud, type ScheduleTimers } from '../../bin/dev';
import { commandEnv } from '../support/epaper-command';
import { recordedLog } from '../support/recorded-log';
import type { UploadReport } from '../../lambdas/core/reports';
import { wording } from '../support/wording';
import { launchReaderBrowser } from '../support/reader-browser';

const DATE = '2026-11-27';
const SCHEDULED_DATE = '2026-11-28';
/**
 * Longest wait for the local cloud to settle after uploads (a render takes seconds here). Each test's
 * own timeout is longer than all its waits together, so that a render that never settles fails
 * with the cloud's own message, not vitest's timeout.
 */
const SETTLE_MS = 45_000;

function article(slug: string, headline: string, date: string, section = 'National'): string {
  return [
    '---',
    `headline: "${headline}"`,
    `section: ${section}`,
    `date: ${date}`,
    '---',
    '',
    `The first paragraph of ${slug} says what happened, where and when, in a few plain sentences for the reader.`,
    '',
    `The second paragraph of ${slug} adds the context a reader needs to follow the story to its end.`,
    '',
  ].join('\n');
}

describe('the newsroom day in epaper dev', () => {
  const devLog = recordedLog('newsroom');
  let dir: string;
  let dev: DevCloud;
  let s3: S3Client;
  /** How far the local cloud's clock runs ahead of the wall clock (the schedule's tests move it). */
  let clockAheadMs = 0;
  const cloudNow = () => Date.now() + clockAheadMs;
  /**
   * The schedule's timers (publishAt, an embargo's end) as the cloud armed them: each still fires by
   * a real timer, and `fastForward` fires the waiting ones at once, the cloud's clock moved on to
   * their moment first, as though the wait had passed (it took 15 and 20 s of real time here).
   */
  interface ScheduledTimer {
    readonly dueAt: number;
    readonly fire: () => void;
    readonly timer: NodeJS.Timeout;
  }
  const scheduled = new Set<ScheduledTimer>();
  const scheduleTimers: ScheduleTimers = {
    set: (fire, delayMs) => {
      const entry: ScheduledTimer = {
        dueAt: cloudNow() + delayMs,
        fire,
        timer: setTimeout(() => {
          scheduled.delete(entry);
          fire();
        }, delayMs),
      };
      scheduled.add(entry);
      return entry;
    },
    clear: (entry) => {
      if (!entry) return;
      clearTimeout((entry as ScheduledTimer).timer);
      scheduled.delete(entry as ScheduledTimer);
    },
  };
  /** Fires the one waiting timer of the schedule, with the cloud's clock `earlyMs` before its moment. */
  const fastForward = (earlyMs = 0) => {
    expect(scheduled.size).toBe(1);
    const [entry] = scheduled;
    scheduled.delete(entry);
    clearTimeout(entry.timer);
    clockAheadMs += Math.max(0, entry.dueAt - earlyMs - cloudNow());
    entry.fire();
  };
  let firstFingerprint = '';
  let firstPdf: Buffer;

  const put = (key: string, body: string) => s3.send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: key, Body: body, ContentType: 'text/markdown' }));
  const getText = async (key: string): Promise<string | undefined> => {
    try {
      return await (await s3.send(new GetObjectCommand({ Bucket: CONTENT_BUCKET, Key: key }))).Body!.transformToString();
    } catch {
      return undefined;
    }
  };
  const call = (path: string, token: string | undefined, method = 'GET') =>
    fetch(`${dev.apiUrl}${path}`, { method, redirect: 'manual', headers: token ? { authorization: `Bearer ${token}` } : {} });
  /** The PDF the caller is sent to: follows the 302 to the presigned URL and reads it. */
  const servedPdf = async (date: string, token: string): Promise<Buffer> => {
    const redirect = await call(`/editions/${date}/edition.pdf`, token);
    expect(redirect.status).toBe(302);
    const pdf = await fetch(redirect.headers.get('location')!);
    expect(pdf.status).toBe(200);
    return Buffer.from(await pdf.arrayBuffer());
  };
  const details = async (date: string, token: string) => {
    const response = await call(`/editions/${date}`, token);
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, any>;
  };

  /** The desk in `page`, signed in as the editor, on `date` (today where the browser is, without one). */
  const openDesk = async (page: Page, date?: string) => {
    await page.goto(`${dev.apiUrl}/desk`);
    await page.evaluate((token) => sessionStorage.setItem('epaper.editor-token', token), dev.editorToken);
    await page.goto(`${dev.apiUrl}/desk${date ? `#/${date}` : ''}`);
  };

  /**
   * One Chromium for the file: six tests launched one each, a second or two apiece. Each test's
   * tabs start as a browser of its own started them: the HTTP cache and cookies cleared (the reader
   * and the desk keep their tokens in sessionStorage, a tab's own). Not a browser context of its
   * own: with @sparticuz's --single-process a second context's first page closes the browser.
   */
  const shared = fileBrowser(launchReaderBrowser);
  const freshTabs = async () => {
    const browser = await shared.get();
    const opened: Page[] = [];
    return {
      newPage: async (): Promise<Page> => {
        const page = await browser.newPage();
        if (opened.length === 0) {
          const cdp = await page.createCDPSession();
          await cdp.send('Network.clearBrowserCache');
          await cdp.send('Network.clearBrowserCookies');
          await cdp.detach();
        }
        opened.push(page);
        return page;
      },
      close: async () => {
        for (const page of opened.splice(0)) await page.close();
      },
    };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-newsroom-'));
    dev = await startDevCloud({
      dir,
      s3Port: 0,
      apiPort: 0,
      renderDelayMs: 600,
      retryBaseMs: 50,
      interactive: false,
      logger: devLog,
      thumbnailWidthPx: 0,
      clock: () => new Date(cloudNow()),
      scheduleTimers,
    });
    s3 = new S3Client({
      endpoint: dev.s3Endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'newsroom', secretAccessKey: 'x' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }, 60_000);

  afterAll(async () => {
    await shared.close();
    s3?.destroy();
    await dev?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('makes a proof only editors see, with a report for every upload', async () => {
    await put(`articles/${DATE}/river-festival.md`, article('river-festival', 'River festival draws record crowds', DATE));
    await put(`articles/${DATE}/metro-line.md`, article('metro-line', 'Metro line opens its last stations', DATE));
    await put(`articles/${DATE}/rice-prices.md`, article('rice-prices', 'Rice prices steady after the harvest', DATE, 'Business'));
    await put(`articles/${DATE}/old-news.md`, article('old-news', 'A story from another year', '2019-12-04'));
    await dev.settled(SETTLE_MS);
    expect(dev.deadLetters).toEqual([]);
    // Renders made proofs (more than one if a slow machine rendered part of the burst first), never an edition.
    const kinds = dev.renders.filter((r) => r.date === DATE).map((r) => r.outcome.kind);
    expect(kinds).toContain('proofed');
    expect(kinds).not.toContain('published');

    const proof = await details(DATE, dev.editorToken);
    expect(proof.state).toBe('proof');
    expect(proof.publishedVersion).toBeNull();
    expect(proof.articles.map((a: { slug: string }) => a.slug).sort()).toEqual(['metro-line', 'rice-prices', 'river-festival']);
    expect(proof.rejected.map((r: { file: string }) => r.file)).toEqual(['old-news.md']);
    expect(proof.versions).toContainEqual({ fingerprint: proof.fingerprint, proof: true, published: false, publishedAt: [] });
    expect(proof.versions.filter((v: { published: boolean; proof: boolean }) => v.published || v.proof)).toHaveLength(1);
    firstFingerprint = proof.fingerprint;

    const report = JSON.parse((await getText(`reports/${DATE}/river-festival.md.json`)) ?? 'null') as UploadReport;
    expect(report).toMatchObject({ file: 'river-festival.md', status: 'accepted', warnings: [] });
    expect(report.pages.length).toBeGreaterThan(0);
    expect(report.pages).toEqual(proof.articles.find((a: { slug: string }) => a.slug === 'river-festival').pages);
    const rejected = JSON.parse((await getText(`reports/${DATE}/old-news.md.json`)) ?? 'null') as UploadReport;
    expect(rejected).toMatchObject({ file: 'old-news.md', status: 'rejected', pages: [] });
    expect(rejected.reason).toMatch(/2019-12-04/);

    // Subscribers: nothing for this date yet, in the list or by its routes.
    expect((await call(`/editions/${DATE}`, dev.token)).status).toBe(404);
    expect((await call(`/editions/${DATE}/edition.pdf`, dev.token)).status).toBe(404);
    expect((await (await call('/editions', dev.token)).json()).editions).toEqual([]);
    // The editor gets the proof's PDF.
    expect((await servedPdf(DATE, dev.editorToken)).subarray(0, 4).toString()).toBe('%PDF');
  });

  it('lets only editors publish: 401 without a token, 403 for a subscriber', async () => {
    expect((await call(`/editions/${DATE}/publish`, undefined, 'POST')).status).toBe(401);
    expect((await call(`/editions/${DATE}/publish`, 'not-a-token', 'POST')).status).toBe(401);
    expect((await call(`/editions/${DATE}/publish`, dev.token, 'POST')).status).toBe(403);
    expect((await call(`/editions/${DATE}/rollback?version=${firstFingerprint}`, dev.token, 'POST')).status).toBe(403);
    expect((await call(`/editions/${DATE}`, dev.token)).status).toBe(404);
  });

  it('publishes with epaper publish, and subscribers get the 302 to the PDF', async () => {
    const { spawn } = await import('node:child_process');
    const cli = spawn(process.execPath, ['bin/epaper.js', 'publish', DATE, '--api', dev.apiUrl, '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'], env: commandEnv() });
    let stdout = '';
    cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    expect(code, stdout).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ kind: 'published', fingerprint: firstFingerprint, corrected: false });

    firstPdf = await servedPdf(DATE, dev.token);
    expect(firstPdf.subarray(0, 4).toString()).toBe('%PDF');
    const published = await details(DATE, dev.token);
    expect(published.fingerprint).toBe(firstFingerprint);
    expect(published.corrected).toBeUndefined();
    expect((await (await call('/editions', dev.token)).json()).editions.map((e: { date: string }) => e.date)).toEqual([DATE]);
  });

  it('keeps the published edition for subscribers while a correction is only a proof, then marks it corrected', async () => {
    await put(`articles/${DATE}/metro-line.md`, article('metro-line', 'Metro line opens, two stations late', DATE));
    await dev.settled(SETTLE_MS);

    const proof = await details(DATE, dev.editorToken);
    expect(proof.state).toBe('proof');
    expect(proof.fingerprint).not.toBe(firstFingerprint);
    expect(proof.publishedVersion).toBe(firstFingerprint);
    // Subscribers still get the published version, byte for byte.
    expect((await details(DATE, dev.token)).fingerprint).toBe(firstFingerprint);
    expect((await servedPdf(DATE, dev.token)).equals(firstPdf)).toBe(true);
    // The desk says what publishing the proof changes, by headline, and asks before it publishes.
    expect(proof.pendingChanges).toEqual({ corrected: ['metro-line'], added: [], removed: [] });
    const deskTabs = await freshTabs();
    try {
      const page = await deskTabs.newPage();
      await openDesk(page, DATE);
      await page.waitForFunction(() => !document.getElementById('edition')?.hidden, { timeout: 15_000 });
      const summary = wording(await page.$eval('#summary', (e) => e.textContent!));
      expect(summary).toContain('subscribers still see an earlier version; publishing corrects “Metro line opens, two stations late”');
      // The quality figures in the desk's words, from the proof's own manifest.
      const q = proof.quality as { contentShare: number; holes: { count: number }; jumps: { total: number }; priorityInversions: number };
      expect(summary).toContain(`stories fill ${Math.round(q.contentShare * 100)}% of the type area, ${q.holes.count} ${q.holes.count === 1 ? 'hole' : 'holes'} (white a reader sees), ${q.jumps.total} `);
      const asked: string[] = [];
      page.on('dialog', (dialog) => {
        asked.push(dialog.message());
        void dialog.dismiss();
      });
      await page.click('#publish');
      await page.waitForFunction(() => true);
      // And which pages it changes (82nd round): the one page the corrected story prints on.
      expect(asked.map(wording)).toEqual([`Publish the proof of ${DATE} to subscribers: corrects “Metro line opens, two stations late”; page 1 changes?`]);
      expect((await details(DATE, dev.token)).fingerprint).toBe(firstFingerprint);
      // A page opens large for proofing: the proof's own page, not the published one.
      await page.click('.page-open[data-page="1"]');
      const enlarged = async () => {
        await page.waitForFunction(() => {
          const image = document.getElementById('dialog-image') as HTMLImageElement;
          return !image.hidden && image.complete && image.naturalWidth > 0;
        }, { timeout: 15_000 });
        return page.evaluate(() => {
          const image = document.getElementById('dialog-image') as HTMLImageElement;
          return { open: (document.getElementById('page-dialog') as HTMLDialogElement).open, title: document.getElementById('page-dialog-title')!.textContent, src: decodeURIComponent(image.src), width: image.naturalWidth, alt: image.alt };
        });
      };
      const first = await enlarged();
      expect(first).toMatchObject({ open: true, title: expect.stringMatching(new RegExp(`^Page 1 of ${proof.pageCount}`)), src: expect.stringContaining(`/versions/${proof.fingerprint}/`) });
      expect(first.width).toBeGreaterThanOrEqual(1000);
      expect(first.alt).toMatch(/^Page 1 as printed: /);
      if (proof.pageCount > 1) {
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction(() => document.getElementById('page-dialog-title')!.textContent!.startsWith('Page 2 of'));
        expect((await enlarged()).src).toContain(`/versions/${proof.fingerprint}/`);
      }
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !(document.getElementById('page-dialog') as HTMLDialogElement).open);
      // A page is captioned with every section it prints, as its running foot names them.
      const captions = (await page.$$eval('#pages figcaption', (found) => found.map((c) => c.textContent!))).map(wording);
      expect(captions).toHaveLength(proof.pageCount);
      (proof.pages as { number: number; sections?: string[]; section: string }[]).forEach((p, i) => expect(captions[i].startsWith(`Page ${p.number} · ${(p.sections ?? [p.section]).join(' · ')} · `)).toBe(true));
      // On a phone the desk does not scroll sideways: its tables scroll in their own boxes.
      await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await deskTabs.close();
    }

    // The desk names the proof it showed: an older one is refused, and nothing is published.
    const stale = await call(`/editions/${DATE}/publish?version=${firstFingerprint}`, dev.editorToken, 'POST');
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ kind: 'newer-proof', fingerprint: proof.fingerprint });
    expect((await details(DATE, dev.token)).fingerprint).toBe(firstFingerprint);

    const response = await call(`/editions/${DATE}/publish?version=${proof.fingerprint}`, dev.editorToken, 'POST');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: 'published', fingerprint: proof.fingerprint, changedArticles: ['metro-line'], corrected: true });

    const corrected = await details(DATE, dev.token);
    expect(corrected.fingerprint).toBe(proof.fingerprint);
    expect(corrected.changedArticles).toEqual(['metro-line']);
    expect(Date.parse(corrected.corrected)).toBeGreaterThan(0);
    expect((await servedPdf(DATE, dev.token)).equals(firstPdf)).toBe(false);
    // Both versions are kept, and the history has both publications.
    const desk = await details(DATE, dev.editorToken);
    expect(desk.versions.map((v: { fingerprint: string }) => v.fingerprint)).toEqual(expect.arrayContaining([firstFingerprint, proof.fingerprint]));
    expect(desk.history.map((h: { version: string; action: string }) => [h.version, h.action])).toEqual([
      [firstFingerprint, 'publish'],
      [proof.fingerprint, 'publish'],
    ]);

    // The subscriber's reader page says so, with the changed story's headline.
    const readerTabs = await freshTabs();
    try {
      const page = await readerTabs.newPage();
      await page.goto(`${dev.apiUrl}/`);
      // epaper dev tells its user where the development token is (production never does).
      await page.waitForFunction(() => !document.getElementById('signin-view')?.hidden);
      expect(await page.$eval('#dev-token-hint', (node) => (node as HTMLElement).hidden)).toBe(false);
      await page.evaluate((token) => sessionStorage.setItem('epaper.token', token), dev.token);
      await page.goto(`${dev.apiUrl}/#/editions/${DATE}`);
      await page.waitForFunction(() => !document.getElementById('corrected')?.hidden, { timeout: 15_000 });
      const note = await page.$eval('#corrected', (node) => node.textContent ?? '');
      expect(note).toMatch(/^Corrected /);
      expect(note).toContain('Metro line opens, two stations late');
      expect(note).not.toContain('River festival');

      // A publication that also adds and drops stories says which is which: only a story printed
      // before from other bytes is "corrected". The edition's JSON is answered with such changes.
      // Every correction of the day is listed, newest first.
      const edition = await details(DATE, dev.token);
      // Subscribers are told how many stories were taken out, never which (subscriberView).
      expect(edition.corrections).toEqual([{ at: edition.corrected, action: 'publish', corrected: ['metro-line'], added: [], removedCount: 0 }]);
      const later = { corrected: ['metro-line'], added: ['rice-prices'], removedCount: 1 };
      const changed = { ...edition, articleChanges: later, corrections: [...edition.corrections, { at: new Date(Date.parse(edition.corrected) + 3_600_000).toISOString(), action: 'publish', ...later }] };
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === `/editions/${DATE}` && request.method() === 'GET') {
          void request.respond({ status: 200, contentType: 'application/json', body: JSON.stringify(changed) });
        } else void request.continue();
      });
      await page.reload();
      await page.waitForFunction(() => /^Updated /.test(document.getElementById('corrected')?.textContent ?? ''), { timeout: 15_000 });
      const lines = (await page.$$eval('#corrected p', (nodes) => nodes.map((node) => node.textContent ?? ''))).map(wording);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^Updated .+\. Corrected: Metro line opens, two stations late\. Added: Rice prices steady after the harvest\. One story was taken out\.$/);
      expect(lines[1]).toMatch(/^Corrected .+: Metro line opens, two stations late$/);

      // A paper republished many times lists the newest four and counts the rest.
      const hour = (n: number) => new Date(Date.parse(edition.corrected) + n * 3_600_000).toISOString();
      changed.corrections = [1, 2, 3, 4, 5, 6].map((n) => ({ at: hour(n), action: 'publish', corrected: ['metro-line'], added: [], removedCount: 0 }));
      await page.reload();
      await page.waitForFunction(() => document.querySelectorAll('#corrected p').length === 5, { timeout: 15_000 });
      expect((await page.$$eval('#corrected p', (nodes) => nodes.map((node) => node.textContent))).at(-1)).toBe('and 2 earlier updates');

      // A publication that added most of the edition (one republished as its files arrived) names
      // three of them and counts the rest: "In this edition" lists them all.
      const late = [1, 2, 3, 4, 5].map((n) => ({ slug: `late-${n}`, headline: `Late story ${n}`, section: 'National', source: `late-${n}.md`, pages: [1] }));
      Object.assign(changed, { articles: [...edition.articles, ...late] });
      changed.corrections = [{ at: hour(7), action: 'publish', corrected: [], added: late.map((a) => a.slug), removedCount: 0 }];
      await page.reload();
      await page.waitForFunction(() => /Added:/.test(document.getElementById('corrected')?.textContent ?? ''), { timeout: 15_000 });
      expect(wording(await page.$eval('#corrected p', (node) => node.textContent ?? ''))).toMatch(/^Updated .+\. Added: Late story 1 · Late story 2 · Late story 3 and 2 more stories\.$/);

      // Republished with no story changed (a photo that arrived after its story): an update, with
      // nothing called corrected (it read "Corrected <time>", naming nothing).
      changed.corrections = [...changed.corrections, { at: hour(8), action: 'publish', corrected: [], added: [], removedCount: 0 }];
      await page.reload();
      await page.waitForFunction(() => document.querySelectorAll('#corrected p').length === 2, { timeout: 15_000 });
      const plain = await page.$eval('#corrected p', (node) => node.textContent ?? '');
      expect(plain).toMatch(/^Updated [^.]+\.$/);
      expect(plain).not.toContain('Corrected');

      // The corrected story says so itself, for a reader who arrives from a search or a shared
      // link; a story printed unchanged says nothing.
      await page.goto(`${dev.apiUrl}/#/editions/${DATE}/articles/metro-line`);
      await page.waitForSelector('#story-corrected', { timeout: 15_000 });
      expect(await page.$eval('#story-corrected', (node) => node.textContent)).toMatch(/^Corrected [^;]+\. This story was changed after the edition was first published\.$/);
      await page.goto(`${dev.apiUrl}/#/editions/${DATE}/articles/river-festival`);
      await page.waitForFunction(() => document.getElementById('story-title')?.textContent === 'River festival draws record crowds', { timeout: 15_000 });
      expect(await page.$('#story-corrected')).toBeNull();
      // The same note in the article's HTML (a browser's own request, a shared link).
      const articleHtml = await (await fetch(`${dev.apiUrl}/editions/${DATE}/articles/metro-line`, { headers: { authorization: `Bearer ${dev.token}`, accept: 'text/html' } })).text();
      expect(articleHtml).toMatch(/<p class="corrected" lang="en" dir="ltr">Corrected \d{1,2} \w+ \d{4}, \d\d:\d\d UTC\. This story was changed/);
    } finally {
      await readerTabs.close();
    }
  }, 90_000);

  it('keeps a subscriber\'s sign-in out of the desk, instead of showing the published edition as an unpublished proof', async () => {
    const readerTabs = await freshTabs();
    try {
      const page = await readerTabs.newPage();
      await page.goto(`${dev.apiUrl}/desk`);
      await page.evaluate((token) => sessionStorage.setItem('epaper.editor-token', token), dev.token);
      await page.goto(`${dev.apiUrl}/desk#/${DATE}`);
      await page.waitForFunction(() => !document.getElementById('signin-view')?.hidden, { timeout: 15_000 });
      expect(await page.$eval('#status', (e) => e.textContent)).toMatch(/subscriber's, not an editor's/);
      expect(await page.evaluate(() => sessionStorage.getItem('epaper.editor-token'))).toBeNull();
      expect(await page.$eval('#edition', (e) => (e as HTMLElement).hidden)).toBe(true);
      // A token the server refuses: the desk says the server's reason (it said "Sign in first."),
      // and where `epaper dev` keeps the editor token, in the folder it was started with.
      await page.evaluate(() => sessionStorage.setItem('epaper.editor-token', 'not.a.token'));
      await page.goto(`${dev.apiUrl}/desk#/${DATE}`);
      await page.reload();
      await page.waitForFunction(() => !document.getElementById('signin-view')?.hidden && (document.getElementById('status')?.textContent ?? '') !== '', { timeout: 15_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const refused = await page.$eval('#status', (e) => e.textContent ?? '');
      expect(refused).not.toMatch(/Sign in first/);
      expect(refused.length).toBeGreaterThan(5);
      expect(await page.$eval('#dev-token-path', (e) => e.textContent)).toBe(join(dir, 'dev-editor-token'));
    } finally {
      await readerTabs.close();
    }
  });

  it('rolls back to the first version, restoring its PDF byte for byte', async () => {
    const response = await call(`/editions/${DATE}/rollback?version=${firstFingerprint}`, dev.editorToken, 'POST');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: 'rolled-back', fingerprint: firstFingerprint, changedArticles: ['metro-line'] });
    expect((await servedPdf(DATE, dev.token)).equals(firstPdf)).toBe(true);
    expect((await details(DATE, dev.token)).fingerprint).toBe(firstFingerprint);
    expect((await call(`/editions/${DATE}/rollback?version=nope`, dev.editorToken, 'POST')).status).toBe(404);
    // Subscribers are told the correction was undone, not that the story was corrected again.
    const edition = await details(DATE, dev.token);
    expect(edition.corrections.at(-1)).toMatchObject({ action: 'rollback', corrected: ['metro-line'] });
    const readerTabs = await freshTabs();
    try {
      const page = await readerTabs.newPage();
      await page.goto(`${dev.apiUrl}/`);
      await page.evaluate((token) => sessionStorage.setItem('epaper.token', token), dev.token);
      await page.goto(`${dev.apiUrl}/#/editions/${DATE}`);
      await page.waitForFunction(() => !document.getElementById('corrected')?.hidden, { timeout: 15_000 });
      const notes = (await page.$$eval('#corrected p', (ps) => ps.map((p) => p.textContent ?? ''))).map(wording);
      // Named by the headline the edition prints now: the first version's again.
      expect(notes[0]).toMatch(/^Restored .+: Metro line opens its last stations \(an earlier text\)$/);
      expect(notes[1]).toMatch(/^Corrected .+: Metro line opens its last stations$/);
      await page.goto(`${dev.apiUrl}/#/editions/${DATE}/articles/metro-line`);
      await page.waitForSelector('#story-corrected', { timeout: 15_000 });
      expect(await page.$eval('#story-corrected', (node) => node.textContent)).toMatch(/^Corrected [^;]+\. This story was changed after the edition was first published\. Its earlier text was restored [^;]+\.$/);
    } finally {
      await readerTabs.close();
    }
  });

  it('publishes a proof by itself when its publishAt comes', async () => {
    // A minute ahead on the cloud's clock, so that the proof is made well before it is due however
    // slow the render; the test then moves the clock on and fires the timer the cloud armed.
    const publishAt = new Date(cloudNow() + 60_000).toISOString();
    await put(`articles/${SCHEDULED_DATE}/edition.yaml`, `publishAt: ${publishAt}\n`);
    await put(`articles/${SCHEDULED_DATE}/dawn-edition.md`, article('dawn-edition', 'The dawn edition goes out on time', SCHEDULED_DATE));
    await dev.settled(SETTLE_MS);

    // The last render that made something: on a loaded machine the two uploads may trigger a
    // second render after the proof, which finds its inputs proofed already ('unchanged').
    const outcome = dev.renders.filter((r) => r.date === SCHEDULED_DATE && r.outcome.kind !== 'unchanged').at(-1)?.outcome;
    expect(outcome).toMatchObject({ kind: 'proofed', publishAt });
    expect((await call(`/editions/${SCHEDULED_DATE}`, dev.token)).status).toBe(404);
    expect((await details(SCHEDULED_DATE, dev.editorToken)).publishAt).toBe(publishAt);
    // The timer is armed; it fires with the cloud's clock 2 ms short of its moment, while the proof
    // is not quite due, as Node's timers sometimes do by a millisecond: it must try again.
    fastForward(2);

    const deadline = Date.now() + 40_000;
    let status = 404;
    while (Date.now() < deadline && (status = (await call(`/editions/${SCHEDULED_DATE}`, dev.token)).status) === 404) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
    const published = await details(SCHEDULED_DATE, dev.token);
    // Published by the timer, not early: no earlier than publishAt on the cloud's clock.
    expect(Date.parse(published.publishedAt)).toBeGreaterThanOrEqual(Date.parse(publishAt));
    expect((await servedPdf(SCHEDULED_DATE, dev.token)).subarray(0, 4).toString()).toBe('%PDF');
    // The render itself never published it.
    expect(dev.renders.filter((r) => r.date === SCHEDULED_DATE).map((r) => r.outcome.kind)).not.toContain('published');
  }, SETTLE_MS + 40_000 + 15_000);

  it('keeps a held article out of print and prints an embargoed one only once its embargo has ended', async () => {
    const date = '2026-11-26';
    const withToken = (slug: string, headline: string, frontMatter: string, token: string) =>
      article(slug, headline, date).replace('---\n\n', `${frontMatter}\n---\n\n`) + `\nThe marker ${token} ends ${slug}.\n`;
    // A minute ahead on the cloud's clock: the first edition is published before it ends.
    const embargo = new Date(cloudNow() + 60_000).toISOString();
    await put(`articles/${date}/edition.yaml`, 'publish: auto\n');
    await put(`articles/${date}/harbour-plan.md`, withToken('harbour-plan', 'Harbour plan goes to the council', 'hold: true', 'H2026P1126'));
    await put(`articles/${date}/budget-vote.md`, withToken('budget-vote', 'Council votes on the budget at noon', `embargo: ${embargo}`, 'E2026P1126'));
    await put(`articles/${date}/ferry-times.md`, withToken('ferry-times', 'Ferry times change next week', '', 'F2026P1126'));
    await dev.settled(SETTLE_MS);
    const printed = async () => (await readPdf(new Uint8Array(await servedPdf(date, dev.token)))).pages.map((p) => p.text).join(' ');

    const first = await printed();
    expect(first).toContain('F2026P1126');
    expect(first).not.toContain('H2026P1126');
    expect(first).not.toContain('E2026P1126');
    const held = (await details(date, dev.editorToken)).held as { slug: string; reason: string }[];
    expect(held.map((h) => [h.slug, h.reason]).sort()).toEqual([['budget-vote', 'embargo'], ['harbour-plan', 'hold']]);
    expect(JSON.parse((await getText(`reports/${date}/harbour-plan.md.json`)) ?? 'null')).toMatchObject({ status: 'held', pages: [] });
    // Subscribers cannot read what the desk held back, nor the embargoed headline.
    const forSubscribers = await details(date, dev.token);
    expect(forSubscribers).not.toHaveProperty('held');
    expect(JSON.stringify(forSubscribers)).not.toMatch(/Harbour plan|Council votes|harbour-plan|budget-vote/);
    // The desk lists both, with why.
    const readerTabs = await freshTabs();
    try {
      const page = await readerTabs.newPage();
      await openDesk(page, date);
      await page.waitForFunction(() => (document.getElementById('held')?.children.length ?? 0) > 0 && !document.getElementById('edition')?.hidden, { timeout: 15_000 });
      const rows = await page.$$eval('#held tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
      expect(rows).toEqual(
        expect.arrayContaining([
          ['Harbour plan goes to the council', 'harbour-plan.md', 'Held by the desk (hold: true)'],
          ['Council votes on the budget at noon', 'budget-vote.md', expect.stringMatching(/^Under embargo until /)],
        ]),
      );
      expect(rows).toHaveLength(2);
      // Opened without a date, the desk is on today where the editor is: 00:09 in Hà Nội is the
      // next day's paper, though UTC is still on the day before.
      const hanoi = await readerTabs.newPage();
      await hanoi.emulateTimezone('Asia/Ho_Chi_Minh');
      await hanoi.evaluateOnNewDocument(() => {
        const at = Date.parse('2026-12-02T17:09:00Z');
        const RealDate = Date;
        class At extends RealDate {
          constructor(...args: ConstructorParameters<typeof Date>) {
            super(...((args.length > 0 ? args : [at]) as [number]));
          }
          static now() {
            return at;
          }
        }
        (globalThis as { Date: DateConstructor }).Date = At as DateConstructor;
      });
      await openDesk(hanoi);
      await hanoi.waitForFunction(() => (document.getElementById('date-input') as HTMLInputElement | null)?.value !== '', { timeout: 15_000 });
      expect(await hanoi.$eval('#date-input', (input) => (input as HTMLInputElement).value)).toBe('2026-12-03');
    } finally {
      await readerTabs.close();
    }

    // Nobody uploads anything: the embargo's end alone renders the date again. Its timer fires with
    // the cloud's clock at its moment. The PDF is read again only once subscribers are served
    // another version: read on every poll, it cost the file more CPU than the renders it waited for.
    const servedVersion = async () => (await details(date, dev.token)).version as string;
    let version = await servedVersion();
    fastForward();
    const deadline = Date.now() + 60_000;
    let text = first;
    while (Date.now() < deadline && !text.includes('E2026P1126')) {
      await dev.settled(SETTLE_MS);
      const now = await servedVersion();
      if (now === version) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      version = now;
      text = await printed();
    }
    expect(text).toContain('E2026P1126');
    expect(text).not.toContain('H2026P1126');
    // Not before its time, on the cloud's clock.
    expect(Date.parse((await details(date, dev.token)).publishedAt)).toBeGreaterThanOrEqual(Date.parse(embargo));
  }, SETTLE_MS + 60_000 + SETTLE_MS + 15_000);

  it('keeps a date whose files were all deleted published until an editor withdraws it from the desk, asked once more', async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: CONTENT_BUCKET, Prefix: `articles/${DATE}/` }));
    for (const { Key } of listed.Contents ?? []) await s3.send(new DeleteObjectCommand({ Bucket: CONTENT_BUCKET, Key }));
    await dev.settled(SETTLE_MS);

    expect(dev.renders.filter((r) => r.date === DATE).at(-1)?.outcome).toMatchObject({ kind: 'emptied', fingerprint: firstFingerprint });
    expect((await details(DATE, dev.token)).fingerprint).toBe(firstFingerprint);
    expect((await details(DATE, dev.editorToken)).emptied).toEqual({ noticedAt: expect.any(String) });
    // Listed for the desk although older than a week before today (the desk walked only that week).
    expect((await (await call('/editions', dev.editorToken)).json()).emptied.map((e: { date: string }) => e.date)).toContain(DATE);

    const deskTabs = await freshTabs();
    try {
      const page = await deskTabs.newPage();
      await openDesk(page, DATE);
      await page.waitForFunction(() => !document.getElementById('edition')?.hidden, { timeout: 15_000 });
      expect(await page.$eval('#emptied', (e) => (e as HTMLElement).hidden ? '' : e.textContent)).toMatch(/^Every file of this date was deleted \(noticed .+\)\. Subscribers still get this edition until an editor withdraws it/);
      expect(await page.$eval('#withdraw', (e) => (e as HTMLButtonElement).hidden)).toBe(false);
      const asked: string[] = [];
      let accept = false;
      page.on('dialog', (dialog) => {
        asked.push(dialog.message());
        void (accept ? dialog.accept() : dialog.dismiss());
      });
      // Dismissed: nothing happens.
      await page.click('#withdraw');
      await page.waitForFunction(() => true);
      expect(asked).toEqual([expect.stringMatching(new RegExp(`^Withdraw the edition of ${DATE} from subscribers\\?`))]);
      expect((await details(DATE, dev.token)).fingerprint).toBe(firstFingerprint);
      accept = true;
      await page.click('#withdraw');
      await page.waitForFunction(() => /was withdrawn from subscribers/.test(document.getElementById('status')!.textContent!), { timeout: 15_000 });
    } finally {
      await deskTabs.close();
    }
    expect((await call(`/editions/${DATE}`, dev.token)).status).toBe(404);
    expect((await call(`/editions/${DATE}/edition.pdf`, dev.token)).status).toBe(404);
    expect((await (await call('/editions', dev.token)).json()).editions.map((e: { date: string }) => e.date)).not.toContain(DATE);
  }, SETTLE_MS + 30_000);

  it('writes the editor token beside the subscriber token', async () => {
    expect((await readFile(join(dir, 'dev-editor-token'), 'utf8')).trim()).toBe(dev.editorToken);
  });
});
