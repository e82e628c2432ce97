import type { Migration } from '../db/migrations.js';

/**
 * Sign-in for people (the console): passwords, sessions, invitations and login throttling. Their own
 * namespace (`kernel.accounts`), so they stay apart from the archive's migrations.
 */
export const accountMigrations: Migration[] = [
  {
    name: '001_accounts',
    async up(db) {
      await db.schema
        .createTable('kehu_account')
        .addColumn('user_id', 'varchar(32)', (c) => c.primaryKey().references('kehu_user.id'))
        .addColumn('password_hash', 'varchar(200)')
        .addColumn('password_set_at', 'varchar(30)')
        .execute();
      await db.schema
        .createTable('kehu_session')
        .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('kehu_user.id'))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('revoked_at', 'varchar(30)')
        .execute();
      await db.schema.createIndex('kehu_session_user').on('kehu_session').column('user_id').execute();
      await db.schema
        .createTable('kehu_invitation')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('kehu_user.id'))
        .addColumn('created_by', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('used_at', 'varchar(30)')
        .execute();
      await db.schema
        .createTable('kehu_login_throttle')
        .addColumn('key', 'varchar(400)', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_start', 'varchar(30)', (c) => c.notNull())
        .addColumn('locked_until', 'varchar(30)')
        .execute();
    },
  },
];
