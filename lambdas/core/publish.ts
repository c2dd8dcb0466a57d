/**
 * The render use case: snapshot one date's inputs, skip if the published edition already has the
 * same fingerprint, otherwise build and publish a new immutable version, then swap the pointer.
 *
 * Readers only ever follow `editions/<date>/manifest.json`. Everything a version needs is written
 * under `editions/<date>/versions/<fingerprint>/` first (its own manifest last), so a crash at any
 * point leaves the previous pointer, and so the previous complete edition, in place; the retry finds
 * the finished version and only swaps the pointer.
 */
import type { Rejection, Warning } from './article';
import type { BuildOutcome, BuiltEdition, EditionRequest } from './edition';
import { fingerprintInputs } from './fingerprint';
import type { Manifest } from './manifest';
import { MemoryInputSource } from './memory-source';
import { isPhotoFile, normalizeEtag, type ObjectStore, type RenderSignal } from './object-store';
import type { InputSource, Logger } from './ports';

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
}

/** The manifest as published: the build's manifest plus where its immutable version lives. */
export interface PublishedManifest extends Manifest {
  /** Folder of this version relative to `editions/<date>/`, e.g. "versions/<fingerprint>/". */
  readonly version: string;
  /** edition.html of this version, relative to `editions/<date>/`. */
  readonly html: string;
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

/** Key helpers: the storage layout of DESIGN, in one place. */
export const editionKeys = {
  index: 'editions/index.json',
  pointer: (date: string) => `editions/${date}/manifest.json`,
  currentPdf: (date: string) => `editions/${date}/edition.pdf`,
  rejections: (date: string) => `editions/${date}/rejections.json`,
  versionDir: (fingerprint: string) => `versions/${fingerprint}/`,
  version: (date: string, fingerprint: string) => `editions/${date}/versions/${fingerprint}/`,
};

const SNAPSHOT_CONCURRENCY = 8;
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

    if (![...snapshot.files.keys()].some(isArticleCandidate)) {
      const kind = await unpublish(editions, date, logger);
      return { kind, requeued: await requeueIfChanged() };
    }

    const source = new MemoryInputSource(snapshot.files);
    const fingerprint = await fingerprintInputs(source, date);
    const pointer = await readJson<PublishedManifest>(editions, editionKeys.pointer(date));
    if (pointer?.fingerprint === fingerprint) {
      // A crash after the pointer swap but before the index update is healed here.
      await updateIndex(editions, date, indexEntry(pointer));
      logger.info('edition unchanged', { date, fingerprint });
      return { kind: 'unchanged', fingerprint, requeued: await requeueIfChanged() };
    }
    const lastRejection = await readJson<RejectionRecord>(editions, editionKeys.rejections(date));
    if (lastRejection?.fingerprint === fingerprint) {
      logger.info('inputs unchanged since they were rejected', { date, fingerprint });
      return { kind: 'unchanged', fingerprint, requeued: await requeueIfChanged() };
    }

    const versionPrefix = editionKeys.version(date, fingerprint);
    let manifest = await readJson<PublishedManifest>(editions, `${versionPrefix}manifest.json`);
    let pdf = manifest ? (await editions.get(`${versionPrefix}edition.pdf`))?.body : undefined;
    const rebuilt = !manifest || !pdf;
    if (!manifest || !pdf) {
      const outcome = await ports.build(source, { date, thumbnailWidthPx: ports.thumbnailWidthPx });
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
      pdf = outcome.edition.pdf;
    } else {
      logger.info('version already complete; swapping the pointer only', { date, fingerprint });
    }

    await editions.put(editionKeys.currentPdf(date), pdf, 'application/pdf');
    // The pointer goes last: until this write, readers see the previous complete edition.
    await editions.put(editionKeys.pointer(date), JSON.stringify(manifest, null, 2), 'application/json');
    await editions.delete(editionKeys.rejections(date));
    await updateIndex(editions, date, indexEntry(manifest));
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

/** True for files the builder may turn into an article (not photos, not the edition settings). */
function isArticleCandidate(file: string): boolean {
  return !isPhotoFile(file) && file !== 'edition.yaml';
}

interface Snapshot {
  readonly files: Map<string, Uint8Array>;
  /** ETag of each key as it was read, bare. */
  readonly etags: Map<string, string>;
}

async function snapshotPrefix(store: ObjectStore, prefix: string): Promise<Snapshot> {
  const listing = (await store.list(prefix)).filter((o) => !o.key.endsWith('/'));
  const files = new Map<string, Uint8Array>();
  const etags = new Map<string, string>();
  await forEachLimited(listing, SNAPSHOT_CONCURRENCY, async ({ key }) => {
    const object = await store.get(key);
    // Deleted between list and get: it is simply not an input; the re-list agrees.
    if (!object) return;
    files.set(key.slice(prefix.length), object.body);
    etags.set(key, normalizeEtag(object.etag));
  });
  return { files, etags };
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

/** Writes one immutable version; its manifest goes last so its presence means "complete". */
async function writeVersion(
  editions: ObjectStore,
  date: string,
  fingerprint: string,
  edition: BuiltEdition,
): Promise<PublishedManifest> {
  const prefix = editionKeys.version(date, fingerprint);
  const relative = editionKeys.versionDir(fingerprint);
  const writes: Promise<void>[] = [];
  for (const [path, asset] of edition.assets) {
    writes.push(editions.put(`${prefix}${path}`, asset.body, asset.contentType));
  }
  const thumbnailKeys = edition.thumbnails.map((png, i) => {
    const name = `thumbnails/page-${i + 1}.png`;
    writes.push(editions.put(`${prefix}${name}`, png, 'image/png'));
    return `${relative}${name}`;
  });
  writes.push(editions.put(`${prefix}edition.html`, edition.html, 'text/html; charset=utf-8'));
  writes.push(editions.put(`${prefix}edition.pdf`, edition.pdf, 'application/pdf'));
  await Promise.all(writes);

  const manifest: PublishedManifest = {
    ...edition.manifest,
    date,
    pdf: 'edition.pdf',
    fingerprint,
    pages: edition.manifest.pages.map((page, i) =>
      thumbnailKeys[i] ? { ...page, thumbnail: thumbnailKeys[i] } : page,
    ),
    version: relative,
    html: `${relative}edition.html`,
  };
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
