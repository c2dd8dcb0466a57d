/**
 * Which pages a publication changes (the 82nd round's newsroom day): taking one story out of a
 * 27-page proof moved stories on 19 pages and dropped two, and the desk, the API and `epaper
 * publish` said only "takes out a0011-world". Editors now get `pendingPageChanges` beside
 * `pendingChanges` before they publish, the publication's outcome and its history line carry
 * `pageChanges`, and subscribers get none of it.
 *
 * Over memory stores with the fake builder (one page per story, in name order, no page images: the
 * pages are told apart by what they hold), as test/handlers/newsroom.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { silentLogger } from '../../lambdas/adapters/logger';
import { createDeskActions, editionKeys, renderAndPublish, type PublicationHistory } from '../../lambdas/core/publish';
import { createSubscriberApi, type TokenVerifier } from '../../lambdas/core/subscriber-api';
import { fakeBuilder } from './fake-builder';

const DATE = '2026-11-27';
const T0 = new Date('2026-11-27T04:00:00Z');

const verifyToken: TokenVerifier = async (token) =>
  token === 'editor' ? { ok: true, subject: 'e', groups: ['editors'] } : { ok: true, subject: 's', groups: [] };

function newsroom() {
  const content = new MemoryObjectStore();
  const editions = new MemoryObjectStore();
  const render = renderAndPublish({ content, editions, renderSignal: new MemoryRenderSignal(), build: fakeBuilder(), logger: silentLogger, now: () => T0 });
  const api = createSubscriberApi({
    editions: { get: async (key) => (await editions.get(key))?.body },
    presign: async (key) => `https://signed.example/${key}`,
    verifyToken,
    readerPage: 'reader',
    deskPage: 'desk',
    desk: createDeskActions(editions, () => new Date('2026-11-27T06:00:00Z')),
  });
  const call = async (method: string, path: string, token: string) => {
    const response = await api({ method, path, headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: JSON.parse(response.body) };
  };
  const history = async () => JSON.parse(new TextDecoder().decode((await editions.get(editionKeys.history(DATE)))!.body)) as PublicationHistory;
  return {
    upload: (file: string, text: string) => content.put(`articles/${DATE}/${file}`, text, 'text/markdown'),
    remove: (file: string) => content.delete(`articles/${DATE}/${file}`),
    render: () => render(DATE),
    call,
    history,
  };
}

describe('the pages a publication changes', () => {
  it('tells editors before they publish, and records them with the publication; subscribers get none of it', async () => {
    const room = newsroom();
    for (const story of ['alpha', 'bravo', 'charlie']) await room.upload(`${story}.md`, `headline: ${story}\n`);
    expect((await room.render()).kind).toBe('proofed');
    const first = await room.call('GET', `/editions/${DATE}`, 'editor');
    // Nothing published yet: nothing to compare with.
    expect(first.body).not.toHaveProperty('pendingPageChanges');
    expect((await room.call('POST', `/editions/${DATE}/publish`, 'editor')).body).not.toHaveProperty('pageChanges');

    // A headline corrected: its own page, page 2 of 3, and no other.
    await room.upload('bravo.md', 'headline: bravo, corrected\n');
    expect((await room.render()).kind).toBe('proofed');
    const corrected = await room.call('GET', `/editions/${DATE}`, 'editor');
    expect(corrected.body.pendingChanges).toEqual({ corrected: ['bravo'], added: [], removed: [] });
    expect(corrected.body.pendingPageChanges).toEqual({ changed: [2], removed: [], pageCount: { before: 3, after: 3 } });
    const published = await room.call('POST', `/editions/${DATE}/publish`, 'editor');
    expect(published.body).toMatchObject({ kind: 'published', pageChanges: { changed: [2], removed: [], pageCount: { before: 3, after: 3 } } });
    expect((await room.history()).publications.at(-1)).toMatchObject({ action: 'publish', pageChanges: { changed: [2], removed: [] } });

    // The first story pulled: every page after it moves up, and the last page goes.
    await room.remove('alpha.md');
    expect((await room.render()).kind).toBe('proofed');
    const pulled = await room.call('GET', `/editions/${DATE}`, 'editor');
    expect(pulled.body.pendingChanges).toEqual({ corrected: [], added: [], removed: ['alpha'] });
    expect(pulled.body.pendingPageChanges).toEqual({ changed: [1, 2], removed: [3], pageCount: { before: 3, after: 2 } });
    const subscriberView = await room.call('GET', `/editions/${DATE}`, 'subscriber');
    expect(subscriberView.status).toBe(200);
    expect(subscriberView.body).not.toHaveProperty('pendingPageChanges');
    expect(subscriberView.body).not.toHaveProperty('pageChanges');
    await room.call('POST', `/editions/${DATE}/publish`, 'editor');

    // Rolled back to the correction: the story and its page come back.
    const [, correction] = (await room.history()).publications;
    const rolled = await room.call('POST', `/editions/${DATE}/rollback?version=${correction.version}`, 'editor');
    expect(rolled.body).toMatchObject({ kind: 'rolled-back', pageChanges: { changed: [1, 2, 3], removed: [], pageCount: { before: 2, after: 3 } } });
    expect((await room.history()).publications.at(-1)).toMatchObject({ action: 'rollback', pageChanges: { changed: [1, 2, 3], removed: [] } });
  });
});

describe('what publishing an earlier version again would change', () => {
  it('is given with every version published before, against the one served: a rollback past a pulled story brings it back', async () => {
    const room = newsroom();
    for (const story of ['alpha', 'bravo']) await room.upload(`${story}.md`, `headline: ${story}\n`);
    await room.render();
    await room.call('POST', `/editions/${DATE}/publish`, 'editor');
    await room.upload('bravo.md', 'headline: bravo, corrected\n');
    await room.render();
    await room.call('POST', `/editions/${DATE}/publish`, 'editor');
    // Pulled (a legal reason), and published so.
    await room.remove('alpha.md');
    await room.render();
    await room.call('POST', `/editions/${DATE}/publish`, 'editor');

    const [first, correction, pull] = (await room.history()).publications.map((line) => line.version);
    const { versions } = (await room.call('GET', `/editions/${DATE}`, 'editor')).body as { versions: { fingerprint: string; rollbackChanges?: unknown }[] };
    const changesOf = (fingerprint: string) => versions.find((v) => v.fingerprint === fingerprint)?.rollbackChanges;
    expect(changesOf(correction)).toEqual({ corrected: [], added: ['alpha'], removed: [] });
    expect(changesOf(first)).toEqual({ corrected: ['bravo'], added: ['alpha'], removed: [] });
    // The version served, and none while nothing is served, has none.
    expect(versions.find((v) => v.fingerprint === pull)).not.toHaveProperty('rollbackChanges');
    await room.call('POST', `/editions/${DATE}/withdraw`, 'editor');
    const withdrawn = (await room.call('GET', `/editions/${DATE}`, 'editor')).body as { versions: object[] };
    for (const version of withdrawn.versions) expect(version).not.toHaveProperty('rollbackChanges');
  });
});

