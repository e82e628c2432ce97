import { sql } from 'kysely';
import type { Migration } from '../db/migrations.js';
import { CODE_SEQUENCE } from './customer-codes.js';

/**
 * PostgreSQL: customer codes are drawn from a sequence instead of the `kehu_sequence` row, whose row
 * lock made concurrent creates wait for each other until commit. The sequence continues where the
 * row stopped, and the row goes, so there is one counter.
 */
export const customerCodeSequenceMigration: Migration = {
  name: 'customer_code_sequence',
  async up(db, dialect) {
    if (dialect !== 'postgres') return;
    await sql`create sequence ${sql.raw(CODE_SEQUENCE)} as bigint minvalue 1`.execute(db);
    await sql`select setval(${CODE_SEQUENCE}, value) from kehu_sequence where name = 'customer.code' and value > 0`.execute(
      db,
    );
    await sql`delete from kehu_sequence where name = 'customer.code'`.execute(db);
  },
};
