/**
 * The S3 adapter's conditional write: what it asks S3 for, and how S3's refusals come back. The
 * embedded s3rver ignores conditions, so the request and the answers are checked at the client.
 */
import { PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../lambdas/adapters/s3-store';

/** A client that records each command and answers with `reply`. */
function recordingClient(reply: () => unknown) {
  const sent: PutObjectCommand[] = [];
  const client = {
    send: async (command: PutObjectCommand) => {
      sent.push(command);
      return reply();
    },
  } as unknown as S3Client;
  return { client, sent };
}

const refusal = (status: number, name: string) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });

describe('S3ObjectStore.putIfUnchanged', () => {
  it('asks for If-Match with the ETag read, or If-None-Match * when there was no object', async () => {
    const { client, sent } = recordingClient(() => ({}));
    const store = new S3ObjectStore(client, 'editions');
    expect(await store.putIfUnchanged('editions/index.json', '{}', 'application/json', '"abc"')).toBe(true);
    expect(await store.putIfUnchanged('editions/index.json', '{}', 'application/json', undefined)).toBe(true);
    expect(sent[0].input).toMatchObject({ Bucket: 'editions', Key: 'editions/index.json', IfMatch: '"abc"' });
    expect(sent[0].input.IfNoneMatch).toBeUndefined();
    expect(sent[1].input).toMatchObject({ IfNoneMatch: '*' });
    expect(sent[1].input.IfMatch).toBeUndefined();
  });

  it('answers false when S3 refuses the condition (412) or another conditional write is in flight (409)', async () => {
    for (const [status, name] of [[412, 'PreconditionFailed'], [409, 'ConditionalRequestConflict']] as const) {
      const { client } = recordingClient(() => {
        throw refusal(status, name);
      });
      expect(await new S3ObjectStore(client, 'editions').putIfUnchanged('k', 'v', 'text/plain', '"x"')).toBe(false);
    }
  });

  it('lets every other failure through', async () => {
    const { client } = recordingClient(() => {
      throw refusal(403, 'AccessDenied');
    });
    await expect(new S3ObjectStore(client, 'editions').putIfUnchanged('k', 'v', 'text/plain', '"x"')).rejects.toThrow('AccessDenied');
  });
});

describe('S3ObjectStore.put', () => {
  it('sends the body with its Content-MD5 on the wire, so that S3 refuses a body that arrived damaged', async () => {
    const { createServer } = await import('node:http');
    const { createHash } = await import('node:crypto');
    const { createS3Client } = await import('../../lambdas/adapters/s3-store');
    const seen: { md5?: string; body: Buffer }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ md5: req.headers['content-md5'] as string | undefined, body: Buffer.concat(chunks) });
        res.writeHead(200, { ETag: '"x"' }).end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const address = server.address() as { port: number };
      const client = createS3Client({ endpoint: `http://127.0.0.1:${address.port}`, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      const body = new TextEncoder().encode('%PDF-1.7 a version object');
      await new S3ObjectStore(client, 'editions').put('editions/2026-04-01/versions/f/edition.pdf', body, 'application/pdf');
      expect(seen).toHaveLength(1);
      expect(seen[0].body.toString('utf8')).toBe('%PDF-1.7 a version object');
      expect(seen[0].md5).toBe(createHash('md5').update(body).digest('base64'));
    } finally {
      server.close();
    }
  });
});
