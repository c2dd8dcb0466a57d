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
import { EDITION_HTML_TYPE, type BuildOutcome, type BuiltEdition, type EditionRequest } from './edition';
import { embargoEnded, nextEmbargoEnd } from './editorial';
import { fingerprintInputs } from './fingerprint';
import { mayBeRead, withinArticleCap } from './input-policy';
import { keyFits, MAX_EDITION_ARTICLES, MAX_RENDER_INPUT_BYTES, renderBudgetReason } from './limits';
import { photosNamed, readEditionConfig } from './inputs';
import { thumbnailPath, type Manifest, type ManifestArticle } from './manifest';
import { MemoryInputSource } from './memory-source';
import { pageChanges, type PageChanges } from './page-changes';
import { isPhotoFile, isSafeUploadPath, normalizeEtag, type JudgedVersion, type ListedObject, type ObjectStore, type RenderSignal, type StoredObject } from './object-store';
import { isEditionConfigName, isSystemFile } from './parse/index';
import type { Asset, EncodedPageImages, InputEntry, InputSource, Logger } from './ports';
import { uploadReports, reportKey } from './reports';
import { mapLimited } from './map-limited';

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
  /** The clock (publication times, report times); core reads no clock of its own. */
  readonly now: () => Date;
  /**
   * What happens to a new proof when edition.yaml does not say (`publish:`): `proof` waits for an
   * editor or `publishAt` (the cloud and `epaper dev`); `auto` publishes it at once.
   * @default 'proof'
   */
  readonly defaultPublish?: PublishMode;
  /** Reading-size page images (WebP) width for the reader; 0 or absent for none. */
  readonly pageImageWidthPx?: number;
  /**
   * Bytes of input one render holds at most (articles, edition.yaml, the photos the stories name).
   * @default MAX_RENDER_INPUT_BYTES (limits.ts)
   */
  readonly inputBudgetBytes?: number;
  /**
   * Articles one render reads at most, in name order.
   * @default MAX_EDITION_ARTICLES (limits.ts)
   */
  readonly maxArticles?: number;
}

/** `publish:` in edition.yaml. */
export type PublishMode = 'auto' | 'proof';

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
  /** SHA-256 of every input file by its name under `articles/<date>/`: what tells a corrected article. */
  readonly sources?: Readonly<Record<string, string>>;
}

/** `editions/<date>/proof.json`: the newest proof's version manifest, and when it should go out. */
export interface ProofPointer extends PublishedManifest {
  readonly proofedAt: string;
  /** edition.yaml's `publishAt` (ISO, UTC) when the proof is to publish itself. */
  readonly publishAt?: string;
}

/** `editions/<date>/manifest.json` as subscribers see it: the version's manifest and its publication. */
export interface PublicationPointer extends PublishedManifest {
  readonly publishedAt: string;
  /** Set when this publication replaced an earlier one (a correction or a rollback): its time. */
  readonly corrected?: string;
  /** Slugs of the articles that differ from the publication this one replaced (corrected, added or removed). */
  readonly changedArticles?: readonly string[];
  /** The same, told apart. Absent from pointers written before it. */
  readonly articleChanges?: ArticleChanges;
  /**
   * The publications of the date that replaced another (the newest CORRECTIONS_KEPT), oldest
   * first, each with what it changed: the reader's notice lists them, so that a story corrected in
   * the morning is still named after a second correction in the afternoon.
   */
  readonly corrections?: readonly CorrectionEntry[];
}

/** What a pointer says of the publications that replaced another (absent from a proof's). */
export type PublicationRecordOfPointer = Partial<Pick<PublicationPointer, 'corrected' | 'changedArticles' | 'articleChanges' | 'corrections'>>;

/** How a version was made the published one: an editor's (or the clock's, or `publish: auto`'s) publish, or an editor's rollback. */
export type PublicationAction = 'publish' | 'rollback';

/**
 * A history line that takes the date away: an editor's `withdraw`, or a `publish: auto` render's
 * `unpublish` (every file deleted). Written before the index line and the pointer go, so that a
 * publication computed from the pointer about to go sees it (swapPointer) and no index write lists
 * the date again (updateIndex).
 */
export type TakeDownAction = 'withdraw' | 'unpublish';

/** One publication that replaced another: when, how (a publish or a rollback), and what changed. */
export interface CorrectionEntry extends ArticleChanges {
  readonly at: string;
  readonly action: PublicationAction;
}

/**
 * One line of `editions/<date>/history.json`: a publication, or (`withdraw`) an editor taking the
 * published edition away, `version` naming the version withdrawn and `publishedAt` when.
 */
export interface PublicationRecord {
  readonly version: string;
  /** When the line's act took effect (for a `withdraw`, when subscribers lost the edition). */
  readonly publishedAt: string;
  readonly action: PublicationAction | TakeDownAction;
  readonly changedArticles: readonly string[];
  readonly articleChanges?: ArticleChanges;
  /**
   * Which pages the publication changed against the one it replaced (an addition of the 82nd
   * round, page-changes.ts): absent from lines written before it, and from a first publication.
   */
  readonly pageChanges?: PageChanges;
  readonly previous?: string;
}

/** `editions/<date>/history.json`: every publication of the date, oldest first. */
export interface PublicationHistory {
  readonly date: string;
  readonly publications: readonly PublicationRecord[];
}

/** Who is asking: editors (Cognito group `editors`) see proofs; subscribers only what is published. */
export type ReaderRole = 'editor' | 'subscriber';

/** The Cognito group (and dev-token claim) that makes a caller an editor. */
export const EDITORS_GROUP = 'editors';

/** One line of `editions/index.json`. */
export interface EditionIndexEntry {
  readonly date: string;
  readonly fingerprint: string;
  readonly pageCount: number;
  readonly paper: string;
  readonly headline: string;
  /**
   * The headline's language and `"rtl"` for one set right to left: its story's, from the manifest
   * (absent when the manifest does not say). The reader's archive set a Hebrew lead headline with no
   * lang, and a screen reader read it out as English.
   */
  readonly headlineLanguage?: string;
  readonly headlineDirection?: 'rtl';
}

/** `editions/index.json`: every published date, newest first. */
export interface EditionIndex {
  readonly editions: readonly EditionIndexEntry[];
}

/** The rejection record kept beside a published edition when a newer input set printed nothing. */
export interface RejectionRecord {
  readonly date: string;
  readonly fingerprint: string;
  /** When the build refused them: the time of the reports it wrote (absent from records written before it). */
  readonly rejectedAt?: string;
  readonly reason: string;
  readonly rejected: readonly Rejection[];
  readonly warnings: readonly Warning[];
}

/**
 * `editions/<date>/emptied.json`: the render found no article left for a published date in proof
 * mode and kept it published (an `aws s3 sync --delete` from an empty folder unpublished every
 * date it touched, with no editor involved). Deleted by the next render that finds articles, or
 * that unpublishes.
 */
export interface EmptiedRecord {
  readonly date: string;
  /** When a render first found every article gone. */
  readonly noticedAt: string;
}

export type PublishOutcome = (
  | { readonly kind: 'published'; readonly fingerprint: string; readonly rebuilt: boolean }
  | { readonly kind: 'proofed'; readonly fingerprint: string; readonly rebuilt: boolean; readonly publishAt?: string }
  | { readonly kind: 'unchanged'; readonly fingerprint: string }
  | { readonly kind: 'rejected'; readonly fingerprint: string; readonly reason: string }
  | { readonly kind: 'unpublished' }
  | { readonly kind: 'nothing-to-publish' }
  /**
   * Every article of a published date is gone, and the date waits for an editor (proof mode): the
   * published edition stays served, the desk lists the date (emptiedDates) until an editor
   * withdraws it or files come back. `fingerprint`: the version still served.
   */
  | { readonly kind: 'emptied'; readonly fingerprint: string; readonly noticedAt: string }
  /** The request was sent before a finished render of its date began: that render saw its inputs. */
  | { readonly kind: 'covered'; readonly renderedAt: string }
) & {
  /** True when the inputs changed while this render worked and another render was requested. */
  readonly requeued: boolean;
};

/** Key helpers: the storage layout of docs/ARCHITECTURE.md ("Storage keys"), in one place. */
export const editionKeys = {
  index: 'editions/index.json',
  pointer: (date: string) => `editions/${date}/manifest.json`,
  /** The newest proof (editors only); its version stays under versions/ like any other. */
  proof: (date: string) => `editions/${date}/proof.json`,
  history: (date: string) => `editions/${date}/history.json`,
  versions: (date: string) => `editions/${date}/versions/`,
  /** Convenience copy of the current PDF for people with bucket access; never served to subscribers. */
  currentPdf: (date: string) => `editions/${date}/edition.pdf`,
  rejections: (date: string) => `editions/${date}/rejections.json`,
  /** EmptiedRecord: every article of the published date was deleted, and it stays published until an editor withdraws it. */
  emptied: (date: string) => `editions/${date}/emptied.json`,
  /** When the last finished render of the date began (RenderMark): requests sent before it are covered. */
  lastRender: (date: string) => `editions/${date}/last-render.json`,
  /**
   * An empty marker per date in a state the desk lists (DeskState: emptied.json or rejections.json
   * stands), so that one listing of the folder finds every such date: the desk walked the days a
   * week either side of today, and an emptied or refused date ten days back was never shown.
   */
  deskMarkers: (state: DeskState) => `editions/desk/${state}/`,
  deskMarker: (state: DeskState, date: string) => `editions/desk/${state}/${date}`,
  /**
   * An empty marker per proof, named by its date and fingerprint, written with proof.json and
   * deleted with it (the render's, as the proof is): the desk lists the proofs awaiting an editor
   * from one listing of them, leaving out without a read each whose fingerprint the index publishes.
   * It walked the days a week either side of today, and a proof of a date ten days ahead (or back)
   * was never shown. The API deletes nothing here: a publication needs no marker removed.
   */
  proofMarkers: 'editions/desk/proofs/',
  proofMarkersOf: (date: string) => `editions/desk/proofs/${date}/`,
  proofMarker: (date: string, fingerprint: string) => `editions/desk/proofs/${date}/${fingerprint}`,
  /**
   * The pending-repair marker of a date (PendingRepair): written before the first write of a
   * publication, a rollback or a take-down (whilePending) and deleted after its last, so that one
   * listing of the folder finds every date a process died in the middle of, whatever its date: the
   * schedule looked only at the days a week either side of today (and, in turn, at the dates the
   * index lists), and a rollback of an older date cut short between its pointer and its index line
   * kept the replaced headline in the archive, a withdrawal cut short after its index line kept the
   * date served by a direct link. Finished and deleted by the schedule and `epaper dev`'s start
   * (finishMarkedDates). Until the 79th round one key per date, `pendingMarker`, still read and
   * finished; since, one key per act under the date (`pendingActMarker`): two acts on a date at once
   * shared the one key, and the first to finish deleted the marker of the other, which could then
   * die unmarked.
   */
  pendingMarkers: 'editions/pending/',
  pendingMarker: (date: string) => `editions/pending/${date}`,
  /**
   * One act's marker: its date, when it began (milliseconds since the epoch, 13 digits, so that its
   * age is read from the listing) and a digit that tells apart acts begun the same millisecond
   * (PENDING_MARKER_POLICY). Fixed width, so that IAM names it with `?`s (lib/storage-keys.ts).
   */
  pendingActMarker: (date: string, startedAt: Date, slot: number) => `editions/pending/${date}/${String(startedAt.getTime()).padStart(13, '0')}-${slot}`,
  versionDir: (fingerprint: string) => `versions/${fingerprint}/`,
  version: (date: string, fingerprint: string) => `editions/${date}/versions/${fingerprint}/`,
  /** The PDF subscribers are sent to: inside the version a pointer names. */
  versionPdf: (date: string, fingerprint: string) => `editions/${date}/versions/${fingerprint}/edition.pdf`,
};

/** The states of a date the desk lists from its markers (editionKeys.deskMarker): every file deleted (emptied.json), the newest files printing nothing (rejections.json). */
export type DeskState = 'emptied' | 'refused';

/** The record a desk state keeps, by date. */
const DESK_RECORD: Readonly<Record<DeskState, (date: string) => string>> = { emptied: editionKeys.emptied, refused: editionKeys.rejections };

/** Writes a desk state's record, its marker first: a record is never left where the desk's listing does not find it. */
async function putDeskRecord(editions: ObjectStore, state: DeskState, date: string, record: unknown): Promise<void> {
  await editions.put(editionKeys.deskMarker(state, date), '', 'text/plain');
  await editions.put(DESK_RECORD[state](date), JSON.stringify(record, null, 2), 'application/json');
}

/** Deletes a desk state's record, then its marker (a marker left by a crash between them lists nothing: the record is read). */
async function deleteDeskRecord(editions: ObjectStore, state: DeskState, date: string): Promise<void> {
  await editions.delete(DESK_RECORD[state](date));
  await editions.delete(editionKeys.deskMarker(state, date));
}

/** The key of the PDF a published pointer serves, or undefined if the pointer names no safe version. */
export function servedPdfKey(date: string, pointer: { readonly version?: unknown; readonly pdf?: unknown }): string | undefined {
  const folder = versionFolder(pointer);
  if (folder === undefined) return undefined;
  const pdf = typeof pointer.pdf === 'string' ? pointer.pdf : 'edition.pdf';
  if (!/^[A-Za-z0-9._-]+\.pdf$/.test(pdf) || pdf.startsWith('.')) return undefined;
  return `editions/${date}/${folder}${pdf}`;
}

/** The `versions/<fingerprint>/` folder a pointer or manifest names, if it is a safe one. */
function versionFolder(pointer: { readonly version?: unknown }): string | undefined {
  return typeof pointer.version === 'string' && VERSION_DIR.test(pointer.version) ? pointer.version : undefined;
}

/**
 * THE rule of which pointer a caller sees for a date, in order of preference: the first of these
 * keys that exists is the edition this caller is shown (manifest, PDF, pages). Subscribers see only
 * the published pointer; editors see the newest proof, or the published edition when no proof was
 * ever written (editions published before proofs existed).
 */
export function servedPointerKeys(date: string, role: ReaderRole): readonly string[] {
  return role === 'editor' ? [editionKeys.proof(date), editionKeys.pointer(date)] : [editionKeys.pointer(date)];
}

/** `versions/<fingerprint>/`: nothing a pointer says can name a key outside its date's versions. */
const VERSION_DIR = /^versions\/[A-Za-z0-9_-]{1,128}\/$/;

/** Requests in flight at once while reading inputs and writing a version: each is mostly waiting. */
const SNAPSHOT_CONCURRENCY = 16;
/** Reads of one input that another upload replaced each time before the render gives up (SQS retries it). */
const SNAPSHOT_READ_ATTEMPTS = 3;
/** 66 objects of the sample's version (page images, reader files) to the local store, loaded machine: 8 at once 440–1130 ms, 16 at once 370–650 ms. */
const WRITE_CONCURRENCY = 16;
/** Objects downloaded at once to check their SHA-256 when the store gives no plain MD5 for them. */
const VERIFY_CONCURRENCY = 8;
const INDEX_ATTEMPTS = 8;
/**
 * Corrections a pointer carries, the newest kept: a feed that publishes as files arrive (`publish:
 * auto`) makes one on every render, and the pointer is read on every request for the edition.
 * history.json keeps them all.
 */
export const CORRECTIONS_KEPT = 50;

/** `editions/<date>/last-render.json`: when the last render of the date that finished began. */
interface RenderMark {
  readonly startedAt: string;
}

/** A request to render, as the render queue delivers it. */
export interface RenderRequest {
  /** When the request was sent (SQS SentTimestamp): a render that began after it saw its inputs. */
  readonly sentAt?: Date;
}

/**
 * Clocks apart: the queue's SentTimestamp and the function's clock are different machines'. A
 * request counts as covered only when the render began this much after it was sent.
 */
const COVERED_MARGIN_MS = 2_000;

/**
 * Builds the render-and-publish use case over its ports; call the result with a date (and, from
 * the render queue, when the request was sent). Every upload of a date sends a request; the
 * queue's delay does not merge them, and each rendered again what the first had rendered (40
 * uploads: 1 build and 39 "unchanged" runs, each listing and reading every input, and a
 * correction sent after them waiting behind them in the date's FIFO group). A request sent before a
 * finished render of the date began is answered `covered` at the cost of one small read: that
 * render listed the inputs after the upload that sent it (S3 lists what it has acknowledged).
 */
export function renderAndPublish(ports: PublishPorts): (date: string, request?: RenderRequest) => Promise<PublishOutcome> {
  const render = renderDate(ports);
  return async (date, request) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not an edition date: ${JSON.stringify(date)}`);
    if (request?.sentAt !== undefined) {
      const mark = await readJson<RenderMark>(ports.editions, editionKeys.lastRender(date));
      const began = mark ? Date.parse(mark.startedAt) : Number.NaN;
      if (began > request.sentAt.getTime() + COVERED_MARGIN_MS) {
        ports.logger.info('render request covered by a later render', { date, sentAt: request.sentAt.toISOString(), renderedAt: mark!.startedAt });
        return { kind: 'covered', renderedAt: mark!.startedAt, requeued: false };
      }
    }
    const startedAt = ports.now();
    const outcome = await render(date);
    // Only a render that finished marks the date: one that threw is retried, and covers nothing.
    await ports.editions.put(editionKeys.lastRender(date), JSON.stringify({ startedAt: startedAt.toISOString() } satisfies RenderMark), 'application/json');
    return outcome;
  };
}

/** One render of a date: snapshot, build or reuse, proof or publish. */
function renderDate(ports: PublishPorts): (date: string) => Promise<PublishOutcome> {
  const { content, editions, logger } = ports;
  const budgetBytes = ports.inputBudgetBytes ?? MAX_RENDER_INPUT_BYTES;
  return async (date) => {
    const inputPrefix = `articles/${date}/`;
    // What is known of the date's publication is read beside the inputs, none of it depending on
    // them: round trips to the bucket that each render had made one after the other.
    const [listed, pointer, lastProof, lastRejection, lastEmptied, history] = await Promise.all([
      snapshotPrefix(content, inputPrefix, budgetBytes, ports.maxArticles),
      readJson<PublicationPointer>(editions, editionKeys.pointer(date)),
      readJson<ProofPointer>(editions, editionKeys.proof(date)),
      readJson<RejectionRecord>(editions, editionKeys.rejections(date)),
      readJson<EmptiedRecord>(editions, editionKeys.emptied(date)),
      readJson<PublicationHistory>(editions, editionKeys.history(date)),
    ]);
    // The articles and edition.yaml; the photos the stories name are fetched once a build is due.
    let snapshot = listed;
    const requeueIfChanged = async (): Promise<boolean> => {
      const changed = !sameListing(snapshot.etags, await currentEtags(content, inputPrefix));
      if (changed) {
        logger.info('inputs changed during render; requesting another', { date });
        // No cause: a requeue is never a duplicate of anything.
        await ports.renderSignal.send(date);
      }
      return changed;
    };

    const settings = (await readEditionConfig(snapshot.source)).config as { publish?: PublishMode; publishAt?: string };
    // edition.yaml's mode, or (deleted with the articles, or never there) the deployment's.
    const auto = (settings.publish ?? ports.defaultPublish ?? 'proof') === 'auto';

    if (![...snapshot.etags.keys()].some((key) => isArticleCandidate(key.slice(inputPrefix.length)))) {
      // Taking a published edition away is an editor's act (withdrawEdition), as publishing it is:
      // a mistaken `rm` or an `aws s3 sync --delete` from an empty folder unpublished the day's
      // paper at once. Only a newsroom that publishes without an editor (`publish: auto`) still
      // unpublishes by deleting.
      // An editor's rollback is an editor's act too: a `publish: auto` render with no article left
      // unpublished it (at once, or as it landed: unpublish), and the editor had put that version
      // back on purpose, most often after the files were deleted.
      if (pointer && (!auto || lastPublication(history)?.action === 'rollback')) {
        const noticedAt = lastEmptied?.noticedAt ?? ports.now().toISOString();
        if (!lastEmptied) await putDeskRecord(editions, 'emptied', date, { date, noticedAt } satisfies EmptiedRecord);
        // Put back by a rollback after a withdrawal dropped its marker (tidyEmptiedMarker): listed again.
        else if (!(await editions.head(editionKeys.deskMarker('emptied', date)))) await editions.put(editionKeys.deskMarker('emptied', date), '', 'text/plain');
        // The proof printed files that are gone (an editor could still publish it as a correction),
        // and a rejection record speaks of files that are gone too: the desk lists the date as emptied.
        if (lastProof) await deleteProof(editions, date);
        if (lastRejection) await deleteDeskRecord(editions, 'refused', date);
        await reconcileReports(content, date, snapshot, NOTHING_PRINTED, timeOr(noticedAt, ports.now()));
        logger.warn('every article of a published date was deleted; it stays published until an editor withdraws it', { date, fingerprint: pointer.fingerprint, noticedAt });
        return { kind: 'emptied', fingerprint: pointer.fingerprint, noticedAt, requeued: await requeueIfChanged() };
      }
      if (!pointer && !auto && lastEmptied && isWithdrawn(history)) {
        // Withdrawn by an editor while emptied: the marker goes (the API may not delete it, and
        // asks for this render: tidyEmptiedMarker; kept, it stayed in the desk's listing for good),
        // the record stays for a rollback that puts the date back, whose render lists it again
        // (above). The withdrawal took the pointer, the copy and the index line: nothing else here
        // is deleted, and a rollback that landed meanwhile gets its marker back.
        await editions.delete(editionKeys.deskMarker('emptied', date));
        if (await editions.head(editionKeys.pointer(date))) await editions.put(editionKeys.deskMarker('emptied', date), '', 'text/plain');
        await reconcileReports(content, date, snapshot, NOTHING_PRINTED, ports.now());
        return { kind: 'nothing-to-publish', requeued: await requeueIfChanged() };
      }
      const kind = await unpublish(editions, date, logger, history, ports.now());
      if (kind === 'kept') {
        // Rendered again, the date is kept as an editor's rollback is (above), emptied for the desk.
        await ports.renderSignal.send(date);
        return { kind: 'nothing-to-publish', requeued: true };
      }
      await reconcileReports(content, date, snapshot, NOTHING_PRINTED, ports.now());
      return { kind, requeued: await requeueIfChanged() };
    }
    // Articles again: the date is no longer emptied, whatever this render makes of them.
    if (lastEmptied) await deleteDeskRecord(editions, 'emptied', date);

    const now = ports.now();
    // A date an editor withdrew is published again only by an editor: not by `publish: auto`, not
    // by a publishAt, on the next upload (its render makes a proof, as for a date never published).
    const withdrawn = isWithdrawn(history);
    // Published at once: `publish: auto`, or a `publishAt` already past for a date never published
    // (a correction after publication always waits for an editor).
    const publishAt = settings.publishAt;
    const publishNow = !withdrawn && (auto || (publishAt !== undefined && Date.parse(publishAt) <= now.getTime() && !pointer));
    // Embargoes are judged at the publication time: a coming publishAt, else now. A proof that
    // prints a story whose embargo ends before publishAt cannot be published earlier (publishProof).
    const publication = publicationTime(publishNow, publishAt, now);
    /** The outcome when `fingerprint` is what the date already shows (published, proofed or rejected), else undefined. */
    const unchangedOutcome = async (fingerprint: string): Promise<PublishOutcome | undefined> => {
      if (pointer?.fingerprint === fingerprint) {
        const damage = await versionDamage(editions, date, pointer, 'pdf');
        if (damage === undefined) {
          // A crash after the pointer swap but before the copy or the index update is healed here.
          await finishPublication(editions, date, pointer);
          // Inputs back to what is published: the proof is the published edition again.
          const proofStands = lastProof?.fingerprint === fingerprint;
          if (!proofStands) await writeProof(editions, date, pointer, now, publishAt);
          await reconcileReports(content, date, snapshot, pointer, proofStands ? timeOr(lastProof.proofedAt, now) : now);
          logger.info('edition unchanged', { date, fingerprint });
          return { kind: 'unchanged', fingerprint, requeued: await requeueIfChanged() };
        }
        logger.warn('the published version is damaged; building it again', { date, fingerprint, damage });
      }
      if (!publishNow) {
        const proof = lastProof;
        if (proof?.fingerprint === fingerprint && proof.publishAt === publishAt && (await versionDamage(editions, date, proof, 'pdf')) === undefined) {
          await reconcileReports(content, date, snapshot, proof, timeOr(proof.proofedAt, now));
          logger.info('proof unchanged', { date, fingerprint });
          return { kind: 'unchanged', fingerprint, requeued: await requeueIfChanged() };
        }
      }
      if (lastRejection?.fingerprint === fingerprint) {
        await reconcileReports(content, date, snapshot, { ...NOTHING_PRINTED, rejected: lastRejection.rejected, warnings: lastRejection.warnings }, timeOr(lastRejection.rejectedAt, now));
        logger.info('inputs unchanged since they were rejected', { date, fingerprint });
        return { kind: 'unchanged', fingerprint, requeued: await requeueIfChanged() };
      }
      return undefined;
    };
    // Photos count by their listing line (fingerprint.ts): an unchanged date fetches none.
    let fingerprint = await fingerprintInputs(snapshot.source, date, publication);
    const unchanged = await unchangedOutcome(fingerprint);
    if (unchanged) return unchanged;
    // A build (or a version an earlier attempt left) is due: the photos the stories name, and only
    // those, within the render's input budget.
    const withPhotos = await withNamedPhotos(content, inputPrefix, snapshot, budgetBytes);
    snapshot = withPhotos.snapshot;
    if (withPhotos.replaced.length > 0) {
      // Replaced between the listing and the fetch: the fingerprint names the bytes the build reads.
      logger.info('photos replaced while the render read them; fingerprinting what was read', { date, photos: withPhotos.replaced });
      fingerprint = await fingerprintInputs(snapshot.source, date, publication);
      const unchangedAfterAll = await unchangedOutcome(fingerprint);
      if (unchangedAfterAll) return unchangedAfterAll;
    }
    if (withPhotos.refused.length > 0) logger.warn('photos past the render\'s input budget were not read', { date, photos: withPhotos.refused, budgetBytes });
    const source = snapshot.source;

    const versionPrefix = editionKeys.version(date, fingerprint);
    // A version left by an earlier attempt is reused only if every object of it checks out.
    let manifest = await readJson<PublishedManifest>(editions, `${versionPrefix}manifest.json`);
    if (manifest && (manifest.fingerprint !== fingerprint || (await versionDamage(editions, date, manifest, 'all')) !== undefined)) {
      logger.warn('an unfinished or damaged version was found; building it again', { date, fingerprint });
      manifest = undefined;
    }
    const rebuilt = !manifest;
    if (!manifest) {
      // What does not depend on the print is stored while Chromium prints (under the version's
      // prefix, which nothing names until its manifest and a pointer are written).
      const early = new EarlyVersionWrites(editions, versionPrefix);
      let outcome: BuildOutcome;
      try {
        outcome = await ports.build(source, {
          date,
          thumbnailWidthPx: ports.thumbnailWidthPx,
          pageImageWidthPx: ports.pageImageWidthPx,
          readerFiles: true,
          publicationTime: publication,
          fingerprint,
          onFilesReady: early.start,
          // A correction's unchanged pages keep the images the published edition or the last proof has.
          earlierPageImages: earlierPageImages(editions, date, [pointer, lastProof], (ports.thumbnailWidthPx ?? 0) > 0),
          // And its unchanged photos in unchanged boxes, fitted already.
          earlierFittedPhotos: earlierFittedPhotos(editions, date, [pointer, lastProof]),
        });
      } finally {
        await early.stored();
      }
      if (!outcome.ok) {
        const record: RejectionRecord = {
          date,
          fingerprint,
          rejectedAt: now.toISOString(),
          reason: outcome.reason,
          rejected: outcome.rejected,
          warnings: outcome.warnings,
        };
        await putDeskRecord(editions, 'refused', date, record);
        // The proof printed inputs that no longer stand (a story held since, a re-export refused):
        // left, the schedule published it at its publishAt, held story and all (a review of the
        // render path). Whatever is published stays; a proof comes back with inputs that print.
        if (lastProof) await deleteProof(editions, date);
        await reconcileReports(content, date, snapshot, { ...NOTHING_PRINTED, rejected: outcome.rejected, warnings: outcome.warnings }, now);
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
      // The build's own step times, so a slow render can be told from a slow write (the log's timestamps give the rest).
      logger.info('edition built; writing its version', { date, fingerprint, timings: outcome.edition.timings });
      const sources = await sourceHashes(snapshot);
      // The newsroom's per-file feedback (which pages each upload printed on, or why it did not)
      // goes to the content bucket while the version is written: it says what the build made of
      // each upload, which the version's writing does not change (a failed write is retried, and
      // the retry writes the reports again).
      [manifest] = await Promise.all([
        writeVersion(editions, date, fingerprint, outcome.edition, sources, await early.stored()),
        reconcileReports(content, date, snapshot, outcome.edition.manifest, now),
      ]);
    } else {
      logger.info('version already complete and verified; swapping the pointer only', { date, fingerprint });
      await reconcileReports(content, date, snapshot, manifest, now);
    }
    await writeProof(editions, date, manifest, now, publishAt);
    if (!publishNow) {
      logger.info('proof ready', { date, fingerprint, pageCount: manifest.pageCount, publishAt, rebuilt });
      return { kind: 'proofed', fingerprint, rebuilt, ...(publishAt ? { publishAt } : {}), requeued: await requeueIfChanged() };
    }

    // The one write that publishes: until it lands, readers are sent to the previous version. By
    // the clock, only if the date is still unpublished when it lands (the schedule or an editor
    // may have published it meanwhile: this is then a correction, which waits for an editor).
    const swapped = await swapPointer(editions, date, manifest, now, 'publish', true, (current) => auto || current === undefined, { unlessWithdrawn: true });
    if (swapped.kind === 'not-due') {
      logger.info('published or withdrawn meanwhile; this edition stays a proof for an editor', { date, fingerprint });
      return { kind: 'proofed', fingerprint, rebuilt, ...(publishAt ? { publishAt } : {}), requeued: await requeueIfChanged() };
    }
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

/** The outcome of an editor's (or the schedule's) publish or rollback. */
export type PublicationOutcome =
  | {
      readonly kind: 'published' | 'rolled-back';
      readonly fingerprint: string;
      readonly publishedAt: string;
      readonly changedArticles: readonly string[];
      /** Set when this publication replaced one. */
      readonly articleChanges?: ArticleChanges;
      /** The headlines of the stories `articleChanges` names, as this publication prints them (a removed one as it printed before). */
      readonly headlines?: Readonly<Record<string, string>>;
      /** Set when this publication replaced one: the pages it changed (page-changes.ts, 82nd round). */
      readonly pageChanges?: PageChanges;
      readonly corrected: boolean;
    }
  | { readonly kind: 'already-published'; readonly fingerprint: string }
  | { readonly kind: 'no-proof' | 'no-such-version' | 'damaged' | 'embargoed'; readonly message: string }
  /** The editor asked to publish a proof that a newer one has replaced since (`fingerprint`: the newer). */
  | { readonly kind: 'newer-proof'; readonly message: string; readonly fingerprint: string }
  /** `dueAt`: the proof's publishAt, when that is all it waits for (a timer is armed from it, not from a second reading of the clock). */
  | { readonly kind: 'not-due'; readonly message: string; readonly dueAt?: string }
  /** The published edition is being taken away (a withdrawal or an unpublish whose line is written and whose pointer still stands): publish again once it is gone. */
  | { readonly kind: 'taking-down'; readonly message: string };

/** The instant embargoes are judged at: a publishAt still to come for a proof, else now. */
function publicationTime(publishNow: boolean, publishAt: string | undefined, now: Date): string {
  return !publishNow && publishAt !== undefined && Date.parse(publishAt) > now.getTime() ? new Date(Date.parse(publishAt)).toISOString() : now.toISOString();
}

/** The printed stories of a version whose embargo has not ended at `now`, with a sentence, or undefined. */
export function embargoBreach(manifest: Pick<PublishedManifest, 'articles'>, now: Date): string | undefined {
  const early = manifest.articles.filter((a) => a.embargo !== undefined && !embargoEnded(a.embargo, now));
  if (early.length === 0) return undefined;
  const until = early.map((a) => a.embargo!).sort().at(-1)!;
  return `This version prints ${early.map((a) => `"${a.slug}"`).join(', ')} under embargo until ${until}; it may be published from then on, or hold the stor${early.length === 1 ? 'y' : 'ies'} and upload again.`;
}

/**
 * Publishes the newest proof of a date: its version is verified, the history gains a line, and one
 * write of the pointer makes it what subscribers get. Publishing over an earlier publication keeps
 * that version (nothing under versions/ is ever removed) and marks the edition corrected.
 */
export async function publishProof(
  editions: ObjectStore,
  date: string,
  now: Date,
  options: {
    /** The proof the editor looked at (the desk sends it): another, newer proof is not published unseen. */
    readonly version?: string;
    /** Only if the date is still unpublished when the pointer is written (the publishAt schedule). */
    readonly firstPublicationOnly?: boolean;
  } = {},
): Promise<PublicationOutcome> {
  const proof = await readJson<ProofPointer>(editions, editionKeys.proof(date));
  if (!proof) return { kind: 'no-proof', message: `There is no proof of ${date} to publish.` };
  if (options.version !== undefined && options.version !== proof.fingerprint) {
    return { kind: 'newer-proof', message: `The proof of ${date} changed since it was opened (${options.version} → ${proof.fingerprint}): look at the new one, then publish it.`, fingerprint: proof.fingerprint };
  }
  const pointer = await readJson<PublicationPointer>(editions, editionKeys.pointer(date));
  if (pointer?.fingerprint === proof.fingerprint) {
    const takingDown = await takingDownOutcome(editions, date, pointer);
    if (takingDown) return takingDown;
    await finishPublication(editions, date, pointer, false);
    return { kind: 'already-published', fingerprint: proof.fingerprint };
  }
  const damage = await versionDamage(editions, date, proof, 'pdf');
  if (damage !== undefined) return { kind: 'damaged', message: `The proof of ${date} does not verify (${damage}); upload again to rebuild it.` };
  const breach = embargoBreach(proof, now);
  if (breach) return { kind: 'embargoed', message: breach };
  const { proofedAt: _proofedAt, publishAt: _publishAt, ...version } = proof;
  return swapPointer(editions, date, version, now, 'publish', false, options.firstPublicationOnly ? (current) => current === undefined : undefined);
}

/**
 * Makes an earlier version of a date the published one again: it must exist and verify object by
 * object; then the history gains a line and the pointer swap is the last step.
 */
export async function rollbackEdition(editions: ObjectStore, date: string, fingerprint: string, now: Date): Promise<PublicationOutcome> {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(fingerprint)) return { kind: 'no-such-version', message: 'A version is named by its fingerprint, letters, digits, - and _.' };
  const manifest = await readJson<PublishedManifest>(editions, `${editionKeys.version(date, fingerprint)}manifest.json`);
  if (!manifest || manifest.fingerprint !== fingerprint) return { kind: 'no-such-version', message: `${date} has no complete version ${fingerprint}.` };
  const pointer = await readJson<PublicationPointer>(editions, editionKeys.pointer(date));
  if (pointer?.fingerprint === fingerprint) {
    const takingDown = await takingDownOutcome(editions, date, pointer);
    if (takingDown) return takingDown;
    // The editor's repeat of a rollback cut short after its pointer write finishes it, as a
    // publish's does: it answered at once, and the index kept the replaced version's line (its
    // headline and pages in the subscribers' list) and the copy its PDF until a render of the date.
    await finishPublication(editions, date, pointer, false);
    return { kind: 'already-published', fingerprint };
  }
  const damage = await versionDamage(editions, date, manifest, 'all');
  if (damage !== undefined) return { kind: 'damaged', message: `Version ${fingerprint} of ${date} does not verify (${damage}).` };
  const breach = embargoBreach(manifest, now);
  if (breach) return { kind: 'embargoed', message: breach };
  return swapPointer(editions, date, manifest, now, 'rollback', false);
}

/**
 * `taking-down` when the history's last line takes away the version `pointer` names (a withdrawal
 * or an unpublish under way, or cut short): asked to publish that very version, an editor was
 * answered `already-published` while the take-down went on and the date went.
 */
async function takingDownOutcome(editions: ObjectStore, date: string, pointer: PublicationPointer): Promise<PublicationOutcome | undefined> {
  const last = takenDownBy(await readJson<PublicationHistory>(editions, editionKeys.history(date)));
  if (last?.version !== pointer.fingerprint) return undefined;
  return { kind: 'taking-down', message: `${date} is being taken away (${last.action}) as you publish; try again in a minute, once it is gone.` };
}

/**
 * The scheduled publisher (EventBridge Scheduler in AWS, a timer in `epaper dev`): publishes the
 * proof of `date` if its `publishAt` has come and the date was never published. A correction after
 * publication is never published by the clock, only by an editor.
 */
export async function publishIfDue(editions: ObjectStore, date: string, now: Date): Promise<PublicationOutcome> {
  const proof = await readJson<ProofPointer>(editions, editionKeys.proof(date));
  if (!proof?.publishAt) return { kind: 'not-due', message: `The proof of ${date} has no publishAt.` };
  if (Date.parse(proof.publishAt) > now.getTime()) return { kind: 'not-due', message: `The proof of ${date} is due at ${proof.publishAt}.`, dueAt: proof.publishAt };
  if (await editions.head(editionKeys.pointer(date))) return { kind: 'not-due', message: `${date} is already published; corrections wait for an editor.` };
  // Withdrawn by an editor, the date is unpublished again: without this the clock put it back within a minute.
  if (isWithdrawn(await readJson<PublicationHistory>(editions, editionKeys.history(date)))) return { kind: 'not-due', message: `${date} was withdrawn by an editor; only an editor publishes it again.` };
  return publishProof(editions, date, now, { firstPublicationOnly: true });
}

/** How the rate schedule looks for due proofs: edition dates this close to today are checked. */
export const SCHEDULED_PUBLISH_POLICY = {
  /** EventBridge Scheduler's rate; a proof goes out at most this long after its publishAt. */
  rateMinutes: 1,
  /** An edition may be scheduled up to this many days before its date… */
  daysAhead: 7,
  /** …and published up to this many days after it (the date rule's 7 days). */
  daysBehind: 7,
  /**
   * Dates the index lists outside those days whose last publishing steps each run also looks at,
   * taken in turn (finishListedInTurn): a withdrawal cut short after its pointer deletion left an
   * older date listed for subscribers with nothing served, for good. 10 a minute: a pointer read
   * each, and 3,650 dates (ten years) gone round in about six hours.
   */
  olderDatesPerRun: 10,
  /**
   * A pending-repair marker (editionKeys.pendingMarker) begun this long before a run belongs to a
   * process that is gone: Lambda's ceiling on a function's run (15 minutes) is past, and the render
   * writes its marker at the end of its run. The run that finishes its date then deletes it; a
   * younger one is finished (harmless: the act under way does the same) and left to its act, which
   * may still die after a later write.
   */
  abandonedMarkerMinutes: 15,
} as const;

/** The input of the rate schedule that publishes due proofs (lib/constructs/publish-schedule.ts); API Gateway events never look like it. */
export const SCHEDULED_PUBLISH_INPUT = { epaper: 'publish-due' } as const;

/** The edition dates the schedule looks at (SCHEDULED_PUBLISH_POLICY), oldest first. */
function scheduledDates(now: Date): string[] {
  const dates: string[] = [];
  for (let offset = -SCHEDULED_PUBLISH_POLICY.daysBehind; offset <= SCHEDULED_PUBLISH_POLICY.daysAhead; offset++) {
    dates.push(new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10));
  }
  return dates;
}

/** How the desk lists the dates in a state (DeskState), from their markers. */
export const DESK_LIST_POLICY = {
  /**
   * Dates of one state read per desk call, the newest: the markers go with their state, so a
   * newsroom has a handful, and a bucket that gathered thousands costs the desk no more reads than this.
   */
  maxDates: 100,
} as const;

/**
 * What `find` answers for every date in `state`, newest first: the dates its markers name (one
 * paginated listing of editions/desk/<state>/, those `kept`, at most DESK_LIST_POLICY.maxDates of
 * them read), and the dates the schedule looks at, for a record written before markers were.
 */
async function acrossDeskDates<T>(editions: ObjectStore, state: DeskState, now: Date, find: (date: string) => Promise<T | undefined>, kept: (date: string) => boolean = () => true): Promise<T[]> {
  const prefix = editionKeys.deskMarkers(state);
  const marked = (await editions.list(prefix)).map((o) => o.key.slice(prefix.length)).filter((date) => /^\d{4}-\d{2}-\d{2}$/.test(date) && kept(date));
  const newest = marked.sort().reverse().slice(0, DESK_LIST_POLICY.maxDates);
  return answered([...new Set([...newest, ...scheduledDates(now)])].sort(), find);
}

/** `find`'s answers for `dates` (oldest first), newest date first, dates it answers nothing for left out. */
async function answered<T>(dates: readonly string[], find: (date: string) => Promise<T | undefined>): Promise<T[]> {
  const found: (T | undefined)[] = await Promise.all(dates.map(find));
  return found.filter((item): item is T => item !== undefined).reverse();
}

/** Publishes every proof that is due, among the dates SCHEDULED_PUBLISH_POLICY looks at. */
export async function publishDueProofs(editions: ObjectStore, now: Date): Promise<{ date: string; outcome: PublicationOutcome }[]> {
  const published: { date: string; outcome: PublicationOutcome }[] = [];
  const index = await readJson<EditionIndex>(editions, editionKeys.index);
  const scheduled = scheduledDates(now);
  for (const date of scheduled) {
    const outcome = await publishIfDue(editions, date, now);
    if (outcome.kind !== 'not-due') published.push({ date, outcome });
    else await finishIfUnfinished(editions, date, index);
  }
  for (const date of listedInTurn(index, new Set(scheduled), now)) await finishIfUnfinished(editions, date, index);
  await finishMarkedDates(editions, new Date(now.getTime() - SCHEDULED_PUBLISH_POLICY.abandonedMarkerMinutes * 60_000));
  return published;
}

/**
 * The dates the index lists outside the schedule's days that this run looks at:
 * SCHEDULED_PUBLISH_POLICY.olderDatesPerRun of them, the next in turn by the minute of `now`, so
 * that every listed date is looked at again and again. Before, only the schedule's days were, and
 * an older date whose withdrawal was cut short after its pointer deletion (or whose rollback after
 * its pointer write) kept its index line for good: listed for subscribers, answering 404.
 */
function listedInTurn(index: EditionIndex | undefined, scheduled: ReadonlySet<string>, now: Date): string[] {
  const older = publishedEntries(index).map((entry) => entry.date).filter((date) => !scheduled.has(date)).sort();
  if (older.length === 0) return [];
  const perRun = Math.min(SCHEDULED_PUBLISH_POLICY.olderDatesPerRun, older.length);
  const turn = Math.floor(now.getTime() / (SCHEDULED_PUBLISH_POLICY.rateMinutes * 60_000));
  const first = (turn * perRun) % older.length;
  return Array.from({ length: perRun }, (_, i) => older[(first + i) % older.length]);
}

/**
 * A publication whose last steps a crash lost (an editor's publish that ended after its pointer
 * write: the index without the date, the PDF copy old) is finished by the schedule, at most a
 * minute later. Before, only a render of the date repaired it, and with no upload none came, while
 * the desk showed the date published and its Publish button off (an adversarial review).
 */
async function finishIfUnfinished(editions: ObjectStore, date: string, index: EditionIndex | undefined): Promise<boolean> {
  const listed = index?.editions.find((entry) => entry.date === date);
  const [pointer, history] = await Promise.all([
    readJson<PublicationPointer>(editions, editionKeys.pointer(date)),
    readJson<PublicationHistory>(editions, editionKeys.history(date)),
  ]);
  // Listed with no pointer: a take-down cut short (before the index went first), or a render that
  // finished an unchanged publication just after an editor withdrew the date.
  if (!pointer) {
    if (listed) await takeDown(editions, date);
    return listed !== undefined;
  }
  // A take-down (an editor's withdrawal, a `publish: auto` unpublish) whose line is written and
  // whose pointer still stands: finished, as the editor or the render asked. Left, an editor's
  // publish or rollback of the date was refused (swapPointer, `taking-down`) until a repeat.
  if (takenDownBy(history)?.version === pointer.fingerprint) {
    await takeDown(editions, date);
    return true;
  }
  if (listed?.fingerprint === pointer.fingerprint) return false;
  await finishPublication(editions, date, pointer, false);
  return true;
}

/**
 * What `epaper dev` runs on start for every date published or listed, since no schedule runs
 * there: the finishing of a publication, a rollback or a take-down that a kill cut short
 * (finishIfUnfinished). Before, a process killed during an editor's rollback kept the replaced
 * version's headline in the subscribers' list, and one killed during a withdrawal kept the date
 * listed with nothing served, until the editor did it again: the catch-up on start renders only
 * dates whose inputs changed. Returns the dates it finished something for.
 */
export async function finishCutShort(
  editions: ObjectStore,
  dates: readonly string[],
  /** When this process started: a marker begun since is an act of its own, under way. Absent: every marker is a dead process's. */
  startedAt?: Date,
): Promise<string[]> {
  const index = await readJson<EditionIndex>(editions, editionKeys.index);
  const finished: string[] = [];
  for (const date of dates) if (await finishIfUnfinished(editions, date, index)) finished.push(date);
  // And every date a pending-repair marker names, published or not; the markers the process that
  // was killed left (begun before this one started) are deleted once their dates are finished.
  const marked = await finishMarkedDates(editions, startedAt);
  return [...new Set([...finished, ...marked])].sort();
}

/**
 * The schedule's second duty: a proof that holds a story under an embargo that has now ended is
 * rendered again (the inputs' fingerprint changes at that moment), so the next proof prints it.
 * Returns the dates signalled; the render's own fingerprint check makes a repeated signal harmless.
 */
export async function renderEndedEmbargoes(editions: ObjectStore, now: Date, renderSignal: RenderSignal): Promise<string[]> {
  const signalled: string[] = [];
  for (const date of scheduledDates(now)) {
    const proof = await readJson<ProofPointer>(editions, editionKeys.proof(date));
    const ends = nextEmbargoEnd(proof?.held ?? []);
    if (ends === undefined || !embargoEnded(ends, now)) continue;
    await renderSignal.send(date, `embargo-ended-${ends}`);
    signalled.push(date);
  }
  return signalled;
}

/**
 * editions/index.json as a desk call already read it (`index` undefined: there is none), passed to
 * the lists it gathers (awaitingProofs, emptiedDates): the API's GET /editions read it for the
 * published dates and each list read it again, three reads of the index per desk call.
 */
export interface ReadIndex {
  readonly index: unknown;
}

async function deskIndex(editions: ObjectStore, known: ReadIndex | undefined): Promise<unknown> {
  return known ? known.index : readJson<EditionIndex>(editions, editionKeys.index);
}

/** The index's entries with a date and a fingerprint, whatever else a torn or foreign index holds. */
function publishedEntries(index: unknown): { date: string; fingerprint: string }[] {
  const entries: unknown = (index as { editions?: unknown } | undefined)?.editions;
  return (Array.isArray(entries) ? entries : []).filter(
    (entry): entry is { date: string; fingerprint: string } => typeof entry?.date === 'string' && typeof entry?.fingerprint === 'string',
  );
}

/** A proof no editor has published yet, as the desk lists it: its edition's index line and when it was made. */
export interface AwaitingProof extends EditionIndexEntry {
  readonly proofedAt: string;
  /** edition.yaml's `publishAt`, when the proof is to publish itself. */
  readonly publishAt?: string;
  /** Subscribers already have an earlier version of this date: the proof is a correction. */
  readonly corrects: boolean;
  /** When an editor withdrew the date's published edition (nothing is published since): publishing the proof puts the date back. */
  readonly withdrawnAt?: string;
}

/**
 * The dates whose proof markers (editionKeys.proofMarker) name a proof the index does not publish,
 * newest first, at most DESK_LIST_POLICY.maxDates: one paginated listing and the index, no read
 * per date ever printed (a published proof's marker stays with its proof).
 */
async function unpublishedProofDates(editions: ObjectStore, known: ReadIndex | undefined): Promise<string[]> {
  const prefix = editionKeys.proofMarkers;
  const [markers, index] = await Promise.all([editions.list(prefix), deskIndex(editions, known)]);
  const published = new Set(publishedEntries(index).map((entry) => `${entry.date}/${entry.fingerprint}`));
  const dates = markers
    .map((o) => o.key.slice(prefix.length))
    .filter((name) => /^\d{4}-\d{2}-\d{2}\/[^/]+$/.test(name) && !published.has(name))
    .map((name) => name.slice(0, 10));
  return [...new Set(dates)].sort().reverse().slice(0, DESK_LIST_POLICY.maxDates);
}

/**
 * The proofs awaiting an editor, newest date first: a date whose proof is not what subscribers
 * see. The dates are those their markers name (unpublishedProofDates: a proof ten days ahead or
 * back was never listed while the desk walked a week either side of today) and the week the
 * schedule looks at, for a proof written before markers were.
 */
export async function awaitingProofs(editions: ObjectStore, now: Date, known?: ReadIndex): Promise<AwaitingProof[]> {
  const marked = await unpublishedProofDates(editions, known);
  return answered([...new Set([...marked, ...scheduledDates(now)])].sort(), async (date): Promise<AwaitingProof | undefined> => {
    const proof = await readJson<ProofPointer>(editions, editionKeys.proof(date));
    if (!proof || typeof proof.fingerprint !== 'string' || !Array.isArray(proof.pages) || !Array.isArray(proof.articles)) return undefined;
    const published = await readJson<PublicationPointer>(editions, editionKeys.pointer(date));
    if (published?.fingerprint === proof.fingerprint) return undefined;
    const withdrawnAt = published ? undefined : withdrawalTime(await readJson<PublicationHistory>(editions, editionKeys.history(date)));
    return {
      ...indexEntry(proof),
      proofedAt: proof.proofedAt,
      ...(proof.publishAt ? { publishAt: proof.publishAt } : {}),
      corrects: published !== undefined,
      ...(withdrawnAt ? { withdrawnAt } : {}),
    };
  });
}

/** A date whose newest inputs printed nothing (rejections.json), as the desk lists it. */
export interface RefusedDate {
  readonly date: string;
  readonly reason: string;
  /** The files refused, each with its reason. */
  readonly rejected: readonly Rejection[];
  /** Subscribers still have this date's published edition. */
  readonly published: boolean;
}

/**
 * The dates whose newest inputs printed nothing (their markers, acrossDeskDates): a render then
 * removes the proof (renderAndPublish), and the date left the desk's list with no word of why.
 * Newest date first.
 */
export async function refusedDates(editions: ObjectStore, now: Date): Promise<RefusedDate[]> {
  return acrossDeskDates(editions, 'refused', now, async (date): Promise<RefusedDate | undefined> => {
    const record = await readJson<RejectionRecord>(editions, editionKeys.rejections(date));
    if (!record || typeof record.reason !== 'string') return undefined;
    // A proof made since (inputs that print again) supersedes the record, which stays until a publish.
    if ((await editions.head(editionKeys.proof(date))) !== undefined) return undefined;
    const published = (await editions.head(editionKeys.pointer(date))) !== undefined;
    return { date, reason: record.reason, rejected: Array.isArray(record.rejected) ? record.rejected : [], published };
  });
}

/** A published date with no article left (emptied.json), as the desk lists it. */
export interface EmptiedDate {
  readonly date: string;
  /** When a render first found every article gone. */
  readonly noticedAt: string;
  /** The version subscribers are still served. */
  readonly publishedVersion: string;
  readonly headline: string;
}

/**
 * The dates whose files were all deleted while they stay published (their markers,
 * acrossDeskDates: a week either side of today missed one ten days back, served for good with no
 * editor told), waiting for an editor to withdraw them (or for files to come back), newest first.
 * A record whose date is no longer published (withdrawn since) is not listed.
 */
export async function emptiedDates(editions: ObjectStore, now: Date, known?: ReadIndex): Promise<EmptiedDate[]> {
  // An editor's withdrawal leaves the date's record and marker (the API deletes only the pointer
  // and the copy, and a rollback that puts the date back is emptied still) until the render it asks
  // for drops the marker (tidyEmptiedMarker; none without a render queue): a marker of a date the
  // index does not publish is passed over unread. Read, such stale markers cost two reads a desk
  // call each, and the newest of them took the DESK_LIST_POLICY.maxDates places of live dates.
  const published = new Set(publishedEntries(await deskIndex(editions, known)).map((entry) => entry.date));
  return acrossDeskDates(editions, 'emptied', now, async (date): Promise<EmptiedDate | undefined> => {
    const record = await readJson<EmptiedRecord>(editions, editionKeys.emptied(date));
    if (!record || typeof record.noticedAt !== 'string') return undefined;
    const pointer = await readJson<PublicationPointer>(editions, editionKeys.pointer(date));
    if (!pointer || typeof pointer.fingerprint !== 'string') return undefined;
    return { date, noticedAt: record.noticedAt, publishedVersion: pointer.fingerprint, headline: Array.isArray(pointer.articles) && Array.isArray(pointer.pages) ? indexEntry(pointer).headline : '' };
  }, (date) => published.has(date));
}

/** The outcome of an editor's withdrawal. */
export type WithdrawalOutcome =
  | { readonly kind: 'withdrawn'; readonly fingerprint: string; readonly withdrawnAt: string }
  /** Withdrawn before (and nothing published since): what a withdrawal cut short left undone is done now. */
  | { readonly kind: 'already-withdrawn'; readonly fingerprint: string; readonly withdrawnAt: string }
  | { readonly kind: 'not-published'; readonly message: string };

/**
 * An editor takes a published edition away: a history line first (a withdrawal the render's own
 * publication reads before it writes a pointer, swapPointer), then the index line, then the
 * pointer, so that no reader is sent to the PDF any more, then the convenience copy. The versions
 * stay, for the record and for a publish or rollback that puts the date back; the proof stays too
 * (the desk shows it, withdrawn). Until an editor publishes again, nothing else does (the render's
 * `publish: auto` or past publishAt, the schedule: isWithdrawn). Allowed whatever the date's files:
 * an emptied date (emptiedDates), or a libellous edition pulled with its files still there.
 */
export async function withdrawEdition(editions: ObjectStore, date: string, now: Date): Promise<WithdrawalOutcome> {
  const [pointer, history] = await Promise.all([
    readJson<PublicationPointer>(editions, editionKeys.pointer(date)),
    readJson<PublicationHistory>(editions, editionKeys.history(date)),
  ]);
  const last = isWithdrawn(history) ? history!.publications.at(-1)! : undefined;
  if (!pointer && !last) return { kind: 'not-published', message: `${date} is not published: there is nothing to withdraw.` };
  return whilePending(editions, date, { act: 'withdraw', version: pointer?.fingerprint ?? last!.version }, now, async (): Promise<WithdrawalOutcome> => {
    if (!pointer) {
      await takeDown(editions, date);
      return { kind: 'already-withdrawn', fingerprint: last!.version, withdrawnAt: last!.publishedAt };
    }
    // A withdrawal of this version whose pointer deletion failed is finished, not written twice.
    const withdrawnAt = last?.version === pointer.fingerprint ? last.publishedAt : now.toISOString();
    if (last?.version !== pointer.fingerprint) await appendHistory(editions, date, { version: pointer.fingerprint, publishedAt: withdrawnAt, action: 'withdraw', changedArticles: [] });
    await takeDown(editions, date);
    return { kind: 'withdrawn', fingerprint: pointer.fingerprint, withdrawnAt };
  });
}

/**
 * What follows a take-down's history line (a withdrawal's, an unpublish's), idempotent: the index
 * line, the convenience copy (never served), then the pointer, last. The pointer went first until
 * this round, and a withdrawal cut short after it (or after the copy) left the date in the
 * subscribers' list answering 404 until the schedule or a retry came. Cut short now, the date is
 * listed and served, unlisted and served, or gone: never listed and unserved; and until the end
 * the pointer stands with the take-down's line after it, which whoever reads both finishes
 * (finishIfUnfinished, the editor's repeat, the render's retry).
 */
async function takeDown(editions: ObjectStore, date: string): Promise<void> {
  await updateIndex(editions, date, undefined);
  await editions.delete(editionKeys.currentPdf(date));
  await editions.delete(editionKeys.pointer(date));
}

/**
 * `editions/pending/<date>` (editionKeys.pendingMarker): what act a process began on the date, and
 * when. Its presence says only "look at this date": what is left to do is read from the pointer,
 * the history and the index (finishIfUnfinished), as it is for the dates the schedule walks.
 */
interface PendingRepair {
  readonly date: string;
  readonly act: PublicationAction | TakeDownAction;
  /** The version published, rolled back to or taken away ('' for an unpublish of a date with no pointer). */
  readonly version: string;
  readonly startedAt: string;
}

/**
 * Runs `work` (a publication, a rollback, a take-down) under a pending-repair marker of its own
 * (editionKeys.pendingActMarker): written before its first write, deleted after its last. A process
 * that dies (or a write that fails) in between leaves the marker, and the schedule or `epaper dev`'s
 * start finishes the date (finishMarkedDates). Its own key, not the date's: with one key per date an
 * act that finished deleted the marker another act on the date had written over it meanwhile, and
 * that act, dying after, left its half-done writes unmarked. The key is created only where none is
 * (If-None-Match), so two acts begun the same millisecond take two keys.
 */
async function whilePending<T>(editions: ObjectStore, date: string, act: Pick<PendingRepair, 'act' | 'version'>, now: Date, work: () => Promise<T>): Promise<T> {
  const marker = JSON.stringify({ date, ...act, startedAt: now.toISOString() } satisfies PendingRepair);
  let key: string | undefined;
  for (let slot = 0; key === undefined; slot++) {
    if (slot === PENDING_MARKER_POLICY.slotsPerMillisecond) throw new Error(`${date}: ${slot} acts began at ${now.toISOString()}; none more is begun in that millisecond.`);
    const candidate = editionKeys.pendingActMarker(date, now, slot);
    if (await editions.putIfUnchanged(candidate, marker, 'application/json', undefined)) key = candidate;
  }
  const result = await work();
  await editions.delete(key);
  return result;
}

/** How the per-act pending-repair markers are named (editionKeys.pendingActMarker). */
export const PENDING_MARKER_POLICY = {
  /**
   * Acts on one date begun in the same millisecond that each get a key of their own (one digit in
   * the key): the API, the render and the schedule are the only writers, so ten is far beyond what
   * meets, and a fixed width keeps the key a pattern of `?`s for IAM.
   */
  slotsPerMillisecond: 10,
} as const;

/** What listing the markers needs of a store: the keys under a prefix (ObjectStore.list, or the subscriber API's read access). */
export interface KeyLister {
  list(prefix: string): Promise<readonly { readonly key: string }[]>;
}

/** One pending-repair marker as listed: its date, and when its act began where its key says (the per-act form). */
interface ListedMarker {
  readonly key: string;
  readonly date: string;
  readonly startedAtMs?: number;
}

/**
 * The pending-repair markers under editions/pending/, both forms: the date's own key (written until
 * the 78th round) and a key per act under the date. Anything else there is passed over.
 */
async function listedMarkers(editions: KeyLister): Promise<ListedMarker[]> {
  const prefix = editionKeys.pendingMarkers;
  const markers: ListedMarker[] = [];
  for (const { key } of await editions.list(prefix)) {
    const name = key.slice(prefix.length);
    const date = name.slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    if (name === date) markers.push({ key, date });
    else {
      const perAct = /^\/(\d{13})-\d$/.exec(name.slice(10));
      if (perAct) markers.push({ key, date, startedAtMs: Number(perAct[1]) });
    }
  }
  return markers;
}

/**
 * The dates a pending-repair marker names (one LIST of editions/pending/): a publication, a
 * rollback or a take-down of each is under way, or was cut short and awaits the schedule.
 */
export async function markedDates(editions: KeyLister): Promise<string[]> {
  return [...new Set((await listedMarkers(editions)).map((marker) => marker.date))].sort();
}

/**
 * The archive line of a date a pending-repair marker names, as subscribers are served it now: the
 * pointer's line, or none when there is no pointer or the history's last line takes the date away
 * (a take-down under way, or cut short, whose pointer still stands). The index is written after
 * the pointer (and unlisted before it goes), so until the act ends, or the schedule finishes it a
 * minute after a crash, the index's own line for the date may be the replaced version's
 * (headline, page count) or a withdrawn date's. `pointer` and `history` as read, whatever they hold.
 */
export function servedArchiveLine(pointer: unknown, history: unknown): EditionIndexEntry | undefined {
  const manifest = pointer as PublishedManifest | undefined;
  if (!manifest || typeof manifest.fingerprint !== 'string' || typeof manifest.date !== 'string' || !Array.isArray(manifest.pages) || !Array.isArray(manifest.articles)) return undefined;
  if (takenDownBy(history as PublicationHistory | undefined)?.version === manifest.fingerprint) return undefined;
  return indexEntry(manifest);
}

/**
 * Finishes every date whose pending-repair marker stands (finishIfUnfinished), whatever its date,
 * and deletes the markers begun at or before `abandonedBefore` (their processes are gone; a
 * younger one may be an act still under way, which deletes its own), or every one without it. One
 * listing of editions/pending/, then, per marked date, the pointer and the history (and an old-form
 * marker, whose age is inside it). Returns the dates it finished something for.
 */
async function finishMarkedDates(editions: ObjectStore, abandonedBefore: Date | undefined): Promise<string[]> {
  const markers = await listedMarkers(editions);
  if (markers.length === 0) return [];
  // Read now, not with the run's other dates: finishing those may have changed it.
  const index = await readJson<EditionIndex>(editions, editionKeys.index);
  const finished: string[] = [];
  for (const date of [...new Set(markers.map((marker) => marker.date))].sort()) {
    const ofDate = markers.filter((marker) => marker.date === date);
    const startedAt = await Promise.all(
      ofDate.map(async (marker) => marker.startedAtMs ?? Date.parse(String((await readJson<PendingRepair>(editions, marker.key))?.startedAt))),
    );
    if (await finishIfUnfinished(editions, date, index)) finished.push(date);
    // An unreadable marker (torn, foreign) says nothing of its age: the date is finished, so it goes.
    for (const [i, marker] of ofDate.entries()) {
      if (abandonedBefore === undefined || !(startedAt[i] > abandonedBefore.getTime())) await editions.delete(marker.key);
    }
  }
  return finished;
}

/**
 * Whether the version `pointer` names is being taken away: the date's last history line (a
 * withdrawal or an unpublish) names it, and its take-down has not yet deleted the pointer (it is
 * under way, or was cut short, and the schedule or `epaper dev`'s start will finish it). The
 * subscriber API serves such a pointer to no subscriber (82nd round): a take-down writes its line
 * first and deletes the pointer last, and one cut short in between kept the withdrawn edition
 * (an edition pulled for libel, say) open to direct and shared links until the schedule's next run.
 */
export function pointerTakenAway(pointer: unknown, history: unknown): boolean {
  const fingerprint = (pointer as { fingerprint?: unknown } | undefined)?.fingerprint;
  return typeof fingerprint === 'string' && takenDownBy(history as PublicationHistory | undefined)?.version === fingerprint;
}

/** The act of the date's last history line, and its version, when that line takes the date away (withdraw, unpublish). */
function takenDownBy(history: PublicationHistory | undefined): PublicationRecord | undefined {
  const last = Array.isArray(history?.publications) ? history.publications.at(-1) : undefined;
  return last?.action === 'withdraw' || last?.action === 'unpublish' ? last : undefined;
}

/**
 * Whether a date's history (as read, whatever it holds) ends taking the date away: an editor's
 * withdrawal or an unpublish, so that subscribers are told an edition they may have read is no
 * longer there, not that there never was one.
 */
export function takenAway(history: unknown): boolean {
  return takenDownBy(history as PublicationHistory | undefined) !== undefined;
}

/** True when the date's last history line is an editor's withdrawal: only an editor publishes it again. */
function isWithdrawn(history: PublicationHistory | undefined): boolean {
  return withdrawalTime(history) !== undefined;
}

/** When an editor withdrew the date, if that is the last thing its history records. */
function withdrawalTime(history: PublicationHistory | undefined): string | undefined {
  const last = Array.isArray(history?.publications) ? history.publications.at(-1) : undefined;
  return last?.action === 'withdraw' ? last.publishedAt : undefined;
}

/** One stored version of a date, as the desk lists it. */
export interface VersionSummary {
  readonly fingerprint: string;
  readonly proof: boolean;
  readonly published: boolean;
  /** When this version was made the published one, each time. */
  readonly publishedAt: readonly string[];
  /**
   * What publishing this version again changes for subscribers, against the version served now
   * (an addition of the 82nd round, `rollbackChangesOf`): set on every version published before
   * while another is served. A rollback past a legal pull brings the pulled story back, and the
   * desk's question before it said only "every story as it was then".
   */
  readonly rollbackChanges?: ArticleChanges;
}

/** Every complete version of a date (its manifest written), with what is proof and what is published. */
export async function listVersions(editions: ObjectStore, date: string): Promise<{ versions: VersionSummary[]; history: readonly PublicationRecord[] }> {
  const prefix = editionKeys.versions(date);
  const fingerprints = (await editions.list(prefix))
    .map((o) => o.key.slice(prefix.length))
    .filter((rest) => /^[A-Za-z0-9_-]+\/manifest\.json$/.test(rest))
    .map((rest) => rest.split('/')[0]);
  const [proof, pointer, history] = await Promise.all([
    readJson<ProofPointer>(editions, editionKeys.proof(date)),
    readJson<PublicationPointer>(editions, editionKeys.pointer(date)),
    readJson<PublicationHistory>(editions, editionKeys.history(date)),
  ]);
  const publications = history?.publications ?? [];
  const versions = fingerprints.map((fingerprint) => ({
    fingerprint,
    proof: proof?.fingerprint === fingerprint,
    published: pointer?.fingerprint === fingerprint,
    // A withdrawal's or an unpublish's line names the version taken away: no publication of it.
    publishedAt: publications.filter((p) => p.version === fingerprint && p.action !== 'withdraw' && p.action !== 'unpublish').map((p) => p.publishedAt),
  }));
  return { versions: await rollbackChangesOf(editions, date, versions, pointer), history: publications };
}

/**
 * `versions`, each published before while `served` is served given what a rollback to it would
 * change (`VersionSummary.rollbackChanges`): one read of its manifest each, as many as the date's
 * publications, a handful; a manifest that cannot be read leaves its version without.
 */
async function rollbackChangesOf(editions: ObjectStore, date: string, versions: readonly VersionSummary[], served: PublicationPointer | undefined): Promise<VersionSummary[]> {
  return Promise.all(
    versions.map(async (version) => {
      if (!served || version.published || version.publishedAt.length === 0) return version;
      const manifest = await readJson<PublishedManifest>(editions, `${editionKeys.versions(date)}${version.fingerprint}/manifest.json`).catch(() => undefined);
      return manifest?.articles ? { ...version, rollbackChanges: articleChanges(served, manifest) } : version;
    }),
  );
}

/**
 * The publication itself: history first (a line for a publication that then failed is harmless; a
 * publication missing from the history is not), then ONE write of the pointer, then what follows it.
 *
 * The pointer is read again here and written only if it is still that one (a conditional write):
 * the render and the API (an editor, the publishAt schedule) run apart in AWS, and a pointer
 * written over one it did not see undid a publication (the schedule's older proof over the
 * render's newer one, served until an editor noticed) or told readers of no correction (its
 * changes counted from a pointer read before another publication). `wanted` says whether the
 * publication still stands against the pointer as it is now (a first publication by the clock
 * does not, once the date is published: a correction waits for an editor); when it does not, no
 * history line is written and `not-due` comes back.
 */
async function swapPointer(
  editions: ObjectStore,
  date: string,
  version: PublishedManifest,
  now: Date,
  action: PublicationAction,
  /** True in the render (which owns the rejection record); false for an editor or the schedule. */
  clearRejection: boolean,
  wanted: (current: PublicationPointer | undefined) => boolean = () => true,
  /**
   * `unlessWithdrawn`: a publication no editor asked for (the render's) does not stand once an
   * editor has withdrawn the date. The history is read after the pointer, and a withdrawal writes
   * its line before it deletes the pointer: a render that read the pointer before the withdrawal
   * has its conditional write refused, and reads the withdrawal on its next attempt.
   */
  options: { readonly unlessWithdrawn?: boolean } = {},
): Promise<PublicationOutcome> {
  // Under the date's pending-repair marker: a process that dies between the pointer and the index line leaves it.
  return whilePending(editions, date, { act: action, version: version.fingerprint }, now, async () => {
    for (let attempt = 0; attempt < INDEX_ATTEMPTS; attempt++) {
      const { value: previous, etag } = await readJsonVersion<PublicationPointer>(editions, editionKeys.pointer(date));
      if (!wanted(previous)) return { kind: 'not-due', message: `${date} was published meanwhile; a correction waits for an editor.` };
      if (options.unlessWithdrawn && previous === undefined && isWithdrawn(await readJson<PublicationHistory>(editions, editionKeys.history(date)))) {
        return { kind: 'not-due', message: `${date} was withdrawn by an editor; only an editor publishes it again.` };
      }
      if (previous?.fingerprint === version.fingerprint) {
        await finishPublication(editions, date, previous, clearRejection);
        return { kind: 'already-published', fingerprint: version.fingerprint };
      }
      const publishedAt = now.toISOString();
      const changes = previous ? articleChanges(previous, version) : undefined;
      const changedArticles = changes ? changedArticlesOf(version, changes) : [];
      const pages = previous && changes ? pageChanges(previous, version, [...changes.corrected, ...changes.added]) : undefined;
      const record: PublicationRecord = {
        version: version.fingerprint,
        publishedAt,
        action,
        changedArticles,
        ...(changes ? { articleChanges: changes } : {}),
        ...(pages ? { pageChanges: pages } : {}),
        ...(previous ? { previous: previous.fingerprint } : {}),
      };
      // Written only while the date is not being taken away from under this publication. A render's
      // (`unlessWithdrawn`) whose line came after an editor's withdrawal hid the withdrawal from its
      // own next attempt, and published over it. An editor's (or the schedule's) over a pointer whose
      // withdrawal or `publish: auto` unpublish has its line written: that pointer is about to go
      // (the delete is not conditional), and the publication went with it while the editor was told
      // it stood. (A render's own unpublish cut short is no such thing: renders of a date run one at
      // a time, and new files in `publish: auto` publish over it.)
      const takingDown = (history: PublicationHistory | undefined) => {
        const last = takenDownBy(history);
        if (last === undefined) return false;
        if (options.unlessWithdrawn) return last.action === 'withdraw';
        return previous !== undefined && last.version === previous.fingerprint;
      };
      if (!(await appendHistory(editions, date, record, (history) => !takingDown(history)))) {
        if (options.unlessWithdrawn) return { kind: 'not-due', message: `${date} was withdrawn by an editor; only an editor publishes it again.` };
        return { kind: 'taking-down', message: `${date} is being taken away (${takenDownBy(await readJson<PublicationHistory>(editions, editionKeys.history(date)))?.action ?? 'withdraw'}) as you publish; try again in a minute, once it is gone.` };
      }
      const bare = withoutPublication(version);
      const corrections = previous && changes ? [...earlierCorrections(previous), { at: publishedAt, action, ...changes }].slice(-CORRECTIONS_KEPT) : undefined;
      const pointer: PublicationPointer = { ...bare, publishedAt, ...(changes ? { corrected: publishedAt, changedArticles, articleChanges: changes, corrections } : {}) };
      if (!(await editions.putIfUnchanged(editionKeys.pointer(date), JSON.stringify(pointer, null, 2), 'application/json', etag))) continue;
      await finishPublication(editions, date, pointer, clearRejection);
      // The desk names what changed by the headlines now printed: after a rollback, the restored
      // version's, not the withdrawn proof's it still shows (a browser review of the desk).
      const headlineOf = new Map([...(previous?.articles ?? []), ...version.articles].map((a) => [a.slug, a.headline]));
      const named = changes ? [...changes.corrected, ...changes.added, ...changes.removed] : [];
      return {
        kind: action === 'publish' ? 'published' : 'rolled-back',
        fingerprint: version.fingerprint,
        publishedAt,
        changedArticles,
        ...(changes ? { articleChanges: changes, headlines: Object.fromEntries(named.flatMap((slug) => (headlineOf.has(slug) ? [[slug, headlineOf.get(slug)!]] : []))) } : {}),
        ...(pages ? { pageChanges: pages } : {}),
        corrected: !!previous,
      };
    }
    throw new Error(`editions/${date}/manifest.json kept changing under ${INDEX_ATTEMPTS} attempts; publish again.`);
  });
}

/**
 * How a publication's stories differ from the publication it replaced: a correction is a story
 * printed in both whose source file's bytes differ; a story can also be new or no longer printed.
 * Subscribers are told which is which (the reader's notice): a story added late is not a
 * correction, and one dropped would otherwise vanish without a word. A dropped story is named by
 * its slug only: it may have been pulled for a reason (a legal hold, an embargo missed) that its
 * headline must not be shown again for, and the reader only counts it.
 */
export interface ArticleChanges {
  /** Printed in both, from different source bytes: slugs in print order. */
  readonly corrected: readonly string[];
  /** Printed now, not before: slugs in print order. */
  readonly added: readonly string[];
  /** Printed before, not now: slugs in the replaced publication's print order. */
  readonly removed: readonly string[];
}

/**
 * The stories of `next` that are new or whose source file's bytes differ from `previous`, or whose
 * printed photo, or a photo of whose text, was replaced or taken away (a photo replaced under its
 * name is the classic correction), and those
 * `previous` printed that `next` no longer does. Without recorded source hashes (versions made
 * before them), a changed headline or source file name is the evidence; without recorded photos,
 * the article file alone.
 */
export function articleChanges(previous: PublishedManifest, next: PublishedManifest): ArticleChanges {
  const before = new Map(previous.articles.map((a) => [a.slug, a]));
  const corrected: string[] = [];
  const added: string[] = [];
  /** A printed photo as its name and bytes ('' for none). */
  const photoOf = (a: ManifestArticle, sources: Readonly<Record<string, string>>) => (a.photo ? `${a.photo}\0${sources[a.photo] ?? ''}` : '');
  for (const article of next.articles) {
    const old = before.get(article.slug);
    if (!old) added.push(article.slug);
    else if (previous.sources && next.sources) {
      const textChanged = previous.sources[old.source] !== next.sources[article.source];
      // The photo it printed replaced or taken away, where both versions recorded their photos
      // (null: none printed). A photo that arrives after its story (uploaded later) is no
      // correction: the story printed without one before.
      const photoChanged = !!old.photo && article.photo !== undefined && photoOf(old, previous.sources) !== photoOf(article, next.sources);
      // So with the photos of its text: one it printed replaced or taken away (not one that arrived).
      const figures = new Set(article.figures ?? []);
      const figureChanged = (old.figures ?? []).some((ref) => !figures.has(ref) || previous.sources![ref] !== next.sources![ref]);
      if (textChanged || photoChanged || figureChanged) corrected.push(article.slug);
    } else if (old.headline !== article.headline || old.source !== article.source) corrected.push(article.slug);
  }
  const kept = new Set(next.articles.map((a) => a.slug));
  const removed = previous.articles.filter((a) => !kept.has(a.slug)).map((a) => a.slug);
  return { corrected, added, removed };
}

/**
 * The corrections the replaced pointer carried. A pointer written before the list was kept names
 * only its own correction, if any (its changes, or its changed slugs as corrections).
 */
function earlierCorrections(previous: PublicationRecordOfPointer): readonly CorrectionEntry[] {
  if (previous.corrections) return previous.corrections;
  if (!previous.corrected) return [];
  const changes = previous.articleChanges ?? { corrected: previous.changedArticles ?? [], added: [], removed: [] };
  return [{ at: previous.corrected, action: 'publish', ...changes }];
}

/**
 * When a story was corrected, oldest first: the publications of its date that printed it changed
 * (the pointer's `corrections`, or an older pointer's own correction); with `action` 'rollback',
 * when an editor's rollback brought back an earlier text of it (a correction undone is not another
 * correction). A story only added or taken out was not corrected. The reader shows these times on the story itself, where a reader who
 * arrives from a search or a shared link would otherwise never learn it changed.
 */
export function correctionTimesOf(pointer: PublicationRecordOfPointer, slug: string, action: CorrectionEntry['action'] = 'publish'): string[] {
  return earlierCorrections(pointer).filter((entry) => entry.action === action && entry.corrected.includes(slug)).map((entry) => entry.at);
}

/** `changedArticles`: the corrected and added stories in print order, then the removed ones. */
function changedArticlesOf(next: PublishedManifest, changes: ArticleChanges): string[] {
  const differ = new Set([...changes.corrected, ...changes.added]);
  return [...next.articles.filter((a) => differ.has(a.slug)).map((a) => a.slug), ...changes.removed];
}

/**
 * Appends a line to the date's history (a conditional write, retried). `allowed` is asked of the
 * history as it stands at each attempt: false, and nothing is written (false comes back). The
 * history is where the date's writers meet, one line after another, so a check here cannot be
 * overtaken by the line it looks for.
 */
async function appendHistory(editions: ObjectStore, date: string, record: PublicationRecord, allowed: (history: PublicationHistory | undefined) => boolean = () => true): Promise<boolean> {
  for (let attempt = 0; attempt < INDEX_ATTEMPTS; attempt++) {
    const { value, etag } = await readJsonVersion<PublicationHistory>(editions, editionKeys.history(date));
    if (!allowed(value)) return false;
    const next: PublicationHistory = { date, publications: [...(value?.publications ?? []), record] };
    if (await editions.putIfUnchanged(editionKeys.history(date), JSON.stringify(next, null, 2), 'application/json', etag)) return true;
  }
  throw new Error(`editions/${date}/history.json kept changing under ${INDEX_ATTEMPTS} attempts; publish again.`);
}

/**
 * A version's manifest without the publication fields a pointer adds (a version read back from a
 * pointer carries them): a publication or a proof writes its own.
 */
function withoutPublication(manifest: PublishedManifest): PublishedManifest {
  const { publishedAt: _p, corrected: _c, changedArticles: _a, articleChanges: _d, corrections: _e, ...bare } = manifest as PublicationPointer;
  return bare;
}

/** Writes the date's proof, its marker first (a proof is never where the desk's listing does not find it), then drops the markers of proofs it replaced. */
async function writeProof(editions: ObjectStore, date: string, manifest: PublishedManifest, now: Date, publishAt: string | undefined): Promise<void> {
  const proof: ProofPointer = { ...withoutPublication(manifest), proofedAt: now.toISOString(), ...(publishAt ? { publishAt } : {}) };
  await editions.put(editionKeys.proofMarker(date, manifest.fingerprint), '', 'text/plain');
  await editions.put(editionKeys.proof(date), JSON.stringify(proof, null, 2), 'application/json');
  await deleteProofMarkers(editions, date, manifest.fingerprint);
}

/** What asks for markProofsMadeBeforeMarkers outside a render: a direct invocation of the render function (docs/DEPLOY.md). */
export const MARK_PROOFS_INPUT = { epaper: 'mark-proofs' } as const;

/**
 * Writes the marker of every proof made before proofs had markers (1ad958d): the desk finds the
 * proofs awaiting an editor by their markers, and such a proof was listed only while its date was
 * within a week of today, or once a render of its date wrote the proof again. One listing of
 * editions/, then one read and one empty write per date with a proof and no marker at all: a date
 * with a marker has the one of its proof (writeProof writes it before the proof), so a second run
 * reads and writes nothing. Idempotent; the render function's (it may write the markers, the API
 * may not), run by `epaper dev` on start and, once after a deploy, by ops (MARK_PROOFS_INPUT).
 * A render of a date that replaces its proof meanwhile may leave the old proof's marker too: the
 * desk then reads that date's proof, finds it published or gone, and the next proof drops it.
 */
export async function markProofsMadeBeforeMarkers(editions: ObjectStore): Promise<string[]> {
  const keys = (await editions.list('editions/')).map((o) => o.key);
  const markedDates = new Set(keys.filter((key) => key.startsWith(editionKeys.proofMarkers)).map((key) => key.slice(editionKeys.proofMarkers.length, editionKeys.proofMarkers.length + 10)));
  const marked: string[] = [];
  for (const key of keys) {
    const date = /^editions\/(\d{4}-\d{2}-\d{2})\/proof\.json$/.exec(key)?.[1];
    if (!date || markedDates.has(date)) continue;
    const proof = await readJson<ProofPointer>(editions, editionKeys.proof(date));
    if (typeof proof?.fingerprint !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(proof.fingerprint)) continue;
    await editions.put(editionKeys.proofMarker(date, proof.fingerprint), '', 'text/plain');
    marked.push(date);
  }
  return marked;
}

/** Deletes the date's proof, then its markers (a marker left by a crash between them lists nothing: the proof is read). */
async function deleteProof(editions: ObjectStore, date: string): Promise<void> {
  await editions.delete(editionKeys.proof(date));
  await deleteProofMarkers(editions, date);
}

/** Deletes the date's proof markers, but the one of the proof `kept`. */
async function deleteProofMarkers(editions: ObjectStore, date: string, kept?: string): Promise<void> {
  const prefix = editionKeys.proofMarkersOf(date);
  for (const { key } of await editions.list(prefix)) if (key.slice(prefix.length) !== kept) await editions.delete(key);
}

async function sourceHashes(snapshot: Snapshot): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const entry of await snapshot.source.list()) {
    if (entry.kind !== 'file') continue;
    try {
      hashes[entry.name] = sha256(await snapshot.source.read(entry.name));
    } catch {
      // Listed but never fetched (too large, not an input, a photo no story names): its ETag stands for its bytes.
      hashes[entry.name] = `etag:${entry.etag ?? ''}`;
    }
  }
  return hashes;
}

/** What the uploads of a date with no edition printed: nothing, and no verdict on any. */
const NOTHING_PRINTED = { rejected: [], warnings: [], articles: [] } as const;

/**
 * Makes `reports/<date>/` say what the edition that stands (built now, or the proof, pointer or
 * rejection found equal to the inputs) made of each upload of the snapshot: a report whose bytes
 * differ is written, one with no upload behind it deleted. Reports were only written after a build
 * or reuse, for the files of the snapshot, and drifted for good: a file deleted while the render
 * built got its report back ("accepted, pages [2]") after ingest had deleted it; a story deleted and
 * restored before the next render kept ingest's `pages: []`, as the inputs were unchanged and the
 * render returned before writing any. `reportedAt` is the time of the edition that stands (the
 * proof's), so reports already right are byte for byte what would be written: one listing (its
 * MD5 ETags) finds what differs, and a render that changes nothing writes nothing.
 */
async function reconcileReports(
  content: ObjectStore,
  date: string,
  snapshot: Snapshot,
  manifest: Pick<Manifest, 'rejected' | 'warnings' | 'articles' | 'held'>,
  reportedAt: Date,
): Promise<void> {
  const inputs = `articles/${date}/`;
  // A name that climbs out of its date (`..` or `.` segments, NUL) gets no report, as ingest
  // writes none: reports/<date>/../evil.md.json was written here, a key that `aws s3 sync` of
  // reports/ makes a file outside the folder. One written so before is an orphan, deleted below.
  const files = (await snapshot.source.list())
    .filter((entry) => !isSystemFile(entry.name) && isSafeUploadPath(entry.name))
    .map((entry) => ({ name: entry.name, etag: snapshot.etags.get(`${inputs}${entry.name}`) }));
  // A name too long for a key of its own (limits.ts, MAX_INPUT_NAME_BYTES) gets no report: S3
  // would refuse the write, and with it the whole render. The proof's manifest says why it was refused.
  const wanted = new Map(
    uploadReports(files, manifest, reportedAt)
      .map((report) => [reportKey(date, report.file), JSON.stringify(report, null, 2)] as const)
      .filter(([key]) => keyFits(key)),
  );
  // Only keys under the date's reports: whatever else a listing answered is never deleted here.
  const listed = (await content.list(`reports/${date}/`)).filter((o) => o.key.startsWith(`reports/${date}/`));
  const stored = new Map(listed.map((o) => [o.key, normalizeEtag(o.etag).toLowerCase()]));
  const writes = [...wanted].filter(([key, text]) => stored.get(key) !== md5(new TextEncoder().encode(text)));
  const orphans = listed.filter((o) => !wanted.has(o.key)).map((o) => o.key);
  await mapLimited([...writes.map(([key, text]) => () => content.put(key, text, 'application/json')), ...orphans.map((key) => () => content.delete(key))], WRITE_CONCURRENCY, (write) => write());
}

/** A time a stored record gives, or `fallback` when it gives none that reads. */
function timeOr(value: unknown, fallback: Date): Date {
  return typeof value === 'string' && Number.isFinite(Date.parse(value)) ? new Date(value) : fallback;
}

/**
 * True when a date's inputs differ from what is published (or was last rejected) for it, or the
 * published version does not verify: what `epaper dev` asks of every date on start, so that uploads
 * received before a kill are rendered after the restart. A date with no article left but still
 * published needs a render too, until one has told the desk (emptied.json): the render keeps it
 * published for an editor to withdraw, and unpublishes it only with `publish: auto`.
 */
export async function dateNeedsRender(content: ObjectStore, editions: ObjectStore, date: string, now: Date): Promise<boolean> {
  const inputPrefix = `articles/${date}/`;
  const snapshot = await snapshotPrefix(content, inputPrefix);
  const pointer = await readJson<PublishedManifest>(editions, editionKeys.pointer(date));
  if (![...snapshot.etags.keys()].some((key) => isArticleCandidate(key.slice(inputPrefix.length)))) {
    // The render tells the desk (emptied.json) or, with `publish: auto`, unpublishes; once told, nothing is left to do.
    const published = pointer !== undefined && (await editions.head(editionKeys.emptied(date))) === undefined;
    return published || (await editions.head(editionKeys.proof(date))) !== undefined;
  }
  const proof = await readJson<ProofPointer>(editions, editionKeys.proof(date));
  // The publication time the last render judged embargoes at: a proof's coming publishAt, else now.
  const fingerprint = await fingerprintInputs(snapshot.source, date, publicationTime(false, proof?.publishAt, now));
  if (pointer?.fingerprint === fingerprint) return (await versionDamage(editions, date, pointer, 'pdf')) !== undefined;
  if (proof?.fingerprint === fingerprint) return (await versionDamage(editions, date, proof, 'pdf')) !== undefined;
  const lastRejection = await readJson<RejectionRecord>(editions, editionKeys.rejections(date));
  return lastRejection?.fingerprint !== fingerprint;
}

/**
 * What follows a pointer swap, idempotent so that the next render finishes it after a crash: the
 * convenience copy of the PDF (never served), the stale rejection record, the index line. An
 * editor's publish or rollback leaves the rejection record alone: it is about newer inputs than the
 * proof, and the API may write only what a publication changes (lib/storage-keys.ts, PUBLICATION_KEYS).
 */
async function finishPublication(editions: ObjectStore, date: string, manifest: PublishedManifest, clearRejection = true): Promise<void> {
  const pdfKey = servedPdfKey(date, manifest);
  const expected = manifest.files?.[manifest.pdf];
  let copied = false;
  if (pdfKey && expected) {
    const copy = await editions.head(editionKeys.currentPdf(date));
    if (!copy || copy.size !== expected.bytes || normalizeEtag(copy.etag) !== normalizeEtag(expected.md5 ?? '')) {
      const pdf = await editions.get(pdfKey);
      if (pdf) {
        await editions.put(editionKeys.currentPdf(date), pdf.body, 'application/pdf');
        copied = true;
      }
    }
  }
  if (clearRejection) await deleteDeskRecord(editions, 'refused', date);
  await updateIndex(editions, date, indexEntry(manifest));
  // A take-down that came in since this publication read its pointer (an editor's withdrawal as a
  // render finished) deleted the copy before this wrote it back: present, never served, and left
  // for good. The history decides, as for the index line (updateIndex): a take-down writes its line
  // before it deletes the copy, so either this read sees the line, or the take-down's deletion
  // comes after this copy.
  if (copied && takenDownBy(await readJson<PublicationHistory>(editions, editionKeys.history(date))) !== undefined) await editions.delete(editionKeys.currentPdf(date));
}

/**
 * Why the version a manifest describes cannot be served as it is, or undefined when it can: every
 * object it lists must exist with the recorded size, and (for `pdf`, the PDF only; for `all`, every
 * object) the recorded checksum. One listing answers for every object: an object whose listed ETag
 * is a plain MD5 (S3's ETag of a single-part PUT without KMS, and of every `put` here) is judged by
 * it against the recorded MD5, without downloading it when they match; any other (a multipart or
 * KMS ETag, an ETag that differs, a manifest from before MD5s were recorded) is downloaded and its
 * SHA-256 compared. A manifest from
 * before checksums were recorded is never trusted.
 */
export async function versionDamage(
  editions: ObjectStore,
  date: string,
  manifest: PublishedManifest,
  hash: 'pdf' | 'all',
): Promise<string | undefined> {
  const pdfKey = servedPdfKey(date, manifest);
  if (!pdfKey) return 'the manifest names no version folder';
  if (!manifest.files || !manifest.files[manifest.pdf]) return 'the manifest records no checksums';
  const prefix = `editions/${date}/${manifest.version}`;
  const listed = new Map((await editions.list(prefix)).map((o) => [o.key.slice(prefix.length), o]));
  for (const [path, file] of Object.entries(manifest.files)) {
    const size = listed.get(path)?.size;
    if (size !== file.bytes) return `${path}: ${size !== undefined ? `${size} bytes, not ${file.bytes}` : 'missing'}`;
  }
  const toCheck = hash === 'all' ? Object.keys(manifest.files) : [manifest.pdf];
  const toDownload: string[] = [];
  for (const path of toCheck) {
    const etag = normalizeEtag(listed.get(path)?.etag).toLowerCase();
    const recorded = manifest.files[path].md5;
    // Only a matching MD5 spares the download: an ETag that differs may be damage, or a bucket
    // whose ETags are not MD5s although they look like one (SSE-KMS); the SHA-256 decides.
    if (recorded === undefined || !PLAIN_MD5.test(etag) || etag !== recorded) toDownload.push(path);
  }
  const mismatched: string[] = [];
  await mapLimited(toDownload, VERIFY_CONCURRENCY, async (path) => {
    const object = await editions.get(`${prefix}${path}`);
    if (!object || sha256(object.body) !== manifest.files![path].sha256) mismatched.push(path);
  });
  return mismatched.length > 0 ? `${mismatched.sort()[0]}: checksum mismatch` : undefined;
}

/**
 * Reads a file of an earlier version, checked against the SHA-256 the version recorded for it (a
 * torn or replaced object is never reused), or undefined for a manifest that names no version.
 */
function versionFiles(editions: ObjectStore, date: string, version: PublishedManifest | undefined) {
  const folder = version && versionFolder(version);
  if (!version?.files || folder === undefined) return undefined;
  const { files } = version;
  return {
    version,
    /** A path relative to the version's folder, if the version recorded a checksum for it. */
    has: (path: string | undefined): path is string => path !== undefined && files[path] !== undefined,
    /** A key relative to `editions/<date>/` (as pages name their images), as a path in the version. */
    inVersion: (key: string | undefined): string | undefined => (key?.startsWith(folder) && files[key.slice(folder.length)] ? key.slice(folder.length) : undefined),
    load: async (path: string): Promise<Uint8Array> => {
      const key = `editions/${date}/${folder}${path}`;
      const object = await editions.get(key);
      if (!object) throw new Error(`${key} is missing`);
      if (sha256(object.body) !== files[path].sha256) throw new Error(`${key} does not match its checksum`);
      return object.body;
    },
  };
}

/**
 * The reader images of earlier versions' pages by their key (ManifestPage.imageKey), as loaders
 * that read a page's files, each checked against its version's checksum. Only pages that have
 * every file a build makes are offered: the PNG thumbnail too when thumbnails are made.
 */
export function earlierPageImages(
  editions: ObjectStore,
  date: string,
  versions: readonly (PublishedManifest | undefined)[],
  withThumbnails: boolean,
): Map<string, () => Promise<EncodedPageImages>> {
  const loaders = new Map<string, () => Promise<EncodedPageImages>>();
  for (const earlier of versions) {
    const files = versionFiles(editions, date, earlier);
    if (!files) continue;
    for (const page of files.version.pages ?? []) {
      const [image, imageSmall, thumbnail] = [files.inVersion(page.image), files.inVersion(page.imageSmall), files.inVersion(page.thumbnail)];
      if (!page.imageKey || !image || !imageSmall || (withThumbnails && !thumbnail) || loaders.has(page.imageKey)) continue;
      loaders.set(page.imageKey, async () => {
        const [reading, small, thumbnailPng] = await Promise.all([
          files.load(image),
          files.load(imageSmall),
          thumbnail && withThumbnails ? files.load(thumbnail) : Promise.resolve(new Uint8Array(0)),
        ]);
        return { reading, small, thumbnailPng };
      });
    }
  }
  return loaders;
}

/** The fitted photos of earlier versions by their fit key (Manifest.fittedPhotos), as checked loaders. */
export function earlierFittedPhotos(editions: ObjectStore, date: string, versions: readonly (PublishedManifest | undefined)[]): Map<string, () => Promise<Uint8Array>> {
  const loaders = new Map<string, () => Promise<Uint8Array>>();
  for (const earlier of versions) {
    const files = versionFiles(editions, date, earlier);
    if (!files) continue;
    for (const [path, fitKey] of Object.entries(files.version.fittedPhotos ?? {})) {
      if (typeof fitKey !== 'string' || !files.has(path) || loaders.has(fitKey)) continue;
      loaders.set(fitKey, () => files.load(path));
    }
  }
  return loaders;
}

/** An ETag that is the MD5 of the object's bytes (32 hex digits; multipart ETags end in `-<parts>`). */
const PLAIN_MD5 = /^[0-9a-f]{32}$/;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** True for files the builder may turn into an article, or reject with a reason (not photos, not the edition settings, not what the operating system writes). */
function isArticleCandidate(file: string): boolean {
  return !isPhotoFile(file) && !isSystemFile(file) && !isEditionConfigName(file);
}

interface Snapshot {
  /** The inputs as they were listed; only entries the build may read were fetched. */
  readonly source: InputSource;
  /** ETag of each listed key, bare, as listed (or as read, for the fetched ones). */
  readonly etags: Map<string, string>;
  /** The fetched files by name, and their ETags as read. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly fileEtags: ReadonlyMap<string, string>;
  /** Listed, not fetched (each with its ETag; `problem` when the input budget refused it). */
  readonly unread: readonly InputEntry[];
  /** Bytes the fetched files were listed at, against the input budget (PublishPorts.inputBudgetBytes). */
  readonly heldBytes: number;
}

/**
 * Lists the prefix and fetches the articles and edition.yaml, judged on their listing line
 * (input-policy.ts) and in name order within the input budget (MAX_RENDER_INPUT_BYTES): an oversized or foreign upload
 * is never downloaded, only listed. No photo is fetched here (the fingerprint counts a photo by its
 * listing line); withNamedPhotos fetches those a build reads.
 */
async function snapshotPrefix(store: ObjectStore, prefix: string, budgetBytes = MAX_RENDER_INPUT_BYTES, maxArticles = MAX_EDITION_ARTICLES): Promise<Snapshot> {
  const listing = (await store.list(prefix)).filter((o) => !o.key.endsWith('/'));
  const files = new Map<string, Uint8Array>();
  const fileEtags = new Map<string, string>();
  const unread: InputEntry[] = [];
  const etags = new Map<string, string>();
  const wanted: InputEntry[] = [];
  let heldBytes = 0;
  const listed = listing.map((object): InputEntry => ({ name: object.key.slice(prefix.length), size: object.size, kind: 'file', etag: normalizeEtag(object.etag) }));
  // No more articles than one edition reads, the first by name: the edition builder's own rule.
  for (const entry of withinArticleCap(listed, maxArticles)) {
    etags.set(`${prefix}${entry.name}`, entry.etag!);
    if (!mayBeRead(entry) || isPhotoFile(entry.name) || entry.problem !== undefined) unread.push(entry);
    else if (heldBytes + entry.size > budgetBytes) unread.push({ ...entry, problem: renderBudgetReason('article', entry.size, budgetBytes) });
    else {
      heldBytes += entry.size;
      wanted.push(entry);
    }
  }
  await mapLimited(wanted, SNAPSHOT_CONCURRENCY, async (listed) => {
    const { name } = listed;
    const key = `${prefix}${name}`;
    const read = await readAsJudged(store, key, name, { etag: listed.etag!, size: listed.size });
    if ('object' in read) {
      files.set(name, read.object.body);
      fileEtags.set(name, normalizeEtag(read.object.etag));
      etags.set(key, normalizeEtag(read.object.etag));
    } else if ('tooLarge' in read) {
      unread.push({ name, size: read.tooLarge.size, kind: 'file', etag: normalizeEtag(read.tooLarge.etag) });
      etags.set(key, normalizeEtag(read.tooLarge.etag));
    }
    // Deleted between list and get: it is simply not an input; the re-list agrees.
    else etags.delete(key);
  });
  return { source: new MemoryInputSource(files, unread, fileEtags), etags, files, fileEtags, unread, heldBytes };
}

/**
 * An input read as it was judged: the version listed, no more bytes than listed (a plain GET
 * downloaded whatever had replaced it since: a 300 MiB "article" held past the 1 MiB limit).
 * Replaced since, it is judged again on what stands now, and read as that; too large now, it is
 * not read (`tooLarge`, its HeadObject); deleted, it is `gone`. An input that keeps changing
 * fails the render, which is retried.
 */
async function readAsJudged(store: ObjectStore, key: string, name: string, judged: JudgedVersion): Promise<{ object: StoredObject } | { tooLarge: ListedObject } | { gone: true }> {
  let line: JudgedVersion | undefined = judged;
  for (let attempt = 0; line && attempt < SNAPSHOT_READ_ATTEMPTS; attempt++) {
    const object = await store.get(key, line);
    if (object) return { object };
    const now = await store.head(key);
    if (now && !mayBeRead({ name, size: now.size, kind: 'file' })) return { tooLarge: now };
    line = now;
  }
  if (line) throw new Error(`${key} kept changing while the render read it; the render is retried`);
  return { gone: true };
}

/**
 * The snapshot with the photos its stories name (inputs.ts photosNamed) fetched, most important
 * story's first, as long as what the render holds stays within the input budget; past it a
 * photo is listed with the reason (`problem`), which the build reports on the photo and its story.
 * A photo no story names is never fetched. `replaced`: photos whose bytes, as read, are not the
 * ones listed (uploaded again in between), whose ETag the snapshot now records as read.
 */
async function withNamedPhotos(store: ObjectStore, prefix: string, snapshot: Snapshot, budgetBytes: number): Promise<{ snapshot: Snapshot; refused: string[]; replaced: string[] }> {
  const listed = new Map(snapshot.unread.map((entry) => [entry.name, entry]));
  const files = new Map(snapshot.files);
  const fileEtags = new Map(snapshot.fileEtags);
  const refusals = new Map<string, InputEntry>();
  const wanted: InputEntry[] = [];
  let heldBytes = snapshot.heldBytes;
  for (const name of await photosNamed(snapshot.source)) {
    const entry = listed.get(name);
    if (!entry || entry.problem !== undefined || !isPhotoFile(name) || !mayBeRead(entry)) continue;
    if (heldBytes + entry.size > budgetBytes) refusals.set(name, { ...entry, problem: renderBudgetReason('photo', entry.size, budgetBytes) });
    else {
      heldBytes += entry.size;
      wanted.push(entry);
    }
  }
  const gone = new Set<string>();
  const replaced: string[] = [];
  await mapLimited(wanted, SNAPSHOT_CONCURRENCY, async ({ name, etag, size }) => {
    const key = `${prefix}${name}`;
    const judged = await readAsJudged(store, key, name, { etag: etag!, size });
    if ('tooLarge' in judged) {
      const now = judged.tooLarge;
      refusals.set(name, { name, size: now.size, kind: 'file', etag: normalizeEtag(now.etag), problem: `the photo is now ${now.size} bytes, over the limit for a photo` });
      snapshot.etags.set(key, normalizeEtag(now.etag));
      replaced.push(name);
      return;
    }
    if (!('object' in judged)) {
      gone.add(name);
      snapshot.etags.delete(key);
      return;
    }
    const { object } = judged;
    const read = normalizeEtag(object.etag);
    if (read !== etag) replaced.push(name);
    files.set(name, object.body);
    fileEtags.set(name, read);
    snapshot.etags.set(`${prefix}${name}`, read);
  });
  // Deleted in between: no input any more (the fingerprint is taken again, as for a replaced one).
  replaced.push(...gone);
  const unread = snapshot.unread.filter((entry) => !gone.has(entry.name)).map((entry) => refusals.get(entry.name) ?? entry);
  return {
    snapshot: { source: new MemoryInputSource(files, unread, fileEtags), etags: snapshot.etags, files, fileEtags, unread, heldBytes },
    refused: [...refusals.keys()],
    replaced: replaced.sort(),
  };
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
 * The version's files as the build makes them (EditionRequest.onFilesReady): those that do not
 * depend on the print, stored while Chromium prints, then each page's images, stored while the
 * next page is screenshot (a cold render spent 0.6 s writing the whole version after the print).
 * A write that fails here is only left to writeVersion, which stores whatever these did not.
 */
class EarlyVersionWrites {
  private readonly written = new Map<string, Uint8Array>();
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly editions: ObjectStore,
    private readonly prefix: string,
  ) {}

  /** Stores `files`, beside any earlier call's still under way (the build calls again with each page's images). */
  readonly start = (files: ReadonlyMap<string, Asset>): void => {
    const writing = mapLimited([...files], WRITE_CONCURRENCY, async ([path, file]) => {
      try {
        await this.editions.put(`${this.prefix}${path}`, file.body, file.contentType);
        this.written.set(path, file.body);
      } catch {
        // Written again with the rest of the version.
      }
    });
    this.pending = Promise.all([this.pending, writing]).then(() => undefined);
  };

  /** The files stored, by path with the bytes stored, once every early write has ended. */
  async stored(): Promise<ReadonlyMap<string, Uint8Array>> {
    await this.pending;
    return this.written;
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a === b) return true;
  if (!a || a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
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
  sources: Record<string, string>,
  alreadyStored: ReadonlyMap<string, Uint8Array> = new Map(),
): Promise<PublishedManifest> {
  const prefix = editionKeys.version(date, fingerprint);
  const relative = editionKeys.versionDir(fingerprint);
  const objects: { path: string; body: Uint8Array; contentType: string }[] = [];
  for (const [path, asset] of edition.assets) objects.push({ path, body: asset.body, contentType: asset.contentType });
  const thumbnailKeys = edition.thumbnails.map((png, i) => {
    const name = thumbnailPath(i + 1);
    objects.push({ path: name, body: png, contentType: 'image/png' });
    return `${relative}${name}`;
  });
  // The reader's page images, articles and search index live in the version like everything else.
  for (const [path, file] of edition.readerFiles ?? []) objects.push({ path, body: file.body, contentType: file.contentType });
  objects.push({ path: 'edition.html', body: new TextEncoder().encode(edition.html), contentType: EDITION_HTML_TYPE });
  objects.push({ path: 'edition.pdf', body: edition.pdf, contentType: 'application/pdf' });
  const files: Record<string, VersionFile> = {};
  for (const { path, body } of objects) files[path] = { bytes: body.byteLength, sha256: sha256(body), md5: md5(body) };
  // Every object is checked after writing (versionDamage below), those stored early included.
  const left = objects.filter(({ path, body }) => !sameBytes(alreadyStored.get(path), body));
  await mapLimited(left, WRITE_CONCURRENCY, ({ path, body, contentType }) => editions.put(`${prefix}${path}`, body, contentType));

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
    sources,
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
    ...(typeof lead?.language === 'string' ? { headlineLanguage: lead.language, ...(lead.direction === 'rtl' ? { headlineDirection: 'rtl' as const } : {}) } : {}),
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
    // A date being taken away is never listed again: its line is written before its index line
    // goes (takeDown), and the history is read after the index, so a publication finished late (a
    // render's unchanged one, the schedule's) either sees the line or has its write refused by the
    // removal. Before, it listed the date again just before the pointer went: listed, 404.
    if (entry && takenDownBy(await readJson<PublicationHistory>(editions, editionKeys.history(date))) !== undefined) return;
    const others = (index?.editions ?? []).filter((e) => e.date !== date);
    const next: EditionIndex = {
      editions: (entry ? [...others, entry] : others).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)),
    };
    if (await editions.putIfUnchanged(editionKeys.index, JSON.stringify(next, null, 2), 'application/json', etag)) return;
    await new Promise((done) => setTimeout(done, 20 + Math.random() * 80 * (attempt + 1)));
  }
  throw new Error(`editions/index.json kept changing under ${INDEX_ATTEMPTS} attempts to record ${date}; the render is retried.`);
}

/**
 * All inputs of a date are gone and it publishes without an editor (`publish: auto`), or it is not
 * published: readers stop seeing it; its versions stay for the record. `seen`: the history as the
 * render read it. Answers `kept` when an editor's publication (a rollback, most likely) came in
 * since: the editor's act stands, and the render is asked for again (renderDate keeps a date an
 * editor rolled back, emptied, for the desk).
 */
async function unpublish(editions: ObjectStore, date: string, logger: Logger, seen: PublicationHistory | undefined, now: Date): Promise<'unpublished' | 'nothing-to-publish' | 'kept'> {
  const pointer = await readJson<PublicationPointer>(editions, editionKeys.pointer(date));
  // Under the date's pending-repair marker, as a withdrawal: one cut short after its index line left the date served.
  return whilePending(editions, date, { act: 'unpublish', version: pointer?.fingerprint ?? '' }, now, async () => {
    if (pointer) {
      // A line first, as a withdrawal writes one, and only over the history this render decided
      // from: the pointer deletion is not conditional, and an editor's rollback that landed between
      // the render's read and its deletion was deleted with it (the editor told `rolled-back`, the
      // date unpublished, or listed with no pointer). An editor's publication that reads the pointer
      // after this line is refused (`taking-down`); one that wrote its line first stands.
      const cutShort = takenDownBy(seen);
      if (!(cutShort?.action === 'unpublish' && cutShort.version === pointer.fingerprint)) {
        const seenLast = JSON.stringify(lastPublication(seen) ?? null);
        const record: PublicationRecord = { version: pointer.fingerprint, publishedAt: now.toISOString(), action: 'unpublish', changedArticles: [] };
        if (!(await appendHistory(editions, date, record, (history) => JSON.stringify(lastPublication(history) ?? null) === seenLast))) {
          logger.info('an editor published the date as its files were found deleted; it stays published', { date });
          return 'kept';
        }
      }
    }
    // The index line first, then the pointer (takeDown): the pointer went first until this round,
    // and a render killed or failing before the index line (six steps later, then two) left
    // subscribers a listed date that answered 404 until the queue's retry, half an hour on. Then the
    // proof (left, the schedule would publish it again at a publishAt already past).
    await takeDown(editions, date);
    await editions.delete(editionKeys.proof(date));
    await deleteProofMarkers(editions, date);
    await deleteDeskRecord(editions, 'refused', date);
    await deleteDeskRecord(editions, 'emptied', date);
    // An editor's publication that read the pointer gone and landed meanwhile stands: its index
    // line and copy, which the steps above may have taken after it wrote them, are put back.
    const published = await readJson<PublicationPointer>(editions, editionKeys.pointer(date));
    if (published) {
      await finishPublication(editions, date, published, false);
      logger.info('an editor published the date as it was unpublished; it stays published', { date, fingerprint: published.fingerprint });
    }
    if (pointer) logger.info('edition unpublished: no article left (publish: auto)', { date });
    return pointer ? 'unpublished' : 'nothing-to-publish';
  });
}

/** The date's last history line, whatever its act. */
function lastPublication(history: PublicationHistory | undefined): PublicationRecord | undefined {
  return Array.isArray(history?.publications) ? history.publications.at(-1) : undefined;
}

/** What the API lets editors do, over the editions bucket and a clock. */
export interface DeskActions {
  /** `version`: the proof the editor looked at; without it, the newest proof (the old form, `epaper publish <date>`). */
  publish(date: string, version?: string): Promise<PublicationOutcome>;
  rollback(date: string, version: string): Promise<PublicationOutcome>;
  /** Takes the published edition away from subscribers (withdrawEdition). */
  withdraw(date: string): Promise<WithdrawalOutcome>;
  versions(date: string): Promise<{ versions: VersionSummary[]; history: readonly PublicationRecord[] }>;
  /** Proofs awaiting an editor (awaitingProofs); `known`: editions/index.json as the caller read it, read here if not given. */
  awaiting(known?: ReadIndex): Promise<AwaitingProof[]>;
  /** Dates whose newest inputs printed nothing (refusedDates). */
  refused?(): Promise<RefusedDate[]>;
  /** Published dates whose files were all deleted, awaiting an editor's withdrawal (emptiedDates); `known` as for `awaiting`. */
  emptied?(known?: ReadIndex): Promise<EmptiedDate[]>;
}

/**
 * After an editor's withdrawal or rollback, asks for a render of an emptied date (emptiedDates)
 * whose desk marker is no longer right, for the render function may write markers and the API may
 * not: withdrawn, the date's marker stayed in editions/desk/emptied/ for good (passed over unread,
 * 817f043); put back by a rollback, it needs one again. That render (no article, proof mode) drops
 * or writes the marker and keeps the record. Nothing is asked for a date that was not emptied: a
 * render of a rolled-back date with files would publish them over the rollback with `publish: auto`.
 */
async function tidyEmptiedMarker(editions: ObjectStore, date: string, published: boolean, renderSignal: RenderSignal, cause: string): Promise<void> {
  const [record, marker] = await Promise.all([editions.head(editionKeys.emptied(date)), editions.head(editionKeys.deskMarker('emptied', date))]);
  if (record !== undefined && (marker !== undefined) !== published) await renderSignal.send(date, cause);
}

/**
 * Binds the editors' actions to a store and a clock (`() => new Date()` in the adapters), and the
 * render queue where there is one: an emptied date's desk marker is the render's to drop or write
 * again after a withdrawal or a rollback (tidyEmptiedMarker).
 */
export function createDeskActions(editions: ObjectStore, now: () => Date, renderSignal?: RenderSignal): Required<DeskActions> {
  return {
    publish: (date, version) => publishProof(editions, date, now(), { version }),
    rollback: async (date, version) => {
      const outcome = await rollbackEdition(editions, date, version, now());
      // A repeat (already-published) tidies what a failed signal left.
      if (renderSignal && (outcome.kind === 'rolled-back' || outcome.kind === 'already-published')) await tidyEmptiedMarker(editions, date, true, renderSignal, `rollback-${now().toISOString()}`);
      return outcome;
    },
    withdraw: async (date) => {
      const outcome = await withdrawEdition(editions, date, now());
      if (renderSignal && outcome.kind !== 'not-published') await tidyEmptiedMarker(editions, date, false, renderSignal, `withdraw-${now().toISOString()}`);
      return outcome;
    },
    versions: (date) => listVersions(editions, date),
    awaiting: (known) => awaitingProofs(editions, now(), known),
    refused: () => refusedDates(editions, now()),
    emptied: (known) => emptiedDates(editions, now(), known),
  };
}
