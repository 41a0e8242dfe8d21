import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '#packages/kernel';
import {
  answerPeppolStatus,
  getPeppolConversation,
  ingestPeppolMessage,
  type OutboundPeppolMessage,
  type PeppolStatusDeps,
} from '#packages/peppol';
import type { Table } from '#packages/table';
import { freshTable } from '../../helpers/table.ts';
import { dutchInvoice, peppolMessage } from '../../unit/packages/peppol/ingestion/messages.ts';

let table: Table;
const firmId = 'firm-peppol-status';
const administrationId = 'adm-peppol-status';
const receiver = '0208:0403170701';
const supplier = '0106:12345678';
const where = { firmId, administrationId };
const at = '2026-11-23T09:00:00.000Z';

/** Takes a valid Peppol invoice in; the id of the document it became. */
async function documentFrom(instanceId: string, seed: number): Promise<string> {
  const result = await ingestPeppolMessage(
    {
      table,
      clock: systemClock,
      route: async (p) => (p === receiver ? { ...where, legalName: 'Bakkerij Jansen BV' } : undefined),
      putObject: async () => {},
      recognise: async () => {},
      respond: async () => {},
    },
    {
      rawKey: `raw/peppol/2026-11-23/${instanceId}.xml`,
      raw: Buffer.from(peppolMessage({ sender: supplier, receiver, instanceId, invoice: dutchInvoice(seed) })),
      arrivedAt: '2026-11-23T08:00:00.000Z',
    },
  );
  if (result.outcome !== 'accepted') throw new Error(`${instanceId} was not taken in`);
  return result.document.id;
}

function deps(): PeppolStatusDeps & { queued: OutboundPeppolMessage[] } {
  const queued: OutboundPeppolMessage[] = [];
  return { table, clock: systemClock, respond: async (m) => void queued.push(m), queued };
}

beforeAll(async () => {
  ({ table } = await freshTable());
});

describe('answerPeppolStatus', () => {
  it('keeps the conversation of a Peppol invoice under the document it became', async () => {
    const documentId = await documentFrom('status-conv', 31);

    const conversation = await getPeppolConversation(table, firmId, administrationId, documentId);

    expect(conversation).toMatchObject({
      documentId,
      sender: supplier,
      instanceId: 'status-conv',
      receiver,
      buyerName: 'Bakkerij Jansen BV',
      invoice: { id: dutchInvoice(31).invoiceNumber, typeCode: '380' },
    });
  });

  it('queues AP once per message however often the acceptance is reported', async () => {
    const documentId = await documentFrom('status-ap', 32);
    const d = deps();
    const event = { kind: 'proposal-accepted', ...where, documentId, at } as const;

    const first = await answerPeppolStatus(d, event);
    const second = await answerPeppolStatus(d, event);

    expect(first.outcome).toBe('queued');
    expect(second).toEqual({ outcome: 'already-answered', code: 'AP' });
    expect(d.queued.map((m) => [m.responseCode, m.receiver])).toEqual([['AP', supplier]]);
  });

  it('queues PD for the open item an accepted Peppol proposal posted, once it is paid', async () => {
    const documentId = await documentFrom('status-pd', 33);
    const d = deps();
    const paid = { kind: 'open-item-paid', ...where, openItemId: 'oi-status-pd', at: '2026-11-30' } as const;

    const beforeLink = await answerPeppolStatus(d, paid);
    await answerPeppolStatus(d, { kind: 'proposal-accepted', ...where, documentId, openItemId: 'oi-status-pd', at });
    const afterLink = await answerPeppolStatus(d, paid);

    expect(beforeLink.outcome).toBe('not-peppol');
    expect(afterLink.outcome).toBe('queued');
    expect(d.queued.map((m) => m.responseCode)).toEqual(['AP', 'PD']);
  });

  it('does nothing for a document that did not arrive by Peppol', async () => {
    const d = deps();

    const result = await answerPeppolStatus(d, {
      kind: 'proposal-rejected',
      ...where,
      documentId: 'doc-from-email',
      reason: 'Not ours',
      at,
    });

    expect(result).toEqual({ outcome: 'not-peppol' });
    expect(d.queued).toEqual([]);
  });
});
