import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatCents } from '#packages/kernel';
import { demoScenario, type SandboxAccount, type SandboxScenario, type SandboxTransaction } from './scenario.ts';

/**
 * A bank on loopback that speaks the Berlin Group NextGenPSD2 XS2A account information API
 * (`/v1/consents`, `/v1/accounts`, balances, transactions with `_links.next` paging), for the
 * local twin and the tests: no real bank can be reached from here.
 *
 * Besides the standard API it has a few `/sandbox/…` endpoints a portal or `curl` can use:
 *
 * | endpoint | does |
 * |---|---|
 * | `GET /sandbox/sca/{consentId}` | the bank's SCA page: links to approve or refuse |
 * | `GET /sandbox/sca/{consentId}?result=ok\|nok` | approves (`valid`) or refuses (`rejected`) and redirects to the TPP redirect URI |
 * | `POST /sandbox/consents/{consentId}/revoke` | the PSU withdraws the consent at the bank (`revokedByPsu`) |
 * | `POST /sandbox/consents/{consentId}/expire` | the consent runs out now (`expired`) |
 * | `POST /sandbox/accounts/{resourceId}/transactions` | adds movements (a JSON array of {@link SandboxTransaction}) |
 * | `POST /sandbox/failures` | `{ "count": 2, "failure": 429, "retryAfterSeconds": 1 }`: the next calls fail |
 */

export type SandboxFailure = 429 | 500 | 502 | 503 | 'reset' | 'hang';

export interface SandboxBankOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** The bank's clock (consent expiry, today's balance, the default `dateTo`). @default () => new Date() */
  readonly now?: () => Date;
  /** Longest consent the bank grants; a longer `validUntil` is shortened. @default 180 */
  readonly maxConsentDays?: number;
}

export type SandboxConsentStatus = 'received' | 'rejected' | 'valid' | 'revokedByPsu' | 'expired' | 'terminatedByTpp';

export interface SandboxConsent {
  readonly consentId: string;
  status: SandboxConsentStatus;
  validUntil: string;
  readonly frequencyPerDay: number;
  readonly recurringIndicator: boolean;
  /** IBANs the consent covers. */
  readonly ibans: readonly string[];
  readonly redirectUri: string;
  readonly nokRedirectUri?: string;
  lastActionDate: string;
}

export interface SandboxRequest {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  readonly status: number;
  readonly requestId?: string;
  readonly consentId?: string;
  readonly psuIpAddress?: string;
}

export interface SandboxBank {
  /** The XS2A root: give it to the client as `baseUrl`. */
  readonly url: string;
  readonly scenario: SandboxScenario;
  /** Every request answered, in order. */
  readonly requests: readonly SandboxRequest[];
  close(): Promise<void>;
  /** Books more movements on an account (late bookings included: they slot in by booking date). */
  addTransactions(accountId: string, lines: readonly SandboxTransaction[]): void;
  /**
   * The next `count` API calls (`/v1/…`, or only those whose path starts with `pathPrefix`) fail:
   * 429 (with `Retry-After` when `retryAfterSeconds` is given), a 5xx, a reset connection, or no
   * answer at all (`hang`, for timeouts).
   */
  failNext(count: number, failure: SandboxFailure, options?: { retryAfterSeconds?: number; pathPrefix?: string }): void;
  setPageSize(size: number): void;
  consent(consentId: string): SandboxConsent | undefined;
  /** What the SCA page does on success: the consent becomes `valid`. */
  approveConsent(consentId: string): void;
  rejectConsent(consentId: string): void;
  expireConsent(consentId: string): void;
  revokeConsent(consentId: string): void;
}

interface StoredTransaction extends SandboxTransaction {
  readonly transactionId: string;
  readonly seq: number;
}

interface Failure {
  readonly failure: SandboxFailure;
  readonly retryAfterSeconds?: number;
  readonly pathPrefix?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: string,
  ) {
    super(text);
  }
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return dayOf(d);
};
const isDay = (value: string | null): value is string =>
  !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
const electronic = (iban: string) => iban.replace(/\s+/g, '').toUpperCase();
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * Starts the sandbox bank on loopback with `scenario` (the demo scenario when absent: two Dutch
 * and one Belgian account with 120 days of movements).
 */
export async function startSandboxBank(
  scenario: SandboxScenario = demoScenario(),
  options: SandboxBankOptions = {},
): Promise<SandboxBank> {
  const now = options.now ?? (() => new Date());
  const maxConsentDays = options.maxConsentDays ?? 180;
  const consents = new Map<string, SandboxConsent>();
  const failures: Failure[] = [];
  const requests: SandboxRequest[] = [];
  /** Unattended reads per consent, resource and day (`frequencyPerDay`). */
  const usage = new Map<string, number>();
  const hanging = new Set<ServerResponse>();

  const accounts = new Map<string, SandboxAccount>();
  const ledgers = new Map<string, StoredTransaction[]>();
  let seq = 0;
  const store = (account: SandboxAccount, lines: readonly SandboxTransaction[]) => {
    const ledger = ledgers.get(account.resourceId) ?? [];
    for (const line of lines) {
      seq++;
      ledger.push({
        ...line,
        transactionId: line.transactionId ?? `${account.resourceId}-${String(seq).padStart(6, '0')}`,
        seq,
      });
    }
    // Booking-date order, stable: a late booking slots in among its day's lines at the end.
    ledger.sort((a, b) => a.bookingDate.localeCompare(b.bookingDate) || a.seq - b.seq);
    ledgers.set(account.resourceId, ledger);
  };
  for (const account of scenario.accounts) {
    accounts.set(account.resourceId, account);
    store(account, account.transactions);
  }
  /** Books later movements: in the ledger the API serves and in the scenario, which stays the whole truth. */
  const book = (account: SandboxAccount, lines: readonly SandboxTransaction[]) => {
    account.transactions.push(...lines);
    store(account, lines);
  };

  const accountOf = (resourceId: string) => {
    const account = accounts.get(resourceId);
    if (!account) throw new HttpError(404, 'RESOURCE_UNKNOWN', `No account ${resourceId}.`);
    return account;
  };

  /** The consent's status now: a `valid` consent past its `validUntil` has expired. */
  const current = (consent: SandboxConsent) => {
    if (consent.status === 'valid' && dayOf(now()) > consent.validUntil) consent.status = 'expired';
    return consent;
  };

  const consentInPath = (consentId: string) => {
    const consent = consents.get(consentId);
    if (!consent) throw new HttpError(403, 'CONSENT_UNKNOWN', 'The consent is not known.');
    return current(consent);
  };

  /** The consent a read is made under, checked for the account it reads (when one). */
  const consentForRead = (req: IncomingMessage, account?: SandboxAccount) => {
    const consentId = req.headers['consent-id'];
    if (typeof consentId !== 'string' || !consentId) throw new HttpError(400, 'FORMAT_ERROR', 'Consent-ID is missing.');
    const consent = consents.get(consentId);
    if (!consent) throw new HttpError(400, 'CONSENT_UNKNOWN', 'The Consent-ID is not known.');
    current(consent);
    if (consent.status === 'expired') throw new HttpError(401, 'CONSENT_EXPIRED', 'The consent has expired.');
    if (consent.status !== 'valid') {
      throw new HttpError(401, 'CONSENT_INVALID', `The consent is ${consent.status}.`);
    }
    if (account && !consent.ibans.includes(account.iban)) {
      throw new HttpError(401, 'CONSENT_INVALID', 'The consent does not cover this account.');
    }
    return consent;
  };

  /** Counts a read without the PSU present against `frequencyPerDay` (first pages only). */
  const countRead = (req: IncomingMessage, consent: SandboxConsent, resource: string) => {
    if (req.headers['psu-ip-address']) return;
    const key = `${consent.consentId}|${resource}|${dayOf(now())}`;
    const used = (usage.get(key) ?? 0) + 1;
    if (used > consent.frequencyPerDay) {
      throw new HttpError(429, 'ACCESS_EXCEEDED', 'The daily number of reads for this consent is used up.');
    }
    usage.set(key, used);
  };

  const balancesOf = (account: SandboxAccount) => {
    const today = dayOf(now());
    const ledger = ledgers.get(account.resourceId) ?? [];
    const booked = ledger.filter((t) => (t.status ?? 'booked') === 'booked' && t.bookingDate <= today);
    const pending = ledger.filter((t) => t.status === 'pending');
    const closing = booked.reduce((sum, t) => sum + t.amount, account.openingBalance);
    const available = pending.reduce((sum, t) => sum + t.amount, closing);
    const amount = (cents: number) => ({ currency: account.currency, amount: formatCents(cents) });
    return [
      { balanceAmount: amount(closing), balanceType: 'closingBooked', referenceDate: today },
      { balanceAmount: amount(available), balanceType: 'interimAvailable', referenceDate: today },
    ];
  };

  const accountJson = (account: SandboxAccount, withBalance: boolean) => ({
    resourceId: account.resourceId,
    iban: account.iban,
    currency: account.currency,
    name: account.name,
    ownerName: account.ownerName,
    ...(account.product ? { product: account.product } : {}),
    cashAccountType: 'CACC',
    ...(withBalance ? { balances: balancesOf(account) } : {}),
    _links: {
      balances: { href: `/v1/accounts/${account.resourceId}/balances` },
      transactions: { href: `/v1/accounts/${account.resourceId}/transactions` },
    },
  });

  const transactionJson = (account: SandboxAccount, t: StoredTransaction) => {
    const out = t.amount < 0;
    const own = { name: account.ownerName, account: { iban: account.iban }, agent: account.bic };
    const other = {
      name: t.counterpartyName,
      account: t.counterpartyIban ? { iban: electronic(t.counterpartyIban) } : undefined,
      agent: t.counterpartyBic,
    };
    const creditor = out ? other : own;
    const debtor = out ? own : other;
    const references = account.references ?? 'entry';
    const pending = t.status === 'pending';
    const json: Record<string, unknown> = {
      ...(references !== 'none' ? { transactionId: t.transactionId } : {}),
      ...(references === 'entry'
        ? { entryReference: `ER${t.bookingDate.replace(/-/g, '')}${String(t.seq).padStart(7, '0')}` }
        : {}),
      ...(t.endToEndId ? { endToEndId: t.endToEndId } : {}),
      ...(pending ? { transactionDate: t.bookingDate } : { bookingDate: t.bookingDate }),
      valueDate: t.valueDate ?? t.bookingDate,
      transactionAmount: { currency: account.currency, amount: formatCents(t.amount) },
      ...(creditor.name ? { creditorName: creditor.name } : {}),
      ...(creditor.account ? { creditorAccount: creditor.account } : {}),
      ...(creditor.agent ? { creditorAgent: creditor.agent } : {}),
      ...(debtor.name ? { debtorName: debtor.name } : {}),
      ...(debtor.account ? { debtorAccount: debtor.account } : {}),
      ...(debtor.agent ? { debtorAgent: debtor.agent } : {}),
      ...(t.bankTransactionCode ? { bankTransactionCode: t.bankTransactionCode } : {}),
    };
    if (typeof t.remittance === 'string') json.remittanceInformationUnstructured = t.remittance;
    else if (t.remittance) json.remittanceInformationUnstructuredArray = [...t.remittance];
    if (t.structuredReference) {
      json.remittanceInformationStructured =
        (account.structuredAs ?? 'string') === 'object'
          ? { reference: t.structuredReference, referenceType: 'SCOR' }
          : t.structuredReference;
    }
    return json;
  };

  const transactions = (req: IncomingMessage, url: URL, account: SandboxAccount) => {
    const consent = consentForRead(req, account);
    const dateFrom = url.searchParams.get('dateFrom');
    const bookingStatus = url.searchParams.get('bookingStatus');
    const dateTo = url.searchParams.get('dateTo') ?? dayOf(now());
    if (!isDay(dateFrom)) throw new HttpError(400, 'FORMAT_ERROR', 'dateFrom (YYYY-MM-DD) is required.');
    if (!isDay(dateTo)) throw new HttpError(400, 'FORMAT_ERROR', 'dateTo must be YYYY-MM-DD.');
    if (!bookingStatus || !['booked', 'pending', 'both'].includes(bookingStatus)) {
      throw new HttpError(400, 'FORMAT_ERROR', 'bookingStatus must be booked, pending or both.');
    }
    const pageParam = url.searchParams.get('page');
    const page = pageParam === null ? 0 : Number(pageParam);
    if (!Number.isInteger(page) || page < 0) throw new HttpError(400, 'FORMAT_ERROR', 'page is not a page number.');
    if (page === 0) countRead(req, consent, url.pathname);

    const ledger = ledgers.get(account.resourceId) ?? [];
    const selected = ledger.filter((t) => {
      const status = t.status ?? 'booked';
      if (bookingStatus !== 'both' && status !== bookingStatus) return false;
      return t.bookingDate >= dateFrom && t.bookingDate <= dateTo;
    });
    const ordered = [
      ...selected.filter((t) => (t.status ?? 'booked') === 'booked'),
      ...selected.filter((t) => t.status === 'pending'),
    ];
    const size = Math.max(1, scenario.pageSize ?? 50);
    const slice = ordered.slice(page * size, (page + 1) * size);
    const links: Record<string, { href: string }> = { account: { href: `/v1/accounts/${account.resourceId}` } };
    if ((page + 1) * size < ordered.length) {
      const next = new URLSearchParams(url.searchParams);
      next.set('page', String(page + 1));
      links.next = { href: `${url.pathname}?${next}` };
    }
    return {
      account: { iban: account.iban },
      transactions: {
        booked: slice.filter((t) => (t.status ?? 'booked') === 'booked').map((t) => transactionJson(account, t)),
        ...(bookingStatus !== 'booked'
          ? { pending: slice.filter((t) => t.status === 'pending').map((t) => transactionJson(account, t)) }
          : {}),
        _links: links,
      },
    };
  };

  async function bodyOf(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 1_000_000) throw new HttpError(413, 'FORMAT_ERROR', 'The body is too large.');
      chunks.push(chunk as Buffer);
    }
    if (!size) return undefined;
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new HttpError(400, 'FORMAT_ERROR', 'The body is not JSON.');
    }
  }

  async function createConsent(req: IncomingMessage, res: ServerResponse, base: string) {
    const redirectUri = req.headers['tpp-redirect-uri'];
    if (typeof redirectUri !== 'string' || !redirectUri) {
      throw new HttpError(400, 'FORMAT_ERROR', 'TPP-Redirect-URI is required: this bank uses the redirect approach.');
    }
    const body = (await bodyOf(req)) as
      | {
          access?: {
            accounts?: { iban?: string }[];
            transactions?: { iban?: string }[];
            balances?: { iban?: string }[];
            availableAccounts?: string;
          };
          validUntil?: string;
          frequencyPerDay?: number;
          recurringIndicator?: boolean;
        }
      | undefined;
    if (!body?.access) throw new HttpError(400, 'FORMAT_ERROR', 'access is required.');
    const named = [
      ...(body.access.accounts ?? []),
      ...(body.access.transactions ?? []),
      ...(body.access.balances ?? []),
    ]
      .map((a) => (a.iban ? electronic(a.iban) : undefined))
      .filter((x): x is string => !!x);
    const known = new Set([...accounts.values()].map((a) => a.iban));
    const ibans = body.access.availableAccounts ? [...known] : [...new Set(named)];
    if (!ibans.length) throw new HttpError(400, 'FORMAT_ERROR', 'The consent names no accounts.');
    const unknown = ibans.filter((i) => !known.has(i));
    if (unknown.length) throw new HttpError(400, 'FORMAT_ERROR', `Unknown account(s): ${unknown.join(', ')}.`);
    const today = dayOf(now());
    if (!isDay(body.validUntil ?? null) || (body.validUntil ?? '') < today) {
      throw new HttpError(400, 'FORMAT_ERROR', 'validUntil must be a date from today.');
    }
    const frequencyPerDay = body.frequencyPerDay ?? 4;
    if (!Number.isInteger(frequencyPerDay) || frequencyPerDay < 1) {
      throw new HttpError(400, 'FORMAT_ERROR', 'frequencyPerDay must be a whole number from 1.');
    }
    const latest = addDays(today, maxConsentDays);
    const consent: SandboxConsent = {
      consentId: `cns-${randomUUID()}`,
      status: 'received',
      validUntil: (body.validUntil as string) > latest ? latest : (body.validUntil as string),
      frequencyPerDay,
      recurringIndicator: body.recurringIndicator ?? true,
      ibans,
      redirectUri,
      ...(typeof req.headers['tpp-nok-redirect-uri'] === 'string'
        ? { nokRedirectUri: req.headers['tpp-nok-redirect-uri'] }
        : {}),
      lastActionDate: today,
    };
    consents.set(consent.consentId, consent);
    const self = `/v1/consents/${consent.consentId}`;
    res.setHeader('location', `${base}${self}`);
    res.setHeader('aspsp-sca-approach', 'REDIRECT');
    return {
      status: 201,
      body: {
        consentStatus: consent.status,
        consentId: consent.consentId,
        _links: {
          scaRedirect: { href: `${base}/sandbox/sca/${consent.consentId}` },
          self: { href: self },
          status: { href: `${self}/status` },
        },
      },
    };
  }

  const consentJson = (c: SandboxConsent) => {
    const refs = c.ibans.map((iban) => ({ iban }));
    return {
      access: { accounts: refs, balances: refs, transactions: refs },
      recurringIndicator: c.recurringIndicator,
      validUntil: c.validUntil,
      frequencyPerDay: c.frequencyPerDay,
      lastActionDate: c.lastActionDate,
      consentStatus: c.status,
    };
  };

  const settle = (consentId: string, status: SandboxConsentStatus, from?: readonly SandboxConsentStatus[]) => {
    const consent = consents.get(consentId);
    if (!consent) throw new HttpError(404, 'CONSENT_UNKNOWN', `No consent ${consentId}.`);
    current(consent);
    if (from && !from.includes(consent.status)) {
      throw new HttpError(409, 'STATUS_INVALID', `The consent is ${consent.status}.`);
    }
    consent.status = status;
    consent.lastActionDate = dayOf(now());
    return consent;
  };

  type Answer = { status: number; body?: unknown; html?: string; location?: string } | undefined;

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, base: string): Promise<Answer> {
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const [root, a, b, c] = parts;

    if (root === 'sandbox') {
      if (a === 'sca' && b && method === 'GET') {
        const consent = consentInPath(b);
        const result = url.searchParams.get('result');
        if (result === 'ok' || result === 'nok') {
          if (consent.status === 'received') settle(b, result === 'ok' ? 'valid' : 'rejected');
          const ok = consent.status === 'valid';
          return { status: 302, location: ok ? consent.redirectUri : (consent.nokRedirectUri ?? consent.redirectUri) };
        }
        const link = (r: string) => `/sandbox/sca/${encodeURIComponent(b)}?result=${r}`;
        return {
          status: 200,
          html: `<!doctype html><meta charset="utf-8"><title>${escapeHtml(scenario.bankName)}: toestemming</title>
<h1>${escapeHtml(scenario.bankName)}</h1>
<p>Geeft u toestemming om de gegevens van deze rekeningen te delen tot ${escapeHtml(consent.validUntil)}?</p>
<ul>${consent.ibans.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>
<p><a href="${link('ok')}">Toestemming geven</a> · <a href="${link('nok')}">Weigeren</a></p>`,
        };
      }
      if (a === 'consents' && b && method === 'POST' && (c === 'revoke' || c === 'expire')) {
        settle(b, c === 'revoke' ? 'revokedByPsu' : 'expired');
        return { status: 204 };
      }
      if (a === 'accounts' && b && c === 'transactions' && method === 'POST') {
        const lines = await bodyOf(req);
        if (!Array.isArray(lines)) throw new HttpError(400, 'FORMAT_ERROR', 'Send a JSON array of transactions.');
        book(accountOf(b), lines as SandboxTransaction[]);
        return { status: 204 };
      }
      if (a === 'failures' && method === 'POST') {
        const body = (await bodyOf(req)) as { count?: number; failure?: SandboxFailure; retryAfterSeconds?: number };
        if (!body?.count || !body.failure) throw new HttpError(400, 'FORMAT_ERROR', 'count and failure are required.');
        bank.failNext(body.count, body.failure, { retryAfterSeconds: body.retryAfterSeconds });
        return { status: 204 };
      }
      return undefined;
    }

    if (root !== 'v1') return undefined;
    if (!req.headers['x-request-id']) throw new HttpError(400, 'FORMAT_ERROR', 'X-Request-ID is required.');

    if (a === 'consents') {
      if (!b && method === 'POST') return createConsent(req, res, base);
      if (b && !c && method === 'GET') return { status: 200, body: consentJson(consentInPath(b)) };
      if (b && c === 'status' && method === 'GET')
        return { status: 200, body: { consentStatus: consentInPath(b).status } };
      if (b && !c && method === 'DELETE') {
        const consent = consentInPath(b);
        if (consent.status === 'received' || consent.status === 'valid') settle(b, 'terminatedByTpp');
        return { status: 204 };
      }
      return undefined;
    }

    if (a === 'accounts' && method === 'GET') {
      if (!b) {
        const consent = consentForRead(req);
        countRead(req, consent, url.pathname);
        const withBalance = url.searchParams.get('withBalance') === 'true';
        const list = [...accounts.values()].filter((acc) => consent.ibans.includes(acc.iban));
        return { status: 200, body: { accounts: list.map((acc) => accountJson(acc, withBalance)) } };
      }
      const account = accountOf(b);
      if (!c) {
        const consent = consentForRead(req, account);
        countRead(req, consent, url.pathname);
        return { status: 200, body: { account: accountJson(account, url.searchParams.get('withBalance') === 'true') } };
      }
      if (c === 'balances') {
        const consent = consentForRead(req, account);
        countRead(req, consent, url.pathname);
        return { status: 200, body: { account: { iban: account.iban }, balances: balancesOf(account) } };
      }
      if (c === 'transactions' && parts.length === 4) return { status: 200, body: transactions(req, url, account) };
    }
    return undefined;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const base = `http://${req.headers.host ?? 'localhost'}`;
    const requestId = typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : undefined;
    const log = (status: number) =>
      requests.push({
        method: req.method ?? 'GET',
        url: `${url.pathname}${url.search}`,
        status,
        ...(requestId ? { requestId } : {}),
        ...(typeof req.headers['consent-id'] === 'string' ? { consentId: req.headers['consent-id'] } : {}),
        ...(typeof req.headers['psu-ip-address'] === 'string' ? { psuIpAddress: req.headers['psu-ip-address'] } : {}),
      });
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      log(status);
      if (requestId) res.setHeader('x-request-id', requestId);
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (body === undefined) {
        res.writeHead(status).end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const problem = (error: HttpError, headers?: Record<string, string>) =>
      send(error.status, { tppMessages: [{ category: 'ERROR', code: error.code, text: error.text }] }, headers);

    if (url.pathname.startsWith('/v1/')) {
      const index = failures.findIndex((f) => !f.pathPrefix || url.pathname.startsWith(f.pathPrefix));
      const failure = index >= 0 ? failures.splice(index, 1)[0] : undefined;
      if (failure) {
        req.resume();
        if (failure.failure === 'reset') {
          log(0);
          req.socket.destroy();
          return;
        }
        if (failure.failure === 'hang') {
          log(0);
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        }
        if (failure.failure === 429) {
          problem(
            new HttpError(429, 'ACCESS_EXCEEDED', 'Too many requests.'),
            failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) },
          );
          return;
        }
        problem(new HttpError(failure.failure, 'INTERNAL_SERVER_ERROR', 'The bank has a temporary problem.'));
        return;
      }
    }

    route(req, res, url, base).then(
      (answer) => {
        if (!answer) return problem(new HttpError(404, 'RESOURCE_UNKNOWN', `No ${req.method} ${url.pathname}.`));
        if (answer.location) return send(answer.status, undefined, { location: answer.location });
        if (answer.html !== undefined) {
          log(answer.status);
          res.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8' }).end(answer.html);
          return;
        }
        return send(answer.status, answer.body);
      },
      (error: unknown) => {
        if (error instanceof HttpError) return problem(error);
        return problem(new HttpError(500, 'INTERNAL_SERVER_ERROR', String(error)));
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const bank: SandboxBank = {
    url: `http://${host}:${address.port}`,
    scenario,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of hanging) res.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    addTransactions(accountId, lines) {
      book(accountOf(accountId), lines);
    },
    failNext(count, failure, failOptions = {}) {
      for (let i = 0; i < count; i++) failures.push({ failure, ...failOptions });
    },
    setPageSize(size) {
      scenario.pageSize = size;
    },
    consent: (consentId) => {
      const consent = consents.get(consentId);
      return consent && current(consent);
    },
    approveConsent: (consentId) => void settle(consentId, 'valid', ['received']),
    rejectConsent: (consentId) => void settle(consentId, 'rejected', ['received']),
    expireConsent: (consentId) => void settle(consentId, 'expired'),
    revokeConsent: (consentId) => void settle(consentId, 'revokedByPsu'),
  };
  return bank;
}
