/**
 * The composition root of the infrastructure: turns a validated EpaperConfig into the three stacks
 * and wires the buckets between them. bin/app.ts calls it with the config read from cdk.json; the
 * infra tests call it with their own.
 */
import { Annotations, Duration, Size, type App } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { EpaperConfig } from './config';
import { DeliveryStack } from './delivery-stack';
import { PipelineStack } from './pipeline-stack';
import { StorageStack } from './storage-stack';

/** The stacks of one installation. */
export interface EpaperStacks {
  readonly storage: StorageStack;
  readonly pipeline: PipelineStack;
  readonly delivery: DeliveryStack;
}

/** Adds the storage, pipeline and delivery stacks for `config` to `app`. */
export function buildEpaperStacks(app: App, config: EpaperConfig): EpaperStacks {
  const env = config.env;
  // The config only admits CloudWatch's own retention values, which are RetentionDays' values.
  const logRetention = config.logRetentionDays as RetentionDays;
  const description = 'epaper: newsroom articles in S3 to a print-style PDF edition';

  const storage = new StorageStack(app, `${config.stackPrefix}Storage`, {
    env,
    description: `${description} (storage; buckets are retained on deletion)`,
    noncurrentVersionExpirationDays: config.noncurrentVersionExpirationDays,
    accessLogExpirationDays: config.accessLogExpirationDays,
  });

  const pipeline = new PipelineStack(app, `${config.stackPrefix}Pipeline`, {
    env,
    description: `${description} (ingest and render pipeline)`,
    contentBucket: storage.sharedContentBucket,
    editionsBucket: storage.sharedEditionsBucket,
    logRetention,
    maxReceiveCount: config.maxReceiveCount,
    ingestMemorySizeMb: config.ingest.memoryMb,
    ingestTimeout: Duration.seconds(config.ingest.timeoutSeconds),
    ingestBatchSize: config.ingest.batchSize,
    renderMemorySizeMb: config.render.memoryMb,
    renderTimeout: Duration.seconds(config.render.timeoutSeconds),
    renderEphemeralStorageSize: Size.mebibytes(config.render.ephemeralStorageMb),
    renderReservedConcurrency: config.render.reservedConcurrency,
    renderQueueDelay: Duration.seconds(config.render.queueDelaySeconds),
    alarmEmails: config.alarmEmails,
  });

  const delivery = new DeliveryStack(app, `${config.stackPrefix}Delivery`, {
    env,
    description: `${description} (subscriber API and sign-in)`,
    editionsBucket: storage.sharedEditionsBucket,
    identity:
      config.auth.kind === 'cognito'
        ? { kind: 'cognito', domainPrefix: config.auth.domainPrefix, extraCallbackUrls: config.auth.callbackUrls, email: config.auth.email }
        : config.auth,
    linkLifetimeSeconds: config.api.linkLifetimeSeconds,
    apiMemorySizeMb: config.api.memoryMb,
    throttleRatePerSecond: config.api.throttleRatePerSecond,
    throttleBurst: config.api.throttleBurst,
    logRetention,
    renderQueue: pipeline.sharedRenderQueue,
    alarmEmails: config.alarmEmails,
  });

  if (config.stage !== 'dev' && config.auth.kind === 'cognito' && !config.auth.email) {
    Annotations.of(delivery).addWarningV2(
      'epaper:cognito-default-email',
      "The user pools mail invitations and codes through Cognito's own sender, about 50 mails a day from its own address: set auth.email (an address verified in Amazon SES) before inviting subscribers (docs/DEPLOY.md).",
    );
  }

  return { storage, pipeline, delivery };
}
