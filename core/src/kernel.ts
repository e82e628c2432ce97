import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type AwilixContainer, asFunction, asValue, createContainer } from 'awilix';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ZodError, z } from 'zod';
import { type ActivitiesOptions, ActivityRuntime } from './activities/activity-runtime.js';
import { AuditLog } from './audit/audit-log.js';
import { accountMigrations } from './auth/account-migrations.js';
import { Accounts } from './auth/accounts.js';
import { PermissionRegistry } from './auth/permissions.js';
import type { Principal } from './auth/principal.js';
import { UserStore } from './auth/user-store.js';
import { type Clock, systemClock } from './clock.js';
import { lockTransaction } from './db/advisory-lock.js';
import { onRollback, runRollbackWork, trackRollbackWork } from './db/after-rollback.js';
import { type Database, type DatabaseOptions, openDatabase, type Trx } from './db/database.js';
import { migrateNamespace } from './db/migrations.js';
import { pruneRetained, type RetentionOptions } from './db/retention.js';
import { BootError, ProblemError } from './errors.js';
import { assertEventNamespace } from './hooks/event-namespace.js';
import { HookBus, scopedHooks, trackEmits } from './hooks/hook-bus.js';
import { type DispatcherOptions, OutboxDispatcher } from './hooks/outbox-dispatcher.js';
import type { HookDescription } from './hooks/types.js';
import type { KehuContext, KehuEnv } from './http/env.js';
import { errorHandler } from './http/error-handler.js';
import { type IdempotencyOptions, IdempotencyStore } from './http/idempotency.js';
import { readNodeJsonBody } from './http/node-body.js';
import { requestHeader } from './http/node-request.js';
import { buildOpenApi } from './http/openapi.js';
import { problemResponse } from './http/problem.js';
import { assignRequestId, requestId } from './http/request-id.js';
import { assertRoutes } from './http/route-checks.js';
import {
  type CustomerGate,
  KehuRouter,
  type RequestScopeFactory,
  type RouteConventions,
} from './http/router.js';
import { defineKernelPermissions } from './kernel-permissions.js';
import { kernelRoutes } from './kernel-routes.js';
import { kernelMigrations } from './kernel-schema.js';
import { consoleLogger, type Logger } from './logger.js';
import type { MailOptions } from './notifications/mailer.js';
import type { AnyPlugin, EnabledPlugin } from './plugin/define-plugin.js';
import type { KehuServices, PluginContext } from './plugin/plugin-context.js';
import { assertPluginName } from './plugin/plugin-name.js';
import { orderPlugins } from './plugin/plugin-order.js';
import type { ArchiveKernel } from './registry/archive-kernel.js';
import { ArchiveNotes } from './registry/archive-notes.js';
import { ChangeRequests } from './registry/change-requests.js';
import { Contracts } from './registry/contracts.js';
import { customerRoutes } from './registry/customer-routes.js';
import { type CustomerArchiveOptions, CustomerService } from './registry/customer-service.js';
import { CustomerValues } from './registry/customer-value.js';
import { Discounts } from './registry/discounts.js';
import { LocalFileStorage } from './registry/document-storage.js';
import { Documents, type DocumentsOptions } from './registry/documents.js';
import { Registry, scopedRegistry } from './registry/registry.js';
import { Scheduler } from './scheduler/scheduler.js';
import { type CompanyClock, companyClock, DEFAULT_TIME_ZONE } from './time/company-clock.js';
import { inProcessPrincipal } from './ui/in-process.js';
import { scopedUi, UiRegistry } from './ui/ui-registry.js';
import { webhookRoutes } from './webhooks/webhook-routes.js';
import { type WebhookOptions, WebhookService } from './webhooks/webhook-service.js';

export type { EnabledPlugin } from './plugin/define-plugin.js';

export interface KernelOptions {
  /** An open database, or how to open one. Default: SQLite at `./data/kehu.db`. */
  database?: Database | DatabaseOptions;
  plugins?: readonly AnyPlugin[];
  /** Per-plugin configuration, by plugin name. */
  config?: Record<string, unknown>;
  /** Where "now" comes from (a `ManualClock` in tests, `kehu jobs run --at`). Default: the system clock. */
  clock?: Clock;
  /**
   * The company's IANA time zone (`Asia/Shanghai`): "today", every business date and every job
   * period are the company's days in it. Default `UTC`; an unknown name is a boot error.
   */
  timeZone?: string;
  logger?: Logger;
  dispatcher?: DispatcherOptions & { autoStart?: boolean };
  scheduler?: { autoStart?: boolean; intervalMs?: number };
  /** Replace bearer-token auth: return the principal for a request, or null. */
  authenticate?: (c: KehuContext, kernel: Kernel) => Promise<Principal | null> | Principal | null;
  /** The first admin's token on a database with no users; random when absent. */
  adminToken?: string;
  /** Larger request bodies get a 413 problem. Default 10 MiB. */
  maxBodyBytes?: number;
  /** `Idempotency-Key` handling: how long a reservation of a request that never finished holds its key. */
  idempotency?: IdempotencyOptions;
  /** Customer archive rules. */
  customers?: CustomerArchiveOptions;
  /** Activities: escalation rules per type. */
  activities?: ActivitiesOptions;
  /** Documents: storage (default files under the data folder's `documents/`), size and type limits. */
  documents?: DocumentsOptions;
  /** Notification mail through SMTP; without it the inbox is in-app only. */
  mail?: MailOptions;
  /** Outbound webhooks: the key their secrets are encrypted with, SSRF allowance, timeouts. */
  webhooks?: WebhookOptions;
  /** How long delivered events and `Idempotency-Key` replies are kept (default 30 days). */
  retention?: RetentionOptions;
}

export interface Kernel extends ArchiveKernel {
  readonly app: Hono<KehuEnv>;
  /** "Now", and the company's dates in its time zone. */
  readonly clock: CompanyClock;
  readonly dispatcher: OutboxDispatcher;
  /** People's passwords, sessions and invitations (the console's sign-in). */
  readonly accounts: Accounts;
  /** Activities (待办), the notification inbox, subscriptions and mail. */
  readonly activities: ActivityRuntime;
  readonly webhooks: WebhookService;
  /** What plugins contribute to the web console (pages, navigation, panels, widgets). */
  readonly ui: UiRegistry;
  readonly container: AwilixContainer;
  readonly plugins: readonly EnabledPlugin[];
  readonly options: KernelOptions;
  /** Set on the first boot of an empty database: the admin token, shown once. */
  readonly initialAdminToken: string | undefined;
  service<K extends keyof KehuServices & string>(name: K): KehuServices[K] | undefined;
  describeHooks(): HookDescription;
  openApi(): Record<string, unknown>;
  close(): Promise<void>;
}

function configError(plugin: string, error: ZodError): BootError {
  const issues = error.issues.map((i) => `config.${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  return new BootError(`Plugin "${plugin}" has invalid configuration: ${issues.join('; ')}`);
}

/**
 * Boots Kehu: opens the database, validates plugin config, orders plugins by dependency, applies the
 * kernel's then each plugin's migrations, runs each plugin's setup and assembles the HTTP app.
 */
/**
 * Documents live beside the SQLite file (`./data/kehu.db` → `./data/documents`); an in-memory
 * database gets a temporary folder; PostgreSQL the working directory's `./data/documents`.
 */
function defaultDocumentDirectory(database: Database): string {
  if (database.dialect === 'sqlite') {
    if (!database.url || database.url === ':memory:') return mkdtempSync(join(tmpdir(), 'kehu-documents-'));
    return join(dirname(resolve(database.url)), 'documents');
  }
  return resolve('data', 'documents');
}

export async function createKernel(options: KernelOptions = {}): Promise<Kernel> {
  let clock: CompanyClock;
  try {
    clock = companyClock(options.clock ?? systemClock, options.timeZone ?? DEFAULT_TIME_ZONE);
  } catch (err) {
    throw new BootError(`Invalid timeZone: ${(err as Error).message}`);
  }
  const logger = options.logger ?? consoleLogger;
  for (const p of options.plugins ?? []) {
    assertPluginName(p.name);
    assertEventNamespace(p.name, p.events);
  }
  const plugins = orderPlugins(options.plugins ?? []);

  const configs = new Map<string, unknown>();
  for (const p of plugins) {
    const raw = options.config?.[p.name] ?? {};
    if (!p.config) {
      configs.set(p.name, raw);
      continue;
    }
    const r = (p.config as z.ZodType).safeParse(raw);
    if (!r.success) throw configError(p.name, r.error);
    configs.set(p.name, r.data);
  }

  const opened =
    options.database && 'db' in options.database
      ? undefined
      : await openDatabase(options.database as DatabaseOptions | undefined);
  const database = opened ?? (options.database as Database);
  try {
    return await assemble(database, plugins, configs, clock, logger, options);
  } catch (err) {
    if (opened) await opened.close();
    throw err;
  }
}

async function assemble(
  database: Database,
  plugins: AnyPlugin[],
  configs: Map<string, unknown>,
  clock: CompanyClock,
  logger: Logger,
  options: KernelOptions,
): Promise<Kernel> {
  const db = database.db;
  const now = () => clock.now();
  await migrateNamespace(database, 'kernel', kernelMigrations, now);
  await migrateNamespace(database, 'kernel.accounts', accountMigrations, now);

  const hooks = new HookBus(clock);
  const dispatcher = new OutboxDispatcher(database, hooks, clock, logger, options.dispatcher);
  const scheduler = new Scheduler(db, clock, logger);
  const registry = new Registry();
  const permissions = new PermissionRegistry();
  defineKernelPermissions(permissions);
  const audit = new AuditLog(db, clock);
  const ui = new UiRegistry();
  const users = new UserStore(db, permissions, clock);
  const accounts = new Accounts(db, permissions, clock);
  const customers = new CustomerService(db, clock, hooks, audit, registry, {
    dialect: database.dialect,
    users,
    logger,
    transaction: (fn) => transaction(fn),
    ...options.customers,
  });
  const webhooks = new WebhookService(
    db,
    clock,
    logger,
    hooks,
    (fn) => transaction(fn),
    options.webhooks,
    async (trx, notice) => {
      for (const userId of await activities.service.usersWith('admin.webhooks', trx))
        await activities.notifications.notify(trx, userId, notice);
    },
  );
  hooks.addSubscriberSource(webhooks);
  await webhooks.refresh();
  const documents = new Documents(
    customers,
    options.documents?.storage ?? new LocalFileStorage(defaultDocumentDirectory(database)),
    options.documents,
  );
  customers.archiveFiles = documents;
  const container = createContainer({ strict: true });
  const services = new Map<string, unknown>();
  const activities = new ActivityRuntime({
    db,
    clock,
    logger,
    hooks,
    customers,
    users,
    permissions,
    registry,
    scheduler,
    transaction: (fn) => transaction(fn),
    activities: options.activities,
    mail: options.mail,
  });

  const transaction = async <T>(fn: (trx: Trx) => Promise<T>): Promise<T> => {
    let state: { emitted: boolean } | undefined;
    let afterRollback: (() => Promise<unknown>)[] = [];
    let result: T;
    try {
      result = await db.transaction().execute((trx) => {
        state = trackEmits(trx);
        afterRollback = trackRollbackWork(trx);
        return fn(trx);
      });
    } catch (err) {
      await runRollbackWork(afterRollback, logger);
      throw err;
    }
    if (state?.emitted) dispatcher.kick();
    return result;
  };

  const authenticate = async (c: KehuContext): Promise<Principal | null> => {
    // The console calls the API in-process as its signed-in user (see requestAs).
    const inProcess = inProcessPrincipal(c.env);
    if (inProcess) return inProcess;
    if (options.authenticate) return options.authenticate(c, kernel);
    const header = requestHeader(c, 'authorization');
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    return match ? users.authenticate(match[1]!) : null;
  };

  const gate: CustomerGate = (principal, id, access, o) =>
    customers.requireAccess(principal, id, access, customers.db, o);
  // Idempotent replies, checked by each route after it authenticated the caller.
  const replies = new IdempotencyStore(db, clock, options.idempotency);
  const onError = errorHandler(logger);
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const tooLarge = (c: Context) =>
    problemResponse(
      c,
      new ProblemError({
        status: 413,
        code: 'payload_too_large',
        detail: `The request body is larger than ${maxBodyBytes} bytes`,
      }),
    );
  const bufferedLimit = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });
  const conventions: RouteConventions = {
    onError,
    // A JSON body under node-server is read straight from node's request (node-body.ts), counted as
    // it arrives; any other body goes through hono's limit.
    limitBody: async (c, next) => {
      const read = await readNodeJsonBody(c, maxBodyBytes);
      if (read === 'too_large') return tooLarge(c);
      return read === 'read' ? next() : bufferedLimit(c, next);
    },
  };
  const routers: KehuRouter[] = [];
  const requestScope: RequestScopeFactory = (principal, c) => {
    const scope = container.createScope();
    scope.register({ principal: asValue(principal), requestId: asValue(c.get('requestId')) });
    return scope;
  };
  const kernelRouter = new KehuRouter('/api', authenticate, gate, replies, requestScope, conventions);
  const customerRouter = new KehuRouter(
    '/api/v1/customers',
    authenticate,
    gate,
    replies,
    requestScope,
    conventions,
  );
  const activityRouter = new KehuRouter(
    '/api/v1/activities',
    authenticate,
    gate,
    replies,
    requestScope,
    conventions,
  );
  const notificationRouter = new KehuRouter(
    '/api/v1/notifications',
    authenticate,
    gate,
    replies,
    requestScope,
    conventions,
  );
  routers.push(kernelRouter, customerRouter, activityRouter, notificationRouter);

  const pluginRouters: KehuRouter[] = [];
  const enabled: EnabledPlugin[] = [];
  const app = new Hono<KehuEnv>();

  let initialAdminToken: string | undefined;
  const kernel: Kernel = {
    app,
    database,
    clock,
    logger,
    hooks,
    dispatcher,
    scheduler,
    registry,
    customers,
    changeRequests: new ChangeRequests(customers, options.customers?.approvals ?? {}, () =>
      activities.pluginActivities('kernel'),
    ),
    contracts: new Contracts(
      customers,
      () => activities.pluginActivities('kernel'),
      () => clock.today(),
    ),
    documents,
    discounts: new Discounts(customers, () => activities.pluginActivities('kernel')),
    notes: new ArchiveNotes(customers, () => clock.today()),
    values: new CustomerValues(customers, () => clock.today(), options.customers?.value),
    users,
    accounts,
    permissions,
    audit,
    activities,
    webhooks,
    ui,
    container,
    plugins: enabled,
    options,
    get initialAdminToken() {
      return initialAdminToken;
    },
    transaction,
    service: ((name: string) => services.get(name)) as Kernel['service'],
    describeHooks: () => hooks.describe(),
    openApi: () => openApiDocument(),
    async close() {
      webhooks.stop();
      await dispatcher.stop();
      await scheduler.stop();
      activities.close();
      await database.close();
    },
  };
  ui.host = kernel;
  // The kernel's parts, one for the process. The kernel itself is not registered: a service names
  // the parts it needs. Each request gets a scope of its own carrying its caller.
  container.register({
    db: asValue(db),
    clock: asValue(clock),
    logger: asValue(logger),
    hooks: asValue(hooks),
    registry: asValue(registry),
    customers: asValue(customers),
    users: asValue(users),
    permissions: asValue(permissions),
    audit: asValue(audit),
    scheduler: asValue(scheduler),
    activities: asValue(activities.service),
    transaction: asValue(transaction),
  });

  for (const [index, plugin] of plugins.entries()) {
    const applied = await migrateNamespace(database, plugin.name, plugin.migrations ?? [], now);
    const router = new KehuRouter(
      `/api/v1/${plugin.name}`,
      authenticate,
      gate,
      replies,
      requestScope,
      conventions,
    );
    routers.push(router);
    pluginRouters.push(router);
    const ctx: PluginContext<unknown> = {
      name: plugin.name,
      config: configs.get(plugin.name),
      db,
      dialect: database.dialect,
      clock,
      logger,
      hooks: scopedHooks(hooks, plugin.name, index),
      registry: scopedRegistry(registry, plugin.name),
      customers,
      audit,
      activities: activities.pluginActivities(plugin.name),
      notifications: activities.pluginNotifications(plugin.name),
      mail: activities.pluginMail(plugin.name),
      scheduler: { define: (job) => scheduler.define(plugin.name, job) },
      router,
      ui: scopedUi(ui, plugin.name),
      container,
      transaction,
      onRollback,
      provide(service) {
        services.set(plugin.name, service);
        container.register(plugin.name, asValue(service));
      },
      provideScoped(factory) {
        container.register(plugin.name, asFunction(factory).scoped());
      },
      service: ((name: string) => services.get(name)) as PluginContext<unknown>['service'],
      permission: (name, o) =>
        permissions.definePermission({
          name,
          description: o.description,
          roles: o.roles,
          plugin: plugin.name,
        }),
      role: (name, labels) => permissions.defineRole({ name, labels, plugin: plugin.name }),
      grant: (role, permission) => permissions.grant(role, permission),
    };
    await plugin.setup(ctx);
    enabled.push({
      name: plugin.name,
      version: plugin.version,
      ...(plugin.description ? { description: plugin.description } : {}),
      migrations: applied,
    });
  }

  // Each route of a KehuRouter keeps the conventions itself (request id, problems, body limit), so
  // a request matching one route runs one handler. What else answers — the console's pages, 404s,
  // errors thrown outside a route — gets its request id here.
  if (ui.site) app.use('*', requestId(onError));
  app.onError(onError);
  app.notFound((c) => {
    assignRequestId(c);
    return problemResponse(
      c,
      new ProblemError({
        status: 404,
        code: 'route_not_found',
        detail: `No route ${c.req.method} ${c.req.path}`,
      }),
    );
  });

  activities.check();
  kernelRoutes(kernelRouter, kernel);
  webhookRoutes(kernelRouter, kernel);
  customerRoutes(customerRouter, kernel);
  scheduler.define('kernel', {
    name: 'retention.prune',
    period: 'day',
    run: ({ at }) => pruneRetained(db, at, options.retention),
  });
  activities.mount(activityRouter, notificationRouter, kernel);
  assertRoutes(
    routers.filter((r) => !pluginRouters.includes(r)),
    pluginRouters,
    permissions,
  );
  for (const r of routers) app.route(r.basePath, r.hono);
  // The web console (a plugin) serves every path the API does not.
  if (ui.site) app.route('/', ui.site.app as Hono<KehuEnv>);

  let cachedOpenApi: Record<string, unknown> | undefined;
  const openApiDocument = () =>
    (cachedOpenApi ??= buildOpenApi(
      routers,
      {
        title: 'Kehu CRM API',
        version: '1',
        description: `Enabled plugins: ${enabled.map((p) => `${p.name}@${p.version}`).join(', ') || 'none'}`,
      },
      registry.facets,
    ));

  initialAdminToken = await db.transaction().execute(async (trx) => {
    await lockTransaction(trx, database.dialect, 'kehu_first_admin');
    if ((await users.count(trx)) > 0) return undefined;
    const admin = await users.create({ name: 'Administrator', roles: ['admin'] }, trx);
    return (
      await users.createToken(
        admin.id,
        'initial admin token',
        options.adminToken ? { token: options.adminToken } : {},
        trx,
      )
    ).token;
  });

  if (options.dispatcher?.autoStart !== false) {
    webhooks.start();
    dispatcher.start();
  }
  if (options.scheduler?.autoStart) scheduler.start(options.scheduler.intervalMs);
  return kernel;
}
