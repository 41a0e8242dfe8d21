import { z } from 'zod';
import { type Clarification, statusActions, statusReasons } from '../responses/invoice-response.js';

/**
 * What it takes to answer the seller of a Peppol invoice later: who sent it, to whom, and the
 * invoice it answers. Recorded beside the message claim when ingestion takes an invoice in,
 * under the document it became.
 */
export const PeppolConversation = z.object({
  documentId: z.string(),
  /** The seller, `scheme:id`: the Invoice Response goes back to them. */
  sender: z.string(),
  instanceId: z.string(),
  /** The administration's participant id the invoice was addressed to, `scheme:id`. */
  receiver: z.string(),
  buyerName: z.string(),
  sellerName: z.string(),
  invoice: z.object({ id: z.string(), issueDate: z.string().optional(), typeCode: z.string() }),
  countryC1: z.string().optional(),
});
export type PeppolConversation = z.infer<typeof PeppolConversation>;

/** The statuses an accountant sends by hand while an invoice is still undecided. */
export const interimStatuses = ['IP', 'UQ', 'CA'] as const;
export type InterimStatus = (typeof interimStatuses)[number];

const clarification = <const C extends readonly [string, ...string[]]>(codes: C) =>
  z.object({ code: z.enum(codes), text: z.string().trim().min(1).max(500).optional() }).strict();

/**
 * An interim Invoice Response asked for through the API: in process (IP), under query (UQ,
 * with at least one reason, e.g. `PRI` for a price the buyer disputes, and the action asked of
 * the seller, e.g. `CNF` for a corrected invoice) or conditionally accepted (CA, with the
 * condition as a reason).
 */
export const PeppolStatusUpdateInput = z
  .object({
    status: z.enum(interimStatuses),
    reasons: z.array(clarification(statusReasons)).max(10).default([]),
    actions: z.array(clarification(statusActions)).max(10).default([]),
    note: z.string().trim().min(1).max(1000).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.status !== 'IP' && value.reasons.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['reasons'],
        message: `${value.status === 'UQ' ? 'Under query' : 'Conditionally accepted'} needs at least one reason.`,
      });
    }
  })
  .meta({ id: 'PeppolStatusUpdateInput' });
export type PeppolStatusUpdateInput = z.input<typeof PeppolStatusUpdateInput>;

/** A change of status the seller of a Peppol invoice hears about. */
export type PeppolStatusEvent =
  | {
      readonly kind: 'proposal-accepted';
      readonly firmId: string;
      readonly administrationId: string;
      readonly documentId: string;
      /** The open item the accepted proposal posted, so its payment can be answered too. */
      readonly openItemId?: string | undefined;
      /** ISO date-time of the decision. */
      readonly at: string;
    }
  | {
      readonly kind: 'proposal-rejected';
      readonly firmId: string;
      readonly administrationId: string;
      readonly documentId: string;
      readonly reason: string;
      readonly at: string;
    }
  | {
      /** The accountant tells the seller where the invoice stands before deciding on it. */
      readonly kind: 'status-update';
      readonly firmId: string;
      readonly administrationId: string;
      readonly documentId: string;
      readonly code: InterimStatus;
      readonly clarifications: readonly Clarification[];
      readonly note?: string | undefined;
      readonly at: string;
    }
  | {
      readonly kind: 'open-item-paid';
      readonly firmId: string;
      readonly administrationId: string;
      readonly openItemId: string;
      /** The date (YYYY-MM-DD) or date-time it was paid in full. */
      readonly at: string;
    };

const adm = (firmId: string, administrationId: string) => `FIRM#${firmId}#ADM#${administrationId}`;

export const peppolStatusKeys = {
  /** The Peppol conversation of a document taken in from a Peppol message. */
  conversation: (firmId: string, administrationId: string, documentId: string) => ({
    pk: `${adm(firmId, administrationId)}#PEPPOLDOC`,
    sk: documentId,
  }),
  /** The document a posted open item came from, when that document arrived by Peppol. */
  openItem: (firmId: string, administrationId: string, openItemId: string) => ({
    pk: `${adm(firmId, administrationId)}#PEPPOLOI`,
    sk: openItemId,
  }),
  /**
   * The claim on one status answer of one message, beside the message's own claim. `variant`
   * tells apart answers of a status that may be sent more than once (each distinct query).
   */
  answered: (sender: string, instanceId: string, code: string, variant?: string) => ({
    pk: `SYS#PEPPOL-MSG#${sender.toLowerCase()}#${instanceId}`,
    sk: variant ? `STATUS#${code}#${variant}` : `STATUS#${code}`,
  }),
};
