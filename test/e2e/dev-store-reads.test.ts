/**
 * The embedded S3 endpoint serves every GET from one version of the object, as S3 does, even when a
 * PUT replaces the object while the GET is under way.
 *
 * The cause of a 500 the subscriber API gave in `test/e2e/dev-restarts.test.ts`: s3rver stats the
 * object's file for Content-Length and ETag, then opens it by its path; a PUT (a rename, since writes
 * are atomic) landing in between made it send the new manifest.json cut to the old length (the API
 * could not parse it) or promise bytes it never sent (the reader waited for ever). Here the PUT is
 * made to land exactly there: right after the store first looks at the object's file, through
 * s3rver's fs-extra (stat) or node:fs (open), whichever it uses.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS_BUCKET, type DevCloud } from '../../bin/dev';
import { startQuietDevCloud } from '../support/quiet-dev-cloud';

const KEY = 'editions/2026-06-01/manifest.json';
const fsExtra = createRequire(createRequire(import.meta.url).resolve('s3rver'))('fs-extra') as { stat: (...args: unknown[]) => Promise<unknown> };

describe('the embedded S3 endpoint, a GET racing a PUT of the same key', () => {
  let dir: string;
  let cloud: DevCloud;
  let s3: S3Client;
  let objectFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-store-reads-'));
    ({ cloud, s3 } = await startQuietDevCloud(dir));
    objectFile = join(dir, 's3', EDITIONS_BUCKET, 'editions', '2026-06-01', 'manifest.json._S3rver_object');
  });
  afterAll(async () => {
    s3?.destroy();
    await cloud?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** What a PUT does to the files (makeWritesAtomic): MD5 sidecar out, new file renamed in, new MD5. */
  async function replaceOnDisk(body: string): Promise<void> {
    const partial = join(dir, 's3', EDITIONS_BUCKET, 'editions', '2026-06-01', '.partial-test');
    await writeFile(partial, body);
    await rm(`${objectFile}.md5`, { force: true });
    await rename(partial, objectFile);
    await writeFile(`${objectFile}.md5`, createHash('md5').update(body).digest('hex'));
  }

  /** Runs `read` with the object replaced by `next` right after the store's first look at its file. */
  async function withPutAfterFirstLook<T>(next: string, read: () => Promise<T>): Promise<{ result: T; replaced: boolean }> {
    let armed = true;
    let replaced = false;
    const fire = async () => {
      armed = false;
      await replaceOnDisk(next);
      replaced = true;
    };
    const originalStat = fsExtra.stat;
    const originalOpen = fs.open;
    fsExtra.stat = async (...args: unknown[]) => {
      const result = await originalStat(...args);
      if (armed && args[0] === objectFile) await fire();
      return result;
    };
    (fs as { open: unknown }).open = (...args: unknown[]) => {
      const callback = args.pop() as (error: unknown, fd?: number) => void;
      (originalOpen as (...a: unknown[]) => void)(...args, (error: unknown, fd?: number) => {
        if (armed && !error && args[0] === objectFile) void fire().then(() => callback(error, fd));
        else callback(error, fd);
      });
    };
    try {
      return { result: await read(), replaced };
    } finally {
      fsExtra.stat = originalStat;
      (fs as { open: unknown }).open = originalOpen;
    }
  }

  const get = async () => {
    const answer = await s3.send(new GetObjectCommand({ Bucket: EDITIONS_BUCKET, Key: KEY }), { abortSignal: AbortSignal.timeout(10_000) });
    const body = Buffer.from(await answer.Body!.transformToByteArray()).toString('utf8');
    return { body, etag: (answer.ETag ?? '').replace(/"/g, ''), length: answer.ContentLength };
  };
  /** A body is one whole version, its length and ETag that version's. */
  const expectOneVersion = (answer: { body: string; etag: string; length?: number }, versions: string[]) => {
    expect(versions).toContain(answer.body);
    expect(answer.length).toBe(Buffer.byteLength(answer.body));
    expect(answer.etag).toBe(createHash('md5').update(answer.body).digest('hex'));
  };

  // Bodies of different lengths: a longer one is what made the API's JSON.parse fail (500).
  const older = JSON.stringify({ version: 'versions/a/', padding: 'a'.repeat(50) });
  const longer = JSON.stringify({ version: 'versions/b/', padding: 'b'.repeat(5000) });
  const shorter = JSON.stringify({ version: 'versions/c/' });

  it('a PUT of a longer object right after the store first looks at the file: the GET returns one whole version', async () => {
    await s3.send(new PutObjectCommand({ Bucket: EDITIONS_BUCKET, Key: KEY, Body: older, ContentType: 'application/json' }));
    const { result, replaced } = await withPutAfterFirstLook(longer, get);
    expect(replaced).toBe(true);
    expectOneVersion(result, [older, longer]);
    expectOneVersion(await get(), [longer]);
  });

  it('a PUT of a shorter object there: the GET neither hangs nor is cut', async () => {
    const { result, replaced } = await withPutAfterFirstLook(shorter, () =>
      Promise.race([get(), new Promise<never>((_, fail) => setTimeout(() => fail(new Error('the GET hung')), 8_000))]),
    );
    expect(replaced).toBe(true);
    expectOneVersion(result, [longer, shorter]);
    expectOneVersion(await get(), [shorter]);
  });

  it('HEAD answers the size and ETag of one version too', async () => {
    const { result, replaced } = await withPutAfterFirstLook(older, () => s3.send(new HeadObjectCommand({ Bucket: EDITIONS_BUCKET, Key: KEY })));
    expect(replaced).toBe(true);
    const etag = (result.ETag ?? '').replace(/"/g, '');
    const version = [shorter, older].find((body) => createHash('md5').update(body).digest('hex') === etag);
    expect(version, `ETag ${etag} is no version's`).toBeDefined();
    expect(result.ContentLength).toBe(Buffer.byteLength(version!));
  });
});
