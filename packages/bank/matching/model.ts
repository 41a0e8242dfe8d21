import type { OpenItem } from '#packages/invoicing';
import type { Cents } from '#packages/kernel';
import type { Relation } from '#packages/relations';

/**
 * The robot's shapes. Everything the matcher needs is passed in; nothing here reads a table.
 * Amounts are integer cents. Bank line amounts are signed (positive is money in); open items
 * keep their own signs (see {@link signedOutstanding}).
 */

/** The matchers, in the order an administration may rearrange. */
export const matcherKinds = ['reference', 'open-items', 'loan', 'document', 'gl-account'] as const;
export type MatcherKind = (typeof matcherKinds)[number];

export const suggestionKinds = ['open-items', 'gl-account', 'loan', 'document', 'none'] as const;
export type SuggestionKind = (typeof suggestionKinds)[number];

/**
 * `auto-book`: confident enough to book without a person. `suggest`: a person confirms.
 * `ask-client`: nothing explains a debit line, so the client is asked for the missing document.
 * `manual`: nothing explains a credit line; the accountant looks at it.
 */
export type MatchDecision = 'auto-book' | 'suggest' | 'ask-client' | 'manual';

/** The part of an open item the matcher reads; a full {@link OpenItem} fits. */
export type MatchOpenItem = Pick<OpenItem, 'id' | 'side' | 'relationId' | 'invoiceNumber' | 'outstanding'> &
  Partial<Pick<OpenItem, 'kind' | 'dueDate' | 'invoiceDate' | 'amount' | 'relationName' | 'status'>> & {
    readonly paymentReference?: string | undefined;
  };

/** The part of a relation the matcher reads; a full {@link Relation} fits. */
export type MatchRelation = Pick<Relation, 'id' | 'name' | 'ibans'> & Partial<Pick<Relation, 'vatNumber' | 'status'>>;

/** What a GL account booking is learned as: account and (optional) VAT code. */
export interface GlTarget {
  readonly glAccount: string;
  readonly vatCode?: string | undefined;
}

/** Bookings per `glAccount|vatCode` key (the VAT code part empty when there is none). */
export type TargetCounts = Readonly<Record<string, number>>;

/** One earlier split of a loan instalment. */
export interface LoanSplitObservation {
  readonly date: string;
  /** The instalment paid (positive). */
  readonly amount: Cents;
  readonly interest: Cents;
  readonly principal: Cents;
  readonly interestAccount: string;
  readonly principalAccount: string;
}

/**
 * An administration's bank history as counters: what it booked lines to, keyed by
 * counterparty IBAN, canonical counterparty name, transaction code and description word
 * (plain, and per counterparty); which relation an
 * IBAN paid for; and loan splits per counterparty. Plain JSON, so it stores as one item.
 */
export interface MatchingHistory {
  readonly byIban: Readonly<Record<string, TargetCounts>>;
  readonly byName: Readonly<Record<string, TargetCounts>>;
  readonly byWord: Readonly<Record<string, TargetCounts>>;
  /**
   * Bank transaction code (`ACMT/MDOP/CHRG`) of lines without a counterparty IBAN: the bank's
   * own lines (charges, interest), which have no other identity.
   */
  readonly byCode?: Readonly<Record<string, TargetCounts>> | undefined;
  /** IBAN → relation id → times an open-item booking showed that IBAN paying for the relation. */
  readonly ibanRelations: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Counterparty key (`iban:…` or `name:…`) → its loan splits, oldest first (last 24 kept). */
  readonly loanSplits: Readonly<Record<string, readonly LoanSplitObservation[]>>;
}

/**
 * A counterparty most administrations share (tax office, utilities, banks, telecom), with the
 * account the firm usually books it on. Several entries may share an IBAN and differ by words
 * (`omzetbelasting` vs `loonheffing`): the one whose words occur in the remittance wins.
 */
export interface CommonCounterparty {
  readonly label: string;
  readonly names: readonly string[];
  readonly ibans?: readonly string[] | undefined;
  readonly words?: readonly string[] | undefined;
  readonly glAccount: string;
  readonly vatCode?: string | undefined;
}

/** One period of a loan schedule. */
export interface LoanPeriod {
  readonly period: number;
  readonly dueDate: string;
  /** The instalment: interest + principal. */
  readonly payment: Cents;
  readonly interest: Cents;
  readonly principal: Cents;
  /** Principal left after this period. */
  readonly balanceAfter: Cents;
}

/** A loan the accountant set up: who is paid, the accounts, and the per-period split. */
export interface LoanSchedule {
  readonly id: string;
  readonly label: string;
  readonly counterpartyIbans?: readonly string[] | undefined;
  readonly counterpartyName?: string | undefined;
  /** The loan or contract number as it appears in the remittance text. */
  readonly loanReference?: string | undefined;
  readonly principalAccount: string;
  readonly interestAccount: string;
  readonly periods: readonly LoanPeriod[];
}

/** A receipt or purchase document that no payment has been matched to yet. */
export interface UnpaidDocument {
  readonly id: string;
  readonly kind?: 'receipt' | 'purchase-invoice' | undefined;
  /** Gross, positive. */
  readonly amount: Cents;
  readonly date: string;
  readonly supplierName?: string | undefined;
  readonly supplierIban?: string | undefined;
}

/** Settings an administration can change; {@link defaultMatchingSettings} gives the chart's defaults. */
export interface MatchingSettings {
  /** Matchers in the order they are trusted: an earlier one wins once it reaches `strongConfidence`. */
  readonly priority: readonly MatcherKind[];
  /** Auto-book at or above this confidence. */
  readonly autoBookThreshold: number;
  /** An earlier matcher in `priority` wins over later ones from this confidence on. */
  readonly strongConfidence: number;
  /** Below this no suggestion is made. */
  readonly minimumConfidence: number;
  /** A shortfall up to this is bank costs (booked to `glAccount`). */
  readonly bankCosts: { readonly maxAmount: Cents; readonly glAccount: string };
  /**
   * A shortfall up to `maxBasisPoints` of the items (200 = 2 %) that is a round percentage,
   * or that the remittance calls a discount, is a payment discount.
   */
  readonly discount: {
    readonly maxBasisPoints: number;
    readonly givenGlAccount: string;
    readonly receivedGlAccount: string;
  };
  /** At most this many open items in one combined payment. */
  readonly maxCombinedItems: number;
  /** Subset search looks at this many of a relation's items (oldest first). */
  readonly maxCombinationCandidates: number;
  /** A document's date may lie this many days before (or 3 after) the line's booking date. */
  readonly documentWindowDays: number;
  /** A scheduled instalment matches a line booked this many days around its due date. */
  readonly loanWindowDays: number;
}

export type Evidence = {
  readonly kind:
    | 'structured-reference'
    | 'reference-invalid'
    | 'reference-unknown'
    | 'invoice-number'
    | 'iban'
    | 'learned-iban'
    | 'name'
    | 'amount'
    | 'combination'
    | 'remainder'
    | 'ambiguity'
    | 'history-iban'
    | 'history-name'
    | 'history-code'
    | 'history-words'
    | 'common-counterparty'
    | 'loan-schedule'
    | 'loan-history'
    | 'document'
    | 'date'
    | 'nothing';
  /** How strongly this points to the suggestion, 0..1. */
  readonly score: number;
  /** A sentence a user can read. */
  readonly detail: string;
};

/** Money of a line that goes to an open item; signed like the item's outstanding. */
export interface Allocation {
  readonly openItemId: string;
  readonly amount: Cents;
  /** The item is fully settled by this allocation. */
  readonly settles: boolean;
}

/** What is left when the line and the items do not add up. Amounts are positive. */
export type Remainder =
  | { readonly kind: 'partial'; readonly openItemId: string; readonly leftOpen: Cents }
  | { readonly kind: 'overpayment'; readonly relationId: string; readonly amount: Cents }
  | { readonly kind: 'bank-costs'; readonly amount: Cents; readonly glAccount: string }
  | {
      readonly kind: 'discount';
      readonly direction: 'given' | 'received';
      readonly amount: Cents;
      readonly glAccount: string;
    };

/** A line of a GL or loan booking; amounts signed like the bank line. */
export interface GlLine {
  readonly glAccount: string;
  readonly vatCode?: string | undefined;
  readonly amount: Cents;
  readonly role?: 'expense' | 'interest' | 'principal' | undefined;
}

export interface Explanation {
  readonly summary: string;
  readonly evidence: readonly Evidence[];
}

/** A runner-up another matcher offered. */
export interface Alternative {
  readonly matcher: MatcherKind;
  readonly kind: SuggestionKind;
  readonly confidence: number;
  readonly summary: string;
}

export interface BankSuggestion {
  readonly kind: SuggestionKind;
  /** Which matcher produced it (absent for `none`). */
  readonly matcher?: MatcherKind | undefined;
  readonly relationId?: string | undefined;
  readonly allocations: readonly Allocation[];
  readonly remainder?: Remainder | undefined;
  readonly glLines: readonly GlLine[];
  readonly documentId?: string | undefined;
  readonly loanId?: string | undefined;
  readonly confidence: number;
  readonly decision: MatchDecision;
  readonly explanation: Explanation;
  readonly alternatives: readonly Alternative[];
}

/** Everything one administration's matching reads. */
export interface MatchingContext {
  readonly openItems: readonly MatchOpenItem[];
  readonly relations: readonly MatchRelation[];
  readonly history?: MatchingHistory | undefined;
  readonly commonCounterparties?: readonly CommonCounterparty[] | undefined;
  readonly loans?: readonly LoanSchedule[] | undefined;
  readonly documents?: readonly UnpaidDocument[] | undefined;
  readonly settings?: Partial<MatchingSettings> | undefined;
}

/** A matcher's proposal before the engine decides. */
export interface Candidate {
  readonly matcher: MatcherKind;
  readonly kind: Exclude<SuggestionKind, 'none'>;
  readonly confidence: number;
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  readonly relationId?: string | undefined;
  readonly allocations?: readonly Allocation[] | undefined;
  readonly remainder?: Remainder | undefined;
  readonly glLines?: readonly GlLine[] | undefined;
  readonly documentId?: string | undefined;
  readonly loanId?: string | undefined;
}

/** What was booked for a line, as the learning update reads it. */
export type BookedLine =
  | { readonly kind: 'gl-account'; readonly lines: readonly GlTarget[] }
  | { readonly kind: 'open-items'; readonly relationId: string }
  | {
      readonly kind: 'loan';
      readonly interest: Cents;
      readonly principal: Cents;
      readonly interestAccount: string;
      readonly principalAccount: string;
    }
  | { readonly kind: 'document' };
