import { z } from 'zod';
import { USER_LANGUAGES } from '../auth/user-store.js';
import { CursorParam, limitParam, listQuery, pageOf } from '../http/list.js';
import { GRANT_STATUSES } from './access-grants.js';
import { COMMUNICATION_CHANNELS, COMMUNICATION_DIRECTIONS } from './communications.js';
import { CUSTOM_FIELD_KEY, CUSTOM_FIELD_TYPES } from './custom-fields.js';
import { CUSTOMER_SORTS } from './customer-list.js';
import {
  CHAIN_POSITIONS,
  COMPETITOR_RELATIONS,
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
} from './customer-record.js';
import { VALUE_SEGMENTS } from './customer-value.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const phone = z
  .string()
  .trim()
  .min(3)
  .max(50)
  .regex(/^[+0-9()\s\-－０-９（）＋]+$/, 'Digits, spaces, +, - and parentheses only');
const id = z.string().min(1).max(64);
const reason = text(2000);
const version = z.number().int().min(1).max(2_147_483_647);
const labels = z.strictObject({ en: text(200), 'zh-CN': text(200) });

export const IdParams = z.object({ id });

const optionalText = (max: number) => text(max).nullable().default(null);
/** The structured archive fields (经营管理者, 业务状况, 竞争关系); an edit replaces each whole. */
const StructuredFields = {
  managers: z
    .array(
      z.strictObject({
        name: text(200),
        title: optionalText(200),
        background: optionalText(4000).describe('Career, education, character (背景)'),
      }),
    )
    .max(50)
    .optional()
    .describe("The customer's managers and their background"),
  businessStatus: z
    .strictObject({
      salesActivity: optionalText(4000).describe('销售活动'),
      problems: optionalText(4000).describe('存在问题'),
      outlook: optionalText(4000).describe('发展前景'),
      reputation: optionalText(4000).describe('信誉'),
    })
    .optional()
    .describe('Business status; replaces the stored one as a whole'),
  competitors: z
    .array(
      z.strictObject({
        name: text(200),
        relation: z.enum(COMPETITOR_RELATIONS),
        note: optionalText(2000),
      }),
    )
    .max(50)
    .optional()
    .describe('Competitors of ours the customer deals with, and how'),
};

export const CustomerInputSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'Letters, digits, dot, dash and underscore only')
    .optional(),
  name: text(300),
  kind: z.enum(CUSTOMER_KINDS).optional(),
  internal: z.boolean().optional(),
  chainPosition: z.enum(CHAIN_POSITIONS).optional(),
  status: z.enum(CUSTOMER_STATUSES).exclude(['terminated']).optional(),
  region: text(100).nullish(),
  industry: text(100).nullish(),
  address: text(1000).nullish(),
  phone: phone.nullish(),
  email: z.email().max(320).nullish(),
  legalRepresentative: text(200).nullish(),
  source: text(100).nullish(),
  ownerId: z.string().min(1).max(32).nullish(),
  tags: z.array(text(50)).max(50).optional(),
  custom: z.record(z.string().max(50), z.unknown()).optional(),
  ...StructuredFields,
});

export const CreateCustomerBody = CustomerInputSchema.extend({
  force: z
    .boolean()
    .optional()
    .describe('Add even when a customer with the same name, phone or email exists'),
});

/** An edit: any field of the input but the owner (`POST /:id/owner` changes that), and why. */
export const UpdateCustomerBody = CustomerInputSchema.omit({ ownerId: true })
  .partial()
  .extend({
    custom: CustomerInputSchema.shape.custom.describe('Merged into the stored values; null removes one'),
    reason: z.string().max(2000).nullish().describe('Why; required unless the host turned the rule off'),
    version: version.optional().describe('The version you read; or send If-Match'),
    force: z.boolean().optional(),
  });

export const ReasonBody = z.strictObject({ reason, version: version.optional() });
/** Body of actions that need none: absent, or an object with an optional note. */
export const OptionalNoteBody = z.strictObject({ reason: text(2000).optional() }).optional();
export const OwnerBody = z.strictObject({
  ownerId: z.string().min(1).max(32).nullable(),
  reason,
  version: version.optional(),
});
export const MergeBody = z.strictObject({
  sourceId: id.describe('The duplicate that is merged away'),
  reason,
});

export const CustomerSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(CUSTOMER_KINDS),
  internal: z.boolean(),
  chainPosition: z.enum(CHAIN_POSITIONS),
  status: z.enum(CUSTOMER_STATUSES),
  region: z.string().nullable(),
  industry: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  legalRepresentative: z.string().nullable(),
  source: z.string().nullable(),
  ownerId: z.string().nullable(),
  tags: z.array(z.string()),
  custom: z.record(z.string(), z.unknown()),
  managers: z.array(
    z.object({ name: z.string(), title: z.string().nullable(), background: z.string().nullable() }),
  ),
  businessStatus: z.object({
    salesActivity: z.string().nullable(),
    problems: z.string().nullable(),
    outlook: z.string().nullable(),
    reputation: z.string().nullable(),
  }),
  competitors: z.array(
    z.object({ name: z.string(), relation: z.enum(COMPETITOR_RELATIONS), note: z.string().nullable() }),
  ),
  doNotContact: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  deletedAt: z.string().nullable(),
  terminatedAt: z.string().nullable().optional(),
  facets: z.record(z.string(), z.unknown()).optional(),
});
z.globalRegistry.add(CustomerSchema, { id: 'Customer' });

export const IncludeQuery = z.object({
  include: z
    .string()
    .max(500)
    .optional()
    .describe('Comma-separated facet names, e.g. `credit,receivables`; `*` for all'),
});

/** One value, a repeated parameter or a comma-separated list, as a list. */
const multi = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.string().max(2000), z.array(z.string().max(2000)).max(50)])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(50))
    .optional();

export const CustomerFilterQuery = z.object({
  status: multi(z.enum(CUSTOMER_STATUSES)),
  kind: multi(z.enum(CUSTOMER_KINDS)),
  owner: multi(z.string().max(32)).describe(
    'Owner ids; `me` for the caller, `none` for customers without owner',
  ),
  region: multi(z.string().max(100)),
  industry: multi(z.string().max(100)),
  tag: multi(z.string().max(50)).describe('Customers carrying every tag given'),
  internal: z.enum(['true', 'false']).optional(),
  chainPosition: z.enum(CHAIN_POSITIONS).optional(),
  valueSegment: multi(z.enum(VALUE_SEGMENTS)).describe(
    'Customers in these value segments (`high`, `potential`, `low`) as last refreshed',
  ),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('Search in name, code, phone digits and email; matches parts of Chinese names'),
  deleted: z
    .enum(['only'])
    .optional()
    .describe('`only`: deleted customers still restorable (needs customers.delete)'),
});

const customFilters = z.union([z.string().max(200), z.array(z.string().max(200)).max(20)]);

/** List and export queries; `custom.<key>=v`, `custom.<key>.from=`, `custom.<key>.to=` filter filterable custom fields. */
export const ListQuery = IncludeQuery.extend(CustomerFilterQuery.shape)
  .extend({
    sort: z.enum(CUSTOMER_SORTS).optional().describe('Default `-createdAt`'),
    limit: limitParam({ maxLimit: 200 }),
    cursor: CursorParam.optional(),
  })
  .catchall(customFilters);

export const ExportQuery = IncludeQuery.extend(CustomerFilterQuery.shape)
  .extend({
    sort: z.enum(CUSTOMER_SORTS).optional(),
    format: z.enum(['csv', 'xlsx', 'json']).default('csv'),
    lang: z.enum(['en', 'zh-CN']).default('en').describe('Language of the CSV or .xlsx header row'),
  })
  .catchall(customFilters);

export const PageQuery = listQuery({}, { maxLimit: 200 });

export const ContactBody = z.strictObject({
  name: text(200),
  title: text(200).nullish(),
  phone: phone.nullish(),
  email: z.email().max(320).nullish(),
  language: z
    .enum(USER_LANGUAGES)
    .nullish()
    .describe("The language to write to the contact in (mail from plugins); null: the company's default"),
  primary: z.boolean().optional(),
  note: text(2000).nullish(),
});

/** A contact's change: any of its fields (the name cannot be cleared), with the version read. */
export const ContactPatchBody = ContactBody.partial({ name: true }).extend({ version: version.optional() });

export const ContactSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  language: z.enum(USER_LANGUAGES).nullable(),
  primary: z.boolean(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
z.globalRegistry.add(ContactSchema, { id: 'Contact' });

export const ContactParams = z.object({ id, contactId: id });

export const CommunicationBody = z.strictObject({
  channel: z.enum(COMMUNICATION_CHANNELS),
  direction: z
    .enum(COMMUNICATION_DIRECTIONS)
    .optional()
    .describe('Default outbound; outbound is refused for do-not-contact customers'),
  occurredAt: z.iso.datetime({ offset: true }).optional().describe('When it happened; default now'),
  subject: text(300).describe('The reason for the communication (事由)'),
  process: text(10_000).nullish().describe('How it went (过程)'),
  result: text(10_000).nullish().describe('The outcome (结果)'),
  contactId: id.nullish(),
  byUserId: z.string().min(1).max(32).nullish().describe('Who spoke with the customer; default the caller'),
});

export const CommunicationSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  contactId: z.string().nullable(),
  channel: z.enum(COMMUNICATION_CHANNELS),
  direction: z.enum(COMMUNICATION_DIRECTIONS),
  occurredAt: z.string(),
  subject: z.string(),
  process: z.string().nullable(),
  result: z.string().nullable(),
  byUserId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
z.globalRegistry.add(CommunicationSchema, { id: 'Communication' });

const option = z.strictObject({ value: text(100), labels });

export const CustomFieldBody = z
  .strictObject({
    key: z.string().regex(CUSTOM_FIELD_KEY, 'A lower-case letter, then letters, digits or _ (at most 50)'),
    labels,
    type: z.enum(CUSTOM_FIELD_TYPES),
    required: z.boolean().optional(),
    filterable: z.boolean().optional(),
    options: z.array(option).min(1).max(200).optional().describe('The choices of an enum field'),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'enum' && !v.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'An enum field needs options' });
    if (v.type !== 'enum' && v.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only enum fields have options' });
    if (v.options && new Set(v.options.map((o) => o.value)).size !== v.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Option values must be unique' });
  });

export const CustomFieldPatchBody = z
  .strictObject({
    labels: labels.optional(),
    required: z.boolean().optional(),
    filterable: z.boolean().optional(),
    options: z.array(option).min(1).max(200).optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    version: version.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.options && new Set(v.options.map((o) => o.value)).size !== v.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Option values must be unique' });
  });

const labelsOut = z.object({ en: z.string(), 'zh-CN': z.string() });
export const CustomFieldSchema = z.object({
  key: z.string(),
  labels: labelsOut,
  type: z.enum(CUSTOM_FIELD_TYPES),
  required: z.boolean(),
  filterable: z.boolean(),
  options: z.array(z.object({ value: z.string(), labels: labelsOut })),
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
z.globalRegistry.add(CustomFieldSchema, { id: 'CustomField' });

export const CustomFieldParams = z.object({ key: z.string().min(1).max(50) });

export const AccessRequestBody = z.strictObject({
  reason: reason.describe('Why you need to see this customer'),
});
export const ApproveBody = z
  .strictObject({
    days: z.number().int().min(1).max(365).optional().describe('Access for this many days from now'),
    expiresAt: z.iso.datetime().optional().describe('Or until this instant (at most 365 days ahead)'),
    note: text(2000).optional(),
  })
  .refine((v) => !(v.days !== undefined && v.expiresAt !== undefined), {
    message: 'Give days or expiresAt, not both',
    path: ['expiresAt'],
  });
export const DecisionNoteBody = z.strictObject({ note: text(2000).optional() });
/** A four-eyes request's fields in a response: where it stands, who asked when, who decided when and why. */
export const approvalFields = <const S extends readonly string[]>(statuses: S) => ({
  status: z.enum(statuses),
  requestedBy: z.string().nullable(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
/** Approving a four-eyes request (a change request, a discount): no body, or a note. */
export const ApprovalNoteBody = z.strictObject({ note: z.string().trim().max(2000).optional() }).optional();
/** Rejecting one: the note saying why. */
export const RejectionNoteBody = z.strictObject({ note: text(2000) });
export const GrantParams = z.object({ grantId: id });
export const GrantListQuery = PageQuery.extend({
  status: z.enum(GRANT_STATUSES).optional(),
  customerId: id.optional(),
});
export const GrantSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  granteeId: z.string(),
  reason: z.string(),
  status: z.enum(GRANT_STATUSES),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
z.globalRegistry.add(GrantSchema, { id: 'AccessGrant' });

export const TimelineSchema = pageOf(
  z.object({
    id: z.string(),
    source: z.string(),
    at: z.string(),
    type: z.string(),
    title: z.string(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
);

export const ImportQuery = z.object({
  mode: z.enum(['all-or-nothing', 'skip-invalid']).default('all-or-nothing'),
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  force: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Import rows that duplicate existing customers'),
  sheet: z
    .string()
    .min(1)
    .max(31)
    .optional()
    .describe('The worksheet of an .xlsx upload to read; default the first'),
});

export const ImportReportSchema = z.object({
  dryRun: z.boolean(),
  mode: z.enum(['all-or-nothing', 'skip-invalid']),
  rows: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  created: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
  errorsTruncated: z.boolean(),
});
z.globalRegistry.add(ImportReportSchema, { id: 'ImportReport' });

export const EntityTypeParams = z.object({ type: z.string().min(1).max(100) });
export const EntityParams = z.object({ type: z.string().min(1).max(100), entityId: id });
export const CustomerEntityParams = z.object({ id, type: z.string().min(1).max(100) });
export const EntityExportQuery = z.object({
  format: z.enum(['csv', 'xlsx', 'json']).default('csv'),
  customerId: id.optional(),
});
