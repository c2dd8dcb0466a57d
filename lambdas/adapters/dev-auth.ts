/**
 * Development sign-in for `epaper dev`: a local ES256 signing key (kept in `<dir>/dev-key.json`
 * so tokens survive restarts), its JWKS for the API, a subscriber token in `<dir>/dev-token` and an
 * editor token (group `editors`, as Cognito's `cognito:groups` claim says it) in `<dir>/dev-editor-token`.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { EDITORS_GROUP } from '../core/publish';
import type { TokenVerifier } from '../core/subscriber-api';
import { createJwtVerifier } from './jwt-verifier';

/** What `epaper dev` hands the subscriber API and prints for the developer. */
export interface DevAuth {
  readonly verifyToken: TokenVerifier;
  /** A subscriber token valid for 30 days, also written to `<dir>/dev-token`. */
  readonly token: string;
  /** An editor token (sees proofs, may publish and roll back), also written to `<dir>/dev-editor-token`. */
  readonly editorToken: string;
  /** The public key set; what a real issuer would serve at its JWKS URL. */
  readonly jwks: JSONWebKeySet;
  readonly issuer: string;
  readonly audience: string;
}

interface StoredKey {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export const DEV_ISSUER = 'https://epaper-dev.invalid';
export const DEV_AUDIENCE = 'epaper-subscribers';
const ALGORITHM = 'ES256';
const TOKEN_LIFETIME = '30d';
/**
 * The kind of token the API takes, as the deployed stacks set it (lib/delivery-stack.ts TOKEN_USE:
 * Cognito ID tokens). The development verifier did not ask: a token signed with the development key
 * with any claims, or none but `sub` and `exp`, was a subscriber's here and no one's in the cloud.
 */
const DEV_TOKEN_USE = 'id';

/** Loads or creates the development key in `dir`, signs a fresh subscriber token and writes it (0600). */
export async function createDevAuth(dir: string): Promise<DevAuth> {
  await mkdir(dir, { recursive: true });
  const stored = await loadOrCreateKey(join(dir, 'dev-key.json'));
  const privateKey = await importJWK(stored.privateJwk, ALGORITHM);
  const sign = (subject: string, claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, kid: stored.publicJwk.kid, typ: 'JWT' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(TOKEN_LIFETIME)
      .sign(privateKey);
  // Tokens as the deployed pool's hosted sign-in hands out (Cognito ID tokens: `token_use: "id"`,
  // no `scope`, which no verifier reads), checked as the deployed API checks them (DEV_TOKEN_USE).
  const token = await sign('dev-subscriber', { token_use: DEV_TOKEN_USE });
  const editorToken = await sign('dev-editor', { token_use: DEV_TOKEN_USE, 'cognito:groups': [EDITORS_GROUP] });
  await writePrivateFile(join(dir, 'dev-token'), `${token}\n`);
  await writePrivateFile(join(dir, 'dev-editor-token'), `${editorToken}\n`);

  const jwks: JSONWebKeySet = { keys: [stored.publicJwk] };
  return {
    verifyToken: createJwtVerifier({ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, jwks, algorithms: [ALGORITHM], tokenUse: DEV_TOKEN_USE }),
    token,
    editorToken,
    jwks,
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
  };
}

async function loadOrCreateKey(path: string): Promise<StoredKey> {
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    const stored = JSON.parse(text) as Partial<StoredKey>;
    if (stored.privateJwk?.kty !== 'EC' || stored.publicJwk?.kty !== 'EC' || !stored.publicJwk.kid) {
      throw new Error(`${path} is not a development key written by epaper dev; delete it to make a new one.`);
    }
    return stored as StoredKey;
  }
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: 'sig' };
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: ALGORITHM, use: 'sig' };
  const stored: StoredKey = { privateJwk, publicJwk };
  await writePrivateFile(path, `${JSON.stringify(stored, null, 2)}\n`);
  return stored;
}

/** The mode option applies only when a file is created, so tighten an existing file too. */
async function writePrivateFile(path: string, contents: string): Promise<void> {
  await writeFile(path, contents, { mode: 0o600 });
  await chmod(path, 0o600);
}
