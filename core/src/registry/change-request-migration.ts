import type { Migration } from '../db/migrations.js';
import { createTables } from '../db/table-spec.js';

/** Change requests of the archive's approval rules (档案的修改 / 删除). */
export const changeRequestMigration: Migration = {
  name: 'archive_002_change_requests',
  async up(db, dialect) {
    await createTables(db, dialect, [
      {
        name: 'customer_change_request',
        columns: [
          ['id', 'varchar(32)', 'primaryKey'],
          ['customer_id', 'varchar(32)', 'notNull', { references: 'customer.id' }],
          ['kind', 'varchar(20)', 'notNull'],
          ['groups', 'text', 'notNull'],
          ['changes', 'text', 'notNull'],
          ['payload', 'text', 'notNull'],
          ['reason', 'text', 'notNull'],
          ['base_version', 'integer', 'notNull'],
          ['status', 'varchar(20)', 'notNull'],
          ['requested_by', 'varchar(32)'],
          ['requested_at', 'varchar(30)', 'notNull'],
          ['decided_by', 'varchar(32)'],
          ['decided_at', 'varchar(30)'],
          ['decision_note', 'text'],
        ],
        indexes: [
          ['customer_change_request_customer', ['customer_id', 'requested_at', 'id']],
          ['customer_change_request_status', ['status', 'requested_at', 'id']],
        ],
      },
    ]);
  },
};
