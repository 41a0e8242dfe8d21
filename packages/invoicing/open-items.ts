import {
  ConflictError,
  formatCents,
  NotFoundError,
  type Page,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import { type BooksOf, postEntry } from '#packages/ledger';
import { auditPut, getItem, type Item, queryAll, queryPage, stripKeys, transactWrite } from '#packages/table';
import { daysBetween } from './calculate.js';
import { type InvoicingDeps, pageLimit, parseInput, readBooks, retrying } from './context.js';
import { paymentEntryLines } from './entry-lines.js';
import { invoicingKeys } from './keys.js';
import {
  type OpenItem,
  type OpenItemSide,
  type Payment,
  RecordReminderInput,
  RegisterPaymentInput,
  type Reminder,
  reminderLevels,
  SettleInput,
  type Settlement,
} from './model.js';
import { applyToOpenItem } from './open-item-records.js';

export interface OpenItemDetails extends OpenItem {
  readonly payments: Payment[];
  readonly settlements: Settlement[];
}

async function readOpenItem(deps: InvoicingDeps, adm: BooksOf, id: string): Promise<OpenItem> {
  const item = await getItem<Item>(deps.table, invoicingKeys(adm.firmId, adm.id).openItem(id));
  if (!item) throw new NotFoundError(`Open item ${id}`);
  return stripKeys<OpenItem>(item);
}

/** An open item with its payments and settlements (one Query on its partition). */
export async function getOpenItem(deps: InvoicingDeps, adm: BooksOf, id: string): Promise<OpenItemDetails> {
  const pk = invoicingKeys(adm.firmId, adm.id).openItemCollection(id);
  const items = await queryAll<Item>(deps.table, { pk });
  const head = items.find((i) => i.sk === 'ITEM');
  if (!head) throw new NotFoundError(`Open item ${id}`);
  return {
    ...stripKeys<OpenItem>(head),
    payments: items.filter((i) => i.sk.startsWith('PAYMENT#')).map((i) => stripKeys<Payment>(i)),
    settlements: items.filter((i) => i.sk.startsWith('SETTLEMENT#')).map((i) => stripKeys<Settlement>(i)),
  };
}

/** Outstanding items of a side by due date, oldest first, optionally due on or before `dueTo` (sparse gsi1). */
export async function listOutstandingItems(
  deps: InvoicingDeps,
  adm: BooksOf,
  side: OpenItemSide,
  query: { dueTo?: string | undefined; cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<Page<OpenItem>> {
  const pk = invoicingKeys(adm.firmId, adm.id).outstandingOfSide(side);
  const page = await queryPage<Item>(deps.table, {
    index: 'gsi1',
    pk,
    ...(query.dueTo ? { skBetween: ['0000', `${query.dueTo}#~`] as const } : {}),
    limit: pageLimit(query.limit),
    cursor: query.cursor,
    cursorScope: `${pk}#${query.dueTo ?? ''}`,
  });
  return { ...page, items: page.items.map((i) => stripKeys<OpenItem>(i)) };
}

/** Open items of a relation by due date: only those still open, or all (one Query on gsi2). */
export async function listOpenItemsOfRelation(
  deps: InvoicingDeps,
  adm: BooksOf,
  relationId: string,
  query: { status?: 'open' | 'paid' | 'all' | undefined; cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<Page<OpenItem>> {
  const pk = invoicingKeys(adm.firmId, adm.id).openItemsOfRelation(relationId);
  const status = query.status ?? 'open';
  const page = await queryPage<Item>(deps.table, {
    index: 'gsi2',
    pk,
    ...(status === 'all' ? {} : { skPrefix: `${status}#` }),
    limit: pageLimit(query.limit),
    cursor: query.cursor,
    cursorScope: `${pk}#${status}`,
  });
  return { ...page, items: page.items.map((i) => stripKeys<OpenItem>(i)) };
}

/**
 * The condition under which `applied` may come off the item as read: exactly settled, a part
 * (the rest stays open, concurrent parts allowed), or more than is outstanding (only when
 * allowed; the item then holds a negative outstanding until refunded).
 */
export function paymentGuard(item: OpenItem, applied: number, allowOverpayment: boolean) {
  // A purchase invoice waiting for its approval flow (packages/approvals) is not paid; the
  // condition keeps a block set meanwhile from being overtaken.
  if (item.paymentBlock) {
    throw new ConflictError(
      'PAYMENT_BLOCKED',
      `Invoice ${item.invoiceNumber} waits for approval; it can be paid once its approval flow approves it.`,
    );
  }
  const o = item.outstanding;
  const unblocked = ' AND attribute_not_exists(paymentBlock)';
  if (o === applied) return { expression: `outstanding = :o${unblocked}`, values: { ':o': o } };
  if (Math.sign(o) === Math.sign(applied) && Math.abs(applied) < Math.abs(o)) {
    return { expression: `${o > 0 ? 'outstanding > :a' : 'outstanding < :a'}${unblocked}`, values: { ':a': applied } };
  }
  if (!allowOverpayment) {
    throw new ConflictError(
      'OVERPAYMENT',
      `A payment of ${formatCents(Math.abs(applied))} exceeds the ${formatCents(Math.abs(o))} outstanding on ${item.invoiceNumber}; set allowOverpayment to book it anyway.`,
    );
  }
  return { expression: `outstanding = :o${unblocked}`, values: { ':o': o } };
}

/**
 * Books a payment of an open item through the bank journal (receivable: Dr bank / Cr
 * receivables; payable: Dr payables / Cr bank) and, in the same transaction, moves the amount
 * from outstanding to paid. A part leaves the rest open; paying in full closes the item and
 * drops it from the outstanding index. More than is outstanding is a 409 `OVERPAYMENT` unless
 * `allowOverpayment`. For a credit note the payment is the refund.
 */
export async function registerPayment(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  openItemId: string,
  input: RegisterPaymentInput,
): Promise<{ openItem: OpenItem; payment: Payment }> {
  const parsed = parseInput(RegisterPaymentInput, input);
  const books = await readBooks(deps, adm);
  const bank = parsed.bankAccount ?? books.role('bank');
  const account = books.accounts.get(bank);
  if (account?.category !== 'asset' || (account.role && account.role !== 'bank') || account.status !== 'active') {
    throw new ValidationError([
      { path: 'bankAccount', message: `Account ${bank} is not an active bank or cash account.` },
    ]);
  }
  const k = invoicingKeys(adm.firmId, adm.id);
  const payment = await retrying(async () => {
    const item = await readOpenItem(deps, adm, openItemId);
    const applied = (item.amount < 0 ? -1 : 1) * parsed.amount;
    const guard = paymentGuard(item, applied, parsed.allowOverpayment);
    const counter = books.role(item.side === 'receivable' ? 'receivables' : 'payables');
    const text = `Betaling ${item.invoiceNumber} ${item.relationName}`.slice(0, 500);
    let made: Payment | undefined;
    await postEntry(
      deps,
      tenant,
      adm,
      {
        journalCode: books.journal('bank').code,
        date: parsed.date,
        description: text,
        lines: paymentEntryLines(item.side, applied, { bank, counter }, item.relationId, text),
        source: { type: 'payment', id: openItemId },
      },
      (entry) => {
        const at = deps.clock();
        made = {
          openItemId,
          entryId: entry.id,
          date: parsed.date,
          amount: applied,
          bankAccount: bank,
          recordedAt: at.toISOString(),
          recordedBy: tenant.userId,
        };
        return [
          applyToOpenItem(k, item, applied, guard, at),
          { Put: { Item: { ...k.payment(openItemId, entry.id), ...made } } },
          auditPut(tenant, at, {
            action: 'open-item.payment-registered',
            entityType: 'OpenItem',
            entityId: openItemId,
            administrationId: adm.id,
            before: { paid: item.paid, outstanding: item.outstanding },
            after: { ...made, paid: item.paid + applied, outstanding: item.outstanding - applied },
          }),
        ];
      },
    );
    if (!made) throw new Error('postEntry did not record the payment');
    return made;
  });
  return { openItem: await readOpenItem(deps, adm, openItemId), payment };
}

/**
 * Settles a credit note against an invoice of the same relation and side without an entry
 * (both sit on the same receivables or payables account): the amount (default: as much as
 * both allow) comes off both outstanding amounts in one transaction with its audit line.
 */
export async function settleOpenItems(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  creditNoteItemId: string,
  invoiceItemId: string,
  input: SettleInput,
): Promise<{ creditNote: OpenItem; invoice: OpenItem; settlement: Settlement }> {
  const parsed = parseInput(SettleInput, input);
  const k = invoicingKeys(adm.firmId, adm.id);
  const settlement = await retrying(async () => {
    const [cn, inv] = await Promise.all([
      readOpenItem(deps, adm, creditNoteItemId),
      readOpenItem(deps, adm, invoiceItemId),
    ]);
    const room = settleable(cn, inv);
    const amount = parsed.amount ?? room;
    if (amount > room) {
      throw new ValidationError([
        { path: 'amount', message: `At most ${formatCents(room)} can be settled between these items.` },
      ]);
    }
    const at = deps.clock();
    const made: Settlement = {
      id: deps.newId(),
      creditNoteItemId,
      invoiceItemId,
      date: parsed.date,
      amount,
      recordedAt: at.toISOString(),
      recordedBy: tenant.userId,
    };
    const exact = (o: number) => ({ expression: 'outstanding = :o', values: { ':o': o } });
    await transactWrite(
      deps.table,
      [
        applyToOpenItem(k, cn, -amount, exact(cn.outstanding), at),
        applyToOpenItem(k, inv, amount, exact(inv.outstanding), at),
        { Put: { Item: { ...k.settlement(creditNoteItemId, made.id), ...made } } },
        { Put: { Item: { ...k.settlement(invoiceItemId, made.id), ...made } } },
        auditPut(tenant, at, {
          action: 'open-item.settled',
          entityType: 'OpenItem',
          entityId: invoiceItemId,
          administrationId: adm.id,
          before: { creditNote: cn.outstanding, invoice: inv.outstanding },
          after: made,
        }),
      ],
      () => new ConflictError('CONCURRENT_UPDATE', 'An open item changed while it was being settled.'),
    );
    return made;
  });
  const [creditNote, invoice] = await Promise.all([
    readOpenItem(deps, adm, creditNoteItemId),
    readOpenItem(deps, adm, invoiceItemId),
  ]);
  return { creditNote, invoice, settlement };
}

/** How much can be settled between a credit note's and an invoice's open items; throws when nothing. */
function settleable(cn: OpenItem, inv: OpenItem): number {
  const issues: { path: string; message: string }[] = [];
  if (cn.kind !== 'credit-note' || cn.outstanding >= 0) {
    issues.push({ path: 'creditNoteItemId', message: `${cn.invoiceNumber} is not a credit note with an amount left.` });
  }
  if (inv.kind !== 'invoice' || inv.outstanding <= 0) {
    issues.push({
      path: 'invoiceItemId',
      message: `${inv.invoiceNumber} is not an invoice with an amount outstanding.`,
    });
  }
  if (cn.side !== inv.side || cn.relationId !== inv.relationId) {
    issues.push({
      path: 'invoiceItemId',
      message: 'A credit note settles only invoices of the same relation and side.',
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return Math.min(-cn.outstanding, inv.outstanding);
}

/**
 * Records a reminder for an overdue sales invoice on `date`: the 1st, 2nd and then the final
 * one. 409 `NOT_OVERDUE` before the due date has passed, `OPEN_ITEM_PAID` when nothing is
 * outstanding, `REMINDERS_EXHAUSTED` after the final reminder.
 */
export async function recordReminder(
  deps: InvoicingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  openItemId: string,
  input: RecordReminderInput,
): Promise<OpenItem> {
  const { date } = parseInput(RecordReminderInput, input);
  const k = invoicingKeys(adm.firmId, adm.id);
  return retrying(async () => {
    const item = await readOpenItem(deps, adm, openItemId);
    if (item.side !== 'receivable' || item.kind !== 'invoice') {
      throw new ConflictError('NOT_REMINDABLE', 'Reminders are for sales invoices only.');
    }
    if (item.outstanding <= 0) throw new ConflictError('OPEN_ITEM_PAID', `${item.invoiceNumber} is paid.`);
    if (daysBetween(item.dueDate, date) <= 0) {
      throw new ConflictError(
        'NOT_OVERDUE',
        `${item.invoiceNumber} is due on ${item.dueDate}; it is not overdue on ${date}.`,
      );
    }
    const last = item.reminders.at(-1);
    if (item.reminders.length >= reminderLevels.length) {
      throw new ConflictError(
        'REMINDERS_EXHAUSTED',
        `The final reminder for ${item.invoiceNumber} was sent on ${last?.date}.`,
      );
    }
    if (last && date < last.date) {
      throw new ValidationError([{ path: 'date', message: `The previous reminder is dated ${last.date}.` }]);
    }
    const at = deps.clock();
    const level = item.reminders.length + 1;
    const reminder: Reminder = {
      level,
      label: reminderLevels[level - 1] ?? 'final',
      date,
      recordedAt: at.toISOString(),
      recordedBy: tenant.userId,
    };
    await transactWrite(
      deps.table,
      [
        {
          Update: {
            Key: k.openItem(openItemId),
            UpdateExpression: 'SET reminders = list_append(reminders, :r), updatedAt = :at',
            ConditionExpression: 'size(reminders) = :n AND outstanding > :zero',
            ExpressionAttributeValues: {
              ':r': [reminder],
              ':at': at.toISOString(),
              ':n': item.reminders.length,
              ':zero': 0,
            },
          },
        },
        auditPut(tenant, at, {
          action: 'open-item.reminder-recorded',
          entityType: 'OpenItem',
          entityId: openItemId,
          administrationId: adm.id,
          after: reminder,
        }),
      ],
      () => new ConflictError('CONCURRENT_UPDATE', 'The open item changed while the reminder was recorded.'),
    );
    return { ...item, reminders: [...item.reminders, reminder], updatedAt: at.toISOString() };
  });
}
