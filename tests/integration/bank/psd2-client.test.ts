import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxBank, SandboxScenario } from '#infra/local/sandbox-bank/index.ts';
import {
  BankOutageError,
  ConsentExpiredError,
  ConsentInvalidError,
  ConsentRevokedError,
  RateLimitedError,
} from '#packages/bank/psd2';
import { clientFor, connect, redirectUri, sandbox } from './psd2-support.ts';

let bank: SandboxBank | undefined;
afterEach(async () => {
  await bank?.close();
  bank = undefined;
});

const nl = 'NL44SNDB0123456789';
const be = 'BE68539007547034';
const small = (): SandboxScenario => ({
  bankName: 'Sandbox Bank',
  pageSize: 50,
  accounts: [
    {
      resourceId: 'acc-nl',
      iban: nl,
      currency: 'EUR',
      name: 'Zakelijke rekening',
      ownerName: 'Bakkerij Jansen B.V.',
      bic: 'SNDBNL2A',
      openingBalance: 100_000,
      references: 'entry',
      structuredAs: 'string',
      transactions: [
        {
          bookingDate: '2026-11-02',
          valueDate: '2026-11-01',
          amount: -12_345,
          counterpartyName: 'Meelfabriek De Hoop B.V.',
          counterpartyIban: 'NL18 RABO 0123 4597 89',
          counterpartyBic: 'RABONL2U',
          remittance: ['Factuur 2026-0412', 'klantnr 10442'],
          endToEndId: 'E2E-0412',
          bankTransactionCode: 'PMNT-ICDT-ESCT',
        },
        {
          bookingDate: '2026-11-03',
          amount: 50_000,
          counterpartyName: 'Restaurant De Gouden Leeuw',
          counterpartyIban: 'NL02ABNA0123456789',
          structuredReference: '5000056789012345',
        },
      ],
    },
    {
      resourceId: 'acc-be',
      iban: be,
      currency: 'EUR',
      name: 'Zichtrekening',
      ownerName: 'Frituur Peeters BV',
      openingBalance: 0,
      references: 'transaction',
      structuredAs: 'object',
      transactions: [
        {
          bookingDate: '2026-11-04',
          amount: 8_950,
          counterpartyName: 'Brasserie Den Hoek',
          counterpartyIban: 'BE71096123456769',
          structuredReference: '+++090/9337/55493+++',
        },
      ],
    },
  ],
});

describe('berlinGroupClient consent flow', () => {
  it('keeps a new consent received until the PSU approves it at the bank, then reads the consented accounts', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank);

    const created = await client.createConsent({ accounts: [nl], validUntil: '2027-05-01', redirectUri });
    expect(created.status).toBe('received');
    expect(await client.getConsentStatus(created.consentId)).toBe('received');
    await expect(client.listAccounts(created.consentId)).rejects.toBeInstanceOf(ConsentInvalidError);

    const sca = await fetch(`${created.scaRedirect}?result=ok`, { redirect: 'manual' });
    expect(sca.status).toBe(302);
    expect(sca.headers.get('location')).toBe(redirectUri);

    expect(await client.getConsentStatus(created.consentId)).toBe('valid');
    const accounts = await client.listAccounts(created.consentId);
    expect(accounts).toEqual([
      {
        resourceId: 'acc-nl',
        iban: nl,
        currency: 'EUR',
        name: 'Zakelijke rekening',
        ownerName: 'Bakkerij Jansen B.V.',
      },
    ]);
  });

  it('sends the PSU to the nok redirect and rejects the consent when SCA is refused', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank);
    const nokRedirectUri = 'https://portal.example/bank/failed';
    const created = await client.createConsent({
      accounts: [nl],
      validUntil: '2027-05-01',
      redirectUri,
      nokRedirectUri,
    });

    const sca = await fetch(`${created.scaRedirect}?result=nok`, { redirect: 'manual' });

    expect(sca.headers.get('location')).toBe(nokRedirectUri);
    expect(await client.getConsentStatus(created.consentId)).toBe('rejected');
  });

  it('reports the validUntil the bank granted, shortened to 180 days, and the accounts it covers', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank);
    const created = await client.createConsent({ accounts: [nl, be], validUntil: '2027-12-31', redirectUri });

    const details = await client.getConsent(created.consentId);

    expect(details).toEqual({
      consentId: created.consentId,
      status: 'received',
      validUntil: '2027-05-19',
      frequencyPerDay: 4,
      accounts: [nl, be],
    });
  });

  it('sends X-Request-ID on every call and the Consent-ID on every account read', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank);
    const connection = await connect(bank, client, [nl]);

    await client.getBalances(connection.consentId, 'acc-nl');

    expect(bank.requests.map((r) => r.url)).toEqual(['/v1/consents', '/v1/accounts', '/v1/accounts/acc-nl/balances']);
    expect(bank.requests.every((r) => r.requestId && r.requestId.length >= 32)).toBe(true);
    expect(new Set(bank.requests.map((r) => r.requestId)).size).toBe(bank.requests.length);
    const reads = bank.requests.filter((r) => r.url.startsWith('/v1/accounts'));
    expect(reads.map((r) => r.consentId)).toEqual(reads.map(() => connection.consentId));
  });

  it('ends a consent on delete, after which reads are refused as terminated by the TPP', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank);
    const connection = await connect(bank, client, [nl]);

    await client.deleteConsent(connection.consentId);

    expect(await client.getConsentStatus(connection.consentId)).toBe('terminatedByTpp');
    const error = await client.listAccounts(connection.consentId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsentRevokedError);
    expect((error as ConsentRevokedError).by).toBe('tpp');
    await expect(client.deleteConsent(connection.consentId)).resolves.toBeUndefined();
  });

  it('refuses a read of an account the consent does not cover', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank);
    const connection = await connect(bank, client, [nl]);

    await expect(client.getBalances(connection.consentId, 'acc-be')).rejects.toBeInstanceOf(ConsentInvalidError);
  });
});

describe('berlinGroupClient reads', () => {
  it('gives the closing booked balance as the opening balance plus the booked movements, in cents', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank);
    const connection = await connect(bank, client, [nl]);

    const balances = await client.getBalances(connection.consentId, 'acc-nl');

    expect(balances.find((b) => b.type === 'closingBooked')).toEqual({
      type: 'closingBooked',
      amount: 100_000 - 12_345 + 50_000,
      currency: 'EUR',
      referenceDate: '2026-11-20',
    });
  });

  it('maps money out to its creditor and money in to its debtor, with signed cents and the bank ids', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank);
    const connection = await connect(bank, client, [nl, be]);

    const nlLines = await client.listTransactions(connection.consentId, 'acc-nl', { dateFrom: '2026-11-01' });
    const beLines = await client.listTransactions(connection.consentId, 'acc-be', { dateFrom: '2026-11-01' });

    expect(nlLines.booked).toEqual([
      {
        bookingDate: '2026-11-02',
        valueDate: '2026-11-01',
        amount: -12_345,
        currency: 'EUR',
        counterpartyName: 'Meelfabriek De Hoop B.V.',
        counterpartyIban: 'NL18RABO0123459789',
        counterpartyBic: 'RABONL2U',
        remittance: 'Factuur 2026-0412 klantnr 10442',
        bankReference: expect.stringMatching(/^ER20261102/),
        endToEndId: 'E2E-0412',
        transactionCode: 'PMNT-ICDT-ESCT',
      },
      {
        bookingDate: '2026-11-03',
        valueDate: '2026-11-03',
        amount: 50_000,
        currency: 'EUR',
        counterpartyName: 'Restaurant De Gouden Leeuw',
        counterpartyIban: 'NL02ABNA0123456789',
        structuredReference: '5000056789012345',
        bankReference: expect.stringMatching(/^ER20261103/),
      },
    ]);
    expect(beLines.booked).toEqual([
      expect.objectContaining({
        amount: 8_950,
        counterpartyName: 'Brasserie Den Hoek',
        structuredReference: '+++090/9337/55493+++',
        bankReference: expect.stringMatching(/^acc-be-/),
      }),
    ]);
    expect(nlLines.pending).toEqual([]);
  });

  it('follows _links.next to the last page and returns every booked line of the window once', async () => {
    bank = await sandbox(undefined, 7);
    const client = clientFor(bank);
    const account = bank.scenario.accounts[0]!;
    const connection = await connect(bank, client, [account.iban]);
    const expected = account.transactions.filter((t) => t.bookingDate >= '2026-09-01');

    const result = await client.listTransactions(connection.consentId, account.resourceId, { dateFrom: '2026-09-01' });

    expect(expected.length).toBeGreaterThan(30);
    expect(result.booked).toHaveLength(expected.length);
    expect(new Set(result.booked.map((l) => l.bankReference)).size).toBe(expected.length);
    expect(result.booked.map((l) => l.amount)).toEqual(expected.map((t) => t.amount));
    const pages = bank.requests.filter((r) => r.url.startsWith(`/v1/accounts/${account.resourceId}/transactions`));
    expect(pages).toHaveLength(Math.ceil(expected.length / 7));
  });

  it('hands out the next page link so a caller can read page by page', async () => {
    bank = await sandbox(small(), 1);
    const client = clientFor(bank);
    const connection = await connect(bank, client, [nl]);

    const first = await client.transactionPage(connection.consentId, 'acc-nl', { dateFrom: '2026-11-01' });
    const second = await client.transactionPage(connection.consentId, 'acc-nl', { dateFrom: '2026-11-01' }, first.next);

    expect(first.booked.map((l) => l.amount)).toEqual([-12_345]);
    expect(first.next).toContain('page=1');
    expect(second.booked.map((l) => l.amount)).toEqual([50_000]);
    expect(second.next).toBeUndefined();
  });
});

describe('berlinGroupClient errors', () => {
  it('throws RateLimitedError with the seconds of Retry-After on a 429', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank);
    const connection = await connect(bank, client, [nl]);
    bank.failNext(1, 429, { retryAfterSeconds: 7 });

    const error = await client.getBalances(connection.consentId, 'acc-nl').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(7);
  });

  it('throws ACCESS_EXCEEDED without a wait once the daily frequency of unattended reads is used up', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank);
    const connection = await connect(bank, client, [nl], 1);
    await client.getBalances(connection.consentId, 'acc-nl');

    const error = await client.getBalances(connection.consentId, 'acc-nl').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).code).toBe('ACCESS_EXCEEDED');
    expect((error as RateLimitedError).retryAfterSeconds).toBeUndefined();
    await expect(
      client.getBalances(connection.consentId, 'acc-nl', { psuIpAddress: '192.0.2.10' }),
    ).resolves.toHaveLength(2);
  });

  it('throws BankOutageError on a 5xx, a reset connection and a bank that does not answer in time', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank, 300);
    const connection = await connect(bank, client, [nl]);
    bank.failNext(1, 503);
    bank.failNext(1, 'reset');
    bank.failNext(1, 'hang');

    const errors = [];
    for (let i = 0; i < 3; i++)
      errors.push(await client.getBalances(connection.consentId, 'acc-nl').catch((e: unknown) => e));

    expect(errors.map((e) => (e as Error).constructor)).toEqual([BankOutageError, BankOutageError, BankOutageError]);
    expect((errors[0] as BankOutageError).status).toBe(503);
    await expect(client.getBalances(connection.consentId, 'acc-nl')).resolves.toHaveLength(2);
  });

  it('throws ConsentExpiredError on a consent that ran out', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank);
    const connection = await connect(bank, client, [nl]);
    bank.expireConsent(connection.consentId);

    await expect(
      client.listTransactions(connection.consentId, 'acc-nl', { dateFrom: '2026-11-01' }),
    ).rejects.toBeInstanceOf(ConsentExpiredError);
  });

  it('throws ConsentRevokedError by the PSU when the account holder revoked the consent at the bank', async () => {
    bank = await sandbox(small());
    const client = clientFor(bank);
    const connection = await connect(bank, client, [nl]);
    bank.revokeConsent(connection.consentId);

    const error = await client.listAccounts(connection.consentId).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConsentRevokedError);
    expect((error as ConsentRevokedError).by).toBe('psu');
    expect((error as ConsentRevokedError).code).toBe('CONSENT_REVOKED');
  });
});
