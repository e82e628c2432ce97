import { addDays, startOfDayInZone, type Trx } from '@kehu/core';
import { type Deps, inTransaction } from './context.js';
import type { ComplaintsService } from './contract.js';
import { DEMO_DEPS } from './demo-seed.js';
import { steps, transition } from './workflow.js';

const avgMinutes = (v: unknown): number | null => (v == null ? null : Math.round(Number(v) / 60_000));

/** Open complaints of a customer: not closed, withdrawn or merged. */
export async function openCount(deps: Deps, customerId: string, trx?: Trx): Promise<number> {
  const row = await (trx ?? deps.db)
    .selectFrom('cmp_complaint')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('customer_id', '=', customerId)
    .where('open', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The public service other plugins and hosts reach as `ctx.service('complaints')`. */
export function createComplaintsService(deps: Deps): ComplaintsService {
  const service: ComplaintsService = {
    recordReturnVisit: (complaintId, input, trx) =>
      inTransaction(deps, trx, async (trx) => {
        const row = await trx
          .selectFrom('cmp_complaint')
          .select('state')
          .where('id', '=', complaintId)
          .executeTakeFirst();
        // A closed complaint reopens on a dissatisfied answer (a survey after closing); a satisfied
        // one, or any answer in another state, changes nothing.
        const answers = row?.state === 'replied' || (row?.state === 'closed' && !input.satisfied);
        if (!answers) return { outcome: 'ignored' as const };
        const body = {
          satisfied: input.satisfied,
          note: [input.note, `${input.source}: ${input.reference}`]
            .filter(Boolean)
            .join(' — ')
            .slice(0, 5000),
        };
        await transition(
          deps,
          null,
          complaintId,
          'returnVisit',
          body,
          steps.returnVisit(deps, null, { ...body, source: input.source }),
          trx,
        );
        return { outcome: input.satisfied ? ('closed' as const) : ('reopened' as const) };
      }),
    async statsFor(input, trx) {
      // Dates are the company's: [from, to] whole days, compared on the stored instants.
      const from = startOfDayInZone(input.from, deps.clock.timeZone).toISOString();
      const to = startOfDayInZone(addDays(input.to, 1), deps.clock.timeZone).toISOString();
      let q = (trx ?? deps.db)
        .selectFrom('cmp_complaint')
        .select((eb) => [
          eb.fn.countAll().as('n'),
          eb.fn.count('customer_id').distinct().as('customers'),
          eb.fn.avg('response_working_ms').as('response'),
          eb.fn.avg('resolution_working_ms').as('resolution'),
        ])
        .where('received_at', '>=', from)
        .where('received_at', '<', to);
      if (input.customerIds) {
        if (input.customerIds.length === 0)
          return { complaints: 0, customers: 0, avgResponseMinutes: null, avgResolutionMinutes: null };
        q = q.where('customer_id', 'in', input.customerIds);
      }
      const row = await q.executeTakeFirstOrThrow();
      return {
        complaints: Number(row.n),
        customers: Number(row.customers),
        avgResponseMinutes: avgMinutes(row.response),
        avgResolutionMinutes: avgMinutes(row.resolution),
      };
    },
    openCount: (customerId, trx) => openCount(deps, customerId, trx),
  };
  return Object.assign(service, { [DEMO_DEPS]: deps });
}
