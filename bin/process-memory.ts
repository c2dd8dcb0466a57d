/**
 * How much memory this process and what it started (Chromium's processes) hold, read from /proc on
 * Linux. Shared by the benchmark's peak-memory sampler and the renderer's memory-release test.
 */
import { writeFileSync } from 'node:fs';
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

/** One process of a tree as /proc/<pid>/stat gives it. */
interface ProcessStat {
  readonly pid: number;
  readonly parent: number;
  readonly rssPages: number;
  /** User and system CPU time, in clock ticks. */
  readonly cpuTicks: number;
}

/**
 * `root` and every process it started, transitively, from /proc on Linux (tsx's esbuild service,
 * a child too, is left out: a bundled Lambda has none). Undefined when /proc cannot be read.
 */
async function processTree(root: number): Promise<ProcessStat[] | undefined> {
  let names: string[];
  try {
    names = (await readdir('/proc')).filter((n) => /^\d+$/.test(n));
  } catch {
    return undefined;
  }
  const stats = new Map<number, ProcessStat>();
  await Promise.all(
    names.map(async (name) => {
      try {
        const stat = await readFile(`/proc/${name}/stat`, 'utf8');
        if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'esbuild') return;
        // The command name may hold spaces and parentheses: fields start after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const pid = Number(name);
        stats.set(pid, { pid, parent: Number(fields[1]), rssPages: Number(fields[21]), cpuTicks: Number(fields[11]) + Number(fields[12]) });
      } catch {
        // The process ended while we looked.
      }
    }),
  );
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const { pid, parent } of stats.values()) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree].flatMap((pid) => stats.get(pid) ?? []);
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
  // Another process's tree (a child the bench started) when `root` names it.
  const root = options.root ?? process.pid;
  const tree = await processTree(root);
  if (!tree) return process.memoryUsage.rss();
  const counted = options.includeSelf === false ? tree.filter((p) => p.pid !== root) : tree;
  const sizes = await Promise.all(counted.map((p) => memoryOfProcess(p.pid, p.rssPages, options.measure ?? 'pss')));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/**
 * Sets this process's peak resident memory (`process.resourceUsage().maxRSS`, the kernel's high-water
 * mark) back to what it holds now, so that the peak read after a piece of work is that work's: the
 * bench's `maxRssMb` was the lifetime peak, which in the large edition's build still held the
 * earlier editions' peaks (and with `--runs`, the last run's 600-article build). Linux only (writing
 * 5 to /proc/self/clear_refs, Linux 4.0 and later); false where the mark cannot be reset.
 */
export function resetPeakResidentMemory(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Linux's clock tick for /proc's CPU times (`getconf CLK_TCK`: 100 on every Linux Node runs on). */
const MS_PER_CLOCK_TICK = 10;

/**
 * CPU time (user and system, every thread) that a process tree has used, kept across samples:
 * each process's latest reading counts, so a process that has ended keeps what it used until its
 * last sample. Linux only (elsewhere it reads 0).
 */
export class ProcessTreeCpu {
  private readonly usedByPid = new Map<number, number>();

  constructor(private readonly root: number) {}

  /** Reads the tree now; returns the CPU milliseconds used so far. */
  async sample(): Promise<number> {
    if (process.platform === 'linux') {
      for (const { pid, cpuTicks } of (await processTree(this.root)) ?? []) this.usedByPid.set(pid, Math.max(this.usedByPid.get(pid) ?? 0, cpuTicks * MS_PER_CLOCK_TICK));
    }
    return this.usedMs;
  }

  get usedMs(): number {
    let total = 0;
    for (const used of this.usedByPid.values()) total += used;
    return total;
  }
}
