/**
 * `epaper dev` hands ingest only the newsroom's uploads, as the stack's S3 notification does (its
 * filter is the `articles/` prefix, lib/pipeline-stack.ts): the pipeline's own writes to the content
 * bucket (reports/, normalized/, rejected/) each went to ingest as well, which logged "ignored: key
 * is not under articles/<date>/" for every one of them, dozens to a render, in an ops engineer's log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_BUCKET, startDevCloud, type DevCloud } from '../../bin/dev';
import type { Logger } from '../../lambdas/core/ports';
import { fakeBuilder } from '../handlers/fake-builder';

const DATE = '2019-12-04';

let dir: string;
let dev: DevCloud;
let s3: S3Client;
const logged: { message: string; fields?: Record<string, unknown> }[] = [];
const recording: Logger = {
  info: (message, fields) => void logged.push({ message, fields }),
  warn: (message, fields) => void logged.push({ message, fields }),
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-dev-own-writes-'));
  dev = await startDevCloud({ dir, s3Port: 0, apiPort: 0, interactive: false, logger: recording, thumbnailWidthPx: 0, build: fakeBuilder() });
  await dev.settled();
  s3 = new S3Client({
    endpoint: dev.s3Endpoint,
    region: 'eu-west-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'newsroom', secretAccessKey: 'anything' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}, 120_000);

afterAll(async () => {
  s3?.destroy();
  await dev?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("epaper dev and the pipeline's own writes", () => {
  it('ingests an upload and writes its report, without handing ingest the report, the normalized article or the render', async () => {
    const article = '---\nheadline: Harbour opens at dawn\n---\n\nThe harbour opened at dawn for the first boats of the season.\n';
    await s3.send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: `articles/${DATE}/harbour.md`, Body: article, ContentType: 'text/markdown' }));
    await dev.settled();
    // The pipeline wrote its own objects to the content bucket: the upload's report at least.
    const report = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: CONTENT_BUCKET, Key: `reports/${DATE}/harbour.md.json` }))).Body!.transformToString());
    expect(report.status).toBe('accepted');
    const handedToIngest = logged.filter((line) => line.message.startsWith('ignored: key is not under articles/'));
    expect(handedToIngest.map((line) => line.fields?.key)).toEqual([]);
  }, 60_000);
});
