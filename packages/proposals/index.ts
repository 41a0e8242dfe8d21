export { lowConfidenceIssues, overallConfidence, proposalIssues, type VatByCode, vatByCode } from './checks.js';
export {
  apportion,
  type ConsolidationInput,
  consolidate,
  countryRates,
  documentTotals,
  inferRate,
  lineIssuesKept,
  type SourceLine,
  sourceLinesOf,
} from './consolidate.js';
export {
  claimSkOf,
  counterpartyKey,
  type ProposalsDeps,
  parseInput,
  proposalIdOf,
  requireBookkeeper,
} from './context.js';
export { createProposal, qualifiesForAutoAccept } from './create.js';
export { ProposalsNotInPlanError } from './errors.js';
export { firmLearningKey, proposalKeys, usageKeys } from './keys.js';
export { correctedValues, type LayoutLearningDeps, learnFromCorrection } from './layout-learning.js';
export { countersOf, lessonsOf } from './learning.js';
export {
  acceptProposal,
  editProposal,
  getProposal,
  listProposals,
  rejectProposal,
  SALES_DOCUMENT_SERIES,
} from './lifecycle.js';
export * from './model.js';
export { documentLinesKept, listUsage, proposalWithAllLines } from './repository.js';
export { type Counterparty, counterpartyOf, type OwnIdentifiers, proposedRelationOf, sideOf } from './resolve.js';
export {
  type Counters,
  chartDefaultAccount,
  evidenceConfidence,
  explain,
  fitsRate,
  type PairCount,
  type Suggestion,
  type SuggestionContext,
  suggestLine,
  vatCodeForRate,
} from './suggest.js';
export { canonicalName, descriptionWords, invoiceNumberKey } from './text.js';
