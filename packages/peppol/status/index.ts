export * from './model.js';
export * from './respond.js';
