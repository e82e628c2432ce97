import { badRequest, type KehuRouter, type Principal, workingCalendarSchema, z } from '@kehu/core';
import { assertHandler, complaintsVisibleTo, MANAGE, requireComplaint } from './access.js';
import { ContactInput, changeNature, logContact, NatureInput, ReassignInput, reassign } from './actions.js';
import { calendarDefinition, loadCalendar, saveCalendar } from './calendar.js';
import { CategoryInput, listCategories, saveCategory } from './categories.js';
import { historyOf } from './complaint-store.js';
import { toComplaint } from './complaint-view.js';
import type { Deps } from './context.js';
import { fileComplaint, IntakeInput } from './intake.js';
import { lookupCustomers } from './lookup.js';
import { type ComplaintRow, NATURES, SEVERITIES, STATES } from './model.js';
import {
  APPROVE_COMPENSATION,
  addRemediesTo,
  CLAIM_STATES,
  decideRemedy,
  pendingRemedies,
  RemedyInput,
  remediesOf,
  updateClaim,
} from './remedies.js';
import { runSlaJob } from './sla.js';
import {
  createPolicy,
  deletePolicy,
  listPolicies,
  PolicyInput,
  type SlaPolicy,
  updatePolicy,
} from './sla-policies.js';
import { AssessInput, assessIssue, closeIssue, listIssues } from './systemic.js';
import { allowedFrom, steps, TRANSITIONS, type TransitionName, transition } from './workflow.js';

const Id = z.string().min(1).max(64);
const IdParams = z.object({ id: Id });
const Obj = z.object({}).loose();
const List = z.object({ items: z.array(Obj), nextCursor: z.string().nullable() });
const csv = (s: string) =>
  s
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
const enumList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform(csv)
    .pipe(z.array(z.enum(values)).min(1));
const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const QueueQuery = z.strictObject({
  /** Only the caller's complaints as handler. */
  mine: Bool.optional(),
  /** Open (default), closed (closed/withdrawn/duplicate) or all. */
  open: z.enum(['open', 'closed', 'all']).default('open'),
  state: enumList(STATES).optional(),
  severity: enumList(SEVERITIES).optional(),
  nature: enumList(NATURES).optional(),
  category: z.string().max(64).optional(),
  customerId: Id.optional(),
  handlerId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(800).optional(),
});

const encodeCursor = (values: [string, string]) => Buffer.from(JSON.stringify(values)).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'))
      return v as [string, string];
  } catch {}
  throw badRequest('invalid_cursor', 'The cursor is not one this list returned', [
    { path: 'query.cursor', message: 'Invalid cursor' },
  ]);
}

/** The complaint queue: newest first, the caller's visible complaints, each with its SLA countdown. */
export async function queue(deps: Deps, principal: Principal, query: z.infer<typeof QueueQuery>) {
  let q = deps.db.selectFrom('cmp_complaint').selectAll('cmp_complaint');
  const visible = complaintsVisibleTo(deps, principal);
  if (visible) q = q.where(visible);
  if (query.open !== 'all') q = q.where('cmp_complaint.open', '=', query.open === 'open' ? 1 : 0);
  if (query.mine) q = q.where('cmp_complaint.handler_id', '=', principal.id);
  if (query.handlerId) q = q.where('cmp_complaint.handler_id', '=', query.handlerId);
  if (query.customerId) q = q.where('cmp_complaint.customer_id', '=', query.customerId);
  if (query.state) q = q.where('cmp_complaint.state', 'in', query.state);
  if (query.severity) q = q.where('cmp_complaint.severity', 'in', query.severity);
  if (query.nature) q = q.where('cmp_complaint.nature', 'in', query.nature);
  if (query.category) q = q.where('cmp_complaint.category', '=', query.category);
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    // A row-value comparison, so both databases seek the queue index to the cursor.
    q = q.where((eb) =>
      eb(eb.refTuple('cmp_complaint.received_at', 'cmp_complaint.id'), '<', eb.tuple(at, id)),
    );
  }
  const rows = (await q
    .orderBy('cmp_complaint.received_at', 'desc')
    .orderBy('cmp_complaint.id', 'desc')
    .limit(query.limit + 1)
    .execute()) as ComplaintRow[];
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const [cal, policies, customers] = await Promise.all([
    loadCalendar(deps),
    listPolicies(deps.db),
    deps.customers.summaries([...new Set(page.map((r) => r.customer_id))]),
  ]);
  const byId = new Map(policies.map((p) => [p.id, p]));
  const now = deps.clock.now().getTime();
  const last = page[page.length - 1];
  return {
    items: page.map((r) => {
      const c = customers.get(r.customer_id);
      return {
        ...toComplaint(r, cal, byId.get(r.sla_policy_id), now),
        customer: c ? { id: c.id, code: c.code, name: c.name } : null,
      };
    }),
    nextCursor: more && last ? encodeCursor([last.received_at, last.id]) : null,
  };
}

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

export function complaintRoutes(router: KehuRouter, deps: Deps): void {
  const answer = async (principal: Principal, row: ComplaintRow) => complaintDetail(deps, principal, row);

  router.get(
    '/',
    {
      summary: 'The complaint queue (mine, my team’s, with SLA countdowns)',
      access: 'complaints.read',
      query: QueueQuery,
      responses: { 200: List },
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
      responses: { 201: Obj },
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
    '/categories',
    {
      summary: 'Complaint categories: the built-in ones and the company’s',
      access: 'complaints.read',
      responses: { 200: z.object({ items: z.array(Obj) }) },
    },
    async (c) => c.json({ items: await listCategories(deps.db) }),
  );
  router.post(
    '/categories',
    {
      summary: 'Add or change a company category (zh-CN and en labels)',
      access: 'complaints.admin',
      body: CategoryInput,
      customer: false,
      responses: { 200: Obj },
    },
    async (c, { body }) => c.json(await deps.transaction((trx) => saveCategory(deps, trx, body))),
  );
  router.get(
    '/calendar',
    {
      summary: 'The working calendar SLA targets are counted in',
      access: 'complaints.read',
      responses: { 200: Obj },
    },
    async (c) => c.json(await calendarDefinition(deps)),
  );
  router.put(
    '/calendar',
    {
      summary: 'Save the working calendar (intervals per weekday, holidays, make-up days)',
      access: 'complaints.admin',
      body: workingCalendarSchema,
      customer: false,
      responses: { 200: Obj },
    },
    async (c, { body, principal }) => {
      await deps.transaction(async (trx) => {
        await saveCalendar(deps, trx, body);
        await deps.audit.record(trx, {
          entityType: 'complaint_calendar',
          entityId: 'calendar',
          action: 'update',
          actor: principal,
          changes: { exceptions: { from: null, to: body.exceptions.length } },
        });
      });
      return c.json(await calendarDefinition(deps));
    },
  );
  router.get(
    '/sla-policies',
    {
      summary: 'SLA policies in the order they are tried (the default last)',
      access: 'complaints.read',
      responses: { 200: z.object({ items: z.array(Obj) }) },
    },
    async (c) => c.json({ items: await listPolicies(deps.db) }),
  );
  router.post(
    '/sla-policies',
    {
      summary: 'Add an SLA policy',
      access: 'complaints.admin',
      body: PolicyInput,
      customer: false,
      responses: { 201: Obj },
    },
    async (c, { body, principal }) =>
      c.json(await deps.transaction((trx) => createPolicy(deps, trx, body, principal.id)), 201),
  );
  router.put(
    '/sla-policies/:id',
    {
      summary: 'Replace an SLA policy (the default cannot be disabled)',
      access: 'complaints.admin',
      params: IdParams,
      body: PolicyInput,
      customer: false,
      responses: { 200: Obj },
    },
    async (c, { params, body, principal }) =>
      c.json(await deps.transaction((trx) => updatePolicy(deps, trx, params.id, body, principal.id))),
  );
  router.delete(
    '/sla-policies/:id',
    {
      summary: 'Delete an SLA policy (not the default)',
      access: 'complaints.admin',
      params: IdParams,
      customer: false,
      responses: { 204: { description: 'Deleted' } },
    },
    async (c, { params, principal }) => {
      await deps.transaction((trx) => deletePolicy(deps, trx, params.id, principal.id));
      return c.body(null, 204);
    },
  );
  router.post(
    '/sla/run',
    {
      summary: 'Run the SLA escalation check now',
      access: 'complaints.admin',
      customer: false,
      responses: { 200: z.object({ checked: z.number(), fired: z.number() }) },
    },
    async (c) => c.json(await runSlaJob(deps, deps.clock.now())),
  );
  router.get(
    '/systemic-issues',
    {
      summary: 'Systemic issues (普遍性判断)',
      access: 'complaints.reports',
      query: z.strictObject({ status: z.enum(['open', 'assessed', 'closed']).optional() }),
      responses: { 200: z.object({ items: z.array(Obj) }) },
    },
    async (c, { query }) => c.json({ items: await listIssues(deps.db, { status: query.status }) }),
  );
  router.post(
    '/systemic-issues/:id/assess',
    {
      summary:
        'Assess a systemic issue: isolated closes it; widespread records the policy change and its owner',
      access: 'complaints.manage',
      params: IdParams,
      body: AssessInput,
      customer: false,
      responses: { 200: Obj },
    },
    async (c, { params, body, principal }) =>
      c.json(await deps.transaction((trx) => assessIssue(deps, trx, params.id, body, principal.id))),
  );
  router.post(
    '/systemic-issues/:id/close',
    {
      summary: 'Close a widespread issue once its policy change is done',
      access: 'complaints.manage',
      params: IdParams,
      customer: false,
      responses: { 200: Obj },
    },
    async (c, { params, principal }) =>
      c.json(await deps.transaction((trx) => closeIssue(deps, trx, params.id, principal.id))),
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
    '/remedies',
    {
      summary: 'Remedies awaiting approval (four eyes), oldest first, of complaints the caller sees',
      access: APPROVE_COMPENSATION,
      query: z.strictObject({ status: z.enum(['pending_approval']).default('pending_approval') }),
      responses: { 200: z.object({ items: z.array(Obj) }) },
    },
    async (c, { query, principal }) =>
      c.json({ items: await pendingRemedies(deps, principal, query.status) }),
  );
  router.post(
    '/remedies/:id/approve',
    {
      summary: 'Approve a compensation above the threshold (not your own request)',
      access: 'complaints.compensation.approve',
      params: IdParams,
      body: z.strictObject({ note: z.string().trim().max(2000).optional() }),
      customer: { param: 'id', access: 'handler' },
      responses: { 200: Obj },
    },
    async (c, { params, body, principal }) =>
      c.json(await decideRemedy(deps, principal, params.id, 'approved', body.note)),
  );
  router.post(
    '/remedies/:id/reject',
    {
      summary: 'Reject a compensation above the threshold',
      access: 'complaints.compensation.approve',
      params: IdParams,
      body: z.strictObject({ note: z.string().trim().max(2000).optional() }),
      customer: { param: 'id', access: 'handler' },
      responses: { 200: Obj },
    },
    async (c, { params, body, principal }) =>
      c.json(await decideRemedy(deps, principal, params.id, 'rejected', body.note)),
  );
  router.post(
    '/remedies/:id/claim',
    {
      summary: 'Move a claim against a third party (索赔) on',
      access: 'complaints.handle',
      params: IdParams,
      body: z.strictObject({ status: z.enum(CLAIM_STATES) }),
      customer: { param: 'id', access: 'handler' },
      responses: { 200: Obj },
    },
    async (c, { params, body, principal }) =>
      c.json(await updateClaim(deps, principal, params.id, body.status)),
  );

  router.get(
    '/:id',
    {
      summary: 'A complaint with its history, remedies, SLA and the transitions allowed',
      access: 'complaints.read',
      params: IdParams,
      responses: { 200: Obj },
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
        responses: { 200: Obj },
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
  router.post(
    '/:id/contacts',
    {
      summary: 'Log a contact with the customer; the handler’s first is the SLA response',
      access: 'complaints.handle',
      params: IdParams,
      body: ContactInput,
      customer: { param: 'id', access: 'handler' },
      responses: { 200: Obj },
    },
    async (c, { params, body, principal }) =>
      c.json(await answer(principal, await logContact(deps, principal, params.id, body))),
  );
  router.post(
    '/:id/nature',
    {
      summary: 'Change the nature (key, general, false, malicious) with a reason',
      access: 'complaints.handle',
      params: IdParams,
      body: NatureInput,
      customer: { param: 'id', access: 'handler' },
      responses: { 200: Obj },
    },
    async (c, { params, body, principal }) =>
      c.json(await answer(principal, await changeNature(deps, principal, params.id, body))),
  );
  router.post(
    '/:id/reassign',
    {
      summary: 'Hand the complaint over to another handler, with a reason',
      access: 'complaints.handle',
      params: IdParams,
      body: ReassignInput,
      customer: { param: 'id', access: 'handler' },
      responses: { 200: Obj },
    },
    async (c, { params, body, principal }) =>
      c.json(await answer(principal, await reassign(deps, principal, params.id, body))),
  );
  router.post(
    '/:id/remedies',
    {
      summary: 'Add remedies while handling',
      access: 'complaints.handle',
      params: IdParams,
      body: z.strictObject({ remedies: z.array(RemedyInput).min(1).max(20) }),
      customer: { param: 'id', access: 'handler' },
      responses: { 201: z.object({ items: z.array(Obj) }) },
    },
    async (c, { params, body, principal }) =>
      c.json({ items: await addRemediesTo(deps, principal, params.id, body.remedies) }, 201),
  );
}

export { assertHandler };
