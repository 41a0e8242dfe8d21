import { describe, expect, it } from 'vitest';
import {
  abandonRenewal,
  activateConnection,
  applyConsentStatus,
  BankConnection,
  ConnectionStateError,
  completeRenewal,
  expireConnection,
  failConnection,
  isSyncable,
  markRenewalReminderSent,
  maxValidUntil,
  openConnection,
  recordSync,
  recordSyncError,
  refreshConnection,
  renewalDue,
  renewalReminderEmail,
  revokeConnection,
  startRenewal,
} from '#packages/bank/psd2';

const at = (iso: string) => new Date(`${iso}T09:00:00Z`);
const accounts = [
  { resourceId: 'acc-1', iban: 'NL91ABNA0417164300', currency: 'EUR' },
  { resourceId: 'acc-2', iban: 'BE68539007547034', currency: 'EUR' },
];

const pending = () =>
  openConnection({
    id: 'conn-1',
    administrationId: 'adm-1',
    providerId: 'ing-nl',
    consentId: 'cns-1',
    validUntil: '2027-05-19',
    now: at('2026-11-20'),
  });
const active = () => activateConnection(pending(), accounts, at('2026-11-20'));

describe('bank connection lifecycle', () => {
  it('opens pending with no accounts and becomes active once the client passed SCA', () => {
    const opened = pending();
    const connection = activateConnection(opened, accounts, at('2026-11-21'));

    expect(opened.status).toBe('pending');
    expect(isSyncable(opened)).toBe(false);
    expect(connection).toMatchObject({ status: 'active', accounts, activatedAt: at('2026-11-21').toISOString() });
    expect(BankConnection.parse(connection)).toEqual(connection);
  });

  it('refuses to activate a connection that is no longer pending', () => {
    expect(() => activateConnection(active(), accounts, at('2026-11-21'))).toThrow(ConnectionStateError);
  });

  it('fails a pending connection whose SCA was refused, keeping the reason', () => {
    const failed = failConnection(pending(), { code: 'CONSENT_REJECTED', message: 'SCA refused' }, at('2026-11-20'));

    expect(failed.status).toBe('failed');
    expect(failed.lastError).toEqual({
      code: 'CONSENT_REJECTED',
      message: 'SCA refused',
      at: at('2026-11-20').toISOString(),
    });
    expect(() => failConnection(active(), { code: 'X', message: 'x' }, at('2026-11-20'))).toThrow(ConnectionStateError);
  });

  it('turns expiring 14 days before validUntil and expired the day after it', () => {
    const connection = active();

    expect(refreshConnection(connection, at('2027-05-04')).status).toBe('active');
    expect(refreshConnection(connection, at('2027-05-05')).status).toBe('expiring');
    expect(refreshConnection(connection, at('2027-05-19')).status).toBe('expiring');
    expect(refreshConnection(connection, at('2027-05-20')).status).toBe('expired');
  });

  it('follows the bank’s consent status: expired, revoked by the PSU, terminated by the TPP, rejected', () => {
    const now = at('2026-12-01');

    expect(applyConsentStatus(active(), 'expired', now).status).toBe('expired');
    expect(applyConsentStatus(active(), 'revokedByPsu', now).lastError?.code).toBe('CONSENT_REVOKED');
    expect(applyConsentStatus(active(), 'terminatedByTpp', now).lastError?.code).toBe('CONSENT_TERMINATED');
    expect(applyConsentStatus(pending(), 'rejected', now).status).toBe('failed');
    expect(applyConsentStatus(pending(), 'received', now).status).toBe('pending');
    expect(applyConsentStatus(active(), 'valid', now).status).toBe('active');
  });

  it('keeps an ended connection ended whatever the bank says later', () => {
    const revoked = revokeConnection(active(), at('2026-12-01'), 'psu');

    expect(applyConsentStatus(revoked, 'expired', at('2026-12-02'))).toBe(revoked);
    expect(() => expireConnection(revoked, at('2026-12-02'))).toThrow(ConnectionStateError);
  });

  it('moves cursors forward only and clears the last error after a sync', () => {
    const withError = recordSyncError(active(), { code: 'BANK_OUTAGE', message: 'down' }, at('2026-11-21'));
    const first = recordSync(withError, { 'acc-1': '2026-11-20' }, at('2026-11-22'));

    const second = recordSync(first, { 'acc-1': '2026-11-18', 'acc-2': '2026-11-19' }, at('2026-11-23'));

    expect(withError.lastError?.code).toBe('BANK_OUTAGE');
    expect(first.lastError).toBeUndefined();
    expect(second.cursors).toEqual({ 'acc-1': '2026-11-20', 'acc-2': '2026-11-19' });
    expect(second.lastSyncedAt).toBe(at('2026-11-23').toISOString());
  });

  it('lets a new consent run at most 180 days', () => {
    expect(maxValidUntil(at('2026-11-20'))).toBe('2027-05-19');
  });
});

describe('renewalDue', () => {
  it('is due from 14 days before validUntil until the day itself, not before and not after', () => {
    const connection = active();

    expect(renewalDue(connection, at('2027-05-04'))).toBe(false);
    expect(renewalDue(connection, at('2027-05-05'))).toBe(true);
    expect(renewalDue(refreshConnection(connection, at('2027-05-19')), at('2027-05-19'))).toBe(true);
    expect(renewalDue(connection, at('2027-05-20'))).toBe(false);
  });

  it('is due once per consent: not again after the reminder went out', () => {
    const reminded = markRenewalReminderSent(active(), at('2027-05-05'));

    expect(renewalDue(reminded, at('2027-05-06'))).toBe(false);
    expect(renewalDue(reminded, at('2027-05-18'))).toBe(false);
  });

  it('takes another number of days when told', () => {
    expect(renewalDue(active(), at('2027-04-20'), { daysBefore: 30 })).toBe(true);
    expect(renewalDue(active(), at('2027-04-18'), { daysBefore: 30 })).toBe(false);
  });

  it('is not due for a pending, revoked or already renewing connection', () => {
    const renewing = startRenewal(active(), { consentId: 'cns-2', validUntil: '2027-11-01' }, at('2027-05-06'));

    expect(renewalDue(pending(), at('2027-05-10'))).toBe(false);
    expect(renewalDue(revokeConnection(active(), at('2027-05-01'), 'psu'), at('2027-05-10'))).toBe(false);
    expect(renewalDue(renewing, at('2027-05-10'))).toBe(false);
  });

  it('is due again for the next consent once a renewal replaced the old one', () => {
    const reminded = markRenewalReminderSent(active(), at('2027-05-05'));
    const renewing = startRenewal(reminded, { consentId: 'cns-2', validUntil: '2027-11-01' }, at('2027-05-06'));
    const renewed = completeRenewal(renewing, accounts, at('2027-05-07'));

    expect(renewalDue(renewed, at('2027-05-08'))).toBe(false);
    expect(renewalDue(renewed, at('2027-10-18'))).toBe(true);
  });
});

describe('renewal', () => {
  it('swaps in the new consent and carries each account’s cursor over by IBAN when resource ids change', () => {
    const synced = recordSync(active(), { 'acc-1': '2027-05-01', 'acc-2': '2027-04-30' }, at('2027-05-02'));
    const renewing = startRenewal(synced, { consentId: 'cns-2', validUntil: '2027-11-01' }, at('2027-05-06'));
    const newAccounts = [
      { resourceId: 'new-1', iban: 'NL91ABNA0417164300', currency: 'EUR' },
      { resourceId: 'new-2', iban: 'BE68539007547034', currency: 'EUR' },
    ];

    const renewed = completeRenewal(renewing, newAccounts, at('2027-05-07'));

    expect(renewing.consentId).toBe('cns-1');
    expect(renewed).toMatchObject({
      consentId: 'cns-2',
      validUntil: '2027-11-01',
      status: 'active',
      accounts: newAccounts,
    });
    expect(renewed.cursors).toEqual({ 'new-1': '2027-05-01', 'new-2': '2027-04-30' });
    expect(renewed.renewal).toBeUndefined();
  });

  it('reconnects an expired connection through a renewal, keeping its cursors', () => {
    const synced = recordSync(active(), { 'acc-1': '2027-05-19' }, at('2027-05-19'));
    const expired = refreshConnection(synced, at('2027-05-21'));
    const renewed = completeRenewal(
      startRenewal(expired, { consentId: 'cns-3', validUntil: '2027-11-15' }, at('2027-05-22')),
      accounts,
      at('2027-05-22'),
    );

    expect(expired.status).toBe('expired');
    expect(renewed.status).toBe('active');
    expect(renewed.endedAt).toBeUndefined();
    expect(renewed.cursors).toEqual({ 'acc-1': '2027-05-19' });
  });

  it('keeps the current consent when the new one is not given', () => {
    const renewing = startRenewal(active(), { consentId: 'cns-2', validUntil: '2027-11-01' }, at('2027-05-06'));

    const abandoned = abandonRenewal(renewing, at('2027-05-07'));

    expect(abandoned.consentId).toBe('cns-1');
    expect(abandoned.renewal).toBeUndefined();
    expect(() => completeRenewal(abandoned, accounts, at('2027-05-08'))).toThrow(ConnectionStateError);
  });

  it('cannot renew a connection whose first consent is still waiting for SCA', () => {
    expect(() => startRenewal(pending(), { consentId: 'cns-2', validUntil: '2027-11-01' }, at('2026-11-21'))).toThrow(
      ConnectionStateError,
    );
  });
});

describe('renewalReminderEmail', () => {
  const input = {
    connection: active(),
    bankName: 'ING',
    companyName: 'Bakkerij Jansen B.V.',
    firmName: 'Demo Kantoor',
    renewUrl: 'https://portal.example/bank/renew/conn-1',
  };

  it('asks the client in Dutch by default, naming bank, date, accounts and the renewal link', () => {
    const mail = renewalReminderEmail(input);

    expect(mail.subject).toBe('Uw bankkoppeling met ING verloopt op 19 mei 2027');
    expect(mail.text).toContain('Beste klant,');
    expect(mail.text).toContain('NL91 ABNA 0417 1643 00');
    expect(mail.text).toContain('BE68 5390 0754 7034');
    expect(mail.text).toContain('https://portal.example/bank/renew/conn-1');
    expect(mail.text).toContain('Bakkerij Jansen B.V.');
    expect(mail.text).toMatch(/Demo Kantoor$/);
  });

  it('writes French for a client who asked for it', () => {
    const mail = renewalReminderEmail({ ...input, language: 'fr' });

    expect(mail.subject).toBe('Votre connexion bancaire ING expire le 19 mai 2027');
    expect(mail.text).toContain('Renouvelez-la');
  });
});
