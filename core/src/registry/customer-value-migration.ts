import type { Migration } from '../db/migrations.js';
import { createTables } from '../db/table-spec.js';

/** Yearly figures imported for the customer-value view, and the segments it stores for list filters. */
export const customerValueMigration: Migration = {
  name: 'archive_005_customer_value',
  async up(db, dialect) {
    await createTables(db, dialect, [
      {
        name: 'customer_contribution',
        columns: [
          ['customer_id', 'varchar(32)', 'notNull', { references: 'customer.id' }],
          ['year', 'integer', 'notNull'],
          ['currency', 'varchar(3)', 'notNull'],
          ['revenue', 'bigint', 'notNull'],
          ['margin', 'bigint'],
          ['updated_at', 'varchar(30)', 'notNull'],
        ],
        primaryKey: ['customer_contribution_pk', ['customer_id', 'year', 'currency']],
      },
      {
        name: 'customer_value',
        columns: [
          ['customer_id', 'varchar(32)', 'primaryKey', { references: 'customer.id' }],
          ['currency', 'varchar(3)', 'notNull'],
          ['segment', 'varchar(20)', 'notNull'],
          ['service_level', 'varchar(20)', 'notNull'],
          ['lifetime_value', 'bigint', 'notNull'],
          ['average_margin', 'bigint', 'notNull'],
          ['last_year_revenue', 'bigint', 'notNull'],
          ['growth_bp', 'integer'],
          ['computed_at', 'varchar(30)', 'notNull'],
        ],
        indexes: [['customer_value_segment', ['segment', 'lifetime_value']]],
      },
    ]);
  },
};
