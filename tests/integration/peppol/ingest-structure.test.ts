import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '#packages/kernel';
import { ingestPeppolMessage, type OutboundPeppolMessage, parseSbdh } from '#packages/peppol';
import type { XmlElement } from '#packages/recognition';
import type { Table } from '#packages/table';
import { freshTable } from '../../helpers/table.ts';
import { peppolMessage } from '../../unit/packages/peppol/ingestion/messages.ts';

let table: Table;
const receiver = '0208:0403170701';
const supplier = '0106:12345678';

beforeAll(async () => {
  ({ table } = await freshTable());
});

const at = (element: XmlElement | undefined, ...path: string[]) =>
  path.reduce<XmlElement | undefined>((e, name) => e?.children.find((c) => c.name === name), element);

describe('ingestPeppolMessage with the UBL 2.1 structure check', () => {
  it('rejects an invoice that breaks the UBL schema with an MLR whose structure lines are syntax violations (SV)', async () => {
    const responses: OutboundPeppolMessage[] = [];
    const valid = peppolMessage({ sender: supplier, receiver, instanceId: 'inst-structure' });
    const xml = valid.replace(/<cbc:PayableAmount currencyID="\w+">/, '<cbc:PayableAmount>');
    expect(xml).not.toBe(valid);

    const result = await ingestPeppolMessage(
      {
        table,
        clock: systemClock,
        route: async () => ({ firmId: 'firm-structure', administrationId: 'adm-structure', legalName: 'Klant NV' }),
        putObject: async () => {},
        recognise: async () => {},
        respond: async (message) => {
          responses.push(message);
        },
      },
      { rawKey: 'raw/peppol/2026-11-23/structure.xml', raw: Buffer.from(xml), arrivedAt: '2026-11-23T08:00:00.000Z' },
    );

    expect(result.outcome).toBe('rejected');
    expect(result.message.rejection?.findings?.[0]).toMatchObject({
      id: 'UBL-XSD-ATTRIBUTE',
      location: '/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount',
    });
    const lines = (at(parseSbdh(responses[0]?.sbdh ?? '').root, 'DocumentResponse')?.children ?? []).filter(
      (c) => c.name === 'LineResponse',
    );
    expect(at(lines[0], 'Response', 'Description')?.text).toMatch(/^\[UBL-XSD-ATTRIBUTE\]/);
    expect(at(lines[0], 'Response', 'Status', 'StatusReasonCode')?.text).toBe('SV');
  });
});
