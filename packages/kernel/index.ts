export * from './errors.js';
export * from './identifiers.js';
export * from './ids.js';
export * from './money.js';
export * from './pagination.js';
export * from './payment-reference.js';
export * from './tenant.js';
