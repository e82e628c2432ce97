import { sql } from 'kysely';
import type { Migration } from './migrations.js';
import { createTables } from './table-spec.js';

/**
 * The kernel runtime's and customer archive's tables. Append new migrations; never edit or rename an
 * applied one. The namespace's whole list, activities' tables after these, is in `../kernel-schema.ts`.
 */
export const kernelMigrations: Migration[] = [
  {
    name: '001_runtime',
    async up(db, dialect) {
      await createTables(db, dialect, [
        {
          name: 'kehu_user',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['name', 'varchar(200)', 'notNull'],
            ['email', 'varchar(320)', 'unique'],
            ['roles', 'text', 'notNull'],
            ['active', 'integer', 'notNull', { default: 1 }],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
        },
        {
          name: 'kehu_token',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['user_id', 'varchar(32)', 'notNull', { references: 'kehu_user.id' }],
            ['name', 'varchar(200)', 'notNull'],
            ['token_hash', 'varchar(64)', 'notNull', 'unique'],
            ['created_at', 'varchar(30)', 'notNull'],
            ['expires_at', 'varchar(30)'],
            ['revoked_at', 'varchar(30)'],
          ],
        },
        {
          name: 'kehu_event',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['name', 'varchar(200)', 'notNull'],
            ['payload', 'text', 'notNull'],
            ['occurred_at', 'varchar(30)', 'notNull'],
          ],
        },
        {
          name: 'kehu_delivery',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['event_id', 'varchar(32)', 'notNull', { references: 'kehu_event.id' }],
            ['subscriber', 'varchar(200)', 'notNull'],
            ['status', 'varchar(20)', 'notNull'],
            ['attempts', 'integer', 'notNull', { default: 0 }],
            ['next_attempt_at', 'varchar(30)', 'notNull'],
            ['locked_until', 'varchar(30)'],
            ['last_error', 'text'],
            ['delivered_at', 'varchar(30)'],
            ['updated_at', 'varchar(30)', 'notNull'],
          ],
          unique: [['kehu_delivery_event_subscriber', ['event_id', 'subscriber']]],
          indexes: [['kehu_delivery_due', ['status', 'next_attempt_at']]],
        },
        {
          name: 'kehu_audit',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['entity_type', 'varchar(100)', 'notNull'],
            ['entity_id', 'varchar(64)', 'notNull'],
            ['customer_id', 'varchar(32)'],
            ['action', 'varchar(100)', 'notNull'],
            ['actor_id', 'varchar(32)'],
            ['at', 'varchar(30)', 'notNull'],
            ['changes', 'text'],
            ['reason', 'text'],
          ],
          indexes: [
            ['kehu_audit_entity', ['entity_type', 'entity_id']],
            ['kehu_audit_customer', ['customer_id', 'id']],
          ],
        },
        {
          name: 'kehu_job_run',
          columns: [
            ['job', 'varchar(200)', 'notNull'],
            ['period', 'varchar(20)', 'notNull'],
            ['status', 'varchar(20)', 'notNull'],
            ['started_at', 'varchar(30)', 'notNull'],
            ['finished_at', 'varchar(30)'],
            ['error', 'text'],
          ],
          primaryKey: ['kehu_job_run_pk', ['job', 'period']],
        },
        {
          name: 'kehu_idempotency',
          columns: [
            ['scope', 'varchar(64)', 'notNull'],
            ['key', 'varchar(200)', 'notNull'],
            ['request_hash', 'varchar(64)', 'notNull'],
            ['status', 'integer', 'notNull'],
            ['body', 'text', 'notNull'],
            ['content_type', 'varchar(100)', 'notNull'],
            ['created_at', 'varchar(30)', 'notNull'],
          ],
          primaryKey: ['kehu_idempotency_pk', ['scope', 'key']],
        },
      ]);
    },
  },
];

kernelMigrations.push({
  name: '002_customers',
  async up(db, dialect) {
    await createTables(db, dialect, [
      {
        name: 'customer',
        columns: [
          ['id', 'varchar(32)', 'primaryKey'],
          ['code', 'varchar(64)', 'notNull', 'unique'],
          ['name', 'varchar(300)', 'notNull'],
          ['name_key', 'varchar(300)', 'notNull'],
          ['kind', 'varchar(20)', 'notNull'],
          ['internal', 'integer', 'notNull', { default: 0 }],
          ['chain_position', 'varchar(20)', 'notNull', { default: 'end' }],
          ['status', 'varchar(20)', 'notNull'],
          ['region', 'varchar(100)'],
          ['industry', 'varchar(100)'],
          ['address', 'text'],
          ['phone', 'varchar(50)'],
          ['phone_key', 'varchar(50)'],
          ['email', 'varchar(320)'],
          ['email_key', 'varchar(320)'],
          ['legal_representative', 'varchar(200)'],
          ['source', 'varchar(100)'],
          ['owner_id', 'varchar(32)', { references: 'kehu_user.id' }],
          ['tags', 'text', 'notNull', { default: '[]' }],
          ['custom', 'text', 'notNull', { default: '{}' }],
          ['do_not_contact', 'integer', 'notNull', { default: 0 }],
          ['created_at', 'varchar(30)', 'notNull'],
          ['updated_at', 'varchar(30)', 'notNull'],
          ['version', 'integer', 'notNull', { default: 1 }],
          ['deleted_at', 'varchar(30)'],
        ],
        indexes: [
          ['customer_owner', ['owner_id', 'id']],
          ['customer_status', ['status', 'id']],
          ['customer_name_key', ['name_key']],
          ['customer_phone_key', ['phone_key']],
          ['customer_email_key', ['email_key']],
        ],
      },
      {
        name: 'customer_access_grant',
        columns: [
          ['id', 'varchar(32)', 'primaryKey'],
          ['customer_id', 'varchar(32)', 'notNull', { references: 'customer.id' }],
          ['grantee_id', 'varchar(32)', 'notNull', { references: 'kehu_user.id' }],
          ['reason', 'text', 'notNull'],
          ['status', 'varchar(20)', 'notNull'],
          ['requested_at', 'varchar(30)', 'notNull'],
          ['decided_by', 'varchar(32)'],
          ['decided_at', 'varchar(30)'],
          ['expires_at', 'varchar(30)'],
        ],
        indexes: [['customer_access_grant_grantee', ['grantee_id', 'status', 'customer_id']]],
      },
    ]);
  },
});

kernelMigrations.push({
  name: '003_customer_archive',
  async up(db, dialect) {
    await db.schema.alterTable('customer').addColumn('terminated_at', 'varchar(30)').execute();
    // Keyset pages sort by (created_at, id) and the purge job scans deleted rows by date.
    await db.schema.createIndex('customer_created').on('customer').columns(['created_at', 'id']).execute();
    await db.schema
      .createIndex('customer_owner_created')
      .on('customer')
      .columns(['owner_id', 'created_at', 'id'])
      .execute();
    await db.schema.createIndex('customer_deleted').on('customer').column('deleted_at').execute();
    await db.schema
      .createIndex('customer_access_grant_customer')
      .on('customer_access_grant')
      .columns(['customer_id', 'status'])
      .execute();

    await createTables(db, dialect, [
      {
        name: 'contact',
        columns: [
          ['id', 'varchar(32)', 'primaryKey'],
          ['customer_id', 'varchar(32)', 'notNull', { references: 'customer.id' }],
          ['name', 'varchar(200)', 'notNull'],
          ['title', 'varchar(200)'],
          ['phone', 'varchar(50)'],
          ['phone_key', 'varchar(50)'],
          ['email', 'varchar(320)'],
          ['email_key', 'varchar(320)'],
          ['is_primary', 'integer', 'notNull', { default: 0 }],
          ['note', 'text'],
          ['created_at', 'varchar(30)', 'notNull'],
          ['updated_at', 'varchar(30)', 'notNull'],
          ['version', 'integer', 'notNull', { default: 1 }],
          ['deleted_at', 'varchar(30)'],
        ],
        indexes: [
          ['contact_customer', ['customer_id', 'id']],
          // At most one primary contact per customer, enforced by the database as well as the service.
          {
            name: 'contact_one_primary',
            columns: ['customer_id'],
            unique: true,
            where: [
              ['is_primary', '=', 1],
              ['deleted_at', 'is', null],
            ],
          },
        ],
      },
      {
        name: 'communication',
        columns: [
          ['id', 'varchar(32)', 'primaryKey'],
          ['customer_id', 'varchar(32)', 'notNull', { references: 'customer.id' }],
          ['contact_id', 'varchar(32)', { references: 'contact.id' }],
          ['channel', 'varchar(20)', 'notNull'],
          ['direction', 'varchar(10)', 'notNull'],
          ['occurred_at', 'varchar(30)', 'notNull'],
          ['subject', 'varchar(300)', 'notNull'],
          ['process', 'text'],
          ['result', 'text'],
          ['by_user_id', 'varchar(32)', { references: 'kehu_user.id' }],
          ['created_by', 'varchar(32)'],
          ['created_at', 'varchar(30)', 'notNull'],
        ],
        indexes: [['communication_customer', ['customer_id', 'occurred_at', 'id']]],
      },
      {
        name: 'customer_field',
        columns: [
          ['key', 'varchar(50)', 'primaryKey'],
          ['label_en', 'varchar(200)', 'notNull'],
          ['label_zh', 'varchar(200)', 'notNull'],
          ['type', 'varchar(10)', 'notNull'],
          ['required', 'integer', 'notNull', { default: 0 }],
          ['filterable', 'integer', 'notNull', { default: 0 }],
          ['options', 'text', 'notNull', { default: '[]' }],
          ['position', 'integer', 'notNull', { default: 0 }],
          ['created_at', 'varchar(30)', 'notNull'],
          ['updated_at', 'varchar(30)', 'notNull'],
          ['version', 'integer', 'notNull', { default: 1 }],
        ],
      },
      // Survives the purge of the merged customer, so the survivor's timeline keeps the old history.
      {
        name: 'customer_merge',
        columns: [
          ['source_id', 'varchar(32)', 'primaryKey'],
          ['target_id', 'varchar(32)', 'notNull'],
          ['at', 'varchar(30)', 'notNull'],
          ['actor_id', 'varchar(32)'],
          ['reason', 'text'],
        ],
        indexes: [['customer_merge_target', ['target_id']]],
      },
      {
        name: 'kehu_sequence',
        columns: [
          ['name', 'varchar(100)', 'primaryKey'],
          ['value', 'bigint', 'notNull'],
        ],
      },
    ]);
  },
});

kernelMigrations.push({
  name: '004_customer_deleted_partial_index',
  async up(db) {
    // A plain index on deleted_at made SQLite's planner read every live customer through it for
    // `deleted_at is null` (the condition of every list and duplicate check). Only the purge job
    // looks deleted rows up, so index just those.
    await db.schema.dropIndex('customer_deleted').execute();
    await db.schema
      .createIndex('customer_deleted_at')
      .on('customer')
      .column('deleted_at')
      .where(sql.ref('deleted_at'), 'is not', null)
      .execute();
  },
});
