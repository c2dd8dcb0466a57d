/**
 * Least-privilege S3 grants. The stock `grantRead`/`grantReadWrite` hand out `s3:GetObject*`,
 * `s3:List*`, `s3:DeleteObject*` and more on the whole bucket; each epaper function instead gets the
 * exact actions it calls, on the key prefix it owns.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';

/** Which object operations a function performs under one key prefix. */
export type ObjectAction = 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject';

/**
 * Grants `actions` on objects under `keyPrefix` (e.g. "articles/"), and acknowledges the one cdk-nag
 * finding this must raise: object keys (dates, file names) are unknown at deploy time, so a prefix
 * wildcard is the narrowest resource there is.
 */
export function grantObjectActions(
  grantee: IGrantable & IConstruct,
  bucket: IBucket,
  keyPrefix: string,
  actions: readonly ObjectAction[],
): void {
  if (!/^[a-z0-9-]+\/$/.test(keyPrefix)) {
    throw new Error(`${grantee.node.path}: grant a key prefix such as "articles/", not "${keyPrefix}".`);
  }
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [...actions],
      resources: [bucket.arnForObjects(`${keyPrefix}*`)],
    }),
  );
  // The finding is raised on the role's policy, which need not sit below the grantee construct.
  const principal = grantee.grantPrincipal;
  Validations.of(Construct.isConstruct(principal) ? principal : grantee).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagArnLabel(grantee, bucket)}/${keyPrefix}*]`,
    reason: `Scoped to the ${keyPrefix} prefix this function reads or owns; the keys below it (dates, file names) are not known at deploy time.`,
  });
}

/**
 * Grants `actions` on exactly these keys (`????-??-??` stands for one date, e.g.
 * "editions/????-??-??/manifest.json"): for a function that may change a few named objects under a
 * prefix and nothing else beside them. No wildcard `*`, so no acknowledgement.
 */
export function grantObjectKeys(
  grantee: IGrantable & IConstruct,
  bucket: IBucket,
  keys: readonly string[],
  actions: readonly ObjectAction[],
): void {
  for (const key of keys) {
    // A date as `????-??-??` (each `?` one character), never `*`, which in an IAM resource crosses
    // `/` and so reaches every key below the prefix (a version's PDF, a proof).
    // Or a key named by its date alone, under a folder of such keys ("editions/pending/????-??-??"),
    // or a fixed-width name of `?`s and dashes below such a date ("editions/pending/????-??-??/?????????????-?").
    if (!/^[a-z0-9-]+\/(\?{4}-\?{2}-\?{2}\/)?[a-z0-9.-]+$/.test(key) && !/^[a-z0-9-]+\/[a-z0-9-]+\/\?{4}-\?{2}-\?{2}(\/[?-]+)?$/.test(key)) {
      throw new Error(`${grantee.node.path}: grant keys such as "editions/????-??-??/manifest.json" or "editions/pending/????-??-??", not "${key}".`);
    }
  }
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [...actions],
      resources: keys.map((key) => bucket.arnForObjects(key)),
    }),
  );
}

/** How cdk-nag spells a bucket ARN in a finding: `<LogicalId.Arn>` in its own stack, the export name when imported. */
function nagArnLabel(scope: IConstruct, bucket: IBucket): string {
  const resolved = Stack.of(scope).resolve(bucket.bucketArn) as unknown;
  if (typeof resolved === 'object' && resolved !== null) {
    const intrinsic = resolved as { 'Fn::GetAtt'?: [string, string]; 'Fn::ImportValue'?: unknown };
    if (Array.isArray(intrinsic['Fn::GetAtt'])) return `<${intrinsic['Fn::GetAtt'][0]}.${intrinsic['Fn::GetAtt'][1]}>`;
    if (typeof intrinsic['Fn::ImportValue'] === 'string') return intrinsic['Fn::ImportValue'];
  }
  throw new Error(`${scope.node.path}: cannot name bucket ${bucket.node.path} as cdk-nag will; pass a bucket of this stack or one imported by export name.`);
}

/**
 * Grants s3:ListBucket: listing a date's prefix is how inputs are snapshotted, and without it S3
 * answers a missing key with 403 instead of 404, so a deleted article would look like a fault.
 */
export function grantListBucket(grantee: IGrantable, bucket: IBucket): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
    }),
  );
}
