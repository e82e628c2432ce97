import type { Migration } from '../db/migrations.js';
import { createTables } from '../db/table-spec.js';

/**
 * Tables of activities (待办) and the notification inbox, appended to the kernel's migrations
 * (kernel-migrations.ts). Append; never edit an applied one.
 */
export const activityMigrations: Migration[] = [
  {
    name: 'activities_001_activities_notifications',
    async up(db, dialect) {
      await createTables(db, dialect, [
        {
          name: 'kehu_activity',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['type', 'varchar(50)', 'notNull'],
            ['subject', 'varchar(300)', 'notNull'],
            ['description', 'text'],
            ['customer_id', 'varchar(32)'],
            ['link_type', 'varchar(100)'],
            ['link_id', 'varchar(64)'],
            ['assignee_id', 'varchar(32)', 'notNull', { references: 'kehu_user.id' }],
            ['due_at', 'varchar(30)'],
            ['due_date', 'varchar(10)'],
            ['due_time', 'varchar(5)'],
            // due_at, or a far-future value when there is none, so "soonest first" is one index walk.
            ['sort_due', 'varchar(30)', 'notNull'],
            ['priority', 'varchar(10)', 'notNull'],
            ['status', 'varchar(10)', 'notNull'],
            ['outcome', 'varchar(100)'],
            ['completion_note', 'text'],
            ['closed_by_source', 'integer', 'notNull', { default: 0 }],
            ['created_by', 'varchar(32)'],
            ['source_plugin', 'varchar(50)'],
            ['idempotency_key', 'varchar(200)'],
            ['data', 'text'],
            ['created_at', 'varchar(30)', 'notNull'],
            ['updated_at', 'varchar(30)', 'notNull'],
            ['closed_at', 'varchar(30)'],
            ['closed_by', 'varchar(32)'],
            ['overdue_at', 'varchar(30)'],
            ['escalated_at', 'varchar(30)'],
            ['version', 'integer', 'notNull', { default: 1 }],
          ],
          indexes: [
            // "My open activities, soonest first" and the badge counts walk this index in order.
            ['kehu_activity_assignee_due', ['assignee_id', 'status', 'sort_due', 'id']],
            ['kehu_activity_assignee_closed', ['assignee_id', 'status', 'closed_at', 'id']],
            // The team view and the overdue job read open rows by due instant.
            ['kehu_activity_status_due', ['status', 'sort_due', 'id']],
            {
              name: 'kehu_activity_overdue_pending',
              columns: ['due_at'],
              where: [
                ['status', '=', 'open'],
                ['overdue_at', 'is', null],
              ],
            },
            ['kehu_activity_link', ['link_type', 'link_id', 'status']],
            ['kehu_activity_customer', ['customer_id', 'created_at', 'id']],
            // A caller-given key makes creation idempotent per source (an at-least-once subscriber).
            {
              name: 'kehu_activity_key',
              columns: ['source_plugin', 'idempotency_key'],
              unique: true,
              where: [['idempotency_key', 'is not', null]],
            },
          ],
        },
      ]);

      await db.schema.alterTable('kehu_user').addColumn('language', 'varchar(10)').execute();

      await createTables(db, dialect, [
        {
          name: 'kehu_notification',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['user_id', 'varchar(32)', 'notNull', { references: 'kehu_user.id' }],
            ['kind', 'varchar(200)', 'notNull'],
            ['title', 'varchar(300)', 'notNull'],
            ['body', 'text'],
            ['activity_id', 'varchar(32)'],
            ['customer_id', 'varchar(32)'],
            ['data', 'text'],
            ['dedupe_key', 'varchar(200)', 'notNull'],
            ['created_at', 'varchar(30)', 'notNull'],
            ['read_at', 'varchar(30)'],
            ['mailed_at', 'varchar(30)'],
          ],
          unique: [['kehu_notification_dedupe', ['user_id', 'dedupe_key']]],
          indexes: [
            ['kehu_notification_user', ['user_id', 'created_at', 'id']],
            { name: 'kehu_notification_unread', columns: ['user_id'], where: [['read_at', 'is', null]] },
            {
              name: 'kehu_notification_unmailed',
              columns: ['user_id', 'created_at'],
              where: [['mailed_at', 'is', null]],
            },
          ],
        },
        {
          name: 'kehu_notification_subscription',
          columns: [
            ['user_id', 'varchar(32)', 'notNull', { references: 'kehu_user.id' }],
            ['event', 'varchar(200)', 'notNull'],
            ['scope', 'varchar(10)', 'notNull'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          primaryKey: ['kehu_notification_subscription_pk', ['user_id', 'event']],
          indexes: [['kehu_notification_subscription_event', ['event']]],
        },
      ]);
    },
  },
  {
    name: 'activities_002_for_permission',
    async up(db) {
      // An activity made for the holders of a permission: its assignee sees it while they hold it.
      await db.schema.alterTable('kehu_activity').addColumn('for_permission', 'varchar(100)').execute();
    },
  },
];
