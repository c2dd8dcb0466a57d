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

describe('S3ObjectStore.get of a judged version', () => {
  /** An S3 endpoint on localhost whose GET answers are `answer`'s; records the If-Match asked and the bytes it sent. */
  async function endpoint(answer: (res: import('node:http').ServerResponse) => void) {
    const { createServer } = await import('node:http');
    const { createS3Client } = await import('../../lambdas/adapters/s3-store');
    const asked: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      asked.push(req.headers['if-match'] as string | undefined);
      answer(res);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    const client = createS3Client({ endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    return { store: new S3ObjectStore(client, 'content'), asked, close: () => server.close() };
  }
  const judged = { etag: '"abc"', size: 16 };

  it('asks for the ETag judged (If-Match) and returns the object that is that version', async () => {
    const s3 = await endpoint((res) => res.writeHead(200, { ETag: '"abc"', 'Content-Length': '5' }).end('hello'));
    try {
      expect(new TextDecoder().decode((await s3.store.get('articles/2026-03-14/a.md', { etag: 'abc', size: 5 }))!.body)).toBe('hello');
      expect(await s3.store.get('articles/2026-03-14/a.md')).toMatchObject({ etag: '"abc"' });
      expect(s3.asked).toEqual(['"abc"', undefined]);
    } finally {
      s3.close();
    }
  });

  it('answers undefined when S3 refuses the condition (412): the object changed since it was judged', async () => {
    const s3 = await endpoint((res) => res.writeHead(412, { 'Content-Type': 'application/xml' }).end('<Error><Code>PreconditionFailed</Code></Error>'));
    try {
      expect(await s3.store.get('articles/2026-03-14/a.md', judged)).toBeUndefined();
    } finally {
      s3.close();
    }
  });

  it('drops another version sent by a store that ignores If-Match (s3rver), and a body longer than judged, unread past the size', async () => {
    const other = await endpoint((res) => res.writeHead(200, { ETag: '"def"', 'Content-Length': '5' }).end('hello'));
    try {
      expect(await other.store.get('articles/2026-03-14/a.md', judged)).toBeUndefined();
    } finally {
      other.close();
    }
    // The judged ETag, but 64 MiB sent without a length: the client stops reading after 16 bytes.
    let sent = 0;
    const total = 64 * 1024 * 1024;
    const longer = await endpoint((res) => {
      res.writeHead(200, { ETag: '"abc"' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const more = () => {
        while (sent < total && !res.destroyed) {
          sent += chunk.byteLength;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    try {
      expect(await longer.store.get('articles/2026-03-14/a.md', judged)).toBeUndefined();
      expect(sent).toBeLessThan(total);
    } finally {
      longer.close();
    }
  });
});
