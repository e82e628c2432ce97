import type { Migration } from '../db/migrations.js';
import { createTables } from '../db/table-spec.js';

/**
 * The rest of the archive classes: the structured fields on the customer (managers, business status,
 * competitors), discount approvals (折价审批) and dated notes (industry, internal promotion).
 */
export const archiveRecordsMigration: Migration = {
  name: 'archive_004_discounts_notes_structured_fields',
  async up(db, dialect) {
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
    await createTables(db, dialect, [
      {
        name: 'customer_discount',
        columns: [
          ['id', 'varchar(32)', 'primaryKey'],
          ['customer_id', 'varchar(32)', 'notNull', { references: 'customer.id' }],
          ['subject', 'varchar(300)', 'notNull'],
          ['percent_bp', 'integer'],
          ['amount', 'bigint'],
          ['currency', 'varchar(3)'],
          ['reason', 'text', 'notNull'],
          ['responsible_party', 'varchar(20)', 'notNull'],
          ['responsibility_note', 'text'],
          ['status', 'varchar(20)', 'notNull'],
          ['requested_by', 'varchar(32)'],
          ['requested_at', 'varchar(30)', 'notNull'],
          ['decided_by', 'varchar(32)'],
          ['decided_at', 'varchar(30)'],
          ['decision_note', 'text'],
        ],
        indexes: [
          ['customer_discount_customer', ['customer_id', 'requested_at', 'id']],
          ['customer_discount_status', ['status', 'requested_at']],
        ],
      },
      {
        name: 'customer_note',
        columns: [
          ['id', 'varchar(32)', 'primaryKey'],
          ['customer_id', 'varchar(32)', 'notNull', { references: 'customer.id' }],
          ['kind', 'varchar(20)', 'notNull'],
          ['noted_on', 'varchar(10)', 'notNull'],
          ['title', 'varchar(300)', 'notNull'],
          ['body', 'text'],
          ['created_by', 'varchar(32)'],
          ['created_at', 'varchar(30)', 'notNull'],
        ],
        indexes: [['customer_note_customer', ['customer_id', 'kind', 'noted_on', 'id']]],
      },
    ]);
  },
};
