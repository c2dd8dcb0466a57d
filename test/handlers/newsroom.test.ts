/**
 * Proof, publish, corrections and rollback (issue 13) over memory stores: the use cases of
 * lambdas/core/publish.ts with a fixed clock, and the editors' routes of the subscriber API.
 */
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { silentLogger } from '../../lambdas/adapters/logger';
import { ingestObject } from '../../lambdas/core/ingest';
import { parseArticle } from '../../lambdas/core/parse';
import {
  articleChanges,
  awaitingProofs,
  CORRECTIONS_KEPT,
  SCHEDULED_PUBLISH_POLICY,
  createDeskActions,
  markProofsMadeBeforeMarkers,
  editionKeys,
  publishDueProofs,
  refusedDates,
  publishIfDue,
  publishProof,
  dateNeedsRender,
  emptiedDates,
  withdrawEdition,
  renderAndPublish,
  rollbackEdition,
  servedPointerKeys,
  type AwaitingProof,
  type PublicationHistory,
  type PublicationPointer,
  type ProofPointer,
  type PublishPorts,
  type EditionIndex,
} from '../../lambdas/core/publish';
import { createSubscriberApi, type TokenVerifier } from '../../lambdas/core/subscriber-api';
import { validateEditionSettings } from '../../lambdas/core/edition-schema';
import type { UploadReport } from '../../lambdas/core/reports';
import { fakeBuilder } from './fake-builder';
import type { ObjectStore } from '../../lambdas/core/object-store';
import { PENDING_REPAIR_KEYS, PUBLICATION_KEYS, WITHDRAWAL_KEYS } from '../../lib/storage-keys';
import { iamPatternMatches } from '../infra/iam';

/**
 * The editions bucket as the API function's IAM policy lets it see it (lib/delivery-stack.ts): read
 * and list anything, write only PUBLICATION_KEYS, delete only WITHDRAWAL_KEYS (and each the date's pending-repair marker, PENDING_REPAIR_KEYS). Anything else is AccessDenied.
 */
function asTheApiMay(store: MemoryObjectStore): ObjectStore {
  const check = (key: string) => {
    if (![...PUBLICATION_KEYS, ...PENDING_REPAIR_KEYS].some((pattern) => iamPatternMatches(pattern, key))) throw new Error(`AccessDenied: s3:PutObject on ${key}`);
  };
  return {
    get: (key, judged) => store.get(key, judged),
    head: (key) => store.head(key),
    list: (prefix) => store.list(prefix),
    put: async (key, body, type) => (check(key), store.put(key, body, type)),
    putIfUnchanged: async (key, body, type, etag) => (check(key), store.putIfUnchanged(key, body, type, etag)),
    delete: async (key) => {
      if (![...WITHDRAWAL_KEYS, ...PENDING_REPAIR_KEYS].some((pattern) => iamPatternMatches(pattern, key))) throw new Error(`AccessDenied: s3:DeleteObject on ${key}`);
      return store.delete(key);
    },
  };
}

const DATE = '2026-11-27';
const T0 = new Date('2026-11-27T04:00:00Z');

function setup(overrides: Partial<PublishPorts> = {}) {
  const content = new MemoryObjectStore();
  const editions = new MemoryObjectStore();
  let now = T0;
  const ports: PublishPorts = {
    content,
    editions,
    renderSignal: new MemoryRenderSignal(),
    build: fakeBuilder(),
    logger: silentLogger,
    now: () => now,
    ...overrides,
  };
  return {
    content,
    editions,
    render: renderAndPublish(ports),
    setNow: (value: Date) => (now = value),
    upload: (file: string, text: string) => content.put(`articles/${DATE}/${file}`, text, 'text/markdown'),
  };
}

const json = <T>(store: MemoryObjectStore, key: string): T | undefined => {
  const text = store.text(key);
  return text === undefined ? undefined : (JSON.parse(text) as T);
};

describe('proof, then publish', () => {
  it('makes a proof and nothing subscribers see; publishing is one pointer write after a history line', async () => {
    const { editions, content, render, upload } = setup();
    await upload('alpha.md', 'headline: Alpha\n');
    await upload('bravo.md', 'headline: Bravo\n');
    await upload('empty.md', '');

    const outcome = await render(DATE);
    expect(outcome.kind).toBe('proofed');
    const proof = json<ProofPointer>(editions, editionKeys.proof(DATE))!;
    expect(proof).toMatchObject({ proofedAt: T0.toISOString(), version: `versions/${proof.fingerprint}/` });
    expect(editions.objects.has(editionKeys.pointer(DATE))).toBe(false);
    expect(editions.objects.has(editionKeys.index)).toBe(false);
    expect(editions.objects.has(editionKeys.currentPdf(DATE))).toBe(false);

    // One report per upload, with the pages the build printed it on.
    expect(json<UploadReport>(content, `reports/${DATE}/alpha.md.json`)).toEqual({
      file: 'alpha.md',
      status: 'accepted',
      warnings: [],
      pages: [1],
      updatedAt: T0.toISOString(),
      etag: (await content.head(`articles/${DATE}/alpha.md`))!.etag.replace(/"/g, ''),
    });
    expect(json<UploadReport>(content, `reports/${DATE}/empty.md.json`)).toMatchObject({ status: 'rejected', reason: 'The file is empty.', pages: [] });

    editions.journal.length = 0;
    const published = await publishProof(editions, DATE, new Date('2026-11-27T05:00:00Z'));
    expect(published).toMatchObject({ kind: 'published', fingerprint: proof.fingerprint, corrected: false, changedArticles: [] });
    const writes = editions.journal.filter((line) => line.startsWith('put '));
    expect(writes.indexOf(`put ${editionKeys.history(DATE)}`)).toBeLessThan(writes.indexOf(`put ${editionKeys.pointer(DATE)}`));
    expect(writes.filter((w) => w === `put ${editionKeys.pointer(DATE)}`)).toHaveLength(1);
    expect(writes.some((w) => w.includes('/versions/'))).toBe(false);
    const pointer = json<PublicationPointer>(editions, editionKeys.pointer(DATE))!;
    expect(pointer).toMatchObject({ fingerprint: proof.fingerprint, publishedAt: '2026-11-27T05:00:00.000Z' });
    expect(pointer.corrected).toBeUndefined();
    expect(pointer.articleChanges).toBeUndefined();
    expect(pointer.corrections).toBeUndefined();
    expect(pointer).not.toHaveProperty('proofedAt');
    expect(json<{ editions: { date: string }[] }>(editions, editionKeys.index)!.editions.map((e) => e.date)).toEqual([DATE]);

    expect(await publishProof(editions, DATE, new Date('2026-11-27T05:01:00Z'))).toEqual({ kind: 'already-published', fingerprint: proof.fingerprint });
    expect(json<PublicationHistory>(editions, editionKeys.history(DATE))!.publications).toHaveLength(1);
  });

  it('publishes at once with `publish: auto`, as before proofs existed', async () => {
    const { editions, render, upload } = setup();
    await upload('edition.yaml', 'publish: auto\n');
    await upload('alpha.md', 'headline: Alpha\n');
    expect((await render(DATE)).kind).toBe('published');
    expect(json<PublicationPointer>(editions, editionKeys.pointer(DATE))?.publishedAt).toBe(T0.toISOString());
    // The proof names the same version: editors see what subscribers see.
    expect(json<ProofPointer>(editions, editionKeys.proof(DATE))?.fingerprint).toBe(json<PublicationPointer>(editions, editionKeys.pointer(DATE))?.fingerprint);
  });

  it('refuses to publish a proof whose PDF no longer verifies', async () => {
    const { editions, render, upload } = setup();
    await upload('alpha.md', 'headline: Alpha\n');
    await render(DATE);
    const proof = json<ProofPointer>(editions, editionKeys.proof(DATE))!;
    await editions.put(`${editionKeys.version(DATE, proof.fingerprint)}edition.pdf`, '%PDF-torn', 'application/pdf');
    expect(await publishProof(editions, DATE, T0)).toMatchObject({ kind: 'damaged' });
    expect(editions.objects.has(editionKeys.pointer(DATE))).toBe(false);
  });
});

describe('corrections and rollback', () => {
  it('keeps subscribers on the published version until the correction is published, then marks it corrected', async () => {
    const { editions, render, upload } = setup();
    await upload('alpha.md', 'headline: Alpha\n');
    await upload('bravo.md', 'headline: Bravo\n');
    await render(DATE);
    const first = (await publishProof(editions, DATE, T0)) as { fingerprint: string };

    await upload('bravo.md', 'headline: Bravo, corrected\n');
    await upload('charlie.md', 'headline: Charlie\n');
    expect((await render(DATE)).kind).toBe('proofed');
    expect(json<PublicationPointer>(editions, editionKeys.pointer(DATE))?.fingerprint).toBe(first.fingerprint);

    const at = new Date('2026-11-27T09:30:00Z');
    const outcome = await publishProof(editions, DATE, at);
    expect(outcome).toMatchObject({ kind: 'published', corrected: true, changedArticles: ['bravo', 'charlie'] });
    // Bravo was corrected; Charlie is new, not a correction: the reader's notice tells them apart.
    const changes = { corrected: ['bravo'], added: ['charlie'], removed: [] };
    expect(outcome).toMatchObject({ articleChanges: changes });
    const pointer = json<PublicationPointer>(editions, editionKeys.pointer(DATE))!;
    expect(pointer).toMatchObject({ corrected: at.toISOString(), changedArticles: ['bravo', 'charlie'], articleChanges: changes });
    expect(json<PublicationHistory>(editions, editionKeys.history(DATE))!.publications.at(-1)).toMatchObject({ changedArticles: ['bravo', 'charlie'], articleChanges: changes });
    // The first version stays, whole.
    expect(editions.objects.has(`${editionKeys.version(DATE, first.fingerprint)}manifest.json`)).toBe(true);

    // Roll back: the first version again, byte for byte, as one pointer swap after the history line.
    const firstPdf = editions.objects.get(`${editionKeys.version(DATE, first.fingerprint)}edition.pdf`)!.body;
    editions.journal.length = 0;
    const rolled = await rollbackEdition(editions, DATE, first.fingerprint, new Date('2026-11-27T10:00:00Z'));
    expect(rolled).toMatchObject({ kind: 'rolled-back', fingerprint: first.fingerprint, changedArticles: ['bravo', 'charlie'] });
    // Named by what subscribers now read: the restored "Bravo", and the Charlie taken out as it printed.
    expect(rolled).toMatchObject({ headlines: { bravo: 'Bravo', charlie: expect.any(String) } });
    expect(outcome).toMatchObject({ headlines: { bravo: 'Bravo, corrected' } });
    // Back to the first version: Bravo as it was, Charlie no longer printed.
    const rolledBack = { corrected: ['bravo'], added: [], removed: ['charlie'] };
    expect(rolled).toMatchObject({ articleChanges: rolledBack });
    // The pointer lists both publications that replaced another, oldest first.
    expect(json<PublicationPointer>(editions, editionKeys.pointer(DATE))!.corrections).toEqual([
      { at: at.toISOString(), action: 'publish', ...changes },
      { at: '2026-11-27T10:00:00.000Z', action: 'rollback', ...rolledBack },
    ]);
    const writes = editions.journal.filter((line) => line.startsWith('put '));
    expect(writes.filter((w) => w === `put ${editionKeys.pointer(DATE)}`)).toHaveLength(1);
    expect(writes.indexOf(`put ${editionKeys.history(DATE)}`)).toBeLessThan(writes.indexOf(`put ${editionKeys.pointer(DATE)}`));
    const back = json<PublicationPointer>(editions, editionKeys.pointer(DATE))!;
    expect(back.fingerprint).toBe(first.fingerprint);
    expect(editions.objects.get(`editions/${DATE}/${back.version}edition.pdf`)!.body).toEqual(firstPdf);
    expect(json<PublicationHistory>(editions, editionKeys.history(DATE))!.publications.map((p) => [p.action, p.version])).toEqual([
      ['publish', first.fingerprint],
      ['publish', pointer.fingerprint],
      ['rollback', first.fingerprint],
    ]);
  });

  it('counts a photo replaced under the same name, or dropped, as a correction of its story, and one that came late as none', () => {
    const version = (photos: Record<string, string | null | undefined>, sources: Record<string, string>) =>
      ({
        articles: Object.entries(photos).map(([slug, photo]) => ({ slug, headline: slug, section: 'News', source: `${slug}.md`, pages: [1], ...(photo === undefined ? {} : { photo }) })),
        sources,
      }) as unknown as Parameters<typeof articleChanges>[0];
    const text = { 'a.md': 't1', 'b.md': 't2', 'c.md': 't3' };
    const before = version({ a: 'a.jpg', b: 'b.jpg', c: null }, { ...text, 'a.jpg': 'p1', 'b.jpg': 'p2' });
    // a's photo has other bytes under its name, b prints without its photo; c's photo arrived
    // after it (uploaded later): an addition, not a correction.
    const after = version({ a: 'a.jpg', b: null, c: 'c.jpg' }, { ...text, 'a.jpg': 'p1-new', 'b.jpg': 'p2', 'c.jpg': 'p3' });
    expect(articleChanges(before, after)).toEqual({ corrected: ['a', 'b'], added: [], removed: [] });
    // A version made before photos were recorded tells only by the article file.
    const older = version({ a: undefined, b: undefined, c: undefined }, { ...text, 'a.jpg': 'p1', 'b.jpg': 'p2' });
    expect(articleChanges(older, after)).toEqual({ corrected: [], added: [], removed: [] });
  });

  it('counts a photo of a story\'s text replaced or dropped as a correction of its story, and one that came late as none', () => {
    const version = (figures: Record<string, string[] | undefined>, sources: Record<string, string>) =>
      ({
        articles: Object.entries(figures).map(([slug, refs]) => ({ slug, headline: slug, section: 'News', source: `${slug}.md`, photo: null, pages: [1], ...(refs ? { figures: refs } : {}) })),
        sources,
      }) as unknown as Parameters<typeof articleChanges>[0];
    const text = { 'a.md': 't1', 'b.md': 't2', 'c.md': 't3', 'd.md': 't4' };
    const before = version({ a: ['a1.jpg', 'a2.jpg'], b: ['b1.jpg'], c: ['c1.jpg'], d: ['d1.jpg'] }, { ...text, 'a1.jpg': 'p1', 'a2.jpg': 'p2', 'b1.jpg': 'p3', 'c1.jpg': 'p4', 'd1.jpg': 'p5' });
    // a's second photo has other bytes under its name, b prints without its photo, c gained one
    // that arrived late; d is as it was.
    const after = version({ a: ['a1.jpg', 'a2.jpg'], b: undefined, c: ['c1.jpg', 'c2.jpg'], d: ['d1.jpg'] }, { ...text, 'a1.jpg': 'p1', 'a2.jpg': 'p2-new', 'b1.jpg': 'p3', 'c1.jpg': 'p4', 'c2.jpg': 'p6', 'd1.jpg': 'p5' });
    expect(articleChanges(before, after)).toEqual({ corrected: ['a', 'b'], added: [], removed: [] });
  });

  it('keeps the newest CORRECTIONS_KEPT corrections on the pointer, and every one in the history', async () => {
    const { editions, render, upload } = setup();
    await upload('alpha.md', 'headline: Alpha 0\n');
    await render(DATE);
    await publishProof(editions, DATE, T0);
    const count = CORRECTIONS_KEPT + 2;
    for (let i = 1; i <= count; i++) {
      await upload('alpha.md', `headline: Alpha ${i}\n`);
      await render(DATE);
      await publishProof(editions, DATE, new Date(T0.getTime() + i * 60_000));
    }
    const corrections = json<PublicationPointer>(editions, editionKeys.pointer(DATE))!.corrections!;
    expect(corrections).toHaveLength(CORRECTIONS_KEPT);
    expect(corrections.at(-1)).toEqual({ at: new Date(T0.getTime() + count * 60_000).toISOString(), action: 'publish', corrected: ['alpha'], added: [], removed: [] });
    expect(corrections[0].at).toBe(new Date(T0.getTime() + 3 * 60_000).toISOString());
    expect(json<PublicationHistory>(editions, editionKeys.history(DATE))!.publications).toHaveLength(count + 1);
  });

  it('rolls back only to a version that exists and verifies', async () => {
    const { editions, render, upload } = setup();
    await upload('alpha.md', 'headline: Alpha\n');
    await render(DATE);
    const first = (await publishProof(editions, DATE, T0)) as { fingerprint: string };
    await upload('alpha.md', 'headline: Alpha two\n');
    await render(DATE);
    await publishProof(editions, DATE, T0);
    const served = json<PublicationPointer>(editions, editionKeys.pointer(DATE))!.fingerprint;

    expect(await rollbackEdition(editions, DATE, '../../etc', T0)).toMatchObject({ kind: 'no-such-version' });
    expect(await rollbackEdition(editions, DATE, 'f'.repeat(64), T0)).toMatchObject({ kind: 'no-such-version' });
    await editions.put(`${editionKeys.version(DATE, first.fingerprint)}assets/fonts/body.ttf`, new Uint8Array([9, 9, 9]), 'font/ttf');
    expect(await rollbackEdition(editions, DATE, first.fingerprint, T0)).toMatchObject({ kind: 'damaged' });
    expect(json<PublicationPointer>(editions, editionKeys.pointer(DATE))!.fingerprint).toBe(served);
  });
});

describe('what the API function may write', () => {
  it('publishes, corrects, rolls back and publishes on schedule within the publication keys, deleting nothing', async () => {
    const { editions, render, upload, setNow } = setup();
    setNow(new Date('2026-11-26T18:00:00Z'));
    await upload('edition.yaml', 'publishAt: 2026-11-26T20:00:00Z\n');
    await upload('alpha.md', 'headline: Alpha\n');
    await render(DATE);
    // A newer input set that printed nothing leaves a rejection record beside the proof.
    await editions.put(editionKeys.rejections(DATE), '{"reason":"no article"}', 'application/json');
    const api = asTheApiMay(editions);
    expect(await publishDueProofs(api, new Date('2026-11-26T20:00:10Z'))).toEqual([{ date: DATE, outcome: expect.objectContaining({ kind: 'published' }) }]);
    const first = json<PublicationPointer>(editions, editionKeys.pointer(DATE))!.fingerprint;
    await upload('alpha.md', 'headline: Alpha, corrected\n');
    await render(DATE);
    expect(await publishProof(api, DATE, T0)).toMatchObject({ kind: 'published', corrected: true });
    expect(await publishProof(api, DATE, T0)).toMatchObject({ kind: 'already-published' });
    expect(await rollbackEdition(api, DATE, first, T0)).toMatchObject({ kind: 'rolled-back' });
    expect(editions.objects.has(editionKeys.rejections(DATE))).toBe(true);
  });
});

describe('publishAt', () => {
  it('publishes a never-published proof once its moment comes, and never a later correction by itself', async () => {
    const { editions, render, upload, setNow } = setup();
    setNow(new Date('2026-11-26T18:00:00Z'));
    await upload('edition.yaml', 'publishAt: 2026-11-27T05:00:00+07:00\n');
    await upload('alpha.md', 'headline: Alpha\n');
    expect(await render(DATE)).toMatchObject({ kind: 'proofed', publishAt: '2026-11-26T22:00:00.000Z' });

    // One millisecond early (a timer can fire so): not due, and it says when, for the next timer.
    expect(await publishIfDue(editions, DATE, new Date('2026-11-26T21:59:59.999Z'))).toMatchObject({ kind: 'not-due', dueAt: '2026-11-26T22:00:00.000Z' });
    expect(editions.objects.has(editionKeys.pointer(DATE))).toBe(false);
    const due = await publishDueProofs(editions, new Date('2026-11-26T22:00:30Z'));
    expect(due).toEqual([{ date: DATE, outcome: expect.objectContaining({ kind: 'published' }) }]);
    const published = json<PublicationPointer>(editions, editionKeys.pointer(DATE))!;

    // A correction uploaded after publishAt is a proof for an editor, even though publishAt is past.
    setNow(new Date('2026-11-27T08:00:00Z'));
    await upload('alpha.md', 'headline: Alpha, corrected\n');
    expect((await render(DATE)).kind).toBe('proofed');
    const correction = await publishIfDue(editions, DATE, new Date('2026-11-27T08:01:00Z'));
    expect(correction).toMatchObject({ kind: 'not-due' });
    expect(correction).not.toHaveProperty('dueAt');
    expect(json<PublicationPointer>(editions, editionKeys.pointer(DATE))!.fingerprint).toBe(published.fingerprint);
  });

  it('never publishes by the clock a proof whose inputs have since stopped printing (a story held, a re-export refused)', async () => {
    const { editions, render, upload, setNow } = setup();
    setNow(new Date('2026-11-26T18:00:00Z'));
    await upload('edition.yaml', 'publishAt: 2026-11-26T20:00:00Z\n');
    await upload('alpha.md', 'headline: Alpha\n');
    expect((await render(DATE)).kind).toBe('proofed');
    // Before publishAt the desk takes the only story out: the new inputs print nothing.
    await upload('alpha.md', '');
    expect((await render(DATE)).kind).toBe('rejected');
    expect(editions.objects.has(editionKeys.proof(DATE))).toBe(false);
    expect(await publishDueProofs(editions, new Date('2026-11-26T20:00:10Z'))).toEqual([]);
    expect(editions.objects.has(editionKeys.pointer(DATE))).toBe(false);
    // The desk says why the date has no proof.
    expect(await refusedDates(editions, new Date('2026-11-26T20:00:10Z'))).toEqual([
      { date: DATE, reason: expect.stringMatching(/./), rejected: [{ file: 'alpha.md', reason: expect.stringMatching(/./) }], published: false },
    ]);
    // Inputs that print again make a proof again, which the clock then publishes.
    await upload('alpha.md', 'headline: Alpha again\n');
    expect((await render(DATE)).kind).toBe('proofed');
    expect(await refusedDates(editions, new Date('2026-11-26T20:00:10Z'))).toEqual([]);
    expect(await publishDueProofs(editions, new Date('2026-11-26T20:00:20Z'))).toEqual([{ date: DATE, outcome: expect.objectContaining({ kind: 'published' }) }]);
  });

  it('publishes at render time a first proof whose publishAt has already passed', async () => {
    const { render, upload } = setup();
    await upload('edition.yaml', 'publishAt: 2026-11-27T03:00:00Z\n');
    await upload('alpha.md', 'headline: Alpha\n');
    expect((await render(DATE)).kind).toBe('published');
  });

  it('takes a setting named like an Object method for an unknown one, not a crash (found by an attack: `toString: x`)', () => {
    const { settings, problems } = validateEditionSettings({ paper: 'The Paper', toString: 'x', constructor: 1, hasOwnProperty: 2, valueOf: 3 });
    expect(settings).toEqual({ paper: 'The Paper' });
    expect(problems.join(' ')).toMatch(/toString.*constructor.*hasOwnProperty.*valueOf/);
  });

  it('validates publish and publishAt in edition.yaml with sentences that say what is allowed', () => {
    expect(validateEditionSettings({ publish: 'Auto', publishAt: '2026-11-27T05:00:00+07:00' })).toEqual({
      settings: { publish: 'auto', publishAt: '2026-11-26T22:00:00.000Z' },
      problems: [],
    });
    expect(validateEditionSettings({ publishAt: new Date('2026-11-27T05:00:00Z') }).settings).toEqual({ publishAt: '2026-11-27T05:00:00.000Z' });
    const { settings, problems } = validateEditionSettings({ publish: 'sometimes', publishAt: 'tomorrow at five' });
    expect(settings).toEqual({});
    expect(problems).toEqual([
      '`publish` should be "auto" (every new proof is published at once) or "proof" (an editor or publishAt publishes); it was ignored',
      '`publishAt` should be a moment with its time zone, such as 2026-11-28T05:00:00+07:00; it was ignored',
    ]);
    // A time without its zone is ambiguous for a newsroom in another country than its servers.
    expect(validateEditionSettings({ publishAt: '2026-11-27T05:00:00' }).problems).toHaveLength(1);
  });
});

describe('ingest reports', () => {
  it('writes reports/<date>/<file>.json for an accepted and a rejected upload, and removes it with the upload', async () => {
    const content = new MemoryObjectStore();
    const ingest = ingestObject({
      content,
      renderSignal: new MemoryRenderSignal(),
      logger: silentLogger,
      now: () => T0,
      parse: (file, bytes) =>
        bytes.byteLength === 0
          ? { ok: false, rejection: { file, reason: 'The file is empty.' } }
          : {
              ok: true,
              warnings: [{ file, message: 'the photo is missing' }],
              article: { slug: 'a', headline: 'A', section: 'News', priority: 3, body: [], language: 'en', source: file, format: 'markdown' },
            },
    });
    await content.put(`articles/${DATE}/a.md`, 'headline: A', 'text/markdown');
    await content.put(`articles/${DATE}/b.md`, new Uint8Array(0), 'text/markdown');
    await ingest({ key: `articles/${DATE}/a.md` });
    await ingest({ key: `articles/${DATE}/b.md` });
    expect(json<UploadReport>(content, `reports/${DATE}/a.md.json`)).toMatchObject({
      file: 'a.md',
      status: 'accepted',
      warnings: ['the photo is missing'],
      pages: [],
      updatedAt: T0.toISOString(),
    });
    expect(json<UploadReport>(content, `reports/${DATE}/b.md.json`)).toMatchObject({ file: 'b.md', status: 'rejected', reason: 'The file is empty.' });

    // The render fills in the pages; a redelivered event for the same content leaves them.
    await renderAndPublish({ content, editions: new MemoryObjectStore(), renderSignal: new MemoryRenderSignal(), build: fakeBuilder(), logger: silentLogger, now: () => T0 })(DATE);
    expect(json<UploadReport>(content, `reports/${DATE}/a.md.json`)?.pages).toEqual([1]);
    await ingest({ key: `articles/${DATE}/a.md` });
    expect(json<UploadReport>(content, `reports/${DATE}/a.md.json`)?.pages).toEqual([1]);
    // New content: ingest's verdict again, pages unknown until the next render.
    await content.put(`articles/${DATE}/a.md`, 'headline: A, again', 'text/markdown');
    await ingest({ key: `articles/${DATE}/a.md` });
    expect(json<UploadReport>(content, `reports/${DATE}/a.md.json`)?.pages).toEqual([]);

    await content.delete(`articles/${DATE}/a.md`);
    await ingest({ key: `articles/${DATE}/a.md` });
    expect(content.objects.has(`reports/${DATE}/a.md.json`)).toBe(false);
  });
});

describe('reports reconciled by every render', () => {
  /** A newsroom: the bucket, ingest and render over it, and a clock the test moves. */
  function newsroom(overrides: Partial<PublishPorts> = {}) {
    const { content, editions, render, setNow } = setup(overrides);
    let now = T0;
    const ingest = ingestObject({ content, renderSignal: new MemoryRenderSignal(), parse: parseArticle, logger: silentLogger, now: () => now });
    const key = (file: string) => `articles/${DATE}/${file}`;
    return {
      content,
      editions,
      render,
      ingest,
      later: (minutes: number) => setNow((now = new Date(T0.getTime() + minutes * 60_000))),
      upload: async (file: string, text: string) => {
        await content.put(key(file), text, 'text/markdown');
        await ingest({ key: key(file), eventName: 'ObjectCreated:Put' });
      },
      remove: async (file: string) => {
        await content.delete(key(file));
        await ingest({ key: key(file), eventName: 'ObjectRemoved:Delete' });
      },
      report: (file: string) => json<UploadReport>(content, `reports/${DATE}/${file}.json`),
      reports: async () => (await content.list(`reports/${DATE}/`)).map((o) => o.key.slice(`reports/${DATE}/`.length)),
      /** Writes and deletes under reports/ from now on. */
      reportWrites: () => {
        const from = content.journal.length;
        return () => content.journal.slice(from).filter((line) => line.includes(' reports/'));
      },
    };
  }

  it('writes no report for a file whose name climbs out of its date (`..`, `.`, NUL), as ingest writes none, and the edition prints', async () => {
    // An adversarial upload in AWS, where S3 takes such keys as they are: the render wrote
    // reports/<date>/../evil.md.json, a key that \`aws s3 sync\` of reports/ turns into a file
    // outside the folder, for a name ingest had ignored so that no report would be written outside it.
    const room = newsroom({ defaultPublish: 'auto' });
    await room.upload('alpha.md', 'headline: Alpha\n');
    const hostile = ['../evil.md', 'x/../../climb.md', './dot.md', 'nul\u0000.md'];
    for (const file of hostile) await room.upload(file, 'headline: Hostile\n');
    // And one written by the render before this fix, found by the listing of the date's reports.
    await room.content.put(`reports/${DATE}/../evil.md.json`, '{}', 'application/json');

    expect((await room.render(DATE)).kind).toBe('published');

    expect(await room.reports()).toEqual(['alpha.md.json']);
    expect([...room.content.objects.keys()].filter((key) => !key.startsWith('articles/') && hostile.some((file) => key.includes(file)))).toEqual([]);
    expect(json<PublicationPointer>(room.editions, editionKeys.pointer(DATE))!.articles.map((a) => a.headline)).toEqual(['Alpha']);
  });

  it('deletes the report of a file deleted while the render built (it wrote it back, "accepted, pages [2]")', async () => {
    const inner = fakeBuilder();
    let deleteWhileBuilding: (() => Promise<void>) | undefined;
    const room = newsroom({
      defaultPublish: 'auto',
      build: async (source, request) => {
        await deleteWhileBuilding?.();
        deleteWhileBuilding = undefined;
        return inner(source, request);
      },
    });
    await room.upload('a.md', '---\nheadline: Stays\n---\n\nBody.\n');
    await room.upload('b.md', '---\nheadline: Pulled\n---\n\nBody.\n');
    deleteWhileBuilding = () => room.remove('b.md');

    expect(await room.render(DATE)).toMatchObject({ kind: 'published', requeued: true });
    expect(await room.render(DATE)).toMatchObject({ kind: 'published', requeued: false });

    expect(await room.reports()).toEqual(['a.md.json']);
    expect(room.report('a.md')?.pages).toEqual([1]);
  });

  for (const mode of ['proof', 'auto'] as const) {
    it(`gives back the pages of a story deleted and restored before the render, whose inputs are unchanged (publish: ${mode})`, async () => {
      const room = newsroom({ defaultPublish: mode });
      const text = '---\nheadline: Front story\n---\n\nBody.\n';
      await room.upload('a.md', text);
      await room.upload('b.md', '---\nheadline: Other\n---\n\nBody.\n');
      await room.render(DATE);
      const printed = room.report('a.md');
      expect(printed?.pages).toEqual([1]);

      // Deleted by mistake and restored: ingest's report, pages unknown, until the render.
      room.later(5);
      await room.remove('a.md');
      await room.upload('a.md', text);
      expect(room.report('a.md')?.pages).toEqual([]);
      room.later(10);
      expect((await room.render(DATE)).kind).toBe('unchanged');

      // The report the edition's own render wrote, to the byte (its time is the proof's).
      expect(room.report('a.md')).toEqual(printed);
    });
  }

  it('writes nothing when the reports are already right: one listing of reports/ finds it, whatever the clock says', async () => {
    for (const mode of ['proof', 'auto'] as const) {
      const room = newsroom({ defaultPublish: mode });
      await room.upload('a.md', '---\nheadline: Alpha\n---\n\nBody.\n');
      await room.upload('empty.md', '');
      await room.content.put(`articles/${DATE}/images/p.jpg`, new Uint8Array([1, 2, 3]), 'image/jpeg');
      await room.render(DATE);
      const listed: string[] = [];
      const read: string[] = [];
      const list = room.content.list.bind(room.content);
      const get = room.content.get.bind(room.content);
      room.content.list = async (prefix) => (listed.push(prefix), list(prefix));
      room.content.get = async (key, judged) => (read.push(key), get(key, judged));
      const writes = room.reportWrites();
      room.later(30);

      expect((await room.render(DATE)).kind).toBe('unchanged');

      expect(writes()).toEqual([]);
      expect(listed.filter((prefix) => prefix.startsWith('reports/'))).toEqual([`reports/${DATE}/`]);
      expect(read.filter((key) => key.startsWith('reports/'))).toEqual([]);
    }
  });

  it('deletes a report with no upload behind it on every path: inputs unchanged since they were rejected, a date with no article left', async () => {
    const room = newsroom();
    await room.upload('empty.md', '');
    expect((await room.render(DATE)).kind).toBe('rejected');
    // Left by a race this render did not see (an ingest that wrote for a file deleted meanwhile).
    await room.content.put(`reports/${DATE}/gone.md.json`, '{"file":"gone.md","status":"accepted","pages":[]}', 'application/json');
    const writes = room.reportWrites();
    room.later(5);

    expect((await room.render(DATE)).kind).toBe('unchanged');
    expect(writes()).toEqual([`delete reports/${DATE}/gone.md.json`]);

    await room.content.put(`reports/${DATE}/gone.md.json`, '{}', 'application/json');
    await room.content.put(`articles/${DATE}/images/p.jpg`, new Uint8Array([1, 2, 3]), 'image/jpeg');
    await room.remove('empty.md');
    expect((await room.render(DATE)).kind).toBe('nothing-to-publish');
    expect(await room.reports()).toEqual(['images/p.jpg.json']);
    expect(room.report('images/p.jpg')).toMatchObject({ status: 'accepted', pages: [] });
  });
});

describe('the API for editors and subscribers', () => {
  const verifyToken: TokenVerifier = async (token) =>
    token === 'editor'
      ? { ok: true, subject: 'e', groups: ['editors'] }
      : token === 'subscriber'
        ? { ok: true, subject: 's', groups: [] }
        : { ok: false, reason: 'The token signature is not valid.' };

  it('picks the pointer by role in one place', () => {
    expect(servedPointerKeys(DATE, 'subscriber')).toEqual([`editions/${DATE}/manifest.json`]);
    expect(servedPointerKeys(DATE, 'editor')).toEqual([`editions/${DATE}/proof.json`, `editions/${DATE}/manifest.json`]);
  });

  it('shows editors the proof and subscribers nothing until it is published', async () => {
    const { editions, render, upload } = setup();
    await upload('alpha.md', 'headline: Alpha\n');
    await render(DATE);
    const api = createSubscriberApi({
      editions: { get: async (key) => (await editions.get(key))?.body },
      presign: async (key) => `https://signed.example/${key}`,
      verifyToken,
      readerPage: 'reader',
      deskPage: 'desk',
      desk: createDeskActions(editions, () => new Date('2026-11-27T06:00:00Z')),
    });
    const call = (method: string, path: string, token?: string) => api({ method, path, headers: token ? { authorization: `Bearer ${token}` } : {} });

    expect((await call('GET', `/editions/${DATE}`, 'subscriber')).status).toBe(404);
    expect((await call('GET', `/editions/${DATE}/edition.pdf`, 'subscriber')).status).toBe(404);
    const proof = await call('GET', `/editions/${DATE}`, 'editor');
    expect(proof.status).toBe(200);
    const body = JSON.parse(proof.body);
    expect(body).toMatchObject({ state: 'proof', publishedVersion: null, versions: [{ fingerprint: body.fingerprint, proof: true, published: false }] });
    expect(body).not.toHaveProperty('files');
    expect(body).not.toHaveProperty('sources');
    const editorPdf = await call('GET', `/editions/${DATE}/edition.pdf`, 'editor');
    expect(editorPdf.headers.location).toBe(`https://signed.example/editions/${DATE}/versions/${body.fingerprint}/edition.pdf`);

    expect((await call('GET', `/editions/${DATE}/publish`, 'editor')).status).toBe(405);
    expect((await call('POST', `/editions/${DATE}/publish`)).status).toBe(401);
    expect((await call('POST', `/editions/${DATE}/publish`, 'forged')).status).toBe(401);
    expect((await call('POST', `/editions/${DATE}/publish`, 'subscriber')).status).toBe(403);
    expect((await call('POST', `/editions/${DATE}/rollback`, 'editor')).status).toBe(400);
    expect((await call('POST', `/editions/not-a-date/publish`, 'editor')).status).toBe(400);
    const published = await call('POST', `/editions/${DATE}/publish`, 'editor');
    expect(published.status).toBe(200);
    expect(JSON.parse(published.body)).toMatchObject({ kind: 'published', fingerprint: body.fingerprint, publishedAt: '2026-11-27T06:00:00.000Z' });

    const subscriber = await call('GET', `/editions/${DATE}/edition.pdf`, 'subscriber');
    expect(subscriber.status).toBe(302);
    expect(subscriber.headers.location).toBe(editorPdf.headers.location);
    expect(JSON.parse((await call('GET', `/editions/${DATE}`, 'subscriber')).body)).not.toHaveProperty('versions');
    expect((await call('GET', '/desk')).body).toBe('desk');
    // Nothing published before the first proof: nothing to compare it with.
    expect(body).not.toHaveProperty('pendingChanges');

    // A correction and a new story: the desk says what publishing them changes, before it is pressed.
    await upload('alpha.md', 'headline: Alpha, corrected\n');
    await upload('bravo.md', 'headline: Bravo\n');
    expect((await render(DATE)).kind).toBe('proofed');
    const correction = JSON.parse((await call('GET', `/editions/${DATE}`, 'editor')).body);
    expect(correction.publishedVersion).toBe(body.fingerprint);
    expect(correction.pendingChanges).toEqual({ corrected: ['alpha'], added: ['bravo'], removed: [] });
    expect(JSON.parse((await call('GET', `/editions/${DATE}`, 'subscriber')).body)).not.toHaveProperty('pendingChanges');
  });
});

describe("the desk's list of proofs awaiting an editor", () => {
  const verifyToken: TokenVerifier = async (token) =>
    token === 'editor' ? { ok: true, subject: 'e', groups: ['editors'] } : { ok: true, subject: 's', groups: [] };

  it('lists every proof no editor has published, however far from today, newest first; subscribers never see it', async () => {
    const { content, editions, render } = setup();
    const upload = (date: string, file: string, text: string) => content.put(`articles/${date}/${file}`, text, 'text/markdown');
    // Four dates proofed: the 25th and the 27th are published, then the 27th corrected; the 26th
    // and the 18th never published.
    for (const date of ['2026-11-18', '2026-11-25', '2026-11-26', '2026-11-27']) {
      await upload(date, 'alpha.md', `headline: Alpha of ${date}\n`);
      expect((await render(date)).kind).toBe('proofed');
    }
    await publishProof(editions, '2026-11-25', T0);
    await publishProof(editions, '2026-11-27', T0);
    await upload('2026-11-27', 'bravo.md', 'headline: Bravo\n');
    expect((await render('2026-11-27')).kind).toBe('proofed');

    // A day later the 18th is more than a week behind: it was not listed (the desk walked a week
    // either side of today), and its proof waited unseen unless an editor picked its date.
    const now = new Date('2026-11-28T04:00:00Z');
    const awaiting = await awaitingProofs(editions, now);
    expect(awaiting.map((p) => [p.date, p.corrects])).toEqual([
      ['2026-11-27', true],
      ['2026-11-26', false],
      ['2026-11-18', false],
    ]);
    const proof26 = json<ProofPointer>(editions, editionKeys.proof('2026-11-26'))!;
    expect(awaiting[1]).toEqual<AwaitingProof>({
      date: '2026-11-26',
      fingerprint: proof26.fingerprint,
      pageCount: 1,
      paper: 'The Test Times',
      headline: 'Alpha of 2026-11-26',
      proofedAt: T0.toISOString(),
      corrects: false,
    });
    // Publishing takes a proof off the list.
    await publishProof(editions, '2026-11-26', now);
    await publishProof(editions, '2026-11-18', now);
    expect((await awaitingProofs(editions, now)).map((p) => p.date)).toEqual(['2026-11-27']);
    // A proof a month ahead is listed too, from one listing of the markers and the index: a
    // published proof's marker is passed over without a read of its date.
    const ahead = '2026-12-28';
    await upload(ahead, 'alpha.md', 'headline: Alpha ahead\n');
    expect((await render(ahead)).kind).toBe('proofed');
    const asked: string[] = [];
    const watched: ObjectStore = {
      ...asTheApiMay(editions),
      list: (prefix) => (asked.push(`list ${prefix}`), editions.list(prefix)),
      get: (key, judged) => (asked.push(key), editions.get(key, judged)),
    };
    expect((await awaitingProofs(watched, now)).map((p) => p.date)).toEqual([ahead, '2026-11-27']);
    expect(asked.filter((line) => line.startsWith('list '))).toEqual(['list editions/desk/proofs/']);
    expect(asked.some((key) => key.startsWith('editions/2026-11-18/'))).toBe(false);
    // One marker a date, the proof's: a new proof's replaces the old one's.
    await upload(ahead, 'bravo.md', 'headline: Bravo ahead\n');
    expect((await render(ahead)).kind).toBe('proofed');
    const proofAhead = json<ProofPointer>(editions, editionKeys.proof(ahead))!;
    expect([...editions.objects.keys()].filter((key) => key.startsWith(editionKeys.proofMarkersOf(ahead)))).toEqual([editionKeys.proofMarker(ahead, proofAhead.fingerprint)]);

    const api = createSubscriberApi({
      editions: { get: async (key) => (await editions.get(key))?.body },
      presign: async (key) => `https://signed.example/${key}`,
      verifyToken,
      readerPage: 'reader',
      desk: createDeskActions(editions, () => now),
    });
    const list = async (token: string) => JSON.parse((await api({ method: 'GET', path: '/editions', headers: { authorization: `Bearer ${token}` } })).body);
    const forEditor = await list('editor');
    expect(forEditor.editions.map((e: { date: string }) => e.date)).toEqual(['2026-11-27', '2026-11-26', '2026-11-25', '2026-11-18']);
    expect(forEditor.proofs.map((p: AwaitingProof) => p.date)).toEqual([ahead, '2026-11-27']);
    const forSubscriber = await list('subscriber');
    expect(forSubscriber.editions).toEqual(forEditor.editions);
    expect(forSubscriber).not.toHaveProperty('proofs');
  });
});

describe('proofs made before proofs had markers', () => {
  it('are listed however far from today once markProofsMadeBeforeMarkers has run, which then writes nothing more', async () => {
    const { content, editions, render } = setup();
    const OLD = '2026-11-10';
    for (const date of [OLD, DATE]) {
      await content.put(`articles/${date}/alpha.md`, `headline: Alpha of ${date}\n`, 'text/markdown');
      expect((await render(date)).kind).toBe('proofed');
    }
    // As a render before 1ad958d left them: proof.json and no marker.
    for (const { key } of await editions.list(editionKeys.proofMarkers)) await editions.delete(key);
    const now = new Date('2026-11-28T04:00:00Z');
    // More than a week back, it waited unseen until a render of its date wrote the proof again.
    expect((await awaitingProofs(editions, now)).map((p) => p.date)).toEqual([DATE]);
    // The API may not write a marker: the render function's role does it.
    await expect(markProofsMadeBeforeMarkers(asTheApiMay(editions))).rejects.toThrow('AccessDenied');

    expect(await markProofsMadeBeforeMarkers(editions)).toEqual([OLD, DATE]);

    expect((await awaitingProofs(asTheApiMay(editions), now)).map((p) => p.date)).toEqual([DATE, OLD]);
    const proofOld = json<ProofPointer>(editions, editionKeys.proof(OLD))!;
    expect([...editions.objects.keys()].filter((key) => key.startsWith(editionKeys.proofMarkersOf(OLD)))).toEqual([editionKeys.proofMarker(OLD, proofOld.fingerprint)]);
    // Once done, a run (every start of epaper dev) lists editions/ and reads and writes nothing.
    editions.journal.length = 0;
    const asked: string[] = [];
    expect(await markProofsMadeBeforeMarkers({ ...asTheApiMay(editions), get: (key, judged) => (asked.push(key), editions.get(key, judged)) })).toEqual([]);
    expect([...asked, ...editions.journal]).toEqual([]);
  });
});

describe("the desk's call", () => {
  it('reads editions/index.json once for the published dates, the proofs awaiting an editor and the emptied dates', async () => {
    const { content, editions, render } = setup();
    for (const date of ['2026-11-26', DATE]) {
      await content.put(`articles/${date}/alpha.md`, `headline: Alpha of ${date}\n`, 'text/markdown');
      expect((await render(date)).kind).toBe('proofed');
    }
    await publishProof(editions, '2026-11-26', T0);
    const asked: string[] = [];
    const watched: ObjectStore = { ...asTheApiMay(editions), get: (key, judged) => (asked.push(key), editions.get(key, judged)) };
    const api = createSubscriberApi({
      editions: { get: async (key) => (asked.push(key), (await editions.get(key))?.body) },
      presign: async (key) => `https://signed.example/${key}`,
      verifyToken: async () => ({ ok: true, subject: 'e', groups: ['editors'] }),
      readerPage: 'reader',
      desk: createDeskActions(watched, () => T0),
    });
    const body = JSON.parse((await api({ method: 'GET', path: '/editions', headers: { authorization: 'Bearer editor' } })).body);
    expect(body.editions.map((e: { date: string }) => e.date)).toEqual(['2026-11-26']);
    expect(body.proofs.map((p: AwaitingProof) => p.date)).toEqual([DATE]);
    // Read by the API for the published dates, then again by the proofs' list and the emptied dates' list.
    expect(asked.filter((key) => key === editionKeys.index)).toHaveLength(1);
  });
});

describe('an edition is withdrawn by an editor, not by a deletion', () => {
  const verifyToken: TokenVerifier = async (token) =>
    token === 'editor' ? { ok: true, subject: 'e', groups: ['editors'] } : token === 'subscriber' ? { ok: true, subject: 's', groups: [] } : { ok: false, reason: 'The token signature is not valid.' };
  const LATER = new Date('2026-11-27T09:00:00Z');

  /** A newsroom whose date is published (a proof and an editor's publish, or `publish: auto`), and the API over its bucket as the API function may use it. */
  async function published(overrides: Partial<PublishPorts> = {}, files: Record<string, string> = { 'alpha.md': 'headline: Alpha\n' }) {
    const room = setup(overrides);
    for (const [file, text] of Object.entries(files)) await room.upload(file, text);
    if ((await room.render(DATE)).kind !== 'published') expect((await publishProof(room.editions, DATE, T0)).kind).toBe('published');
    const api = createSubscriberApi({
      editions: { get: async (key) => (await room.editions.get(key))?.body },
      presign: async (key) => `https://signed.example/${key}`,
      verifyToken,
      readerPage: 'reader',
      desk: createDeskActions(asTheApiMay(room.editions), () => LATER),
    });
    const call = async (method: string, path: string, token: string) => {
      const response = await api({ method, path, headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, body: response.body ? JSON.parse(response.body) : undefined };
    };
    const served = json<PublicationPointer>(room.editions, editionKeys.pointer(DATE))!.fingerprint;
    return { ...room, call, served, remove: (file: string) => room.content.delete(`articles/${DATE}/${file}`) };
  }

  it('keeps a published proof-mode date served when every file is deleted, and lists it for editors until files come back', async () => {
    const room = await published({}, { 'edition.yaml': 'publish: auto\n', 'alpha.md': 'headline: Alpha\n' });
    // An `aws s3 sync --delete` from an empty folder: the settings go too, so the deployment's mode (proof) decides.
    await room.remove('alpha.md');
    await room.remove('edition.yaml');
    room.setNow(new Date('2026-11-27T08:00:00Z'));

    const outcome = await room.render(DATE);

    expect(outcome).toMatchObject({ kind: 'emptied', fingerprint: room.served, noticedAt: '2026-11-27T08:00:00.000Z' });
    expect(json<PublicationPointer>(room.editions, editionKeys.pointer(DATE))?.fingerprint).toBe(room.served);
    expect(room.editions.objects.has(editionKeys.currentPdf(DATE))).toBe(true);
    expect(json<EditionIndex>(room.editions, editionKeys.index)?.editions.map((e) => e.date)).toEqual([DATE]);
    // The proof printed files that are gone: the clock must not publish it.
    expect(room.editions.objects.has(editionKeys.proof(DATE))).toBe(false);
    expect((await room.call('GET', `/editions/${DATE}/edition.pdf`, 'subscriber')).status).toBe(302);
    expect((await room.call('GET', `/editions/${DATE}`, 'subscriber')).body.fingerprint).toBe(room.served);

    // The desk is told; subscribers are not.
    const forEditor = (await room.call('GET', '/editions', 'editor')).body;
    expect(forEditor.emptied).toEqual([{ date: DATE, noticedAt: '2026-11-27T08:00:00.000Z', publishedVersion: room.served, headline: 'Alpha' }]);
    const forSubscriber = (await room.call('GET', '/editions', 'subscriber')).body;
    expect(forSubscriber).not.toHaveProperty('emptied');
    expect(forSubscriber.editions.map((e: { date: string }) => e.date)).toEqual([DATE]);
    expect((await room.call('GET', `/editions/${DATE}`, 'editor')).body).toMatchObject({ state: 'published', publishedVersion: room.served, emptied: { noticedAt: '2026-11-27T08:00:00.000Z' } });

    // Rendered again (a retry, epaper dev's catch-up): nothing changes, not even when it was noticed.
    room.setNow(new Date('2026-11-27T08:30:00Z'));
    room.editions.journal.length = 0;
    expect(await room.render(DATE)).toMatchObject({ kind: 'emptied', noticedAt: '2026-11-27T08:00:00.000Z' });
    expect(room.editions.journal.filter((line) => !line.endsWith('/last-render.json'))).toEqual([]);
    expect(await dateNeedsRender(room.content, room.editions, DATE, LATER)).toBe(false);

    // A file comes back: a normal render (a proof, for an editor: edition.yaml is gone), and the date leaves the desk's list.
    await room.upload('alpha.md', 'headline: Alpha\n');
    expect((await room.render(DATE)).kind).toBe('proofed');
    expect(json<PublicationPointer>(room.editions, editionKeys.pointer(DATE))?.fingerprint).toBe(room.served);
    expect(room.editions.objects.has(editionKeys.emptied(DATE))).toBe(false);
    expect(room.editions.objects.has(editionKeys.proof(DATE))).toBe(true);
    expect(await emptiedDates(room.editions, LATER)).toEqual([]);
  });

  it('lists an emptied date and a refused one however long ago, from one listing of their markers, not a walk of a week either side of today', async () => {
    // An emptied date ten days back was never shown on the desk: it stayed served with no editor told.
    const room = await published();
    await room.remove('alpha.md');
    expect((await room.render(DATE)).kind).toBe('emptied');
    const OLDER = '2026-10-01';
    await room.content.put(`articles/${OLDER}/beta.md`, 'headline: Beta\n', 'text/markdown');
    await room.content.put(`articles/${OLDER}/beta.md`, '', 'text/markdown');
    expect((await room.render(OLDER)).kind).toBe('rejected');
    const tenDaysOn = new Date('2026-12-07T09:00:00Z');
    const asked: string[] = [];
    const watched: ObjectStore = {
      ...asTheApiMay(room.editions),
      list: (prefix) => (asked.push(`list ${prefix}`), room.editions.list(prefix)),
      get: (key, judged) => (asked.push(key), room.editions.get(key, judged)),
    };
    expect((await emptiedDates(watched, tenDaysOn)).map((d) => d.date)).toEqual([DATE]);
    expect((await refusedDates(watched, tenDaysOn)).map((d) => [d.date, d.published])).toEqual([[OLDER, false]]);
    // One listing of each state's markers (and the index), then the dates they name and the week either side of today.
    expect(asked.filter((line) => line.startsWith('list '))).toEqual(['list editions/desk/emptied/', 'list editions/desk/refused/']);
    expect(new Set(asked.filter((key) => !key.startsWith('list ') && key !== editionKeys.index).map((key) => key.split('/')[1])).size).toBeLessThanOrEqual(2 * 7 + 1 + 2);
    // Resolved, a state leaves the listing with its marker: files back, files of a refused date deleted.
    await room.upload('alpha.md', 'headline: Alpha again\n');
    expect((await room.render(DATE)).kind).toBe('proofed');
    await room.content.delete(`articles/${OLDER}/beta.md`);
    await room.render(OLDER);
    expect(await emptiedDates(room.editions, tenDaysOn)).toEqual([]);
    expect(await refusedDates(room.editions, tenDaysOn)).toEqual([]);
    expect([...room.editions.objects.keys()].filter((key) => key.startsWith('editions/desk/') && !key.startsWith(editionKeys.proofMarkers))).toEqual([]);
    // A record written before markers existed is still found within the week either side of today.
    await room.editions.put(editionKeys.rejections(DATE), JSON.stringify({ date: DATE, reason: 'old record', rejected: [] }), 'application/json');
    await room.editions.delete(editionKeys.proof(DATE));
    expect((await refusedDates(room.editions, LATER)).map((d) => d.reason)).toEqual(['old record']);
  });

  it('passes over the marker an emptied date keeps once an editor withdrew it, unread, and lists the date again when a rollback puts it back', async () => {
    const room = await published();
    await room.remove('alpha.md');
    expect((await room.render(DATE)).kind).toBe('emptied');
    expect((await room.call('POST', `/editions/${DATE}/withdraw`, 'editor')).body.kind).toBe('withdrawn');
    // The API may not delete the record or its marker: they stay, and each desk call read both the
    // record and the pointer of every such date, whose markers took DESK_LIST_POLICY.maxDates places.
    expect(room.editions.objects.has(editionKeys.deskMarker('emptied', DATE))).toBe(true);
    const tenDaysOn = new Date('2026-12-07T09:00:00Z');
    const asked: string[] = [];
    const watched: ObjectStore = { ...asTheApiMay(room.editions), get: (key, judged) => (asked.push(key), room.editions.get(key, judged)) };
    expect(await emptiedDates(watched, tenDaysOn)).toEqual([]);
    expect(asked.filter((key) => key.startsWith(`editions/${DATE}/`))).toEqual([]);
    // Put back by a rollback, its files still gone: emptied again, and listed.
    expect((await room.call('POST', `/editions/${DATE}/rollback?version=${room.served}`, 'editor')).body.kind).toBe('rolled-back');
    expect((await emptiedDates(asTheApiMay(room.editions), tenDaysOn)).map((d) => d.date)).toEqual([DATE]);
  });

  it('has the render drop the marker of an emptied date an editor withdrew, and write it again when a rollback puts the date back', async () => {
    const room = await published();
    await room.remove('alpha.md');
    expect((await room.render(DATE)).kind).toBe('emptied');
    const noticedAt = json<{ noticedAt: string }>(room.editions, editionKeys.emptied(DATE))!.noticedAt;
    const renders = new MemoryRenderSignal();
    const desk = createDeskActions(asTheApiMay(room.editions), () => LATER, renders);

    expect((await desk.withdraw(DATE)).kind).toBe('withdrawn');
    // The API may not delete the marker (asTheApiMay): it asks the render, whose role may.
    expect(renders.sent).toEqual([DATE]);
    expect(await room.render(DATE)).toMatchObject({ kind: 'nothing-to-publish' });
    // Left, the marker stayed in editions/desk/emptied/ for good; the record stays for a rollback.
    expect(room.editions.objects.has(editionKeys.deskMarker('emptied', DATE))).toBe(false);
    expect(room.editions.objects.has(editionKeys.emptied(DATE))).toBe(true);
    expect(room.editions.objects.has(editionKeys.pointer(DATE))).toBe(false);
    // Asked again (a repeated withdrawal), nothing is left to tidy.
    expect((await desk.withdraw(DATE)).kind).toBe('already-withdrawn');
    expect(renders.sent).toEqual([DATE]);

    expect((await desk.rollback(DATE, room.served)).kind).toBe('rolled-back');
    expect(renders.sent).toEqual([DATE, DATE]);
    expect(await room.render(DATE)).toMatchObject({ kind: 'emptied', noticedAt });
    expect(room.editions.objects.has(editionKeys.deskMarker('emptied', DATE))).toBe(true);
    expect(await emptiedDates(asTheApiMay(room.editions), new Date('2026-12-07T09:00:00Z'))).toMatchObject([{ date: DATE, noticedAt, publishedVersion: room.served }]);
    // A withdrawal of a date whose files are there asks for no render (one would publish them over a rollback with `publish: auto`).
    const other = await published();
    const otherRenders = new MemoryRenderSignal();
    expect((await createDeskActions(asTheApiMay(other.editions), () => LATER, otherRenders).withdraw(DATE)).kind).toBe('withdrawn');
    expect(otherRenders.sent).toEqual([]);
  });

  it('keeps the marker of an emptied date that a rollback put back while the render asked for by its withdrawal ran', async () => {
    const room = await published();
    await room.remove('alpha.md');
    expect((await room.render(DATE)).kind).toBe('emptied');
    const renders = new MemoryRenderSignal();
    const desk = createDeskActions(asTheApiMay(room.editions), () => LATER, renders);
    expect((await desk.withdraw(DATE)).kind).toBe('withdrawn');
    // The editor rolls back after the render read the date (no pointer) and before it drops the marker:
    // the rollback sees the marker still there and asks for nothing.
    const marker = editionKeys.deskMarker('emptied', DATE);
    const racing: ObjectStore = {
      ...room.editions,
      get: (key, judged) => room.editions.get(key, judged),
      head: (key) => room.editions.head(key),
      list: (prefix) => room.editions.list(prefix),
      put: (key, body, type) => room.editions.put(key, body, type),
      putIfUnchanged: (key, body, type, etag) => room.editions.putIfUnchanged(key, body, type, etag),
      delete: async (key) => {
        if (key === marker) expect((await desk.rollback(DATE, room.served)).kind).toBe('rolled-back');
        return room.editions.delete(key);
      },
    };
    const render = renderAndPublish({ content: room.content, editions: racing, renderSignal: new MemoryRenderSignal(), build: fakeBuilder(), logger: silentLogger, now: () => LATER });
    expect((await render(DATE)).kind).toBe('nothing-to-publish');
    expect(renders.sent).toEqual([DATE]);
    expect(room.editions.objects.has(editionKeys.pointer(DATE))).toBe(true);
    expect(room.editions.objects.has(marker)).toBe(true);
  });

  it('still unpublishes at once with `publish: auto`, the newsroom that publishes without an editor', async () => {
    const room = await published({}, { 'edition.yaml': 'publish: auto\n', 'alpha.md': 'headline: Alpha\n' });
    await room.remove('alpha.md');
    expect((await room.render(DATE)).kind).toBe('unpublished');
    expect(room.editions.objects.has(editionKeys.pointer(DATE))).toBe(false);
    expect(await emptiedDates(room.editions, LATER)).toEqual([]);
  });

  it('takes the mode from the deployment when edition.yaml went with the articles', async () => {
    const room = await published({ defaultPublish: 'auto' });
    await room.remove('alpha.md');
    expect((await room.render(DATE)).kind).toBe('unpublished');
  });

  it('asks epaper dev\'s catch-up for a render of an emptied date until the desk is told, and that render unpublishes nothing', async () => {
    const room = await published();
    await room.remove('alpha.md');
    expect(await dateNeedsRender(room.content, room.editions, DATE, LATER)).toBe(true);
    expect((await room.render(DATE)).kind).toBe('emptied');
    expect(await dateNeedsRender(room.content, room.editions, DATE, LATER)).toBe(false);
    expect(room.editions.objects.has(editionKeys.pointer(DATE))).toBe(true);
  });

  it('withdraws for an editor only: the history line, the index line, the copy, then the pointer; the versions and the record stay', async () => {
    const room = await published();
    await room.remove('alpha.md');
    expect((await room.render(DATE)).kind).toBe('emptied');

    expect((await room.call('POST', `/editions/${DATE}/withdraw`, 'subscriber')).status).toBe(403);
    expect((await room.call('GET', `/editions/${DATE}/withdraw`, 'editor')).status).toBe(405);
    expect(room.editions.objects.has(editionKeys.pointer(DATE))).toBe(true);
    room.editions.journal.length = 0;

    const withdrawn = await room.call('POST', `/editions/${DATE}/withdraw`, 'editor');

    expect(withdrawn).toEqual({ status: 200, body: { date: DATE, kind: 'withdrawn', fingerprint: room.served, withdrawnAt: LATER.toISOString() } });
    const journal = room.editions.journal;
    const at = (line: string) => journal.indexOf(line);
    // The history line first (a render's own publication reads it), then the index line (a date
    // listed with no pointer answered 404), the copy, and the pointer last.
    expect(at(`put ${editionKeys.history(DATE)}`)).toBeGreaterThanOrEqual(0);
    expect(at(`put ${editionKeys.history(DATE)}`)).toBeLessThan(at(`put ${editionKeys.index}`));
    expect(at(`put ${editionKeys.index}`)).toBeLessThan(at(`delete ${editionKeys.currentPdf(DATE)}`));
    expect(at(`delete ${editionKeys.currentPdf(DATE)}`)).toBeLessThan(at(`delete ${editionKeys.pointer(DATE)}`));
    expect(json<EditionIndex>(room.editions, editionKeys.index)?.editions).toEqual([]);
    expect(journal.some((line) => line.includes('/versions/'))).toBe(false);
    expect(json<PublicationHistory>(room.editions, editionKeys.history(DATE))?.publications.at(-1)).toEqual({ version: room.served, publishedAt: LATER.toISOString(), action: 'withdraw', changedArticles: [] });

    // Subscribers: nothing of the date any more.
    expect((await room.call('GET', '/editions', 'subscriber')).body.editions).toEqual([]);
    expect((await room.call('GET', `/editions/${DATE}`, 'subscriber')).status).toBe(404);
    expect((await room.call('GET', `/editions/${DATE}/edition.pdf`, 'subscriber')).status).toBe(404);
    // Editors: no longer listed as emptied; the version is still there to roll back to, never called published by the withdrawal.
    expect((await room.call('GET', '/editions', 'editor')).body.emptied).toEqual([]);
    expect(await createDeskActions(room.editions, () => LATER).versions(DATE)).toMatchObject({ versions: [{ fingerprint: room.served, published: false, publishedAt: [T0.toISOString()] }] });
    // Asked again: done already; a date never published has nothing to withdraw.
    expect((await room.call('POST', `/editions/${DATE}/withdraw`, 'editor')).body).toMatchObject({ kind: 'already-withdrawn', fingerprint: room.served });
    expect((await room.call('POST', `/editions/2026-11-20/withdraw`, 'editor')).status).toBe(404);
  });

  it('withdraws a date whose files are still there, and the next upload makes a proof, even with `publish: auto` or a publishAt past, until an editor publishes', async () => {
    const room = await published({}, { 'edition.yaml': 'publish: auto\n', 'alpha.md': 'headline: Alpha\n' });
    expect((await room.call('POST', `/editions/${DATE}/withdraw`, 'editor')).body.kind).toBe('withdrawn');
    room.setNow(LATER);

    // The same files rendered again (a retry): the proof stands, nothing is published.
    expect((await room.render(DATE)).kind).toBe('unchanged');
    expect(room.editions.objects.has(editionKeys.pointer(DATE))).toBe(false);
    // A re-upload: a proof, as for a date never published.
    await room.upload('alpha.md', 'headline: Alpha, cut\n');
    expect((await room.render(DATE)).kind).toBe('proofed');
    await room.upload('edition.yaml', 'publishAt: 2026-11-27T03:00:00Z\n');
    expect((await room.render(DATE)).kind).toBe('proofed');
    expect(await publishIfDue(room.editions, DATE, LATER)).toMatchObject({ kind: 'not-due', message: expect.stringMatching(/withdrawn by an editor/) });
    expect(await publishDueProofs(room.editions, LATER)).toEqual([]);
    expect(room.editions.objects.has(editionKeys.pointer(DATE))).toBe(false);
    expect(json<EditionIndex>(room.editions, editionKeys.index)?.editions).toEqual([]);
    // The desk lists the proof as a withdrawn date's.
    expect((await awaitingProofs(room.editions, LATER)).map((p) => [p.date, p.corrects, p.withdrawnAt])).toEqual([[DATE, false, LATER.toISOString()]]);

    // An editor publishes: the date is back, and its settings apply again.
    expect((await room.call('POST', `/editions/${DATE}/publish`, 'editor')).body.kind).toBe('published');
    await room.upload('edition.yaml', 'publish: auto\n');
    await room.upload('alpha.md', 'headline: Alpha, corrected\n');
    expect((await room.render(DATE)).kind).toBe('published');
  });
});

describe('a withdrawal racing a render', () => {
  it('keeps a `publish: auto` render that began before an editor withdrew the date a proof', async () => {
    let duringBuild: (() => Promise<void>) | undefined;
    const inner = fakeBuilder();
    const { editions, render, upload } = setup({
      build: async (source, request) => {
        const hook = duringBuild;
        duringBuild = undefined;
        await hook?.();
        return inner(source, request);
      },
    });
    await upload('edition.yaml', 'publish: auto\n');
    await upload('alpha.md', 'headline: Alpha\n');
    expect((await render(DATE)).kind).toBe('published');
    await upload('alpha.md', 'headline: Alpha, libel repeated\n');
    duringBuild = async () => {
      expect((await withdrawEdition(asTheApiMay(editions), DATE, T0)).kind).toBe('withdrawn');
    };

    expect((await render(DATE)).kind).toBe('proofed');
    expect(editions.objects.has(editionKeys.pointer(DATE))).toBe(false);
    expect(json<EditionIndex>(editions, editionKeys.index)?.editions).toEqual([]);
  });

  it('finishes, in turn, the withdrawal or rollback of a date older than the schedule\'s week that was cut short', async () => {
    // Thirty dates a month and more back, all published; then one withdrawal cut short right after
    // its history line (its pointer went first until the 77th round, and cut short after it the
    // date was listed for subscribers with nothing served) and one rollback right after the
    // pointer: listed with the replaced version's line. Only a week either side of today was
    // looked at, and both stayed so for good.
    const { content, editions, render } = setup();
    const dates = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2026, 8, 1 + i)).toISOString().slice(0, 10));
    for (const date of dates) {
      await content.put(`articles/${date}/alpha.md`, `headline: Alpha of ${date}\n`, 'text/markdown');
      await render(date);
      await publishProof(editions, date, T0);
    }
    const [withdrawn, rolledBack] = [dates[4], dates[17]];
    await content.put(`articles/${rolledBack}/bravo.md`, 'headline: Bravo\n', 'text/markdown');
    await render(rolledBack);
    const first = json<PublicationPointer>(editions, editionKeys.pointer(rolledBack))!.fingerprint;
    await publishProof(editions, rolledBack, T0);
    const cutShortAfterPointer = (): ObjectStore => {
      let pointerChanged = false;
      const dies = () => {
        if (pointerChanged) throw new Error('killed');
      };
      return {
        ...asTheApiMay(editions),
        put: async (key, body, type) => (dies(), editions.put(key, body, type)),
        putIfUnchanged: async (key, body, type, etag) => (dies(), (pointerChanged = key.endsWith('/manifest.json')), editions.putIfUnchanged(key, body, type, etag)),
        delete: async (key) => (dies(), (pointerChanged = key.endsWith('/manifest.json')), editions.delete(key)),
      };
    };
    const cutShortAfterHistory = (): ObjectStore => {
      let written = false;
      return {
        ...asTheApiMay(editions),
        put: async (key, body, type) => editions.put(key, body, type),
        putIfUnchanged: async (key, body, type, etag) => {
          if (written) throw new Error('killed');
          written = key.endsWith('/history.json');
          return editions.putIfUnchanged(key, body, type, etag);
        },
        delete: async (key) => {
          if (written) throw new Error('killed');
          return editions.delete(key);
        },
      };
    };
    await expect(withdrawEdition(cutShortAfterHistory(), withdrawn, T0)).rejects.toThrow('killed');
    expect(editions.objects.has(editionKeys.pointer(withdrawn))).toBe(true);
    await expect(rollbackEdition(cutShortAfterPointer(), rolledBack, first, T0)).rejects.toThrow('killed');
    const line = (date: string) => json<EditionIndex>(editions, editionKeys.index)!.editions.find((entry) => entry.date === date);
    expect(line(withdrawn)).toBeDefined();
    expect(line(rolledBack)?.fingerprint).not.toBe(first);

    // The schedule, minute after minute (SCHEDULED_PUBLISH_POLICY.olderDatesPerRun dates a run, in
    // turn, every one of them within three runs here), half an hour of it.
    for (let minute = 0; minute < 30; minute++) await publishDueProofs(asTheApiMay(editions), new Date(Date.UTC(2026, 11, 7, 9, minute)));

    expect(line(withdrawn)).toBeUndefined();
    expect(editions.objects.has(editionKeys.currentPdf(withdrawn))).toBe(false);
    expect(editions.objects.has(editionKeys.pointer(withdrawn))).toBe(false);
    expect(line(rolledBack)?.fingerprint).toBe(first);
    expect(json<EditionIndex>(editions, editionKeys.index)!.editions).toHaveLength(dates.length - 1);
    expect(dates.length / SCHEDULED_PUBLISH_POLICY.olderDatesPerRun).toBeLessThanOrEqual(30);
  });

  it('takes out of the index, on the next minute\'s schedule, a withdrawn date a render listed again as it finished', async () => {
    const { editions, render, upload } = setup();
    await upload('alpha.md', 'headline: Alpha\n');
    await render(DATE);
    await publishProof(editions, DATE, T0);
    const index = editions.text(editionKeys.index)!;
    const copy = editions.objects.get(editionKeys.currentPdf(DATE))!;
    await withdrawEdition(editions, DATE, T0);
    // An unchanged render that read the pointer before the withdrawal finishes its publication after it.
    await editions.put(editionKeys.index, index, 'application/json');
    await editions.put(editionKeys.currentPdf(DATE), copy.body, 'application/pdf');

    expect(await publishDueProofs(asTheApiMay(editions), new Date('2026-11-27T04:01:00Z'))).toEqual([]);

    expect(json<EditionIndex>(editions, editionKeys.index)?.editions).toEqual([]);
    expect(editions.objects.has(editionKeys.currentPdf(DATE))).toBe(false);
  });
});
