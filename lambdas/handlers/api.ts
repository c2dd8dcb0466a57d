// Subscriber edge of the flow: API Gateway (HTTP API, payload v2) → this function → reader page, edition list and manifests from the editions bucket, or a 302 to a presigned edition.pdf.
// Editors (the editors' own Cognito pool, or the group `editors` of an external provider) also see proofs and publish; EventBridge Scheduler invokes it every minute with `{"epaper":"publish-due"}` to publish proofs whose publishAt has come.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDeskActions, publishDueProofs, renderEndedEmbargoes, SCHEDULED_PUBLISH_INPUT } from '../core/publish';
import { SqsRenderSignal } from '../adapters/sqs-signal';
import { createSubscriberApi, type ApiRequest, type ApiResponse } from '../core/subscriber-api';
import { createJwtVerifier, createRoleVerifier } from '../adapters/jwt-verifier';
import { createJsonLogger } from '../adapters/logger';
import { createS3Presigner } from '../adapters/s3-presigner';
import { createS3Client, S3ObjectStore } from '../adapters/s3-store';
import { resolveShareSecret, secretsManagerReader } from '../adapters/share-secret';

/** The function's configuration, read once from its environment (set by the CDK DeliveryStack). */
export interface ApiConfig {
  readonly editionsBucket: string;
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string;
  readonly tokenUse?: 'id' | 'access';
  readonly linkLifetimeSeconds?: number;
  readonly hostedUiUrl?: string;
  /** The editors' own pool (the deployed Cognito stacks): its tokens are editors', and no other token is. */
  readonly editors?: { readonly issuer: string; readonly jwksUrl: string; readonly audience: string; readonly hostedUiUrl?: string };
  readonly templatesDir: string;
  /** HMAC key of metered share links; unset (and no shareSecretArn): sharing is off. */
  readonly shareSecret?: string;
  /** Secrets Manager ARN of that key, read on the first request (the deployed stacks set this). */
  readonly shareSecretArn?: string;
}

/** Reads and checks the environment; throws one sentence naming what is missing or wrong. */
export function readApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`The API function needs the ${name} environment variable.`);
    return value;
  };
  const tokenUse = env.TOKEN_USE?.trim() || undefined;
  if (tokenUse !== undefined && tokenUse !== 'id' && tokenUse !== 'access') {
    throw new Error(`TOKEN_USE must be "id" or "access"; got "${tokenUse}".`);
  }
  const lifetime = env.LINK_LIFETIME_SECONDS?.trim();
  // All three or none: an editors' pool half configured would leave the desk without a way in.
  const editorNames = ['EDITOR_JWT_ISSUER', 'EDITOR_JWKS_URL', 'EDITOR_JWT_AUDIENCE'] as const;
  const editorSet = editorNames.filter((name) => env[name]?.trim());
  if (editorSet.length > 0 && editorSet.length < editorNames.length) {
    throw new Error(`The editors' pool needs all of ${editorNames.join(', ')}; ${editorNames.filter((name) => !editorSet.includes(name)).join(', ')} missing.`);
  }
  return {
    editionsBucket: required('EDITIONS_BUCKET'),
    issuer: required('JWT_ISSUER'),
    jwksUrl: required('JWKS_URL'),
    audience: required('JWT_AUDIENCE'),
    tokenUse,
    // createSubscriberApi validates the range; a non-number becomes NaN and is refused there.
    linkLifetimeSeconds: lifetime ? Number(lifetime) : undefined,
    hostedUiUrl: env.HOSTED_UI_URL?.trim() || undefined,
    editors: editorSet.length
      ? { issuer: required('EDITOR_JWT_ISSUER'), jwksUrl: required('EDITOR_JWKS_URL'), audience: required('EDITOR_JWT_AUDIENCE'), hostedUiUrl: env.DESK_HOSTED_UI_URL?.trim() || undefined }
      : undefined,
    templatesDir: env.EPAPER_TEMPLATES_DIR?.trim() || join(process.cwd(), 'templates'),
    shareSecret: env.SHARE_SECRET?.trim() || undefined,
    shareSecretArn: env.SHARE_SECRET_ARN?.trim() || undefined,
  };
}

/** Maps an HTTP API v2 event onto the transport-neutral request of the core. */
export function toApiRequest(event: APIGatewayProxyEventV2): ApiRequest {
  // Payload 2.0 keeps the query string and the cookies apart from the path and the headers.
  const cookies = event.cookies?.length ? { cookie: event.cookies.join('; ') } : {};
  return {
    method: event.requestContext.http.method,
    path: event.rawQueryString ? `${event.rawPath}?${event.rawQueryString}` : event.rawPath,
    headers: { ...event.headers, ...cookies },
  };
}

/** Maps the core's response onto the HTTP API v2 result shape. */
export function toResult(response: ApiResponse): APIGatewayProxyStructuredResultV2 {
  return { statusCode: response.status, headers: response.headers, body: response.body, isBase64Encoded: false };
}

const config = readApiConfig(process.env);
const s3 = createS3Client();
const editions = new S3ObjectStore(s3, config.editionsBucket);

/** Built on the first request (the reader page is read from disk once), then reused while the container lives. */
let api: Promise<(req: ApiRequest) => Promise<ApiResponse>> | undefined;

async function buildApi(): Promise<(req: ApiRequest) => Promise<ApiResponse>> {
  const readerPage = await readFile(join(config.templatesDir, 'reader.html'), 'utf8');
  const deskPage = await readFile(join(config.templatesDir, 'desk.html'), 'utf8');
  const shareSecret = await resolveShareSecret(config, secretsManagerReader());
  return createSubscriberApi({
    // With list: the edition list reads the pointer of a date a pending-repair marker names (one LIST a list request).
    editions: { get: async (key) => (await editions.get(key))?.body, list: (prefix) => editions.list(prefix) },
    presign: createS3Presigner(s3, config.editionsBucket),
    verifyToken: createRoleVerifier(
      createJwtVerifier({ issuer: config.issuer, audience: config.audience, jwksUrl: config.jwksUrl, tokenUse: config.tokenUse }),
      config.editors && {
        issuer: config.editors.issuer,
        verify: createJwtVerifier({ issuer: config.editors.issuer, audience: config.editors.audience, jwksUrl: config.editors.jwksUrl, tokenUse: config.tokenUse }),
      },
    ),
    readerPage,
    deskPage,
    // The render queue, where the stacks give one: an emptied date's desk marker is the render's to drop after a withdrawal.
    desk: createDeskActions(editions, () => new Date(), process.env.RENDER_QUEUE_URL ? new SqsRenderSignal(new SQSClient({}), process.env.RENDER_QUEUE_URL) : undefined),
    linkLifetimeSeconds: config.linkLifetimeSeconds,
    signIn: { hostedUiUrl: config.hostedUiUrl, deskHostedUiUrl: config.editors?.hostedUiUrl },
    logger: createJsonLogger({ serviceName: 'epaper-api' }),
    // Metered share links only when a secret is configured (SHARE_SECRET or SHARE_SECRET_ARN, 32+ characters).
    ...(shareSecret ? { sharing: { secret: shareSecret, now: () => Date.now() } } : {}),
  });
}

function isScheduledPublish(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as { epaper?: unknown }).epaper === SCHEDULED_PUBLISH_INPUT.epaper;
}

/** Lambda entry point for every route of the HTTP API, and for the publish schedule. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  if (isScheduledPublish(event)) {
    const now = new Date();
    const published = await publishDueProofs(editions, now);
    // Where the render queue is known (the deployed stacks), proofs held back by an embargo that has ended are rendered again.
    const queueUrl = process.env.RENDER_QUEUE_URL;
    const rerendered = queueUrl ? await renderEndedEmbargoes(editions, now, new SqsRenderSignal(new SQSClient({}), queueUrl)) : [];
    if (published.length || rerendered.length) createJsonLogger({ serviceName: 'epaper-api' }).info('scheduled publish', { published, rerendered });
    return { statusCode: 200, body: JSON.stringify({ published, rerendered }) };
  }
  api ??= buildApi();
  try {
    return toResult(await (await api)(toApiRequest(event)));
  } catch (error) {
    // A failed build (e.g. the template missing) must be retried on the next request, not cached.
    api = undefined;
    throw error;
  }
}
