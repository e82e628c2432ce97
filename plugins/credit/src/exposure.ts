import { type Executor, type Logger, type PluginContext, type Principal, type Trx, z } from '@kehu/core';
import { Amount } from './fields.js';

/** A pending amount another plugin adds to a customer's exposure (open orders, unbilled deliveries…). */
export const ExposureContributionSchema = z.object({
  customerId: z.string(),
  /** The contributing plugin. */
  source: z.string(),
  /** What the amount is, e.g. `pendingOrders`. */
  kind: z.string(),
  /** Minor units. */
  amount: Amount,
  currency: z.string(),
  detail: z.string().optional(),
});
export type ExposureContribution = z.output<typeof ExposureContributionSchema>;

export const ExposureSchema = z.object({
  /** Minor units: receivables + contributed. */
  total: Amount,
  /** Open receivables from the receivables plugin; 0 when it is disabled. */
  receivables: Amount,
  contributed: Amount,
  contributions: z.array(ExposureContributionSchema),
});
export type Exposure = z.output<typeof ExposureSchema>;

/** The part of the receivables plugin's public `receivables` customer facet that credit reads. */
const ReceivablesFacet = z
  .object({ balances: z.array(z.object({ currency: z.string(), outstanding: z.number() })) })
  .nullable();

/**
 * What a customer owes or has committed: open receivables (from the receivables service when that
 * plugin is enabled) plus the pending amounts other plugins contribute through `credit.exposure`.
 * Read inside the caller's transaction so a locked credit decision sees every committed invoice.
 */
export class ExposureReader {
  constructor(
    private readonly ctx: Pick<PluginContext<unknown>, 'service' | 'hooks' | 'customers'>,
    private readonly logger: Logger,
  ) {}

  /** Exposure per customer in the given currency; one filter run for the whole page. */
  async of(
    trx: Executor,
    customers: readonly { customerId: string; currency: string }[],
    principal: Principal | null = null,
  ): Promise<Map<string, Exposure>> {
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
        this.logger.warn('ignored an invalid credit exposure contribution', {
          source: c.source,
          kind: c.kind,
          amount: String(c.amount),
        });
        continue;
      }
      contributions.set(c.customerId, [...(contributions.get(c.customerId) ?? []), c]);
    }
    const open = await this.openReceivables(trx, customers);
    for (const { customerId } of customers) {
      const receivables = open.get(customerId) ?? 0;
      const own = contributions.get(customerId) ?? [];
      const contributed = own.reduce((s, c) => s + c.amount, 0);
      out.set(customerId, { total: receivables + contributed, receivables, contributed, contributions: own });
    }
    return out;
  }

  /**
   * Open receivables per customer. One customer (a credit decision): the service, read in `trx`.
   * A page (the facet): the receivables plugin's public customer facet, one query for the page,
   * since its service has no batch read; per-customer service calls only if that facet is missing.
   */
  private async openReceivables(
    trx: Executor,
    customers: readonly { customerId: string; currency: string }[],
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const service = this.ctx.service('receivables');
    if (!service) return out;
    if (customers.length > 1) {
      const facets = await this.ctx.customers.loadFacets(
        customers.map((c) => c.customerId),
        ['receivables'],
        trx,
      );
      const parsed = customers.map((c) => ({
        ...c,
        facet: ReceivablesFacet.safeParse(facets.get(c.customerId)?.receivables ?? null),
      }));
      if (parsed.every((p) => p.facet.success)) {
        for (const p of parsed)
          out.set(
            p.customerId,
            p.facet.data?.balances.find((b) => b.currency === p.currency)?.outstanding ?? 0,
          );
        return out;
      }
    }
    for (const { customerId, currency } of customers)
      out.set(customerId, await service.openExposure(customerId, currency, trx as Trx));
    return out;
  }
}
