export * from './books.js';
export * from './keys.js';
export * from './model.js';
export * from './posting.js';
export * from './reports.js';
export * from './schemas.js';
export * from './templates/index.js';
export * from './vat-return/index.js';
