export * from './email.js';
export * from './raw-input.js';
