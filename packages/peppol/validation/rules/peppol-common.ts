import type { Field, InvoiceModel, Rule } from '../model.js';
import { each } from './helpers.js';
import {
  isAustralianBusinessNumber,
  isBelgianEnterpriseNumber,
  isDanishCvr,
  isDanishPNumber,
  isDanishSeNumber,
  isDutchVatNumber,
  isGln,
  isItalianIpaCode,
  isItalianTaxCode,
  isItalianVatNumber,
  isKvkNumber,
  isNorwegianOrganisationNumber,
  isOin,
  isSwedishOrganisationNumber,
  isTwelveDigits,
} from './identifiers.js';

// The contexts of the Peppol identifier rules: cbc:EndpointID, cac:PartyIdentification/cbc:ID and
// cbc:CompanyID, wherever they sit, with the scheme written exactly so.
const endpoint = /\/cbc:EndpointID(\[\d+\])?$/;
const anyIdentifier = /(\/cbc:EndpointID|\/cac:PartyIdentification(\[\d+\])?\/cbc:ID|\/cbc:CompanyID)(\[\d+\])?$/;

function identifiers(m: InvoiceModel, scheme: string, where: RegExp): Field[] {
  return m.schemedIds.filter((id) => id.attributes.schemeID === scheme && where.test(id.path));
}

function scheme(
  id: string,
  text: string,
  code: string,
  passes: (normalised: string, raw: string) => boolean,
  flag: Rule['flag'] = 'fatal',
  where: RegExp = anyIdentifier,
): Rule {
  return each(
    id,
    text,
    (m) =>
      identifiers(m, code, where).flatMap((value) => (passes(value.text, value.raw ?? value.text) ? [] : [value.path])),
    flag,
  );
}

const schemed = /\/cbc:CompanyID(\[\d+\])?$/;
const checkedSchemes = new Set([
  '0088',
  '0192',
  '0184',
  '0096',
  '0198',
  '0208',
  '0201',
  '0210',
  '0211',
  '0007',
  '0151',
  '0106',
  '0190',
  '9944',
  '0217',
]);

/** PEPPOL-COMMON-*: identifier format and check digit rules, by identifier scheme, as the 2026.5 release words them. */
export const peppolCommonRules: readonly Rule[] = [
  scheme('PEPPOL-COMMON-R040', 'GLN must have a valid format according to GS1 rules.', '0088', isGln),
  scheme(
    'PEPPOL-COMMON-R041',
    'Norwegian organization number MUST be stated in the correct format.',
    '0192',
    isNorwegianOrganisationNumber,
  ),
  scheme(
    'PEPPOL-COMMON-R042',
    'Danish organization number (CVR) MUST be stated in the correct format.',
    '0184',
    (_, raw) => isDanishCvr(raw),
  ),
  scheme('PEPPOL-COMMON-R052', 'Danish P-number MUST be stated in the correct format.', '0096', (_, raw) =>
    isDanishPNumber(raw),
  ),
  scheme('PEPPOL-COMMON-R053', 'Danish SE number MUST be stated in the correct format.', '0198', (_, raw) =>
    isDanishSeNumber(raw),
  ),
  scheme(
    'PEPPOL-COMMON-R043',
    'Belgian enterprise number MUST be stated in the correct format.',
    '0208',
    isBelgianEnterpriseNumber,
  ),
  scheme(
    'PEPPOL-COMMON-R044',
    'IPA Code (Codice Univoco Unità Organizzativa) must be stated in the correct format.',
    '0201',
    isItalianIpaCode,
    'warning',
  ),
  scheme(
    'PEPPOL-COMMON-R045',
    'Tax Code (Codice Fiscale) must be stated in the correct format.',
    '0210',
    isItalianTaxCode,
    'warning',
  ),
  scheme(
    'PEPPOL-COMMON-R046',
    'Tax Code (Codice Fiscale) must be stated in the correct format.',
    '9907',
    isItalianTaxCode,
    'warning',
    endpoint,
  ),
  scheme(
    'PEPPOL-COMMON-R047',
    'Italian VAT Code (Partita Iva) must be stated in the correct format.',
    '0211',
    isItalianVatNumber,
    'warning',
  ),
  scheme(
    'PEPPOL-COMMON-R049',
    'Swedish organization number MUST be stated in the correct format.',
    '0007',
    isSwedishOrganisationNumber,
  ),
  scheme(
    'PEPPOL-COMMON-R050',
    'Australian Business Number (ABN) MUST be stated in the correct format.',
    '0151',
    isAustralianBusinessNumber,
  ),
  scheme(
    'PEPPOL-COMMON-R054',
    'Dutch KvK number MUST be stated in the correct format.',
    '0106',
    isKvkNumber,
    'warning',
  ),
  scheme('PEPPOL-COMMON-R055', 'Dutch OIN MUST be stated in the correct format.', '0190', isOin, 'warning'),
  scheme(
    'PEPPOL-COMMON-R056-1',
    'Dutch VAT number MUST be stated in the correct format.',
    '9944',
    isDutchVatNumber,
    'warning',
  ),
  each(
    'PEPPOL-COMMON-R056-2',
    'Dutch VAT number MUST be stated in the correct format.',
    // A VAT scheme company id starting NL, unless a scheme rule above already took it.
    (m) =>
      [m.seller, m.buyer, m.payee, m.taxRepresentative].flatMap((party) =>
        (party?.taxSchemes ?? []).flatMap((ts) => {
          const id = ts.companyId;
          if (!id || ts.schemeId?.text !== 'VAT' || !id.text.startsWith('NL') || !schemed.test(id.path)) return [];
          if (checkedSchemes.has(id.attributes.schemeID ?? '')) return [];
          return isDutchVatNumber(id.text) ? [] : [id.path];
        }),
      ),
    'warning',
  ),
  scheme(
    'PEPPOL-COMMON-R057',
    'Identifier with scheme 0217 MUST be stated in the correct format.',
    '0217',
    isTwelveDigits,
    'warning',
  ),
];
