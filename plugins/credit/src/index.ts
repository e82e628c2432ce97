export type { CreditConfig } from './config.js';
export { CreditConfigSchema } from './config.js';
export type {
  CreditCheckRefused,
  CreditEvaluationSubmitted,
  CreditExposureQuery,
  CreditGradeChanged,
  CreditHoldPlaced,
  CreditHoldReleased,
  CreditLimitChanged,
  CreditReviewDue,
  CreditService,
} from './contract.js';
export { CREDIT_EVENTS } from './contract.js';
export type {
  CreditCheckInput,
  CreditCheckResult,
  CreditLimitFigures,
  RefusalCode,
  RefusalReason,
} from './credit-check.js';
export { REFUSAL_CODES } from './credit-check.js';
export { decide } from './decide.js';
export type { Evaluation, EvaluationOrigin, EvaluationStatus } from './evaluations.js';
export type { Exposure, ExposureContribution } from './exposure.js';
export type { GradePolicy, GradeScale } from './grades.js';
export { DEFAULT_GRADE_POLICIES, GRADE_SCALES, gradeForScore, lowerGrade } from './grades.js';
export type { CreditHold, CreditStatus, HoldReason } from './holds.js';
export { HOLD_REASONS } from './holds.js';
export type { Investigation, InvestigationSource } from './investigations.js';
export { INVESTIGATION_SOURCES } from './investigations.js';
export type { LimitRequest, LimitRequestKind, RequestStatus } from './limits.js';
export type { CreditOverride } from './overrides.js';
export { creditPlugin } from './plugin.js';
export type { CreditPolicy } from './policy.js';
export type { CreditProfile } from './profiles.js';
export type { FactorScore, ScoringFactor } from './scoring.js';
export { FIVE_C, totalScore, weightsSumToOne } from './scoring.js';
export type { CreditSummary } from './summaries.js';
