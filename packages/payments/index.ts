export {
  approvePaymentBatch,
  cancelPaymentBatch,
  changePaymentBatch,
  createPaymentBatch,
  creditTransferMessage,
  getPaymentBatch,
  listPaymentBatches,
  markPaymentBatchSent,
  type PayingAdministration,
  type PaymentFile,
  type PaymentsDeps,
  paymentBatchFile,
  paymentClaimsOf,
  presentBatch,
  requirePaymentRights,
} from './batches.js';
export { type PaymentKeys, paymentKeys } from './keys.js';
export * from './model.js';
export { type RemittedItem, remittanceFor, structuredReference } from './remittance.js';
export * from './sepa/pain001.js';
export { escapeXml, isSepaText, sepaText, toSepaText } from './sepa/text.js';
