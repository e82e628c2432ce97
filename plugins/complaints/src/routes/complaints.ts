import { type KehuRouter, type Principal, z } from '@kehu/core';
import { MANAGE, requireComplaint } from '../access.js';
import { ContactInput, changeNature, logContact, NatureInput, ReassignInput, reassign } from '../actions.js';
import { loadCalendar } from '../calendar.js';
import { historyOf } from '../complaint-store.js';
import { toComplaint } from '../complaint-view.js';
import type { Deps } from '../context.js';
import { fileComplaint, IntakeInput } from '../intake.js';
import { lookupCustomers } from '../lookup.js';
import type { ComplaintRow } from '../model.js';
import { QueueQuery, queue } from '../queue.js';
import { addRemediesTo, RemedyInput, remediesOf } from '../remedies.js';
import { listPolicies, type SlaPolicy } from '../sla-policies.js';
import { allowedFrom, steps, TRANSITIONS, type TransitionName, transition } from '../workflow.js';
import { ComplaintDetailSchema, ComplaintPageSchema, RemedyListSchema } from './response-schemas.js';
import { IdParams } from './shared.js';

/** A complaint with its history, remedies and what the caller may do next. */
export async function complaintDetail(deps: Deps, principal: Principal, row: ComplaintRow) {
  const [cal, policies, history, remedies, customers] = await Promise.all([
    loadCalendar(deps),
    listPolicies(deps.db),
    historyOf(deps.db, row.id),
    remediesOf(deps.db, row.id),
    deps.customers.summaries([row.customer_id]),
  ]);
  const c = customers.get(row.customer_id);
  const mayAct = row.handler_id === principal.id || principal.can(MANAGE);
  return {
    ...toComplaint(
      row,
      cal,
      policies.find((p: SlaPolicy) => p.id === row.sla_policy_id),
      deps.clock.now().getTime(),
    ),
    customer: c ? { id: c.id, code: c.code, name: c.name } : null,
    history,
    remedies,
    allowedTransitions: mayAct && principal.can('complaints.handle') ? allowedFrom(row.state) : [],
  };
}

const TRANSITION_ROUTES: Record<TransitionName, { path: string; summary: string }> = {
  accept: {
    path: 'accept',
    summary: 'Accept and identify: category, nature, severity (received → accepted)',
  },
  investigate: {
    path: 'investigation',
    summary: 'Record the cause found, with evidence (accepted → investigating)',
  },
  establishResponsibility: {
    path: 'responsibility',
    summary:
      'Establish responsibility: party, person or organisation, root cause (investigating → responsibility)',
  },
  handle: { path: 'handling', summary: 'Decide the remedies (responsibility → handling)' },
  reply: { path: 'reply', summary: 'Reply to the customer, by which channel (handling → replied)' },
  returnVisit: {
    path: 'return-visit',
    summary: 'Record the return visit: satisfied closes, not satisfied reopens to accepted',
  },
  pause: { path: 'pause', summary: 'Wait for the customer or a third party: the SLA clock stops' },
  resume: { path: 'resume', summary: 'Resume after waiting: the paused working time moves the deadlines' },
  withdraw: { path: 'withdraw', summary: 'The customer withdrew the complaint' },
  markDuplicate: { path: 'duplicate', summary: 'Merge into another complaint of the same customer' },
};

/**
 * The queue, intake and one complaint: its state machine's transitions and the other actions on it.
 * Mounted after the other complaint routes, whose paths `/:id` would otherwise match.
 */
export function complaintRoutes(router: KehuRouter, deps: Deps): void {
  const answer = async (principal: Principal, row: ComplaintRow) => complaintDetail(deps, principal, row);

  router.get(
    '/',
    {
      summary: 'The complaint queue (mine, my team’s, with SLA countdowns)',
      access: 'complaints.read',
      query: QueueQuery,
      responses: { 200: ComplaintPageSchema },
    },
    async (c, { query, principal }) => c.json(await queue(deps, principal, query)),
  );
  router.post(
    '/',
    {
      summary: 'File a complaint (受理); the caller becomes its handler',
      description:
        'Customer-service staff may file for any existing customer; the customer’s archive stays closed to them. ' +
        'Extreme emotion, or a `complaints.identify` filter, makes the complaint key: severity critical, managers notified.',
      access: 'complaints.intake',
      body: IntakeInput,
      customer: { body: 'customerId', access: 'handler' },
      responses: { 201: ComplaintDetailSchema },
    },
    async (c, { body, principal }) => {
      const row = await fileComplaint(deps, principal, body);
      return c.json(await answer(principal, row), 201);
    },
  );
  router.get(
    '/customer-lookup',
    {
      summary: 'Find the calling customer by exact phone, code or name: id, code and name only',
      access: 'complaints.intake',
      query: z.strictObject({ q: z.string().trim().min(2).max(200) }),
      responses: {
        200: z.object({ items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })) }),
      },
    },
    async (c, { query }) => c.json({ items: await lookupCustomers(deps, query.q) }),
  );
  router.get(
    '/handlers',
    {
      summary: 'Users who may handle complaints (to hand one over): id and name',
      access: 'complaints.handle',
      responses: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }) },
    },
    async (c) => {
      const ids = await deps.activities.usersWith('complaints.handle');
      const users = await deps.customers.users.getMany(ids);
      return c.json({
        items: ids.flatMap((id) => {
          const u = users.get(id);
          return u ? [{ id, name: u.name }] : [];
        }),
      });
    },
  );
  router.get(
    '/:id',
    {
      summary: 'A complaint with its history, remedies, SLA and the transitions allowed',
      access: 'complaints.read',
      params: IdParams,
      responses: { 200: ComplaintDetailSchema },
    },
    async (c, { params, principal }) =>
      c.json(await answer(principal, await requireComplaint(deps, principal, params.id))),
  );
  for (const name of Object.keys(TRANSITIONS) as TransitionName[]) {
    const route = TRANSITION_ROUTES[name];
    router.post(
      `/:id/${route.path}`,
      {
        summary: route.summary,
        description: `Allowed from: ${TRANSITIONS[name].from.join(', ')}. Only the handler or a service manager; any other state answers 409 \`illegal_transition\` naming the allowed transitions.`,
        access: 'complaints.handle',
        params: IdParams,
        body: TRANSITIONS[name].body as z.ZodType,
        customer: { param: 'id', access: 'handler' },
        responses: { 200: ComplaintDetailSchema },
      },
      async (c, { params, body, principal }) => {
        const b = body as never;
        const build = {
          accept: () => steps.accept(deps, principal, b),
          investigate: () => steps.investigate(b),
          establishResponsibility: () => steps.establishResponsibility(b),
          handle: () => steps.handle(deps, principal, b),
          reply: () => steps.reply(deps, principal, b),
          returnVisit: () => steps.returnVisit(deps, principal, b),
          pause: () => steps.pause(b),
          resume: () => steps.resume(b),
          withdraw: () => steps.withdraw(deps, b),
          markDuplicate: () => steps.markDuplicate(deps, principal, b),
        }[name]();
        const row = await transition(deps, principal, params.id, name, b, build);
        return c.json(await answer(principal, row));
      },
    );
  }
  // Actions on a complaint outside the state machine, each answering the complaint.
  const actions = [
    {
      path: 'contacts',
      summary: 'Log a contact with the customer; the handler’s first is the SLA response',
      body: ContactInput,
      run: logContact,
    },
    {
      path: 'nature',
      summary: 'Change the nature (key, general, false, malicious) with a reason',
      body: NatureInput,
      run: changeNature,
    },
    {
      path: 'reassign',
      summary: 'Hand the complaint over to another handler, with a reason',
      body: ReassignInput,
      run: reassign,
    },
  ] as const;
  for (const action of actions)
    router.post(
      `/:id/${action.path}`,
      {
        summary: action.summary,
        access: 'complaints.handle',
        params: IdParams,
        body: action.body as z.ZodType,
        customer: { param: 'id', access: 'handler' },
        responses: { 200: ComplaintDetailSchema },
      },
      async (c, { params, body, principal }) =>
        c.json(await answer(principal, await action.run(deps, principal, params.id, body as never))),
    );
  router.post(
    '/:id/remedies',
    {
      summary: 'Add remedies while handling',
      access: 'complaints.handle',
      params: IdParams,
      body: z.strictObject({ remedies: z.array(RemedyInput).min(1).max(20) }),
      customer: { param: 'id', access: 'handler' },
      responses: { 201: RemedyListSchema },
    },
    async (c, { params, body, principal }) =>
      c.json({ items: await addRemediesTo(deps, principal, params.id, body.remedies) }, 201),
  );
}
