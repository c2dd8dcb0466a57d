/**
 * A work queue and its dead-letter queue, both TLS-only and encrypted, with an alarm that fires as
 * soon as one message lands in the dead-letter queue: a message there is an article or an edition
 * that will not appear until someone looks.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface QueueWithDlqProps {
  /** Must cover the consumer's timeout (AWS advises six times it) or messages are redelivered mid-work. */
  readonly visibilityTimeout: Duration;
  /** Deliveries before a message is parked in the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** FIFO pairs (queue and DLQ) keep per-group order; messages then need a MessageGroupId. @default false */
  readonly fifo?: boolean;
  /** FIFO only: deduplicate identical bodies sent within five minutes. @default false */
  readonly contentBasedDeduplication?: boolean;
  /** Hold every message this long before it becomes visible. @default Duration.seconds(0) */
  readonly deliveryDelay?: Duration;
  /** How long an unconsumed message is kept. @default Duration.days(4) */
  readonly retentionPeriod?: Duration;
  /** Dead letters are kept the SQS maximum so there is time to investigate. @default Duration.days(14) */
  readonly deadLetterRetentionPeriod?: Duration;
}

/** A queue, its DLQ and a DLQ-depth alarm. */
export class QueueWithDlq extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);
    const fifo = props.fifo ?? false;
    if (props.contentBasedDeduplication && !fifo) {
      throw new Error(`${this.node.path}: contentBasedDeduplication needs a FIFO queue.`);
    }
    // SQS-managed keys: S3 can publish to them, which it cannot do with the AWS-managed SQS KMS key.
    const encryption = QueueEncryption.SQS_MANAGED;

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      fifo: fifo || undefined,
      encryption,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetentionPeriod ?? Duration.days(14),
    });

    this.queue = new Queue(this, 'Queue', {
      fifo: fifo || undefined,
      contentBasedDeduplication: props.contentBasedDeduplication,
      encryption,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      deliveryDelay: props.deliveryDelay,
      retentionPeriod: props.retentionPeriod ?? Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });

    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: `Messages in ${this.node.path} dead-letter queue: their work was given up after ${props.maxReceiveCount} attempts.`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
