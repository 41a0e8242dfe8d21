import { z } from 'zod';

export const peppolRejectionReasons = [
  /** Hostile, malformed or oversized XML. */
  'ENVELOPE_UNREADABLE',
  /** Not an SBDH, or a header field missing. */
  'ENVELOPE_INVALID',
  /** No administration has the receiver's participant id. */
  'UNKNOWN_RECEIVER',
  /** The invoice fails EN 16931 / Peppol BIS validation (fatal or error findings). */
  'INVALID_DOCUMENT',
  /** An Invoice Response about no invoice the administration sent over Peppol, or with no known status. */
  'UNKNOWN_INVOICE',
] as const;
export type PeppolRejectionReason = (typeof peppolRejectionReasons)[number];

/**
 * One Peppol message as it arrived and what became of it: the claim on its SBDH instance
 * identifier (per sender), so the same message twice is taken in once.
 */
export const PeppolMessage = z
  .object({
    instanceId: z.string(),
    sender: z.string().optional(),
    receiver: z.string().optional(),
    documentType: z.string().optional(),
    process: z.string().optional(),
    createdAt: z.string().optional(),
    rawKey: z.string(),
    receivedAt: z.iso.datetime(),
    /** `failed`: taking it in failed (see `failure`); it is tried again and can be retried. */
    outcome: z.enum(['accepted', 'rejected', 'failed']),
    /** The id to retry a failed message by. */
    failureId: z.string().optional(),
    firmId: z.string().optional(),
    administrationId: z.string().optional(),
    documentId: z.string().optional(),
    /** An Invoice Response: the sent invoice it answered, and its status code. */
    invoiceId: z.string().optional(),
    responseCode: z.string().optional(),
    rejection: z
      .object({
        reason: z.enum(peppolRejectionReasons),
        detail: z.string(),
        /** The first findings (all of them up to `peppolFindingsKept`), in document order. */
        findings: z
          .array(z.object({ id: z.string(), flag: z.string(), location: z.string(), text: z.string() }))
          .optional(),
        /** How many findings there are in all. */
        findingCount: z.number().int().optional(),
        /** How many findings each rule id raised. */
        findingsByRule: z.record(z.string(), z.number().int()).optional(),
        /** Where the whole list is kept (a JSON object in the document bucket) when `findings` holds only the first. */
        findingsKey: z.string().optional(),
      })
      .optional(),
    failure: z
      .object({
        /**
         * `PROCESSING_FAILED`: an attempt failed and said so; `DEAD_LETTER`: every delivery failed
         * (a timeout, a crash) and the queue gave the message up to its dead-letter queue.
         */
        reason: z.enum(['PROCESSING_FAILED', 'DEAD_LETTER']),
        detail: z.string(),
        /** The error's name, for the operator (its message stays in the log). */
        error: z.string().optional(),
        /** A dead letter: how often the queue had delivered it, and the queue it came from. */
        receiveCount: z.number().int().optional(),
        sourceQueue: z.string().optional(),
        lastAttemptAt: z.iso.datetime(),
      })
      .optional(),
    /** How many attempts to take a failed message in failed. */
    attempts: z.number().int().optional(),
    /** The answers queued for the sender (Invoice Response or MLR ids and codes). */
    responses: z.array(
      z.object({ kind: z.enum(['invoice-response', 'mlr']), code: z.string(), messageId: z.string() }),
    ),
  })
  .meta({ id: 'PeppolMessage' });
export type PeppolMessage = z.infer<typeof PeppolMessage>;

export const peppolKeys = {
  /** The claim on a message: sender and SBDH instance identifier. */
  message: (sender: string, instanceId: string) => ({
    pk: `SYS#PEPPOL-MSG#${sender.toLowerCase()}#${instanceId}`,
    sk: 'MESSAGE',
  }),
  /** Messages that arrived on a day, whoever they were for (gsi1). */
  byDay: (day: string) => `SYS#PEPPOL-MSG#${day}`,
  /** The Peppol intake log of an administration (gsi2). */
  ofAdministration: (firmId: string, administrationId: string) => `FIRM#${firmId}#ADM#${administrationId}#PEPPOLIN`,
};
