/**
 * An error a local service answers with, in AWS terms: `code` becomes the `__type` (JSON
 * protocols) or `x-amzn-ErrorType` (REST JSON), `status` the HTTP status. `queryCode` is the
 * legacy query-protocol code SQS also sends in `x-amzn-query-error`, which the SDK prefers.
 */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly queryCode?: string,
  ) {
    super(message);
  }
}
