import { sql } from 'kysely';
import type { AnyDb, Dialect } from '../db/database.js';
import type { Migration } from '../db/migrations.js';
import { nameKey, searchKey } from './normalize.js';

/**
 * The schema in which pg_trgm lives, installing it if needed: in `public` when the caller may create
 * there (so dropping one tenant's schema cannot take the extension with it), else in the current one.
 * pg_trgm is a trusted extension, so a database owner without superuser rights may install it.
 */
async function trigramSchema(db: AnyDb): Promise<string> {
  await sql`select pg_advisory_xact_lock(hashtext('kehu:pg_trgm'))`.execute(db);
  const installed = async () =>
    (
      await sql<{
        schema: string;
      }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(
        db,
      )
    ).rows[0]?.schema;
  const found = await installed();
  if (found) return found;
  const { rows } = await sql<{ public: boolean }>`select exists (
      select 1 from pg_namespace where nspname = 'public'
    ) and has_schema_privilege('public', 'CREATE') as public`.execute(db);
  if (rows[0]?.public) await sql`create extension if not exists pg_trgm with schema public`.execute(db);
  else await sql`create extension if not exists pg_trgm`.execute(db);
  return (await installed())!;
}

/** Rewrites every customer's name key (now traditional-insensitive) and search key, in batches. */
async function backfill(db: AnyDb): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('customer')
      .select(['id', 'name', 'code', 'phone', 'email'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
    for (const r of rows) {
      const name = nameKey(r.name);
      await db
        .updateTable('customer')
        .set({ name_key: name, search_key: searchKey(r, name) })
        .where('id', '=', r.id)
        .execute();
    }
  }
}

/**
 * SQLite: an FTS5 trigram index over the search key, kept in step with `customer` by triggers, so
 * every write (the service's, a bulk import's, a purge's) updates it in the same transaction. FTS5
 * rows need a stable integer rowid; `customer` has none that survives VACUUM, so `customer_search`
 * assigns one per customer.
 */
async function sqliteIndex(db: AnyDb): Promise<void> {
  await sql`create table customer_search (
    rowid integer primary key,
    customer_id varchar(32) not null unique
  )`.execute(db);
  // case_sensitive 1: GLOB is answered from the index (the key is lower case already).
  await sql`create virtual table customer_search_fts using fts5(search_key, tokenize = 'trigram case_sensitive 1')`.execute(
    db,
  );
  await sql`insert into customer_search (customer_id) select id from customer order by id`.execute(db);
  await sql`insert into customer_search_fts (rowid, search_key)
    select s.rowid, c.search_key from customer_search s join customer c on c.id = s.customer_id`.execute(db);
  await sql`create trigger customer_search_insert after insert on customer begin
    insert into customer_search (customer_id) values (new.id);
    insert into customer_search_fts (rowid, search_key)
      values ((select rowid from customer_search where customer_id = new.id), new.search_key);
  end`.execute(db);
  await sql`create trigger customer_search_update after update of search_key on customer
    when old.search_key is not new.search_key begin
    update customer_search_fts set search_key = new.search_key
      where rowid = (select rowid from customer_search where customer_id = new.id);
  end`.execute(db);
  await sql`create trigger customer_search_delete after delete on customer begin
    delete from customer_search_fts where rowid = (select rowid from customer_search where customer_id = old.id);
    delete from customer_search where customer_id = old.id;
  end`.execute(db);
}

export const customerSearchMigration: Migration = {
  name: 'archive_001_customer_search',
  async up(db, dialect: Dialect) {
    await db.schema
      .alterTable('customer')
      .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await backfill(db);
    if (dialect === 'sqlite') await sqliteIndex(db);
    else {
      const schema = await trigramSchema(db);
      await sql`create index customer_search_key_trgm on customer using gin (search_key ${sql.ref(schema)}.gin_trgm_ops)`.execute(
        db,
      );
    }
  },
};
