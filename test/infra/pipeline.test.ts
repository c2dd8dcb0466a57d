import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { importedArn, s3ActionsOn, statementsOfFunction } from './iam';
import { buildTestApp } from './synth';
import { renderMemoryMb } from '../../lib/render-memory';

const CONTENT_ARN = { 'Fn::ImportValue': 'EpaperStorage-ContentBucketArn' };
const EDITIONS_ARN = { 'Fn::ImportValue': 'EpaperStorage-EditionsBucketArn' };

describe('PipelineStack', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(buildTestApp().stacks.pipeline);
  });

  /** The logical id of the one `type` resource whose construct id is `name` (CDK appends an 8-hex-digit hash). */
  const logicalId = (type: string, name: string) => {
    const ids = Object.keys(template.findResources(type)).filter((id) => new RegExp(`^${name}[0-9A-F]{8}$`).test(id));
    if (ids.length !== 1) throw new Error(`expected one ${type} ${name}, found ${ids}`);
    return ids[0];
  };
  const queue = (prefix: string) => template.findResources('AWS::SQS::Queue')[logicalId('AWS::SQS::Queue', prefix)].Properties;

  it('sends article creations and deletions under articles/ to the ingest queue, and nothing else', () => {
    const ingestQueue = logicalId('AWS::SQS::Queue', 'IngestQueue');
    const articlesOnly = { Key: { FilterRules: [{ Name: 'prefix', Value: 'articles/' }] } };
    template.resourceCountIs('Custom::S3BucketNotifications', 1);
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { 'Fn::ImportValue': 'EpaperStorage-ContentBucketName' },
      // Not managed: notifications on the retained bucket set by anyone else survive our deploys.
      Managed: false,
      NotificationConfiguration: {
        QueueConfigurations: [
          { Events: ['s3:ObjectCreated:*'], Filter: articlesOnly, QueueArn: { 'Fn::GetAtt': [ingestQueue, 'Arn'] } },
          { Events: ['s3:ObjectRemoved:*'], Filter: articlesOnly, QueueArn: { 'Fn::GetAtt': [ingestQueue, 'Arn'] } },
        ],
      },
    });
    // S3 may send to the ingest queue, and only for the content bucket.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: ingestQueue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: { ArnLike: { 'aws:SourceArn': CONTENT_ARN } },
          }),
        ]),
      },
    });
  });

  it('gives the ingest queue an encrypted dead-letter queue after maxReceiveCount deliveries', () => {
    const ingest = queue('IngestQueueDeadLetters');
    expect(ingest.SqsManagedSseEnabled).toBe(true);
    expect(ingest.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect(queue('IngestQueue')).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 6 * 60,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'IngestQueueDeadLetters'), 'Arn'] }, maxReceiveCount: 5 },
    });
  });

  it('makes the render queue FIFO, content-deduplicated and delayed, with a FIFO dead-letter queue', () => {
    const renderDlq = logicalId('AWS::SQS::Queue', 'RenderQueueDeadLetters');
    expect(queue('RenderQueueDeadLetters')).toMatchObject({ FifoQueue: true, SqsManagedSseEnabled: true });
    expect(queue('RenderQueue')).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: true,
      DelaySeconds: 10,
      VisibilityTimeout: 6 * 300,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [renderDlq, 'Arn'] }, maxReceiveCount: 5 },
    });
  });

  it('refuses non-TLS requests on all four queues', () => {
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    for (const id of Object.keys(template.findResources('AWS::SQS::Queue'))) {
      const policy = policies.find((p) => p.Properties.Queues.some((q: { Ref: string }) => q.Ref === id));
      expect(policy?.Properties.PolicyDocument.Statement, id).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
    template.resourceCountIs('AWS::SQS::Queue', 4);
  });

  it('reports partial batch failures from both event source mappings; render takes one date at a time', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId('AWS::Lambda::Function', 'IngestFunction') },
      EventSourceArn: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'IngestQueue'), 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId('AWS::Lambda::Function', 'RenderFunction') },
      EventSourceArn: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'RenderQueue'), 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('sizes the render function for Chromium: x86_64, nodejs22.x, memory, /tmp, timeout, bounded concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Architectures: ['x86_64'],
      MemorySize: renderMemoryMb(),
      EphemeralStorage: { Size: 2048 },
      Timeout: 300,
      ReservedConcurrentExecutions: 5,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: { Ref: logicalId('AWS::Logs::LogGroup', 'RenderLogs') } }),
      Environment: {
        Variables: Match.objectLike({
          CONTENT_BUCKET: { 'Fn::ImportValue': 'EpaperStorage-ContentBucketName' },
          EDITIONS_BUCKET: { 'Fn::ImportValue': 'EpaperStorage-EditionsBucketName' },
          RENDER_QUEUE_URL: { Ref: logicalId('AWS::SQS::Queue', 'RenderQueue') },
          EPAPER_TEMPLATES_DIR: '/var/task/templates',
          EPAPER_FONTS_DIR: '/var/task/node_modules',
          // Its heap limit stated, so that the bench's warm builds run with the same (lib/render-memory.ts).
          NODE_OPTIONS: `--enable-source-maps --max-old-space-size=${renderMemoryMb() / 2}`,
        }),
      },
    });
  });

  it('runs every epaper function on the base construct defaults', () => {
    const functions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => !id.startsWith('BucketNotificationsHandler'));
    expect(functions).toHaveLength(2);
    for (const [id, fn] of functions) {
      expect(fn.Properties, id).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['x86_64'], TracingConfig: { Mode: 'Active' } });
      expect(fn.Properties.LoggingConfig.LogFormat, id).toBe('JSON');
      // Two malloc arenas: sharp's threads otherwise leave freed memory in one arena each (lib/process-environment.js).
      expect(fn.Properties.Environment.Variables.MALLOC_ARENA_MAX, id).toBe('2');
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    // No AWS managed policy on our roles (AWSLambdaBasicExecutionRole may write to any log group).
    const ourRoles = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) => !id.startsWith('BucketNotificationsHandler'));
    for (const [id, role] of ourRoles) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
  });

  it('takes render sizing from the config', () => {
    const custom = Template.fromStack(
      buildTestApp({ epaper: { render: { memoryMb: 4096, timeoutSeconds: 600, ephemeralStorageMb: 4096, reservedConcurrency: 2, queueDelaySeconds: 30 } } })
        .stacks.pipeline,
    );
    custom.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 4096, Timeout: 600, EphemeralStorage: { Size: 4096 }, ReservedConcurrentExecutions: 2 });
    custom.hasResourceProperties('AWS::SQS::Queue', { FifoQueue: true, DelaySeconds: 30, VisibilityTimeout: 3600 });
  });

  it('alarms on any message in either dead-letter queue and on any function error', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    for (const dlq of ['IngestQueueDeadLetters', 'RenderQueueDeadLetters']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', dlq), 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
      });
    }
    for (const fn of ['IngestFunction', 'RenderFunction']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId('AWS::Lambda::Function', fn) } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
  });

  it('sends every alarm, when it fires and when it clears, to a TLS-only topic under a rotating key CloudWatch may use', () => {
    const topicId = logicalId('AWS::SNS::Topic', 'AlarmsTopic');
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
    const keyId = logicalId('AWS::KMS::Key', 'AlarmsKey');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    const key = template.findResources('AWS::KMS::Key')[keyId].Properties;
    expect(key.EnableKeyRotation).toBe(true);
    const cloudwatch = key.KeyPolicy.Statement.find((s: { Principal?: { Service?: string } }) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(cloudwatch.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(cloudwatch.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
    // enforceSSL: a deny for any request without TLS.
    const topicPolicy = Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument.Statement;
    expect(topicPolicy).toEqual(expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]));
    // No address configured: no subscription; ops subscribe to the AlarmTopicArn output.
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    expect(Object.keys(template.findOutputs('*'))).toContain('AlarmTopicArn');
    // Ops' one-off marking of the proofs made before markers names the render function (docs/DEPLOY.md).
    expect(Object.keys(template.findOutputs('*'))).toContain('RenderFunctionName');
  });

  it('subscribes the configured on-call addresses to the alarm topic', () => {
    const withEmails = Template.fromStack(buildTestApp({ epaper: { alarmEmails: ['oncall@example.com', 'desk@example.com'] } }).stacks.pipeline);
    withEmails.resourceCountIs('AWS::SNS::Subscription', 2);
    withEmails.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  it('lets ingest read articles and write only its own prefixes, never the originals', () => {
    const statements = statementsOfFunction(template, 'IngestFunction');
    expect(s3ActionsOn(statements, importedArn('EpaperStorage-ContentBucketArn', '/articles/*'))).toEqual(['s3:GetObject']);
    expect(s3ActionsOn(statements, importedArn('EpaperStorage-ContentBucketArn', '/normalized/*'))).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(s3ActionsOn(statements, importedArn('EpaperStorage-ContentBucketArn', '/rejected/*'))).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(s3ActionsOn(statements, importedArn('EpaperStorage-ContentBucketArn', '/reports/*'))).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(s3ActionsOn(statements, CONTENT_ARN)).toEqual(['s3:ListBucket']);
    expect(JSON.stringify(statements)).not.toContain('EditionsBucket');
    const sendsToRender = statements.find((s) => JSON.stringify(s.Resource).includes('RenderQueue') && [s.Action].flat().includes('sqs:SendMessage'));
    expect(sendsToRender).toBeDefined();
  });

  it('lets render read articles, write and delete per-file reports, and read/write editions only under editions/', () => {
    const statements = statementsOfFunction(template, 'RenderFunction');
    expect(s3ActionsOn(statements, importedArn('EpaperStorage-ContentBucketArn', '/articles/*'))).toEqual(['s3:GetObject']);
    // Reports: written once the pages are known, deleted when their upload is gone (the listing
    // compares them), never read by render.
    expect(s3ActionsOn(statements, importedArn('EpaperStorage-ContentBucketArn', '/reports/*'))).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(s3ActionsOn(statements, importedArn('EpaperStorage-EditionsBucketArn', '/editions/*'))).toEqual([
      's3:DeleteObject',
      's3:GetObject',
      's3:PutObject',
    ]);
    expect(s3ActionsOn(statements, EDITIONS_ARN)).toEqual(['s3:ListBucket']);
    expect(JSON.stringify(statements)).not.toMatch(/normalized|rejected/);
  });

  it('outputs the queue URLs', () => {
    for (const name of ['IngestQueueUrl', 'IngestDeadLetterQueueUrl', 'RenderQueueUrl', 'RenderDeadLetterQueueUrl']) {
      template.hasOutput(name, { Value: { Ref: Match.stringLikeRegexp('Queue') } });
    }
  });
});
