import { z } from 'zod';

const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'Not a valid id.');

/** Path and query shapes shared by routes; also registered in the OpenAPI document. */
export const administrationPath = z.object({ administrationId: id });
export const userPath = z.object({ userId: id });
export const membershipPath = z.object({ administrationId: id, userId: id });
export const pageQuery = z
  .object({
    cursor: z.string().max(2048).optional().describe('Opaque cursor from the previous page.'),
    limit: z.coerce.number().int().min(1).max(100).optional().describe('Page size, 1 to 100 (default 50).'),
  })
  .strict();

const period = z.string().regex(/^\d{4}-(0\d|1[0-2])$/, 'A period as YYYY-MM.');

export const accountPath = z.object({ administrationId: id, code: z.string().regex(/^[0-9A-Za-z.]{1,12}$/) });
export const entryPath = z.object({
  administrationId: id,
  entryId: z.string().regex(/^[A-Z0-9]{1,10}-\d{4}-\d{1,7}$/),
});
export const periodPath = z.object({ administrationId: id, period });
export const reportPath = z.object({
  administrationId: id,
  report: z.enum(['trial-balance', 'profit-and-loss', 'balance-sheet', 'kpis']),
});
export const reportQuery = z
  .object({
    from: period.optional().describe('First period (default: January of the year of `to`).'),
    to: period.describe('Last period, inclusive.'),
  })
  .strict();
export const entriesQuery = pageQuery.extend({ period });
export const ReverseEntryBody = z
  .object({ date: z.iso.date().optional(), description: z.string().trim().min(1).max(500).optional() })
  .strict()
  .meta({ id: 'ReverseEntryInput' });

export const relationPath = z.object({ administrationId: id, relationId: z.string().regex(/^[0-9A-Za-z-]{1,64}$/) });
export const externalIdPath = z.object({
  administrationId: id,
  source: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'A lower-case source name such as "crm" or "keeping".'),
  externalId: z.string().min(1).max(200),
});
export const RelationStatusBody = z
  .object({ status: z.enum(['active', 'archived']) })
  .strict()
  .meta({ id: 'RelationStatusInput' });

export const vatReturnPath = z.object({
  administrationId: id,
  returnId: z.string().regex(/^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/, 'A VAT period as YYYY-Qn or YYYY-MM.'),
});
