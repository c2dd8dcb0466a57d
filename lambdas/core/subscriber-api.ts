/**
 * The subscriber API as a pure request → response function (docs/ARCHITECTURE.md, "Subscriber API").
 *
 * `GET /` serves the reader page to anyone; every other route needs `Authorization: Bearer <JWT>`.
 * The same function runs behind API Gateway (lambdas/handlers/api.ts) and inside `epaper dev`;
 * storage, signing and token checks arrive as ports so tests can pass fakes or real adapters.
 */
import { createHash } from 'node:crypto';
import type { Logger } from './ports';
import type { Manifest } from './manifest';
import { articleChanges, editionKeys, EDITORS_GROUP, markedDates, pointerTakenAway, servedArchiveLine, servedPdfKey, servedPointerKeys, takenAway, type ArticleChanges, type EmptiedRecord, type PublishedManifest, type DeskActions, type PublicationOutcome, type PublicationPointer, type ReaderRole, type WithdrawalOutcome } from './publish';
import { pageChanges } from './page-changes';
import { createReaderRoutes, fontFacePath, type SharingConfig } from './reader-routes';
import { readerFontsOf } from './reader';
import { slugify } from './parse/index';
import { RIGHT_TO_LEFT_LETTER } from './scripts';

/** A transport-neutral HTTP request. Header names may come in any case. */
export interface ApiRequest {
  readonly method: string;
  /** The path, optionally followed by `?query` (read by `/search` only). */
  readonly path: string;
  readonly headers: Record<string, string | undefined>;
}

/** A transport-neutral HTTP response; header names are lower-case. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The outcome of checking a bearer token; `reason` is safe to show to the caller. */
export type TokenCheck =
  | { readonly ok: true; readonly subject: string; /** Cognito groups (`cognito:groups`); `editors` may see proofs and publish. */ readonly groups?: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** Verifies a bearer token (signature, issuer, audience, expiry). Throws only for infrastructure faults. */
export type TokenVerifier = (token: string) => Promise<TokenCheck>;

/**
 * Makes a short-lived GET URL for one key of the editions bucket; `saveAs` is the name a browser
 * gives the file when the reader saves it (not the key's last part), in ASCII; `saveAsAsPrinted`,
 * where given, the same name in the paper's own letters, which a browser prefers (RFC 6266
 * `filename*`).
 */
export type Presigner = (key: string, lifetimeSeconds: number, saveAs?: string, saveAsAsPrinted?: string) => Promise<string>;

/**
 * What a subscriber's browser names a saved edition: the paper and the date ("the-ha-noi-herald-2019-12-04.pdf"),
 * where every day's file was "edition.pdf", and the second day's "edition (1).pdf".
 */
export function editionFileName(paper: unknown, date: string): string {
  const name = typeof paper === 'string' ? slugify(paper) : '';
  return `${name || 'edition'}-${date}.pdf`;
}

/** A letter of another script than Latin: a name holding one loses it in ASCII (slugify). */
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/u;

/**
 * The same name in the paper's own letters where ASCII loses them: "הארץ-הקטן-2019-12-06.pdf" for a
 * Hebrew paper, saved as "edition-2019-12-06.pdf" whatever the paper; undefined where the ASCII
 * name says it all (a Latin paper's, "The Hà Nội Herald" being "the-ha-noi-herald").
 */
export function editionFileNameAsPrinted(paper: unknown, date: string): string | undefined {
  if (typeof paper !== 'string' || !NON_LATIN_LETTER.test(paper)) return undefined;
  const words = paper.normalize('NFC').toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  const name = [...words.join('-')].slice(0, 80).join('');
  return name ? `${name}-${date}.pdf` : undefined;
}

/** What the subscriber API needs from the outside world. */
export interface SubscriberApiDeps {
  /**
   * Read access to the editions bucket; `undefined` when the key does not exist. With `list`, the
   * list of editions reads the pointer of each date a pending-repair marker names (publish.ts,
   * servedArchiveLine): one LIST of editions/pending/ per list request.
   */
  readonly editions: { get(key: string): Promise<Uint8Array | undefined>; list?(prefix: string): Promise<readonly { readonly key: string }[]> };
  readonly presign: Presigner;
  readonly verifyToken: TokenVerifier;
  /** The contents of templates/reader.html. */
  readonly readerPage: string;
  /** Lifetime of download and thumbnail links, 1…3600 s. @default 300 */
  readonly linkLifetimeSeconds?: number;
  /** The contents of templates/desk.html, served at `/desk` (the editors' view). */
  readonly deskPage?: string;
  /** Publish, rollback and withdrawal for editors; without it those routes answer 501. */
  readonly desk?: DeskActions;
  /** Where the reader page sends people to sign in (e.g. the Cognito hosted UI), when there is one. */
  /** The hosted sign-in pages: the subscribers' for the reader, the editors' for the desk (the subscribers' when there is none). */
  readonly signIn?: { readonly hostedUiUrl?: string; readonly deskHostedUiUrl?: string };
  /**
   * `epaper dev`: the pages may say where the development tokens are (never in production): in
   * `tokenFolder`, the folder `epaper dev` keeps them in, as its start line names it.
   */
  readonly development?: boolean | { readonly tokenFolder: string };
  /** Receives infrastructure faults (they become a plain 500 for the caller). */
  readonly logger?: Logger;
  /** Metered share links of stories (reader-routes.ts); absent: sharing is off. */
  readonly sharing?: SharingConfig;
}

/**
 * How the API reads the published JSON objects (`editions/<date>/manifest.json`, the pointer, and
 * `editions/index.json`) when a read fails: a read that throws (the store unreachable, an answer
 * cut short) or returns bytes that are not JSON (a read torn by a concurrent write) is made again
 * at once, up to `attempts` times in all; after that the last copy this API read whole is served,
 * and without one the caller gets 503 with Retry-After. A version a pointer names is immutable, so
 * an older pointer still sends subscribers to a complete published PDF.
 */
export const PUBLISHED_READ_POLICY = {
  attempts: 3,
  /** Last good copies kept in memory (one per key; the oldest read is forgotten first). */
  rememberedKeys: 256,
  retryAfterSeconds: 1,
} as const;

/** One entry of `editions/index.json`; the publisher may add more fields, which pass through. */
export interface EditionSummary {
  readonly date: string;
  readonly [field: string]: unknown;
}

export const DEFAULT_LINK_LIFETIME_SECONDS = 300;
/** Presigned links must not outlive an hour (issue 6), so a leaked link is worth little. */
export const MAX_LINK_LIFETIME_SECONDS = 3600;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** The editors' routes: `/editions/<date>/publish`, `/editions/<date>/rollback`, `/editions/<date>/withdraw`. */
const EDITOR_ACTION = /^\/editions\/([^/]+)\/(publish|rollback|withdraw)$/;
type EditorAction = 'publish' | 'rollback' | 'withdraw';

/** The published JSON could not be read and no good copy of it is remembered: 503, try again. */
class PublishedReadUnavailable extends Error {}
const INDEX_KEY = 'editions/index.json';

/**
 * Builds the subscriber API request handler. Throws a RangeError at construction for a link
 * lifetime outside 1…3600 s, so a misconfigured deployment fails on its first cold start, loudly.
 */
export function createSubscriberApi(deps: SubscriberApiDeps): (req: ApiRequest) => Promise<ApiResponse> {
  const linkLifetimeSeconds = validLinkLifetime(deps.linkLifetimeSeconds);
  const pageFor = (template: string, hostedUiUrl: string | undefined) => withSharedScript(withDevelopmentMark(withSignInConfig(template, hostedUiUrl), deps.development));
  const readerPage = pageFor(deps.readerPage, deps.signIn?.hostedUiUrl);
  const deskPage = deps.deskPage === undefined ? undefined : pageFor(deps.deskPage, deps.signIn?.deskHostedUiUrl ?? deps.signIn?.hostedUiUrl);
  const readerResponse = readerPageResponse(readerPage);
  const deskResponse = deskPage === undefined ? undefined : readerPageResponse(deskPage);
  const lastGood = new Map<string, unknown>();
  const readerRoutes = createReaderRoutes({
    readPublished,
    readHistory,
    servedDates: async () => (await servedArchive()).editions.map((line) => line.date),
    getObject: (key) => deps.editions.get(key),
    presign: deps.presign,
    linkLifetimeSeconds,
    sharing: deps.sharing,
  });

  return async (req) => {
    try {
      return await route(req);
    } catch (error) {
      if (error instanceof PublishedReadUnavailable) {
        deps.logger?.warn('published edition data unreadable; asked the caller to retry', { path: pathOf(req.path), error: error.message });
        return {
          ...json(503, { error: 'unavailable', message: 'The edition store did not answer; try again in a moment.' }),
          headers: { ...jsonHeaders(), 'retry-after': String(PUBLISHED_READ_POLICY.retryAfterSeconds) },
        };
      }
      deps.logger?.warn('subscriber API request failed', {
        method: req.method,
        path: pathOf(req.path),
        error: error instanceof Error ? error.message : String(error),
      });
      return json(500, { error: 'internal_error' });
    }
  };

  async function route(req: ApiRequest): Promise<ApiResponse> {
    const path = pathOf(req.path);
    const method = req.method.toUpperCase();
    const action = EDITOR_ACTION.exec(path);
    if (action) {
      if (method !== 'POST') return { ...json(405, { error: 'method_not_allowed' }), headers: { ...jsonHeaders(), allow: 'POST' } };
      return editorAction(req, action[1], action[2] as EditorAction);
    }
    if (method !== 'GET' && method !== 'HEAD') {
      return { ...json(405, { error: 'method_not_allowed' }), headers: { ...jsonHeaders(), allow: 'GET, HEAD' } };
    }
    const response = await routeGet(req, path);
    // HEAD is GET without a body; browsers and link checkers use it.
    return method === 'HEAD' ? { ...response, body: '' } : response;
  }

  async function routeGet(req: ApiRequest, path: string): Promise<ApiResponse> {
    if (path === '/') return readerResponse;
    if (path === '/desk' && deskResponse !== undefined) return deskResponse;
    // A shared story opens without a token: its link is signed, expires and is metered.
    if (path.startsWith('/shared/')) return readerRoutes.shared({ segments: path.split('/').filter((s) => s !== ''), cookie: header(req.headers, 'cookie') });

    const auth = await authenticate(header(req.headers, 'authorization'));
    if ('status' in auth) return auth;
    const role = auth.role;

    const segments = path.split('/').filter((s) => s !== '');
    // Pages, articles and search (reader-routes.ts).
    const query = new URLSearchParams(req.path.includes('?') ? req.path.slice(req.path.indexOf('?') + 1) : '');
    const reader = await readerRoutes({ segments, query, accept: header(req.headers, 'accept'), caller: auth, ifNoneMatch: header(req.headers, 'if-none-match') });
    if (reader) return reader;
    if (segments[0] !== 'editions' || segments.length > 3) return notFound();
    if (segments.length === 1) return listEditions(role);

    const date = segments[1];
    if (!isValidDate(date)) return json(400, { error: 'bad_date', message: 'A date looks like 2019-12-04.' });
    if (segments.length === 2) return editionDetails(date, role);
    if (segments[2] === 'edition.pdf') return downloadLink(date, role, wantsJson(header(req.headers, 'accept')));
    return notFound();
  }

  /** A 401 response, or who the bearer token says the caller is. */
  async function authenticate(authorization: string | undefined): Promise<ApiResponse | { role: ReaderRole; subject: string }> {
    const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(authorization ?? '');
    if (!match) return unauthorized('missing_token', 'Sign in: this route needs an Authorization: Bearer token.');
    const check = await deps.verifyToken(match[1]);
    if (!check.ok) return unauthorized('invalid_token', check.reason);
    return { role: check.groups?.includes(EDITORS_GROUP) ? 'editor' : 'subscriber', subject: check.subject };
  }

  /** `POST /editions/<date>/publish`, `…/rollback?version=<fingerprint>` and `…/withdraw`: editors only. */
  async function editorAction(req: ApiRequest, date: string, action: EditorAction): Promise<ApiResponse> {
    const caller = await authenticate(header(req.headers, 'authorization'));
    if ('status' in caller) return caller;
    if (caller.role !== 'editor') return json(403, { error: 'forbidden', message: `Only editors (an account of the editors' sign-in, or the group "${EDITORS_GROUP}" of an external provider) may ${action} an edition.` });
    if (!isValidDate(date)) return json(400, { error: 'bad_date', message: 'A date looks like 2019-12-04.' });
    if (!deps.desk) return json(501, { error: 'not_implemented', message: 'This API was started without publishing.' });
    let outcome: PublicationOutcome | WithdrawalOutcome;
    // The desk names the proof it showed (`?version=`): a newer one is not published unseen (409).
    const version = new URLSearchParams(req.path.split('?')[1] ?? '').get('version');
    if (action === 'publish') outcome = await deps.desk.publish(date, version ?? undefined);
    else if (action === 'withdraw') outcome = await deps.desk.withdraw(date);
    else {
      if (!version) return json(400, { error: 'bad_version', message: 'Name the version to roll back to: ?version=<fingerprint>.' });
      outcome = await deps.desk.rollback(date, version);
    }
    deps.logger?.info(`editor ${action}`, { date, editor: caller.subject, outcome: outcome.kind });
    const status = {
      published: 200,
      'rolled-back': 200,
      'already-published': 200,
      withdrawn: 200,
      'already-withdrawn': 200,
      'no-proof': 404,
      'no-such-version': 404,
      'not-published': 404,
      damaged: 409,
      'not-due': 409,
      embargoed: 409,
      'newer-proof': 409,
      'taking-down': 409,
    }[outcome.kind];
    return json(status, { date, ...outcome });
  }

  /**
   * The archive as subscribers are served it now, newest first: the index's lines, with each date a
   * pending-repair marker names read from its pointer and history (servedLines). The list of
   * editions and the reader's search both read it, so search finds what the list shows.
   */
  async function servedArchive(): Promise<{ index: unknown; editions: EditionSummary[] }> {
    const [index, marked] = await Promise.all([readPublished(INDEX_KEY), deps.editions.list ? markedDates({ list: deps.editions.list }) : []]);
    return { index, editions: asServedNow(index === undefined ? [] : editionsFromIndex(index), await servedLines(marked.filter(isValidDate))) };
  }

  async function listEditions(role: ReaderRole): Promise<ApiResponse> {
    const { index, editions } = await servedArchive();
    // Editors also see the proofs waiting for one of them (the desk's list); subscribers never do.
    // …and the dates whose newest files printed nothing, with why (their proof is gone), and the
    // published dates whose files were all deleted, still served until an editor withdraws them.
    if (role === 'editor' && deps.desk) {
      // The index just read is theirs too: each list read it again (three reads of it a desk call).
      const known = { index };
      const [proofs, refused, emptied] = await Promise.all([deps.desk.awaiting(known), deps.desk.refused?.() ?? [], deps.desk.emptied?.(known) ?? []]);
      return json(200, { editions, proofs, refused, emptied });
    }
    return json(200, { editions });
  }

  /**
   * The archive line subscribers are served now for each date a pending-repair marker names (an act
   * under way, or cut short and not yet finished by the schedule): the index is written after the
   * pointer, so for up to a minute after a crash it kept the replaced headline and page count, or
   * listed a withdrawn date. Two reads a marked date; none when no marker stands.
   */
  async function servedLines(dates: readonly string[]): Promise<Map<string, EditionSummary | undefined>> {
    const lines = await Promise.all(
      dates.map(async (date) => {
        const [pointer, history] = await Promise.all([readPublished(editionKeys.pointer(date)), readHistory(date)]);
        const served = servedArchiveLine(pointer, history);
        const line: EditionSummary | undefined = served && { ...served };
        return [date, line] as const;
      }),
    );
    return new Map(lines);
  }

  /** Whether the date was published and then taken away (its history's last line): one read, only for a date not served. */
  async function wasTakenAway(date: string): Promise<boolean> {
    return takenAway(await readHistory(date));
  }

  /** The history of a date as far as it can be read: torn or unreachable, it says nothing of a take-down. */
  async function readHistory(date: string): Promise<unknown> {
    try {
      const bytes = await deps.editions.get(editionKeys.history(date));
      return bytes === undefined ? undefined : JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return undefined;
    }
  }

  async function editionDetails(date: string, role: ReaderRole): Promise<ApiResponse> {
    const served = await readServed(date, role);
    if (!served) return (await wasTakenAway(date)) ? withdrawnEdition(date) : noSuchEdition(date);
    const manifest = served.manifest;
    const thumbnails: { page: number; url: string }[] = [];
    for (const page of manifest.pages ?? []) {
      // The reader's small WebP page image where the edition has one (published with reader
      // files): the same picture as the PNG thumbnail at a fraction of the bytes.
      const relative = page.imageSmall ?? page.thumbnail;
      if (typeof relative !== 'string') continue;
      if (!isSafeRelativeKey(relative)) {
        deps.logger?.warn('manifest thumbnail key refused', { date, thumbnail: relative });
        continue;
      }
      thumbnails.push({ page: page.number, url: await deps.presign(`editions/${date}/${relative}`, linkLifetimeSeconds) });
    }
    // The per-object checksums are the publisher's business, not the reader's; the newsroom's own
    // records are the desk's (subscriberView).
    const { files: _checksums, sources: _sources, ...whole } = manifest as Manifest & { files?: unknown; sources?: unknown };
    const published = role === 'editor' ? whole : subscriberView(whole);
    const readerFonts = readerFontsOf((manifest as Manifest & { files?: Record<string, unknown> }).files);
    // Editors see which pointer this is, what is published and every version they may roll back to.
    const publishedPointer = role === 'editor' ? ((await readPublished(`editions/${date}/manifest.json`)) as PublishedManifest | undefined) : undefined;
    // Every file of the published date deleted: served until an editor withdraws it (publish.ts, EmptiedRecord).
    const emptied = publishedPointer ? await readEmptied(date) : undefined;
    const versions = role === 'editor' && deps.desk ? await deps.desk.versions(date) : undefined;
    const withdrawn = !publishedPointer ? versions?.history.at(-1) : undefined;
    const desk =
      role === 'editor'
        ? {
            state: served.key.endsWith('/proof.json') ? 'proof' : 'published',
            publishedVersion: publishedPointer?.fingerprint ?? null,
            ...(emptied ? { emptied: { noticedAt: emptied.noticedAt } } : {}),
            // Withdrawn by an editor, and not published since: the proof shown puts the date back if published.
            ...(withdrawn?.action === 'withdraw' ? { withdrawn: { version: withdrawn.version, withdrawnAt: withdrawn.publishedAt } } : {}),
            // What publishing the proof changes for subscribers, story by story (as the
            // publication will record it), before an editor presses Publish.
            ...(publishedPointer?.articles && publishedPointer.fingerprint !== manifest.fingerprint ? pendingOf(publishedPointer, manifest as PublishedManifest) : {}),
            ...(versions ?? {}),
          }
        : {};
    return json(200, {
      ...published,
      ...desk,
      thumbnails,
      // The faces the reader sets the edition's Hebrew in, as its PDF does, each at an address that
      // names its version, which the browser keeps (reader-routes.ts fontFace).
      ...(readerFonts.length > 0 ? { fonts: readerFonts.map((font) => ({ face: font.face, family: font.family, weight: font.weight, ...fontUrl(date, font.face, manifest) })) } : {}),
      pdfUrl: `/editions/${date}/edition.pdf`,
      linkExpiresInSeconds: linkLifetimeSeconds,
    });
  }

  async function downloadLink(date: string, role: ReaderRole, asJson: boolean): Promise<ApiResponse> {
    // The manifest is the published pointer (or, for editors, the proof): no pointer, no edition, even if an old PDF lingers.
    const manifest = (await readServed(date, role))?.manifest;
    if (!manifest) return noSuchEdition(date);
    // Subscribers are only ever sent to the immutable PDF of the version the pointer names, never to
    // a key that is rewritten in place (a crash mid-write would serve a torn file).
    const key = servedPdfKey(date, manifest as Manifest & { version?: unknown });
    if (!key) throw new Error(`editions/${date}/manifest.json names no version to serve`);
    const url = await deps.presign(key, linkLifetimeSeconds, editionFileName(manifest.paper, date), editionFileNameAsPrinted(manifest.paper, date));
    if (asJson) return json(200, { url, expiresInSeconds: linkLifetimeSeconds });
    return {
      status: 302,
      headers: { location: url, 'cache-control': 'no-store', vary: 'Accept, Authorization', 'referrer-policy': 'no-referrer' },
      body: '',
    };
  }

  /** The date's emptied record, if a render left one (a torn or unreadable one counts as none: it only informs the desk). */
  async function readEmptied(date: string): Promise<EmptiedRecord | undefined> {
    try {
      const bytes = await deps.editions.get(editionKeys.emptied(date));
      const record = bytes && (JSON.parse(new TextDecoder().decode(bytes)) as EmptiedRecord);
      return record && typeof record.noticedAt === 'string' ? record : undefined;
    } catch {
      return undefined;
    }
  }

  /** The pointer this caller sees for the date (servedPointerKeys: the one rule), and its key. */
  async function readServed(date: string, role: ReaderRole): Promise<{ key: string; manifest: Manifest } | undefined> {
    // A subscriber is served no pointer whose take-down is under way or cut short (pointerTakenAway).
    const history = role === 'subscriber' ? readHistory(date) : undefined;
    for (const key of servedPointerKeys(date, role)) {
      const manifest = (await readPublished(key)) as Manifest | undefined;
      if (!manifest) continue;
      if (history && pointerTakenAway(manifest, await history)) return undefined;
      return { key, manifest };
    }
    return undefined;
  }

  /**
   * A published JSON object, undefined when there is none (never published, or unpublished), read
   * as PUBLISHED_READ_POLICY says: a torn or failed read never reaches a subscriber as a 500.
   */
  async function readPublished(key: string): Promise<unknown> {
    let failure = '';
    for (let attempt = 1; attempt <= PUBLISHED_READ_POLICY.attempts; attempt++) {
      let bytes: Uint8Array | undefined;
      try {
        bytes = await deps.editions.get(key);
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        continue;
      }
      if (bytes === undefined) {
        lastGood.delete(key);
        return undefined;
      }
      let value: unknown;
      try {
        value = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        failure = `${key} is not valid JSON (${bytes.byteLength} bytes)`;
        continue;
      }
      remember(key, value);
      return value;
    }
    if (lastGood.has(key)) {
      deps.logger?.warn('published edition data unreadable; serving the last good copy', { key, error: failure });
      return lastGood.get(key);
    }
    throw new PublishedReadUnavailable(`${key}: ${failure}`);
  }

  function remember(key: string, value: unknown): void {
    lastGood.delete(key);
    lastGood.set(key, value);
    if (lastGood.size > PUBLISHED_READ_POLICY.rememberedKeys) lastGood.delete(lastGood.keys().next().value!);
  }
}

/** An edition's record as a pointer carries it: the manifest and its publication (publish.ts). */
type PublishedRecord = Manifest & Partial<Pick<PublicationPointer, 'changedArticles' | 'articleChanges' | 'corrections'>>;

/**
 * What a subscriber may see of an edition's record: the newsroom's own records stay with the desk.
 * The stories held back (`held`: by the desk, under an embargo that has not ended, with their
 * headlines), the files rejected or ignored and the build's warnings (the newsroom's file names and notes)
 * and the fitted photos' keys are left out, and so is every slug the edition no longer prints in
 * what changed: a story taken out may have been pulled for a reason (a legal hold, a missed
 * embargo) that its slug would give away; subscribers get how many were taken out instead. And
 * each printed story's input files (`source`, `photo`, `figures`: the names the newsroom uploaded
 * them under, "tips/informant-call-notes.md", a photo's camera name), which no reader shows: every
 * subscriber got them until the 82nd round.
 */
export function subscriberView<T extends PublishedRecord>(record: T): Omit<T, 'held' | 'rejected' | 'warnings' | 'ignored' | 'fittedPhotos'> {
  const { held: _held, rejected: _rejected, warnings: _warnings, ignored: _ignored, fittedPhotos: _fitted, ...whole } = record;
  const rest = record.articles ? { ...whole, articles: record.articles.map(({ source: _source, photo: _photo, figures: _figures, ...story }) => story) } : whole;
  const printed = new Set((record.articles ?? []).map((a) => a.slug));
  const shown = (slugs: readonly string[] | undefined) => (slugs ?? []).filter((slug) => printed.has(slug));
  const told = <C extends ArticleChanges>({ removed, ...changes }: C) => ({
    ...changes,
    corrected: shown(changes.corrected),
    added: shown(changes.added),
    removedCount: removed.length,
  });
  return {
    ...rest,
    ...(record.changedArticles ? { changedArticles: shown(record.changedArticles) } : {}),
    ...(record.articleChanges ? { articleChanges: told(record.articleChanges) } : {}),
    ...(record.corrections ? { corrections: record.corrections.map(told) } : {}),
  };
}

/** The index's lines with those of the marked dates replaced by what is served now (`undefined`: not listed), newest first. */
function asServedNow(listed: readonly EditionSummary[], served: ReadonlyMap<string, EditionSummary | undefined>): EditionSummary[] {
  if (served.size === 0) return [...listed];
  const lines = [...listed.filter((entry) => !served.has(entry.date)), ...[...served.values()].filter((line): line is EditionSummary => line !== undefined)];
  return editionsFromIndex(lines);
}

/** Newest first by date, whatever order the index file keeps; entries without a valid date are dropped. */
export function editionsFromIndex(index: unknown): EditionSummary[] {
  const entries: unknown[] = Array.isArray(index)
    ? index
    : index && typeof index === 'object' && Array.isArray((index as { editions?: unknown }).editions)
      ? (index as { editions: unknown[] }).editions
      : [];
  return entries
    .filter((e): e is EditionSummary => !!e && typeof e === 'object' && isValidDate((e as { date?: unknown }).date))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function validLinkLifetime(seconds: number | undefined): number {
  const value = seconds ?? DEFAULT_LINK_LIFETIME_SECONDS;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LINK_LIFETIME_SECONDS) {
    throw new RangeError(`linkLifetimeSeconds must be a whole number from 1 to ${MAX_LINK_LIFETIME_SECONDS}; got ${seconds}.`);
  }
  return value;
}

/** A thumbnail key from a manifest must stay inside its edition's prefix. */
function isSafeRelativeKey(key: string): boolean {
  return key !== '' && !key.startsWith('/') && !key.includes('\\') && key.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

function pathOf(rawPath: string): string {
  const path = rawPath.split('?')[0] || '/';
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== undefined) return value;
  }
  return undefined;
}

function wantsJson(accept: string | undefined): boolean {
  return (accept ?? '').toLowerCase().includes('application/json');
}

/** The page learns the hosted sign-in address from a meta tag, so the template stays static. */
function withSignInConfig(page: string, hostedUiUrl: string | undefined): string {
  if (!hostedUiUrl || !/^https?:\/\//i.test(hostedUiUrl)) return page;
  const tag = `<meta name="epaper-sign-in" content="${escapeAttribute(hostedUiUrl)}">`;
  return page.includes('</head>') ? page.replace('</head>', `${tag}\n</head>`) : tag + page;
}

/** `<meta name="epaper-dev">`: the pages show the development-token hints only when it is there, naming the tokens' folder when known. */
function withDevelopmentMark(page: string, development: SubscriberApiDeps['development']): string {
  if (!development) return page;
  const tag = `<meta name="epaper-dev" content="${development === true ? '1' : escapeAttribute(development.tokenFolder)}">`;
  return page.includes('</head>') ? page.replace('</head>', `${tag}\n</head>`) : tag + page;
}

/** Where a page's script takes the code the reader and the desk share. */
const SHARED_SCRIPT_MARK = '/* epaper: shared page code */';

/**
 * Code the reader and the desk share, written once here since the two pages are each one
 * dependency-free document: the hosted sign-in's `state` (a random value its link carries and the
 * tab keeps, and the check that tokens coming back in the fragment bring it: a link with someone
 * else's tokens in it must not sign this tab in as them), disabling a button without dropping
 * the keyboard's focus to the page, and setting an upload's text inside a sentence (`isolated`,
 * `shownName`).
 */
const SHARED_SCRIPT = `const SIGN_IN_STATE_KEY = 'epaper.sign-in-state';
  /** A random value for the hosted sign-in to hand back with the tokens, kept in this tab. */
  function newSignInState() {
    const state = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem(SIGN_IN_STATE_KEY, state);
    return state;
  }
  /** Whether \`given\` is the state this tab's sign-in link carried (used once). */
  function takeSignInState(given) {
    const expected = sessionStorage.getItem(SIGN_IN_STATE_KEY);
    sessionStorage.removeItem(SIGN_IN_STATE_KEY);
    return !!expected && given === expected;
  }
  /**
   * Text of an upload (a headline, a section's or a file's name) as it stands inside one of the
   * page's sentences, isolated from its neighbours (U+2068 FIRST STRONG ISOLATE … U+2069 POP
   * DIRECTIONAL ISOLATE): a headline ending in Hebrew beside another starting in Hebrew made one
   * right-to-left run of the two ("Corrected: A · B" read with B's word before A's).
   */
  function isolated(text) {
    return '\\u2068' + shownName(text) + '\\u2069';
  }
  /**
   * Text of an upload (a paper's name, a headline, a reader's query) where a title joins it to
   * other text: isolated as in a sentence when it holds a right-to-left letter, as the PDF's title
   * is (scripts.ts isolatedIfRightToLeft). "<Hebrew headline> · <paper>" bare in a tab's title
   * made one right-to-left run of the headline's end, the separator and the next name.
   */
  function titled(text) {
    return holdsRightToLeft(text) ? isolated(text) : String(text);
  }
  /** Whether \`text\` holds a letter written right to left (Hebrew, Arabic: scripts.ts RIGHT_TO_LEFT_LETTER). */
  function holdsRightToLeft(text) {
    return /${RIGHT_TO_LEFT_LETTER.source}/u.test(String(text));
  }
  /**
   * A file's name as uploaded, its embeddings, overrides and isolates shown as \\u escapes: the name
   * is the uploader's key, never cleaned as a story's text is, and one U+202E in it set the rest of
   * the desk's note backwards ("cod.md" read "dm.doc"; a U+2069 of its own would end an isolation
   * early). A story's text has none of them (text-controls.ts): it is shown as it is.
   */
  function shownName(text) {
    return String(text).replace(/[\\u202a-\\u202e\\u2066-\\u2069]/g, (c) => '\\\\u' + c.charCodeAt(0).toString(16));
  }
  /** Disables a button; one that had the keyboard's focus hands it to \`fallback\` instead of dropping it to the page. */
  function setDisabled(button, disabled, fallback) {
    const focused = document.activeElement === button;
    button.disabled = disabled;
    if (disabled && focused) fallback.focus();
  }`;

function withSharedScript(page: string): string {
  return page.replace(SHARED_SCRIPT_MARK, SHARED_SCRIPT);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The reader's or the desk's page with its headers. Only the page's own inline scripts may run,
 * each named by its hash: were edition data ever to slip into the page as markup, a script it
 * carried would not run (and could not send the token it found in sessionStorage away).
 */
/** A font face's cached address, where the served manifest names its version (every published one does). */
function fontUrl(date: string, face: string, manifest: unknown): { url?: string } {
  const version = (manifest as { version?: unknown }).version;
  return typeof version === 'string' && /^versions\/[^/]+\/$/.test(version) ? { url: fontFacePath(date, face, { version }) } : {};
}

function readerPageResponse(page: string): ApiResponse {
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => `'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`);
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      // Presigned links and tokens must not leak through Referer; the page is never framed.
      'referrer-policy': 'no-referrer',
      'content-security-policy':
        `default-src 'none'; script-src ${scripts.length > 0 ? scripts.join(' ') : "'none'"}; style-src` +
        " 'unsafe-inline'; img-src 'self' data: blob: https: http:; " +
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    },
    body: page,
  };
}

function jsonHeaders(): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    // Everything but the reader page is per-subscriber and holds short-lived links.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

function json(status: number, body: unknown): ApiResponse {
  return { status, headers: jsonHeaders(), body: JSON.stringify(body) };
}

function unauthorized(error: 'missing_token' | 'invalid_token', message: string): ApiResponse {
  const challenge = error === 'missing_token' ? 'Bearer realm="epaper"' : 'Bearer realm="epaper", error="invalid_token"';
  return { status: 401, headers: { ...jsonHeaders(), 'www-authenticate': challenge }, body: JSON.stringify({ error, message }) };
}

function notFound(): ApiResponse {
  return json(404, { error: 'not_found' });
}

/**
 * A date that was published and then taken away (an editor's withdrawal, or every file deleted):
 * 404 as for no edition, with `withdrawn: true` (additive), so that a subscriber who follows an old
 * link is told the edition was withdrawn, not that there never was one (the reader said "There is
 * no edition for …" of an edition read the day before).
 */
function withdrawnEdition(date: string): ApiResponse {
  return json(404, { error: 'not_found', withdrawn: true, message: `The edition of ${date} was withdrawn.` });
}

function noSuchEdition(date: string): ApiResponse {
  return json(404, { error: 'not_found', message: `No edition is published for ${date}.` });
}

/**
 * What publishing the proof changes for subscribers, before an editor presses Publish: its stories
 * (`pendingChanges`, as the publication will record them) and, since the 82nd round, its pages
 * (`pendingPageChanges`, page-changes.ts): which pages to look at again.
 */
function pendingOf(published: PublishedManifest, proof: PublishedManifest): { pendingChanges: ArticleChanges; pendingPageChanges: ReturnType<typeof pageChanges> } {
  const pendingChanges = articleChanges(published, proof);
  return { pendingChanges, pendingPageChanges: pageChanges(published, proof, [...pendingChanges.corrected, ...pendingChanges.added]) };
}
