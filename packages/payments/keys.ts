import { ledgerKeys } from '#packages/ledger';
import type { Key } from '#packages/table';
import type { BatchStatus } from './model.js';

/** Key builders for payment batches and the claims they hold on open items of one administration. */
export function paymentKeys(firmId: string, administrationId: string) {
  const p = ledgerKeys(firmId, administrationId).prefix;
  return {
    /** Batches by id (ULID: newest last). */
    batches: `${p}#PAYBATCHES`,
    batch: (id: string): Key => ({ pk: `${p}#PAYBATCHES`, sk: id }),
    /** gsi1: batches of a status (`gsi1sk = <id>`). */
    batchesOfStatus: (status: BatchStatus) => `${p}#PAYBATCHES#${status}`,
    /** The claim of an open item: which batch pays it. */
    claim: (openItemId: string): Key => ({ pk: `${p}#PAYCLAIMS`, sk: openItemId }),
  };
}

export type PaymentKeys = ReturnType<typeof paymentKeys>;
