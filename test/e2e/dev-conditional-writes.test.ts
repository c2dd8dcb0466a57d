/**
 * The embedded S3 endpoint honours a PUT's If-None-Match: * and If-Match as S3 does: 412
 * PreconditionFailed (404 NoSuchKey for If-Match on a missing key), the object left as it was, and
 * of concurrent creations of one key exactly one succeeds.
 *
 * Publishing relies on it: each act's pending-repair marker (`editions/pending/<date>/<ms>-<slot>`)
 * is created only where none is, and the index and history are written If-Match the ETag read.
 * s3rver ignored both headers, so two acts on the local cloud could both "create" one marker and a
 * writer over a stale index replaced another's line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS_BUCKET, type DevCloud } from '../../bin/dev';
import { S3ObjectStore } from '../../lambdas/adapters/s3-store';
import { startQuietDevCloud } from '../support/quiet-dev-cloud';

describe('the embedded S3 endpoint, conditional PUTs', () => {
  let dir: string;
  let cloud: DevCloud;
  let s3: S3Client;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-conditional-'));
    ({ cloud, s3 } = await startQuietDevCloud(dir));
  });
  afterAll(async () => {
    s3?.destroy();
    await cloud?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const put = (key: string, body: string, condition: { IfNoneMatch?: string; IfMatch?: string } = {}) =>
    s3.send(new PutObjectCommand({ Bucket: EDITIONS_BUCKET, Key: key, Body: body, ContentType: 'text/plain', ...condition }));
  const read = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: EDITIONS_BUCKET, Key: key })).then((r) => r.Body!.transformToString()));
  /** The S3 error's HTTP status and code, or 200 for a PUT that succeeded. */
  const outcome = (sent: Promise<unknown>) =>
    sent.then(
      () => ({ status: 200, code: 'OK' }),
      (error: { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } }) => ({
        status: error.$metadata?.httpStatusCode ?? 0,
        code: error.Code ?? error.name ?? '',
      }),
    );

  it('creates a key with If-None-Match: * once, and answers 412 PreconditionFailed after, the object unchanged', async () => {
    const key = 'editions/pending/2026-06-01/1780000000000-0';
    expect(await outcome(put(key, 'first', { IfNoneMatch: '*' }))).toEqual({ status: 200, code: 'OK' });
    expect(await outcome(put(key, 'second', { IfNoneMatch: '*' }))).toEqual({ status: 412, code: 'PreconditionFailed' });
    expect(await read(key)).toBe('first');
  });

  it('lets exactly one of twelve concurrent If-None-Match: * PUTs of one key succeed, and keeps its bytes', async () => {
    const key = 'editions/pending/2026-06-02/1780000000000-0';
    const bodies = Array.from({ length: 12 }, (_, i) => `act ${i} `.repeat(2000 + i));
    const outcomes = await Promise.all(bodies.map((body) => outcome(put(key, body, { IfNoneMatch: '*' }))));
    const won = outcomes.flatMap((o, i) => (o.status === 200 ? [i] : []));
    expect(won).toHaveLength(1);
    expect(outcomes.filter((o) => o.status !== 200)).toEqual(Array(11).fill({ status: 412, code: 'PreconditionFailed' }));
    expect(await read(key)).toBe(bodies[won[0]!]);
  });

  it('writes If-Match the current ETag, answers 412 for another ETag and 404 NoSuchKey where there is no object', async () => {
    const key = 'editions/index.json';
    const first = await put(key, '{"v":1}');
    expect(await outcome(put(key, '{"v":2}', { IfMatch: '"0123456789abcdef0123456789abcdef"' }))).toEqual({ status: 412, code: 'PreconditionFailed' });
    expect(await read(key)).toBe('{"v":1}');
    expect(await outcome(put(key, '{"v":2}', { IfMatch: first.ETag! }))).toEqual({ status: 200, code: 'OK' });
    expect(await read(key)).toBe('{"v":2}');
    // The ETag read before the second write no longer names the object.
    expect(await outcome(put(key, '{"v":3}', { IfMatch: first.ETag! }))).toEqual({ status: 412, code: 'PreconditionFailed' });
    expect(await outcome(put('editions/none.json', '{}', { IfMatch: first.ETag! }))).toEqual({ status: 404, code: 'NoSuchKey' });
  });

  it('refuses a condition it would not honour: on a copy, on a multipart step, and If-None-Match other than *', async () => {
    const url = `${cloud.s3Endpoint}/${EDITIONS_BUCKET}/editions/pending/2026-06-04/1780000000000-0`;
    const refused = async (init: RequestInit) => {
      const res = await fetch(url.replace(/-0$/, init.method === 'POST' ? '-0?uploadId=abc' : '-0'), init);
      return { status: res.status, code: /<Code>(\w+)<\/Code>/.exec(await res.text())?.[1] };
    };
    const answer = { status: 400, code: 'InvalidArgument' };
    expect(await refused({ method: 'PUT', headers: { 'if-none-match': '"0123"' }, body: 'x' })).toEqual(answer);
    expect(await refused({ method: 'PUT', headers: { 'if-none-match': '*', 'x-amz-copy-source': `/${EDITIONS_BUCKET}/editions/index.json` } })).toEqual(answer);
    expect(await refused({ method: 'POST', headers: { 'if-none-match': '*' }, body: '<CompleteMultipartUpload/>' })).toEqual(answer);
    await expect(read('editions/pending/2026-06-04/1780000000000-0')).rejects.toThrow();
  });

  it('lets one of two writers that read the same ETag replace the object (the index and history writes)', async () => {
    const store = new S3ObjectStore(s3, EDITIONS_BUCKET);
    const key = 'editions/2026-06-03/history.json';
    await store.put(key, '{"publications":[]}', 'application/json');
    const etag = (await store.head(key))!.etag;
    const written = await Promise.all([
      store.putIfUnchanged(key, '{"publications":["a"]}', 'application/json', etag),
      store.putIfUnchanged(key, '{"publications":["b"]}', 'application/json', etag),
    ]);
    expect(written.filter(Boolean)).toHaveLength(1);
    expect(await read(key)).toBe(written[0] ? '{"publications":["a"]}' : '{"publications":["b"]}');
    expect(await store.putIfUnchanged('editions/pending/2026-06-03/1780000000000-0', '{}', 'application/json', undefined)).toBe(true);
    expect(await store.putIfUnchanged('editions/pending/2026-06-03/1780000000000-0', '{}', 'application/json', undefined)).toBe(false);
  });
});
