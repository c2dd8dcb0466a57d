import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './synth';

describe('StorageStack', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(buildTestApp().stacks.storage);
  });

  const bucketsById = () => template.findResources('AWS::S3::Bucket');
  const logicalIdOf = (prefix: string) => {
    const id = Object.keys(bucketsById()).find((key) => key.startsWith(prefix));
    if (!id) throw new Error(`no bucket ${prefix}* in ${Object.keys(bucketsById())}`);
    return id;
  };

  it('has exactly the content, editions and access-log buckets', () => {
    template.resourceCountIs('AWS::S3::Bucket', 3);
    expect(['Content', 'Editions', 'AccessLogs'].map(logicalIdOf)).toHaveLength(3);
  });

  it('keeps every bucket private, SSE-S3 encrypted, owner-enforced and retained on deletion', () => {
    for (const [id, bucket] of Object.entries(bucketsById())) {
      expect(bucket.DeletionPolicy, id).toBe('Retain');
      expect(bucket.UpdateReplacePolicy, id).toBe('Retain');
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption, id).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(bucket.Properties.OwnershipControls, id).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    }
  });

  it('denies every request without TLS, on every bucket and its objects', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    for (const id of Object.keys(bucketsById())) {
      const policy = policies.find((p) => p.Properties.Bucket?.Ref === id);
      expect(policy, `policy of ${id}`).toBeDefined();
      expect(policy!.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Resource: [{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/*']] }],
        }),
      );
    }
  });

  it('versions content and editions, expires replaced versions after the configured days, and logs access', () => {
    for (const prefix of ['Content', 'Editions']) {
      const bucket = bucketsById()[logicalIdOf(prefix)].Properties;
      expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.LifecycleConfiguration.Rules).toContainEqual(
        expect.objectContaining({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
      );
      expect(bucket.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: logicalIdOf('AccessLogs') },
        LogFilePrefix: `${prefix.toLowerCase()}/`,
      });
    }
  });

  it('expires access logs instead of versioning them', () => {
    const logs = bucketsById()[logicalIdOf('AccessLogs')].Properties;
    expect(logs.VersioningConfiguration).toBeUndefined();
    expect(logs.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ ExpirationInDays: 365 }));
  });

  it('takes the version expiry from the config', () => {
    const custom = Template.fromStack(buildTestApp({ epaper: { noncurrentVersionExpirationDays: 7 } }).stacks.storage);
    custom.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 7 } })]) },
    });
    expect(JSON.stringify(custom.toJSON())).not.toContain('"NoncurrentDays":30');
  });

  it('outputs and exports both bucket names and ARNs under stable names', () => {
    for (const label of ['ContentBucket', 'EditionsBucket']) {
      template.hasOutput(`${label}Name`, { Export: { Name: `EpaperStorage-${label}Name` }, Value: { Ref: logicalIdOf(label.replace('Bucket', '')) } });
      template.hasOutput(`${label}Arn`, { Export: { Name: `EpaperStorage-${label}Arn` } });
    }
    template.hasOutput('AccessLogBucketName', {});
  });
});
