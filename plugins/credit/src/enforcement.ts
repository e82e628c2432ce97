import { DomainError, type PluginContext } from '@kehu/core';
import type { CreditConfig } from './config.js';
import type { CreditRuntime } from './runtime.js';
import './receivables-contract.js';

export const CREDIT_FILTER_PRIORITY = 1000;

/**
 * The credit check on every invoice, inside the invoice's own transaction: the profile row is
 * locked before exposure is read, so concurrent invoices for one customer are decided one after the
 * other and can never together exceed the limit. A refusal throws, which rolls the invoice back
 * (nothing is written) and answers 422 with the figures.
 */
export function enforceOnInvoices(
  ctx: PluginContext<CreditConfig>,
  rt: Pick<CreditRuntime, 'checker' | 'refusals'>,
): void {
  ctx.hooks.filter(
    'receivables.invoice.beforeCreate',
    async (draft, { trx, principal }) => {
      const result = await rt.checker.check(
        trx,
        {
          customerId: draft.customerId,
          amount: draft.total,
          currency: draft.currency,
          termDays: draft.termDays,
          overrideId: draft.creditOverrideId,
        },
        { enforce: true, principal },
      );
      if (result.approved) return;
      rt.refusals.afterRollback(trx, result);
      throw new DomainError(
        'credit_refused',
        `Credit refused: ${result.reasons.map((r) => r.detail).join('; ')}`,
        {
          customerId: result.customerId,
          amount: result.amount,
          currency: result.currency,
          exposure: result.exposure.total,
          limit: result.limit?.total ?? null,
          available: result.available,
          reasons: result.reasons,
          credit: result,
        },
      );
      // Last, after any filter that adjusts the draft: the check must see the invoice as it will be written.
    },
    { priority: CREDIT_FILTER_PRIORITY },
  );
}
