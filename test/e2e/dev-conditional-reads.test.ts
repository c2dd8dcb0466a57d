/**
 * The embedded S3 endpoint honours a GET's and a HEAD's conditions as S3 does: If-Match naming
 * another ETag (or If-Unmodified-Since before the last change) is 412 PreconditionFailed, and
 * If-None-Match naming the object's ETag (quoted or not, in a list, or `*`; or If-Modified-Since
 * not before the last change) is 304 Not Modified, with no body. s3rver ignored If-Match and
 * If-Unmodified-Since (it served whatever stood) and matched If-None-Match only against the quoted
 * ETag alone; and every 304 it gave left the object's file open.
 *
 * The pipeline relies on it: ingest and the render's snapshot read an upload If-Match the ETag they
 * judged (ObjectStore.get with `judged`), so that a file replaced after its listing is never read as
 * the version judged; on the local cloud only the adapter's second look stopped it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_BUCKET, readConditionAnswer, type DevCloud } from '../../bin/dev';
import { startQuietDevCloud } from '../support/quiet-dev-cloud';

describe('the embedded S3 endpoint, conditional GETs and HEADs', () => {
  let dir: string;
  let cloud: DevCloud;
  let s3: S3Client;
  let etag: string;
  const key = 'articles/2026-06-01/story.md';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-conditional-reads-'));
    ({ cloud, s3 } = await startQuietDevCloud(dir));
    etag = (await s3.send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: key, Body: 'the story as judged', ContentType: 'text/markdown' }))).ETag!;
  });
  afterAll(async () => {
    s3?.destroy();
    await cloud?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const url = () => `${cloud.s3Endpoint}/${CONTENT_BUCKET}/${key}`;
  /** The status, the code of an error's body and the body's length. */
  const answer = async (headers: Record<string, string>, method = 'GET') => {
    const res = await fetch(url(), { method, headers });
    const text = await res.text();
    return { status: res.status, code: /<Code>(\w+)<\/Code>/.exec(text)?.[1], length: text.length };
  };
  const OTHER = '"0123456789abcdef0123456789abcdef"';
  const unquoted = () => etag.replace(/"/g, '');

  it('answers a GET If-Match another ETag 412 PreconditionFailed, and serves it If-Match its own', async () => {
    expect(await answer({ 'if-match': OTHER })).toMatchObject({ status: 412, code: 'PreconditionFailed' });
    expect(await answer({ 'if-match': etag })).toEqual({ status: 200, code: undefined, length: 'the story as judged'.length });
    expect(await answer({ 'if-match': `${OTHER}, ${etag}` })).toMatchObject({ status: 200 });
    expect(await answer({ 'if-match': '*' })).toMatchObject({ status: 200 });
    expect((await answer({ 'if-match': OTHER }, 'HEAD')).status).toBe(412);
  });

  it('answers a GET or HEAD If-None-Match its ETag 304 with no body, however the ETag is written', async () => {
    for (const written of [etag, unquoted(), `${OTHER}, ${etag}`, `W/${etag}`, '*']) {
      expect(await answer({ 'if-none-match': written }), written).toEqual({ status: 304, code: undefined, length: 0 });
      expect((await answer({ 'if-none-match': written }, 'HEAD')).status, written).toBe(304);
    }
    expect(await answer({ 'if-none-match': OTHER })).toMatchObject({ status: 200, length: 'the story as judged'.length });
  });

  it('judges If-Unmodified-Since and If-Modified-Since by the last change, each second to the second', async () => {
    const long = new Date(Date.now() - 3_600_000).toUTCString();
    const later = new Date(Date.now() + 3_600_000).toUTCString();
    expect(await answer({ 'if-unmodified-since': long })).toMatchObject({ status: 412, code: 'PreconditionFailed' });
    expect(await answer({ 'if-unmodified-since': later })).toMatchObject({ status: 200 });
    // If-Match that holds wins over If-Unmodified-Since, as S3 has it.
    expect(await answer({ 'if-match': etag, 'if-unmodified-since': long })).toMatchObject({ status: 200 });
    expect(await answer({ 'if-modified-since': later })).toMatchObject({ status: 304 });
    expect(await answer({ 'if-modified-since': long })).toMatchObject({ status: 200 });
    // If-None-Match that does not match is answered with the object, whatever If-Modified-Since says.
    expect(await answer({ 'if-none-match': OTHER, 'if-modified-since': later })).toMatchObject({ status: 200 });
  });

  it("stops the adapter's read of a version replaced since it was judged at the endpoint itself", async () => {
    const judged = await s3.send(new GetObjectCommand({ Bucket: CONTENT_BUCKET, Key: key, IfMatch: etag }));
    await judged.Body!.transformToString();
    await s3.send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: key, Body: 'replaced after the listing', ContentType: 'text/markdown' }));
    const stale = await s3.send(new GetObjectCommand({ Bucket: CONTENT_BUCKET, Key: key, IfMatch: etag })).then(
      () => 200,
      (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode,
    );
    expect(stale).toBe(412);
    etag = (await s3.send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: key, Body: 'the story as judged', ContentType: 'text/markdown' }))).ETag!;
  });

  it('closes the file it opened for each 304 and 412 (the open files do not grow with the answers)', async () => {
    // The store's files this process holds open (sockets and the rest left out).
    const openFiles = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
        } catch {
          return false;
        }
      }).length;
    const current = (await fetch(url(), { method: 'HEAD' })).headers.get('etag')!;
    const ask = async (times: number) => {
      for (let i = 0; i < times; i++) {
        await answer({ 'if-none-match': current });
        await answer({ 'if-match': OTHER });
      }
    };
    await ask(10);
    const before = openFiles();
    await ask(100);
    expect(openFiles() - before).toBeLessThan(5);
  });

  it('reads the conditions as RFC 7232 orders them', () => {
    const changed = new Date('2026-06-01T12:00:00.400Z');
    const at = (time: string) => new Date(time).toUTCString();
    expect(readConditionAnswer({}, '"abc"', changed)).toBe('serve');
    expect(readConditionAnswer({ 'if-match': '"abd"' }, '"abc"', changed)).toBe('precondition-failed');
    expect(readConditionAnswer({ 'if-match': '"abc"', 'if-none-match': 'abc' }, '"abc"', changed)).toBe('not-modified');
    // The same second as the change is not after it.
    expect(readConditionAnswer({ 'if-unmodified-since': at('2026-06-01T12:00:00Z') }, '"abc"', changed)).toBe('serve');
    expect(readConditionAnswer({ 'if-unmodified-since': at('2026-06-01T11:59:59Z') }, '"abc"', changed)).toBe('precondition-failed');
    expect(readConditionAnswer({ 'if-modified-since': at('2026-06-01T12:00:00Z') }, '"abc"', changed)).toBe('not-modified');
    expect(readConditionAnswer({ 'if-modified-since': 'yesterday' }, '"abc"', changed)).toBe('serve');
  });

  it("refuses a PUT whose body does not hash to its Content-MD5 (400 BadDigest), the object left as it was", async () => {
    const target = `${cloud.s3Endpoint}/${CONTENT_BUCKET}/articles/2026-06-01/digest.md`;
    const md5 = (text: string) => createHash('md5').update(text).digest('base64');
    const put = async (body: string, contentMd5: string) => {
      const res = await fetch(target, { method: 'PUT', headers: { 'content-md5': contentMd5, 'content-type': 'text/markdown' }, body });
      return { status: res.status, code: /<Code>(\w+)<\/Code>/.exec(await res.text())?.[1] };
    };
    expect(await put('as written', md5('as written'))).toEqual({ status: 200, code: undefined });
    expect(await put('torn on the way', md5('as sent'))).toEqual({ status: 400, code: 'BadDigest' });
    expect(await put('torn on the way', 'not-an-md5')).toEqual({ status: 400, code: 'InvalidDigest' });
    expect(await (await fetch(target)).text()).toBe('as written');
  });
});
