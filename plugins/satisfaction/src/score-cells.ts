import { type Executor, sql } from '@kehu/core';
import { CES_TOP_TWO, CSAT_SATISFIED, npsCategory } from './math/scores.js';
import type { ResponseScores } from './scoring.js';

export interface Segment {
  kind: string | null;
  region: string | null;
  owner: string | null;
  tier: string | null;
}

/** The dimensions a response is counted under; '' holds every response (no grouping, or by campaign). */
export const DIMENSIONS = ['', 'kind', 'region', 'owner', 'tier'] as const;
const cellValue = (segment: Segment, dimension: (typeof DIMENSIONS)[number]) =>
  dimension === '' ? '' : (segment[dimension] ?? '');

/**
 * Adds one response's figures to (sign 1) or takes them from (sign −1, a purge) its cells: one per
 * dimension, for the month, the campaign and the customer's segment when it answered.
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
    .values(
      DIMENSIONS.map((dimension) => ({
        month: input.month,
        campaign_id: input.campaignId,
        dimension,
        value: cellValue(input.segment, dimension),
        ...add,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['dimension', 'month', 'campaign_id', 'value'])
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

/**
 * Rebuilds every cell from the submitted responses, in one statement: after a bulk import of
 * responses, or to check the cells kept at submission.
 */
export async function rebuildScoreCells(db: Executor): Promise<{ cells: number }> {
  await db.deleteFrom('sat_score_cell').execute();
  const SEGMENT_COLUMN = {
    '': null,
    kind: 'seg_kind',
    region: 'seg_region',
    owner: 'seg_owner',
    tier: 'seg_tier',
  } as const;
  for (const dimension of DIMENSIONS) {
    const column = SEGMENT_COLUMN[dimension];
    const value = column ? sql`coalesce(${sql.ref(column)}, '')` : sql`''`;
    await sql`
      insert into sat_score_cell (month, campaign_id, dimension, value, responses,
        nps_n, promoters, detractors, csat_n, csat_top, ces_n, ces_sum, ces_top, csi_n, csi_sum)
      select substr(submitted_on, 1, 7), campaign_id, ${dimension}, ${value}, count(*),
        count(nps), sum(case when nps >= 9 then 1 else 0 end), sum(case when nps <= 6 then 1 else 0 end),
        count(csat), sum(case when csat >= ${CSAT_SATISFIED} then 1 else 0 end),
        count(ces), coalesce(sum(ces), 0), sum(case when ces >= ${CES_TOP_TWO} then 1 else 0 end),
        count(csi), coalesce(sum(csi), 0)
      from sat_response
      where status = 'submitted'
      group by 1, 2, 3, 4`.execute(db);
  }
  const n = await db
    .selectFrom('sat_score_cell')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { cells: Number(n.n) };
}
