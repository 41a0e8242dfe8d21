import { z } from 'zod';
import { ConflictError, MoneyString, type TenantContext } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { auditPut, type Item, queryAll, stripKeys, type Table, transactWrite } from '#packages/table';
import { ibanOf, requireFirmUser } from './accounts.js';
import { bankKeys } from './keys.js';
import { buildLoanSchedule, type LoanSchedule } from './matching/index.js';

/** A loan as the accountant sets it up: who is paid, the accounts, and the terms the schedule follows. */
export const LoanInput = z
  .object({
    label: z.string().trim().min(1).max(100),
    counterpartyIban: z.string().trim().optional(),
    counterpartyName: z.string().trim().min(1).max(200).optional(),
    loanReference: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .optional()
      .describe('The contract number the bank puts in the remittance.'),
    principalAccount: z.string().trim().min(1).max(20),
    interestAccount: z.string().trim().min(1).max(20),
    terms: z
      .object({
        principal: MoneyString.refine((c) => c > 0, 'A loan lends more than zero.'),
        annualRateBasisPoints: z.number().int().min(0).max(5_000).describe('4.5 % is 450.'),
        periods: z.number().int().min(1).max(600),
        firstDueDate: z.iso.date(),
        method: z.enum(['annuity', 'linear']),
        periodsPerYear: z.union([z.literal(12), z.literal(4), z.literal(1)]).default(12),
      })
      .strict(),
  })
  .strict()
  .refine((v) => v.counterpartyIban || v.counterpartyName || v.loanReference, {
    message: 'Say how the instalments are recognised: the lender’s IBAN, name or the loan reference.',
    path: ['counterpartyIban'],
  })
  .meta({ id: 'LoanInput' });
export type LoanInput = z.input<typeof LoanInput>;

/** Sets up (or replaces) a loan with its schedule; the robot splits its instalments from then on. */
export async function putLoan(
  deps: { readonly table: Table; readonly clock: () => Date },
  tenant: TenantContext,
  adm: BooksOf,
  loanId: string,
  input: z.output<typeof LoanInput>,
): Promise<LoanSchedule> {
  requireFirmUser(tenant, adm, 'sets up loans');
  const loan: LoanSchedule = {
    id: loanId,
    label: input.label,
    ...(input.counterpartyIban ? { counterpartyIbans: [ibanOf(input.counterpartyIban)] } : {}),
    ...(input.counterpartyName ? { counterpartyName: input.counterpartyName } : {}),
    ...(input.loanReference ? { loanReference: input.loanReference } : {}),
    principalAccount: input.principalAccount,
    interestAccount: input.interestAccount,
    periods: buildLoanSchedule(input.terms),
  };
  const at = deps.clock();
  await transactWrite(
    deps.table,
    [
      { Put: { Item: { ...bankKeys(adm.firmId, adm.id).loan(loanId), ...loan } } },
      auditPut(tenant, at, {
        action: 'bank.loan-set-up',
        entityType: 'Loan',
        entityId: loanId,
        administrationId: adm.id,
        after: { ...input, terms: input.terms },
      }),
    ],
    () => new ConflictError('CONCURRENT_UPDATE', 'The loan changed at the same time.'),
  );
  return loan;
}

export async function listLoans(table: Table, adm: BooksOf): Promise<LoanSchedule[]> {
  const items = await queryAll<Item>(table, { pk: bankKeys(adm.firmId, adm.id).loans });
  return items.map((i) => stripKeys<LoanSchedule>(i));
}
