export { currencyOf, type ParsedAmount, parseAmount } from './amounts.js';
export { type DateOrder, parseDate } from './dates.js';
export { findIbans, findVatNumbers } from './identifiers.js';
export { normaliseExpenseDocuments } from './normalise.js';
export type { ExpenseDetection, ExpenseDocument, ExpenseField } from './response.js';
