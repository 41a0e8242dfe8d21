import type { InvoiceModel, Rule } from '../model.js';
import { cenUblRestrictions } from '../releases/cen-ubl-restrictions.js';
import { ublBeRestrictions } from '../releases/ublbe-restrictions.js';
import type { XmlElement } from '../xml.js';
import { allElements, type CompiledPath, compilePath, selects } from './paths.js';

const everything = new WeakMap<XmlElement, XmlElement[]>();
function elementsOf(tree: XmlElement): XmlElement[] {
  let all = everything.get(tree);
  if (!all) {
    all = allElements(tree);
    everything.set(tree, all);
  }
  return all;
}

function restriction(id: string, flag: Rule['flag'], path: CompiledPath, text: string): Rule {
  return {
    id,
    flag,
    text,
    check(model, report) {
      if (model.tree && selects(path, model.tree, path.anywhere ? elementsOf(model.tree) : undefined)) {
        report(model.path);
      }
    },
  };
}

function fromTable(table: typeof cenUblRestrictions, what: string): Rule[] {
  return table.map(([id, flag, path]) =>
    restriction(id, flag, compilePath(path), `A ${what} document should not include ${path}.`),
  );
}

const versionId = compilePath('cbc:UBLVersionID');
const paymentDueDate = compilePath('cac:PaymentMeans/cbc:PaymentDueDate');
const treeOf = (m: InvoiceModel) => m.tree;

/** The two restrictions that are more than a path. */
const byHand: Rule[] = [
  {
    id: 'UBL-CR-002',
    flag: 'warning',
    text: 'A UBL invoice should not include the UBLVersionID or it should be 2.1',
    check(model, report) {
      const tree = treeOf(model);
      if (!tree || !selects(versionId, tree)) return;
      if (!tree.children.some((c) => c.name === 'UBLVersionID' && c.raw === '2.1')) report(model.path);
    },
  },
  {
    id: 'UBL-CR-412',
    flag: 'warning',
    text: 'A UBL invoice should not include the PaymentMeans PaymentDueDate',
    check(model, report) {
      const tree = treeOf(model);
      if (tree && tree.name !== 'CreditNote' && selects(paymentDueDate, tree)) report(model.path);
    },
  },
];

/**
 * UBL-CR-*: the EN 16931 UBL binding's restrictions, elements and attributes of UBL 2.1 that carry
 * no business term and should not be sent (warnings, one fatal). Checked on the document as read.
 */
export const ublRestrictionRules: readonly Rule[] = [...byHand, ...fromTable(cenUblRestrictions, 'UBL')].sort((a, b) =>
  a.id.localeCompare(b.id),
);

/** ubl-CR-*: UBL.BE 1.31's own copy of the restrictions, for documents that claim UBL.BE. */
export const ublBeRestrictionRules: readonly Rule[] = fromTable(ublBeRestrictions, 'UBL.BE');
