import type { InvoiceModel, Rule } from '../model.js';
import { cenUblRestrictions } from '../releases/cen-ubl-restrictions.js';
import { ublBeRestrictions } from '../releases/ublbe-restrictions.js';
import { type CompiledPath, compilePath, compilePathSet, type PathSet, selectedPaths, selects } from './paths.js';

function restriction(id: string, flag: Rule['flag'], path: CompiledPath, set: PathSet, text: string): Rule {
  return {
    id,
    flag,
    text,
    check(model, report) {
      // Every path of the table is evaluated in one walk, the first time one of its rules asks.
      if (model.tree && selectedPaths(set, model.tree).has(path)) report(model.path);
    },
  };
}

function fromTable(table: typeof cenUblRestrictions, what: string): Rule[] {
  const paths = table.map(([, , path]) => compilePath(path));
  const set = compilePathSet(paths);
  return table.map(([id, flag, path], i) =>
    restriction(id, flag, paths[i] as CompiledPath, set, `A ${what} document should not include ${path}.`),
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
