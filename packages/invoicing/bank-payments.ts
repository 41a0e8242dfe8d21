import { type Cents, ConflictError, formatCents, type TenantContext, ValidationError } from '#packages/kernel';
import { type BooksOf, type Entry, type EntryLine, getEntry, postEntry, reverseEntry } from '#packages/ledger';
import { auditPut, getItem, type Item, stripKeys, type TransactWrite } from '#packages/table';
import { type InvoicingDeps, readBooks, retrying } from './context.js';
import { paymentEntryLines } from './entry-lines.js';
import { invoicingKeys } from './keys.js';
import type { OpenItem, Payment } from './model.js';
import { applyToOpenItem } from './open-item-records.js';
import { paymentGuard } from './open-items.js';

/** One open item a bank movement pays, signed like the item's amount (as `Payment.amount`). */
export interface BankAllocation {
  readonly openItemId: string;
  readonly applied: Cents;
}

export interface BankPaymentInput {
  /** The booking date of the bank line. */
  readonly date: string;
  /** GL code of the bank account the line is on. */
  readonly bankAccount: string;
  /** The bank line's own amount, signed (money in positive); the entry must add up to it. */
  readonly bankAmount: Cents;
  readonly description: string;
  readonly allocations: readonly BankAllocation[];
  /**
   * Everything else the movement is booked to, signed as in the ledger (debit positive):
   * bank costs, a payment discount, an overpayment left on the relation, a GL account with
   * its VAT, a loan's interest and principal.
   */
  readonly otherLines: readonly EntryLine[];
  /** What the entry belongs to, e.g. `{ type: 'bank-line', id }`. */
  readonly source: { readonly type: string; readonly id: string };
  /** More than is outstanding may come off these items (an overpayment kept on the item). */
  readonly allowOverpayment?: boolean;
}

async function readOpenItems(deps: InvoicingDeps, adm: BooksOf, ids: readonly string[]): Promise<OpenItem[]> {
  const k = invoicingKeys(adm.firmId, adm.id);
  return Promise.all(
    ids.map(async (id) => {
      const item = await getItem<Item>(deps.table, k.openItem(id));
      if (!item) throw new ValidationError([{ path: 'allocations', message: `Open item ${id} does not exist.` }]);
      return stripKeys<OpenItem>(item);
    }),
  );
}

/**
 * Books one bank movement as one bank-journal entry: the payments of any number of open items
 * (each moved from outstanding to paid, exactly as `registerPayment` does for one) and the
 * other lines that explain the rest (costs, discount, GL accounts), all in one transaction with
 * whatever `also` adds (the bank line's own state). The bank account line is the movement's
 * amount; an entry that does not add up to it is refused before anything is written.
 */
export async function postBankPayment(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  input: BankPaymentInput,
  also: (entry: Entry, payments: readonly Payment[]) => readonly TransactWrite[] = () => [],
): Promise<{ entry: Entry; payments: Payment[] }> {
  const books = await readBooks(deps, adm);
  const ids = input.allocations.map((a) => a.openItemId);
  if (new Set(ids).size !== ids.length) {
    throw new ValidationError([{ path: 'allocations', message: 'An open item is allocated twice.' }]);
  }
  const k = invoicingKeys(adm.firmId, adm.id);
  return retrying(async () => {
    const items = await readOpenItems(deps, adm, ids);
    const text = input.description.slice(0, 500);
    const lines: EntryLine[] = [];
    let bank = 0;
    const updates: {
      item: OpenItem;
      applied: Cents;
      guard: { expression: string; values: Record<string, unknown> };
    }[] = [];
    items.forEach((item, i) => {
      const applied = input.allocations[i]?.applied ?? 0;
      if (applied === 0) throw new ValidationError([{ path: `allocations.${i}`, message: 'Allocates nothing.' }]);
      const guard = paymentGuard(item, applied, input.allowOverpayment ?? false);
      const counter = books.role(item.side === 'receivable' ? 'receivables' : 'payables');
      const [bankLine, counterLine] = paymentEntryLines(
        item.side,
        applied,
        { bank: input.bankAccount, counter },
        item.relationId,
        `${text} ${item.invoiceNumber}`.slice(0, 500),
      );
      bank += bankLine?.amount ?? 0;
      if (counterLine) lines.push(counterLine);
      updates.push({ item, applied, guard });
    });
    for (const line of input.otherLines) {
      lines.push(line);
      bank -= line.amount;
    }
    if (bank !== input.bankAmount) {
      throw new ValidationError([
        {
          path: 'allocations',
          message: `The booking moves ${formatCents(bank)} through the bank, the line ${formatCents(input.bankAmount)}.`,
        },
      ]);
    }
    const entryLines = [{ accountCode: input.bankAccount, amount: bank, description: text }, ...lines].filter(
      (l) => l.amount !== 0,
    );
    let payments: Payment[] = [];
    const entry = await postEntry(
      deps,
      tenant,
      adm,
      {
        journalCode: books.journal('bank').code,
        date: input.date,
        description: text,
        lines: entryLines,
        source: input.source,
      },
      (posted) => {
        const at = deps.clock();
        payments = updates.map((u) => ({
          openItemId: u.item.id,
          entryId: posted.id,
          date: input.date,
          amount: u.applied,
          bankAccount: input.bankAccount,
          recordedAt: at.toISOString(),
          recordedBy: tenant.userId,
        }));
        return [
          ...updates.flatMap((u, i) => [
            applyToOpenItem(k, u.item, u.applied, u.guard, at),
            { Put: { Item: { ...k.payment(u.item.id, posted.id), ...payments[i] } } },
          ]),
          auditPut(tenant, at, {
            action: 'bank.payment-booked',
            entityType: 'Entry',
            entityId: posted.id,
            administrationId: adm.id,
            before: updates.map((u) => ({ openItemId: u.item.id, outstanding: u.item.outstanding })),
            after: { source: input.source, payments },
          }),
          ...also(posted, payments),
        ];
      },
    );
    return { entry, payments };
  });
}

/**
 * Undoes a bank booking: a reversing entry, the open items it paid opened again by what it
 * applied, its payment records removed, in one transaction with `also`. An item changed since
 * (paid again, credited) makes it a conflict rather than a wrong balance.
 */
export async function reverseBankPayment(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  entryId: string,
  allocations: readonly BankAllocation[],
  also: (reversal: Entry) => readonly TransactWrite[] = () => [],
): Promise<Entry> {
  const k = invoicingKeys(adm.firmId, adm.id);
  const original = await getEntry(deps, adm, entryId);
  if (original.reversedBy) {
    throw new ConflictError('ALREADY_REVERSED', `Entry ${entryId} was reversed by ${original.reversedBy}.`);
  }
  const items = await readOpenItems(
    deps,
    adm,
    allocations.map((a) => a.openItemId),
  );
  return reverseEntry(deps, tenant, adm, entryId, original.source ? { owner: original.source } : {}, (reversal) => {
    const at = deps.clock();
    return [
      ...items.flatMap((item, i) => {
        const applied = allocations[i]?.applied ?? 0;
        const asRead = { expression: 'outstanding = :o', values: { ':o': item.outstanding } };
        return [
          applyToOpenItem(k, item, -applied, asRead, at),
          { Delete: { Key: k.payment(item.id, original.id), ConditionExpression: 'attribute_exists(pk)' } },
        ];
      }),
      auditPut(tenant, at, {
        action: 'bank.payment-reversed',
        entityType: 'Entry',
        entityId: original.id,
        administrationId: adm.id,
        before: { entryId: original.id, allocations },
        after: { reversal: reversal.id },
      }),
      ...also(reversal),
    ];
  });
}
