export type { Finding, Flag, ValidationReport } from './model.js';
export { type RuleRelease, releaseInForce, ruleReleases } from './releases/index.js';
export {
  isAustralianBusinessNumber,
  isBelgianEnterpriseNumber,
  isDanishCvr,
  isGln,
  isKvkNumber,
  isNorwegianOrganisationNumber,
  isOin,
  isSwedishOrganisationNumber,
} from './rules/identifiers.js';
export { nlciusCustomizationId } from './rules/netherlands.js';
export { compilePath } from './rules/paths.js';
export { peppolBisCustomizationId } from './rules/peppol.js';
export { aggregateTypeCount, checkUblSchema, type SchemaFindingKind } from './schema/check.js';
export { rules, type ValidateOptions, validateInvoice } from './validate-invoice.js';
