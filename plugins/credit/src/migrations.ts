import { createTables, type Migration } from '@kehu/core';

// No foreign keys to the kernel's `customer`: the kernel purges customers on its own schedule, and the
// credit rows follow through the merge filter and the purge event instead of blocking them.

/** The credit plugin's tables. Append new migrations; never edit an applied one. */
export const creditMigrations: Migration[] = [
  {
    name: '001_credit',
    async up(db, dialect) {
      await createTables(db, dialect, [
        {
          name: 'credit_profile',
          columns: [
            ['customer_id', 'varchar(32)', 'primaryKey'],
            ['grade', 'varchar(10)'],
            ['score', 'double precision'],
            ['fixed_limit', 'bigint', 'notNull', { default: 0 }],
            ['currency', 'varchar(3)', 'notNull'],
            ['max_term_days', 'integer', 'notNull'],
            ['next_review_date', 'varchar(10)'],
            ['review_notified_for', 'varchar(10)'],
            ['evaluated_at', 'varchar(30)'],
            ['created_at', 'varchar(30)', 'notNull'],
            ['updated_at', 'varchar(30)', 'notNull'],
            ['version', 'integer', 'notNull', { default: 1 }],
          ],
          indexes: [['credit_profile_review', ['next_review_date', 'customer_id']]],
        },
        {
          name: 'credit_hold',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['reason', 'varchar(30)', 'notNull'],
            ['source_ref', 'varchar(64)'],
            ['note', 'text'],
            ['placed_at', 'varchar(30)', 'notNull'],
            ['placed_by', 'varchar(32)'],
            ['released_at', 'varchar(30)'],
            ['released_by', 'varchar(32)'],
            ['release_note', 'text'],
          ],
          indexes: [
            // One active hold per reason: redelivered events and racing subscribers cannot stack holds.
            {
              name: 'credit_hold_active',
              columns: ['customer_id', 'reason'],
              unique: true,
              where: [['released_at', 'is', null]],
            },
            ['credit_hold_customer', ['customer_id', 'id']],
          ],
        },
        {
          name: 'credit_investigation',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['source', 'varchar(30)', 'notNull'],
            ['source_name', 'varchar(200)'],
            ['investigated_on', 'varchar(10)', 'notNull'],
            ['findings', 'text', 'notNull'],
            ['created_by', 'varchar(32)', 'notNull'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          indexes: [['credit_investigation_customer', ['customer_id', 'id']]],
        },
        {
          name: 'credit_evaluation',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['origin', 'varchar(20)', 'notNull'],
            ['source_ref', 'varchar(64)'],
            ['factors', 'text'],
            ['score', 'double precision'],
            ['proposed_grade', 'varchar(10)', 'notNull'],
            ['previous_grade', 'varchar(10)'],
            ['status', 'varchar(20)', 'notNull'],
            ['note', 'text'],
            ['investigation_ids', 'text', 'notNull', { default: '[]' }],
            ['created_by', 'varchar(32)'],
            ['created_at', 'varchar(30)', 'notNull'],
            ['decided_by', 'varchar(32)'],
            ['decided_at', 'varchar(30)'],
            ['decision_note', 'text'],
          ],
          indexes: [
            ['credit_evaluation_customer', ['customer_id', 'id']],
            ['credit_evaluation_status', ['status', 'id']],
            // A written-off invoice proposes one downgrade, however often its event is delivered.
            {
              name: 'credit_evaluation_source',
              columns: ['customer_id', 'origin', 'source_ref'],
              unique: true,
            },
          ],
        },
        {
          name: 'credit_limit_request',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['kind', 'varchar(20)', 'notNull'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['from_customer_id', 'varchar(32)'],
            ['amount', 'bigint', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['previous_limit', 'bigint'],
            ['expires_at', 'varchar(30)'],
            ['reason', 'text', 'notNull'],
            ['status', 'varchar(20)', 'notNull'],
            ['requested_by', 'varchar(32)', 'notNull'],
            ['requested_at', 'varchar(30)', 'notNull'],
            ['decided_by', 'varchar(32)'],
            ['decided_at', 'varchar(30)'],
            ['decision_note', 'text'],
          ],
          indexes: [
            ['credit_limit_request_customer', ['customer_id', 'kind', 'status']],
            ['credit_limit_request_status', ['status', 'id']],
          ],
        },
        {
          name: 'credit_override',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['amount_cap', 'bigint', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['expires_at', 'varchar(30)', 'notNull'],
            ['reason', 'text', 'notNull'],
            ['granted_by', 'varchar(32)', 'notNull'],
            ['granted_at', 'varchar(30)', 'notNull'],
            ['used_at', 'varchar(30)'],
            ['used_amount', 'bigint'],
            ['used_by', 'varchar(32)'],
            ['invoice_id', 'varchar(64)'],
            ['revoked_at', 'varchar(30)'],
            ['revoked_by', 'varchar(32)'],
          ],
          indexes: [['credit_override_customer', ['customer_id', 'id']]],
        },
        {
          name: 'credit_history',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['at', 'varchar(30)', 'notNull'],
            ['type', 'varchar(60)', 'notNull'],
            ['title', 'varchar(300)', 'notNull'],
            ['data', 'text', 'notNull'],
          ],
          indexes: [['credit_history_customer', ['customer_id', 'at', 'id']]],
        },
        {
          name: 'credit_policy',
          columns: [
            ['id', 'varchar(20)', 'primaryKey'],
            ['document', 'text', 'notNull'],
            ['version', 'integer', 'notNull'],
            ['updated_at', 'varchar(30)', 'notNull'],
            ['updated_by', 'varchar(32)'],
          ],
        },
        {
          name: 'credit_event_receipt',
          columns: [
            ['subscriber', 'varchar(100)', 'notNull'],
            ['event_id', 'varchar(32)', 'notNull'],
            ['processed_at', 'varchar(30)', 'notNull'],
          ],
          primaryKey: ['credit_event_receipt_pk', ['subscriber', 'event_id']],
        },
      ]);
    },
  },
];
