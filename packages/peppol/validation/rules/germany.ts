import type { InvoiceModel, Rule } from '../model.js';
import { childrenNamed, type XmlElement } from '../xml.js';

/**
 * DE-R-*: the German national rules the Peppol BIS Billing 3.0 rules carry (pattern
 * `german-rules`), for documents whose seller and buyer addresses are both in Germany. Read from
 * the document as written, as the Schematron reads it.
 */
const kid = (e: XmlElement | undefined, name: string) => childrenNamed(e, name)[0];
const path = (e: XmlElement | undefined, ...names: string[]): XmlElement[] =>
  names.reduce<XmlElement[]>((nodes, name) => nodes.flatMap((n) => childrenNamed(n, name)), e ? [e] : []);
/** `cbc:X[boolean(normalize-space(.))]`: some X with text other than whitespace. */
const filled = (e: XmlElement | undefined, name: string) => childrenNamed(e, name).some((c) => c.text !== '');
const normalised = (e: XmlElement | undefined) => e?.text ?? '';

const countryOf = (root: XmlElement, party: string) =>
  normalised(path(root, party, 'Party', 'PostalAddress', 'Country', 'IdentificationCode')[0]).toUpperCase();
const bothGerman = (root: XmlElement) =>
  countryOf(root, 'AccountingSupplierParty') === 'DE' && countryOf(root, 'AccountingCustomerParty') === 'DE';

// XPath's \s is [ \t\n\r], narrower than JavaScript's.
const email = /^[^@ \t\n\r]+@([^@. \t\n\r]+\.)+[^@. \t\n\r]+$/;
const telephone = /.*([0-9].*){3,}.*/;
const url = /^([a-zA-Z])([a-zA-Z0-9+.-])+:/;
const iban = /^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$/;
const skonto = /(^|\r?\n)#(SKONTO)#TAGE=([0-9]+#PROZENT=[0-9]+\.[0-9]{2})(#BASISBETRAG=-?[0-9]+\.[0-9]{2})?#$/;

/**
 * The Schematron's IBAN check: country and check digits moved to the end, letters as numbers,
 * mod 97 = 1, in exact integer arithmetic (as the Java validators compute it).
 */
function ibanChecks(value: string): boolean {
  const compact = value.replace(/[ \t\n\r]/g, '');
  if (!iban.test(compact)) return false;
  const moved = `${compact.slice(4)}${compact.slice(0, 2).toUpperCase()}${compact.slice(2, 4)}`;
  const digits = [...moved].map((ch) => {
    const cp = ch.codePointAt(0) as number;
    return String(cp > 64 ? cp - 55 : cp - 48);
  });
  return BigInt(digits.join('')) % 97n === 1n;
}

type Check = (root: XmlElement) => readonly XmlElement[];

function german(id: string, flag: Rule['flag'], text: string, offenders: Check): Rule {
  return {
    id,
    flag,
    text,
    check(model: InvoiceModel, report) {
      const root = model.tree;
      if (!root || model.syntax !== 'ubl' || !bothGerman(root)) return;
      for (const _ of offenders(root)) report(model.path);
    },
  };
}

const unless = (root: XmlElement, ok: boolean) => (ok ? [] : [root]);
const each = (nodes: readonly XmlElement[], ok: (n: XmlElement) => boolean) => nodes.filter((n) => !ok(n));
const meansWith = (root: XmlElement, codes: readonly string[]) =>
  childrenNamed(root, 'PaymentMeans').filter((pm) => codes.includes(normalised(kid(pm, 'PaymentMeansCode'))));
/** The IBAN rules (DE-R-019, DE-R-020): no account, or more than one, is no valid IBAN. */
const validIban = (accounts: readonly XmlElement[]) =>
  accounts.length === 1 && ibanChecks(stringValue(accounts[0] as XmlElement));
/** `stringValue`: the element's text and its descendants'. */
function stringValue(e: XmlElement): string {
  return e.children.length === 0 ? e.raw : e.raw + e.children.map(stringValue).join('');
}
const vatCodes = ['S', 'Z', 'E', 'AE', 'K', 'G', 'L', 'M'];
const indicatorIs = (ac: XmlElement, value: string) =>
  childrenNamed(ac, 'ChargeIndicator').some((c) => stringValue(c) === value);

/** DE-R-016: a VAT category S, Z, E, AE, K, G, L or M used needs BT-31, BT-32 or BG-11. */
function sellerTaxIdentified(r: XmlElement): boolean {
  const used = (ids: readonly XmlElement[]) => ids.some((id) => vatCodes.includes(stringValue(id)));
  const documentLevel = (charge: string) =>
    childrenNamed(r, 'AllowanceCharge')
      .filter((ac) => indicatorIs(ac, charge))
      .flatMap((ac) => path(ac, 'TaxCategory', 'ID'));
  const lineLevel = [...childrenNamed(r, 'InvoiceLine'), ...childrenNamed(r, 'CreditNoteLine')].flatMap((l) =>
    path(l, 'Item', 'ClassifiedTaxCategory', 'ID'),
  );
  if (!used(documentLevel('false')) && !used(documentLevel('true')) && !used(lineLevel)) return true;
  return (
    childrenNamed(r, 'TaxRepresentativeParty').length > 0 ||
    path(r, 'AccountingSupplierParty', 'Party', 'PartyTaxScheme', 'CompanyID').some((c) => normalised(c) !== '')
  );
}

/** DE-R-018: every payment terms line starting with # is a well-formed SKONTO line, and the note ends with a line break. */
function skontoWellFormed(r: XmlElement): boolean {
  const notes = childrenNamed(r, 'PaymentTerms').flatMap((t) => childrenNamed(t, 'Note').slice(0, 1).map(stringValue));
  const lines = notes.flatMap((n) => (n === '' ? [] : n.split(/\r?\n/))).filter((l) => normalise(l).startsWith('#'));
  if (lines.length === 0) return true;
  if (!lines.every((l) => skonto.test(normalise(l)))) return false;
  // matches(cac:PaymentTerms/cbc:Note[1]/tokenize(., '#.+#')[last()], '^\s*\n'), on the one note there is.
  const tails = notes.flatMap((n) => (n === '' ? [] : [n.split(/#.+#/).at(-1) as string]));
  return tails.length === 1 && /^[ \t\n\r]*\n/.test(tails[0] as string);
}
const normalise = (value: string) => value.replace(/[ \t\r\n]+/g, ' ').trim();

/** DE-R-022: no attachment repeats the filename of one before it. */
function uniqueFilenames(r: XmlElement): boolean {
  const seen = new Set<string>();
  for (const reference of childrenNamed(r, 'AdditionalDocumentReference')) {
    const names = path(reference, 'Attachment', 'EmbeddedDocumentBinaryObject').flatMap((b) =>
      b.attributes.filename === undefined ? [] : [b.attributes.filename],
    );
    if (names.some((n) => seen.has(n))) return false;
    for (const n of names) seen.add(n);
  }
  return true;
}
const sepaCreditor = (r: XmlElement) =>
  [
    ...path(r, 'AccountingSupplierParty', 'Party', 'PartyIdentification', 'ID'),
    ...path(r, 'PayeeParty', 'PartyIdentification', 'ID'),
  ].some((id) => id.attributes.schemeID === 'SEPA');

const typeCode = (root: XmlElement) => normalised(kid(root, 'InvoiceTypeCode') ?? kid(root, 'CreditNoteTypeCode'));

export const germanRules: readonly Rule[] = [
  german('DE-R-001', 'fatal', 'An invoice shall contain information on "PAYMENT INSTRUCTIONS" (BG-16).', (r) =>
    unless(r, childrenNamed(r, 'PaymentMeans').length > 0),
  ),
  german('DE-R-015', 'fatal', 'The element "Buyer reference" (BT-10) shall be provided.', (r) =>
    unless(r, filled(r, 'BuyerReference')),
  ),
  german('DE-R-017', 'warning', 'The invoice type code should be one of those XRechnung supports.', (r) => {
    const codes = ['326', '380', '384', '389', '381', '875', '876', '877'];
    const ok =
      codes.includes(normalised(kid(r, 'InvoiceTypeCode'))) || codes.includes(normalised(kid(r, 'CreditNoteTypeCode')));
    return unless(r, ok);
  }),
  german(
    'DE-R-016',
    'fatal',
    'A VAT category S, Z, E, AE, K, G, L or M requires the seller VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative (BG-11).',
    (r) => unless(r, sellerTaxIdentified(r)),
  ),
  german(
    'DE-R-018',
    'fatal',
    'Cash discount (Skonto) lines in the payment terms (BT-20) shall follow the #SKONTO# format.',
    (r) => unless(r, skontoWellFormed(r)),
  ),
  german('DE-R-022', 'fatal', 'Attached documents (BT-125) shall have unique filenames.', (r) =>
    unless(r, uniqueFilenames(r)),
  ),
  german('DE-R-030', 'fatal', 'A direct debit (BG-19) shall give the bank assigned creditor identifier (BT-90).', (r) =>
    unless(r, path(r, 'PaymentMeans', 'PaymentMandate').length === 0 || sepaCreditor(r)),
  ),
  german(
    'DE-R-T02',
    'warning',
    'An external document location (BT-124) must be an absolute URL with a valid scheme.',
    (r) =>
      each(path(r, 'AdditionalDocumentReference', 'Attachment', 'ExternalReference'), (x) => {
        const uris = childrenNamed(x, 'URI');
        return uris.length > 0 && url.test(stringValue(uris[0] as XmlElement));
      }),
  ),
  german('DE-R-026', 'warning', 'An invoice of type 384 should reference the invoice it corrects.', (r) =>
    unless(r, typeCode(r) !== '384' || path(r, 'BillingReference', 'InvoiceDocumentReference').length > 0),
  ),
  german('DE-R-031', 'fatal', 'A direct debit mandate shall name the debited account (BT-91).', (r) =>
    unless(
      r,
      path(r, 'PaymentMeans', 'PaymentMandate').length === 0 ||
        path(r, 'PaymentMeans', 'PaymentMandate', 'PayerFinancialAccount', 'ID').length > 0,
    ),
  ),
  german('DE-R-002', 'fatal', 'The group "SELLER CONTACT" (BG-6) shall be provided.', (r) =>
    each(childrenNamed(r, 'AccountingSupplierParty'), (p) => path(p, 'Party', 'Contact').length > 0),
  ),
  german('DE-R-003', 'fatal', 'The element "Seller city" (BT-37) shall be provided.', (r) =>
    each(path(r, 'AccountingSupplierParty', 'Party', 'PostalAddress'), (a) => filled(a, 'CityName')),
  ),
  german('DE-R-004', 'fatal', 'The element "Seller post code" (BT-38) shall be provided.', (r) =>
    each(path(r, 'AccountingSupplierParty', 'Party', 'PostalAddress'), (a) => filled(a, 'PostalZone')),
  ),
  german('DE-R-005', 'fatal', 'The element "Seller contact point" (BT-41) shall be provided.', (r) =>
    each(path(r, 'AccountingSupplierParty', 'Party', 'Contact'), (c) => filled(c, 'Name')),
  ),
  german('DE-R-006', 'fatal', 'The element "Seller contact telephone number" (BT-42) shall be provided.', (r) =>
    each(path(r, 'AccountingSupplierParty', 'Party', 'Contact'), (c) => filled(c, 'Telephone')),
  ),
  german('DE-R-007', 'fatal', 'The element "Seller contact email address" (BT-43) shall be provided.', (r) =>
    each(path(r, 'AccountingSupplierParty', 'Party', 'Contact'), (c) => filled(c, 'ElectronicMail')),
  ),
  german('DE-R-027', 'warning', 'The seller contact telephone number should contain at least three digits.', (r) =>
    each(path(r, 'AccountingSupplierParty', 'Party', 'Contact'), (c) =>
      telephone.test(normalised(kid(c, 'Telephone'))),
    ),
  ),
  german('DE-R-028', 'warning', 'The seller contact email address should be an e-mail address.', (r) =>
    each(path(r, 'AccountingSupplierParty', 'Party', 'Contact'), (c) =>
      email.test(normalised(kid(c, 'ElectronicMail'))),
    ),
  ),
  german('DE-R-008', 'fatal', 'The element "Buyer city" (BT-52) shall be provided.', (r) =>
    each(path(r, 'AccountingCustomerParty', 'Party', 'PostalAddress'), (a) => filled(a, 'CityName')),
  ),
  german('DE-R-009', 'fatal', 'The element "Buyer post code" (BT-53) shall be provided.', (r) =>
    each(path(r, 'AccountingCustomerParty', 'Party', 'PostalAddress'), (a) => filled(a, 'PostalZone')),
  ),
  german('DE-R-010', 'fatal', 'The element "Deliver to city" (BT-77) shall be provided.', (r) =>
    each(path(r, 'Delivery', 'DeliveryLocation', 'Address'), (a) => filled(a, 'CityName')),
  ),
  german('DE-R-011', 'fatal', 'The element "Deliver to post code" (BT-78) shall be provided.', (r) =>
    each(path(r, 'Delivery', 'DeliveryLocation', 'Address'), (a) => filled(a, 'PostalZone')),
  ),
  german('DE-R-014', 'fatal', 'The element "VAT category rate" (BT-119) shall be provided.', (r) =>
    each(path(r, 'TaxTotal', 'TaxSubtotal'), (s) => path(s, 'TaxCategory', 'Percent').some((p) => p.text !== '')),
  ),
  german('DE-R-019', 'warning', 'The IBAN of a SEPA credit transfer should be a valid IBAN.', (r) =>
    each(meansWith(r, ['30', '58']), (pm) => {
      if (normalised(kid(pm, 'PaymentMeansCode')) !== '58') return true;
      return validIban(path(pm, 'PayeeFinancialAccount', 'ID'));
    }),
  ),
  german('DE-R-020', 'warning', 'The debited account of a SEPA direct debit should be a valid IBAN.', (r) =>
    each(meansWith(r, ['59']), (pm) => validIban(path(pm, 'PaymentMandate', 'PayerFinancialAccount', 'ID'))),
  ),
  german('DE-R-023-1', 'fatal', 'A credit transfer shall carry the payee account (BG-17).', (r) =>
    each(meansWith(r, ['30', '58']), (pm) => childrenNamed(pm, 'PayeeFinancialAccount').length > 0),
  ),
  german('DE-R-023-2', 'fatal', 'A credit transfer shall carry neither card nor mandate.', (r) =>
    each(
      meansWith(r, ['30', '58']),
      (pm) => childrenNamed(pm, 'CardAccount').length === 0 && childrenNamed(pm, 'PaymentMandate').length === 0,
    ),
  ),
  german('DE-R-024-1', 'fatal', 'A card payment shall carry the card (BG-18).', (r) =>
    each(meansWith(r, ['48', '54', '55']), (pm) => childrenNamed(pm, 'CardAccount').length > 0),
  ),
  german('DE-R-024-2', 'fatal', 'A card payment shall carry neither payee account nor mandate.', (r) =>
    each(
      meansWith(r, ['48', '54', '55']),
      (pm) =>
        childrenNamed(pm, 'PayeeFinancialAccount').length === 0 && childrenNamed(pm, 'PaymentMandate').length === 0,
    ),
  ),
  german('DE-R-025-1', 'fatal', 'A direct debit shall carry the mandate (BG-19).', (r) =>
    each(meansWith(r, ['59']), (pm) => childrenNamed(pm, 'PaymentMandate').length > 0),
  ),
  german('DE-R-025-2', 'fatal', 'A direct debit shall carry neither payee account nor card.', (r) =>
    each(
      meansWith(r, ['59']),
      (pm) => childrenNamed(pm, 'PayeeFinancialAccount').length === 0 && childrenNamed(pm, 'CardAccount').length === 0,
    ),
  ),
];
