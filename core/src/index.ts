export type {
  ColumnType,
  Expression,
  ExpressionBuilder,
  Insertable,
  Kysely,
  RawBuilder,
  Selectable,
  Transaction,
  Updateable,
} from 'kysely';
/** Raw SQL fragments for plugins whose queries must differ by dialect (`ctx.dialect`). */
export { sql } from 'kysely';
export { z } from 'zod';
export type { ActivityEvents } from './activities/activity-events.js';
export type {
  ActivitiesOptions,
  ActivityRuntime,
  PluginActivities,
  PluginNotifications,
} from './activities/activity-runtime.js';
export type {
  Activity,
  ActivityBucket,
  ActivityCounts,
  ActivityInput,
  ActivityLink,
  ActivityPriority,
  ActivityStatus,
  CloseInput,
} from './activities/activity-service.js';
export { ACTIVITIES_TEAM, ActivityService } from './activities/activity-service.js';
export type { ActivityTypeDefinition, EscalationRule } from './activities/activity-types.js';
export type {
  ApprovalActivities,
  ApprovalDecision,
  ApprovalFlowDeps,
  ApprovalFlowOptions,
  ApprovalOutcome,
  ApprovalRequest,
  Decided,
  DecideInput,
} from './approvals/approval-flow.js';
export { ApprovalFlow, approvalTable, decisionColumns } from './approvals/approval-flow.js';
export type { AuditEntry, AuditRecord, FieldChanges } from './audit/audit-log.js';
export { AuditLog, diffFields } from './audit/audit-log.js';
export type { LoginPolicy, SessionInfo, SessionPolicy, SignInResult } from './auth/accounts.js';
export { Accounts, DEFAULT_LOGIN_POLICY, DEFAULT_SESSION_POLICY } from './auth/accounts.js';
export { assertNotOwnRequest } from './auth/four-eyes.js';
export { PermissionRegistry } from './auth/permissions.js';
export type { KernelRole, Principal } from './auth/principal.js';
export { KERNEL_ROLES } from './auth/principal.js';
export type { TokenInfo, User, UserLanguage } from './auth/user-store.js';
export { USER_LANGUAGES, UserStore } from './auth/user-store.js';
export type { Clock } from './clock.js';
export { isoDate, ManualClock, systemClock } from './clock.js';
export type { CsvReadLimits, CsvRow } from './csv/csv-reader.js';
export { CsvError, readCsv } from './csv/csv-reader.js';
export type { RowPages } from './csv/csv-stream.js';
export { csvStream } from './csv/csv-stream.js';
export type { CsvValue } from './csv/csv-writer.js';
export { csvCellText, csvRecord, csvRecords, UTF8_BOM } from './csv/csv-writer.js';
export { guardCell, unguardCell } from './csv/formula-guard.js';
export { onRollback } from './db/after-rollback.js';
export type { AnyDb, Database, DatabaseOptions, Dialect, Executor, Trx } from './db/database.js';
export { isPostgresUrl, openDatabase } from './db/database.js';
export { DatabaseBusyError, isDatabaseBusy } from './db/database-busy.js';
export type { Migration } from './db/migrations.js';
export { appliedMigrations, migrateNamespace } from './db/migrations.js';
export type { PruneResult, RetentionOptions } from './db/retention.js';
export { pruneRetained } from './db/retention.js';
export type {
  ColumnOption,
  ColumnSpec,
  IndexCondition,
  IndexSpec,
  NamedColumns,
  TableSpec,
} from './db/table-spec.js';
export { createTables } from './db/table-spec.js';
export type { FieldError, ProblemInit } from './errors.js';
export { BootError, badRequest, conflict, DomainError, forbidden, notFound, ProblemError } from './errors.js';
export type { TabularFormat, TabularSheet } from './export/tabular-export.js';
export {
  downloadHeaders,
  TABULAR_CONTENT_TYPES,
  TABULAR_FORMATS,
  tabularDownload,
  tabularStream,
} from './export/tabular-export.js';
export { EventNamespaceError, eventNamespace, KERNEL_EVENT_NAMESPACES } from './hooks/event-namespace.js';
export type { PluginHooks } from './hooks/hook-bus.js';
export { HookBus } from './hooks/hook-bus.js';
export type { DeliveryRecord, DispatcherOptions } from './hooks/outbox-dispatcher.js';
export { OutboxDispatcher } from './hooks/outbox-dispatcher.js';
export type {
  EventHandler,
  EventMeta,
  EventName,
  FilterContext,
  FilterHandler,
  FilterName,
  FilterOptions,
  HookDescription,
  KehuEvents,
  KehuFilters,
} from './hooks/types.js';
export type { CustomerGate, CustomerScope } from './http/customer-scope.js';
export { recordIn } from './http/customer-scope.js';
export type { KehuContext, KehuEnv } from './http/env.js';
export type { IdempotencyOptions } from './http/idempotency.js';
export type { CursorValue, KeysetOrder, ListQueryOptions, Page, PageRequest } from './http/list.js';
export {
  BooleanParam,
  CursorParam,
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  keysetPage,
  limitParam,
  listQuery,
  MAX_PAGE_SIZE,
  pageOf,
  whereEquals,
} from './http/list.js';
export { PROBLEM_CONTENT_TYPE, problemResponse } from './http/problem.js';
export type { Access, RouteHandler, RouteInput, RouteSpec } from './http/router.js';
export { KehuRouter } from './http/router.js';
export type { TimelineColumns, TimelineCursor, TimelinePageRequest } from './http/timeline-keyset.js';
export { timelineKeyset } from './http/timeline-keyset.js';
export { newId } from './ids.js';
export type { EnabledPlugin, Kernel, KernelOptions } from './kernel.js';
export { createKernel } from './kernel.js';
/** The kernel's own migrations, so hosts (`kehu migrate`) can apply them step by step with progress. */
export { kernelMigrations } from './kernel-schema.js';
export type { Logger } from './logger.js';
export { consoleLogger, silentLogger } from './logger.js';
export { currencyExponent, isCurrency } from './money/currencies.js';
export type { MoneyLocale } from './money/money.js';
export {
  formatMoney,
  formatMoneyDecimal,
  isQuantity,
  MAX_MONEY_AMOUNT,
  multiplyMoney,
  parseMoney,
  QUANTITY_DECIMALS,
} from './money/money.js';
export type { MoneyAmount } from './money/money-totals.js';
export { MoneyTotals } from './money/money-totals.js';
export type { MailLanguage, RenderedMail } from './notifications/mail-templates.js';
export type { MailOptions } from './notifications/mailer.js';
export type { Notification, NotificationInput } from './notifications/notification-store.js';
export type { OutgoingMail, PluginMail } from './notifications/plugin-mail.js';
export type { SubscribableEvent, Subscription, SubscriptionScope } from './notifications/subscriptions.js';
export type { AnyPlugin, DemoSeedContext, DemoSeeder, PluginDefinition } from './plugin/define-plugin.js';
export { definePlugin } from './plugin/define-plugin.js';
export type { KehuServices, PluginContext } from './plugin/plugin-context.js';
export type { PluginDeps } from './plugin/plugin-deps.js';
export { inTransaction, nowIso, pluginDeps } from './plugin/plugin-deps.js';
export { orderPlugins } from './plugin/plugin-order.js';
export type { AccessGrant, GrantStatus } from './registry/access-grants.js';
export { GRANT_STATUSES } from './registry/access-grants.js';
export type { Communication, CommunicationChannel } from './registry/communications.js';
export { COMMUNICATION_CHANNELS, COMMUNICATION_DIRECTIONS } from './registry/communications.js';
export type { Contact } from './registry/contacts.js';
export type { CustomField } from './registry/custom-fields.js';
export { CUSTOM_FIELD_TYPES } from './registry/custom-fields.js';
export type { OpenItem, RevenueYear } from './registry/customer-events.js';
export type { CustomerSort } from './registry/customer-list.js';
export { CUSTOMER_SORTS } from './registry/customer-list.js';
export { customerFilterOf, etag, expectedVersion } from './registry/customer-query.js';
export { OPTIONAL_TEXT_FIELDS } from './registry/customer-record.js';
export { ListQuery as CustomerListQuery } from './registry/customer-schemas.js';
export type {
  Customer,
  CustomerAccess,
  CustomerInput,
  CustomerKind,
  CustomerStatus,
  CustomerSummary,
} from './registry/customer-service.js';
export {
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
  CustomerService,
  READ_ALL_CUSTOMERS,
} from './registry/customer-service.js';
export { emailKey, nameKey, phoneKey, searchKey } from './registry/normalize.js';
export type { PluginRegistry } from './registry/registry.js';
export { Registry } from './registry/registry.js';
export type { TimelineEntry } from './registry/timeline.js';
export type {
  CustomerIdQuery,
  EntityTypeDefinition,
  FacetDefinition,
  Labels,
  SubqueryCreator,
  TimelineItem,
  TimelineSource,
  VisibilityWidening,
} from './registry/types.js';
export type { JobDefinition, JobPeriod, JobRunResult, PluginScheduler } from './scheduler/scheduler.js';
export { EARLIEST_JOB_RUN, jobRunInstantProblem, periodKey, Scheduler } from './scheduler/scheduler.js';
export { type SheetRecord, xlsxRecords } from './spreadsheet/xlsx-reader.js';
export type { SheetColumn, SheetColumnType } from './spreadsheet/xlsx-writer.js';
export { XLSX_CONTENT_TYPE, xlsxPages, xlsxStream } from './spreadsheet/xlsx-writer.js';
export type { BusinessDate, MonthKey } from './time/business-dates.js';
export {
  addDays,
  addMonths,
  compareDates,
  dayOfMonth,
  dayOfNextMonth,
  daysBefore,
  daysBetween,
  earliest,
  endOfMonth,
  isAfter,
  isBefore,
  isBusinessDate,
  isMonthKey,
  isOnOrAfter,
  isOnOrBefore,
  latest,
  monthKey,
  monthsBefore,
  nextMonth,
  previousMonth,
  shiftMonth,
  startOfMonth,
} from './time/business-dates.js';
export type { CompanyClock } from './time/company-clock.js';
export { assertTimeZone, companyClock, DEFAULT_TIME_ZONE } from './time/company-clock.js';
export { dateInZone, instantInZone, isTimeZone, startOfDayInZone, timeInZone } from './time/time-zone.js';
export type { Weekday, WorkingCalendar, WorkingCalendarDefinition } from './time/working-calendar.js';
export {
  standardWorkingWeek,
  WEEKDAYS,
  workingCalendar,
  workingCalendarSchema,
} from './time/working-calendar.js';
export type {
  PluginUi,
  UiApiResult,
  UiChartOptions,
  UiCustomerPanelDefinition,
  UiDashboardWidgetDefinition,
  UiFormat,
  UiLanguage,
  UiMessages,
  UiNavDefinition,
  UiNode,
  UiPageDefinition,
  UiRequest,
} from './ui/types.js';
export { UI_LANGUAGES } from './ui/types.js';
export { UiRegistry } from './ui/ui-registry.js';
export type { WebhookEvents } from './webhooks/webhook-events.js';
export type {
  EndpointInput,
  WebhookAttempt,
  WebhookEndpoint,
  WebhookOptions,
} from './webhooks/webhook-service.js';
export { WebhookService } from './webhooks/webhook-service.js';
export { signWebhook } from './webhooks/webhook-signature.js';
