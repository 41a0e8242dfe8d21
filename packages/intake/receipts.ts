import { ConflictError } from '#packages/kernel';
import { type Table, transactWrite } from '#packages/table';
import { type InboundEmail, intakeKeys, type RejectionReason } from './model.js';

export interface IntakeReceipt {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

const reasons: Readonly<Record<RejectionReason, string>> = {
  UNKNOWN_ADDRESS: 'onbekend ontvangstadres',
  SENDER_NOT_ALLOWED: 'afzender niet toegestaan',
  NO_ATTACHMENT: 'geen bijlage gevonden',
  UNSUPPORTED_TYPE: 'bestandstype niet ondersteund (stuur PDF, foto of UBL/XML)',
  EMPTY_FILE: 'leeg bestand',
  FILE_TOO_LARGE: 'bestand groter dan 20 MB',
  MALFORMED_MIME: 'het bericht kon niet gelezen worden',
};

/** Addresses that must never get an automatic reply (RFC 3834): bounces, lists, robots. */
const robot = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|notifications?)([+@.-]|$)/i;

/**
 * The receipt a sender gets for an e-mail taken in: how many documents arrived and what was
 * refused, with why. None for refused senders and unknown addresses (no backscatter to forged
 * senders), nor for robots.
 */
export function intakeReceipt(log: InboundEmail, administrationName: string): IntakeReceipt | undefined {
  if (!log.from || !log.administrationId || robot.test(log.from)) return undefined;
  if (log.rejections.some((r) => r.reason === 'SENDER_NOT_ALLOWED' || r.reason === 'UNKNOWN_ADDRESS')) {
    return undefined;
  }
  const received = log.documents.length;
  const lines = [
    `Uw e-mail${log.subject ? ` "${log.subject}"` : ''} aan ${administrationName} is ontvangen.`,
    '',
    received === 1 ? '1 document is in behandeling genomen.' : `${received} documenten zijn in behandeling genomen.`,
  ];
  if (log.rejections.length > 0) {
    lines.push('', 'Niet verwerkt:');
    for (const r of log.rejections) lines.push(`- ${r.detail} (${reasons[r.reason]})`);
  }
  lines.push('', `Kenmerk: ${log.id}`, '', 'Dit is een automatisch bericht; beantwoorden is niet nodig.');
  return {
    to: log.from,
    subject: received > 0 ? `Ontvangen: ${received} document${received === 1 ? '' : 'en'}` : 'Niet verwerkt',
    text: lines.join('\n'),
  };
}

/**
 * Marks the receipt of an e-mail log as sent, once: true for the first caller, false when it
 * was sent before (a redelivered message sends nothing twice).
 */
export async function claimReceipt(table: Table, firmId: string, log: InboundEmail, now: Date): Promise<boolean> {
  if (!log.administrationId) return false;
  try {
    await transactWrite(
      table,
      [
        {
          Update: {
            Key: { pk: intakeKeys.emails(firmId, log.administrationId), sk: `${log.receivedAt}#${log.id}` },
            UpdateExpression: 'SET receiptSentAt = :now',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(receiptSentAt)',
            ExpressionAttributeValues: { ':now': now.toISOString() },
          },
        },
      ],
      () => new ConflictError('RECEIPT_SENT', 'The receipt was sent before.'),
    );
    return true;
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'RECEIPT_SENT') return false;
    throw error;
  }
}
