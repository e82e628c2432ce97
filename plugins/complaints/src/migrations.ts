import type { Migration } from '@kehu/core';

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
];
