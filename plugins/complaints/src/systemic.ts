import { addDays, DomainError, type Executor, newId, notFound, sql, type Trx, z } from '@kehu/core';
import { type Deps, nowIso, usersInRole } from './context.js';
import type { ComplaintRow } from './model.js';

/** The product or batch a complaint names: the batch when given (narrower), else the product. */
export const referenceOf = (row: ComplaintRow): string | null =>
  (row.batch_ref as string | null) || (row.product_ref as string | null) || null;

/**
 * 普遍性判断: when the N-th complaint of one category and product/batch within W days arrives from
 * at least M customers, a systemic issue links them for the service manager to assess; later ones
 * join the open issue.
 */
export async function detectSystemicIssue(deps: Deps, trx: Trx, row: ComplaintRow): Promise<string | null> {
  const reference = referenceOf(row);
  if (!reference) return null;
  const open = await trx
    .selectFrom('cmp_systemic_issue')
    .select('id')
    .where('category', '=', row.category)
    .where('reference', '=', reference)
    .where('status', '<>', 'closed')
    .executeTakeFirst();
  if (open) {
    await trx
      .insertInto('cmp_systemic_link')
      .values({ issue_id: open.id, complaint_id: row.id })
      .onConflict((oc) => oc.columns(['issue_id', 'complaint_id']).doNothing())
      .execute();
    return open.id as string;
  }
  const { complaints, customers, windowDays } = deps.config.systemic;
  const since = addDays(row.received_at.slice(0, 10), -windowDays);
  const related = await trx
    .selectFrom('cmp_complaint')
    .select(['id', 'customer_id'])
    .where('category', '=', row.category)
    .where(sql`coalesce(batch_ref, product_ref)`, '=', reference)
    .where('received_at', '>=', since)
    .where('state', 'not in', ['withdrawn', 'duplicate'])
    .execute();
  const customerCount = new Set(related.map((r) => r.customer_id)).size;
  if (related.length < complaints || customerCount < customers) return null;
  const id = newId();
  const at = nowIso(deps);
  await trx
    .insertInto('cmp_systemic_issue')
    .values({
      id,
      category: row.category,
      reference,
      status: 'open',
      customer_count: customerCount,
      opened_at: at,
      updated_at: at,
    })
    .execute();
  for (const r of related)
    await trx.insertInto('cmp_systemic_link').values({ issue_id: id, complaint_id: r.id }).execute();
  const complaintIds = related.map((r) => r.id as string);
  for (const assigneeId of await usersInRole(deps, 'service_manager', trx))
    await deps.activities.create(trx, {
      type: 'complaint_systemic_issue',
      subject: `Systemic issue: ${related.length} complaints about ${reference} (${row.category}) from ${customerCount} customers`,
      link: { type: 'complaint_systemic_issue', id },
      assigneeId,
      priority: 'high',
      dueDate: deps.clock.today(),
      key: `complaints:systemic:${id}:${assigneeId}`,
    });
  await deps.hooks.emit(trx, 'complaints.systemicIssueOpened', {
    issueId: id,
    category: row.category,
    reference,
    complaintIds,
    customerCount,
  });
  return id;
}

export const AssessInput = z.discriminatedUnion('assessment', [
  z.strictObject({ assessment: z.literal('isolated'), note: z.string().trim().max(2000).optional() }),
  z.strictObject({
    assessment: z.literal('widespread'),
    policyChange: z.string().trim().min(1).max(5000),
    ownerId: z.string().min(1).max(64),
  }),
]);

export interface SystemicIssue {
  id: string;
  category: string;
  reference: string;
  status: 'open' | 'assessed' | 'closed';
  assessment: 'isolated' | 'widespread' | null;
  policyChange: string | null;
  ownerId: string | null;
  customerCount: number;
  complaintIds: string[];
  openedAt: string;
  closedAt: string | null;
}

export async function listIssues(
  trx: Executor,
  filter: { status?: string | undefined; id?: string } = {},
): Promise<SystemicIssue[]> {
  let q = trx.selectFrom('cmp_systemic_issue').selectAll().orderBy('opened_at', 'desc').limit(200);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.id) q = q.where('id', '=', filter.id);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const links = await trx
    .selectFrom('cmp_systemic_link')
    .select(['issue_id', 'complaint_id'])
    .where(
      'issue_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('complaint_id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    category: r.category,
    reference: r.reference,
    status: r.status,
    assessment: r.assessment ?? null,
    policyChange: r.policy_change ?? null,
    ownerId: r.owner_id ?? null,
    customerCount: Number(r.customer_count),
    complaintIds: links.filter((l) => l.issue_id === r.id).map((l) => l.complaint_id as string),
    openedAt: r.opened_at,
    closedAt: r.closed_at ?? null,
  }));
}

export async function getIssue(trx: Executor, id: string): Promise<SystemicIssue> {
  const [found] = await listIssues(trx, { id });
  if (!found) throw notFound('Systemic issue', id);
  return found;
}

/** Isolated closes the issue; widespread records the policy change and its owner, closed when done. */
export async function assessIssue(
  deps: Deps,
  id: string,
  input: z.infer<typeof AssessInput>,
  actorId: string,
): Promise<SystemicIssue> {
  return deps.transaction(async (trx) => {
    const issue = await getIssue(trx, id);
    if (issue.status !== 'open')
      throw new DomainError(
        'issue_not_open',
        `The systemic issue is ${issue.status}`,
        { status: issue.status },
        409,
      );
    const at = nowIso(deps);
    await trx
      .updateTable('cmp_systemic_issue')
      .set(
        input.assessment === 'isolated'
          ? {
              assessment: 'isolated',
              status: 'closed',
              closed_at: at,
              policy_change: input.note ?? null,
              updated_at: at,
            }
          : {
              assessment: 'widespread',
              status: 'assessed',
              policy_change: input.policyChange,
              owner_id: input.ownerId,
              updated_at: at,
            },
      )
      .where('id', '=', id)
      .execute();
    await deps.activities.closeFor(
      trx,
      { type: 'complaint_systemic_issue', id },
      { by: actorId, outcome: input.assessment },
    );
    await deps.audit.record(trx, {
      entityType: 'complaint_systemic_issue',
      entityId: id,
      action: 'assess',
      actor: actorId,
      changes: { assessment: { from: null, to: input.assessment } },
    });
    return getIssue(trx, id);
  });
}

export async function closeIssue(deps: Deps, id: string, actorId: string): Promise<SystemicIssue> {
  return deps.transaction(async (trx) => {
    const issue = await getIssue(trx, id);
    if (issue.status !== 'assessed')
      throw new DomainError(
        'issue_not_assessed',
        'A widespread issue is closed once its policy change is done; assess it first',
        { status: issue.status },
        409,
      );
    const at = nowIso(deps);
    await trx
      .updateTable('cmp_systemic_issue')
      .set({ status: 'closed', closed_at: at, updated_at: at })
      .where('id', '=', id)
      .execute();
    await deps.audit.record(trx, {
      entityType: 'complaint_systemic_issue',
      entityId: id,
      action: 'close',
      actor: actorId,
      changes: { status: { from: 'assessed', to: 'closed' } },
    });
    return getIssue(trx, id);
  });
}
