/**
 * Test support: the editions bucket as a process killed at a chosen moment sees it, for the tests
 * that crash publishing at every change (publish-faults, publish-markers), and what a subscriber's
 * link to the date's PDF answers afterwards.
 */
import type { MemoryObjectStore } from '../../lambdas/adapters/memory-store';
import type { ObjectStore } from '../../lambdas/core/object-store';
import { createSubscriberApi } from '../../lambdas/core/subscriber-api';

/** The death of the process under test: thrown by the store, never by the code under test. */
export class Killed extends Error {}

/**
 * The store as a process killed at its n-th change sees it, deletions counted too: the change is
 * made (`after`) or not (`before`), then the process dies.
 */
export function killedAtChange(store: MemoryObjectStore, n: number, how: 'before' | 'after'): ObjectStore {
  let changes = 0;
  const change = async <T>(key: string, act: () => Promise<T>): Promise<T> => {
    if (changes++ !== n) return act();
    if (how === 'after') await act();
    throw new Killed(`killed ${how} change ${n} (${key})`);
  };
  return {
    get: (key, judged) => store.get(key, judged),
    head: (key) => store.head(key),
    list: (prefix) => store.list(prefix),
    delete: (key) => change(key, () => store.delete(key)),
    put: (key, body, contentType) => change(key, () => store.put(key, body, contentType)),
    putIfUnchanged: (key, body, contentType, etag) => change(key, () => store.putIfUnchanged(key, body, contentType, etag)),
  };
}

/** The subscriber API's answer to `GET /editions/<date>/edition.pdf` over `editions` (a 302's location is `https://s3.invalid/<key>`). */
export function pdfLinkAnswer(editions: MemoryObjectStore, date: string) {
  const api = createSubscriberApi({
    editions: { get: async (key) => (await editions.get(key))?.body },
    presign: async (key) => `https://s3.invalid/${key}`,
    verifyToken: async () => ({ ok: true, subject: 'test' }),
    readerPage: '',
  });
  return api({ method: 'GET', path: `/editions/${date}/edition.pdf`, headers: { authorization: 'Bearer t' } });
}

/**
 * The dates the subscribers' list names now, as the subscriber API answers `GET /editions` over
 * `editions` with its listing (the pending-repair markers read, as in AWS and `epaper dev`): a date
 * whose act is under way or cut short is listed by its pointer and history, not the index alone.
 */
export async function listedDates(editions: MemoryObjectStore): Promise<string[]> {
  const api = createSubscriberApi({
    editions: { get: async (key) => (await editions.get(key))?.body, list: (prefix) => editions.list(prefix) },
    presign: async (key) => `https://s3.invalid/${key}`,
    verifyToken: async () => ({ ok: true, subject: 'test' }),
    readerPage: '',
  });
  const answer = await api({ method: 'GET', path: '/editions', headers: { authorization: 'Bearer t' } });
  return (JSON.parse(answer.body) as { editions: { date: string }[] }).editions.map((entry) => entry.date);
}
