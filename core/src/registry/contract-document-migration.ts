import type { Migration } from '../db/migrations.js';
import { createTables } from '../db/table-spec.js';

/** Contracts (合同/协议) and documents of the customer archive. */
export const contractDocumentMigration: Migration = {
  name: 'archive_003_contracts_documents',
  async up(db, dialect) {
    await createTables(db, dialect, [
      {
        name: 'customer_contract',
        columns: [
          ['id', 'varchar(32)', 'primaryKey'],
          ['customer_id', 'varchar(32)', 'notNull', { references: 'customer.id' }],
          ['number', 'varchar(100)', 'notNull'],
          ['title', 'varchar(300)', 'notNull'],
          ['parties', 'text', 'notNull'],
          ['signed_on', 'varchar(10)', 'notNull'],
          ['valid_from', 'varchar(10)'],
          ['valid_to', 'varchar(10)'],
          ['amount', 'bigint'],
          ['currency', 'varchar(3)'],
          ['status', 'varchar(20)', 'notNull'],
          ['reminder_days', 'integer', 'notNull'],
          ['reminded_at', 'varchar(30)'],
          ['created_by', 'varchar(32)'],
          ['created_at', 'varchar(30)', 'notNull'],
          ['updated_at', 'varchar(30)', 'notNull'],
          ['version', 'integer', 'notNull', { default: 1 }],
        ],
        indexes: [
          ['customer_contract_customer', ['customer_id', 'signed_on', 'id']],
          ['customer_contract_expiry', ['status', 'valid_to']],
        ],
      },
      {
        name: 'customer_document',
        columns: [
          ['id', 'varchar(32)', 'primaryKey'],
          ['customer_id', 'varchar(32)', 'notNull', { references: 'customer.id' }],
          ['subject_type', 'varchar(100)', 'notNull'],
          ['subject_id', 'varchar(64)', 'notNull'],
          ['name', 'varchar(255)', 'notNull'],
          ['content_type', 'varchar(200)', 'notNull'],
          ['size', 'integer', 'notNull'],
          ['sha256', 'varchar(64)', 'notNull'],
          ['storage_key', 'varchar(100)', 'notNull'],
          ['uploaded_by', 'varchar(32)'],
          ['created_at', 'varchar(30)', 'notNull'],
        ],
        indexes: [['customer_document_customer', ['customer_id', 'created_at', 'id']]],
      },
    ]);
  },
};
