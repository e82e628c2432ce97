import type { Logger, Principal, PluginContext, Trx, Executor } from '@kehu/core';
import type { ExposureContribution, Exposure } from './types.js';

/**
 * What a customer owes or has committed: open receivables (from the receivables service when that
 * plugin is enabled) plus the pending amounts other plugins contribute through `credit.exposure`.
 * Read inside the caller's transaction so a locked credit decision sees every committed invoice.
 */
export class ExposureReader {
  constructor(
    private readonly ctx: Pick<PluginContext<unknown>, 'service' | 'hooks'>,
    private readonly logger: Logger,
  ) {}

  receivablesEnabled(): boolean {
    return this.ctx.service('receivables') !== undefined;
  }

  /** Exposure per customer in the given currency; one filter run for the whole page. */
  async of(trx: Executor, customers: readonly { customerId: string; currency: string }[], principal: Principal | null = null): Promise<Map<string, Exposure>> {
    const out = new Map<string, Exposure>();
    if (customers.length === 0) return out;
    const currencyOf = new Map(customers.map((c) => [c.customerId, c.currency]));
    const query = await this.ctx.hooks.applyFilters(
      'credit.exposure',
      { customerIds: [...currencyOf.keys()], contributions: [] },
      // Facet loaders may run outside a transaction; contributors only read with it.
      { trx: trx as Trx, principal },
    );
    const contributions = new Map<string, ExposureContribution[]>();
    for (const c of query.contributions) {
      const currency = currencyOf.get(c.customerId);
      if (currency === undefined || c.currency !== currency) continue;
      if (!Number.isSafeInteger(c.amount) || c.amount < 0) {
        this.logger.warn('ignored an invalid credit exposure contribution', { source: c.source, kind: c.kind, amount: String(c.amount) });
        continue;
      }
      contributions.set(c.customerId, [...(contributions.get(c.customerId) ?? []), c]);
    }
    const receivables = this.ctx.service('receivables');
    for (const { customerId, currency } of customers) {
      const open = receivables ? await receivables.openExposure(customerId, currency, trx as Trx) : 0;
      const own = contributions.get(customerId) ?? [];
      const contributed = own.reduce((s, c) => s + c.amount, 0);
      out.set(customerId, { total: open + contributed, receivables: open, contributed, contributions: own });
    }
    return out;
  }
}
