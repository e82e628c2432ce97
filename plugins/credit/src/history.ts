import {
  type Clock,
  keysetPage,
  newId,
  type Page,
  type PageRequest,
  type Selectable,
  type TimelineItem,
  type TimelineSource,
  timelineKeyset,
  z,
} from '@kehu/core';
import { Timestamp } from './fields.js';
import type { CreditExecutor, CreditHistoryTable } from './tables.js';

/** One entry of the customer's credit history (also on the customer timeline); it always carries its data. */
export const HistoryItemSchema = z.object({
  id: z.string(),
  at: Timestamp,
  type: z.string(),
  title: z.string(),
  data: z.record(z.string(), z.unknown()),
});
z.globalRegistry.add(HistoryItemSchema, { id: 'CreditHistoryItem' });
type HistoryItem = z.output<typeof HistoryItemSchema> & TimelineItem;

const toItem = (r: Selectable<CreditHistoryTable>): HistoryItem => ({
  id: r.id,
  at: r.at,
  type: r.type,
  title: r.title,
  data: JSON.parse(r.data),
});

/**
 * The customer's credit history (evaluations, holds, limit changes, exceptions), written in the same
 * transaction as the change and shown on the customer timeline.
 */
export class CreditHistory {
  constructor(private readonly clock: Clock) {}

  async add(
    trx: CreditExecutor,
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

  /** One page of the customer's credit history, newest first. */
  page(trx: CreditExecutor, customerId: string, page: PageRequest): Promise<Page<HistoryItem>> {
    const q = trx.selectFrom('credit_history').selectAll().where('customer_id', '=', customerId);
    return keysetPage(q, page, { order: ['-at', '-id'], map: toItem });
  }

  timelineSource(): TimelineSource {
    return {
      async load(customerId, page, executor) {
        const trx: CreditExecutor = executor;
        const q = trx.selectFrom('credit_history').selectAll().where('customer_id', '=', customerId);
        return (await timelineKeyset(q, page, { at: 'at' }).execute()).map(toItem);
      },
    };
  }
}
