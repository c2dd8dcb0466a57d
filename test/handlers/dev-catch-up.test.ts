/**
 * `epaper dev` runs no schedule: what a kill cut short in an editor's rollback or withdrawal was
 * finished only by the editor doing it again (the catch-up on start renders only dates whose
 * inputs changed). The catch-up now finishes it, as the schedule does in AWS.
 */
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../bin/dev';
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { silentLogger } from '../../lambdas/adapters/logger';
import type { ObjectStore } from '../../lambdas/core/object-store';
import { editionKeys, publishProof, renderAndPublish, rollbackEdition, withdrawEdition, type EditionIndex, type PublishedManifest } from '../../lambdas/core/publish';
import { fakeBuilder } from './fake-builder';

const T = new Date('2026-06-01T05:00:00Z');

/** The store as a process killed just after its write or deletion of `key` sees it. */
function killedAfter(store: MemoryObjectStore, key: string): ObjectStore {
  let dead = false;
  const change = async <R>(changed: string, act: () => Promise<R>): Promise<R> => {
    if (dead) throw new Error('killed');
    const result = await act();
    if (changed === key) dead = true;
    return result;
  };
  return {
    get: (k, judged) => store.get(k, judged),
    head: (k) => store.head(k),
    list: (prefix) => store.list(prefix),
    put: (k, body, type) => change(k, () => store.put(k, body, type)),
    putIfUnchanged: (k, body, type, etag) => change(k, () => store.putIfUnchanged(k, body, type, etag)),
    delete: (k) => change(k, () => store.delete(k)),
  };
}

describe('epaper dev catching up on start', () => {
  it('finishes a rollback cut short after its pointer and a withdrawal cut short after its history line', async () => {
    const content = new MemoryObjectStore();
    const editions = new MemoryObjectStore();
    const render = renderAndPublish({ content, editions, renderSignal: new MemoryRenderSignal(), build: fakeBuilder(), logger: silentLogger, now: () => T, defaultPublish: 'proof' });
    const [rolledBack, withdrawn] = ['2026-05-01', '2026-05-02'];
    for (const date of [rolledBack, withdrawn]) {
      await content.put(`articles/${date}/a.md`, 'headline: Alpha\n', 'text/markdown');
      await render(date);
      await publishProof(editions, date, T);
    }
    const first = (JSON.parse(editions.text(editionKeys.pointer(rolledBack))!) as PublishedManifest).fingerprint;
    await content.put(`articles/${rolledBack}/a.md`, 'headline: Alpha, corrected\n', 'text/markdown');
    await render(rolledBack);
    await publishProof(editions, rolledBack, T);
    // The editor's rollback, then the editor's withdrawal, each killed part way.
    await expect(rollbackEdition(killedAfter(editions, editionKeys.pointer(rolledBack)), rolledBack, first, T)).rejects.toThrow('killed');
    await expect(withdrawEdition(killedAfter(editions, editionKeys.history(withdrawn)), withdrawn, T)).rejects.toThrow('killed');
    const line = (date: string) => (JSON.parse(editions.text(editionKeys.index)!) as EditionIndex).editions.find((entry) => entry.date === date);
    expect(line(rolledBack)?.headline).toBe('Alpha, corrected');
    expect(line(withdrawn)).toBeDefined();
    expect(editions.objects.has(editionKeys.pointer(withdrawn))).toBe(true);

    const rendered: string[] = [];
    const caughtUp = await reconcile({ content, editions, ingest: () => {}, render: async (date) => void rendered.push(date), logger: silentLogger, now: () => T });

    expect(caughtUp.finished).toEqual([rolledBack, withdrawn]);
    // Subscribers' list: the restored version's line, and no withdrawn date; nothing served of it.
    expect(line(rolledBack)).toMatchObject({ fingerprint: first, headline: 'Alpha' });
    expect(line(withdrawn)).toBeUndefined();
    expect(editions.objects.has(editionKeys.pointer(withdrawn))).toBe(false);
    expect(editions.objects.has(editionKeys.currentPdf(withdrawn))).toBe(false);
    // Started again, nothing is left to finish.
    expect((await reconcile({ content, editions, ingest: () => {}, render: async () => {}, logger: silentLogger, now: () => T })).finished).toEqual([]);
  });
});
