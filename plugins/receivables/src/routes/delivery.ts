import { type KehuRouter, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { deliveryCheck } from '../delivery.js';
import { DeliveryCheckSchema } from './response-schemas.js';
import { Id } from './shared.js';

/** Whether a delivery may go out to a customer now. */
export function deliveryRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/customers/:customerId/delivery-check',
    {
      summary: 'May a delivery go out to this customer? (严控问题渠道发货)',
      description:
        'For an ERP or warehouse integration to ask before shipping: `allowed` is false while anything is unpaid more than two months after its due date; `reasons` and `blockingInvoices` say why.',
      access: 'receivables.read',
      params: z.object({ customerId: Id }),
      responses: { 200: DeliveryCheckSchema },
    },
    async (c, { params, principal }) => {
      await deps.customers.requireVisible(principal, params.customerId);
      return c.json(await deliveryCheck(deps, params.customerId));
    },
  );
}
