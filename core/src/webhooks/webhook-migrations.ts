import type { Migration } from '../db/migrations.js';

export const webhookMigration: Migration = {
  name: '005_webhooks',
  async up(db) {
    await db.schema
      .createTable('kehu_webhook_endpoint')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('description', 'varchar(500)')
      .addColumn('events', 'text', (c) => c.notNull())
      // Sealed with the host's webhooks.secretKey (see SecretBox), never the plain secret.
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('previous_secret', 'text')
      .addColumn('previous_secret_until', 'varchar(30)')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('failing_since', 'varchar(30)')
      .addColumn('disabled_at', 'varchar(30)')
      .addColumn('disabled_reason', 'text')
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('kehu_webhook_attempt')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('endpoint_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('delivery_id', 'varchar(32)')
      .addColumn('message_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('event', 'varchar(200)', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('ok', 'integer', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('latency_ms', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('response_body', 'text')
      .addColumn('at', 'varchar(30)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('kehu_webhook_attempt_endpoint')
      .on('kehu_webhook_attempt')
      .columns(['endpoint_id', 'id'])
      .execute();
  },
};
