import type { Page } from '#packages/kernel';
import { getItem, type Item, queryAll, queryPage, stripKeys, type Table, type TransactWrite } from '#packages/table';
import { proposalKeys, usageKeys } from './keys.js';
import { type BookingProposal, DocumentLine, type ProposalStatus, type UsageRecord } from './model.js';

/** A stored proposal and the claim it holds (kept beside it, not part of the entity). */
export interface StoredProposal {
  readonly proposal: BookingProposal;
  readonly claimSk?: string | undefined;
}

/** How many of the document's lines a proposal item keeps when the whole list is kept beside the document. */
export const documentLinesKept = 50;

/**
 * The proposal as the table keeps it (its item, its audit lines): when the document's lines are
 * kept beside it (`documentLinesBeside`), with the first {@link documentLinesKept} of them only,
 * since a 5 000-line document would not fit in an item.
 */
export function storedProposal(proposal: BookingProposal): BookingProposal {
  if (!proposal.documentLinesBeside || proposal.documentLines.length <= documentLinesKept) return proposal;
  return { ...proposal, documentLines: proposal.documentLines.slice(0, documentLinesKept) };
}

/** The proposal item with its list index keys: gsi1 by status, gsi2 all, both newest first. */
export function proposalItem(firmId: string, proposal: BookingProposal, claimSk?: string): Item {
  const k = proposalKeys(firmId, proposal.administrationId);
  const sort = k.listSort(proposal.createdAt, proposal.id);
  return {
    ...k.proposal(proposal.id),
    gsi1pk: k.proposalsOfStatus(proposal.status),
    gsi1sk: sort,
    gsi2pk: k.proposalsByDate,
    gsi2sk: sort,
    ...storedProposal(proposal),
    ...(claimSk ? { claimSk } : {}),
  };
}

/** The proposal as the API shows it: every line of its document, read back from the bucket when kept beside it. */
export async function proposalWithAllLines(
  deps: { readonly readObject: (key: string) => Promise<Uint8Array> },
  proposal: BookingProposal,
): Promise<BookingProposal> {
  const { documentLinesBeside, ...rest } = proposal;
  if (!documentLinesBeside) return proposal;
  const lines = JSON.parse(Buffer.from(await deps.readObject(documentLinesBeside.key)).toString('utf8'));
  return { ...rest, documentLines: DocumentLine.array().parse(lines) };
}

function fromItem(item: Item | Record<string, unknown>): StoredProposal {
  const { claimSk, ...rest } = stripKeys<BookingProposal & { claimSk?: string }>(item);
  return { proposal: rest, ...(claimSk ? { claimSk } : {}) };
}

export async function readProposal(
  table: Table,
  firmId: string,
  administrationId: string,
  id: string,
): Promise<StoredProposal | undefined> {
  const item = await getItem<Item>(table, proposalKeys(firmId, administrationId).proposal(id));
  return item && fromItem(item);
}

/** Puts the proposal only if it is still at `version` and in one of `statuses`. */
export function guardedPut(
  firmId: string,
  proposal: BookingProposal,
  claimSk: string | undefined,
  version: number,
  statuses: readonly ProposalStatus[],
): TransactWrite {
  const values: Record<string, unknown> = { ':v': version };
  statuses.forEach((s, i) => {
    values[`:s${i}`] = s;
  });
  return {
    Put: {
      Item: proposalItem(firmId, proposal, claimSk),
      ConditionExpression: `#version = :v AND #status IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`,
      ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
      ExpressionAttributeValues: values,
    },
  };
}

/** Proposals newest first: of one status (gsi1) or all (gsi2); one Query. */
export async function queryProposals(
  table: Table,
  firmId: string,
  administrationId: string,
  query: { status?: ProposalStatus | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<BookingProposal>> {
  const k = proposalKeys(firmId, administrationId);
  const index = query.status ? 'gsi1' : 'gsi2';
  const pk = query.status ? k.proposalsOfStatus(query.status) : k.proposalsByDate;
  const page = await queryPage<Item>(table, {
    index,
    pk,
    newestFirst: true,
    limit: query.limit,
    cursor: query.cursor,
    cursorScope: `${index}:${pk}`,
  });
  return { ...page, items: page.items.map((i) => fromItem(i).proposal) };
}

/** The claim of an invoice: which proposal has it. */
export async function readClaim(
  table: Table,
  firmId: string,
  administrationId: string,
  claimSk: string,
): Promise<string | undefined> {
  const item = await getItem<Item & { proposalId: string }>(
    table,
    proposalKeys(firmId, administrationId).claim(claimSk),
  );
  return item?.proposalId;
}

export function claimPut(firmId: string, administrationId: string, claimSk: string, proposalId: string): TransactWrite {
  return {
    Put: {
      Item: { ...proposalKeys(firmId, administrationId).claim(claimSk), proposalId },
      ConditionExpression: 'attribute_not_exists(pk) OR proposalId = :id',
      ExpressionAttributeValues: { ':id': proposalId },
    },
  };
}

/** Releases a claim this proposal holds (a claim another proposal holds stays). */
export function claimRelease(
  firmId: string,
  administrationId: string,
  claimSk: string,
  proposalId: string,
): TransactWrite {
  return {
    Delete: {
      Key: proposalKeys(firmId, administrationId).claim(claimSk),
      ConditionExpression: 'attribute_not_exists(pk) OR proposalId = :id',
      ExpressionAttributeValues: { ':id': proposalId },
    },
  };
}

/** The usage record of a proposal, written once: `attribute_not_exists` makes a retry change nothing. */
export function usagePut(record: UsageRecord): TransactWrite {
  return {
    Put: {
      Item: {
        ...usageKeys.proposal(record.firmId, record.at.slice(0, 7), record.administrationId, record.proposalId),
        ...record,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * A firm's usage records of one calendar month (`2026-03`), every administration: what
 * billing counts. One Query per 1000 records.
 */
export async function listUsage(table: Table, firmId: string, month: string): Promise<UsageRecord[]> {
  const items = await queryAll<Item>(table, { pk: usageKeys.month(firmId, month) });
  return items.map((i) => stripKeys<UsageRecord>(i));
}
