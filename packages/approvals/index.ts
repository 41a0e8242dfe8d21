export {
  type AnnualAccounts,
  type ClientType,
  issueLink,
  LinkGoneError,
  linkSession,
  listAnnualAccounts,
  openLink,
  presentAnnualAccounts,
  type ReportStorage,
  ShareAnnualAccountsInput,
  shareAnnualAccounts,
  viewAnnualAccounts,
} from './annual-accounts.js';
export {
  conditionsOverlap,
  flowIssues,
  type InvoiceFacts,
  invoiceFacts,
  lacksEscalationStep,
  matchesCondition,
  planSteps,
  resolveApprover,
  type UnresolvedStep,
} from './conditions.js';
export {
  type ApprovalDeps,
  type Person,
  type TaskWorkflowInput,
  TaskWorkflowInputSchema,
  type WorkflowPort,
} from './context.js';
export { deadlineAfterDays, reminderTime, vatFilingDeadline } from './deadlines.js';
export { type Actor, type DecisionResult, decideByLink, decideTask } from './decide.js';
export {
  type AdmRef,
  deleteFlow,
  getFlow,
  getSettings,
  getTexts,
  listFlows,
  presentFlow,
  presentSettings,
  putSettings,
  putTexts,
  readFirmTexts,
  saveFlow,
} from './flows.js';
export * from './model.js';
export {
  currentApproval,
  isPaymentBlocked,
  presentApproval,
  type SubmitResult,
  submitPurchaseInvoice,
} from './purchase-invoices.js';
export {
  type InboxEntry,
  listHistory,
  listInbox,
  readTask,
  recordTaskToken,
  TaskClosedError,
} from './tasks.js';
export { defaultTexts, renderText } from './texts.js';
export { requestVatApproval } from './vat.js';
export { type MailPort, notifyTask, passDeadline, sendReminder, type WorkflowStepDeps } from './workflow-steps.js';
