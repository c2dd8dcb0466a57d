/**
 * Buckets shared between stacks through named exports instead of CDK's automatic cross-stack
 * references: the storage stack outlives the others, its export names are stable and readable
 * (`EpaperStorage-ContentBucketArn`), and a consumer stack holds only an imported IBucket, so
 * nothing it adds (event notifications, grants) can reach back into the storage stack.
 */
import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** How to find a bucket exported by another stack. */
export interface SharedBucketRef {
  /** The stack that exports it (consumers depend on it). */
  readonly producer: Stack;
  /** Export holding the bucket ARN. */
  readonly arnExportName: string;
  /** Export holding the bucket name. */
  readonly nameExportName: string;
}

/** Exports `bucket`'s ARN and name from its stack as `<stack>-<label>Arn` / `<stack>-<label>Name`. */
export function exportBucket(bucket: IBucket, label: string): SharedBucketRef {
  const producer = Stack.of(bucket);
  const ref = {
    producer,
    arnExportName: `${producer.stackName}-${label}Arn`,
    nameExportName: `${producer.stackName}-${label}Name`,
  };
  new CfnOutput(producer, `${label}Arn`, { value: bucket.bucketArn, exportName: ref.arnExportName });
  new CfnOutput(producer, `${label}Name`, { value: bucket.bucketName, exportName: ref.nameExportName });
  return ref;
}

/** Imports a shared bucket into `scope`'s stack and makes that stack deploy after the producer. */
export function importBucket(scope: Construct, id: string, ref: SharedBucketRef): IBucket {
  Stack.of(scope).addStackDependency(ref.producer, 'uses a bucket it exports');
  return Bucket.fromBucketAttributes(scope, id, {
    bucketArn: Fn.importValue(ref.arnExportName),
    bucketName: Fn.importValue(ref.nameExportName),
  });
}
