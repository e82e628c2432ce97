import { createTables, type Migration, type TableSpec } from '@kehu/core';

/** Tables of the key-accounts plugin; append new migrations, never edit an applied one. */
export const keyAccountsMigrations: readonly Migration[] = [
  {
    name: '001_key_accounts',
    async up(db, dialect) {
      await createTables(db, dialect, [
        // One row per customer the plugin knows anything about: its current class and account state.
        {
          name: 'ka_account',
          columns: [
            ['customer_id', 'varchar(32)', 'primaryKey'],
            ['class', 'varchar(4)', 'notNull', { default: 'none' }],
            ['class_run_id', 'varchar(32)'],
            ['override_class', 'varchar(4)'],
            ['override_reason', 'varchar(500)'],
            ['override_by', 'varchar(32)'],
            ['override_at', 'varchar(30)'],
            ['override_expires_on', 'varchar(10)'],
            ['designated', 'integer', 'notNull', { default: 0 }],
            ['designated_on', 'varchar(10)'],
            ['manager_id', 'varchar(32)'],
            ['stage', 'varchar(20)'],
            ['relationship', 'varchar(20)'],
            ['loyalty', 'varchar(20)'],
            ['updated_at', 'varchar(30)', 'notNull'],
          ],
          indexes: [['ka_account_manager', ['manager_id']]],
        },
      ]);
    },
  },
  {
    name: '002_classification',
    async up(db, dialect) {
      await createTables(db, dialect, [
        // A classification run and, per customer, its revenue, share, cumulative share and class.
        {
          name: 'ka_run',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['currency', 'varchar(3)', 'notNull'],
            ['window_from', 'varchar(10)', 'notNull'],
            ['window_to', 'varchar(10)', 'notNull'],
            ['a_threshold', 'integer', 'notNull'],
            ['b_threshold', 'integer', 'notNull'],
            ['source', 'varchar(20)', 'notNull'],
            ['overwrite_overrides', 'integer', 'notNull'],
            ['total', 'bigint', 'notNull'],
            ['counts', 'text', 'notNull'],
            ['trigger', 'varchar(10)', 'notNull'],
            ['created_by', 'varchar(32)'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
        },
        {
          name: 'ka_run_entry',
          columns: [
            ['run_id', 'varchar(32)', 'notNull'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['rank', 'integer', 'notNull'],
            ['revenue', 'bigint', 'notNull'],
            ['share_ppm', 'integer', 'notNull'],
            ['cumulative_ppm', 'integer', 'notNull'],
            ['class', 'varchar(4)', 'notNull'],
            ['override_class', 'varchar(4)'],
          ],
          primaryKey: ['ka_run_entry_pk', ['run_id', 'rank']],
          indexes: [['ka_run_entry_customer', ['customer_id', 'run_id']]],
        },
        // Moves of a customer's effective class, by a run or by a manual override.
        {
          name: 'ka_tier_change',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['from_class', 'varchar(4)'],
            ['to_class', 'varchar(4)', 'notNull'],
            ['source', 'varchar(10)', 'notNull'],
            ['run_id', 'varchar(32)'],
            ['changed_on', 'varchar(10)', 'notNull'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          indexes: [['ka_tier_change_customer', ['customer_id', 'created_at']]],
        },
        // Revenue imported by CSV when no plugin provides it.
        {
          name: 'ka_revenue',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['revenue_on', 'varchar(10)', 'notNull'],
            ['amount', 'bigint', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['reference', 'varchar(100)', 'notNull', 'unique'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          indexes: [['ka_revenue_customer', ['customer_id', 'revenue_on']]],
        },
        // Loyalty attitude (忠诚 / 品牌转移 / 无品牌忠诚) over time.
        {
          name: 'ka_loyalty_change',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['from_attitude', 'varchar(20)'],
            ['to_attitude', 'varchar(20)', 'notNull'],
            ['reason', 'varchar(500)'],
            ['changed_on', 'varchar(10)', 'notNull'],
            ['changed_by', 'varchar(32)'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          indexes: [['ka_loyalty_change_customer', ['customer_id', 'created_at']]],
        },
      ]);
    },
  },
  {
    name: '003_designation_team',
    async up(db, dialect) {
      await createTables(db, dialect, [
        // A four-eyes request to designate or de-designate a key account, with the manuals' criteria.
        {
          name: 'ka_designation',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['kind', 'varchar(12)', 'notNull'],
            ['origin', 'varchar(10)', 'notNull'],
            ['status', 'varchar(10)', 'notNull'],
            ['criteria', 'text', 'notNull'],
            ['reason', 'varchar(1000)', 'notNull'],
            ['manager_id', 'varchar(32)'],
            ['requested_by', 'varchar(32)'],
            ['requested_at', 'varchar(30)', 'notNull'],
            ['decided_by', 'varchar(32)'],
            ['decided_at', 'varchar(30)'],
            ['decision_note', 'varchar(1000)'],
          ],
          indexes: [['ka_designation_customer', ['customer_id', 'requested_at']]],
        },
        // The account team; the key-account manager is the member with role `manager`.
        {
          name: 'ka_member',
          columns: [
            ['customer_id', 'varchar(32)', 'notNull'],
            ['user_id', 'varchar(32)', 'notNull'],
            ['role', 'varchar(20)', 'notNull'],
            ['added_on', 'varchar(10)', 'notNull'],
            ['added_by', 'varchar(32)'],
          ],
          primaryKey: ['ka_member_pk', ['customer_id', 'user_id']],
          indexes: [['ka_member_user', ['user_id', 'role']]],
        },
      ]);
    },
  },
  {
    name: '004_account_management',
    async up(db, dialect) {
      await createTables(
        db,
        dialect,
        ['ka_stage_change', 'ka_relationship_change'].map(
          (name): TableSpec => ({
            name,
            columns: [
              ['id', 'varchar(32)', 'primaryKey'],
              ['customer_id', 'varchar(32)', 'notNull'],
              ['from_value', 'varchar(20)'],
              ['to_value', 'varchar(20)', 'notNull'],
              ['reason', 'varchar(500)'],
              ['changed_on', 'varchar(10)', 'notNull'],
              ['changed_by', 'varchar(32)'],
              ['created_at', 'varchar(30)', 'notNull'],
            ],
            indexes: [[`${name}_customer`, ['customer_id', 'created_at']]],
          }),
        ),
      );
      await createTables(db, dialect, [
        // Duties of the stage's checklist the manager has done.
        {
          name: 'ka_duty',
          columns: [
            ['customer_id', 'varchar(32)', 'notNull'],
            ['stage', 'varchar(20)', 'notNull'],
            ['duty', 'varchar(60)', 'notNull'],
            ['done_on', 'varchar(10)', 'notNull'],
            ['done_by', 'varchar(32)'],
          ],
          primaryKey: ['ka_duty_pk', ['customer_id', 'stage', 'duty']],
        },
        // Buying-centre roles of the kernel's contacts (找对人).
        {
          name: 'ka_buying_role',
          columns: [
            ['customer_id', 'varchar(32)', 'notNull'],
            ['contact_id', 'varchar(32)', 'notNull'],
            ['role', 'varchar(20)', 'notNull'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          primaryKey: ['ka_buying_role_pk', ['customer_id', 'contact_id', 'role']],
        },
        // One row per coverage gap of an account; raised once, closed when it is covered.
        {
          name: 'ka_gap',
          columns: [
            ['customer_id', 'varchar(32)', 'notNull'],
            ['gap', 'varchar(60)', 'notNull'],
            ['raised_on', 'varchar(10)', 'notNull'],
            ['activity_id', 'varchar(32)'],
            ['closed_on', 'varchar(10)'],
          ],
          primaryKey: ['ka_gap_pk', ['customer_id', 'gap']],
        },
        {
          name: 'ka_visit',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['type', 'varchar(20)', 'notNull'],
            ['due_on', 'varchar(10)', 'notNull'],
            ['participants', 'text', 'notNull'],
            ['status', 'varchar(10)', 'notNull'],
            ['cadence_days', 'integer'],
            ['communication_id', 'varchar(32)'],
            ['done_on', 'varchar(10)'],
            ['overdue_on', 'varchar(10)'],
            ['note', 'varchar(500)'],
            ['created_by', 'varchar(32)'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          indexes: [
            ['ka_visit_customer', ['customer_id', 'due_on']],
            ['ka_visit_open', ['status', 'due_on']],
          ],
        },
        {
          name: 'ka_plan',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['year', 'integer', 'notNull'],
            ['title', 'varchar(200)', 'notNull'],
            ['status', 'varchar(10)', 'notNull'],
            ['created_by', 'varchar(32)'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          unique: [['ka_plan_customer_year', ['customer_id', 'year']]],
        },
        {
          name: 'ka_objective',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['plan_id', 'varchar(32)', 'notNull'],
            ['title', 'varchar(200)', 'notNull'],
            ['owner_id', 'varchar(32)'],
            ['due_on', 'varchar(10)'],
            ['status', 'varchar(10)', 'notNull'],
          ],
        },
        {
          name: 'ka_measure',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['plan_id', 'varchar(32)', 'notNull'],
            ['name', 'varchar(200)', 'notNull'],
            ['source', 'varchar(10)', 'notNull'],
            ['unit', 'varchar(10)'],
            ['target', 'bigint', 'notNull'],
            ['actual', 'bigint', 'notNull'],
          ],
        },
      ]);
      for (const t of ['ka_objective', 'ka_measure'])
        await db.schema.createIndex(`${t}_plan`).on(t).column('plan_id').execute();
      await createTables(db, dialect, [
        {
          name: 'ka_target',
          columns: [
            ['manager_id', 'varchar(32)', 'notNull'],
            ['period', 'varchar(7)', 'notNull'],
            ['currency', 'varchar(3)', 'notNull'],
            ['amount', 'bigint', 'notNull'],
            ['updated_at', 'varchar(30)', 'notNull'],
          ],
          primaryKey: ['ka_target_pk', ['manager_id', 'period']],
        },
      ]);
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
    async up(db, dialect) {
      await createTables(db, dialect, [
        // Privileges of a key account (priority supply, green channel, senior-management visits…).
        {
          name: 'ka_entitlement',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['customer_id', 'varchar(32)', 'notNull'],
            ['kind', 'varchar(30)', 'notNull'],
            ['starts_on', 'varchar(10)', 'notNull'],
            ['ends_on', 'varchar(10)'],
            ['cadence_days', 'integer'],
            ['note', 'varchar(500)'],
            ['granted_by', 'varchar(32)'],
            ['granted_at', 'varchar(30)', 'notNull'],
            ['ended_by', 'varchar(32)'],
            ['ended_at', 'varchar(30)'],
            ['end_reason', 'varchar(500)'],
          ],
          indexes: [['ka_entitlement_customer', ['customer_id', 'starts_on']]],
        },
      ]);
      // The executive visit an entitlement's cadence planned.
      await db.schema.alterTable('ka_visit').addColumn('entitlement_id', 'varchar(32)').execute();
    },
  },
];
