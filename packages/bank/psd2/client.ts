import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Cents, toCents } from '#packages/kernel';
import type { BankLine } from '../model.js';
import {
  BankOutageError,
  BankRequestError,
  ConsentExpiredError,
  ConsentInvalidError,
  ConsentRevokedError,
  type Psd2Error,
  RateLimitedError,
  type TppMessage,
} from './errors.js';

// ---------------------------------------------------------------------------------------------
// The port: what the feed needs from a bank or an aggregator speaking the Berlin Group AIS API.

/** Berlin Group consent statuses (NextGenPSD2 XS2A, AIS). */
export const psd2ConsentStatuses = [
  'received',
  'rejected',
  'partiallyAuthorised',
  'valid',
  'revokedByPsu',
  'expired',
  'terminatedByTpp',
] as const;
export type Psd2ConsentStatus = (typeof psd2ConsentStatuses)[number];

export interface CreateConsentInput {
  /** IBANs the consent covers (accounts, balances and transactions on each). */
  readonly accounts: readonly string[];
  /** `YYYY-MM-DD`; at most 180 days ahead (the bank may shorten it). */
  readonly validUntil: string;
  /** Where the bank sends the PSU back after SCA (`TPP-Redirect-URI`). */
  readonly redirectUri: string;
  /** Where the bank sends the PSU after a failed or cancelled SCA (`TPP-Nok-Redirect-URI`). */
  readonly nokRedirectUri?: string;
  /** Unattended reads a day the consent allows; 4 is the PSD2 maximum without the PSU present. @default 4 */
  readonly frequencyPerDay?: number;
  /** The PSU's IP address, when the PSU is at the screen. */
  readonly psuIpAddress?: string;
}

export interface CreatedConsent {
  readonly consentId: string;
  readonly status: Psd2ConsentStatus;
  /** The bank's SCA page to send the PSU to (redirect approach). */
  readonly scaRedirect?: string;
}

export interface ConsentDetails {
  readonly consentId: string;
  readonly status: Psd2ConsentStatus;
  readonly validUntil: string;
  readonly frequencyPerDay?: number;
  /** IBANs named in the consent's access. */
  readonly accounts: readonly string[];
}

export interface AisAccount {
  /** The bank's id of the account for `/v1/accounts/{resourceId}/…`. */
  readonly resourceId: string;
  readonly iban?: string;
  readonly currency: string;
  readonly name?: string;
  readonly ownerName?: string;
  readonly product?: string;
}

export interface AisBalance {
  /** `closingBooked`, `expected`, `interimAvailable`, `interimBooked`, … */
  readonly type: string;
  readonly amount: Cents;
  readonly currency: string;
  readonly referenceDate?: string;
  readonly lastChangeDateTime?: string;
}

export interface TransactionQuery {
  /** `YYYY-MM-DD`, inclusive. */
  readonly dateFrom: string;
  /** `YYYY-MM-DD`, inclusive; today when absent. */
  readonly dateTo?: string;
  /** @default 'booked' */
  readonly bookingStatus?: 'booked' | 'pending' | 'both';
}

export interface TransactionPage {
  readonly booked: readonly BankLine[];
  /** Pending movements (only asked with `bookingStatus` `pending` or `both`); their dates may change. */
  readonly pending: readonly BankLine[];
  /** The bank's `_links.next.href`: pass it back to get the next page. */
  readonly next?: string;
}

export interface CallOptions {
  /** Present when the PSU is at the screen: such reads do not count against `frequencyPerDay`. */
  readonly psuIpAddress?: string;
  readonly signal?: AbortSignal;
}

/**
 * The account information port. Every method throws the typed errors of `errors.ts`:
 * {@link ConsentExpiredError}, {@link ConsentRevokedError}, {@link ConsentInvalidError},
 * {@link RateLimitedError}, {@link BankOutageError}, {@link BankRequestError}.
 */
export interface AisProvider {
  createConsent(input: CreateConsentInput): Promise<CreatedConsent>;
  getConsent(consentId: string): Promise<ConsentDetails>;
  getConsentStatus(consentId: string): Promise<Psd2ConsentStatus>;
  /** Ends the consent at the bank (`terminatedByTpp`). Deleting an unknown or ended consent is not an error. */
  deleteConsent(consentId: string): Promise<void>;
  listAccounts(consentId: string, options?: CallOptions): Promise<readonly AisAccount[]>;
  getBalances(consentId: string, accountId: string, options?: CallOptions): Promise<readonly AisBalance[]>;
  /** One page of transactions: the first when `next` is absent, else the page `next` points at. */
  transactionPage(
    consentId: string,
    accountId: string,
    query: TransactionQuery,
    next?: string,
    options?: CallOptions,
  ): Promise<TransactionPage>;
  /** All pages of transactions, following `_links.next`. */
  listTransactions(
    consentId: string,
    accountId: string,
    query: TransactionQuery,
    options?: CallOptions,
  ): Promise<Omit<TransactionPage, 'next'>>;
}

// ---------------------------------------------------------------------------------------------
// Wire shapes (lenient: banks add fields and differ in versions).

const Amount = z.object({ currency: z.string(), amount: z.union([z.string(), z.number()]) });
const AccountReference = z.looseObject({ iban: z.string().optional(), bban: z.string().optional() });
const Href = z.object({ href: z.string() });
const Links = z.looseObject({ next: Href.optional(), scaRedirect: Href.optional() });
const StructuredRemittance = z.union([
  z.string(),
  z.looseObject({ reference: z.string().optional(), referenceType: z.string().optional() }),
]);

const WireTransaction = z.looseObject({
  transactionId: z.string().optional(),
  entryReference: z.string().optional(),
  endToEndId: z.string().optional(),
  bookingDate: z.string().optional(),
  valueDate: z.string().optional(),
  transactionDate: z.string().optional(),
  transactionAmount: Amount,
  creditorName: z.string().optional(),
  creditorAccount: AccountReference.optional(),
  creditorAgent: z.string().optional(),
  debtorName: z.string().optional(),
  debtorAccount: AccountReference.optional(),
  debtorAgent: z.string().optional(),
  remittanceInformationUnstructured: z.string().optional(),
  remittanceInformationUnstructuredArray: z.array(z.string()).optional(),
  remittanceInformationStructured: StructuredRemittance.optional(),
  remittanceInformationStructuredArray: z.array(StructuredRemittance).optional(),
  creditorReference: z.string().optional(),
  bankTransactionCode: z.string().optional(),
  proprietaryBankTransactionCode: z.string().optional(),
});
export type WireTransaction = z.infer<typeof WireTransaction>;

const TransactionsResponse = z.looseObject({
  transactions: z.looseObject({
    booked: z.array(WireTransaction).optional(),
    pending: z.array(WireTransaction).optional(),
    _links: Links.optional(),
  }),
  _links: Links.optional(),
});
const ConsentCreatedResponse = z.looseObject({
  consentId: z.string(),
  consentStatus: z.enum(psd2ConsentStatuses),
  _links: Links.optional(),
});
const ConsentStatusResponse = z.looseObject({ consentStatus: z.enum(psd2ConsentStatuses) });
const ConsentResponse = z.looseObject({
  consentStatus: z.enum(psd2ConsentStatuses),
  validUntil: z.string(),
  frequencyPerDay: z.number().optional(),
  access: z
    .looseObject({
      accounts: z.array(AccountReference).optional(),
      balances: z.array(AccountReference).optional(),
      transactions: z.array(AccountReference).optional(),
    })
    .optional(),
});
const AccountsResponse = z.looseObject({
  accounts: z.array(
    z.looseObject({
      resourceId: z.string(),
      iban: z.string().optional(),
      currency: z.string(),
      name: z.string().optional(),
      ownerName: z.string().optional(),
      product: z.string().optional(),
    }),
  ),
});
const BalancesResponse = z.looseObject({
  balances: z.array(
    z.looseObject({
      balanceAmount: Amount,
      balanceType: z.string(),
      referenceDate: z.string().optional(),
      lastChangeDateTime: z.string().optional(),
    }),
  ),
});
const ErrorBody = z.looseObject({
  tppMessages: z
    .array(z.looseObject({ category: z.string().optional(), code: z.string().optional(), text: z.string().optional() }))
    .optional(),
  code: z.string().optional(),
  detail: z.string().optional(),
});

// ---------------------------------------------------------------------------------------------
// Mapping to the shared BankLine.

/** A Berlin Group amount (`"-12.5"`, `"1234.50"`, `"10.000"`) in cents. */
export function parseAmount(value: string | number): Cents {
  let text = String(value).trim().replace(/^\+/, '');
  const extra = /^(-?\d+\.\d{2})(\d+)$/.exec(text);
  if (extra?.[1] && extra[2] && /^0+$/.test(extra[2])) text = extra[1];
  return toCents(text);
}

const electronicIban = (value: string | undefined) => value?.replace(/\s+/g, '').toUpperCase() || undefined;
const oneLine = (value: string | undefined) => value?.replace(/\s+/g, ' ').trim() || undefined;

function structuredOf(tx: WireTransaction): string | undefined {
  const pick = (s: z.infer<typeof StructuredRemittance> | undefined) => (typeof s === 'string' ? s : s?.reference);
  return (
    oneLine(pick(tx.remittanceInformationStructured)) ??
    oneLine(tx.remittanceInformationStructuredArray?.map(pick).find((r) => r)) ??
    oneLine(tx.creditorReference)
  );
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * A Berlin Group transaction as a {@link BankLine}. The amount keeps its sign (negative is money
 * out); the counterparty is the creditor of money out and the debtor of money in. The bank
 * reference is `entryReference` (the id camt statements carry as AcctSvcrRef) or else
 * `transactionId`.
 */
export function toBankLine(tx: WireTransaction): BankLine {
  const amount = parseAmount(tx.transactionAmount.amount);
  const out = amount < 0;
  const bookingDate = tx.bookingDate ?? tx.valueDate ?? tx.transactionDate;
  if (!bookingDate) throw new BankRequestError('A transaction without any date.');
  return defined({
    bookingDate,
    valueDate: tx.valueDate,
    amount,
    currency: tx.transactionAmount.currency,
    counterpartyName: oneLine(out ? tx.creditorName : tx.debtorName),
    counterpartyIban: electronicIban(out ? tx.creditorAccount?.iban : tx.debtorAccount?.iban),
    counterpartyBic: oneLine(out ? tx.creditorAgent : tx.debtorAgent),
    remittance: oneLine(tx.remittanceInformationUnstructured ?? tx.remittanceInformationUnstructuredArray?.join(' ')),
    structuredReference: structuredOf(tx),
    bankReference: oneLine(tx.entryReference) ?? oneLine(tx.transactionId),
    endToEndId: oneLine(tx.endToEndId),
    transactionCode: oneLine(tx.bankTransactionCode ?? tx.proprietaryBankTransactionCode),
  });
}

// ---------------------------------------------------------------------------------------------
// The HTTP client.

export interface BerlinGroupClientOptions {
  /** The bank's XS2A root; `/v1/…` is appended (e.g. `https://psd2.bank.example/berlingroup`). */
  readonly baseUrl: string;
  /** Per request. @default 15000 */
  readonly timeoutMs?: number;
  /** Extra headers per request: the TPP's access token, an aggregator's API key. */
  readonly headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** `X-Request-ID` per request. @default crypto.randomUUID */
  readonly requestId?: () => string;
  /** Stops {@link AisProvider.listTransactions} from following an endless chain of links. @default 1000 */
  readonly maxPages?: number;
}

/** `Retry-After` as seconds: delta-seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

async function errorFrom(response: Response): Promise<Psd2Error> {
  const text = await response.text().catch(() => '');
  let tppMessages: TppMessage[] = [];
  try {
    const body = ErrorBody.safeParse(JSON.parse(text));
    if (body.success) {
      tppMessages = body.data.tppMessages ?? (body.data.code ? [{ code: body.data.code, text: body.data.detail }] : []);
    }
  } catch {
    // not JSON: the status alone decides
  }
  const codes = new Set(tppMessages.map((m) => m.code));
  const details = { status: response.status, tppMessages };
  const said = tppMessages.find((m) => m.text)?.text;
  if (response.status === 429 || codes.has('ACCESS_EXCEEDED')) {
    return new RateLimitedError(retryAfterSeconds(response.headers.get('retry-after')), details);
  }
  if (response.status >= 500) return new BankOutageError(`The bank answered ${response.status}.`, details);
  if (codes.has('CONSENT_EXPIRED')) return new ConsentExpiredError(said, details);
  if (codes.has('CONSENT_INVALID') || codes.has('CONSENT_UNKNOWN')) return new ConsentInvalidError(said, details);
  return new BankRequestError(said ?? `The bank refused the request (${response.status}).`, details);
}

/**
 * A Berlin Group NextGenPSD2 AIS client over `fetch`, with a timeout per request. It sends
 * `X-Request-ID` on every call, `Consent-ID` on account reads and `PSU-IP-Address` when the PSU
 * is present, and turns the bank's answers into the typed errors of `errors.ts`. A
 * `CONSENT_INVALID` on a read is looked into (one status call) so that a consent the PSU
 * revoked surfaces as {@link ConsentRevokedError} and one that ran out as {@link ConsentExpiredError}.
 */
export function berlinGroupClient(options: BerlinGroupClientOptions): AisProvider {
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const requestId = options.requestId ?? randomUUID;
  const maxPages = options.maxPages ?? 1000;
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  /** A path of the API (`v1/…`) or a link the bank gave (absolute, or relative to its host). */
  function urlOf(pathOrHref: string): URL {
    if (/^https?:\/\//i.test(pathOrHref) || pathOrHref.startsWith('/')) {
      let url = new URL(pathOrHref, base);
      if (pathOrHref.startsWith('/') && base.pathname !== '/' && !pathOrHref.startsWith(base.pathname)) {
        url = new URL(pathOrHref.slice(1), base);
      }
      if (url.origin !== base.origin) throw new BankRequestError(`The bank linked to another host: ${url.origin}.`);
      return url;
    }
    return new URL(pathOrHref, base);
  }

  async function call(
    method: string,
    pathOrHref: string,
    init: { headers?: Record<string, string | undefined>; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const url = urlOf(pathOrHref);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-request-id': requestId(),
      ...(await options.headers?.()),
    };
    for (const [k, v] of Object.entries(init.headers ?? {})) if (v !== undefined) headers[k] = v;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: init.signal ? AbortSignal.any([timeout, init.signal]) : timeout,
        redirect: 'manual',
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      const timedOut = timeout.aborted;
      throw new BankOutageError(
        timedOut ? `The bank did not answer within ${timeoutMs} ms.` : 'The bank could not be reached.',
        { cause: error },
      );
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  async function json<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new BankOutageError('The bank stopped sending its answer.', { cause: error });
      }
      throw new BankRequestError('The bank answered with something that is not JSON.', { cause: error });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new BankRequestError('The bank answered in an unexpected shape.', { cause: parsed.error });
    }
    return parsed.data;
  }

  const readHeaders = (consentId: string, o?: CallOptions) => ({
    'consent-id': consentId,
    'psu-ip-address': o?.psuIpAddress,
  });

  async function getConsentStatus(consentId: string): Promise<Psd2ConsentStatus> {
    const r = await call('GET', `v1/consents/${encodeURIComponent(consentId)}/status`);
    return (await json(r, ConsentStatusResponse)).consentStatus;
  }

  /** Runs a consent-bound read; a bare CONSENT_INVALID is explained by the consent's status. */
  async function read<T>(consentId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ConsentInvalidError)) throw error;
      const status = await getConsentStatus(consentId).catch(() => undefined);
      const details = { status: error.status, tppMessages: error.tppMessages, cause: error };
      if (status === 'revokedByPsu') throw new ConsentRevokedError('psu', details);
      if (status === 'terminatedByTpp') throw new ConsentRevokedError('tpp', details);
      if (status === 'expired') throw new ConsentExpiredError(undefined, details);
      throw error;
    }
  }

  async function transactionPage(
    consentId: string,
    accountId: string,
    query: TransactionQuery,
    next?: string,
    o?: CallOptions,
  ): Promise<TransactionPage> {
    return read(consentId, async () => {
      let target = next;
      if (!target) {
        const params = new URLSearchParams({
          dateFrom: query.dateFrom,
          bookingStatus: query.bookingStatus ?? 'booked',
        });
        if (query.dateTo) params.set('dateTo', query.dateTo);
        target = `v1/accounts/${encodeURIComponent(accountId)}/transactions?${params}`;
      }
      const r = await call('GET', target, { headers: readHeaders(consentId, o), signal: o?.signal });
      const body = await json(r, TransactionsResponse);
      const href = body.transactions._links?.next?.href ?? body._links?.next?.href;
      return {
        booked: (body.transactions.booked ?? []).map(toBankLine),
        pending: (body.transactions.pending ?? []).map(toBankLine),
        ...(href ? { next: href } : {}),
      };
    });
  }

  return {
    async createConsent(input) {
      const refs = input.accounts.map((iban) => ({ iban: electronicIban(iban) }));
      const r = await call('POST', 'v1/consents', {
        headers: {
          'tpp-redirect-uri': input.redirectUri,
          'tpp-nok-redirect-uri': input.nokRedirectUri,
          'tpp-redirect-preferred': 'true',
          'psu-ip-address': input.psuIpAddress,
        },
        body: {
          access: { accounts: refs, balances: refs, transactions: refs },
          recurringIndicator: true,
          validUntil: input.validUntil,
          frequencyPerDay: input.frequencyPerDay ?? 4,
          combinedServiceIndicator: false,
        },
      });
      const body = await json(r, ConsentCreatedResponse);
      const sca = body._links?.scaRedirect?.href;
      return { consentId: body.consentId, status: body.consentStatus, ...(sca ? { scaRedirect: sca } : {}) };
    },

    async getConsent(consentId) {
      const r = await call('GET', `v1/consents/${encodeURIComponent(consentId)}`);
      const body = await json(r, ConsentResponse);
      const ibans = new Set(
        [...(body.access?.accounts ?? []), ...(body.access?.transactions ?? [])]
          .map((a) => electronicIban(a.iban))
          .filter((x): x is string => !!x),
      );
      return defined({
        consentId,
        status: body.consentStatus,
        validUntil: body.validUntil,
        frequencyPerDay: body.frequencyPerDay,
        accounts: [...ibans],
      });
    },

    getConsentStatus,

    async deleteConsent(consentId) {
      try {
        await call('DELETE', `v1/consents/${encodeURIComponent(consentId)}`);
      } catch (error) {
        if (error instanceof ConsentInvalidError || error instanceof ConsentExpiredError) return;
        throw error;
      }
    },

    listAccounts: (consentId, o) =>
      read(consentId, async () => {
        const r = await call('GET', 'v1/accounts', { headers: readHeaders(consentId, o), signal: o?.signal });
        return (await json(r, AccountsResponse)).accounts.map((a) =>
          defined({
            resourceId: a.resourceId,
            iban: electronicIban(a.iban),
            currency: a.currency,
            name: a.name,
            ownerName: a.ownerName,
            product: a.product,
          }),
        );
      }),

    getBalances: (consentId, accountId, o) =>
      read(consentId, async () => {
        const r = await call('GET', `v1/accounts/${encodeURIComponent(accountId)}/balances`, {
          headers: readHeaders(consentId, o),
          signal: o?.signal,
        });
        return (await json(r, BalancesResponse)).balances.map((b) =>
          defined({
            type: b.balanceType,
            amount: parseAmount(b.balanceAmount.amount),
            currency: b.balanceAmount.currency,
            referenceDate: b.referenceDate,
            lastChangeDateTime: b.lastChangeDateTime,
          }),
        );
      }),

    transactionPage,

    async listTransactions(consentId, accountId, query, o) {
      const booked: BankLine[] = [];
      const pending: BankLine[] = [];
      let next: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const result = await transactionPage(consentId, accountId, query, next, o);
        booked.push(...result.booked);
        pending.push(...result.pending);
        next = result.next;
        if (!next) return { booked, pending };
      }
      throw new BankRequestError(`The bank kept linking to more pages after ${maxPages}.`);
    },
  };
}
