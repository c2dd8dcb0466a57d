import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './synth';

/** Every acknowledgement recorded anywhere in the construct tree, with where it was made. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
  );
}

describe('cdk-nag AwsSolutions checks', () => {
  it.each([
    ['the committed cdk.json settings', {}],
    ['an external issuer', { auth: { issuer: 'https://id.example.com/', jwksUrl: 'https://id.example.com/jwks', audience: 'epaper' } }],
  ])('report nothing unacknowledged for %s', (_label, epaper) => {
    const { app, nag } = buildTestApp({ epaper });
    // In-memory synthesis throws the validation report when any registered plugin finds a violation.
    expect(() => app.synth()).not.toThrow();
    // Once more on the prepared tree, where cross-stack ARNs are rendered as at `cdk synth`.
    const report = nag.validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`)).toEqual([]);
    expect(report.success).toBe(true);
    for (const stack of app.node.children.filter(Stack.isStack)) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
      expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    }
  });

  it('is really running: a careless bucket added to the app fails synthesis with its findings', () => {
    const { app, stacks } = buildTestApp();
    new Bucket(stacks.storage, 'Careless');
    expect(() => app.synth()).toThrow(/AwsSolutions-S1[\s\S]*Careless|Careless[\s\S]*AwsSolutions-S1/);
  });

  it('acknowledges only specific findings, each with a reason', () => {
    const { app } = buildTestApp();
    app.synth();
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^(Annotation|AwsSolutions)::AwsSolutions-[A-Z]+\d+/);
      // IAM5 and IAM4 report one finding per wildcard or policy: acknowledge that finding, never the rule.
      if (/IAM[45]/.test(ack.id)) expect(ack.id, ack.path).toMatch(/\[(Resource|Action|Policy)::.+\]$/);
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThanOrEqual(40);
    }
    // The stack itself acknowledges nothing: no blanket acknowledgement covers a whole stack.
    for (const stack of app.node.children.filter(Stack.isStack)) {
      expect(acks.filter((ack) => ack.path === stack.node.path)).toEqual([]);
    }
  });
});
