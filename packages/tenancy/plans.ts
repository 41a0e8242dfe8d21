/**
 * What each administration plan unlocks, from the product's feature tables. Prices live with
 * billing; this is only which features a plan switches on, kept as data.
 */
export const plans = ['none', 'standaard', 'samenwerken', 'samenwerken-uitgebreid'] as const;
export type Plan = (typeof plans)[number];

export const addOns = ['sales-invoices', 'hours-invoices', 'crm'] as const;
export type AddOn = (typeof addOns)[number];

/**
 * The rows of the seeds' feature table for bookkeeping client administrations (seed 000,
 * "Features & prijzen"), by the plans that have them. Data, not branches: a plan change is a
 * change of this table only.
 */
export const planFeatureTable = {
  /** Basisboekhouding. */
  'basic-bookkeeping': ['standaard', 'samenwerken', 'samenwerken-uitgebreid'],
  /** Aanlevering documenten door klant: by e-mail (Standaard: with Plus and Professional). */
  'document-delivery-email': ['standaard', 'samenwerken', 'samenwerken-uitgebreid'],
  /** Aanlevering documenten door klant: web and app (Mijn[Kantoor]). */
  'document-delivery-portal': ['samenwerken', 'samenwerken-uitgebreid'],
  /** Scan & Herken and received e-invoices become booking proposals (Samenwerken: 10 a month included). */
  'booking-proposals': ['samenwerken', 'samenwerken-uitgebreid'],
  /** PSD2 bank connections set up and managed (by the client through the portal). */
  'psd2-bank-connections': ['samenwerken', 'samenwerken-uitgebreid'],
  /** Robot: suggestions on bank statements. */
  'bank-suggestions': ['samenwerken', 'samenwerken-uitgebreid'],
  /** Robot: automatic assignment of purchase and sales invoices. */
  'invoice-assignment': ['samenwerken', 'samenwerken-uitgebreid'],
  /** Advanced robot: splitting statement lines (loan interest and repayment). */
  'advanced-bank-suggestions': ['samenwerken-uitgebreid'],
  /** Advanced robot: matching receipts to earlier bank transactions. */
  'advanced-matching': ['samenwerken-uitgebreid'],
  /** Advanced robot: complex UBL invoices consolidated per VAT rate or cost category. */
  'complex-invoices': ['samenwerken-uitgebreid'],
  /** Advanced robot: asset depreciation entries made automatically. */
  'automatic-depreciation': ['samenwerken-uitgebreid'],
  /** Advanced robot: recurring entries made automatically. */
  'recurring-entries': ['samenwerken-uitgebreid'],
  /** In-context communication (chat) between client and accountant. */
  chat: ['samenwerken', 'samenwerken-uitgebreid'],
  /** The client approves purchase invoices. */
  'client-invoice-approval': ['samenwerken', 'samenwerken-uitgebreid'],
  /** The client manages payments. */
  'client-payments': ['samenwerken', 'samenwerken-uitgebreid'],
  /** Approval flows. */
  approvals: ['samenwerken', 'samenwerken-uitgebreid'],
  /** Releasing periods through Mijn[Kantoor]. */
  'period-release': ['samenwerken', 'samenwerken-uitgebreid'],
  /** Advice cockpit for the client. */
  'advice-cockpit': ['samenwerken', 'samenwerken-uitgebreid'],
  /** Client users (1 included), and extra ones at a monthly price. */
  'client-users': ['samenwerken', 'samenwerken-uitgebreid'],
  /** The add-ons: sales invoices, hours & invoices, CRM. */
  'add-ons': ['samenwerken', 'samenwerken-uitgebreid'],
} as const satisfies Record<string, readonly Plan[]>;
export type PlanFeature = keyof typeof planFeatureTable;
export const planFeatureNames = Object.keys(planFeatureTable) as PlanFeature[];

/** Whether `plan` unlocks `feature` (no plan unlocks nothing). */
export function featureAllowed(plan: Plan, feature: PlanFeature): boolean {
  return (planFeatureTable[feature] as readonly Plan[]).includes(plan);
}

/** The switches the rest of the back end reads, from the table above. */
export interface PlanFeatures {
  /** Scan & Herken and received e-invoices become booking proposals. */
  readonly bookingProposals: boolean;
  /** Client users may be given access (portal, approvals, chat). */
  readonly clientUsers: boolean;
  /** Add-ons for the client may be switched on. */
  readonly addOns: boolean;
  readonly clientApprovals: boolean;
  readonly chat: boolean;
}

const featuresOf = (plan: Plan): PlanFeatures => ({
  bookingProposals: featureAllowed(plan, 'booking-proposals'),
  clientUsers: featureAllowed(plan, 'client-users'),
  addOns: featureAllowed(plan, 'add-ons'),
  clientApprovals: featureAllowed(plan, 'client-invoice-approval'),
  chat: featureAllowed(plan, 'chat'),
});

export const planFeatures: Readonly<Record<Plan, PlanFeatures>> = Object.fromEntries(
  plans.map((p) => [p, featuresOf(p)]),
) as Record<Plan, PlanFeatures>;

export const planNames: Readonly<Record<Plan, string>> = {
  none: 'Geen',
  standaard: 'Standaard',
  samenwerken: 'Samenwerken',
  'samenwerken-uitgebreid': 'Samenwerken Uitgebreid',
};
