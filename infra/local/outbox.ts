import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import libmime from 'libmime';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { AwsError } from './aws-error.ts';
import { LOCAL_REGION } from './aws-names.ts';

/** The SES v2 SendEmail request body, as the SDK sends it (binary fields in base64). */
export interface SendEmailRequest {
  readonly FromEmailAddress?: string;
  readonly Destination?: {
    readonly ToAddresses?: readonly string[];
    readonly CcAddresses?: readonly string[];
    readonly BccAddresses?: readonly string[];
  };
  readonly ReplyToAddresses?: readonly string[];
  readonly Content?: {
    readonly Simple?: {
      readonly Subject?: { readonly Data?: string };
      readonly Body?: { readonly Text?: { readonly Data?: string }; readonly Html?: { readonly Data?: string } };
      readonly Headers?: readonly { readonly Name?: string; readonly Value?: string }[];
      readonly Attachments?: readonly {
        readonly RawContent?: string;
        readonly FileName?: string;
        readonly ContentType?: string;
        readonly ContentDisposition?: 'ATTACHMENT' | 'INLINE';
        readonly ContentDescription?: string;
        readonly ContentId?: string;
      }[];
    };
    readonly Raw?: { readonly Data?: string };
    readonly Template?: unknown;
  };
  readonly EmailTags?: readonly { readonly Name?: string; readonly Value?: string }[];
  readonly ConfigurationSetName?: string;
}

/** An attachment of a message in the outbox. */
export interface OutboxAttachment {
  readonly filename?: string;
  readonly contentType: string;
  readonly content: Buffer;
  readonly contentId?: string;
  readonly inline?: boolean;
  readonly description?: string;
}

/** A message in the outbox, parsed. */
export interface OutboxMessage {
  readonly messageId: string;
  /** The `.eml` file. */
  readonly file: string;
  readonly sentAt: Date;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly replyTo: readonly string[];
  /** Envelope recipients: To, Cc and Bcc, which the message itself does not show. */
  readonly recipients: readonly string[];
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
  readonly attachments: readonly OutboxAttachment[];
  /** Lower-case header names; values unfolded and RFC 2047-decoded; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  /** The message exactly as written. */
  readonly raw: string;
}

interface Envelope {
  readonly messageId: string;
  readonly sentAt: string;
  readonly from: string;
  readonly recipients: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly configurationSetName?: string;
}

const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
let sequence = 0;

function badRequest(message: string): AwsError {
  return new AwsError('BadRequestException', message, 400);
}

/** The address of `addr` or `Name <addr>`. */
function addressOf(value: string): string {
  return addressparser(value, { flatten: true })[0]?.address ?? '';
}

/** The addresses of parsed address headers, group members included. */
function addressesOf(...fields: (AddressObject | AddressObject[] | undefined)[]): string[] {
  return fields
    .flat()
    .flatMap((field) => field?.value ?? [])
    .flatMap((a) => a.group ?? [a])
    .flatMap((a) => a.address ?? []);
}

function checkAddresses(addresses: readonly string[], field: string): void {
  for (const value of addresses) {
    if (!/^[^\s@<>",]+@[^\s@<>",]+\.[^\s@<>",]+$/.test(addressOf(value))) {
      throw badRequest(`Illegal address in ${field}: '${value}'`);
    }
  }
}

/** Parses a stored or raw message; text and HTML stay as written, neither made from the other. */
function parse(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw, { keepCidLinks: true, skipHtmlToText: true, skipTextToHtml: true });
}

/** An SES message id: `0102` + time + uuid + `-000000`, the shape SES returns. */
function sesMessageId(): string {
  return `0102${Date.now().toString(16).padStart(12, '0')}-${randomUUID()}-000000`;
}

/**
 * The local stand-in for SES outbound: every SendEmail becomes an RFC 5322 `.eml` file in `dir`
 * (plus a `.json` envelope with the recipients and tags), and the reader parses them back.
 */
export class Outbox {
  constructor(readonly dir: string) {}

  /** SES v2 SendEmail with Simple or Raw content; returns the message id. Templates are refused. */
  async send(request: SendEmailRequest): Promise<string> {
    const content = request.Content ?? {};
    const kinds = (['Simple', 'Raw', 'Template'] as const).filter((k) => content[k] !== undefined);
    if (kinds.length !== 1) throw badRequest('Content must contain exactly one of Simple, Raw or Template');
    if (kinds[0] === 'Template') throw badRequest('Template content is not supported by the local twin');

    const messageId = sesMessageId();
    const sentAt = new Date();
    const destination = request.Destination ?? {};
    const to = destination.ToAddresses ?? [];
    const cc = destination.CcAddresses ?? [];
    const bcc = destination.BccAddresses ?? [];
    let raw: Buffer;
    let from: string;
    let recipients: string[];

    if (content.Simple) {
      const simple = content.Simple;
      if (!request.FromEmailAddress) throw badRequest('FromEmailAddress is required');
      from = request.FromEmailAddress;
      recipients = [...to, ...cc, ...bcc];
      if (recipients.length === 0) throw badRequest('Destination must contain at least one recipient');
      if (simple.Subject?.Data === undefined) throw badRequest('Content.Simple.Subject.Data is required');
      const text = simple.Body?.Text?.Data;
      const html = simple.Body?.Html?.Data;
      if (text === undefined && html === undefined) throw badRequest('Content.Simple.Body needs Text or Html');
      const composer = new MailComposer({
        from,
        to: [...to],
        cc: [...cc],
        replyTo: [...(request.ReplyToAddresses ?? [])],
        subject: simple.Subject.Data,
        text,
        html,
        headers: (simple.Headers ?? []).map((h) => ({ key: h.Name ?? '', value: h.Value ?? '' })),
        attachments: (simple.Attachments ?? []).map((a) => {
          if (!a.FileName || a.RawContent === undefined) throw badRequest('Attachments need FileName and RawContent');
          return {
            filename: a.FileName,
            contentType: a.ContentType ?? 'application/octet-stream',
            content: Buffer.from(a.RawContent, 'base64'),
            cid: a.ContentId,
            contentDisposition: a.ContentDisposition === 'INLINE' ? 'inline' : 'attachment',
            headers: a.ContentDescription ? { 'Content-Description': a.ContentDescription } : {},
          };
        }),
        messageId: `<${messageId}@${LOCAL_REGION}.amazonses.com>`,
        date: sentAt,
        textEncoding: 'B',
        newline: 'win',
      });
      raw = await composer.compile().build();
    } else {
      if (!content.Raw?.Data) throw badRequest('Content.Raw.Data is required');
      const bytes = Buffer.from(content.Raw.Data, 'base64');
      const mail = await parse(bytes);
      from = request.FromEmailAddress ?? mail.from?.text ?? '';
      if (!from) throw badRequest('The message has no From header and no FromEmailAddress');
      recipients =
        to.length + cc.length + bcc.length > 0 ? [...to, ...cc, ...bcc] : addressesOf(mail.to, mail.cc, mail.bcc);
      if (recipients.length === 0) throw badRequest('The message has no recipients');
      // SES adds the headers a raw message lacks.
      const added = [
        ...(mail.messageId ? [] : [`Message-ID: <${messageId}@${LOCAL_REGION}.amazonses.com>\r\n`]),
        ...(mail.headers.has('date') ? [] : [`Date: ${sentAt.toUTCString().replace('GMT', '+0000')}\r\n`]),
      ];
      raw = Buffer.concat([Buffer.from(added.join('')), bytes]);
    }

    checkAddresses([from], 'FromEmailAddress');
    checkAddresses(recipients, 'Destination');
    if (raw.length > MAX_MESSAGE_BYTES) {
      throw new AwsError('MessageRejected', 'Message length is more than 40 MB', 400);
    }

    const envelope: Envelope = {
      messageId,
      sentAt: sentAt.toISOString(),
      from: addressOf(from),
      recipients: recipients.map(addressOf),
      tags: Object.fromEntries((request.EmailTags ?? []).map((t) => [t.Name ?? '', t.Value ?? ''])),
      ...(request.ConfigurationSetName ? { configurationSetName: request.ConfigurationSetName } : {}),
    };
    await mkdir(this.dir, { recursive: true });
    // Time first, then a counter, so file names sort in sending order.
    sequence = (sequence + 1) % 1_000_000;
    const stamp = `${sentAt.toISOString().replace(/[:.]/g, '-')}-${String(sequence).padStart(6, '0')}`;
    const base = join(this.dir, `${stamp}-${messageId}`);
    // Envelope first, then the message under its final name in one rename: a reader that sees
    // the .eml always finds its envelope and whole bytes.
    await writeFile(`${base}.json`, `${JSON.stringify(envelope, null, 2)}\n`);
    await writeFile(`${base}.eml.partial`, raw);
    await rename(`${base}.eml.partial`, `${base}.eml`);
    return messageId;
  }

  /** Every message in the outbox, oldest first. */
  async list(): Promise<OutboxMessage[]> {
    let files: string[];
    try {
      files = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const bases = files.filter((f) => f.endsWith('.eml')).sort();
    return Promise.all(bases.map((f) => this.readFile(join(this.dir, f))));
  }

  /** One message by the id SendEmail returned. */
  async read(messageId: string): Promise<OutboxMessage> {
    const message = (await this.list()).find((m) => m.messageId === messageId);
    if (!message) throw new Error(`No message ${messageId} in the outbox ${this.dir}`);
    return message;
  }

  /** Empties the outbox. */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private async readFile(file: string): Promise<OutboxMessage> {
    const [bytes, envelopeText] = await Promise.all([
      readFile(file),
      readFile(file.replace(/\.eml$/, '.json'), 'utf8'),
    ]);
    const envelope = JSON.parse(envelopeText) as Envelope;
    const mail = await parse(bytes);
    const lines = new Map<string, string[]>();
    for (const { key, line } of mail.headerLines) {
      // The parser hands header lines over byte for byte (latin1): UTF-8 first, then the RFC 2047 words.
      const value = libmime.decodeWords(Buffer.from(libmime.decodeHeader(line).value, 'latin1').toString('utf8'));
      lines.set(key, [...(lines.get(key) ?? []), value]);
    }
    const headers = Object.fromEntries([...lines].map(([name, values]) => [name, values.join(', ')]));
    return {
      messageId: envelope.messageId,
      file,
      sentAt: new Date(envelope.sentAt),
      from: headers.from ?? envelope.from,
      to: addressesOf(mail.to),
      cc: addressesOf(mail.cc),
      replyTo: addressesOf(mail.replyTo),
      recipients: envelope.recipients,
      subject: mail.subject ?? '',
      // Without a text/plain or text/html part the parser gives '' or nothing.
      ...(mail.text ? { text: mail.text } : {}),
      ...(mail.html ? { html: mail.html } : {}),
      attachments: mail.attachments.map((a) => {
        const description = a.headers.get('content-description');
        return {
          contentType: a.contentType,
          content: a.content,
          ...(a.filename !== undefined ? { filename: a.filename } : {}),
          ...(a.cid ? { contentId: a.cid } : {}),
          ...(a.contentDisposition === 'inline' ? { inline: true } : {}),
          ...(typeof description === 'string' ? { description: libmime.decodeWords(description) } : {}),
        };
      }),
      headers,
      tags: envelope.tags,
      raw: bytes.toString('utf8'),
    };
  }
}

/** Every message in an outbox directory, oldest first. */
export function listOutbox(dir: string): Promise<OutboxMessage[]> {
  return new Outbox(dir).list();
}
