import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevAuth } from '../../lambdas/adapters/dev-auth';
import { createJwtVerifier, createRoleVerifier } from '../../lambdas/adapters/jwt-verifier';
import { createS3Presigner } from '../../lambdas/adapters/s3-presigner';
import {
  createSubscriberApi,
  editionFileName,
  editionFileNameAsPrinted,
  PUBLISHED_READ_POLICY,
  type ApiRequest,
  type SubscriberApiDeps,
  type TokenVerifier,
} from '../../lambdas/core/subscriber-api';

const ISSUER = 'https://issuer.example/pool';
const AUDIENCE = 'epaper-reader-client';
const BUCKET = 'epaper-editions-test';
const KID = 'key-1';
const READER_PAGE = '<!doctype html><html><head><title>Reader</title></head><body>reader</body></html>';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let issuerKey: Key;
let strangerKey: Key;
let verifyToken: TokenVerifier;

// The real presigner with fake credentials: signing is local, so no network is involved.
const presign = createS3Presigner(
  new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'not-a-real-secret' } }),
  BUCKET,
);

beforeAll(async () => {
  const issuer = await generateKeyPair('ES256', { extractable: true });
  issuerKey = issuer.privateKey;
  strangerKey = (await generateKeyPair('ES256')).privateKey;
  const publicJwk = { ...(await exportJWK(issuer.publicKey)), kid: KID, alg: 'ES256', use: 'sig' };
  verifyToken = createJwtVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [publicJwk] } });
});

async function sign(
  claims: JWTPayload = {},
  { key = issuerKey, issuer = ISSUER, audience = AUDIENCE, expiresAt = '10m' as string | number, issuedAt = undefined as number | undefined } = {},
): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: KID })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject('subscriber-42')
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(key);
}

function manifestFor(date: string, thumbnails: (string | undefined)[] = []) {
  return {
    date,
    pdf: 'edition.pdf',
    pageCount: Math.max(1, thumbnails.length),
    fingerprint: `fp-${date}`,
    version: `versions/fp-${date}/`,
    paper: 'Viet Nam News',
    edition: 'National',
    generatedBy: 'test',
    pages: (thumbnails.length ? thumbnails : [undefined]).map((thumbnail, i) => ({
      number: i + 1,
      section: i === 0 ? 'Front' : 'World',
      articles: ['asean-un-relations'],
      fill: 0.9,
      ...(thumbnail ? { thumbnail } : {}),
    })),
    articles: [{ slug: 'asean-un-relations', headline: 'ASEAN and the UN', section: 'Front', source: 'a.txt', pages: [1] }],
    rejected: [],
    warnings: [],
  };
}

function bucketWith(objects: Record<string, unknown>): SubscriberApiDeps['editions'] {
  const store = new Map(Object.entries(objects).map(([k, v]) => [k, new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v))]));
  return { get: async (key) => store.get(key) };
}

const defaultBucket = bucketWith({
  // Deliberately not in date order: the API must sort.
  'editions/index.json': {
    editions: [
      { date: '2026-11-25', fingerprint: 'a', pageCount: 4, paper: 'VNS', headline: 'Older' },
      { date: '2026-11-27', fingerprint: 'c', pageCount: 6, paper: 'VNS', headline: 'Newest' },
      { date: 'not-a-date', fingerprint: 'x', pageCount: 1, paper: 'VNS', headline: 'Junk' },
      { date: '2025-12-31', fingerprint: 'z', pageCount: 2, paper: 'VNS', headline: 'Last year' },
      { date: '2026-11-26', fingerprint: 'b', pageCount: 5, paper: 'VNS', headline: 'Middle' },
    ],
  },
  'editions/2026-11-27/manifest.json': manifestFor('2026-11-27', [
    'versions/fp1/thumbnails/page-1.png',
    'versions/fp1/thumbnails/page-2.png',
    '../2026-11-26/secret.png',
  ]),
  'editions/2026-11-26/manifest.json': manifestFor('2026-11-26'),
});

function api(overrides: Partial<SubscriberApiDeps> = {}) {
  return createSubscriberApi({
    editions: defaultBucket,
    presign,
    verifyToken,
    readerPage: READER_PAGE,
    linkLifetimeSeconds: 120,
    ...overrides,
  });
}

function get(path: string, headers: Record<string, string | undefined> = {}): ApiRequest {
  return { method: 'GET', path, headers };
}

async function authed(path: string, extra: Record<string, string> = {}): Promise<ApiRequest> {
  return get(path, { authorization: `Bearer ${await sign()}`, ...extra });
}

/** Changes exactly one byte of the signature (not just a base64 padding bit). */
function tamperSignature(token: string): string {
  const [header, payload, signature] = token.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  bytes[10] ^= 0x01;
  return [header, payload, bytes.toString('base64url')].join('.');
}

describe('authentication', () => {
  it('answers 401 with a Bearer challenge when the Authorization header is missing', async () => {
    const res = await api()(get('/editions'));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
    expect(JSON.parse(res.body).error).toBe('missing_token');
  });

  it.each([
    ['a non-Bearer scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty Bearer', 'Bearer '],
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
    ['three garbage parts', 'Bearer aaa.bbb.ccc'],
  ])('answers 401 for a malformed header: %s', async (_name, authorization) => {
    const res = await api()(get('/editions', { authorization }));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
  });

  const badTokens: [string, () => Promise<string>][] = [
    ['expired', () => sign({}, { expiresAt: Math.floor(Date.now() / 1000) - 3600 })],
    ['wrong audience', () => sign({}, { audience: 'some-other-app' })],
    ['wrong issuer', () => sign({}, { issuer: 'https://evil.example/pool' })],
    ['tampered signature', async () => tamperSignature(await sign())],
    ['tampered payload', async () => {
      const [h, , s] = (await sign()).split('.');
      const forged = Buffer.from(JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: 'admin', exp: 4102444800 })).toString('base64url');
      return [h, forged, s].join('.');
    }],
    ['signed with a key the issuer never published', () => sign({}, { key: strangerKey })],
    // jose checks `iat` only against a maximum age: a token dated a day ahead was taken.
    ['dated a day in the future', () => sign({}, { issuedAt: Math.floor(Date.now() / 1000) + 86_400, expiresAt: Math.floor(Date.now() / 1000) + 2 * 86_400 })],
    ['unsigned (alg none)', async () => {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: 4102444800 })}.`;
    }],
  ];

  it.each(badTokens)('answers 401 for a token that is %s', async (_name, make) => {
    const res = await api()(get('/editions', { Authorization: `Bearer ${await make()}` }));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    expect(JSON.parse(res.body).error).toBe('invalid_token');
  });

  it('accepts a valid token on every protected route (header name in any case)', async () => {
    const token = await sign();
    for (const path of ['/editions', '/editions/2026-11-27', '/editions/2026-11-27/edition.pdf']) {
      const res = await api()(get(path, { AUTHORIZATION: `Bearer ${token}` }));
      expect(res.status, path).toBeLessThan(400);
    }
  });

  it('checks auth before revealing whether a date exists or is well-formed', async () => {
    expect((await api()(get('/editions/1999-01-01'))).status).toBe(401);
    expect((await api()(get('/editions/bogus/edition.pdf'))).status).toBe(401);
  });

  it('turns a verifier fault (e.g. JWKS unreachable) into a plain 500', async () => {
    const warnings: string[] = [];
    const failing = api({
      verifyToken: async () => {
        throw new Error('JWKS fetch timed out');
      },
      logger: { info: () => {}, warn: (m) => warnings.push(m) },
    });
    const res = await failing(await authed('/editions'));
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('JWKS');
    expect(warnings).toHaveLength(1);
  });
});

describe('Cognito access tokens', () => {
  it('checks client_id instead of aud and insists on token_use', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'rsa', alg: 'RS256' }] };
    const verify = createJwtVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks, tokenUse: 'access' });
    const accessToken = (claims: JWTPayload) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'rsa' }).setIssuer(ISSUER).setSubject('u1').setExpirationTime('5m').sign(privateKey);

    expect(await verify(await accessToken({ token_use: 'access', client_id: AUDIENCE }))).toEqual({ ok: true, subject: 'u1', groups: [] });
    // Cognito's groups come through: `editors` may publish.
    expect(await verify(await accessToken({ token_use: 'access', client_id: AUDIENCE, 'cognito:groups': ['editors', 7] }))).toEqual({
      ok: true,
      subject: 'u1',
      groups: ['editors'],
    });
    expect((await verify(await accessToken({ token_use: 'access', client_id: 'other-client' }))).ok).toBe(false);
    expect((await verify(await accessToken({ token_use: 'id', client_id: AUDIENCE }))).ok).toBe(false);
  });

  it("makes every account of the editors' own pool an editor and no subscriber's token one, whatever groups it lists", async () => {
    const EDITOR_ISSUER = 'https://issuer.example/editors';
    const editorKeys = await generateKeyPair('ES256', { extractable: true });
    const editorJwk = { ...(await exportJWK(editorKeys.publicKey)), kid: 'editor-key', alg: 'ES256' };
    const editorsVerify = createJwtVerifier({ issuer: EDITOR_ISSUER, audience: 'desk-client', jwks: { keys: [editorJwk] } });
    const verify = createRoleVerifier(verifyToken, { issuer: EDITOR_ISSUER, verify: editorsVerify });
    const editorToken = (key: Key, audience = 'desk-client') =>
      new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'editor-key' }).setIssuer(EDITOR_ISSUER).setAudience(audience).setSubject('editor-7').setExpirationTime('5m').sign(key);

    expect(await verify(await editorToken(editorKeys.privateKey))).toEqual({ ok: true, subject: 'editor-7', groups: ['editors'] });
    // A subscriber in a group named editors (the subscribers' pool asks for no second factor): a subscriber.
    expect(await verify(await sign({ 'cognito:groups': ['editors', 'vip'] }))).toEqual({ ok: true, subject: 'subscriber-42', groups: ['vip'] });
    // Naming the editors' issuer gains nothing without the editors' key, or for another client.
    expect((await verify(await editorToken(issuerKey))).ok).toBe(false);
    expect((await verify(await editorToken(editorKeys.privateKey, AUDIENCE))).ok).toBe(false);
    expect((await verify(await sign({}, { issuer: EDITOR_ISSUER }))).ok).toBe(false);
    expect((await verify('not.a.token')).ok).toBe(false);
    // The editors' token through the API: the desk's routes are open to it, closed to the subscriber.
    const publish = (token: string) => api({ verifyToken: verify, desk: { publish: async () => ({ kind: 'no-proof', message: 'There is no proof.' }) } as unknown as SubscriberApiDeps['desk'] })({ method: 'POST', path: '/editions/2026-11-27/publish', headers: { authorization: `Bearer ${token}` } });
    expect((await publish(await sign({ 'cognito:groups': ['editors'] }))).status).toBe(403);
    expect((await publish(await editorToken(editorKeys.privateKey))).status).toBe(404);
    // Without an editors' pool (an external provider), its group decides, as before.
    expect(createRoleVerifier(verifyToken)).toBe(verifyToken);
  });

  it('refuses to be configured with symmetric algorithms', () => {
    expect(() => createJwtVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [] }, algorithms: ['HS256'] })).toThrow(/asymmetric/);
  });
});

describe('GET /editions', () => {
  it('lists the archive newest first whatever the index order, dropping entries without a date', async () => {
    const res = await api()(await authed('/editions'));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { editions } = JSON.parse(res.body);
    expect(editions.map((e: { date: string }) => e.date)).toEqual(['2026-11-27', '2026-11-26', '2026-11-25', '2025-12-31']);
    expect(editions[0].headline).toBe('Newest');
  });

  it('lists nothing when no edition was ever published', async () => {
    const res = await api({ editions: bucketWith({}) })(await authed('/editions/'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ editions: [] });
  });
});

describe('GET /editions/<date>', () => {
  it('returns the manifest with presigned page thumbnails and the PDF route', async () => {
    const res = await api()(await authed('/editions/2026-11-27'));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.date).toBe('2026-11-27');
    expect(body.articles[0].headline).toBe('ASEAN and the UN');
    expect(body.pdfUrl).toBe('/editions/2026-11-27/edition.pdf');
    // The third page's key tries to leave the edition's prefix and is not signed.
    expect(body.thumbnails.map((t: { page: number }) => t.page)).toEqual([1, 2]);
    const first = new URL(body.thumbnails[0].url);
    expect(first.pathname).toContain(`/editions/2026-11-27/versions/fp1/thumbnails/page-1.png`);
    expect(first.hostname).toContain(BUCKET);
    expect(first.searchParams.get('X-Amz-Expires')).toBe('120');
  });

  it("keeps the newsroom's records from subscribers: held and embargoed stories, rejected files, warnings, and which stories were taken out", async () => {
    const manifest = {
      ...manifestFor('2026-11-28'),
      held: [{ slug: 'minister-resigns', headline: 'Minister resigns', source: 'minister-resigns.md', reason: 'embargo', until: '2026-11-29T06:00:00Z' }],
      rejected: [{ file: 'draft-notes.md', reason: 'the file is empty' }],
      warnings: [{ file: 'asean.txt', message: 'caption without photo: the caption was dropped' }],
      fittedPhotos: { 'assets/photos/a.jpg': 'hash:100x100' },
      corrected: '2026-11-28T09:00:00.000Z',
      changedArticles: ['asean-un-relations', 'bribery-probe'],
      articleChanges: { corrected: ['asean-un-relations'], added: [], removed: ['bribery-probe'] },
      corrections: [
        { at: '2026-11-28T08:00:00.000Z', action: 'publish', corrected: ['bribery-probe'], added: [], removed: [] },
        { at: '2026-11-28T09:00:00.000Z', action: 'publish', corrected: ['asean-un-relations'], added: [], removed: ['bribery-probe'] },
      ],
    };
    const editions = bucketWith({ 'editions/2026-11-28/manifest.json': manifest });
    const subscriber = JSON.parse((await api({ editions })(await authed('/editions/2026-11-28'))).body);
    for (const field of ['held', 'rejected', 'warnings', 'fittedPhotos']) expect(subscriber, field).not.toHaveProperty(field);
    expect(JSON.stringify(subscriber)).not.toMatch(/minister|bribery|draft-notes|caption without/i);
    expect(subscriber.changedArticles).toEqual(['asean-un-relations']);
    expect(subscriber.articleChanges).toEqual({ corrected: ['asean-un-relations'], added: [], removedCount: 1 });
    expect(subscriber.corrections).toEqual([
      { at: '2026-11-28T08:00:00.000Z', action: 'publish', corrected: [], added: [], removedCount: 0 },
      { at: '2026-11-28T09:00:00.000Z', action: 'publish', corrected: ['asean-un-relations'], added: [], removedCount: 1 },
    ]);
    expect(subscriber.articles[0].headline).toBe('ASEAN and the UN');

    // The desk sees all of it.
    const editor = JSON.parse((await api({ editions })(get('/editions/2026-11-28', { authorization: `Bearer ${await sign({ 'cognito:groups': ['editors'] })}` }))).body);
    expect(editor).toMatchObject({ held: manifest.held, rejected: manifest.rejected, warnings: manifest.warnings, articleChanges: manifest.articleChanges, corrections: manifest.corrections });
  });

  it('signs the small WebP page image instead of the PNG thumbnail where the edition has one', async () => {
    const manifest = manifestFor('2026-11-27', ['versions/fp1/thumbnails/page-1.png', 'versions/fp1/thumbnails/page-2.png']);
    manifest.pages[0] = { ...manifest.pages[0], imageSmall: 'versions/fp1/pages/page-1-small.webp' } as (typeof manifest.pages)[number];
    const res = await api({ editions: bucketWith({ 'editions/2026-11-27/manifest.json': manifest }) })(await authed('/editions/2026-11-27'));
    const paths = (JSON.parse(res.body).thumbnails as { url: string }[]).map((t) => new URL(t.url).pathname);
    expect(paths[0]).toContain('/editions/2026-11-27/versions/fp1/pages/page-1-small.webp');
    expect(paths[1]).toContain('/editions/2026-11-27/versions/fp1/thumbnails/page-2.png');
  });

  it('has an empty thumbnail list for an edition printed without thumbnails', async () => {
    const body = JSON.parse((await api()(await authed('/editions/2026-11-26'))).body);
    expect(body.thumbnails).toEqual([]);
  });

  it.each(['/editions/2026-11-28', '/editions/2026-11-28/edition.pdf', '/editions/2026-11-27/other.pdf', '/nope', '/editions/2026-11-27/edition.pdf/x'])(
    'answers 404 for %s',
    async (path) => {
      expect((await api()(await authed(path))).status).toBe(404);
    },
  );

  it.each(['/editions/2026-1-27', '/editions/27-11-2026', '/editions/2026-02-30', '/editions/2026-11-27x/edition.pdf', '/editions/..%2F..'])(
    'answers 400 for a malformed or impossible date: %s',
    async (path) => {
      const res = await api()(await authed(path));
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error).toBe('bad_date');
    },
  );
});

describe('GET /editions/<date>/edition.pdf', () => {
  it('redirects to a presigned URL living exactly the configured lifetime, never cached', async () => {
    const res = await api({ linkLifetimeSeconds: 120 })(await authed('/editions/2026-11-27/edition.pdf'));
    expect(res.status).toBe(302);
    expect(res.headers['cache-control']).toBe('no-store');
    const location = new URL(res.headers.location);
    // The immutable PDF of the version the pointer names, never the convenience copy rewritten in place.
    expect(location.pathname).toMatch(/\/editions\/2026-11-27\/versions\/fp-2026-11-27\/edition\.pdf$/);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('120');
    expect(location.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it("has S3 answer its links private, for the link's life: no shared proxy keeps a subscriber's PDF or pages", async () => {
    // The objects carry only a Last-Modified: a proxy could keep them by heuristic and hand them
    // out under the link after S3 stopped honouring it. S3 sets the signed response-cache-control.
    const pdf = new URL((await api({ linkLifetimeSeconds: 120 })(await authed('/editions/2026-11-27/edition.pdf'))).headers.location);
    expect(pdf.searchParams.get('response-cache-control')).toBe('private, max-age=120');
    const thumbnail = new URL(JSON.parse((await api({ linkLifetimeSeconds: 120 })(await authed('/editions/2026-11-27'))).body).thumbnails[0].url);
    expect(thumbnail.searchParams.get('response-cache-control')).toBe('private, max-age=120');
    expect(thumbnail.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
  });

  it('names the file as the browser saves it by the paper and the date, not "edition.pdf" every day', async () => {
    const res = await api({ linkLifetimeSeconds: 120 })(await authed('/editions/2026-11-27/edition.pdf'));
    const location = new URL(res.headers.location);
    expect(location.searchParams.get('response-content-disposition')).toBe('inline; filename="viet-nam-news-2026-11-27.pdf"');
    // Signed with the rest: a link whose name is changed is refused by S3.
    expect(location.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(editionFileName('The Hà Nội Herald', '2019-12-04')).toBe('the-ha-noi-herald-2019-12-04.pdf');
    expect(editionFileName(undefined, '2019-12-04')).toBe('edition-2019-12-04.pdf');
    expect(editionFileName('新闻', '2019-12-04')).toBe('edition-2019-12-04.pdf');
  });

  it('defaults the lifetime to 300 s', async () => {
    const res = await api({ linkLifetimeSeconds: undefined })(await authed('/editions/2026-11-27/edition.pdf'));
    expect(new URL(res.headers.location).searchParams.get('X-Amz-Expires')).toBe('300');
  });

  it('answers JSON {url, expiresInSeconds} to Accept: application/json, for pages that cannot follow a cross-origin redirect', async () => {
    const res = await api({ linkLifetimeSeconds: 600 })(await authed('/editions/2026-11-27/edition.pdf', { accept: 'application/json' }));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.expiresInSeconds).toBe(600);
    expect(new URL(body.url).searchParams.get('X-Amz-Expires')).toBe('600');
  });

  it('never sends a subscriber outside the versions of the date, whatever the pointer says', async () => {
    for (const version of [undefined, '../2026-11-28/', 'versions/../../x/', 'versions/a/b/', 'versions//']) {
      const manifest = { ...manifestFor('2026-11-27'), version };
      const res = await api({ editions: bucketWith({ 'editions/2026-11-27/manifest.json': manifest }) })(await authed('/editions/2026-11-27/edition.pdf'));
      expect(res.status, String(version)).toBe(500);
    }
  });

  it.each([3601, 86_400, 0, -5, 1.5, Number.NaN])('rejects a link lifetime of %s at construction', (seconds) => {
    expect(() => api({ linkLifetimeSeconds: seconds })).toThrow(RangeError);
  });

  it('accepts the one-hour maximum', async () => {
    const res = await api({ linkLifetimeSeconds: 3600 })(await authed('/editions/2026-11-27/edition.pdf'));
    expect(new URL(res.headers.location).searchParams.get('X-Amz-Expires')).toBe('3600');
  });
});

describe('GET / (reader page)', () => {
  it('is public HTML that leaks no Referer', async () => {
    const res = await api()(get('/'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.body).toContain('reader');
    expect(res.body).not.toContain('epaper-sign-in');
  });

  it('tells the page where the hosted sign-in lives when one is configured', async () => {
    const res = await api({ signIn: { hostedUiUrl: 'https://auth.example/login?client_id=a&x="y"' } })(get('/?from=mail'));
    expect(res.body).toContain('<meta name="epaper-sign-in" content="https://auth.example/login?client_id=a&amp;x=&quot;y&quot;">');
  });

  it("sends the desk to the editors' sign-in and the reader to the subscribers'", async () => {
    const deskPage = '<!doctype html><html><head><title>Desk</title></head><body>desk</body></html>';
    const both = api({ deskPage, signIn: { hostedUiUrl: 'https://subscribers.example/login', deskHostedUiUrl: 'https://editors.example/login' } });
    expect((await both(get('/'))).body).toContain('content="https://subscribers.example/login"');
    const desk = (await both(get('/desk'))).body;
    expect(desk).toContain('content="https://editors.example/login"');
    expect(desk).not.toContain('subscribers.example');
    // One sign-in for both (an external provider): the desk uses it too.
    expect((await api({ deskPage, signIn: { hostedUiUrl: 'https://id.example/login' } })(get('/desk'))).body).toContain('content="https://id.example/login"');
  });

  it('says where the development tokens are only in epaper dev', async () => {
    const { readFile } = await import('node:fs/promises');
    const template = await readFile(new URL('../../templates/reader.html', import.meta.url), 'utf8');
    const production = await api({ readerPage: template })(get('/'));
    expect(production.body).not.toContain('<meta name="epaper-dev"');
    // The only mention of the token file is inside the hint the page reveals for epaper dev alone.
    expect(production.body.match(/\.epaper\/dev-token/g)).toHaveLength(1);
    expect(production.body).toMatch(/<span id="dev-token-hint" hidden>[^<]*<code>epaper dev<\/code>[^<]*<code id="dev-token-path">\.epaper\/dev-token<\/code>/);
    const development = await api({ readerPage: template, development: true })(get('/'));
    expect(development.body).toContain('<meta name="epaper-dev" content="1">\n</head>');
    // `epaper dev --dir <folder>` names its own folder (the page said .epaper/ whatever --dir was).
    const elsewhere = await api({ readerPage: template, development: { tokenFolder: '/tmp/news "room"' } })(get('/'));
    expect(elsewhere.body).toContain('<meta name="epaper-dev" content="/tmp/news &quot;room&quot;">\n</head>');
  });

  it('refuses other methods with 405', async () => {
    const res = await api()({ method: 'POST', path: '/', headers: {} });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toContain('GET');
  });
});

describe('development sign-in', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-dev-auth-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a private token that the API accepts, and keeps the key across restarts', async () => {
    const first = await createDevAuth(dir);
    expect((await readFile(join(dir, 'dev-token'), 'utf8')).trim()).toBe(first.token);
    expect((await stat(join(dir, 'dev-token'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'dev-key.json'))).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(first.jwks)).not.toMatch(/"d"/);

    const devApi = api({ verifyToken: first.verifyToken });
    expect((await devApi(get('/editions', { authorization: `Bearer ${first.token}` }))).status).toBe(200);
    expect((await devApi(get('/editions', { authorization: `Bearer ${tamperSignature(first.token)}` }))).status).toBe(401);

    const second = await createDevAuth(dir);
    expect(second.jwks).toEqual(first.jwks);
    expect(await second.verifyToken(first.token)).toEqual({ ok: true, subject: 'dev-subscriber', groups: [] });
    expect(await second.verifyToken(first.editorToken)).toEqual({ ok: true, subject: 'dev-editor', groups: ['editors'] });
    // A token from the test issuer is not a dev token.
    expect((await second.verifyToken(await sign())).ok).toBe(false);
  });

  it('checks a token signed with the development key as the deployed API checks one from its pool', async () => {
    const auth = await createDevAuth(dir);
    const { privateJwk } = JSON.parse(await readFile(join(dir, 'dev-key.json'), 'utf8')) as { privateJwk: Parameters<typeof importJWK>[0] & { kid: string } };
    const key = await importJWK(privateJwk, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const devToken = (claims: JWTPayload, issuedAt = now) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid }).setIssuer(auth.issuer).setAudience(auth.audience).setSubject('someone').setIssuedAt(issuedAt).setExpirationTime(now + 3 * 86_400).sign(key);
    expect(await auth.verifyToken(await devToken({ token_use: 'id' }))).toEqual({ ok: true, subject: 'someone', groups: [] });
    // The cloud takes Cognito ID tokens only (TOKEN_USE "id"): one that is not, or says nothing, is refused here too.
    expect(await auth.verifyToken(await devToken({}))).toEqual({ ok: false, reason: 'The token is not an id token.' });
    expect((await auth.verifyToken(await devToken({ token_use: 'access', scope: 'editions:read' }))).ok).toBe(false);
    // Dated tomorrow: no issuer hands such a token out.
    expect(await auth.verifyToken(await devToken({ token_use: 'id' }, now + 86_400))).toEqual({ ok: false, reason: 'The token is dated in the future.' });
    // The tokens epaper dev writes are ID tokens, as the hosted sign-in's are.
    for (const token of [auth.token, auth.editorToken]) expect(decodeJwt(token)).toMatchObject({ token_use: 'id', iss: auth.issuer, aud: auth.audience });
  });
});

describe('Lambda handler (API Gateway HTTP API, payload v2)', () => {
  let jwksServer: Server;
  let templatesDir: string;
  let handlerKey: Key;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    // The handler fetches the JWKS over HTTP as it would from Cognito; serve it locally.
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    handlerKey = privateKey;
    const body = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: 'ES256' }] });
    jwksServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    templatesDir = await mkdtemp(join(tmpdir(), 'epaper-templates-'));
    await writeFile(join(templatesDir, 'reader.html'), READER_PAGE);
    await writeFile(join(templatesDir, 'desk.html'), '<!doctype html><title>desk</title>');
    Object.assign(process.env, {
      EDITIONS_BUCKET: 'epaper-editions-unused',
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWKS_URL: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`,
      LINK_LIFETIME_SECONDS: '120',
      EPAPER_TEMPLATES_DIR: templatesDir,
      AWS_REGION: 'eu-west-1',
    });
  });

  afterAll(async () => {
    process.env = savedEnv;
    await new Promise((resolve) => jwksServer.close(resolve));
    await rm(templatesDir, { recursive: true, force: true });
  });

  const event = (rawPath: string, headers: Record<string, string> = {}) =>
    ({ rawPath, headers, requestContext: { http: { method: 'GET' } } }) as unknown as APIGatewayProxyEventV2;

  it('serves the bundled reader page publicly and refuses anonymous and forged tokens', async () => {
    const { handler } = await import('../../lambdas/handlers/api');
    const page = await handler(event('/'));
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(READER_PAGE);
    expect((await handler(event('/desk'))).body).toBe('<!doctype html><title>desk</title>');

    expect((await handler(event('/editions'))).statusCode).toBe(401);
    const forged = await sign({}, { key: strangerKey });
    expect((await handler(event('/editions', { authorization: `Bearer ${forged}` }))).statusCode).toBe(401);
    // A token signed by the key the JWKS endpoint publishes gets past authentication (then finds no edition date: 400).
    const good = await sign({}, { key: handlerKey });
    expect((await handler(event('/editions/not-a-date', { authorization: `Bearer ${good}` }))).statusCode).toBe(400);
  });

  it('keeps the query string of an HTTP API v2 event (rollback names its version there)', async () => {
    const { toApiRequest } = await import('../../lambdas/handlers/api');
    const rollback = {
      rawPath: '/editions/2026-11-27/rollback',
      rawQueryString: 'version=abc123',
      headers: {},
      requestContext: { http: { method: 'POST' } },
    } as unknown as APIGatewayProxyEventV2;
    expect(toApiRequest(rollback)).toMatchObject({ method: 'POST', path: '/editions/2026-11-27/rollback?version=abc123' });
    expect(toApiRequest(event('/editions')).path).toBe('/editions');
  });

  it('hands the core the query string and the cookies, which payload 2.0 keeps apart (search and share links need them)', async () => {
    const { toApiRequest } = await import('../../lambdas/handlers/api');
    const request = toApiRequest({ ...event('/search', { accept: 'application/json' }), rawQueryString: 'q=Ha%20Noi&date=2019-12-04', cookies: ['a=1', 'epaper_shared=x'] } as APIGatewayProxyEventV2);
    expect(request.path).toBe('/search?q=Ha%20Noi&date=2019-12-04');
    expect(request.headers).toMatchObject({ accept: 'application/json', cookie: 'a=1; epaper_shared=x' });
    expect(toApiRequest(event('/editions')).path).toBe('/editions');
  });

  it('reads its configuration once and says which variable is wrong', async () => {
    const { readApiConfig } = await import('../../lambdas/handlers/api');
    expect(() => readApiConfig({})).toThrow(/EDITIONS_BUCKET/);
    expect(() => readApiConfig({ ...process.env, TOKEN_USE: 'refresh' })).toThrow(/TOKEN_USE/);
    expect(readApiConfig({ ...process.env, TOKEN_USE: 'access' })).toMatchObject({ tokenUse: 'access', linkLifetimeSeconds: 120, templatesDir });
    // The editors' pool: all three of its variables, or none.
    expect(() => readApiConfig({ ...process.env, EDITOR_JWT_ISSUER: 'https://issuer.example/editors' })).toThrow(/EDITOR_JWKS_URL, EDITOR_JWT_AUDIENCE missing/);
    const editors = { EDITOR_JWT_ISSUER: 'https://issuer.example/editors', EDITOR_JWKS_URL: 'https://issuer.example/editors/jwks.json', EDITOR_JWT_AUDIENCE: 'desk', DESK_HOSTED_UI_URL: 'https://editors.example/login' };
    expect(readApiConfig({ ...process.env, ...editors }).editors).toEqual({ issuer: editors.EDITOR_JWT_ISSUER, jwksUrl: editors.EDITOR_JWKS_URL, audience: 'desk', hostedUiUrl: editors.DESK_HOSTED_UI_URL });
    expect(readApiConfig({ ...process.env }).editors).toBeUndefined();
  });

  it('takes the share-link key from SHARE_SECRET, else reads it once from Secrets Manager by SHARE_SECRET_ARN', async () => {
    const { readApiConfig } = await import('../../lambdas/handlers/api');
    const { resolveShareSecret } = await import('../../lambdas/adapters/share-secret');
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ShareLinkSecret-abc';
    const asked: string[] = [];
    const read = async (id: string) => (asked.push(id), id === arn ? ` ${'k'.repeat(64)}\n` : undefined);
    const fromArn = readApiConfig({ ...process.env, SHARE_SECRET: '', SHARE_SECRET_ARN: arn });
    expect(fromArn.shareSecretArn).toBe(arn);
    expect(await resolveShareSecret(fromArn, read)).toBe('k'.repeat(64));
    expect(asked).toEqual([arn]);
    // A plain key wins, without a call; neither: sharing is off.
    expect(await resolveShareSecret({ shareSecret: 'p'.repeat(40), shareSecretArn: arn }, read)).toBe('p'.repeat(40));
    expect(await resolveShareSecret({}, read)).toBeUndefined();
    expect(asked).toHaveLength(1);
    // A configured secret that has no value is an error, not silently no sharing.
    await expect(resolveShareSecret({ shareSecretArn: 'arn:other' }, read)).rejects.toThrow(/has no value/);
  });
});

describe('a published pointer read while it is being replaced, or while the store fails', () => {
  const POINTER = 'editions/2026-11-27/manifest.json';
  const published = JSON.stringify(manifestFor('2026-11-27'));
  /** A bucket whose reads of the pointer follow a script: bytes, or a throw. */
  function scriptedBucket(script: (string | Error)[]): SubscriberApiDeps['editions'] & { reads: number } {
    const bucket = {
      reads: 0,
      get: async (key: string) => {
        if (key !== POINTER) return undefined;
        const next = script[Math.min(bucket.reads++, script.length - 1)];
        if (next instanceof Error) throw next;
        return new TextEncoder().encode(next);
      },
    };
    return bucket;
  }
  // What s3rver sent when a PUT replaced the pointer between its stat and its open: the new file's
  // bytes under the old file's length, i.e. a cut JSON text.
  const torn = published.slice(0, published.length - 40);

  it('reads a torn pointer again and redirects to the published version, never a 500', async () => {
    const editions = scriptedBucket([torn, published]);
    const res = await api({ editions })(await authed('/editions/2026-11-27/edition.pdf'));
    expect(res.status).toBe(302);
    expect(new URL(res.headers.location).pathname).toMatch(/\/editions\/2026-11-27\/versions\/fp-2026-11-27\/edition\.pdf$/);
    expect(editions.reads).toBe(2);
  });

  it('reads again after a failed read (the store cut the answer short)', async () => {
    const editions = scriptedBucket([new Error('socket hang up'), published]);
    const res = await api({ editions })(await authed('/editions/2026-11-27'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).fingerprint).toBe('fp-2026-11-27');
  });

  it('answers from the last good pointer while every read fails, then from the store again', async () => {
    const script: (string | Error)[] = [published];
    const editions = scriptedBucket(script);
    const subscriberApi = api({ editions });
    expect((await subscriberApi(await authed('/editions/2026-11-27/edition.pdf'))).status).toBe(302);
    script.push(torn, new Error('connect ECONNREFUSED'), torn);
    const res = await subscriberApi(await authed('/editions/2026-11-27/edition.pdf'));
    expect(res.status).toBe(302);
    expect(new URL(res.headers.location).pathname).toMatch(/\/versions\/fp-2026-11-27\/edition\.pdf$/);
    expect(editions.reads).toBe(1 + PUBLISHED_READ_POLICY.attempts);
  });

  it('asks the subscriber to retry (503, Retry-After) when nothing good was ever read, instead of a 500', async () => {
    const editions = scriptedBucket([torn]);
    const res = await api({ editions })(await authed('/editions/2026-11-27/edition.pdf'));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe(String(PUBLISHED_READ_POLICY.retryAfterSeconds));
    expect(JSON.parse(res.body).error).toBe('unavailable');
    expect(editions.reads).toBe(PUBLISHED_READ_POLICY.attempts);
  });

  it('forgets the remembered pointer once the edition is unpublished (404, not the old PDF)', async () => {
    const script: (string | Error)[] = [published];
    let gone = false;
    const inner = scriptedBucket(script);
    const subscriberApi = api({ editions: { get: async (key) => (gone ? undefined : inner.get(key)) } });
    expect((await subscriberApi(await authed('/editions/2026-11-27/edition.pdf'))).status).toBe(302);
    gone = true;
    expect((await subscriberApi(await authed('/editions/2026-11-27/edition.pdf'))).status).toBe(404);
    gone = false;
    script.push(new Error('connect ECONNREFUSED'));
    expect((await subscriberApi(await authed('/editions/2026-11-27/edition.pdf'))).status).toBe(503);
  });
});

describe('a Hebrew paper\'s edition saved by a subscriber', () => {
  it('is named in the paper\'s own letters (filename*), with the ASCII name beside it for an older browser', async () => {
    const hebrew = { ...manifestFor('2019-12-06'), paper: 'הארץ הקטן' };
    const res = await api({ editions: bucketWith({ 'editions/2019-12-06/manifest.json': hebrew }) })(await authed('/editions/2019-12-06/edition.pdf'));
    const disposition = new URL(res.headers.location).searchParams.get('response-content-disposition');
    expect(disposition).toBe(`inline; filename="edition-2019-12-06.pdf"; filename*=UTF-8''${encodeURIComponent('הארץ-הקטן-2019-12-06.pdf')}`);
    // As a browser reads it back (RFC 6266 prefers filename*).
    expect(decodeURIComponent(disposition!.split("UTF-8''")[1])).toBe('הארץ-הקטן-2019-12-06.pdf');
    // A Latin paper's name says it all in ASCII: no filename*.
    expect(editionFileNameAsPrinted('The Hà Nội Herald', '2019-12-04')).toBeUndefined();
    expect(editionFileNameAsPrinted('新闻', '2019-12-04')).toBe('新闻-2019-12-04.pdf');
    // Quotes and separators are no part of it (an upload's paper name is not trusted).
    expect(editionFileNameAsPrinted('הארץ"; x=1', '2019-12-04')).toBe('הארץ-x-1-2019-12-04.pdf');
  });
});
