/** bin/app.ts as the CDK CLI runs it: a subprocess whose context arrives in CDK_CONTEXT_JSON. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/paths';
import { cdkJsonContext } from './synth';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function runApp(context: Record<string, unknown>) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'epaper-app-'));
  outdirs.push(outdir);
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bin/app.ts'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, CDK_VALIDATION: 'true', CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ ...context, 'aws:cdk:bundling-stacks': [] }) },
  });
  return { ...result, outdir };
}

describe('bin/app.ts', () => {
  it('synthesizes the three stacks from cdk.json with cdk-nag passing', () => {
    const { status, stderr, outdir } = runApp(cdkJsonContext());
    expect(stderr).not.toMatch(/AwsSolutions-/);
    expect(status).toBe(0);
    for (const stack of ['EpaperStorage', 'EpaperPipeline', 'EpaperDelivery']) {
      expect(existsSync(path.join(outdir, `${stack}.template.json`)), stack).toBe(true);
    }
    // CDK's built-in CloudFormation schema check ran (as in `cdk synth`) and found nothing: it only
    // warns, so a misspelt property or a value outside its enum would otherwise pass unseen.
    const validation = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations?: unknown[] }[] };
    expect(validation.pluginReports.flatMap((report) => report.violations ?? [])).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts.EpaperPipeline.dependencies).toContain('EpaperStorage');
    expect(manifest.artifacts.EpaperDelivery.dependencies).toContain('EpaperStorage');
  }, 120_000);

  it('exits 1 with one sentence naming the bad setting, before building anything', () => {
    const { status, stderr, outdir } = runApp({ ...cdkJsonContext(), epaper: { api: { linkLifetimeSeconds: 7200 } } });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('Invalid CDK context setting "epaper.api.linkLifetimeSeconds": expected a whole number from 1 to 3600, got 7200.');
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  }, 120_000);

  it('refuses to synthesize the committed placeholders for a stage other than dev', () => {
    const committed = cdkJsonContext() as { epaper: Record<string, unknown> };
    const { status, stderr, outdir } = runApp({ ...committed, epaper: { ...committed.epaper, stage: 'prod' } });
    expect(status).toBe(1);
    expect(stderr.trim()).toMatch(/^Invalid CDK context setting "epaper\.auth\.cognitoDomainPrefix": "epaper-subscribers" is the committed placeholder; .*\.$/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  }, 120_000);
});
