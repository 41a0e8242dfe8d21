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
