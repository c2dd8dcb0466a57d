import { describe, expect, it } from 'vitest';
import { DEFAULT_EPAPER_CONFIG, EpaperConfigError, parseEpaperConfig } from '../../lib/config';
import { cdkJsonContext } from './synth';
import { lambdaNodeOptions, RENDER_MEMORY_POLICY, renderHeapLimitMb, renderMemoryMb } from '../../lib/render-memory';

const committed = () => structuredClone(cdkJsonContext().epaper) as Record<string, any>;

describe('parseEpaperConfig', () => {
  it('reads the committed cdk.json, which spells out exactly the defaults', () => {
    expect(parseEpaperConfig(committed())).toEqual(DEFAULT_EPAPER_CONFIG);
    expect(parseEpaperConfig(undefined)).toEqual(DEFAULT_EPAPER_CONFIG);
  });

  it('applies overrides and keeps defaults for what is not given', () => {
    const config = parseEpaperConfig({ render: { memoryMb: 4096 }, api: { linkLifetimeSeconds: 900 } });
    expect(config.render.memoryMb).toBe(4096);
    expect(config.render.timeoutSeconds).toBe(DEFAULT_EPAPER_CONFIG.render.timeoutSeconds);
    expect(config.api.linkLifetimeSeconds).toBe(900);
  });

  it('takes a list of alarm addresses and names the setting when one is not an address', () => {
    expect(parseEpaperConfig({ alarmEmails: ['oncall@example.com', 'oncall@example.com'] }).alarmEmails).toEqual(['oncall@example.com']);
    expect(() => parseEpaperConfig({ alarmEmails: ['not an address'] })).toThrow(/epaper\.alarmEmails/);
    expect(() => parseEpaperConfig({ alarmEmails: 'oncall@example.com' })).toThrow(/list of email addresses/);
  });

  it('accepts the JSON string that `cdk synth -c epaper=…` passes', () => {
    expect(parseEpaperConfig('{"maxReceiveCount": 3}').maxReceiveCount).toBe(3);
    expect(() => parseEpaperConfig('{not json')).toThrow(/not valid JSON/);
  });

  it("takes the pools' SES sender, its region from env.region unless given, and names what is wrong", () => {
    const email = { fromAddress: 'epaper@herald.example', fromName: 'The Herald', sesVerifiedDomain: 'herald.example' };
    expect(parseEpaperConfig({ env: { region: 'eu-west-1' }, auth: { email } }).auth).toMatchObject({ email: { ...email, sesRegion: 'eu-west-1' } });
    expect(parseEpaperConfig({ auth: { email: { ...email, sesRegion: 'us-east-1' } } }).auth).toMatchObject({ email: { sesRegion: 'us-east-1' } });
    // Environment-agnostic stacks cannot say where the SES identity is.
    expect(() => parseEpaperConfig({ auth: { email } })).toThrow(/"epaper\.auth\.email\.sesRegion": the SES identity's region is needed when env\.region is unset/);
    expect(() => parseEpaperConfig({ auth: { email: { ...email, sesRegion: 'eu-west-1', fromAddress: 'epaper@other.example' } } })).toThrow(
      /"epaper\.auth\.email\.fromAddress": epaper@other\.example is not an address of sesVerifiedDomain "herald\.example"/,
    );
    expect(() => parseEpaperConfig({ auth: { email: { fromAddress: 'nobody', sesRegion: 'eu-west-1' } } })).toThrow(/auth\.email\.fromAddress/);
    expect(() => parseEpaperConfig({ auth: { email: { fromAddress: 'a@b.example', sesRegion: 'eu-west-1', fromName: 'Evil\r\nBcc: x' } } })).toThrow(/auth\.email\.fromName/);
    expect(() => parseEpaperConfig({ auth: { email: { fromAddress: 'a@b.example', sesRegion: 'eu-west-1', from: 'x' } } })).toThrow(/auth\.email\.from": unknown setting/);
    // Without it the committed default stands: Cognito's own sender.
    expect(parseEpaperConfig(committed()).auth).not.toHaveProperty('email');
  });

  it('switches to an external issuer when one is configured', () => {
    const config = parseEpaperConfig({
      auth: { issuer: 'https://id.example.com/', jwksUrl: 'https://id.example.com/jwks.json', audience: 'epaper' },
    });
    expect(config.auth).toEqual({
      kind: 'external',
      issuer: 'https://id.example.com/',
      jwksUrl: 'https://id.example.com/jwks.json',
      audience: 'epaper',
    });
  });

  it('refuses the committed placeholders outside the dev stage, saying what to set', () => {
    const production: Record<string, any> = { ...committed(), stage: 'prod' };
    expect(() => parseEpaperConfig(production)).toThrow(/auth\.cognitoDomainPrefix": "epaper-subscribers" is the committed placeholder; outside the dev stage set auth\.cognitoDomainPrefix/);
    production.auth = { ...production.auth, cognitoDomainPrefix: 'herald-epaper' };
    expect(() => parseEpaperConfig(production)).toThrow(/auth\.callbackUrls": http:\/\/localhost:8787\/ is for local development; outside the dev stage set auth\.callbackUrls/);
    production.auth = { ...production.auth, callbackUrls: ['https://epaper.example.com/'] };
    expect(parseEpaperConfig(production)).toMatchObject({ stage: 'prod', auth: { domainPrefix: 'herald-epaper', callbackUrls: ['https://epaper.example.com/'] } });
    // The dev stage keeps the trial settings; an external issuer has neither.
    expect(parseEpaperConfig(committed()).stage).toBe('dev');
    expect(parseEpaperConfig({ stage: 'prod', auth: { issuer: 'https://id.example.com/', jwksUrl: 'https://id.example.com/k', audience: 'a' } }).stage).toBe('prod');
  });

  it.each([
    [{ stage: 'Prod!' }, /"epaper\.stage": expected a stage name/],
    [{ api: { linkLifetimeSeconds: 3601 } }, /epaper\.api\.linkLifetimeSeconds": expected a whole number from 1 to 3600, got 3601/],
    [{ api: { linkLifetimeSeconds: 0 } }, /api\.linkLifetimeSeconds/],
    [{ render: { memoryMb: 1024 } }, /render\.memoryMb": expected a whole number from 2048/],
    [{ render: { timeoutSeconds: 901 } }, /render\.timeoutSeconds/],
    [{ render: { reservedConcurrency: 2.5 } }, /render\.reservedConcurrency/],
    [{ render: { memoryMB: 4096 } }, /render\.memoryMB": unknown setting/],
    [{ renderer: {} }, /"epaper\.renderer": unknown setting/],
    [{ logRetentionDays: 10 }, /logRetentionDays": CloudWatch Logs accepts only/],
    [{ ingest: { batchSize: '10' } }, /ingest\.batchSize": expected a whole number from 1 to 10, got "10"/],
    [{ auth: { issuer: 'https://id.example.com/' } }, /auth\.jwksUrl": expected an https URL/],
    [{ auth: { issuer: 'http://id.example.com/', jwksUrl: 'https://id.example.com/k', audience: 'a' } }, /auth\.issuer/],
    [{ auth: { cognitoDomainPrefix: 'Epaper_Subscribers' } }, /auth\.cognitoDomainPrefix": expected lowercase/],
    [{ auth: { cognitoDomainPrefix: 'my-cognito-login' } }, /refuses prefixes containing/],
    // The editors' sign-in domain is the prefix with "-desk": 58 + 5 is Cognito's 63.
    [{ auth: { cognitoDomainPrefix: 'a'.repeat(59) } }, /at most 58 characters: the editors' sign-in adds "-desk"/],
    [{ auth: { callbackUrls: 'http://localhost:8787/' } }, /auth\.callbackUrls": expected a list/],
    [{ env: { account: '1234' } }, /env\.account": expected a 12-digit account id/],
    [{ stackPrefix: '9lives' }, /stackPrefix/],
    [[], /"epaper": expected an object/],
  ])('refuses %j with a message naming the setting', (raw, message) => {
    expect(() => parseEpaperConfig(raw)).toThrow(EpaperConfigError);
    expect(() => parseEpaperConfig(raw)).toThrow(message);
  });
});

describe('the render function memory size (lib/render-memory.ts)', () => {
  it('follows the rule from the measured peak: peak × headroom rounded up to the step, at least the minimum', () => {
    expect(renderMemoryMb()).toBe(2048);
    expect(DEFAULT_EPAPER_CONFIG.render.memoryMb).toBe(renderMemoryMb());
    expect(renderMemoryMb({ ...RENDER_MEMORY_POLICY, measuredPeakMb: 1600 })).toBe(2432);
    expect(renderMemoryMb({ ...RENDER_MEMORY_POLICY, measuredPeakMb: 100 })).toBe(RENDER_MEMORY_POLICY.minimumMb);
    expect(renderMemoryMb()).toBeGreaterThanOrEqual(RENDER_MEMORY_POLICY.measuredPeakMb * RENDER_MEMORY_POLICY.headroom);
    // Half the memory, as Node gives a 64-bit process by itself; the rest is Chromium's and native buffers'.
    expect(renderHeapLimitMb(2048)).toBe(1024);
    expect(renderHeapLimitMb(3009)).toBe(1504);
    expect(lambdaNodeOptions(1024)).toBe('--enable-source-maps --max-old-space-size=1024');
    expect(lambdaNodeOptions()).toBe('--enable-source-maps');
  });
});
