import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { S3Schema, SqsSchema } from '@aws-lambda-powertools/parser/schemas';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BankLinesMessage, BankSyncMessage } from '#packages/bank';
import { DocumentRef } from '#packages/intake';

const root = fileURLToPath(new URL('../../../events/', import.meta.url));
const read = async (path: string) => JSON.parse(await readFile(join(root, path), 'utf8')) as unknown;

/** The body each queue's consumer parses. */
const bodies: Record<string, z.ZodType> = {
  'raw-inputs': JSONStringified(S3Schema),
  documents: JSONStringified(DocumentRef),
  'bank-lines': JSONStringified(BankLinesMessage),
  'bank-sync': JSONStringified(BankSyncMessage),
  'textract-completions': JSONStringified(
    z.object({ JobId: z.string(), Status: z.string(), API: z.literal('StartExpenseAnalysis') }),
  ),
};

describe('sample events', () => {
  it('has S3 notifications the raw-input consumer accepts', async () => {
    for (const file of await readdir(join(root, 's3'))) {
      expect(S3Schema.safeParse(await read(`s3/${file}`)).success, file).toBe(true);
    }
  });

  it('has SQS events whose bodies the consumer of their queue accepts', async () => {
    const files = await readdir(join(root, 'sqs'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const event = SqsSchema.parse(await read(`sqs/${file}`));
      for (const record of event.Records) {
        const queue = record.eventSourceARN.split(':').pop() ?? '';
        const body = bodies[queue];
        expect(body, `${file}: no consumer schema for queue ${queue}`).toBeDefined();
        expect(body?.safeParse(record.body).success, file).toBe(true);
      }
    }
  });
});
