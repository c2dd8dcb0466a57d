/** ReadOnceSource: a build reads each input once, however often parsing and fingerprinting ask. */
import { describe, expect, it } from 'vitest';
import { MemoryInputSource, ReadOnceSource } from '../../lambdas/core/memory-source';
import type { InputEntry, InputSource } from '../../lambdas/core/ports';

class CountingSource implements InputSource {
  readonly reads = new Map<string, number>();
  lists = 0;
  constructor(private readonly inner: InputSource, private failFirst = false) {}
  async list(): Promise<InputEntry[]> {
    this.lists++;
    return this.inner.list();
  }
  async read(name: string): Promise<Uint8Array> {
    this.reads.set(name, (this.reads.get(name) ?? 0) + 1);
    if (this.failFirst) {
      this.failFirst = false;
      throw new Error('flaky disk');
    }
    return this.inner.read(name);
  }
}

describe('ReadOnceSource', () => {
  it('lists once and reads each entry once, returning the same bytes', async () => {
    const counting = new CountingSource(new MemoryInputSource({ 'a.md': 'alpha', 'b.txt': 'beta' }));
    const source = new ReadOnceSource(counting);
    await source.list();
    await source.list();
    const first = await source.read('a.md');
    const again = await source.read('a.md');
    await source.read('b.txt');
    expect(new TextDecoder().decode(again)).toBe('alpha');
    expect(again).toBe(first);
    expect(counting.lists).toBe(1);
    expect([...counting.reads.values()]).toEqual([1, 1]);
  });

  it('does not remember a failed read', async () => {
    const counting = new CountingSource(new MemoryInputSource({ 'a.md': 'alpha' }), true);
    const source = new ReadOnceSource(counting);
    await expect(source.read('a.md')).rejects.toThrow('flaky disk');
    expect(new TextDecoder().decode(await source.read('a.md'))).toBe('alpha');
    expect(counting.reads.get('a.md')).toBe(2);
  });
});
