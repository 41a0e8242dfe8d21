import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalTwin, startLocalTwin } from '#infra/local/twin.ts';
import { schedules } from '#infra/wiring.ts';
import { counterItems, noteProposalMetered, readInvoice, recordSubscriptionChange } from '#packages/billing';
import { newId } from '#packages/kernel';
import { batchPut, type Table } from '#packages/table';
import { tenancyRepository } from '#packages/tenancy';
import { eventually } from '../local-twin/support.ts';

let twin: LocalTwin;
let table: Table;
let sfn: SFNClient;

beforeAll(async () => {
  twin = await startLocalTwin({
    dataDir: null,
    scheduleTimers: false,
    stateMachineTimeOverrides: { retryIntervalMs: 0 },
  });
  const client = new DynamoDBClient({});
  table = {
    doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    name: twin.tableName,
  };
  sfn = new SFNClient({});
});

afterAll(async () => {
  sfn?.destroy();
  await twin?.stop();
});

async function firmWithOwner() {
  const firmId = `firm-${newId()}`;
  const repo = tenancyRepository(table);
  const at = new Date('2026-01-02T08:00:00Z');
  await repo.createFirm({ id: firmId, name: 'Kantoor Test', country: 'NL', createdAt: at.toISOString() });
  const email = `eigenaar-${newId().toLowerCase()}@kantoor.nl`;
  await repo.createUser(
    undefined,
    {
      id: `u-${newId()}`,
      firmId,
      firmName: 'Kantoor Test',
      email,
      name: 'Eigenaar',
      type: 'firm',
      role: 'owner',
      status: 'active',
      createdAt: at.toISOString(),
    },
    at,
  );
  return { firmId, email, tenant: { userId: 'owner', firmId, userType: 'firm' as const } };
}

describe('the monthly close in the local twin', () => {
  it('is scheduled on the 1st at 03:00 Amsterdam time', () => {
    expect(schedules.find((s) => s.name === 'billing-close-monthly')).toMatchObject({
      expression: 'cron(0 3 1 * ? *)',
      timezone: 'Europe/Amsterdam',
      target: { kind: 'stateMachine', name: 'billing-close' },
    });
  });

  it("runs the wiring's billing-close ASL: lists the firms and closes each, rerun-safe", async () => {
    const { firmId, tenant } = await firmWithOwner();
    const adm = { firmId, id: `adm-${newId()}` };
    await recordSubscriptionChange({ table, clock: () => new Date() }, tenant, adm, {
      plan: 'samenwerken',
      effectiveFrom: '2026-01-01',
    });
    await batchPut(table, counterItems(firmId, adm.id, { '2026-01': 13 }));

    const run = async () => {
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: 'arn:aws:states:eu-west-1:000000000000:stateMachine:billing-close',
          input: JSON.stringify({ month: '2026-01' }),
        }),
      );
      await twin.stateMachines.waitForExecution(executionArn ?? '');
      return sfn.send(new DescribeExecutionCommand({ executionArn }));
    };
    const first = await run();
    const invoice = await readInvoice(table, firmId, '2026-01');
    const second = await run();

    expect(first.status).toBe('SUCCEEDED');
    expect(JSON.parse(first.output ?? '{}').closes).toContainEqual({
      firmId,
      month: '2026-01',
      invoiceId: `${firmId}-2026-01`,
      total: 1050 + 3 * 55,
      lines: 2,
    });
    expect(second.status).toBe('SUCCEEDED');
    expect(await readInvoice(table, firmId, '2026-01')).toEqual(invoice);
  });

  it('sends the outbox e-mail of an exceeded bundle to the firm owner when billing-mail-dispatch fires', async () => {
    const { firmId, email } = await firmWithOwner();
    const admId = `adm-${newId()}`;
    const now = new Date().toISOString();
    await batchPut(table, counterItems(firmId, admId, { [now.slice(0, 7)]: 11 }));
    await noteProposalMetered(table, firmId, admId, 'samenwerken', now);

    twin.scheduler.fire('billing-mail-dispatch');
    await twin.queues.waitIdle();

    const message = await eventually(async () => (await twin.outbox.list()).find((m) => m.to.includes(email)), 30_000);
    expect(message.subject).toContain(admId);
    expect(message.text).toContain('10 are included');
  });
});
