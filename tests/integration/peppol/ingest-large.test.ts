import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '#packages/kernel';
import {
  ingestPeppolMessage,
  mlrLineResponsesMax,
  type OutboundPeppolMessage,
  type PeppolIngestionDeps,
  parseSbdh,
  peppolFindingsKept,
  peppolKeys,
} from '#packages/peppol';
import type { XmlElement } from '#packages/recognition';
import { getItem, type Table } from '#packages/table';
import { invoiceWithLines, withoutItemNames } from '../../helpers/peppol-large.ts';
import { freshTable } from '../../helpers/table.ts';
import { peppolMessage } from '../../unit/packages/peppol/ingestion/messages.ts';

let table: Table;
const firmId = 'firm-peppol-large';
const administrationId = 'adm-peppol-large';
const receiver = '0106:27312152';
const supplier = '0106:12345678';
const own = { name: 'Jansen Installatietechniek B.V.', vatNumber: 'NL123456782B90' };

function world() {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const responses: OutboundPeppolMessage[] = [];
  const deps: PeppolIngestionDeps = {
    table,
    clock: systemClock,
    route: async (participantId) =>
      participantId === receiver ? { firmId, administrationId, legalName: own.name } : undefined,
    putObject: async (key, body, contentType) => {
      objects.set(key, { body, contentType });
    },
    recognise: async () => undefined,
    respond: async (message) => {
      responses.push(message);
    },
  };
  return { deps, objects, responses };
}

const at = (element: XmlElement | undefined, ...path: string[]) =>
  path.reduce<XmlElement | undefined>((e, name) => e?.children.find((c) => c.name === name), element);
const arrivedAt = '2026-11-23T08:00:00.000Z';

beforeAll(async () => {
  ({ table } = await freshTable());
});

describe('ingestPeppolMessage with a 5 000-line invoice', () => {
  it('rejects one with an error on every line: the record holds the first findings and the counts, the whole list lies beside it', async () => {
    const w = world();
    const invoice = invoiceWithLines(7100, 5000, { customer: { ...invoiceWithLines(7100, 1).customer, ...own } });
    const raw = Buffer.from(
      withoutItemNames(peppolMessage({ sender: supplier, receiver, instanceId: 'large-broken', invoice })),
    );
    const rawKey = 'raw/peppol/2026-11-23/large-broken.xml';

    const result = await ingestPeppolMessage(w.deps, { rawKey, raw, arrivedAt });

    expect(result.outcome).toBe('rejected');
    const record = await getItem<Record<string, unknown>>(table, peppolKeys.message(supplier, 'large-broken'));
    expect(record).toMatchObject({
      outcome: 'rejected',
      rejection: { reason: 'INVALID_DOCUMENT', findingCount: 5000, findingsByRule: { 'BR-25': 5000 } },
    });
    const rejection = result.message.rejection;
    expect(rejection?.findings).toHaveLength(peppolFindingsKept);
    expect(Buffer.byteLength(JSON.stringify(record))).toBeLessThan(100_000);
    const whole = w.objects.get(rejection?.findingsKey ?? '');
    expect(whole?.contentType).toBe('application/json');
    expect(JSON.parse(whole?.body.toString('utf8') ?? '{}').findings).toHaveLength(5000);
    expect(rejection?.findingsKey).toMatch(new RegExp(`^documents/${firmId}/${administrationId}/peppol-findings/`));
  }, 60_000);

  it('answers it with an MLR of at most 200 line responses whose description tells the whole count', async () => {
    const w = world();
    const invoice = invoiceWithLines(7200, 5000, { customer: { ...invoiceWithLines(7200, 1).customer, ...own } });
    const raw = Buffer.from(
      withoutItemNames(peppolMessage({ sender: supplier, receiver, instanceId: 'large-mlr', invoice })),
    );

    await ingestPeppolMessage(w.deps, { rawKey: 'raw/peppol/2026-11-23/large-mlr.xml', raw, arrivedAt });

    expect(w.responses).toHaveLength(1);
    const mlr = w.responses[0]!;
    expect(mlr).toMatchObject({ kind: 'mlr', responseCode: 'RE', receiver: supplier });
    expect(Buffer.byteLength(JSON.stringify(mlr))).toBeLessThan(200_000);
    const response = at(parseSbdh(mlr.sbdh).root, 'DocumentResponse');
    const lines = response?.children.filter((c) => c.name === 'LineResponse') ?? [];
    expect(lines).toHaveLength(mlrLineResponsesMax);
    expect(at(response, 'Response', 'Description')?.text).toMatch(
      /5000 findings \(BR-25 × 5000\); 200 are listed as line responses/,
    );
  }, 60_000);
});
