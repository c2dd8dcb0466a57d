/** Reading IAM statements out of synthesized templates, for least-privilege assertions. */
import type { Template } from 'aws-cdk-lib/assertions';

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every statement of every inline IAM policy attached to the role of the function `functionLogicalIdPrefix*`. */
export function statementsOfFunction(template: Template, functionLogicalIdPrefix: string): Statement[] {
  const functions = template.findResources('AWS::Lambda::Function');
  const functionId = Object.keys(functions).find((id) => id.startsWith(functionLogicalIdPrefix));
  if (!functionId) throw new Error(`no function ${functionLogicalIdPrefix}* in ${Object.keys(functions)}`);
  const roleId = functions[functionId].Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** Every statement of every inline IAM policy in the template. */
export function allStatements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
  );
}

/** The actions of a statement as a list. */
export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The resources of a statement as a list. */
export function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** `{ 'Fn::Join': ['', [{ 'Fn::ImportValue': exportName }, suffix]] }`, how an imported bucket's object ARN synthesizes. */
export function importedArn(exportName: string, suffix: string): unknown {
  return { 'Fn::Join': ['', [{ 'Fn::ImportValue': exportName }, suffix]] };
}

/** S3 actions granted on `resource` (deep-equal match) across `statements`. */
export function s3ActionsOn(statements: readonly Statement[], resource: unknown): string[] {
  const wanted = JSON.stringify(resource);
  return statements
    .filter((s) => s.Effect === 'Allow' && resourcesOf(s).some((r) => JSON.stringify(r) === wanted))
    .flatMap(actionsOf)
    .filter((action) => action.startsWith('s3:'))
    .sort();
}

/**
 * Whether an IAM resource pattern matches `value` as IAM matches it: `*` any run of characters, `/`
 * included, and `?` exactly one. (Reading `*` as one path segment hid that `editions/*` +
 * `/edition.pdf` reached every version's PDF.)
 */
export function iamPatternMatches(pattern: string, value: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(value);
}
