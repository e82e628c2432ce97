import type { Migration } from '@kehu/core';

/** Tables of the key-accounts plugin; append new migrations, never edit an applied one. */
export const keyAccountsMigrations: readonly Migration[] = [
  {
    name: '001_key_accounts',
    async up(db) {
      // One row per customer the plugin knows anything about: its current class and account state.
      await db.schema
        .createTable('ka_account')
        .addColumn('customer_id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('class', 'varchar(4)', (c) => c.notNull().defaultTo('none'))
        .addColumn('class_run_id', 'varchar(32)')
        .addColumn('override_class', 'varchar(4)')
        .addColumn('override_reason', 'varchar(500)')
        .addColumn('override_by', 'varchar(32)')
        .addColumn('override_at', 'varchar(30)')
        .addColumn('override_expires_on', 'varchar(10)')
        .addColumn('designated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('designated_on', 'varchar(10)')
        .addColumn('manager_id', 'varchar(32)')
        .addColumn('stage', 'varchar(20)')
        .addColumn('relationship', 'varchar(20)')
        .addColumn('loyalty', 'varchar(20)')
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ka_account_manager').on('ka_account').column('manager_id').execute();
    },
  },
  {
    name: '002_classification',
    async up(db) {
      // A classification run and, per customer, its revenue, share, cumulative share and class.
      await db.schema
        .createTable('ka_run')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('window_from', 'varchar(10)', (c) => c.notNull())
        .addColumn('window_to', 'varchar(10)', (c) => c.notNull())
        .addColumn('a_threshold', 'integer', (c) => c.notNull())
        .addColumn('b_threshold', 'integer', (c) => c.notNull())
        .addColumn('source', 'varchar(20)', (c) => c.notNull())
        .addColumn('overwrite_overrides', 'integer', (c) => c.notNull())
        .addColumn('total', 'bigint', (c) => c.notNull())
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('trigger', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('ka_run_entry')
        .addColumn('run_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('rank', 'integer', (c) => c.notNull())
        .addColumn('revenue', 'bigint', (c) => c.notNull())
        .addColumn('share_ppm', 'integer', (c) => c.notNull())
        .addColumn('cumulative_ppm', 'integer', (c) => c.notNull())
        .addColumn('class', 'varchar(4)', (c) => c.notNull())
        .addColumn('override_class', 'varchar(4)')
        .addPrimaryKeyConstraint('ka_run_entry_pk', ['run_id', 'rank'])
        .execute();
      await db.schema
        .createIndex('ka_run_entry_customer')
        .on('ka_run_entry')
        .columns(['customer_id', 'run_id'])
        .execute();
      // Moves of a customer's effective class, by a run or by a manual override.
      await db.schema
        .createTable('ka_tier_change')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('from_class', 'varchar(4)')
        .addColumn('to_class', 'varchar(4)', (c) => c.notNull())
        .addColumn('source', 'varchar(10)', (c) => c.notNull())
        .addColumn('run_id', 'varchar(32)')
        .addColumn('changed_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('ka_tier_change_customer')
        .on('ka_tier_change')
        .columns(['customer_id', 'created_at'])
        .execute();
      // Revenue imported by CSV when no plugin provides it.
      await db.schema
        .createTable('ka_revenue')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('revenue_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('reference', 'varchar(100)', (c) => c.notNull().unique())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('ka_revenue_customer')
        .on('ka_revenue')
        .columns(['customer_id', 'revenue_on'])
        .execute();
      // Loyalty attitude (忠诚 / 品牌转移 / 无品牌忠诚) over time.
      await db.schema
        .createTable('ka_loyalty_change')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('from_attitude', 'varchar(20)')
        .addColumn('to_attitude', 'varchar(20)', (c) => c.notNull())
        .addColumn('reason', 'varchar(500)')
        .addColumn('changed_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('changed_by', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('ka_loyalty_change_customer')
        .on('ka_loyalty_change')
        .columns(['customer_id', 'created_at'])
        .execute();
    },
  },
  {
    name: '003_designation_team',
    async up(db) {
      // A four-eyes request to designate or de-designate a key account, with the manuals' criteria.
      await db.schema
        .createTable('ka_designation')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('kind', 'varchar(12)', (c) => c.notNull())
        .addColumn('origin', 'varchar(10)', (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('criteria', 'text', (c) => c.notNull())
        .addColumn('reason', 'varchar(1000)', (c) => c.notNull())
        .addColumn('manager_id', 'varchar(32)')
        .addColumn('requested_by', 'varchar(32)')
        .addColumn('requested_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('decided_by', 'varchar(32)')
        .addColumn('decided_at', 'varchar(30)')
        .addColumn('decision_note', 'varchar(1000)')
        .execute();
      await db.schema
        .createIndex('ka_designation_customer')
        .on('ka_designation')
        .columns(['customer_id', 'requested_at'])
        .execute();
      // The account team; the key-account manager is the member with role `manager`.
      await db.schema
        .createTable('ka_member')
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('role', 'varchar(20)', (c) => c.notNull())
        .addColumn('added_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('added_by', 'varchar(32)')
        .addPrimaryKeyConstraint('ka_member_pk', ['customer_id', 'user_id'])
        .execute();
      await db.schema.createIndex('ka_member_user').on('ka_member').columns(['user_id', 'role']).execute();
    },
  },
  {
    name: '004_account_management',
    async up(db) {
      const history = (table: string) =>
        db.schema
          .createTable(table)
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('from_value', 'varchar(20)')
          .addColumn('to_value', 'varchar(20)', (c) => c.notNull())
          .addColumn('reason', 'varchar(500)')
          .addColumn('changed_on', 'varchar(10)', (c) => c.notNull())
          .addColumn('changed_by', 'varchar(32)')
          .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
          .execute();
      await history('ka_stage_change');
      await history('ka_relationship_change');
      for (const table of ['ka_stage_change', 'ka_relationship_change'])
        await db.schema
          .createIndex(`${table}_customer`)
          .on(table)
          .columns(['customer_id', 'created_at'])
          .execute();
      // Duties of the stage's checklist the manager has done.
      await db.schema
        .createTable('ka_duty')
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('stage', 'varchar(20)', (c) => c.notNull())
        .addColumn('duty', 'varchar(60)', (c) => c.notNull())
        .addColumn('done_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('done_by', 'varchar(32)')
        .addPrimaryKeyConstraint('ka_duty_pk', ['customer_id', 'stage', 'duty'])
        .execute();
      // Buying-centre roles of the kernel's contacts (找对人).
      await db.schema
        .createTable('ka_buying_role')
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('contact_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('role', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addPrimaryKeyConstraint('ka_buying_role_pk', ['customer_id', 'contact_id', 'role'])
        .execute();
      // One row per coverage gap of an account; raised once, closed when it is covered.
      await db.schema
        .createTable('ka_gap')
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('gap', 'varchar(60)', (c) => c.notNull())
        .addColumn('raised_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('activity_id', 'varchar(32)')
        .addColumn('closed_on', 'varchar(10)')
        .addPrimaryKeyConstraint('ka_gap_pk', ['customer_id', 'gap'])
        .execute();
      await db.schema
        .createTable('ka_visit')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('type', 'varchar(20)', (c) => c.notNull())
        .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('participants', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('cadence_days', 'integer')
        .addColumn('communication_id', 'varchar(32)')
        .addColumn('done_on', 'varchar(10)')
        .addColumn('overdue_on', 'varchar(10)')
        .addColumn('note', 'varchar(500)')
        .addColumn('created_by', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('ka_visit_customer')
        .on('ka_visit')
        .columns(['customer_id', 'due_on'])
        .execute();
      await db.schema.createIndex('ka_visit_open').on('ka_visit').columns(['status', 'due_on']).execute();
      await db.schema
        .createTable('ka_plan')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addUniqueConstraint('ka_plan_customer_year', ['customer_id', 'year'])
        .execute();
      await db.schema
        .createTable('ka_objective')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('plan_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('owner_id', 'varchar(32)')
        .addColumn('due_on', 'varchar(10)')
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('ka_measure')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('plan_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('source', 'varchar(10)', (c) => c.notNull())
        .addColumn('unit', 'varchar(10)')
        .addColumn('target', 'bigint', (c) => c.notNull())
        .addColumn('actual', 'bigint', (c) => c.notNull())
        .execute();
      for (const t of ['ka_objective', 'ka_measure'])
        await db.schema.createIndex(`${t}_plan`).on(t).column('plan_id').execute();
      await db.schema
        .createTable('ka_target')
        .addColumn('manager_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('period', 'varchar(7)', (c) => c.notNull())
        .addColumn('currency', 'varchar(3)', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addPrimaryKeyConstraint('ka_target_pk', ['manager_id', 'period'])
        .execute();
    },
  },
  {
    name: '005_tier_change_run',
    async up(db) {
      // A run's tier moves, for its report.
      await db.schema
        .createIndex('ka_tier_change_run')
        .on('ka_tier_change')
        .columns(['run_id', 'id'])
        .execute();
    },
  },
  {
    name: '006_entitlements',
    async up(db) {
      // Privileges of a key account (priority supply, green channel, senior-management visits…).
      await db.schema
        .createTable('ka_entitlement')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('kind', 'varchar(30)', (c) => c.notNull())
        .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
        .addColumn('ends_on', 'varchar(10)')
        .addColumn('cadence_days', 'integer')
        .addColumn('note', 'varchar(500)')
        .addColumn('granted_by', 'varchar(32)')
        .addColumn('granted_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('ended_by', 'varchar(32)')
        .addColumn('ended_at', 'varchar(30)')
        .addColumn('end_reason', 'varchar(500)')
        .execute();
      await db.schema
        .createIndex('ka_entitlement_customer')
        .on('ka_entitlement')
        .columns(['customer_id', 'starts_on'])
        .execute();
      // The executive visit an entitlement's cadence planned.
      await db.schema.alterTable('ka_visit').addColumn('entitlement_id', 'varchar(32)').execute();
    },
  },
];
