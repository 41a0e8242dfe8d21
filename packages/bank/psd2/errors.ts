import { DomainError } from '#packages/kernel';

/** One entry of a Berlin Group `tppMessages` array, as the bank sent it. */
export interface TppMessage {
  readonly category?: string;
  readonly code?: string;
  readonly path?: string;
  readonly text?: string;
}

/** Base of every error the PSD2 feed throws on purpose. */
export class Psd2Error extends DomainError {
  override name = 'Psd2Error';
  /** The HTTP status the bank answered with; absent for network failures. */
  readonly status?: number;
  readonly tppMessages: readonly TppMessage[];
  constructor(
    code: string,
    message: string,
    details: { status?: number; tppMessages?: readonly TppMessage[]; cause?: unknown } = {},
  ) {
    super(code, message, { cause: details.cause });
    if (details.status !== undefined) this.status = details.status;
    this.tppMessages = details.tppMessages ?? [];
  }
}

/** The consent's `validUntil` has passed (`CONSENT_EXPIRED`): the client must give a new one. */
export class ConsentExpiredError extends Psd2Error {
  override name = 'ConsentExpiredError';
  constructor(message = 'The PSD2 consent has expired.', details: ConstructorParameters<typeof Psd2Error>[2] = {}) {
    super('CONSENT_EXPIRED', message, details);
  }
}

/** The PSU withdrew the consent at the bank (`revokedByPsu`) or the TPP ended it (`terminatedByTpp`). */
export class ConsentRevokedError extends Psd2Error {
  override name = 'ConsentRevokedError';
  readonly by: 'psu' | 'tpp';
  constructor(by: 'psu' | 'tpp', details: ConstructorParameters<typeof Psd2Error>[2] = {}) {
    super(
      'CONSENT_REVOKED',
      by === 'psu' ? 'The account holder revoked the PSD2 consent.' : 'The PSD2 consent was terminated.',
      details,
    );
    this.by = by;
  }
}

/**
 * The consent cannot be used for this call (`CONSENT_INVALID`, `CONSENT_UNKNOWN`): not yet
 * authorised, rejected, or not covering the account.
 */
export class ConsentInvalidError extends Psd2Error {
  override name = 'ConsentInvalidError';
  constructor(
    message = 'The PSD2 consent is not valid for this request.',
    details: ConstructorParameters<typeof Psd2Error>[2] = {},
  ) {
    super('CONSENT_INVALID', message, details);
  }
}

/**
 * HTTP 429: too many requests now (`Retry-After` says when to try again) or the consent's
 * `frequencyPerDay` is used up (`ACCESS_EXCEEDED`, usually without `Retry-After`).
 */
export class RateLimitedError extends Psd2Error {
  override name = 'RateLimitedError';
  /** Seconds from `Retry-After` (delta-seconds or HTTP date); absent when the bank sent none. */
  readonly retryAfterSeconds?: number;
  constructor(retryAfterSeconds: number | undefined, details: ConstructorParameters<typeof Psd2Error>[2] = {}) {
    const code = details.tppMessages?.some((m) => m.code === 'ACCESS_EXCEEDED') ? 'ACCESS_EXCEEDED' : 'RATE_LIMITED';
    super(
      code,
      retryAfterSeconds === undefined
        ? 'The bank limits access to this consent.'
        : `The bank asks to retry after ${retryAfterSeconds} s.`,
      details,
    );
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The bank cannot be reached or fails on its side (5xx, network error, timeout): worth a retry later. */
export class BankOutageError extends Psd2Error {
  override name = 'BankOutageError';
  constructor(message: string, details: ConstructorParameters<typeof Psd2Error>[2] = {}) {
    super('BANK_OUTAGE', message, details);
  }
}

/** Any other refusal (4xx) or an answer that is not the Berlin Group shape: retrying will not help. */
export class BankRequestError extends Psd2Error {
  override name = 'BankRequestError';
  constructor(message: string, details: ConstructorParameters<typeof Psd2Error>[2] = {}) {
    super(details.tppMessages?.[0]?.code ?? 'BANK_REQUEST_FAILED', message, details);
  }
}
