export * from './documents.js';
export * from './email.js';
export * from './raw-input.js';
export * from './receipts.js';
export * from './recognition-flow.js';
export * from './upload.js';
