export * from './ingestion/index.js';
export * from './responses/index.js';
export * from './validation/index.js';
