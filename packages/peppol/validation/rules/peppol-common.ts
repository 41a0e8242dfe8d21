import type { Rule } from '../model.js';
import type { XmlElement } from '../xml.js';
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
import { ns, path, ruleSet, stringValue, type Tree } from './peppol-tree.js';

/** A scheme rule: id, text, the scheme code it reads, the test (on the normalised value and the string value), flag. */
type SchemeRule = readonly [
  id: string,
  text: string,
  code: string,
  passes: (normalised: string, raw: string) => boolean,
  flag: Rule['flag'],
];

/** In the Schematron's order, which decides which rule an identifier meets first. */
const schemeRules: readonly SchemeRule[] = [
  ['PEPPOL-COMMON-R040', 'GLN must have a valid format according to GS1 rules.', '0088', isGln, 'fatal'],
  [
    'PEPPOL-COMMON-R041',
    'Norwegian organization number MUST be stated in the correct format.',
    '0192',
    isNorwegianOrganisationNumber,
    'fatal',
  ],
  [
    'PEPPOL-COMMON-R042',
    'Danish organization number (CVR) MUST be stated in the correct format.',
    '0184',
    (_, raw) => isDanishCvr(raw),
    'fatal',
  ],
  [
    'PEPPOL-COMMON-R052',
    'Danish chamber of commerce number (P) MUST be stated in the correct format.',
    '0096',
    (_, raw) => isDanishPNumber(raw),
    'fatal',
  ],
  [
    'PEPPOL-COMMON-R053',
    'Danish ERSTORG number (SE) MUST be stated in the correct format.',
    '0198',
    (_, raw) => isDanishSeNumber(raw),
    'fatal',
  ],
  [
    'PEPPOL-COMMON-R043',
    'Belgian enterprise number MUST be stated in the correct format.',
    '0208',
    isBelgianEnterpriseNumber,
    'fatal',
  ],
  [
    'PEPPOL-COMMON-R044',
    'IPA Code (Codice Univoco Unità Organizzativa) must be stated in the correct format',
    '0201',
    isItalianIpaCode,
    'warning',
  ],
  [
    'PEPPOL-COMMON-R045',
    'Tax Code (Codice Fiscale) must be stated in the correct format',
    '0210',
    isItalianTaxCode,
    'warning',
  ],
  [
    'PEPPOL-COMMON-R046',
    'Tax Code (Codice Fiscale) must be stated in the correct format',
    '9907',
    isItalianTaxCode,
    'warning',
  ],
  [
    'PEPPOL-COMMON-R047',
    'Italian VAT Code (Partita Iva) must be stated in the correct format',
    '0211',
    isItalianVatNumber,
    'warning',
  ],
  [
    'PEPPOL-COMMON-R049',
    'Swedish organization number MUST be stated in the correct format.',
    '0007',
    isSwedishOrganisationNumber,
    'fatal',
  ],
  [
    'PEPPOL-COMMON-R050',
    'Australian Business Number (ABN) MUST be stated in the correct format.',
    '0151',
    isAustralianBusinessNumber,
    'fatal',
  ],
  [
    'PEPPOL-COMMON-R054',
    'Dutch Chamber of Commerce (KVK) numbers (0106) MUST be stated in the correct format (12345678).',
    '0106',
    isKvkNumber,
    'warning',
  ],
  [
    'PEPPOL-COMMON-R055',
    'Dutch organization identification numbers (0190) MUST be stated in the correct format (12345678901234567890).',
    '0190',
    isOin,
    'warning',
  ],
  [
    'PEPPOL-COMMON-R056-1',
    'Dutch VAT numbers (9944) MUST be stated in the correct format (NL123456789B12).',
    '9944',
    isDutchVatNumber,
    'warning',
  ],
];
const twelveDigits: SchemeRule = [
  'PEPPOL-COMMON-R057',
  'Dutch Chamber of Commerce Establishment numbers (0217) MUST be stated in the correct format (123456789012).',
  '0217',
  isTwelveDigits,
  'warning',
];
const dutchVat = [
  'PEPPOL-COMMON-R056-2',
  'warning',
  'Dutch VAT numbers MUST have the format (NL123456789B12).',
] as const;

/** The scheme rule contexts: `cbc:EndpointID[@schemeID = X] | cac:PartyIdentification/cbc:ID[...] | cbc:CompanyID[...]` (9907: EndpointID only). */
function schemeRuleOf(
  e: XmlElement,
  parent: XmlElement | undefined,
  rules: readonly SchemeRule[],
): SchemeRule | undefined {
  const scheme = e.attributes.schemeID;
  if (scheme === undefined) return undefined;
  const identifier =
    e.name === 'EndpointID' || e.name === 'CompanyID' || (e.name === 'ID' && parent?.name === 'PartyIdentification');
  if (!identifier) return undefined;
  return rules.find((rule) => rule[2] === scheme && (scheme !== '9907' || e.name === 'EndpointID'));
}

function identifiers(tree: Tree, fire: (id: string, at: XmlElement) => void): void {
  const check = (rule: SchemeRule, e: XmlElement) => {
    if (!rule[3](ns(e), stringValue(e))) fire(rule[0], e);
  };
  for (const e of tree.all) {
    const parent = tree.parent(e);
    const rule = schemeRuleOf(e, parent, schemeRules);
    if (rule) check(rule, e);
    else if (
      e.name === 'CompanyID' &&
      parent?.name === 'PartyTaxScheme' &&
      ns(path(parent, 'TaxScheme', 'ID')[0]) === 'VAT' &&
      ns(e).startsWith('NL')
    ) {
      if (!isDutchVatNumber(ns(e))) fire(dutchVat[0], e);
    } else {
      const last = schemeRuleOf(e, parent, [twelveDigits]);
      if (last) check(last, e);
    }
  }
}

/** PEPPOL-COMMON-*: identifier format and check digit rules, by identifier scheme, as the 2026.5 release states them. */
export const peppolCommonRules: readonly Rule[] = ruleSet(
  [...[...schemeRules, twelveDigits].map(([id, text, , , flag]) => [id, flag, text] as const), dutchVat],
  () => true,
  identifiers,
);
