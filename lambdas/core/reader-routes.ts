/**
 * The reader's API routes (docs/ARCHITECTURE.md, "Reader"): a page, an article, and search. Called
 * by createSubscriberApi after the bearer token was checked, so each of them answers 401 without
 * one. Each route answers JSON (what the reader page, templates/reader.html, fetches with the
 * token) or, to a request that asks for `text/html` first, the same content as a small HTML
 * document. Page images and photos are only ever given as short-lived presigned links.
 *
 * The published pointer of a date is read through `readServedPointer` alone, so that what an
 * editor is served (a proof, say) can be decided in that one place.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { hasLineBreak, LINE_BREAK, writerLines, type TextRun } from './article';
import type { Manifest } from './manifest';
import { excerptSource, headlineMarks, loadSearchIndex, READER_FONT_FACES, READER_POLICY, readerFontsOf, readerPaths, searchEdition, searchExcerpt, type LoadedSearchIndex, type ReaderArticle, type ReaderBlock } from './reader';
import { correctionTimesOf, pointerTakenAway, servedPointerKeys, type PublicationRecordOfPointer, type ReaderRole } from './publish';
import { mapLimited } from './map-limited';
import { isolatedIfRightToLeft, RIGHT_TO_LEFT_LETTER, writtenRightToLeft } from './scripts';

/** Who asked: the token's subject. */
export interface Caller {
  readonly subject: string;
  /** Editors are served a date's proof where there is one (publish.ts, servedPointerKeys). @default 'subscriber' */
  readonly role?: ReaderRole;
}

/** A published pointer as the reader reads it: the manifest plus where its version lives. */
export interface ServedPointer extends Manifest, PublicationRecordOfPointer {
  readonly version: string;
  readonly files?: Readonly<Record<string, { readonly bytes: number; readonly sha256: string }>>;
}

/** What the reader routes need from the subscriber API. */
export interface ReaderRouteDeps {
  /** A published JSON object (pointer, index) read with the API's retry and last-good policy. */
  readonly readPublished: (key: string) => Promise<unknown>;
  /**
   * A date's history as far as it can be read (undefined when it cannot: never a throw), so that a
   * pointer whose take-down is under way or cut short is served to no subscriber (pointerTakenAway).
   * Absent: the pointer alone decides, as before the 82nd round.
   */
  readonly readHistory?: (date: string) => Promise<unknown>;
  /**
   * The dates of the archive list, newest first, as subscribers are served them now (the index,
   * corrected by the pointer and history of each date a pending-repair marker names): what search
   * searches. The index alone left out a first publication cut short before its index line and
   * kept a withdrawal cut short before it took its line out.
   */
  readonly servedDates: () => Promise<readonly string[]>;
  /** Raw bytes of an object in the editions bucket (objects inside a version are immutable). */
  readonly getObject: (key: string) => Promise<Uint8Array | undefined>;
  readonly presign: (key: string, lifetimeSeconds: number) => Promise<string>;
  readonly linkLifetimeSeconds: number;
  /** Metered share links; absent: sharing is off and its routes answer 404. */
  readonly sharing?: SharingConfig;
}

/**
 * Sharing a story with someone who does not subscribe (issue 14, item 6): a subscriber gets a
 * signed link that expires (`READER_POLICY.shareLinkLifetimeSeconds`); whoever opens it reads the
 * story, up to `READER_POLICY.freeSharedReadsPerMonth` shared stories a month per browser, counted
 * in a signed cookie (a soft meter: a browser that clears its cookies starts again, as with the
 * newspapers' metered paywalls; a hard meter needs per-reader state the API does not keep).
 */
export interface SharingConfig {
  /** HMAC key for links and the meter cookie, at least 32 characters. */
  readonly secret: string;
  /** Now, in milliseconds since the epoch (the core reads no clock). */
  readonly now: () => number;
}

export interface ReaderRequest {
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly accept: string | undefined;
  readonly caller: Caller;
  /** The request's If-None-Match header (a font face the browser holds; absent in older callers). */
  readonly ifNoneMatch?: string | undefined;
}

/** A request for a shared story: no token, perhaps the meter cookie. */
export interface SharedRequest {
  readonly segments: readonly string[];
  readonly cookie: string | undefined;
}

export interface ReaderResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const VERSION_DIR = /^versions\/[A-Za-z0-9_-]{1,128}\/$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,127}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The pointer a caller is served for a date, by the one rule of publish.ts (servedPointerKeys): the
 * published `editions/<date>/manifest.json`, or for an editor the proof first. Undefined when the
 * caller may see nothing of the date or the pointer names no safe version folder.
 */
export async function readServedPointer(deps: Pick<ReaderRouteDeps, 'readPublished' | 'readHistory'>, date: string, caller: Caller): Promise<ServedPointer | undefined> {
  const role = caller.role ?? 'subscriber';
  // Read beside the pointer, not after it: a subscriber is served nothing a take-down has begun to take away.
  const history = role === 'subscriber' ? deps.readHistory?.(date) : undefined;
  for (const key of servedPointerKeys(date, role)) {
    const pointer = (await deps.readPublished(key)) as ServedPointer | undefined;
    if (!pointer) continue;
    if (history && pointerTakenAway(pointer, await history)) return undefined;
    return typeof pointer.version === 'string' && VERSION_DIR.test(pointer.version) ? pointer : undefined;
  }
  return undefined;
}

export interface ReaderRoutes {
  /** The routes behind the bearer token; undefined for a path that is not one of them. */
  (req: ReaderRequest): Promise<ReaderResponse | undefined>;
  /** `GET /shared/<token>`: open to anyone holding a valid link, metered. */
  shared(req: SharedRequest): Promise<ReaderResponse>;
}

const METER_COOKIE = 'epaper_shared';

/** Builds the reader routes. */
export function createReaderRoutes(deps: ReaderRouteDeps): ReaderRoutes {
  // Versions are immutable: an index read once is good for ever (bounded, oldest use forgotten first).
  const indexes = new Map<string, LoadedSearchIndex>();
  // …and so is a story's text, read for search excerpts.
  const excerptTexts = new Map<string, ExcerptText>();
  const sharing = deps.sharing;
  if (sharing && sharing.secret.length < 32) throw new RangeError('The sharing secret must be at least 32 characters.');

  const routes = async (req: ReaderRequest): Promise<ReaderResponse | undefined> => {
    const { segments } = req;
    if (segments.length === 1 && segments[0] === 'search') return search(req);
    if (segments[0] !== 'editions' || segments.length < 4) return undefined;
    const [, date, kind, name] = segments;
    if (!isDate(date)) return json(400, { error: 'bad_date', message: 'A date looks like 2019-12-04.' });
    if (segments.length === 5 && kind === 'articles' && segments[4] === 'share') return shareLink(req, date, name);
    if (segments.length !== 4) return undefined;
    if (kind === 'pages') return pageView(req, date, name);
    if (kind === 'articles') return articleView(req, date, name);
    if (kind === 'fonts') return fontFace(req, date, name);
    return undefined;
  };
  return Object.assign(routes, { shared });

  /**
   * A signed, expiring link to one story, for a subscriber to pass on: a story subscribers are
   * served, whoever asks. An editor is served the proof, and was given a link to a story of an
   * unpublished edition (or one a correction still to be published adds): it said "not found" to
   * whoever it was sent to, and opened the story the moment the version was published, whatever
   * the desk decided about it in between short of holding it.
   */
  async function shareLink(req: ReaderRequest, date: string, slug: string): Promise<ReaderResponse> {
    if (!sharing) return json(404, { error: 'not_found', message: 'Sharing is not enabled here.' });
    if (!SLUG.test(slug)) return json(404, { error: 'not_found' });
    const pointer = await readServedPointer(deps, date, { subject: req.caller.subject, role: 'subscriber' });
    if (!pointer?.files?.[readerPaths.article(slug)]) {
      const proofOnly = req.caller.role === 'editor' && (await readServedPointer(deps, date, req.caller))?.files?.[readerPaths.article(slug)];
      return json(404, { error: 'not_found', message: proofOnly ? `The story ${slug} is not published yet: a shared link opens only what subscribers are served.` : `No article ${slug} in the edition of ${date}.` });
    }
    const expires = Math.floor(sharing.now() / 1000) + READER_POLICY.shareLinkLifetimeSeconds;
    const payload = `${date}.${slug}.${expires}`;
    return json(200, {
      url: `/shared/${payload}.${sign(payload)}`,
      expiresAt: new Date(expires * 1000).toISOString(),
      freeReadsPerMonth: READER_POLICY.freeSharedReadsPerMonth,
    });
  }

  async function shared(req: SharedRequest): Promise<ReaderResponse> {
    if (!sharing || req.segments.length !== 2) return sharedPage(404, 'Not found', 'There is no shared story here.');
    const match = /^(\d{4}-\d{2}-\d{2})\.([a-z0-9][a-z0-9-]{0,127})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(req.segments[1]);
    if (!match || !isDate(match[1]) || !sameSignature(match[4], sign(`${match[1]}.${match[2]}.${match[3]}`))) {
      return sharedPage(404, 'Not found', 'This link is not a shared story of this paper.');
    }
    const [, date, slug, expires] = match;
    const nowMs = sharing.now();
    if (Number(expires) * 1000 < nowMs) return sharedPage(410, 'This link has expired', 'Shared links work for a week. Ask the subscriber who sent it for a new one, or subscribe to read every story.');
    const month = new Date(nowMs).toISOString().slice(0, 7);
    // Stories, not opens: a story read again (a reload, the link opened twice) is not counted again.
    const read = meterRead(req.cookie, month);
    const story = storyMark(date, slug);
    const again = read.includes(story);
    const used = read.length;
    if (!again && used >= READER_POLICY.freeSharedReadsPerMonth) {
      return sharedPage(402, 'You have read this month\'s shared stories', `A shared link opens ${READER_POLICY.freeSharedReadsPerMonth} stories a month without a subscription. Subscribe to read on.`);
    }
    const pointer = await readServedPointer(deps, date, { subject: 'shared-link' });
    const path = readerPaths.article(slug);
    if (!pointer?.files?.[path]) return sharedPage(404, 'Not found', 'This story is no longer published.');
    const view = await articleViewOf(date, pointer, slug);
    const marks = again ? read : [...read, story];
    const left = READER_POLICY.freeSharedReadsPerMonth - marks.length;
    const faces = await embeddedFacesOf(date, pointer);
    const response = html(
      articleHtml(view, { note: `Shared with you. ${left === 1 ? '1 more shared story' : `${left} more shared stories`} this month without a subscription.`, faces, edition: editionLanguageOf(pointer) }),
      { fontsInPage: faces.length > 0 },
    );
    const cookieValue = `${month}.${marks.join('-')}`;
    return {
      ...response,
      headers: {
        ...response.headers,
        'set-cookie': `${METER_COOKIE}=${cookieValue}.${sign(`meter.${cookieValue}`)}; Path=/shared; Max-Age=${40 * 24 * 3600}; HttpOnly; Secure; SameSite=Lax`,
        // A shared story is a subscriber's gift, not the paper's open web page: kept out of search engines.
        'x-robots-tag': 'noindex',
      },
    };
  }

  /**
   * The shared stories this browser opened in `month` (storyMark each), from its signed cookie (a
   * forged one, or last month's, counts as none). A cookie of the first meter counted opens, not
   * stories: its count stands for that many stories unknown.
   */
  function meterRead(cookie: string | undefined, month: string): string[] {
    const value = (cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${METER_COOKIE}=`))?.slice(METER_COOKIE.length + 1);
    const match = /^(\d{4}-\d{2})\.((?:[0-9a-f]{10}(?:-[0-9a-f]{10}){0,15})|\d{1,4})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
    if (!match || match[1] !== month || !sameSignature(match[3], sign(`meter.${match[1]}.${match[2]}`))) return [];
    if (/^\d+$/.test(match[2])) return Array.from({ length: Math.min(Number(match[2]), READER_POLICY.freeSharedReadsPerMonth) }, (_, i) => i.toString(16).padStart(10, '0'));
    return match[2].split('-');
  }

  /**
   * The faces the reader sets the edition's Hebrew in (READER_FONT_FACES: the version's own
   * subsets, as its PDF embeds them), their bytes, for the shared page to carry inside itself: the
   * page runs no script to load them through the API as the reader does, and fetches nothing. Its
   * Hebrew masthead was the device's face in regular weight where the reader's is print's bold.
   */
  async function embeddedFacesOf(date: string, pointer: ServedPointer): Promise<EmbeddedFace[]> {
    const faces = await Promise.all(readerFontsOf(pointer.files).map(async (font) => {
      const bytes = await deps.getObject(`editions/${date}/${pointer.version}${readerPaths.font(font.face)}`);
      return bytes ? { family: font.family, weight: font.weight, unicodeRange: font.unicodeRange, base64: Buffer.from(bytes).toString('base64') } : undefined;
    }));
    return faces.filter((face) => face !== undefined);
  }

  /** A story as the meter's cookie names it: ten hex digits of its date and slug's hash. */
  function storyMark(date: string, slug: string): string {
    return createHash('sha256').update(`${date}.${slug}`).digest('hex').slice(0, 10);
  }

  function sign(payload: string): string {
    return createHmac('sha256', sharing!.secret).update(payload).digest('base64url');
  }

  async function pageView(req: ReaderRequest, date: string, name: string): Promise<ReaderResponse> {
    if (!/^[1-9]\d{0,3}$/.test(name)) return json(404, { error: 'not_found', message: 'Pages are numbered from 1.' });
    const pointer = await readServedPointer(deps, date, req.caller);
    if (!pointer) return noSuchEdition(date);
    const number = Number(name);
    const page = pointer.pages.find((p) => p.number === number);
    if (!page) return json(404, { error: 'not_found', message: `The edition of ${date} has ${pointer.pageCount === 1 ? 'one page' : `${pointer.pageCount} pages`}.` });
    const headlines = new Map(pointer.articles.map((a) => [a.slug, a.headline]));
    const languages = languagesOf(pointer);
    const view = {
      date,
      paper: pointer.paper,
      ...editionLanguageOf(pointer),
      page: number,
      pageCount: pointer.pageCount,
      section: page.section,
      sections: page.sections ?? [page.section],
      widthPx: page.widthPx,
      heightPx: page.heightPx,
      image: await imageLink(date, pointer, page.image),
      imageSmall: await imageLink(date, pointer, page.imageSmall ?? page.thumbnail),
      links: (page.links ?? []).map((l) => ({ ...l, headline: headlines.get(l.slug) ?? l.slug, ...languages.get(l.slug), href: `/editions/${date}/articles/${l.slug}` })),
      articles: page.articles.map((slug) => ({ slug, headline: headlines.get(slug) ?? slug, ...languages.get(slug) })),
      linkExpiresInSeconds: deps.linkLifetimeSeconds,
    };
    return prefersHtml(req.accept) ? html(pageHtml(view)) : json(200, view);
  }

  /**
   * `GET /editions/<date>/fonts/<face>`: one of the reader's faces (READER_FONT_FACES) as the
   * version publishes it for print, its bytes in base64 inside JSON: the reader page loads it as a
   * FontFace from bytes fetched here (connect-src 'self'), so its CSP needs no font-src and no
   * font crosses from another origin. Only a face of that list the version lists is read.
   *
   * A version's subset never changes, so the browser may keep it: asked for with the served
   * version's name (`?version=<name>`, the manifest's `fonts[].url`), it is private and immutable
   * for READER_POLICY.fontCacheSeconds; without it (or with a version no longer served) it is
   * checked again each time, and an ETag naming the version and face answers 304 with no bytes.
   * Every weight was fetched again, base64 in JSON, on every view of every Hebrew edition.
   */
  async function fontFace(req: ReaderRequest, date: string, face: string): Promise<ReaderResponse> {
    const font = READER_FONT_FACES.find((candidate) => candidate.face === face);
    if (!font) return json(404, { error: 'not_found' });
    const pointer = await readServedPointer(deps, date, req.caller);
    if (!pointer) return noSuchEdition(date);
    const path = readerPaths.font(font.face);
    if (!pointer.files?.[path]) return json(404, { error: 'not_found', message: `The edition of ${date} has no ${face} face.` });
    const version = versionName(pointer);
    const etag = `"${version}.${font.face}"`;
    const kept = req.query.get('version') === version;
    const caching = {
      'cache-control': kept ? `private, max-age=${READER_POLICY.fontCacheSeconds}, immutable` : 'private, no-cache',
      etag,
    };
    if (req.ifNoneMatch !== undefined && req.ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return { status: 304, headers: { ...headers('application/json; charset=utf-8'), ...caching }, body: '' };
    }
    const key = `editions/${date}/${pointer.version}${path}`;
    const bytes = await deps.getObject(key);
    if (!bytes) throw new Error(`${key} is listed in the version but missing`);
    const response = json(200, { family: font.family, weight: font.weight, unicodeRange: font.unicodeRange, data: Buffer.from(bytes).toString('base64') });
    return { ...response, headers: { ...response.headers, ...caching } };
  }

  async function articleView(req: ReaderRequest, date: string, slug: string): Promise<ReaderResponse> {
    if (!SLUG.test(slug)) return json(404, { error: 'not_found' });
    const pointer = await readServedPointer(deps, date, req.caller);
    if (!pointer) return noSuchEdition(date);
    const path = readerPaths.article(slug);
    // Only objects the version lists are read: the slug can name nothing else.
    if (!pointer.files?.[path]) {
      const known = pointer.articles.some((a) => a.slug === slug);
      return json(404, { error: 'not_found', message: known ? 'This edition was published before article views existed.' : `No article ${slug} in the edition of ${date}.` });
    }
    const view = await articleViewOf(date, pointer, slug);
    return prefersHtml(req.accept) ? html(articleHtml(view)) : json(200, view);
  }

  /** A story of the served version as the reader shows it; its file is one the version lists. */
  async function articleViewOf(date: string, pointer: ServedPointer, slug: string): Promise<ArticleView> {
    const key = `editions/${date}/${pointer.version}${readerPaths.article(slug)}`;
    const bytes = await deps.getObject(key);
    if (!bytes) throw new Error(`${key} is listed in the version but missing`);
    const { photo: stored, body: storedBody, ...text } = JSON.parse(new TextDecoder().decode(bytes)) as ReaderArticle;
    // A photo the version lists, as a short-lived link (none for a path it does not list).
    const urlOf = async (path: string) => (pointer.files?.[path] && isSafeRelative(path) ? deps.presign(`editions/${date}/${pointer.version}${path}`, deps.linkLifetimeSeconds) : undefined);
    const photoUrl = stored ? await urlOf(stored.path) : undefined;
    const body = await Promise.all(
      storedBody.map(async (block): Promise<ViewBlock> => {
        if (block.kind !== 'figure') return block;
        const url = await urlOf(block.path);
        return { kind: 'figure', alt: block.alt, caption: block.caption, credit: block.credit, ...(url ? { url } : {}) };
      }),
    );
    return {
      ...text,
      body,
      date,
      paper: pointer.paper,
      // The storage path stays private; the reader gets a short-lived link.
      ...(stored ? { photo: { alt: stored.alt, caption: stored.caption, credit: stored.credit, ...(photoUrl ? { url: photoUrl } : {}) } } : {}),
      correctedAt: correctionTimesOf(pointer, slug),
      restoredAt: correctionTimesOf(pointer, slug, 'rollback'),
      linkExpiresInSeconds: deps.linkLifetimeSeconds,
    };
  }

  async function search(req: ReaderRequest): Promise<ReaderResponse> {
    const q = (req.query.get('q') ?? '').trim();
    if (q === '') return json(400, { error: 'bad_query', message: 'Search for some words: /search?q=words' });
    if (q.length > READER_POLICY.maxQueryLength) return json(400, { error: 'bad_query', message: `A search is at most ${READER_POLICY.maxQueryLength} characters.` });
    const onlyDate = req.query.get('date');
    if (onlyDate !== null && !isDate(onlyDate)) return json(400, { error: 'bad_date', message: 'A date looks like 2019-12-04.' });
    const dates = onlyDate !== null ? [onlyDate] : await newestDates();
    const perEdition = await mapLimited(dates, 6, async (date) => {
      const pointer = await readServedPointer(deps, date, req.caller);
      const index = pointer && (await searchIndexOf(date, pointer));
      return { pointer, hits: index ? searchEdition(index, date, q).map((hit) => ({ hit, pointer: pointer! })) : [] };
    });
    const languages = new Map(perEdition.flatMap((edition) => (edition.pointer && edition.hits.length > 0 ? [[edition.pointer, languagesOf(edition.pointer)] as const] : [])));
    const found = perEdition.flatMap((edition) => edition.hits).sort((a, b) => b.hit.score - a.hit.score || (a.hit.date < b.hit.date ? 1 : a.hit.date > b.hit.date ? -1 : 0));
    const shown = found.slice(0, READER_POLICY.maxHits);
    // The best hits show where the story was found, in its own words.
    const excerpts = await mapLimited(shown.slice(0, READER_POLICY.excerptHits), 6, async ({ hit, pointer }) => {
      const source = await excerptTextOf(hit.date, pointer, hit.slug).catch(() => undefined);
      const excerpt = source && searchExcerpt(source, q);
      // The excerpt in its story's language and direction: a Hebrew one set left to right put its
      // full stop and quotation marks at the wrong ends, and Japanese took Chinese glyph shapes.
      return excerpt && { ...excerpt, language: source.language, ...(writtenRightToLeft(source.language) ? { direction: 'rtl' as const } : {}) };
    });
    // The paper's name, for a reader whose first view is a search (no edition loaded to name it):
    // the hits' paper, where they are all one paper's (the newest edition's named another paper
    // over every hit from an older one), none where they are several papers', and with no hit the
    // newest edition's. Its language and direction with it, as the edition's manifest gives them.
    const hitPapers = new Set(shown.map(({ pointer }) => pointer.paper));
    const named = shown.length > 0 ? (hitPapers.size === 1 ? shown[0].pointer : undefined) : perEdition.find((edition) => edition.pointer?.paper)?.pointer ?? undefined;
    const paper = named?.paper;
    const paperWords = named && typeof named.language === 'string' ? { paperLanguage: named.language, ...(named.direction === 'rtl' ? { paperDirection: 'rtl' as const } : {}) } : {};
    return json(200, {
      query: q,
      // Editions that were searched: a date asked for with no edition served there is none.
      searched: perEdition.filter((edition) => Boolean(edition.pointer)).length,
      // Every story found and the editions they are in, where more were found than `hits` holds
      // (READER_POLICY.maxHits): "50 articles found" said of the best 50 of 73.
      ...(found.length > shown.length ? { found: found.length, foundEditions: new Set(found.map(({ hit }) => hit.date)).size } : {}),
      ...(paper ? { paper, ...paperWords } : {}),
      // Each hit in its story's language, from the manifest: a hit without an excerpt (past the
      // best 20, or an older version) had none, and its Hebrew headline was read out as English.
      hits: shown.map(({ hit: { date, slug, headline, page }, pointer }, i) => ({
        date, slug, headline, page, ...languages.get(pointer)?.get(slug), ...(excerpts[i] ? { excerpt: excerpts[i] } : {}),
        // The words searched for where the headline holds them (additive): a story found by its
        // headline alone showed no mark, its excerpt being its standfirst.
        ...headlineMarksOf(headline, q),
      })),
    });
  }

  /** `{headlineMarks}` where the headline holds words of the query, else nothing. */
  function headlineMarksOf(headline: string, q: string): { headlineMarks?: [number, number][] } {
    const marks = headlineMarks(headline, q);
    return marks.length > 0 ? { headlineMarks: marks } : {};
  }

  /** A story's text for excerpts, from the served version's own article file (none for a version without one). */
  async function excerptTextOf(date: string, pointer: ServedPointer, slug: string): Promise<ExcerptText | undefined> {
    if (!SLUG.test(slug) || !pointer.files?.[readerPaths.article(slug)]) return undefined;
    const key = `editions/${date}/${pointer.version}${readerPaths.article(slug)}`;
    const cached = excerptTexts.get(key);
    if (cached) return cached;
    const bytes = await deps.getObject(key);
    if (!bytes) return undefined;
    const article = JSON.parse(new TextDecoder().decode(bytes)) as ReaderArticle;
    const source: ExcerptText = { ...excerptSource(article), language: typeof article.language === 'string' ? article.language : 'en' };
    excerptTexts.set(key, source);
    if (excerptTexts.size > READER_POLICY.cachedExcerptTexts) excerptTexts.delete(excerptTexts.keys().next().value!);
    return source;
  }

  async function newestDates(): Promise<string[]> {
    const dates = (await deps.servedDates()).filter(isDate);
    return [...new Set(dates)].sort().reverse().slice(0, READER_POLICY.searchEditions);
  }

  async function searchIndexOf(date: string, pointer: ServedPointer): Promise<LoadedSearchIndex | undefined> {
    if (!pointer.files?.[readerPaths.search]) return undefined;
    const key = `editions/${date}/${pointer.version}${readerPaths.search}`;
    const cached = indexes.get(key);
    if (cached) {
      indexes.delete(key);
      indexes.set(key, cached);
      return cached;
    }
    const bytes = await deps.getObject(key);
    if (!bytes) return undefined;
    const index = loadSearchIndex(new TextDecoder().decode(bytes));
    indexes.set(key, index);
    if (indexes.size > READER_POLICY.cachedIndexes) indexes.delete(indexes.keys().next().value!);
    return index;
  }

  async function imageLink(date: string, pointer: ServedPointer, relative: string | undefined): Promise<string | undefined> {
    // Keys in the manifest are relative to `editions/<date>/` and must stay inside its version.
    if (!relative || !relative.startsWith(pointer.version) || !isSafeRelative(relative)) return undefined;
    if (pointer.files && !pointer.files[relative.slice(pointer.version.length)]) return undefined;
    return deps.presign(`editions/${date}/${relative}`, deps.linkLifetimeSeconds);
  }
}

type PageView = {
  date: string;
  paper: string;
  page: number;
  pageCount: number;
  section: string;
  widthPx?: number;
  heightPx?: number;
  image?: string;
  imageSmall?: string;
  links: ({ slug: string; headline: string; x: number; y: number; width: number; height: number } & Partial<LanguageOfText>)[];
  articles: ({ slug: string; headline: string } & Partial<LanguageOfText>)[];
};

/** ` lang="…" dir="…"` for a headline in another language than the page document's (English), else nothing. */
function languageAttributes(story: Partial<LanguageOfText>): string {
  if (!story.language || story.language.toLowerCase() === 'en') return '';
  return ` lang="${escapeHtml(story.language)}" dir="${story.direction === 'rtl' ? 'rtl' : 'ltr'}"`;
}

/** The page as a standalone document: the image, each story's box a link to its article view. */
function pageHtml(view: PageView): string {
  const title = `${isolatedIfRightToLeft(view.paper)}, ${view.date}, page ${view.page} of ${view.pageCount}`;
  const w = view.widthPx ?? 1;
  const h = view.heightPx ?? 1;
  const pct = (v: number, of: number) => `${Math.round((v / of) * 10000) / 100}%`;
  const boxes = view.links
    .map((l) => `<a class="box" href="${escapeHtml(readerHref(view.date, 'articles', l.slug))}" style="left:${pct(l.x, w)};top:${pct(l.y, h)};width:${pct(l.width, w)};height:${pct(l.height, h)}"><span class="sr"${languageAttributes(l)}>${escapeHtml(l.headline)}</span></a>`)
    .join('');
  const image = view.image ? `<img src="${escapeHtml(view.image)}" alt="Page ${view.page}: ${escapeHtml(view.section)}">` : '<p>No page image for this edition.</p>';
  // Each headline in its story's language: a Hebrew one was read out as English.
  const list = view.articles.map((a) => `<li><a href="${escapeHtml(readerHref(view.date, 'articles', a.slug))}"${languageAttributes(a)}>${escapeHtml(a.headline)}</a></li>`).join('');
  const nav = [
    view.page > 1 ? `<a rel="prev" href="${escapeHtml(readerHref(view.date, 'pages', String(view.page - 1)))}">Previous page</a>` : '',
    view.page < view.pageCount ? `<a rel="next" href="${escapeHtml(readerHref(view.date, 'pages', String(view.page + 1)))}">Next page</a>` : '',
  ].join(' ');
  return document(title, 'en', `<main><h1>${escapeHtml(title)}</h1><nav aria-label="Pages">${nav}</nav>` +
    `<div class="page">${image}${boxes}</div><h2>On this page</h2><ul>${list}</ul></main>`,
    '.page{position:relative;max-width:100%}.page img{display:block;width:100%;height:auto}.box{position:absolute;display:block}.box:focus,.box:hover{outline:3px solid #1a5fb4}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}');
}

/** A block of the story as the API answers it: a figure's storage path becomes a short-lived link. */
type ViewBlock = Exclude<ReaderBlock, { kind: 'figure' }> | { kind: 'figure'; alt: string; caption?: string; credit?: string; url?: string };

/** A language and its direction as the reader's views carry them: `direction` only for right to left. */
interface LanguageOfText {
  readonly language: string;
  readonly direction?: 'rtl';
}

function languageOfText(language: string): LanguageOfText {
  return { language, ...(writtenRightToLeft(language) ? { direction: 'rtl' as const } : {}) };
}

/** Each story's language by its slug, where the manifest records it (none before it did). */
function languagesOf(pointer: ServedPointer): Map<string, LanguageOfText> {
  const languages = new Map<string, LanguageOfText>();
  for (const article of pointer.articles) if (typeof article.language === 'string' && article.language) languages.set(article.slug, languageOfText(article.language));
  return languages;
}

/** The edition's language and direction, where its manifest records them. */
function editionLanguageOf(pointer: ServedPointer): Partial<LanguageOfText> {
  return typeof pointer.language === 'string' && pointer.language ? languageOfText(pointer.language) : {};
}

/** A story's text for excerpts, and the language it is written in. */
type ExcerptText = ReturnType<typeof excerptSource> & { readonly language: string };

type ArticleView = Omit<ReaderArticle, 'photo' | 'body'> & {
  body: readonly ViewBlock[];
  date: string;
  paper: string;
  /** When this story was corrected after the edition was first published, oldest first (ISO times). */
  correctedAt: readonly string[];
  /** When an editor's rollback brought back an earlier text of it, oldest first (ISO times). */
  restoredAt: readonly string[];
  linkExpiresInSeconds: number;
  photo?: { alt: string; caption?: string; credit?: string; url?: string };
};

function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sharedPage(status: number, title: string, message: string): ReaderResponse {
  const page = html(document(title, 'en', `<main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Sign in to the e-paper</a></p></main>`, 'main{max-width:40rem;margin:0 auto;padding:1rem}', ROBOTS_NOINDEX));
  return { ...page, headers: { ...page.headers, 'x-robots-tag': 'noindex' }, status };
}

const ROBOTS_NOINDEX = '<meta name="robots" content="noindex">';

/**
 * What a chat or social app shows for a shared link (Open Graph): the headline, the standfirst or
 * the story's opening paragraph, the paper, and the photo while its link lasts (the app fetches it when the
 * link is posted). And no search engine indexes it.
 */
function sharedStoryHead(view: ArticleView): string {
  const meta = (property: string, content: string) => `<meta property="${property}" content="${escapeHtml(content)}">`;
  // The standfirst, else the opening paragraph (whole words, "…" where it goes on).
  const opening = view.body.find((block) => block.kind === 'paragraph');
  const description = searchExcerpt(excerptSource({ body: opening ? [opening] : [], standfirst: view.standfirst }), '')?.text;
  const photo = view.photo?.url && /^https?:\/\//.test(view.photo.url) ? view.photo : undefined;
  return [
    ROBOTS_NOINDEX,
    meta('og:type', 'article'),
    meta('og:site_name', view.paper),
    meta('og:title', view.headline),
    description ? meta('og:description', description) : '',
    description ? `<meta name="description" content="${escapeHtml(description)}">` : '',
    meta('og:locale', view.language.replace('-', '_')),
    meta('article:section', view.section),
    photo ? meta('og:image', photo.url!) + meta('og:image:alt', photo.alt) : '',
    `<meta name="twitter:card" content="${photo ? 'summary_large_image' : 'summary'}">`,
  ].join('');
}

/**
 * The page's own sentences (the meter's note, "Corrected …", "Printed in …", the invitation to sign
 * in) are English, left to right, whatever the story's language: in a Hebrew story they took its
 * direction, and "Printed in <paper>, 6 December 2019, on page 1." showed its words out of order
 * and its full stop first. The paper's name in them is isolated (`bdi`), as the reader isolates an
 * upload's text inside its sentences.
 */
const OUR_WORDS = ' lang="en" dir="ltr"';

/**
 * The story reflowed: the paper's name over it (a link to the e-paper), one h1, the article's
 * language, text escaped (it is plain text, never HTML). A shared story carries the meter's note and
 * its link preview.
 */
export function articleHtml(view: ArticleView, shared?: SharedStoryPage): string {
  const rightToLeft = writtenRightToLeft(view.language);
  const out: string[] = [`<header class="paper"><a href="/"${paperNameAttributes(view.paper, view.language, shared?.edition)}>${escapeHtml(view.paper)}</a></header>`,
    `<main>${shared ? `<p class="note"${OUR_WORDS}>${escapeHtml(shared.note)}</p>` : ''}<article lang="${escapeHtml(view.language)}"${rightToLeft ? ' dir="rtl"' : ''}>`, '<header>'];
  out.push(`<p class="kicker">${escapeHtml(view.section)}</p><h1>${escapeHtml(view.headline)}</h1>`);
  if (view.standfirst) out.push(`<p class="standfirst">${escapeHtml(view.standfirst)}</p>`);
  if (view.byline) out.push(`<p class="byline">${escapeHtml(view.byline)}</p>`);
  if (view.correctedAt.length + view.restoredAt.length > 0) out.push(`<p class="corrected"${OUR_WORDS}>${escapeHtml(correctedNote(view.correctedAt, view.restoredAt))}</p>`);
  out.push('</header>');
  if (view.photo?.url) out.push(figureHtml({ ...view.photo, url: view.photo.url }));
  // The dateline runs into the first paragraph, as in print.
  const first = view.body.findIndex((block) => block.kind === 'paragraph');
  view.body.forEach((block, i) => out.push(blockHtml(block, i === first ? view.dateline : undefined)));
  if (view.signOff) out.push(`<p class="signoff">— ${escapeHtml(view.signOff)}</p>`);
  const printed = view.pages.map((p) => `<a href="${escapeHtml(readerHref(view.date, 'pages', String(p)))}">page ${p}</a>`).join(', ');
  if (printed) out.push(`<footer${OUR_WORDS}><p>Printed in <bdi>${escapeHtml(view.paper)}</bdi>, ${escapeHtml(longDate(view.date))}, on ${printed}.</p></footer>`);
  out.push('</article>');
  // The reader's own page is where a subscriber signs in; the paper's subscription offer is not ours to link.
  if (shared) out.push(`<p class="subscribe"${OUR_WORDS}>Subscribers read the whole edition, page by page: <a href="/">sign in to <bdi>${escapeHtml(view.paper)}</bdi></a>.</p>`);
  out.push('</main>');
  return document(`${isolatedIfRightToLeft(view.headline)} · ${isolatedIfRightToLeft(view.paper)}`, view.language, out.join(''),
    fontFaceRules(shared?.faces ?? []) +
      // The page follows its story's direction (document's dir): the meter's note and the
      // invitation to sign in, English, stand at a right-to-left story's right, where its lines start.
      'html[dir=rtl] .note,html[dir=rtl] .subscribe{text-align:right}' +
      '.paper{border-bottom:3px double #1b1b1b;padding:.6rem 1rem .4rem;text-align:center}.paper a{color:#1b1b1b;text-decoration:none;font-weight:700;font-size:1.5rem}' +
      '.subscribe{background:#f3efe4;padding:.75rem;font-family:EpHebrew,system-ui,sans-serif}' +
      'main{max-width:40rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{border-collapse:collapse;margin:1rem 0;font:.95rem EpHebrew,system-ui,sans-serif}th,td{padding:.2rem .6rem;border-bottom:1px solid #d9d4c7;text-align:start}.num{text-align:right}blockquote{margin:1rem 1.5rem;font-style:italic}.vl{display:block;padding-inline-start:1em;text-indent:-1em}' +
      // A right-to-left story's cells and verse from its right, and the page's English lines in it
      // at its right, where its lines start, the note's rule at that side (all stood at the left).
      'article[dir=rtl] footer,article[dir=rtl] .corrected{text-align:right}article[dir=rtl] .corrected{border-left:0;border-right:4px solid #8c1c13}' +
      '.note{background:#f3efe4;padding:.5rem .75rem;font-family:EpHebrew,system-ui,sans-serif;font-size:.9rem}.kicker{color:#8c1c13;font:700 .8rem EpHebrew,system-ui,sans-serif;text-transform:uppercase;letter-spacing:.08em}' +
      '.corrected{border-left:4px solid #8c1c13;padding:.25rem .75rem;font:.9rem EpHebrew,system-ui,sans-serif}.standfirst{font-size:1.15rem}.byline{color:#555;font:600 .9rem EpHebrew,system-ui,sans-serif}figure{margin:1rem 0}figcaption{color:#555;font-size:.88rem}footer{border-top:1px solid #d9d4c7;margin-top:1.5rem;font-size:.95rem}',
    shared ? sharedStoryHead(view) : '', rightToLeft ? 'rtl' : undefined);
}

/** What a shared story's page adds to the story: the meter's note, the edition's faces and its language. */
interface SharedStoryPage {
  readonly note: string;
  /** The faces the reader sets the edition's Hebrew in, carried inside the page. @default none */
  readonly faces?: readonly EmbeddedFace[];
  /** The edition's language and direction, which its paper's name is written in. @default the story's */
  readonly edition?: Partial<LanguageOfText>;
}

/** A font face carried inside a page: its bytes in base64. */
interface EmbeddedFace {
  readonly family: string;
  readonly weight: number;
  readonly unicodeRange: string;
  readonly base64: string;
}

/** `@font-face` rules for faces carried in the page (data: URLs; the page's CSP allows `font-src data:` then, and nothing else). */
function fontFaceRules(faces: readonly EmbeddedFace[]): string {
  return faces.map((face) => `@font-face{font-family:${face.family};font-weight:${face.weight};font-display:block;unicode-range:${face.unicodeRange};src:url(data:font/ttf;base64,${face.base64}) format("truetype")}`).join('');
}

/**
 * ` lang="…" dir="…"` for the paper's name in the masthead when the edition's language is not the
 * page's (a Hebrew paper's name over an English story) and the name is written in it (a Latin name
 * in a right-to-left paper stays the page's), as the reader's masthead (`paperWords`).
 */
function paperNameAttributes(paper: string, pageLanguage: string, edition: Partial<LanguageOfText> | undefined): string {
  if (!edition?.language || edition.language.toLowerCase() === pageLanguage.toLowerCase()) return '';
  if (edition.direction === 'rtl' && !RIGHT_TO_LEFT_LETTER.test(paper)) return '';
  return ` lang="${escapeHtml(edition.language)}" dir="${edition.direction === 'rtl' ? 'rtl' : 'ltr'}"`;
}

/**
 * "Corrected 1 December 2026, 20:48 UTC", and any later times, and when an earlier text was brought
 * back: the server knows no reader's time zone.
 */
function correctedNote(corrected: readonly string[], restored: readonly string[] = []): string {
  const told = (times: readonly string[]) => times.map((at) => {
    const when = new Date(at);
    if (Number.isNaN(when.getTime())) return at;
    return `${printedDate(when)}, ${when.toISOString().slice(11, 16)} UTC`;
  }).join('; ');
  return [
    corrected.length > 0 ? `Corrected ${told(corrected)}. This story was changed after the edition was first published.` : '',
    restored.length > 0 ? `Its earlier text was restored ${told(restored)}.` : '',
  ].filter(Boolean).join(' ');
}

/** "4 December 2019" for 2019-12-04: the date as the paper prints it. */
function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return printedDate(new Date(Date.UTC(y, m - 1, d)));
}

/** A moment's day in UTC, as the paper prints dates ("4 December 2019"). */
function printedDate(when: Date): string {
  return when.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** A photo with its caption and credit under it: the story's own, or one of its text. */
function figureHtml(photo: { url: string; alt: string; caption?: string; credit?: string }): string {
  // As print sets it: the credit after a dash.
  const caption = [photo.caption, photo.credit ? `— ${photo.credit}` : undefined].filter(Boolean).map((s) => escapeHtml(s!)).join(' ');
  return `<figure><img src="${escapeHtml(photo.url)}" alt="${escapeHtml(photo.alt)}">${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

function blockHtml(block: ViewBlock, dateline: string | undefined): string {
  switch (block.kind) {
    case 'figure':
      return block.url ? figureHtml({ ...block, url: block.url }) : '';
    case 'crosshead':
      return `<h2>${escapeHtml(block.text)}</h2>`;
    case 'quotation':
      return `<blockquote><p>${verseLines(block.runs)?.map((line) => `<span class="vl">${runsHtml(line)}</span>`).join('') ?? runsHtml(block.runs)}</p></blockquote>`;
    case 'list-item':
      return `<p class="item">${escapeHtml(block.marker ?? '•')} ${runsHtml(block.runs)}</p>`;
    case 'table': {
      // Columns of figures flush right, as in print.
      const cell = (text: string, c: number, header: boolean) => {
        const align = block.figures?.[c] ? ' class="num"' : '';
        return header ? `<th scope="col"${align}>${escapeHtml(text)}</th>` : `<td${align}>${escapeHtml(text)}</td>`;
      };
      return `<table>${block.rows.map((row) => `<tr>${row.cells.map((text, c) => cell(text, c, row.header === true)).join('')}</tr>`).join('')}</table>`;
    }
    default:
      return `<p>${dateline ? `<span class="dateline">${escapeHtml(dateline)} — </span>` : ''}${runsHtml(block.runs)}</p>`;
  }
}

/**
 * A quotation's lines when the writer ended them (verse), each line's runs with their emphasis: a
 * line of its own that runs over hangs an em in, as in print. Undefined for prose.
 */
function verseLines(runs: readonly TextRun[]): TextRun[][] | undefined {
  return hasLineBreak(runs) ? writerLines(runs) : undefined;
}

function runsHtml(runs: readonly TextRun[]): string {
  return runs
    .map((r) => {
      // A line the writer ended (LINE_BREAK) ends here too.
      let text = escapeHtml(r.text).replaceAll(LINE_BREAK, '<br>');
      if (r.italic) text = `<em>${text}</em>`;
      if (r.bold) text = `<strong>${text}</strong>`;
      return text;
    })
    .join('');
}

/** Where a browser opens a view: the reader page's route (a link cannot carry the bearer token). */
export function readerHref(date: string, kind: 'pages' | 'articles', name: string): string {
  return `/#/editions/${date}/${kind}/${encodeURIComponent(name)}`;
}

function document(title: string, lang: string, body: string, css: string, head = '', dir?: 'rtl'): string {
  return `<!doctype html><html lang="${escapeHtml(lang)}"${dir ? ` dir="${dir}"` : ''}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title>${head}<style>body{font:17px/1.5 EpHebrew,Georgia,serif;margin:0}${css}</style></head><body>${body}</body></html>`;
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function prefersHtml(accept: string | undefined): boolean {
  const value = (accept ?? '').toLowerCase();
  const htmlAt = value.indexOf('text/html');
  const jsonAt = value.indexOf('application/json');
  return htmlAt !== -1 && (jsonAt === -1 || htmlAt < jsonAt);
}

function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** A served version's name, as a link may carry it: "8d58…" of `versions/8d58…/`. */
export function versionName(pointer: Pick<ServedPointer, 'version'>): string {
  return pointer.version.replace(/^versions\//, '').replace(/\/$/, '');
}

/** The address a reader loads a version's font face from, cached for as long as the version lives (fontFace). */
export function fontFacePath(date: string, face: string, pointer: Pick<ServedPointer, 'version'>): string {
  return `/editions/${date}/fonts/${encodeURIComponent(face)}?${new URLSearchParams({ version: versionName(pointer) })}`;
}

function isSafeRelative(key: string): boolean {
  return key !== '' && !key.startsWith('/') && !key.includes('\\') && key.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

function headers(contentType: string): Record<string, string> {
  return { 'content-type': contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
}

function json(status: number, body: unknown): ReaderResponse {
  return { status, headers: headers('application/json; charset=utf-8'), body: JSON.stringify(body) };
}

function html(body: string, options: { fontsInPage?: boolean } = {}): ReaderResponse {
  return {
    status: 200,
    headers: {
      ...headers('text/html; charset=utf-8'),
      vary: 'Accept, Authorization',
      // Nothing in these documents runs; images come only from presigned links, and faces (the
      // shared page's) only from the page itself.
      'content-security-policy': `default-src 'none'; img-src https: http:;${options.fontsInPage ? ' font-src data:;' : ''} style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    },
    body,
  };
}

function noSuchEdition(date: string): ReaderResponse {
  return json(404, { error: 'not_found', message: `No edition is published for ${date}.` });
}

