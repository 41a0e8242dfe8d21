/** The bank line the robot reads, as the statement parsers and the feed deliver it. */
export type { BankLine } from '../model.js';
export { matchDocument } from './documents.js';
export { matchBankLine, matchBankLines } from './engine.js';
export { matchGlAccount } from './gl-account.js';
export { direction, emptyHistory, historyKeys, learnFromBooking, targetKey } from './learning.js';
export { buildLoanSchedule, daysBetween, type LoanTerms, loanKey, matchLoan, predictSplit } from './loans.js';
export * from './model.js';
export {
  combinations,
  type Fit,
  type FitQuality,
  fitItems,
  matchByReference,
  matchOpenItems,
  relevantItems,
  signedOutstanding,
} from './open-items.js';
export { type FoundReference, normaliseReference, type ReferenceScan, scanReferences } from './references.js';
export { compactIban, identifyRelation, type RelationMatch } from './relations.js';
export { defaultMatchingSettings, resolveSettings } from './settings.js';
export {
  canonicalName,
  descriptionWords,
  editDistance,
  mentionsInvoiceNumber,
  nameContainment,
  nameSimilarity,
} from './text.js';
