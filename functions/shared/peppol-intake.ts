import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { s3 } from './clients.js';
import { documentBucket } from './intake.js';

/**
 * Puts a raw message through intake again: the object is copied onto itself with fresh metadata,
 * so S3 announces it once more (ObjectCreated:Copy, a new sequencer) and the bucket trigger
 * queues it as it did on arrival.
 */
export async function requeueRawObject(key: string): Promise<void> {
  await s3().send(
    new CopyObjectCommand({
      Bucket: documentBucket,
      Key: key,
      CopySource: `${documentBucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
      MetadataDirective: 'REPLACE',
      ContentType: 'application/xml',
      Metadata: { 'retried-at': new Date().toISOString() },
    }),
  );
}

const participant = z.string().regex(/^[0-9]{4}:[^\s]{1,100}$/, 'A participant id, scheme:id.');

/** `?outcome=` on the Peppol log. */
export const peppolMessagesQuery = z
  .object({
    cursor: z.string().max(2048).optional().describe('Opaque cursor from the previous page.'),
    limit: z.coerce.number().int().min(1).max(100).optional().describe('Page size, 1 to 100 (default 50).'),
    outcome: z.enum(['accepted', 'rejected', 'failed']).optional().describe('Only messages with this outcome.'),
  })
  .strict();

/** The message whose findings are read: its sender and SBDH instance identifier. */
export const peppolFindingsQuery = z
  .object({
    sender: participant.describe('The sender participant id, `scheme:id`.'),
    instanceId: z.string().min(1).max(200).describe('The SBDH instance identifier.'),
    cursor: z.coerce.number().int().min(0).optional().describe('Index of the first finding (default 0).'),
    limit: z.coerce.number().int().min(1).max(1000).optional().describe('Page size, 1 to 1000 (default 500).'),
  })
  .strict();

export const peppolFailurePath = z.object({
  administrationId: z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'Not a valid id.'),
  failureId: z.string().regex(/^[0-9a-f-]{36}$/, 'Not a failure id.'),
});
