import { type Executor, sql } from '@kehu/core';
import { CES_TOP_TWO, CSAT_SATISFIED, npsCategory } from './math/scores.js';
import type { ResponseScores } from './scoring.js';

export interface Segment {
  kind: string | null;
  region: string | null;
  owner: string | null;
  tier: string | null;
}

/** Cells key segments by text: '' stands for "none" (no region, no owner, no tier). */
const key = (v: string | null) => v ?? '';

/**
 * Adds one response's figures to (sign 1) or takes them from (sign −1, a purge) its cell: the month,
 * campaign and the customer's segment when it answered.
 */
export async function recordCell(
  trx: Executor,
  input: {
    month: string;
    campaignId: string;
    segment: Segment;
    scores: Pick<ResponseScores, 'csi' | 'csat' | 'nps' | 'ces'>;
    sign: 1 | -1;
  },
): Promise<void> {
  const { scores: s, sign } = input;
  const category = s.nps === null ? null : npsCategory(s.nps);
  const add = {
    responses: sign,
    nps_n: s.nps === null ? 0 : sign,
    promoters: category === 'promoter' ? sign : 0,
    detractors: category === 'detractor' ? sign : 0,
    csat_n: s.csat === null ? 0 : sign,
    csat_top: s.csat !== null && s.csat >= CSAT_SATISFIED ? sign : 0,
    ces_n: s.ces === null ? 0 : sign,
    ces_sum: s.ces === null ? 0 : sign * s.ces,
    ces_top: s.ces !== null && s.ces >= CES_TOP_TWO ? sign : 0,
    csi_n: s.csi === null ? 0 : sign,
    csi_sum: s.csi === null ? 0 : sign * s.csi,
  };
  await trx
    .insertInto('sat_score_cell')
    .values({
      month: input.month,
      campaign_id: input.campaignId,
      seg_kind: key(input.segment.kind),
      seg_region: key(input.segment.region),
      seg_owner: key(input.segment.owner),
      seg_tier: key(input.segment.tier),
      ...add,
    })
    .onConflict((oc) =>
      oc
        .columns(['month', 'campaign_id', 'seg_kind', 'seg_region', 'seg_owner', 'seg_tier'])
        .doUpdateSet(
          Object.fromEntries(
            Object.entries(add).map(([column, v]) => [
              column,
              sql`${sql.ref(`sat_score_cell.${column}`)} + ${v}`,
            ]),
          ) as never,
        ),
    )
    .execute();
}
