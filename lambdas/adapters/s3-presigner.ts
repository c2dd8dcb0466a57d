/**
 * Short-lived GET links to objects of one bucket, signed with the caller's credentials
 * (the API function's role in AWS, any credentials against the local S3 of `epaper dev`).
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Presigner } from '../core/subscriber-api';

/** Creates a presigner for `bucket`: key + lifetime in seconds → a URL that stops working after it. */
export function createS3Presigner(client: S3Client, bucket: string): Presigner {
  return (key, lifetimeSeconds) => getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: lifetimeSeconds });
}
