/**
 * The CDK app (`npx cdk synth|deploy`): reads the `epaper` context once, validates it, builds the
 * stacks and runs the cdk-nag AWS Solutions checks over everything at synthesis.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildEpaperStacks } from '../lib/epaper-app';
import { EpaperConfigError, parseEpaperConfig } from './config';

const app = new App();
let config;
try {
  config = parseEpaperConfig(app.node.tryGetContext('epaper'));
} catch (error) {
  if (error instanceof EpaperConfigError) {
    // One sentence, no stack trace: this is an operator's typo, not a bug.
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
buildEpaperStacks(app, config);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
