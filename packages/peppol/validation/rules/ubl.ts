import { fractionDigits } from '../decimal.js';
import type { Field, Party, Rule } from '../model.js';
import { document, each, has } from './helpers.js';

const distinct = (values: readonly (Field | undefined)[]) => new Set(values.filter(has).map((v) => v.text)).size;
const vatIdCount = (party: Party | undefined) => (party?.vatIds ?? []).length;

/** UBL-DT-* and UBL-SR-*: the syntax binding's data type and cardinality rules. */
export const ublRules: readonly Rule[] = [
  each('UBL-DT-01', 'Amounts shall be decimal up to two fraction digits.', (m) =>
    m.plainAmounts.flatMap((a) => (fractionDigits(a.text) > 2 ? [a.path] : [])),
  ),
  each('UBL-DT-06', 'Binary object elements shall contain the mime code attribute.', (m) =>
    m.binaries.flatMap((b) => (b.attributes.mimeCode === undefined ? [b.path] : [])),
  ),
  each('UBL-DT-07', 'Binary object elements shall contain the file name attribute.', (m) =>
    m.binaries.flatMap((b) => (b.attributes.filename === undefined ? [b.path] : [])),
  ),
  each('UBL-SR-12', 'Seller VAT identifier shall occur maximum once.', (m) =>
    m.seller && vatIdCount(m.seller) > 1 ? [m.seller.path] : [],
  ),
  each('UBL-SR-18', 'Buyer VAT identifier shall occur maximum once.', (m) =>
    m.buyer && vatIdCount(m.buyer) > 1 ? [m.buyer.path] : [],
  ),
  each('UBL-SR-42', 'Party tax scheme shall occur maximum twice in accounting supplier party.', (m) =>
    m.seller && m.seller.taxSchemes.length > 2 ? [m.seller.path] : [],
  ),
  each(
    'UBL-SR-43',
    'Scheme identifier shall only be used for invoiced object (document type code with value 130 or 50).',
    (m) =>
      m.additionalDocuments.flatMap((reference) => {
        const type = reference.typeCode?.text;
        const allowed =
          type === '130' ||
          (m.kind === 'credit-note' && type === '50') ||
          (reference.schemeId === undefined && type === undefined);
        return allowed ? [] : [reference.path];
      }),
  ),
  document(
    'UBL-SR-44',
    'Payment ID shall occur maximum once.',
    (m) => distinct(m.paymentMeans.flatMap((p) => p.paymentIds)) <= 1,
  ),
  document(
    'UBL-SR-47',
    'When Payment means is repeated it shall have the same Payment means code.',
    (m) => distinct(m.paymentMeans.map((p) => p.code)) <= 1,
  ),
];
