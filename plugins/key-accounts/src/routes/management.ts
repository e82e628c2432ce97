import { type KehuRouter, keysetPage, notFound, recordIn, whereEquals, z } from '@kehu/core';
import { changeHistory, changeOf } from '../account-changes.js';
import { accountRow } from '../accounts.js';
import { coverage, setRoles } from '../buying-centre.js';
import type { Deps } from '../context.js';
import { closePlan, createPlan, loadPlan, updatePlanItem } from '../plans.js';
import { scorecard, targetVariance } from '../scorecard.js';
import { changeState, checklist, markDuty, RELATIONSHIPS, STAGES } from '../stages.js';
import { completeVisit, planVisit, toVisit } from '../visits.js';
import {
  ChangeList,
  Checklist,
  ContactParams,
  CoverageSchema,
  DutyInput,
  DutyParams,
  IdParams,
  ItemParams,
  MeasureInput,
  ObjectiveInput,
  PageQuery,
  PlanInput,
  PlanPage,
  PlanSchema,
  PlansQuery,
  RolesInput,
  ScorecardParams,
  ScorecardSchema,
  StateInput,
  TargetInput,
  TargetParams,
  TargetSchema,
  VisitDoneInput,
  VisitInput,
  VisitPage,
  VisitSchema,
  VisitsQuery,
} from './schemas.js';

const changeCustomer = { param: 'id', access: 'change' as const };

/** Stage, relationship, buying centre, visits, account plans, scorecards and sales targets. */
export function managementRoutes(router: KehuRouter, deps: Deps): void {
  for (const [what, values] of [
    ['stage', STAGES],
    ['relationship', RELATIONSHIPS],
  ] as const) {
    router.put(
      `/customers/:id/${what}`,
      {
        summary: what === 'stage' ? 'Move the service stage' : 'Change the relationship type',
        access: 'keyAccounts.write',
        customer: changeCustomer,
        params: IdParams,
        body: StateInput(values as unknown as [string, ...string[]]),
        responses: { 200: z.object({ changed: z.boolean() }) },
      },
      async (c, { params, body, principal }) => {
        const changed = await deps.transaction((trx) =>
          changeState(deps, trx, params.id, what, body.value, body.reason ?? null, principal),
        );
        return c.json({ changed });
      },
    );
    router.get(
      `/customers/:id/${what}/history`,
      {
        summary:
          what === 'stage' ? 'Service stage history, newest first' : 'Relationship history, newest first',
        access: 'keyAccounts.read',
        params: IdParams,
        query: PageQuery,
        responses: { 200: ChangeList },
      },
      async (c, { params, query, principal }) => {
        await deps.customers.requireVisible(principal, params.id);
        const q = changeHistory(deps, what, params.id);
        return c.json(await keysetPage(q, query, { order: ['-created_at', '-id'], map: changeOf(what) }));
      },
    );
  }

  router.get(
    '/customers/:id/duties',
    {
      summary: 'The duty checklist of the current stage',
      access: 'keyAccounts.read',
      params: IdParams,
      responses: { 200: Checklist },
    },
    async (c, { params, principal }) => {
      await deps.customers.requireVisible(principal, params.id);
      const stage = (await accountRow(deps.db, params.id))?.stage ?? null;
      return c.json({ stage, duties: await checklist(deps, deps.db, params.id, stage) });
    },
  );
  router.put(
    '/customers/:id/duties/:duty',
    {
      summary: 'Tick (or untick) a duty of the current stage',
      access: 'keyAccounts.write',
      customer: changeCustomer,
      params: DutyParams,
      body: DutyInput,
      responses: { 200: Checklist },
    },
    async (c, { params, body, principal }) => {
      const out = await deps.transaction(async (trx) => {
        const stage = await markDuty(deps, trx, params.id, params.duty, body.done, principal);
        return { stage, duties: await checklist(deps, trx, params.id, stage) };
      });
      return c.json(out);
    },
  );

  router.put(
    '/customers/:id/contacts/:contactId/roles',
    {
      summary: "Set a contact's buying-centre roles (several allowed; [] clears them)",
      access: 'keyAccounts.write',
      customer: changeCustomer,
      params: ContactParams,
      body: RolesInput,
      responses: { 200: CoverageSchema },
    },
    async (c, { params, body, principal: _ }) => {
      const out = await deps.transaction(async (trx) => {
        await setRoles(deps, trx, params.id, params.contactId, body.roles);
        return coverage(deps, trx, params.id);
      });
      return c.json(out);
    },
  );
  router.get(
    '/customers/:id/coverage',
    {
      summary: 'Buying-centre coverage: who holds each role, and the gaps',
      access: 'keyAccounts.read',
      params: IdParams,
      responses: { 200: CoverageSchema },
    },
    async (c, { params, principal }) => {
      await deps.customers.requireVisible(principal, params.id);
      return c.json(await coverage(deps, deps.db, params.id));
    },
  );

  router.post(
    '/customers/:id/visits',
    {
      summary: 'Plan a visit (with an optional cadence that plans the next one when it is done)',
      access: 'keyAccounts.write',
      customer: changeCustomer,
      params: IdParams,
      body: VisitInput,
      responses: { 201: VisitSchema },
    },
    async (c, { params, body, principal }) => {
      const visit = await deps.transaction((trx) =>
        planVisit(deps, trx, { customerId: params.id, ...body }, principal),
      );
      return c.json(visit, 201);
    },
  );
  router.get(
    '/customers/:id/visits',
    {
      summary: 'Visit plan, by due date',
      access: 'keyAccounts.read',
      params: IdParams,
      query: VisitsQuery,
      responses: { 200: VisitPage },
    },
    async (c, { params, query, principal }) => {
      await deps.customers.requireVisible(principal, params.id);
      const q = deps.db.selectFrom('ka_visit').selectAll().where('customer_id', '=', params.id);
      const today = deps.clock.today();
      return c.json(
        await keysetPage(whereEquals(q, query, { status: 'status' }), query, {
          order: ['due_on', 'id'],
          map: (r) => toVisit(r, today),
        }),
      );
    },
  );
  router.post(
    '/visits/:id/done',
    {
      summary: 'Mark a visit done by linking the communication (kind visit) that records it',
      access: 'keyAccounts.write',
      customer: { param: 'id', access: 'change', record: recordIn(deps.db, 'ka_visit', 'Visit') },
      params: IdParams,
      body: VisitDoneInput,
      responses: { 200: z.object({ visit: VisitSchema, next: VisitSchema.nullable() }) },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await deps.transaction((trx) => completeVisit(deps, trx, params.id, body.communicationId, principal)),
      ),
  );

  router.post(
    '/customers/:id/plans',
    {
      summary: 'Create the yearly account plan with objectives and measures',
      access: 'keyAccounts.write',
      customer: changeCustomer,
      params: IdParams,
      body: PlanInput,
      responses: { 201: PlanSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await deps.transaction((trx) => createPlan(deps, trx, { customerId: params.id, ...body }, principal)),
        201,
      ),
  );
  router.get(
    '/customers/:id/plans',
    {
      summary: "The account's plans, newest year first",
      access: 'keyAccounts.read',
      params: IdParams,
      query: PlansQuery,
      responses: { 200: PlanPage },
    },
    async (c, { params, query, principal }) => {
      await deps.customers.requireVisible(principal, params.id);
      const q = deps.db.selectFrom('ka_plan').select(['id', 'year']).where('customer_id', '=', params.id);
      const page = await keysetPage(whereEquals(q, query, { status: 'status' }), query, {
        order: ['-year', '-id'],
      });
      const items = [];
      for (const r of page.items) items.push((await loadPlan(deps, deps.db, r.id as string))!);
      return c.json({ items, nextCursor: page.nextCursor });
    },
  );
  const planRecord = {
    param: 'id',
    access: 'change' as const,
    record: recordIn(deps.db, 'ka_plan', 'Account plan'),
  };
  for (const [items, summary, body] of [
    ['objectives', "Set an objective's status", ObjectiveInput],
    ['measures', "Record a manual measure's actual figure", MeasureInput],
  ] as const)
    router.put(
      `/plans/:id/${items}/:itemId`,
      {
        summary,
        access: 'keyAccounts.write',
        customer: planRecord,
        params: ItemParams,
        body,
        responses: { 200: PlanSchema },
      },
      async (c, { params, body, principal }) =>
        c.json(
          await deps.transaction((trx) =>
            updatePlanItem(deps, trx, params.id, params.itemId, body, principal),
          ),
        ),
    );
  router.post(
    '/plans/:id/close',
    {
      summary: 'Close an account plan',
      access: 'keyAccounts.write',
      customer: planRecord,
      params: IdParams,
      responses: { 200: PlanSchema },
    },
    async (c, { params, principal }) =>
      c.json(await deps.transaction((trx) => closePlan(deps, trx, params.id, principal))),
  );

  router.get(
    '/scorecards/:managerId/:year',
    {
      summary: "A key-account manager's yearly scorecard, each component with its inputs",
      access: 'keyAccounts.scorecards.read',
      params: ScorecardParams,
      responses: { 200: ScorecardSchema },
    },
    async (c, { params }) => {
      if (!(await deps.customers.users.get(params.managerId))) throw notFound('User', params.managerId);
      return c.json(await scorecard(deps, deps.db, params.managerId, params.year));
    },
  );
  router.put(
    '/targets/:managerId/:period',
    {
      summary: "Set a manager's sales target for a year or month (reporting currency, minor units)",
      access: 'keyAccounts.targets.write',
      customer: false,
      params: TargetParams,
      body: TargetInput,
      responses: { 200: TargetSchema },
    },
    async (c, { params, body, principal }) => {
      if (!(await deps.customers.users.get(params.managerId))) throw notFound('User', params.managerId);
      await deps.transaction(async (trx) => {
        const now = deps.clock.now().toISOString();
        await trx
          .insertInto('ka_target')
          .values({
            manager_id: params.managerId,
            period: params.period,
            currency: deps.config.reportingCurrency,
            amount: body.amount,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc.columns(['manager_id', 'period']).doUpdateSet({ amount: body.amount, updated_at: now }),
          )
          .execute();
        await deps.audit.record(trx, {
          entityType: 'key_account_target',
          entityId: `${params.managerId}:${params.period}`,
          action: 'set',
          actor: principal,
          changes: { amount: { from: null, to: body.amount } },
        });
      });
      return c.json(await targetVariance(deps, deps.db, params.managerId, params.period));
    },
  );
  router.get(
    '/targets/:managerId/:period',
    {
      summary: 'Sales target, actual revenue of the manager’s accounts and the variance',
      access: 'keyAccounts.scorecards.read',
      params: TargetParams,
      responses: { 200: TargetSchema },
    },
    async (c, { params }) => c.json(await targetVariance(deps, deps.db, params.managerId, params.period)),
  );
}
