/**
 * The one shape every epaper bucket has: nobody outside the account can read it, nothing travels
 * unencrypted, every overwrite keeps the previous version for a while (an edition can be recovered
 * from a bad upload), and deleting the stack never deletes newsroom content or published editions.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface PrivateBucketProps {
  /** Replaced or deleted object versions are removed this long after they stop being current. */
  readonly noncurrentVersionExpiration: Duration;
  /** Where S3 writes this bucket's access log. @default - no access logging (only for the log bucket itself) */
  readonly serverAccessLogsBucket?: IBucket;
  /** Key prefix of this bucket's access log, ending in "/". @default - the log bucket's root */
  readonly serverAccessLogsPrefix?: string;
  /** Keep old versions at all; off only for the access log bucket. @default true */
  readonly versioned?: boolean;
  /** Delete current objects after this long (log buckets). @default - never */
  readonly expiration?: Duration;
}

/** An S3 bucket: private, SSE-S3, TLS-only, versioned, old versions expiring, retained. */
export class PrivateBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    const versioned = props.versioned ?? true;
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // S3-managed keys: server access logging can only deliver to SSE-S3 buckets, and no key policy to keep.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: props.serverAccessLogsPrefix,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-replaced-versions',
          noncurrentVersionExpiration: versioned ? props.noncurrentVersionExpiration : undefined,
          expiration: props.expiration,
          expiredObjectDeleteMarker: versioned && props.expiration === undefined ? true : undefined,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
  }
}
