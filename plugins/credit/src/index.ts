export type { CreditConfig } from './config.js';
export { CreditConfigSchema } from './config.js';
export { decide } from './decide.js';
export type { Evaluation, EvaluationOrigin, EvaluationStatus } from './evaluations.js';
export type {
  CreditCheckRefused,
  CreditEvaluationSubmitted,
  CreditGradeChanged,
  CreditHoldPlaced,
  CreditHoldReleased,
  CreditLimitChanged,
  CreditReviewDue,
} from './events.js';
export type { GradePolicy, GradeScale } from './grades.js';
export { DEFAULT_GRADE_POLICIES, GRADE_SCALES, gradeForScore, lowerGrade } from './grades.js';
export type { Investigation } from './investigations.js';
export type { LimitRequest, LimitRequestKind, RequestStatus } from './limits.js';
export type { CreditOverride } from './overrides.js';
export { creditPlugin } from './plugin.js';
export type { CreditPolicy } from './policy.js';
export type { FactorScore, ScoringFactor } from './scoring.js';
export { FIVE_C, totalScore, weightsSumToOne } from './scoring.js';
export type { CreditSummary } from './summaries.js';
export type {
  CreditCheckInput,
  CreditCheckResult,
  CreditExposureQuery,
  CreditHold,
  CreditLimitFigures,
  CreditProfile,
  CreditService,
  CreditStatus,
  Exposure,
  ExposureContribution,
  HoldReason,
  InvestigationSource,
  RefusalCode,
  RefusalReason,
} from './types.js';
export { HOLD_REASONS, INVESTIGATION_SOURCES, REFUSAL_CODES } from './types.js';
