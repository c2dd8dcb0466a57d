/**
 * The reader's search searches the editions the archive list shows, no more and no fewer: the
 * list's dates are the index's, corrected for each date a pending-repair marker names by its
 * pointer and its history's take-down line (servedArchiveLine). Search read the index alone, so
 * - a first publication cut short after its pointer (its index line not yet written) was served,
 *   listed, and missing from search until the schedule finished it;
 * - a withdrawal cut short after its history line (the date no longer listed, the index line not
 *   yet taken out) still gave the withdrawn edition's stories as hits, links to an edition being
 *   taken away, perhaps for a legal reason.
 */
import { describe, expect, it } from 'vitest';
import type { MemoryObjectStore } from '../../lambdas/adapters/memory-store';
import type { BuildOutcome } from '../../lambdas/core/edition';
import { editionKeys, publishProof, withdrawEdition } from '../../lambdas/core/publish';
import { buildSearchIndex, readerPaths } from '../../lambdas/core/reader';
import { createSubscriberApi } from '../../lambdas/core/subscriber-api';
import { Killed, killedAtChange } from '../support/publish-crash';
import { article, DATE, EDITOR_ACTS, killedAfter, newsroom, subscriberView, T } from '../support/publish-newsroom';
import { fakeBuilder } from './fake-builder';

/** fake-builder's editions with the reader's search index of their stories (headlines only). */
function searchableBuilder() {
  const build = fakeBuilder();
  return async (...args: Parameters<typeof build>): Promise<BuildOutcome> => {
    const outcome = await build(...args);
    if (!outcome.ok) return outcome;
    const stories = outcome.edition.manifest.articles.map((a) => ({ slug: a.slug, headline: a.headline, section: 'News', language: 'en', body: [], pages: a.pages }));
    const search = { contentType: 'application/json', body: new TextEncoder().encode(buildSearchIndex(stories)) };
    return { ...outcome, edition: { ...outcome.edition, readerFiles: new Map([[readerPaths.search, search]]) } };
  };
}

/** The subscriber API over the editions bucket, as the deployed one reads it (objects and listings). */
function api(editions: MemoryObjectStore) {
  const answer = createSubscriberApi({
    editions: { get: async (key) => (await editions.get(key))?.body, list: (prefix) => editions.list(prefix) },
    presign: async (key) => `https://s3.invalid/${key}`,
    verifyToken: async () => ({ ok: true, subject: 'reader' }),
    readerPage: '',
  });
  return async (path: string) => JSON.parse((await answer({ method: 'GET', path, headers: { authorization: 'Bearer t' } })).body) as Record<string, unknown>;
}

/** Whether DATE is in the archive list, and whether a search for `word` finds a story of DATE. */
async function listedAndFound(editions: MemoryObjectStore, word: string): Promise<{ listed: boolean; found: boolean }> {
  const get = api(editions);
  const list = (await get('/editions')).editions as { date: string }[];
  const hits = (await get(`/search?q=${word}`)).hits as { date: string }[];
  return { listed: list.some((line) => line.date === DATE), found: hits.some((hit) => hit.date === DATE) };
}

describe('search while a date is marked', () => {
  it('finds the stories of a first publication cut short after its pointer: served and listed, so searched', async () => {
    const room = newsroom(searchableBuilder());
    await room.plant();
    await room.upload('a.md', article('Zebracorn'));
    await room.render();
    await expect(publishProof(killedAfter(room.editions, editionKeys.pointer(DATE)), DATE, T)).rejects.toThrow(Killed);
    // The index has no line for the date yet; its PDF is served.
    expect(await subscriberView(room.editions)).toEqual({ status: 302, served: room.pointer() });
    expect(await listedAndFound(room.editions, 'zebracorn')).toEqual({ listed: true, found: true });
  });

  it('gives no hit of a withdrawal cut short after its history line, though the index still lists the date', async () => {
    const room = newsroom(searchableBuilder());
    await room.plant();
    await room.upload('a.md', article('Zebracorn'));
    await room.render();
    await publishProof(room.editions, DATE, T);
    expect(await listedAndFound(room.editions, 'zebracorn')).toEqual({ listed: true, found: true });
    await expect(withdrawEdition(killedAfter(room.editions, editionKeys.history(DATE)), DATE, T)).rejects.toThrow(Killed);
    expect((await subscriberView(room.editions)).listed).toBe(room.pointer());
    expect(await listedAndFound(room.editions, 'zebracorn')).toEqual({ listed: false, found: false });
  });
});

describe('every change of an act on the date killed: search finds the date exactly when the list shows it', () => {
  for (const [name, { setup, act }] of Object.entries(EDITOR_ACTS)) {
    it(name, async () => {
      const disagreed: string[] = [];
      for (let n = 0; ; n++) {
        const room = newsroom(searchableBuilder());
        await setup(room);
        try {
          await act(room, killedAtChange(room.editions, n, 'after'));
          break;
        } catch (error) {
          if (!(error instanceof Killed)) throw error;
        }
        // Alpha is in every version of the date the acts publish, roll back to or take away.
        const seen = await listedAndFound(room.editions, 'alpha');
        if (seen.listed !== seen.found) disagreed.push(`killed after change ${n}: ${JSON.stringify(seen)}`);
      }
      expect(disagreed).toEqual([]);
    });
  }
});
