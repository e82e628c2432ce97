import { sql } from 'kysely';
import type { Migration } from './migrations.js';

/**
 * The kernel runtime's and customer archive's tables. Append new migrations; never edit or rename an
 * applied one. The namespace's whole list, activities' tables after these, is in `../kernel-schema.ts`.
 */
export const kernelMigrations: Migration[] = [
  {
    name: '001_runtime',
    async up(db) {
      await db.schema
        .createTable('kehu_user')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('email', 'varchar(320)', (c) => c.unique())
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('kehu_token')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('kehu_user.id'))
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(30)')
        .addColumn('revoked_at', 'varchar(30)')
        .execute();
      await db.schema
        .createTable('kehu_event')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('kehu_delivery')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('event_id', 'varchar(32)', (c) => c.notNull().references('kehu_event.id'))
        .addColumn('subscriber', 'varchar(200)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('locked_until', 'varchar(30)')
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', 'varchar(30)')
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addUniqueConstraint('kehu_delivery_event_subscriber', ['event_id', 'subscriber'])
        .execute();
      await db.schema
        .createIndex('kehu_delivery_due')
        .on('kehu_delivery')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createTable('kehu_audit')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('entity_type', 'varchar(100)', (c) => c.notNull())
        .addColumn('entity_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('customer_id', 'varchar(32)')
        .addColumn('action', 'varchar(100)', (c) => c.notNull())
        .addColumn('actor_id', 'varchar(32)')
        .addColumn('at', 'varchar(30)', (c) => c.notNull())
        .addColumn('changes', 'text')
        .addColumn('reason', 'text')
        .execute();
      await db.schema
        .createIndex('kehu_audit_entity')
        .on('kehu_audit')
        .columns(['entity_type', 'entity_id'])
        .execute();
      await db.schema
        .createIndex('kehu_audit_customer')
        .on('kehu_audit')
        .columns(['customer_id', 'id'])
        .execute();
      await db.schema
        .createTable('kehu_job_run')
        .addColumn('job', 'varchar(200)', (c) => c.notNull())
        .addColumn('period', 'varchar(20)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('started_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('finished_at', 'varchar(30)')
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('kehu_job_run_pk', ['job', 'period'])
        .execute();
      await db.schema
        .createTable('kehu_idempotency')
        .addColumn('scope', 'varchar(64)', (c) => c.notNull())
        .addColumn('key', 'varchar(200)', (c) => c.notNull())
        .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addPrimaryKeyConstraint('kehu_idempotency_pk', ['scope', 'key'])
        .execute();
    },
  },
];

kernelMigrations.push({
  name: '002_customers',
  async up(db) {
    await db.schema
      .createTable('customer')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(300)', (c) => c.notNull())
      .addColumn('name_key', 'varchar(300)', (c) => c.notNull())
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('chain_position', 'varchar(20)', (c) => c.notNull().defaultTo('end'))
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('region', 'varchar(100)')
      .addColumn('industry', 'varchar(100)')
      .addColumn('address', 'text')
      .addColumn('phone', 'varchar(50)')
      .addColumn('phone_key', 'varchar(50)')
      .addColumn('email', 'varchar(320)')
      .addColumn('email_key', 'varchar(320)')
      .addColumn('legal_representative', 'varchar(200)')
      .addColumn('source', 'varchar(100)')
      .addColumn('owner_id', 'varchar(32)', (c) => c.references('kehu_user.id'))
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('custom', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('do_not_contact', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted_at', 'varchar(30)')
      .execute();
    await db.schema.createIndex('customer_owner').on('customer').columns(['owner_id', 'id']).execute();
    await db.schema.createIndex('customer_status').on('customer').columns(['status', 'id']).execute();
    await db.schema.createIndex('customer_name_key').on('customer').column('name_key').execute();
    await db.schema.createIndex('customer_phone_key').on('customer').column('phone_key').execute();
    await db.schema.createIndex('customer_email_key').on('customer').column('email_key').execute();
    await db.schema
      .createTable('customer_access_grant')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('customer_id', 'varchar(32)', (c) => c.notNull().references('customer.id'))
      .addColumn('grantee_id', 'varchar(32)', (c) => c.notNull().references('kehu_user.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('requested_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('decided_by', 'varchar(32)')
      .addColumn('decided_at', 'varchar(30)')
      .addColumn('expires_at', 'varchar(30)')
      .execute();
    await db.schema
      .createIndex('customer_access_grant_grantee')
      .on('customer_access_grant')
      .columns(['grantee_id', 'status', 'customer_id'])
      .execute();
  },
});

kernelMigrations.push({
  name: '003_customer_archive',
  async up(db) {
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

    await db.schema
      .createTable('contact')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('customer_id', 'varchar(32)', (c) => c.notNull().references('customer.id'))
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('title', 'varchar(200)')
      .addColumn('phone', 'varchar(50)')
      .addColumn('phone_key', 'varchar(50)')
      .addColumn('email', 'varchar(320)')
      .addColumn('email_key', 'varchar(320)')
      .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('note', 'text')
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted_at', 'varchar(30)')
      .execute();
    await db.schema.createIndex('contact_customer').on('contact').columns(['customer_id', 'id']).execute();
    // At most one primary contact per customer, enforced by the database as well as the service.
    await db.schema
      .createIndex('contact_one_primary')
      .on('contact')
      .column('customer_id')
      .unique()
      .where(sql.ref('is_primary'), '=', 1)
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();

    await db.schema
      .createTable('communication')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('customer_id', 'varchar(32)', (c) => c.notNull().references('customer.id'))
      .addColumn('contact_id', 'varchar(32)', (c) => c.references('contact.id'))
      .addColumn('channel', 'varchar(20)', (c) => c.notNull())
      .addColumn('direction', 'varchar(10)', (c) => c.notNull())
      .addColumn('occurred_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('subject', 'varchar(300)', (c) => c.notNull())
      .addColumn('process', 'text')
      .addColumn('result', 'text')
      .addColumn('by_user_id', 'varchar(32)', (c) => c.references('kehu_user.id'))
      .addColumn('created_by', 'varchar(32)')
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('communication_customer')
      .on('communication')
      .columns(['customer_id', 'occurred_at', 'id'])
      .execute();

    await db.schema
      .createTable('customer_field')
      .addColumn('key', 'varchar(50)', (c) => c.primaryKey())
      .addColumn('label_en', 'varchar(200)', (c) => c.notNull())
      .addColumn('label_zh', 'varchar(200)', (c) => c.notNull())
      .addColumn('type', 'varchar(10)', (c) => c.notNull())
      .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('filterable', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();

    // Survives the purge of the merged customer, so the survivor's timeline keeps the old history.
    await db.schema
      .createTable('customer_merge')
      .addColumn('source_id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('target_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('at', 'varchar(30)', (c) => c.notNull())
      .addColumn('actor_id', 'varchar(32)')
      .addColumn('reason', 'text')
      .execute();
    await db.schema.createIndex('customer_merge_target').on('customer_merge').column('target_id').execute();

    await db.schema
      .createTable('kehu_sequence')
      .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();
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
