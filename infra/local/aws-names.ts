/**
 * Names the local twin gives its resources. They follow the AWS formats so code that parses an
 * ARN or a queue URL sees the same shapes locally as in the cloud.
 */

/** Region every local resource pretends to live in. */
export const LOCAL_REGION = 'eu-west-1';

/** Account id of every local ARN. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/**
 * Credentials the twin hands to SDK clients. s3rver only accepts its built-in key pair (it checks
 * the access key id but not SigV4 signatures); DynamoDB Local accepts anything.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** `arn:aws:sqs:eu-west-1:000000000000:<name>` */
export function queueArn(name: string): string {
  return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${name}`;
}

/** `http://127.0.0.1:<port>/000000000000/<name>`: SDK clients send to the queue URL's host. */
export function queueUrl(endpoint: string, name: string): string {
  return `${endpoint}/${LOCAL_ACCOUNT_ID}/${name}`;
}

/** Queue name from a queue URL or ARN, or `undefined` when the value is neither. */
export function queueNameFrom(urlOrArn: string): string | undefined {
  const arn = /^arn:aws:sqs:[^:]+:\d{12}:([\w-]{1,80})$/.exec(urlOrArn);
  if (arn) return arn[1];
  const url = /^https?:\/\/[^/]+\/\d{12}\/([\w-]{1,80})$/.exec(urlOrArn);
  return url?.[1];
}

/** Name of the dead-letter queue that belongs to a source queue. */
export function dlqName(queueName: string): string {
  return `${queueName}-dlq`;
}

/** `arn:aws:states:eu-west-1:000000000000:stateMachine:<name>` */
export function stateMachineArn(name: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stateMachine:${name}`;
}

/** `arn:aws:states:eu-west-1:000000000000:execution:<stateMachine>:<execution>` */
export function executionArn(stateMachine: string, execution: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:execution:${stateMachine}:${execution}`;
}

/** `arn:aws:lambda:eu-west-1:000000000000:function:<name>` */
export function lambdaArn(functionName: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`;
}
