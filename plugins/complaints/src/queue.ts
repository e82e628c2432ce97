import { badRequest, type Principal, sql, z } from '@kehu/core';
import { complaintsVisibleTo } from './access.js';
import { loadCalendar } from './calendar.js';
import { toComplaint } from './complaint-view.js';
import type { Deps } from './context.js';
import { CHANNELS, type ComplaintRow, NATURES, SEVERITIES, STATES } from './model.js';
import { listPolicies } from './sla-policies.js';
import { teamOf } from './team.js';

const Id = z.string().min(1).max(64);
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

export const QUEUE_SORTS = ['-receivedAt', 'receivedAt', 'dueAt', '-dueAt'] as const;
type QueueSort = (typeof QUEUE_SORTS)[number];
/**
 * A complaint without a due time (paused, or met) sorts after every due one. Written into the sort
 * key as a literal, like the index `cmp_complaint_queue_due` (migration 004), so both databases use it.
 */
const NO_DUE = '9999-12-31T23:59:59.999Z';

export const QueueQuery = z.strictObject({
  /** Only the caller's complaints as handler. */
  mine: Bool.optional(),
  /** Only those handled by the caller's team: their department's handlers (see team.ts). */
  team: Bool.optional(),
  /** Open (default), closed (closed/withdrawn/duplicate) or all. */
  open: z.enum(['open', 'closed', 'all']).default('open'),
  state: enumList(STATES).optional(),
  severity: enumList(SEVERITIES).optional(),
  nature: enumList(NATURES).optional(),
  category: z.string().max(64).optional(),
  channel: enumList(CHANNELS).optional(),
  /** Only those past a due time now, or whose breach is recorded. */
  overdue: Bool.optional(),
  /** Newest first (default), oldest first, or by the resolution due time (soonest first; none last). */
  sort: z.enum(QUEUE_SORTS).default('-receivedAt'),
  customerId: Id.optional(),
  handlerId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(800).optional(),
});

// A cursor of another order than the default names its order, so it is not read under another one.
const encodeCursor = (values: [string, string], sort: QueueSort) =>
  Buffer.from(JSON.stringify(sort === '-receivedAt' ? values : [...values, sort])).toString('base64url');
function decodeCursor(cursor: string, sort: QueueSort): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const expected = sort === '-receivedAt' ? 2 : 3;
    if (
      Array.isArray(v) &&
      v.length === expected &&
      v.every((x) => typeof x === 'string') &&
      (expected === 2 || v[2] === sort)
    )
      return [v[0] as string, v[1] as string];
  } catch {}
  throw badRequest('invalid_cursor', 'The cursor is not one this list returned', [
    { path: 'query.cursor', message: 'Invalid cursor' },
  ]);
}

type QueueParams = z.infer<typeof QueueQuery>;

/** The queue's page of rows as one query: filters, the order asked for, the cursor's seek. */
export async function queueSelect(deps: Deps, principal: Principal, query: QueueParams) {
  let q = deps.db.selectFrom('cmp_complaint').selectAll('cmp_complaint');
  const visible = complaintsVisibleTo(deps, principal);
  if (visible) q = q.where(visible);
  if (query.open !== 'all') q = q.where('cmp_complaint.open', '=', query.open === 'open' ? 1 : 0);
  if (query.mine) q = q.where('cmp_complaint.handler_id', '=', principal.id);
  if (query.team) q = q.where('cmp_complaint.handler_id', 'in', await teamOf(deps, principal));
  if (query.handlerId) q = q.where('cmp_complaint.handler_id', '=', query.handlerId);
  if (query.customerId) q = q.where('cmp_complaint.customer_id', '=', query.customerId);
  if (query.state) q = q.where('cmp_complaint.state', 'in', query.state);
  if (query.severity) q = q.where('cmp_complaint.severity', 'in', query.severity);
  if (query.nature) q = q.where('cmp_complaint.nature', 'in', query.nature);
  if (query.category) q = q.where('cmp_complaint.category', '=', query.category);
  if (query.channel) q = q.where('cmp_complaint.channel', 'in', query.channel);
  if (query.overdue) {
    const now = deps.clock.now().toISOString();
    q = q.where((eb) =>
      eb.and([
        eb('cmp_complaint.open', '=', 1),
        eb.or([
          eb('cmp_complaint.response_breached', '=', 1),
          eb('cmp_complaint.resolution_breached', '=', 1),
          eb.and([
            eb('cmp_complaint.responded_at', 'is', null),
            eb('cmp_complaint.response_due_at', '<=', now),
          ]),
          eb.and([
            eb('cmp_complaint.resolved_at', 'is', null),
            eb('cmp_complaint.resolution_due_at', '<=', now),
          ]),
        ]),
      ]),
    );
  }
  const byDue = query.sort === 'dueAt' || query.sort === '-dueAt';
  const direction = query.sort.startsWith('-') ? 'desc' : 'asc';
  const key = (eb: any) =>
    byDue
      ? eb.fn.coalesce('cmp_complaint.resolution_due_at', sql.lit(NO_DUE))
      : eb.ref('cmp_complaint.received_at');
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, query.sort);
    // A row-value comparison, so both databases seek the queue index to the cursor.
    q = q.where((eb) =>
      eb(eb.tuple(key(eb), eb.ref('cmp_complaint.id')), direction === 'desc' ? '<' : '>', eb.tuple(at, id)),
    );
  }
  return q
    .orderBy(key, direction)
    .orderBy('cmp_complaint.id', direction)
    .limit(query.limit + 1);
}

/** The complaint queue: newest first, the caller's visible complaints, each with its SLA countdown. */
export async function queue(deps: Deps, principal: Principal, query: QueueParams) {
  const byDue = query.sort === 'dueAt' || query.sort === '-dueAt';
  const rows = (await (await queueSelect(deps, principal, query)).execute()) as ComplaintRow[];
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
    nextCursor:
      more && last
        ? encodeCursor([byDue ? (last.resolution_due_at ?? NO_DUE) : last.received_at, last.id], query.sort)
        : null,
  };
}
