/**
 * The ingest use case: one object event from the content bucket becomes a normalized article or a
 * rejection report, then a render signal. The event only says *which* key to look at: S3 delivers
 * events late, twice and out of order, so the object is re-read and its current state decides.
 */
import type { ParseOutcome, Rejection } from './article';
import { checkInputName, checkTextFileSize } from './limits';
import { isArticleFile, isEditionConfigName, isSystemFile } from './parse/index';
import { isIsoDate } from './parse/iso-date';
import type { Logger } from './ports';
import { isPhotoFile, normalizeEtag, parseArticleKey, type ObjectStore, type RenderSignal } from './object-store';
import { ingestReport, reportKey as uploadReportKey } from './reports';

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
  | { readonly kind: 'rejected'; readonly date: string; readonly file: string; readonly reportKey?: undefined };

/** Key of the normalized article JSON for an input file (outside articles/, so writing it fires no ingest). */
export function normalizedKey(date: string, file: string): string {
  return `normalized/${date}/${file}.json`;
}

/** Key of the rejection report for an input file. */
export function rejectedKey(date: string, file: string): string {
  return `rejected/${date}/${file}.json`;
}

/** Builds the ingest use case over its ports. */
export function ingestObject(ports: IngestPorts): (event: ObjectEvent) => Promise<IngestOutcome> {
  const { content, renderSignal, parse, logger } = ports;
  return async (event) => {
    const parsedKey = parseArticleKey(event.key);
    if (!parsedKey) {
      logger.info('ignored: key is not under articles/<date>/', { key: event.key, eventName: event.eventName });
      return { kind: 'ignored', key: event.key };
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
      const head = await content.head(event.key);
      if (!head) return { kind: 'ignored', key: event.key };
      const rejection: Rejection = { file, reason: `${date} is not a calendar day, so no edition has it: upload under articles/<YYYY-MM-DD>/ with a real date` };
      await writeUploadReport(content, date, file, ingestReport(file, { rejection }, ports.now(), head.etag));
      logger.warn('upload under an impossible date', { date, file });
      return { kind: 'rejected', date, file, reportKey: uploadReportKey(date, file) };
    }
    // Photos and the edition settings are read by the render step from the snapshot; they only
    // make the edition stale.
    if (isPhotoFile(file) || isEditionConfigName(file)) {
      await renderSignal.send(date, cause);
      logger.info('input changed', { date, file, eventName: event.eventName });
      return { kind: isPhotoFile(file) ? 'photo' : 'config', date, file };
    }

    // Judged on HeadObject first: an oversized or foreign upload is reported without being downloaded.
    const head = await content.head(event.key);
    const refusal: Rejection | undefined = !head
      ? undefined
      : !isArticleFile(file)
        ? { file, reason: 'not an article (.md, .markdown, .json, .txt) or a photo (.jpg, .jpeg, .png, .webp); it was not read' }
        : (() => {
            const size = checkTextFileSize(head.size);
            return size.ok ? undefined : { file, reason: size.reason };
          })();
    const current = head && !refusal ? await content.get(event.key) : undefined;
    if (!head || (!refusal && !current)) {
      await Promise.all([content.delete(normalizedKey(date, file)), content.delete(rejectedKey(date, file)), content.delete(uploadReportKey(date, file))]);
      await renderSignal.send(date, cause);
      logger.info('article deleted', { date, file, eventName: event.eventName });
      return { kind: 'deleted', date, file };
    }

    const outcome: ParseOutcome = refusal ? { ok: false, rejection: refusal } : parse(file, current!.body);
    const etag = current?.etag ?? head.etag;
    let result: IngestOutcome;
    if (outcome.ok) {
      const reportKey = normalizedKey(date, file);
      const report = { etag, article: outcome.article, warnings: outcome.warnings };
      await content.put(reportKey, JSON.stringify(report, null, 2), 'application/json');
      await writeUploadReport(content, date, file, ingestReport(file, { warnings: outcome.warnings }, ports.now(), etag));
      await content.delete(rejectedKey(date, file));
      logger.info('article normalized', { date, file, slug: outcome.article.slug, warnings: outcome.warnings.length });
      result = { kind: 'normalized', date, file, reportKey };
    } else {
      const reportKey = rejectedKey(date, file);
      const report = { etag, ...outcome.rejection };
      await content.put(reportKey, JSON.stringify(report, null, 2), 'application/json');
      await writeUploadReport(content, date, file, ingestReport(file, { rejection: outcome.rejection }, ports.now(), etag));
      await content.delete(normalizedKey(date, file));
      logger.warn('article rejected', { date, file, reason: outcome.rejection.reason });
      result = { kind: 'rejected', date, file, reportKey };
    }
    // A rejected file still changes the edition: the next manifest lists it under `rejected`.
    await renderSignal.send(date, cause);
    return result;
  };
}

/**
 * Writes ingest's report, unless the one there is already about this very content (same ETag): a
 * redelivered event, or the render got there first, and its report knows the pages.
 */
async function writeUploadReport(content: ObjectStore, date: string, file: string, report: ReturnType<typeof ingestReport>): Promise<void> {
  const key = uploadReportKey(date, file);
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
