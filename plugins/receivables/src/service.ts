import type { Deps } from './context.js';
import type { ReceivablesService } from './contract.js';
import { issueCreditNote } from './credit-notes.js';
import { deliveryCheck } from './delivery.js';
import { createInvoice, getInvoice } from './invoices.js';
import { recordPayment } from './payments.js';
import { revenueByCustomer } from './revenue.js';
import { openExposure, standingOf } from './standing.js';

/** The public service other plugins and hosts reach as `ctx.service('receivables')`. */
export function createReceivablesService(deps: Deps): ReceivablesService {
  return {
    standing: (customerId, trx) => standingOf(deps, customerId, trx),
    deliveryCheck: (customerId, trx) => deliveryCheck(deps, customerId, trx),
    openExposure: (customerId, currency, trx) => openExposure(deps, customerId, currency, trx),
    getInvoice: (id, trx) => getInvoice(deps, id, trx),
    createInvoice: (input, actor, trx) => createInvoice(deps, input, actor ?? null, trx),
    recordPayment: (input, actor, trx) => recordPayment(deps, input, actor ?? null, trx),
    issueCreditNote: (input, actor, trx) => issueCreditNote(deps, input, actor ?? null, async () => {}, trx),
    revenueByCustomer: (query, trx) => revenueByCustomer(deps, query, trx),
    async countInvoices({ from, to }, trx) {
      const row = await (trx ?? deps.db)
        .selectFrom('rcv_invoice')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('issue_date', '>=', from)
        .where('issue_date', '<=', to)
        .where('status', '<>', 'cancelled')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
