import { afterEach, describe, expect, it } from 'vitest';
import { demoScenario, type SandboxBank, type SandboxTransaction } from '#infra/local/sandbox-bank/index.ts';
import { BankRequestError } from '#packages/bank/psd2';
import {
  isValidBelgianStructuredReference,
  isValidCreditorReference,
  isValidDutchPaymentReference,
  isValidIban,
} from '#packages/kernel';
import { clientFor, connect, redirectUri, sandbox, today } from './psd2-support.ts';

let bank: SandboxBank | undefined;
afterEach(async () => {
  await bank?.close();
  bank = undefined;
});

describe('demoScenario', () => {
  it('holds two Dutch and one Belgian account with valid IBANs and 120 days of movements', () => {
    const scenario = demoScenario(today);

    expect(scenario.accounts.map((a) => a.iban.slice(0, 2))).toEqual(['NL', 'NL', 'BE']);
    expect(scenario.accounts.every((a) => isValidIban(a.iban))).toBe(true);
    const lines = scenario.accounts.flatMap((a) => a.transactions);
    expect(lines.length).toBeGreaterThan(150);
    expect(lines.every((t) => t.bookingDate >= '2026-07-23' && t.bookingDate <= '2026-11-20')).toBe(true);
    expect(lines.filter((t) => t.counterpartyIban).every((t) => isValidIban(t.counterpartyIban ?? ''))).toBe(true);
    expect(lines.every((t) => Number.isSafeInteger(t.amount) && t.amount !== 0)).toBe(true);
  });

  it('pays with valid structured references: betalingskenmerk, +++ communication and RF', () => {
    const [nl1, nl2, be] = demoScenario(today).accounts;
    const refs = (lines: readonly SandboxTransaction[]) =>
      lines.flatMap((t) => (t.structuredReference ? [t.structuredReference] : []));

    expect(refs(nl1!.transactions).length).toBeGreaterThan(0);
    expect(refs(nl1!.transactions).every(isValidDutchPaymentReference)).toBe(true);
    expect(refs(nl2!.transactions).every(isValidCreditorReference)).toBe(true);
    expect(refs(be!.transactions).length).toBeGreaterThan(10);
    expect(refs(be!.transactions).every(isValidBelgianStructuredReference)).toBe(true);
  });

  it('is the same on every start for the same day', () => {
    expect(demoScenario(today)).toEqual(demoScenario(today));
  });
});

describe('startSandboxBank', () => {
  it('shows an SCA page that links to approving and refusing the consent', async () => {
    bank = await sandbox();
    const client = clientFor(bank);
    const created = await client.createConsent({
      accounts: [bank.scenario.accounts[2]!.iban],
      validUntil: '2027-01-31',
      redirectUri,
    });

    const page = await fetch(created.scaRedirect!);
    const html = await page.text();

    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain(`/sandbox/sca/${created.consentId}?result=ok`);
    expect(html).toContain(`/sandbox/sca/${created.consentId}?result=nok`);
  });

  it('takes movements and failures over HTTP, for use from curl or the portal', async () => {
    bank = await sandbox();
    const client = clientFor(bank);
    const account = bank.scenario.accounts[2]!;
    const connection = await connect(bank, client, [account.iban]);

    const added = await fetch(`${bank.url}/sandbox/accounts/${account.resourceId}/transactions`, {
      method: 'POST',
      body: JSON.stringify([
        { bookingDate: '2026-11-20', amount: 4_200, counterpartyName: 'Café Sport', remittance: 'Friet' },
      ]),
    });
    const failed = await fetch(`${bank.url}/sandbox/failures`, {
      method: 'POST',
      body: JSON.stringify({ count: 1, failure: 503 }),
    });
    const refused = await client
      .listTransactions(connection.consentId, account.resourceId, { dateFrom: '2026-11-20' })
      .catch((e: unknown) => e);
    const lines = await client.listTransactions(connection.consentId, account.resourceId, { dateFrom: '2026-11-20' });

    expect([added.status, failed.status]).toEqual([204, 204]);
    expect((refused as Error).name).toBe('BankOutageError');
    expect(lines.booked.at(-1)).toMatchObject({ amount: 4_200, counterpartyName: 'Café Sport', remittance: 'Friet' });
  });

  it('refuses a transactions read without dateFrom as a format error', async () => {
    bank = await sandbox();
    const client = clientFor(bank);
    const account = bank.scenario.accounts[0]!;
    const connection = await connect(bank, client, [account.iban]);

    const error = await client
      .listTransactions(connection.consentId, account.resourceId, { dateFrom: 'yesterday' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BankRequestError);
    expect((error as BankRequestError).code).toBe('FORMAT_ERROR');
    expect((error as BankRequestError).status).toBe(400);
  });
});
