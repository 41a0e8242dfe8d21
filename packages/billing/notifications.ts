import { ConflictError } from '#packages/kernel';
import { type Item, queryAll, queryPage, stripKeys, type Table, transactWrite } from '#packages/table';
import { type Plan, tenancyRepository, type User } from '#packages/tenancy';
import { priceListOn, priceLists } from './catalogue.js';
import { notificationKeys } from './keys.js';
import { readCounter } from './meter.js';
import type { PriceList } from './model.js';
import { firstDay, monthOf, quarterOf } from './periods.js';

/** An in-app event of a firm. */
export interface BillingEvent {
  readonly type: 'proposal-bundle-exceeded';
  readonly firmId: string;
  readonly administrationId: string;
  /** The month (Samenwerken) or quarter whose bundle was exceeded. */
  readonly period: string;
  readonly included: number;
  readonly count: number;
  readonly overagePrice: number;
  readonly at: string;
  readonly message: string;
}

/** An e-mail waiting in the firm's outbox; sent to the firm's owners by {@link dispatchPendingMail}. */
export interface OutboxMail {
  readonly firmId: string;
  readonly subject: string;
  readonly text: string;
  readonly status: 'pending' | 'sent';
  readonly createdAt: string;
  readonly sentAt?: string;
  readonly sentTo?: readonly string[];
}

const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; lists: PriceList[] }>();

/** The price lists, read at most once a minute per table (a proposal must not pay a Query for them). */
async function cachedPriceLists(table: Table): Promise<PriceList[]> {
  const hit = cache.get(table.name);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.lists;
  const lists = await priceLists(table);
  cache.set(table.name, { at: Date.now(), lists });
  return lists;
}

const euros = (cents: number) => `€ ${(cents / 100).toFixed(2).replace('.', ',')}`;

/**
 * After a booking proposal is metered: when the plan's bundle notifies on overrun (Samenwerken:
 * more than 10 in a month) and the counter is past it, the firm gets one in-app event and one
 * e-mail in its outbox for that administration and period — written together, once
 * (`attribute_not_exists` on both). Run after every proposal of such a plan, including a
 * retried one, so a crash between the proposal's transaction and this step is made good by the
 * next call. Returns the event when this call wrote it.
 */
export async function noteProposalMetered(
  table: Table,
  firmId: string,
  administrationId: string,
  plan: Plan,
  at: string,
): Promise<BillingEvent | undefined> {
  const month = monthOf(at);
  const lists = await cachedPriceLists(table);
  // Before the first price list there is no bundle to exceed (and a proposal must not fail for it).
  if (!lists[0] || lists[0].effectiveFrom > firstDay(month)) return undefined;
  const bundle = priceListOn(lists, firstDay(month)).plans[plan].proposals;
  if (!bundle?.notifyWhenExceeded) return undefined;
  const period = bundle.per === 'month' ? month : quarterOf(month);
  const count = await readCounter(table, firmId, period, administrationId);
  if (count <= bundle.included) return undefined;
  const keys = notificationKeys.bundleExceeded(firmId, period, administrationId);
  const message =
    `Administration ${administrationId} has made ${count} booking proposals in ${period}; ` +
    `${bundle.included} are included, each further one costs ${euros(bundle.overage)}. ` +
    'Samenwerken Uitgebreid keeps the costs predictable.';
  const event: BillingEvent = {
    type: 'proposal-bundle-exceeded',
    firmId,
    administrationId,
    period,
    included: bundle.included,
    count,
    overagePrice: bundle.overage,
    at,
    message,
  };
  const mail: OutboxMail = {
    firmId,
    subject: `Bundle exceeded: ${administrationId} is past ${bundle.included} booking proposals in ${period}`,
    text: `${message}\n`,
    status: 'pending',
    createdAt: at,
  };
  try {
    await transactWrite(
      table,
      [
        { Put: { Item: { ...keys.event, ...event }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            Item: {
              ...keys.mail,
              ...mail,
              gsi1pk: notificationKeys.pendingMail,
              gsi1sk: `${at}#${keys.mail.pk}#${keys.mail.sk}`,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      () => new ConflictError('NOTIFIED', 'Already notified.'),
    );
    return event;
  } catch (error) {
    if (error instanceof ConflictError) return undefined;
    throw error;
  }
}

/** The firm's in-app billing events. */
export async function listBillingEvents(table: Table, firmId: string): Promise<BillingEvent[]> {
  return (await queryAll<Item>(table, { pk: notificationKeys.events(firmId) })).map((i) => stripKeys<BillingEvent>(i));
}

/** What sending an e-mail needs: a port, so the domain has no SES in it. */
export interface MailPort {
  /** The addresses the firm's billing e-mail goes to (its owners). */
  recipients(firmId: string): Promise<string[]>;
  send(mail: { to: readonly string[]; subject: string; text: string }): Promise<void>;
}

/**
 * Sends up to `limit` pending outbox e-mails of every firm (gsi1 `SYS#OUTBOX#PENDING`, oldest
 * first) and marks each sent, taking it off the index. At least once: a crash between sending
 * and marking sends that e-mail again on the next run.
 */
export async function dispatchPendingMail(
  table: Table,
  mail: MailPort,
  clock: () => Date,
  limit = 50,
): Promise<{ sent: number }> {
  const page = await queryPage<Item & OutboxMail>(table, {
    index: 'gsi1',
    pk: notificationKeys.pendingMail,
    limit,
    cursorScope: notificationKeys.pendingMail,
  });
  let sent = 0;
  for (const item of page.items) {
    const to = await mail.recipients(item.firmId);
    if (to.length > 0) await mail.send({ to, subject: item.subject, text: item.text });
    try {
      await transactWrite(
        table,
        [
          {
            Update: {
              Key: { pk: item.pk, sk: item.sk },
              UpdateExpression: 'SET #status = :sent, sentAt = :at, sentTo = :to REMOVE gsi1pk, gsi1sk',
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':sent': 'sent',
                ':pending': 'pending',
                ':at': clock().toISOString(),
                ':to': to,
              },
            },
          },
        ],
        () => new ConflictError('SENT', 'Sent meanwhile.'),
      );
      sent++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return { sent };
}

/** The addresses billing e-mail goes to: the firm's active owners (all active firm users when it has none). */
export async function firmOwnerAddresses(table: Table, firmId: string): Promise<string[]> {
  const repo = tenancyRepository(table);
  const users: User[] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.listUsers(firmId, cursor, 100);
    users.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const staff = users.filter((u) => u.type === 'firm' && u.status === 'active');
  const owners = staff.filter((u) => u.role === 'owner');
  return (owners.length > 0 ? owners : staff).map((u) => u.email);
}
