/**
 * An `epaper dev` for tests of its S3 endpoint alone: free ports, no signals, no log, a build that
 * must never run, and an S3 client that sends no checksums and never retries (a retry would hide
 * the answer under test). The caller stops the cloud and destroys the client.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { startDevCloud, type DevCloud } from '../../bin/dev';
import { silentLogger } from '../../lambdas/adapters/logger';

export async function startQuietDevCloud(dir: string): Promise<{ cloud: DevCloud; s3: S3Client }> {
  const cloud = await startDevCloud({
    dir,
    s3Port: 0,
    apiPort: 0,
    interactive: false,
    logger: silentLogger,
    build: async () => {
      throw new Error('no render in this test');
    },
  });
  const s3 = new S3Client({
    endpoint: cloud.s3Endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
  return { cloud, s3 };
}
