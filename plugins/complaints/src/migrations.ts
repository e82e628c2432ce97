import { createTables, type Migration, sql } from '@kehu/core';
import { DEFAULT_ESCALATION, DEFAULT_POLICY_ID, DEFAULT_TARGETS } from './sla-defaults.js';

/** One set of migrations for SQLite and PostgreSQL; append new ones, never edit an applied one. */
export const complaintsMigrations: Migration[] = [
  {
    name: '001_complaints',
    async up(db, dialect) {
      await createTables(db, dialect, [
        {
          name: 'cmp_complaint',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['number', 'varchar(32)', 'notNull', 'unique'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['contact_id', 'varchar(32)'],
            ['channel', 'varchar(20)', 'notNull'],
            ['received_at', 'varchar(30)', 'notNull'],
            ['category', 'varchar(64)', 'notNull'],
            ['subject', 'varchar(200)', 'notNull'],
            ['description', 'text', 'notNull'],
            ['customer_request', 'text'],
            ['product_ref', 'varchar(100)'],
            ['batch_ref', 'varchar(100)'],
            ['order_ref', 'varchar(100)'],
            ['invoice_id', 'varchar(32)'],
            ['severity', 'varchar(10)', 'notNull'],
            ['emotion', 'varchar(10)', 'notNull'],
            ['rmlsp', 'text', 'notNull'],
            ['nature', 'varchar(10)'],
            ['key_reasons', 'text', 'notNull'],
            ['nature_note', 'text'],
            ['legal_action', 'text'],
            ['handler_id', 'varchar(32)', 'notNull'],
            ['state', 'varchar(20)', 'notNull'],
            ['resume_state', 'varchar(20)'],
            ['cause', 'text'],
            ['evidence', 'text'],
            ['responsible_party', 'varchar(20)'],
            ['responsible_name', 'varchar(200)'],
            ['root_cause', 'text'],
            ['reply_text', 'text'],
            ['reply_channel', 'varchar(20)'],
            ['replied_at', 'varchar(30)'],
            ['return_visit_due_on', 'varchar(10)'],
            ['duplicate_of', 'varchar(32)'],
            ['reopen_count', 'integer', 'notNull', { default: 0 }],
            ['satisfied', 'integer'],
            ['closed_at', 'varchar(30)'],
            // The SLA clock: its start, the policy that sets its targets, the working time spent paused.
            ['sla_policy_id', 'varchar(32)'],
            ['sla_started_at', 'varchar(30)', 'notNull'],
            ['sla_paused_ms', 'bigint', 'notNull', { default: 0 }],
            ['sla_paused_since', 'varchar(30)'],
            ['response_due_at', 'varchar(30)'],
            ['resolution_due_at', 'varchar(30)'],
            ['responded_at', 'varchar(30)'],
            ['resolved_at', 'varchar(30)'],
            ['response_breached', 'integer', 'notNull', { default: 0 }],
            ['resolution_breached', 'integer', 'notNull', { default: 0 }],
            ['open', 'integer', 'notNull', { default: 1 }],
            ['created_by', 'varchar(32)'],
            ['created_at', 'varchar(30)', 'notNull'],
            ['updated_at', 'varchar(30)', 'notNull'],
            ['version', 'integer', 'notNull', { default: 1 }],
          ],
          indexes: [
            ['cmp_complaint_customer', ['customer_id', 'open']],
            ['cmp_complaint_queue', ['open', 'received_at', 'id']],
            ['cmp_complaint_handler', ['handler_id', 'open', 'received_at']],
          ],
        },
      ]);
    },
  },
  {
    name: '002_workflow_sla',
    async up(db, dialect) {
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
      await createTables(db, dialect, [
        // What happened to a complaint, in order: transitions, contacts, remedies, reassignments.
        {
          name: 'cmp_event',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['complaint_id', 'varchar(32)', 'notNull'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['kind', 'varchar(32)', 'notNull'],
            ['from_state', 'varchar(20)'],
            ['to_state', 'varchar(20)'],
            ['actor_id', 'varchar(32)'],
            ['note', 'text'],
            ['data', 'text'],
            ['at', 'varchar(30)', 'notNull'],
          ],
          indexes: [
            ['cmp_event_complaint', ['complaint_id', 'at']],
            ['cmp_event_customer', ['customer_id', 'at']],
          ],
        },
        {
          name: 'cmp_remedy',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['complaint_id', 'varchar(32)', 'notNull'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['kind', 'varchar(20)', 'notNull'],
            ['description', 'text', 'notNull'],
            ['amount', 'bigint'],
            ['currency', 'varchar(3)'],
            ['invoice_id', 'varchar(32)'],
            ['third_party', 'varchar(200)'],
            ['status', 'varchar(20)', 'notNull'],
            ['credit_note_id', 'varchar(32)'],
            ['requested_by', 'varchar(32)'],
            ['decided_by', 'varchar(32)'],
            ['decided_at', 'varchar(30)'],
            ['decision_note', 'text'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          indexes: [['cmp_remedy_complaint', ['complaint_id']]],
        },
        {
          name: 'cmp_sla_policy',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['name', 'varchar(100)', 'notNull'],
            ['is_default', 'integer', 'notNull', { default: 0 }],
            ['enabled', 'integer', 'notNull', { default: 1 }],
            ['position', 'integer', 'notNull'],
            ['conditions', 'text', 'notNull'],
            ['targets', 'text', 'notNull'],
            ['escalation', 'text', 'notNull'],
            ['updated_at', 'varchar(30)', 'notNull'],
            ['version', 'integer', 'notNull', { default: 1 }],
          ],
        },
      ]);
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
      await createTables(db, dialect, [
        {
          name: 'cmp_category',
          columns: [
            ['code', 'varchar(64)', 'primaryKey'],
            ['label_en', 'varchar(100)', 'notNull'],
            ['label_zh', 'varchar(100)', 'notNull'],
            ['active', 'integer', 'notNull', { default: 1 }],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
        },
        {
          name: 'cmp_sequence',
          columns: [
            ['year', 'varchar(4)', 'primaryKey'],
            ['last', 'integer', 'notNull'],
          ],
        },
        {
          name: 'cmp_setting',
          columns: [
            ['key', 'varchar(64)', 'primaryKey'],
            ['value', 'text', 'notNull'],
            ['updated_at', 'varchar(30)', 'notNull'],
          ],
        },
        {
          name: 'cmp_systemic_issue',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['category', 'varchar(64)', 'notNull'],
            ['reference', 'varchar(100)', 'notNull'],
            ['status', 'varchar(20)', 'notNull'],
            ['assessment', 'varchar(20)'],
            ['policy_change', 'text'],
            ['owner_id', 'varchar(32)'],
            ['customer_count', 'integer', 'notNull'],
            ['opened_at', 'varchar(30)', 'notNull'],
            ['closed_at', 'varchar(30)'],
            ['updated_at', 'varchar(30)', 'notNull'],
          ],
        },
        {
          name: 'cmp_systemic_link',
          columns: [
            ['issue_id', 'varchar(32)', 'notNull'],
            ['complaint_id', 'varchar(32)', 'notNull'],
          ],
          primaryKey: ['cmp_systemic_link_pk', ['issue_id', 'complaint_id']],
          indexes: [['cmp_systemic_link_complaint', ['complaint_id']]],
        },
      ]);
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
