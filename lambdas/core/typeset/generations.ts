/**
 * A cache map that keeps what the current and the last compose used and forgets the rest.
 *
 * Why: a warm process (a warm render Lambda, `epaper dev`, the bench) composes edition after
 * edition, and the typesetter's caches of set paragraphs and cut words kept every edition's until
 * they reached their entry limits. After the 600-article edition, 77 MB of the 130 MB of live heap
 * that the next builds of an 18-page edition kept were the big edition's paragraphs and words,
 * which no later build asked for again (2026-12-01: the editions built one after the other in one
 * process, the heap measured after full collections; with this aging, 52 MB after two builds).
 * Every major collection marks all of it: under the render function's 1 GB heap one build in
 * about nine pays a collection, 100–300 ms in the bench's warm builds. A rebuild of the same
 * edition (a correction, the usual warm case) asks for the same paragraphs, which the aging
 * below keeps, and is as quick as before.
 *
 * How: two generations. `get` finds an entry in the current one, or moves it there from the
 * previous one; `age()`, at the start of every compose (typeset caches: `ageTypesetCaches`), drops
 * the previous generation and starts a new current one, so an entry lives as long as one compose
 * in two uses it.
 */
export class GenerationMap<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  get(key: K): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined || this.previous.size === 0) return value;
    const kept = this.previous.get(key);
    if (kept !== undefined) {
      this.previous.delete(key);
      this.current.set(key, kept);
    }
    return kept;
  }

  set(key: K, value: V): void {
    this.current.set(key, value);
  }

  /** Entries in both generations. */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** Forgets what was not used since the last aging; what was is kept for one more generation. */
  age(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  clear(): void {
    this.current.clear();
    this.previous.clear();
  }
}
