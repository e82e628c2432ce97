import type { Migration } from '../db/migrations.js';

/** Yearly figures imported for the customer-value view, and the segments it stores for list filters. */
export const customerValueMigration: Migration = {
  name: 'archive_005_customer_value',
  async up(db) {
    await db.schema
      .createTable('customer_contribution')
      .addColumn('customer_id', 'varchar(32)', (c) => c.notNull().references('customer.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('currency', 'varchar(3)', (c) => c.notNull())
      .addColumn('revenue', 'bigint', (c) => c.notNull())
      .addColumn('margin', 'bigint')
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .addPrimaryKeyConstraint('customer_contribution_pk', ['customer_id', 'year', 'currency'])
      .execute();
    await db.schema
      .createTable('customer_value')
      .addColumn('customer_id', 'varchar(32)', (c) => c.primaryKey().references('customer.id'))
      .addColumn('currency', 'varchar(3)', (c) => c.notNull())
      .addColumn('segment', 'varchar(20)', (c) => c.notNull())
      .addColumn('service_level', 'varchar(20)', (c) => c.notNull())
      .addColumn('lifetime_value', 'bigint', (c) => c.notNull())
      .addColumn('average_margin', 'bigint', (c) => c.notNull())
      .addColumn('last_year_revenue', 'bigint', (c) => c.notNull())
      .addColumn('growth_bp', 'integer')
      .addColumn('computed_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('customer_value_segment')
      .on('customer_value')
      .columns(['segment', 'lifetime_value'])
      .execute();
  },
};
