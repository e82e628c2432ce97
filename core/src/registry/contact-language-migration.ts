import type { Migration } from '../db/migrations.js';

/** The language to write to a contact in (a mail from a plugin); null means the company's default. */
export const contactLanguageMigration: Migration = {
  name: 'archive_004_contact_language',
  async up(db) {
    await db.schema.alterTable('contact').addColumn('language', 'varchar(10)').execute();
  },
};
