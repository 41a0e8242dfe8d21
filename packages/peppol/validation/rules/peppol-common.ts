import type { Field, InvoiceModel, Rule } from '../model.js';
import { each } from './helpers.js';
import {
  isAustralianBusinessNumber,
  isBelgianEnterpriseNumber,
  isDanishCvr,
  isGln,
  isItalianIpaCode,
  isItalianTaxCode,
  isItalianVatNumber,
  isNorwegianOrganisationNumber,
  isSwedishOrganisationNumber,
} from './identifiers.js';

// The identifiers whose scheme Peppol checks: electronic addresses, party identifiers and legal
// registration identifiers (UBL), and their CII counterparts.
const checkedIdentifier =
  /(\/cbc:EndpointID|\/cac:PartyIdentification(\[\d+\])?\/cbc:ID|\/cbc:CompanyID|\/ram:URIID|TradeParty\/ram:(Global)?ID|\/ram:SpecifiedLegalOrganization\/ram:ID)(\[\d+\])?$/;

function identifiers(m: InvoiceModel, schemes: readonly string[]): Field[] {
  return m.schemedIds.filter((id) => schemes.includes(id.attributes.schemeID ?? '') && checkedIdentifier.test(id.path));
}

function scheme(
  id: string,
  text: string,
  schemes: readonly string[],
  wellFormed: (value: string) => boolean,
  flag: Rule['flag'] = 'fatal',
): Rule {
  return each(
    id,
    text,
    (m) => identifiers(m, schemes).flatMap((value) => (wellFormed(value.text) ? [] : [value.path])),
    flag,
  );
}

/** PEPPOL-COMMON-*: identifier format and check digit rules, by identifier scheme. */
export const peppolCommonRules: readonly Rule[] = [
  scheme('PEPPOL-COMMON-R040', 'GLN must have a valid format according to GS1 rules.', ['0088'], isGln),
  scheme(
    'PEPPOL-COMMON-R041',
    'Norwegian organization number MUST be stated in the correct format.',
    ['0192'],
    isNorwegianOrganisationNumber,
  ),
  scheme(
    'PEPPOL-COMMON-R042',
    'Danish organization number (CVR) MUST be stated in the correct format.',
    ['0184'],
    isDanishCvr,
  ),
  scheme(
    'PEPPOL-COMMON-R043',
    'Belgian enterprise number MUST be stated in the correct format.',
    ['0208'],
    isBelgianEnterpriseNumber,
  ),
  scheme(
    'PEPPOL-COMMON-R044',
    'IPA Code (Codice Univoco Unità Organizzativa) must be stated in the correct format.',
    ['0201'],
    isItalianIpaCode,
    'warning',
  ),
  scheme(
    'PEPPOL-COMMON-R045',
    'Tax Code (Codice Fiscale) must be stated in the correct format.',
    ['0210'],
    isItalianTaxCode,
    'warning',
  ),
  scheme(
    'PEPPOL-COMMON-R046',
    'Tax Code (Codice Fiscale) must be stated in the correct format.',
    ['9907'],
    isItalianTaxCode,
    'warning',
  ),
  scheme(
    'PEPPOL-COMMON-R047',
    'Italian VAT Code (Partita Iva) must be stated in the correct format.',
    ['0211', '9906'],
    isItalianVatNumber,
    'warning',
  ),
  scheme(
    'PEPPOL-COMMON-R049',
    'Swedish organization number MUST be stated in the correct format.',
    ['0007'],
    isSwedishOrganisationNumber,
  ),
  scheme(
    'PEPPOL-COMMON-R050',
    'Australian Business Number (ABN) MUST be stated in the correct format.',
    ['0151'],
    isAustralianBusinessNumber,
  ),
];
