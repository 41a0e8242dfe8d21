export * from './interim.js';
export * from './model.js';
export * from './respond.js';
