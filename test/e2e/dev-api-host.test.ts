/**
 * `epaper dev`'s API and reader port refuses what the local S3 refuses (requestFromAnotherSite):
 * a Host that names no loopback address (a page of another site whose name was re-pointed at
 * 127.0.0.1, DNS rebinding, is then the reader's and the desk's own origin) and a foreign Origin.
 * Until the 79th round only the S3 port did. The real server of `epaper dev`, raw HTTP requests.
 */
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCloud, type DevCloud } from '../../bin/dev';
import { silentLogger } from '../../lambdas/adapters/logger';
import { fakeBuilder } from '../handlers/fake-builder';

function raw(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { 'content-length': '0', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the local API and reader port', () => {
  let base: string;
  let dev: DevCloud;
  let port: number;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'epaper-api-host-'));
    dev = await startDevCloud({ dir: join(base, 'cloud'), s3Port: 0, apiPort: 0, interactive: false, logger: silentLogger, thumbnailWidthPx: 0, build: fakeBuilder() });
    port = Number(new URL(dev.apiUrl).port);
  });

  afterAll(async () => {
    await dev?.stop();
    await rm(base, { recursive: true, force: true });
  });

  it('answers a rebound name with 400, whatever the token, and its own names as before', async () => {
    const editor = { authorization: `Bearer ${dev.editorToken}` };
    for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, 'localhost.evil.example']) {
      const page = await raw(port, 'GET', '/', { host });
      expect(page.status, host).toBe(400);
      expect(JSON.parse(page.body).message).toContain('only requests addressed to 127.0.0.1 or localhost');
      expect((await raw(port, 'GET', '/editions', { host, ...editor })).status, host).toBe(400);
      expect((await raw(port, 'POST', '/editions/2019-12-04/withdraw', { host, ...editor })).status, host).toBe(400);
    }
    expect((await raw(port, 'GET', '/', { host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await raw(port, 'GET', '/desk', { host: `localhost:${port}` })).status).toBe(200);
    expect((await raw(port, 'GET', '/editions', { host: `127.0.0.1:${port}`, ...editor })).status).toBe(200);
  });

  it('answers a page of another site with 400, and the desk\'s own page as before', async () => {
    const editor = { authorization: `Bearer ${dev.editorToken}`, host: `127.0.0.1:${port}` };
    const foreign = await raw(port, 'POST', '/editions/2019-12-04/withdraw', { ...editor, origin: 'https://evil.example' });
    expect(foreign.status).toBe(400);
    expect(JSON.parse(foreign.body).message).toContain('no request from a web page of another site');
    // The desk's own POST reaches the API: nothing is published, so 404.
    expect((await raw(port, 'POST', '/editions/2019-12-04/withdraw', { ...editor, origin: `http://127.0.0.1:${port}` })).status).toBe(404);
  });
});
