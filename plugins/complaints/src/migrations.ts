import { type Migration, sql } from '@kehu/core';
import { DEFAULT_ESCALATION, DEFAULT_POLICY_ID, DEFAULT_TARGETS } from './sla-defaults.js';

/** One set of migrations for SQLite and PostgreSQL; append new ones, never edit an applied one. */
export const complaintsMigrations: Migration[] = [
  {
    name: '001_complaints',
    async up(db) {
      await db.schema
        .createTable('cmp_complaint')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('number', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('contact_id', 'varchar(32)')
        .addColumn('channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('received_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('category', 'varchar(64)', (c) => c.notNull())
        .addColumn('subject', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('customer_request', 'text')
        .addColumn('product_ref', 'varchar(100)')
        .addColumn('batch_ref', 'varchar(100)')
        .addColumn('order_ref', 'varchar(100)')
        .addColumn('invoice_id', 'varchar(32)')
        .addColumn('severity', 'varchar(10)', (c) => c.notNull())
        .addColumn('emotion', 'varchar(10)', (c) => c.notNull())
        .addColumn('rmlsp', 'text', (c) => c.notNull())
        .addColumn('nature', 'varchar(10)')
        .addColumn('key_reasons', 'text', (c) => c.notNull())
        .addColumn('nature_note', 'text')
        .addColumn('legal_action', 'text')
        .addColumn('handler_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('state', 'varchar(20)', (c) => c.notNull())
        .addColumn('resume_state', 'varchar(20)')
        .addColumn('cause', 'text')
        .addColumn('evidence', 'text')
        .addColumn('responsible_party', 'varchar(20)')
        .addColumn('responsible_name', 'varchar(200)')
        .addColumn('root_cause', 'text')
        .addColumn('reply_text', 'text')
        .addColumn('reply_channel', 'varchar(20)')
        .addColumn('replied_at', 'varchar(30)')
        .addColumn('return_visit_due_on', 'varchar(10)')
        .addColumn('duplicate_of', 'varchar(32)')
        .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('satisfied', 'integer')
        .addColumn('closed_at', 'varchar(30)')
        // The SLA clock: its start, the policy that sets its targets, the working time spent paused.
        .addColumn('sla_policy_id', 'varchar(32)')
        .addColumn('sla_started_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('sla_paused_ms', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('sla_paused_since', 'varchar(30)')
        .addColumn('response_due_at', 'varchar(30)')
        .addColumn('resolution_due_at', 'varchar(30)')
        .addColumn('responded_at', 'varchar(30)')
        .addColumn('resolved_at', 'varchar(30)')
        .addColumn('response_breached', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('resolution_breached', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('open', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .createIndex('cmp_complaint_customer')
        .on('cmp_complaint')
        .columns(['customer_id', 'open'])
        .execute();
      await db.schema
        .createIndex('cmp_complaint_queue')
        .on('cmp_complaint')
        .columns(['open', 'received_at', 'id'])
        .execute();
      await db.schema
        .createIndex('cmp_complaint_handler')
        .on('cmp_complaint')
        .columns(['handler_id', 'open', 'received_at'])
        .execute();
    },
  },
  {
    name: '002_workflow_sla',
    async up(db) {
      for (const [name, type] of [
        ['response_target_ms', 'bigint'],
        ['resolution_target_ms', 'bigint'],
        ['response_level', 'integer'],
        ['resolution_level', 'integer'],
        ['sla_next_at', 'varchar(30)'],
        ['nature_reason', 'text'],
        ['customer_accepted', 'integer'],
        // Working time from receipt to the response and to the resolution, fixed when each is met.
        ['response_working_ms', 'bigint'],
        ['resolution_working_ms', 'bigint'],
      ] as const) {
        await db.schema
          .alterTable('cmp_complaint')
          .addColumn(name, type, (c) =>
            type === 'integer' && name.endsWith('_level') ? c.notNull().defaultTo(0) : c,
          )
          .execute();
      }
      await db.schema
        .createIndex('cmp_complaint_sla_next')
        .on('cmp_complaint')
        .columns(['sla_next_at'])
        .execute();
      await db.schema
        .createIndex('cmp_complaint_systemic')
        .on('cmp_complaint')
        .columns(['category', 'product_ref', 'received_at'])
        .execute();
      // What happened to a complaint, in order: transitions, contacts, remedies, reassignments.
      await db.schema
        .createTable('cmp_event')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('complaint_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('from_state', 'varchar(20)')
        .addColumn('to_state', 'varchar(20)')
        .addColumn('actor_id', 'varchar(32)')
        .addColumn('note', 'text')
        .addColumn('data', 'text')
        .addColumn('at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('cmp_event_complaint')
        .on('cmp_event')
        .columns(['complaint_id', 'at'])
        .execute();
      await db.schema
        .createIndex('cmp_event_customer')
        .on('cmp_event')
        .columns(['customer_id', 'at'])
        .execute();
      await db.schema
        .createTable('cmp_remedy')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('complaint_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint')
        .addColumn('currency', 'varchar(3)')
        .addColumn('invoice_id', 'varchar(32)')
        .addColumn('third_party', 'varchar(200)')
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('credit_note_id', 'varchar(32)')
        .addColumn('requested_by', 'varchar(32)')
        .addColumn('decided_by', 'varchar(32)')
        .addColumn('decided_at', 'varchar(30)')
        .addColumn('decision_note', 'text')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('cmp_remedy_complaint')
        .on('cmp_remedy')
        .columns(['complaint_id'])
        .execute();
      await db.schema
        .createTable('cmp_sla_policy')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('conditions', 'text', (c) => c.notNull())
        .addColumn('targets', 'text', (c) => c.notNull())
        .addColumn('escalation', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db
        .insertInto('cmp_sla_policy')
        .values({
          id: DEFAULT_POLICY_ID,
          name: 'Default',
          is_default: 1,
          enabled: 1,
          position: 1_000_000,
          conditions: '{}',
          targets: JSON.stringify(DEFAULT_TARGETS),
          escalation: JSON.stringify(DEFAULT_ESCALATION),
          updated_at: '2026-01-01T00:00:00.000Z',
        })
        .execute();
      await db.schema
        .createTable('cmp_category')
        .addColumn('code', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('label_en', 'varchar(100)', (c) => c.notNull())
        .addColumn('label_zh', 'varchar(100)', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cmp_sequence')
        .addColumn('year', 'varchar(4)', (c) => c.primaryKey())
        .addColumn('last', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cmp_setting')
        .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cmp_systemic_issue')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('category', 'varchar(64)', (c) => c.notNull())
        .addColumn('reference', 'varchar(100)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('assessment', 'varchar(20)')
        .addColumn('policy_change', 'text')
        .addColumn('owner_id', 'varchar(32)')
        .addColumn('customer_count', 'integer', (c) => c.notNull())
        .addColumn('opened_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('closed_at', 'varchar(30)')
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cmp_systemic_link')
        .addColumn('issue_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('complaint_id', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('cmp_systemic_link_pk', ['issue_id', 'complaint_id'])
        .execute();
      await db.schema
        .createIndex('cmp_systemic_link_complaint')
        .on('cmp_systemic_link')
        .columns(['complaint_id'])
        .execute();
    },
  },
  {
    name: '003_handler_queue_index',
    async up(db) {
      // "Mine" orders like the queue (received_at, id): with the id in the index no database sorts.
      await db.schema.dropIndex('cmp_complaint_handler').execute();
      await db.schema
        .createIndex('cmp_complaint_handler_queue')
        .on('cmp_complaint')
        .columns(['handler_id', 'open', 'received_at', 'id'])
        .execute();
    },
  },
  {
    name: '004_queue_due_index',
    async up(db) {
      // The queue sorted by resolution due time reads this index in order: the expression is queue.ts's
      // sort key to the letter (none due sorts last), or neither database would match it.
      await db.schema
        .createIndex('cmp_complaint_queue_due')
        .on('cmp_complaint')
        .expression(sql`"open", coalesce("resolution_due_at", '9999-12-31T23:59:59.999Z'), "id"`)
        .execute();
    },
  },
  {
    name: '005_setting_version',
    async up(db) {
      // The calendar's save names the version it was made from (see calendar.ts).
      await db.schema
        .alterTable('cmp_setting')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
    },
  },
];
