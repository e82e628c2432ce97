import type { Migration } from '../db/migrations.js';
import { createTables } from '../db/table-spec.js';

export const webhookMigration: Migration = {
  name: '005_webhooks',
  async up(db, dialect) {
    await createTables(db, dialect, [
      {
        name: 'kehu_webhook_endpoint',
        columns: [
          ['id', 'varchar(32)', 'primaryKey'],
          ['url', 'text', 'notNull'],
          ['description', 'varchar(500)'],
          ['events', 'text', 'notNull'],
          // Sealed with the host's webhooks.secretKey (see SecretBox), never the plain secret.
          ['secret', 'text', 'notNull'],
          ['previous_secret', 'text'],
          ['previous_secret_until', 'varchar(30)'],
          ['active', 'integer', 'notNull', { default: 1 }],
          ['failing_since', 'varchar(30)'],
          ['disabled_at', 'varchar(30)'],
          ['disabled_reason', 'text'],
          ['created_at', 'varchar(30)', 'notNull'],
          ['updated_at', 'varchar(30)', 'notNull'],
        ],
      },
      {
        name: 'kehu_webhook_attempt',
        columns: [
          ['id', 'varchar(32)', 'primaryKey'],
          ['endpoint_id', 'varchar(32)', 'notNull'],
          ['delivery_id', 'varchar(32)'],
          ['message_id', 'varchar(32)', 'notNull'],
          ['event', 'varchar(200)', 'notNull'],
          ['attempt', 'integer', 'notNull'],
          ['ok', 'integer', 'notNull'],
          ['status_code', 'integer'],
          ['latency_ms', 'integer', 'notNull'],
          ['error', 'text'],
          ['response_body', 'text'],
          ['at', 'varchar(30)', 'notNull'],
        ],
        indexes: [['kehu_webhook_attempt_endpoint', ['endpoint_id', 'id']]],
      },
    ]);
  },
};
