/**
 * Issue 12, case 1 and "Done when": a render killed at every step of publishing — before, between
 * and after every object write, and in the middle of one (a torn object, as a kill leaves a file on
 * the embedded store) — never leaves subscribers anything but a complete PDF of a published
 * version, and the next render finishes or replaces what was half done.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { silentLogger } from '../../lambdas/adapters/logger';
import type { ObjectStore } from '../../lambdas/core/object-store';
import { editionKeys, publishDueProofs, publishProof, renderAndPublish, rollbackEdition, withdrawEdition, type EditionIndex, type PublicationHistory, type PublishedManifest } from '../../lambdas/core/publish';
import { isCompletePdf, pdfFakeBuilder } from '../support/pdf-fake-builder';
import { Killed, killedAtChange, listedDates, pdfLinkAnswer } from '../support/publish-crash';

const DATE = '2026-04-01';
const article = (headline: string) => `---\nheadline: ${headline}\n---\nBody of ${headline}.\n`;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The editions bucket as a crashing process sees it: the n-th write is cut short in the given way.
 * A PUT replaces an object whole on S3 and on the embedded store (bin/dev.ts writes through a
 * temporary file and a rename), so a pointer is never torn; a torn object is still modelled for
 * everything else, as a store that acknowledged a short write would leave it.
 */
function killedAt(store: MemoryObjectStore, n: number, how: 'before' | 'torn' | 'after'): ObjectStore {
  let writes = 0;
  const write = async (key: string, body: Uint8Array | string, contentType: string, conditional?: { etag: string | undefined }) => {
    if (writes++ === n) {
      if (how === 'torn' && !key.endsWith('.json')) {
        const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
        await store.put(key, bytes.slice(0, bytes.byteLength >> 1), contentType);
      } else if (how === 'after') {
        if (conditional) await store.putIfUnchanged(key, body, contentType, conditional.etag);
        else await store.put(key, body, contentType);
      }
      throw new Killed(`killed ${how} write ${n} (${key})`);
    }
    if (conditional) return store.putIfUnchanged(key, body, contentType, conditional.etag);
    await store.put(key, body, contentType);
    return true;
  };
  return {
    get: (key, judged) => store.get(key, judged),
    head: (key) => store.head(key),
    list: (prefix) => store.list(prefix),
    delete: (key) => store.delete(key),
    put: async (key, body, contentType) => {
      await write(key, body, contentType);
    },
    putIfUnchanged: (key, body, contentType, etag) => write(key, body, contentType, { etag }),
  };
}

/** What a subscriber downloads now: the API's 302 followed to the object it names. */
async function subscriberPdf(editions: MemoryObjectStore): Promise<{ status: number; key?: string; body?: Uint8Array }> {
  const res = await pdfLinkAnswer(editions, DATE);
  if (res.status !== 302) return { status: res.status };
  const key = res.headers.location.replace('https://s3.invalid/', '');
  return { status: 302, key, body: (await editions.get(key))?.body };
}

describe('publishing killed at every step', () => {
  it('serves only complete PDFs of published versions, and the next render repairs every kill', async () => {
    // Three input sets in turn: the first published, then a story added, then a story deleted.
    const steps = [
      { put: { 'a.md': article('Alpha'), 'b.md': article('Bravo') } as Record<string, string>, del: [] as string[] },
      { put: { 'c.md': article('Charlie') }, del: [] },
      { put: {}, del: ['b.md'] },
    ];
    // The number of editions-bucket writes a publish of step 2 makes, counted on a clean run.
    const probe = new MemoryObjectStore();
    {
      const content = new MemoryObjectStore();
      const ports = { content, editions: probe, renderSignal: new MemoryRenderSignal(), build: pdfFakeBuilder(), logger: silentLogger, now: () => new Date('2026-03-14T05:00:00Z'), defaultPublish: 'auto' as const };
      for (const [name, text] of Object.entries(steps[0].put)) await content.put(`articles/${DATE}/${name}`, text, 'text/markdown');
      await renderAndPublish(ports)(DATE);
      probe.journal.length = 0;
      for (const [name, text] of Object.entries(steps[1].put)) await content.put(`articles/${DATE}/${name}`, text, 'text/markdown');
      await renderAndPublish(ports)(DATE);
    }
    const writesPerPublish = probe.journal.filter((line) => line.startsWith('put ')).length;
    expect(writesPerPublish).toBeGreaterThan(4);

    let scenarios = 0;
    for (const stepIndex of [1, 2]) {
      for (let n = 0; n < writesPerPublish; n++) {
        for (const how of ['before', 'torn', 'after'] as const) {
          scenarios++;
          const content = new MemoryObjectStore();
          const editions = new MemoryObjectStore();
          const build = pdfFakeBuilder();
          const ports = { content, editions, renderSignal: new MemoryRenderSignal(), build, logger: silentLogger, now: () => new Date('2026-03-14T05:00:00Z'), defaultPublish: 'auto' as const };
          const published = new Set<string>();
          // A published version: one a pointer named, with the PDF its version folder held then.
          const remember = async () => {
            const pointer = editions.text(editionKeys.pointer(DATE));
            if (!pointer) return;
            const pdf = await editions.get(`${editionKeys.version(DATE, (JSON.parse(pointer) as PublishedManifest).fingerprint)}edition.pdf`);
            if (isCompletePdf(pdf?.body)) published.add(sha(pdf!.body));
          };
          for (let s = 0; s < stepIndex; s++) {
            for (const [name, text] of Object.entries(steps[s].put)) await content.put(`articles/${DATE}/${name}`, text, 'text/markdown');
            for (const name of steps[s].del) await content.delete(`articles/${DATE}/${name}`);
            await renderAndPublish(ports)(DATE);
            await remember();
          }
          const label = `step ${stepIndex}, killed ${how} write ${n}`;
          for (const [name, text] of Object.entries(steps[stepIndex].put)) await content.put(`articles/${DATE}/${name}`, text, 'text/markdown');
          for (const name of steps[stepIndex].del) await content.delete(`articles/${DATE}/${name}`);

          await expect(renderAndPublish({ ...ports, editions: killedAt(editions, n, how) })(DATE), label).rejects.toThrow(Killed);
          await remember();
          const afterKill = await subscriberPdf(editions);
          expect(afterKill.status, label).toBe(302);
          expect(isCompletePdf(afterKill.body), `${label}: ${afterKill.key}`).toBe(true);
          expect(published.has(sha(afterKill.body!)), label).toBe(true);

          // The next render (the queue's retry, or a restart's reconciliation) finishes the job.
          const retry = await renderAndPublish(ports)(DATE);
          expect(['published', 'unchanged'], label).toContain(retry.kind);
          await remember();
          const pointer = JSON.parse(editions.text(editionKeys.pointer(DATE))!) as PublishedManifest;
          const expected = stepIndex === 1 ? ['Alpha', 'Bravo', 'Charlie'] : ['Alpha', 'Charlie'];
          expect(pointer.articles.map((a) => a.headline).sort(), label).toEqual(expected);
          const served = await subscriberPdf(editions);
          expect(isCompletePdf(served.body), label).toBe(true);
          expect(served.key, label).toBe(`${editionKeys.version(DATE, pointer.fingerprint)}edition.pdf`);
          expect(sha(served.body!), label).toBe(pointer.files?.['edition.pdf'].sha256);
          // And the render after that has nothing left to do.
          expect((await renderAndPublish(ports)(DATE)).kind, label).toBe('unchanged');
        }
      }
    }
    expect(scenarios).toBe(2 * writesPerPublish * 3);
  });
});

/**
 * Whether the subscribers' list names the date (as the API lists it: the index, and for a date
 * whose pending-repair marker stands its pointer and history), and what its PDF link gives. From
 * the 82nd round a take-down's date is served to no subscriber once its history line is written,
 * so the index alone, which it changes next, listed it unserved for one change.
 */
async function subscriberView(editions: MemoryObjectStore): Promise<{ listed: boolean; status: number; key?: string; body?: Uint8Array }> {
  const listed = (await listedDates(editions)).includes(DATE);
  return { listed, ...(await subscriberPdf(editions)) };
}

describe('publishing, correcting, rolling back, withdrawing and unpublishing killed at every change, deletions included', () => {
  const T = new Date('2026-03-31T05:00:00Z');
  const upload = (content: MemoryObjectStore, file: string, text: string) => content.put(`articles/${DATE}/${file}`, text, 'text/markdown');
  type Room = { content: MemoryObjectStore; editions: MemoryObjectStore; render: (editions?: ObjectStore) => Promise<unknown> };
  /** Alpha published, then a proof with Bravo added awaiting the editor. */
  const publishedThenCorrected = async ({ content, editions, render }: Room) => {
    await upload(content, 'a.md', article('Alpha'));
    await render();
    await publishProof(editions, DATE, T);
    await upload(content, 'b.md', article('Bravo'));
    await render();
  };
  const acts: Record<string, { setup: (room: Room) => Promise<void>; act: (room: Room, editions: ObjectStore) => Promise<unknown>; servedAfter: boolean }> = {
    'an editor publishing a correction': {
      setup: publishedThenCorrected,
      act: (_room, editions) => publishProof(editions, DATE, T),
      servedAfter: true,
    },
    'an editor rolling back': {
      setup: async (room) => {
        await publishedThenCorrected(room);
        await publishProof(room.editions, DATE, T);
      },
      act: ({ editions: store }, editions) => rollbackEdition(editions, DATE, JSON.parse(store.text(editionKeys.history(DATE))!).publications[0].version, T),
      servedAfter: true,
    },
    'an editor withdrawing': {
      setup: async ({ content, editions, render }) => {
        await upload(content, 'a.md', article('Alpha'));
        await render();
        await publishProof(editions, DATE, T);
      },
      act: (_room, editions) => withdrawEdition(editions, DATE, T),
      servedAfter: false,
    },
    'a `publish: auto` render unpublishing a date whose files were deleted': {
      setup: async ({ content, render }) => {
        await upload(content, 'edition.yaml', 'publish: auto\n');
        await upload(content, 'a.md', article('Alpha'));
        await render();
        await content.delete(`articles/${DATE}/a.md`);
      },
      act: ({ render }, editions) => render(editions),
      servedAfter: false,
    },
  };

  for (const [name, { setup, act, servedAfter }] of Object.entries(acts)) {
    it(`${name}: the last good edition or none, never a torn PDF, never a listed date unserved, and the schedule finishes what was cut short`, async () => {
      let listedUnserved = 0;
      let kills = 0;
      for (let n = 0; ; n++) {
        let finished = false;
        for (const how of ['before', 'after'] as const) {
          const content = new MemoryObjectStore();
          const editions = new MemoryObjectStore();
          const build = pdfFakeBuilder();
          const render = (store?: ObjectStore) =>
            renderAndPublish({ content, editions: store ?? editions, renderSignal: new MemoryRenderSignal(), build, logger: silentLogger, now: () => T, defaultPublish: 'proof' })(DATE);
          const room = { content, editions, render };
          await setup(room);
          const before = await subscriberView(editions);
          const published = new Set([sha(before.body!)]);
          const label = `${name}, killed ${how} change ${n}`;
          try {
            await act(room, killedAtChange(editions, n, how));
            finished = true;
            break;
          } catch (error) {
            if (!(error instanceof Killed)) throw error;
          }
          kills++;
          for (const version of (JSON.parse(editions.text(editionKeys.history(DATE)) ?? '{"publications":[]}') as PublicationHistory).publications) {
            const pdf = await editions.get(editionKeys.versionPdf(DATE, version.version));
            if (pdf) published.add(sha(pdf.body));
          }
          const after = await subscriberView(editions);
          // What a kill leaves: a complete PDF of a published version, or (taking the date away) none.
          if (after.status === 302) {
            expect(isCompletePdf(after.body), label).toBe(true);
            expect(published.has(sha(after.body!)), label).toBe(true);
          } else {
            expect(servedAfter, `${label}: answered ${after.status}`).toBe(false);
          }
          if (after.listed && after.status !== 302) listedUnserved++;

          // The next minute's schedule finishes a take-down whose line is written (what an editor
          // or the render asked for) and lists what is served; it never leaves a listed date unserved.
          const history = (JSON.parse(editions.text(editionKeys.history(DATE)) ?? '{"publications":[]}') as PublicationHistory).publications;
          const takenDown = ['withdraw', 'unpublish'].includes(history.at(-1)?.action ?? '');
          await publishDueProofs(editions, T);
          const scheduled = await subscriberView(editions);
          expect(scheduled.listed, `${label}, then the schedule: answered ${scheduled.status}`).toBe(scheduled.status === 302);
          if (takenDown) expect(scheduled.status, `${label}, then the schedule`).toBe(404);
          if (scheduled.status === 302) {
            const listedVersion = (JSON.parse(editions.text(editionKeys.index)!) as EditionIndex).editions.find((entry) => entry.date === DATE)?.fingerprint;
            expect(listedVersion, `${label}, then the schedule`).toBe((JSON.parse(editions.text(editionKeys.pointer(DATE))!) as PublishedManifest).fingerprint);
          }

          // Finished by what comes next: the editor's repeat, the render queue's retry.
          await act(room, editions);
          const pointer = editions.text(editionKeys.pointer(DATE));
          const settled = await subscriberView(editions);
          expect(settled.status, label).toBe(servedAfter ? 302 : 404);
          expect(settled.listed, label).toBe(servedAfter);
          const copy = (await editions.get(editionKeys.currentPdf(DATE)))?.body;
          if (servedAfter) {
            const served = (JSON.parse(pointer!) as PublishedManifest).fingerprint;
            expect((JSON.parse(editions.text(editionKeys.index)!) as EditionIndex).editions.find((entry) => entry.date === DATE)?.fingerprint, label).toBe(served);
            expect(copy && sha(copy), label).toBe(sha(settled.body!));
          } else {
            expect(copy, label).toBeUndefined();
          }
        }
        if (finished) break;
      }
      expect(kills).toBeGreaterThan(4);
      // Taken away, a date's index line goes before its pointer (takeDown): it went after, and a
      // kill between them (two states for a withdrawal, two for an unpublish) left subscribers a
      // listed date answering 404 until a retry or the schedule.
      expect(listedUnserved).toBe(0);
    });
  }
});
