import type { Migration } from '@kehu/core';

// No foreign keys to the kernel's `customer`: the kernel purges customers on its own schedule, and the
// credit rows follow through the merge filter and the purge event instead of blocking them.

/** The credit plugin's tables. Append new migrations; never edit an applied one. */
export const creditMigrations: Migration[] = [
  {
    name: '001_credit',
    async up(db) {
      await db.schema
        .createTable('credit_profile')
        .addColumn('customer_id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('grade', 'varchar(10)')
        .addColumn('score', 'double precision')
        .addColumn('fixed_limit', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('max_term_days', 'integer', (c) => c.notNull())
        .addColumn('next_review_date', 'varchar(10)')
        .addColumn('review_notified_for', 'varchar(10)')
        .addColumn('evaluated_at', 'varchar(30)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .createIndex('credit_profile_review')
        .on('credit_profile')
        .columns(['next_review_date', 'customer_id'])
        .execute();

      await db.schema
        .createTable('credit_hold')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('reason', 'varchar(30)', (c) => c.notNull())
        .addColumn('source_ref', 'varchar(64)')
        .addColumn('note', 'text')
        .addColumn('placed_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('placed_by', 'varchar(32)')
        .addColumn('released_at', 'varchar(30)')
        .addColumn('released_by', 'varchar(32)')
        .addColumn('release_note', 'text')
        .execute();
      // One active hold per reason: redelivered events and racing subscribers cannot stack holds.
      await db.schema
        .createIndex('credit_hold_active')
        .on('credit_hold')
        .columns(['customer_id', 'reason'])
        .unique()
        .where('released_at' as never, 'is', null) // typed to the indexed columns only
        .execute();
      await db.schema
        .createIndex('credit_hold_customer')
        .on('credit_hold')
        .columns(['customer_id', 'id'])
        .execute();

      await db.schema
        .createTable('credit_investigation')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('source', 'varchar(30)', (c) => c.notNull())
        .addColumn('source_name', 'varchar(200)')
        .addColumn('investigated_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('credit_investigation_customer')
        .on('credit_investigation')
        .columns(['customer_id', 'id'])
        .execute();

      await db.schema
        .createTable('credit_evaluation')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('origin', 'varchar(20)', (c) => c.notNull())
        .addColumn('source_ref', 'varchar(64)')
        .addColumn('factors', 'text')
        .addColumn('score', 'double precision')
        .addColumn('proposed_grade', 'varchar(10)', (c) => c.notNull())
        .addColumn('previous_grade', 'varchar(10)')
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('investigation_ids', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_by', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('decided_by', 'varchar(32)')
        .addColumn('decided_at', 'varchar(30)')
        .addColumn('decision_note', 'text')
        .execute();
      await db.schema
        .createIndex('credit_evaluation_customer')
        .on('credit_evaluation')
        .columns(['customer_id', 'id'])
        .execute();
      await db.schema
        .createIndex('credit_evaluation_status')
        .on('credit_evaluation')
        .columns(['status', 'id'])
        .execute();
      // A written-off invoice proposes one downgrade, however often its event is delivered.
      await db.schema
        .createIndex('credit_evaluation_source')
        .on('credit_evaluation')
        .columns(['customer_id', 'origin', 'source_ref'])
        .unique()
        .execute();

      await db.schema
        .createTable('credit_limit_request')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('from_customer_id', 'varchar(32)')
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('previous_limit', 'bigint')
        .addColumn('expires_at', 'varchar(30)')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('requested_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('requested_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('decided_by', 'varchar(32)')
        .addColumn('decided_at', 'varchar(30)')
        .addColumn('decision_note', 'text')
        .execute();
      await db.schema
        .createIndex('credit_limit_request_customer')
        .on('credit_limit_request')
        .columns(['customer_id', 'kind', 'status'])
        .execute();
      await db.schema
        .createIndex('credit_limit_request_status')
        .on('credit_limit_request')
        .columns(['status', 'id'])
        .execute();

      await db.schema
        .createTable('credit_override')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('amount_cap', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('granted_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('used_at', 'varchar(30)')
        .addColumn('used_amount', 'bigint')
        .addColumn('used_by', 'varchar(32)')
        .addColumn('invoice_id', 'varchar(64)')
        .addColumn('revoked_at', 'varchar(30)')
        .addColumn('revoked_by', 'varchar(32)')
        .execute();
      await db.schema
        .createIndex('credit_override_customer')
        .on('credit_override')
        .columns(['customer_id', 'id'])
        .execute();

      await db.schema
        .createTable('credit_history')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('at', 'varchar(30)', (c) => c.notNull())
        .addColumn('type', 'varchar(60)', (c) => c.notNull())
        .addColumn('title', 'varchar(300)', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('credit_history_customer')
        .on('credit_history')
        .columns(['customer_id', 'at', 'id'])
        .execute();

      await db.schema
        .createTable('credit_policy')
        .addColumn('id', 'varchar(20)', (c) => c.primaryKey())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_by', 'varchar(32)')
        .execute();

      await db.schema
        .createTable('credit_event_receipt')
        .addColumn('subscriber', 'varchar(100)', (c) => c.notNull())
        .addColumn('event_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('processed_at', 'varchar(30)', (c) => c.notNull())
        .addPrimaryKeyConstraint('credit_event_receipt_pk', ['subscriber', 'event_id'])
        .execute();
    },
  },
];
