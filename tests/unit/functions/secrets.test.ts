import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonSecret, PeppolAccessPointSettings, SECRET_MAX_AGE_SECONDS } from '#functions/shared/secrets.ts';
import { configured, placeholder, secretValue } from './peppol/secret-settings.ts';

// Every function has its table; the shared config module reads TABLE_NAME on load.
vi.hoisted(() => {
  process.env.TABLE_NAME ??= 'samenwerken-unit';
  process.env.AWS_REGION ??= 'eu-west-1';
});

const secretsManager = mockClient(SecretsManagerClient);

const region = 'eu-west-1';
/** Each test reads its own secret: the provider's cache is per container, so per test file here. */
const arn = (suffix: string) =>
  `arn:aws:secretsmanager:${region}:123456789012:secret:PeppolAccessPointSecret3F1A2B9C-${suffix}`;

describe('jsonSecret', () => {
  beforeEach(() => {
    secretsManager.reset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T08:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('reads the secret by its ARN and returns the validated settings', async () => {
    const secretId = arn('reads');
    secretsManager.on(GetSecretValueCommand, { SecretId: secretId }).resolves(secretValue(configured, secretId));
    const read = jsonSecret('peppol-access-point', secretId, PeppolAccessPointSettings);

    await expect(read()).resolves.toEqual(configured);
    expect(secretsManager.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: secretId });
  });

  it(`asks Secrets Manager once per ${SECRET_MAX_AGE_SECONDS} s, then picks up a value put since`, async () => {
    const secretId = arn('max-age');
    const rotated = { ...configured, apiToken: 'tok_live_rotated_1a2b3c' };
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce(secretValue(configured, secretId))
      .resolvesOnce(secretValue(rotated, secretId));
    const read = jsonSecret('peppol-access-point', secretId, PeppolAccessPointSettings);

    const first = await read();
    vi.setSystemTime(new Date(Date.now() + (SECRET_MAX_AGE_SECONDS - 1) * 1000));
    const warm = await read();
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(warm).toBe(first);

    vi.setSystemTime(new Date(Date.now() + 2000));
    const after = await read();
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(after.apiToken).toBe('tok_live_rotated_1a2b3c');
  });

  it('treats the empty values of the placeholder as absent and drops the generated key', async () => {
    const secretId = arn('placeholder');
    secretsManager.on(GetSecretValueCommand).resolves(secretValue(placeholder, secretId));

    const settings = await jsonSecret('peppol-access-point', secretId, PeppolAccessPointSettings)();

    expect(settings).toEqual({ connections: {} });
    expect(settings.apiUrl).toBeUndefined();
    expect(settings.apiToken).toBeUndefined();
    expect(settings.smpUrl).toBeUndefined();
  });

  it('rejects a connection secret under 16 characters and a malformed URL, naming the paths but not the values', async () => {
    const secretId = arn('invalid');
    const invalid = { connections: { 'ap-provider-1': 'too-short' }, apiUrl: 'ap.example.com', apiToken: 'x' };
    secretsManager.on(GetSecretValueCommand).resolves(secretValue(invalid, secretId));

    const error = await jsonSecret('peppol-access-point', secretId, PeppolAccessPointSettings)().catch(
      (e: unknown) => e as Error,
    );

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^Invalid secret peppol-access-point: /);
    expect((error as Error).message).toContain('connections.ap-provider-1');
    expect((error as Error).message).toContain('apiUrl');
    expect((error as Error).message).not.toContain('too-short');
  });

  it('fails when the secret is not JSON', async () => {
    const secretId = arn('not-json');
    secretsManager.on(GetSecretValueCommand).resolves({ ...secretValue({}, secretId), SecretString: 'tok_live_9f8e' });

    await expect(jsonSecret('peppol-access-point', secretId, PeppolAccessPointSettings)()).rejects.toThrow();
  });
});

describe('peppolAccessPoint', () => {
  beforeEach(() => {
    secretsManager.reset();
    vi.resetModules();
  });
  afterEach(() => vi.unstubAllEnvs());

  it('reads the secret named by SECRET_ARN_PEPPOL_ACCESS_POINT', async () => {
    const secretId = arn('bound');
    vi.stubEnv('SECRET_ARN_PEPPOL_ACCESS_POINT', secretId);
    secretsManager.on(GetSecretValueCommand, { SecretId: secretId }).resolves(secretValue(configured, secretId));
    const { peppolAccessPoint } = await import('#functions/shared/secrets.ts');

    await expect(peppolAccessPoint()).resolves.toEqual(configured);
  });

  it('is undefined without SECRET_ARN_PEPPOL_ACCESS_POINT (the local twin), asking nothing', async () => {
    vi.stubEnv('SECRET_ARN_PEPPOL_ACCESS_POINT', undefined);
    const { peppolAccessPoint } = await import('#functions/shared/secrets.ts');

    await expect(peppolAccessPoint()).resolves.toBeUndefined();
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });
});
