/**
 * The embedded S3 endpoint lists more keys than fit in one page: every key once, in S3's order.
 *
 * s3rver listed keys in the order of its files, not of the keys (`a/0000` before `a-b`, `ab-c`
 * before `ab`), so a page that ended in a folder lost the keys that sort before that folder but
 * were found after it, and a folder (a common prefix) came again on the next page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS_BUCKET, startDevCloud, type DevCloud } from '../../bin/dev';
import { silentLogger } from '../../lambdas/adapters/logger';

const PREFIX = 'listing/';
/**
 * A thousand keys in one folder and four beside it whose order as keys is not the order of their
 * files: `-` and `.` sort before `/`, but the folder `a` comes before the file `a-b…` on disk, and
 * the file `ab-c…` before `ab.…`.
 */
const KEYS = [
  ...Array.from({ length: 1000 }, (_, i) => `${PREFIX}a/${String(i).padStart(4, '0')}`),
  `${PREFIX}a-b`,
  `${PREFIX}a.txt`,
  `${PREFIX}ab`,
  `${PREFIX}ab-c`,
];
/** S3's order: by the keys' UTF-8 bytes. */
const IN_S3_ORDER = [...KEYS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
const UPLOADS_IN_FLIGHT = 16;

describe('the embedded S3 endpoint, listings longer than a page', () => {
  let dir: string;
  let cloud: DevCloud;
  let s3: S3Client;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-listings-'));
    cloud = await startDevCloud({
      dir,
      s3Port: 0,
      apiPort: 0,
      interactive: false,
      logger: silentLogger,
      build: async () => {
        throw new Error('no render in this test');
      },
    });
    s3 = new S3Client({
      endpoint: cloud.s3Endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 1,
    });
    // The editions bucket: its objects start no ingest.
    const waiting = [...KEYS];
    await Promise.all(
      Array.from({ length: UPLOADS_IN_FLIGHT }, async () => {
        for (let key = waiting.pop(); key !== undefined; key = waiting.pop()) {
          await s3.send(new PutObjectCommand({ Bucket: EDITIONS_BUCKET, Key: key, Body: 'x' }));
        }
      }),
    );
  });
  afterAll(async () => {
    s3?.destroy();
    await cloud?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('pages through ListObjects by marker', async () => {
    const keys: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await s3.send(new ListObjectsCommand({ Bucket: EDITIONS_BUCKET, Prefix: PREFIX, Marker: marker, MaxKeys: 700 }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      if (!page.IsTruncated) break;
      marker = keys[keys.length - 1];
    }
    expect(keys).toEqual(IN_S3_ORDER);
  });

  it('pages through ListObjects by marker with a delimiter, each folder once, after the keys that sort before it', async () => {
    const keys: string[] = [];
    const folders: string[] = [];
    for (let marker: string | undefined; ; ) {
      const page = await s3.send(new ListObjectsCommand({ Bucket: EDITIONS_BUCKET, Prefix: PREFIX, Delimiter: '/', Marker: marker, MaxKeys: 2 }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      folders.push(...(page.CommonPrefixes ?? []).map((folder) => folder.Prefix ?? ''));
      if (!page.IsTruncated) break;
      marker = page.NextMarker;
    }
    expect(keys).toEqual([`${PREFIX}a-b`, `${PREFIX}a.txt`, `${PREFIX}ab`, `${PREFIX}ab-c`]);
    expect(folders).toEqual([`${PREFIX}a/`]);
  });
});
