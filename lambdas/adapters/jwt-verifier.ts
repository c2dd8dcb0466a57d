/**
 * Bearer-token verification with jose against a configured issuer and JWKS (Cognito, another OIDC
 * provider, or the development key of `epaper dev`).
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { EDITORS_GROUP } from '../core/publish';
import type { TokenCheck, TokenVerifier } from '../core/subscriber-api';

interface CommonJwtConfig {
  readonly issuer: string;
  /** The expected `aud` (ID tokens, generic OIDC) or Cognito `client_id` (access tokens). */
  readonly audience: string;
  /**
   * Cognito marks tokens with `token_use`: ID tokens carry `aud`, access tokens carry `client_id`
   * instead. Leave unset for a provider that does not use the claim (the audience is then `aud`).
   */
  readonly tokenUse?: 'id' | 'access';
  /** Asymmetric algorithms only, so a token can never be "signed" with a public key as an HMAC secret. */
  readonly algorithms?: readonly string[];
  /** Tolerated clock skew between the issuer and us. @default 10 */
  readonly clockToleranceSeconds?: number;
}

/** Either a JWKS endpoint (fetched and cached by jose) or a key set held in memory. */
export type JwtVerifierConfig = CommonJwtConfig & ({ readonly jwksUrl: string } | { readonly jwks: JSONWebKeySet });

const DEFAULT_ALGORITHMS = ['RS256', 'ES256'];
/** Longer than any real JWT; refusing early keeps junk headers cheap. */
const MAX_TOKEN_LENGTH = 16_384;
/** jose errors that mean "the JWKS could not be fetched or used", i.e. our fault, not the token's. */
const INFRASTRUCTURE_ERROR_CODES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JWK_INVALID', 'ERR_JOSE_GENERIC']);

/** Creates a verifier that answers ok/reason for token faults and throws for JWKS/network faults. */
export function createJwtVerifier(config: JwtVerifierConfig): TokenVerifier {
  if (!config.issuer) throw new Error('createJwtVerifier: issuer is required.');
  if (!config.audience) throw new Error('createJwtVerifier: audience is required.');
  const keys = 'jwks' in config ? createLocalJWKSet(config.jwks) : createRemoteJWKSet(new URL(config.jwksUrl));
  const algorithms = [...(config.algorithms ?? DEFAULT_ALGORITHMS)];
  if (algorithms.some((alg) => alg.startsWith('HS') || alg === 'none')) {
    throw new Error('createJwtVerifier: only asymmetric algorithms may be allowed.');
  }

  return async (token: string): Promise<TokenCheck> => {
    if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'The token is too long.' };
    let payload: JWTPayload;
    const now = new Date();
    const tolerance = config.clockToleranceSeconds ?? 10;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        // Cognito access tokens have no `aud`; their audience is checked via client_id below.
        audience: config.tokenUse === 'access' ? undefined : config.audience,
        algorithms,
        clockTolerance: tolerance,
        currentDate: now,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      const reason = tokenFault(error);
      if (reason === undefined) throw error;
      return { ok: false, reason };
    }
    // jose compares `iat` with the clock only when given a maximum age: a token dated days ahead
    // (signed with the key by hand, or by an issuer whose clock is wrong) was accepted, in the
    // cloud and in `epaper dev` alike, and lived that much longer than its issuer meant.
    if (typeof payload.iat === 'number' && payload.iat > now.getTime() / 1000 + tolerance) {
      return { ok: false, reason: 'The token is dated in the future.' };
    }
    if (config.tokenUse !== undefined && payload.token_use !== config.tokenUse) {
      return { ok: false, reason: `The token is not an ${config.tokenUse} token.` };
    }
    if (config.tokenUse === 'access' && payload.client_id !== config.audience) {
      return { ok: false, reason: 'The token was issued to another client.' };
    }
    // Cognito lists a user's groups in `cognito:groups` (ID and access tokens); `editors` may publish.
    const groups = Array.isArray(payload['cognito:groups']) ? payload['cognito:groups'].filter((g): g is string => typeof g === 'string') : [];
    return { ok: true, subject: String(payload.sub), groups };
  };
}

/** A caller-facing sentence for a token fault, or undefined for an infrastructure fault. */
function tokenFault(error: unknown): string | undefined {
  if (!(error instanceof errors.JOSEError) || INFRASTRUCTURE_ERROR_CODES.has(error.code)) return undefined;
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's "${error.claim}" claim is not accepted.`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  if (error instanceof errors.JWKSNoMatchingKey) return 'The token was signed with an unknown key.';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token uses an algorithm that is not allowed.';
  return 'The token is malformed.';
}

/**
 * One verifier over the subscribers' issuer and, when editors have a pool of their own, theirs:
 * a token is checked by the verifier of the issuer it names (read before any check, then verified
 * in full by that issuer's verifier, so naming the other issuer gains nothing). Every account of the
 * editors' pool is an editor; a subscriber's token never is, whatever groups it lists, since the
 * subscribers' pool does not require a second factor (lib/constructs/subscriber-auth.ts).
 */
export function createRoleVerifier(subscribers: TokenVerifier, editors?: { readonly issuer: string; readonly verify: TokenVerifier }): TokenVerifier {
  if (!editors) return subscribers;
  return async (token: string): Promise<TokenCheck> => {
    let issuer: unknown;
    try {
      issuer = token.length <= MAX_TOKEN_LENGTH ? decodeJwt(token).iss : undefined;
    } catch {
      issuer = undefined;
    }
    if (issuer === editors.issuer) {
      const check = await editors.verify(token);
      return check.ok ? { ok: true, subject: check.subject, groups: [EDITORS_GROUP] } : check;
    }
    const check = await subscribers(token);
    return check.ok ? { ok: true, subject: check.subject, groups: (check.groups ?? []).filter((group) => group !== EDITORS_GROUP) } : check;
  };
}
