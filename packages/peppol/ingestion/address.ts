import { randomUUID } from 'node:crypto';
import { parseXml, type XmlElement } from '#packages/recognition';
import { wrapInSbdh } from '../responses/sbdh.js';
import { escapeXml } from '../responses/xml.js';

const billingDocumentTypes: Readonly<Record<string, string>> = {
  Invoice:
    'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1',
  CreditNote:
    'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1',
};

const at = (element: XmlElement | undefined, ...path: string[]) =>
  path.reduce<XmlElement | undefined>((e, name) => e?.children.find((c) => c.name === name), element);

/**
 * Makes a file ready for the inbound endpoint, as `peppol send` delivers it: an SBDH keeps its
 * header, with the receiver replaced when `to` is given; a bare UBL invoice or credit note is
 * wrapped in one, addressed from the seller's to the buyer's EndpointID (or `to`), with a new
 * instance identifier.
 */
export function addressForDelivery(xml: string, options: { to?: string | undefined; now: Date }): string {
  const root = parseXml(xml);
  if (root.name === 'StandardBusinessDocument') {
    if (!options.to) return xml;
    return xml.replace(
      /(<(?:[\w.-]+:)?Receiver\b[^>]*>\s*<(?:[\w.-]+:)?Identifier\b[^>]*>)[^<]*/,
      `$1${escapeXml(options.to)}`,
    );
  }
  const documentType = billingDocumentTypes[root.name];
  if (!documentType) throw new Error(`A ${root.name} is neither an SBDH nor a UBL Invoice or CreditNote.`);
  const endpoint = (party: string) => {
    const e = at(root, party, 'Party', 'EndpointID');
    return e ? `${e.attributes.schemeID ?? ''}:${e.text}` : undefined;
  };
  const participant = (value: string | undefined, what: string) => {
    const match = /^(\d{4}):(\S+)$/.exec(value ?? '');
    if (!match) throw new Error(`No ${what} participant id (scheme:id) in the invoice; give --to.`);
    return { scheme: match[1] as string, id: match[2] as string };
  };
  return wrapInSbdh(
    {
      sender: participant(endpoint('AccountingSupplierParty'), 'seller'),
      receiver: participant(options.to ?? endpoint('AccountingCustomerParty'), 'buyer'),
      documentType,
      process: 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0',
      instanceId: randomUUID(),
      createdAt: options.now.toISOString(),
      type: root.name,
      standard: `urn:oasis:names:specification:ubl:schema:xsd:${root.name}-2`,
    },
    xml,
  );
}
