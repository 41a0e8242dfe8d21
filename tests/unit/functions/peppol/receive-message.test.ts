import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signApMessage } from '#packages/peppol';
import { awsEnvironment, configured, lambdaContext, placeholder, secretValue } from './secret-settings.ts';

const secretsManager = mockClient(SecretsManagerClient);
const s3 = mockClient(S3Client);

const body = '<StandardBusinessDocument><InstanceIdentifier>inst-0412</InstanceIdentifier></StandardBusinessDocument>';

/** `POST /peppol/inbound` as API Gateway (HTTP API, payload 2.0) hands it over. */
function delivery(headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /peppol/inbound',
    rawPath: '/peppol/inbound',
    rawQueryString: '',
    headers: { 'content-type': 'application/xml', 'content-length': String(body.length), ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      domainName: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'a1b2c3d4e5',
      http: {
        method: 'POST',
        path: '/peppol/inbound',
        protocol: 'HTTP/1.1',
        sourceIp: '52.30.12.7',
        userAgent: 'ap-provider/2.4',
      },
      requestId: 'Qm3xYgHkDoEEJbw=',
      routeKey: 'POST /peppol/inbound',
      stage: '$default',
      time: '23/Nov/2026:08:00:00 +0000',
      timeEpoch: 1795420800000,
    },
    body,
    isBase64Encoded: false,
  };
}

async function receive(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const { handler } = await import('#functions/peppol/receive-message.ts');
  return (await handler(event, lambdaContext as Context)) as APIGatewayProxyStructuredResultV2;
}

describe('peppol/receive-message with the peppol-access-point secret', () => {
  beforeEach(() => {
    secretsManager.reset();
    s3.reset();
    // A fresh module per test: a cold start, with an empty secrets cache.
    vi.resetModules();
    for (const [key, value] of Object.entries(awsEnvironment)) vi.stubEnv(key, value);
  });
  afterEach(() => vi.unstubAllEnvs());

  it('answers 503 PEPPOL_NOT_CONFIGURED while the secret holds no connection, and stores nothing', async () => {
    secretsManager.on(GetSecretValueCommand).resolves(secretValue(placeholder));

    const response = await receive(
      delivery({
        'x-ap-connection': 'ap-provider-1',
        ...signApMessage(body, 'f3a9c1e7b5d2486a9c0e1f2a3b4c5d6e', new Date()),
      }),
    );

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ code: 'PEPPOL_NOT_CONFIGURED' });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it("accepts a delivery signed with a connection's secret and stores it under raw/peppol/", async () => {
    secretsManager.on(GetSecretValueCommand).resolves(secretValue(configured));
    s3.on(PutObjectCommand).resolves({ ETag: '"9b2cf535f27731c974343645a3985328"' });

    const response = await receive(
      delivery({
        'x-ap-connection': 'ap-provider-1',
        ...signApMessage(body, configured.connections['ap-provider-1'], new Date()),
      }),
    );

    expect(response.statusCode).toBe(202);
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put?.Bucket).toBe(awsEnvironment.BUCKET_NAME);
    expect(put?.Key).toMatch(/^raw\/peppol\//);
    expect(secretsManager.commandCalls(GetSecretValueCommand)[0]?.args[0].input.SecretId).toBe(
      awsEnvironment.SECRET_ARN_PEPPOL_ACCESS_POINT,
    );
  });

  it('refuses with 401 a delivery signed with another secret than the connection has, and stores nothing', async () => {
    secretsManager.on(GetSecretValueCommand).resolves(secretValue(configured));

    const response = await receive(
      delivery({
        'x-ap-connection': 'ap-provider-1',
        ...signApMessage(body, 'dev-peppol-ap-secret-not-for-production', new Date()),
      }),
    );

    expect(response.statusCode).toBe(401);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('accepts a body that is not UTF-8, handed over base64 and signed over its bytes, and stores exactly those bytes', async () => {
    secretsManager.on(GetSecretValueCommand).resolves(secretValue(configured));
    s3.on(PutObjectCommand).resolves({ ETag: '"9b2cf535f27731c974343645a3985328"' });
    const bytes = Buffer.from(
      `<?xml version="1.0" encoding="ISO-8859-1"?>${body.replace('inst-0412', 'M\u00fcller')}`,
      'latin1',
    );
    const event = {
      ...delivery({
        'x-ap-connection': 'ap-provider-1',
        ...signApMessage(bytes, configured.connections['ap-provider-1'], new Date()),
      }),
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    };

    const response = await receive(event);

    expect(response.statusCode).toBe(202);
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(Buffer.from(put?.Body as Uint8Array).equals(bytes)).toBe(true);
  });
});
