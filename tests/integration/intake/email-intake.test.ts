import MailComposer from 'nodemailer/lib/mail-composer';
import { beforeAll, describe, expect, it } from 'vitest';
import { type EmailIntakeDeps, ingestEmail, listInboundEmails, MAX_DOCUMENT_BYTES } from '#packages/intake';
import type { Table } from '#packages/table';
import { freshTable } from '../../helpers/table.ts';

let table: Table;
const stored: string[] = [];
let deps: EmailIntakeDeps;

const compose = async (attachments: { filename: string; content: Buffer; contentType: string }[]) =>
  new MailComposer({
    from: 'facturen@leverancier.nl',
    to: 'adm-1@in.test',
    subject: 'Factuur',
    text: 'Zie bijlage.',
    attachments,
  })
    .compile()
    .build();

beforeAll(async () => {
  ({ table } = await freshTable());
  deps = {
    table,
    route: async (address) =>
      address === 'adm-1@in.test' ? { firmId: 'firm-1', administrationId: 'adm-1', allowedSenders: [] } : undefined,
    putObject: async (key) => {
      stored.push(key);
    },
  };
});

describe('e-mail intake', () => {
  it('refuses an attachment over the size limit with its reason and still takes the rest in', async () => {
    const raw = await compose([
      { filename: 'groot.pdf', content: Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20), contentType: 'application/pdf' },
      { filename: 'klein.pdf', content: Buffer.from('%PDF-1.7\n%%EOF\n'), contentType: 'application/pdf' },
    ]);
    const [log] = await ingestEmail(deps, {
      rawKey: 'raw/email/groot.eml',
      raw,
      envelopeTo: ['adm-1@in.test'],
      inboundDomain: 'in.test',
      arrivedAt: '2026-11-23T09:00:00.000Z',
    });
    expect(log?.outcome).toBe('accepted');
    expect(log?.documents).toHaveLength(1);
    expect(log?.rejections).toEqual([{ reason: 'FILE_TOO_LARGE', detail: 'groot.pdf is larger than 20 MB.' }]);
    expect(stored.some((key) => key.endsWith('/klein.pdf'))).toBe(true);
  });

  it('records bytes that are no e-mail as a rejected message without attachment, keeping its raw key', async () => {
    // Not MIME at all: a binary blob where the message should be. The MIME parser is lenient
    // (it reads any bytes as a body), so this is a message with nothing to take in.
    const raw = Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x1f, 0x8b, 0x08]);
    const outcomes = await ingestEmail(deps, {
      rawKey: 'raw/email/kapot.eml',
      raw,
      envelopeTo: ['adm-1@in.test'],
      inboundDomain: 'in.test',
      arrivedAt: '2026-11-23T09:01:00.000Z',
    });
    const reasons = outcomes.flatMap((o) => o.rejections.map((r) => r.reason));
    expect(reasons).toEqual(['NO_ATTACHMENT']);
    expect(outcomes.every((o) => o.rawKey === 'raw/email/kapot.eml' && o.outcome === 'rejected')).toBe(true);
  });

  it('shows the e-mail log newest first', async () => {
    const log = (await listInboundEmails(table, 'firm-1', 'adm-1', {})).items;
    expect(log.map((l) => l.rawKey)).toEqual(['raw/email/kapot.eml', 'raw/email/groot.eml']);
  });
});
