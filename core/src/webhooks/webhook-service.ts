import type { Clock } from '../clock.js';
import type { AnyDb, Trx } from '../db/database.js';
import { ProblemError } from '../errors.js';
import type { HookBus, Subscriber, SubscriberSource } from '../hooks/hook-bus.js';
import type { EventMeta } from '../hooks/types.js';
import { keysetPage, type Page, type PageRequest } from '../http/list.js';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
import { assertPublicHost, RefusedAddressError } from './network-guard.js';
import { postWebhook, type WebhookResponse } from './webhook-request.js';
import { generateSigningSecret, SecretBox } from './webhook-secret.js';
import { signWebhook } from './webhook-signature.js';

export interface WebhookOptions {
  /**
   * Encrypts the stored signing secrets (any string of 32+ characters; keep it out of the database).
   * Without it endpoints cannot be registered.
   */
  secretKey?: string;
  /** Deliver to loopback, private and link-local addresses (tests, intranets). Default false. */
  allowPrivateNetworks?: boolean;
  /** A delivery without a response in this time fails. Default 5000. */
  timeoutMs?: number;
  /** An endpoint whose deliveries have all failed for this many days is disabled. Default 3. */
  disableAfterDays?: number;
  /** After a rotation the previous secret also signs for this long. Default 24. */
  rotationGraceHours?: number;
  /** How often this process rereads the endpoints other processes registered. Default 5000. */
  refreshMs?: number;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  active: boolean;
  /** Since when every delivery has failed; null while the last one succeeded. */
  failingSince: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookAttempt {
  id: string;
  endpointId: string;
  /** The outbox delivery this attempt belongs to (replay it by this id); null for a ping. */
  deliveryId: string | null;
  deliveryStatus: 'pending' | 'delivered' | 'dead' | null;
  messageId: string;
  event: string;
  attempt: number;
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
  at: string;
}

export interface EndpointInput {
  url: string;
  events: string[];
  description?: string | null;
  active?: boolean;
}

/** Puts a notice in the inbox of every user who administers webhooks, inside the disabling transaction. */
export type NotifyWebhookAdmins = (
  trx: Trx,
  notice: { kind: string; title: string; body: string; dedupeKey: string; data: Record<string, unknown> },
) => Promise<void>;

const SUBSCRIBER_PREFIX = 'webhook:';
export const webhookSubscriberId = (endpointId: string): string => `${SUBSCRIBER_PREFIX}${endpointId}`;

/** `customer.created` matches itself, `customer.*` every customer event, `*` every event. */
export const eventMatches = (pattern: string, event: string): boolean =>
  pattern === '*' || pattern === event || (pattern.endsWith('.*') && event.startsWith(pattern.slice(0, -1)));

type EndpointRow = {
  id: string;
  url: string;
  description: string | null;
  events: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: string | null;
  active: number | boolean;
  failing_since: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
};

const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: JSON.parse(r.events),
  active: Boolean(Number(r.active)),
  failingSince: r.failing_since,
  disabledAt: r.disabled_at,
  disabledReason: r.disabled_reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Outbound webhooks. Each endpoint is an outbox subscriber of its own (`webhook:<id>`), so a failing
 * endpoint retries, dead-letters and is replayed without touching any other endpoint or subscriber.
 * The set of endpoints is held in memory for the emit path (which must not query per event) and
 * reread after every change here and every `refreshMs` for changes made by other processes.
 */
export class WebhookService implements SubscriberSource {
  private endpoints = new Map<string, { events: string[]; active: boolean }>();
  private readonly box: SecretBox | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: AnyDb,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly bus: HookBus,
    private readonly transaction: <T>(fn: (trx: Trx) => Promise<T>) => Promise<T>,
    private readonly options: WebhookOptions = {},
    private readonly notifyAdmins?: NotifyWebhookAdmins,
  ) {
    this.box = options.secretKey ? new SecretBox(options.secretKey) : undefined;
  }

  get allowPrivateNetworks(): boolean {
    return this.options.allowPrivateNetworks === true;
  }

  // --- SubscriberSource: what the hook bus and dispatcher see -------------------------------------

  subscribersFor(event: string): string[] {
    const ids: string[] = [];
    for (const [id, e] of this.endpoints)
      if (e.active && e.events.some((p) => eventMatches(p, event))) ids.push(webhookSubscriberId(id));
    return ids;
  }

  ids(): string[] {
    return [...this.endpoints].filter(([, e]) => e.active).map(([id]) => webhookSubscriberId(id));
  }

  resolve(id: string): Subscriber | undefined {
    if (!id.startsWith(SUBSCRIBER_PREFIX)) return undefined;
    const endpointId = id.slice(SUBSCRIBER_PREFIX.length);
    return {
      id,
      plugin: 'kernel',
      event: '*',
      handler: (payload, meta) => this.deliverEvent(endpointId, payload, meta),
    };
  }

  async refresh(): Promise<void> {
    const rows = await this.db
      .selectFrom('kehu_webhook_endpoint')
      .select(['id', 'events', 'active'])
      .execute();
    this.endpoints = new Map(
      rows.map((r) => [r.id, { events: JSON.parse(r.events), active: Boolean(Number(r.active)) }]),
    );
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(
      () =>
        this.refresh().catch((err) => this.logger.error('webhook refresh failed', { error: String(err) })),
      this.options.refreshMs ?? 5000,
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  // --- Endpoints ----------------------------------------------------------------------------------

  async list(): Promise<WebhookEndpoint[]> {
    const rows = await this.db.selectFrom('kehu_webhook_endpoint').selectAll().orderBy('id').execute();
    return (rows as EndpointRow[]).map(toEndpoint);
  }

  async get(id: string): Promise<WebhookEndpoint | undefined> {
    const row = await this.row(id);
    return row ? toEndpoint(row) : undefined;
  }

  /** Registers an endpoint; the returned secret is the only time it is shown. */
  async create(input: EndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const box = this.secretBox();
    await this.assertDeliverable(input.url);
    const id = newId();
    const secret = generateSigningSecret();
    const now = this.clock.now().toISOString();
    await this.db
      .insertInto('kehu_webhook_endpoint')
      .values({
        id,
        url: input.url,
        description: input.description ?? null,
        events: JSON.stringify(input.events),
        secret: box.seal(secret, id),
        previous_secret: null,
        previous_secret_until: null,
        active: input.active === false ? 0 : 1,
        failing_since: null,
        disabled_at: null,
        disabled_reason: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await this.refresh();
    return { endpoint: (await this.get(id))!, secret };
  }

  async update(id: string, patch: Partial<EndpointInput>): Promise<WebhookEndpoint | undefined> {
    const before = await this.row(id);
    if (!before) return undefined;
    if (patch.url !== undefined && patch.url !== before.url) await this.assertDeliverable(patch.url);
    const reenabled = patch.active === true && !Number(before.active);
    await this.db
      .updateTable('kehu_webhook_endpoint')
      .set({
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.events !== undefined ? { events: JSON.stringify(patch.events) } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
        ...(reenabled ? { failing_since: null, disabled_at: null, disabled_reason: null } : {}),
        updated_at: this.clock.now().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await this.refresh();
    return this.get(id);
  }

  /** Deletes the endpoint, its delivery log and the deliveries still waiting for it. */
  async remove(id: string): Promise<boolean> {
    const removed = await this.transaction(async (trx) => {
      const res = await trx.deleteFrom('kehu_webhook_endpoint').where('id', '=', id).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) return false;
      await trx.deleteFrom('kehu_webhook_attempt').where('endpoint_id', '=', id).execute();
      await trx
        .deleteFrom('kehu_delivery')
        .where('subscriber', '=', webhookSubscriberId(id))
        .where('status', '!=', 'delivered')
        .execute();
      return true;
    });
    await this.refresh();
    return removed;
  }

  /** A new secret, shown once; the previous one keeps signing alongside it for the grace period. */
  async rotateSecret(id: string): Promise<string | undefined> {
    const box = this.secretBox();
    const row = await this.row(id);
    if (!row) return undefined;
    const secret = generateSigningSecret();
    const now = this.clock.now();
    const graceMs = (this.options.rotationGraceHours ?? 24) * 3_600_000;
    await this.db
      .updateTable('kehu_webhook_endpoint')
      .set({
        secret: box.seal(secret, id),
        previous_secret: graceMs > 0 ? row.secret : null,
        previous_secret_until: graceMs > 0 ? new Date(now.getTime() + graceMs).toISOString() : null,
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    return secret;
  }

  /** Sends a `webhook.ping` now, outside the outbox, and logs it like a delivery. */
  async ping(id: string): Promise<WebhookAttempt | undefined> {
    const row = await this.row(id);
    if (!row) return undefined;
    const messageId = newId();
    const at = this.clock.now().toISOString();
    const response = await this.send(row, messageId, 'webhook.ping', at, { endpointId: id });
    return this.recordAttempt(row.id, null, messageId, 'webhook.ping', 1, response);
  }

  async attempts(
    endpointId: string,
    page: PageRequest & { before?: string | undefined },
  ): Promise<Page<WebhookAttempt>> {
    let q = this.db
      .selectFrom('kehu_webhook_attempt as a')
      .leftJoin('kehu_delivery as d', 'd.id', 'a.delivery_id')
      .selectAll('a')
      .select('d.status as delivery_status')
      .where('a.endpoint_id', '=', endpointId);
    if (page.before) q = q.where('a.id', '<', page.before);
    return keysetPage(q, page, {
      order: ['-a.id'],
      map: (r): WebhookAttempt => ({
        id: r.id,
        endpointId: r.endpoint_id,
        deliveryId: r.delivery_id,
        deliveryStatus: r.delivery_status ?? null,
        messageId: r.message_id,
        event: r.event,
        attempt: Number(r.attempt),
        ok: Boolean(Number(r.ok)),
        statusCode: r.status_code === null ? null : Number(r.status_code),
        latencyMs: Number(r.latency_ms),
        error: r.error,
        responseBody: r.response_body,
        at: r.at,
      }),
    });
  }

  /** Ids of the endpoint's dead deliveries, for replaying them all at once. */
  async deadDeliveries(endpointId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('kehu_delivery')
      .select('id')
      .where('subscriber', '=', webhookSubscriberId(endpointId))
      .where('status', '=', 'dead')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  // --- Delivery -----------------------------------------------------------------------------------

  private async deliverEvent(endpointId: string, payload: unknown, meta: EventMeta): Promise<void> {
    const row = await this.row(endpointId);
    if (!row) return; // Deleted since the event: nothing left to deliver to.
    if (!Number(row.active)) throw new Error('The endpoint is disabled');
    const delivery = await this.db
      .selectFrom('kehu_delivery')
      .select('id')
      .where('event_id', '=', meta.eventId)
      .where('subscriber', '=', webhookSubscriberId(endpointId))
      .executeTakeFirst();
    const response = await this.send(row, meta.eventId, meta.name, meta.occurredAt, payload);
    await this.recordAttempt(
      endpointId,
      delivery?.id ?? null,
      meta.eventId,
      meta.name,
      meta.attempt,
      response,
    );
    await this.trackHealth(row, response);
    // Throwing hands the retry, backoff and dead letter to the outbox.
    if (!response.ok) throw new Error(response.error ?? 'delivery failed');
  }

  private async send(
    row: EndpointRow,
    messageId: string,
    event: string,
    occurredAt: string,
    payload: unknown,
  ): Promise<WebhookResponse> {
    const box = this.secretBox();
    const now = this.clock.now();
    const secrets = [box.open(row.secret, row.id)];
    if (row.previous_secret && row.previous_secret_until && row.previous_secret_until > now.toISOString())
      secrets.push(box.open(row.previous_secret, row.id));
    const body = JSON.stringify({ id: messageId, type: event, timestamp: occurredAt, data: payload ?? null });
    return postWebhook({
      url: row.url,
      headers: { ...signWebhook(secrets, messageId, now, body) },
      body,
      timeoutMs: this.options.timeoutMs ?? 5000,
      allowPrivateNetworks: this.allowPrivateNetworks,
    });
  }

  private async recordAttempt(
    endpointId: string,
    deliveryId: string | null,
    messageId: string,
    event: string,
    attempt: number,
    r: WebhookResponse,
  ): Promise<WebhookAttempt> {
    const logged: WebhookAttempt = {
      id: newId(),
      endpointId,
      deliveryId,
      deliveryStatus: null,
      messageId,
      event,
      attempt,
      ok: r.ok,
      statusCode: r.statusCode,
      latencyMs: r.latencyMs,
      error: r.error,
      responseBody: r.responseBody,
      at: this.clock.now().toISOString(),
    };
    await this.db
      .insertInto('kehu_webhook_attempt')
      .values({
        id: logged.id,
        endpoint_id: endpointId,
        delivery_id: deliveryId,
        message_id: messageId,
        event,
        attempt,
        ok: r.ok ? 1 : 0,
        status_code: r.statusCode,
        latency_ms: r.latencyMs,
        error: r.error,
        response_body: r.responseBody,
        at: logged.at,
      })
      .execute();
    return logged;
  }

  /** Success clears the failing streak; a streak older than `disableAfterDays` disables the endpoint. */
  private async trackHealth(row: EndpointRow, r: WebhookResponse): Promise<void> {
    const now = this.clock.now();
    if (r.ok) {
      if (row.failing_since)
        await this.db
          .updateTable('kehu_webhook_endpoint')
          .set({ failing_since: null })
          .where('id', '=', row.id)
          .execute();
      return;
    }
    if (!row.failing_since) {
      await this.db
        .updateTable('kehu_webhook_endpoint')
        .set({ failing_since: now.toISOString() })
        .where('id', '=', row.id)
        .where('failing_since', 'is', null)
        .execute();
      return;
    }
    const days = this.options.disableAfterDays ?? 3;
    if (now.getTime() - new Date(row.failing_since).getTime() < days * 86_400_000) return;
    const reason = `Every delivery failed for ${days} days (last: ${r.error ?? 'failed'})`;
    const disabled = await this.transaction(async (trx) => {
      const res = await trx
        .updateTable('kehu_webhook_endpoint')
        .set({
          active: 0,
          disabled_at: now.toISOString(),
          disabled_reason: reason,
          updated_at: now.toISOString(),
        })
        .where('id', '=', row.id)
        .where('active', '=', 1)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      const notice = {
        endpointId: row.id,
        description: row.description,
        failingSince: row.failing_since!,
        disabledAt: now.toISOString(),
        reason,
      };
      await this.bus.emit(trx, 'webhook.endpointDisabled', notice);
      await this.notifyAdmins?.(trx, {
        kind: 'webhook.endpointDisabled',
        title: `Webhook endpoint ${row.description ?? row.id} was disabled`,
        body: `${reason}. Fix the receiver, then re-enable the endpoint and replay its dead deliveries.`,
        dedupeKey: `webhook.endpointDisabled:${row.id}:${notice.disabledAt}`,
        data: notice,
      });
      return true;
    });
    if (disabled) {
      this.logger.warn('webhook endpoint disabled', { endpointId: row.id, failingSince: row.failing_since });
      await this.refresh();
    }
  }

  // --- Helpers ------------------------------------------------------------------------------------

  private async row(id: string): Promise<EndpointRow | undefined> {
    return (await this.db
      .selectFrom('kehu_webhook_endpoint')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()) as EndpointRow | undefined;
  }

  private secretBox(): SecretBox {
    if (this.box) return this.box;
    throw new ProblemError({
      status: 409,
      code: 'webhooks_not_configured',
      detail:
        'Webhook signing secrets need an encryption key: set webhooks.secretKey in the host configuration',
    });
  }

  /** Refuses URLs whose host resolves to a non-public address, unless private networks are allowed. */
  private async assertDeliverable(url: string): Promise<void> {
    if (this.allowPrivateNetworks) return;
    try {
      await assertPublicHost(new URL(url));
    } catch (err) {
      const refused = err instanceof RefusedAddressError;
      throw new ProblemError({
        status: 422,
        code: refused ? 'webhook_url_refused' : 'webhook_url_unresolvable',
        detail: refused
          ? `${err.message}; webhooks are only delivered to public addresses`
          : `The host ${new URL(url).hostname} cannot be resolved`,
        errors: [{ path: 'body.url', message: refused ? 'Non-public address' : 'Host not found' }],
      });
    }
  }
}
