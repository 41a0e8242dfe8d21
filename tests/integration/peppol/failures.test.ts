import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type TenantContext } from '#packages/kernel';
import {
  ingestPeppolMessage,
  listPeppolMessages,
  type PeppolIngestionDeps,
  peppolFailureId,
  recordPeppolFailure,
  retryPeppolFailure,
} from '#packages/peppol';
import type { Table } from '#packages/table';
import { freshTable } from '../../helpers/table.ts';
import { dutchInvoice, peppolMessage } from '../../unit/packages/peppol/ingestion/messages.ts';

let table: Table;
const firmId = 'firm-peppol-failures';
const administrationId = 'adm-peppol-failures';
const receiver = '0106:27312152';
const supplier = '0106:12345678';
const accountant: TenantContext = { userId: 'accountant-1', firmId, userType: 'firm' };

const route = async (participant: string) =>
  participant === receiver ? { firmId, administrationId, legalName: 'Jansen Installatietechniek B.V.' } : undefined;

function deps(): PeppolIngestionDeps {
  return {
    table,
    clock: systemClock,
    route,
    putObject: async () => undefined,
    recognise: async () => undefined,
    respond: async () => undefined,
  };
}

const arrivedAt = '2026-11-23T08:00:00.000Z';

beforeAll(async () => {
  ({ table } = await freshTable());
});

describe('a Peppol message whose intake fails', () => {
  it('shows in the administration’s Peppol log as failed, with the attempts and the reason, until it is taken in', async () => {
    const rawKey = 'raw/peppol/2026-11-23/failing-1.xml';
    const raw = Buffer.from(
      peppolMessage({ sender: supplier, receiver, instanceId: 'failing-1', invoice: dutchInvoice(31) }),
    );
    const outage = Object.assign(new Error('connect ECONNREFUSED'), { name: 'TimeoutError' });

    await recordPeppolFailure({ table, route }, { rawKey, raw, arrivedAt, error: outage, at: arrivedAt });
    await recordPeppolFailure({ table, route }, { rawKey, raw, arrivedAt, error: outage, at: arrivedAt });
    const failed = await listPeppolMessages(table, firmId, administrationId, { outcome: 'failed' });

    expect(failed.items).toEqual([
      expect.objectContaining({
        failureId: peppolFailureId(rawKey),
        instanceId: 'failing-1',
        sender: supplier,
        outcome: 'failed',
        attempts: 2,
        failure: expect.objectContaining({ reason: 'PROCESSING_FAILED', error: 'TimeoutError' }),
      }),
    ]);
    expect(JSON.stringify(failed.items)).not.toContain('ECONNREFUSED');

    await ingestPeppolMessage(deps(), { rawKey, raw, arrivedAt });
    const after = await listPeppolMessages(table, firmId, administrationId);
    expect(after.items.map((m) => m.outcome)).toEqual(['accepted']);
  });

  it('is queued again from its raw message when the firm retries it, and not for a client user', async () => {
    const rawKey = 'raw/peppol/2026-11-23/failing-2.xml';
    const raw = Buffer.from(
      peppolMessage({ sender: supplier, receiver, instanceId: 'failing-2', invoice: dutchInvoice(32) }),
    );
    await recordPeppolFailure({ table, route }, { rawKey, raw, arrivedAt, error: new Error('x'), at: arrivedAt });
    const requeued: string[] = [];
    const retry = { table, requeue: async (key: string) => void requeued.push(key) };
    const adm = { firmId, id: administrationId };

    const result = await retryPeppolFailure(retry, accountant, adm, peppolFailureId(rawKey));
    const client = retryPeppolFailure(retry, { ...accountant, userType: 'client' }, adm, peppolFailureId(rawKey));
    const elsewhere = retryPeppolFailure(retry, accountant, { firmId, id: 'adm-other' }, peppolFailureId(rawKey));

    expect(result).toEqual({ failureId: peppolFailureId(rawKey), rawKey, outcome: 'queued' });
    await expect(client).rejects.toMatchObject({ name: 'ForbiddenError' });
    await expect(elsewhere).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(requeued).toEqual([rawKey]);
  });
});
