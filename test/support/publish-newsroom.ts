/**
 * Test support: a newsroom of forty published older dates and one more, DATE, whose publications,
 * rollbacks and take-downs the pending-repair marker tests cut short (publish-markers,
 * publish-act-markers), and what a subscriber sees of DATE afterwards.
 */
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { silentLogger } from '../../lambdas/adapters/logger';
import type { ObjectStore } from '../../lambdas/core/object-store';
import { editionKeys, publishProof, renderAndPublish, rollbackEdition, withdrawEdition, type EditionIndex, type PublicationHistory, type PublishedManifest } from '../../lambdas/core/publish';
import { fakeBuilder } from '../handlers/fake-builder';
import { Killed, pdfLinkAnswer } from './publish-crash';

/** An older date: outside the week either side of T that the schedule walks. */
export const DATE = '2026-01-10';
/**
 * A minute whose turn over the index's older dates (ten a run of the forty-one newsroom() lists)
 * reaches neither DATE nor, at LATER, DATE again: a run whose turn reaches it finishes it with or
 * without a marker, and the tests would not tell the marker's work from the turn's.
 */
export const T = new Date('2026-04-01T05:02:00Z');
/** A schedule run once every marker a killed process left is past its age (SCHEDULED_PUBLISH_POLICY.abandonedMarkerMinutes). */
export const LATER = new Date(T.getTime() + 16 * 60_000);
export const article = (headline: string) => `---\nheadline: ${headline}\n---\nBody of ${headline}.\n`;

/** The store as a process killed just after the change of `key` sees it. */
export function killedAfter(store: MemoryObjectStore, key: string): ObjectStore {
  const kill = async <T>(changed: string, act: () => Promise<T>): Promise<T> => {
    const result = await act();
    if (changed === key) throw new Killed(`killed after ${key}`);
    return result;
  };
  return {
    get: (k, judged) => store.get(k, judged),
    head: (k) => store.head(k),
    list: (prefix) => store.list(prefix),
    delete: (k) => kill(k, () => store.delete(k)),
    put: (k, body, contentType) => kill(k, () => store.put(k, body, contentType)),
    putIfUnchanged: (k, body, contentType, etag) => kill(k, () => store.putIfUnchanged(k, body, contentType, etag)),
  };
}

/** What subscribers get: the date's archive line (its version), and what its PDF link serves. */
export async function subscriberView(editions: MemoryObjectStore): Promise<{ listed?: string; status: number; served?: string }> {
  const index = editions.text(editionKeys.index);
  const listed = index === undefined ? undefined : (JSON.parse(index) as EditionIndex).editions.find((entry) => entry.date === DATE)?.fingerprint;
  const res = await pdfLinkAnswer(editions, DATE);
  const served = res.status === 302 ? /versions\/([^/]+)\/edition\.pdf$/.exec(res.headers.location)?.[1] : undefined;
  return { ...(listed ? { listed } : {}), status: res.status, ...(served ? { served } : {}) };
}

type BuildEdition = Parameters<typeof renderAndPublish>[0]['build'];

/**
 * A newsroom whose index lists forty older dates besides DATE, each published and consistent (a
 * pointer naming the listed version): the schedule's turn over them reaches DATE once in four runs.
 * `build` makes DATE's versions (fake-builder's by default).
 */
export function newsroom(build: BuildEdition = fakeBuilder()) {
  const content = new MemoryObjectStore();
  const editions = new MemoryObjectStore();
  const plant = async () => {
    const others = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10));
    for (const date of others) await editions.put(editionKeys.pointer(date), JSON.stringify({ date, fingerprint: `old${date}` }), 'application/json');
    const index: EditionIndex = { editions: others.map((date) => ({ date, fingerprint: `old${date}`, pageCount: 1, paper: 'tabloid', headline: date })) };
    await editions.put(editionKeys.index, JSON.stringify(index), 'application/json');
  };
  const render = (store: ObjectStore = editions) =>
    renderAndPublish({ content, editions: store, renderSignal: new MemoryRenderSignal(), build, logger: silentLogger, now: () => T, defaultPublish: 'proof' })(DATE);
  const upload = (file: string, text: string) => content.put(`articles/${DATE}/${file}`, text, 'text/markdown');
  const pointer = () => (JSON.parse(editions.text(editionKeys.pointer(DATE))!) as PublishedManifest).fingerprint;
  const history = () => (JSON.parse(editions.text(editionKeys.history(DATE)) ?? '{"publications":[]}') as PublicationHistory).publications;
  /** The copy's bytes are the PDF of the version named, or there is none. */
  const copyOf = () => {
    const copy = editions.text(editionKeys.currentPdf(DATE));
    return copy === undefined ? undefined : /%PDF-fake (\S+)/.exec(copy)?.[1];
  };
  return { content, editions, plant, render, upload, pointer, history, copyOf };
}

export type Room = ReturnType<typeof newsroom>;

/** Alpha published by an editor, then Bravo added: a proof that corrects it. */
export async function publishedThenCorrected(room: Room): Promise<void> {
  await room.plant();
  await room.upload('a.md', article('Alpha'));
  await room.render();
  await publishProof(room.editions, DATE, T);
  await room.upload('b.md', article('Bravo'));
  await room.render();
}

/** The keys of DATE's pending-repair markers standing, either form. */
export function markersOf(editions: MemoryObjectStore, date = DATE): Promise<string[]> {
  return editions.list(`editions/pending/${date}`).then((listed) => listed.map((o) => o.key).filter((key) => key === `editions/pending/${date}` || key.startsWith(`editions/pending/${date}/`)));
}

/** An editor's act on the date, and the state it starts from: what the crash tests kill at every change. */
export interface EditorAct {
  readonly setup: (room: Room) => Promise<void>;
  readonly act: (room: Room, editions: ObjectStore) => Promise<unknown>;
}

/** The editor's three acts on a published date: a correction published, a rollback, a withdrawal. */
export const EDITOR_ACTS: Readonly<Record<string, EditorAct>> = {
  'an editor publishing a correction': { setup: publishedThenCorrected, act: (_room, editions) => publishProof(editions, DATE, T) },
  'an editor rolling back': {
    setup: async (room) => {
      await publishedThenCorrected(room);
      await publishProof(room.editions, DATE, T);
    },
    act: (room, editions) => rollbackEdition(editions, DATE, room.history()[0].version, T),
  },
  'an editor withdrawing': {
    setup: async (room) => {
      await room.plant();
      await room.upload('a.md', article('Alpha'));
      await room.render();
      await publishProof(room.editions, DATE, T);
    },
    act: (_room, editions) => withdrawEdition(editions, DATE, T),
  },
};
