export * from './scenario.ts';
export * from './server.ts';
