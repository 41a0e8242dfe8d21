export * from './raw-input.js';
