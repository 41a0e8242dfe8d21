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
    outcome: z.enum(['accepted', 'rejected']),
    firmId: z.string().optional(),
    administrationId: z.string().optional(),
    documentId: z.string().optional(),
    rejection: z
      .object({
        reason: z.enum(peppolRejectionReasons),
        detail: z.string(),
        findings: z
          .array(z.object({ id: z.string(), flag: z.string(), location: z.string(), text: z.string() }))
          .optional(),
      })
      .optional(),
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
