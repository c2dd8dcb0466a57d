import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { EDITION_HTML_TYPE } from '../../lambdas/core/edition';
import { editionKeys, renderAndPublish, servedPdfKey, type EditionIndex, type PublishedManifest, type PublishPorts } from '../../lambdas/core/publish';
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { silentLogger } from '../../lambdas/adapters/logger';
import { fakeBuilder } from './fake-builder';
import { loadEditionResources } from '../../lambdas/adapters/resources';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { buildEdition } from '../../lambdas/core/build-edition';
import type { Asset, EncodedPageImages, Renderer, RenderOptions, RenderResult } from '../../lambdas/core/ports';

const DATE = '2026-03-14';

function setup(overrides: Partial<PublishPorts> = {}) {
  const content = new MemoryObjectStore();
  const editions = new MemoryObjectStore();
  const renderSignal = new MemoryRenderSignal();
  const build = fakeBuilder();
  const ports: PublishPorts = { content, editions, renderSignal, build, logger: silentLogger, thumbnailWidthPx: 120, now: () => new Date('2026-03-14T05:00:00Z'), defaultPublish: 'auto', ...overrides };
  return { content, editions, renderSignal, build, ports, publish: renderAndPublish(ports) };
}

const article = (headline: string) => `---\nheadline: ${headline}\n---\nBody of ${headline}.\n`;
const json = <T>(store: MemoryObjectStore, key: string): T => JSON.parse(store.text(key) ?? 'null') as T;

/** `store`, whose reads are answered by `source` and recorded in `fetched`. */
function recordingGets<T extends { get: MemoryObjectStore['get'] }>(store: T, source: MemoryObjectStore, fetched: string[]): T {
  store.get = async (key, judged) => {
    fetched.push(key);
    return source.get(key, judged);
  };
  return store;
}

describe('renderAndPublish', () => {
  it('stores what does not depend on the print while the edition prints, verifies it with the rest, and writes nothing twice', async () => {
    const inner = fakeBuilder();
    let storedWhilePrinting: string[] = [];
    const { content, editions, publish } = setup({
      build: async (source, request) => {
        const outcome = await inner(source, request);
        if (!outcome.ok) return outcome;
        const html = { contentType: EDITION_HTML_TYPE, body: new TextEncoder().encode(outcome.edition.html) };
        request.onFilesReady?.(new Map([...outcome.edition.assets, ['edition.html', html]]));
        // Printing: the writes above go on meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 20));
        storedWhilePrinting = [...editions.objects.keys()];
        return outcome;
      },
    });
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');

    const outcome = await publish(DATE);

    expect(outcome.kind).toBe('published');
    if (outcome.kind !== 'published') return;
    const version = `editions/${DATE}/versions/${outcome.fingerprint}/`;
    expect(storedWhilePrinting).toEqual(expect.arrayContaining([`${version}edition.html`, `${version}assets/fonts/body.ttf`]));
    expect(storedWhilePrinting).not.toContain(`${version}edition.pdf`);
    const writes = editions.journal.filter((line) => line.startsWith(`put ${version}`));
    expect(writes.length).toBeGreaterThan(3);
    expect(new Set(writes).size).toBe(writes.length);
    // The early files are part of the verified version like every other.
    const pointer = json<PublishedManifest>(editions, editionKeys.pointer(DATE));
    const html = editions.objects.get(`${version}edition.html`)!.body;
    expect(pointer.files?.['edition.html']?.sha256).toBe(createHash('sha256').update(html).digest('hex'));
    expect(editions.objects.get(`${version}edition.html`)!.contentType).toBe(EDITION_HTML_TYPE);
  });

  it('stores each page image the build hands over while the next is taken, and does not write it again', async () => {
    const inner = fakeBuilder();
    const pageImage = { contentType: 'image/webp', body: new Uint8Array([82, 73, 70, 70]) };
    let storedBeforeTheBuildEnded: string[] = [];
    const { content, editions, publish } = setup({
      build: async (source, request) => {
        const outcome = await inner(source, request);
        if (!outcome.ok) return outcome;
        request.onFilesReady?.(new Map([['edition.html', { contentType: EDITION_HTML_TYPE, body: new TextEncoder().encode(outcome.edition.html) }]]));
        // The print, then the first page's screenshot encoded while the second is taken.
        await new Promise((resolve) => setTimeout(resolve, 10));
        request.onFilesReady?.(new Map([['pages/page-1.webp', pageImage]]));
        await new Promise((resolve) => setTimeout(resolve, 20));
        storedBeforeTheBuildEnded = [...editions.objects.keys()];
        return { ...outcome, edition: { ...outcome.edition, readerFiles: new Map([...(outcome.edition.readerFiles ?? []), ['pages/page-1.webp', pageImage]]) } };
      },
    });
    // edition.html is slow to store: its write is still under way when the page image is handed over.
    const put = editions.put.bind(editions);
    editions.put = async (key, body, contentType) => {
      if (key.endsWith('/edition.html')) await new Promise((resolve) => setTimeout(resolve, 60));
      return put(key, body, contentType);
    };
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');

    const outcome = await publish(DATE);

    expect(outcome.kind).toBe('published');
    if (outcome.kind !== 'published') return;
    const version = `editions/${DATE}/versions/${outcome.fingerprint}/`;
    expect(storedBeforeTheBuildEnded).toContain(`${version}pages/page-1.webp`);
    // The second hand-over did not replace the first: the version waited for both, and wrote neither again.
    const writes = editions.journal.filter((line) => line.startsWith(`put ${version}`));
    expect(writes).toEqual(expect.arrayContaining([`put ${version}edition.html`, `put ${version}pages/page-1.webp`]));
    expect(new Set(writes).size).toBe(writes.length);
    expect(json<PublishedManifest>(editions, editionKeys.pointer(DATE)).files?.['pages/page-1.webp']?.bytes).toBe(4);
  });

  it('writes again with the version an early file whose write failed', async () => {
    const inner = fakeBuilder();
    const { content, editions } = setup();
    let failed = false;
    // The editions bucket, refusing the first write of edition.html once.
    const flaky = new Proxy(editions, {
      get(target, property) {
        if (property === 'put') {
          return async (key: string, body: Uint8Array | string, contentType: string) => {
            if (!failed && key.endsWith('/edition.html')) {
              failed = true;
              throw new Error('503 Slow Down');
            }
            return target.put(key, body, contentType);
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const publish = renderAndPublish({
      content,
      editions: flaky,
      renderSignal: new MemoryRenderSignal(),
      logger: silentLogger,
      now: () => new Date('2026-03-14T05:00:00Z'),
      defaultPublish: 'auto',
      build: async (source, request) => {
        const outcome = await inner(source, request);
        if (outcome.ok) request.onFilesReady?.(new Map([['edition.html', { contentType: EDITION_HTML_TYPE, body: new TextEncoder().encode(outcome.edition.html) }]]));
        return outcome;
      },
    });
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');

    const outcome = await publish(DATE);

    expect(failed).toBe(true);
    expect(outcome.kind).toBe('published');
    if (outcome.kind !== 'published') return;
    expect(editions.text(`editions/${DATE}/versions/${outcome.fingerprint}/edition.html`)).toContain('Alpha');
  });

  it('writes and verifies the version first, then the pointer, then the convenience copy and the index', async () => {
    const { content, editions, publish } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    await content.put(`articles/${DATE}/images/a.jpg`, new Uint8Array([0xff, 0xd8]), 'image/jpeg');

    const outcome = await publish(DATE);

    expect(outcome.kind).toBe('published');
    if (outcome.kind !== 'published') return;
    const version = `editions/${DATE}/versions/${outcome.fingerprint}/`;
    const writes = editions.journal.filter((line) => line.startsWith('put '));
    const position = (key: string) => writes.indexOf(`put ${key}`);
    for (const key of [`${version}edition.pdf`, `${version}edition.html`, `${version}assets/fonts/body.ttf`, `${version}thumbnails/page-1.png`]) {
      expect(position(key)).toBeGreaterThanOrEqual(0);
      expect(position(key)).toBeLessThan(position(`${version}manifest.json`));
    }
    expect(position(`${version}manifest.json`)).toBeLessThan(position(editionKeys.pointer(DATE)));
    // The pointer is the one write that publishes; the copy that is rewritten in place comes after it.
    expect(position(editionKeys.pointer(DATE))).toBeLessThan(position(editionKeys.currentPdf(DATE)));
    expect(position(editionKeys.pointer(DATE))).toBeLessThan(position(editionKeys.index));
    expect(writes.filter((w) => w === `put ${editionKeys.pointer(DATE)}`)).toHaveLength(1);

    const pointer = json<PublishedManifest>(editions, editionKeys.pointer(DATE));
    expect(pointer.fingerprint).toBe(outcome.fingerprint);
    expect(servedPdfKey(DATE, pointer)).toBe(`${version}edition.pdf`);
    const pdf = editions.objects.get(`${version}edition.pdf`)!.body;
    expect(pointer.files?.['edition.pdf']).toEqual({
      bytes: pdf.byteLength,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      md5: createHash('md5').update(pdf).digest('hex'),
    });
    expect(pointer.articles.map((a) => a.headline)).toEqual(['Alpha']);
    expect(pointer.pages[0].thumbnail).toBe(`versions/${outcome.fingerprint}/thumbnails/page-1.png`);
    // The thumbnail key is relative to editions/<date>/ and exists there.
    expect(editions.objects.has(`editions/${DATE}/${pointer.pages[0].thumbnail}`)).toBe(true);
    expect(json<EditionIndex>(editions, editionKeys.index).editions).toEqual([
      { date: DATE, fingerprint: outcome.fingerprint, pageCount: 1, paper: 'The Test Times', headline: 'Alpha' },
    ]);
  });

  it("names the lead headline's language in the index where the manifest gives it, for the reader's archive", async () => {
    const { content, editions, publish } = setup();
    await content.put(`articles/${DATE}/a.md`, `---\nheadline: גשר חדש בתל אביב\nlanguage: he\n---\nגוף.\n`, 'text/markdown');
    const outcome = await publish(DATE);
    if (outcome.kind !== 'published') throw new Error(`not published: ${outcome.kind}`);
    expect(json<EditionIndex>(editions, editionKeys.index).editions).toEqual([
      { date: DATE, fingerprint: outcome.fingerprint, pageCount: 1, paper: 'The Test Times', headline: 'גשר חדש בתל אביב', headlineLanguage: 'he', headlineDirection: 'rtl' },
    ]);
  });

  it('does not build or write anything for inputs it already published', async () => {
    const { content, editions, build, publish } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    const first = await publish(DATE);
    const writesAfterFirst = editions.journal.length;

    const second = await publish(DATE);

    expect(second.kind).toBe('unchanged');
    expect(build.calls).toBe(1);
    // Only the mark of when this render began, so that requests sent before it are covered.
    expect(editions.journal.slice(writesAfterFirst)).toEqual([`put ${editionKeys.lastRender(DATE)}`]);
    const versions = new Set((await editions.list(`editions/${DATE}/versions/`)).map((o) => o.key.split('/')[3]));
    expect(versions).toEqual(new Set([first.kind === 'published' ? first.fingerprint : '']));
  });

  it('keeps the old edition readable when the pointer write fails, and the retry completes without rebuilding', async () => {
    const { content, editions, build, ports } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    const old = await renderAndPublish(ports)(DATE);
    await content.put(`articles/${DATE}/a.md`, article('Alpha revised'), 'text/markdown');

    let failPointer = true;
    const crashingEditions = Object.create(editions) as MemoryObjectStore;
    crashingEditions.put = async (key, body, type) => {
      if (failPointer && key === editionKeys.pointer(DATE)) throw new Error('injected crash before the pointer swap');
      return editions.put(key, body, type);
    };
    const crashing = renderAndPublish({ ...ports, editions: crashingEditions });
    await expect(crashing(DATE)).rejects.toThrow('injected crash');

    const stillServed = json<PublishedManifest>(editions, editionKeys.pointer(DATE));
    expect(old.kind === 'published' && stillServed.fingerprint).toBe(old.kind === 'published' && old.fingerprint);
    expect(stillServed.articles[0].headline).toBe('Alpha');

    failPointer = false;
    const retry = await crashing(DATE);
    expect(retry).toMatchObject({ kind: 'published', rebuilt: false });
    expect(build.calls).toBe(2);
    expect(json<PublishedManifest>(editions, editionKeys.pointer(DATE)).articles[0].headline).toBe('Alpha revised');
    expect(json<EditionIndex>(editions, editionKeys.index).editions[0].headline).toBe('Alpha revised');
  });

  it('keeps every date in the index when renders of different dates publish at the same moment', async () => {
    const dates = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14'];
    const editions = new MemoryObjectStore();
    const plainGet = editions.get.bind(editions);
    const waiting: (() => void)[] = [];
    let firstRound = true;
    // The worst interleaving: every render reads the index before any of them writes it.
    editions.get = async (key: string) => {
      const found = await plainGet(key);
      if (key === editionKeys.index && firstRound) {
        await new Promise<void>((release) => {
          waiting.push(release);
          if (waiting.length === dates.length) {
            firstRound = false;
            for (const go of waiting) go();
          }
        });
      }
      return found;
    };
    const { content, publish } = setup({ editions });
    for (const date of dates) await content.put(`articles/${date}/a.md`, article(`Story of ${date}`), 'text/markdown');

    const outcomes = await Promise.all(dates.map((date) => publish(date)));

    expect(outcomes.map((o) => o.kind)).toEqual(dates.map(() => 'published'));
    expect(json<EditionIndex>(editions, editionKeys.index).editions.map((e) => e.date)).toEqual([...dates].reverse());
  });

  it('rewrites a corrupt index instead of failing every publish', async () => {
    const { content, editions, publish } = setup();
    await editions.put(editionKeys.index, '{ not json', 'application/json');
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');

    expect((await publish(DATE)).kind).toBe('published');
    expect(json<EditionIndex>(editions, editionKeys.index).editions.map((e) => e.date)).toEqual([DATE]);
  });

  it('unpublishes a date whose articles were all deleted, keeping its versions', async () => {
    const { content, editions, publish } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    await content.put(`articles/2026-03-13/b.md`, article('Yesterday'), 'text/markdown');
    await publish(DATE);
    await publish('2026-03-13');
    expect(json<EditionIndex>(editions, editionKeys.index).editions.map((e) => e.date)).toEqual([DATE, '2026-03-13']);

    await content.delete(`articles/${DATE}/a.md`);
    const outcome = await publish(DATE);

    expect(outcome.kind).toBe('unpublished');
    expect(editions.objects.has(editionKeys.pointer(DATE))).toBe(false);
    expect(editions.objects.has(editionKeys.currentPdf(DATE))).toBe(false);
    expect(json<EditionIndex>(editions, editionKeys.index).editions.map((e) => e.date)).toEqual(['2026-03-13']);
    expect((await editions.list(`editions/${DATE}/versions/`)).length).toBeGreaterThan(0);
  });

  it('keeps the published edition and records the rejection when no input is usable', async () => {
    const { content, editions, publish } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    await publish(DATE);
    await content.put(`articles/${DATE}/a.md`, '', 'text/markdown');

    const outcome = await publish(DATE);

    expect(outcome.kind).toBe('rejected');
    expect(json<PublishedManifest>(editions, editionKeys.pointer(DATE)).articles[0].headline).toBe('Alpha');
    const record = json<{ rejected: { file: string }[] }>(editions, editionKeys.rejections(DATE));
    expect(record.rejected.map((r) => r.file)).toEqual(['a.md']);
  });

  it('lists an empty file beside good articles as rejected in the new manifest', async () => {
    const { content, editions, publish } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    await content.put(`articles/${DATE}/empty.md`, '', 'text/markdown');

    await publish(DATE);

    const pointer = json<PublishedManifest>(editions, editionKeys.pointer(DATE));
    expect(pointer.rejected.map((r) => r.file)).toEqual(['empty.md']);
    expect(pointer.articles.map((a) => a.headline)).toEqual(['Alpha']);
  });

  it('publishes beside an upload whose name is too long for a report of its own, which the manifest lists as refused', async () => {
    const { content, editions, publish } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    // Its own key (1,024 bytes) S3 takes; its report's (1,028) it refuses, and that failed the render.
    const long = `${'b'.repeat(1001)}.md`;
    await content.put(`articles/${DATE}/${long}`, article('Beta'), 'text/markdown');

    expect((await publish(DATE)).kind).toBe('published');

    const pointer = json<PublishedManifest>(editions, editionKeys.pointer(DATE));
    expect(pointer.articles.map((a) => a.headline)).toEqual(['Alpha']);
    expect(pointer.rejected.map((r) => r.file)).toEqual([long]);
    expect((await content.list(`reports/${DATE}/`)).map((o) => o.key)).toEqual([`reports/${DATE}/a.md.json`]);
  });

  it('requests another render when the inputs change while it builds', async () => {
    const { content, renderSignal, ports } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    const build = fakeBuilder();
    const racing = renderAndPublish({
      ...ports,
      build: async (source, request) => {
        await content.put(`articles/${DATE}/late.md`, article('Late'), 'text/markdown');
        return build(source, request);
      },
    });

    const outcome = await racing(DATE);

    expect(outcome.requeued).toBe(true);
    expect(renderSignal.sent).toEqual([DATE]);
    const quiet = await renderAndPublish(ports)(DATE);
    expect(quiet).toMatchObject({ kind: 'published', requeued: false });
  });

  it('rebuilds a published version whose PDF was torn, instead of answering "unchanged"', async () => {
    const { content, editions, build, publish } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    const first = await publish(DATE);
    const pointer = json<PublishedManifest>(editions, editionKeys.pointer(DATE));
    const served = servedPdfKey(DATE, pointer)!;
    // What a kill during the write left on a file-backed store: a 0-byte object.
    await editions.put(served, new Uint8Array(), 'application/pdf');

    const again = await publish(DATE);

    expect(again).toMatchObject({ kind: 'published', rebuilt: true });
    expect(build.calls).toBe(2);
    expect(first.kind === 'published' && first.fingerprint).toBe(again.kind === 'published' && again.fingerprint);
    expect(new TextDecoder().decode(editions.objects.get(served)!.body)).toMatch(/^%PDF/);
  });

  it('never swaps the pointer to a version whose objects do not verify', async () => {
    const { content, editions, ports } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    const old = await renderAndPublish(ports)(DATE);
    await content.put(`articles/${DATE}/a.md`, article('Alpha revised'), 'text/markdown');
    // A store that acknowledges the PDF write but keeps half of it.
    const lossy = Object.create(editions) as MemoryObjectStore;
    lossy.put = async (key, body, type) =>
      editions.put(key, key.endsWith('/edition.pdf') && typeof body !== 'string' ? body.slice(0, body.byteLength >> 1) : body, type);

    await expect(renderAndPublish({ ...ports, editions: lossy })(DATE)).rejects.toThrow(/did not verify/);

    expect(json<PublishedManifest>(editions, editionKeys.pointer(DATE)).fingerprint).toBe(old.kind === 'published' && old.fingerprint);
    const retry = await renderAndPublish(ports)(DATE);
    expect(retry).toMatchObject({ kind: 'published', rebuilt: true });
    expect(json<PublishedManifest>(editions, editionKeys.pointer(DATE)).articles[0].headline).toBe('Alpha revised');
  });

  it('verifies a new version by the MD5 ETags of one listing, downloading none of it again', async () => {
    // A proof: nothing after the version's check (the convenience copy of a publication) reads it.
    const { content, editions, ports } = setup({ defaultPublish: 'proof' });
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    const fetched: string[] = [];
    const watched = Object.create(editions) as MemoryObjectStore;
    watched.get = async (key) => {
      fetched.push(key);
      return editions.get(key);
    };

    const outcome = await renderAndPublish({ ...ports, editions: watched })(DATE);

    expect(outcome).toMatchObject({ kind: 'proofed', rebuilt: true });
    // Only the look for a version left by an earlier attempt, before building.
    expect(fetched.filter((key) => key.includes('/versions/'))).toEqual([`editions/${DATE}/versions/${outcome.kind === 'proofed' ? outcome.fingerprint : ''}/manifest.json`]);
  });

  it('downloads and hashes the objects whose ETag is no plain MD5 (multipart, KMS), and still refuses a damaged one', async () => {
    const { content, editions, ports } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    // S3's ETag of a multipart upload: not the MD5 of the bytes.
    const multipart = (store: MemoryObjectStore) => {
      const wrapped = Object.create(store) as MemoryObjectStore;
      wrapped.list = async (prefix) => (await store.list(prefix)).map((o) => ({ ...o, etag: `"${o.etag.replace(/"/g, '')}-2"` }));
      return wrapped;
    };
    // Keeps the PDF's length but not its bytes, so only a checksum can tell.
    const damaging = Object.create(editions) as MemoryObjectStore;
    damaging.put = async (key, body, type) =>
      editions.put(key, key.endsWith('/edition.pdf') && typeof body !== 'string' ? new Uint8Array(body.byteLength).fill(0x20) : body, type);
    await expect(renderAndPublish({ ...ports, editions: multipart(damaging) })(DATE)).rejects.toThrow(/did not verify after writing \(edition\.pdf: checksum mismatch\)/);
    expect(editions.objects.has(editionKeys.pointer(DATE))).toBe(false);

    const fetched: string[] = [];
    const outcome = await renderAndPublish({ ...ports, editions: recordingGets(multipart(editions), editions, fetched) })(DATE);
    expect(outcome).toMatchObject({ kind: 'published', rebuilt: true });
    expect(fetched).toContain(`editions/${DATE}/versions/${outcome.kind === 'published' ? outcome.fingerprint : ''}/edition.pdf`);
  });

  it('takes an ETag that looks like an MD5 but is not the bytes\' (an SSE-KMS bucket) to the SHA-256, not for damage', async () => {
    const { content, editions, ports } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    const kms = Object.create(editions) as MemoryObjectStore;
    kms.list = async (prefix) => (await editions.list(prefix)).map((o) => ({ ...o, etag: `"${createHash('md5').update(`kms:${o.key}`).digest('hex')}"` }));
    const fetched: string[] = [];
    const outcome = await renderAndPublish({ ...ports, editions: recordingGets(kms, editions, fetched) })(DATE);
    expect(outcome).toMatchObject({ kind: 'published', rebuilt: true });
    expect(fetched).toContain(`editions/${DATE}/versions/${outcome.kind === 'published' ? outcome.fingerprint : ''}/edition.pdf`);
  });

  it('writes the newsroom\'s reports while the version is written, not after it', async () => {
    const { content, editions, ports } = setup({ defaultPublish: 'proof' });
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    const order: string[] = [];
    const recording = (store: MemoryObjectStore) => {
      const wrapped = Object.create(store) as MemoryObjectStore;
      wrapped.put = async (key, body, type) => {
        order.push(key);
        return store.put(key, body, type);
      };
      return wrapped;
    };

    const outcome = await renderAndPublish({ ...ports, content: recording(content), editions: recording(editions) })(DATE);

    expect(outcome.kind).toBe('proofed');
    const firstReport = order.findIndex((key) => key.startsWith(`reports/${DATE}/`));
    const versionManifest = order.findIndex((key) => key.endsWith('/manifest.json') && key.includes('/versions/'));
    expect(firstReport).toBeGreaterThanOrEqual(0);
    expect(firstReport).toBeLessThan(versionManifest);
    // The proof still comes after the version is complete.
    expect(order.indexOf(editionKeys.proof(DATE))).toBeGreaterThan(versionManifest);
  });

  it('never downloads inputs the build will not read: foreign types and oversized files are judged by their listing', async () => {
    const { content, ports } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    await content.put(`articles/${DATE}/video.mov`, new Uint8Array(64), 'video/quicktime');
    await content.put(`articles/${DATE}/huge.md`, new Uint8Array(1024 * 1024 + 1), 'text/markdown');
    await content.put(`articles/${DATE}/notes\\draft.md`, article('Draft'), 'text/markdown');
    const fetched: string[] = [];
    const watched = Object.create(content) as MemoryObjectStore;
    watched.get = async (key, judged) => {
      fetched.push(key);
      return content.get(key, judged);
    };

    const outcome = await renderAndPublish({ ...ports, content: watched })(DATE);

    expect(outcome.kind).toBe('published');
    expect(fetched.filter((k) => k.startsWith('articles/'))).toEqual([`articles/${DATE}/a.md`]);
  });

  it('reads each input as listed: one replaced by a 2 MiB file after the listing is judged again by its new size, never downloaded', async () => {
    const { content, ports } = setup();
    const key = `articles/${DATE}/story.md`;
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    await content.put(key, article('Small'), 'text/markdown');
    const list = content.list.bind(content);
    let replaced = false;
    content.list = async (prefix) => {
      const listing = await list(prefix);
      if (!replaced && prefix.startsWith('articles/')) {
        replaced = true;
        await content.put(key, new Uint8Array(2 * 1024 * 1024).fill(0x61), 'text/markdown');
      }
      return listing;
    };
    let largest = 0;
    const build = fakeBuilder();
    const outcome = await renderAndPublish({
      ...ports,
      build: async (source, request) => {
        for (const entry of await source.list()) largest = Math.max(largest, (await source.read(entry.name).catch(() => new Uint8Array())).byteLength);
        return build(source, request);
      },
    })(DATE);

    expect(outcome).toMatchObject({ kind: 'published', requeued: false });
    expect(largest).toBeLessThan(1024);
    const pointer = json<PublishedManifest>(ports.editions as MemoryObjectStore, editionKeys.pointer(DATE));
    expect(pointer.rejected).toEqual([{ file: 'story.md', reason: 'not an article, or too large' }]);
  });

  it('refuses a malformed date instead of listing the wrong prefix', async () => {
    const { publish } = setup();
    await expect(publish('2026-3-1')).rejects.toThrow('not an edition date');
  });

  it('writes the reader\'s files into the version, lists and verifies them, and keys page images like thumbnails', async () => {
    const plain = fakeBuilder();
    const build: PublishPorts['build'] = async (source, request) => {
      // Publishing asks for the reader's files (the CLI and the benchmark do not).
      expect(request).toMatchObject({ readerFiles: true, pageImageWidthPx: 1600 });
      const outcome = await plain(source, request);
      if (!outcome.ok) return outcome;
      const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46]);
      const readerFiles = new Map([
        ['pages/page-1.webp', { contentType: 'image/webp', body: webp }],
        ['articles/a.json', { contentType: 'application/json', body: new TextEncoder().encode('{"slug":"a"}') }],
        ['search.json', { contentType: 'application/json', body: new TextEncoder().encode('{}') }],
      ]);
      const pages = outcome.edition.manifest.pages.map((p) => ({ ...p, image: 'pages/page-1.webp', links: [{ slug: 'a', x: 1, y: 2, width: 3, height: 4 }] }));
      return { ok: true, edition: { ...outcome.edition, readerFiles, manifest: { ...outcome.edition.manifest, pages } } };
    };
    const { content, editions, publish } = setup({ build, pageImageWidthPx: 1600 });
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    const outcome = await publish(DATE);
    if (outcome.kind !== 'published') throw new Error(outcome.kind);
    const pointer = json<PublishedManifest>(editions, editionKeys.pointer(DATE));
    const version = `versions/${outcome.fingerprint}/`;
    for (const path of ['pages/page-1.webp', 'articles/a.json', 'search.json']) {
      expect(pointer.files?.[path]?.bytes, path).toBe(editions.objects.get(`editions/${DATE}/${version}${path}`)!.body.byteLength);
    }
    expect(pointer.pages[0].image).toBe(`${version}pages/page-1.webp`);
    expect(pointer.pages[0].links).toEqual([{ slug: 'a', x: 1, y: 2, width: 3, height: 4 }]);
    // A damaged search index makes the version untrustworthy: the next render rebuilds it.
    await editions.put(`editions/${DATE}/${version}search.json`, '{"x":1}', 'application/json');
    await editions.delete(editionKeys.pointer(DATE));
    const again = await publish(DATE);
    expect(again).toMatchObject({ kind: 'published', rebuilt: true });
  });
});

describe('a correction rendered by a fresh process', () => {
  it('takes the unchanged pages\' images and fitted photos from the published version, checked against its checksums, and makes the rest', async () => {
    // The sample edition's own date: its articles are dated for it.
    const SAMPLE_DATE = '2019-12-04';
    const resources = await loadEditionResources();
    let takenNow: number[] = [];
    let build = 0;
    const renderer: Renderer = {
      async render(html: string, _assets: ReadonlyMap<string, Asset>, options: RenderOptions): Promise<RenderResult> {
        const numbers = [...html.matchAll(/<section class="page" data-page="(\d+)"/g)].map((match) => Number(match[1]));
        const shots = numbers.map((page, i) => (options.pageImagesKnown?.has(i) ? undefined : new Uint8Array([build, page])));
        shots.forEach((shot, i) => {
          if (shot) takenNow.push(numbers[i]);
        });
        const pdf = await PDFDocument.create();
        for (const _ of numbers) pdf.addPage([595, 842]);
        return { pdf: await pdf.save(), blockedRequests: [], pageImages: shots };
      },
    };
    /** A fresh image processor for every render: nothing remembered in the process. Its fits are counted. */
    let fits = 0;
    const freshImages = () => {
      const sharpImages = new SharpImages();
      return {
        fitSettings: sharpImages.fitSettings,
        probe: (bytes: Uint8Array) => sharpImages.probe(bytes),
        fit: (bytes: Uint8Array, w: number, h: number) => {
          fits++;
          return sharpImages.fit(bytes, w, h);
        },
        encodePageImages: async (shot: Uint8Array): Promise<EncodedPageImages> => ({ reading: shot, small: shot, thumbnailPng: shot }),
      };
    };
    const { content, editions, publish } = setup({
      pageImageWidthPx: 1600,
      now: () => new Date('2019-12-04T05:00:00Z'),
      build: (source, request) => buildEdition({ source, renderer, images: freshImages(), resources, logger: silentLogger, now: () => new Date('2019-12-04T05:00:00Z') })(request),
    });
    const samples = (await readdir('samples', { recursive: true })).filter((name) => /\.(md|json|txt|jpg|yaml)$/.test(name));
    for (const name of samples) await content.put(`articles/${SAMPLE_DATE}/${name}`, new Uint8Array(await readFile(join('samples', name))), 'application/octet-stream');
    const render = async () => {
      build++;
      takenNow = [];
      fits = 0;
      const outcome = await publish(SAMPLE_DATE);
      if (outcome.kind !== 'published') throw new Error(outcome.kind);
      const pointer = json<PublishedManifest>(editions, editionKeys.pointer(SAMPLE_DATE));
      const html = editions.text(`editions/${SAMPLE_DATE}/${pointer.html}`)!.split('<section class="page"').slice(1);
      /** Which render's screenshot each page's files hold, each file checked against the page. */
      const shotBuilds = pointer.pages.map((page) =>
        [page.image!, page.imageSmall!, page.thumbnail!].map((key) => {
          const body = editions.objects.get(`editions/${SAMPLE_DATE}/${key}`)!.body;
          expect(body[1], key).toBe(page.number);
          return body[0];
        }),
      );
      const photos = Object.fromEntries(Object.entries(pointer.files!).filter(([path]) => path.startsWith('assets/photos/')).map(([path, file]) => [path, file.sha256]));
      return { pointer, html, taken: takenNow.sort((a, b) => a - b), shotBuilds: shotBuilds.map(([first]) => first), fits, photos };
    };

    const first = await render();
    const pages = first.pointer.pages.map((page) => page.number);
    expect(first.taken).toEqual(pages);
    expect(first.pointer.pages.every((page) => typeof page.imageKey === 'string')).toBe(true);
    expect(first.fits).toBeGreaterThan(2);
    expect(Object.keys(first.pointer.fittedPhotos ?? {}).sort()).toEqual(Object.keys(first.photos).sort());
    // Each story's printed photo is named as its input, whose bytes the pointer records (a photo
    // replaced under its name is a correction of its story: articleChanges).
    const withPhotos = first.pointer.articles.filter((a) => a.photo);
    expect(withPhotos.length).toBe(8);
    for (const a of withPhotos) expect(first.pointer.sources, a.photo!).toHaveProperty([a.photo!]);

    // A correction that sets on as many lines: only its page is screenshot, the others are the
    // published version's images, written into the new version and verified with it.
    const story = `articles/${SAMPLE_DATE}/ha-noi-flood-sensors.md`;
    await content.put(story, content.text(story)!.replace('the largest early-warning network', 'the biggest early-warning network'), 'text/markdown');
    const corrected = await render();
    const changed = pages.filter((page) => corrected.html[page - 1] !== first.html[page - 1]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(pages.length);
    expect(corrected.pointer.fingerprint).not.toBe(first.pointer.fingerprint);
    expect(corrected.taken).toEqual(changed);
    expect(corrected.shotBuilds).toEqual(pages.map((page) => (changed.includes(page) ? 2 : 1)));
    // Its photos, in the same boxes, are the first version's: none fitted again.
    expect(corrected.fits).toBe(0);
    expect(corrected.photos).toEqual(first.photos);

    // An earlier image whose bytes no longer match its checksum is never reused: with another
    // correction, that page is screenshot again beside the corrected one.
    await content.put(story, content.text(story)!.replace('the biggest early-warning network', 'the widest early-warning network'), 'text/markdown');
    const damagedPage = pages.find((page) => !changed.includes(page))!;
    await editions.put(`editions/${SAMPLE_DATE}/${corrected.pointer.pages[damagedPage - 1].imageSmall}`, new Uint8Array([9, 9]), 'image/webp');
    // And a fitted photo of it replaced: that one is fitted again, the others are not.
    const damagedPhoto = Object.keys(corrected.photos)[0];
    await editions.put(`editions/${SAMPLE_DATE}/${corrected.pointer.version}${damagedPhoto}`, new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg');
    const again = await render();
    const changedAgain = pages.filter((page) => again.html[page - 1] !== corrected.html[page - 1]);
    expect(changedAgain).not.toContain(damagedPage);
    expect(again.taken).toEqual([...changedAgain, damagedPage].sort((a, b) => a - b));
    expect(again.shotBuilds[damagedPage - 1]).toBe(3);
    expect(again.fits).toBe(1);
    expect(again.photos).toEqual(first.photos);
  }, 60_000);
});
