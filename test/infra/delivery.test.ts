import { App, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeliveryStack } from '../../lib/delivery-stack';
import { StorageStack } from '../../lib/storage-stack';
import { iamPatternMatches, importedArn, s3ActionsOn, statementsOfFunction } from './iam';
import { assemblyOutdir, buildTestApp } from './synth';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevAuth } from '../../lambdas/adapters/dev-auth';
import { MemoryObjectStore } from '../../lambdas/adapters/memory-store';
import { createDeskActions } from '../../lambdas/core/publish';
import { createSubscriberApi } from '../../lambdas/core/subscriber-api';

const GET_ROUTES = [
  '/',
  '/desk',
  '/editions',
  '/editions/{date}',
  '/editions/{date}/edition.pdf',
  '/editions/{date}/pages/{page}',
  '/editions/{date}/articles/{slug}',
  '/editions/{date}/articles/{slug}/share',
  '/editions/{date}/fonts/{face}',
  '/search',
  '/shared/{link}',
];
const ROUTES = [...GET_ROUTES.flatMap((path) => [`GET ${path}`, `HEAD ${path}`]), 'POST /editions/{date}/publish', 'POST /editions/{date}/rollback', 'POST /editions/{date}/withdraw'];

/** Whether an HTTP API route key answers `method path` (a `{name}` is one path segment, `{name+}` the rest). */
function routeAnswers(routeKey: string, method: string, path: string): boolean {
  const [routeMethod, routePath] = routeKey.split(' ');
  if (routeMethod !== method && routeMethod !== 'ANY') return false;
  const pattern = routePath.replace(/[.]/g, '\\.').replace(/\{[^}/]+\+\}/g, '.+').replace(/\{[^}/]+\}/g, '[^/]+');
  return new RegExp(`^${pattern}$`).test(path.split('?')[0]);
}

/**
 * Every path the reader page and the desk page ask the API for (their `api(…)` calls, a `${…}` read
 * as one segment), the PDF link, and the share link a subscriber passes on: what a deployed API
 * must route to the function (epaper dev routes every path to it, so only the template can tell).
 */
function pathsThePagesAsk(): { method: string; path: string }[] {
  const asked: { method: string; path: string }[] = [];
  for (const page of ['reader.html', 'desk.html']) {
    const html = readFileSync(join(__dirname, '../../templates', page), 'utf8');
    for (const call of html.matchAll(/\bapi\(\s*(`[^`]*`|'[^']*')/g)) {
      const path = call[1].slice(1, -1).replace(/\$\{[^}]*\}/g, 'x1');
      if (path.startsWith('/')) asked.push({ method: 'GET', path });
    }
  }
  return asked;
}

describe('DeliveryStack with the Cognito user pool (default)', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(buildTestApp().stacks.delivery);
  });

  const onlyId = (type: string) => {
    const ids = Object.keys(template.findResources(type));
    expect(ids, type).toHaveLength(1);
    return ids[0];
  };

  it('routes every path the reader and desk pages ask for, the PDF link and a shared story to the function (an HTTP API answers any other path itself, 404)', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
    const asked = pathsThePagesAsk();
    // The pages' own calls: an edition, a page, a story, its share link, search, the list, the PDF.
    expect(asked.length).toBeGreaterThanOrEqual(8);
    expect(asked.map((a) => a.path)).toEqual(expect.arrayContaining(['/editions/x1/pages/x1', '/editions/x1/articles/x1', '/editions/x1/articles/x1/share', '/search?x1']));
    const links = [
      { method: 'GET', path: '/shared/2026-11-27.harbour-plan.1796000000.c2lnbmF0dXJl' },
      { method: 'HEAD', path: '/shared/2026-11-27.harbour-plan.1796000000.c2lnbmF0dXJl' },
      { method: 'HEAD', path: '/editions/2026-11-27/edition.pdf' },
      { method: 'POST', path: '/editions/2026-11-27/publish' },
      { method: 'POST', path: '/editions/2026-11-27/rollback?version=abc' },
      { method: 'POST', path: '/editions/2026-11-27/withdraw' },
    ];
    for (const { method, path } of [...asked, ...links]) expect(routeKeys.some((key) => routeAnswers(key, method, path)), `${method} ${path}`).toBe(true);
    // …and the routes are no wider than the function's paths: no catch-all.
    expect(routeKeys.filter((key) => /\+\}|\$default|^ANY /.test(key))).toEqual([]);
  });

  it('routes exactly the subscriber and editor routes to the API function, without a gateway authorizer', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual([...ROUTES].sort());
    // `/` must stay public; the function itself checks the JWT on the others.
    for (const route of routes) expect(route.AuthorizationType).toBe('NONE');
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    const integration = onlyId('AWS::ApiGatewayV2::Integration');
    for (const route of routes) expect(route.Target).toEqual({ 'Fn::Join': ['', ['integrations/', { Ref: integration }]] });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [onlyId('AWS::Lambda::Function'), 'Arn'] },
    });
  });

  it('deploys a throttled, access-logged $default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SubscriberApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
    const format = JSON.parse(Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0].Properties.AccessLogSettings.Format);
    // Tokens travel in the Authorization header; no header or query string is logged.
    expect(JSON.stringify(format)).not.toMatch(/header|authorization|querystring/i);
  });

  /** The logical id of the user pool made by the construct `Subscribers` or `Editors`. */
  const poolId = (name: 'Subscribers' | 'Editors') => {
    const ids = Object.keys(template.findResources('AWS::Cognito::UserPool')).filter((id) => new RegExp(`^${name}[0-9A-F]{8}$`).test(id));
    expect(ids).toHaveLength(1);
    return ids[0];
  };
  /** The logical id of a pool's one client. */
  const clientIdOf = (pool: string) => {
    const ids = Object.entries(template.findResources('AWS::Cognito::UserPoolClient')).filter(([, r]) => JSON.stringify(r.Properties.UserPoolId) === JSON.stringify({ Ref: pool }));
    expect(ids).toHaveLength(1);
    return ids[0][0];
  };
  const clientOf = (pool: string) => template.findResources('AWS::Cognito::UserPoolClient')[clientIdOf(pool)].Properties;

  it('creates a subscriber user pool: admin-created users, strong passwords, optional TOTP, retained', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 2);
    const subscribers = template.findResources('AWS::Cognito::UserPool')[poolId('Subscribers')];
    expect(subscribers.DeletionPolicy).toBe('Retain');
    expect(subscribers.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: expect.objectContaining({ MinimumLength: 12, RequireSymbols: true, RequireNumbers: true, RequireUppercase: true }) },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'epaper-subscribers', UserPoolId: { Ref: poolId('Subscribers') } });
    // Its accounts are subscribers only: no group of it makes an editor (the function ignores one).
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 0);
  });

  it('creates the editors a pool of their own that requires TOTP (an editor publishes to every subscriber), admin-created, retained', () => {
    const editors = template.findResources('AWS::Cognito::UserPool')[poolId('Editors')];
    expect(editors.DeletionPolicy).toBe('Retain');
    expect(editors.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: expect.objectContaining({ MinimumLength: 14, RequireSymbols: true }) },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'epaper-subscribers-desk', UserPoolId: { Ref: poolId('Editors') } });
    // Its client signs in to the desk page only.
    const client = clientOf(poolId('Editors'));
    expect(client.GenerateSecret).toBe(false);
    expect(client.CallbackURLs).toHaveLength(1);
    expect(JSON.stringify(client.CallbackURLs[0])).toMatch(/\/desk"\]\]\}$/);
  });

  it('gives the reader page a public client whose sign-in returns to the API and to the local reader', () => {
    const client = clientOf(poolId('Subscribers'));
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toContain('implicit');
    expect(client.CallbackURLs).toHaveLength(2);
    expect(client.CallbackURLs[1]).toBe('http://localhost:8787/');
    expect(JSON.stringify(client.CallbackURLs[0])).toContain(onlyId('AWS::ApiGatewayV2::Api'));
    // The desk is not the subscribers' sign-in.
    expect(JSON.stringify(client.CallbackURLs)).not.toContain('desk');
  });

  it('configures the API function with the editions bucket, the pools as issuers, their clients as audiences and the link lifetime', () => {
    const issuerOf = (pool: string) => ({ 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: pool }]] });
    const issuer = issuerOf(poolId('Subscribers'));
    const editors = issuerOf(poolId('Editors'));
    const clientRef = (pool: string) => ({ Ref: clientIdOf(pool) });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['x86_64'],
      Environment: {
        Variables: Match.objectLike({
          EDITIONS_BUCKET: { 'Fn::ImportValue': 'EpaperStorage-EditionsBucketName' },
          JWT_ISSUER: issuer,
          JWKS_URL: { 'Fn::Join': ['', [...issuer['Fn::Join'][1], '/.well-known/jwks.json']] },
          JWT_AUDIENCE: clientRef(poolId('Subscribers')),
          EDITOR_JWT_ISSUER: editors,
          EDITOR_JWKS_URL: { 'Fn::Join': ['', [...editors['Fn::Join'][1], '/.well-known/jwks.json']] },
          EDITOR_JWT_AUDIENCE: clientRef(poolId('Editors')),
          DESK_HOSTED_UI_URL: Match.anyValue(),
          TOKEN_USE: 'id',
          LINK_LIFETIME_SECONDS: '300',
          HOSTED_UI_URL: Match.anyValue(),
          EPAPER_TEMPLATES_DIR: '/var/task/templates',
        }),
      },
    });
  });

  it('lets the API function read editions, write only what a publication changes and delete only what a withdrawal takes away', () => {
    const statements = statementsOfFunction(template, 'ApiFunction');
    const s3 = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    expect(s3.flatMap((s) => [s.Action].flat()).sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(s3ActionsOn(statements, importedArn('EpaperStorage-EditionsBucketArn', '/editions/*'))).toEqual(['s3:GetObject']);
    // The pointer, the history, the index and the convenience copy; never a version or a proof.
    const writable = s3
      .filter((s) => [s.Action].flat().includes('s3:PutObject'))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r).replace(/.*EditionsBucketArn"},"(.*)"\]\]}$/, '$1'))
      .sort();
    expect(writable).toEqual(['/editions/????-??-??/edition.pdf', '/editions/????-??-??/history.json', '/editions/????-??-??/manifest.json', '/editions/index.json', '/editions/pending/????-??-??', '/editions/pending/????-??-??/?????????????-?']);
    // …as IAM matches them: a `*` would cross `/` and reach every version's PDF and every proof.
    const mayWrite = (key: string) => writable.some((pattern) => iamPatternMatches(pattern, `/${key}`));
    for (const key of ['editions/2026-11-27/manifest.json', 'editions/2026-11-27/history.json', 'editions/2026-11-27/edition.pdf', 'editions/index.json', 'editions/pending/2026-11-27', 'editions/pending/2026-11-27/1796342400000-0']) expect(mayWrite(key), key).toBe(true);
    for (const key of ['editions/2026-11-27/versions/0123abcd/edition.pdf', 'editions/2026-11-27/versions/0123abcd/manifest.json', 'editions/2026-11-27/proof.json', 'editions/2026-11-27/x/manifest.json', 'articles/2026-11-27/a.md', 'editions/pending/2026-11-27/x', 'editions/pending/index.json']) {
      expect(mayWrite(key), key).toBe(false);
    }
    // An editor's withdrawal deletes the pointer and the convenience copy, nothing else: never a version, a proof or the history.
    const deleting = s3.filter((s) => [s.Action].flat().includes('s3:DeleteObject'));
    // A statement of its own: sharing one with PutObject would let it delete every publication key.
    for (const statement of deleting) expect([statement.Action].flat()).toEqual(['s3:DeleteObject']);
    const deletable = deleting
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r).replace(/.*EditionsBucketArn"},"(.*)"\]\]}$/, '$1'))
      .sort();
    // …and the act's pending-repair marker (or the date's, as markers were until the 79th round), after the last write of a publication, a rollback or a withdrawal.
    expect(deletable).toEqual(['/editions/????-??-??/edition.pdf', '/editions/????-??-??/manifest.json', '/editions/pending/????-??-??', '/editions/pending/????-??-??/?????????????-?']);
    const mayDelete = (key: string) => deletable.some((pattern) => iamPatternMatches(pattern, `/${key}`));
    for (const key of ['editions/2026-11-27/manifest.json', 'editions/2026-11-27/edition.pdf', 'editions/pending/2026-11-27', 'editions/pending/2026-11-27/1796342400000-0']) expect(mayDelete(key), key).toBe(true);
    for (const key of ['editions/2026-11-27/versions/0123abcd/edition.pdf', 'editions/2026-11-27/proof.json', 'editions/2026-11-27/history.json', 'editions/index.json', 'articles/2026-11-27/a.md', 'editions/pending/2026-11-27/x']) {
      expect(mayDelete(key), key).toBe(false);
    }
    expect(JSON.stringify(statements)).not.toMatch(/versions|proof\.json/);
    expect(JSON.stringify(statements)).not.toContain('ContentBucket');
  });

  it('lets the API function send to the render queue, and nothing else of SQS, for embargoes that have ended', () => {
    const statements = statementsOfFunction(template, 'ApiFunction');
    const sqs = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('sqs:')));
    expect(sqs.flatMap((s) => [s.Action].flat()).sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(JSON.stringify(sqs.map((s) => s.Resource))).toMatch(/RenderQueue/);
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((r) => JSON.stringify(r).includes('EDITIONS_BUCKET'));
    expect(JSON.stringify(fn)).toMatch(/RENDER_QUEUE_URL.*RenderQueue/);
  });

  // The render queue came by CDK's automatic Export/ImportValue pair, and a queue whose export is
  // imported cannot be replaced: "Export … cannot be deleted as it is in use by EpaperDelivery".
  it('reaches the render queue by its ARN in an SSM parameter, with no Fn::ImportValue of anything of the pipeline', () => {
    const { stacks } = buildTestApp();
    const imports = (stack: Stack) => [...JSON.stringify(Template.fromStack(stack).toJSON()).matchAll(/"Fn::ImportValue":"([^"]*)"/g)].map((m) => m[1]);
    for (const stack of [stacks.storage, stacks.pipeline, stacks.delivery]) {
      const pipelineImports = imports(stack).filter((name) => !name.startsWith(`${stacks.storage.stackName}-`));
      expect(pipelineImports, stack.stackName).toEqual([]);
    }
    const parameterName = `/${stacks.pipeline.stackName}/RenderQueueArn`;
    Template.fromStack(stacks.pipeline).hasResourceProperties('AWS::SSM::Parameter', {
      Name: parameterName,
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RenderQueue'), 'Arn'] },
    });
    const parameters = Template.fromStack(stacks.delivery).toJSON().Parameters as Record<string, { Type: string; Default: string }>;
    expect(Object.values(parameters)).toContainEqual({ Type: 'AWS::SSM::Parameter::Value<String>', Default: parameterName });
    expect(stacks.delivery.dependencies).toContain(stacks.pipeline);
  });

  it('generates the share-link key in Secrets Manager, never in the template, and lets only the API function read it', () => {
    const secretId = onlyId('AWS::SecretsManager::Secret');
    const secret = template.findResources('AWS::SecretsManager::Secret')[secretId];
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret.Properties.SecretString).toBeUndefined();
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((r) => JSON.stringify(r).includes('EDITIONS_BUCKET'))!;
    const environment = fn.Properties.Environment.Variables as Record<string, unknown>;
    expect(environment.SHARE_SECRET_ARN).toEqual({ Ref: secretId });
    expect(environment.SHARE_SECRET).toBeUndefined();
    const statements = statementsOfFunction(template, 'ApiFunction');
    const secrets = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')));
    expect(secrets.flatMap((s) => [s.Action].flat()).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(secrets.flatMap((s) => [s.Resource].flat())).toEqual([{ Ref: secretId }]);
  });

  it('publishes due proofs from a one-minute schedule whose role may only invoke the API function', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    const apiFunction = onlyId('AWS::Lambda::Function');
    const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule'))[0].Properties;
    expect(schedule.ScheduleExpression).toBe('rate(1 minute)');
    expect(schedule.State ?? 'ENABLED').toBe('ENABLED');
    expect(schedule.Target.Arn).toEqual({ 'Fn::GetAtt': [apiFunction, 'Arn'] });
    expect(JSON.parse(schedule.Target.Input)).toEqual({ epaper: 'publish-due' });
    const roleId = schedule.Target.RoleArn['Fn::GetAtt'][0] as string;
    const role = template.findResources('AWS::IAM::Role')[roleId].Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
    ]);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: { Ref?: string }) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [apiFunction, 'Arn'] } }]);
  });

  it('alarms on-call when the API function fails or the schedule cannot invoke it', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const topic = onlyId('AWS::SNS::Topic');
    const apiFunction = onlyId('AWS::Lambda::Function');
    expect(alarms).toHaveLength(2);
    const heard = { Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Sum', TreatMissingData: 'notBreaching', AlarmActions: [{ Ref: topic }], OKActions: [{ Ref: topic }] };
    expect(alarms.find((a) => a.MetricName === 'Errors')).toMatchObject({ ...heard, Namespace: 'AWS/Lambda', Dimensions: [{ Name: 'FunctionName', Value: { Ref: apiFunction } }] });
    expect(alarms.find((a) => a.MetricName === 'InvocationDroppedCount')).toMatchObject({ ...heard, Namespace: 'AWS/Scheduler', Dimensions: [{ Name: 'ScheduleGroup', Value: 'default' }] });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: topic } });
  });

  it('outputs the API URL, the user pools and their clients', () => {
    template.hasOutput('ApiUrl', { Value: { 'Fn::Join': ['', Match.arrayWith(['https://', { Ref: onlyId('AWS::ApiGatewayV2::Api') }])] } });
    template.hasOutput('UserPoolId', { Value: { Ref: poolId('Subscribers') } });
    template.hasOutput('UserPoolClientId', { Value: { Ref: clientIdOf(poolId('Subscribers')) } });
    template.hasOutput('HostedSignInUrl', { Value: Match.anyValue() });
    template.hasOutput('EditorPoolId', { Value: { Ref: poolId('Editors') } });
    template.hasOutput('EditorPoolClientId', { Value: { Ref: clientIdOf(poolId('Editors')) } });
    template.hasOutput('DeskSignInUrl', { Value: Match.anyValue() });
  });
});

describe('the authorization of every deployed route (the function decides; the gateway has no authorizer)', () => {
  it('answers 401 without or with a tampered token on every route but the two pages, and 403 to a subscriber on editor routes', async () => {
    const routes = Object.values(Template.fromStack(buildTestApp().stacks.delivery).findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey as string,
    );
    const dir = await mkdtemp(join(tmpdir(), 'epaper-routes-'));
    try {
      const auth = await createDevAuth(dir);
      const editions = new MemoryObjectStore();
      const api = createSubscriberApi({
        editions: { get: async (key) => (await editions.get(key))?.body },
        presign: async (key) => `https://signed.example/${key}`,
        verifyToken: auth.verifyToken,
        readerPage: '<!doctype html><title>reader</title>',
        deskPage: '<!doctype html><title>desk</title>',
        desk: createDeskActions(editions, () => new Date('2026-11-27T06:00:00Z')),
      });
      const tampered = `${auth.editorToken.slice(0, -4)}AAAA`;
      for (const routeKey of routes) {
        const [method, template] = routeKey.split(' ');
        const path =
          template.replace('{date}', '2026-11-27').replace('{page}', '1').replace('{slug}', 'harbour-plan').replace('{link}', '2026-11-27.harbour-plan.1.c2lnbmF0dXJl') +
          (template.endsWith('/rollback') ? '?version=abc' : template === '/search' ? '?q=harbour' : '');
        const ask = (token?: string) => api({ method, path, headers: token ? { authorization: `Bearer ${token}` } : {} });
        if (path === '/' || path === '/desk') {
          expect((await ask()).status, routeKey).toBe(200);
          continue;
        }
        if (template === '/shared/{link}') {
          // Public: the link is its own credential; a forged one opens nothing.
          expect((await ask()).status, routeKey).toBe(404);
          continue;
        }
        expect((await ask()).status, routeKey).toBe(401);
        expect((await ask(tampered)).status, routeKey).toBe(401);
        const subscriber = (await ask(auth.token)).status;
        const editor = (await ask(auth.editorToken)).status;
        if (method === 'POST') {
          expect(subscriber, routeKey).toBe(403);
          // Past authorization: nothing to publish in an empty bucket.
          expect(editor, routeKey).toBe(404);
        } else {
          expect([200, 404], routeKey).toContain(subscriber);
          expect(editor, routeKey).toBe(subscriber);
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the user pools' mail", () => {
  const production = { stage: 'prod', env: { region: 'eu-west-1' }, auth: { cognitoDomainPrefix: 'herald-epaper', callbackUrls: ['https://epaper.herald.example/'] } };

  it("goes through the configured SES address for both pools (Cognito's own sender stops at about 50 mails a day)", () => {
    const email = { fromAddress: 'epaper@herald.example', fromName: 'The Herald', replyTo: 'desk@herald.example' };
    const delivery = buildTestApp({ epaper: { ...production, auth: { ...production.auth, email } } }).stacks.delivery;
    const pools = Object.values(Template.fromStack(delivery).findResources('AWS::Cognito::UserPool'));
    expect(pools).toHaveLength(2);
    for (const pool of pools) {
      expect(pool.Properties.EmailConfiguration).toMatchObject({ EmailSendingAccount: 'DEVELOPER', From: 'The Herald <epaper@herald.example>', ReplyToEmailAddress: 'desk@herald.example' });
      expect(JSON.stringify(pool.Properties.EmailConfiguration.SourceArn)).toMatch(/:ses:eu-west-1:.*identity\/epaper@herald\.example/);
    }
    expect(Annotations.fromStack(delivery).findWarning('*', Match.stringLikeRegexp('auth\\.email'))).toEqual([]);
  });

  it("is Cognito's own outside the dev stage only with a warning at synth that says what to set", () => {
    const delivery = buildTestApp({ epaper: production }).stacks.delivery;
    for (const pool of Object.values(Template.fromStack(delivery).findResources('AWS::Cognito::UserPool'))) {
      expect(pool.Properties.EmailConfiguration?.EmailSendingAccount ?? 'COGNITO_DEFAULT').toBe('COGNITO_DEFAULT');
    }
    const warnings = Annotations.fromStack(delivery).findWarning('*', Match.stringLikeRegexp('set auth\\.email'));
    expect(warnings).toHaveLength(1);
    // A trial (the dev stage) is not nagged.
    expect(Annotations.fromStack(buildTestApp().stacks.delivery).findWarning('*', Match.stringLikeRegexp('auth\\.email'))).toEqual([]);
  });
});

describe('DeliveryStack with an external issuer', () => {
  const external = { issuer: 'https://id.example.com/', jwksUrl: 'https://id.example.com/.well-known/jwks.json', audience: 'epaper-readers' };

  it('creates no user pool and hands the configured issuer, JWKS and audience to the function', () => {
    const template = Template.fromStack(buildTestApp({ epaper: { auth: external, api: { linkLifetimeSeconds: 900 } } }).stacks.delivery);
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          JWT_ISSUER: external.issuer,
          JWKS_URL: external.jwksUrl,
          JWT_AUDIENCE: external.audience,
          LINK_LIFETIME_SECONDS: '900',
          TOKEN_USE: Match.absent(),
          HOSTED_UI_URL: Match.absent(),
        }),
      },
    });
    expect(Object.keys(template.toJSON().Outputs)).not.toContain('UserPoolId');
    template.resourceCountIs('AWS::ApiGatewayV2::Route', ROUTES.length);
  });
});

describe('DeliveryStack used directly', () => {
  it.each([0, 3601, 1.5])('refuses a link lifetime of %s seconds', (seconds) => {
    const app = new App({ outdir: assemblyOutdir(), context: { 'aws:cdk:bundling-stacks': [] } });
    const storage = new StorageStack(app, 'S', { noncurrentVersionExpirationDays: 30, accessLogExpirationDays: 30 });
    expect(
      () =>
        new DeliveryStack(app, 'D', {
          editionsBucket: storage.sharedEditionsBucket,
          identity: { kind: 'external', issuer: 'https://i.example/', jwksUrl: 'https://i.example/jwks', audience: 'a' },
          linkLifetimeSeconds: seconds,
          apiMemorySizeMb: 512,
          throttleRatePerSecond: 10,
          throttleBurst: 10,
          logRetention: RetentionDays.ONE_MONTH,
        }),
    ).toThrow(/linkLifetimeSeconds must be a whole number from 1 to 3600/);
  });
});
