/**
 * The ingest use case: one object event from the content bucket becomes a normalized article or a
 * rejection report, then a render signal. The event only says *which* key to look at: S3 delivers
 * events late, twice and out of order, so the object is re-read and its current state decides.
 */
import type { ParseOutcome, Rejection } from './article';
import { checkInputName, checkTextFileSize, keyFits } from './limits';
import { ignoredReason } from './inputs';
import { isEditionConfigName, isSystemFile } from './parse/index';
import { isIsoDate } from './parse/iso-date';
import type { Logger } from './ports';
import { isPhotoFile, isSafeUploadPath, normalizeEtag, parseArticleKey, type ListedObject, type ObjectStore, type RenderSignal } from './object-store';
import { ingestReport, misplacedReportKey, reportKey as uploadReportKey } from './reports';

/** What ingest needs from the outside world. */
export interface IngestPorts {
  /** The content bucket (articles/, normalized/, rejected/). */
  readonly content: ObjectStore;
  readonly renderSignal: RenderSignal;
  readonly parse: (file: string, bytes: Uint8Array) => ParseOutcome;
  readonly logger: Logger;
  /** The clock of the per-file reports' `updatedAt`. */
  readonly now: () => Date;
}

/** One object event, with the key already decoded. The event name is logged, never trusted. */
export interface ObjectEvent {
  readonly key: string;
  readonly eventName?: string;
  /** S3's per-key change order; equal for redeliveries of one event, so it deduplicates signals. */
  readonly sequencer?: string;
}

export type IngestOutcome =
  | { readonly kind: 'ignored'; readonly key: string }
  | { readonly kind: 'photo' | 'config' | 'deleted'; readonly date: string; readonly file: string }
  | { readonly kind: 'normalized' | 'rejected'; readonly date: string; readonly file: string; readonly reportKey: string }
  /** Refused for a name too long for any key made from it: no report could be written. */
  | { readonly kind: 'rejected'; readonly date: string; readonly file: string; readonly reportKey?: undefined }
  /** Uploaded outside a date folder (`articles/2026-3-14/…`): reported, never rendered. */
  | { readonly kind: 'misplaced'; readonly key: string; readonly reportKey?: string };

/** Key of the normalized article JSON for an input file (outside articles/, so writing it fires no ingest). */
export function normalizedKey(date: string, file: string): string {
  return `normalized/${date}/${file}.json`;
}

/** Key of the rejection report for an input file. */
export function rejectedKey(date: string, file: string): string {
  return `rejected/${date}/${file}.json`;
}

/**
 * Times one event's object is judged again because it changed while ingest wrote what it made of
 * it, before the message is failed (and retried by the queue).
 */
const INGEST_ATTEMPTS = 3;

/** What one pass over the object wrote, and the version it judged (undefined: there was none). */
interface IngestPass {
  readonly outcome: IngestOutcome;
  readonly judged: ListedObject | undefined;
}

/** Builds the ingest use case over its ports. */
export function ingestObject(ports: IngestPorts): (event: ObjectEvent) => Promise<IngestOutcome> {
  const { content, renderSignal, parse, logger } = ports;

  /**
   * Runs `pass` until the object is, once its writes are done, still the version it judged. Two
   * ingests of one key run at once (S3 delivers events late and out of order): one was parsing the
   * upload when the other, for its deletion, removed everything, and the first then wrote an
   * accepted report and normalized/ for a file that was gone, for good. The last writer now sees the
   * object as it stands after its writes, and judges it again if that is not what it wrote for.
   * `pass` answers undefined when the object changed between its HEAD and its read.
   */
  const settle = async (key: string, pass: () => Promise<IngestPass | undefined>): Promise<IngestOutcome> => {
    for (let attempt = 1; attempt <= INGEST_ATTEMPTS; attempt++) {
      const done = await pass();
      if (done && sameVersion(await content.head(key), done.judged)) return done.outcome;
      logger.info('the upload changed while it was ingested; judging it again', { key, attempt });
    }
    throw new Error(`${key} kept changing while it was ingested; the message is retried`);
  };

  /** Ingest's own writes for an article file, from its HEAD and (if that passes) its bytes as judged. */
  const ingestArticle = async ({ key, eventName }: ObjectEvent, date: string, file: string): Promise<IngestPass | undefined> => {
    // Judged on HeadObject first: an oversized or foreign upload is reported without being downloaded.
    const head = await content.head(key);
    if (!head) {
      await Promise.all([content.delete(normalizedKey(date, file)), content.delete(rejectedKey(date, file)), content.delete(uploadReportKey(date, file))]);
      logger.info('article deleted', { date, file, eventName });
      return { outcome: { kind: 'deleted', date, file }, judged: undefined };
    }
    const etag = head.etag;
    // A file of a kind no build reads (a zip, an SVG) is passed over unread: its report says
    // `ignored` (it said `rejected` here, then `accepted` with a warning once a render reconciled it).
    const ignoring = ignoredReason(file);
    if (ignoring !== undefined) {
      // rejected/ keeps the ETag judged, by which `epaper dev`'s catch-up knows the upload was seen.
      await content.put(rejectedKey(date, file), JSON.stringify({ etag, file, reason: ignoring, ignored: true }, null, 2), 'application/json');
      await writeUploadReport(content, date, file, ingestReport(file, { ignored: { file, reason: ignoring } }, ports.now(), etag));
      await content.delete(normalizedKey(date, file));
      logger.info('upload ignored: not a kind the build reads', { date, file, reason: ignoring });
      return { outcome: { kind: 'ignored', key }, judged: head };
    }
    const size = checkTextFileSize(head.size);
    const refusal: Rejection | undefined = size.ok ? undefined : { file, reason: size.reason };
    let outcome: ParseOutcome;
    if (refusal) outcome = { ok: false, rejection: refusal };
    else {
      // Only the version the size was judged on, and no more of it than judged.
      const current = await content.get(key, head);
      if (!current) return undefined;
      outcome = parse(file, current.body);
    }
    if (outcome.ok) {
      const reportKey = normalizedKey(date, file);
      const report = { etag, article: outcome.article, warnings: outcome.warnings };
      await content.put(reportKey, JSON.stringify(report, null, 2), 'application/json');
      await writeUploadReport(content, date, file, ingestReport(file, { warnings: outcome.warnings }, ports.now(), etag));
      await content.delete(rejectedKey(date, file));
      logger.info('article normalized', { date, file, slug: outcome.article.slug, warnings: outcome.warnings.length });
      return { outcome: { kind: 'normalized', date, file, reportKey }, judged: head };
    }
    const reportKey = rejectedKey(date, file);
    const report = { etag, ...outcome.rejection };
    await content.put(reportKey, JSON.stringify(report, null, 2), 'application/json');
    await writeUploadReport(content, date, file, ingestReport(file, { rejection: outcome.rejection }, ports.now(), etag));
    await content.delete(normalizedKey(date, file));
    logger.warn('article rejected', { date, file, reason: outcome.rejection.reason });
    return { outcome: { kind: 'rejected', date, file, reportKey }, judged: head };
  };

  /**
   * An upload no edition can have (an impossible date, a folder that is no date) gets a report that
   * says why, and loses it with the upload: the report of a deleted upload under 2019-02-30 stayed.
   */
  const reportRefusedUpload = async (key: string, reportKey: string, file: string, reason: string, outcome: IngestOutcome): Promise<IngestPass> => {
    const head = await content.head(key);
    if (!head) {
      await content.delete(reportKey);
      return { outcome: { kind: 'ignored', key }, judged: undefined };
    }
    await writeReportAt(content, reportKey, ingestReport(file, { rejection: { file, reason } }, ports.now(), head.etag));
    return { outcome, judged: head };
  };

  return async (event) => {
    const parsedKey = parseArticleKey(event.key);
    if (!parsedKey) {
      const misplaced = misplacedUpload(event.key);
      if (!misplaced) {
        logger.info('ignored: key is not under articles/<date>/', { key: event.key, eventName: event.eventName });
        return { kind: 'ignored', key: event.key };
      }
      // A typo in the date folder (2026-3-14, 14-03-2026) had only an INFO line in the logs, and
      // the newsroom waited for an edition that never came.
      const reportKey = misplacedReportKey(misplaced.path);
      if (!keyFits(reportKey)) {
        logger.warn('upload outside a date folder, with a name too long for a report', { key: event.key });
        return { kind: 'misplaced', key: event.key };
      }
      const outcome = await settle(event.key, () => reportRefusedUpload(event.key, reportKey, misplaced.file, misplaced.reason, { kind: 'misplaced', key: event.key, reportKey }));
      if (outcome.kind === 'misplaced') logger.warn('upload outside a date folder', { key: event.key, reportKey, reason: misplaced.reason });
      return outcome;
    }
    const { date, file } = parsedKey;
    if (isSystemFile(file)) {
      // What the operating system writes beside an upload (.DS_Store, a Mac's ._ companions): no
      // input, so no report and no render.
      logger.info('ignored: a file the operating system writes, not an input', { key: event.key, eventName: event.eventName });
      return { kind: 'ignored', key: event.key };
    }
    const cause = event.sequencer ? `${event.key}#${event.sequencer}` : undefined;
    const nameLength = checkInputName(file);
    if (!nameLength.ok) {
      // None of the keys made from this name can be written (normalized/, rejected/, reports/):
      // trying threw until the message went to the dead letters. The render refuses the file by its
      // listing line, and the proof's manifest says why (a date no edition has asks for no render).
      if (isIsoDate(date)) await renderSignal.send(date, cause);
      logger.warn('upload refused: its name is too long for a report of its own', { date, file, reason: nameLength.reason });
      return { kind: 'rejected', date, file };
    }
    if (!isIsoDate(date)) {
      // No edition has that date (2019-02-30): the upload is told so, and no render is asked for,
      // which could only fail and end in the dead letters.
      const reportKey = uploadReportKey(date, file);
      const reason = `${date} is not a calendar day, so no edition has it: upload under articles/<YYYY-MM-DD>/ with a real date`;
      const outcome = await settle(event.key, () => reportRefusedUpload(event.key, reportKey, file, reason, { kind: 'rejected', date, file, reportKey }));
      if (outcome.kind === 'rejected') logger.warn('upload under an impossible date', { date, file });
      return outcome;
    }
    // Photos and the edition settings are read by the render step from the snapshot; they only
    // make the edition stale.
    if (isPhotoFile(file) || isEditionConfigName(file)) {
      await renderSignal.send(date, cause);
      logger.info('input changed', { date, file, eventName: event.eventName });
      return { kind: isPhotoFile(file) ? 'photo' : 'config', date, file };
    }
    const outcome = await settle(event.key, () => ingestArticle(event, date, file));
    // A rejected or deleted file still changes the edition: the next manifest lists it under `rejected`, or not at all.
    await renderSignal.send(date, cause);
    return outcome;
  };
}

/** Both absent, or the same ETag. */
function sameVersion(now: ListedObject | undefined, judged: ListedObject | undefined): boolean {
  return now === undefined || judged === undefined ? now === judged : normalizeEtag(now.etag) === normalizeEtag(judged.etag);
}

/**
 * An upload under articles/ outside any date folder (`articles/2026-3-14/story.md`,
 * `articles/story.md`), with what its report says; undefined for keys that are no upload (a folder
 * marker, what the operating system writes, a name that climbs out of its folder).
 */
function misplacedUpload(key: string): { path: string; file: string; reason: string } | undefined {
  if (!key.startsWith('articles/')) return undefined;
  const path = key.slice('articles/'.length);
  if (path === '' || path.endsWith('/') || !isSafeUploadPath(path) || isSystemFile(path)) return undefined;
  const slash = path.indexOf('/');
  if (slash < 0) return { path, file: path, reason: `it is in no date folder, so no edition reads it: upload it under articles/YYYY-MM-DD/ (articles/2026-03-14/${path} for 14 March 2026)` };
  const folder = path.slice(0, slash);
  const meant = meantDate(folder);
  const where = meant ? `articles/${meant}/` : 'articles/YYYY-MM-DD/ (articles/2026-03-14/ for 14 March 2026)';
  return { path, file: path.slice(slash + 1), reason: `the folder "${folder}" is not a date written YYYY-MM-DD, so no edition reads it: upload it under ${where}` };
}

/** The date a folder name meant (2026-3-14, 14-03-2026, 20260314), written YYYY-MM-DD, when only one reading is a calendar day. */
function meantDate(folder: string): string | undefined {
  const pad = (n: string) => n.padStart(2, '0');
  const readings: string[] = [];
  const yearFirst = /^(\d{4})[-_./ ]?(\d{1,2})[-_./ ]?(\d{1,2})$/.exec(folder);
  if (yearFirst) readings.push(`${yearFirst[1]}-${pad(yearFirst[2])}-${pad(yearFirst[3])}`);
  const yearLast = /^(\d{1,2})[-_./ ](\d{1,2})[-_./ ](\d{4})$/.exec(folder);
  if (yearLast) readings.push(`${yearLast[3]}-${pad(yearLast[2])}-${pad(yearLast[1])}`, `${yearLast[3]}-${pad(yearLast[1])}-${pad(yearLast[2])}`);
  const real = [...new Set(readings.filter(isIsoDate))];
  return real.length === 1 ? real[0] : undefined;
}

/**
 * Writes ingest's report, unless the one there is already about this very content (same ETag): a
 * redelivered event, or the render got there first, and its report knows the pages.
 */
async function writeUploadReport(content: ObjectStore, date: string, file: string, report: ReturnType<typeof ingestReport>): Promise<void> {
  await writeReportAt(content, uploadReportKey(date, file), report);
}

async function writeReportAt(content: ObjectStore, key: string, report: ReturnType<typeof ingestReport>): Promise<void> {
  const existing = await content.get(key);
  if (existing && report.etag) {
    try {
      const { etag } = JSON.parse(new TextDecoder().decode(existing.body)) as { etag?: string };
      if (normalizeEtag(etag) === normalizeEtag(report.etag)) return;
    } catch {
      // Unreadable: replaced below.
    }
  }
  await content.put(key, JSON.stringify(report, null, 2), 'application/json');
}
