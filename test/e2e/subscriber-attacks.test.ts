/**
 * The 82nd round's attack on the subscriber side (docs/ARCHITECTURE.md, "Attacks tried"), against
 * both ways the API runs: `epaper dev`'s API port (raw HTTP requests) and the Lambda function's
 * entry point (lambdas/handlers/api.ts, handed HTTP API v2 events, its JWKS fetched over HTTP and
 * its bucket read through the S3 SDK from `epaper dev`'s local S3). One edition store for both:
 * a published date, a date with only a proof, a withdrawn date. Each attack must end the same way
 * on both: forged, confused, expired, early or foreign tokens, a token in the query string, path
 * traversal and encoded separators in every route parameter, huge and malformed searches, share
 * links to what subscribers are not served, expired presigned links, and the newsroom's file names.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createHmac } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS_BUCKET, startDevCloud, type DevCloud } from '../../bin/dev';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../lambdas/adapters/dev-auth';
import { silentLogger } from '../../lambdas/adapters/logger';
import { readerArticle, readerPaths } from '../../lambdas/core/reader';
import { fakeBuilder } from '../handlers/fake-builder';

const PUBLISHED = '2019-12-04';
const PROOF_ONLY = '2019-12-05';
const WITHDRAWN = '2019-12-06';
/** A withdrawal cut short after its history line: the pointer still stands, the index still lists it. */
const CUT_SHORT = '2019-12-07';
const SHARE_SECRET = 'a-share-secret-of-the-lambda-at-least-32-chars';

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

let base: string;
let dev: DevCloud;
let s3: S3Client;
let jwks: Server;
let lambda: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
let devKey: { privateJwk: JWK; publicJwk: JWK };
const savedEnv = { ...process.env };

/** A story of `date`'s version `fp`, its reader file and manifest line (its source named as a newsroom names files). */
function edition(date: string, fp: string, slug: string, headline: string) {
  const story = readerArticle(
    { slug, headline, section: 'News', priority: 3, language: 'en', source: `tips/${slug}-informant-call-notes.md`, format: 'markdown', body: [{ kind: 'paragraph', runs: [{ text: `${headline}: the story's text.` }] }] },
    [1],
    undefined,
  );
  const files = { [readerPaths.article(slug)]: JSON.stringify(story), 'edition.pdf': `%PDF-1.4 ${fp}` };
  const manifest = {
    date, pdf: 'edition.pdf', pageCount: 1, fingerprint: fp, version: `versions/${fp}/`, paper: 'The Test Times', edition: 'Daily', generatedBy: 'test',
    pages: [{ number: 1, section: 'News', articles: [slug], fill: 0.5 }],
    articles: [{ slug, headline, section: 'News', source: `tips/${slug}-informant-call-notes.md`, photo: 'IMG_0042-home-of-the-informant.jpg', figures: ['IMG_0043.jpg'], pages: [1] }],
    rejected: [], warnings: [], held: [], files: Object.fromEntries(Object.entries(files).map(([path, body]) => [path, { bytes: body.length, sha256: 'x' }])),
  };
  return { files, manifest };
}

async function put(key: string, body: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: EDITIONS_BUCKET, Key: key, Body: body }));
}

/** A raw request to `epaper dev`'s API port, the path sent exactly as written. */
function devCall(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const port = Number(new URL(dev.apiUrl).port);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, 'content-length': '0', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The same request as API Gateway hands it to the Lambda function (payload 2.0: query and cookies apart). */
async function lambdaCall(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const at = path.indexOf('?');
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const { cookie, ...rest } = lower;
  const event = {
    rawPath: at < 0 ? path : path.slice(0, at),
    rawQueryString: at < 0 ? '' : path.slice(at + 1),
    headers: rest,
    ...(cookie ? { cookies: cookie.split('; ') } : {}),
    requestContext: { http: { method } },
  } as unknown as APIGatewayProxyEventV2;
  const result = await lambda(event);
  return { status: result.statusCode ?? 0, headers: (result.headers ?? {}) as Record<string, string>, body: String(result.body ?? '') };
}

/** The request on both, their answers side by side. */
async function both(method: string, path: string, headers: Record<string, string> = {}): Promise<{ dev: Answer; lambda: Answer }> {
  return { dev: await devCall(method, path, headers), lambda: await lambdaCall(method, path, headers) };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A token as the development pool signs one, with `change` made to its claims or header. */
async function token(change: { claims?: Record<string, unknown>; header?: Record<string, unknown>; key?: CryptoKey | Uint8Array; alg?: string; audience?: string; issuer?: string; expires?: number | string; notBefore?: number } = {}): Promise<string> {
  const key = change.key ?? ((await importJWK(devKey.privateJwk, 'ES256')) as CryptoKey);
  let jwt = new SignJWT({ token_use: 'id', ...change.claims })
    .setProtectedHeader({ alg: change.alg ?? 'ES256', kid: devKey.publicJwk.kid, typ: 'JWT', ...change.header })
    .setIssuer(change.issuer ?? DEV_ISSUER)
    .setAudience(change.audience ?? DEV_AUDIENCE)
    .setSubject('attacker')
    .setIssuedAt(typeof change.claims?.iat === 'number' ? change.claims.iat : undefined)
    .setExpirationTime(change.expires ?? '10m');
  if (change.notBefore !== undefined) jwt = jwt.setNotBefore(change.notBefore);
  return jwt.sign(key);
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'epaper-subscriber-attacks-'));
  dev = await startDevCloud({ dir: join(base, 'cloud'), s3Port: 0, apiPort: 0, interactive: false, logger: silentLogger, thumbnailWidthPx: 0, build: fakeBuilder() });
  await dev.settled();
  s3 = new S3Client({ endpoint: dev.s3Endpoint, region: 'eu-west-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });

  // Published: pointer, version, index.
  const published = edition(PUBLISHED, 'fp1', 'flood-story', 'Floods reach the delta');
  for (const [path, body] of Object.entries(published.files)) await put(`editions/${PUBLISHED}/versions/fp1/${path}`, body);
  await put(`editions/${PUBLISHED}/versions/fp1/manifest.json`, JSON.stringify(published.manifest));
  await put(`editions/${PUBLISHED}/manifest.json`, JSON.stringify(published.manifest));
  await put('editions/index.json', JSON.stringify({ editions: [
    { date: PUBLISHED, fingerprint: 'fp1', pageCount: 1, paper: 'The Test Times', headline: 'Floods reach the delta' },
    { date: CUT_SHORT, fingerprint: 'fp4', pageCount: 1, paper: 'The Test Times', headline: 'A story pulled as the process died' },
  ] }));
  // A proof no editor has published (a story under embargo until its publishAt, say).
  const proof = edition(PROOF_ONLY, 'fp2', 'embargoed-story', 'Under embargo until noon');
  for (const [path, body] of Object.entries(proof.files)) await put(`editions/${PROOF_ONLY}/versions/fp2/${path}`, body);
  await put(`editions/${PROOF_ONLY}/proof.json`, JSON.stringify({ ...proof.manifest, proofedAt: '2019-12-05T01:00:00.000Z', publishAt: '2019-12-05T12:00:00.000Z' }));
  // Withdrawn by an editor: its version stays, its pointer is gone.
  const withdrawn = edition(WITHDRAWN, 'fp3', 'libel-story', 'A story pulled for libel');
  for (const [path, body] of Object.entries(withdrawn.files)) await put(`editions/${WITHDRAWN}/versions/fp3/${path}`, body);
  await put(`editions/${WITHDRAWN}/history.json`, JSON.stringify({ date: WITHDRAWN, publications: [
    { version: 'fp3', publishedAt: '2019-12-06T05:00:00.000Z', action: 'publish', changedArticles: [] },
    { version: 'fp3', publishedAt: '2019-12-06T09:00:00.000Z', action: 'withdraw', changedArticles: [] },
  ] }));

  // A withdrawal killed after its history line (its pending-repair marker, then the line; the index line, the copy and the pointer still to go).
  const cut = edition(CUT_SHORT, 'fp4', 'pulled-story', 'A story pulled as the process died');
  for (const [path, body] of Object.entries(cut.files)) await put(`editions/${CUT_SHORT}/versions/fp4/${path}`, body);
  await put(`editions/${CUT_SHORT}/manifest.json`, JSON.stringify(cut.manifest));
  await put(`editions/pending/${CUT_SHORT}/1575709200000-0`, JSON.stringify({ date: CUT_SHORT, startedAt: '2019-12-07T09:00:00.000Z' }));
  await put(`editions/${CUT_SHORT}/history.json`, JSON.stringify({ date: CUT_SHORT, publications: [
    { version: 'fp4', publishedAt: '2019-12-07T05:00:00.000Z', action: 'publish', changedArticles: [] },
    { version: 'fp4', publishedAt: '2019-12-07T09:00:00.000Z', action: 'withdraw', changedArticles: [] },
  ] }));

  // The Lambda function: the development pool's keys served as a JWKS, the bucket read from the local S3.
  devKey = JSON.parse(await readFile(join(base, 'cloud', 'dev-key.json'), 'utf8'));
  const keys = JSON.stringify({ keys: [devKey.publicJwk] });
  jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(keys));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    EDITIONS_BUCKET,
    JWT_ISSUER: DEV_ISSUER,
    JWT_AUDIENCE: DEV_AUDIENCE,
    TOKEN_USE: 'id',
    JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
    SHARE_SECRET,
    LINK_LIFETIME_SECONDS: '120',
    AWS_ENDPOINT_URL_S3: dev.s3Endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'lambda',
    AWS_SECRET_ACCESS_KEY: 'lambda',
  });
  lambda = (await import('../../lambdas/handlers/api')).handler;
}, 60_000);

afterAll(async () => {
  process.env = savedEnv;
  s3?.destroy();
  await new Promise((resolve) => (jwks ? jwks.close(resolve) : resolve(undefined)));
  await dev?.stop();
  if (base) await rm(base, { recursive: true, force: true });
});

describe('tokens', () => {
  it('serves the development tokens on both', async () => {
    const answers = await both('GET', '/editions', bearer(dev.token));
    expect([answers.dev.status, answers.lambda.status]).toEqual([200, 200]);
    expect(JSON.parse(answers.lambda.body).editions.map((e: { date: string }) => e.date)).toEqual([PUBLISHED]);
  });

  it('refuses a forged, confused, expired, early or foreign token with 401 on both', async () => {
    const attacker = await generateKeyPair('ES256', { extractable: true });
    const attackerJwk = { ...(await exportJWK(attacker.publicKey)), kid: devKey.publicJwk.kid };
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const tokens: [string, string][] = [
      ['unsigned (alg none)', `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ iss: DEV_ISSUER, aud: DEV_AUDIENCE, sub: 'x', token_use: 'id', exp: now + 600, 'cognito:groups': ['editors'] })}.`],
      // Key confusion: HS256 "signed" with the public key the JWKS publishes, as its text and as its bytes.
      ['HS256 with the public JWK as the secret', await token({ alg: 'HS256', key: new TextEncoder().encode(JSON.stringify(devKey.publicJwk)) })],
      ['HS256 with the public key\'s x as the secret', await token({ alg: 'HS256', key: Buffer.from(String(devKey.publicJwk.x), 'base64url') })],
      // The attacker's own key handed along in the header (jwk), or named by an address (jku).
      ['signed by a key embedded in its header', await token({ key: attacker.privateKey, header: { jwk: attackerJwk } })],
      ['signed by a key its jku names', await token({ key: attacker.privateKey, header: { jku: 'https://attacker.example/jwks.json' } })],
      ['expired', await token({ expires: now - 60 })],
      ['not valid for an hour yet (nbf)', await token({ notBefore: now + 3600 })],
      ['dated a day ahead (iat)', await token({ claims: { iat: now + 86_400 }, expires: now + 2 * 86_400 })],
      ["another paper's (audience)", await token({ audience: 'the-other-paper' })],
      ["another pool's (issuer)", await token({ issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other' })],
      ['an access token where ID tokens are taken', await token({ claims: { token_use: 'access' } })],
    ];
    for (const [name, jwt] of tokens) {
      const answers = await both('GET', `/editions/${PUBLISHED}`, bearer(jwt));
      expect([answers.dev.status, answers.lambda.status], name).toEqual([401, 401]);
      expect(answers.lambda.body, name).not.toContain('Floods');
    }
  });

  it('never reads a token from the query string, so none is asked to put it where logs and Referer keep it', async () => {
    for (const name of ['access_token', 'id_token', 'token', 'authorization']) {
      const answers = await both('GET', `/editions/${PUBLISHED}?${name}=${dev.token}`);
      expect([answers.dev.status, answers.lambda.status], name).toEqual([401, 401]);
      expect(answers.dev.body).not.toContain(dev.token);
    }
    // The reader's pages and every answer with a link in it tell the browser to send no Referer.
    const page = await both('GET', '/');
    expect([page.dev.headers['referrer-policy'], page.lambda.headers['referrer-policy']]).toEqual(['no-referrer', 'no-referrer']);
    const pdf = await both('GET', `/editions/${PUBLISHED}/edition.pdf`, bearer(dev.token));
    expect([pdf.dev.status, pdf.lambda.status]).toEqual([302, 302]);
    expect([pdf.dev.headers['referrer-policy'], pdf.lambda.headers['referrer-policy']]).toEqual(['no-referrer', 'no-referrer']);
  });
});

describe('route parameters', () => {
  const EVIL = ['..', '.', '%2e%2e', '..%2F..%2Findex.json', '%2F', 'a%2Fb', '%5C..%5C', '%00', `${PUBLISHED}%2F..`, `${PUBLISHED}%00`, '2019-12-04%2Fversions%2Ffp1', 'flood-story%2F..%2F..%2Fmanifest', '%252e%252e', 'FLOOD-STORY', '%EF%AC%82ood-story'];

  it('answers 400 or 404 to traversal and encoded separators in every parameter, on both, and serves nothing', async () => {
    const routes = (v: string): [string, string, Record<string, string>][] => [
      ['GET', `/editions/${v}`, bearer(dev.token)],
      ['GET', `/editions/${v}/edition.pdf`, bearer(dev.editorToken)],
      ['GET', `/editions/${PUBLISHED}/pages/${v}`, bearer(dev.token)],
      ['GET', `/editions/${PUBLISHED}/articles/${v}`, bearer(dev.token)],
      ['GET', `/editions/${PUBLISHED}/articles/${v}/share`, bearer(dev.token)],
      ['GET', `/editions/${PUBLISHED}/fonts/${v}`, bearer(dev.token)],
      ['GET', `/search?q=floods&date=${v}`, bearer(dev.token)],
      ['GET', `/shared/${v}`, {}],
      ['POST', `/editions/${v}/publish`, bearer(dev.editorToken)],
      ['POST', `/editions/${PUBLISHED}/rollback?version=${v}`, bearer(dev.editorToken)],
    ];
    for (const value of EVIL) {
      for (const [method, path, headers] of routes(value)) {
        const answers = await both(method, path, headers);
        expect([400, 404], `${method} ${path} (dev: ${answers.dev.status})`).toContain(answers.dev.status);
        expect([400, 404], `${method} ${path} (lambda: ${answers.lambda.status})`).toContain(answers.lambda.status);
        for (const answer of [answers.dev, answers.lambda]) expect(answer.body, path).not.toMatch(/Floods reach|%PDF|"editions":/);
      }
    }
  });

  it('answers a huge or malformed search with 400 or a search, never a 500, on both', async () => {
    const queries = [`q=${'a'.repeat(201)}`, `q=${'%E2%80%AE'.repeat(60)}`, 'q=%', 'q=%E0%A4%A', 'q=%00', 'q=floods&q=delta', `q=${encodeURIComponent('(a|a)*'.repeat(30))}`, `q=floods&date=${'9'.repeat(4000)}`, `q=${'x+'.repeat(99)}`];
    for (const query of queries) {
      const answers = await both('GET', `/search?${query}`, bearer(dev.token));
      expect([200, 400], `${query.slice(0, 40)} (dev ${answers.dev.status})`).toContain(answers.dev.status);
      expect(answers.lambda.status, query.slice(0, 40)).toBe(answers.dev.status);
    }
    // A query string longer than a request line may be is refused by the server itself (Node's limit is 16 KiB of headers).
    expect((await devCall('GET', `/search?q=${'a'.repeat(20_000)}`, bearer(dev.token))).status).toBe(431);
  });
});

describe('what subscribers are not served', () => {
  it("gives subscribers no input file names of the newsroom's (source, photo, figures); editors keep them", async () => {
    const answers = await both('GET', `/editions/${PUBLISHED}`, bearer(dev.token));
    for (const answer of [answers.dev, answers.lambda]) {
      expect(answer.status).toBe(200);
      expect(answer.body).not.toMatch(/informant|IMG_004/);
      expect(JSON.parse(answer.body).articles).toEqual([{ slug: 'flood-story', headline: 'Floods reach the delta', section: 'News', pages: [1] }]);
    }
    const editor = await devCall('GET', `/editions/${PUBLISHED}`, bearer(dev.editorToken));
    expect(JSON.parse(editor.body).articles[0]).toMatchObject({ source: 'tips/flood-story-informant-call-notes.md', photo: 'IMG_0042-home-of-the-informant.jpg' });
  });

  it('makes no share link of a story subscribers are not served, for an editor either: an unpublished proof, a withdrawn date', async () => {
    for (const [date, slug, caller] of [[PROOF_ONLY, 'embargoed-story', dev.editorToken], [PROOF_ONLY, 'embargoed-story', dev.token], [WITHDRAWN, 'libel-story', dev.editorToken], [WITHDRAWN, 'libel-story', dev.token]] as const) {
      const answers = await both('GET', `/editions/${date}/articles/${slug}/share`, bearer(caller));
      expect([answers.dev.status, answers.lambda.status], `${date} ${slug}`).toEqual([404, 404]);
      expect(answers.dev.body).not.toContain('/shared/');
    }
    // The editor is told why.
    expect(JSON.parse((await devCall('GET', `/editions/${PROOF_ONLY}/articles/embargoed-story/share`, bearer(dev.editorToken))).body).message).toMatch(/not published yet/);
    // A subscriber's link to a published story opens without a token, on the server that signed it.
    const devLink = JSON.parse((await devCall('GET', `/editions/${PUBLISHED}/articles/flood-story/share`, bearer(dev.token))).body).url as string;
    const lambdaLink = JSON.parse((await lambdaCall('GET', `/editions/${PUBLISHED}/articles/flood-story/share`, bearer(dev.token))).body).url as string;
    expect((await devCall('GET', devLink)).body).toContain('Floods reach the delta');
    expect((await lambdaCall('GET', lambdaLink)).body).toContain('Floods reach the delta');
    // Each server's links are its own: the other's signature is worth nothing.
    expect((await lambdaCall('GET', devLink)).status).toBe(404);
    expect((await devCall('GET', lambdaLink)).status).toBe(404);
  });

  it('opens no story of an unpublished proof or a withdrawn date through a link signed with the key itself', async () => {
    // The strongest attacker of links: one holding the Lambda's key signs any link it likes.
    const sign = (payload: string) => `/shared/${payload}.${createHmac('sha256', SHARE_SECRET).update(payload).digest('base64url')}`;
    const later = Math.floor(Date.now() / 1000) + 3600;
    for (const [date, slug] of [[PROOF_ONLY, 'embargoed-story'], [WITHDRAWN, 'libel-story']]) {
      const opened = await lambdaCall('GET', sign(`${date}.${slug}.${later}`));
      expect(opened.status, date).toBe(404);
      expect(opened.body).not.toMatch(/embargo until noon|pulled for libel/);
    }
    // Replayed after its week, or its expiry moved on: refused.
    const expired = await lambdaCall('GET', sign(`${PUBLISHED}.flood-story.${Math.floor(Date.now() / 1000) - 60}`));
    expect(expired.status).toBe(410);
    const link = JSON.parse((await lambdaCall('GET', `/editions/${PUBLISHED}/articles/flood-story/share`, bearer(dev.token))).body).url as string;
    expect((await lambdaCall('GET', link.replace(/\.(\d+)\./, (_m, e) => `.${Number(e) + 86_400 * 365}.`))).status).toBe(404);
  });

  it('serves no page, article or PDF of a proof or a withdrawn date to subscribers, on both', async () => {
    for (const date of [PROOF_ONLY, WITHDRAWN]) {
      for (const path of [`/editions/${date}`, `/editions/${date}/edition.pdf`, `/editions/${date}/pages/1`, `/editions/${date}/articles/${date === PROOF_ONLY ? 'embargoed-story' : 'libel-story'}`]) {
        const answers = await both('GET', path, bearer(dev.token));
        expect([answers.dev.status, answers.lambda.status], path).toEqual([404, 404]);
      }
      const search = await both('GET', `/search?q=embargo+libel&date=${date}`, bearer(dev.token));
      expect(JSON.parse(search.lambda.body).hits).toEqual([]);
      expect(JSON.parse(search.dev.body).hits).toEqual([]);
    }
  });
});

describe('a withdrawal cut short after its history line', () => {
  it('is served to no subscriber, by a direct or a shared link either, on both; the desk still sees it', async () => {
    expect(JSON.parse((await lambdaCall('GET', '/editions', bearer(dev.token))).body).editions.map((e: { date: string }) => e.date)).toEqual([PUBLISHED]);
    for (const path of [`/editions/${CUT_SHORT}`, `/editions/${CUT_SHORT}/edition.pdf`, `/editions/${CUT_SHORT}/pages/1`, `/editions/${CUT_SHORT}/articles/pulled-story`, `/editions/${CUT_SHORT}/articles/pulled-story/share`]) {
      const answers = await both('GET', path, bearer(dev.token));
      expect([answers.dev.status, answers.lambda.status], path).toEqual([404, 404]);
    }
    // A link shared before the withdrawal (signed with the Lambda's key) opens nothing now.
    const payload = `${CUT_SHORT}.pulled-story.${Math.floor(Date.now() / 1000) + 3600}`;
    const shared = await lambdaCall('GET', `/shared/${payload}.${createHmac('sha256', SHARE_SECRET).update(payload).digest('base64url')}`);
    expect(shared.status).toBe(404);
    expect(shared.body).not.toContain('pulled as the process died');
    const search = await both('GET', `/search?q=pulled&date=${CUT_SHORT}`, bearer(dev.token));
    expect([JSON.parse(search.dev.body).hits, JSON.parse(search.lambda.body).hits]).toEqual([[], []]);
    // The desk sees what stands, to finish or undo it.
    expect((await devCall('GET', `/editions/${CUT_SHORT}`, bearer(dev.editorToken))).status).toBe(200);
  });
});

describe('signed download links', () => {
  it('sends the PDF of the served version only, for a short while, and the local S3 refuses a link replayed after it', async () => {
    const answers = await both('GET', `/editions/${PUBLISHED}/edition.pdf`, { ...bearer(dev.token), accept: 'application/json' });
    const lambdaLink = new URL(JSON.parse(answers.lambda.body).url);
    expect(lambdaLink.pathname).toBe(`/${EDITIONS_BUCKET}/editions/${PUBLISHED}/versions/fp1/edition.pdf`);
    expect(lambdaLink.searchParams.get('X-Amz-Expires')).toBe('120');
    // Every response header the link asks S3 for is part of what is signed (the query), as on S3.
    expect(lambdaLink.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(lambdaLink.searchParams.get('response-content-disposition')).toBe('inline; filename="the-test-times-2019-12-04.pdf"');
    expect(await (await fetch(lambdaLink)).text()).toBe('%PDF-1.4 fp1');
    // A link signed two hours ago for five minutes: replayed now, it is refused.
    const signedEarlier = await getSignedUrl(s3, new GetObjectCommand({ Bucket: EDITIONS_BUCKET, Key: `editions/${PUBLISHED}/versions/fp1/edition.pdf` }), { expiresIn: 300, signingDate: new Date(Date.now() - 2 * 3600 * 1000) });
    const replayed = await fetch(signedEarlier);
    expect(replayed.status, await replayed.clone().text()).toBe(403);
    expect(await replayed.text()).toContain('Request has expired');
  });
});
