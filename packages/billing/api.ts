import { z } from 'zod';
import { ForbiddenError, formatCents, NotFoundError, type TenantContext } from '#packages/kernel';
import { type Administration, plans } from '#packages/tenancy';
import { priceListOn, priceLists } from './catalogue.js';
import { listInvoices, readInvoice } from './close.js';
import { firmCockpit } from './cockpit.js';
import { clientTypeFeatureTable, planFeatureTable } from './features.js';
import {
  clientTypes,
  FirmInvoice,
  InvoiceLine,
  Month,
  PriceList,
  SubscriptionChange,
  SubscriptionTerms,
} from './model.js';
import { listBillingEvents } from './notifications.js';
import {
  type BillingDeps,
  historyFromAdministration,
  recordSubscriptionChange,
  subscriptionHistory,
  termsOfMonth,
  withBase,
} from './subscriptions.js';
import { usageOfAdministration } from './usage.js';

/** Path and query shapes of the billing routes. */
export const BillingInvoicePath = z.object({
  invoiceId: z
    .string()
    .regex(/^[0-9A-Za-z-]{1,100}$/, 'Not an invoice id.')
    .describe('`<firmId>-<yyyy-mm>`: the firm and the month closed.'),
});
export const BillingInvoicesQuery = z
  .object({
    cursor: z.string().max(2048).optional().describe('Opaque cursor from the previous page.'),
    limit: z.coerce.number().int().min(1).max(100).optional().describe('Page size, 1 to 100 (default 24).'),
  })
  .strict();

/** Billing of the firm is the firm's business: client users never see it. */
export function requireFirmUser(tenant: TenantContext): void {
  if (tenant.userType !== 'firm') throw new ForbiddenError('Only firm users see the firm’s billing.');
}

const moneyKeys = new Set(['amount', 'unitPrice', 'total', 'forecastCharge', 'currentCost', 'saving', 'overagePrice']);

/** Amounts (euro cents inside) as decimal strings, as every API amount. */
export function presentBilling(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(presentBilling);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (moneyKeys.has(k) && typeof v === 'number') return [k, formatCents(v)];
      if (k === 'costByPlan' && v && typeof v === 'object') {
        return [k, Object.fromEntries(Object.entries(v).map(([p, c]) => [p, formatCents(c as number)]))];
      }
      return [k, presentBilling(v)];
    }),
  );
}

/**
 * An issued invoice of the caller's firm, with its lines: 403 when the id names another firm,
 * 404 when the month is not closed.
 */
export async function getFirmInvoice(deps: BillingDeps, tenant: TenantContext, invoiceId: string) {
  requireFirmUser(tenant);
  const prefix = `${tenant.firmId}-`;
  const period = invoiceId.slice(prefix.length);
  if (!invoiceId.startsWith(prefix) || !Month.safeParse(period).success) throw new ForbiddenError();
  const invoice = await readInvoice(deps.table, tenant.firmId, period);
  if (!invoice) throw new NotFoundError(`The invoice of ${period}`);
  return invoice;
}

/** The caller's firm's invoices, newest first, without lines. */
export async function listFirmInvoices(
  deps: BillingDeps,
  tenant: TenantContext,
  query: { cursor?: string | undefined; limit?: number | undefined },
) {
  requireFirmUser(tenant);
  return listInvoices(deps.table, tenant.firmId, query.cursor, query.limit);
}

/** The price lists (amounts in euro cents), the one in force today, and what each plan unlocks. */
export async function getCatalogue(deps: BillingDeps) {
  const lists = await priceLists(deps.table);
  const today = deps.clock().toISOString().slice(0, 10);
  return {
    current: priceListOn(lists, today).version,
    priceLists: lists,
    planFeatures: planFeatureTable,
    clientTypeFeatures: clientTypeFeatureTable,
  };
}

/** The firm's billing cockpit (firm users). */
export async function getFirmCockpit(deps: BillingDeps, tenant: TenantContext) {
  requireFirmUser(tenant);
  return firmCockpit(deps, tenant.firmId);
}

/** The firm's in-app billing events (firm users). */
export async function getBillingEvents(deps: BillingDeps, tenant: TenantContext) {
  requireFirmUser(tenant);
  return { items: await listBillingEvents(deps.table, tenant.firmId) };
}

/**
 * Usage of an administration (`administration` comes from tenancy's access check); firm users
 * only, since it shows what the firm pays.
 */
export function getAdministrationUsage(deps: BillingDeps, tenant: TenantContext, administration: Administration) {
  requireFirmUser(tenant);
  return usageOfAdministration(deps, administration.firmId, administration.id, () =>
    historyFromAdministration(administration),
  );
}

/** An administration's subscription: its changes and the terms this month is charged at. */
export async function getSubscription(deps: BillingDeps, tenant: TenantContext, administration: Administration) {
  requireFirmUser(tenant);
  const stored = await subscriptionHistory(deps.table, administration.firmId, administration.id);
  const changes: SubscriptionChange[] = withBase(historyFromAdministration(administration), stored);
  const month = deps.clock().toISOString().slice(0, 7);
  return { administrationId: administration.id, month, thisMonth: termsOfMonth(changes, month) ?? null, changes };
}

/** Records an effective-dated change of an administration's subscription (firm users). */
export function changeSubscription(
  deps: BillingDeps,
  tenant: TenantContext,
  administration: Administration,
  body: unknown,
) {
  return recordSubscriptionChange(deps, tenant, administration, body);
}

const money = z.string().describe('Amount as a decimal string, e.g. "10.50".');

/** Response shapes of the billing routes (amounts as decimal strings), for the API description. */
export const BillingInvoiceOut = FirmInvoice.extend({
  total: money,
  lines: z.array(InvoiceLine.extend({ unitPrice: money, amount: money })),
}).meta({ id: 'BillingInvoiceOut' });
export const BillingInvoicePageOut = z
  .object({ items: z.array(BillingInvoiceOut.omit({ lines: true })), nextCursor: z.string().optional() })
  .meta({ id: 'BillingInvoicePage' });
const PeriodUsageOut = z.object({
  period: z.string(),
  proposals: z.number().int(),
  included: z.number().int().optional(),
  elapsed: z.number(),
  forecast: z.number().int(),
});
export const AdministrationUsageOut = z
  .object({
    administrationId: z.string(),
    plan: z.enum(plans),
    month: PeriodUsageOut,
    quarter: PeriodUsageOut,
    forecastCharge: money,
    forecastOverage: z.object({ quantity: z.number().int(), amount: money }),
  })
  .meta({ id: 'AdministrationUsage' });
export const SubscriptionOut = z
  .object({
    administrationId: z.string(),
    month: Month,
    thisMonth: SubscriptionTerms.nullable().describe('The terms this month is charged at (the most on any day).'),
    changes: z.array(SubscriptionChange),
  })
  .meta({ id: 'Subscription' });
export const CatalogueOut = z
  .object({
    current: z.string(),
    priceLists: z.array(PriceList).describe('Amounts in euro cents.'),
    planFeatures: z.record(z.string(), z.array(z.enum(plans))),
    clientTypeFeatures: z.record(z.string(), z.array(z.enum(clientTypes))),
  })
  .meta({ id: 'Catalogue' });
const Advice = z.object({
  months: z.number().int(),
  from: z.string(),
  to: z.string(),
  currentCost: money,
  costByPlan: z.record(z.string(), money),
  cheapestPlan: z.enum(plans),
  saving: money,
});
export const CockpitOut = z
  .object({
    firmId: z.string(),
    asOf: z.string(),
    administrationsPerPlan: z.record(z.enum(plans), z.number().int()),
    outsideBundle: z.array(
      z.object({
        administrationId: z.string(),
        plan: z.enum(plans),
        period: z.string(),
        proposals: z.number().int(),
        included: z.number().int(),
        beyond: z.number().int(),
      }),
    ),
    advice: z.array(z.object({ administrationId: z.string(), plan: z.enum(plans), last3: Advice, last12: Advice })),
  })
  .meta({ id: 'BillingCockpit' });
export const BillingEventsOut = z
  .object({
    items: z.array(
      z.object({
        type: z.literal('proposal-bundle-exceeded'),
        firmId: z.string(),
        administrationId: z.string(),
        period: z.string(),
        included: z.number().int(),
        count: z.number().int(),
        overagePrice: z.number().int().describe('Euro cents.'),
        at: z.string(),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'BillingEvents' });
