import { bank, queueNewLines } from '#functions/shared/bank.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute, result } from '#functions/shared/http.ts';
import { logger } from '#functions/shared/observability.ts';
import { administrationPath, asSent } from '#functions/shared/schemas.ts';
import { importStatementFile, StatementUpload } from '#packages/bank';
import { presentMoney } from '#packages/ledger';

export const handler = httpRoute(
  { params: administrationPath, body: asSent(StatementUpload) },
  async ({ tenant, params, body }) => {
    const adm = await booksOf(tenant, params.administrationId);
    const upload = StatementUpload.parse(body);
    const bytes = Buffer.from(upload.content, 'base64');
    const { import: record, lines } = await importStatementFile(bank, tenant, adm, upload.fileName, bytes);
    await queueNewLines(
      adm,
      lines.map((l) => l.id),
    );
    logger.info('Bank statement imported', {
      administrationId: adm.id,
      importId: record.id,
      status: record.status,
      format: record.format,
      newLines: lines.length,
    });
    return result(record.status === 'rejected' ? 422 : 201, presentMoney(record));
  },
);
