/**
 * Short-lived GET links to objects of one bucket, signed with the caller's credentials
 * (the API function's role in AWS, any credentials against the local S3 of `epaper dev`).
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Presigner } from '../core/subscriber-api';

/**
 * Creates a presigner for `bucket`: key + lifetime in seconds → a URL that stops working after it.
 * With `saveAs` (an ASCII file name), S3 answers that link with `Content-Disposition: inline;
 * filename="…"`: the browser still shows the PDF, and saves it under that name.
 */
export function createS3Presigner(client: S3Client, bucket: string): Presigner {
  return (key, lifetimeSeconds, saveAs) =>
    getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: bucket, Key: key, ...(saveAs ? { ResponseContentDisposition: `inline; filename="${saveAs.replace(/[^\w.-]/g, '_')}"` } : {}) }),
      { expiresIn: lifetimeSeconds },
    );
}
