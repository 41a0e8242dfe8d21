import { participantValue } from '../responses/participant.js';
import { type EnvelopeSpec, wrapInSbdh } from '../responses/sbdh.js';
import type { SalesUbl } from './ubl.js';

/** The UBL in its SBDH, addressed to the buyer, with the routing the access point needs. */
export interface SalesInvoiceMessage {
  readonly sbdh: string;
  readonly receiver: string;
  readonly documentType: string;
  readonly process: string;
}

/**
 * Wraps a built invoice or credit note in the StandardBusinessDocument header, as the Invoice
 * Response and MLR are (responses/), with `instanceId` as the SBDH instance identifier.
 */
export function salesInvoiceMessage(
  ubl: SalesUbl,
  envelope: { instanceId: string; createdAt: string; countryC1?: string | undefined },
): SalesInvoiceMessage {
  const spec: EnvelopeSpec = {
    sender: ubl.sender,
    receiver: ubl.receiver,
    documentType: ubl.documentType,
    process: ubl.process,
    instanceId: envelope.instanceId,
    createdAt: envelope.createdAt,
    type: ubl.root,
    standard: ubl.standard,
    countryC1: envelope.countryC1,
  };
  return {
    sbdh: wrapInSbdh(spec, ubl.xml),
    receiver: participantValue(ubl.receiver),
    documentType: ubl.documentType,
    process: ubl.process,
  };
}
