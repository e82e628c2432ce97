import { type KehuRouter, keysetPage, recordIn, type Trx, whereEquals } from '@kehu/core';
import { type AccountRow, effectiveClassIs, toAccount } from '../accounts.js';
import type { Deps } from '../context.js';
import { decide, getDesignation, propose, toDesignation } from '../designations.js';
import { putMember, removeMember, setManager, team } from '../team.js';
import {
  AccountPage,
  AccountsQuery,
  DecisionInput,
  DesignationPage,
  DesignationSchema,
  DesignationsQuery,
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
  /** A change to the account team in one transaction, answered with the team as it is after it. */
  const teamAfter = async (customerId: string, change: (trx: Trx) => Promise<unknown>) => ({
    items: await deps.transaction(async (trx) => {
      await change(trx);
      return team(deps, trx, customerId);
    }),
  });
  router.get(
    '/accounts',
    {
      summary: 'Classified and designated customers the caller may see (the key-account list)',
      description:
        'Filter `designated=true` for the key accounts, `class` for the class that counts, `managerId`, `stage`.',
      access: 'keyAccounts.read',
      query: AccountsQuery,
      responses: { 200: AccountPage },
    },
    async (c, { query, principal }) => {
      const today = deps.clock.today();
      let q = deps.db
        .selectFrom('ka_account')
        .selectAll()
        .where(deps.customers.rowsOfCustomers('ka_account.customer_id', { visibleTo: principal }));
      if (query.designated !== undefined) q = q.where('designated', '=', query.designated ? 1 : 0);
      if (query.class) q = q.where(effectiveClassIs(query.class, today));
      q = whereEquals(q, query, { managerId: 'manager_id', stage: 'stage' });
      const page = await keysetPage(q, query, { order: ['customer_id'] });
      const rows = page.items as AccountRow[];
      const names = await deps.customers.summaries(rows.map((r) => r.customer_id));
      return c.json({
        items: rows.map((r) => ({
          ...toAccount(r.customer_id, r, today),
          code: names.get(r.customer_id)?.code ?? '',
          name: names.get(r.customer_id)?.name ?? '',
        })),
        nextCursor: page.nextCursor,
      });
    },
  );

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
      query: DesignationsQuery,
      responses: { 200: DesignationPage },
    },
    async (c, { params, query, principal }) => {
      await deps.customers.requireVisible(principal, params.id);
      const q = deps.db.selectFrom('ka_designation').selectAll().where('customer_id', '=', params.id);
      return c.json(
        await keysetPage(whereEquals(q, query, { status: 'status', kind: 'kind' }), query, {
          order: ['-requested_at', '-id'],
          map: toDesignation,
        }),
      );
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
    async (c, { params, body, principal }) =>
      c.json(
        await teamAfter(params.id, (trx) => setManager(deps, trx, params.id, body.managerId, principal)),
      ),
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
    async (c, { params, body, principal }) =>
      c.json(
        await teamAfter(params.id, (trx) =>
          putMember(deps, trx, params.id, params.userId, body.role, principal),
        ),
      ),
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
    async (c, { params, principal }) =>
      c.json(
        await teamAfter(params.id, (trx) => removeMember(deps, trx, params.id, params.userId, principal)),
      ),
  );
}
