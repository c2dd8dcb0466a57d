/**
 * The CDK app (`npx cdk synth|deploy`): reads the `epaper` context once, validates it, builds the
 * stacks and runs the cdk-nag AWS Solutions checks over everything at synthesis.
 */
import { App, Validations } from 'aws-cdk-lib';
import { EpaperConfigError, parseEpaperConfig, type EpaperConfig } from '../lib/config';

/** The validated config, or exit with the one sentence that names the bad setting. */
function readConfig(app: App): EpaperConfig {
  try {
    return parseEpaperConfig(app.node.tryGetContext('epaper'));
  } catch (error) {
    if (!(error instanceof EpaperConfigError)) throw error;
    // An operator's typo, not a bug: no stack trace.
    console.error(error.message);
    process.exit(1);
  }
}

const app = new App();
const config = readConfig(app);
// The stacks' modules and cdk-nag's rules load once the config has passed: an operator's typo is
// answered without them (a refusal took 3.8 CPU-s with them loaded, 2.3 without: 2026-12-07).
const [{ buildEpaperStacks }, { AwsSolutionsChecks }] = await Promise.all([import('../lib/epaper-app'), import('cdk-nag')]);
buildEpaperStacks(app, config);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
