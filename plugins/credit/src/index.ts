export { creditPlugin } from './plugin.js';
export { CreditConfigSchema } from './config.js';
export type { CreditConfig } from './config.js';
export { GRADE_SCALES, DEFAULT_GRADE_POLICIES, gradeForScore, lowerGrade } from './grades.js';
export type { GradePolicy, GradeScale } from './grades.js';
export { FIVE_C, totalScore, weightsSumToOne } from './scoring.js';
export type { ScoringFactor, FactorScore } from './scoring.js';
export type { CreditPolicy } from './policy.js';
export { decide } from './decide.js';
export type { CreditSummary } from './summaries.js';
export type { Evaluation, EvaluationOrigin, EvaluationStatus } from './evaluations.js';
export type { Investigation } from './investigations.js';
export type { LimitRequest, LimitRequestKind, RequestStatus } from './limits.js';
export type { CreditOverride } from './overrides.js';
export { HOLD_REASONS, INVESTIGATION_SOURCES, REFUSAL_CODES } from './types.js';
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
export type {
  CreditCheckRefused,
  CreditEvaluationSubmitted,
  CreditGradeChanged,
  CreditHoldPlaced,
  CreditHoldReleased,
  CreditLimitChanged,
  CreditReviewDue,
} from './events.js';
