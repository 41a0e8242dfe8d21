export * from './expense-analyzer.js';
export * from './model.js';
export * from './structured/index.js';
