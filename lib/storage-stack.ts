/**
 * Storage: the newsroom's content bucket, the published editions bucket, and the bucket their
 * access logs go to. A stack of its own because it outlives everything else: the other stacks can
 * be destroyed and redeployed, these buckets are retained.
 */
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { PrivateBucket } from './constructs/private-bucket';
import { exportBucket, type SharedBucketRef } from './constructs/shared-bucket';

export interface StorageStackProps extends StackProps {
  /** Days an overwritten or deleted object version is kept before S3 removes it. */
  readonly noncurrentVersionExpirationDays: number;
  /** Days server access logs are kept. */
  readonly accessLogExpirationDays: number;
}

/** Content, editions and access-log buckets. */
export class StorageStack extends Stack {
  /** Newsroom uploads under `articles/<date>/`, ingest output under `ingested/`. */
  readonly contentBucket: IBucket;
  /** Published editions under `editions/<date>/…` (docs/ARCHITECTURE.md, "Storage keys"). */
  readonly editionsBucket: IBucket;
  readonly accessLogBucket: IBucket;
  /** Named exports through which the other stacks import the content bucket. */
  readonly sharedContentBucket: SharedBucketRef;
  /** Named exports through which the other stacks import the editions bucket. */
  readonly sharedEditionsBucket: SharedBucketRef;

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, props);
    // Owner-enforced buckets cannot take the legacy LogDeliveryWrite ACL: S3 log delivery must be
    // granted by bucket policy. Pinned here so the stack does not depend on the app's cdk.json flags.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const noncurrentVersionExpiration = Duration.days(props.noncurrentVersionExpirationDays);

    const accessLogs = new PrivateBucket(this, 'AccessLogs', {
      noncurrentVersionExpiration,
      versioned: false,
      expiration: Duration.days(props.accessLogExpirationDays),
    });
    Validations.of(accessLogs.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log destination; logging its own writes would log forever.',
    });
    this.accessLogBucket = accessLogs.bucket;

    this.contentBucket = new PrivateBucket(this, 'Content', {
      noncurrentVersionExpiration,
      serverAccessLogsBucket: accessLogs.bucket,
      serverAccessLogsPrefix: 'content/',
    }).bucket;

    this.editionsBucket = new PrivateBucket(this, 'Editions', {
      noncurrentVersionExpiration,
      serverAccessLogsBucket: accessLogs.bucket,
      serverAccessLogsPrefix: 'editions/',
    }).bucket;

    // Outputs ContentBucketName/Arn and EditionsBucketName/Arn, exported for the other stacks.
    this.sharedContentBucket = exportBucket(this.contentBucket, 'ContentBucket');
    this.sharedEditionsBucket = exportBucket(this.editionsBucket, 'EditionsBucket');
    new CfnOutput(this, 'AccessLogBucketName', { value: this.accessLogBucket.bucketName });
  }
}
