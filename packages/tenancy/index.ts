export * from './plans.js';
export * from './repository.js';
export * from './schemas.js';
export * from './seed.js';
export * from './services.js';
