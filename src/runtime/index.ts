/** The public surface of src/runtime/: what other folders import. */
export {
  type AuditInput,
  auditChainOf,
  auditEntryHash,
  chainEntries,
  GENESIS_HASH,
  type HashedAuditEntry,
} from "./audit-hash.ts";
export {
  COUNTER_FREQUENCIES,
  COUNTER_INSTALLMENTS_MAX,
  COUNTER_INSTALLMENTS_MIN,
  type CounterError,
  type CounterField,
  type CounterFields,
  currencyDigits,
  parseCounterFields,
  parseMajorAmount,
} from "./counter-terms.ts";
export {
  type ChatBinding,
  type DebtorInbound,
  type DirectoryStore,
  handleDebtorInbound,
  type InboundEnvelope,
  type InboundOutcome,
  type LinkRedemption,
  type RefusedLink,
  type ResolvedButton,
} from "./debtor-inbound.ts";
export {
  type DeliverDeps,
  type DeliverOutcome,
  deliverOutboxRow,
  MARK_SENT_BUDGET_MS,
  type MarkRetryTiming,
  markSentDelays,
  SEND_LEASE_MS,
} from "./deliver-outbox.ts";
export {
  type ChannelDelivery,
  DeliveryError,
  type DeliveryResult,
  DeliveryRouter,
} from "./delivery.ts";
export {
  type DeliveryStatus,
  handleDeliveryStatus,
  type MessageStatusStore,
  type SentRecord,
} from "./delivery-status.ts";
export { fireTimer } from "./fire-timer.ts";
export { handleEvent, type RuntimeDeps, startCase } from "./handle-event.ts";
export {
  type NoticeSummary,
  type OutboundCard,
  type OutboundOp,
  outboundCardSchema,
} from "./outbound.ts";
export type {
  GuardContext,
  OutboxRecord,
  OutboxStore,
  TimerRecord,
  TimerStore,
} from "./outbox-port.ts";
export {
  checkApprover,
  type DeskDecisionInput,
  type DeskDecisionOutcome,
  escapeSlack,
  handleDeskDecision,
  handleOwnerAction,
  isOwnerActionId,
  OWNER_ACTION_IDS,
  type OwnerActionId,
  type OwnerActionOutcome,
  type OwnerContext,
  type OwnerDirectory,
  type OwnerInboundDeps,
} from "./owner-inbound.ts";
export {
  type CaseReport,
  OVERDUE_BUCKETS,
  type OverdueByCurrency,
  type OwnerOverview,
  type OwnerReports,
  overdueBucket,
  type WaitingApproval,
} from "./owner-reports.ts";
export type {
  AdminAgreement,
  AdminAuditReport,
  AdminBusiness,
  AdminBusinessSettings,
  AdminStore,
} from "./ports/admin.ts";
export {
  type AdminViewsStore,
  type AgreementExportRow,
  type BusinessChoice,
  CASE_STATUSES,
  type CaseAuditEntry,
  type CaseAuditVerdict,
  type CaseDetail,
  type CaseFilter,
  type CaseInvoiceView,
  type CaseListQuery,
  type CaseMessage,
  type CaseRow,
  type DashboardQuery,
  type DashboardRaw,
  type InvoiceAllocationView,
  type ViewerScope,
} from "./ports/admin-views.ts";
export type {
  DeskInbox,
  DeskSessionRecord,
  DeskUser,
  DeskUserStore,
  DeskUserWithSecret,
  InboxNotice,
  InboxRequest,
  InboxRequestKind,
  OwnerDecisionSeen,
} from "./ports/desk.ts";
export type {
  ExperimentRecord,
  ExperimentStatsRaw,
  ExperimentStore,
  ExperimentVariantRaw,
  SampleRaw,
} from "./ports/experiments.ts";
export type { MetricSample } from "./ports/metrics.ts";
export type {
  ConversationCursor,
  ConversationPage,
  StoredChatMessage,
  WebchatLink,
  WebchatLinkLookup,
  WebchatStore,
} from "./ports/webchat.ts";
export {
  type Clock,
  type DeliveryResultLabel,
  type Dependency,
  type DependencyHealth,
  type JobPort,
  type Log,
  type MetricsPort,
  systemClock,
} from "./ports.ts";
export {
  CaseConflict,
  type CaseStore,
  type CommitPlan,
  type CommitResult,
  type EventOutcome,
  type InboundKey,
  type LoadedCase,
} from "./store.ts";
export type { CaseExperiment, VariantWeight } from "./wording-experiments.ts";
