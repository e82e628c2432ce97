import type { Logger } from '../logger.js';
import type { Trx } from './database.js';

type RollbackWork = () => Promise<unknown>;

/** Work to run once a transaction has rolled back, by the transaction it belongs to. */
const pending = new WeakMap<object, RollbackWork[]>();

/** Called by the kernel's transaction helper as it opens `trx`; returns the list it will run. */
export function trackRollbackWork(trx: Trx): RollbackWork[] {
  const work: RollbackWork[] = [];
  pending.set(trx, work);
  return work;
}

/**
 * Runs `work` after `trx` rolls back, before the error that rolled it back reaches the caller: what
 * must be kept of a refused write (a refusal notice, a failed attempt) is written in a transaction
 * of its own, and is on disk when the refusal is answered. Nothing runs when `trx` commits.
 */
export function onRollback(trx: Trx, work: RollbackWork): void {
  const list = pending.get(trx);
  if (!list)
    throw new Error(
      'onRollback needs a transaction opened by ctx.transaction() (or the kernel’s transaction)',
    );
  list.push(work);
}

/** Runs each piece in order; a failing one is logged and never replaces the error being answered. */
export async function runRollbackWork(work: readonly RollbackWork[], logger: Logger): Promise<void> {
  for (const w of work) {
    try {
      await w();
    } catch (err) {
      logger.error('work after a rolled-back transaction failed', { error: String(err) });
    }
  }
}
