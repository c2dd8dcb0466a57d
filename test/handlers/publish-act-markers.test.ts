/**
 * Two acts on one date at once, each under a pending-repair marker of its own: until the 79th
 * round the date had one marker key, and an act that finished deleted the marker another act had
 * written over its own meanwhile, so that the other, dying after, left its half-done writes
 * unmarked (the schedule did not come to the date, and the archive kept the replaced line).
 */
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../lambdas/core/object-store';
import { editionKeys, publishDueProofs, publishProof, rollbackEdition } from '../../lambdas/core/publish';
import { Killed } from '../support/publish-crash';
import { article, DATE, killedAfter, LATER, markersOf, newsroom, publishedThenCorrected, subscriberView, T, type Room } from '../support/publish-newsroom';

/** Alpha published, Bravo's correction published, Charlie's proof awaiting an editor. */
async function twiceCorrected(room: Room): Promise<void> {
  await publishedThenCorrected(room);
  await publishProof(room.editions, DATE, T);
  await room.upload('c.md', article('Charlie'));
  await room.render();
}

/**
 * The store as act A sees it: once A has written its history line, act B runs whole on the date
 * (`other`), then A goes on (and, `dies`, dies just after its pointer write).
 */
function interruptedBy(store: ObjectStore, other: () => Promise<unknown>, dies = true): ObjectStore {
  let otherRan = false;
  return {
    get: (key, judged) => store.get(key, judged),
    head: (key) => store.head(key),
    list: (prefix) => store.list(prefix),
    delete: (key) => store.delete(key),
    put: async (key, body, contentType) => {
      await store.put(key, body, contentType);
      if (dies && key === editionKeys.pointer(DATE)) throw new Killed(`killed after ${key}`);
    },
    putIfUnchanged: async (key, body, contentType, etag) => {
      const written = await store.putIfUnchanged(key, body, contentType, etag);
      if (written && key === editionKeys.history(DATE) && !otherRan) {
        otherRan = true;
        await other();
      }
      if (dies && written && key === editionKeys.pointer(DATE)) throw new Killed(`killed after ${key}`);
      return written;
    },
  };
}

describe('two acts on one date at once', () => {
  it('an editor\'s rollback run whole inside a correction that then dies after its pointer: the correction\'s marker stands, and the next schedule run lists what is served', async () => {
    const room = newsroom();
    await twiceCorrected(room);
    const first = room.history()[0].version;
    const rollback = () => rollbackEdition(room.editions, DATE, first, T);
    await expect(publishProof(interruptedBy(room.editions, rollback), DATE, T)).rejects.toThrow(Killed);
    expect(room.history().map((line) => line.action)).toEqual(['publish', 'publish', 'publish', 'rollback', 'publish']);
    const served = room.pointer();
    expect(served).not.toBe(first);
    // The rollback finished and took its own marker away; the correction, cut short, left its own.
    expect(await markersOf(room.editions)).toHaveLength(1);
    expect(await subscriberView(room.editions)).toEqual({ listed: first, status: 302, served });

    await publishDueProofs(room.editions, T);
    expect(await subscriberView(room.editions)).toEqual({ listed: served, status: 302, served });
    expect(room.copyOf()).toBe(served);
    await publishDueProofs(room.editions, LATER);
    expect(await markersOf(room.editions)).toEqual([]);
  });

  it('two acts begun in the same millisecond take a key each, and each deletes only its own', async () => {
    const room = newsroom();
    await twiceCorrected(room);
    const first = room.history()[0].version;
    let whileBoth: string[] = [];
    // B's store: at its history line, both acts' markers stand.
    const seen: ObjectStore = {
      ...room.editions,
      get: (key, judged) => room.editions.get(key, judged),
      head: (key) => room.editions.head(key),
      list: (prefix) => room.editions.list(prefix),
      put: (key, body, contentType) => room.editions.put(key, body, contentType),
      delete: (key) => room.editions.delete(key),
      putIfUnchanged: async (key, body, contentType, etag) => {
        if (key === editionKeys.history(DATE)) whileBoth = await markersOf(room.editions);
        return room.editions.putIfUnchanged(key, body, contentType, etag);
      },
    };
    await publishProof(interruptedBy(room.editions, () => rollbackEdition(seen, DATE, first, T), false), DATE, T);
    expect(whileBoth).toHaveLength(2);
    expect(await markersOf(room.editions)).toEqual([]);
  });
});

describe('a marker of the date\'s own key, as the 78th round wrote it', () => {
  it('is still finished by the schedule, and deleted once past its age', async () => {
    const room = newsroom();
    await twiceCorrected(room);
    await expect(publishProof(killedAfter(room.editions, editionKeys.pointer(DATE)), DATE, T)).rejects.toThrow(Killed);
    // The cut-short act's marker as the code before this round named it.
    for (const key of await markersOf(room.editions)) await room.editions.delete(key);
    const old = editionKeys.pendingMarker(DATE);
    await room.editions.put(old, JSON.stringify({ date: DATE, act: 'publish', version: room.pointer(), startedAt: T.toISOString() }), 'application/json');
    const served = room.pointer();

    await publishDueProofs(room.editions, T);
    expect(await subscriberView(room.editions)).toEqual({ listed: served, status: 302, served });
    expect(await markersOf(room.editions)).toEqual([old]);
    await publishDueProofs(room.editions, LATER);
    expect(await markersOf(room.editions)).toEqual([]);
  });
});
