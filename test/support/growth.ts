/**
 * How much longer one call of `large` takes than one call of `small`: the growth of a cost between
 * two sizes, which a test can hold to "linear, not quadratic" without a wall-clock limit.
 *
 * Timed as the process's CPU time, which another process taking the core does not add to (the
 * suite's other worker, a second suite, a loaded CI machine), in batches of calls long enough
 * (`batchMs`) that a young collection is a small part of one; the two sizes' batches alternate and
 * each size's quickest batch is taken. Single calls of under a millisecond timed on the wall clock,
 * best of three, read a 98-page PDF's finishing at 32× the 12-page one's (6–7× idle) when two
 * suites ran side by side on two cores.
 */
export async function growthRatio(
  small: () => unknown,
  large: () => unknown,
  { batches = 5, batchMs = 30 }: { batches?: number; batchMs?: number } = {},
): Promise<number> {
  const cpuMs = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const once = async (work: () => unknown): Promise<number> => {
    const started = cpuMs();
    await work();
    return cpuMs() - started;
  };
  // Two calls first: the JIT, first-use caches. The second says how many calls make a batch.
  const callsPerBatch = async (work: () => unknown): Promise<number> => {
    await once(work);
    return Math.max(1, Math.ceil(batchMs / Math.max(0.01, await once(work))));
  };
  const smallCalls = await callsPerBatch(small);
  const largeCalls = await callsPerBatch(large);
  const perCall = async (work: () => unknown, calls: number): Promise<number> => {
    const started = cpuMs();
    for (let i = 0; i < calls; i++) await work();
    return (cpuMs() - started) / calls;
  };
  let smallBest = Number.POSITIVE_INFINITY;
  let largeBest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < batches; i++) {
    smallBest = Math.min(smallBest, await perCall(small, smallCalls));
    largeBest = Math.min(largeBest, await perCall(large, largeCalls));
  }
  return largeBest / smallBest;
}
