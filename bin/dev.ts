/**
 * `epaper dev`: the pipeline of docs/ARCHITECTURE.md running on one machine. An embedded S3 endpoint (s3rver)
 * with the content and editions buckets; its object events drive the same ingest and render use
 * cases as the Lambdas, through in-process queues that behave like the SQS ones (retries with
 * backoff, a dead-letter list, renders coalesced per date); the subscriber API on node:http.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import fs, { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseOutcome } from '../lambdas/core/article';
import { ingestObject, normalizedKey, rejectedKey, type ObjectEvent } from '../lambdas/core/ingest';
import { normalizeEtag, parseArticleKey, type ObjectStore, type RenderSignal } from '../lambdas/core/object-store';
import type { Logger } from '../lambdas/core/ports';
import { isIsoDate } from '../lambdas/core/parse/iso-date';
import { isEditionConfigName, isPhotoFile, isSystemFile } from '../lambdas/core/parse/index';
import {
  createDeskActions,
  dateNeedsRender,
  editionKeys,
  finishCutShort,
  markProofsMadeBeforeMarkers,
  publishIfDue,
  renderAndPublish,
  type ProofPointer,
  type PublishOutcome,
  type PublishPorts,
} from '../lambdas/core/publish';
import { nextEmbargoEnd } from '../lambdas/core/editorial';
import { createSubscriberApi } from '../lambdas/core/subscriber-api';
import { READER_POLICY } from '../lambdas/core/reader';
import { createDevAuth } from '../lambdas/adapters/dev-auth';
import { createJsonLogger } from '../lambdas/adapters/logger';
import { createS3Presigner } from '../lambdas/adapters/s3-presigner';
import { createS3Client, objectEventsFromNotification, S3ObjectStore } from '../lambdas/adapters/s3-store';
import { ARTICLES_PREFIX } from '../lib/storage-keys';

/**
 * The AWS SDK prints nine lines at a process's first client on Node 20: its releases after January
 * 2027 will need Node 22. The lock file pins one that runs on the Node 20 this project supports (the
 * deployed functions run Node 22), and npm names a newer one's Node requirement when it is
 * installed: to a newsroom starting `epaper dev` it was noise at every start. The SDK's own switch
 * turns it off, unless whoever started the process set that switch.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const CONTENT_BUCKET = 'epaper-content';
export const EDITIONS_BUCKET = 'epaper-editions';

/** How to run the local cloud; everything past the first three is for tests. */
export interface DevCloudOptions {
  /** Data folder: S3 objects under `<dir>/s3`, the dev token in `<dir>/dev-token`. */
  readonly dir: string;
  readonly s3Port: number;
  readonly apiPort: number;
  /** Quiet period before a render starts, so a burst of uploads renders once. @default 1500 */
  readonly renderDelayMs?: number;
  /** First retry delay; doubles per attempt. @default 500 */
  readonly retryBaseMs?: number;
  /** Attempts per message before it goes to the dead-letter list, as an SQS maxReceiveCount. @default 3 */
  readonly maxAttempts?: number;
  /** The edition builder; default: the real one (Chromium, sharp, templates/). */
  readonly build?: PublishPorts['build'];
  /** The article parser; default: parseArticle. */
  readonly parse?: (file: string, bytes: Uint8Array) => ParseOutcome;
  /** Called before every write to the editions bucket; a throw there is a crash at that point. */
  readonly beforeEditionsPut?: (key: string) => void | Promise<void>;
  readonly logger?: Logger;
  /** Print the ready line and stop on SIGINT, SIGTERM and SIGHUP. @default true */
  readonly interactive?: boolean;
  /** Page thumbnail width for the reader page. @default 240 */
  readonly thumbnailWidthPx?: number;
  /**
   * The local cloud's clock: publication times, report times and when a `publishAt` timer fires
   * (a test may run it ahead of the wall clock, and fire the timer by it: scheduleTimers). @default () => new Date()
   */
  readonly clock?: () => Date;
  /**
   * Arms and disarms the schedule's timers: a `publishAt` proof's and an embargo's end. A test that
   * runs `clock` ahead may fire them when its clock reaches their moment, instead of waiting for
   * that moment in real time. @default setTimeout and clearTimeout
   */
  readonly scheduleTimers?: ScheduleTimers;
  /** Reading-size page images for the reader; 0 for none. @default READER_POLICY.pageImageWidthPx */
  readonly pageImageWidthPx?: number;
}

/** Timers of the local cloud's schedule (DevCloudOptions.scheduleTimers). */
export interface ScheduleTimers {
  /** Calls `fire` once, `delayMs` from now on the local cloud's clock. */
  set(fire: () => void, delayMs: number): unknown;
  /** Disarms a timer `set` returned, if it has not fired. */
  clear(timer: unknown): void;
}

const REAL_SCHEDULE_TIMERS: ScheduleTimers = {
  set: (fire, delayMs) => setTimeout(fire, delayMs),
  clear: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

/** A message that failed every attempt. */
export interface DeadLetter {
  readonly queue: 'ingest' | 'render';
  readonly message: string;
  readonly error: string;
}

/** The running local cloud. */
export interface DevCloud {
  stop(): Promise<void>;
  readonly s3Endpoint: string;
  readonly apiUrl: string;
  readonly token: string;
  /** The development editor token (`<dir>/dev-editor-token`): sees proofs, publishes, rolls back. */
  readonly editorToken: string;
  /** Messages that exhausted their retries. */
  readonly deadLetters: readonly DeadLetter[];
  /** Every finished render, in order. */
  readonly renders: readonly { readonly date: string; readonly outcome: PublishOutcome }[];
  /** Resolves once no event, retry or render is pending or running. */
  settled(timeoutMs?: number): Promise<void>;
  /** Feeds an S3 notification (as S3 would put it on the ingest queue) to the pipeline, e.g. a redelivery. */
  deliver(notification: unknown): void;
}

interface S3rverStoredObject {
  readonly bucket: string;
  readonly key: string;
  readonly metadata: Record<string, string>;
  readonly content: Buffer | NodeJS.ReadableStream;
}

interface S3rverStore {
  deleteObject(bucket: string, key: string): Promise<void>;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  getObject(bucket: string, key: string, options?: { start?: number; end?: number }): Promise<unknown>;
  getResourcePath(bucket: string, key: string, resource: string): string;
  putObject(object: S3rverStoredObject): Promise<{ size: number; md5: string }>;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void>;
  putPart(bucket: string, uploadId: string, partNumber: number, content: NodeJS.ReadableStream): Promise<{ size: number; md5: string }>;
  putObjectMultipart(bucket: string, uploadId: string, parts: readonly { readonly number: number }[]): Promise<{ size: number; md5: string }>;
  getBucketPath(bucket: string): string;
  listObjects(bucket: string, options: S3rverListOptions): Promise<S3rverListing>;
}

interface S3rverListOptions {
  readonly prefix?: string;
  readonly delimiter?: string;
  readonly startAfter?: string;
  readonly maxKeys?: number;
}

/** An object as s3rver's S3Object model describes it in a listing. */
interface S3rverListedObject {
  readonly key: string;
  readonly size: number;
  readonly lastModifiedDate: Date;
  readonly metadata: Record<string, string>;
}

interface S3rverListing {
  readonly objects: readonly S3rverListedObject[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  /** The last key this page covers, where the next page starts after (makeListingsInKeyOrder). */
  readonly lastKey?: string;
}

interface S3rverInstance {
  /** Koa's middleware, composed when it starts to listen: a step put first runs ahead of s3rver's router. */
  readonly middleware: ((ctx: { readonly method: string; readonly headers: IncomingMessage['headers'] }, next: () => Promise<unknown>) => unknown)[];
  run(): Promise<unknown>;
  close(): Promise<void>;
  on(event: 'event', listener: (notification: unknown) => void): void;
  store: S3rverStore;
}

/** `source` written to the file `path` through one pipeline (an error of either side is the promise's), with its size and MD5. */
async function writeCounted(source: NodeJS.ReadableStream, path: string): Promise<{ size: number; md5: string }> {
  const md5 = createHash('md5');
  let size = 0;
  await pipeline(
    source,
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        md5.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    }),
    createWriteStream(path),
  );
  return { size, md5: md5.digest('hex') };
}

/**
 * s3rver writes an object's file in place, so a process killed during a PUT leaves a torn object
 * (a 0-byte edition.pdf, half a manifest.json) that is then served as if whole. Real S3 replaces an
 * object whole; so does this: the bytes go to a temporary file beside the object, which a rename
 * puts in place, and the sidecar files (MD5, metadata) are replaced the same way. The stale MD5 is
 * removed first, so a kill between the rename and its rewrite leaves s3rver to recompute it.
 */
function makeWritesAtomic(store: S3rverStore): void {
  // The metadata s3rver keeps beside an object (its S3Object.ALLOWED_METADATA).
  const keptMetadata = new Set((require('s3rver/lib/models/object') as { ALLOWED_METADATA: string[] }).ALLOWED_METADATA);
  const replaceFile = async (path: string, data: string | Buffer) => {
    const partial = join(dirname(path), `.partial-${randomUUID()}`);
    await writeFile(partial, data);
    await rename(partial, path);
  };
  store.putObject = async (object) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const partial = join(dirname(objectPath), `.partial-${randomUUID()}`);
    const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : (object.content as NodeJS.ReadableStream);
    let size: number;
    let digest: string;
    try {
      ({ size, md5: digest } = await writeCounted(source, partial));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    // S3 refuses a body that does not hash to the Content-MD5 sent with it (400 BadDigest), and the
    // publisher relies on it: an object that exists is the one written (s3-store.ts putObject), so
    // a version is verified by its ETag without downloading it. s3rver never compared them.
    const digestProblem = contentMd5Problem(object.content, digest);
    if (digestProblem) {
      await rm(partial, { force: true });
      throw new S3Error(digestProblem.code, digestProblem.message);
    }
    const condition = writeConditionOf(object.content);
    try {
      await underKeyLock(object.bucket, object.key, async () => {
        if (condition) await failUnlessConditionHolds(object.bucket, object.key, condition);
        await rm(`${objectPath}.md5`, { force: true });
        await rename(partial, objectPath);
        await store.putMetadata(object.bucket, object.key, object.metadata, digest);
      });
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { size, md5: digest };
  };
  // A deletion between a condition's check and the write it allows would let an If-Match write
  // bring back an object deleted meanwhile; deletions of a key take its turn too.
  const deleteObject = store.deleteObject.bind(store);
  store.deleteObject = (bucket, key) => underKeyLock(bucket, key, () => deleteObject(bucket, key));
  /**
   * S3's answers (412 PreconditionFailed; 404 NoSuchKey for If-Match where there is no object),
   * judged against the object as it stands when the write would replace it, as S3 judges them.
   */
  const failUnlessConditionHolds = async (bucket: string, key: string, condition: WriteCondition) => {
    const current = await store.getMetadata(bucket, key).then(
      (metadata) => normalizeEtag(String(metadata.etag ?? '')),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      },
    );
    if (condition.ifNoneMatch !== undefined && current !== undefined) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' });
    }
    if (condition.ifMatch === undefined) return;
    if (current === undefined) throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: key });
    if (!condition.ifMatch.some((etag) => etag === '*' || normalizeEtag(etag) === current)) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-Match' });
    }
  };
  store.putMetadata = async (bucket, key, metadata, md5) => {
    const kept = Object.fromEntries(
      Object.entries(metadata).filter(([name]) => keptMetadata.has(name) || name.startsWith('x-amz-meta-')),
    );
    if (md5) await replaceFile(store.getResourcePath(bucket, key, 'object.md5'), md5);
    await replaceFile(store.getResourcePath(bucket, key, 'metadata.json'), JSON.stringify(kept, null, 2));
  };
}

/**
 * Why a PUT's body must not be stored for its Content-MD5 header (S3's answers: InvalidDigest for a
 * header that is no base64 MD5, BadDigest for one the body does not hash to), or undefined.
 * `md5` is the hex MD5 of the bytes received.
 */
function contentMd5Problem(content: S3rverStoredObject['content'], md5: string): { code: string; message: string } | undefined {
  const header = Buffer.isBuffer(content) ? undefined : (content as Partial<IncomingMessage>).headers?.['content-md5'];
  if (header === undefined) return undefined;
  const sent = String(header).trim();
  if (!/^[A-Za-z0-9+/]{22}==$/.test(sent)) return { code: 'InvalidDigest', message: 'The Content-MD5 you specified was invalid.' };
  if (sent !== Buffer.from(md5, 'hex').toString('base64')) return { code: 'BadDigest', message: 'The Content-MD5 you specified did not match what we received.' };
  return undefined;
}

/** A PUT's conditions: If-None-Match (S3 takes only `*`) and If-Match's ETags. */
interface WriteCondition {
  readonly ifNoneMatch?: '*';
  readonly ifMatch?: readonly string[];
}

/**
 * The conditions of the PUT whose body `content` is: s3rver hands its store the request itself as
 * the object's content, and keeps none of these headers in the object's metadata.
 */
function writeConditionOf(content: S3rverStoredObject['content']): WriteCondition | undefined {
  if (Buffer.isBuffer(content)) return undefined;
  const headers = (content as Partial<IncomingMessage>).headers;
  if (!headers) return undefined;
  const ifNoneMatch = headers['if-none-match'];
  const ifMatch = headers['if-match'];
  if (ifNoneMatch === undefined && ifMatch === undefined) return undefined;
  return {
    ifNoneMatch: ifNoneMatch !== undefined ? '*' : undefined,
    ifMatch: ifMatch !== undefined ? ifMatch.split(',').map((etag) => etag.trim()).filter(Boolean) : undefined,
  };
}

/**
 * One write or deletion of a key at a time, so that a condition's check and the rename it allows
 * are one step: of two creations of one key with If-None-Match: *, exactly one finds no object
 * (S3 answers the other 412, or 409 while the first is in flight). One process owns `--dir`
 * (claimDevFolder), so a lock in this process is the only one needed.
 */
const keyTurns = new Map<string, Promise<unknown>>();
async function underKeyLock<T>(bucket: string, key: string, step: () => Promise<T>): Promise<T> {
  const name = `${bucket}/${key}`;
  const before = keyTurns.get(name) ?? Promise.resolve();
  const turn = before.then(step, step);
  const settled = turn.catch(() => {});
  keyTurns.set(name, settled);
  try {
    return await turn;
  } finally {
    if (keyTurns.get(name) === settled) keyTurns.delete(name);
  }
}

/**
 * s3rver's multipart steps let a file's error escape as an unhandled 'error' event, which ended the
 * whole local cloud (an adversarial review): a completion naming a part never uploaded (ENOENT on
 * the part's read stream) or a part written where a folder stood (EISDIR on its write stream). A
 * part is now written through one pipeline, and a completion first checks that every part it names
 * was uploaded: either failure is that request's error.
 */
function makeMultipartSafe(store: S3rverStore): void {
  const uploadFolder = (bucket: string, uploadId: string) => join(store.getResourcePath(bucket, '', 'uploads'), uploadId);
  store.putPart = async (bucket, uploadId, partNumber, content) => {
    const partPath = join(uploadFolder(bucket, uploadId), String(partNumber));
    await mkdir(dirname(partPath), { recursive: true });
    const written = await writeCounted(content, partPath);
    await writeFile(`${partPath}.md5`, written.md5);
    return written;
  };
  const complete = store.putObjectMultipart.bind(store);
  store.putObjectMultipart = async (bucket, uploadId, parts) => {
    for (const part of parts) {
      const partPath = join(uploadFolder(bucket, uploadId), String(part.number));
      const found = await stat(partPath).catch(() => undefined);
      if (!found?.isFile()) throw Object.assign(new Error(`part ${part.number} of upload ${uploadId} was never uploaded`), { code: 'InvalidPart' });
    }
    return complete(bucket, uploadId, parts);
  };
}

/**
 * s3rver's GetObject stats an object's file for its Content-Length and ETag, then opens the file by
 * its path. With objects replaced by rename (makeWritesAtomic) a PUT landing in between makes it send
 * the new file's bytes under the old file's length: cut short when the new file is longer (a torn
 * manifest.json, which the subscriber API could not parse) or promised but never sent when it is
 * shorter (the client waits for ever). Real S3 serves each GET from one version; so does this: the
 * file is opened once, and its size, its bytes and (unless a PUT replaced the key meanwhile, when it
 * is hashed from the open file) its MD5 all come from that one open file. The MD5 is never written
 * back here: s3rver wrote it in place, and a reader that hashed a file a PUT has since replaced
 * would have recorded the old MD5 for the new object.
 */
function makeReadsConsistent(store: S3rverStore): void {
  const S3Object = require('s3rver/lib/models/object') as new (bucket: string, key: string, content: unknown, metadata: Record<string, unknown>) => unknown;
  const describeOpenFile = async (bucket: string, key: string, fd: number) => {
    const objectPath = store.getResourcePath(bucket, key, 'object');
    const stats = await new Promise<fs.Stats>((done, fail) => fs.fstat(fd, (error, stats) => (error ? fail(error) : done(stats))));
    const [stored, sidecarMd5] = await Promise.all([
      readFile(store.getResourcePath(bucket, key, 'metadata.json'), 'utf8')
        .then((text) => JSON.parse(text) as Record<string, string>)
        .catch(() => undefined),
      readFile(`${objectPath}.md5`, 'utf8').catch(() => undefined),
    ]);
    // The sidecar belongs to the open file only if no PUT has put another file in its place since:
    // a PUT removes the old MD5 before its rename and writes the new one after it.
    const stillCurrent = await stat(objectPath).then((now) => now.ino === stats.ino && now.dev === stats.dev, () => false);
    const md5 = sidecarMd5 && stillCurrent ? sidecarMd5.trim() : await md5OfOpenFile(fd, stats.size);
    return { ...stored, etag: JSON.stringify(md5), 'last-modified': stats.mtime.toUTCString(), 'content-length': stats.size };
  };
  const openObject = (bucket: string, key: string) => openForReading(store.getResourcePath(bucket, key, 'object'));
  store.getMetadata = async (bucket, key) => {
    const fd = await openObject(bucket, key); // ENOENT for a missing object, as s3rver expects
    try {
      return await describeOpenFile(bucket, key, fd);
    } finally {
      await closeFd(fd);
    }
  };
  store.getObject = async (bucket, key, options) => {
    let fd: number;
    try {
      fd = await openObject(bucket, key);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const metadata = await describeOpenFile(bucket, key, fd);
      const size = Number(metadata['content-length']);
      const lastByte = Math.max(0, size - 1);
      const range = { start: options?.start || 0, end: Math.min(options?.end || Number.POSITIVE_INFINITY, lastByte) };
      const ranged = options !== undefined && (options.start !== undefined || !!options.end);
      // An empty object has no byte to range over (its range 0–0 promised one byte and sent none).
      if (range.start < 0 || Math.min(range.end, lastByte) < range.start || (ranged && size === 0)) {
        // Not satisfiable: s3rver answers InvalidRange from the object without content.
        await closeFd(fd);
        const object = new S3Object(bucket, key, null, metadata) as { range?: unknown };
        if (ranged) object.range = range;
        return object;
      }
      const content = createReadStream('', { fd, start: range.start, end: range.end, autoClose: true });
      const object = new S3Object(bucket, key, content, metadata) as { range?: unknown };
      if (ranged) object.range = range;
      return object;
    } catch (error) {
      await closeFd(fd).catch(() => {});
      throw error;
    }
  };
}

/**
 * The request headers of the GET or HEAD whose object s3rver's store is reading: a middleware ahead
 * of its router runs each request in this context (makeReadConditionsHonoured), so that the store,
 * which sees only a bucket and a key, can judge the request's conditions against the very version
 * it opened.
 */
const objectReadHeaders = new AsyncLocalStorage<IncomingMessage['headers']>();

/** What S3 answers a read whose conditions it judged: the object, 304 Not Modified, or 412 PreconditionFailed. */
export type ReadConditionAnswer = 'serve' | 'not-modified' | 'precondition-failed';

/**
 * A GET's or HEAD's conditions judged as S3 judges them (RFC 7232's order): If-Match that names no
 * ETag of the object (nor `*`) is 412, and so is If-Unmodified-Since before its last change when
 * there is no If-Match; then If-None-Match naming its ETag (or `*`) is 304, and so is
 * If-Modified-Since not before its last change when there is no If-None-Match. ETags compare
 * without their quotes or a weak `W/`; dates to the second, as HTTP writes them; a date that does
 * not read is no condition.
 */
export function readConditionAnswer(headers: IncomingMessage['headers'], etag: string, lastModified: Date): ReadConditionAnswer {
  const current = normalizeEtag(etag.replace(/^W\//, ''));
  const names = (value: string | string[] | undefined) =>
    value === undefined
      ? undefined
      : [value]
          .flat()
          .join(',')
          .split(',')
          .map((tag) => tag.trim())
          .filter(Boolean);
  const matches = (tags: readonly string[]) => tags.some((tag) => tag === '*' || normalizeEtag(tag.replace(/^W\//, '')) === current);
  const changedAt = Math.floor(lastModified.getTime() / 1000);
  const secondsOf = (value: string | string[] | undefined) => {
    const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isFinite(time) ? Math.floor(time / 1000) : undefined;
  };
  const ifMatch = names(headers['if-match']);
  if (ifMatch !== undefined) {
    if (!matches(ifMatch)) return 'precondition-failed';
  } else {
    const unmodifiedSince = secondsOf(headers['if-unmodified-since']);
    if (unmodifiedSince !== undefined && changedAt > unmodifiedSince) return 'precondition-failed';
  }
  const ifNoneMatch = names(headers['if-none-match']);
  if (ifNoneMatch !== undefined) return matches(ifNoneMatch) ? 'not-modified' : 'serve';
  const modifiedSince = secondsOf(headers['if-modified-since']);
  return modifiedSince !== undefined && changedAt <= modifiedSince ? 'not-modified' : 'serve';
}

/**
 * s3rver ignored If-Match and If-Unmodified-Since on a GET or HEAD (it served whatever stood), and
 * answered If-None-Match only for the one ETag written exactly as it stores it (quoted; not a list,
 * not unquoted), leaving the file it had opened for the 304 open. S3 answers 412 and 304: the
 * pipeline reads an article If-Match the ETag it judged (ObjectStore.get), and on the local cloud
 * only the adapter's own second check stopped another version. Here the store judges the request's
 * conditions (readConditionAnswer) against the version it opened, closes it unread for a 412 or a
 * 304, and leaves s3rver's own check an answer it reads the same way: If-None-Match `*` for a 304,
 * none for the rest.
 */
function makeReadConditionsHonoured(s3rver: S3rverInstance): void {
  const store = s3rver.store;
  s3rver.middleware.unshift((ctx, next) => (ctx.method === 'GET' || ctx.method === 'HEAD' ? objectReadHeaders.run(ctx.headers, next) : next()));
  const getObject = store.getObject.bind(store);
  store.getObject = async (bucket, key, options) => {
    const object = (await getObject(bucket, key, options)) as { metadata: Record<string, string>; content?: NodeJS.ReadableStream & { destroy?: () => void } } | null;
    const headers = objectReadHeaders.getStore();
    if (!object || !headers) return object;
    const answer = readConditionAnswer(headers, String(object.metadata.etag ?? ''), new Date(object.metadata['last-modified']));
    delete headers['if-modified-since'];
    if (answer === 'serve') {
      delete headers['if-none-match'];
      return object;
    }
    object.content?.destroy?.();
    if (answer === 'precondition-failed') throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: headers['if-match'] !== undefined ? 'If-Match' : 'If-Unmodified-Since' });
    headers['if-none-match'] = '*';
    return object;
  };
}

async function md5OfOpenFile(fd: number, size: number): Promise<string> {
  const hash = createHash('md5');
  const buffer = Buffer.alloc(Math.min(Math.max(size, 1), 1 << 20));
  for (let position = 0; position < size; ) {
    const bytesRead = await new Promise<number>((done, fail) =>
      fs.read(fd, buffer, 0, buffer.length, position, (error, read) => (error ? fail(error) : done(read))),
    );
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return hash.digest('hex');
}

/** Through the fs module object, looked up when called: a test lands a PUT right after this open. */
function openForReading(path: string): Promise<number> {
  return new Promise((done, fail) => fs.open(path, 'r', (error, fd) => (error ? fail(error) : done(fd))));
}

function closeFd(fd: number): Promise<void> {
  return new Promise((done, fail) => fs.close(fd, (error) => (error ? fail(error) : done())));
}

/** The name of an object's file in s3rver's store ends so (its `%s._S3rver_object`). */
const OBJECT_FILE_SUFFIX = '._S3rver_object';
/** Objects a listing describes at once (each an open file, makeReadsConsistent): a page is 1,000. */
const LISTING_READS_IN_FLIGHT = 32;

/** S3's order of keys: by their UTF-8 bytes. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * s3rver listed keys in the order it walked its files, not in the keys' order: the folder `a` comes
 * before the file `a-b._S3rver_object` although the key `a-b` sorts before `a/…`, and the file
 * `ab-c._S3rver_object` before `ab._S3rver_object`. A page lists from the key the last one ended
 * at, so a page ending in `a/…` lost `a-b` for good (and a listing was out of order). Here every key
 * under the prefix is gathered first (folders that hold only keys before the start are skipped),
 * sorted as S3 sorts them, and the page cut from that. A common prefix whose keys come after a
 * truncated page's last key is left to the next page (s3rver reported it on both).
 */
function makeListingsInKeyOrder(store: S3rverStore): void {
  const S3Object = require('s3rver/lib/models/object') as new (bucket: string, key: string, content: unknown, metadata: Record<string, unknown>) => S3rverListedObject;
  const paths = require('s3rver/lib/stores/filesystem') as { encodeKeyPath(key: string): string; decodeKeyPath(path: string): string };
  store.listObjects = async (bucket, { prefix = '', delimiter = '', startAfter = '', maxKeys = Number.POSITIVE_INFINITY }) => {
    const bucketPath = store.getBucketPath(bucket);
    const keys: string[] = [];
    // `folder` is a key prefix ending in `/` (or the bucket's root, '').
    const gather = async (folder: string): Promise<void> => {
      const entries = await readdir(join(bucketPath, paths.encodeKeyPath(folder)), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        // A folder the last delete in it removed meanwhile.
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
        throw error;
      });
      for (const entry of entries) {
        const name = paths.decodeKeyPath(entry.name);
        if (entry.isDirectory()) {
          // The store's own folders (multipart uploads) hold no objects.
          if (name.includes('._S3rver_')) continue;
          const subfolder = `${folder}${name}/`;
          if (!subfolder.startsWith(prefix) && !prefix.startsWith(subfolder)) continue;
          if (compareKeys(subfolder, startAfter) < 0 && !startAfter.startsWith(subfolder)) continue;
          await gather(subfolder);
        } else if (name.endsWith(OBJECT_FILE_SUFFIX)) {
          const key = folder + name.slice(0, -OBJECT_FILE_SUFFIX.length);
          if (key.startsWith(prefix) && compareKeys(key, startAfter) > 0) keys.push(key);
        }
      }
    };
    await gather(prefix.slice(0, prefix.lastIndexOf('/') + 1));
    const sorted = keys.map((key) => ({ key, bytes: Buffer.from(key) })).sort((a, b) => Buffer.compare(a.bytes, b.bytes));

    const pageKeys: string[] = [];
    const commonPrefixes = new Set<string>();
    let prefixesBeforeLastKey = 0;
    let isTruncated = false;
    for (const { key } of sorted) {
      const rolledUpAt = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (rolledUpAt !== -1) {
        commonPrefixes.add(key.slice(0, rolledUpAt + delimiter.length));
        continue;
      }
      if (pageKeys.length >= maxKeys) {
        isTruncated = true;
        break;
      }
      pageKeys.push(key);
      prefixesBeforeLastKey = commonPrefixes.size;
    }

    const described: (S3rverListedObject | undefined)[] = new Array(pageKeys.length);
    let next = 0;
    const describeNext = async (): Promise<void> => {
      for (let index = next++; index < pageKeys.length; index = next++) {
        const key = pageKeys[index];
        const metadata = await store.getMetadata(bucket, key).catch((error: NodeJS.ErrnoException) => {
          // Deleted since the folder was read.
          if (error.code === 'ENOENT') return undefined;
          throw error;
        });
        described[index] = metadata && new S3Object(bucket, key, null, metadata);
      }
    };
    await Promise.all(Array.from({ length: LISTING_READS_IN_FLIGHT }, describeNext));
    return {
      objects: described.filter((object): object is S3rverListedObject => object !== undefined),
      commonPrefixes: [...commonPrefixes].slice(0, isTruncated ? prefixesBeforeLastKey : undefined),
      isTruncated,
      lastKey: pageKeys[pageKeys.length - 1],
    };
  };
}

/**
 * Seals ListObjectsV2's continuation tokens, per process: a client cannot forge one that starts
 * another bucket's listing or that names a key of its own choosing.
 */
const LISTING_TOKEN_SECRET = randomBytes(32);

function listingTokenSeal(payload: Buffer): Buffer {
  return createHmac('sha256', LISTING_TOKEN_SECRET).update(payload).digest();
}

/** A continuation token: the bucket and the key the next page starts after, and their seal. */
function listingToken(bucket: string, startAfter: string): string {
  const payload = Buffer.from(`${bucket}/${startAfter}`);
  return `${payload.toString('base64url')}.${listingTokenSeal(payload).toString('base64url')}`;
}

/** The key a continuation token says to list after, or undefined for a token not issued here for this bucket. */
function startAfterOfListingToken(token: string, bucket: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 2) return undefined;
  const [payload, seal] = parts.map((part) => Buffer.from(part, 'base64url'));
  // Decoding skips what is not base64url: only the spelling it was issued in is the token.
  if (payload.toString('base64url') !== parts[0] || seal.toString('base64url') !== parts[1]) return undefined;
  const expected = listingTokenSeal(payload);
  if (seal.length !== expected.length || !timingSafeEqual(seal, expected)) return undefined;
  const named = payload.toString('utf8');
  return named.startsWith(`${bucket}/`) ? named.slice(bucket.length + 1) : undefined;
}

/** A Koa context as s3rver's bucket controller receives it. */
interface S3rverListingContext {
  readonly query: Record<string, string | string[] | undefined>;
  readonly params: { readonly bucket: string };
  readonly store: S3rverStore;
  body: unknown;
}

/**
 * ListObjectsV2 answered 500 to every listing longer than a page (over 1,000 keys, or fewer with
 * max-keys): s3rver seals its continuation token with DES, which Node 20's OpenSSL 3 refuses
 * ("digital envelope routines::unsupported"). A date folder of more than 1,000 files never rendered
 * (three retries, then a dead letter), and an editions bucket of more than 1,000 objects failed the
 * catch-up on start. ListObjectsV2 is answered here instead, with a token sealed by an HMAC
 * (listingToken); a token not issued here for this bucket is InvalidArgument (400). ListObjects
 * (v1) pages by `marker`, a plain key, and stays s3rver's. The controller is s3rver's module,
 * shared by every local cloud of the process: replaced once.
 */
function makeListingsPageable(): void {
  const controller = require('s3rver/lib/controllers/bucket') as {
    getBucket: ((ctx: S3rverListingContext) => Promise<void>) & { pageable?: true };
  };
  if (controller.getBucket.pageable) return;
  const S3Error = require('s3rver/lib/models/error') as new (code: string, message: string, detail?: Record<string, unknown>) => Error;
  const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as { DUMMY_ACCOUNT: { id: string; displayName: string } };
  const listObjectsV1 = controller.getBucket;
  const listObjectsV2 = async (ctx: S3rverListingContext): Promise<void> => {
    // The front lets no parameter through twice: each is one string.
    const query = ctx.query as Record<string, string | undefined>;
    const bucket = ctx.params.bucket;
    if ('marker' in query) throw new S3Error('InvalidArgument', 'Marker unsupported with REST.GET.BUCKET in list-type=2', { ArgumentName: 'marker' });
    const maxKeysAsked = query['max-keys'] || '1000';
    if (!/^\d+$/.test(maxKeysAsked)) throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', { ArgumentName: 'max-keys', ArgumentValue: maxKeysAsked });
    // S3 gives at most 1,000 keys a page, whatever is asked.
    const maxKeys = Math.min(1000, Number(maxKeysAsked));
    const token = query['continuation-token'] || undefined;
    const startAfter = token === undefined ? query['start-after'] || undefined : startAfterOfListingToken(token, bucket);
    if (token !== undefined && startAfter === undefined) throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', { ArgumentName: 'continuation-token' });
    const prefix = query.prefix || undefined;
    const delimiter = query.delimiter || undefined;
    const listing: S3rverListing =
      maxKeys === 0 ? { objects: [], commonPrefixes: [], isTruncated: false } : await ctx.store.listObjects(bucket, { prefix, delimiter, startAfter, maxKeys });
    const owner = query['fetch-owner'] === 'true' ? { ID: DUMMY_ACCOUNT.id, DisplayName: DUMMY_ACCOUNT.displayName } : undefined;
    // s3rver's shape (its response middleware writes the XML), with S3's KeyCount (keys and prefixes).
    ctx.body = {
      ListBucketResult: {
        '@': { xmlns: 'http://doc.s3.amazonaws.com/2006-03-01/' },
        Name: bucket,
        Prefix: prefix ?? '',
        StartAfter: query['start-after'] || undefined,
        ContinuationToken: token,
        NextContinuationToken: listing.isTruncated && listing.lastKey !== undefined ? listingToken(bucket, listing.lastKey) : undefined,
        KeyCount: listing.objects.length + listing.commonPrefixes.length,
        MaxKeys: maxKeysAsked,
        Delimiter: delimiter,
        IsTruncated: listing.isTruncated,
        Contents: listing.objects.map((object) => ({
          Key: object.key,
          LastModified: object.lastModifiedDate.toISOString(),
          ETag: object.metadata['etag'],
          Size: object.size,
          Owner: owner,
          StorageClass: 'STANDARD',
        })),
        CommonPrefixes: listing.commonPrefixes.map((commonPrefix) => ({ Prefix: commonPrefix })),
      },
    };
  };
  controller.getBucket = Object.assign(
    (ctx: S3rverListingContext) => (ctx.query['list-type'] === '2' ? listObjectsV2(ctx) : listObjectsV1(ctx)),
    { pageable: true as const },
  );
}

const require = createRequire(import.meta.url);

/** s3rver only knows the key pair S3RVER/S3RVER; docs/ARCHITECTURE.md promises "any credentials", so every key maps to its account. */
function acceptAnyCredentials(): void {
  const accounts = require('s3rver/lib/models/account') as {
    registry: Map<string, unknown> & { acceptsAny?: boolean };
    DUMMY_ACCOUNT: unknown;
  };
  const registry = accounts.registry;
  if (registry.acceptsAny) return;
  const known = registry.get.bind(registry);
  registry.get = (accessKeyId: string) => known(accessKeyId) ?? accounts.DUMMY_ACCOUNT;
  registry.acceptsAny = true;
}

/** Temporary files of writes a kill cut short (makeWritesAtomic): never objects, only litter. */
async function removeUnfinishedWrites(root: string): Promise<void> {
  const names = await readdir(root, { recursive: true }).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => basename(name).startsWith('.partial-')).map((name) => rm(join(root, name), { force: true })));
}

/** A queue of work items with retries, backoff and a dead-letter list, like SQS with a redrive policy. */
class RetryingQueue<T> {
  private running = 0;
  private readonly waiting: { item: T; attempt: number }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly name: DeadLetter['queue'],
    private readonly work: (item: T) => Promise<void>,
    private readonly options: { concurrency: number; maxAttempts: number; retryBaseMs: number },
    private readonly deadLetters: DeadLetter[],
    private readonly describe: (item: T) => string,
    private readonly logger: Logger,
  ) {}

  push(item: T, attempt = 1): void {
    if (this.stopped) return;
    this.waiting.push({ item, attempt });
    this.pump();
  }

  get idle(): boolean {
    return this.running === 0 && this.waiting.length === 0 && this.timers.size === 0;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting.length = 0;
  }

  private pump(): void {
    while (!this.stopped && this.running < this.options.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.running++;
      void this.work(next.item)
        .catch((error: unknown) => this.failed(next.item, next.attempt, error))
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }

  private failed(item: T, attempt: number, error: unknown): void {
    const message = this.describe(item);
    const reason = error instanceof Error ? error.message : String(error);
    if (attempt >= this.options.maxAttempts) {
      this.deadLetters.push({ queue: this.name, message, error: reason });
      // `item`, not `message`: the JSON logger keeps `message` for its own line and dropped the
      // field, so a dead letter's log never said which upload it was (a review of the CLI).
      this.logger.warn('message moved to the dead-letter list', { queue: this.name, item: message, error: reason, attempt });
      return;
    }
    const delayMs = this.options.retryBaseMs * 2 ** (attempt - 1);
    this.logger.warn('message failed; retrying', { queue: this.name, item: message, error: reason, attempt, delayMs });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.push(item, attempt + 1);
    }, delayMs);
    this.timers.add(timer);
  }
}

/**
 * Renders per date, like the FIFO render queue with a delivery delay: requests within the delay
 * coalesce into one render; a request during a render runs one more render after it.
 */
class CoalescingRenderQueue implements RenderSignal {
  private readonly state = new Map<string, { timer?: NodeJS.Timeout; running: boolean; again: boolean }>();
  private stopped = false;

  constructor(
    private readonly delayMs: number,
    private readonly render: (date: string) => Promise<void>,
  ) {}

  /** Asks for a render of the date; the cause does not matter here, every request coalesces. */
  async send(date: string): Promise<void> {
    if (this.stopped) return;
    const entry = this.state.get(date) ?? { running: false, again: false };
    this.state.set(date, entry);
    if (entry.running) entry.again = true;
    else if (!entry.timer) entry.timer = setTimeout(() => void this.run(date), this.delayMs);
  }

  get idle(): boolean {
    return [...this.state.values()].every((e) => !e.running && !e.timer);
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.state.values()) if (entry.timer) clearTimeout(entry.timer);
    this.state.clear();
  }

  private async run(date: string): Promise<void> {
    const entry = this.state.get(date);
    if (!entry || this.stopped) return;
    entry.timer = undefined;
    entry.running = true;
    try {
      await this.render(date);
    } finally {
      entry.running = false;
      if (entry.again) {
        entry.again = false;
        void this.send(date);
      }
    }
  }
}

/** Wraps a store so a test can make one write fail, as a crashed Lambda would leave it. */
function withWriteHook(store: ObjectStore, hook: ((key: string) => void | Promise<void>) | undefined): ObjectStore {
  if (!hook) return store;
  return {
    get: (key, judged) => store.get(key, judged),
    head: (key) => store.head(key),
    list: (prefix) => store.list(prefix),
    delete: (key) => store.delete(key),
    put: async (key, body, contentType) => {
      await hook(key);
      await store.put(key, body, contentType);
    },
    putIfUnchanged: async (key, body, contentType, etag) => {
      await hook(key);
      return store.putIfUnchanged(key, body, contentType, etag);
    },
  };
}

/**
 * Removes aws-chunked framing (`<hex size>[;chunk-signature=…]\r\n<data>\r\n … 0\r\n<trailers>\r\n`).
 * Current SDKs and the AWS CLI frame streamed uploads this way to send a trailing checksum; s3rver
 * does not understand it and would store the framing as part of the object.
 */
export function decodeAwsChunked(framed: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < framed.length) {
    const lineEnd = framed.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new Error('aws-chunked body ends inside a chunk header');
    // Hex digits only: parseInt read "-6" as minus six, and the loop stood still for ever.
    const sizeField = framed.subarray(offset, lineEnd).toString('latin1').split(';')[0].trim();
    if (!/^[0-9a-f]{1,12}$/i.test(sizeField)) throw new Error('aws-chunked body has a malformed chunk size');
    const size = Number.parseInt(sizeField, 16);
    if (size === 0) break;
    if (lineEnd + 2 + size > framed.length) throw new Error('aws-chunked body ends inside a chunk');
    parts.push(framed.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function isAwsChunked(req: IncomingMessage): boolean {
  const encoding = String(req.headers['content-encoding'] ?? '');
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || payloadHash.startsWith('STREAMING-');
}


/**
 * The query names of the S3 calls the pipeline, the SDK and the AWS CLI make here: listings, the
 * SDK's operation name (`x-id`), a GET's response headers, multipart uploads and multi-object
 * deletes. Anything else is refused: s3rver serves bucket settings too, and a website's error
 * document (`?website`) read any file on the disk, and every `x-amz-*` query value overrides the
 * header of that name, so `?x-amz-copy-source=…` copied a file no header check saw.
 */
const S3_QUERY_NAMES: ReadonlySet<string> = new Set([
  'list-type', 'prefix', 'delimiter', 'continuation-token', 'start-after', 'max-keys', 'encoding-type', 'fetch-owner', 'marker', 'location',
  'x-id',
  'response-content-type', 'response-content-disposition', 'response-content-language', 'response-content-encoding', 'response-cache-control', 'response-expires',
  'uploads', 'uploadId', 'partNumber', 'max-parts', 'part-number-marker', 'max-uploads', 'key-marker', 'upload-id-marker',
  'delete',
]);
/** A presigned URL's own query names (any case), which carry its signature and nothing s3rver reads as a header it acts on. */
const PRESIGNED_QUERY_NAMES: ReadonlySet<string> = new Set(
  ['Algorithm', 'Credential', 'Date', 'Expires', 'SignedHeaders', 'Signature', 'Security-Token', 'Content-Sha256'].map((name) => `x-amz-${name}`.toLowerCase()),
);

/** A request's query as s3rver's Koa reads it (querystring.parse: names and values decoded, a name given twice an array). */
function s3rverQuery(rawUrl: string): ReturnType<typeof parseQueryString> {
  const queryAt = rawUrl.indexOf('?');
  return parseQueryString(queryAt < 0 ? '' : rawUrl.slice(queryAt + 1));
}

/** The names the local cloud is reached by: it listens on 127.0.0.1 only. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost)(?::\d{1,5})?$/i;
/** The origins of pages allowed to call it: its own API's (the desk and the reader), on any port. */
const LOOPBACK_ORIGIN = /^http:\/\/(?:127\.0\.0\.1|localhost)(?::\d{1,5})?$/i;

/**
 * Why a request comes from a web page of another site, or undefined: asked by both ports of the
 * local cloud, the S3 endpoint's and the API's (the reader, the desk). The local S3 takes any
 * credentials, and a browser reaches 127.0.0.1 from any page it shows: a page's `fetch` of a POST
 * with a text body (a "simple" request, sent without asking the endpoint first) deleted
 * `epaper-content`'s articles through `?delete`, and a page whose name was re-pointed at
 * 127.0.0.1 (DNS rebinding) read and wrote every object as the same origin (an adversarial review).
 * A browser names the site in `Origin` on every request but a GET or HEAD, and names the page's own
 * host in `Host` (`evil.example:4569`); the SDK, the CLI and curl send no Origin and the address
 * they were given. A Host that names no loopback address is refused; so is an Origin other than
 * the local cloud's own (the desk and the reader on 127.0.0.1); a GET with none (an `<img>` of
 * another site) reads nothing the page can see.
 */
export function requestFromAnotherSite(headers: Record<string, string | string[] | undefined>): string | undefined {
  const host = headers.host;
  if (host !== undefined && (Array.isArray(host) || !LOOPBACK_HOST.test(host))) {
    return `the local cloud answers only requests addressed to 127.0.0.1 or localhost, not ${JSON.stringify(String(host))} (a web page whose name leads here)`;
  }
  const origin = headers.origin;
  if (origin !== undefined && (Array.isArray(origin) || !LOOPBACK_ORIGIN.test(origin))) {
    return `the local cloud takes no request from a web page of another site (${JSON.stringify(String(origin))})`;
  }
  return undefined;
}

/**
 * Why a request to the embedded S3 endpoint must not reach s3rver, or undefined when it may.
 * s3rver turns `<bucket>/<key>` into a file path with path.join, so a key segment `..` (raw, or
 * spelt `..%2F`, `%2E%2E`) climbs out of its bucket and out of `--dir`: `zz/../../epaper-editions/…`
 * in the content bucket would replace a published manifest. Real S3 keys may hold such bytes, but
 * no upload this pipeline accepts needs them, so they are refused here with 400, before the store:
 * `.`/`..` segments, encoded separators (%2F, %5C), backslashes, NUL, and the same in the copy
 * source header, the multipart upload id and the keys of a multi-object delete. The query is read
 * as s3rver's Koa reads it (querystring.parse), and a parameter given twice is refused: Koa hands
 * s3rver both as one array, which `partNumber=1&partNumber=../../x` turned into the part's file
 * name `1,../../x`, written wherever it climbed, while a check of the first value saw only `1`.
 * No S3 request this pipeline makes repeats a parameter.
 */
export function refusedS3Request(method: string, rawUrl: string, headers: Record<string, string | string[] | undefined>): string | undefined {
  const fromElsewhere = requestFromAnotherSite(headers);
  if (fromElsewhere) return fromElsewhere;
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const parsedQuery = s3rverQuery(rawUrl);
  const repeated = Object.keys(parsedQuery).find((name) => Array.isArray(parsedQuery[name]));
  if (repeated !== undefined) return `the query names "${repeated}" more than once`;
  const unknown = Object.keys(parsedQuery).find((name) => !S3_QUERY_NAMES.has(name) && !PRESIGNED_QUERY_NAMES.has(name.toLowerCase()));
  if (unknown !== undefined) return `the local cloud does not take "${unknown}" (only object reads, writes, listings, deletes and multipart uploads)`;
  const query = new Map(Object.entries(parsedQuery as Record<string, string>));
  if (!rawPath.startsWith('/')) return 'the request path must start with /';
  const rawSegments = rawPath.slice(1).split('/');
  const [bucket, ...keySegments] = rawSegments;
  if (bucket !== '' && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) return 'not a bucket name';
  if (bucket.includes('..')) return 'not a bucket name';
  const hasKey = keySegments.some((segment) => segment !== '');
  // The buckets are the local cloud's own: none is made, changed or removed over HTTP.
  if (!hasKey && (method === 'PUT' || method === 'DELETE')) return 'the local cloud\'s buckets are its own';
  // A POST is a multi-object delete or a step of a multipart upload; a browser form's upload
  // (POST /<bucket>) takes its key from the body, where no check here sees it.
  if (method === 'POST' && !(query.has('delete') && !hasKey) && !(hasKey && (query.has('uploads') || query.has('uploadId')))) return 'a POST here is a multi-object delete or a multipart upload';
  const keyProblem = unsafeKeySegments(keySegments, true);
  if (keyProblem) return keyProblem;
  const uploadId = query.get('uploadId');
  if (uploadId !== undefined && !/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(uploadId)) return 'not an upload id';
  // s3rver names a part's file by the number as given: `..%2F..%2Fx` wrote outside --dir.
  const partNumber = query.get('partNumber');
  if (partNumber !== undefined && !(/^[1-9]\d{0,4}$/.test(partNumber) && Number(partNumber) <= 10_000)) return 'a part number is 1 to 10000';
  const copySource = headers['x-amz-copy-source'];
  if (copySource !== undefined) {
    const source = (Array.isArray(copySource) ? copySource.join(',') : copySource).split('?')[0].replace(/^\//, '');
    const [sourceBucket, ...sourceKey] = source.split('/');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(sourceBucket) || sourceBucket.includes('..')) return 'the copy source names no bucket';
    const sourceProblem = unsafeKeySegments(sourceKey, true);
    if (sourceProblem) return `copy source: ${sourceProblem}`;
    // …and as s3rver reads it (putObjectCopy): the whole header through decodeURI, nothing cut at
    // a `?`, so `/epaper-content/a?/../../x` named a file outside --dir.
    let asRead: string;
    try {
      asRead = decodeURI(Array.isArray(copySource) ? copySource.join(',') : copySource).replace(/^\//, '');
    } catch {
      return 'copy source: the key is not valid percent-encoding';
    }
    const readProblem = unsafeKeySegments(asRead.split('/').slice(1), false);
    if (readProblem) return `copy source: ${readProblem}`;
  }
  // Conditions are honoured on an object's PUT alone (makeWritesAtomic), and If-None-Match there
  // only as `*`, as S3 takes it: anything else would be ignored, a write that went ahead where S3
  // refuses it.
  const ifNoneMatch = headers['if-none-match'];
  const conditional = ifNoneMatch !== undefined || headers['if-match'] !== undefined;
  if (conditional && (method === 'POST' || (method === 'PUT' && (copySource !== undefined || query.has('partNumber'))))) {
    return 'the local cloud honours If-Match and If-None-Match on an object\'s PUT alone, not on a copy or a multipart upload';
  }
  if (method === 'PUT' && ifNoneMatch !== undefined && String(ifNoneMatch).trim() !== '*') return 'If-None-Match on a PUT takes only *';
  // A multi-object delete carries its keys in the body: see refusedDeleteKeys.
  return undefined;
}

/**
 * The keys of a multi-object delete (`POST /<bucket>?delete`), judged like any other key, as s3rver
 * will read them: with its own XML parser and entity decoder (a pattern over the text missed
 * `<Key x="1">` and named entities such as `&period;`, and s3rver deleted `../..` outside --dir).
 */
export function refusedDeleteKeys(xml: string): string | undefined {
  if (s3rverXml.validate(xml) !== true) return 'the delete request is not well-formed XML';
  const body = s3rverXml.parse(xml, { tagValueProcessor: (value: string) => s3rverEntities.decode(value) }) as { Delete?: { Object?: unknown } };
  const objects = [body?.Delete?.Object ?? []].flat();
  for (const object of objects) {
    const key = (object as { Key?: unknown } | null)?.Key;
    if (typeof key !== 'string' && typeof key !== 'number') return 'a delete names an object without a key';
    const problem = unsafeKeySegments(String(key).split('/'), false);
    if (problem) return `delete of ${JSON.stringify(String(key))}: ${problem}`;
  }
  return undefined;
}

/** s3rver's own XML parser and entity decoder (its dependencies, at the versions it runs with). */
const fromS3rver = createRequire(require.resolve('s3rver'));
const s3rverXml = fromS3rver('fast-xml-parser') as { validate(xml: string): true | object; parse(xml: string, options: object): unknown };
const S3Error = require('s3rver/lib/models/error') as new (code: string, message: string, detail?: Record<string, string>) => Error;
const s3rverEntities = fromS3rver('he') as { decode(text: string): string };

/**
 * Longest part of a key between slashes, in UTF-8 bytes: the store names files by it, with up to 60
 * bytes more (`._S3rver_metadata.json`, a write's `.partial-<uuid>`), and a file name ends at 255.
 * Longer, a PUT failed half-done, its partial file left behind.
 */
const MAX_KEY_SEGMENT_BYTES = 195;

/** Checks the `/`-separated parts of a key, URL-encoded (`encoded`) or plain. */
function unsafeKeySegments(segments: readonly string[], encoded: boolean): string | undefined {
  for (const [index, raw] of segments.entries()) {
    // `a//b`: s3rver's files collapse it to `a/b`, so one key reached another's object. (A first
    // empty part is the path's own `/<bucket>/` or a listing; a last one, a folder's key `a/b/`.)
    if (raw === '' && index > 0 && index < segments.length - 1) return 'the key holds an empty segment (//)';
    if (encoded && /%(2f|5c)/i.test(raw)) return 'the key holds an encoded separator (%2F or %5C)';
    let segment = raw;
    if (encoded) {
      try {
        segment = decodeURIComponent(raw);
      } catch {
        return 'the key is not valid percent-encoding';
      }
    }
    if (segment.includes('\\')) return 'the key holds a backslash';
    if (segment.includes('\0')) return 'the key holds a NUL character';
    if (segment === '.' || segment === '..') return 'the key holds a "." or ".." segment';
    // The store's own file names (an object's sidecars, the multipart uploads' folder): a key named
    // so stood in another object's way or in an upload's, and a write there ended the process.
    if (segment.includes('._S3rver_')) return 'the key holds "._S3rver_", which the local store keeps for its own files';
    if (Buffer.byteLength(segment) > MAX_KEY_SEGMENT_BYTES) return `a part of the key between slashes is longer than ${MAX_KEY_SEGMENT_BYTES} bytes, which the local store cannot name a file by`;
  }
  return undefined;
}

/** A multi-object delete's body, read whole to judge its keys: a thousand keys take about 100 KB. */
const MAX_DELETE_BODY_BYTES = 1024 * 1024;
/** An aws-chunked upload, unframed in memory: a photo's 25 MiB and more; the AWS CLI sends larger files in 8 MiB parts. */
const MAX_UNFRAMED_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The public S3 endpoint: refuses keys that could leave their bucket (refusedS3Request), then
 * forwards to s3rver, unframing aws-chunked uploads on the way.
 */
async function startS3Front(port: number, upstreamPort: number): Promise<{ front: Server; upstreamAgent: Agent }> {
  // Its own agent, destroyed on stop: with Node's global keep-alive agent, s3rver's close waited
  // for idle upstream sockets to time out (about 4 s per stop).
  const upstreamAgent = new Agent({ keepAlive: true });
  const front = createServer((req, res) => {
    const refuse = (why: string) => {
      res.writeHead(400, { 'content-type': 'application/xml', connection: 'close' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidArgument</Code><Message>${escapeXml(why)}</Message></Error>`);
      req.resume();
    };
    const refusal = refusedS3Request(req.method ?? 'GET', req.url ?? '/', req.headers);
    if (refusal) return refuse(refusal);
    const forward = (body?: Buffer) => {
      // s3rver takes a bucket from a `<bucket>.s3.amazonaws.com` Host even with vhostBuckets off
      // (its vhost middleware), which no path check sees: `Host: ../../x.s3.amazonaws.com` wrote
      // outside --dir. It is handed its own address instead.
      const headers: IncomingMessage['headers'] = { ...req.headers, host: `127.0.0.1:${upstreamPort}` };
      delete headers['x-forwarded-host'];
      if (body) {
        const encodings = String(headers['content-encoding'] ?? '')
          .split(',')
          .map((e) => e.trim())
          .filter((e) => e && e !== 'aws-chunked');
        if (encodings.length) headers['content-encoding'] = encodings.join(', ');
        else delete headers['content-encoding'];
        delete headers['transfer-encoding'];
        delete headers['x-amz-trailer'];
        delete headers['x-amz-decoded-content-length'];
        headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
        headers['content-length'] = String(body.length);
      }
      const upstream = httpRequest(
        { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers, agent: upstreamAgent },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      if (body) upstream.end(body);
      // A client that goes away mid-upload takes the upstream request with it (piped, it held the
      // connection and its partial file open).
      else pipeline(req, upstream).catch(() => upstream.destroy());
    };
    // A body the front must read whole (an aws-chunked upload, a multi-object delete), bounded.
    const readBody = (limit: number, then: (body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          req.off('data', onData);
          refuse(`the request body is over ${limit.toLocaleString('en-US')} bytes; send a larger object as a multipart upload`);
          return;
        }
        chunks.push(chunk);
      };
      req.on('data', onData);
      req.on('end', () => {
        if (size <= limit) then(Buffer.concat(chunks));
      });
    };
    // As s3rver routes it: by the decoded query (`?%64elete` is a delete too).
    const isMultiDelete = req.method === 'POST' && 'delete' in s3rverQuery(req.url ?? '');
    if (isMultiDelete) {
      readBody(MAX_DELETE_BODY_BYTES, (framed) => {
        let deleteRefusal: string | undefined;
        let body: Buffer;
        try {
          body = isAwsChunked(req) ? decodeAwsChunked(framed) : framed;
          deleteRefusal = refusedDeleteKeys(body.toString('utf8'));
        } catch (error) {
          // A body s3rver's parser cannot read (a thousand levels of nesting overflowed its stack
          // and ended the process): refused, never thrown out of this handler.
          return refuse(error instanceof Error ? error.message : 'the delete request cannot be read');
        }
        if (deleteRefusal) return refuse(deleteRefusal);
        // Forwarded as a plain body with its length, framing or not.
        forward(body);
      });
      return;
    }
    if (!isAwsChunked(req)) return forward();
    readBody(MAX_UNFRAMED_BODY_BYTES, (framed) => {
      let body: Buffer;
      try {
        body = decodeAwsChunked(framed);
      } catch (error) {
        return refuse(error instanceof Error ? error.message : 'bad aws-chunked body');
      }
      forward(body);
    });
  });
  await listenOn(front, port, '--s3-port');
  return { front, upstreamAgent };
}

/**
 * Why epaper dev could not start, in a sentence for the terminal (a port taken, a folder in use or
 * not writable): the CLI prints it as it is, without asking for --debug.
 */
export class DevStartFailure extends Error {}

/** `server` listening on `port` of 127.0.0.1; a taken port named with the option that chooses another. */
async function listenOn(server: Server, port: number, option: string): Promise<void> {
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      done();
    });
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new DevStartFailure(`port ${port} on 127.0.0.1 is taken (another epaper dev, or another program): pass ${option} with a free port, or 0 for any`);
    if (code === 'EACCES') throw new DevStartFailure(`port ${port} needs privileges this user does not have: pass ${option} with a port above 1023, or 0 for any`);
    throw error;
  });
}

/**
 * Claims `dir` for this process: `<dir>/dev.lock` holds its pid while it runs. A second epaper dev
 * on the same folder would sweep the first's unfinished uploads at start-up (removeUnfinishedWrites)
 * and both would ingest and render the same objects: it is refused instead. A lock whose process is
 * gone (a kill -9, a power cut) is taken over. Resolves to the release.
 */
async function claimDevFolder(dir: string): Promise<() => Promise<void>> {
  const lock = join(dir, 'dev.lock');
  const mine = `${process.pid}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(lock, mine, { flag: 'wx' });
      return async () => {
        // Only our own claim: a folder taken over meanwhile stays its new owner's.
        if ((await readFile(lock, 'utf8').catch(() => '')) === mine) await rm(lock, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw folderFailure(dir, error);
      const owner = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (attempt === 0 && !(Number.isInteger(owner) && owner > 0 && processIsAlive(owner))) {
        await rm(lock, { force: true });
        continue;
      }
      throw new DevStartFailure(`${dir} is in use by another epaper dev${owner > 0 ? ` (process ${owner})` : ''}: stop it first, or pass another --dir`);
    }
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process no one has reaped yet (a container whose first process reaps nothing) still
  // answers signal 0: Linux says it is a zombie in /proc. Elsewhere signal 0 is all there is.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return true;
  }
}

/** A folder epaper dev cannot write, said as such (a read-only disk, a folder of another user). */
function folderFailure(dir: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return new DevStartFailure(`cannot write to ${dir} (permission denied): pass a --dir this user may write to`);
  if (code === 'EROFS') return new DevStartFailure(`cannot write to ${dir} (a read-only file system): pass a --dir on a writable disk`);
  if (code === 'ENOTDIR' || code === 'EEXIST') return new DevStartFailure(`${dir} is not a folder: pass a --dir that is one, or one to be made`);
  if (code === 'ENOSPC') return new DevStartFailure(`cannot write to ${dir} (no space left on the disk)`);
  return error instanceof Error ? error : new Error(String(error));
}

/** Starts the local cloud and resolves once both endpoints listen. One epaper dev per folder. */
export async function startDevCloud(opts: DevCloudOptions): Promise<DevCloud> {
  const dir = resolve(opts.dir);
  await mkdir(join(dir, 's3'), { recursive: true }).catch((error: unknown) => {
    throw folderFailure(dir, error);
  });
  const release = await claimDevFolder(dir);
  try {
    return await startInFolder(opts, dir, release);
  } catch (error) {
    await release();
    throw error;
  }
}

async function startInFolder(opts: DevCloudOptions, dir: string, release: () => Promise<void>): Promise<DevCloud> {
  const logger = opts.logger ?? createJsonLogger({ serviceName: 'epaper-dev' });
  const interactive = opts.interactive ?? true;
  const maxAttempts = opts.maxAttempts ?? 3;
  const clock = opts.clock ?? (() => new Date());
  const scheduleTimers = opts.scheduleTimers ?? REAL_SCHEDULE_TIMERS;
  const retryBaseMs = opts.retryBaseMs ?? 500;

  acceptAnyCredentials();
  const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;
  const s3rver = new S3rver({
    address: '127.0.0.1',
    // s3rver listens on a private port; the public one is the unframing front.
    port: 0,
    directory: join(dir, 's3'),
    silent: true,
    allowMismatchedSignatures: true,
    // Path-style only: `<bucket>.localhost` names would need wildcard DNS.
    vhostBuckets: false,
    configureBuckets: [{ name: CONTENT_BUCKET }, { name: EDITIONS_BUCKET }],
  });
  makeWritesAtomic(s3rver.store);
  makeMultipartSafe(s3rver.store);
  makeReadsConsistent(s3rver.store);
  makeReadConditionsHonoured(s3rver);
  makeListingsInKeyOrder(s3rver.store);
  makeListingsPageable();
  await removeUnfinishedWrites(join(dir, 's3'));
  const inner = (await s3rver.run()) as AddressInfo;
  const { front: s3Front, upstreamAgent } = await startS3Front(opts.s3Port, inner.port).catch(async (error: unknown) => {
    await s3rver.close();
    throw error;
  });
  // Port 0 asks the system for a free one: the endpoint names the one it gave.
  const s3Endpoint = `http://127.0.0.1:${(s3Front.address() as AddressInfo).port}`;

  const s3 = createS3Client({
    endpoint: s3Endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const content = new S3ObjectStore(s3, CONTENT_BUCKET);
  const editions = new S3ObjectStore(s3, EDITIONS_BUCKET);

  const deadLetters: DeadLetter[] = [];
  const renders: { date: string; outcome: PublishOutcome }[] = [];
  let closeBrowser: (() => Promise<void>) | undefined;
  let build = opts.build;
  if (!build) {
    const [{ createEditionBuilder }, renderer] = await Promise.all([
      import('../lambdas/adapters/edition-builder'),
      import('../lambdas/adapters/chromium-renderer'),
    ]);
    build = createEditionBuilder({ templatesDir: process.env.EPAPER_TEMPLATES_DIR, logger });
    closeBrowser = renderer.closeBrowser;
  }
  const parse = opts.parse ?? (await import('../lambdas/core/parse')).parseArticle;

  let stopped = false;
  let renderQueue!: CoalescingRenderQueue;
  const publish = renderAndPublish({
    content,
    editions: withWriteHook(editions, opts.beforeEditionsPut),
    build,
    renderSignal: { send: (date) => renderQueue.send(date) },
    logger,
    thumbnailWidthPx: opts.thumbnailWidthPx ?? 240,
    now: clock,
    // As in the cloud: a proof waits for an editor, publishAt or `publish: auto` in edition.yaml.
    defaultPublish: 'proof',
    pageImageWidthPx: opts.pageImageWidthPx ?? READER_POLICY.pageImageWidthPx,
  });

  // publishAt: one timer per date, armed when a proof asks for it (and on start for proofs made
  // before a restart); when it fires the same rule as the cloud's schedule decides (publishIfDue).
  const publishTimers = new Map<string, unknown>();
  const armPublishTimer = (date: string, publishAt: string) => {
    scheduleTimers.clear(publishTimers.get(date));
    // setTimeout holds at most ~24.8 days; a later moment is re-armed when the timer fires.
    const delayMs = Math.min(Math.max(0, Date.parse(publishAt) - clock().getTime()), 2 ** 31 - 1);
    const timer = scheduleTimers.set(() => {
      publishTimers.delete(date);
      if (stopped) return;
      void inTurn(async () => {
        const outcome = await publishIfDue(editions, date, clock());
        logger.info('publishAt timer fired', { date, publishAt, outcome: outcome.kind });
        // A timer may fire a millisecond before the wall clock reaches its moment; the proof then
        // says when it is due, and that (not a later reading of the clock) arms the next timer.
        if (outcome.kind === 'not-due' && outcome.dueAt !== undefined) armPublishTimer(date, outcome.dueAt);
      }).catch((error: unknown) => logger.warn('scheduled publish failed', { date, error: error instanceof Error ? error.message : String(error) }));
    }, delayMs);
    publishTimers.set(date, timer);
  };
  // Embargoes: when the newest proof holds a story under an embargo, the date renders again when
  // it ends (its inputs' fingerprint changes then), so the next proof prints the story.
  const embargoTimers = new Map<string, unknown>();
  const armEmbargoTimer = async (date: string) => {
    scheduleTimers.clear(embargoTimers.get(date));
    embargoTimers.delete(date);
    const object = await editions.get(editionKeys.proof(date));
    const proof = object ? (JSON.parse(new TextDecoder().decode(object.body)) as ProofPointer) : undefined;
    const ends = nextEmbargoEnd(proof?.held ?? []);
    if (ends === undefined || stopped) return;
    const delayMs = Math.min(Math.max(0, Date.parse(ends) - clock().getTime()), 2 ** 31 - 1);
    embargoTimers.set(
      date,
      scheduleTimers.set(() => {
        embargoTimers.delete(date);
        if (stopped) return;
        logger.info('an embargo ended; rendering again', { date, embargo: ends });
        void renderQueue.send(date);
      }, delayMs),
    );
  };
  // Retries happen inside the date's turn, so one date never has two renders at once, as with FIFO groups.
  // One render at a time across dates: they share one Chromium, and editions/index.json is a
  // read-modify-write that two dates publishing at once would race on.
  let renderTurn: Promise<void> = Promise.resolve();
  const inTurn = (work: () => Promise<void>): Promise<void> => {
    const mine = renderTurn.then(work);
    renderTurn = mine.catch(() => undefined);
    return mine;
  };
  const inTurnValue = <T>(work: () => Promise<T>): Promise<T> => {
    let value!: T;
    return inTurn(async () => {
      value = await work();
    }).then(() => value);
  };
  renderQueue = new CoalescingRenderQueue(opts.renderDelayMs ?? 1500, (date) => inTurn(() => renderWithRetries(date)));
  async function renderWithRetries(date: string): Promise<void> {
    for (let attempt = 1; !stopped; attempt++) {
      try {
        const outcome = await publish(date);
        renders.push({ date, outcome });
        if (outcome.kind === 'proofed' && outcome.publishAt) armPublishTimer(date, outcome.publishAt);
        await armEmbargoTimer(date);
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (attempt >= maxAttempts) {
          deadLetters.push({ queue: 'render', message: JSON.stringify({ date }), error: reason });
          logger.warn('message moved to the dead-letter list', { queue: 'render', date, error: reason, attempt });
          return;
        }
        const delayMs = retryBaseMs * 2 ** (attempt - 1);
        logger.warn('render failed; retrying', { date, error: reason, attempt, delayMs });
        await new Promise((r) => setTimeout(r, delayMs));
      }
    }
  }

  const ingest = ingestObject({ content, renderSignal: renderQueue, parse, logger, now: clock });
  const ingestQueue = new RetryingQueue<ObjectEvent>(
    'ingest',
    async (event) => {
      await ingest(event);
    },
    { concurrency: 4, maxAttempts, retryBaseMs },
    deadLetters,
    (event) => JSON.stringify(event),
    logger,
  );
  const deliver = (notification: unknown) => {
    // s3rver's keys are not URL-encoded, unlike AWS's.
    for (const event of objectEventsFromNotification(notification, false)) {
      // Only the newsroom's uploads, as the stack's notification filter sends them (lib/pipeline-stack.ts):
      // the pipeline's own writes here (reports/, normalized/, rejected/) each went to ingest too,
      // and each logged "ignored: key is not under articles/<date>/", dozens to a render.
      if (event.bucket !== CONTENT_BUCKET || !event.key.startsWith(ARTICLES_PREFIX)) continue;
      ingestQueue.push({ key: event.key, eventName: event.eventName, sequencer: event.sequencer });
    }
  };
  s3rver.on('event', (notification) => {
    const events = objectEventsFromNotification(notification, false);
    // Deletes are reported by the store hook below, which also sees multi-object deletes.
    if (events.every((e) => e.eventName.startsWith('ObjectRemoved'))) return;
    deliver(notification);
  });
  const deleteObject = s3rver.store.deleteObject.bind(s3rver.store);
  s3rver.store.deleteObject = async (bucket, key) => {
    await deleteObject(bucket, key);
    deliver({
      Records: [
        { eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: bucket }, object: { key, sequencer: Date.now().toString(16) } } },
      ],
    });
  };

  const auth = await createDevAuth(dir);
  const readerPage = await readFile(fileURLToPath(new URL('../templates/reader.html', import.meta.url)), 'utf8').catch(
    () => '<!doctype html><title>epaper</title><p>templates/reader.html is missing.</p>',
  );
  const deskPage = await readFile(fileURLToPath(new URL('../templates/desk.html', import.meta.url)), 'utf8').catch(
    () => '<!doctype html><title>epaper desk</title><p>templates/desk.html is missing.</p>',
  );
  // An editor's publish, rollback or withdrawal takes the render turn, so it never interleaves with a render's pointer swap.
  // And asks for the render that drops or writes an emptied date's desk marker after a withdrawal or a rollback, as in AWS.
  const deskActions = createDeskActions(editions, clock, renderQueue);
  const api = createSubscriberApi({
    // With list: the edition list reads the pointer of a date a pending-repair marker names (one LIST a list request).
    editions: { get: async (key) => (await editions.get(key))?.body, list: (prefix) => editions.list(prefix) },
    presign: createS3Presigner(s3, EDITIONS_BUCKET),
    verifyToken: auth.verifyToken,
    readerPage,
    deskPage,
    development: { tokenFolder: dir },
    desk: {
      // With the proof the desk showed: a newer one is refused (409), here as in AWS.
      publish: (date, version) => inTurnValue(() => deskActions.publish(date, version)),
      rollback: (date, version) => inTurnValue(() => deskActions.rollback(date, version)),
      withdraw: (date) => inTurnValue(() => deskActions.withdraw(date)),
      versions: (date) => deskActions.versions(date),
      // With the index the API read for the call, as in AWS (each list read it again).
      awaiting: (known) => deskActions.awaiting(known),
      // The desk's other lists, as in AWS (the refused dates were missing here).
      refused: () => deskActions.refused(),
      emptied: (known) => deskActions.emptied(known),
    },
    logger,
    // Share links work until dev stops (a new secret each start).
    sharing: { secret: `${randomUUID()}${randomUUID()}`, now: () => Date.now() },
  });
  const server = createServer((req, res) => {
    // The same rule as the local S3's: a page of another site, or one whose name was re-pointed at
    // 127.0.0.1 (DNS rebinding), had the reader, the desk and the API as its own origin.
    const fromElsewhere = requestFromAnotherSite(req.headers);
    if (fromElsewhere) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'another_site', message: fromElsewhere }));
      return;
    }
    api({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers as Record<string, string | undefined> })
      .then((response) => {
        res.writeHead(response.status, response.headers);
        res.end(response.body);
      })
      .catch((error: unknown) => {
        logger.warn('API request failed', { error: error instanceof Error ? error.message : String(error) });
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal error');
      });
  });
  try {
    await listenOn(server, opts.apiPort, '--api-port');
  } catch (error) {
    // A taken API port must not leave the S3 side running with no way to stop it.
    ingestQueue.stop();
    s3Front.close();
    upstreamAgent.destroy();
    await s3rver.close();
    s3.destroy();
    throw error;
  }
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Catch up with whatever arrived before a kill: uploads never ingested, dates never rendered.
  let reconciling = true;
  void reconcile({ content, editions, ingest: (event) => ingestQueue.push(event), render: (date) => renderQueue.send(date), logger, now: clock })
    .then(async () => {
      // Proofs waiting for their publishAt when the last run stopped.
      for (const { key } of await editions.list('editions/')) {
        const date = /^editions\/(\d{4}-\d{2}-\d{2})\/proof\.json$/.exec(key)?.[1];
        if (!date) continue;
        const proof = await editions.get(editionKeys.proof(date));
        const publishAt = proof ? (JSON.parse(new TextDecoder().decode(proof.body)) as ProofPointer).publishAt : undefined;
        if (publishAt && !(await editions.head(editionKeys.pointer(date)))) armPublishTimer(date, publishAt);
        await armEmbargoTimer(date);
      }
      // Proofs made before the desk listed proofs by their markers get theirs (once: then there is none to write).
      const marked = await markProofsMadeBeforeMarkers(editions);
      if (marked.length) logger.info('proof markers written for proofs made before them', { dates: marked });
    })
    .catch((error: unknown) => logger.warn('reconciliation on start failed', { error: error instanceof Error ? error.message : String(error) }))
    .finally(() => {
      reconciling = false;
    });

  const idle = () => !reconciling && ingestQueue.idle && renderQueue.idle;
  let stopping: Promise<void> | undefined;
  // No process.exit: once everything is closed the process ends by itself, and a caller such as
  // the CLI, which listens for the same signals, still gets to run its own shutdown.
  const onSignal = () => void stop();
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (interactive) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        process.off('SIGHUP', onSignal);
      }
      stopped = true;
      for (const timer of publishTimers.values()) scheduleTimers.clear(timer);
      for (const timer of embargoTimers.values()) scheduleTimers.clear(timer);
      publishTimers.clear();
      ingestQueue.stop();
      renderQueue.stop();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      s3Front.closeAllConnections();
      await new Promise<void>((done) => s3Front.close(() => done()));
      upstreamAgent.destroy();
      await s3rver.close();
      s3.destroy();
      await closeBrowser?.();
      await release();
    })());

  if (interactive) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    process.stdout.write(
      `epaper dev: S3 ${s3Endpoint} (buckets ${CONTENT_BUCKET}, ${EDITIONS_BUCKET}), API ${apiUrl}, token in ${join(dir, 'dev-token')}, editor token in ${join(dir, 'dev-editor-token')} (desk at ${apiUrl}/desk)\n`,
    );
  }

  return {
    stop,
    s3Endpoint,
    apiUrl,
    token: auth.token,
    editorToken: auth.editorToken,
    deadLetters,
    renders,
    deliver,
    settled: async (timeoutMs = 60_000) => {
      // Twice idle in a row: a finishing render may enqueue the next one a tick later.
      let quietChecks = 0;
      await waitFor(() => (idle() ? ++quietChecks >= 2 : ((quietChecks = 0), false)), timeoutMs);
    },
  };
}

/**
 * Start-up reconciliation: `epaper dev` may have been killed at any moment, between an upload and
 * its event, during ingest or during a render. Every article whose ingest report is missing or names
 * another ETag is ingested again, and every date whose inputs differ from its published (or last
 * rejected) fingerprint, or whose published version does not verify, is queued for a render. So is
 * a published date with no article left that the desk was not yet told of (dateNeedsRender): its
 * render keeps it published and lists it for an editor to withdraw; nothing here unpublishes.
 */
export async function reconcile(deps: {
  readonly content: ObjectStore;
  readonly editions: ObjectStore;
  readonly ingest: (event: ObjectEvent) => void;
  readonly render: (date: string) => Promise<void>;
  readonly logger: Logger;
  /** The local cloud's clock: an embargo that has ended since the last render makes a date render again. */
  readonly now: () => Date;
}): Promise<{ ingested: string[]; rendered: string[]; finished: string[] }> {
  const { content, editions, logger } = deps;
  // Pending-repair markers begun before now are the killed process's (finishCutShort).
  const startedAt = deps.now();
  const uploads = await content.list('articles/');
  const dates = new Set<string>();
  const ingested: string[] = [];
  for (const upload of uploads) {
    const parsed = parseArticleKey(upload.key);
    if (!parsed) continue;
    // An impossible date is ingested (its report says why) but never rendered.
    if (isIsoDate(parsed.date)) dates.add(parsed.date);
    // Photos, the settings and what the operating system writes get no report of their own.
    if (isPhotoFile(parsed.file) || isEditionConfigName(parsed.file) || isSystemFile(parsed.file)) continue;
    const report = (await content.get(normalizedKey(parsed.date, parsed.file))) ?? (await content.get(rejectedKey(parsed.date, parsed.file)));
    let reportedEtag: string | undefined;
    try {
      reportedEtag = report ? (JSON.parse(new TextDecoder().decode(report.body)) as { etag?: string }).etag : undefined;
    } catch {
      reportedEtag = undefined;
    }
    if (normalizeEtag(reportedEtag) !== normalizeEtag(upload.etag)) {
      ingested.push(upload.key);
      deps.ingest({ key: upload.key, eventName: 'Reconcile' });
    }
  }
  const published = new Set<string>();
  for (const pointer of await editions.list('editions/')) {
    const match = /^editions\/(\d{4}-\d{2}-\d{2})\/manifest\.json$/.exec(pointer.key);
    if (match) published.add(match[1]);
  }
  for (const date of published) dates.add(date);
  // What a kill cut short in an editor's publish, rollback or withdrawal (or a render's unpublish)
  // is finished first, as the schedule finishes it in AWS: the index line of every date published
  // or listed is put right, and a take-down whose history line is written goes through; so is
  // every date a pending-repair marker names (editions/pending/).
  for (const date of await listedDates(editions)) published.add(date);
  const finished = await finishCutShort(editions, [...published].sort(), startedAt);
  const rendered: string[] = [];
  for (const date of [...dates].sort()) {
    if (await dateNeedsRender(content, editions, date, deps.now())) {
      rendered.push(date);
      await deps.render(date);
    }
  }
  if (ingested.length || rendered.length || finished.length) logger.info('caught up on start', { ingested: ingested.length, rendered, finished });
  return { ingested, rendered, finished };
}

/** The dates editions/index.json lists (none from a torn or foreign index: the catch-up goes on). */
async function listedDates(editions: ObjectStore): Promise<string[]> {
  const index = await editions.get(editionKeys.index);
  try {
    const entries: unknown = index && (JSON.parse(new TextDecoder().decode(index.body)) as { editions?: unknown }).editions;
    return (Array.isArray(entries) ? entries : []).map((entry) => entry?.date).filter((date): date is string => typeof date === 'string' && isIsoDate(date));
  } catch {
    return [];
  }
}

async function waitFor(condition: () => boolean, timeoutMs = Number.POSITIVE_INFINITY, pollMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still busy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** `tsx bin/dev.ts [--dir .epaper] [--s3-port 4569] [--api-port 8787]`, for when the CLI is not at hand. */
async function main(argv: readonly string[]): Promise<void> {
  const flag = (name: string, fallback: string) => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  await startDevCloud({
    dir: flag('--dir', '.epaper'),
    s3Port: Number(flag('--s3-port', '4569')),
    apiPort: Number(flag('--api-port', '8787')),
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`epaper dev: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
