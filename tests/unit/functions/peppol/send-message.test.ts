import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutboundPeppolMessage } from '#packages/peppol';
import { awsEnvironment, configured, lambdaContext, placeholder, secretValue } from './secret-settings.ts';

const secretsManager = mockClient(SecretsManagerClient);
const documents = mockClient(DynamoDBDocumentClient);

const message: OutboundPeppolMessage = {
  version: 1,
  messageId: '01JDQ5A7B8C9D0E1F2G3H4J5K6',
  kind: 'invoice-response',
  responseCode: 'AB',
  sbdh: '<StandardBusinessDocument><InstanceIdentifier>inst-0412-ab</InstanceIdentifier></StandardBusinessDocument>',
  receiver: '0106:12345678',
  documentType: 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse',
  process: 'urn:fdc:peppol.eu:poacc:bis:invoice_response:3',
};

/** One message on `peppol-outbound`, as SQS delivers it to the consumer. */
const event: SQSEvent = {
  Records: [
    {
      messageId: '7b3c1d2e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
      receiptHandle: 'AQEBzWwaftRI0KuVm4tP+/7q1rGgNqicHq',
      body: JSON.stringify(message),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1795420800000',
        SenderId: 'AROAEXAMPLEROLE:proposals-accept-proposal',
        ApproximateFirstReceiveTimestamp: '1795420800012',
      },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:Samenwerken-Pipeline-PeppolOutboundQueue',
      awsRegion: 'eu-west-1',
    },
  ],
};

async function consume(): Promise<SQSBatchResponse> {
  const { handler } = await import('#functions/peppol/send-message.ts');
  return handler(event, lambdaContext as Context);
}

describe('peppol/send-message with the peppol-access-point secret', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  beforeEach(() => {
    secretsManager.reset();
    documents.reset();
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
    // A fresh module per test: a cold start, with an empty secrets cache.
    vi.resetModules();
    for (const [key, value] of Object.entries(awsEnvironment)) vi.stubEnv(key, value);
    // Idempotency is the consumer builder's concern, tested with the twin; here only the configuration.
    vi.stubEnv('POWERTOOLS_IDEMPOTENCY_DISABLED', 'true');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  it('loads without the API settings, and fails the message so it stays on the queue (then the DLQ)', async () => {
    secretsManager.on(GetSecretValueCommand).resolves(secretValue(placeholder));
    documents.on(GetCommand).resolves({});

    // Every record of the batch failed: the invocation fails, so SQS redelivers it.
    const error = (await consume().catch((e: unknown) => e)) as { name?: string; recordErrors?: Error[] };

    expect(error.name).toBe('FullBatchFailureError');
    expect(error.recordErrors?.map((e) => e.message)).toEqual([
      expect.stringMatching(/apiUrl and apiToken of the peppol-access-point secret are required/),
    ]);
    expect(fetch).not.toHaveBeenCalled();
    expect(documents.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it("sends through the provider's API with the secret's URL and token, after its SMP lookup", async () => {
    secretsManager.on(GetSecretValueCommand).resolves(secretValue(configured));
    documents.on(GetCommand).resolves({});
    documents.on(TransactWriteCommand).resolves({});
    fetch.mockImplementation(async (input) =>
      String(input).startsWith(configured.smpUrl)
        ? new Response(null, { status: 200 })
        : Response.json({ messageId: 'ap-msg-551' }, { status: 202 }),
    );

    const response = await consume();

    expect(response.batchItemFailures).toEqual([]);
    const [lookup, send] = fetch.mock.calls;
    expect(String(lookup?.[0])).toMatch(new RegExp(`^${configured.smpUrl}/0106%3A12345678\\?documentType=`));
    expect(send?.[0]).toBe(configured.apiUrl);
    expect(new Headers(send?.[1]?.headers).get('authorization')).toBe(`Bearer ${configured.apiToken}`);
    expect(documents.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
