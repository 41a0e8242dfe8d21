import type { Context, SQSEvent } from 'aws-lambda';
import { handler as intake } from '#functions/intake/register-raw-input.ts';

/**
 * The raw-input consumer as it behaves when it runs out of time on a first arrival: it never
 * answers, so the twin's runtime times it out and nothing is recorded; a retried object (S3
 * announces a copy) goes to the real consumer.
 */
export async function handler(event: SQSEvent, context: Context) {
  const retried = event.Records.every((r) => r.body.includes('ObjectCreated:Copy'));
  if (retried) return intake(event, context);
  await new Promise((resolve) => setTimeout(resolve, context.getRemainingTimeInMillis() + 1_000).unref());
  return { batchItemFailures: [] };
}
