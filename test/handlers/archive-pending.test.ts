/**
 * The subscriber API's list of editions (the reader's archive) for a date a pending-repair marker
 * names: the index is written after the pointer and unlisted before a take-down's pointer goes, so
 * until the act ends (or the schedule finishes it, up to a minute after a crash) the index's line
 * was the replaced version's headline and page count, or a withdrawn date's. The list now reads the
 * pointer and the history of each marked date: one LIST of editions/pending/ a request, and two
 * reads a marked date.
 */
import { describe, expect, it } from 'vitest';
import type { MemoryObjectStore } from '../../lambdas/adapters/memory-store';
import { editionKeys, publishProof, withdrawEdition } from '../../lambdas/core/publish';
import { createSubscriberApi } from '../../lambdas/core/subscriber-api';
import { Killed, killedAtChange } from '../support/publish-crash';
import { article, DATE, killedAfter, newsroom, publishedThenCorrected, subscriberView, T, EDITOR_ACTS } from '../support/publish-newsroom';

/** What the API's `GET /editions` lists for DATE (its version and page count), and what it read to answer. */
async function archiveLine(editions: MemoryObjectStore): Promise<{ line?: { fingerprint: string; pageCount: number }; gets: string[]; lists: string[] }> {
  const gets: string[] = [];
  const lists: string[] = [];
  const api = createSubscriberApi({
    editions: {
      get: async (key) => {
        gets.push(key);
        return (await editions.get(key))?.body;
      },
      list: async (prefix) => {
        lists.push(prefix);
        return editions.list(prefix);
      },
    },
    presign: async (key) => `https://s3.invalid/${key}`,
    verifyToken: async () => ({ ok: true, subject: 'reader' }),
    readerPage: '',
  });
  const res = await api({ method: 'GET', path: '/editions', headers: { authorization: 'Bearer t' } });
  expect(res.status).toBe(200);
  const found = (JSON.parse(res.body) as { editions: { date: string; fingerprint: string; pageCount: number }[] }).editions.find((entry) => entry.date === DATE);
  return { ...(found ? { line: { fingerprint: found.fingerprint, pageCount: found.pageCount } } : {}), gets, lists };
}

describe('the list of editions while a date is marked', () => {
  it('a correction cut short after its pointer: the list shows the version served, its page count, before any repair', async () => {
    const room = newsroom();
    await publishedThenCorrected(room);
    const first = room.pointer();
    await expect(publishProof(killedAfter(room.editions, editionKeys.pointer(DATE)), DATE, T)).rejects.toThrow(Killed);
    const served = room.pointer();
    // The index still has the replaced line (one page)…
    expect(await subscriberView(room.editions)).toEqual({ listed: first, status: 302, served });
    // …the list does not: the two pages of the version the PDF link serves.
    expect((await archiveLine(room.editions)).line).toEqual({ fingerprint: served, pageCount: 2 });
  });

  it('a withdrawal cut short after its history line: the date is no longer listed, though the index still lists it', async () => {
    const room = newsroom();
    await room.plant();
    await room.upload('a.md', article('Alpha'));
    await room.render();
    await publishProof(room.editions, DATE, T);
    await expect(withdrawEdition(killedAfter(room.editions, editionKeys.history(DATE)), DATE, T)).rejects.toThrow(Killed);
    expect((await subscriberView(room.editions)).listed).toBe(room.pointer());
    expect((await archiveLine(room.editions)).line).toBeUndefined();
  });

  it('with no marker standing, the list costs one LIST of the markers\' folder and the index read, nothing per date', async () => {
    const room = newsroom();
    await publishedThenCorrected(room);
    await publishProof(room.editions, DATE, T);
    const { line, gets, lists } = await archiveLine(room.editions);
    expect(line).toEqual({ fingerprint: room.pointer(), pageCount: 2 });
    expect(gets).toEqual([editionKeys.index]);
    expect(lists).toEqual([editionKeys.pendingMarkers]);
  });
});

describe('every change of an act on the date killed: the list never shows a line other than what is served', () => {
  for (const [name, { setup, act }] of Object.entries(EDITOR_ACTS)) {
    it(name, async () => {
      let stale = 0;
      for (let n = 0; ; n++) {
        const room = newsroom();
        await setup(room);
        try {
          await act(room, killedAtChange(room.editions, n, 'after'));
          break;
        } catch (error) {
          if (!(error instanceof Killed)) throw error;
        }
        const view = await subscriberView(room.editions);
        const { line } = await archiveLine(room.editions);
        const last = room.history().at(-1);
        const takenDown = last?.action === 'withdraw' && last.version === view.served;
        // Listed with the version served, or (a take-down under way) not listed.
        expect(line?.fingerprint, `${name}, killed after change ${n}: ${JSON.stringify(view)}`).toBe(takenDown ? undefined : view.served);
        if (view.listed !== line?.fingerprint) stale++;
      }
      // The index alone was stale at some of these moments: the list read past it.
      expect(stale).toBeGreaterThan(0);
    });
  }
});
