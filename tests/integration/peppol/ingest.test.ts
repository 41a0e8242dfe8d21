import { beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from '#packages/intake';
import { systemClock } from '#packages/kernel';
import {
  ingestPeppolMessage,
  listPeppolMessages,
  listPeppolMessagesOfDay,
  type OutboundPeppolMessage,
  type PeppolIngestionDeps,
  parseSbdh,
  peppolKeys,
  validateInvoice,
} from '#packages/peppol';
import type { XmlElement } from '#packages/recognition';
import { getItem, type Table } from '#packages/table';
import { freshTable } from '../../helpers/table.ts';
import { dutchInvoice, peppolMessage } from '../../unit/packages/peppol/ingestion/messages.ts';

let table: Table;
const firmId = 'firm-peppol';
const administrationId = 'adm-peppol';
const receiver = '0208:0403170701';
const supplier = '0106:12345678';

interface World {
  readonly deps: PeppolIngestionDeps;
  readonly objects: Map<string, { body: Buffer; contentType: string }>;
  readonly recognised: string[];
  readonly responses: OutboundPeppolMessage[];
}

/** Deps on DynamoDB Local; the bucket and queues are in memory. Routing knows one participant, any case. */
function world(): World {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const recognised: string[] = [];
  const responses: OutboundPeppolMessage[] = [];
  return {
    objects,
    recognised,
    responses,
    deps: {
      table,
      clock: systemClock,
      route: async (participantId) =>
        participantId.toLowerCase() === receiver.toLowerCase()
          ? { firmId, administrationId, legalName: 'Bakkerij Jansen BV' }
          : undefined,
      putObject: async (key, body, contentType) => {
        objects.set(key, { body, contentType });
      },
      recognise: async (_firm, _adm, ids) => {
        recognised.push(...ids);
      },
      respond: async (message) => {
        responses.push(message);
      },
    },
  };
}

const at = (element: XmlElement | undefined, ...path: string[]) =>
  path.reduce<XmlElement | undefined>((e, name) => e?.children.find((c) => c.name === name), element);
const arrivedAt = '2026-11-23T08:00:00.000Z';
let counter = 0;
const rawKey = () => `raw/peppol/2026-11-23/${Date.now()}-${counter++}.xml`;

beforeAll(async () => {
  ({ table } = await freshTable());
});

describe('ingestPeppolMessage', () => {
  it('stores a valid invoice as a peppol document read on arrival, with its attachments, and queues an AB', async () => {
    const w = world();
    const invoice = dutchInvoice(21);
    const pdf = Buffer.from('%PDF-1.4 the visual');
    const raw = Buffer.from(
      peppolMessage({
        sender: supplier,
        receiver,
        instanceId: 'inst-valid-1',
        invoice,
        attachments: [{ id: 'visual', fileName: 'factuur.pdf', mimeCode: 'application/pdf', content: pdf }],
      }),
    );
    const key = rawKey();

    const result = await ingestPeppolMessage(w.deps, { rawKey: key, raw, arrivedAt });

    expect(result.outcome).toBe('accepted');
    if (result.outcome !== 'accepted') return;
    const stored = await getDocument(table, firmId, administrationId, result.document.id);
    expect(stored).toMatchObject({
      source: 'peppol',
      kind: 'xml',
      status: 'received',
      rawKey: key,
      fileName: `${invoice.invoiceNumber.replace(/[^\w.-]+/g, '_')}.xml`,
    });
    expect(stored?.recognition?.invoiceNumber?.value).toBe(invoice.invoiceNumber);
    expect(stored?.attachments).toEqual([
      {
        fileName: 'factuur.pdf',
        contentType: 'application/pdf',
        objectKey: expect.stringContaining('/attachments/1-factuur.pdf'),
      },
    ]);
    expect(w.objects.get(stored?.attachments?.[0]?.objectKey ?? '')?.body.equals(pdf)).toBe(true);
    expect(w.recognised).toEqual([result.document.id]);

    expect(w.responses).toHaveLength(1);
    const ab = w.responses[0]!;
    expect(ab).toMatchObject({ kind: 'invoice-response', responseCode: 'AB', receiver: supplier });
    const { header, root } = parseSbdh(ab.sbdh);
    expect(header.receiver).toEqual({ scheme: '0106', id: '12345678' });
    expect(at(root, 'DocumentResponse', 'DocumentReference', 'ID')?.text).toBe(invoice.invoiceNumber);
    expect(at(root, 'SenderParty', 'PartyLegalEntity', 'RegistrationName')?.text).toBe('Bakkerij Jansen BV');

    const claim = await getItem(table, peppolKeys.message(supplier, 'inst-valid-1'));
    expect(claim).toMatchObject({ outcome: 'accepted', documentId: result.document.id, administrationId });
  });

  it('takes the same instance identifier under another raw key as a duplicate: no second document, no answer', async () => {
    const w = world();
    const raw = Buffer.from(
      peppolMessage({ sender: supplier, receiver, instanceId: 'inst-dup', invoice: dutchInvoice(22) }),
    );
    const first = await ingestPeppolMessage(w.deps, { rawKey: rawKey(), raw, arrivedAt });
    const second = await ingestPeppolMessage(w.deps, { rawKey: rawKey(), raw, arrivedAt });

    expect(first.outcome).toBe('accepted');
    expect(second.outcome).toBe('duplicate');
    expect(second.message.documentId).toBe(first.message.documentId);
    expect(w.recognised).toHaveLength(1);
    expect(w.responses).toHaveLength(1);
  });

  it('finishes a run again for the same raw key without a second document', async () => {
    const w = world();
    const raw = Buffer.from(
      peppolMessage({ sender: supplier, receiver, instanceId: 'inst-retry', invoice: dutchInvoice(23) }),
    );
    const key = rawKey();
    const first = await ingestPeppolMessage(w.deps, { rawKey: key, raw, arrivedAt });
    const again = await ingestPeppolMessage(w.deps, { rawKey: key, raw, arrivedAt });

    expect(again.outcome).toBe('accepted');
    expect(again.outcome === 'accepted' && again.document.id).toBe(first.outcome === 'accepted' && first.document.id);
    // The answer is queued again with the same id; the outbound consumer sends each id once.
    expect(new Set(w.responses.map((r) => r.messageId)).size).toBe(1);
  });

  it('routes on the receiver id case-insensitively', async () => {
    const w = world();
    const raw = Buffer.from(
      peppolMessage({ sender: supplier, receiver: '0208:0403170701'.toUpperCase(), instanceId: 'inst-case' }),
    );
    expect((await ingestPeppolMessage(w.deps, { rawKey: rawKey(), raw, arrivedAt })).outcome).toBe('accepted');
  });

  it('rejects an invoice failing validation with an MLR naming the rule ids, and stores no document', async () => {
    const w = world();
    const xml = peppolMessage({ sender: supplier, receiver, instanceId: 'inst-invalid', breakTotals: true });
    const expected = validateInvoice(parseSbdh(xml).document)
      .findings.filter((f) => f.flag !== 'warning')
      .map((f) => f.id);
    expect(expected.length).toBeGreaterThan(0);

    const result = await ingestPeppolMessage(w.deps, { rawKey: rawKey(), raw: Buffer.from(xml), arrivedAt });

    expect(result.outcome).toBe('rejected');
    expect(result.message.rejection?.reason).toBe('INVALID_DOCUMENT');
    expect(result.message.rejection?.findings?.map((f) => f.id)).toEqual(expected);
    expect(w.objects.size).toBe(0);
    expect(w.recognised).toEqual([]);
    const mlr = w.responses[0]!;
    expect(mlr).toMatchObject({ kind: 'mlr', responseCode: 'RE', receiver: supplier });
    const { header, root } = parseSbdh(mlr.sbdh);
    expect(header.process).toBe('urn:fdc:peppol.eu:2017:poacc:billing:01:1.0');
    expect(at(root, 'DocumentResponse', 'DocumentReference', 'ID')?.text).toBe('inst-invalid');
    const described = (at(root, 'DocumentResponse')?.children ?? [])
      .filter((c) => c.name === 'LineResponse')
      .map((l) => /^\[([^\]]+)\]/.exec(at(l, 'Response', 'Description')?.text ?? '')?.[1]);
    expect(described).toEqual(expected);
  });

  it('rejects a message for an unknown receiver with an MLR (failure of delivery) and records why', async () => {
    const w = world();
    const raw = Buffer.from(
      peppolMessage({ sender: supplier, receiver: '9944:NL004495445B01', instanceId: 'inst-unknown' }),
    );

    const result = await ingestPeppolMessage(w.deps, { rawKey: rawKey(), raw, arrivedAt });

    expect(result.outcome).toBe('rejected');
    expect(result.message.rejection?.reason).toBe('UNKNOWN_RECEIVER');
    expect(result.message.administrationId).toBeUndefined();
    expect(w.responses.map((r) => [r.kind, r.responseCode])).toEqual([['mlr', 'RE']]);
    expect(w.responses[0]?.sbdh).toContain('<cbc:StatusReasonCode listID="SVC">FD</cbc:StatusReasonCode>');
    const claim = await getItem(table, peppolKeys.message(supplier, 'inst-unknown'));
    expect(claim).toMatchObject({ outcome: 'rejected', gsi1pk: peppolKeys.byDay('2026-11-23') });
  });

  it('lists an administration its messages newest first, and the operator every message of a day', async () => {
    const ofAdministration = (await listPeppolMessages(table, firmId, administrationId, { limit: 100 })).items;
    expect(ofAdministration.map((m) => m.instanceId)).toEqual(
      expect.arrayContaining(['inst-valid-1', 'inst-dup', 'inst-invalid']),
    );
    expect(ofAdministration.some((m) => m.instanceId === 'inst-unknown')).toBe(false);
    const ofDay = (await listPeppolMessagesOfDay(table, '2026-11-23')).items.map((m) => m.instanceId);
    expect(ofDay).toEqual(expect.arrayContaining(['inst-valid-1', 'inst-unknown']));
  });

  it('records an unreadable envelope for the operator without answering anyone', async () => {
    const w = world();
    const result = await ingestPeppolMessage(w.deps, {
      rawKey: rawKey(),
      raw: Buffer.from('<Invoice><ID>1</ID></Invoice>'),
      arrivedAt,
    });
    expect(result.outcome).toBe('rejected');
    expect(result.message.rejection?.reason).toBe('ENVELOPE_INVALID');
    expect(w.responses).toEqual([]);
  });
});
