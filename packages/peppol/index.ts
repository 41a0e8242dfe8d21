export * from './ingestion/index.js';
export * from './responses/index.js';
export * from './sending/index.js';
export * from './status/index.js';
export * from './validation/index.js';
