import type { Database } from '../../db/database.js';
import type { KernelOptions } from '../../kernel.js';
import { createTestKehu, json, type TestDatabase, type TestKehu } from '../../testing/index.js';

export interface Person {
  id: string;
  token: string;
}

/** A test kernel with one user per archive role: the cast of every archive test. */
export interface Archive {
  t: TestKehu;
  gm: Person;
  sm: Person;
  am: Person;
  /** A second account manager, who owns nothing of `am`'s. */
  am2: Person;
  staff: Person;
  /** POST /customers as `who` (default the general manager); returns the created customer. */
  customer(body: Record<string, unknown>, who?: Person): Promise<any>;
  /** Sends a request as `who`. */
  as(
    who: Person | null,
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function openArchive(
  db: TestDatabase,
  options: Omit<KernelOptions, 'database'> & { database?: Database } = {},
): Promise<Archive> {
  const t = await createTestKehu(db, options);
  const [gm, sm, am, am2, staff] = [
    await t.user(['general_manager'], 'GM 王总'),
    await t.user(['sales_manager'], 'SM 李经理'),
    await t.user(['account_manager'], 'AM 张三'),
    await t.user(['account_manager'], 'AM 李四'),
    await t.user(['staff'], 'Staff 赵六'),
  ];
  const as: Archive['as'] = (who, path, init = {}) =>
    t.request(path, { ...init, token: who ? who.token : null });
  return {
    t,
    gm,
    sm,
    am,
    am2,
    staff,
    as,
    async customer(body, who = gm) {
      const res = await as(who, '/api/v1/customers', { body });
      if (res.status !== 201) throw new Error(`create failed ${res.status}: ${await res.text()}`);
      return json(res);
    },
    close: () => t.close(),
  };
}

const TABLES: Record<string, string> = {
  customer: 'id',
  contact: 'id',
  communication: 'id',
  customer_field: 'key',
  customer_access_grant: 'id',
  customer_merge: 'source_id',
  kehu_audit: 'id',
  kehu_event: 'id',
  kehu_sequence: 'name',
};

/** Every archive row, for "nothing changed" assertions. */
export async function snapshot(t: TestKehu, extraTables: Record<string, string> = {}): Promise<string> {
  const db = t.kernel.database.db;
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries({ ...TABLES, ...extraTables }))
    out[table] = await db.selectFrom(table).selectAll().orderBy(key).execute();
  return JSON.stringify(out);
}

/** A streamed body (CSV/JSON export) as text, keeping a BOM (`Response.text()` drops it). */
export const rawText = async (res: Response): Promise<string> =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());

/** A CSV request body. */
export const csv = (lines: string[], bom = false): string =>
  (bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
