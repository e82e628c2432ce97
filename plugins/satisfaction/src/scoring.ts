import type { SatisfactionConfig } from './config.js';
import type { IndicatorSystem } from './indicator-systems.js';
import { csi, mean, normalise, npsCategory } from './math/scores.js';
import type { Questionnaire, StoredAnswer } from './questionnaires.js';

export interface ResponseScores {
  /** 0–100 by the published system version the questionnaire uses; null for a draft or none answered. */
  csi: number | null;
  /** The CSAT answer (1–5; the mean if several). */
  csat: number | null;
  /** The 0–10 recommendation answer. */
  nps: number | null;
  /** The effort answer (1–7; the mean if several). */
  ces: number | null;
  /** Perception − expectation per answered SERVQUAL indicator. */
  gaps: { indicatorId: string; code: string; kind: string; gap: number }[];
}

/** The scores of one response, from its answers and the versions it was given under. */
export function scoreResponse(
  q: Questionnaire,
  system: IndicatorSystem | null,
  answers: readonly StoredAnswer[],
): ResponseScores {
  const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
  const valuesOf = (type: string) =>
    q.questions
      .filter((x) => x.type === type)
      .map((x) => byQuestion.get(x.id)?.value)
      .filter((v): v is number => typeof v === 'number');
  const indicators = new Map((system?.indicators ?? []).map((i) => [i.id, i]));
  const perIndicator = new Map<string, number[]>();
  const gaps: ResponseScores['gaps'] = [];
  for (const question of q.questions) {
    const a = byQuestion.get(question.id);
    if (!question.indicatorId || !a || a.value === null) continue;
    const ind = indicators.get(question.indicatorId);
    if (!ind) continue;
    const list = perIndicator.get(ind.id) ?? [];
    list.push(normalise(a.value, question.scaleMin!, question.scaleMax!));
    perIndicator.set(ind.id, list);
    if (question.type === 'servqual' && a.expectation !== null)
      gaps.push({ indicatorId: ind.id, code: ind.code, kind: ind.kind, gap: a.value - a.expectation });
  }
  const weighted =
    system?.status === 'published'
      ? [...perIndicator].map(([id, scores]) => ({
          weight: indicators.get(id)!.globalWeight ?? 0,
          score: mean(scores)!,
        }))
      : [];
  const nps = valuesOf('nps');
  return {
    csi: csi(weighted.filter((w) => w.weight > 0)),
    csat: mean(valuesOf('csat')),
    nps: nps.length > 0 ? nps[0]! : null,
    ces: mean(valuesOf('ces')),
    gaps,
  };
}

/** Why a response is a low score (empty when it is not). */
export function lowScoreReasons(s: ResponseScores, rules: SatisfactionConfig['lowScore']): string[] {
  const reasons: string[] = [];
  if (s.csat !== null && s.csat <= rules.csatAtMost) reasons.push(`csat_at_most_${rules.csatAtMost}`);
  if (rules.npsDetractor && s.nps !== null && npsCategory(s.nps) === 'detractor')
    reasons.push('nps_detractor');
  if (s.csi !== null && s.csi < rules.csiBelow) reasons.push(`csi_below_${rules.csiBelow}`);
  for (const g of s.gaps)
    if (g.kind === 'core' && g.gap < -rules.coreGapBelow) reasons.push(`core_gap:${g.code}`);
  return reasons;
}
