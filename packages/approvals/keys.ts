import type { Key } from '#packages/table';
import type { SubjectKind } from './model.js';

/** Key builders of everything approvals store; `A` is the administration's prefix. */
export function approvalKeys(firmId: string, administrationId: string) {
  const a = `FIRM#${firmId}#ADM#${administrationId}`;
  return {
    flows: `${a}#APPROVAL-FLOWS`,
    flow: (id: string): Key => ({ pk: `${a}#APPROVAL-FLOWS`, sk: id }),
    settings: (): Key => ({ pk: `${a}#APPROVALS`, sk: 'SETTINGS' }),
    approval: (id: string): Key => ({ pk: `${a}#APPROVAL#${id}`, sk: 'APPROVAL' }),
    subject: (kind: SubjectKind, id: string): Key => ({ pk: `${a}#APPROVAL-SUBJECT#${kind}#${id}`, sk: 'CURRENT' }),
    task: (id: string): Key => ({ pk: `${a}#APPROVAL-TASKS`, sk: id }),
    history: (kind: SubjectKind, id: string) => `${a}#APPROVAL-HISTORY#${kind}#${id}`,
    annualAccounts: `${a}#ANNUAL-ACCOUNTS`,
    annualAccount: (id: string): Key => ({ pk: `${a}#ANNUAL-ACCOUNTS`, sk: id }),
    openItem: (id: string): Key => ({ pk: `${a}#OI#${id}`, sk: 'ITEM' }),
  };
}

export const firmKeys = {
  texts: (firmId: string): Key => ({ pk: `FIRM#${firmId}`, sk: 'APPROVAL-TEXTS' }),
  inbox: (firmId: string, userId: string) => `FIRM#${firmId}#USER#${userId}#INBOX`,
  inboxEntry: (firmId: string, userId: string, deadlineAt: string, taskId: string): Key => ({
    pk: `FIRM#${firmId}#USER#${userId}#INBOX`,
    sk: `${deadlineAt}#${taskId}`,
  }),
  inboxCounts: (firmId: string, userId: string): Key => ({
    pk: `FIRM#${firmId}#USER#${userId}#INBOX-COUNTS`,
    sk: 'COUNTS',
  }),
};

/** A one-time link, found by the SHA-256 of its token before any tenant is known. */
export const linkKey = (tokenHash: string): Key => ({ pk: `SYS#APPROVAL-LINK#${tokenHash}`, sk: 'LINK' });
