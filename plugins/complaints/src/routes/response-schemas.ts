/**
 * What the complaint routes answer, as zod schemas: the OpenAPI document and the typed client
 * (`@kehu/sdk/client`) are built from them, and the compiler checks every handler's `c.json(body,
 * status)` against the schema its route declares for that status; test/response-schemas.test.ts
 * checks real responses against them too.
 */
import { pageOf, workingCalendarSchema, z } from '@kehu/core';
import {
  CHANNELS,
  EMOTIONS,
  NATURES,
  REMEDY_KINDS,
  RESPONSIBLE_PARTIES,
  RMLSP_STEPS,
  SEVERITIES,
  STATES,
} from '../model.js';
import { REMEDY_STATUSES } from '../remedies.js';
import { Escalation, SlaConditions, SlaTargets } from '../sla-policies.js';

const Timestamp = z.iso.datetime();
const DateString = z.iso.date();
const Count = z.number().int().nonnegative();
const Minutes = z.number().int();
const Ref = z.string().nullable();

// The SLA a complaint shows: both targets, counted in working time.

const SLA_STATUSES = ['within', 'warning', 'breached', 'paused', 'met'] as const;

const SlaTargetSchema = z.object({
  targetMinutes: Minutes.describe('The target in working minutes'),
  dueAt: Timestamp.nullable().describe('When the target falls due; null while the clock is paused'),
  metAt: Timestamp.nullable(),
  elapsedMinutes: Minutes.describe('Working minutes spent so far (or until it was met)'),
  remainingMinutes: Minutes.nullable().describe('Negative once overdue; null once met'),
  breached: z.boolean(),
  status: z.enum(SLA_STATUSES),
});

const SlaSchema = z.object({
  policyId: z.string().nullable(),
  startedAt: Timestamp,
  paused: z.boolean(),
  pausedMinutes: Minutes,
  status: z.enum(SLA_STATUSES),
  response: SlaTargetSchema,
  resolution: SlaTargetSchema,
});

const CustomerRefSchema = z
  .object({ id: z.string(), code: z.string(), name: z.string() })
  .nullable()
  .describe('The customer’s id, code and name; null when the registry no longer has it');

/** A complaint as the queue lists it. */
export const ComplaintSchema = z.object({
  id: z.string(),
  number: z.string().describe('The complaint number, e.g. TS-2026-00001'),
  customerId: z.string(),
  contactId: Ref,
  channel: z.enum(CHANNELS),
  receivedAt: Timestamp,
  category: z.string(),
  subject: z.string(),
  description: z.string(),
  customerRequest: Ref,
  references: z.object({ product: Ref, batch: Ref, order: Ref, invoiceId: Ref }),
  severity: z.enum(SEVERITIES),
  emotion: z.enum(EMOTIONS),
  rmlsp: z.object({ steps: z.array(z.enum(RMLSP_STEPS)), by: z.string().nullable() }),
  nature: z.enum(NATURES).nullable(),
  keyReasons: z.array(z.string()).describe('Why the complaint is key (extreme emotion, key account, …)'),
  natureNote: Ref,
  legalAction: Ref,
  handlerId: z.string(),
  state: z.enum(STATES),
  investigation: z.object({ cause: z.string(), evidence: z.array(z.string()) }).nullable(),
  responsibility: z
    .object({
      party: z.enum(RESPONSIBLE_PARTIES),
      responsibleName: Ref,
      rootCause: z.string(),
    })
    .nullable(),
  reply: z
    .object({
      text: z.string(),
      channel: z.enum(CHANNELS),
      at: Timestamp,
      customerAccepted: z.boolean().nullable(),
    })
    .nullable(),
  returnVisitDueOn: DateString.nullable(),
  duplicateOf: Ref,
  reopenCount: Count,
  satisfied: z.boolean().nullable(),
  closedAt: Timestamp.nullable(),
  sla: SlaSchema,
  createdBy: Ref,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int().positive(),
});

export const ComplaintPageSchema = pageOf(ComplaintSchema.extend({ customer: CustomerRefSchema }));

// Remedies: what was decided for the customer, its approval and its claim.

export const RemedySchema = z.object({
  id: z.string(),
  complaintId: z.string(),
  kind: z.enum(REMEDY_KINDS),
  description: z.string(),
  amount: z.number().int().nullable().describe('Minor units (分/cents) in `currency`'),
  currency: z.string().length(3).nullable(),
  invoiceId: Ref,
  thirdParty: Ref,
  status: z.enum(REMEDY_STATUSES),
  creditNoteId: Ref.describe('The credit note receivables issued for an approved refund or compensation'),
  requestedBy: Ref,
  decidedBy: Ref,
  decidedAt: Timestamp.nullable(),
  decisionNote: Ref.describe('The approver’s note; a rejection’s reason'),
  createdAt: Timestamp,
});

export const RemedyListSchema = z.object({ items: z.array(RemedySchema) });

export const PendingRemedyListSchema = z.object({
  items: z.array(
    RemedySchema.extend({
      complaint: z.object({ id: z.string(), number: z.string(), subject: z.string() }),
      ownRequest: z.boolean().describe('The caller asked for it, so someone else decides'),
    }),
  ),
});

const HistoryEntrySchema = z.object({
  kind: z.string().describe('A transition’s name, `contact`, `nature`, `reassigned`, …'),
  from: z.enum(STATES).nullable().describe('The state a transition left'),
  to: z.enum(STATES).nullable().describe('The state a transition entered'),
  actorId: Ref,
  note: Ref,
  data: z.record(z.string(), z.unknown()).nullable(),
  at: Timestamp,
});

/** One complaint with its history, remedies and what the caller may do next. */
export const ComplaintDetailSchema = ComplaintSchema.extend({
  customer: CustomerRefSchema,
  history: z.array(HistoryEntrySchema),
  remedies: z.array(RemedySchema),
  allowedTransitions: z.array(z.string()).describe('The transitions the caller may make now'),
});

// Systemic issues (普遍性判断).

export const SystemicIssueSchema = z.object({
  id: z.string(),
  category: z.string(),
  reference: z.string().describe('The product, batch or order the complaints share'),
  status: z.enum(['open', 'assessed', 'closed']),
  assessment: z.enum(['isolated', 'widespread']).nullable(),
  policyChange: Ref,
  ownerId: Ref,
  customerCount: Count,
  complaintIds: z.array(z.string()),
  openedAt: Timestamp,
  closedAt: Timestamp.nullable(),
});

export const SystemicIssueListSchema = z.object({ items: z.array(SystemicIssueSchema) });

// Settings: categories, the working calendar, SLA policies.

export const CategorySchema = z.object({
  code: z.string(),
  labels: z.object({ en: z.string(), 'zh-CN': z.string() }),
  builtIn: z.boolean(),
  active: z.boolean(),
});

export const CategoryListSchema = z.object({ items: z.array(CategorySchema) });

export const CalendarSchema = workingCalendarSchema.extend({
  version: Count.describe('Send it back when saving; 0 before the first save'),
});

export const SlaPolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  enabled: z.boolean(),
  position: z.number().int(),
  conditions: SlaConditions,
  targets: SlaTargets,
  escalation: Escalation,
  updatedAt: Timestamp,
  version: z.number().int().positive(),
});

export const SlaPolicyListSchema = z.object({ items: z.array(SlaPolicySchema) });

// Analysis.

export const ReportSchema = z.object({
  from: DateString,
  to: DateString,
  by: z.string(),
  activeCustomers: Count,
  invoices: Count.nullable(),
  rows: z.array(
    z.object({
      group: z.string(),
      complaints: Count,
      customers: Count,
      avgResponseMinutes: z.number().nullable(),
      p90ResponseMinutes: z.number().nullable(),
      avgResolutionMinutes: z.number().nullable(),
      p90ResolutionMinutes: z.number().nullable(),
      slaAttainment: z.number().min(0).max(1).nullable().describe('Share that met the resolution target'),
      reopenRate: z.number().min(0),
      per100Customers: z.number().nullable(),
      per100Invoices: z.number().nullable(),
      compensation: z.array(z.object({ currency: z.string().length(3), amount: z.number().int() })),
    }),
  ),
});
