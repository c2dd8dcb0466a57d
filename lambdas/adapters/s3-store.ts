/**
 * The ObjectStore port over S3 (AWS or any S3-compatible endpoint such as the embedded s3rver), and
 * the one place where S3 event keys are decoded.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { normalizeEtag, type JudgedVersion, type ListedObject, type ObjectStore, type StoredObject } from '../core/object-store';

/** Where the S3 endpoint is; everything optional means "real AWS, region from the environment". */
export interface S3ConnectionOptions {
  readonly region?: string;
  /** e.g. http://127.0.0.1:4569 for `epaper dev`. */
  readonly endpoint?: string;
  /** Path-style URLs (`/bucket/key`): needed for local endpoints without wildcard DNS. */
  readonly forcePathStyle?: boolean;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** An S3 client configured for both AWS and s3rver. */
export function createS3Client(options: S3ConnectionOptions = {}): S3Client {
  const config: S3ClientConfig = {
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
    // Without these the SDK streams uploads with aws-chunked framing, which s3rver stores verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  return new S3Client(config);
}

/** One bucket as an ObjectStore. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  /**
   * The object as it is now, or undefined for a missing key. With `judged`: If-Match its ETag (S3
   * answers 412 for another version, and so does `epaper dev`'s endpoint since the 81st round), and
   * the answer is checked again here, as a store that ignored the condition (s3rver alone did) would
   * serve another version: another ETag, or a body longer than the size judged, is dropped unread
   * past that size.
   */
  async get(key: string, judged?: JudgedVersion): Promise<StoredObject | undefined> {
    try {
      const ifMatch = judged ? { IfMatch: `"${normalizeEtag(judged.etag)}"` } : {};
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...ifMatch }));
      const etag = response.ETag ?? '';
      if (!judged) return { body: response.Body ? await response.Body.transformToByteArray() : new Uint8Array(), etag };
      const stream = response.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
      if (normalizeEtag(etag) !== normalizeEtag(judged.etag) || (response.ContentLength ?? 0) > judged.size) {
        stream?.destroy?.();
        return undefined;
      }
      const body = stream ? await readAtMost(stream, judged.size) : new Uint8Array();
      return body ? { body, etag } : undefined;
    } catch (error) {
      if (isNotFound(error) || statusOf(error) === 412) return undefined;
      throw error;
    }
  }

  /** HeadObject: size and ETag, no body. */
  async head(key: string): Promise<ListedObject | undefined> {
    try {
      const response = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { key, size: response.ContentLength ?? 0, etag: response.ETag ?? '' };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Single PUT with a known length, so no chunked encoding is involved. */
  async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.putObject(key, body, contentType, {});
  }

  /**
   * A conditional PUT: If-Match the ETag read, or If-None-Match * when there was no object. S3
   * answers 412 when the object changed and 409 when another conditional write to the key is in
   * flight; both mean "read again". (`epaper dev`'s endpoint honours both, with S3's answers.)
   */
  async putIfUnchanged(key: string, body: Uint8Array | string, contentType: string, etag: string | undefined): Promise<boolean> {
    try {
      await this.putObject(key, body, contentType, etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: etag });
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 412 || status === 409) return false;
      throw error;
    }
  }

  /**
   * With Content-MD5, S3 refuses (400 BadDigest) a body that arrived different from what was sent,
   * so an object that exists is the one written, and its ETag (the MD5 of a single-part PUT) is
   * what the publisher checks a version against instead of downloading it again.
   */
  private async putObject(key: string, body: Uint8Array | string, contentType: string, condition: { IfMatch?: string; IfNoneMatch?: string }): Promise<void> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const contentMd5 = createHash('md5').update(bytes).digest('base64');
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength, ContentMD5: contentMd5, ...condition }),
    );
  }

  /** Missing keys are fine. */
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Follows continuation tokens; returns keys in S3's (byte) order. */
  async list(prefix: string): Promise<ListedObject[]> {
    const objects: ListedObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key !== undefined) objects.push({ key: o.Key, size: o.Size ?? 0, etag: o.ETag ?? '' });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }
}

/** The stream's bytes, or undefined (the stream closed) as soon as it passes `limit`. */
async function readAtMost(stream: AsyncIterable<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  // Leaving the loop early closes the stream (the iterator's return destroys it).
  for await (const chunk of stream) {
    length += chunk.byteLength;
    if (length > limit) return undefined;
    chunks.push(chunk);
  }
  const joined = Buffer.concat(chunks, length);
  return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  if (error instanceof NoSuchKey) return true;
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** An object event reduced to what ingest needs, key decoded. */
export interface DecodedObjectEvent {
  readonly bucket: string;
  readonly key: string;
  readonly eventName: string;
  /** S3's change order for the key; redeliveries of one event carry the same value. */
  readonly sequencer?: string;
}

/**
 * Decodes an S3 notification key. AWS URL-encodes keys in events, with '+' for spaces (a literal
 * '+' arrives as %2B); s3rver sends keys raw, so its caller passes `encoded: false`.
 */
export function decodeEventKey(key: string, encoded = true): string {
  return encoded ? decodeURIComponent(key.replace(/\+/g, ' ')) : key;
}

/**
 * The object events in one S3 notification body (the JSON S3 puts in an SQS message). The
 * `s3:TestEvent` S3 sends when a notification is configured yields no event.
 */
export function objectEventsFromNotification(notification: unknown, encoded = true): DecodedObjectEvent[] {
  const n = notification as {
    Event?: string;
    Records?: { eventName?: string; s3?: { bucket?: { name?: string }; object?: { key?: string; sequencer?: string } } }[];
  };
  if (n?.Event === 's3:TestEvent' || !Array.isArray(n?.Records)) return [];
  return n.Records.flatMap((r) => {
    const key = r.s3?.object?.key;
    const bucket = r.s3?.bucket?.name;
    if (key === undefined || bucket === undefined) return [];
    const sequencer = r.s3?.object?.sequencer;
    return [{ bucket, key: decodeEventKey(key, encoded), eventName: r.eventName ?? '', sequencer }];
  });
}
