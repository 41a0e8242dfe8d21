import type { TransactWrite } from '#packages/table';
import type { InvoicingKeys } from './keys.js';
import type { Invoice, OpenItem } from './model.js';

/** The open item of a freshly posted invoice: its gross, nothing paid. It has the invoice's id. */
export function newOpenItem(invoice: Invoice, at: Date): OpenItem {
  return {
    id: invoice.id,
    administrationId: invoice.administrationId,
    side: invoice.side === 'sales' ? 'receivable' : 'payable',
    relationId: invoice.relationId,
    relationName: invoice.relationName,
    ...(invoice.relationNumber !== undefined ? { relationNumber: invoice.relationNumber } : {}),
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    kind: invoice.kind,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    amount: invoice.totals.gross,
    paid: 0,
    outstanding: invoice.totals.gross,
    status: 'open',
    ...(invoice.paymentReference ? { paymentReference: invoice.paymentReference } : {}),
    reminders: [],
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
}

/** The index keys of an open item in a state: gsi1 (sparse) only while something is outstanding. */
export function openItemIndexes(
  k: InvoicingKeys,
  item: Pick<OpenItem, 'id' | 'side' | 'relationId' | 'dueDate' | 'outstanding'>,
) {
  const status = item.outstanding === 0 ? 'paid' : 'open';
  return {
    status,
    gsi2pk: k.openItemsOfRelation(item.relationId),
    gsi2sk: k.openItemOfRelationSort(status, item.dueDate, item.id),
    ...(item.outstanding !== 0 ? { gsi1pk: k.outstandingOfSide(item.side), gsi1sk: `${item.dueDate}#${item.id}` } : {}),
  } as const;
}

export function openItemPut(k: InvoicingKeys, item: OpenItem): TransactWrite {
  return {
    Put: {
      Item: { ...k.openItem(item.id), ...openItemIndexes(k, item), ...item },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The update that moves `delta` cents from outstanding to paid (signed like the item's amount)
 * and keeps status and indexes in step: SET/REMOVE of the sparse gsi1 keys when the item opens
 * or closes. `condition` guards the state the caller read.
 */
export function applyToOpenItem(
  k: InvoicingKeys,
  item: OpenItem,
  delta: number,
  condition: { expression: string; values: Record<string, unknown> },
  at: Date,
): TransactWrite {
  const after = { ...item, outstanding: item.outstanding - delta };
  const idx = openItemIndexes(k, after);
  const values: Record<string, unknown> = {
    ...condition.values,
    ':delta': delta,
    ':minus': -delta,
    ':status': idx.status,
    ':g2sk': idx.gsi2sk,
    ':at': at.toISOString(),
  };
  let set = 'SET #status = :status, gsi2sk = :g2sk, updatedAt = :at';
  let remove = '';
  if (idx.gsi1pk) {
    set += ', gsi1pk = :g1pk, gsi1sk = :g1sk';
    values[':g1pk'] = idx.gsi1pk;
    values[':g1sk'] = idx.gsi1sk;
  } else {
    remove = ' REMOVE gsi1pk, gsi1sk';
  }
  return {
    Update: {
      Key: k.openItem(item.id),
      UpdateExpression: `${set} ADD paid :delta, outstanding :minus${remove}`,
      ConditionExpression: `attribute_exists(pk) AND (${condition.expression})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    },
  };
}
