export { type RelationKeys, relationKeys } from './keys.js';
export * from './repository.js';
export * from './schemas.js';
export * from './services.js';
