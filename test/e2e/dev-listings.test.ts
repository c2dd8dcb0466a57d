/**
 * The embedded S3 endpoint lists more keys than fit in one page: every key once, in S3's order,
 * through the SDK's paginator, `max-keys`, `start-after`, a delimiter, ListObjects' `marker` and the
 * pipeline's own S3ObjectStore.list; a continuation token it did not issue is a 400.
 *
 * Every truncated ListObjectsV2 (over 1,000 keys, or fewer with max-keys) answered 500: s3rver
 * sealed its continuation token with DES, which Node 20's OpenSSL 3 refuses. A date folder of more
 * than 1,000 files never rendered (three retries, then a dead letter), and an editions bucket of
 * more than 1,000 objects failed the catch-up on start. And s3rver listed keys in the order of its
 * files, not of the keys (`a/0000` before `a-b`, `ab-c` before `ab`), so a page that ended in a
 * folder lost the keys that sort before that folder but were found after it, and a folder (a common
 * prefix) came again on the next page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsCommand, ListObjectsV2Command, paginateListObjectsV2, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_BUCKET, EDITIONS_BUCKET, type DevCloud } from '../../bin/dev';
import { S3ObjectStore } from '../../lambdas/adapters/s3-store';
import { startQuietDevCloud } from '../support/quiet-dev-cloud';

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
    ({ cloud, s3 } = await startQuietDevCloud(dir));
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

  async function listedV2(input: { MaxKeys?: number; StartAfter?: string } = {}): Promise<{ keys: string[]; pages: number }> {
    const keys: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: EDITIONS_BUCKET, Prefix: PREFIX, ...input })) {
      pages++;
      keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
    }
    return { keys, pages };
  }

  it('pages through every key once, in order, 1,000 to a page', async () => {
    const { keys, pages } = await listedV2();
    expect(pages).toBe(2);
    expect(keys).toEqual(IN_S3_ORDER);
  });

  it('pages by max-keys, and from start-after', async () => {
    const small = await listedV2({ MaxKeys: 300 });
    expect(small.pages).toBe(4);
    expect(small.keys).toEqual(IN_S3_ORDER);
    const from = IN_S3_ORDER[500];
    const after = await listedV2({ StartAfter: from, MaxKeys: 400 });
    expect(after.keys).toEqual(IN_S3_ORDER.slice(501));
  });

  it('pages by a delimiter, each folder once, after the keys that sort before it', async () => {
    const keys: string[] = [];
    const folders: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: EDITIONS_BUCKET, Prefix: PREFIX, Delimiter: '/', MaxKeys: 2 })) {
      keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      folders.push(...(page.CommonPrefixes ?? []).map((folder) => folder.Prefix ?? ''));
    }
    expect(keys).toEqual([`${PREFIX}a-b`, `${PREFIX}a.txt`, `${PREFIX}ab`, `${PREFIX}ab-c`]);
    expect(folders).toEqual([`${PREFIX}a/`]);
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
  it('lists through the pipeline\'s store adapter (the render\'s snapshot, the catch-up on start)', async () => {
    const listed = await new S3ObjectStore(s3, EDITIONS_BUCKET).list(PREFIX);
    expect(listed.map((object) => object.key)).toEqual(IN_S3_ORDER);
  });

  it('refuses a continuation token it did not issue, or issued for another bucket, with 400', async () => {
    const first = await s3.send(new ListObjectsV2Command({ Bucket: EDITIONS_BUCKET, Prefix: PREFIX, MaxKeys: 2 }));
    const token = first.NextContinuationToken ?? '';
    expect(first.IsTruncated).toBe(true);
    expect(token).not.toBe('');
    const statusFor = (bucket: string, continuationToken: string) =>
      s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: PREFIX, ContinuationToken: continuationToken })).then(
        () => 200,
        (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode,
      );
    const [sealed, seal] = token.split('.');
    const forged = `${Buffer.from(`${CONTENT_BUCKET}/${PREFIX}`).toString('base64url')}.${seal}`;
    const garbled = [
      'garbage',
      Buffer.from('us-east-1/epaper-editions/listing/a/0500').toString('base64'),
      forged,
      `${sealed}.${seal?.slice(1)}`,
      `${sealed}x.${seal}`,
      '.',
      '%%%',
    ];
    for (const bad of garbled) expect({ bad, status: await statusFor(EDITIONS_BUCKET, bad) }).toEqual({ bad, status: 400 });
    // Another bucket's token names a key of that bucket: it starts no listing here.
    expect(await statusFor(CONTENT_BUCKET, token)).toBe(400);
    // The token it issued still works.
    expect(await statusFor(EDITIONS_BUCKET, token)).toBe(200);
  });
});
