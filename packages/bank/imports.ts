import { z } from 'zod';
import {
  type Clock,
  ConflictError,
  DomainError,
  NotFoundError,
  type Page,
  type TenantContext,
  ValidationError,
} from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { auditPut, getItem, type Item, queryPage, stripKeys, type Table, transactWrite } from '#packages/table';
import { getBankAccount, requireFirmUser } from './accounts.js';
import { bankKeys } from './keys.js';
import { type StoredBankLine, storeLines } from './lines.js';
import { parseStatementFile } from './statements/index.js';

/** What became of one statement of an imported file. */
export const ImportedStatement = z.object({
  account: z.string(),
  currency: z.string(),
  statementId: z.string().optional(),
  openingBalance: z.number().int().optional(),
  closingBalance: z.number().int().optional(),
  lines: z.number().int(),
  stored: z.number().int().describe('New lines taken in.'),
  duplicates: z.number().int().describe('Lines already there from an earlier file or the feed.'),
  balanceCheck: z.object({
    ok: z.boolean(),
    difference: z.number().int(),
    unchecked: z.string().optional(),
  }),
  /** Why this statement was not taken in (an account the administration does not have). */
  error: z.string().optional(),
});
export type ImportedStatement = z.infer<typeof ImportedStatement>;

export const StatementImport = z
  .object({
    id: z.string(),
    administrationId: z.string(),
    fileName: z.string(),
    /** Where the file is kept as it came in, whatever became of it. */
    rawKey: z.string(),
    status: z.enum(['imported', 'partly-imported', 'rejected']),
    format: z.string().optional(),
    version: z.string().optional(),
    statements: z.array(ImportedStatement),
    /** Why the file as a whole was refused, with a stable code. */
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    importedBy: z.string(),
    importedAt: z.string(),
  })
  .meta({ id: 'StatementImport' });
export type StatementImport = z.infer<typeof StatementImport>;

export const StatementUpload = z
  .object({
    fileName: z.string().trim().min(1).max(200),
    /** The file's bytes, base64. */
    content: z.base64().min(4),
  })
  .strict()
  .meta({ id: 'StatementUpload' });
export type StatementUpload = z.input<typeof StatementUpload>;

export interface ImportDeps {
  readonly table: Table;
  readonly clock: Clock;
  /** A time-ordered id, so imports list newest first. */
  readonly newId: () => string;
  /** Keeps the raw file before it is read. */
  readonly putRaw: (key: string, bytes: Uint8Array) => Promise<void>;
}

/** 5 MB: well above a year of daily statements of a busy account. */
export const MAX_STATEMENT_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Takes in a statement file (camt.052/053/054, MT940/942, CODA): the raw file is kept first,
 * then read; each statement's lines are stored once on its account (which must be one of the
 * administration's accounts), with the balance check recorded. A file that cannot be read is
 * kept and recorded as rejected with its reason, never thrown away; the import record says
 * per statement what was taken in, what was already there and whether the balances add up.
 */
export async function importStatementFile(
  deps: ImportDeps,
  tenant: TenantContext,
  adm: BooksOf,
  fileName: string,
  bytes: Uint8Array,
): Promise<{ import: StatementImport; lines: StoredBankLine[] }> {
  requireFirmUser(tenant, adm, 'imports bank statements');
  const id = deps.newId();
  const rawKey = `bank-statements/${adm.firmId}/${adm.id}/${id}/${fileName.replace(/[^\w.-]/g, '_')}`;
  await deps.putRaw(rawKey, bytes);
  const base = {
    id,
    administrationId: adm.id,
    fileName,
    rawKey,
    importedBy: tenant.userId,
    importedAt: deps.clock().toISOString(),
  };
  let record: StatementImport;
  const lines: StoredBankLine[] = [];
  try {
    if (bytes.byteLength > MAX_STATEMENT_FILE_BYTES) {
      throw new DomainError(
        'FILE_TOO_LARGE',
        `The file has ${bytes.byteLength} bytes; at most ${MAX_STATEMENT_FILE_BYTES}.`,
      );
    }
    const parsed = parseStatementFile(bytes, fileName);
    const statements: ImportedStatement[] = [];
    for (const statement of parsed.statements) {
      const summary = {
        account: statement.account,
        currency: statement.currency,
        ...(statement.statementId ? { statementId: statement.statementId } : {}),
        ...(statement.openingBalance !== undefined ? { openingBalance: statement.openingBalance } : {}),
        ...(statement.closingBalance !== undefined ? { closingBalance: statement.closingBalance } : {}),
        lines: statement.lines.length,
        balanceCheck: { ...statement.balanceCheck },
      };
      const account = await getBankAccount(deps.table, adm, statement.account).catch((error: unknown) => {
        if (error instanceof NotFoundError || error instanceof ValidationError) {
          return undefined;
        }
        throw error;
      });
      if (!account) {
        statements.push({
          ...summary,
          stored: 0,
          duplicates: 0,
          error: `Account ${statement.account} is not a bank account of this administration; register it first.`,
        });
        continue;
      }
      const result = await storeLines(deps, adm, account.iban, statement.lines, { kind: 'file', importId: id });
      lines.push(...result.stored);
      statements.push({ ...summary, stored: result.stored.length, duplicates: result.duplicates });
    }
    const taken = statements.filter((s) => !s.error).length;
    record = {
      ...base,
      status: taken === statements.length ? 'imported' : taken === 0 ? 'rejected' : 'partly-imported',
      format: parsed.format,
      ...(parsed.version ? { version: parsed.version } : {}),
      statements,
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    record = { ...base, status: 'rejected', statements: [], error: { code: error.code, message: error.message } };
  }
  const at = deps.clock();
  await transactWrite(
    deps.table,
    [
      {
        Put: {
          Item: { ...bankKeys(adm.firmId, adm.id).import(id), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      auditPut(tenant, at, {
        action: 'bank.statement-imported',
        entityType: 'StatementImport',
        entityId: id,
        administrationId: adm.id,
        after: { fileName, status: record.status, lines: lines.length },
      }),
    ],
    () => new ConflictError('IMPORT_EXISTS', `Import ${id} exists already.`),
  );
  return { import: record, lines };
}

export async function getStatementImport(table: Table, adm: BooksOf, id: string): Promise<StatementImport> {
  const item = await getItem<Item>(table, bankKeys(adm.firmId, adm.id).import(id));
  if (!item) throw new NotFoundError(`Statement import ${id}`);
  return stripKeys<StatementImport>(item);
}

export async function listStatementImports(
  table: Table,
  adm: BooksOf,
  query: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<StatementImport>> {
  const pk = bankKeys(adm.firmId, adm.id).imports;
  const page = await queryPage<Item>(table, {
    pk,
    newestFirst: true,
    limit: query.limit ?? 50,
    cursor: query.cursor,
    cursorScope: pk,
  });
  return { ...page, items: page.items.map((i) => stripKeys<StatementImport>(i)) };
}

const money = z.string().describe('Amount as a decimal string, e.g. "1234.50".');

/** An import as the API shows it (`presentMoney`): balances and differences as decimal strings. */
export const StatementImportOut = StatementImport.extend({
  statements: z.array(
    ImportedStatement.extend({
      openingBalance: money.optional(),
      closingBalance: money.optional(),
      balanceCheck: ImportedStatement.shape.balanceCheck.extend({ difference: money }),
    }),
  ),
}).meta({ id: 'StatementImportOut' });
