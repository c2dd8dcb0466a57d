/**
 * The core Logger port over Powertools Logger: one JSON line per event, with the edition date and
 * fingerprint as top-level keys so CloudWatch Logs Insights can filter by them.
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Logger } from '../core/ports';
import type { SQSRecord } from 'aws-lambda';

/** Options for a logger; the level falls back to POWERTOOLS_LOG_LEVEL, then INFO. */
export interface JsonLoggerOptions {
  readonly serviceName: string;
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

/** A core Logger writing Powertools JSON; the underlying logger is exposed for Lambda context injection. */
export function createJsonLogger(options: JsonLoggerOptions): Logger & { readonly powertools: PowertoolsLogger } {
  const powertools = new PowertoolsLogger({ serviceName: options.serviceName, logLevel: options.logLevel });
  return {
    powertools,
    info: (message, fields) => (fields ? powertools.info(message, fields) : powertools.info(message)),
    warn: (message, fields) => (fields ? powertools.warn(message, fields) : powertools.warn(message)),
  };
}

/** A logger that drops everything: for tests that assert on outcomes, not logs. */
export const silentLogger: Logger = { info: () => {}, warn: () => {} };

/** The log fields of an SQS record that failed: which message, how often it came, and why. */
export function recordFailure(record: SQSRecord, error: unknown, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    messageId: record.messageId,
    // 1 on the first delivery; the queue's maxReceiveCount sends it to the dead-letter queue.
    receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1),
    ...fields,
    error: error instanceof Error ? error.message : String(error),
  };
}
