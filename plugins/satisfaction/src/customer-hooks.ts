import {
  type Executor,
  type PluginHooks,
  type TimelineItem,
  type TimelinePageRequest,
  timelineKeyset,
  z,
} from '@kehu/core';
import { npsCategory } from './math/scores.js';
import { recordCell } from './score-cells.js';

/** Tables whose rows belong to a customer: they move with it on a merge and go on a purge. */
const CUSTOMER_TABLES = ['sat_response', 'sat_invitation', 'sat_opt_out', 'sat_interview'] as const;

export const SatisfactionFacet = z.object({
  csi: z.number().nullable(),
  csat: z.number().nullable(),
  nps: z.number().int().nullable(),
  npsCategory: z.enum(['promoter', 'passive', 'detractor']).nullable(),
  at: z.string().nullable(),
  /** The CSI of the customer's last responses, oldest first (up to five). */
  trend: z.array(z.object({ at: z.string(), csi: z.number().nullable() })),
  openInvitations: z.number().int(),
});
export type SatisfactionFacet = z.output<typeof SatisfactionFacet>;

const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

/** The facet of each customer with responses or open invitations: two queries per page of ids. */
export async function loadFacet(
  trx: Executor,
  ids: readonly string[],
): Promise<Map<string, SatisfactionFacet>> {
  const out = new Map<string, SatisfactionFacet>();
  if (ids.length === 0) return out;
  const rows = await trx
    .selectFrom('sat_response')
    .select(['customer_id', 'csi', 'csat', 'nps', 'submitted_at', 'id'])
    .where('customer_id', 'in', ids)
    .where('status', '=', 'submitted')
    .orderBy('customer_id')
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const open = await trx
    .selectFrom('sat_invitation')
    .select(['customer_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('customer_id', 'in', ids)
    .where('status', 'in', ['sent', 'opened'])
    .groupBy('customer_id')
    .execute();
  const empty = (): SatisfactionFacet => ({
    csi: null,
    csat: null,
    nps: null,
    npsCategory: null,
    at: null,
    trend: [],
    openInvitations: 0,
  });
  for (const r of rows) {
    let f = out.get(r.customer_id);
    if (!f) {
      const nps = r.nps == null ? null : Number(r.nps);
      f = {
        ...empty(),
        csi: round(r.csi == null ? null : Number(r.csi)),
        csat: r.csat == null ? null : Number(r.csat),
        nps,
        npsCategory: nps === null ? null : npsCategory(nps),
        at: r.submitted_at,
      };
      out.set(r.customer_id, f);
    }
    if (f.trend.length < 5)
      f.trend.unshift({ at: r.submitted_at, csi: round(r.csi == null ? null : Number(r.csi)) });
  }
  for (const r of open) {
    const f = out.get(r.customer_id) ?? empty();
    f.openInvitations = Number(r.n);
    out.set(r.customer_id, f);
  }
  return out;
}

/** Submitted responses on the customer's timeline, newest first. */
export async function loadTimeline(
  db: Executor,
  customerId: string,
  p: TimelinePageRequest,
): Promise<TimelineItem[]> {
  const q = db
    .selectFrom('sat_response')
    .select(['id', 'submitted_at', 'campaign_id', 'csi', 'csat', 'nps', 'low_reasons'])
    .where('customer_id', '=', customerId)
    .where('status', '=', 'submitted');
  const rows = await timelineKeyset(q, p, { at: 'submitted_at' }).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.submitted_at!,
    type: 'satisfaction.response',
    title: `满意度调查回复 / Survey response${r.low_reasons ? ' (low score)' : ''}`,
    data: {
      campaignId: r.campaign_id,
      csi: round(r.csi == null ? null : Number(r.csi)),
      csat: r.csat == null ? null : Number(r.csat),
      nps: r.nps == null ? null : Number(r.nps),
      lowScore: r.low_reasons != null,
    },
  }));
}

/**
 * A merge moves the customer's responses, invitations, opt-outs and interviews to the customer that
 * stays; a purge erases them (answers included) and takes the responses out of the report cells.
 */
export function registerCustomerHooks(hooks: PluginHooks): void {
  hooks.filter('customer.merge', async ({ source, target }, { trx }) => {
    for (const table of CUSTOMER_TABLES)
      await trx
        .updateTable(table)
        .set({ customer_id: target.id })
        .where('customer_id', '=', source.id)
        .execute();
  });
  hooks.filter('customer.purge', async ({ customerId }, { trx }) => {
    const submitted = await trx
      .selectFrom('sat_response')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('status', '=', 'submitted')
      .execute();
    for (const r of submitted)
      await recordCell(trx, {
        month: String(r.submitted_on).slice(0, 7),
        campaignId: r.campaign_id,
        segment: { kind: r.seg_kind, region: r.seg_region, owner: r.seg_owner, tier: r.seg_tier },
        scores: {
          csi: r.csi == null ? null : Number(r.csi),
          csat: r.csat == null ? null : Number(r.csat),
          nps: r.nps == null ? null : Number(r.nps),
          ces: r.ces == null ? null : Number(r.ces),
        },
        sign: -1,
      });
    const responses = trx.selectFrom('sat_response').select('id').where('customer_id', '=', customerId);
    await trx.deleteFrom('sat_answer').where('response_id', 'in', responses).execute();
    const invitations = trx.selectFrom('sat_invitation').select('id').where('customer_id', '=', customerId);
    await trx.deleteFrom('sat_invitation_token').where('invitation_id', 'in', invitations).execute();
    for (const table of CUSTOMER_TABLES)
      await trx.deleteFrom(table).where('customer_id', '=', customerId).execute();
  });
}
