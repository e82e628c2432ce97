import { type KehuRouter, recordIn, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { decide, getDesignation, propose, toDesignation } from '../designations.js';
import { putMember, removeMember, setManager, team } from '../team.js';
import {
  DecisionInput,
  DesignationSchema,
  IdParams,
  ManagerInput,
  MemberInput,
  MemberParams,
  ProposalInput,
  TeamSchema,
} from './schemas.js';

const changeCustomer = { param: 'id', access: 'change' as const };

/** Designation (four eyes), the key-account manager and the account team. */
export function accountRoutes(router: KehuRouter, deps: Deps): void {
  router.post(
    '/designations',
    {
      summary: 'Propose designating (with the five criteria) or de-designating a key account',
      access: 'keyAccounts.designate.request',
      customer: { body: 'customerId', access: 'change' },
      body: ProposalInput,
      responses: { 201: DesignationSchema },
    },
    async (c, { body, principal }) => {
      const d = await deps.transaction((trx) => propose(deps, trx, body, principal));
      return c.json(d, 201);
    },
  );

  const inPath = {
    param: 'id',
    access: 'change' as const,
    record: recordIn(deps.db, 'ka_designation', 'Designation proposal'),
  };
  for (const action of ['approve', 'reject'] as const)
    router.post(
      `/designations/:id/${action}`,
      {
        summary:
          action === 'approve'
            ? 'Approve a designation proposal (not your own)'
            : 'Reject a designation proposal',
        access: 'keyAccounts.designate.approve',
        customer: inPath,
        params: IdParams,
        body: DecisionInput,
        responses: { 200: DesignationSchema },
      },
      async (c, { params, body, principal }) => {
        const d = await deps.transaction((trx) =>
          decide(
            deps,
            trx,
            params.id,
            action === 'approve' ? 'approved' : 'rejected',
            body.note ?? null,
            principal,
          ),
        );
        return c.json(d);
      },
    );

  router.get(
    '/designations/:id',
    {
      summary: 'A designation proposal',
      access: 'keyAccounts.read',
      customer: {
        param: 'id',
        access: 'see',
        record: recordIn(deps.db, 'ka_designation', 'Designation proposal'),
      },
      params: IdParams,
      responses: { 200: DesignationSchema },
    },
    async (c, { params }) => c.json((await getDesignation(deps.db, params.id))!),
  );

  router.get(
    '/customers/:id/designations',
    {
      summary: "A customer's designation proposals and decisions, newest first",
      access: 'keyAccounts.read',
      params: IdParams,
      responses: { 200: z.object({ items: z.array(DesignationSchema) }) },
    },
    async (c, { params, principal }) => {
      await deps.customers.requireVisible(principal, params.id);
      const rows = await deps.db
        .selectFrom('ka_designation')
        .selectAll()
        .where('customer_id', '=', params.id)
        .orderBy('requested_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return c.json({ items: rows.map(toDesignation) });
    },
  );

  router.get(
    '/customers/:id/team',
    {
      summary: 'The account team, the key-account manager first',
      access: 'keyAccounts.read',
      params: IdParams,
      responses: { 200: TeamSchema },
    },
    async (c, { params, principal }) => {
      await deps.customers.requireVisible(principal, params.id);
      return c.json({ items: await team(deps, deps.db, params.id) });
    },
  );

  router.put(
    '/customers/:id/manager',
    {
      summary: 'Appoint the key-account manager (大客户经理)',
      access: 'keyAccounts.designate.approve',
      customer: changeCustomer,
      params: IdParams,
      body: ManagerInput,
      responses: { 200: TeamSchema },
    },
    async (c, { params, body, principal }) => {
      const items = await deps.transaction(async (trx) => {
        await setManager(deps, trx, params.id, body.managerId, principal);
        return team(deps, trx, params.id);
      });
      return c.json({ items });
    },
  );

  router.put(
    '/customers/:id/team/:userId',
    {
      summary: 'Add a team member or change their role',
      access: 'keyAccounts.write',
      customer: changeCustomer,
      params: MemberParams,
      body: MemberInput,
      responses: { 200: TeamSchema },
    },
    async (c, { params, body, principal }) => {
      const items = await deps.transaction(async (trx) => {
        await putMember(deps, trx, params.id, params.userId, body.role, principal);
        return team(deps, trx, params.id);
      });
      return c.json({ items });
    },
  );

  router.delete(
    '/customers/:id/team/:userId',
    {
      summary: 'Remove a team member: their access through the team ends at once',
      access: 'keyAccounts.write',
      customer: changeCustomer,
      params: MemberParams,
      responses: { 200: TeamSchema },
    },
    async (c, { params, principal }) => {
      const items = await deps.transaction(async (trx) => {
        await removeMember(deps, trx, params.id, params.userId, principal);
        return team(deps, trx, params.id);
      });
      return c.json({ items });
    },
  );
}
