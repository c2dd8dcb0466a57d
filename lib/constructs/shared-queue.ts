/**
 * A queue shared between stacks through an SSM parameter that holds its ARN, not through CDK's
 * automatic cross-stack reference. The delivery stack's publish schedule sends to the pipeline's
 * render queue; passed as an IQueue, CDK made an Export/ImportValue pair of its ARN and URL, and a
 * queue held by an export in use can never be replaced (a FIFO or encryption change, a rename):
 * CloudFormation refuses with "Export … cannot be deleted as it is in use by …". The buckets keep
 * their named exports (shared-bucket.ts): they are retained and never replaced. A parameter is read
 * by the consumer when it deploys, so a replaced queue reaches the delivery stack at its next
 * deploy (`cdk deploy --all` deploys the pipeline first: the consumer depends on it).
 */
import { Stack } from 'aws-cdk-lib';
import { type IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';

/** How to find a queue another stack shares. */
export interface SharedQueueRef {
  /** The stack that owns the queue and writes the parameter (consumers deploy after it). */
  readonly producer: Stack;
  /** The SSM parameter holding the queue's ARN. */
  readonly arnParameterName: string;
}

/** Writes `queue`'s ARN to the SSM parameter `/<stack>/<label>Arn` in the queue's stack. */
export function shareQueue(queue: IQueue, label: string): SharedQueueRef {
  const producer = Stack.of(queue);
  const ref = { producer, arnParameterName: `/${producer.stackName}/${label}Arn` };
  new StringParameter(producer, `${label}ArnParameter`, {
    parameterName: ref.arnParameterName,
    stringValue: queue.queueArn,
    description: `The ARN of ${producer.stackName}'s ${label}, for the stacks that send to it (read when they deploy).`,
  });
  return ref;
}

/** The shared queue as `scope`'s stack sees it (its ARN read from the parameter at deploy time); that stack deploys after the producer. */
export function importQueue(scope: Construct, id: string, ref: SharedQueueRef): IQueue {
  Stack.of(scope).addStackDependency(ref.producer, 'sends to a queue whose ARN it reads from SSM');
  return Queue.fromQueueArn(scope, id, StringParameter.valueForStringParameter(scope, ref.arnParameterName));
}
