import { z } from 'zod';

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
  /** The claim on one status answer of one message, beside the message's own claim. */
  answered: (sender: string, instanceId: string, code: string) => ({
    pk: `SYS#PEPPOL-MSG#${sender.toLowerCase()}#${instanceId}`,
    sk: `STATUS#${code}`,
  }),
};
