import { type Migration, sql } from '@kehu/core';

/** Append new migrations; never edit or rename an applied one. */
export const receivablesMigrations: Migration[] = [
  {
    name: '001_receivables',
    async up(db, dialect) {
      const money = (t: any, name: string) =>
        t.addColumn(name, 'bigint', (c: any) => c.notNull().defaultTo(0));
      let inv = db.schema
        .createTable('rcv_invoice')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('number', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('issue_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('term_days', 'integer', (c) => c.notNull())
        .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('lines', 'text', (c) => c.notNull());
      for (const m of ['total', 'paid_amount', 'credited_amount', 'written_off_amount', 'outstanding'])
        inv = money(inv, m);
      await inv
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('responsible_id', 'varchar(32)')
        .addColumn('reference', 'varchar(200)')
        .addColumn('overdue_since', 'varchar(10)')
        .addColumn('overdue_notified_due', 'varchar(10)')
        .addColumn('credit_override_id', 'varchar(64)')
        .addColumn('cancelled_at', 'varchar(30)')
        .addColumn('cancel_reason', 'text')
        .addColumn('created_by', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .createIndex('rcv_invoice_customer')
        .on('rcv_invoice')
        .columns(['customer_id', 'created_at', 'id'])
        .execute();
      // Open invoices only (paid, cancelled and written-off ones have nothing outstanding): per-customer
      // ageing, exposure, standing and the exact ">90 days" figure read just this covering index.
      await db.schema
        .createIndex('rcv_invoice_open')
        .on('rcv_invoice')
        .columns(['customer_id', 'currency', 'due_date', 'outstanding'])
        .where(sql.ref('outstanding'), '>', 0)
        .execute();
      await db.schema
        .createIndex('rcv_invoice_open_due')
        .on('rcv_invoice')
        .columns(['due_date', 'id'])
        .where(sql.ref('outstanding'), '>', 0)
        .execute();
      await db.schema
        .createIndex('rcv_invoice_issue')
        .on('rcv_invoice')
        .columns(['customer_id', 'issue_date'])
        .execute();

      // Outstanding by due-date unit (year, month, week, day), currency and responsible person, kept
      // up to date by every write (see ageing-cells.ts).
      for (const table of ['rcv_ageing_year', 'rcv_ageing_month', 'rcv_ageing_week', 'rcv_ageing_day']) {
        let cells = db.schema
          .createTable(table)
          .addColumn('unit_start', 'varchar(10)', (c) => c.notNull())
          .addColumn('currency', 'varchar(3)', (c) => c.notNull())
          .addColumn('responsible_key', 'varchar(32)', (c) => c.notNull())
          .addColumn('amount', 'bigint', (c) => c.notNull())
          .addColumn('invoices', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['unit_start', 'currency', 'responsible_key']);
        if (dialect === 'sqlite') cells = cells.modifyEnd(sql`without rowid`);
        await cells.execute();
      }
      // One row per customer and currency: outstanding, oldest open due date and unallocated payments.
      await db.schema
        .createTable('rcv_customer_balance')
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('outstanding', 'bigint', (c) => c.notNull())
        .addColumn('open_invoices', 'integer', (c) => c.notNull())
        .addColumn('oldest_due', 'varchar(10)')
        .addColumn('credit_balance', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addPrimaryKeyConstraint('rcv_customer_balance_pk', ['customer_id', 'currency'])
        .execute();
      await db.schema
        .createIndex('rcv_customer_balance_rank')
        .on('rcv_customer_balance')
        .columns(['currency', 'outstanding', 'customer_id', 'oldest_due'])
        .execute();

      await db.schema
        .createTable('rcv_sequence')
        .addColumn('name', 'varchar(60)', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('rcv_payment')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('number', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('received_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('method', 'varchar(30)', (c) => c.notNull())
        .addColumn('reference', 'varchar(200)')
        .addColumn('unallocated', 'bigint', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('reversed_on', 'varchar(10)')
        .addColumn('reversal_reason', 'text')
        .addColumn('reversed_by', 'varchar(32)')
        .addColumn('created_by', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('rcv_payment_customer')
        .on('rcv_payment')
        .columns(['customer_id', 'currency', 'received_on'])
        .execute();
      await db.schema
        .createIndex('rcv_payment_created')
        .on('rcv_payment')
        .columns(['customer_id', 'created_at', 'id'])
        .execute();

      await db.schema
        .createTable('rcv_allocation')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('payment_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('invoice_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('applied_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('reversed_on', 'varchar(10)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('rcv_allocation_invoice')
        .on('rcv_allocation')
        .column('invoice_id')
        .execute();
      await db.schema
        .createIndex('rcv_allocation_payment')
        .on('rcv_allocation')
        .column('payment_id')
        .execute();

      await db.schema
        .createTable('rcv_credit_note')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('number', 'varchar(40)', (c) => c.notNull().unique())
        .addColumn('invoice_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('issued_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('rcv_credit_note_invoice')
        .on('rcv_credit_note')
        .column('invoice_id')
        .execute();
      await db.schema
        .createIndex('rcv_credit_note_customer')
        .on('rcv_credit_note')
        .columns(['customer_id', 'issued_on'])
        .execute();

      await db.schema
        .createTable('rcv_write_off')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('invoice_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('requested_by', 'varchar(32)')
        .addColumn('requested_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('decided_by', 'varchar(32)')
        .addColumn('decided_at', 'varchar(30)')
        .addColumn('decided_on', 'varchar(10)')
        .addColumn('decision_note', 'text')
        .addColumn('handover_id', 'varchar(32)')
        .addColumn('charged_to_id', 'varchar(32)')
        .execute();
      await db.schema
        .createIndex('rcv_write_off_invoice')
        .on('rcv_write_off')
        .columns(['invoice_id', 'status'])
        .execute();
      await db.schema
        .createIndex('rcv_write_off_customer')
        .on('rcv_write_off')
        .columns(['customer_id', 'decided_on'])
        .execute();

      await db.schema
        .createTable('rcv_extension')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('invoice_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('previous_due_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('requested_due_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('requested_by', 'varchar(32)')
        .addColumn('requested_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('decided_by', 'varchar(32)')
        .addColumn('decided_at', 'varchar(30)')
        .addColumn('decision_note', 'text')
        .execute();
      await db.schema
        .createIndex('rcv_extension_invoice')
        .on('rcv_extension')
        .columns(['invoice_id', 'status'])
        .execute();

      await db.schema
        .createTable('rcv_warning')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('invoice_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('period', 'varchar(7)', (c) => c.notNull())
        .addColumn('responsible_id', 'varchar(32)')
        .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('outstanding', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('raised_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('answered_at', 'varchar(30)')
        .addColumn('answered_by', 'varchar(32)')
        .addColumn('reason', 'text')
        .addColumn('measures', 'text')
        .addColumn('expected_payment_date', 'varchar(10)')
        .addUniqueConstraint('rcv_warning_invoice_period', ['invoice_id', 'period'])
        .execute();
      await db.schema
        .createIndex('rcv_warning_responsible')
        .on('rcv_warning')
        .columns(['responsible_id', 'answered_at'])
        .execute();

      await db.schema
        .createTable('rcv_statement')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('period', 'varchar(7)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('opening', 'bigint', (c) => c.notNull())
        .addColumn('invoiced', 'bigint', (c) => c.notNull())
        .addColumn('paid', 'bigint', (c) => c.notNull())
        .addColumn('credited', 'bigint', (c) => c.notNull())
        .addColumn('written_off', 'bigint', (c) => c.notNull())
        .addColumn('closing', 'bigint', (c) => c.notNull())
        .addColumn('lines', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('generated_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('generated_by', 'varchar(32)')
        .addColumn('sent_at', 'varchar(30)')
        .addColumn('confirmed_at', 'varchar(30)')
        .addColumn('confirmed_by', 'varchar(32)')
        .addColumn('confirmed_via', 'varchar(10)')
        .addColumn('signed_by', 'varchar(200)')
        .addColumn('disputed_at', 'varchar(30)')
        .addColumn('token_hash', 'varchar(64)')
        .addColumn('token_expires_at', 'varchar(30)')
        .addColumn('token_used_at', 'varchar(30)')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .createIndex('rcv_statement_customer')
        .on('rcv_statement')
        .columns(['customer_id', 'period', 'currency'])
        .execute();
      await db.schema.createIndex('rcv_statement_token').on('rcv_statement').column('token_hash').execute();

      await db.schema
        .createTable('rcv_dispute_item')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('statement_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('opened_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('opened_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('resolved_at', 'varchar(30)')
        .addColumn('resolved_by', 'varchar(32)')
        .addColumn('resolution', 'text')
        .execute();
      await db.schema
        .createIndex('rcv_dispute_item_statement')
        .on('rcv_dispute_item')
        .column('statement_id')
        .execute();
      await db.schema
        .createIndex('rcv_dispute_item_open')
        .on('rcv_dispute_item')
        .columns(['customer_id', 'status', 'opened_on'])
        .execute();

      await db.schema
        .createTable('rcv_plan')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('total', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('closed_at', 'varchar(30)')
        .execute();
      await db.schema
        .createIndex('rcv_plan_customer')
        .on('rcv_plan')
        .columns(['customer_id', 'currency', 'status'])
        .execute();
      await db.schema.createIndex('rcv_plan_status').on('rcv_plan').column('status').execute();
      await db.schema
        .createTable('rcv_instalment')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('plan_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('settled_at', 'varchar(30)')
        .execute();
      await db.schema
        .createIndex('rcv_instalment_plan')
        .on('rcv_instalment')
        .columns(['plan_id', 'seq'])
        .execute();

      await db.schema
        .createTable('rcv_handover')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('from_id', 'varchar(32)')
        .addColumn('to_id', 'varchar(32)')
        .addColumn('handed_over_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('source', 'varchar(20)', (c) => c.notNull())
        .addColumn('source_event_id', 'varchar(32)', (c) => c.unique())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('balances', 'text', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('rcv_handover_customer')
        .on('rcv_handover')
        .columns(['customer_id', 'handed_over_on'])
        .execute();
      await db.schema
        .createTable('rcv_handover_item')
        .addColumn('handover_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('invoice_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('outstanding', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('rcv_handover_item_pk', ['handover_id', 'invoice_id'])
        .execute();
      await db.schema
        .createIndex('rcv_handover_item_invoice')
        .on('rcv_handover_item')
        .column('invoice_id')
        .execute();
    },
  },
  {
    name: '002_receivables_periods',
    async up(db) {
      // Months finance closed for every customer (月结); a confirmed statement closes one account.
      await db.schema
        .createTable('rcv_closed_period')
        .addColumn('period', 'varchar(7)', (c) => c.primaryKey())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('closed_by', 'varchar(32)')
        .addColumn('closed_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      // A correction dated in the open period refers to the invoice of a closed month it corrects.
      await db.schema.alterTable('rcv_invoice').addColumn('correction_of', 'varchar(32)').execute();
      // Balances a handover left with the predecessor because the customer had not confirmed them.
      await db.schema
        .alterTable('rcv_handover')
        .addColumn('unconfirmed_balances', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      // Reminders raised once per subject and period (unconfirmed statements, stale disputes, unanswered warnings).
      await db.schema
        .createTable('rcv_reminder')
        .addColumn('kind', 'varchar(40)', (c) => c.notNull())
        .addColumn('subject_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('raised_at', 'varchar(30)', (c) => c.notNull())
        .addPrimaryKeyConstraint('rcv_reminder_pk', ['kind', 'subject_id'])
        .execute();
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
    async up(db) {
      // One row per dunning level reached (催收记录), with the outcome the responsible person recorded.
      await db.schema
        .createTable('rcv_follow_up')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('key', 'varchar(200)', (c) => c.notNull().unique())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('level_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('invoices', 'text', (c) => c.notNull())
        .addColumn('responsible_id', 'varchar(32)')
        .addColumn('activity_id', 'varchar(32)')
        .addColumn('raised_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('trigger_kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('outcome', 'varchar(20)')
        .addColumn('promised_date', 'varchar(10)')
        .addColumn('note', 'text')
        .addColumn('recorded_by', 'varchar(32)')
        .addColumn('recorded_at', 'varchar(30)')
        .addColumn('customer_mail', 'text')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('rcv_follow_up_customer')
        .on('rcv_follow_up')
        .columns(['customer_id', 'currency', 'created_at'])
        .execute();
      // Where each account (customer × currency) stands in its dunning cycle.
      await db.schema
        .createTable('rcv_dunning_state')
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('cycle', 'integer', (c) => c.notNull())
        .addColumn('promised_date', 'varchar(10)')
        .addColumn('promise_follow_up_id', 'varchar(32)')
        .addPrimaryKeyConstraint('rcv_dunning_state_pk', ['customer_id', 'currency'])
        .execute();
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
