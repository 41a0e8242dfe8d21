import { ConflictError, DomainError, NotFoundError, PlanRestrictionError } from '#packages/kernel';

/** No price list is in force on the day asked for. */
export class NoPriceListError extends NotFoundError {
  override name = 'NoPriceListError';
  constructor(day: string) {
    super(`A price list in force on ${day}`);
  }
}

/** A price list with this `effectiveFrom` is already loaded; lists are never rewritten. */
export class PriceListExistsError extends ConflictError {
  override name = 'PriceListExistsError';
  constructor(effectiveFrom: string) {
    super('PRICE_LIST_EXISTS', `A price list taking effect on ${effectiveFrom} is already loaded.`);
  }
}

/** The subscription asks for something the plan or the firm's edition does not offer. */
export class SubscriptionNotOfferedError extends PlanRestrictionError {
  override name = 'SubscriptionNotOfferedError';
  override readonly code: string = 'SUBSCRIPTION_NOT_OFFERED';
}

/** Changes for a month already invoiced cannot be recorded (they would rewrite a sent invoice). */
export class PeriodInvoicedError extends ConflictError {
  override name = 'PeriodInvoicedError';
  constructor(day: string) {
    super('PERIOD_INVOICED', `The month of ${day} is already invoiced; a change can take effect from the next month.`);
  }
}

/** A month that has not ended yet cannot be closed. */
export class MonthNotEndedError extends DomainError {
  override name = 'MonthNotEndedError';
  constructor(month: string) {
    super('MONTH_NOT_ENDED', `${month} has not ended yet; it can be closed from the 1st of the next month.`);
  }
}
