import type { Migration } from '../db/migrations.js';

/** Change requests of the archive's approval rules (档案的修改 / 删除). */
export const changeRequestMigration: Migration = {
  name: 'archive_002_change_requests',
  async up(db) {
    await db.schema
      .createTable('customer_change_request')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('customer_id', 'varchar(32)', (c) => c.notNull().references('customer.id'))
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('groups', 'text', (c) => c.notNull())
      .addColumn('changes', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('base_version', 'integer', (c) => c.notNull())
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('requested_by', 'varchar(32)')
      .addColumn('requested_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('decided_by', 'varchar(32)')
      .addColumn('decided_at', 'varchar(30)')
      .addColumn('decision_note', 'text')
      .execute();
    await db.schema
      .createIndex('customer_change_request_customer')
      .on('customer_change_request')
      .columns(['customer_id', 'requested_at', 'id'])
      .execute();
    await db.schema
      .createIndex('customer_change_request_status')
      .on('customer_change_request')
      .columns(['status', 'requested_at', 'id'])
      .execute();
  },
};
