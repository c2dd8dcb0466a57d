import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Context } from 'aws-lambda';
import { createIngestHandler, handler as ingestLambda } from '../../lambdas/handlers/ingest';
import { createRenderHandler, isMarkProofs, renderDateFromMessage } from '../../lambdas/handlers/render';
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { silentLogger } from '../../lambdas/adapters/logger';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { renderDeduplicationId, SqsRenderSignal } from '../../lambdas/adapters/sqs-signal';
import { parseArticle } from '../../lambdas/core/parse';
import { fakeBuilder } from './fake-builder';

const DATE = '2026-03-14';

function sqsEvent(bodies: string[], groups: string[] = [], sentAt: (Date | undefined)[] = []): SQSEvent {
  return {
    Records: bodies.map(
      (body, i) =>
        ({
          messageId: `m-${i}`,
          receiptHandle: `r-${i}`,
          body,
          attributes: { ...(groups[i] ? { MessageGroupId: groups[i] } : {}), ...(sentAt[i] ? { SentTimestamp: String(sentAt[i]!.getTime()) } : {}) },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:q',
          awsRegion: 'eu-west-1',
        }) as unknown as SQSRecord,
    ),
  };
}

const s3Notification = (bucket: string, key: string, eventName = 'ObjectCreated:Put') =>
  JSON.stringify({ Records: [{ eventName, s3: { bucket: { name: bucket }, object: { key, sequencer: '0055AED6DCD90281E5' } } }] });

describe('ingest handler', () => {
  it('reports only the failing record, decodes AWS keys and skips s3:TestEvent', async () => {
    const content = new MemoryObjectStore();
    const renderSignal = new MemoryRenderSignal();
    await content.put(`articles/${DATE}/my story.md`, '---\nheadline: A story with a space\n---\n\nBody text.\n', 'text/markdown');
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    const handler = createIngestHandler({
      storeFor: (bucket) => {
        if (bucket !== 'content') throw new Error(`no access to bucket ${bucket}`);
        return content;
      },
      renderSignal,
      parse: parseArticle,
      logger: { info: () => {}, warn: (message, fields) => warnings.push({ message, fields }) },
      now: () => new Date('2026-03-14T05:00:00Z'),
    });

    const response = await handler(
      sqsEvent([
        s3Notification('content', `articles/${DATE}/my+story.md`),
        JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'content' }),
        s3Notification('someone-elses-bucket', `articles/${DATE}/x.md`),
      ]),
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    // The failure says which message and key failed, and why (the batch processor kept it to itself).
    expect(warnings).toEqual([
      { message: 'ingest of a message failed; it is retried, then dead-lettered', fields: { messageId: 'm-2', receiveCount: 1, keys: [`articles/${DATE}/x.md`], error: 'no access to bucket someone-elses-bucket' } },
    ]);
    const normalized = JSON.parse(content.text(`normalized/${DATE}/my story.md.json`) ?? '{}');
    expect(normalized.article.headline).toBe('A story with a space');
    expect(renderSignal.sent).toEqual([DATE]);
    expect(renderSignal.causes).toEqual([`articles/${DATE}/my story.md#0055AED6DCD90281E5`]);
  });
});

describe('render handler', () => {
  it('tells ops\' one-off invocation that marks the proofs made before markers from a queue\'s event', () => {
    expect(isMarkProofs({ epaper: 'mark-proofs' })).toBe(true);
    expect(isMarkProofs(sqsEvent([JSON.stringify({ date: DATE })], [DATE]))).toBe(false);
    expect(isMarkProofs({ epaper: 'publish-due' })).toBe(false);
  });

  it('publishes each requested date and reports malformed messages as failures', async () => {
    const content = new MemoryObjectStore();
    const editions = new MemoryObjectStore();
    await content.put(`articles/${DATE}/a.md`, '---\nheadline: Alpha\n---\nBody.\n', 'text/markdown');
    const outcomes: string[] = [];
    const handler = createRenderHandler(
      { content, editions, renderSignal: new MemoryRenderSignal(), build: fakeBuilder(), logger: silentLogger, now: () => new Date('2026-03-14T05:00:00Z'), defaultPublish: 'auto' },
      (date, outcome) => outcomes.push(`${date}:${outcome.kind}`),
    );

    const response = await handler(
      sqsEvent([JSON.stringify({ date: DATE }), '{"date":"yesterday"}', JSON.stringify({ date: DATE })], [DATE, 'yesterday', DATE]),
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(outcomes).toEqual([`${DATE}:published`, `${DATE}:unchanged`]);
    expect(editions.objects.has(`editions/${DATE}/manifest.json`)).toBe(true);
  });

  it('answers a request sent before a finished render of its date began as covered, reading no input', async () => {
    // A burst of uploads sends a request each; the first render saw them all.
    const content = new MemoryObjectStore();
    const editions = new MemoryObjectStore();
    for (let i = 0; i < 5; i++) await content.put(`articles/${DATE}/s${i}.md`, `---\nheadline: Story ${i}\n---\nBody.\n`, 'text/markdown');
    let now = new Date('2026-03-14T05:00:10Z');
    const outcomes: string[] = [];
    let reads = 0;
    const counted = Object.assign(Object.create(content) as MemoryObjectStore, { get: (key: string) => (reads++, content.get(key)) });
    const handler = createRenderHandler(
      { content: counted, editions, renderSignal: new MemoryRenderSignal(), build: fakeBuilder(), logger: silentLogger, now: () => now, defaultPublish: 'auto' },
      (date, outcome) => outcomes.push(outcome.kind),
    );
    const sent = (second: number) => new Date(`2026-03-14T05:00:0${second}Z`);
    await handler(sqsEvent([JSON.stringify({ date: DATE })], [DATE], [sent(0)]));
    expect(outcomes).toEqual(['published']);
    reads = 0;
    now = new Date('2026-03-14T05:00:30Z');
    // Sent before the render began (05:00:10): covered. Sent after it: rendered (unchanged).
    await handler(sqsEvent([JSON.stringify({ date: DATE }), JSON.stringify({ date: DATE })], [DATE, DATE], [sent(1), sent(2)]));
    expect(outcomes).toEqual(['published', 'covered', 'covered']);
    expect(reads).toBe(0);
    await handler(sqsEvent([JSON.stringify({ date: DATE })], [DATE], [new Date('2026-03-14T05:00:20Z')]));
    expect(outcomes.at(-1)).toBe('unchanged');
    // A correction sent after the last render began is rendered.
    await content.put(`articles/${DATE}/s0.md`, '---\nheadline: Story 0, corrected\n---\nBody.\n', 'text/markdown');
    await handler(sqsEvent([JSON.stringify({ date: DATE })], [DATE], [new Date('2026-03-14T05:00:35Z')]));
    expect(outcomes.at(-1)).toBe('published');
  });

  it('returns the rest of a date group unprocessed after a failure in it, keeping FIFO order', async () => {
    const content = new MemoryObjectStore();
    await content.put(`articles/${DATE}/a.md`, '---\nheadline: Alpha\n---\nBody.\n', 'text/markdown');
    const outcomes: string[] = [];
    let failures = 1;
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    const editions = new MemoryObjectStore();
    const handler = createRenderHandler(
      {
        content,
        editions,
        renderSignal: new MemoryRenderSignal(),
        build: async (source, request) => {
          if (failures-- > 0) throw new Error('Chromium crashed');
          return fakeBuilder()(source, request);
        },
        logger: { ...silentLogger, warn: (message: string, fields?: Record<string, unknown>) => warnings.push({ message, fields }) },
        now: () => new Date('2026-03-14T05:00:00Z'),
        defaultPublish: 'auto',
      },
      (date, outcome) => outcomes.push(`${date}:${outcome.kind}`),
    );
    const other = '2026-03-15';
    await content.put(`articles/${other}/b.md`, '---\nheadline: Beta\n---\nBody.\n', 'text/markdown');

    const response = await handler(
      sqsEvent([JSON.stringify({ date: DATE }), JSON.stringify({ date: DATE }), JSON.stringify({ date: other })], [DATE, DATE, other]),
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }, { itemIdentifier: 'm-1' }]);
    expect(warnings.filter((w) => w.message.startsWith('render of a message failed'))).toEqual([
      { message: 'render of a message failed; it is retried, then dead-lettered', fields: { messageId: 'm-0', receiveCount: 1, date: DATE, error: 'Chromium crashed' } },
    ]);
    expect(outcomes).toEqual([`${other}:published`]);
    expect(editions.objects.has(`editions/${DATE}/manifest.json`)).toBe(false);
    expect(editions.objects.has(`editions/${other}/manifest.json`)).toBe(true);
  });

  it('reads the date from a message body', () => {
    expect(renderDateFromMessage('{"date":"2026-01-31"}')).toBe('2026-01-31');
    expect(() => renderDateFromMessage('{}')).toThrow('valid date');
  });
});

describe('render signal deduplication', () => {
  it('merges redeliveries of one event but never two different changes', () => {
    const t = Date.UTC(2026, 2, 14, 8, 0, 5);
    const first = renderDeduplicationId(DATE, t, 60, 'articles/x.md#01');
    expect(renderDeduplicationId(DATE, t + 20_000, 60, 'articles/x.md#01')).toBe(first);
    expect(renderDeduplicationId(DATE, t + 20_000, 60, 'articles/x.md#02')).not.toBe(first);
    expect(renderDeduplicationId(DATE, t, 60)).not.toBe(renderDeduplicationId(DATE, t, 60));
    expect(first.length).toBeLessThanOrEqual(128);
    expect(first).toMatch(/^[A-Za-z0-9-]+$/);
  });
});

describe('SQS render signal', () => {
  it('sends {date} to the FIFO queue grouped by date', async () => {
    const sent: Record<string, unknown>[] = [];
    const client = { send: async (command: { input: Record<string, unknown> }) => void sent.push(command.input) } as unknown as SQSClient;
    const signal = new SqsRenderSignal(client, 'https://sqs.example/render.fifo', 60, () => 120_000);

    await signal.send(DATE, 'articles/x.md#01');

    expect(sent).toEqual([
      {
        QueueUrl: 'https://sqs.example/render.fifo',
        MessageBody: JSON.stringify({ date: DATE }),
        MessageGroupId: DATE,
        MessageDeduplicationId: renderDeduplicationId(DATE, 120_000, 60, 'articles/x.md#01'),
      },
    ]);
    expect(renderDateFromMessage(sent[0].MessageBody as string)).toBe(DATE);
  });
});

describe('ingest Lambda entry point', () => {
  it('builds its adapters from the environment and answers an s3:TestEvent without touching AWS', async () => {
    process.env.RENDER_QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/render.fifo';
    process.env.AWS_REGION ??= 'eu-west-1';
    const context = { functionName: 'ingest', awsRequestId: 'req-1', invokedFunctionArn: 'arn', memoryLimitInMB: '256' } as unknown as Context;

    const response = await ingestLambda(sqsEvent([JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' })]), context);

    expect(response).toEqual({ batchItemFailures: [] });
  });
});
