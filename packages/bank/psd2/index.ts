export * from './client.js';
export * from './consent.js';
export * from './errors.js';
export * from './sync.js';
