// Flow: content bucket → S3 notification → ingest queue (SQS) → THIS → normalized/ or rejected/ + render queue.
/**
 * The ingest Lambda: each SQS record holds one S3 notification; each object event in it is
 * re-read, parsed and reported by the ingest use case. A failing record is reported back as a
 * partial batch failure, so only it is retried (and lands in the DLQ after the queue's max receives).
 *
 * Environment: RENDER_QUEUE_URL (the render FIFO queue); the bucket comes from each event.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ingestObject, type IngestPorts } from '../core/ingest';
import type { ObjectStore } from '../core/object-store';
import { parseArticle } from '../core/parse';
import { createJsonLogger, recordFailure } from '../adapters/logger';
import { createS3Client, objectEventsFromNotification, S3ObjectStore } from '../adapters/s3-store';
import { SqsRenderSignal } from '../adapters/sqs-signal';

/** What the handler needs: a store per bucket named in events, plus the ingest use case's other ports. */
export interface IngestHandlerDeps extends Omit<IngestPorts, 'content'> {
  readonly storeFor: (bucket: string) => ObjectStore;
}

/** Builds the SQS handler over its ports (tests pass fakes). */
export function createIngestHandler(deps: IngestHandlerDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  const processRecord = async (record: SQSRecord): Promise<void> => {
    let keys: string[] = [];
    try {
      const events = objectEventsFromNotification(JSON.parse(record.body));
      keys = events.map((event) => event.key);
      if (events.length === 0) deps.logger.info('no object event in message (s3:TestEvent?)', { messageId: record.messageId });
      for (const event of events) {
        await ingestObject({ ...deps, content: deps.storeFor(event.bucket) })(event);
      }
    } catch (error) {
      // The batch processor keeps a record's error to itself and the invocation succeeds: without
      // this line a failing upload was retried and dead-lettered with its cause nowhere.
      deps.logger.warn('ingest of a message failed; it is retried, then dead-lettered', recordFailure(record, error, { keys }));
      throw error;
    }
  };
  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, processRecord, processor, { context });
}

const jsonLogger = createJsonLogger({ serviceName: 'epaper-ingest' });
let defaultHandler: ReturnType<typeof createIngestHandler> | undefined;

function buildDefaultHandler(): ReturnType<typeof createIngestHandler> {
  const queueUrl = process.env.RENDER_QUEUE_URL;
  if (!queueUrl) throw new Error('RENDER_QUEUE_URL is not set');
  const s3 = createS3Client();
  const stores = new Map<string, ObjectStore>();
  return createIngestHandler({
    storeFor: (bucket) => {
      let store = stores.get(bucket);
      if (!store) stores.set(bucket, (store = new S3ObjectStore(s3, bucket)));
      return store;
    },
    renderSignal: new SqsRenderSignal(new SQSClient({}), queueUrl),
    parse: parseArticle,
    logger: jsonLogger,
    now: () => new Date(),
  });
}

/** Lambda entry point; adapters are built on the first invocation and reused while warm. */
export const handler = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  defaultHandler ??= buildDefaultHandler();
  // Request id and cold-start flag on every log line of this invocation.
  jsonLogger.powertools.addContext(context);
  return defaultHandler(event, context);
};
