import type { Finding, InvoiceModel, Rule, ValidationReport } from './model.js';
import { findUnboundPrefix } from './namespaces.js';
import { readCii } from './read-cii.js';
import { readUbl } from './read-ubl.js';
import { releaseInForce } from './releases/index.js';
import { ciiSyntaxRules } from './rules/cii.js';
import { codeListRules, exemptionCodeRule } from './rules/code-lists.js';
import { coreRules } from './rules/core.js';
import { germanRules } from './rules/germany.js';
import { italyRules } from './rules/italy.js';
import { claimsNlcius, netherlandsRules } from './rules/netherlands.js';
import { nlciusRules } from './rules/nlcius.js';
import { nordicRules } from './rules/nordic.js';
import { claimsPeppolBis, peppolRules } from './rules/peppol.js';
import { peppolCodeListRules } from './rules/peppol-code-lists.js';
import { peppolCommonRules } from './rules/peppol-common.js';
import { ublBeRestrictionRules, ublRestrictionRules } from './rules/restrictions.js';
import { decimalRules, totalsRules } from './rules/totals.js';
import { ublRules } from './rules/ubl.js';
import { ublTotalsIds, ublTotalsRules } from './rules/ubl-totals.js';
import { ublBeRules } from './rules/ublbe.js';
import { vatCategoryRules } from './rules/vat-categories.js';
import { checkUblStructure } from './schema/check.js';
import { checkCiiStructure } from './schema/cii-check.js';
import { findHostileMarkup, type ParsedDocument, parseDocument } from './xml.js';

export interface ValidateOptions {
  /**
   * Run the business rules only, without first requiring a UBL Invoice or CreditNote root and
   * without the UBL 2.1 structure check: for fragments such as the EN 16931 unit tests.
   */
  readonly rulesOnly?: boolean;
  /**
   * Whether the Peppol BIS Billing 3.0 rules (PEPPOL-EN16931-*, PEPPOL-COMMON-*, and NL-R-* for
   * Dutch suppliers) run: `true` always (a document that came in over Peppol), `false` never (plain
   * EN 16931). By default they run when the CustomizationID claims Peppol BIS or a CIUS built on it;
   * the NL-R rules also run when it claims NLCIUS.
   */
  readonly peppol?: boolean;
  /** The day (ISO date) whose rule release applies; by default today. */
  readonly on?: string;
}

/** The EN 16931 rules, which every document gets. */
const en16931Rules: readonly Rule[] = [
  ...coreRules,
  ...totalsRules,
  ...ublTotalsRules,
  ...decimalRules,
  ...vatCategoryRules,
  ...codeListRules,
  exemptionCodeRule,
  ...ublRules,
  ...ublRestrictionRules,
  ...ciiSyntaxRules,
];

/** Every rule the engine knows, in report order: EN 16931, Peppol BIS 3.0, the Dutch rules, then NLCIUS. */
export const rules: readonly Rule[] = [
  ...en16931Rules,
  ...peppolRules,
  ...peppolCodeListRules,
  ...peppolCommonRules,
  ...netherlandsRules,
  ...germanRules,
  ...nlciusRules,
  ...ublBeRestrictionRules,
];

const ublRoots = new Set(['Invoice', 'CreditNote']);

function fatal(id: string, text: string, location = '/'): ValidationReport {
  return { valid: false, findings: [{ id, flag: 'fatal', location, text }] };
}

function parse(xml: string | Buffer, namespaces: boolean): ParsedDocument | ValidationReport {
  const text = typeof xml === 'string' ? xml : undefined;
  const hostile = findHostileMarkup(text ?? xml.toString('latin1'));
  if (hostile) return fatal('XML-HOSTILE', hostile.reason);
  const unbound = findUnboundPrefix(text ?? xml.toString('latin1'));
  if (unbound) return fatal('XML-MALFORMED', `The prefix '${unbound}' is used without a namespace declaration.`);
  try {
    return parseDocument(xml, { namespaces });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : 'The XML could not be read.';
    if (code === 'XML_NOT_ALLOWED') return fatal('XML-HOSTILE', message);
    if (code === 'XML_TOO_LARGE') return fatal('XML-TOO-LARGE', message);
    return fatal('XML-MALFORMED', message);
  }
}

const ublBeCustomization = 'urn:UBL.BE:';
const claimsUblBe = (model: InvoiceModel) => model.customizationId?.text.includes(ublBeCustomization) ?? false;

function applicable(model: InvoiceModel, peppol: boolean | undefined): readonly Rule[] {
  // As an access point chooses: the Peppol BIS rules (with the NL-R rules they carry) for UBL
  // documents that claim Peppol BIS Billing 3.0; NLCIUS and UBL.BE by their own claims.
  const isPeppol = peppol ?? (model.syntax === 'ubl' && claimsPeppolBis(model));
  return [
    ...en16931Rules,
    ...(isPeppol
      ? [
          ...peppolRules,
          ...peppolCodeListRules,
          ...peppolCommonRules,
          ...netherlandsRules,
          ...germanRules,
          ...nordicRules,
          ...italyRules,
        ]
      : []),
    // The NLCIUS (SI-UBL 2.0) rules: only for documents that claim NLCIUS, and never under peppol: false.
    ...(peppol !== false && claimsNlcius(model) ? nlciusRules : []),
    // UBL.BE 1.31: only for documents that claim it.
    ...(peppol !== false && claimsUblBe(model) ? [...ublBeRestrictionRules, ...ublBeRules(isPeppol)] : []),
  ];
}

const ublBindingRules = new Set<Rule>(ublTotalsRules);

/** Runs the rules that apply to the document over the model. */
export function runRules(model: InvoiceModel, options: Pick<ValidateOptions, 'peppol'> = {}): Finding[] {
  const findings: Finding[] = [];
  for (const rule of applicable(model, options.peppol)) {
    // The UBL-* rules belong to the UBL binding only; some EN 16931 rules are read per binding.
    if (model.syntax === 'cii' && (rule.id.startsWith('UBL-') || ublBindingRules.has(rule))) continue;
    if (model.syntax === 'ubl' && ublTotalsIds.has(rule.id) && !ublBindingRules.has(rule)) continue;
    rule.check(model, (location) => findings.push({ id: rule.id, flag: rule.flag, location, text: rule.text }));
  }
  return findings;
}

/**
 * Validates a UBL 2.1 Invoice or CreditNote, or a CII CrossIndustryInvoice, against the EN 16931 business rules (and,
 * for Peppol BIS documents, the Peppol BIS Billing 3.0 and Dutch national rules), reporting the official rule ids and flags. Hostile or unreadable XML is refused with one fatal finding
 * (`XML-HOSTILE`, `XML-TOO-LARGE`, `XML-MALFORMED`) before any rule runs. A whole UBL document is
 * first checked against the structure of the UBL 2.1 schemas (fatal `UBL-XSD-*` findings, see
 * {@link checkUblStructure}); a document that fails it but can be read still gets its rule findings,
 * so one report shows everything wrong. `rulesOnly` skips the structure check. The document is read
 * once into a typed model; each rule is a plain function over it, so time is linear in its size.
 */
export function validateInvoice(xml: string | Buffer, options: ValidateOptions = {}): ValidationReport {
  const release = releaseInForce(options.on ?? new Date().toISOString()).id;
  const report = validateWithRelease(xml, options);
  return { ...report, release };
}

function validateWithRelease(xml: string | Buffer, options: ValidateOptions): ValidationReport {
  const document = parse(xml, !options.rulesOnly);
  if ('findings' in document) return document;
  const parsed = document.root;
  const cii = parsed.name === 'CrossIndustryInvoice';
  if (!cii && !ublRoots.has(parsed.name) && !options.rulesOnly) {
    return fatal(
      'SYNTAX-UNSUPPORTED',
      `A ${parsed.name} root is neither a UBL Invoice or CreditNote nor a CII CrossIndustryInvoice.`,
      `/${parsed.name}`,
    );
  }
  const namespaced = cii || options.rulesOnly ? undefined : document.namespaced();
  const structure = namespaced
    ? checkUblStructure(namespaced)
    : cii && !options.rulesOnly
      ? checkCiiStructure(parsed)
      : [];
  const model = cii ? readCii(parsed) : readUbl(parsed);
  const findings = [...structure, ...runRules(model, options)];
  return { valid: !findings.some((f) => f.flag !== 'warning'), findings };
}
