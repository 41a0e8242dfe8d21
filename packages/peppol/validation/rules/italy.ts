import type { Rule } from '../model.js';
import type { XmlElement } from '../xml.js';
import { endsPath, kid, ns, path, ruleSet, supplierCountry, type Tree } from './peppol-tree.js';

/** IT-R-*: for Italian suppliers (`$supplierCountry` IT), in the Schematron's rule order. */
function italy(tree: Tree, fire: (id: string, at: XmlElement) => void): void {
  if (supplierCountry(tree.root) !== 'IT') return;
  for (const e of tree.all) {
    if (
      endsPath(tree, e, 'AccountingSupplierParty', 'Party', 'PartyTaxScheme') &&
      ns(path(e, 'TaxScheme', 'ID')[0]) !== 'VAT'
    ) {
      if (!/^[A-Z0-9]{11,16}$/.test(ns(kid(e, 'CompanyID')))) fire('IT-R-001', e);
    } else if (endsPath(tree, e, 'AccountingSupplierParty', 'Party')) {
      if (path(e, 'PostalAddress', 'StreetName').length === 0) fire('IT-R-002', e);
      if (path(e, 'PostalAddress', 'CityName').length === 0) fire('IT-R-003', e);
      if (path(e, 'PostalAddress', 'PostalZone').length === 0) fire('IT-R-004', e);
    }
  }
}

/** IT-R-*: the Italian national rules of Peppol BIS Billing 3.0 (2026.5). */
export const italyRules: readonly Rule[] = ruleSet(
  [
    [
      'IT-R-001',
      'fatal',
      'BT-32 (Seller tax registration identifier) - For Italian suppliers BT-32 minimum length 11 and maximum length shall be 16.',
    ],
    ['IT-R-002', 'fatal', 'BT-35 (Seller address line 1) - Italian suppliers MUST provide the postal address line 1.'],
    ['IT-R-003', 'fatal', 'BT-37 (Seller city) - Italian suppliers MUST provide the postal address city.'],
    ['IT-R-004', 'fatal', 'BT-38 (Seller post code) - Italian suppliers MUST provide the postal address post code.'],
  ],
  () => true,
  italy,
);
