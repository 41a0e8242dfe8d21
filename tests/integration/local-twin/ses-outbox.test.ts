import { BadRequestException, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalTwin } from '#infra/local/twin.ts';
import { startTestTwin } from './support.ts';

describe('local SES outbox', () => {
  let twin: LocalTwin;
  let ses: SESv2Client;

  beforeAll(async () => {
    twin = await startTestTwin();
    ses = new SESv2Client({});
  });
  afterAll(async () => {
    ses?.destroy();
    await twin?.stop();
  });
  beforeEach(async () => {
    await twin.outbox.clear();
  });

  it('writes SendEmail with text and HTML as an RFC 5322 message the outbox reads back', async () => {
    const sent = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'Kantoor Müller <noreply@example.com>',
        Destination: {
          ToAddresses: ['Jan Jansen <jan@example.nl>'],
          CcAddresses: ['boekhouding@example.nl'],
          BccAddresses: ['archief@example.com'],
        },
        ReplyToAddresses: ['support@example.com'],
        Content: {
          Simple: {
            Subject: { Data: 'Factuur € 120,00 — januari' },
            Body: {
              Text: { Data: `Beste Jan,\n\nUw factuur staat klaar. ${'Een lange regel. '.repeat(10)}\n` },
              Html: { Data: '<p>Beste Jan,</p><p>Uw factuur staat klaar.</p>' },
            },
            Headers: [{ Name: 'X-Administration', Value: 'adm-1' }],
          },
        },
        EmailTags: [{ Name: 'kind', Value: 'invoice' }],
      }),
    );

    const [message] = await twin.outbox.list();
    expect(message?.messageId).toBe(sent.MessageId);
    expect(message).toMatchObject({
      from: 'Kantoor Müller <noreply@example.com>',
      to: ['jan@example.nl'],
      cc: ['boekhouding@example.nl'],
      replyTo: ['support@example.com'],
      recipients: ['jan@example.nl', 'boekhouding@example.nl', 'archief@example.com'],
      subject: 'Factuur € 120,00 — januari',
      // The stored body has CRLF line breaks; the parser gives the text back as sent.
      text: `Beste Jan,\n\nUw factuur staat klaar. ${'Een lange regel. '.repeat(10)}\n`,
      html: '<p>Beste Jan,</p><p>Uw factuur staat klaar.</p>',
      tags: { kind: 'invoice' },
    });
    expect(message?.headers['message-id']).toBe(`<${sent.MessageId}@eu-west-1.amazonses.com>`);
    expect(message?.headers['x-administration']).toBe('adm-1');
    expect(message?.headers['mime-version']).toBe('1.0');
    expect(Date.parse(message!.headers.date!)).toBeGreaterThan(Date.now() - 60_000);
    expect(message?.headers['content-type']).toMatch(/^multipart\/alternative; boundary="/);
    expect(message?.headers.bcc).toBeUndefined();
    const lines = message!.raw.split('\r\n');
    expect(message!.raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    // RFC 5322: at most 998 characters a line, 78 recommended; only the unfoldable message id, folded onto a
    // line of its own after `Message-ID:`, is longer.
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(998);
    expect(lines.filter((l) => l.length > 78)).toEqual([` <${sent.MessageId}@eu-west-1.amazonses.com>`]);
    expect(message!.raw).toMatch(/^Subject: =\?UTF-8\?B\?/m);
  });

  it('carries Simple attachments as base64 MIME parts', async () => {
    const pdf = Buffer.from('%PDF-1.7\n\x00\x01binary\xff', 'latin1');

    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'noreply@example.com',
        Destination: { ToAddresses: ['jan@example.nl'] },
        Content: {
          Simple: {
            Subject: { Data: 'Met bijlage' },
            Body: { Text: { Data: 'Zie bijlage.' } },
            Attachments: [{ FileName: 'factuur-2024-001.pdf', ContentType: 'application/pdf', RawContent: pdf }],
          },
        },
      }),
    );

    const [message] = await twin.outbox.list();
    expect(message?.headers['content-type']).toMatch(/^multipart\/mixed/);
    expect(message?.text).toBe('Zie bijlage.');
    expect(message?.attachments).toHaveLength(1);
    expect(message?.attachments[0]).toMatchObject({ filename: 'factuur-2024-001.pdf', contentType: 'application/pdf' });
    expect(message?.attachments[0]?.content.equals(pdf)).toBe(true);
  });

  it('writes Raw content as given and adds the Date and Message-ID it lacks', async () => {
    const raw = ['From: noreply@example.com', 'To: jan@example.nl', 'Subject: Raw', '', 'Body text'].join('\r\n');

    const sent = await ses.send(new SendEmailCommand({ Content: { Raw: { Data: Buffer.from(raw) } } }));

    const message = await twin.outbox.read(sent.MessageId!);
    expect(message.raw.endsWith(raw)).toBe(true);
    expect(message.headers['message-id']).toBe(`<${sent.MessageId}@eu-west-1.amazonses.com>`);
    expect(message.headers.date).toEqual(expect.any(String));
    expect(message).toMatchObject({ subject: 'Raw', text: 'Body text', recipients: ['jan@example.nl'] });
  });

  it('answers BadRequestException for a message without recipients', async () => {
    const send = ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'noreply@example.com',
        Destination: { ToAddresses: [] },
        Content: { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'x' } } } },
      }),
    );

    await expect(send).rejects.toBeInstanceOf(BadRequestException);
    expect(await twin.outbox.list()).toEqual([]);
  });
});
