/**
 * Random newsroom days over memory stores (lambdas/core/publish.ts with the fake builder): uploads,
 * edits, empty files and deletions, edition.yaml's publish mode and publishAt, renders, publishes,
 * rollbacks to any version seen (or none), an editor's withdrawal, the scheduled publisher and the
 * clock moving on, in a seeded random order. After every step what subscribers are served must hold together: the
 * pointer names a complete version whose PDF is its own, the history's last line and the index
 * agree with it, the history only grows, what changed is told against the publication replaced,
 * no outcome but a publication (or a withdrawal) moves the pointer, and once an editor has
 * withdrawn the date only an editor's publish or rollback publishes it again.
 */
import { expect, it } from 'vitest';
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { silentLogger } from '../../lambdas/adapters/logger';
import {
  articleChanges,
  CORRECTIONS_KEPT,
  editionKeys,
  publishIfDue,
  publishProof,
  renderAndPublish,
  rollbackEdition,
  servedPdfKey,
  withdrawEdition,
  type EditionIndex,
  type ProofPointer,
  type PublicationHistory,
  type PublicationPointer,
  type PublishedManifest,
} from '../../lambdas/core/publish';
import { seededRandom } from '../fixtures/seeded-random';
import { fakeBuilder } from './fake-builder';

const DATE = '2026-11-27';
const DAYS = 300;
const STEPS = 40;
const SLUGS = ['alpha', 'bravo', 'charlie', 'delta'];
const STEP_KINDS = ['upload', 'upload', 'upload', 'delete', 'yaml', 'render', 'render', 'publish', 'rollback', 'due', 'clock', 'withdraw'] as const;
/** Outcomes that publish nothing: the pointer must stay where it was. */
const STILL = new Set(['damaged', 'no-proof', 'no-such-version', 'embargoed', 'not-due', 'already-published', 'unchanged', 'rejected', 'proofed', 'nothing-to-publish', 'emptied', 'not-published', 'already-withdrawn']);

async function randomDay(seed: number, outcomes: Map<string, number>): Promise<void> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const content = new MemoryObjectStore();
  const editions = new MemoryObjectStore();
  let now = new Date('2026-11-27T04:00:00Z');
  const render = renderAndPublish({ content, editions, renderSignal: new MemoryRenderSignal(), build: fakeBuilder(), logger: silentLogger, now: () => now });
  const json = <T>(key: string): T | undefined => {
    const text = editions.text(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  };
  const input = (name: string) => `articles/${DATE}/${name}`;
  const versionsSeen = new Set<string>();
  let lastPointer: PublicationPointer | undefined;
  let lastHistory: PublicationHistory['publications'] = [];
  let withdrawn = false;
  const steps: string[] = [];
  for (let step = 0; step < STEPS; step++) {
    const kind = pick(STEP_KINDS);
    let outcome: { readonly kind: string; readonly fingerprint?: string } | undefined;
    if (kind === 'upload') {
      const slug = pick(SLUGS);
      const text = random() < 0.1 ? '' : `headline: ${slug} ${pick(['', 'again', 'corrected'])}\n`;
      await content.put(input(`${slug}.md`), text, 'text/markdown');
      steps.push(`upload ${slug} ${JSON.stringify(text)}`);
    } else if (kind === 'delete') {
      const slug = pick(SLUGS);
      await content.delete(input(`${slug}.md`));
      steps.push(`delete ${slug}`);
    } else if (kind === 'yaml') {
      const hour = 3_600_000;
      const yaml = pick(['publish: auto\n', 'publish: proof\n', `publishAt: ${new Date(now.getTime() + hour).toISOString()}\n`, `publishAt: ${new Date(now.getTime() - hour).toISOString()}\n`, '']);
      if (yaml) await content.put(input('edition.yaml'), yaml, 'text/yaml');
      else await content.delete(input('edition.yaml'));
      steps.push(`edition.yaml ${JSON.stringify(yaml)}`);
    } else if (kind === 'render') {
      outcome = await render(DATE);
    } else if (kind === 'publish') {
      outcome = await publishProof(editions, DATE, now);
    } else if (kind === 'rollback') {
      const fingerprint = versionsSeen.size > 0 && random() < 0.9 ? pick([...versionsSeen]) : 'no-such-fingerprint';
      outcome = await rollbackEdition(editions, DATE, fingerprint, now);
    } else if (kind === 'due') {
      outcome = await publishIfDue(editions, DATE, now);
    } else if (kind === 'withdraw') {
      outcome = await withdrawEdition(editions, DATE, now);
    } else {
      now = new Date(now.getTime() + Math.floor(random() * 3) * 1_800_000 + 60_000);
    }
    if (outcome) steps.push(`${kind} → ${outcome.kind}`);
    outcomes.set(`${kind} ${outcome?.kind ?? ''}`.trim(), (outcomes.get(`${kind} ${outcome?.kind ?? ''}`.trim()) ?? 0) + 1);
    const where = `seed ${seed}, after: ${steps.slice(-4).join('; ')}`;

    const proof = json<ProofPointer>(editionKeys.proof(DATE));
    if (proof) versionsSeen.add(proof.fingerprint);
    const pointer = json<PublicationPointer>(editionKeys.pointer(DATE));
    const history = json<PublicationHistory>(editionKeys.history(DATE))?.publications ?? [];
    const indexed = (json<EditionIndex>(editionKeys.index)?.editions ?? []).filter((entry) => entry.date === DATE);
    if (pointer) {
      // A complete version, its PDF its own; the history's last line and the index name it.
      expect(editions.text(servedPdfKey(DATE, pointer)!), where).toBe(`%PDF-fake ${pointer.fingerprint}`);
      const manifest = json<PublishedManifest>(`${editionKeys.version(DATE, pointer.fingerprint)}manifest.json`);
      expect(manifest?.fingerprint, where).toBe(pointer.fingerprint);
      expect(history.at(-1)?.version, where).toBe(pointer.fingerprint);
      expect(history.at(-1)?.action, where).not.toBe('withdraw');
      expect(indexed.map((entry) => entry.fingerprint), where).toEqual([pointer.fingerprint]);
      expect((pointer.corrections ?? []).length, where).toBeLessThanOrEqual(CORRECTIONS_KEPT);
      if (lastPointer && lastPointer.fingerprint !== pointer.fingerprint) {
        // A correction or a rollback: marked, and told against the publication it replaced.
        const replaced = json<PublishedManifest>(`${editionKeys.version(DATE, lastPointer.fingerprint)}manifest.json`)!;
        const changes = articleChanges(replaced, manifest!);
        expect(pointer.articleChanges, where).toEqual(changes);
        expect(pointer.corrected, where).toBe(now.toISOString());
        expect(pointer.corrections?.at(-1), where).toEqual({ at: now.toISOString(), action: kind === 'rollback' ? 'rollback' : 'publish', ...changes });
      }
    } else {
      expect(indexed, where).toEqual([]);
    }
    // The history only grows, and only with a publication or a withdrawal.
    expect(history.slice(0, lastHistory.length), where).toEqual(lastHistory);
    if (pointer?.fingerprint === lastPointer?.fingerprint) expect(history.length, where).toBe(lastHistory.length);
    // Each outcome did what it says.
    if (outcome && STILL.has(outcome.kind)) expect(pointer?.fingerprint, where).toBe(lastPointer?.fingerprint);
    if (outcome?.kind === 'proofed') expect(proof?.fingerprint, where).toBe(outcome.fingerprint);
    if (outcome?.kind === 'published' || outcome?.kind === 'rolled-back') expect(pointer?.fingerprint, where).toBe(outcome.fingerprint);
    if (outcome?.kind === 'published' && kind !== 'render') expect(pointer?.fingerprint, where).toBe(proof?.fingerprint);
    if (outcome?.kind === 'unpublished' || outcome?.kind === 'withdrawn') expect(pointer, where).toBeUndefined();
    // Withdrawn by an editor: neither a render (`publish: auto`, a publishAt past) nor the clock publishes it again.
    if (withdrawn && (kind === 'render' || kind === 'due')) expect(pointer, where).toBeUndefined();
    if (outcome?.kind === 'withdrawn') withdrawn = true;
    if (outcome?.kind === 'published' || outcome?.kind === 'rolled-back') withdrawn = false;
    if (outcome?.kind === 'emptied') expect(pointer?.fingerprint, where).toBe(outcome.fingerprint);
    lastPointer = pointer;
    lastHistory = history;
  }
}

it(`keeps what subscribers are served whole over ${DAYS} random newsroom days`, async () => {
  const outcomes = new Map<string, number>();
  for (let seed = 1; seed <= DAYS; seed++) await randomDay(seed, outcomes);
  // The days reach every use case's main outcomes, not only the refusals.
  for (const reached of ['render proofed', 'render published', 'render unpublished', 'render emptied', 'publish published', 'rollback rolled-back', 'rollback no-such-version', 'due published', 'render rejected', 'withdraw withdrawn', 'withdraw not-published']) {
    expect(outcomes.get(reached) ?? 0, reached).toBeGreaterThan(0);
  }
}, 120_000);
