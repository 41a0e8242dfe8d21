/** The `peppol-access-point` secret as GetSecretValue answers it, for the Peppol handler tests. */

export const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:PeppolAccessPointSecret3F1A2B9C-Ab12Cd';

/** As the stack creates it: empty values and the generated key. */
export const placeholder = { connections: {}, apiUrl: '', apiToken: '', smpUrl: '', unused: 'q0^W7e!xPz3K$mB8' };

/** As operators fill it in after the provider's onboarding. */
export const configured = {
  connections: { 'ap-provider-1': 'f3a9c1e7b5d2486a9c0e1f2a3b4c5d6e' },
  apiUrl: 'https://ap.example.com/api/v1/messages',
  apiToken: 'tok_live_9f8e7d6c5b4a',
  smpUrl: 'https://ap.example.com/api/v1/participants',
};

/** What GetSecretValue answers for the JSON secret `arn` (its AWSCURRENT version). */
export function secretValue(value: unknown, arn = secretArn) {
  return {
    ARN: arn,
    Name: 'PeppolAccessPointSecret3F1A2B9C',
    VersionId: 'c5b7e0d2-6f1a-4a8e-9d3b-2f4e6a8c0b1d',
    SecretString: JSON.stringify(value),
    VersionStages: ['AWSCURRENT'],
    CreatedDate: new Date('2026-11-20T09:30:00Z'),
    $metadata: { httpStatusCode: 200, requestId: '8f4c2a1e-0b3d-4e5f-9a6b-7c8d9e0f1a2b', attempts: 1 },
  };
}

/** The environment the stacks give a Peppol function on AWS (no LOCAL_TWIN). */
export const awsEnvironment = {
  AWS_REGION: 'eu-west-1',
  TABLE_NAME: 'Samenwerken-Data-Table1A2B3C4D-1E2F3G4H5I6J',
  BUCKET_NAME: 'samenwerken-data-documentbucket1a2b3c4d-5e6f7g8h9i0j',
  SECRET_ARN_PEPPOL_ACCESS_POINT: secretArn,
  LOCAL_TWIN: 'false',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'Samenwerken-Routes-Peppol-PeppolReceiveMessageFunction',
  functionVersion: '$LATEST',
  invokedFunctionArn:
    'arn:aws:lambda:eu-west-1:123456789012:function:Samenwerken-Routes-Peppol-PeppolReceiveMessageFunction',
  memoryLimitInMB: '512',
  awsRequestId: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  logGroupName: '/aws/lambda/peppol',
  logStreamName: '2026/11/23/[$LATEST]abcdef0123456789',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
