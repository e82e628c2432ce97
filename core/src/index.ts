export { createKernel } from './kernel.js';
export type { Kernel, KernelOptions, EnabledPlugin } from './kernel.js';
export { definePlugin } from './plugin/define-plugin.js';
export type { PluginDefinition, AnyPlugin, DemoSeedContext, DemoSeeder } from './plugin/define-plugin.js';
export type { PluginContext, KehuServices } from './plugin/plugin-context.js';
export { orderPlugins } from './plugin/plugin-order.js';

export type { KehuFilters, KehuEvents, FilterName, EventName, FilterHandler, EventHandler, EventMeta, FilterContext, FilterOptions, HookDescription } from './hooks/types.js';
export { HookBus } from './hooks/hook-bus.js';
export type { PluginHooks } from './hooks/hook-bus.js';
export { OutboxDispatcher } from './hooks/outbox-dispatcher.js';
export type { DispatcherOptions, DeliveryRecord } from './hooks/outbox-dispatcher.js';

export { openDatabase, isPostgresUrl } from './db/database.js';
export type { Database, DatabaseOptions, Dialect, AnyDb, Trx, Executor } from './db/database.js';
export type { Migration } from './db/migrations.js';
export { appliedMigrations, migrateNamespace } from './db/migrations.js';
/** The kernel's own migrations, so hosts (`kehu migrate`) can apply them step by step with progress. */
export { kernelMigrations } from './db/kernel-migrations.js';

export { ProblemError, DomainError, BootError, notFound, forbidden, conflict, badRequest } from './errors.js';
export type { FieldError, ProblemInit } from './errors.js';
export { KehuRouter } from './http/router.js';
export type { RouteSpec, RouteHandler, RouteInput, Access } from './http/router.js';
export type { KehuEnv, KehuContext } from './http/env.js';
export { problemResponse, PROBLEM_CONTENT_TYPE } from './http/problem.js';

export type { Principal, KernelRole } from './auth/principal.js';
export { KERNEL_ROLES } from './auth/principal.js';
export { PermissionRegistry } from './auth/permissions.js';
export { assertNotOwnRequest } from './auth/four-eyes.js';
export { UserStore } from './auth/user-store.js';
export type { User, TokenInfo } from './auth/user-store.js';

export { AuditLog, diffFields } from './audit/audit-log.js';
export type { AuditEntry, AuditRecord, FieldChanges } from './audit/audit-log.js';

export { Scheduler, periodKey } from './scheduler/scheduler.js';
export type { JobDefinition, JobPeriod, JobRunResult, PluginScheduler } from './scheduler/scheduler.js';

export { systemClock, ManualClock, isoDate } from './clock.js';
export type { Clock } from './clock.js';
export { newId } from './ids.js';
export { consoleLogger, silentLogger } from './logger.js';
export type { Logger } from './logger.js';

export { Registry } from './registry/registry.js';
export type { PluginRegistry } from './registry/registry.js';
export type { FacetDefinition, EntityTypeDefinition, TimelineItem, TimelineSource, Labels } from './registry/types.js';
export { CustomerService, READ_ALL_CUSTOMERS, CUSTOMER_KINDS, CUSTOMER_STATUSES } from './registry/customer-service.js';
export type { Customer, CustomerInput, CustomerKind, CustomerStatus } from './registry/customer-service.js';
export type { OpenItem } from './registry/customer-events.js';
export { nameKey, phoneKey, emailKey } from './registry/normalize.js';
export { z } from 'zod';
/** Raw SQL fragments for plugins whose queries must differ by dialect (`ctx.dialect`). */
export { sql } from 'kysely';
export type { RawBuilder, Expression, ExpressionBuilder } from 'kysely';
