export * from './documents.js';
export * from './email.js';
export * from './model.js';
export * from './raw-input.js';
export * from './receipts.js';
export * from './recognition-flow.js';
export * from './store.js';
export * from './upload.js';
