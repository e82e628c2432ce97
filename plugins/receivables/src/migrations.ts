import {
  type ColumnSpec,
  createTables,
  type IndexCondition,
  type Migration,
  type TableSpec,
} from '@kehu/core';

/** Append new migrations; never edit or rename an applied one. */
export const receivablesMigrations: Migration[] = [
  {
    name: '001_receivables',
    async up(db, dialect) {
      const money = ['total', 'paid_amount', 'credited_amount', 'written_off_amount', 'outstanding'].map(
        (name): ColumnSpec => [name, 'bigint', 'notNull', { default: 0 }],
      );
      const open: IndexCondition[] = [['outstanding', '>', 0]];
      await createTables(db, dialect, [
        {
          name: 'rcv_invoice',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['number', 'varchar(40)', 'notNull', 'unique'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['issue_date', 'varchar(10)', 'notNull'],
            ['term_days', 'integer', 'notNull'],
            ['due_date', 'varchar(10)', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['lines', 'text', 'notNull'],
            ...money,
            ['status', 'varchar(20)', 'notNull'],
            ['responsible_id', 'varchar(32)'],
            ['reference', 'varchar(200)'],
            ['overdue_since', 'varchar(10)'],
            ['overdue_notified_due', 'varchar(10)'],
            ['credit_override_id', 'varchar(64)'],
            ['cancelled_at', 'varchar(30)'],
            ['cancel_reason', 'text'],
            ['created_by', 'varchar(32)'],
            ['created_at', 'varchar(30)', 'notNull'],
            ['updated_at', 'varchar(30)', 'notNull'],
            ['version', 'integer', 'notNull', { default: 1 }],
          ],
          indexes: [
            ['rcv_invoice_customer', ['customer_id', 'created_at', 'id']],
            // Open invoices only (paid, cancelled and written-off ones have nothing outstanding):
            // per-customer ageing, exposure, standing and the exact ">90 days" figure read just
            // this covering index.
            {
              name: 'rcv_invoice_open',
              columns: ['customer_id', 'currency', 'due_date', 'outstanding'],
              where: open,
            },
            { name: 'rcv_invoice_open_due', columns: ['due_date', 'id'], where: open },
            ['rcv_invoice_issue', ['customer_id', 'issue_date']],
          ],
        },
        // Outstanding by due-date unit (year, month, week, day), currency and responsible person, kept
        // up to date by every write (see ageing-cells.ts).
        ...['rcv_ageing_year', 'rcv_ageing_month', 'rcv_ageing_week', 'rcv_ageing_day'].map(
          (name): TableSpec => ({
            name,
            columns: [
              ['unit_start', 'varchar(10)', 'notNull'],
              ['currency', 'varchar(3)', 'notNull'],
              ['responsible_key', 'varchar(32)', 'notNull'],
              ['amount', 'bigint', 'notNull'],
              ['invoices', 'integer', 'notNull'],
            ],
            primaryKey: [`${name}_pk`, ['unit_start', 'currency', 'responsible_key']],
            withoutRowid: true,
          }),
        ),
        // One row per customer and currency: outstanding, oldest open due date and unallocated payments.
        {
          name: 'rcv_customer_balance',
          columns: [
            ['customer_id', 'varchar(32)', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['outstanding', 'bigint', 'notNull'],
            ['open_invoices', 'integer', 'notNull'],
            ['oldest_due', 'varchar(10)'],
            ['credit_balance', 'bigint', 'notNull'],
            ['updated_at', 'varchar(30)', 'notNull'],
          ],
          primaryKey: ['rcv_customer_balance_pk', ['customer_id', 'currency']],
          indexes: [['rcv_customer_balance_rank', ['currency', 'outstanding', 'customer_id', 'oldest_due']]],
        },
        {
          name: 'rcv_sequence',
          columns: [
            ['name', 'varchar(60)', 'primaryKey'],
            ['value', 'bigint', 'notNull'],
          ],
        },
        {
          name: 'rcv_payment',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['number', 'varchar(40)', 'notNull', 'unique'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['amount', 'bigint', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['received_on', 'varchar(10)', 'notNull'],
            ['method', 'varchar(30)', 'notNull'],
            ['reference', 'varchar(200)'],
            ['unallocated', 'bigint', 'notNull'],
            ['status', 'varchar(20)', 'notNull'],
            ['reversed_on', 'varchar(10)'],
            ['reversal_reason', 'text'],
            ['reversed_by', 'varchar(32)'],
            ['created_by', 'varchar(32)'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          indexes: [
            ['rcv_payment_customer', ['customer_id', 'currency', 'received_on']],
            ['rcv_payment_created', ['customer_id', 'created_at', 'id']],
          ],
        },
        {
          name: 'rcv_allocation',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['payment_id', 'varchar(32)', 'notNull'],
            ['invoice_id', 'varchar(32)', 'notNull'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['amount', 'bigint', 'notNull'],
            ['applied_on', 'varchar(10)', 'notNull'],
            ['reversed_on', 'varchar(10)'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          indexes: [
            ['rcv_allocation_invoice', ['invoice_id']],
            ['rcv_allocation_payment', ['payment_id']],
          ],
        },
        {
          name: 'rcv_credit_note',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['number', 'varchar(40)', 'notNull', 'unique'],
            ['invoice_id', 'varchar(32)', 'notNull'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['amount', 'bigint', 'notNull'],
            ['kind', 'varchar(20)', 'notNull'],
            ['reason', 'text', 'notNull'],
            ['issued_on', 'varchar(10)', 'notNull'],
            ['created_by', 'varchar(32)'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          indexes: [
            ['rcv_credit_note_invoice', ['invoice_id']],
            ['rcv_credit_note_customer', ['customer_id', 'issued_on']],
          ],
        },
        {
          name: 'rcv_write_off',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['invoice_id', 'varchar(32)', 'notNull'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['amount', 'bigint', 'notNull'],
            ['reason', 'text', 'notNull'],
            ['status', 'varchar(20)', 'notNull'],
            ['requested_by', 'varchar(32)'],
            ['requested_at', 'varchar(30)', 'notNull'],
            ['decided_by', 'varchar(32)'],
            ['decided_at', 'varchar(30)'],
            ['decided_on', 'varchar(10)'],
            ['decision_note', 'text'],
            ['handover_id', 'varchar(32)'],
            ['charged_to_id', 'varchar(32)'],
          ],
          indexes: [
            ['rcv_write_off_invoice', ['invoice_id', 'status']],
            ['rcv_write_off_customer', ['customer_id', 'decided_on']],
          ],
        },
        {
          name: 'rcv_extension',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['invoice_id', 'varchar(32)', 'notNull'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['previous_due_date', 'varchar(10)', 'notNull'],
            ['requested_due_date', 'varchar(10)', 'notNull'],
            ['reason', 'text', 'notNull'],
            ['status', 'varchar(20)', 'notNull'],
            ['requested_by', 'varchar(32)'],
            ['requested_at', 'varchar(30)', 'notNull'],
            ['decided_by', 'varchar(32)'],
            ['decided_at', 'varchar(30)'],
            ['decision_note', 'text'],
          ],
          indexes: [['rcv_extension_invoice', ['invoice_id', 'status']]],
        },
        {
          name: 'rcv_warning',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['invoice_id', 'varchar(32)', 'notNull'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['period', 'varchar(7)', 'notNull'],
            ['responsible_id', 'varchar(32)'],
            ['due_date', 'varchar(10)', 'notNull'],
            ['outstanding', 'bigint', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['raised_at', 'varchar(30)', 'notNull'],
            ['answered_at', 'varchar(30)'],
            ['answered_by', 'varchar(32)'],
            ['reason', 'text'],
            ['measures', 'text'],
            ['expected_payment_date', 'varchar(10)'],
          ],
          unique: [['rcv_warning_invoice_period', ['invoice_id', 'period']]],
          indexes: [['rcv_warning_responsible', ['responsible_id', 'answered_at']]],
        },
        {
          name: 'rcv_statement',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['period', 'varchar(7)', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['opening', 'bigint', 'notNull'],
            ['invoiced', 'bigint', 'notNull'],
            ['paid', 'bigint', 'notNull'],
            ['credited', 'bigint', 'notNull'],
            ['written_off', 'bigint', 'notNull'],
            ['closing', 'bigint', 'notNull'],
            ['lines', 'text', 'notNull'],
            ['status', 'varchar(20)', 'notNull'],
            ['generated_at', 'varchar(30)', 'notNull'],
            ['generated_by', 'varchar(32)'],
            ['sent_at', 'varchar(30)'],
            ['confirmed_at', 'varchar(30)'],
            ['confirmed_by', 'varchar(32)'],
            ['confirmed_via', 'varchar(10)'],
            ['signed_by', 'varchar(200)'],
            ['disputed_at', 'varchar(30)'],
            ['token_hash', 'varchar(64)'],
            ['token_expires_at', 'varchar(30)'],
            ['token_used_at', 'varchar(30)'],
            ['version', 'integer', 'notNull', { default: 1 }],
          ],
          indexes: [
            ['rcv_statement_customer', ['customer_id', 'period', 'currency']],
            ['rcv_statement_token', ['token_hash']],
          ],
        },
        {
          name: 'rcv_dispute_item',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['statement_id', 'varchar(32)', 'notNull'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['amount', 'bigint', 'notNull'],
            ['kind', 'varchar(20)', 'notNull'],
            ['reason', 'text', 'notNull'],
            ['status', 'varchar(20)', 'notNull'],
            ['opened_on', 'varchar(10)', 'notNull'],
            ['opened_at', 'varchar(30)', 'notNull'],
            ['resolved_at', 'varchar(30)'],
            ['resolved_by', 'varchar(32)'],
            ['resolution', 'text'],
          ],
          indexes: [
            ['rcv_dispute_item_statement', ['statement_id']],
            ['rcv_dispute_item_open', ['customer_id', 'status', 'opened_on']],
          ],
        },
        {
          name: 'rcv_plan',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['total', 'bigint', 'notNull'],
            ['reason', 'text', 'notNull'],
            ['status', 'varchar(20)', 'notNull'],
            ['starts_on', 'varchar(10)', 'notNull'],
            ['created_by', 'varchar(32)'],
            ['created_at', 'varchar(30)', 'notNull'],
            ['closed_at', 'varchar(30)'],
          ],
          indexes: [
            ['rcv_plan_customer', ['customer_id', 'currency', 'status']],
            ['rcv_plan_status', ['status']],
          ],
        },
        {
          name: 'rcv_instalment',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['plan_id', 'varchar(32)', 'notNull'],
            ['seq', 'integer', 'notNull'],
            ['due_date', 'varchar(10)', 'notNull'],
            ['amount', 'bigint', 'notNull'],
            ['status', 'varchar(20)', 'notNull'],
            ['settled_at', 'varchar(30)'],
          ],
          indexes: [['rcv_instalment_plan', ['plan_id', 'seq']]],
        },
        {
          name: 'rcv_handover',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['from_id', 'varchar(32)'],
            ['to_id', 'varchar(32)'],
            ['handed_over_on', 'varchar(10)', 'notNull'],
            ['source', 'varchar(20)', 'notNull'],
            ['source_event_id', 'varchar(32)', 'unique'],
            ['reason', 'text', 'notNull'],
            ['balances', 'text', 'notNull'],
            ['created_by', 'varchar(32)'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          indexes: [['rcv_handover_customer', ['customer_id', 'handed_over_on']]],
        },
        {
          name: 'rcv_handover_item',
          columns: [
            ['handover_id', 'varchar(32)', 'notNull'],
            ['invoice_id', 'varchar(32)', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['outstanding', 'bigint', 'notNull'],
          ],
          primaryKey: ['rcv_handover_item_pk', ['handover_id', 'invoice_id']],
          indexes: [['rcv_handover_item_invoice', ['invoice_id']]],
        },
      ]);
    },
  },
  {
    name: '002_receivables_periods',
    async up(db, dialect) {
      await createTables(db, dialect, [
        // Months finance closed for every customer (月结); a confirmed statement closes one account.
        {
          name: 'rcv_closed_period',
          columns: [
            ['period', 'varchar(7)', 'primaryKey'],
            ['reason', 'text', 'notNull'],
            ['closed_by', 'varchar(32)'],
            ['closed_at', 'varchar(30)', 'notNull'],
          ],
        },
      ]);
      // A correction dated in the open period refers to the invoice of a closed month it corrects.
      await db.schema.alterTable('rcv_invoice').addColumn('correction_of', 'varchar(32)').execute();
      // Balances a handover left with the predecessor because the customer had not confirmed them.
      await db.schema
        .alterTable('rcv_handover')
        .addColumn('unconfirmed_balances', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await createTables(db, dialect, [
        // Reminders raised once per subject and period (unconfirmed statements, stale disputes, unanswered warnings).
        {
          name: 'rcv_reminder',
          columns: [
            ['kind', 'varchar(40)', 'notNull'],
            ['subject_id', 'varchar(64)', 'notNull'],
            ['raised_at', 'varchar(30)', 'notNull'],
          ],
          primaryKey: ['rcv_reminder_pk', ['kind', 'subject_id']],
        },
      ]);
    },
  },
  {
    name: '003_write_off_discovered_on',
    async up(db) {
      // The company's day the bad debt was discovered, fixed when the write-off is requested: it
      // decides the handover charge and must not move with a later time-zone setting.
      await db.schema.alterTable('rcv_write_off').addColumn('discovered_on', 'varchar(10)').execute();
      await db
        .updateTable('rcv_write_off')
        .set((eb) => ({ discovered_on: eb.fn('substr', [eb.ref('requested_at'), eb.val(1), eb.val(10)]) }))
        .execute();
    },
  },
  {
    name: '004_collection_follow_up',
    async up(db, dialect) {
      await createTables(db, dialect, [
        // One row per dunning level reached (催收记录), with the outcome the responsible person recorded.
        {
          name: 'rcv_follow_up',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['key', 'varchar(200)', 'notNull', 'unique'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['level', 'integer', 'notNull'],
            ['level_name', 'varchar(100)', 'notNull'],
            ['amount', 'bigint', 'notNull'],
            ['invoices', 'text', 'notNull'],
            ['responsible_id', 'varchar(32)'],
            ['activity_id', 'varchar(32)'],
            ['raised_on', 'varchar(10)', 'notNull'],
            ['trigger_kind', 'varchar(20)', 'notNull'],
            ['status', 'varchar(20)', 'notNull'],
            ['outcome', 'varchar(20)'],
            ['promised_date', 'varchar(10)'],
            ['note', 'text'],
            ['recorded_by', 'varchar(32)'],
            ['recorded_at', 'varchar(30)'],
            ['customer_mail', 'text'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          indexes: [['rcv_follow_up_customer', ['customer_id', 'currency', 'created_at']]],
        },
        // Where each account (customer × currency) stands in its dunning cycle.
        {
          name: 'rcv_dunning_state',
          columns: [
            ['customer_id', 'varchar(32)', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['level', 'integer', 'notNull'],
            ['cycle', 'integer', 'notNull'],
            ['promised_date', 'varchar(10)'],
            ['promise_follow_up_id', 'varchar(32)'],
          ],
          primaryKey: ['rcv_dunning_state_pk', ['customer_id', 'currency']],
        },
      ]);
    },
  },
  {
    name: '005_invoice_revenue_index',
    async up(db) {
      // Covers revenue per customer (key-accounts' ABC runs over every invoice): the grouped query
      // reads this index in customer order and never touches the table.
      await db.schema
        .createIndex('rcv_invoice_revenue')
        .on('rcv_invoice')
        .columns(['currency', 'customer_id', 'issue_date', 'status', 'total'])
        .execute();
    },
  },
  {
    name: '006_collection_notice_link',
    async up(db) {
      // The collection notice mailed to the customer opens through a link; only its SHA-256 is kept.
      await db.schema.alterTable('rcv_follow_up').addColumn('link_token_hash', 'varchar(64)').execute();
      await db.schema.alterTable('rcv_follow_up').addColumn('link_expires_at', 'varchar(30)').execute();
      await db.schema
        .createIndex('rcv_follow_up_link')
        .on('rcv_follow_up')
        .column('link_token_hash')
        .unique()
        .execute();
    },
  },
];
