import type { MatchingSettings } from './model.js';

const nl: MatchingSettings = {
  priority: ['reference', 'open-items', 'loan', 'document', 'gl-account'],
  autoBookThreshold: 0.95,
  strongConfidence: 0.6,
  minimumConfidence: 0.3,
  bankCosts: { maxAmount: 250, glAccount: '4900' },
  discount: { maxBasisPoints: 200, givenGlAccount: '8300', receivedGlAccount: '4910' },
  maxCombinedItems: 4,
  maxCombinationCandidates: 24,
  documentWindowDays: 10,
  loanWindowDays: 10,
};

/**
 * The defaults for an administration on the Dutch or Belgian chart: bank costs to `4900` /
 * `657000`, discounts given to `8300` / `708000`, discounts received to the payment
 * differences account; auto-book from 0.95.
 */
export function defaultMatchingSettings(country: 'NL' | 'BE' = 'NL'): MatchingSettings {
  if (country === 'NL') return nl;
  return {
    ...nl,
    bankCosts: { ...nl.bankCosts, glAccount: '657000' },
    discount: { ...nl.discount, givenGlAccount: '708000', receivedGlAccount: '659000' },
  };
}

/** The defaults with an administration's own settings over them. */
export function resolveSettings(settings: Partial<MatchingSettings> | undefined): MatchingSettings {
  return { ...nl, ...settings };
}
