import type { ClientType } from './model.js';

export { featureAllowed, type PlanFeature, planFeatureNames, planFeatureTable } from '#packages/tenancy';

/** The rows of the annual-accounts client types' feature table (seed 001). */
export const clientTypeFeatureTable = {
  'download-reports': ['standaard', 'samenwerken', 'samenwerken-uitgebreid'],
  'manage-annual-accounts': ['standaard', 'samenwerken', 'samenwerken-uitgebreid'],
  'share-and-approve-annual-accounts': ['samenwerken', 'samenwerken-uitgebreid'],
  reminders: ['samenwerken', 'samenwerken-uitgebreid'],
  'annual-accounts-dashboard': ['samenwerken', 'samenwerken-uitgebreid'],
  'permanent-portal': ['samenwerken-uitgebreid'],
  'client-insights': ['samenwerken-uitgebreid'],
  'own-branding': ['samenwerken-uitgebreid'],
  'document-exchange': ['samenwerken-uitgebreid'],
  'client-questions': ['samenwerken-uitgebreid'],
  'prepare-by-client': ['samenwerken-uitgebreid'],
  'extra-client-users': ['samenwerken-uitgebreid'],
} as const satisfies Record<string, readonly ClientType[]>;
export type ClientTypeFeature = keyof typeof clientTypeFeatureTable;

/** Whether an annual-accounts client type unlocks `feature`. */
export function clientTypeFeatureAllowed(type: ClientType, feature: ClientTypeFeature): boolean {
  return (clientTypeFeatureTable[feature] as readonly ClientType[]).includes(type);
}
