/**
 * Builds the real app for the infra tests: cdk.json's own context (feature flags and the `epaper`
 * defaults), optionally overridden, with bundling skipped unless a test asks for it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterThisFile } from '../support/after-file';
import { parseEpaperConfig } from '../../lib/config';
import { buildEpaperStacks, type EpaperStacks } from '../../lib/epaper-app';
import { PROJECT_ROOT } from '../../lib/paths';

/** The committed cdk.json context. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(`${PROJECT_ROOT}/cdk.json`, 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export interface SynthOptions {
  /** Replaces keys of cdk.json's `epaper` object. */
  readonly epaper?: Record<string, unknown>;
  /** Stack names to bundle for real; none by default. */
  readonly bundlingStacks?: readonly string[];
  /** Where the cloud assembly goes. */
  readonly outdir?: string;
}

/**
 * A fresh folder for one app's cloud assembly, removed after the test file. An App made
 * without `outdir` makes its own `cdk.out*` folder in the system's temp directory and leaves it
 * there: every run of test/infra left fifteen of them behind.
 */
let assemblies: string | undefined;
export function assemblyOutdir(): string {
  if (!assemblies) {
    const made = (assemblies = mkdtempSync(join(tmpdir(), 'epaper-infra-test-')));
    afterThisFile(() => {
      rmSync(made, { recursive: true, force: true });
      if (assemblies === made) assemblies = undefined;
    });
  }
  return mkdtempSync(join(assemblies, 'cdk.out-'));
}

/** A fresh app with the epaper stacks and cdk-nag registered, as bin/app.ts builds it (without CDK's schema check). */
export function buildTestApp(options: SynthOptions = {}): { app: App; stacks: EpaperStacks; nag: AwsSolutionsChecks } {
  const context = cdkJsonContext();
  const epaper = { ...(context.epaper as Record<string, unknown>), ...options.epaper };
  const app = new App({
    outdir: options.outdir ?? assemblyOutdir(),
    context: { ...context, epaper, 'aws:cdk:bundling-stacks': [...(options.bundlingStacks ?? [])] },
    // CDK's own CloudFormation schema check (a WebAssembly linter, about 4 CPU-s a synth) only
    // writes warnings to the assembly's validation-report.json, which no test here reads: 15 apps
    // a run took test/infra from 96 to 67 CPU-s. test/infra/app.test.ts synthesizes the real app
    // as `cdk synth` does, with the check, and requires its report to be empty.
    builtinCloudFormationValidation: false,
  });
  const stacks = buildEpaperStacks(app, parseEpaperConfig(app.node.tryGetContext('epaper')));
  const nag = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(nag);
  return { app, stacks, nag };
}
