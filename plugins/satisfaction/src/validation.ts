import type { Deps } from './context.js';
import { requireSystem } from './indicator-systems.js';
import { mean, normalise, pearson } from './math/scores.js';

/**
 * The "select valid indicators by questionnaire" step: over the submitted responses given to
 * questionnaires linked to this system version, each indicator's response rate and the Pearson
 * correlation of its score with the overall-satisfaction question; weak ones (|r| below the
 * threshold, or too few pairs to tell) are flagged.
 */
export async function validationReport(
  deps: Deps,
  systemId: string,
  q: {
    campaignId?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    threshold?: number | undefined;
  },
) {
  const system = await requireSystem(deps.db, systemId);
  const threshold = q.threshold ?? deps.config.weakCorrelation;
  let query = deps.db
    .selectFrom('sat_answer as a')
    .innerJoin('sat_response as r', 'r.id', 'a.response_id')
    .innerJoin('sat_question as qu', 'qu.id', 'a.question_id')
    .select(['a.response_id', 'a.value', 'qu.indicator_id', 'qu.overall', 'qu.scale_min', 'qu.scale_max'])
    .where('r.system_id', '=', systemId)
    .where('r.status', '=', 'submitted')
    .where('a.value', 'is not', null);
  if (q.campaignId) query = query.where('r.campaign_id', '=', q.campaignId);
  if (q.from) query = query.where('r.submitted_on', '>=', q.from);
  if (q.to) query = query.where('r.submitted_on', '<=', q.to);
  let responses = deps.db
    .selectFrom('sat_response')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('system_id', '=', systemId)
    .where('status', '=', 'submitted');
  if (q.campaignId) responses = responses.where('campaign_id', '=', q.campaignId);
  if (q.from) responses = responses.where('submitted_on', '>=', q.from);
  if (q.to) responses = responses.where('submitted_on', '<=', q.to);
  const total = Number((await responses.executeTakeFirstOrThrow()).n);
  const rows = await query.execute();
  const overall = new Map<string, number[]>();
  const scores = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    const score = normalise(Number(r.value), Number(r.scale_min), Number(r.scale_max));
    if (Number(r.overall) === 1) overall.set(r.response_id, [...(overall.get(r.response_id) ?? []), score]);
    if (r.indicator_id) {
      const perResponse = scores.get(r.indicator_id) ?? new Map<string, number[]>();
      perResponse.set(r.response_id, [...(perResponse.get(r.response_id) ?? []), score]);
      scores.set(r.indicator_id, perResponse);
    }
  }
  const indicators = system.indicators
    .filter((i) => i.leaf)
    .map((i) => {
      const perResponse = scores.get(i.id) ?? new Map<string, number[]>();
      const xs: number[] = [];
      const ys: number[] = [];
      for (const [responseId, values] of perResponse) {
        const o = overall.get(responseId);
        if (!o) continue;
        xs.push(mean(values)!);
        ys.push(mean(o)!);
      }
      const r = pearson(xs, ys);
      return {
        indicatorId: i.id,
        code: i.code,
        answered: perResponse.size,
        responseRate: total === 0 ? null : perResponse.size / total,
        correlation: r,
        weak: r === null || Math.abs(r) < threshold,
      };
    });
  return { systemId, responses: total, overallQuestion: overall.size > 0, threshold, indicators };
}
