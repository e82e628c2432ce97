import type { Migration } from '../db/migrations.js';

/**
 * The rest of the archive classes: the structured fields on the customer (managers, business status,
 * competitors), discount approvals (折价审批) and dated notes (industry, internal promotion).
 */
export const archiveRecordsMigration: Migration = {
  name: 'archive_004_discounts_notes_structured_fields',
  async up(db) {
    await db.schema
      .alterTable('customer')
      .addColumn('managers', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema
      .alterTable('customer')
      .addColumn('business_status', 'text', (c) =>
        c.notNull().defaultTo('{"salesActivity":null,"problems":null,"outlook":null,"reputation":null}'),
      )
      .execute();
    await db.schema
      .alterTable('customer')
      .addColumn('competitors', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema
      .createTable('customer_discount')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('customer_id', 'varchar(32)', (c) => c.notNull().references('customer.id'))
      .addColumn('subject', 'varchar(300)', (c) => c.notNull())
      .addColumn('percent_bp', 'integer')
      .addColumn('amount', 'bigint')
      .addColumn('currency', 'varchar(3)')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('responsible_party', 'varchar(20)', (c) => c.notNull())
      .addColumn('responsibility_note', 'text')
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('requested_by', 'varchar(32)')
      .addColumn('requested_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('decided_by', 'varchar(32)')
      .addColumn('decided_at', 'varchar(30)')
      .addColumn('decision_note', 'text')
      .execute();
    await db.schema
      .createIndex('customer_discount_customer')
      .on('customer_discount')
      .columns(['customer_id', 'requested_at', 'id'])
      .execute();
    await db.schema
      .createIndex('customer_discount_status')
      .on('customer_discount')
      .columns(['status', 'requested_at'])
      .execute();
    await db.schema
      .createTable('customer_note')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('customer_id', 'varchar(32)', (c) => c.notNull().references('customer.id'))
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('noted_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('title', 'varchar(300)', (c) => c.notNull())
      .addColumn('body', 'text')
      .addColumn('created_by', 'varchar(32)')
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('customer_note_customer')
      .on('customer_note')
      .columns(['customer_id', 'kind', 'noted_on', 'id'])
      .execute();
  },
};
