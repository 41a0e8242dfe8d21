import { describe, expect, it } from 'vitest';
import { type InboundEmail, intakeReceipt } from '#packages/intake';

const log = (overrides: Partial<InboundEmail> = {}): InboundEmail => ({
  id: '5c81618ab1b45e4cbd106522d3',
  administrationId: 'adm-1',
  recipient: 'adm-1@in.test',
  from: 'facturen@leverancier.nl',
  subject: 'Factuur 2026-0042',
  rawKey: 'raw/email/x',
  receivedAt: '2026-11-23T09:00:00.000Z',
  outcome: 'accepted',
  documents: ['d1', 'd2'],
  rejections: [],
  ...overrides,
});

describe('intake receipts', () => {
  it('tells the sender how many documents arrived, under the message reference', () => {
    const receipt = intakeReceipt(log(), 'Bakkerij Jansen BV');
    expect(receipt).toMatchObject({ to: 'facturen@leverancier.nl', subject: 'Ontvangen: 2 documenten' });
    expect(receipt?.text).toContain('"Factuur 2026-0042" aan Bakkerij Jansen BV is ontvangen');
    expect(receipt?.text).toContain('Kenmerk: 5c81618ab1b45e4cbd106522d3');
  });

  it('lists what was not taken in, with why', () => {
    const receipt = intakeReceipt(
      log({
        documents: [],
        outcome: 'rejected',
        rejections: [{ reason: 'UNSUPPORTED_TYPE', detail: 'notities.docx' }],
      }),
      'Bakkerij Jansen BV',
    );
    expect(receipt?.subject).toBe('Niet verwerkt');
    expect(receipt?.text).toContain('- notities.docx (bestandstype niet ondersteund');
  });

  it('sends nothing to refused senders, unknown addresses or robots', () => {
    const refused = log({ rejections: [{ reason: 'SENDER_NOT_ALLOWED', detail: 'x' }], documents: [] });
    expect(intakeReceipt(refused, 'X')).toBeUndefined();
    expect(intakeReceipt(log({ administrationId: undefined }), 'X')).toBeUndefined();
    expect(intakeReceipt(log({ from: 'mailer-daemon@mx.leverancier.nl' }), 'X')).toBeUndefined();
    expect(intakeReceipt(log({ from: 'no-reply@leverancier.nl' }), 'X')).toBeUndefined();
    expect(intakeReceipt(log({ from: undefined }), 'X')).toBeUndefined();
  });
});
