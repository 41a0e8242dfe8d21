export * from './invoice-response.js';
export * from './mlr.js';
export * from './outbound.js';
export * from './participant.js';
export { type EnvelopeSpec, wrapInSbdh } from './sbdh.js';
export { deterministicUuid, escapeXml } from './xml.js';
