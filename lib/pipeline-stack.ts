/**
 * The pipeline: S3 events never call a function directly. Every article change goes through the
 * ingest queue (retries, dead letters, partial batch failures), and every "edition <date> changed"
 * signal through a FIFO render queue grouped by date, whose delivery delay turns a burst of uploads
 * into one render. Each function can touch only the keys it reads or owns.
 */
import { CfnOutput, Duration, Size, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmTopic } from './constructs/alarm-topic';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import { EpaperFunction, LAMBDA_NODE_MODULES_DIR } from './constructs/epaper-function';
import { grantListBucket, grantObjectActions } from './constructs/object-access';
import { QueueWithDlq } from './constructs/queue-with-dlq';
import { importBucket, type SharedBucketRef } from './constructs/shared-bucket';
import { shareQueue, type SharedQueueRef } from './constructs/shared-queue';
import { acknowledgeBucketNotificationsHandler } from './constructs/nag-acknowledgements';
import { HANDLER_ENTRIES } from './paths';
import { renderHeapLimitMb } from './render-memory';
import { FALLBACK_FONT_FILES } from '../lambdas/adapters/resources';
import { PATTERN_FILES } from '../lambdas/core/typeset/hyphenate';
import { ARTICLES_PREFIX, EDITIONS_PREFIX, NORMALIZED_PREFIX, REJECTED_PREFIX, REPORTS_PREFIX } from './storage-keys';

/** Font packages the render function reads as TTF files at run time. */
export const FONT_PACKAGES = [
  '@expo-google-fonts/source-serif-4',
  '@expo-google-fonts/playfair-display',
  '@expo-google-fonts/oswald',
] as const;

/**
 * Fallback fonts (Noto, for Hebrew, Thai, Lao, Khmer, Burmese, CJK and combining marks) the render function
 * reads: only the files it loads, with each package's package.json so that they resolve as from
 * an installed package. Installing the CJK packages whole would add 150 MB of unused weights.
 */
export const FALLBACK_FONT_ASSET_FILES: readonly string[] = [
  ...new Set(Object.values(FALLBACK_FONT_FILES).flatMap(({ pkg, file }) => [`node_modules/${pkg}/package.json`, `node_modules/${pkg}/${file}`])),
];

/**
 * The hyphenation patterns of the languages besides English (typeset/hyphenate.ts PATTERN_FILES),
 * as files: `hyphen` itself is bundled (English's patterns with it), and the others are read from
 * these only by an edition with a story in their language (adapters/hyphenation-patterns.ts).
 */
export const HYPHENATION_ASSET_FILES: readonly string[] = ['node_modules/hyphen/package.json', ...new Set(Object.values(PATTERN_FILES).map((file) => `node_modules/hyphen/patterns/${file}.js`))];

export interface PipelineStackProps extends StackProps {
  /** Newsroom uploads; exported by the storage stack. */
  readonly contentBucket: SharedBucketRef;
  /** Published editions; exported by the storage stack. */
  readonly editionsBucket: SharedBucketRef;
  /** Retention of every function log group. */
  readonly logRetention: RetentionDays;
  /** Deliveries before a message is dead-lettered (both queues). */
  readonly maxReceiveCount: number;
  readonly ingestMemorySizeMb: number;
  /** Per invocation; the ingest queue's visibility timeout is six times this (AWS's advice for SQS sources). */
  readonly ingestTimeout: Duration;
  /** Ingest messages per invocation. */
  readonly ingestBatchSize: number;
  /** At least 2048: Chromium. */
  readonly renderMemorySizeMb: number;
  /** Per edition; the render queue's visibility timeout is six times this. */
  readonly renderTimeout: Duration;
  /** /tmp, where Chromium unpacks. */
  readonly renderEphemeralStorageSize: Size;
  /** Editions rendered at once, at most; also caps the event source's concurrency. */
  readonly renderReservedConcurrency: number;
  /** Delay of every render message, to coalesce bursts of uploads for one date. */
  readonly renderQueueDelay: Duration;
  /** On-call addresses subscribed to the alarm topic (none: subscribe yourself). */
  readonly alarmEmails: readonly string[];
}

/** Ingest and render queues and functions, S3 notifications and alarms. */
export class PipelineStack extends Stack {
  readonly ingestQueue: QueueWithDlq;
  readonly renderQueue: QueueWithDlq;
  /** The render queue as other stacks find it (its ARN in SSM): the delivery stack's schedule sends to it. */
  readonly sharedRenderQueue: SharedQueueRef;
  readonly ingestFunction: EpaperFunction;
  readonly renderFunction: EpaperFunction;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);

    this.ingestQueue = new QueueWithDlq(this, 'IngestQueue', {
      visibilityTimeout: Duration.seconds(props.ingestTimeout.toSeconds() * 6),
      maxReceiveCount: props.maxReceiveCount,
    });
    this.renderQueue = new QueueWithDlq(this, 'RenderQueue', {
      fifo: true,
      contentBasedDeduplication: true,
      deliveryDelay: props.renderQueueDelay,
      visibilityTimeout: Duration.seconds(props.renderTimeout.toSeconds() * 6),
      maxReceiveCount: props.maxReceiveCount,
    });
    this.sharedRenderQueue = shareQueue(this.renderQueue.queue, 'RenderQueue');
    // The exports the delivery stack imported before it read the parameter, kept for one release:
    // deployed together, this stack (first) would delete them while the old delivery stack still
    // imports them, and CloudFormation refuses. Nothing imports them once the delivery stack is
    // deployed; remove these two lines in the release after.
    this.exportValue(this.renderQueue.queue.queueArn);
    this.exportValue(this.renderQueue.queue.queueUrl);

    // Imported, so the notification configuration resource lives here: subscribing on the storage
    // stack's own bucket would make storage depend on pipeline and pipeline on storage.
    const contentBucket = importBucket(this, 'ContentBucket', props.contentBucket);
    const editionsBucket = importBucket(this, 'EditionsBucket', props.editionsBucket);
    const toIngestQueue = new SqsDestination(this.ingestQueue.queue);
    contentBucket.addEventNotification(EventType.OBJECT_CREATED, toIngestQueue, { prefix: ARTICLES_PREFIX });
    contentBucket.addEventNotification(EventType.OBJECT_REMOVED, toIngestQueue, { prefix: ARTICLES_PREFIX });
    acknowledgeBucketNotificationsHandler(this);

    this.ingestFunction = new EpaperFunction(this, 'Ingest', {
      entry: HANDLER_ENTRIES.ingest,
      description: 'Reads a changed article as it is now, validates and normalizes it, and signals a render of its date.',
      memorySizeMb: props.ingestMemorySizeMb,
      timeout: props.ingestTimeout,
      logRetention: props.logRetention,
      // Pure JavaScript today, so all bundled. Should ingest start decoding photos, add 'sharp' here:
      // its native linux-x64 build cannot live inside an esbuild bundle.
      // The bucket comes from each event; only the render queue must be told.
      environment: { RENDER_QUEUE_URL: this.renderQueue.queue.queueUrl, POWERTOOLS_SERVICE_NAME: 'epaper-ingest' },
    });
    grantObjectActions(this.ingestFunction.function, contentBucket, ARTICLES_PREFIX, ['s3:GetObject']);
    for (const ownPrefix of [NORMALIZED_PREFIX, REJECTED_PREFIX]) {
      grantObjectActions(this.ingestFunction.function, contentBucket, ownPrefix, ['s3:PutObject', 's3:DeleteObject']);
    }
    // Read too: a report the render already completed for the same content is left alone.
    grantObjectActions(this.ingestFunction.function, contentBucket, REPORTS_PREFIX, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);
    grantListBucket(this.ingestFunction.function, contentBucket);
    this.renderQueue.queue.grantSendMessages(this.ingestFunction.function);
    this.ingestFunction.function.addEventSource(
      new SqsEventSource(this.ingestQueue.queue, {
        batchSize: props.ingestBatchSize,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
      }),
    );

    this.renderFunction = new EpaperFunction(this, 'Render', {
      entry: HANDLER_ENTRIES.render,
      description: 'Snapshots one date\'s inputs, composes the pages, prints them with Chromium and publishes the edition.',
      memorySizeMb: props.renderMemorySizeMb,
      heapLimitMb: renderHeapLimitMb(props.renderMemorySizeMb),
      timeout: props.renderTimeout,
      ephemeralStorageSize: props.renderEphemeralStorageSize,
      reservedConcurrentExecutions: props.renderReservedConcurrency,
      logRetention: props.logRetention,
      // Read as files at run time (Chromium's brotli archives, font TTFs, harfbuzz's wasm behind
      // subset-font), native (sharp), or required only when an edition needs it (fontkit,
      // adapters/resources.ts): installed as published, not bundled. puppeteer-core is bundled, as
      // in the command: its 360 modules installed took 200–300 ms of the cold render's main thread
      // to resolve and load (and 37 MB of the asset). lz4-napi (native) unpacks Chromium's binary,
      // which bundling repacks as chunked LZ4 (chromiumLz4).
      installedModules: ['@sparticuz/chromium', ...FONT_PACKAGES, 'fontkit', 'lz4-napi', 'sharp', 'subset-font'],
      copiedFiles: [...FALLBACK_FONT_ASSET_FILES, ...HYPHENATION_ASSET_FILES],
      includeTemplates: true,
      chromiumLz4: true,
      environment: {
        CONTENT_BUCKET: contentBucket.bucketName,
        EDITIONS_BUCKET: editionsBucket.bucketName,
        RENDER_QUEUE_URL: this.renderQueue.queue.queueUrl,
        EPAPER_FONTS_DIR: LAMBDA_NODE_MODULES_DIR,
        POWERTOOLS_SERVICE_NAME: 'epaper-render',
      },
    });
    grantObjectActions(this.renderFunction.function, contentBucket, ARTICLES_PREFIX, ['s3:GetObject']);
    // The per-file reports, once the pages each upload printed on are known, and the deletion of
    // those whose upload is gone (reconciled on every render; the listing says which, never a read).
    grantObjectActions(this.renderFunction.function, contentBucket, REPORTS_PREFIX, ['s3:PutObject', 's3:DeleteObject']);
    grantListBucket(this.renderFunction.function, contentBucket);
    grantObjectActions(this.renderFunction.function, editionsBucket, EDITIONS_PREFIX, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);
    grantListBucket(this.renderFunction.function, editionsBucket);
    // "Inputs changed while I worked": the render function re-enqueues its own date.
    this.renderQueue.queue.grantSendMessages(this.renderFunction.function);
    this.renderFunction.function.addEventSource(
      new SqsEventSource(this.renderQueue.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        // Polling beyond the reserved concurrency only produces throttles and early dead letters.
        maxConcurrency: props.renderReservedConcurrency >= 2 ? props.renderReservedConcurrency : undefined,
      }),
    );

    const alarmTopic = new AlarmTopic(this, 'Alarms', { emails: props.alarmEmails });
    alarmTopic.notify(this.ingestQueue.deadLetterAlarm, this.renderQueue.deadLetterAlarm);
    for (const [name, fn] of [['Ingest', this.ingestFunction], ['Render', this.renderFunction]] as const) {
      const errors = new Alarm(this, `${name}ErrorsAlarm`, {
        alarmDescription: `The ${name.toLowerCase()} function failed (threw or timed out); its messages are being retried.`,
        metric: fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarmTopic.notify(errors);
    }

    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topic.topicArn, description: 'Subscribe on-call (email, chat, pager) to hear the pipeline alarms.' });
    new CfnOutput(this, 'IngestQueueUrl', { value: this.ingestQueue.queue.queueUrl });
    new CfnOutput(this, 'IngestDeadLetterQueueUrl', { value: this.ingestQueue.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'RenderQueueUrl', { value: this.renderQueue.queue.queueUrl });
    new CfnOutput(this, 'RenderDeadLetterQueueUrl', { value: this.renderQueue.deadLetterQueue.queueUrl });
    // Ops invoke it once after a deploy to mark the proofs made before markers (docs/DEPLOY.md): it may write them, the API may not.
    new CfnOutput(this, 'RenderFunctionName', { value: this.renderFunction.function.functionName, description: 'Invoke once with {"epaper":"mark-proofs"} after deploying over proofs made before their desk markers.' });
  }
}
