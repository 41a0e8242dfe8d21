import type { Key } from '#packages/table';

/**
 * Key builders for the bank side of an administration. Every key starts with the tenant path;
 * the meaning of the generic index attributes is given here and nowhere else.
 */
export function bankKeys(firmId: string, administrationId: string) {
  const p = `FIRM#${firmId}#ADM#${administrationId}`;
  return {
    /** The administration's bank accounts, by IBAN. */
    accounts: `${p}#BANKACCOUNTS`,
    account: (iban: string): Key => ({ pk: `${p}#BANKACCOUNTS`, sk: iban }),

    /** A bank line by id; the id derives from its movement key, so a movement is stored once. */
    line: (id: string): Key => ({ pk: `${p}#BANKLINES`, sk: id }),
    /** gsi1: lines of one state (`to-process`, `booked`), newest booking date first (`<date>#<id>`). */
    linesOfState: (state: string) => `${p}#BANKLINES#${state}`,
    /** gsi2: lines of one account by booking date (`<date>#<id>`). */
    linesOfAccount: (iban: string) => `${p}#BANKLINES-ACC#${iban}`,
    lineSort: (bookingDate: string, id: string) => `${bookingDate}#${id}`,

    /** Statement files taken in, newest first by their id (a time-ordered id). */
    imports: `${p}#BANKIMPORTS`,
    import: (id: string): Key => ({ pk: `${p}#BANKIMPORTS`, sk: id }),

    /** The robot's settings and what it learnt from this administration's bookings. */
    settings: (): Key => ({ pk: `${p}#BANK`, sk: 'SETTINGS' }),
    history: (): Key => ({ pk: `${p}#BANK`, sk: 'HISTORY' }),
    /** Loan schedules, by id. */
    loans: `${p}#LOANS`,
    loan: (id: string): Key => ({ pk: `${p}#LOANS`, sk: id }),

    /** A missing-document request on a line, and its messages (`MSG#<at>#<id>`), in one partition. */
    thread: (lineId: string) => `${p}#BANKLINE#${lineId}#THREAD`,
    request: (lineId: string): Key => ({ pk: `${p}#BANKLINE#${lineId}#THREAD`, sk: 'REQUEST' }),
    message: (lineId: string, at: string, id: string): Key => ({
      pk: `${p}#BANKLINE#${lineId}#THREAD`,
      sk: `MSG#${at}#${id}`,
    }),
    /** gsi1: requests of one status (`open`, `answered`, `closed`), newest first (`<createdAt>#<lineId>`). */
    requestsOfStatus: (status: string) => `${p}#DOCREQUESTS#${status}`,

    /** PSD2 connections, by id. */
    connections: `${p}#BANKCONNECTIONS`,
    connection: (id: string): Key => ({ pk: `${p}#BANKCONNECTIONS`, sk: id }),
  };
}

export type BankKeys = ReturnType<typeof bankKeys>;

/**
 * gsi2 of every connection that should be synced in the morning, across firms: the schedule
 * reads this one partition (`<firmId>#<administrationId>#<connectionId>`), never a scan.
 */
export const syncedConnectionsIndex = 'SYS#BANKCONNECTIONS#SYNCED';

/** A PSD2 consent id → its connection. */
export const consentKey = (consentId: string): Key => ({ pk: `SYS#BANKCONSENT#${consentId}`, sk: 'CONSENT' });

/**
 * The random `state` of a consent's redirect URI → its connection: the bank sends the client's
 * browser back to a URI fixed before the consent existed, so the state finds the connection.
 */
export const redirectStateKey = (state: string): Key => ({ pk: `SYS#BANKREDIRECT#${state}`, sk: 'REDIRECT' });
