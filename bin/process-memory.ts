/**
 * How much memory this process and what it started (Chromium's processes) hold, read from /proc on
 * Linux. Shared by the benchmark's peak-memory sampler and the renderer's memory-release test.
 */
import { readFile, readdir } from 'node:fs/promises';

/**
 * `pss`: proportional set size (shared pages split among their users), what the processes cost the
 * machine. `private`: pages no other process maps, which do not change when some unrelated process
 * sharing a library starts or exits; the measure for "did this process grow".
 */
export type MemoryMeasure = 'pss' | 'private';

/** One process's memory by `measure`, else its RSS. */
async function memoryOfProcess(pid: number, rssPages: number, measure: MemoryMeasure): Promise<number> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
    const value = measure === 'pss' ? kilobytes('Pss') : kilobytes('Private_Clean') + kilobytes('Private_Dirty');
    if (!Number.isNaN(value)) return value * 1024;
  } catch {
    // Not readable (or the process ended): fall back to the resident set.
  }
  return rssPages * 4096;
}

/**
 * Memory of this process and everything it started (Chromium's browser, renderer and GPU
 * processes), read from /proc on Linux. Chromium's processes share most of their pages, so summing
 * their RSS would count the same library many times; proportional set sizes add up honestly.
 * `includeSelf: false` counts only the descendants (Chromium without this Node process); `root`
 * measures another process and its descendants instead of this one.
 */
export async function processTreeMemoryBytes(options: { includeSelf?: boolean; measure?: MemoryMeasure; root?: number } = {}): Promise<number> {
  if (process.platform !== 'linux') return options.includeSelf === false ? 0 : process.memoryUsage.rss();
  let names: string[];
  try {
    names = (await readdir('/proc')).filter((n) => /^\d+$/.test(n));
  } catch {
    return process.memoryUsage.rss();
  }
  const parentOf = new Map<number, number>();
  const rssPagesOf = new Map<number, number>();
  await Promise.all(
    names.map(async (name) => {
      try {
        const stat = await readFile(`/proc/${name}/stat`, 'utf8');
        // The command name may hold spaces and parentheses: fields start after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // tsx's esbuild service is a child too, but a bundled Lambda has none: leave it out.
        if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'esbuild') return;
        parentOf.set(Number(name), Number(fields[1]));
        rssPagesOf.set(Number(name), Number(fields[21]));
      } catch {
        // The process ended while we looked.
      }
    }),
  );
  // Another process's tree (a child the bench started) when `root` names it.
  const root = options.root ?? process.pid;
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  if (options.includeSelf === false) tree.delete(root);
  const sizes = await Promise.all([...tree].map((pid) => memoryOfProcess(pid, rssPagesOf.get(pid) ?? 0, options.measure ?? 'pss')));
  return sizes.reduce((sum, size) => sum + size, 0);
}

