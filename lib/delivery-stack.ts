/**
 * Delivery: how subscribers get editions. An HTTP API in front of one function that serves the
 * reader page, lists editions and redirects downloads to short-lived presigned URLs, and (unless an
 * external identity provider is configured) the Cognito user pool whose tokens it accepts.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EpaperFunction } from './constructs/epaper-function';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmTopic } from './constructs/alarm-topic';
import { grantListBucket, grantObjectActions, grantObjectKeys } from './constructs/object-access';
import { PublishSchedule } from './constructs/publish-schedule';
import { importBucket, type SharedBucketRef } from './constructs/shared-bucket';
import { importQueue, type SharedQueueRef } from './constructs/shared-queue';
import { EditorUserPool, SubscriberUserPool, type TokenVerification } from './constructs/subscriber-auth';
import type { CognitoEmailConfig } from './config';
import { SubscriberHttpApi } from './constructs/subscriber-http-api';
import { HANDLER_ENTRIES } from './paths';
import { EDITIONS_PREFIX, PENDING_REPAIR_KEYS, PUBLICATION_KEYS, WITHDRAWAL_KEYS } from './storage-keys';
import { SCHEDULED_PUBLISH_INPUT, SCHEDULED_PUBLISH_POLICY } from '../lambdas/core/publish';

/** S3 caps presigned URLs made with temporary (role) credentials at the session; an hour is our own cap. */
export const MAX_LINK_LIFETIME_SECONDS = 3600;

/** Either a user pool this stack creates, or an issuer you already run. */
export type SubscriberIdentity =
  | { readonly kind: 'cognito'; readonly domainPrefix: string; readonly extraCallbackUrls: readonly string[]; readonly email?: CognitoEmailConfig }
  | ({ readonly kind: 'external' } & TokenVerification);

export interface DeliveryStackProps extends StackProps {
  /** Published editions; exported by the storage stack. */
  readonly editionsBucket: SharedBucketRef;
  /** Who signs the tokens the API accepts. */
  readonly identity: SubscriberIdentity;
  /** Lifetime of a presigned download link, 1…3600 seconds. */
  readonly linkLifetimeSeconds: number;
  readonly apiMemorySizeMb: number;
  /** Stage throttling: steady requests per second. */
  readonly throttleRatePerSecond: number;
  /** Stage throttling: burst above the steady rate. */
  readonly throttleBurst: number;
  /** Retention of the function log and the API access log. */
  readonly logRetention: RetentionDays;
  /**
   * The render queue (its ARN in SSM, written by the pipeline stack): the publish schedule renders a
   * date again when an embargo its proof held has ended.
   */
  readonly renderQueue?: SharedQueueRef;
  /** On-call addresses subscribed to this stack's alarm topic (none: subscribe yourself). */
  readonly alarmEmails?: readonly string[];
}

/** Subscriber HTTP API, its function, and the subscriber user pool. */
export class DeliveryStack extends Stack {
  readonly api: SubscriberHttpApi;
  readonly apiFunction: EpaperFunction;
  readonly userPool?: SubscriberUserPool;
  /** The editors' own pool (TOTP required), with the subscribers' Cognito pool. */
  readonly editorPool?: EditorUserPool;
  readonly publishSchedule: PublishSchedule;
  /** The share links' HMAC key (the reader's metered links); only the API function reads it. */
  readonly shareSecret: Secret;

  constructor(scope: Construct, id: string, props: DeliveryStackProps) {
    super(scope, id, props);
    const lifetime = props.linkLifetimeSeconds;
    if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_LINK_LIFETIME_SECONDS) {
      throw new Error(`${this.node.path}: linkLifetimeSeconds must be a whole number from 1 to ${MAX_LINK_LIFETIME_SECONDS}, got ${lifetime}.`);
    }

    const editionsBucket = importBucket(this, 'EditionsBucket', props.editionsBucket);
    const renderQueue = props.renderQueue && importQueue(this, 'RenderQueue', props.renderQueue);

    this.api = new SubscriberHttpApi(this, 'SubscriberApi', {
      throttleRatePerSecond: props.throttleRatePerSecond,
      throttleBurst: props.throttleBurst,
      accessLogRetention: props.logRetention,
    });

    let verification: TokenVerification;
    let signInEnvironment: Record<string, string> = {};
    if (props.identity.kind === 'cognito') {
      this.userPool = new SubscriberUserPool(this, 'Subscribers', {
        domainPrefix: props.identity.domainPrefix,
        callbackUrls: [this.api.url, ...props.identity.extraCallbackUrls],
        email: props.identity.email,
      });
      // Editors sign in to a pool of their own, with TOTP required: Cognito sets MFA per pool, and
      // an editor's password alone published to every subscriber (an adversarial review).
      this.editorPool = new EditorUserPool(this, 'Editors', {
        domainPrefix: props.identity.domainPrefix,
        callbackUrls: [`${this.api.url}desk`],
        email: props.identity.email,
      });
      verification = this.userPool.verification;
      const editors = this.editorPool.verification;
      signInEnvironment = {
        // Cognito puts `aud` only into ID tokens, so those are what the function accepts.
        TOKEN_USE: 'id',
        HOSTED_UI_URL: this.userPool.signInUrl(this.api.url),
        EDITOR_JWT_ISSUER: editors.issuer,
        EDITOR_JWKS_URL: editors.jwksUrl,
        EDITOR_JWT_AUDIENCE: editors.audience,
        DESK_HOSTED_UI_URL: this.editorPool.signInUrl(`${this.api.url}desk`),
      };
    } else {
      const { issuer, jwksUrl, audience } = props.identity;
      verification = { issuer, jwksUrl, audience };
    }

    // Generated at deploy time, never in the template nor in the function's configuration: the
    // function reads it by ARN on its first request.
    this.shareSecret = new Secret(this, 'ShareLinkSecret', {
      description: 'HMAC key of the reader\'s share links and their meter cookie (epaper API function).',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // A new key on every re-creation only ends the links already shared; nothing else depends on it.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.shareSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating the share-link key would end every link already shared (they live 7 days) and reset the meter; an operator rotates it by hand (a new value) when it may have leaked.',
    });

    this.apiFunction = new EpaperFunction(this, 'Api', {
      entry: HANDLER_ENTRIES.api,
      description: 'Subscriber API: reader and desk pages, edition list and manifests, 302 to presigned PDF links after JWT verification; editors publish, roll back and withdraw.',
      memorySizeMb: props.apiMemorySizeMb,
      timeout: Duration.seconds(10),
      logRetention: props.logRetention,
      // The reader page is a template.
      includeTemplates: true,
      environment: {
        EDITIONS_BUCKET: editionsBucket.bucketName,
        JWT_ISSUER: verification.issuer,
        JWKS_URL: verification.jwksUrl,
        JWT_AUDIENCE: verification.audience,
        LINK_LIFETIME_SECONDS: String(lifetime),
        POWERTOOLS_SERVICE_NAME: 'epaper-api',
        ...signInEnvironment,
        ...(renderQueue ? { RENDER_QUEUE_URL: renderQueue.queueUrl } : {}),
        SHARE_SECRET_ARN: this.shareSecret.secretArn,
      },
    });
    this.shareSecret.grantRead(this.apiFunction.function);
    // Send only: the schedule asks for a render of a date whose embargo ended; it never reads the queue.
    renderQueue?.grantSendMessages(this.apiFunction.function);
    // Presigned URLs carry the function's own permission: it may read editions…
    grantObjectActions(this.apiFunction.function, editionsBucket, EDITIONS_PREFIX, ['s3:GetObject']);
    grantListBucket(this.apiFunction.function, editionsBucket);
    // …and, for an editor's publish or rollback (or a due publishAt), write the pointer, the history,
    // the index and the convenience copy: never a version, a proof or anything else.
    grantObjectKeys(this.apiFunction.function, editionsBucket, PUBLICATION_KEYS, ['s3:PutObject']);
    // …and, for an editor's withdrawal, delete the pointer and the convenience copy: nothing else.
    grantObjectKeys(this.apiFunction.function, editionsBucket, WITHDRAWAL_KEYS, ['s3:DeleteObject']);
    // …and, around each of those acts, write and delete the date's pending-repair marker, which the
    // schedule finishes and deletes when a run was cut short: that key per date and no other.
    grantObjectKeys(this.apiFunction.function, editionsBucket, PENDING_REPAIR_KEYS, ['s3:PutObject']);
    grantObjectKeys(this.apiFunction.function, editionsBucket, PENDING_REPAIR_KEYS, ['s3:DeleteObject']);
    this.publishSchedule = new PublishSchedule(this, 'PublishSchedule', {
      target: this.apiFunction.function,
      rateMinutes: SCHEDULED_PUBLISH_POLICY.rateMinutes,
      input: SCHEDULED_PUBLISH_INPUT,
    });
    this.api.routeTo(this.apiFunction.function);

    // Heard by on-call (an adversarial review: a publishAt run failing every minute, or an editor's
    // publish failing, went unseen): the function failing (thrown or timed out: a subscriber's
    // 4xx is an answer, not an error), and the schedule giving up on invoking it. This stack's own
    // topic, so that it needs nothing of the pipeline's beyond the render queue.
    const alarmTopic = new AlarmTopic(this, 'Alarms', { emails: props.alarmEmails ?? [] });
    const alarmOn = (name: string, description: string, metric: IMetric) =>
      new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    alarmTopic.notify(
      alarmOn('ApiErrorsAlarm', 'The API function failed (threw or timed out): a subscriber, an editor or a due publishAt got no answer.', this.apiFunction.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' })),
      alarmOn(
        'PublishScheduleDroppedAlarm',
        'EventBridge Scheduler could not invoke the API function to publish due proofs (its invocations were dropped): publishAt editions wait.',
        new Metric({ namespace: 'AWS/Scheduler', metricName: 'InvocationDroppedCount', dimensionsMap: { ScheduleGroup: 'default' }, period: Duration.minutes(5), statistic: 'Sum' }),
      ),
    );
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topic.topicArn, description: 'Subscribe on-call to hear the API and publish-schedule alarms.' });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Reader page; the API routes hang below it.' });
    if (this.userPool) {
      new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: this.userPool.client.userPoolClientId });
      new CfnOutput(this, 'HostedSignInUrl', { value: this.userPool.signInUrl(this.api.url) });
    }
    if (this.editorPool) {
      new CfnOutput(this, 'EditorPoolId', { value: this.editorPool.userPool.userPoolId, description: 'Editors are made here (aws cognito-idp admin-create-user); each sets up TOTP at the first sign-in.' });
      new CfnOutput(this, 'EditorPoolClientId', { value: this.editorPool.client.userPoolClientId });
      new CfnOutput(this, 'DeskSignInUrl', { value: this.editorPool.signInUrl(`${this.api.url}desk`) });
    }
    new CfnOutput(this, 'JwtIssuer', { value: verification.issuer });
  }
}
