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
];
