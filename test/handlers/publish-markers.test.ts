/**
 * The pending-repair markers (editions/pending/<date>/…): a publication, a rollback or a take-down of
 * any date cut short at any write is finished by the next schedule run (or `epaper dev`'s start),
 * however old the date and however many dates the index lists. Before it, the schedule looked at
 * the week either side of today and, ten a minute in turn, at the dates the index lists: a
 * rollback of an older date cut short after its pointer kept the replaced headline in the archive
 * for as long as its turn took, and a withdrawal cut short after its index line kept the date
 * served by a direct link for good. And a render finishing just after a withdrawal no longer puts
 * the convenience copy back.
 */
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../bin/dev';
import { silentLogger } from '../../lambdas/adapters/logger';
import type { ObjectStore } from '../../lambdas/core/object-store';
import { editionKeys, finishCutShort, publishDueProofs, publishProof, rollbackEdition, withdrawEdition } from '../../lambdas/core/publish';
import { Killed, killedAtChange } from '../support/publish-crash';
import { article, DATE, killedAfter, LATER, markersOf, newsroom, publishedThenCorrected, subscriberView, T, EDITOR_ACTS, type EditorAct } from '../support/publish-newsroom';

describe('a publication or a rollback of an older date cut short between its pointer and its index line', () => {
  it('an editor\'s correction: the next schedule run lists the version served, and the copy is its PDF', async () => {
    const room = newsroom();
    await publishedThenCorrected(room);
    const first = room.pointer();
    await expect(publishProof(killedAfter(room.editions, editionKeys.pointer(DATE)), DATE, T)).rejects.toThrow(Killed);
    const corrected = room.pointer();
    expect(corrected).not.toBe(first);
    // The gap: the archive still shows the replaced version's line.
    expect(await subscriberView(room.editions)).toEqual({ listed: first, status: 302, served: corrected });

    await publishDueProofs(room.editions, T);
    expect(await subscriberView(room.editions)).toEqual({ listed: corrected, status: 302, served: corrected });
    expect(room.copyOf()).toBe(corrected);
    // Finished, but begun a moment ago: the act may still be under way elsewhere, so its marker stays…
    expect(await markersOf(room.editions)).not.toEqual([]);
    // …until a run finds it past its age.
    await publishDueProofs(room.editions, LATER);
    expect(await markersOf(room.editions)).toEqual([]);
  });

  it('an editor\'s rollback: the next schedule run lists the version rolled back to', async () => {
    const room = newsroom();
    await publishedThenCorrected(room);
    const first = room.pointer();
    await publishProof(room.editions, DATE, T);
    const corrected = room.pointer();
    await expect(rollbackEdition(killedAfter(room.editions, editionKeys.pointer(DATE)), DATE, first, T)).rejects.toThrow(Killed);
    expect(await subscriberView(room.editions)).toEqual({ listed: corrected, status: 302, served: first });

    await publishDueProofs(room.editions, T);
    expect(await subscriberView(room.editions)).toEqual({ listed: first, status: 302, served: first });
    expect(room.copyOf()).toBe(first);
  });

  it('`epaper dev`\'s catch-up finishes a marked date it was not asked about, and deletes the markers the killed process left', async () => {
    const room = newsroom();
    await publishedThenCorrected(room);
    await expect(publishProof(killedAfter(room.editions, editionKeys.pointer(DATE)), DATE, T)).rejects.toThrow(Killed);
    const corrected = room.pointer();
    expect(await finishCutShort(room.editions, [], LATER)).toEqual([DATE]);
    expect(await subscriberView(room.editions)).toEqual({ listed: corrected, status: 302, served: corrected });
    expect(await markersOf(room.editions)).toEqual([]);
  });
});

describe('`epaper dev` started again after a kill', () => {
  it('finishes the marked date and deletes the markers begun before it started, not one of its own acts under way', async () => {
    const room = newsroom();
    await room.upload('a.md', article('Alpha'));
    await room.render();
    await publishProof(room.editions, DATE, T);
    await expect(withdrawEdition(killedAfter(room.editions, editionKeys.index), DATE, T)).rejects.toThrow(Killed);
    // An editor's publish of another date, begun by the new process as its catch-up runs.
    const started = new Date(T.getTime() + 60 * 60_000);
    const underWay = JSON.stringify({ date: '2026-01-11', act: 'publish', version: 'v', startedAt: new Date(started.getTime() + 1).toISOString() });
    await room.editions.put('editions/pending/2026-01-11', underWay, 'application/json');
    const caughtUp = await reconcile({ content: room.content, editions: room.editions, ingest: () => {}, render: async () => {}, logger: silentLogger, now: () => started });
    expect(caughtUp.finished).toContain(DATE);
    expect(await subscriberView(room.editions)).toEqual({ status: 404 });
    expect(await markersOf(room.editions)).toEqual([]);
    expect(room.editions.text('editions/pending/2026-01-11')).toBe(underWay);
  });
});

describe('a take-down of an older date cut short after its index line', () => {
  it('an editor\'s withdrawal: unlisted and served to no subscriber, by a direct link either, until the next schedule run takes the pointer and the copy', async () => {
    const room = newsroom();
    await room.plant();
    await room.upload('a.md', article('Alpha'));
    await room.render();
    await publishProof(room.editions, DATE, T);
    const published = room.pointer();
    await expect(withdrawEdition(killedAfter(room.editions, editionKeys.index), DATE, T)).rejects.toThrow(Killed);
    // The pointer stands, and the history's last line withdraws its version: no subscriber is
    // served it (until the 82nd round the direct link still sent them the PDF, and a shared link
    // its stories, until the schedule's next run).
    expect(room.pointer()).toBe(published);
    expect(await subscriberView(room.editions)).toEqual({ status: 404 });

    await publishDueProofs(room.editions, T);
    expect(await subscriberView(room.editions)).toEqual({ status: 404 });
    expect(room.copyOf()).toBeUndefined();
  });

  it('a `publish: auto` render unpublishing a date whose files were deleted: the same', async () => {
    const room = newsroom();
    await room.plant();
    await room.upload('edition.yaml', 'publish: auto\n');
    await room.upload('a.md', article('Alpha'));
    await room.render();
    await room.content.delete(`articles/${DATE}/a.md`);
    await expect(room.render(killedAfter(room.editions, editionKeys.index))).rejects.toThrow(Killed);
    expect(room.editions.text(editionKeys.pointer(DATE))).toBeDefined();
    expect((await subscriberView(room.editions)).status).toBe(404);

    await publishDueProofs(room.editions, T);
    expect(await subscriberView(room.editions)).toEqual({ status: 404 });
    expect(room.copyOf()).toBeUndefined();
  });
});

describe('every change of a publication, a rollback, a withdrawal and an unpublish of an older date killed', () => {
  const acts: Record<string, EditorAct> = {
    ...EDITOR_ACTS,
    'a `publish: auto` render unpublishing': {
      setup: async (room) => {
        await room.plant();
        await room.upload('edition.yaml', 'publish: auto\n');
        await room.upload('a.md', article('Alpha'));
        await room.render();
        await room.content.delete(`articles/${DATE}/a.md`);
      },
      act: (room, editions) => room.render(editions),
    },
  };
  for (const [name, { setup, act }] of Object.entries(acts)) {
    it(`${name}: one schedule run past the marker's age leaves subscribers a consistent date, and no marker`, async () => {
      let kills = 0;
      for (let n = 0; ; n++) {
        let finished = false;
        for (const how of ['before', 'after'] as const) {
          const room = newsroom();
          await setup(room);
          const label = `${name}, killed ${how} change ${n}`;
          try {
            await act(room, killedAtChange(room.editions, n, how));
            finished = true;
            break;
          } catch (error) {
            if (!(error instanceof Killed)) throw error;
          }
          kills++;
          await publishDueProofs(room.editions, LATER);
          const view = await subscriberView(room.editions);
          const last = room.history().at(-1);
          // Listed exactly when served, with the version served; the copy that version's PDF, or none.
          expect(view.listed, `${label}: ${JSON.stringify(view)}`).toBe(view.served);
          expect(room.copyOf(), label).toBe(view.served);
          if (last?.action === 'withdraw' || last?.action === 'unpublish') expect(view.status, label).toBe(404);
          expect(await markersOf(room.editions), label).toEqual([]);
        }
        if (finished) break;
      }
      expect(kills).toBeGreaterThan(4);
    });
  }
});

describe('a render finishing just after a withdrawal', () => {
  it('does not put the convenience copy back', async () => {
    const room = newsroom();
    await room.upload('edition.yaml', 'publish: auto\n');
    await room.upload('a.md', article('Alpha'));
    await room.render();
    await room.upload('b.md', article('Bravo'));
    // The render has written its pointer; the editor's withdrawal runs whole before its copy lands.
    let withdrawn = false;
    const editions = room.editions;
    const late: ObjectStore = {
      get: (key, judged) => editions.get(key, judged),
      head: (key) => editions.head(key),
      list: (prefix) => editions.list(prefix),
      delete: (key) => editions.delete(key),
      putIfUnchanged: (key, body, type, etag) => editions.putIfUnchanged(key, body, type, etag),
      put: async (key, body, type) => {
        if (key === editionKeys.currentPdf(DATE) && !withdrawn) {
          withdrawn = true;
          expect(await withdrawEdition(editions, DATE, T)).toMatchObject({ kind: 'withdrawn' });
        }
        await editions.put(key, body, type);
      },
    };
    expect(await room.render(late)).toMatchObject({ kind: 'published' });
    expect(withdrawn).toBe(true);
    expect(await subscriberView(editions)).toEqual({ status: 404 });
    expect(room.copyOf()).toBeUndefined();
  });
});
