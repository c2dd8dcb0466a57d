import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { INTERRUPT_BUDGET, INVOCATION_COUNT_FOR_TURBOFAN, tieringFlag } from '../../lambdas/adapters/v8-tiering';

describe('V8 tiering for build processes', () => {
  it('names the flag each V8 knows: the interrupt budget on Node 20, the invocation count on Node 22 (the Lambda runtime)', () => {
    expect(tieringFlag('11.3.244.8-node.38')).toBe(`--interrupt-budget=${INTERRUPT_BUDGET}`);
    expect(tieringFlag('12.4.254.21-node.57')).toBe(`--invocation-count-for-turbofan=${INVOCATION_COUNT_FOR_TURBOFAN}`);
    expect(tieringFlag('13.6.233.10-node.18')).toBe(`--invocation-count-for-turbofan=${INVOCATION_COUNT_FOR_TURBOFAN}`);
  });

  it('gives the running V8 a flag it has, which it takes without a word on stderr', () => {
    const flag = tieringFlag(process.versions.v8);
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(options).toContain(`  ${flag.split('=')[0]} (`);
    const set = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)})`], { encoding: 'utf8' });
    expect(set.status).toBe(0);
    expect(set.stderr).toBe('');
    // An unknown flag does say so (the check above could fail): what Node 22 printed for the old one.
    const unknown = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString('--no-such-epaper-flag=1')`], { encoding: 'utf8' });
    expect(unknown.stderr).toMatch(/unrecognized flag/);
  });
});
