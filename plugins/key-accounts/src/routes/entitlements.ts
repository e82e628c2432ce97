import { type KehuRouter, keysetPage, recordIn, whereEquals } from '@kehu/core';
import type { Deps } from '../context.js';
import { endEntitlement, entitlementStatusIs, grantEntitlement, toEntitlement } from '../entitlements.js';
import {
  EntitlementEndInput,
  EntitlementInput,
  EntitlementPage,
  EntitlementSchema,
  EntitlementsQuery,
  IdParams,
} from './schemas.js';

/** A key account's privileges: list, grant, end. */
export function entitlementRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/customers/:id/entitlements',
    {
      summary: 'Entitlements of a key account, newest start first',
      description: 'Filter `status` (`upcoming`, `active`, `ended` on today’s date) and `kind`.',
      access: 'keyAccounts.read',
      customer: { param: 'id', access: 'see' },
      params: IdParams,
      query: EntitlementsQuery,
      responses: { 200: EntitlementPage },
    },
    async (c, { params, query }) => {
      const today = deps.clock.today();
      let q = deps.db.selectFrom('ka_entitlement').selectAll().where('customer_id', '=', params.id);
      if (query.status) q = q.where(entitlementStatusIs(query.status, today));
      q = whereEquals(q, query, { kind: 'kind' });
      return c.json(
        await keysetPage(q, query, { order: ['-starts_on', '-id'], map: (r) => toEntitlement(r, today) }),
      );
    },
  );
  router.post(
    '/customers/:id/entitlements',
    {
      summary: 'Grant an entitlement to a designated key account',
      description:
        'One open entitlement per kind. `executive_visits` needs `cadenceDays`: the visit plan then keeps an executive visit due within each cadence.',
      access: 'keyAccounts.entitlements.manage',
      customer: { param: 'id', access: 'change' },
      params: IdParams,
      body: EntitlementInput,
      responses: { 201: EntitlementSchema },
    },
    async (c, { params, body, principal }) => {
      const granted = await deps.transaction((trx) =>
        grantEntitlement(deps, trx, { customerId: params.id, ...body }, principal),
      );
      return c.json(granted, 201);
    },
  );
  router.post(
    '/entitlements/:id/end',
    {
      summary: 'End an entitlement today (its planned executive visits are cancelled)',
      access: 'keyAccounts.entitlements.manage',
      customer: {
        param: 'id',
        access: 'change',
        record: recordIn(deps.db, 'ka_entitlement', 'Entitlement'),
      },
      params: IdParams,
      body: EntitlementEndInput,
      responses: { 200: EntitlementSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(await deps.transaction((trx) => endEntitlement(deps, trx, params.id, body.reason, principal))),
  );
}
