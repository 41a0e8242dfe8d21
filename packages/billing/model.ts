import { z } from 'zod';
import { addOns, plans } from '#packages/tenancy';

/** `2026-03`. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Expected a month as yyyy-mm.');
/** `2026-03-15`. */
export const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Expected a date as yyyy-mm-dd.');

export const editions = ['plus-professional', 'essentials'] as const;
export type Edition = (typeof editions)[number];

/** Annual-accounts client types (seed 001), ordered from least to most. */
export const clientTypes = ['standaard', 'samenwerken', 'samenwerken-uitgebreid'] as const;
export type ClientType = (typeof clientTypes)[number];

const cents = z.number().int().min(0);

const PlanPrice = z.object({
  /** Per edition of the firm's licence; an edition without a price cannot have the plan. */
  monthly: z.partialRecord(z.enum(editions), cents),
  /** Booking proposals: included per month or quarter, then `overage` cents each. */
  proposals: z
    .object({
      included: z.number().int().min(0),
      per: z.enum(['month', 'quarter']),
      overage: cents,
      notifyWhenExceeded: z.boolean(),
    })
    .optional(),
  includedClientUsers: z.number().int().min(0),
  extraClientUser: cents.optional(),
});
export type PlanPrice = z.infer<typeof PlanPrice>;

/**
 * One price list. Amounts are euro cents (integers). A list is immutable once loaded; a new
 * one with a later `effectiveFrom` (always the 1st of a month) takes over from that month.
 */
export const PriceList = z
  .object({
    version: z.string().min(1),
    effectiveFrom: Day.refine((d) => d.endsWith('-01'), 'A price list takes effect on the 1st of a month.'),
    currency: z.literal('EUR'),
    source: z.string().optional(),
    plans: z.object({
      none: PlanPrice,
      standaard: PlanPrice,
      samenwerken: PlanPrice,
      'samenwerken-uitgebreid': PlanPrice,
    }),
    addOns: z.object({ 'sales-invoices': cents, 'hours-invoices': cents, crm: cents }),
    annualAccounts: z.object({
      types: z.object({ standaard: cents, samenwerken: cents, 'samenwerken-uitgebreid': cents }),
      includedClientUsers: z.number().int().min(0),
      extraClientUser: z.partialRecord(z.enum(clientTypes), cents),
    }),
  })
  .meta({ id: 'PriceList' });
export type PriceList = z.infer<typeof PriceList>;

/** What an administration is subscribed to from `effectiveFrom` on. */
export const SubscriptionTerms = z
  .object({
    plan: z.enum(plans),
    addOns: z.array(z.enum(addOns)).max(addOns.length).default([]),
    /** Client users with portal access; the plan includes some (1), the rest are extra. */
    clientUsers: z.number().int().min(0).max(1000).default(0),
    /** The annual-accounts client type, when the firm also does this client's annual accounts. */
    annualAccounts: z
      .object({
        type: z.enum(clientTypes),
        clientUsers: z.number().int().min(0).max(1000).default(1),
      })
      .optional(),
    /** The firm's licence edition: Standaard costs more with Essentials. */
    edition: z.enum(editions).default('plus-professional'),
  })
  .strict();
export type SubscriptionTerms = z.infer<typeof SubscriptionTerms>;

export const SubscriptionChangeInput = SubscriptionTerms.extend({
  effectiveFrom: Day.describe('The day the terms take effect (today or later for a firm user).'),
})
  .strict()
  .meta({ id: 'SubscriptionChangeInput' });
export type SubscriptionChangeInput = z.input<typeof SubscriptionChangeInput>;

/** One effective-dated change of an administration's subscription. */
export const SubscriptionChange = SubscriptionTerms.extend({
  firmId: z.string(),
  administrationId: z.string(),
  effectiveFrom: Day,
  recordedAt: z.string(),
  recordedBy: z.string(),
}).meta({ id: 'SubscriptionChange' });
export type SubscriptionChange = z.infer<typeof SubscriptionChange>;

export const chargeKinds = [
  'plan',
  'add-on',
  'extra-client-users',
  'annual-accounts',
  'annual-accounts-extra-users',
  'proposal-overage',
  'proposal-overage-correction',
] as const;
export type ChargeKind = (typeof chargeKinds)[number];

/** Where a line's usage can be checked: the counter it read and the query listing its records. */
export const UsageTrace = z.object({
  /** The month counter item read at the close (`pk`/`sk`) and the count it held. */
  counter: z.object({ pk: z.string(), sk: z.string(), count: z.number().int() }),
  /** Query the usage records: `pk = :pk AND begins_with(sk, :skPrefix)`. */
  usageRecords: z.object({ pk: z.string(), skPrefix: z.string() }),
  /** Uitgebreid: proposals in the quarter up to and including this month, and before it. */
  quarterToDate: z.number().int().optional(),
  quarterBefore: z.number().int().optional(),
});
export type UsageTrace = z.infer<typeof UsageTrace>;

export const InvoiceLine = z
  .object({
    id: z.string().describe('`<administration>:<kind>:<detail>:<usage month>`, unique within the invoice.'),
    administrationId: z.string(),
    kind: z.enum(chargeKinds),
    /** The month the charge is for (a correction: the month the late usage belongs to). */
    period: Month,
    description: z.string(),
    quantity: z.number().int(),
    unitPrice: cents,
    amount: z.number().int().describe('Euro cents; negative only for a correction that gives back.'),
    priceList: z.string(),
    trace: UsageTrace.optional(),
  })
  .meta({ id: 'BillingInvoiceLine' });
export type InvoiceLine = z.infer<typeof InvoiceLine>;

export const FirmInvoice = z
  .object({
    id: z.string(),
    firmId: z.string(),
    /** The month closed: its subscriptions and the usage recorded in it. */
    period: Month,
    /** The 1st of the month after `period`. */
    issuedOn: Day,
    status: z.literal('issued'),
    currency: z.literal('EUR'),
    total: z.number().int(),
    administrations: z.number().int(),
    lines: z.array(InvoiceLine),
    createdAt: z.string(),
  })
  .meta({ id: 'BillingInvoice' });
export type FirmInvoice = z.infer<typeof FirmInvoice>;
