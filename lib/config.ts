/**
 * The deployment settings of one epaper installation, read once from the `epaper` object of the
 * CDK context (cdk.json, or `-c epaper='{…}'`) and validated here, before any construct exists, so
 * that a typo fails `cdk synth` with one sentence naming the setting instead of a CloudFormation
 * rollback twenty minutes later.
 */
import { renderMemoryMb } from './render-memory';

/** Who signs subscriber tokens: a user pool the stack creates, or an identity provider you run. */
export type SubscriberAuthConfig =
  | {
      readonly kind: 'cognito';
      /** Hosted sign-in domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); globally unique per region. */
      readonly domainPrefix: string;
      /** Extra OAuth callback URLs besides the API's own `/` (e.g. the local reader page). */
      readonly callbackUrls: readonly string[];
      /** Who the pools' mail (invitations, codes) comes from; absent: Cognito's own sender, about 50 mails a day. */
      readonly email?: CognitoEmailConfig;
    }
  | {
      readonly kind: 'external';
      /** The `iss` claim tokens must carry (https URL). */
      readonly issuer: string;
      /** Where the issuer publishes its signing keys (https URL). */
      readonly jwksUrl: string;
      /** The `aud` claim tokens must carry. */
      readonly audience: string;
    };

/**
 * The user pools' mail through Amazon SES: the address must be verified in SES (or its domain,
 * `sesVerifiedDomain`), in `sesRegion`, with the account out of SES's sandbox.
 */
export interface CognitoEmailConfig {
  readonly fromAddress: string;
  readonly fromName?: string;
  readonly replyTo?: string;
  /** Where the SES identity lives; absent: the stacks' `env.region` (required when that is unset). */
  readonly sesRegion: string;
  /** The verified SES identity is this domain rather than `fromAddress` itself. */
  readonly sesVerifiedDomain?: string;
}

/** Typed, validated settings; every field has a default except what only ops can know. */
export interface EpaperConfig {
  /**
   * `dev` for a trial installation; anything else (e.g. `prod`) makes synth refuse the committed
   * placeholders that only suit a trial: the Cognito domain prefix and http://localhost callbacks.
   */
  readonly stage: string;
  /** Prefix of the three stack names, e.g. `Epaper` → `EpaperStorage`, `EpaperPipeline`, `EpaperDelivery`. */
  readonly stackPrefix: string;
  /** Pin the stacks to an account/region; absent means environment-agnostic (synth needs no credentials). */
  readonly env?: { readonly account?: string; readonly region?: string };
  /** Old object versions in the content and editions buckets are deleted this many days after being replaced. */
  readonly noncurrentVersionExpirationDays: number;
  /** Server access logs are deleted after this many days. */
  readonly accessLogExpirationDays: number;
  /** CloudWatch Logs retention of every function and of the API access log (a valid RetentionDays value). */
  readonly logRetentionDays: number;
  /** Deliveries of one message before it moves to its dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly ingest: {
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    /** Messages per invocation; failures are reported per message. */
    readonly batchSize: number;
  };
  readonly render: {
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    /** /tmp size; Chromium unpacks ~200 MB there and the edition is staged beside it. */
    readonly ephemeralStorageMb: number;
    /** Upper bound on editions rendered at once (protects the account's concurrency pool). */
    readonly reservedConcurrency: number;
    /** Every render message waits this long, so a burst of uploads for one date is listed by one render (the rest of its messages are then `covered`). */
    readonly queueDelaySeconds: number;
  };
  readonly api: {
    readonly memoryMb: number;
    /** Lifetime of a presigned download link (never more than an hour). */
    readonly linkLifetimeSeconds: number;
    readonly throttleRatePerSecond: number;
    readonly throttleBurst: number;
  };
  readonly auth: SubscriberAuthConfig;
  /** Addresses the alarm topic mails (each confirms its subscription once); none: subscribe on-call yourself. */
  readonly alarmEmails: readonly string[];
}

/** CloudWatch Logs accepts only these retention periods (days). */
const VALID_LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The defaults cdk.json repeats, so that an empty `epaper` object still synthesizes. */
export const DEFAULT_EPAPER_CONFIG: EpaperConfig = {
  stage: 'dev',
  stackPrefix: 'Epaper',
  noncurrentVersionExpirationDays: 30,
  accessLogExpirationDays: 365,
  logRetentionDays: 30,
  maxReceiveCount: 5,
  ingest: { memoryMb: 1024, timeoutSeconds: 60, batchSize: 10 },
  render: {
    // From the measured peak, with the headroom rule: lib/render-memory.ts.
    memoryMb: renderMemoryMb(),
    timeoutSeconds: 300,
    ephemeralStorageMb: 2048,
    reservedConcurrency: 5,
    queueDelaySeconds: 10,
  },
  api: { memoryMb: 512, linkLifetimeSeconds: 300, throttleRatePerSecond: 50, throttleBurst: 100 },
  auth: { kind: 'cognito', domainPrefix: 'epaper-subscribers', callbackUrls: ['http://localhost:8787/'] },
  alarmEmails: [],
};

/** A configuration mistake, reported with the dotted path of the offending setting. */
export class EpaperConfigError extends Error {
  constructor(path: string, problem: string) {
    super(`Invalid CDK context setting "epaper${path ? '.' + path : ''}": ${problem}`);
    this.name = 'EpaperConfigError';
  }
}

type Raw = Record<string, unknown>;

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function objectAt(value: unknown, path: string): Raw {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new EpaperConfigError(path, `expected an object, got ${describe(value)}.`);
  }
  return value as Raw;
}

/** Unknown keys are almost always typos; silently ignoring them would deploy defaults instead. */
function rejectUnknownKeys(raw: Raw, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) {
      const where = path ? `${path}.${key}` : key;
      throw new EpaperConfigError(where, `unknown setting (allowed here: ${allowed.join(', ')}).`);
    }
  }
}

function integerAt(raw: Raw, key: string, path: string, fallback: number, min: number, max: number): number {
  const value = raw[key] ?? fallback;
  const where = path ? `${path}.${key}` : key;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new EpaperConfigError(where, `expected a whole number from ${min} to ${max}, got ${describe(raw[key])}.`);
  }
  return value;
}

function stringAt(raw: Raw, key: string, path: string, fallback: string | undefined, pattern: RegExp, expected: string): string {
  const value = raw[key] ?? fallback;
  const where = path ? `${path}.${key}` : key;
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new EpaperConfigError(where, `expected ${expected}, got ${describe(raw[key])}.`);
  }
  return value;
}

const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;
const HTTP_URL = /^https?:\/\/[^\s/]+(\/\S*)?$/;

function parseAuth(value: unknown, region: string | undefined): SubscriberAuthConfig {
  const raw = objectAt(value, 'auth');
  const external = ['issuer', 'jwksUrl', 'audience'].some((key) => raw[key] !== undefined);
  if (external) {
    rejectUnknownKeys(raw, ['issuer', 'jwksUrl', 'audience'], 'auth');
    return {
      kind: 'external',
      issuer: stringAt(raw, 'issuer', 'auth', undefined, HTTPS_URL, 'an https URL (with issuer, jwksUrl and audience all set)'),
      jwksUrl: stringAt(raw, 'jwksUrl', 'auth', undefined, HTTPS_URL, 'an https URL (with issuer, jwksUrl and audience all set)'),
      audience: stringAt(raw, 'audience', 'auth', undefined, /^\S{1,256}$/, 'a non-empty audience without spaces'),
    };
  }
  rejectUnknownKeys(raw, ['cognitoDomainPrefix', 'callbackUrls', 'email', 'issuer', 'jwksUrl', 'audience'], 'auth');
  const fallback = DEFAULT_EPAPER_CONFIG.auth as Extract<SubscriberAuthConfig, { kind: 'cognito' }>;
  // Cognito's own rule: lowercase letters, digits and hyphens, no reserved words.
  const domainPrefix = stringAt(
    raw,
    'cognitoDomainPrefix',
    'auth',
    fallback.domainPrefix,
    // 58 of Cognito's 63: the editors' sign-in domain is this prefix with "-desk" (EDITOR_DOMAIN_SUFFIX).
    /^[a-z0-9](?:[a-z0-9-]{0,56}[a-z0-9])?$/,
    'lowercase letters, digits and inner hyphens (at most 58 characters: the editors\' sign-in adds "-desk")',
  );
  if (/aws|amazon|cognito/.test(domainPrefix)) {
    throw new EpaperConfigError('auth.cognitoDomainPrefix', `Cognito refuses prefixes containing "aws", "amazon" or "cognito", got "${domainPrefix}".`);
  }
  const urls = raw.callbackUrls ?? fallback.callbackUrls;
  if (!Array.isArray(urls) || !urls.every((url) => typeof url === 'string' && HTTP_URL.test(url))) {
    throw new EpaperConfigError('auth.callbackUrls', `expected a list of http(s) URLs, got ${describe(raw.callbackUrls)}.`);
  }
  const email = raw.email === undefined ? undefined : parseCognitoEmail(raw.email, region);
  return { kind: 'cognito', domainPrefix, callbackUrls: urls as string[], ...(email ? { email } : {}) };
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

function parseCognitoEmail(value: unknown, stackRegion: string | undefined): CognitoEmailConfig {
  const path = 'auth.email';
  const raw = objectAt(value, path);
  rejectUnknownKeys(raw, ['fromAddress', 'fromName', 'replyTo', 'sesRegion', 'sesVerifiedDomain'], path);
  const fromAddress = stringAt(raw, 'fromAddress', path, undefined, EMAIL, 'the sender address verified in Amazon SES, e.g. "epaper@herald.example"');
  const optional = (key: string, pattern: RegExp, expected: string) => (raw[key] === undefined ? undefined : stringAt(raw, key, path, undefined, pattern, expected));
  const fromName = optional('fromName', /^[^\r\n<>"]{1,64}$/, 'a display name of at most 64 characters, without quotes, angle brackets or line breaks');
  const replyTo = optional('replyTo', EMAIL, 'an email address');
  const sesVerifiedDomain = optional('sesVerifiedDomain', DOMAIN, 'a domain name such as "herald.example"');
  const sesRegion = optional('sesRegion', REGION, 'a region name such as eu-west-1') ?? stackRegion;
  if (!sesRegion) {
    throw new EpaperConfigError(`${path}.sesRegion`, 'the SES identity\'s region is needed when env.region is unset (the stacks are environment-agnostic), e.g. "eu-west-1".');
  }
  if (sesVerifiedDomain && !fromAddress.toLowerCase().endsWith(`@${sesVerifiedDomain.toLowerCase()}`)) {
    throw new EpaperConfigError(`${path}.fromAddress`, `${fromAddress} is not an address of sesVerifiedDomain "${sesVerifiedDomain}"; SES sends only from the verified identity.`);
  }
  return { fromAddress, sesRegion, ...(fromName ? { fromName } : {}), ...(replyTo ? { replyTo } : {}), ...(sesVerifiedDomain ? { sesVerifiedDomain } : {}) };
}

function parseEnv(value: unknown): EpaperConfig['env'] {
  if (value === undefined) return undefined;
  const raw = objectAt(value, 'env');
  rejectUnknownKeys(raw, ['account', 'region'], 'env');
  const account = raw.account === undefined ? undefined : stringAt(raw, 'account', 'env', undefined, /^\d{12}$/, 'a 12-digit account id');
  const region = raw.region === undefined ? undefined : stringAt(raw, 'region', 'env', undefined, REGION, 'a region name such as eu-west-1');
  return { account, region };
}

/** A deliberately plain address check: SNS itself mails a confirmation, which is the real test. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function parseAlarmEmails(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && EMAIL.test(item))) {
    throw new EpaperConfigError('alarmEmails', `expected a list of email addresses, got ${describe(value)}.`);
  }
  return [...new Set(value as string[])];
}

/**
 * Outside the `dev` stage (issue 13, item 6): the committed Cognito domain prefix is a placeholder
 * someone else may already own (and would put every installation's sign-in on one name), and a
 * callback to http://localhost would hand a production ID token to whatever listens on the
 * subscriber's own machine.
 */
function refuseTrialPlaceholders(auth: SubscriberAuthConfig): void {
  if (auth.kind !== 'cognito') return;
  const placeholder = (DEFAULT_EPAPER_CONFIG.auth as Extract<SubscriberAuthConfig, { kind: 'cognito' }>).domainPrefix;
  if (auth.domainPrefix === placeholder) {
    throw new EpaperConfigError(
      'auth.cognitoDomainPrefix',
      `"${placeholder}" is the committed placeholder; outside the dev stage set auth.cognitoDomainPrefix to your own prefix (e.g. "herald-epaper"), unique in the region.`,
    );
  }
  const local = auth.callbackUrls.find((url) => /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])([:/]|$)/i.test(url));
  if (local) {
    throw new EpaperConfigError(
      'auth.callbackUrls',
      `${local} is for local development; outside the dev stage set auth.callbackUrls to your reader page's https URLs (or [] for the API's own page only).`,
    );
  }
}

/**
 * Validates the raw `epaper` context value (object, JSON string, or absent) into an EpaperConfig;
 * throws EpaperConfigError naming the first bad setting.
 */
export function parseEpaperConfig(context: unknown): EpaperConfig {
  let value = context;
  if (typeof value === 'string') {
    // `cdk synth -c epaper='{"render":{…}}'` arrives as a string.
    try {
      value = JSON.parse(value);
    } catch {
      throw new EpaperConfigError('', 'the -c value is not valid JSON.');
    }
  }
  const raw = objectAt(value, '');
  rejectUnknownKeys(
    raw,
    ['stage', 'stackPrefix', 'env', 'noncurrentVersionExpirationDays', 'accessLogExpirationDays', 'logRetentionDays', 'maxReceiveCount', 'ingest', 'render', 'api', 'auth', 'alarmEmails'],
    '',
  );
  const d = DEFAULT_EPAPER_CONFIG;

  const logRetentionDays = integerAt(raw, 'logRetentionDays', '', d.logRetentionDays, 1, 3653);
  if (!(VALID_LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    throw new EpaperConfigError('logRetentionDays', `CloudWatch Logs accepts only ${VALID_LOG_RETENTION_DAYS.join(', ')}; got ${logRetentionDays}.`);
  }

  const ingestRaw = objectAt(raw.ingest, 'ingest');
  rejectUnknownKeys(ingestRaw, ['memoryMb', 'timeoutSeconds', 'batchSize'], 'ingest');
  const renderRaw = objectAt(raw.render, 'render');
  rejectUnknownKeys(renderRaw, ['memoryMb', 'timeoutSeconds', 'ephemeralStorageMb', 'reservedConcurrency', 'queueDelaySeconds'], 'render');
  const apiRaw = objectAt(raw.api, 'api');
  rejectUnknownKeys(apiRaw, ['memoryMb', 'linkLifetimeSeconds', 'throttleRatePerSecond', 'throttleBurst'], 'api');

  const stage = stringAt(raw, 'stage', '', d.stage, /^[a-z][a-z0-9-]{0,31}$/, 'a stage name such as dev or prod (lowercase letters, digits, hyphens)');
  const env = parseEnv(raw.env);
  const auth = parseAuth(raw.auth, env?.region);
  if (stage !== 'dev') refuseTrialPlaceholders(auth);

  return {
    stage,
    stackPrefix: stringAt(raw, 'stackPrefix', '', d.stackPrefix, /^[A-Za-z][A-Za-z0-9-]{0,63}$/, 'a stack name prefix (letters, digits, hyphens; starting with a letter)'),
    env,
    noncurrentVersionExpirationDays: integerAt(raw, 'noncurrentVersionExpirationDays', '', d.noncurrentVersionExpirationDays, 1, 3650),
    accessLogExpirationDays: integerAt(raw, 'accessLogExpirationDays', '', d.accessLogExpirationDays, 1, 3650),
    logRetentionDays,
    maxReceiveCount: integerAt(raw, 'maxReceiveCount', '', d.maxReceiveCount, 1, 1000),
    ingest: {
      memoryMb: integerAt(ingestRaw, 'memoryMb', 'ingest', d.ingest.memoryMb, 128, 10240),
      timeoutSeconds: integerAt(ingestRaw, 'timeoutSeconds', 'ingest', d.ingest.timeoutSeconds, 1, 900),
      batchSize: integerAt(ingestRaw, 'batchSize', 'ingest', d.ingest.batchSize, 1, 10),
    },
    render: {
      // Chromium needs the memory; below 2 GB large editions crash or crawl.
      memoryMb: integerAt(renderRaw, 'memoryMb', 'render', d.render.memoryMb, 2048, 10240),
      timeoutSeconds: integerAt(renderRaw, 'timeoutSeconds', 'render', d.render.timeoutSeconds, 30, 900),
      ephemeralStorageMb: integerAt(renderRaw, 'ephemeralStorageMb', 'render', d.render.ephemeralStorageMb, 512, 10240),
      reservedConcurrency: integerAt(renderRaw, 'reservedConcurrency', 'render', d.render.reservedConcurrency, 1, 100),
      queueDelaySeconds: integerAt(renderRaw, 'queueDelaySeconds', 'render', d.render.queueDelaySeconds, 0, 900),
    },
    api: {
      memoryMb: integerAt(apiRaw, 'memoryMb', 'api', d.api.memoryMb, 128, 10240),
      linkLifetimeSeconds: integerAt(apiRaw, 'linkLifetimeSeconds', 'api', d.api.linkLifetimeSeconds, 1, 3600),
      throttleRatePerSecond: integerAt(apiRaw, 'throttleRatePerSecond', 'api', d.api.throttleRatePerSecond, 1, 10000),
      throttleBurst: integerAt(apiRaw, 'throttleBurst', 'api', d.api.throttleBurst, 1, 5000),
    },
    auth,
    alarmEmails: parseAlarmEmails(raw.alarmEmails),
  };
}
