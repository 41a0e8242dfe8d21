/**
 * What each administration plan unlocks, from the product's feature tables. Prices live with
 * billing; this is only which features a plan switches on, kept as data.
 */
export const plans = ['none', 'standaard', 'samenwerken', 'samenwerken-uitgebreid'] as const;
export type Plan = (typeof plans)[number];

export const addOns = ['sales-invoices', 'hours-invoices', 'crm'] as const;
export type AddOn = (typeof addOns)[number];

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

export const planFeatures: Readonly<Record<Plan, PlanFeatures>> = {
  none: { bookingProposals: false, clientUsers: false, addOns: false, clientApprovals: false, chat: false },
  standaard: { bookingProposals: false, clientUsers: false, addOns: false, clientApprovals: false, chat: false },
  samenwerken: { bookingProposals: true, clientUsers: true, addOns: true, clientApprovals: true, chat: true },
  'samenwerken-uitgebreid': {
    bookingProposals: true,
    clientUsers: true,
    addOns: true,
    clientApprovals: true,
    chat: true,
  },
};

export const planNames: Readonly<Record<Plan, string>> = {
  none: 'Geen',
  standaard: 'Standaard',
  samenwerken: 'Samenwerken',
  'samenwerken-uitgebreid': 'Samenwerken Uitgebreid',
};
