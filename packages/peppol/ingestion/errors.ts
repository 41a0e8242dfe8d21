import { DomainError, UnauthenticatedError } from '#packages/kernel';

/** The message is not a readable Peppol StandardBusinessDocument. */
export class EnvelopeError extends DomainError {
  override name = 'EnvelopeError';
  declare readonly code: 'ENVELOPE_UNREADABLE' | 'ENVELOPE_INVALID';
  constructor(code: 'ENVELOPE_UNREADABLE' | 'ENVELOPE_INVALID', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The access point's request is not signed with its connection's secret, or is stale (401). */
export class ApSignatureError extends UnauthenticatedError {
  override name = 'ApSignatureError';
}

/**
 * A dead letter this consumer does not take: raw input of another door than Peppol. It stays in
 * its dead-letter queue, where the operator sees and redrives it.
 */
export class DeadLetterKeptError extends DomainError {
  override name = 'DeadLetterKeptError';
  constructor(rawKey: string) {
    super('DEAD_LETTER_KEPT', `Dead letter ${rawKey} is no Peppol message; it stays in its dead-letter queue.`);
  }
}
