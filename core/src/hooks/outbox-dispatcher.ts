import { sql } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { HookBus } from './hook-bus.js';

export interface DispatcherOptions {
  /** Attempts before a delivery is dead-lettered. Default 5. */
  maxAttempts?: number;
  /** Delay before retry n (1-based). Default 1s, 2s, 4s … capped at 5 min. */
  backoffMs?: (attempt: number) => number;
  /** How often to look for deliveries written by other processes or due for retry. Default 1000. */
  pollMs?: number;
  /**
   * How long a claimed delivery stays reserved for this process. Default 60 s. A subscriber still
   * running after this long counts as failed, so one hung subscriber cannot stall this dispatcher.
   */
  leaseMs?: number;
  batchSize?: number;
}

export interface DeliveryRecord {
  id: string;
  eventId: string;
  event: string;
  subscriber: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  deliveredAt: string | null;
  payload: unknown;
  occurredAt: string;
}

const defaultBackoff = (attempt: number): number => Math.min(1000 * 2 ** (attempt - 1), 300_000);

/**
 * Delivers outbox rows to subscribers after commit: at least once, one delivery record per
 * (event, subscriber), retries with backoff, dead letters after `maxAttempts`. Rows are claimed with a
 * lease (and `FOR UPDATE SKIP LOCKED` on PostgreSQL) so two processes never run the same delivery at
 * the same time.
 */
export class OutboxDispatcher {
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private kicked = false;
  private stopped = true;

  constructor(
    private readonly database: Database,
    private readonly bus: HookBus,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: DispatcherOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? defaultBackoff;
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Ask for a delivery round soon; rounds never overlap. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.kicked = true;
      return;
    }
    this.running = this.drain()
      .catch((err) => {
        this.logger.error('event dispatch failed', { error: String(err) });
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.kicked && !this.stopped) {
          this.kicked = false;
          this.kick();
        }
      });
  }

  /** Delivers everything due now; returns how many deliveries were attempted. Tests call it directly. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    for (const delivery of claimed) await this.deliver(delivery);
    return claimed.length;
  }

  /** Claimed rows come back in due order (then id, which follows emit order): `returning` has none. */
  private async claim(): Promise<{ id: string; event_id: string; subscriber: string; attempts: number }[]> {
    const subscribers = this.bus.subscriberIds();
    if (subscribers.length === 0) return [];
    const { db, dialect } = this.database;
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
    let due = db
      .selectFrom('kehu_delivery')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', nowIso)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowIso)]))
      .where('subscriber', 'in', subscribers)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(this.batchSize);
    if (dialect === 'postgres') due = due.forUpdate().skipLocked();
    const claimed = await db
      .updateTable('kehu_delivery')
      .set({ locked_until: leaseUntil, attempts: sql`attempts + 1`, updated_at: nowIso })
      .where('id', 'in', due)
      .returning(['id', 'event_id', 'subscriber', 'attempts', 'next_attempt_at'])
      .execute();
    return claimed.sort((x, y) =>
      x.next_attempt_at < y.next_attempt_at
        ? -1
        : x.next_attempt_at > y.next_attempt_at
          ? 1
          : x.id < y.id
            ? -1
            : 1,
    );
  }

  private async deliver(d: {
    id: string;
    event_id: string;
    subscriber: string;
    attempts: number;
  }): Promise<void> {
    const { db } = this.database;
    const sub = this.bus.subscriber(d.subscriber);
    const event = await db
      .selectFrom('kehu_event')
      .selectAll()
      .where('id', '=', d.event_id)
      .executeTakeFirst();
    if (!sub || !event) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      const handled = Promise.resolve().then(() =>
        sub.handler(JSON.parse(event.payload), {
          eventId: event.id,
          name: event.name,
          occurredAt: event.occurred_at,
          attempt: d.attempts,
        }),
      );
      // If the timeout wins, a later failure of the handler is already accounted for.
      handled.catch(() => undefined);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`subscriber did not finish within ${this.leaseMs} ms`)),
          this.leaseMs,
        );
      });
      await Promise.race([handled, timeout]);
      const at = this.clock.now().toISOString();
      await db
        .updateTable('kehu_delivery')
        .set({ status: 'delivered', delivered_at: at, locked_until: null, last_error: null, updated_at: at })
        .where('id', '=', d.id)
        .execute();
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      const dead = d.attempts >= this.maxAttempts;
      const now = this.clock.now();
      this.logger.warn(dead ? 'event delivery dead-lettered' : 'event delivery failed, will retry', {
        event: event.name,
        subscriber: d.subscriber,
        attempt: d.attempts,
        error: message,
      });
      await db
        .updateTable('kehu_delivery')
        .set({
          status: dead ? 'dead' : 'pending',
          next_attempt_at: dead
            ? now.toISOString()
            : new Date(now.getTime() + this.backoffMs(d.attempts)).toISOString(),
          locked_until: null,
          last_error: message.slice(0, 2000),
          updated_at: now.toISOString(),
        })
        .where('id', '=', d.id)
        .execute();
    } finally {
      clearTimeout(timer);
    }
  }

  async list(filter: { status?: DeliveryRecord['status']; limit?: number } = {}): Promise<DeliveryRecord[]> {
    let q = this.database.db
      .selectFrom('kehu_delivery as d')
      .innerJoin('kehu_event as e', 'e.id', 'd.event_id')
      .select([
        'd.id',
        'd.event_id',
        'e.name',
        'd.subscriber',
        'd.status',
        'd.attempts',
        'd.next_attempt_at',
        'd.last_error',
        'd.delivered_at',
        'e.payload',
        'e.occurred_at',
      ])
      .orderBy('d.id', 'desc')
      .limit(filter.limit ?? 100);
    if (filter.status) q = q.where('d.status', '=', filter.status);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      event: r.name,
      subscriber: r.subscriber,
      status: r.status,
      attempts: Number(r.attempts),
      nextAttemptAt: r.next_attempt_at,
      lastError: r.last_error,
      deliveredAt: r.delivered_at,
      payload: JSON.parse(r.payload),
      occurredAt: r.occurred_at,
    }));
  }

  /** Puts a dead delivery back in the queue with a fresh set of attempts. */
  async replay(id: string): Promise<boolean> {
    const now = this.clock.now().toISOString();
    const res = await this.database.db
      .updateTable('kehu_delivery')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, locked_until: null, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    const changed = Number(res.numUpdatedRows) > 0;
    if (changed) this.kick();
    return changed;
  }
}
