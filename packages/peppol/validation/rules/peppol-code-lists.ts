import { chargeReasonCodes } from '../code-lists/untdid-7161.js';
import type { Field, InvoiceModel, Rule } from '../model.js';
import { allowanceReasons, currencyCodes, mimeTypes, vatDateCodes } from './code-lists.js';
import { each, has } from './helpers.js';

/**
 * PEPPOL-EN16931-CL*: the code list rules of Peppol BIS Billing 3.0 (CL008 sits with the other
 * Peppol rules). CL004 and CL005 were withdrawn from BIS 3.0 and are not checked.
 */

const chargeReasons = new Set(chargeReasonCodes);
/** The amount elements Peppol checks the currency of, in UBL. */
const ublAmount =
  /\/cbc:(Amount|BaseAmount|PriceAmount|TaxAmount|TaxableAmount|LineExtensionAmount|TaxExclusiveAmount|TaxInclusiveAmount|AllowanceTotalAmount|ChargeTotalAmount|PrepaidAmount|PayableRoundingAmount|PayableAmount)(\[\d+\])?$/;

const reasonCodes = (m: InvoiceModel, charge: boolean): (Field | undefined)[] =>
  [...m.allowanceCharges, ...m.lines.flatMap((l) => l.allowanceCharges)]
    .filter((ac) => ac.isCharge === charge)
    .map((ac) => ac.reasonCode);

const outside = (values: readonly (Field | undefined)[], codes: ReadonlySet<string>) =>
  values.flatMap((v) => (has(v) && !codes.has(v.text.trim()) ? [v.path] : []));

export const peppolCodeListRules: readonly Rule[] = [
  each(
    'PEPPOL-EN16931-CL001',
    'An attachment must give a MIME code Peppol accepts (PDF, PNG, JPEG, CSV, XLSX or ODS).',
    (m) =>
      m.binaries.flatMap((b) => {
        const code = b.attributes.mimeCode;
        return code === undefined || mimeTypes.has(code) ? [] : [b.path];
      }),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-CL002',
    'An allowance reason code must come from the UNCL 5189 subset Peppol accepts.',
    (m) => outside(reasonCodes(m, false), allowanceReasons),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-CL003',
    'A charge reason code must come from UNCL 7161.',
    (m) => outside(reasonCodes(m, true), chargeReasons),
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-CL006',
    'An invoice period description code must come from the UNCL 2005 subset Peppol accepts (3, 35, 432).',
    (m) =>
      m.syntax === 'ubl'
        ? outside(
            [...m.periods, ...m.lines.flatMap((l) => l.periods)].map((p) => p.descriptionCode),
            vatDateCodes,
          )
        : [],
    'fatal',
  ),
  each(
    'PEPPOL-EN16931-CL007',
    'The currency of an amount must be an ISO 4217 currency code.',
    (m) =>
      m.amounts
        .filter((a) => m.syntax === 'cii' || ublAmount.test(a.path))
        .flatMap((a) => (currencyCodes.has(a.attributes.currencyID ?? '') ? [] : [a.path])),
    'fatal',
  ),
];
