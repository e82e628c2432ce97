import type { Migration } from '../db/migrations.js';
import { createTables } from '../db/table-spec.js';

/**
 * Sign-in for people (the console): passwords, sessions, invitations and login throttling. Their own
 * namespace (`kernel.accounts`), so they stay apart from the archive's migrations.
 */
export const accountMigrations: Migration[] = [
  {
    name: '001_accounts',
    async up(db, dialect) {
      await createTables(db, dialect, [
        {
          name: 'kehu_account',
          columns: [
            ['user_id', 'varchar(32)', 'primaryKey', { references: 'kehu_user.id' }],
            ['password_hash', 'varchar(200)'],
            ['password_set_at', 'varchar(30)'],
          ],
        },
        {
          name: 'kehu_session',
          columns: [
            ['id_hash', 'varchar(64)', 'primaryKey'],
            ['user_id', 'varchar(32)', 'notNull', { references: 'kehu_user.id' }],
            ['created_at', 'varchar(30)', 'notNull'],
            ['last_seen_at', 'varchar(30)', 'notNull'],
            ['expires_at', 'varchar(30)', 'notNull'],
            ['revoked_at', 'varchar(30)'],
          ],
          indexes: [['kehu_session_user', ['user_id']]],
        },
        {
          name: 'kehu_invitation',
          columns: [
            ['id', 'varchar(32)', 'primaryKey'],
            ['token_hash', 'varchar(64)', 'notNull', 'unique'],
            ['user_id', 'varchar(32)', 'notNull', { references: 'kehu_user.id' }],
            ['created_by', 'varchar(32)'],
            ['created_at', 'varchar(30)', 'notNull'],
            ['expires_at', 'varchar(30)', 'notNull'],
            ['used_at', 'varchar(30)'],
          ],
        },
        {
          name: 'kehu_login_throttle',
          columns: [
            ['key', 'varchar(400)', 'primaryKey'],
            ['failures', 'integer', 'notNull'],
            ['window_start', 'varchar(30)', 'notNull'],
            ['locked_until', 'varchar(30)'],
          ],
        },
      ]);
    },
  },
];
