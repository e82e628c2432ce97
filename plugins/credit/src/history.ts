import type { Clock } from '@kehu/core';
import { type Executor, newId, type TimelineItem, type TimelineSource } from '@kehu/core';

/**
 * The customer's credit history (evaluations, holds, limit changes, exceptions), written in the same
 * transaction as the change and shown on the customer timeline.
 */
export class CreditHistory {
  constructor(private readonly clock: Clock) {}

  async add(
    trx: Executor,
    customerId: string,
    type: string,
    title: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await trx
      .insertInto('credit_history')
      .values({
        id: newId(),
        customer_id: customerId,
        at: this.clock.now().toISOString(),
        type,
        title,
        data: JSON.stringify(data),
      })
      .execute();
  }

  async list(
    trx: Executor,
    customerId: string,
    page: { before?: { at: string; id: string }; limit: number },
  ): Promise<TimelineItem[]> {
    let q = trx
      .selectFrom('credit_history')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit);
    const before = page.before;
    if (before)
      q = q.where((eb) =>
        eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]),
      );
    const rows = await q.execute();
    return rows.map((r) => ({ id: r.id, at: r.at, type: r.type, title: r.title, data: JSON.parse(r.data) }));
  }

  timelineSource(): TimelineSource {
    return { load: (customerId, page, trx) => this.list(trx, customerId, page) };
  }
}
