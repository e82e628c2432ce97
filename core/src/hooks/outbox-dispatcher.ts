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
  /**
   * On `stop()`, how long running deliveries may take to finish before the process lets go of them
   * (their leases are released, so another process takes them up at once). Default 10 s.
   */
  shutdownGraceMs?: number;
}

export interface DeliveryRecord {
  id: string;
  eventId: string;
  event: string;
  subscriber: string;
  status: 'pending' | 'delivered' | 'dead';
  /** No subscriber of this name is registered any more (its plugin was disabled or it was renamed). */
  orphaned: boolean;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  deliveredAt: string | null;
  payload: unknown;
  occurredAt: string;
}

const defaultBackoff = (attempt: number): number => Math.min(1000 * 2 ** (attempt - 1), 300_000);

/** A delivery this process has claimed: leased until `leaseUntil`, counted as attempt `attempts`. */
interface Claimed {
  id: string;
  event_id: string;
  subscriber: string;
  attempts: number;
  leaseUntil: string;
}

/** The last error of a delivery whose every attempt was cut short by its process dying. */
export const ABANDONED_ERROR =
  'Every attempt was cut short: the process stopped while the subscriber ran (for example it crashed the process)';

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
  private readonly shutdownGraceMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private kicked = false;
  private stopped = true;
  /** Set by `stop()`: a round in progress starts no further delivery. (`drain()` also runs unstarted.) */
  private stopRequested = false;
  /** Claimed by this process and not finished yet, in delivery order. */
  private readonly claimed = new Map<string, Claimed & { started: boolean }>();
  /** Set once `stop()` gave up waiting: deliveries still running no longer write their outcome. */
  private abandoned = false;

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
    this.shutdownGraceMs = options.shutdownGraceMs ?? 10_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopRequested = false;
    this.abandoned = false;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /**
   * Starts no more deliveries; the one running may finish within `shutdownGraceMs`. Then every
   * delivery this process still holds is given back: its lease released so another process runs it
   * now rather than when the lease runs out, and an attempt that never started is not counted.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopRequested = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const running = this.running?.catch(() => undefined);
    if (running) {
      let grace: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        running.then(() => true),
        new Promise<false>((resolve) => {
          grace = setTimeout(() => resolve(false), this.shutdownGraceMs);
        }),
      ]);
      clearTimeout(grace);
      if (!finished) {
        this.abandoned = true;
        this.logger.warn('shutdown grace ran out; giving deliveries still running back to the queue', {
          running: [...this.claimed.values()].filter((c) => c.started).map((c) => c.subscriber),
        });
      }
    }
    await this.releaseClaimed();
  }

  private async releaseClaimed(): Promise<void> {
    const held = [...this.claimed.values()];
    this.claimed.clear();
    if (held.length === 0) return;
    const now = this.clock.now().toISOString();
    const { db } = this.database;
    for (const c of held) {
      await db
        .updateTable('kehu_delivery')
        .set(
          c.started
            ? { locked_until: null, last_error: 'Cut short by a shutdown', updated_at: now }
            : { locked_until: null, attempts: sql`attempts - 1`, updated_at: now },
        )
        .where('id', '=', c.id)
        .where('status', '=', 'pending')
        .where('locked_until', '=', c.leaseUntil)
        .execute();
    }
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
      if (n < this.batchSize || this.stopRequested) return total;
    }
  }

  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    for (const c of claimed) this.claimed.set(c.id, { ...c, started: false });
    let attempted = 0;
    for (const delivery of claimed) {
      if (this.stopRequested) break;
      this.claimed.get(delivery.id)!.started = true;
      await this.deliver(delivery);
      this.claimed.delete(delivery.id);
      attempted++;
    }
    return attempted;
  }

  /**
   * Dead-letters the deliveries whose attempts are used up without an outcome (each one ended with
   * its process, so running it again would only end the next one), then claims a batch.
   * Claimed rows come back in due order (then id, which follows emit order): `returning` has none.
   */
  private async claim(): Promise<Claimed[]> {
    const subscribers = this.bus.subscriberIds();
    if (subscribers.length === 0) return [];
    const { db, dialect } = this.database;
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
    const exhausted = await db
      .updateTable('kehu_delivery')
      .set({ status: 'dead', locked_until: null, last_error: ABANDONED_ERROR, updated_at: nowIso })
      .where('status', '=', 'pending')
      .where('attempts', '>=', this.maxAttempts)
      .where('next_attempt_at', '<=', nowIso)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowIso)]))
      .where('subscriber', 'in', subscribers)
      .returning(['id', 'subscriber', 'attempts'])
      .execute();
    for (const d of exhausted)
      this.logger.warn('event delivery dead-lettered', {
        delivery: d.id,
        subscriber: d.subscriber,
        attempt: Number(d.attempts),
        error: ABANDONED_ERROR,
      });
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
    return claimed
      .map((c) => ({ ...c, attempts: Number(c.attempts), leaseUntil }))
      .sort((x, y) =>
        x.next_attempt_at < y.next_attempt_at
          ? -1
          : x.next_attempt_at > y.next_attempt_at
            ? 1
            : x.id < y.id
              ? -1
              : 1,
      );
  }

  private async deliver(d: Claimed): Promise<void> {
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
      if (this.abandoned) return;
      const at = this.clock.now().toISOString();
      await db
        .updateTable('kehu_delivery')
        .set({ status: 'delivered', delivered_at: at, locked_until: null, last_error: null, updated_at: at })
        .where('id', '=', d.id)
        .where('status', '=', 'pending')
        .execute();
    } catch (err) {
      if (this.abandoned) return;
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
        .where('status', '=', 'pending')
        .execute();
    } finally {
      clearTimeout(timer);
    }
  }

  async list(
    filter: {
      status?: DeliveryRecord['status'];
      subscriber?: string;
      orphaned?: boolean;
      limit?: number;
    } = {},
  ): Promise<DeliveryRecord[]> {
    const registered = this.bus.subscriberIds();
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
    if (filter.subscriber) q = q.where('d.subscriber', '=', filter.subscriber);
    if (filter.orphaned !== undefined && registered.length > 0)
      q = q.where('d.subscriber', filter.orphaned ? 'not in' : 'in', registered);
    else if (filter.orphaned === false) return [];
    const rows = await q.execute();
    const known = new Set(registered);
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      event: r.name,
      subscriber: r.subscriber,
      status: r.status,
      orphaned: !known.has(r.subscriber),
      attempts: Number(r.attempts),
      nextAttemptAt: r.next_attempt_at,
      lastError: r.last_error,
      deliveredAt: r.delivered_at,
      payload: JSON.parse(r.payload),
      occurredAt: r.occurred_at,
    }));
  }

  /** Gives up on a pending delivery now (an admin's call): it stays visible as a dead letter. */
  async deadLetter(id: string, reason: string): Promise<boolean> {
    const now = this.clock.now().toISOString();
    const res = await this.database.db
      .updateTable('kehu_delivery')
      .set({ status: 'dead', locked_until: null, last_error: reason.slice(0, 2000), updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Deletes a delivery that will not be delivered (pending or dead); a delivered one stays as a record. */
  async drop(id: string): Promise<boolean> {
    const res = await this.database.db
      .deleteFrom('kehu_delivery')
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'dead'])
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /**
   * Deletes the undelivered deliveries waiting for `subscriber`, which must no longer exist;
   * returns how many. A subscriber that exists still gets its deliveries: refused with `undefined`.
   */
  async dropOrphaned(subscriber: string): Promise<number | undefined> {
    if (this.bus.subscriber(subscriber)) return undefined;
    const res = await this.database.db
      .deleteFrom('kehu_delivery')
      .where('subscriber', '=', subscriber)
      .where('status', 'in', ['pending', 'dead'])
      .executeTakeFirst();
    return Number(res.numDeletedRows);
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
