import { sql } from 'kysely';
import type { Migration } from '../db/migrations.js';

/**
 * Tables of activities (待办) and the notification inbox, appended to the kernel's migrations
 * (kernel-migrations.ts). Append; never edit an applied one.
 */
export const activityMigrations: Migration[] = [
  {
    name: 'activities_001_activities_notifications',
    async up(db) {
      await db.schema
        .createTable('kehu_activity')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('type', 'varchar(50)', (c) => c.notNull())
        .addColumn('subject', 'varchar(300)', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('customer_id', 'varchar(32)')
        .addColumn('link_type', 'varchar(100)')
        .addColumn('link_id', 'varchar(64)')
        .addColumn('assignee_id', 'varchar(32)', (c) => c.notNull().references('kehu_user.id'))
        .addColumn('due_at', 'varchar(30)')
        .addColumn('due_date', 'varchar(10)')
        .addColumn('due_time', 'varchar(5)')
        // due_at, or a far-future value when there is none, so "soonest first" is one index walk.
        .addColumn('sort_due', 'varchar(30)', (c) => c.notNull())
        .addColumn('priority', 'varchar(10)', (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('outcome', 'varchar(100)')
        .addColumn('completion_note', 'text')
        .addColumn('closed_by_source', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_by', 'varchar(32)')
        .addColumn('source_plugin', 'varchar(50)')
        .addColumn('idempotency_key', 'varchar(200)')
        .addColumn('data', 'text')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('closed_at', 'varchar(30)')
        .addColumn('closed_by', 'varchar(32)')
        .addColumn('overdue_at', 'varchar(30)')
        .addColumn('escalated_at', 'varchar(30)')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      // "My open activities, soonest first" and the badge counts walk this index in order.
      await db.schema
        .createIndex('kehu_activity_assignee_due')
        .on('kehu_activity')
        .columns(['assignee_id', 'status', 'sort_due', 'id'])
        .execute();
      await db.schema
        .createIndex('kehu_activity_assignee_closed')
        .on('kehu_activity')
        .columns(['assignee_id', 'status', 'closed_at', 'id'])
        .execute();
      // The team view and the overdue job read open rows by due instant.
      await db.schema
        .createIndex('kehu_activity_status_due')
        .on('kehu_activity')
        .columns(['status', 'sort_due', 'id'])
        .execute();
      await db.schema
        .createIndex('kehu_activity_overdue_pending')
        .on('kehu_activity')
        .column('due_at')
        .where(sql.ref('status'), '=', 'open')
        .where(sql.ref('overdue_at'), 'is', null)
        .execute();
      await db.schema
        .createIndex('kehu_activity_link')
        .on('kehu_activity')
        .columns(['link_type', 'link_id', 'status'])
        .execute();
      await db.schema
        .createIndex('kehu_activity_customer')
        .on('kehu_activity')
        .columns(['customer_id', 'created_at', 'id'])
        .execute();
      // A caller-given key makes creation idempotent per source (an at-least-once subscriber).
      await db.schema
        .createIndex('kehu_activity_key')
        .on('kehu_activity')
        .columns(['source_plugin', 'idempotency_key'])
        .unique()
        .where(sql.ref('idempotency_key'), 'is not', null)
        .execute();

      await db.schema.alterTable('kehu_user').addColumn('language', 'varchar(10)').execute();

      await db.schema
        .createTable('kehu_notification')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('kehu_user.id'))
        .addColumn('kind', 'varchar(200)', (c) => c.notNull())
        .addColumn('title', 'varchar(300)', (c) => c.notNull())
        .addColumn('body', 'text')
        .addColumn('activity_id', 'varchar(32)')
        .addColumn('customer_id', 'varchar(32)')
        .addColumn('data', 'text')
        .addColumn('dedupe_key', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('read_at', 'varchar(30)')
        .addColumn('mailed_at', 'varchar(30)')
        .addUniqueConstraint('kehu_notification_dedupe', ['user_id', 'dedupe_key'])
        .execute();
      await db.schema
        .createIndex('kehu_notification_user')
        .on('kehu_notification')
        .columns(['user_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('kehu_notification_unread')
        .on('kehu_notification')
        .column('user_id')
        .where(sql.ref('read_at'), 'is', null)
        .execute();
      await db.schema
        .createIndex('kehu_notification_unmailed')
        .on('kehu_notification')
        .columns(['user_id', 'created_at'])
        .where(sql.ref('mailed_at'), 'is', null)
        .execute();

      await db.schema
        .createTable('kehu_notification_subscription')
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('kehu_user.id'))
        .addColumn('event', 'varchar(200)', (c) => c.notNull())
        .addColumn('scope', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addPrimaryKeyConstraint('kehu_notification_subscription_pk', ['user_id', 'event'])
        .execute();
      await db.schema
        .createIndex('kehu_notification_subscription_event')
        .on('kehu_notification_subscription')
        .column('event')
        .execute();
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
