/**
 * The render use case: snapshot one date's inputs, skip if the published edition already has the
 * same fingerprint, otherwise build and publish a new immutable version, then swap the pointer.
 *
 * Atomic by construction (docs/ARCHITECTURE.md, "Publishing"): everything a version needs is
 * written under `editions/<date>/versions/<fingerprint>/`, each object is then verified against the
 * size and SHA-256 the version's manifest records, the version's own manifest goes last, and only
 * then does ONE write of `editions/<date>/manifest.json` (the pointer) make it current. Subscribers
 * are only ever sent to the PDF inside the version the pointer names, so a crash at any point leaves
 * them the previous complete edition; "unchanged" is decided against what the pointer really
 * serves (its version verified), so a damaged or half-written version is rebuilt, never kept.
 * `editions/<date>/edition.pdf` is a convenience copy written after the pointer and never served.
 */
import { createHash } from 'node:crypto';
import type { Rejection, Warning } from './article';
import type { BuildOutcome, BuiltEdition, EditionRequest } from './edition';
import { fingerprintInputs } from './fingerprint';
import { mayBeRead } from './input-policy';
import type { Manifest } from './manifest';
import { MemoryInputSource } from './memory-source';
import { isPhotoFile, normalizeEtag, type ObjectStore, type RenderSignal } from './object-store';
import type { InputEntry, InputSource, Logger } from './ports';

/** What the render use case needs from the outside world. */
export interface PublishPorts {
  /** The content bucket: inputs under `articles/<date>/`. */
  readonly content: ObjectStore;
  /** The editions bucket: `editions/…`. */
  readonly editions: ObjectStore;
  /** The edition builder (buildEdition with its renderer, images and resources already bound). */
  readonly build: (source: InputSource, request: EditionRequest) => Promise<BuildOutcome>;
  /** Where "render this date again" goes when inputs changed during the build. */
  readonly renderSignal: RenderSignal;
  readonly logger: Logger;
  /** Page thumbnails width for the reader page; 0 for none. */
  readonly thumbnailWidthPx?: number;
  /** Reading-size page images (WebP) width for the reader; 0 or absent for none. */
  readonly pageImageWidthPx?: number;
}

/** Size and SHA-256 (hex) of one object of a version, as written. */
export interface VersionFile {
  readonly bytes: number;
  readonly sha256: string;
  /** MD5 (hex), the ETag S3 gives a single-part PUT: lets the convenience copy be checked by HeadObject. */
  readonly md5?: string;
}

/** The manifest as published: the build's manifest plus where its immutable version lives. */
export interface PublishedManifest extends Manifest {
  /** Folder of this version relative to `editions/<date>/`, e.g. "versions/<fingerprint>/". */
  readonly version: string;
  /** edition.html of this version, relative to `editions/<date>/`. */
  readonly html: string;
  /** Every object of the version by its path relative to the version folder (manifest.json aside). */
  readonly files?: Readonly<Record<string, VersionFile>>;
}

/** One line of `editions/index.json`. */
export interface EditionIndexEntry {
  readonly date: string;
  readonly fingerprint: string;
  readonly pageCount: number;
  readonly paper: string;
  readonly headline: string;
}

/** `editions/index.json`: every published date, newest first. */
export interface EditionIndex {
  readonly editions: readonly EditionIndexEntry[];
}

/** The rejection record kept beside a published edition when a newer input set printed nothing. */
export interface RejectionRecord {
  readonly date: string;
  readonly fingerprint: string;
  readonly reason: string;
  readonly rejected: readonly Rejection[];
  readonly warnings: readonly Warning[];
}

export type PublishOutcome = (
  | { readonly kind: 'published'; readonly fingerprint: string; readonly rebuilt: boolean }
  | { readonly kind: 'unchanged'; readonly fingerprint: string }
  | { readonly kind: 'rejected'; readonly fingerprint: string; readonly reason: string }
  | { readonly kind: 'unpublished' }
  | { readonly kind: 'nothing-to-publish' }
) & {
  /** True when the inputs changed while this render worked and another render was requested. */
  readonly requeued: boolean;
};

/** Key helpers: the storage layout of docs/ARCHITECTURE.md ("Storage keys"), in one place. */
export const editionKeys = {
  index: 'editions/index.json',
  pointer: (date: string) => `editions/${date}/manifest.json`,
  /** Convenience copy of the current PDF for people with bucket access; never served to subscribers. */
  currentPdf: (date: string) => `editions/${date}/edition.pdf`,
  rejections: (date: string) => `editions/${date}/rejections.json`,
  versionDir: (fingerprint: string) => `versions/${fingerprint}/`,
  version: (date: string, fingerprint: string) => `editions/${date}/versions/${fingerprint}/`,
  /** The PDF subscribers are sent to: inside the version a pointer names. */
  versionPdf: (date: string, fingerprint: string) => `editions/${date}/versions/${fingerprint}/edition.pdf`,
};

/** The key of the PDF a published pointer serves, or undefined if the pointer names no safe version. */
export function servedPdfKey(date: string, pointer: { readonly version?: unknown; readonly pdf?: unknown }): string | undefined {
  if (typeof pointer.version !== 'string' || !VERSION_DIR.test(pointer.version)) return undefined;
  const pdf = typeof pointer.pdf === 'string' ? pointer.pdf : 'edition.pdf';
  if (!/^[A-Za-z0-9._-]+\.pdf$/.test(pdf) || pdf.startsWith('.')) return undefined;
  return `editions/${date}/${pointer.version}${pdf}`;
}

/** `versions/<fingerprint>/`: nothing a pointer says can name a key outside its date's versions. */
const VERSION_DIR = /^versions\/[A-Za-z0-9_-]{1,128}\/$/;

const SNAPSHOT_CONCURRENCY = 8;
const WRITE_CONCURRENCY = 8;
const INDEX_ATTEMPTS = 8;

/** Builds the render-and-publish use case over its ports; call the result with a date. */
export function renderAndPublish(ports: PublishPorts): (date: string) => Promise<PublishOutcome> {
  const { content, editions, logger } = ports;
  return async (date) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not an edition date: ${JSON.stringify(date)}`);
    const inputPrefix = `articles/${date}/`;
    const snapshot = await snapshotPrefix(content, inputPrefix);
    const requeueIfChanged = async (): Promise<boolean> => {
      const changed = !sameListing(snapshot.etags, await currentEtags(content, inputPrefix));
      if (changed) {
        logger.info('inputs changed during render; requesting another', { date });
        // No cause: a requeue is never a duplicate of anything.
        await ports.renderSignal.send(date);
      }
      return changed;
    };

    if (![...snapshot.etags.keys()].some((key) => isArticleCandidate(key.slice(inputPrefix.length)))) {
      const kind = await unpublish(editions, date, logger);
      return { kind, requeued: await requeueIfChanged() };
    }

    const source = snapshot.source;
    const fingerprint = await fingerprintInputs(source, date);
    const pointer = await readJson<PublishedManifest>(editions, editionKeys.pointer(date));
    if (pointer?.fingerprint === fingerprint) {
      const damage = await versionDamage(editions, date, pointer, 'pdf');
      if (damage === undefined) {
        // A crash after the pointer swap but before the copy or the index update is healed here.
        await finishPublication(editions, date, pointer);
        logger.info('edition unchanged', { date, fingerprint });
        return { kind: 'unchanged', fingerprint, requeued: await requeueIfChanged() };
      }
      logger.warn('the published version is damaged; building it again', { date, fingerprint, damage });
    }
    const lastRejection = await readJson<RejectionRecord>(editions, editionKeys.rejections(date));
    if (lastRejection?.fingerprint === fingerprint) {
      logger.info('inputs unchanged since they were rejected', { date, fingerprint });
      return { kind: 'unchanged', fingerprint, requeued: await requeueIfChanged() };
    }

    const versionPrefix = editionKeys.version(date, fingerprint);
    // A version left by an earlier attempt is reused only if every object of it checks out.
    let manifest = await readJson<PublishedManifest>(editions, `${versionPrefix}manifest.json`);
    if (manifest && (manifest.fingerprint !== fingerprint || (await versionDamage(editions, date, manifest, 'all')) !== undefined)) {
      logger.warn('an unfinished or damaged version was found; building it again', { date, fingerprint });
      manifest = undefined;
    }
    const rebuilt = !manifest;
    if (!manifest) {
      const outcome = await ports.build(source, { date, thumbnailWidthPx: ports.thumbnailWidthPx, pageImageWidthPx: ports.pageImageWidthPx, readerFiles: true });
      if (!outcome.ok) {
        const record: RejectionRecord = {
          date,
          fingerprint,
          reason: outcome.reason,
          rejected: outcome.rejected,
          warnings: outcome.warnings,
        };
        await editions.put(editionKeys.rejections(date), JSON.stringify(record, null, 2), 'application/json');
        logger.warn('no edition built; the published one stays', { date, fingerprint, reason: outcome.reason });
        return { kind: 'rejected', fingerprint, reason: outcome.reason, requeued: await requeueIfChanged() };
      }
      if (outcome.edition.fingerprint !== fingerprint) {
        logger.info('builder fingerprint differs from the snapshot; publishing under the snapshot', {
          date,
          fingerprint,
          builderFingerprint: outcome.edition.fingerprint,
        });
      }
      manifest = await writeVersion(editions, date, fingerprint, outcome.edition);
    } else {
      logger.info('version already complete and verified; swapping the pointer only', { date, fingerprint });
    }

    // The one write that publishes: until it lands, readers are sent to the previous version.
    await editions.put(editionKeys.pointer(date), JSON.stringify(manifest, null, 2), 'application/json');
    await finishPublication(editions, date, manifest);
    logger.info('edition published', {
      date,
      fingerprint,
      pageCount: manifest.pageCount,
      articles: manifest.articles.length,
      rejected: manifest.rejected.length,
      rebuilt,
    });
    return { kind: 'published', fingerprint, rebuilt, requeued: await requeueIfChanged() };
  };
}

/**
 * True when a date's inputs differ from what is published (or was last rejected) for it, or the
 * published version does not verify: what `epaper dev` asks of every date on start, so that uploads
 * received before a kill are rendered after the restart. A date with no article left but still
 * published needs a render too (it unpublishes).
 */
export async function dateNeedsRender(content: ObjectStore, editions: ObjectStore, date: string): Promise<boolean> {
  const inputPrefix = `articles/${date}/`;
  const snapshot = await snapshotPrefix(content, inputPrefix);
  const pointer = await readJson<PublishedManifest>(editions, editionKeys.pointer(date));
  if (![...snapshot.etags.keys()].some((key) => isArticleCandidate(key.slice(inputPrefix.length)))) return pointer !== undefined;
  const fingerprint = await fingerprintInputs(snapshot.source, date);
  if (pointer?.fingerprint === fingerprint) return (await versionDamage(editions, date, pointer, 'pdf')) !== undefined;
  const lastRejection = await readJson<RejectionRecord>(editions, editionKeys.rejections(date));
  return lastRejection?.fingerprint !== fingerprint;
}

/**
 * What follows a pointer swap, idempotent so that the next render finishes it after a crash: the
 * convenience copy of the PDF (never served), the stale rejection record, the index line.
 */
async function finishPublication(editions: ObjectStore, date: string, manifest: PublishedManifest): Promise<void> {
  const pdfKey = servedPdfKey(date, manifest);
  const expected = manifest.files?.[manifest.pdf];
  if (pdfKey && expected) {
    const copy = await editions.head(editionKeys.currentPdf(date));
    if (!copy || copy.size !== expected.bytes || normalizeEtag(copy.etag) !== normalizeEtag(expected.md5 ?? '')) {
      const pdf = await editions.get(pdfKey);
      if (pdf) await editions.put(editionKeys.currentPdf(date), pdf.body, 'application/pdf');
    }
  }
  await editions.delete(editionKeys.rejections(date));
  await updateIndex(editions, date, indexEntry(manifest));
}

/**
 * Why the version a manifest describes cannot be served as it is, or undefined when it can: every
 * object it lists must exist with the recorded size, and (for `pdf`, the PDF only; for `all`, every
 * object) the recorded SHA-256. A manifest from before checksums were recorded is never trusted.
 */
async function versionDamage(
  editions: ObjectStore,
  date: string,
  manifest: PublishedManifest,
  hash: 'pdf' | 'all',
): Promise<string | undefined> {
  const pdfKey = servedPdfKey(date, manifest);
  if (!pdfKey) return 'the manifest names no version folder';
  if (!manifest.files || !manifest.files[manifest.pdf]) return 'the manifest records no checksums';
  const prefix = `editions/${date}/${manifest.version}`;
  const sizes = new Map((await editions.list(prefix)).map((o) => [o.key.slice(prefix.length), o.size]));
  for (const [path, file] of Object.entries(manifest.files)) {
    if (sizes.get(path) !== file.bytes) return `${path}: ${sizes.has(path) ? `${sizes.get(path)} bytes, not ${file.bytes}` : 'missing'}`;
  }
  const toHash = hash === 'all' ? Object.keys(manifest.files) : [manifest.pdf];
  for (const path of toHash) {
    const object = await editions.get(`${prefix}${path}`);
    if (!object || sha256(object.body) !== manifest.files[path].sha256) return `${path}: checksum mismatch`;
  }
  return undefined;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** True for files the builder may turn into an article, or reject with a reason (not photos, not the edition settings). */
function isArticleCandidate(file: string): boolean {
  return !isPhotoFile(file) && file !== 'edition.yaml' && file !== 'edition.yml';
}

interface Snapshot {
  /** The inputs as they were listed; only entries the build may read were fetched. */
  readonly source: InputSource;
  /** ETag of each listed key, bare, as listed (or as read, for the fetched ones). */
  readonly etags: Map<string, string>;
}

/**
 * Lists the prefix and fetches only the entries the build may read (input-policy.ts), judged on
 * their listing line: an oversized or foreign upload is never downloaded, only listed.
 */
async function snapshotPrefix(store: ObjectStore, prefix: string): Promise<Snapshot> {
  const listing = (await store.list(prefix)).filter((o) => !o.key.endsWith('/'));
  const files = new Map<string, Uint8Array>();
  const unread: InputEntry[] = [];
  const etags = new Map<string, string>();
  const wanted: typeof listing = [];
  for (const object of listing) {
    const entry: InputEntry = { name: object.key.slice(prefix.length), size: object.size, kind: 'file' };
    etags.set(object.key, normalizeEtag(object.etag));
    if (mayBeRead(entry)) wanted.push(object);
    else unread.push(entry);
  }
  await forEachLimited(wanted, SNAPSHOT_CONCURRENCY, async ({ key }) => {
    const object = await store.get(key);
    // Deleted between list and get: it is simply not an input; the re-list agrees.
    if (!object) {
      etags.delete(key);
      return;
    }
    files.set(key.slice(prefix.length), object.body);
    etags.set(key, normalizeEtag(object.etag));
  });
  return { source: new MemoryInputSource(files, unread), etags };
}

async function currentEtags(store: ObjectStore, prefix: string): Promise<Map<string, string>> {
  const listing = (await store.list(prefix)).filter((o) => !o.key.endsWith('/'));
  return new Map(listing.map((o) => [o.key, normalizeEtag(o.etag)]));
}

function sameListing(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, etag] of a) if (b.get(key) !== etag) return false;
  return true;
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function readJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  return (await readJsonVersion<T>(store, key)).value;
}

/**
 * A JSON object and the ETag of the version read, for a conditional write back. A corrupt object is
 * treated as absent (the next publish overwrites it), but its ETag is kept so that it can be.
 */
async function readJsonVersion<T>(store: ObjectStore, key: string): Promise<{ value: T | undefined; etag: string | undefined }> {
  const object = await store.get(key);
  if (!object) return { value: undefined, etag: undefined };
  try {
    return { value: JSON.parse(new TextDecoder().decode(object.body)) as T, etag: object.etag };
  } catch {
    return { value: undefined, etag: object.etag };
  }
}

/**
 * Writes one immutable version: every object, then a check of each against its recorded size and
 * SHA-256 as the store now holds it, then the version's manifest last, so that its presence means
 * "complete". Nothing here is visible to subscribers until the caller swaps the pointer.
 */
async function writeVersion(
  editions: ObjectStore,
  date: string,
  fingerprint: string,
  edition: BuiltEdition,
): Promise<PublishedManifest> {
  const prefix = editionKeys.version(date, fingerprint);
  const relative = editionKeys.versionDir(fingerprint);
  const objects: { path: string; body: Uint8Array; contentType: string }[] = [];
  for (const [path, asset] of edition.assets) objects.push({ path, body: asset.body, contentType: asset.contentType });
  const thumbnailKeys = edition.thumbnails.map((png, i) => {
    const name = `thumbnails/page-${i + 1}.png`;
    objects.push({ path: name, body: png, contentType: 'image/png' });
    return `${relative}${name}`;
  });
  // The reader's page images, articles and search index live in the version like everything else.
  for (const [path, file] of edition.readerFiles ?? []) objects.push({ path, body: file.body, contentType: file.contentType });
  objects.push({ path: 'edition.html', body: new TextEncoder().encode(edition.html), contentType: 'text/html; charset=utf-8' });
  objects.push({ path: 'edition.pdf', body: edition.pdf, contentType: 'application/pdf' });
  const files: Record<string, VersionFile> = {};
  for (const { path, body } of objects) files[path] = { bytes: body.byteLength, sha256: sha256(body), md5: md5(body) };
  await forEachLimited(objects, WRITE_CONCURRENCY, ({ path, body, contentType }) => editions.put(`${prefix}${path}`, body, contentType));

  const manifest: PublishedManifest = {
    ...edition.manifest,
    date,
    pdf: 'edition.pdf',
    fingerprint,
    pages: edition.manifest.pages.map((page, i) => ({
      ...page,
      ...(thumbnailKeys[i] ? { thumbnail: thumbnailKeys[i] } : {}),
      // Page image keys, like thumbnails, are relative to `editions/<date>/`.
      ...(page.image ? { image: `${relative}${page.image}` } : {}),
      ...(page.imageSmall ? { imageSmall: `${relative}${page.imageSmall}` } : {}),
    })),
    version: relative,
    html: `${relative}edition.html`,
    files,
  };
  const damage = await versionDamage(editions, date, manifest, 'all');
  if (damage !== undefined) throw new Error(`version ${fingerprint} of ${date} did not verify after writing (${damage}); the render is retried`);
  await editions.put(`${prefix}manifest.json`, JSON.stringify(manifest, null, 2), 'application/json');
  return manifest;
}

function indexEntry(manifest: PublishedManifest): EditionIndexEntry {
  const leadSlug = manifest.pages[0]?.articles[0];
  const lead = manifest.articles.find((a) => a.slug === leadSlug) ?? manifest.articles[0];
  return {
    date: manifest.date,
    fingerprint: manifest.fingerprint,
    pageCount: manifest.pageCount,
    paper: manifest.paper,
    headline: lead?.headline ?? '',
  };
}

/**
 * Read-modify-write of the index as a conditional write: renders of different dates run in
 * parallel, and a plain write from a stale read would drop the other date's entry. A write that
 * lost the race is refused by the store; read again and retry, after a short random pause so that
 * two writers do not collide again in step.
 */
async function updateIndex(editions: ObjectStore, date: string, entry: EditionIndexEntry | undefined): Promise<void> {
  const upToDate = (index: EditionIndex | undefined) => {
    const found = index?.editions.find((e) => e.date === date);
    return entry ? found !== undefined && JSON.stringify(found) === JSON.stringify(entry) : found === undefined;
  };
  for (let attempt = 0; attempt < INDEX_ATTEMPTS; attempt++) {
    const { value: index, etag } = await readJsonVersion<EditionIndex>(editions, editionKeys.index);
    if (upToDate(index)) return;
    const others = (index?.editions ?? []).filter((e) => e.date !== date);
    const next: EditionIndex = {
      editions: (entry ? [...others, entry] : others).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)),
    };
    if (await editions.putIfUnchanged(editionKeys.index, JSON.stringify(next, null, 2), 'application/json', etag)) return;
    await new Promise((done) => setTimeout(done, 20 + Math.random() * 80 * (attempt + 1)));
  }
  throw new Error(`editions/index.json kept changing under ${INDEX_ATTEMPTS} attempts to record ${date}; the render is retried.`);
}

/** All inputs of a date are gone: readers stop seeing it; its versions stay for the record. */
async function unpublish(editions: ObjectStore, date: string, logger: Logger): Promise<'unpublished' | 'nothing-to-publish'> {
  const pointer = await editions.get(editionKeys.pointer(date));
  // Pointer first: once it is gone no reader is sent to a PDF that is about to disappear.
  await editions.delete(editionKeys.pointer(date));
  await editions.delete(editionKeys.currentPdf(date));
  await editions.delete(editionKeys.rejections(date));
  await updateIndex(editions, date, undefined);
  if (pointer) logger.info('edition unpublished: no article left', { date });
  return pointer ? 'unpublished' : 'nothing-to-publish';
}
