import { type ParsedMail, simpleParser } from 'mailparser';
import type { Table } from '#packages/table';
import { type InboundEmail, idFrom, intakeKeys, kindOf, MAX_DOCUMENT_BYTES, putOnce } from './model.js';
import { storeDocument } from './store.js';

export interface EmailIntakeDeps {
  readonly table: Table;
  /** The administration an inbound address belongs to, with its sender restriction. */
  readonly route: (
    address: string,
  ) => Promise<{ firmId: string; administrationId: string; allowedSenders: readonly string[] } | undefined>;
  /** Stores a document's bytes in the document bucket. */
  readonly putObject: (key: string, body: Buffer, contentType: string) => Promise<void>;
}

function senderAllowed(from: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  if (!from) return false;
  const sender = from.toLowerCase();
  return allowed.some((a) => (a.startsWith('@') ? sender.endsWith(a) : sender === a));
}

function addressesOf(mail: ParsedMail, envelopeTo: readonly string[]): string[] {
  if (envelopeTo.length > 0) return envelopeTo.map((a) => a.toLowerCase());
  const lists = [mail.to, mail.cc].flat().filter((x) => x !== undefined);
  return lists.flatMap((l) => l.value.map((v) => v.address?.toLowerCase() ?? '')).filter((a) => a !== '');
}

/**
 * Takes one stored e-mail in: each recipient address routes it to an administration; each
 * usable attachment (PDF, image, UBL/CII XML) becomes a document, stored in the bucket; the
 * same bytes arriving again are kept as a duplicate of the first. Everything else is
 * recorded with its reason in the administration's e-mail log, or in the system log for
 * unknown addresses. Ids derive from the raw message, so running it again changes nothing.
 */
export async function ingestEmail(
  deps: EmailIntakeDeps,
  input: { rawKey: string; raw: Buffer; envelopeTo: readonly string[]; inboundDomain: string; arrivedAt: string },
): Promise<InboundEmail[]> {
  // The arrival time of the stored message, not now: taking the same message in again writes the same keys.
  const receivedAt = input.arrivedAt;
  let mail: ParsedMail;
  try {
    mail = await simpleParser(input.raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  } catch (error) {
    const log = await recordUnrouted(deps, input.rawKey, receivedAt, 'unknown', {
      reason: 'MALFORMED_MIME',
      detail: `The message could not be read: ${(error as Error).message}`,
    });
    return [log];
  }
  const from = mail.from?.value[0]?.address?.toLowerCase();
  const recipients = [...new Set(addressesOf(mail, input.envelopeTo))].filter((a) =>
    a.endsWith(`@${input.inboundDomain.toLowerCase()}`),
  );
  const outcomes: InboundEmail[] = [];
  for (const recipient of recipients) {
    const target = await deps.route(recipient);
    if (!target) {
      outcomes.push(
        await recordUnrouted(deps, input.rawKey, receivedAt, recipient, {
          reason: 'UNKNOWN_ADDRESS',
          detail: `${recipient} is not the inbound address of any administration.`,
        }),
      );
      continue;
    }
    outcomes.push(await ingestFor(deps, mail, from, recipient, target, input.rawKey, receivedAt));
  }
  return outcomes;
}

async function ingestFor(
  deps: EmailIntakeDeps,
  mail: ParsedMail,
  from: string | undefined,
  recipient: string,
  target: { firmId: string; administrationId: string; allowedSenders: readonly string[] },
  rawKey: string,
  receivedAt: string,
): Promise<InboundEmail> {
  const { firmId, administrationId } = target;
  const rejections: InboundEmail['rejections'] = [];
  const documents: string[] = [];
  if (!senderAllowed(from, target.allowedSenders)) {
    rejections.push({
      reason: 'SENDER_NOT_ALLOWED',
      detail: `${from ?? 'An unknown sender'} may not send documents here.`,
    });
  } else {
    for (const [index, attachment] of mail.attachments.entries()) {
      const fileName = attachment.filename ?? `attachment-${index + 1}`;
      const kind = kindOf(attachment.contentType, fileName);
      if (attachment.related && !kind) continue; // inline images of a signature, not documents
      if (!kind) {
        rejections.push({
          reason: 'UNSUPPORTED_TYPE',
          detail: `${fileName} (${attachment.contentType}) is not a PDF, image or XML invoice.`,
        });
      } else if (attachment.size === 0) {
        rejections.push({ reason: 'EMPTY_FILE', detail: `${fileName} is empty.` });
      } else if (attachment.size > MAX_DOCUMENT_BYTES) {
        rejections.push({
          reason: 'FILE_TOO_LARGE',
          detail: `${fileName} is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`,
        });
      } else {
        const document = await storeDocument(deps, {
          source: 'email',
          firmId,
          administrationId,
          kind,
          fileName,
          contentType: attachment.contentType,
          content: attachment.content,
          rawKey,
          index,
          receivedAt,
        });
        documents.push(document.id);
      }
    }
    if (documents.length === 0 && rejections.length === 0) {
      rejections.push({ reason: 'NO_ATTACHMENT', detail: 'The message has no attachment to take in.' });
    }
  }
  const log: InboundEmail = {
    id: idFrom(rawKey, recipient),
    administrationId,
    recipient,
    ...(from ? { from } : {}),
    ...(mail.subject ? { subject: mail.subject.slice(0, 500) } : {}),
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    rawKey,
    receivedAt,
    outcome: documents.length > 0 ? 'accepted' : 'rejected',
    documents,
    rejections,
  };
  await putOnce(deps.table, { pk: intakeKeys.emails(firmId, administrationId), sk: `${receivedAt}#${log.id}`, ...log });
  return log;
}

async function recordUnrouted(
  deps: EmailIntakeDeps,
  rawKey: string,
  receivedAt: string,
  recipient: string,
  rejection: InboundEmail['rejections'][number],
): Promise<InboundEmail> {
  const log: InboundEmail = {
    id: idFrom(rawKey, recipient),
    recipient,
    rawKey,
    receivedAt,
    outcome: 'rejected',
    documents: [],
    rejections: [rejection],
  };
  await putOnce(deps.table, {
    pk: intakeKeys.unrouted(receivedAt.slice(0, 10)),
    sk: `${receivedAt}#${log.id}`,
    ...log,
  });
  return log;
}
