export {
  AdministrationUsageOut,
  BillingEventsOut,
  BillingInvoiceOut,
  BillingInvoicePageOut,
  BillingInvoicePath,
  BillingInvoicesQuery,
  CatalogueOut,
  CockpitOut,
  changeSubscription,
  getAdministrationUsage,
  getBillingEvents,
  getCatalogue,
  getFirmCockpit,
  getFirmInvoice,
  getSubscription,
  listFirmInvoices,
  presentBilling,
  requireFirmUser,
  SubscriptionOut,
} from './api.js';
export { bundledPriceLists, loadPriceList, priceListOn, priceLists } from './catalogue.js';
export { closeMonth, invoiceIdOf, listInvoices, readInvoice } from './close.js';
export {
  type AdministrationAdvice,
  type FirmCockpit,
  firmCockpit,
  type OutsideBundle,
  type PlanAdvice,
} from './cockpit.js';
export * from './errors.js';
export {
  type ClientTypeFeature,
  clientTypeFeatureAllowed,
  clientTypeFeatureTable,
  featureAllowed,
  type PlanFeature,
  planFeatureNames,
  planFeatureTable,
} from './features.js';
export { invoiceKeys, meterKeys, notificationKeys, priceListKeys, subscriptionKeys, usageKeys } from './keys.js';
export { type Counter, counterItems, meterWrites, readCounter, readPeriodCounters } from './meter.js';
export * from './model.js';
export {
  type BillingEvent,
  dispatchPendingMail,
  firmOwnerAddresses,
  listBillingEvents,
  type MailPort,
  noteProposalMetered,
  type OutboxMail,
} from './notifications.js';
export { addMonths, monthOf, quarterMonths, quarterMonthsTo, quarterOf } from './periods.js';
export { listOfMonth, monthLines, overageOf, type PricingInput, totalOf } from './pricing.js';
export {
  type BillingDeps,
  checkTerms,
  firmAdministrations,
  historyFromAdministration,
  noteAdministrationChange,
  recordSubscriptionChange,
  subscriptionHistories,
  subscriptionHistory,
  termsOfMonth,
  termsOn,
  withBase,
} from './subscriptions.js';
export { type AdministrationUsage, forecastOf, type PeriodUsage, usageOfAdministration } from './usage.js';
