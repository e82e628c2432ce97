import type { ExpressionBuilder } from 'kysely';
import type { AnyDb } from './database.js';

// biome-ignore lint/suspicious/noExplicitAny: the kernel's tables are not typed as a Kysely schema
type Eb = ExpressionBuilder<any, any>;

export interface RetentionOptions {
  /**
   * Delivered events and stored `Idempotency-Key` replies older than this many days are deleted by
   * the daily `kernel.retention.prune` job; a retry with a key older than that runs anew. Pending and
   * dead deliveries (and their events) are kept whatever their age: they are still to do or to
   * replay. Default 30.
   */
  days?: number;
  /** Rows deleted per statement, so each delete holds its locks briefly. Default 1000. */
  batchSize?: number;
}

export interface PruneResult {
  deliveries: number;
  events: number;
  idempotencyKeys: number;
}

const DAY_MS = 86_400_000;

/** Runs `deleteBatch` until a batch deletes fewer rows than asked; returns the total. */
async function inBatches(batchSize: number, deleteBatch: () => Promise<bigint>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = Number(await deleteBatch());
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/**
 * Deletes what the outbox and the idempotency store no longer need as of `at`: deliveries delivered
 * before the cutoff, events with no delivery left that occurred before it, and idempotency rows
 * created before it. Each batch is one statement of its own; an interrupted prune resumes next time.
 */
export async function pruneRetained(
  db: AnyDb,
  at: Date,
  options: RetentionOptions = {},
): Promise<PruneResult> {
  const days = options.days ?? 30;
  const batchSize = options.batchSize ?? 1000;
  const cutoff = new Date(at.getTime() - days * DAY_MS).toISOString();

  const deliveries = await inBatches(batchSize, async () => {
    const r = await db
      .deleteFrom('kehu_delivery')
      .where('id', 'in', (eb: Eb) =>
        eb
          .selectFrom('kehu_delivery')
          .select('id')
          .where('status', '=', 'delivered')
          .where('delivered_at', '<', cutoff)
          .limit(batchSize),
      )
      .executeTakeFirst();
    return r.numDeletedRows;
  });

  const events = await inBatches(batchSize, async () => {
    const r = await db
      .deleteFrom('kehu_event')
      .where('id', 'in', (eb: Eb) =>
        eb
          .selectFrom('kehu_event as e')
          .select('e.id')
          .where('e.occurred_at', '<', cutoff)
          .where((w: Eb) =>
            w.not(
              w.exists(w.selectFrom('kehu_delivery as d').select('d.id').whereRef('d.event_id', '=', 'e.id')),
            ),
          )
          .limit(batchSize),
      )
      .executeTakeFirst();
    return r.numDeletedRows;
  });

  const idempotencyKeys = await inBatches(batchSize, async () => {
    const r = await db
      .deleteFrom('kehu_idempotency')
      .where((eb: Eb) =>
        eb(
          eb.refTuple('scope', 'key'),
          'in',
          eb
            .selectFrom('kehu_idempotency')
            .select(['scope', 'key'])
            .where('created_at', '<', cutoff)
            .limit(batchSize),
        ),
      )
      .executeTakeFirst();
    return r.numDeletedRows;
  });

  return { deliveries, events, idempotencyKeys };
}
