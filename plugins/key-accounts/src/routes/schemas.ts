import { BooleanParam, listQuery, pageOf, z } from '@kehu/core';
import { ENTITLEMENT_KINDS } from '../entitlements.js';
import { LOYALTY_ATTITUDES } from '../loyalty.js';

export const Id = z.string().min(1).max(64);
export const IdParams = z.object({ id: Id });
export const DateString = z.iso.date();
export const Reason = z.string().trim().min(1).max(500);
export const AbcClassSchema = z.enum(['A', 'B', 'C', 'none']);

export const RunInput = z
  .strictObject({ from: DateString.optional(), to: DateString.optional() })
  .refine((w) => !w.from || !w.to || w.from <= w.to, { message: 'from must not be after to', path: ['to'] });

export const Run = z.object({
  id: z.string(),
  currency: z.string(),
  windowFrom: z.string(),
  windowTo: z.string(),
  aThreshold: z.number().int(),
  bThreshold: z.number().int(),
  source: z.string(),
  overwriteOverrides: z.boolean(),
  total: z.number().int(),
  counts: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), none: z.number().int() }),
  moved: z.number().int(),
  trigger: z.enum(['job', 'manual']),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});

export const RunEntry = z.object({
  rank: z.number().int(),
  customerId: z.string(),
  code: z.string(),
  name: z.string(),
  revenue: z.number().int(),
  /** Fraction of the positive total, 6 decimals. */
  share: z.number(),
  cumulativeShare: z.number(),
  class: AbcClassSchema,
  /** The manual override standing at the run, when it differs from the computed class. */
  overrideClass: AbcClassSchema.nullable(),
});

export const RunPage = pageOf(RunEntry).extend({ run: Run });
export const RunEntriesQuery = listQuery({ class: AbcClassSchema.optional() }, { defaultLimit: 100 });
/** A list route without filters of its own: `cursor` and `limit`. */
export const PageQuery = listQuery({}, { defaultLimit: 100 });

export const TierChange = z.object({
  from: AbcClassSchema.nullable(),
  to: AbcClassSchema,
  source: z.enum(['run', 'override']),
  runId: z.string().nullable(),
  changedOn: z.string(),
});
export const TierChangePage = pageOf(TierChange);
export const RunMovePage = pageOf(
  z.object({
    customerId: z.string(),
    code: z.string(),
    name: z.string(),
    from: AbcClassSchema.nullable(),
    to: AbcClassSchema,
    changedOn: z.string(),
  }),
);

export const Override = z.object({
  class: AbcClassSchema,
  reason: z.string(),
  by: z.string(),
  at: z.string(),
  expiresOn: z.string().nullable(),
});

export const Account = z.object({
  customerId: z.string(),
  /** The class that counts: a standing override beats the computed one. */
  class: AbcClassSchema,
  computedClass: AbcClassSchema,
  /** A standing manual override, or null. */
  override: Override.nullable(),
  /** True when a standing override differs from the computed class. */
  overridden: z.boolean(),
  designated: z.boolean(),
  designatedOn: z.string().nullable(),
  managerId: z.string().nullable(),
  stage: z.string().nullable(),
  relationship: z.string().nullable(),
  loyalty: z.enum(LOYALTY_ATTITUDES).nullable(),
});

export const AccountListItem = Account.extend({ code: z.string(), name: z.string() });
export const AccountPage = pageOf(AccountListItem);
export const AccountsQuery = listQuery(
  {
    designated: BooleanParam.optional(),
    class: AbcClassSchema.optional().describe(
      'The class that counts (a standing override beats the computed one)',
    ),
    managerId: Id.optional(),
    stage: z.string().max(20).optional(),
  },
  { defaultLimit: 100 },
);

export const OverrideInput = z.strictObject({
  class: AbcClassSchema,
  reason: Reason,
  expiresOn: DateString.nullable().optional(),
});
export const ReasonInput = z.strictObject({ reason: Reason });
export const LoyaltyInput = z.strictObject({
  attitude: z.enum(LOYALTY_ATTITUDES),
  reason: Reason.optional(),
});
/** One change of a value kept with its history (stage, relationship, loyalty). */
const changeSchema = <V extends z.ZodType<string>>(value: V) =>
  z.object({
    id: z.string(),
    from: value.nullable(),
    to: value,
    reason: z.string().nullable(),
    changedOn: z.string(),
    changedBy: z.string().nullable(),
  });
export const LoyaltyChangeSchema = changeSchema(z.enum(LOYALTY_ATTITUDES));
export const LoyaltyChangePage = pageOf(LoyaltyChangeSchema);

const CriterionAnswer = z.strictObject({
  met: z.boolean(),
  note: z.string().trim().max(500).nullable().default(null),
});
export const CriteriaSchema = z.strictObject({
  revenueShare: CriterionAnswer,
  lossImpact: CriterionAnswer,
  stableRelationship: CriterionAnswer,
  maintenanceEffort: CriterionAnswer,
  strategicFit: CriterionAnswer,
});
export const ProposalInput = z.strictObject({
  customerId: Id,
  kind: z.enum(['designate', 'undesignate']),
  reason: Reason,
  criteria: CriteriaSchema.optional(),
  /** The key-account manager to appoint on approval; the current manager or the customer's owner when omitted. */
  managerId: Id.nullable().optional(),
});
export const DecisionInput = z.strictObject({ note: z.string().trim().max(1000).optional() });
export const DesignationSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  kind: z.enum(['designate', 'undesignate']),
  origin: z.enum(['class_a', 'manual']),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  criteria: z.record(z.string(), z.object({ met: z.boolean(), note: z.string().nullable() })).nullable(),
  reason: z.string(),
  managerId: z.string().nullable(),
  requestedBy: z.string().nullable(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export const DesignationPage = pageOf(DesignationSchema);
export const DesignationsQuery = listQuery(
  {
    status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']).optional(),
    kind: z.enum(['designate', 'undesignate']).optional(),
  },
  { defaultLimit: 100 },
);
export const MemberParams = z.object({ id: Id, userId: Id });
export const MemberInput = z.strictObject({
  role: z.enum(['sales', 'technical', 'service', 'finance', 'executive_sponsor']),
});
export const ManagerInput = z.strictObject({ managerId: Id });
export const TeamSchema = z.object({
  items: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      role: z.enum(['manager', 'sales', 'technical', 'service', 'finance', 'executive_sponsor']),
      addedOn: z.string(),
      addedBy: z.string().nullable(),
    }),
  ),
});

export const StateInput = (values: readonly [string, ...string[]]) =>
  z.strictObject({ value: z.enum(values), reason: Reason.optional() });
export const ChangeList = pageOf(changeSchema(z.string()));
export const Checklist = z.object({
  stage: z.string().nullable(),
  duties: z.array(
    z.object({ duty: z.string(), doneOn: z.string().nullable(), doneBy: z.string().nullable() }),
  ),
});
export const DutyParams = z.object({ id: Id, duty: z.string().min(1).max(60) });
export const DutyInput = z.strictObject({ done: z.boolean() });
export const ContactParams = z.object({ id: Id, contactId: Id });
export const RolesInput = z.strictObject({
  roles: z.array(z.enum(['decision_maker', 'user', 'influencer', 'purchaser', 'initiator'])).max(5),
});
export const CoverageSchema = z.object({
  customerId: z.string(),
  roles: z.array(
    z.object({
      role: z.string(),
      contacts: z.array(
        z.object({ contactId: z.string(), name: z.string(), lastContactedOn: z.string().nullable() }),
      ),
    }),
  ),
  gaps: z.array(z.string()),
});
export const VisitSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  type: z.enum(['regular', 'executive', 'joint_promotion', 'problem_solving']),
  dueOn: z.string(),
  participants: z.array(z.string()),
  status: z.enum(['planned', 'done', 'cancelled']),
  cadenceDays: z.number().int().nullable(),
  communicationId: z.string().nullable(),
  doneOn: z.string().nullable(),
  overdue: z.boolean(),
  note: z.string().nullable(),
  entitlementId: z.string().nullable(),
});
export const VisitPage = pageOf(VisitSchema);
export const VisitsQuery = listQuery(
  { status: z.enum(['planned', 'done', 'cancelled']).optional() },
  { defaultLimit: 100 },
);
export const VisitInput = z.strictObject({
  type: z.enum(['regular', 'executive', 'joint_promotion', 'problem_solving']),
  dueOn: DateString,
  participants: z.array(Id).max(20).default([]),
  cadenceDays: z.number().int().min(1).max(730).nullable().optional(),
  note: z.string().trim().max(500).nullable().optional(),
});
export const VisitDoneInput = z.strictObject({ communicationId: Id });
const Money = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const PlanInput = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  title: z.string().trim().min(1).max(200),
  objectives: z
    .array(
      z.strictObject({
        title: z.string().trim().min(1).max(200),
        ownerId: Id.nullable().optional(),
        dueOn: DateString.nullable().optional(),
      }),
    )
    .max(50)
    .default([]),
  measures: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1).max(200),
        source: z.enum(['manual', 'revenue']).default('manual'),
        unit: z.string().trim().max(10).nullable().optional(),
        target: Money,
        actual: Money.optional(),
      }),
    )
    .max(50)
    .default([]),
});
export const PlanSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  year: z.number().int(),
  title: z.string(),
  status: z.enum(['active', 'closed']),
  objectives: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      ownerId: z.string().nullable(),
      dueOn: z.string().nullable(),
      status: z.enum(['open', 'done', 'dropped']),
    }),
  ),
  measures: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      source: z.enum(['manual', 'revenue']),
      unit: z.string().nullable(),
      target: z.number().int(),
      actual: z.number().int(),
    }),
  ),
  completion: z.number().int().nullable(),
});
export const PlanPage = pageOf(PlanSchema);
export const PlansQuery = listQuery(
  { status: z.enum(['active', 'closed']).optional() },
  { defaultLimit: 20 },
);
export const ItemParams = z.object({ id: Id, itemId: Id });
export const ObjectiveInput = z.strictObject({ status: z.enum(['open', 'done', 'dropped']) });
export const MeasureInput = z.strictObject({ actual: Money });
export const ScorecardParams = z.object({ managerId: Id, year: z.coerce.number().int().min(2000).max(2100) });
export const ScorecardSchema = z.object({
  managerId: z.string(),
  year: z.number().int(),
  customerIds: z.array(z.string()),
  components: z.array(
    z.object({
      name: z.enum(['planCompletion', 'satisfaction', 'marketDevelopment', 'informationGathering']),
      weight: z.number(),
      score: z.number().int().nullable(),
      inputs: z.record(z.string(), z.unknown()),
    }),
  ),
  total: z.number().int().nullable(),
});
export const Period = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'A year YYYY or a month YYYY-MM');
export const TargetParams = z.object({ managerId: Id, period: Period });
export const TargetInput = z.strictObject({ amount: Money });
export const TargetSchema = z.object({
  managerId: z.string(),
  period: z.string(),
  currency: z.string(),
  target: z.number().int().nullable(),
  actual: z.number().int(),
  variance: z.number().int().nullable(),
  achievedPercent: z.number().nullable(),
});

export const EntitlementKindSchema = z.enum(ENTITLEMENT_KINDS);
export const EntitlementSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  kind: EntitlementKindSchema,
  startsOn: z.string(),
  endsOn: z.string().nullable().describe('The last day it holds: planned at the grant, or the day it ended'),
  cadenceDays: z.number().int().nullable().describe('Days between senior-management visits'),
  note: z.string().nullable(),
  status: z.enum(['upcoming', 'active', 'ended']),
  grantedBy: z.string().nullable(),
  grantedAt: z.string(),
  endedBy: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
});
export const EntitlementPage = pageOf(EntitlementSchema);
export const EntitlementsQuery = listQuery(
  {
    status: z.enum(['upcoming', 'active', 'ended']).optional(),
    kind: EntitlementKindSchema.optional(),
  },
  { defaultLimit: 100 },
);
export const EntitlementInput = z
  .strictObject({
    kind: EntitlementKindSchema,
    startsOn: DateString.optional().describe('Defaults to today'),
    endsOn: DateString.nullable().optional().describe('The last day it holds; open-ended when left out'),
    cadenceDays: z.number().int().min(7).max(730).nullable().optional(),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .superRefine((e, ctx) => {
    if (e.kind === 'executive_visits' && !e.cadenceDays)
      ctx.addIssue({
        code: 'custom',
        path: ['cadenceDays'],
        message: 'Senior-management visits need a cadence in days',
      });
    if (e.kind !== 'executive_visits' && e.cadenceDays)
      ctx.addIssue({
        code: 'custom',
        path: ['cadenceDays'],
        message: 'Only senior-management visits have a cadence',
      });
  });
export const EntitlementEndInput = z.strictObject({ reason: Reason });
