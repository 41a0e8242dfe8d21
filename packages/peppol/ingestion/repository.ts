import { type Item, queryPage, stripKeys, type Table } from '#packages/table';
import { type PeppolMessage, peppolKeys } from './model.js';

/** The Peppol messages an administration received, taken in or rejected, newest first (gsi2). */
export async function listPeppolMessages(
  table: Table,
  firmId: string,
  administrationId: string,
  query: { cursor?: string; limit?: number } = {},
) {
  const pk = peppolKeys.ofAdministration(firmId, administrationId);
  const page = await queryPage<Item>(table, {
    index: 'gsi2',
    pk,
    newestFirst: true,
    cursor: query.cursor,
    limit: query.limit,
    cursorScope: pk,
  });
  return { ...page, items: page.items.map((i) => stripKeys<PeppolMessage>(i)) };
}

/** Every Peppol message that arrived on a day (`2026-11-23`), unknown receivers included (gsi1). */
export async function listPeppolMessagesOfDay(table: Table, day: string, cursor?: string) {
  const pk = peppolKeys.byDay(day);
  const page = await queryPage<Item>(table, { index: 'gsi1', pk, cursor, cursorScope: pk, limit: 100 });
  return { ...page, items: page.items.map((i) => stripKeys<PeppolMessage>(i)) };
}
