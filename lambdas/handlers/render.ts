// Flow: ingest λ → render queue (SQS FIFO, group = date) → THIS → editions bucket (version, proof; pointer and index when published) + reports/ in the content bucket.
/**
 * The render Lambda: each message `{ "date": "YYYY-MM-DD" }` runs renderAndPublish for that date.
 * The queue is FIFO per date, so two renders of one date never overlap; a failing message is
 * reported as a partial batch failure (and later records of its group wait, as FIFO requires).
 *
 * Environment: CONTENT_BUCKET, EDITIONS_BUCKET, RENDER_QUEUE_URL, EPAPER_TEMPLATES_DIR (templates
 * copied into the asset), THUMBNAIL_WIDTH_PX (optional, default 240).
 */
// First: in Lambda, Chromium starts unpacking before the other modules of the bundle are evaluated.
import './render-prestart';
// Then V8's tiering for a process that builds editions (see the module).
import '../adapters/v8-tiering';
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MARK_PROOFS_INPUT, markProofsMadeBeforeMarkers, renderAndPublish, type PublishOutcome, type PublishPorts } from '../core/publish';
import { READER_POLICY } from '../core/reader';
import { createEditionBuilder } from '../adapters/edition-builder';
import { createJsonLogger, recordFailure } from '../adapters/logger';
import { createS3Client, S3ObjectStore } from '../adapters/s3-store';
import { SqsRenderSignal } from '../adapters/sqs-signal';

/** The date a render message asks for; malformed bodies are a bug upstream and fail loudly. */
export function renderDateFromMessage(body: string): string {
  const parsed = JSON.parse(body) as { date?: unknown };
  if (typeof parsed?.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(parsed.date)) {
    throw new Error(`render message without a valid date: ${body.slice(0, 200)}`);
  }
  return parsed.date;
}

/** Builds the SQS handler over the publish ports (tests pass fakes). */
export function createRenderHandler(ports: PublishPorts, onOutcome?: (date: string, outcome: PublishOutcome) => void) {
  const publish = renderAndPublish(ports);
  // FIFO processor: records run one after another, and after a failure the rest of that date's
  // group is returned unprocessed, so a date's renders never overtake each other.
  const processor = new SqsFifoPartialProcessorAsync();
  const processRecord = async (record: SQSRecord): Promise<void> => {
    let date: string | undefined;
    try {
      date = renderDateFromMessage(record.body);
      const sent = Number(record.attributes?.SentTimestamp);
      const outcome = await publish(date, Number.isFinite(sent) && sent > 0 ? { sentAt: new Date(sent) } : undefined);
      onOutcome?.(date, outcome);
    } catch (error) {
      // As for ingest: the processor keeps the error; the log line is where on-call finds it.
      ports.logger.warn('render of a message failed; it is retried, then dead-lettered', recordFailure(record, error, { date }));
      throw error;
    }
  };
  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, processRecord, processor, { context, skipGroupOnError: true });
}

const jsonLogger = createJsonLogger({ serviceName: 'epaper-render' });
let defaultHandler: ReturnType<typeof createRenderHandler> | undefined;

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function buildDefaultHandler(): ReturnType<typeof createRenderHandler> {
  const logger = jsonLogger;
  const s3 = createS3Client();
  return createRenderHandler(
    {
      content: new S3ObjectStore(s3, requiredEnv('CONTENT_BUCKET')),
      editions: new S3ObjectStore(s3, requiredEnv('EDITIONS_BUCKET')),
      renderSignal: new SqsRenderSignal(new SQSClient({}), requiredEnv('RENDER_QUEUE_URL')),
      build: createEditionBuilder({ templatesDir: process.env.EPAPER_TEMPLATES_DIR, logger, warmUp: true }),
      logger,
      thumbnailWidthPx: Number(process.env.THUMBNAIL_WIDTH_PX ?? 240),
      now: () => new Date(),
      // Proof first: an editor, or edition.yaml's publishAt, publishes (`publish: auto` publishes at once).
      defaultPublish: 'proof',
      pageImageWidthPx: Number(process.env.PAGE_IMAGE_WIDTH_PX ?? READER_POLICY.pageImageWidthPx),
    },
    (date, outcome) => logger.info('render finished', { date, outcome: outcome.kind, ...outcome }),
  );
}

/**
 * In Lambda (the runtime sets AWS_LAMBDA_FUNCTION_NAME; tests importing this file do not), the
 * adapters are built during INIT: Chromium unpacks (about 1.3 s) and launches, and the fonts are
 * read, while the runtime fetches the event and the handler snapshots the inputs from S3 and
 * composes the pages, instead of after them.
 */
if (process.env.AWS_LAMBDA_FUNCTION_NAME) defaultHandler = buildDefaultHandler();

/** `{"epaper":"mark-proofs"}`, invoked directly by ops once after a deploy (docs/DEPLOY.md): no SQS event. */
export function isMarkProofs(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as { epaper?: unknown }).epaper === MARK_PROOFS_INPUT.epaper;
}

/** Lambda entry point; adapters (and Chromium) are built once (at INIT in Lambda) and reused while warm. */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse | { marked: string[] }> => {
  // The markers of proofs made before the desk listed proofs by them: this function may write them, the API may not.
  if (isMarkProofs(event)) {
    const marked = await markProofsMadeBeforeMarkers(new S3ObjectStore(createS3Client(), requiredEnv('EDITIONS_BUCKET')));
    jsonLogger.info('proof markers written for proofs made before them', { marked });
    return { marked };
  }
  defaultHandler ??= buildDefaultHandler();
  // Request id and cold-start flag on every log line of this invocation.
  jsonLogger.powertools.addContext(context);
  return defaultHandler(event, context);
};
