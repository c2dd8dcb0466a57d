/**
 * The bench's readings of a process tree from /proc (bin/process-memory.ts): the render Lambda's
 * CPU is what bounds its cold start on the deployed function's share of a vCPU, so it must count
 * every process the function starts (Chromium), including one that has ended.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ProcessTreeCpu, processTreeMemoryBytes } from '../../bin/process-memory';

describe('a process tree read from /proc', () => {
  it.runIf(process.platform === 'linux')('counts the CPU of a grandchild that has ended, as last sampled', async () => {
    // A child that starts a grandchild burning 500 ms of CPU (its own CPU clock, however busy the
    // machine), which then idles a while so that a sample sees all of it, and waits after it ended.
    const burn = 'const s = process.cpuUsage(); for (;;) { const u = process.cpuUsage(s); if (u.user + u.system >= 500_000) break; } setTimeout(() => {}, 400);';
    const script = `const { spawn } = require('node:child_process'); spawn(process.execPath, ['-e', ${JSON.stringify(burn)}]).on('exit', () => setTimeout(() => {}, 400));`;
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    const exited = new Promise((done) => child.once('exit', done));
    const cpu = new ProcessTreeCpu(child.pid!);
    let sawMemory = 0;
    let running = true;
    void exited.then(() => (running = false));
    while (running) {
      await cpu.sample();
      sawMemory = Math.max(sawMemory, await processTreeMemoryBytes({ root: child.pid! }));
      await new Promise((done) => setTimeout(done, 20));
    }
    // The grandchild's 500 ms, both Node starts on top.
    expect(cpu.usedMs).toBeGreaterThanOrEqual(500);
    expect(cpu.usedMs).toBeLessThan(5_000);
    expect(sawMemory).toBeGreaterThan(10 * 1024 * 1024);
    // A tree of a process that has gone adds nothing more.
    const before = cpu.usedMs;
    expect(await cpu.sample()).toBe(before);
  });
});
