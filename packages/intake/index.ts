export * from './email.js';
export * from './raw-input.js';
export * from './upload.js';
