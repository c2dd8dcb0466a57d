/**
 * The RenderSignal port over the render FIFO queue. Group = date, so renders of one date never run
 * at the same time; a message sent before a finished render of its date began is answered
 * `covered` without a render (publish.ts renderAndPublish). Deduplication id = date + time
 * bucket + the change that caused the signal: the same S3 event delivered twice within the bucket
 * becomes one message, while two different uploads never cancel each other (a dropped signal for a
 * new change would leave the edition stale if the previous render had already finished).
 */
import { createHash, randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { RenderSignal } from '../core/object-store';

/** The message body the render handler reads. */
export interface RenderMessage {
  readonly date: string;
}

/** Sends `{date}` to a FIFO queue. */
export class SqsRenderSignal implements RenderSignal {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly bucketSeconds = 60,
    private readonly now: () => number = Date.now,
  ) {}

  /** One message per date, time bucket and cause. */
  async send(date: string, cause?: string): Promise<void> {
    const body: RenderMessage = { date };
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(body),
        MessageGroupId: date,
        MessageDeduplicationId: renderDeduplicationId(date, this.now(), this.bucketSeconds, cause),
      }),
    );
  }
}

/** `<date>-<time bucket>-<hash of cause>`; a signal without a cause gets a unique id. */
export function renderDeduplicationId(date: string, nowMs: number, bucketSeconds: number, cause?: string): string {
  const bucket = Math.floor(nowMs / (bucketSeconds * 1000));
  const causeHash = createHash('sha256')
    .update(cause ?? randomUUID())
    .digest('hex')
    .slice(0, 32);
  return `${date}-${bucket}-${causeHash}`;
}
