/** One field-level problem, addressed by a JSON path such as `vatNumber` or `addOns.0`. */
export interface FieldIssue {
  readonly path: string;
  /** Which part of a request the path points into; `body` when not given. */
  readonly location?: 'body' | 'query' | 'path' | 'header';
  readonly message: string;
}

/** Base of every error the domain throws on purpose. Adapters map subclasses to responses. */
export class DomainError extends Error {
  override name = 'DomainError';
  /** Stable, machine-readable reason code (shown to API callers and stored on rejected input). */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The input is wrong; `issues` say where. */
export class ValidationError extends DomainError {
  override name = 'ValidationError';
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[], message = 'The request is not valid.') {
    super('VALIDATION_FAILED', message);
    this.issues = issues;
  }
}

/** The thing does not exist, or the caller may not know that it does. */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  constructor(what: string, options?: { cause?: unknown }) {
    super('NOT_FOUND', `${what} was not found.`, options);
  }
}

/** The caller is known but may not do this. */
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
  constructor(message = 'You do not have access to this resource.') {
    super('FORBIDDEN', message);
  }
}

/** The caller is not authenticated (no or an unusable identity). */
export class UnauthenticatedError extends DomainError {
  override name = 'UnauthenticatedError';
  constructor(message = 'A valid bearer token is required.') {
    super('UNAUTHENTICATED', message);
  }
}

/** A write lost a race (optimistic lock) or would break a uniqueness rule. */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The administration's plan does not include the feature. */
export class PlanRestrictionError extends DomainError {
  override name = 'PlanRestrictionError';
  constructor(message: string) {
    super('PLAN_RESTRICTION', message);
  }
}
