/**
 * End to end against `epaper dev`: a newsroom's S3 client uploads to the embedded endpoint, the
 * object events drive ingest and render, and the editions bucket shows what readers get.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, portsFromReadyLine } from '../support/net';
import { CONTENT_BUCKET, EDITIONS_BUCKET, startDevCloud, type DevCloud } from '../../bin/dev';
import { silentLogger } from '../../lambdas/adapters/logger';
import type { EditionIndex, PublishedManifest } from '../../lambdas/core/publish';
import { fakeBuilder } from '../handlers/fake-builder';

const DATE = '2026-05-04';
const BURST_DATE = '2026-05-05';
const useFakes = process.env.EPAPER_E2E_FAKES === '1';


function markdownArticle(n: number, headline: string, withPhoto: boolean, date = DATE): string {
  const lines = [
    '---',
    `headline: "${headline}"`,
    `section: ${n % 2 ? 'National' : 'World'}`,
    `priority: ${(n % 5) + 1}`,
    `byline: Reporter ${n}`,
    `date: ${date}`,
    ...(withPhoto ? [`image: images/story-${n}.jpg`, `caption: Scene number ${n}`, 'credit: VNS Photo'] : []),
    '---',
    '',
    `Paragraph one of story ${n} sets out what happened and where it happened in a few plain sentences.`,
    '',
    `Paragraph two of story ${n} adds the context a reader needs, with **bold** and *italic* words.`,
    '',
  ];
  return lines.join('\n');
}

async function photo(n: number): Promise<Uint8Array> {
  return sharp({ create: { width: 320, height: 200, channels: 3, background: { r: (n * 40) % 255, g: 90, b: 140 } } })
    .jpeg({ quality: 70 })
    .toBuffer();
}

describe('epaper dev, end to end', () => {
  let dir: string;
  let dev: DevCloud;
  let s3: S3Client;
  let crashPointerOf: string | undefined;
  const crashes: { servedFingerprint?: string; versionComplete: boolean }[] = [];

  const put = (key: string, body: string | Uint8Array, contentType = 'text/markdown') =>
    s3.send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: key, Body: body, ContentType: contentType }));
  const getText = async (bucket: string, key: string): Promise<string | undefined> => {
    try {
      const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return await response.Body!.transformToString();
    } catch {
      return undefined;
    }
  };
  const pointer = async (date: string) => {
    const text = await getText(EDITIONS_BUCKET, `editions/${date}/manifest.json`);
    return text ? (JSON.parse(text) as PublishedManifest) : undefined;
  };
  const versions = async (date: string) => {
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: EDITIONS_BUCKET, Prefix: `editions/${date}/versions/` }));
    return new Set((listing.Contents ?? []).map((o) => o.Key!.split('/')[3]));
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-dev-e2e-'));
    dev = await startDevCloud({
      dir,
      // Port 0: the system picks free ports as the cloud listens, and the endpoints name them.
      s3Port: 0,
      apiPort: 0,
      // A burst's window: the first test's twenty uploads must land inside it to render once, and
      // with the suite's other worker printing beside it they once took longer than 300 ms (two
      // versions, in two full runs of the seventy-first round and one of the seventieth).
      renderDelayMs: 800,
      retryBaseMs: 100,
      interactive: false,
      logger: silentLogger,
      thumbnailWidthPx: 0,
      ...(useFakes ? { build: fakeBuilder(), parse: fakeParse } : {}),
      beforeEditionsPut: async (key) => {
        if (crashPointerOf && key === `editions/${crashPointerOf}/manifest.json`) {
          const date = crashPointerOf;
          crashPointerOf = undefined;
          const served = await pointer(date);
          const written = [...(await versions(date))];
          const complete = await Promise.all(written.map((fp) => getText(EDITIONS_BUCKET, `editions/${date}/versions/${fp}/manifest.json`)));
          crashes.push({ servedFingerprint: served?.fingerprint, versionComplete: complete.every(Boolean) && written.length > 0 });
          throw new Error('injected crash between the version write and the pointer swap');
        }
      },
    });
    expect(dev.s3Endpoint).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(dev.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(dev.apiUrl).not.toBe(dev.s3Endpoint);
    // Any credentials work against the local endpoint.
    s3 = new S3Client({
      endpoint: dev.s3Endpoint,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'newsroom', secretAccessKey: 'anything' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });

  afterAll(async () => {
    s3?.destroy();
    await dev?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('publishes one edition with all 10 articles uploaded with their photos', async () => {
    // This desk publishes every proof at once (without it, a render makes a proof an editor publishes: newsroom.test.ts).
    for (const date of [DATE, BURST_DATE]) await put(`articles/${date}/edition.yaml`, 'publish: auto\n', 'application/yaml');
    await dev.settled();
    // The photos are made first, so that the uploads arrive as one burst: the render starts 300 ms
    // after the first of them, and on a loaded machine making ten JPEGs inside the burst took
    // longer than that, so a first render saw only part of it (two versions instead of one).
    const photos = await Promise.all(Array.from({ length: 10 }, (_, i) => photo(i)));
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        await put(`articles/${DATE}/images/story-${i}.jpg`, photos[i], 'image/jpeg');
        await put(`articles/${DATE}/story-${i}.md`, markdownArticle(i, `Story ${i} makes the news`, true));
      }),
    );
    await dev.settled();

    const manifest = await pointer(DATE);
    // When nothing was published, say why: every render outcome and dead letter.
    expect(manifest, JSON.stringify({ renders: dev.renders, deadLetters: dev.deadLetters })).toBeDefined();
    expect(manifest?.articles.map((a) => a.headline).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `Story ${i} makes the news`).sort());
    expect(manifest?.rejected).toEqual([]);
    expect(await versions(DATE)).toEqual(new Set([manifest!.fingerprint]));
    const pdf = await s3.send(new GetObjectCommand({ Bucket: EDITIONS_BUCKET, Key: `editions/${DATE}/edition.pdf` }));
    expect(Buffer.from(await pdf.Body!.transformToByteArray()).subarray(0, 4).toString()).toBe('%PDF');
    const index = JSON.parse((await getText(EDITIONS_BUCKET, 'editions/index.json')) ?? '{}') as EditionIndex;
    expect(index.editions.map((e) => e.date)).toEqual([DATE]);

    // The subscriber API is mounted on the same data.
    const viaApi = await fetch(`${dev.apiUrl}/editions/${DATE}`, { headers: { authorization: `Bearer ${dev.token}` } });
    expect(viaApi.status).toBe(200);
    expect(JSON.stringify(await viaApi.json())).toContain(manifest!.fingerprint);
    expect((await fetch(`${dev.apiUrl}/editions/${DATE}`)).status).toBe(401);
  });

  it('stores a streamed upload from a client with default checksum settings without aws-chunked framing', async () => {
    const defaultClient = new S3Client({
      endpoint: dev.s3Endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'someone-else', secretAccessKey: 'x' },
    });
    const text = 'Streamed bytes, Hà Nội, intact.';
    const bytes = Buffer.from(text);
    await defaultClient.send(
      new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: 'probe/streamed.txt', Body: Readable.from([bytes]), ContentLength: bytes.length }),
    );
    defaultClient.destroy();
    expect(await getText(CONTENT_BUCKET, 'probe/streamed.txt')).toBe(text);
  });

  it('shows the new headline after an article is overwritten', async () => {
    await put(`articles/${DATE}/story-3.md`, markdownArticle(3, 'Story 3 rewritten by the night desk', true));
    await dev.settled();

    const headlines = (await pointer(DATE))!.articles.map((a) => a.headline);
    expect(headlines).toContain('Story 3 rewritten by the night desk');
    expect(headlines).not.toContain('Story 3 makes the news');
    expect(headlines).toHaveLength(10);
  });

  it('drops a deleted article from the next edition', async () => {
    await s3.send(new DeleteObjectCommand({ Bucket: CONTENT_BUCKET, Key: `articles/${DATE}/story-5.md` }));
    await dev.settled();

    const manifest = (await pointer(DATE))!;
    expect(manifest.articles.map((a) => a.source)).not.toContain('story-5.md');
    expect(manifest.articles).toHaveLength(9);
  });

  it('lists an empty file as rejected while the edition stays published', async () => {
    await put(`articles/${DATE}/empty.md`, new Uint8Array(0));
    await dev.settled();

    const manifest = (await pointer(DATE))!;
    expect(manifest.rejected.map((r) => r.file)).toEqual(['empty.md']);
    expect(manifest.articles).toHaveLength(9);
    expect(await getText(CONTENT_BUCKET, `rejected/${DATE}/empty.md.json`)).toBeDefined();
  });

  it('makes one version of an event delivered three times', async () => {
    const before = await versions(DATE);
    const key = `articles/${DATE}/late-news.md`;
    await put(key, markdownArticle(42, 'Late news arrives once', false));
    const redelivery = {
      Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: CONTENT_BUCKET }, object: { key, sequencer: 'ABC' } } }],
    };
    dev.deliver(redelivery);
    await dev.settled();
    dev.deliver(redelivery);
    await dev.settled();

    const after = await versions(DATE);
    const added = [...after].filter((fp) => !before.has(fp));
    expect(added).toHaveLength(1);
    expect((await pointer(DATE))!.fingerprint).toBe(added[0]);
    expect(dev.renders.at(-1)?.outcome.kind).toBe('unchanged');
  });

  it('renders all 20 articles uploaded at once', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => put(`articles/${BURST_DATE}/burst-${i}.md`, markdownArticle(100 + i, `Burst story ${i}`, false, BURST_DATE))),
    );
    await dev.settled();

    const manifest = (await pointer(BURST_DATE))!;
    expect(manifest, JSON.stringify({ renders: dev.renders, deadLetters: dev.deadLetters })).toBeDefined();
    expect(manifest.articles).toHaveLength(20);
    const index = JSON.parse((await getText(EDITIONS_BUCKET, 'editions/index.json')) ?? '{}') as EditionIndex;
    expect(index.editions.map((e) => e.date)).toEqual([BURST_DATE, DATE]);
    expect(dev.renders.filter((r) => r.date === BURST_DATE && r.outcome.kind === 'published').length).toBeLessThanOrEqual(3);
  });

  it('keeps serving the previous edition after a crash before the pointer swap, and the retry completes', async () => {
    const previous = (await pointer(DATE))!;
    crashPointerOf = DATE;
    await put(`articles/${DATE}/story-1.md`, markdownArticle(1, 'Story 1 after the crash', true));
    await dev.settled();

    expect(crashes).toEqual([{ servedFingerprint: previous.fingerprint, versionComplete: true }]);
    const now = (await pointer(DATE))!;
    expect(now.fingerprint).not.toBe(previous.fingerprint);
    expect(now.articles.map((a) => a.headline)).toContain('Story 1 after the crash');
    expect(dev.renders.at(-1)?.outcome).toMatchObject({ kind: 'published', rebuilt: false });
    expect(dev.deadLetters).toEqual([]);
  });
});

describe('epaper dev start-up', () => {
  it('fails clearly and releases the S3 port when the API port is taken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'epaper-dev-busy-'));
    const blocker = createServer();
    const apiPort = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    const s3Port = await freePort();
    try {
      await expect(
        startDevCloud({ dir, s3Port, apiPort, interactive: false, logger: silentLogger, build: fakeBuilder(), parse: fakeParse }),
      ).rejects.toThrow(`port ${apiPort} on 127.0.0.1 is taken (another epaper dev, or another program): pass --api-port with a free port, or 0 for any`);
      // The S3 port is free again, and the folder too: a second cloud can take them.
      const again = await startDevCloud({ dir, s3Port, apiPort: await freePort(), interactive: false, logger: silentLogger, build: fakeBuilder(), parse: fakeParse });
      await again.stop();
    } finally {
      blocker.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('epaper dev as a process', () => {
  // SIGHUP too: a closed terminal killed it at once (exit 129), its partial files left behind.
  it.each(['SIGTERM', 'SIGHUP'] as const)('prints one ready line, writes the dev token and exits 0 on %s', async (signal) => {
    const dir = await mkdtemp(join(tmpdir(), 'epaper-dev-proc-'));
    // Port 0: the process takes free ports itself and names them. A port found free here and handed
    // over could be taken by a parallel test's connection before the child, seconds later, listens.
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/dev.ts', '--dir', dir, '--s3-port', '0', '--api-port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const readyLine = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line; stdout: ${stdout}; stderr: ${stderr}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const line = stdout.split('\n').find((l) => l.startsWith('epaper dev:'));
          if (line) {
            clearTimeout(timer);
            resolve(line);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code} before ready: ${stdout}; stderr: ${stderr}`)));
      });
      const { s3Port, apiPort } = portsFromReadyLine(readyLine);
      expect(s3Port).toBeGreaterThan(0);
      expect(apiPort).toBeGreaterThan(0);
      expect(readyLine).toBe(
        `epaper dev: S3 http://127.0.0.1:${s3Port} (buckets ${CONTENT_BUCKET}, ${EDITIONS_BUCKET}), API http://127.0.0.1:${apiPort}, token in ${join(dir, 'dev-token')}, editor token in ${join(dir, 'dev-editor-token')} (desk at http://127.0.0.1:${apiPort}/desk)`,
      );
      const token = (await readFile(join(dir, 'dev-token'), 'utf8')).trim();
      expect((await fetch(`http://127.0.0.1:${apiPort}/editions`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      // The S3 endpoint it named answers too.
      expect((await fetch(`http://127.0.0.1:${s3Port}/`)).status).toBeLessThan(500);

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      expect(await exited).toBe(0);
      // Nothing but its own lines: on Node 20 the AWS SDK's notice of its Node 22 future was nine more.
      expect(stderr).not.toMatch(/Warning|AWS SDK/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Used only with EPAPER_E2E_FAKES=1: headline from front matter; empty files rejected. */
function fakeParse(file: string, bytes: Uint8Array) {
  const text = new TextDecoder().decode(bytes);
  if (!text.trim()) return { ok: false as const, rejection: { file, reason: 'The file is empty.' } };
  const headline = /^headline:\s*"?(.*?)"?$/m.exec(text)?.[1] ?? file;
  return {
    ok: true as const,
    warnings: [],
    article: { slug: file, headline, section: 'News', priority: 3 as const, body: [], language: 'en', source: file, format: 'markdown' as const },
  };
}
