import {
  demoScenario,
  type SandboxBank,
  type SandboxScenario,
  startSandboxBank,
} from '#infra/local/sandbox-bank/index.ts';
import {
  type AisProvider,
  activateConnection,
  type BankConnection,
  berlinGroupClient,
  openConnection,
  type StoreBatch,
} from '#packages/bank/psd2';

/** The sandbox's and the feed's "today": fixed, so windows and expiry are the same on every run. */
export const today = new Date('2026-11-20T08:00:00Z');
export const clock = () => today;

export const redirectUri = 'https://portal.example/bank/return?state=abc';

export async function sandbox(scenario?: SandboxScenario, pageSize?: number): Promise<SandboxBank> {
  const bank = await startSandboxBank(scenario ?? demoScenario(today), { now: clock });
  if (pageSize) bank.setPageSize(pageSize);
  return bank;
}

export function clientFor(bank: SandboxBank, timeoutMs?: number): AisProvider {
  return berlinGroupClient({ baseUrl: bank.url, ...(timeoutMs ? { timeoutMs } : {}) });
}

/** A consent for `ibans`, approved through the sandbox's SCA page, as an active connection. */
export async function connect(
  bank: SandboxBank,
  provider: AisProvider,
  ibans: readonly string[],
  frequencyPerDay = 4,
): Promise<BankConnection> {
  const created = await provider.createConsent({
    accounts: ibans,
    validUntil: '2027-05-19',
    redirectUri,
    frequencyPerDay,
  });
  const pending = openConnection({
    id: 'conn-1',
    administrationId: 'adm-1',
    providerId: 'sandbox',
    consentId: created.consentId,
    validUntil: '2027-05-19',
    now: today,
  });
  bank.approveConsent(created.consentId);
  const accounts = await provider.listAccounts(created.consentId, { psuIpAddress: '192.0.2.10' });
  return activateConnection(
    pending,
    accounts.map((a) => ({ resourceId: a.resourceId, iban: a.iban ?? a.resourceId, currency: a.currency })),
    today,
  );
}

/** A line store as the DynamoDB one behaves: a conditional put per fingerprint. */
export function memoryStore() {
  const lines = new Map<string, StoreBatch['lines'][number] & { account: string }>();
  const batches: StoreBatch[] = [];
  const store = async (batch: StoreBatch) => {
    batches.push(batch);
    const fresh: string[] = [];
    for (const keyed of batch.lines) {
      if (lines.has(keyed.fingerprint)) continue;
      lines.set(keyed.fingerprint, { ...keyed, account: batch.account.resourceId });
      fresh.push(keyed.fingerprint);
    }
    return fresh;
  };
  return { store, lines, batches };
}

/** A sleep that only writes down how long it was asked to wait. */
export function recordingSleep() {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  return { sleep, waits };
}
