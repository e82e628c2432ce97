import type { Migration } from '../db/migrations.js';

/** Contracts (合同/协议) and documents of the customer archive. */
export const contractDocumentMigration: Migration = {
  name: 'archive_003_contracts_documents',
  async up(db) {
    await db.schema
      .createTable('customer_contract')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('customer_id', 'varchar(32)', (c) => c.notNull().references('customer.id'))
      .addColumn('number', 'varchar(100)', (c) => c.notNull())
      .addColumn('title', 'varchar(300)', (c) => c.notNull())
      .addColumn('parties', 'text', (c) => c.notNull())
      .addColumn('signed_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('valid_from', 'varchar(10)')
      .addColumn('valid_to', 'varchar(10)')
      .addColumn('amount', 'bigint')
      .addColumn('currency', 'varchar(3)')
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('reminder_days', 'integer', (c) => c.notNull())
      .addColumn('reminded_at', 'varchar(30)')
      .addColumn('created_by', 'varchar(32)')
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createIndex('customer_contract_customer')
      .on('customer_contract')
      .columns(['customer_id', 'signed_on', 'id'])
      .execute();
    await db.schema
      .createIndex('customer_contract_expiry')
      .on('customer_contract')
      .columns(['status', 'valid_to'])
      .execute();
    await db.schema
      .createTable('customer_document')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('customer_id', 'varchar(32)', (c) => c.notNull().references('customer.id'))
      .addColumn('subject_type', 'varchar(100)', (c) => c.notNull())
      .addColumn('subject_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('content_type', 'varchar(200)', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('storage_key', 'varchar(100)', (c) => c.notNull())
      .addColumn('uploaded_by', 'varchar(32)')
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('customer_document_customer')
      .on('customer_document')
      .columns(['customer_id', 'created_at', 'id'])
      .execute();
  },
};
