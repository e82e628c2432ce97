import type { AnyDb, Trx } from '@kehu/core';
import type { ComplaintsService } from './contract.js';

/** The public service other plugins and hosts reach as `ctx.service('complaints')`. */
export function createComplaintsService(db: AnyDb): ComplaintsService {
  return {
    async recordReturnVisit() {
      return { outcome: 'ignored' };
    },
    async statsFor(input, trx?: Trx) {
      let q = (trx ?? db)
        .selectFrom('cmp_complaint')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('customer_id').distinct().as('customers')])
        .where('received_at', '>=', input.from)
        .where('received_at', '<', input.to);
      if (input.customerIds) q = q.where('customer_id', 'in', input.customerIds);
      const row = await q.executeTakeFirstOrThrow();
      return {
        complaints: Number(row.n),
        customers: Number(row.customers),
        avgResponseMinutes: null,
        avgResolutionMinutes: null,
      };
    },
    async openCount(customerId, trx?: Trx) {
      const row = await (trx ?? db)
        .selectFrom('cmp_complaint')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('customer_id', '=', customerId)
        .where('open', '=', 1)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
