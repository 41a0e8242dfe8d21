import { z } from 'zod';
import { addDays } from '#packages/invoicing';
import { DomainError } from '#packages/kernel';
import type { Psd2ConsentStatus } from './client.js';

/**
 * The life of a PSD2 bank connection: one administration's consent at one bank, the accounts it
 * covers and how far each has been read. Pure functions: each takes a connection and returns
 * the next one; persisting it is the caller's business.
 *
 * ```
 * pending ──SCA ok──► active ──(14 days before validUntil)──► expiring ──validUntil passed──► expired
 *    │                  │  ▲                                     │
 *    └─SCA failed─► failed  └────────── renewal completed ───────┘ (also from expired/revoked)
 *                     active/expiring ──PSU revoked at bank / TPP deleted──► revoked
 * ```
 *
 * Dates (`validUntil`, cursors) are calendar days `YYYY-MM-DD`, compared in UTC: a consent valid
 * until D may be used through the whole of D.
 */

/** Days a PSD2 consent for account information may last (RTS on SCA, Art. 10a, as amended in 2022). */
export const CONSENT_MAX_DAYS = 180;
/** How many days before `validUntil` the client is reminded to renew. */
export const RENEWAL_REMINDER_DAYS = 14;

export const connectionStatuses = ['pending', 'active', 'expiring', 'expired', 'revoked', 'failed'] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

const day = z.iso.date();

export const ConnectedAccount = z.object({
  /** The bank's id for `/v1/accounts/{resourceId}`; may change with a new consent, the IBAN does not. */
  resourceId: z.string(),
  iban: z.string(),
  currency: z.string(),
  name: z.string().optional(),
});
export type ConnectedAccount = z.infer<typeof ConnectedAccount>;

export const ConnectionProblem = z.object({ code: z.string(), message: z.string(), at: z.iso.datetime() });
export type ConnectionProblem = z.infer<typeof ConnectionProblem>;

export const BankConnection = z.object({
  id: z.string(),
  administrationId: z.string(),
  /** The bank or aggregator the consent was given at (which client configuration to use). */
  providerId: z.string(),
  consentId: z.string(),
  status: z.enum(connectionStatuses),
  validUntil: day,
  accounts: z.array(ConnectedAccount),
  /** Per account (by `resourceId`): the latest booking date read, the next sync's starting point. */
  cursors: z.record(z.string(), day),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  activatedAt: z.iso.datetime().optional(),
  lastSyncedAt: z.iso.datetime().optional(),
  /** When the connection stopped: expired, revoked or failed. */
  endedAt: z.iso.datetime().optional(),
  lastError: ConnectionProblem.optional(),
  /** The reminder sent for the consent running until `validUntil` (one per consent). */
  renewalReminder: z.object({ validUntil: day, sentAt: z.iso.datetime() }).optional(),
  /** A new consent asked for while this one still runs (or after it ended), waiting for SCA. */
  renewal: z.object({ consentId: z.string(), validUntil: day, startedAt: z.iso.datetime() }).optional(),
});
export type BankConnection = z.infer<typeof BankConnection>;

/** A transition that the connection's status does not allow. */
export class ConnectionStateError extends DomainError {
  override name = 'ConnectionStateError';
  readonly status: ConnectionStatus;
  constructor(status: ConnectionStatus, action: string) {
    super('CONNECTION_STATE', `A ${status} bank connection cannot ${action}.`);
    this.status = status;
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar days.

/** `YYYY-MM-DD` of `now` in UTC. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export { addDays };

/** The longest `validUntil` a new consent may ask for today. */
export function maxValidUntil(now: Date, days = CONSENT_MAX_DAYS): string {
  return addDays(dayOf(now), days);
}

const ended = (s: ConnectionStatus) => s === 'expired' || s === 'revoked' || s === 'failed';

/** Whether the feed may read with this connection now (`active` or `expiring`). */
export function isSyncable(connection: BankConnection): boolean {
  return connection.status === 'active' || connection.status === 'expiring';
}

// ---------------------------------------------------------------------------------------------
// Transitions.

export interface OpenConnectionInput {
  readonly id: string;
  readonly administrationId: string;
  readonly providerId: string;
  /** From {@link AisProvider.createConsent}. */
  readonly consentId: string;
  readonly validUntil: string;
  readonly now: Date;
}

/** A connection whose consent was asked for and waits for the client's SCA at the bank. */
export function openConnection(input: OpenConnectionInput): BankConnection {
  const at = input.now.toISOString();
  return {
    id: input.id,
    administrationId: input.administrationId,
    providerId: input.providerId,
    consentId: input.consentId,
    status: 'pending',
    validUntil: input.validUntil,
    accounts: [],
    cursors: {},
    createdAt: at,
    updatedAt: at,
  };
}

/** The client passed SCA: the consent is `valid`, these are its accounts. */
export function activateConnection(
  connection: BankConnection,
  accounts: readonly ConnectedAccount[],
  now: Date,
  options: { reminderDays?: number } = {},
): BankConnection {
  if (connection.status !== 'pending') throw new ConnectionStateError(connection.status, 'be activated');
  const at = now.toISOString();
  const { lastError: _, ...rest } = connection;
  return refreshConnection(
    { ...rest, status: 'active', accounts: [...accounts], activatedAt: at, updatedAt: at },
    now,
    options,
  );
}

/** SCA failed or the bank rejected the consent. */
export function failConnection(connection: BankConnection, problem: Omit<ConnectionProblem, 'at'>, now: Date) {
  if (connection.status !== 'pending') throw new ConnectionStateError(connection.status, 'fail authorisation');
  const at = now.toISOString();
  return { ...connection, status: 'failed' as const, endedAt: at, updatedAt: at, lastError: { ...problem, at } };
}

/** The consent ran out (`validUntil` passed, or the bank said `CONSENT_EXPIRED`). */
export function expireConnection(
  connection: BankConnection,
  now: Date,
  problem: Omit<ConnectionProblem, 'at'> = { code: 'CONSENT_EXPIRED', message: 'The PSD2 consent has expired.' },
): BankConnection {
  if (connection.status === 'expired') return connection;
  if (ended(connection.status)) throw new ConnectionStateError(connection.status, 'expire');
  const at = now.toISOString();
  return { ...connection, status: 'expired', endedAt: at, updatedAt: at, lastError: { ...problem, at } };
}

/** The client revoked the consent at the bank (`psu`), or we ended it (`tpp`). */
export function revokeConnection(connection: BankConnection, now: Date, by: 'psu' | 'tpp'): BankConnection {
  if (connection.status === 'revoked') return connection;
  const at = now.toISOString();
  const problem =
    by === 'psu'
      ? { code: 'CONSENT_REVOKED', message: 'The account holder revoked the consent at the bank.', at }
      : { code: 'CONSENT_TERMINATED', message: 'The consent was ended on our side.', at };
  return { ...connection, status: 'revoked', endedAt: at, updatedAt: at, lastError: problem };
}

/**
 * Moves the status with the calendar: `active` becomes `expiring` `reminderDays` before
 * `validUntil`, and `active`/`expiring` become `expired` the day after it.
 */
export function refreshConnection(
  connection: BankConnection,
  now: Date,
  options: { reminderDays?: number } = {},
): BankConnection {
  if (!isSyncable(connection)) return connection;
  const today = dayOf(now);
  if (today > connection.validUntil) return expireConnection(connection, now);
  const from = addDays(connection.validUntil, -(options.reminderDays ?? RENEWAL_REMINDER_DAYS));
  if (connection.status === 'active' && today >= from) {
    return { ...connection, status: 'expiring', updatedAt: now.toISOString() };
  }
  return connection;
}

/**
 * Follows what the bank says about the consent (`GET /v1/consents/{id}/status`). A `valid`
 * consent of a pending connection needs its accounts, so use {@link activateConnection} for that.
 */
export function applyConsentStatus(connection: BankConnection, status: Psd2ConsentStatus, now: Date): BankConnection {
  switch (status) {
    case 'expired':
      return ended(connection.status) ? connection : expireConnection(connection, now);
    case 'revokedByPsu':
      return ended(connection.status) ? connection : revokeConnection(connection, now, 'psu');
    case 'terminatedByTpp':
      return ended(connection.status) ? connection : revokeConnection(connection, now, 'tpp');
    case 'rejected':
      return connection.status === 'pending'
        ? failConnection(connection, { code: 'CONSENT_REJECTED', message: 'The bank rejected the consent.' }, now)
        : connection;
    default:
      return refreshConnection(connection, now);
  }
}

/**
 * A sync finished for some accounts: their cursors move forward (never back), the error of an
 * earlier run is cleared.
 */
export function recordSync(
  connection: BankConnection,
  cursors: Readonly<Record<string, string>>,
  now: Date,
): BankConnection {
  const merged = { ...connection.cursors };
  for (const [account, date] of Object.entries(cursors)) {
    const current = merged[account];
    if (!current || date > current) merged[account] = date;
  }
  const at = now.toISOString();
  const { lastError: _, ...rest } = connection;
  return { ...rest, cursors: merged, lastSyncedAt: at, updatedAt: at };
}

/** A sync failed without ending the consent (outage, rate limit, a refused request). */
export function recordSyncError(
  connection: BankConnection,
  problem: Omit<ConnectionProblem, 'at'>,
  now: Date,
): BankConnection {
  const at = now.toISOString();
  return { ...connection, updatedAt: at, lastError: { ...problem, at } };
}

// ---------------------------------------------------------------------------------------------
// Renewal.

/**
 * Whether the renewal reminder should go out now: the connection is in use, `validUntil` is at
 * most `daysBefore` days away and not yet passed, and no reminder went out for this consent.
 */
export function renewalDue(connection: BankConnection, now: Date, options: { daysBefore?: number } = {}): boolean {
  if (!isSyncable(connection) || connection.renewal) return false;
  if (connection.renewalReminder?.validUntil === connection.validUntil) return false;
  const today = dayOf(now);
  const from = addDays(connection.validUntil, -(options.daysBefore ?? RENEWAL_REMINDER_DAYS));
  return today >= from && today <= connection.validUntil;
}

/** Notes that the reminder for the current consent went out, so {@link renewalDue} says no until the next one. */
export function markRenewalReminderSent(connection: BankConnection, now: Date): BankConnection {
  const at = now.toISOString();
  return { ...connection, renewalReminder: { validUntil: connection.validUntil, sentAt: at }, updatedAt: at };
}

/** A new consent was asked for to replace the current one (which keeps working until then). */
export function startRenewal(
  connection: BankConnection,
  renewal: { consentId: string; validUntil: string },
  now: Date,
): BankConnection {
  if (connection.status === 'pending') throw new ConnectionStateError(connection.status, 'be renewed');
  const at = now.toISOString();
  return { ...connection, renewal: { ...renewal, startedAt: at }, updatedAt: at };
}

/**
 * The client passed SCA for the new consent: it replaces the old one, the connection is active
 * again, and the cursors carry over to the new consent's accounts by IBAN (resource ids may change).
 */
export function completeRenewal(
  connection: BankConnection,
  accounts: readonly ConnectedAccount[],
  now: Date,
): BankConnection {
  if (!connection.renewal) throw new ConnectionStateError(connection.status, 'complete a renewal it did not start');
  const byIban = new Map(connection.accounts.map((a) => [a.iban, connection.cursors[a.resourceId]]));
  const cursors: Record<string, string> = {};
  for (const account of accounts) {
    const cursor = byIban.get(account.iban);
    if (cursor) cursors[account.resourceId] = cursor;
  }
  const at = now.toISOString();
  const { renewal, lastError: _e, endedAt: _x, ...rest } = connection;
  return refreshConnection(
    {
      ...rest,
      consentId: renewal.consentId,
      validUntil: renewal.validUntil,
      status: 'active',
      accounts: [...accounts],
      cursors,
      activatedAt: at,
      updatedAt: at,
    },
    now,
  );
}

/** The new consent was not given (SCA failed or abandoned); the current one stays as it is. */
export function abandonRenewal(connection: BankConnection, now: Date): BankConnection {
  const { renewal: _, ...rest } = connection;
  return { ...rest, updatedAt: now.toISOString() };
}

// ---------------------------------------------------------------------------------------------
// The reminder to the client.

export const reminderLanguages = ['nl', 'fr', 'en'] as const;
export type ReminderLanguage = (typeof reminderLanguages)[number];

export interface RenewalReminderInput {
  readonly connection: BankConnection;
  /** The bank as the client knows it, e.g. `ING` or `KBC`. */
  readonly bankName: string;
  /** The client's company (the administration's name). */
  readonly companyName: string;
  /** Where the client renews the consent (the portal page that starts a new consent). */
  readonly renewUrl: string;
  /** The firm that sends it, for the signature. */
  readonly firmName: string;
  /** @default 'nl' */
  readonly language?: ReminderLanguage;
}

/** `NL91ABNA0417164300` → `NL91 ABNA 0417 1643 00`. */
const printedIban = (iban: string) => iban.replace(/(.{4})/g, '$1 ').trim();

const locales: Record<ReminderLanguage, string> = { nl: 'nl-NL', fr: 'fr-BE', en: 'en-GB' };

function longDate(date: string, language: ReminderLanguage): string {
  return new Intl.DateTimeFormat(locales[language], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/**
 * The e-mail that asks the client to renew the bank connection before it runs out. Dutch unless
 * told otherwise (French for Walloon and Brussels clients, English on request).
 */
export function renewalReminderEmail(input: RenewalReminderInput): { subject: string; text: string } {
  const language = input.language ?? 'nl';
  const until = longDate(input.connection.validUntil, language);
  const accounts = input.connection.accounts.map((a) => `  - ${printedIban(a.iban)}`).join('\n');
  switch (language) {
    case 'fr':
      return {
        subject: `Votre connexion bancaire ${input.bankName} expire le ${until}`,
        text: [
          'Bonjour,',
          '',
          `L'autorisation qui permet à ${input.firmName} de lire les extraits de compte de ${input.companyName} auprès de ${input.bankName} expire le ${until}. Pour des raisons de sécurité, la banque la limite à ${CONSENT_MAX_DAYS} jours.`,
          '',
          'Comptes concernés :',
          accounts,
          '',
          `Renouvelez-la en quelques minutes avec votre moyen d'authentification habituel :`,
          input.renewUrl,
          '',
          'Sans renouvellement, les nouvelles transactions ne nous parviennent plus automatiquement.',
          '',
          'Cordialement,',
          input.firmName,
        ].join('\n'),
      };
    case 'en':
      return {
        subject: `Your ${input.bankName} bank connection expires on ${until}`,
        text: [
          'Hello,',
          '',
          `The consent that lets ${input.firmName} read the bank transactions of ${input.companyName} at ${input.bankName} expires on ${until}. For security the bank limits it to ${CONSENT_MAX_DAYS} days.`,
          '',
          'Accounts:',
          accounts,
          '',
          'Renew it in a few minutes with your usual bank authentication:',
          input.renewUrl,
          '',
          'Until it is renewed, new transactions no longer reach us automatically.',
          '',
          'Kind regards,',
          input.firmName,
        ].join('\n'),
      };
    default:
      return {
        subject: `Uw bankkoppeling met ${input.bankName} verloopt op ${until}`,
        text: [
          'Beste klant,',
          '',
          `De toestemming waarmee ${input.firmName} de bankmutaties van ${input.companyName} bij ${input.bankName} ophaalt, verloopt op ${until}. De bank geeft deze toestemming om veiligheidsredenen voor maximaal ${CONSENT_MAX_DAYS} dagen.`,
          '',
          'Het gaat om:',
          accounts,
          '',
          'Verleng de koppeling in een paar minuten met uw gebruikelijke manier van inloggen bij de bank:',
          input.renewUrl,
          '',
          'Zonder verlenging komen nieuwe bankmutaties niet meer automatisch bij ons binnen.',
          '',
          'Met vriendelijke groet,',
          input.firmName,
        ].join('\n'),
      };
  }
}
