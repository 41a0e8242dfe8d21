export * from './audit.js';
export * from './table.js';
