export * from './message.js';
export * from './send.js';
export * from './ubl.js';
