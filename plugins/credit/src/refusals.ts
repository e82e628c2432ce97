import type { PluginContext, Trx } from '@kehu/core';
import type { CreditCheckResult } from './credit-check.js';

/**
 * Announces refused credit decisions with `credit.checkRefused`. A refused invoice rolls its own
 * transaction back, outbox row included, so that refusal is written in a transaction of its own
 * once the invoice's has rolled back, before the refusal is answered.
 */
export class Refusals {
  constructor(private readonly ctx: Pick<PluginContext<unknown>, 'transaction' | 'hooks' | 'onRollback'>) {}

  async emit(trx: Trx, result: CreditCheckResult, context: 'invoice' | 'inquiry'): Promise<void> {
    await this.ctx.hooks.emit(trx, 'credit.checkRefused', {
      customerId: result.customerId,
      amount: result.amount,
      currency: result.currency,
      context,
      reasons: result.reasons.map((r) => r.code),
      exposure: result.exposure.total,
      limit: result.limit?.total ?? null,
      available: result.available,
      at: result.checkedAt,
    });
  }

  /**
   * Emits once `trx` (the refused invoice's) has rolled back. A failure to write the notice is logged
   * by the kernel and the refusal is still answered; a crash in between loses only the notice.
   */
  afterRollback(trx: Trx, result: CreditCheckResult): void {
    this.ctx.onRollback(trx, () => this.ctx.transaction((t) => this.emit(t, result, 'invoice')));
  }
}
