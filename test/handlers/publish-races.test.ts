/**
 * The render and the API (an editor, the publishAt schedule) publish apart in AWS, each from what it
 * read: the pointer is written only over the pointer it was computed from (an adversarial review of
 * the publishing logic, 2026-12-06). Each case interleaves the two at the point the review found.
 */
import { describe, expect, it } from 'vitest';
import { editionKeys, publishDueProofs, publishIfDue, publishProof, renderAndPublish, type EditionIndex, type PublishedManifest, type PublishPorts } from '../../lambdas/core/publish';
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
