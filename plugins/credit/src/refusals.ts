import type { Logger, PluginContext, Trx } from '@kehu/core';
import type { CreditCheckResult } from './types.js';

/**
 * Announces refused credit decisions with `credit.checkRefused`. A refused invoice rolls its own
 * transaction back, outbox row included, so that refusal is written in a transaction of its own
 * once the invoice's has ended (on SQLite it queues behind it for the single connection).
 */
export class Refusals {
  constructor(
    private readonly ctx: Pick<PluginContext<unknown>, 'transaction' | 'hooks'>,
    private readonly logger: Logger,
  ) {}

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

  /** Emits after the current transaction, best effort: a crash in between loses only the notice. */
  afterRollback(result: CreditCheckResult): void {
    void this.ctx
      .transaction((trx) => this.emit(trx, result, 'invoice'))
      .catch((err) =>
        this.logger.error('could not record a credit refusal', {
          customerId: result.customerId,
          error: String(err),
        }),
      );
  }
}
