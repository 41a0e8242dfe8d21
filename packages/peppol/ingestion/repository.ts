import { NotFoundError } from '#packages/kernel';
import { getItem, type Item, queryPage, stripKeys, type Table } from '#packages/table';
import type { Finding } from '../validation/index.js';
import { type PeppolMessage, peppolKeys } from './model.js';

/**
 * The Peppol messages an administration received, newest first (gsi2): taken in, rejected with
 * the reason, or failed (`outcome` filters).
 */
export async function listPeppolMessages(
  table: Table,
  firmId: string,
  administrationId: string,
  query: { cursor?: string; limit?: number; outcome?: PeppolMessage['outcome'] } = {},
) {
  const pk = peppolKeys.ofAdministration(firmId, administrationId);
  const page = await queryPage<Item>(table, {
    index: 'gsi2',
    pk,
    newestFirst: true,
    cursor: query.cursor,
    limit: query.limit,
    cursorScope: pk,
    ...(query.outcome ? { filter: { outcome: query.outcome } } : {}),
  });
  return { ...page, items: page.items.map((i) => stripKeys<PeppolMessage>(i)) };
}

/** Every Peppol message that arrived on a day (`2026-11-23`), unknown receivers included (gsi1). */
export async function listPeppolMessagesOfDay(table: Table, day: string, cursor?: string) {
  const pk = peppolKeys.byDay(day);
  const page = await queryPage<Item>(table, { index: 'gsi1', pk, cursor, cursorScope: pk, limit: 100 });
  return { ...page, items: page.items.map((i) => stripKeys<PeppolMessage>(i)) };
}

/**
 * The findings of a message an administration received, a page at a time (`cursor` is the
 * index of the first): read from the list kept beside the record when the record holds only the
 * first ones.
 *
 * @throws {NotFoundError} no such message in this administration.
 */
export async function listPeppolFindings(
  deps: { table: Table; readObject: (key: string) => Promise<Buffer> },
  firmId: string,
  administrationId: string,
  query: { sender: string; instanceId: string; cursor?: number; limit?: number },
): Promise<{ items: Finding[]; total: number; nextCursor?: string }> {
  const item = await getItem<Item>(deps.table, peppolKeys.message(query.sender, query.instanceId));
  const message = item && stripKeys<PeppolMessage>(item);
  if (!message || message.firmId !== firmId || message.administrationId !== administrationId) {
    throw new NotFoundError(`Peppol message ${query.instanceId} from ${query.sender}`);
  }
  const rejection = message.rejection;
  const all: Finding[] = rejection?.findingsKey
    ? (JSON.parse((await deps.readObject(rejection.findingsKey)).toString('utf8')) as { findings: Finding[] }).findings
    : ((rejection?.findings ?? []) as Finding[]);
  const from = query.cursor ?? 0;
  const to = from + (query.limit ?? 500);
  const items = all.slice(from, to);
  return to < all.length ? { items, total: all.length, nextCursor: String(to) } : { items, total: all.length };
}
