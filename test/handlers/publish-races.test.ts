/**
 * The render and the API (an editor, the publishAt schedule) publish apart in AWS, each from what it
 * read: the pointer is written only over the pointer it was computed from (an adversarial review of
 * the publishing logic, 2026-12-06). Each case interleaves the two at the point the review found.
 */
import { describe, expect, it } from 'vitest';
import { editionKeys, publishDueProofs, publishIfDue, publishProof, renderAndPublish, rollbackEdition, withdrawEdition, type EditionIndex, type PublicationHistory, type PublishedManifest, type PublishPorts } from '../../lambdas/core/publish';
import type { ObjectStore } from '../../lambdas/core/object-store';
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { silentLogger } from '../../lambdas/adapters/logger';
import { fakeBuilder } from './fake-builder';

const DATE = '2026-03-14';
const PUBLISH_AT = '2026-03-14T05:00:00.000Z';
const article = (headline: string) => `---\nheadline: ${headline}\n---\nBody of ${headline}.\n`;

function setup() {
  const content = new MemoryObjectStore();
  const editions = new MemoryObjectStore();
  let clock = new Date('2026-03-14T04:59:00Z');
  let duringBuild: (() => Promise<void>) | undefined;
  const inner = fakeBuilder();
  const ports: PublishPorts = {
    content,
    editions,
    renderSignal: new MemoryRenderSignal(),
    logger: silentLogger,
    now: () => clock,
    defaultPublish: 'proof',
    build: async (source, request) => {
      const hook = duringBuild;
      duringBuild = undefined;
      await hook?.();
      return inner(source, request);
    },
  };
  const pointer = () => JSON.parse(editions.text(editionKeys.pointer(DATE)) ?? 'null') as (PublishedManifest & { corrected?: string }) | null;
  const proof = () => JSON.parse(editions.text(editionKeys.proof(DATE)) ?? 'null') as PublishedManifest | null;
  return {
    content,
    editions,
    render: renderAndPublish(ports),
    pointer,
    proof,
    at: (iso: string) => (clock = new Date(iso)),
    whileBuilding: (hook: () => Promise<void>) => (duringBuild = hook),
  };
}

describe('publications that race', () => {
  it('keeps a correction that arrives as the clock publishes the first proof a proof, for an editor, and the clock\'s publication stands', async () => {
    const { content, render, pointer, proof, at, whileBuilding, editions } = setup();
    await content.put(`articles/${DATE}/edition.yaml`, `publishAt: ${PUBLISH_AT}\n`, 'text/yaml');
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    expect((await render(DATE)).kind).toBe('proofed');
    const first = proof()!.fingerprint;
    // 05:00:10: a corrected file; its render finds the date unpublished and means to publish it
    // by the clock, while the schedule publishes the first proof.
    at('2026-03-14T05:00:10Z');
    await content.put(`articles/${DATE}/a.md`, article('Alpha, corrected'), 'text/markdown');
    whileBuilding(async () => {
      expect((await publishIfDue(editions, DATE, new Date('2026-03-14T05:00:10Z'))).kind).toBe('published');
    });
    const outcome = await render(DATE);
    expect(outcome.kind).toBe('proofed');
    expect(pointer()!.fingerprint).toBe(first);
    expect(proof()!.fingerprint).not.toBe(first);
    // The editor publishes the correction, and readers are told of it.
    const published = await publishProof(editions, DATE, new Date('2026-03-14T05:05:00Z'), { version: proof()!.fingerprint });
    expect(published).toMatchObject({ kind: 'published', corrected: true, articleChanges: { corrected: ['a'] } });
    expect(pointer()!.corrected).toBeDefined();
  });

  it('never writes the clock\'s older proof over the render\'s newer publication', async () => {
    const { content, render, pointer, at, editions } = setup();
    await content.put(`articles/${DATE}/edition.yaml`, `publishAt: ${PUBLISH_AT}\n`, 'text/yaml');
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    expect((await render(DATE)).kind).toBe('proofed');
    at('2026-03-14T05:00:10Z');
    await content.put(`articles/${DATE}/a.md`, article('Alpha, newer'), 'text/markdown');
    // The schedule has read the first proof and is about to write the pointer when the render
    // publishes the newer inputs (the date unpublished, its publishAt past).
    const write = editions.putIfUnchanged.bind(editions);
    let raced = false;
    editions.putIfUnchanged = async (key, body, type, etag) => {
      if (key === editionKeys.pointer(DATE) && !raced) {
        raced = true;
        editions.putIfUnchanged = write;
        expect((await render(DATE)).kind).toBe('published');
      }
      return write(key, body, type, etag);
    };
    const scheduled = await publishIfDue(editions, DATE, new Date('2026-03-14T05:00:10Z'));
    expect(raced).toBe(true);
    expect(scheduled.kind).toBe('not-due');
    const served = pointer()!;
    expect(served.articles.map((a) => a.headline)).toEqual(['Alpha, newer']);
  });

  it('finishes, from the schedule, an editor\'s publication that ended after its pointer write', async () => {
    const { content, render, pointer, editions } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    expect((await render(DATE)).kind).toBe('proofed');
    // The API function times out after the pointer write, before the index and the PDF copy.
    const write = editions.putIfUnchanged.bind(editions);
    editions.putIfUnchanged = async (key, body, type, etag) => {
      if (key === editionKeys.index) throw new Error('Task timed out');
      return write(key, body, type, etag);
    };
    await expect(publishProof(editions, DATE, new Date('2026-03-14T05:10:00Z'))).rejects.toThrow('Task timed out');
    editions.putIfUnchanged = write;
    expect(pointer()).not.toBeNull();
    expect(editions.text(editionKeys.index)).toBeUndefined();
    // The next minute's schedule (nothing due) lists the date with what subscribers are served.
    expect(await publishDueProofs(editions, new Date('2026-03-14T05:11:00Z'))).toEqual([]);
    const index = JSON.parse(editions.text(editionKeys.index)!) as EditionIndex;
    expect(index.editions).toEqual([expect.objectContaining({ date: DATE, fingerprint: pointer()!.fingerprint })]);
    expect(editions.objects.has(editionKeys.currentPdf(DATE))).toBe(true);
  });

  it('publishes only the proof the editor looked at: a newer one is refused until looked at', async () => {
    const { content, render, pointer, proof, editions } = setup();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    expect((await render(DATE)).kind).toBe('proofed');
    const seen = proof()!.fingerprint;
    await content.put(`articles/${DATE}/b.md`, article('Unvetted'), 'text/markdown');
    expect((await render(DATE)).kind).toBe('proofed');
    const newer = proof()!.fingerprint;
    const refused = await publishProof(editions, DATE, new Date('2026-03-14T05:10:00Z'), { version: seen });
    expect(refused).toMatchObject({ kind: 'newer-proof', fingerprint: newer });
    expect(pointer()).toBeNull();
    expect(await publishProof(editions, DATE, new Date('2026-03-14T05:11:00Z'), { version: newer })).toMatchObject({ kind: 'published', fingerprint: newer });
    // The old form (no version: `epaper publish <date>`) publishes the newest proof, as before.
    expect((await publishProof(editions, DATE, new Date('2026-03-14T05:12:00Z'))).kind).toBe('already-published');
  });
});

/**
 * The editions bucket as one writer sees it while another runs: before this writer's n-th call to
 * the bucket (a read as much as a write), `other` runs from start to end. Every such n, in turn,
 * is every point at which the other writer can come in between.
 */
function otherAt(store: MemoryObjectStore, n: number, other: () => Promise<void>): { store: ObjectStore; ran: () => boolean } {
  let calls = 0;
  let ran = false;
  const at = async <T>(op: () => Promise<T>): Promise<T> => {
    if (calls++ === n) {
      ran = true;
      await other();
    }
    return op();
  };
  return {
    ran: () => ran,
    store: {
      get: (key, judged) => at(() => store.get(key, judged)),
      head: (key) => at(() => store.head(key)),
      list: (prefix) => at(() => store.list(prefix)),
      delete: (key) => at(() => store.delete(key)),
      put: (key, body, type) => at(() => store.put(key, body, type)),
      putIfUnchanged: (key, body, type, etag) => at(() => store.putIfUnchanged(key, body, type, etag)),
    },
  };
}

describe('taking a date away while someone publishes it', () => {
  const T = new Date('2026-03-14T06:00:00Z');
  /** `publish: auto`: Alpha published; `ports(store)` renders against `store` (a hooked view of `editions`). */
  async function autoPublished() {
    const content = new MemoryObjectStore();
    const editions = new MemoryObjectStore();
    const ports = (store: ObjectStore = editions): PublishPorts => ({ content, editions: store, renderSignal: new MemoryRenderSignal(), logger: silentLogger, now: () => T, build: fakeBuilder() });
    await content.put(`articles/${DATE}/edition.yaml`, 'publish: auto\n', 'text/yaml');
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    expect((await renderAndPublish(ports())(DATE)).kind).toBe('published');
    return { content, editions, ports };
  }
  /** `publish: auto`: Alpha published, then corrected (published), then every story deleted. */
  async function correctedThenDeleted() {
    const { content, editions, ports } = await autoPublished();
    const first = (JSON.parse(editions.text(editionKeys.pointer(DATE))!) as PublishedManifest).fingerprint;
    await content.put(`articles/${DATE}/a.md`, article('Alpha, corrected'), 'text/markdown');
    expect((await renderAndPublish(ports())(DATE)).kind).toBe('published');
    await content.delete(`articles/${DATE}/a.md`);
    return { content, editions, ports, first };
  }
  /** Served (the PDF route's 302 needs the pointer) and listed, or neither; and the copy with them. */
  const state = (editions: MemoryObjectStore) => {
    const pointer = editions.text(editionKeys.pointer(DATE));
    const listed = (JSON.parse(editions.text(editionKeys.index) ?? '{"editions":[]}') as EditionIndex).editions.find((entry) => entry.date === DATE);
    return {
      served: pointer === undefined ? undefined : (JSON.parse(pointer) as PublishedManifest).fingerprint,
      listed: listed?.fingerprint,
      copy: editions.objects.has(editionKeys.currentPdf(DATE)),
    };
  };

  it('an editor\'s rollback as a `publish: auto` render unpublishes the emptied date: the rollback stands, or the editor is told it did not, whatever the interleaving', async () => {
    const ends = new Set<string>();
    for (const [who, inside] of [['the rollback inside the render', true], ['the render inside the rollback', false]] as const) {
      for (let n = 0; ; n++) {
        const { editions, ports, first } = await correctedThenDeleted();
        let rollback: { kind: string } | undefined;
        const label = `${who}, at call ${n}`;
        let ran: () => boolean;
        if (inside) {
          const hooked = otherAt(editions, n, async () => {
            rollback = await rollbackEdition(editions, DATE, first, T);
          });
          ran = hooked.ran;
          await renderAndPublish(ports(hooked.store))(DATE);
        } else {
          const hooked = otherAt(editions, n, async () => {
            await renderAndPublish(ports())(DATE);
          });
          ran = hooked.ran;
          rollback = await rollbackEdition(hooked.store, DATE, first, T);
        }
        if (!ran()) break;
        // The render the queue delivers next (a requeue, an upload, `epaper dev`'s catch-up on start).
        await renderAndPublish(ports())(DATE);
        const end = state(editions);
        if (rollback!.kind === 'rolled-back' || rollback!.kind === 'already-published') {
          // The editor was told the earlier version is back: it is, listed, its copy beside it, and stays.
          expect(end, label).toEqual({ served: first, listed: first, copy: true });
        } else {
          // Told it did not happen (409, `taking-down`): the date is gone, as the newsroom's deletion asked.
          expect(rollback!.kind, label).toBe('taking-down');
          expect(end, label).toEqual({ served: undefined, listed: undefined, copy: false });
          // Once it is gone, the editor's repeat puts the earlier version back, and it stays.
          expect((await rollbackEdition(editions, DATE, first, T)).kind, label).toBe('rolled-back');
          await renderAndPublish(ports())(DATE);
          expect(state(editions), label).toEqual({ served: first, listed: first, copy: true });
        }
        ends.add(rollback!.kind);
      }
    }
    // Both ends are reached: the rollback first, and the unpublish first.
    expect([...ends].sort()).toEqual(['rolled-back', 'taking-down']);
  });

  it('a `publish: auto` render\'s publication never lands over an editor\'s withdrawal, whatever the interleaving', async () => {
    for (let n = 0; ; n++) {
      const { content, editions, ports } = await autoPublished();
      // A correction uploaded as an editor withdraws the date (a libel found in it).
      await content.put(`articles/${DATE}/a.md`, article('Alpha, corrected'), 'text/markdown');
      let withdrawal: { kind: string } | undefined;
      const hooked = otherAt(editions, n, async () => {
        withdrawal = await withdrawEdition(editions, DATE, T);
      });
      await renderAndPublish(ports(hooked.store))(DATE);
      if (!hooked.ran()) break;
      const label = `the withdrawal at the render's call ${n}`;
      expect(withdrawal!.kind, label).toBe('withdrawn');
      const history = (JSON.parse(editions.text(editionKeys.history(DATE))!) as PublicationHistory).publications;
      expect(history.at(-1)?.action, label).toBe('withdraw');
      expect(state(editions), label).toMatchObject({ served: undefined, listed: undefined });
      // And the next render makes a proof, for an editor, as after any withdrawal.
      expect((await renderAndPublish(ports())(DATE)).kind, label).toMatch(/proofed|unchanged/);
      expect(state(editions).served, label).toBeUndefined();
    }
  });

  it('answers an editor who publishes the very version a withdrawal cut short is taking away that it is being taken away, not that it is published', async () => {
    const content = new MemoryObjectStore();
    const editions = new MemoryObjectStore();
    await content.put(`articles/${DATE}/a.md`, article('Alpha'), 'text/markdown');
    expect((await renderAndPublish({ content, editions, renderSignal: new MemoryRenderSignal(), logger: silentLogger, now: () => T, build: fakeBuilder(), defaultPublish: 'proof' })(DATE)).kind).toBe('proofed');
    expect((await publishProof(editions, DATE, T)).kind).toBe('published');
    // The withdrawal dies right after its history line: the pointer still stands.
    const write = editions.putIfUnchanged.bind(editions);
    editions.putIfUnchanged = async (key, body, type, etag) => {
      const written = await write(key, body, type, etag);
      if (key === editionKeys.history(DATE)) throw new Error('Task timed out');
      return written;
    };
    await expect(withdrawEdition(editions, DATE, T)).rejects.toThrow('Task timed out');
    editions.putIfUnchanged = write;
    expect(state(editions).served).toBeDefined();
    // Another editor publishes the proof on screen, which is that version: told, and nothing changes.
    expect((await publishProof(editions, DATE, T)).kind).toBe('taking-down');
    // The next minute's schedule finishes the withdrawal; publishing then puts the date back.
    await publishDueProofs(editions, new Date('2026-03-14T06:01:00Z'));
    expect(state(editions)).toEqual({ served: undefined, listed: undefined, copy: false });
    expect((await publishProof(editions, DATE, T)).kind).toBe('published');
    expect(state(editions).listed).toBe(state(editions).served);
  });
});
