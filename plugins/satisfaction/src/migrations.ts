import type { Migration } from '@kehu/core';

type Db = Parameters<Migration['up']>[0];
type ColumnType = Parameters<ReturnType<Db['schema']['createTable']>['addColumn']>[1];
type Builder = Parameters<Parameters<ReturnType<Db['schema']['createTable']>['addColumn']>[2] & {}>[0];

const PK = (c: Builder) => c.primaryKey();
const NN = (c: Builder) => c.notNull();
const UNIQUE = (c: Builder) => c.unique();
const NN_UNIQUE = (c: Builder) => c.notNull().unique();

/** A table as its migration creates it: columns in order, at most one unique or primary-key constraint, its indexes. */
interface Table {
  name: string;
  columns: [name: string, type: ColumnType, modifier?: (c: Builder) => Builder][];
  unique?: [name: string, columns: string[]];
  primaryKey?: [name: string, columns: string[]];
  indexes?: [name: string, columns: string[]][];
}

/** Version 1 of the plugin's tables, all prefixed `sat_`. */
const TABLES: Table[] = [
  // One row per version of an indicator system; versions of one system share `family_id`.
  {
    name: 'sat_system',
    columns: [
      ['id', 'varchar(32)', PK],
      ['family_id', 'varchar(32)', NN],
      ['version', 'integer', NN],
      ['name', 'text', NN],
      ['description', 'text'],
      ['status', 'varchar(16)', NN],
      ['created_at', 'varchar(30)', NN],
      ['created_by', 'varchar(32)'],
      ['published_at', 'varchar(30)'],
      ['published_by', 'varchar(32)'],
    ],
    unique: ['sat_system_family_version', ['family_id', 'version']],
  },
  {
    name: 'sat_indicator',
    columns: [
      ['id', 'varchar(32)', PK],
      ['system_id', 'varchar(32)', NN],
      ['parent_id', 'varchar(32)'],
      // Stable across versions of a system: scores of one indicator compare across versions.
      ['code', 'varchar(64)', NN],
      ['level', 'integer', NN],
      ['position', 'integer', NN],
      ['name', 'text', NN],
      ['kind', 'varchar(16)', NN],
      ['step', 'varchar(16)', NN],
      ['local_weight', 'double precision'],
    ],
    unique: ['sat_indicator_code', ['system_id', 'code']],
  },
  // How one sibling group (the children of `parent_key`, '' for the top) was weighted.
  {
    name: 'sat_weight_group',
    columns: [
      ['system_id', 'varchar(32)', NN],
      ['parent_key', 'varchar(32)', NN],
      ['method', 'varchar(16)', NN],
      ['order_ids', 'text'],
      ['matrix', 'text'],
      ['lambda_max', 'double precision'],
      ['ci', 'double precision'],
      ['cr', 'double precision'],
      ['accepted_reason', 'text'],
      ['updated_at', 'varchar(30)', NN],
      ['updated_by', 'varchar(32)'],
    ],
    primaryKey: ['sat_weight_group_pk', ['system_id', 'parent_key']],
  },
  {
    name: 'sat_questionnaire',
    columns: [
      ['id', 'varchar(32)', PK],
      ['family_id', 'varchar(32)', NN],
      ['version', 'integer', NN],
      ['title', 'text', NN],
      ['intro', 'text'],
      ['system_id', 'varchar(32)'],
      ['created_at', 'varchar(30)', NN],
      ['created_by', 'varchar(32)'],
      // Set by the first response: the version no longer changes.
      ['frozen_at', 'varchar(30)'],
    ],
    unique: ['sat_questionnaire_family_version', ['family_id', 'version']],
  },
  {
    name: 'sat_question',
    columns: [
      ['id', 'varchar(32)', PK],
      ['questionnaire_id', 'varchar(32)', NN],
      ['position', 'integer', NN],
      ['type', 'varchar(16)', NN],
      ['text', 'text', NN],
      ['required', 'integer', NN],
      ['indicator_id', 'varchar(32)'],
      ['scale_min', 'integer'],
      ['scale_max', 'integer'],
      ['options', 'text'],
      ['overall', 'integer', NN],
    ],
    indexes: [['sat_question_questionnaire', ['questionnaire_id', 'position']]],
  },
  {
    name: 'sat_campaign',
    columns: [
      ['id', 'varchar(32)', PK],
      ['name', 'text', NN],
      ['questionnaire_id', 'varchar(32)', NN],
      ['status', 'varchar(16)', NN],
      ['schedule', 'varchar(16)', NN],
      ['trigger_on', 'varchar(32)'],
      ['target', 'text', NN],
      ['contact_rule', 'text', NN],
      ['language', 'varchar(8)', NN],
      ['starts_on', 'varchar(10)'],
      ['last_run', 'varchar(16)'],
      ['created_at', 'varchar(30)', NN],
      ['created_by', 'varchar(32)'],
      ['completed_at', 'varchar(30)'],
    ],
  },
  {
    name: 'sat_invitation',
    columns: [
      ['id', 'varchar(32)', PK],
      ['campaign_id', 'varchar(32)', NN],
      ['run_key', 'varchar(64)', NN],
      ['customer_id', 'varchar(32)', NN],
      ['contact_id', 'varchar(32)', NN],
      // SHA-256 of the first link's token; a reminder's token is in sat_invitation_token.
      ['token_hash', 'varchar(64)', NN_UNIQUE],
      ['complaint_id', 'varchar(32)'],
      ['return_visit', 'integer', NN],
      ['lang', 'varchar(8)', NN],
      ['status', 'varchar(16)', NN],
      ['invited_at', 'varchar(30)', NN],
      ['invited_on', 'varchar(10)', NN],
      ['expires_at', 'varchar(30)', NN],
      ['reminders_sent', 'integer', NN],
      ['last_sent_on', 'varchar(10)', NN],
      ['opened_at', 'varchar(30)'],
      ['submitted_at', 'varchar(30)'],
    ],
    unique: ['sat_invitation_once', ['campaign_id', 'contact_id', 'run_key']],
    indexes: [
      ['sat_invitation_contact', ['contact_id', 'invited_on']],
      ['sat_invitation_customer', ['customer_id', 'status']],
    ],
  },
  // Each reminder sends a fresh random token; only hashes are kept.
  {
    name: 'sat_invitation_token',
    columns: [
      ['token_hash', 'varchar(64)', PK],
      ['invitation_id', 'varchar(32)', NN],
      ['created_at', 'varchar(30)', NN],
    ],
    indexes: [['sat_invitation_token_invitation', ['invitation_id']]],
  },
  {
    name: 'sat_opt_out',
    columns: [
      ['contact_id', 'varchar(32)', PK],
      ['customer_id', 'varchar(32)', NN],
      ['at', 'varchar(30)', NN],
      ['invitation_id', 'varchar(32)'],
    ],
  },
  {
    name: 'sat_response',
    columns: [
      ['id', 'varchar(32)', PK],
      ['invitation_id', 'varchar(32)', UNIQUE],
      ['campaign_id', 'varchar(32)', NN],
      ['questionnaire_id', 'varchar(32)', NN],
      ['system_id', 'varchar(32)'],
      ['customer_id', 'varchar(32)', NN],
      ['contact_id', 'varchar(32)'],
      ['complaint_id', 'varchar(32)'],
      ['status', 'varchar(16)', NN],
      ['lang', 'varchar(8)', NN],
      ['started_at', 'varchar(30)', NN],
      ['submitted_at', 'varchar(30)'],
      ['submitted_on', 'varchar(10)'],
      ['csi', 'double precision'],
      ['csat', 'double precision'],
      ['nps', 'integer'],
      ['ces', 'double precision'],
      ['low_reasons', 'text'],
      // The customer's segment when it answered: reports group by what the customer was then.
      ['seg_kind', 'varchar(16)'],
      ['seg_region', 'varchar(100)'],
      ['seg_owner', 'varchar(32)'],
      ['seg_tier', 'varchar(8)'],
    ],
    indexes: [
      ['sat_response_customer', ['customer_id', 'submitted_at']],
      ['sat_response_campaign', ['campaign_id', 'status']],
    ],
  },
  {
    name: 'sat_answer',
    columns: [
      ['response_id', 'varchar(32)', NN],
      ['question_id', 'varchar(32)', NN],
      ['value', 'double precision'],
      ['expectation', 'double precision'],
      ['choices', 'text'],
      ['text', 'text'],
    ],
    primaryKey: ['sat_answer_pk', ['response_id', 'question_id']],
  },
  // Sums per month, campaign and one segment dimension (kind, region, owner, tier, or '' for all),
  // kept with every submission: reports read these cells, not the responses.
  {
    name: 'sat_score_cell',
    columns: [
      ['month', 'varchar(7)', NN],
      ['campaign_id', 'varchar(32)', NN],
      ['dimension', 'varchar(16)', NN],
      ['value', 'varchar(100)', NN],
      ['responses', 'bigint', NN],
      ['nps_n', 'bigint', NN],
      ['promoters', 'bigint', NN],
      ['detractors', 'bigint', NN],
      ['csat_n', 'bigint', NN],
      ['csat_top', 'bigint', NN],
      ['ces_n', 'bigint', NN],
      ['ces_sum', 'double precision', NN],
      ['ces_top', 'bigint', NN],
      ['csi_n', 'bigint', NN],
      ['csi_sum', 'double precision', NN],
    ],
    primaryKey: ['sat_score_cell_pk', ['dimension', 'month', 'campaign_id', 'value']],
  },
  {
    name: 'sat_interview',
    columns: [
      ['id', 'varchar(32)', PK],
      ['customer_id', 'varchar(32)'],
      ['held_on', 'varchar(10)', NN],
      ['title', 'text', NN],
      ['participants', 'text', NN],
      ['findings', 'text', NN],
      ['indicator_ids', 'text', NN],
      ['created_at', 'varchar(30)', NN],
      ['created_by', 'varchar(32)'],
    ],
  },
];

async function createTable(db: Db, t: Table): Promise<void> {
  let q = db.schema.createTable(t.name);
  for (const [name, type, modifier] of t.columns) q = q.addColumn(name, type, modifier);
  // The builder types constraint columns by the columns it has seen; added in a loop it has seen none.
  if (t.unique) q = q.addUniqueConstraint(t.unique[0], t.unique[1] as never[]);
  if (t.primaryKey) q = q.addPrimaryKeyConstraint(t.primaryKey[0], t.primaryKey[1] as never[]);
  await q.execute();
  for (const [name, columns] of t.indexes ?? [])
    await db.schema.createIndex(name).on(t.name).columns(columns).execute();
}

/** The plugin's migrations; a later change to the tables is a new entry, never an edit of `TABLES`. */
export const satisfactionMigrations: Migration[] = [
  {
    name: '001_satisfaction',
    async up(db) {
      for (const table of TABLES) await createTable(db, table);
    },
  },
];
