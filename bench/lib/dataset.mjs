import { createKernel, nameKey, newId, phoneKey, searchKey, silentLogger } from '@kehu/core';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

export const TOKENS = {
  admin: 'kehu_bench_admin_token',
  accountManager: 'kehu_bench_am_token',
  salesManager: 'kehu_bench_sm_token',
};
export const REGIONS = ['华东', '华南', '华北', '华中', '西南', '东北'];
const STATUSES = ['potential', 'active', 'dormant'];
const KINDS = ['business', 'business', 'individual', 'organization'];
const OWNERS = 50;

export const isPostgres = (target) => /^postgres(ql)?:\/\//.test(target);

/**
 * Writes `customers` customers (1 to 3 contacts each, one primary) to a
 * fresh SQLite file or an empty PostgreSQL database. The kernel migrates the file and creates one customer and contact through its
 * API; the rest are clones of those rows with bulk inserts, so the data follows the kernel's schema.
 * The first account manager owns 1/50 of the customers and is the benchmark's caller.
 */
export async function createDataset(target, customers, log) {
  const started = Date.now();
  const kernel = await createKernel({
    database: { url: target },
    logger: silentLogger,
    adminToken: TOKENS.admin,
    dispatcher: { autoStart: false },
  });
  const owners = [];
  for (let i = 0; i < OWNERS; i++)
    owners.push((await kernel.users.create({ name: `客户经理 ${i}`, roles: ['account_manager'] })).id);
  await kernel.users.createToken(owners[0], 'bench', { token: TOKENS.accountManager });
  const sm = await kernel.users.create({ name: '销售经理', roles: ['sales_manager'] });
  await kernel.users.createToken(sm.id, 'bench', { token: TOKENS.salesManager });
  const api = async (path, body) => {
    const res = await kernel.app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const first = await api('/api/v1/customers', { name: 'Template customer', ownerId: owners[0] });
  await api(`/api/v1/customers/${first.id}/contacts`, { name: 'Template contact', phone: '13800000000' });
  const db = kernel.database.db;
  const customerTemplate = await db
    .selectFrom('customer')
    .selectAll()
    .where('id', '=', first.id)
    .executeTakeFirstOrThrow();
  const contactTemplate = await db
    .selectFrom('contact')
    .selectAll()
    .where('customer_id', '=', first.id)
    .executeTakeFirstOrThrow();
  await kernel.close();

  const mine = [];
  const day = 86_400_000;
  const origin = Date.parse('2024-03-01T00:00:00.000Z');
  // Clones of the template rows, so the data follows the kernel's schema on either database.
  function* rows() {
    for (let i = 0; i < customers; i++) {
      const id = newId();
      const name = `测试客户${i} 贸易有限公司`;
      const phone = `021-${String(50_000_000 + i)}`;
      const code = `C${String(i + 1).padStart(6, '0')}`;
      const email = `c${i}@example.cn`;
      const at = new Date(origin + Math.floor((i / customers) * 730 * day)).toISOString();
      const owner = owners[i % OWNERS];
      if (owner === owners[0] && mine.length < 2000) mine.push(id);
      const contacts = [];
      for (let k = 0; k < 1 + (i % 3); k++) {
        const cp = `139${String(10_000_000 + i * 3 + k)}`;
        contacts.push({
          ...contactTemplate,
          id: newId(),
          customer_id: id,
          name: `联系人${i}-${k}`,
          phone: cp,
          phone_key: cp,
          is_primary: k === 0 ? 1 : 0,
          created_at: at,
          updated_at: at,
        });
      }
      yield {
        customer: {
          ...customerTemplate,
          id,
          code,
          name,
          name_key: nameKey(name),
          search_key: searchKey({ name, code, phone, email }),
          kind: KINDS[i % KINDS.length],
          status: STATUSES[i % STATUSES.length],
          region: REGIONS[Math.floor(i / OWNERS) % REGIONS.length],
          industry: i % 2 ? '制造' : '零售',
          phone,
          phone_key: phoneKey(phone),
          email,
          email_key: email,
          owner_id: owner,
          tags: JSON.stringify(i % 5 === 0 ? ['vip'] : []),
          created_at: at,
          updated_at: at,
        },
        contacts,
      };
    }
  }
  if (isPostgres(target)) await writePostgres(target, customerTemplate, contactTemplate, rows(), customers);
  else writeSqlite(target, customerTemplate, contactTemplate, rows(), customers);
  log(`customers: ${customers} customers with contacts written in ${Date.now() - started} ms`);
  return { ownerId: owners[0], mine };
}

function writeSqlite(file, customerTemplate, contactTemplate, rows, customers) {
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  raw.prepare('delete from contact').run();
  raw.prepare('delete from kehu_audit').run();
  raw.prepare('delete from customer').run();
  const insertInto = (table, template) => {
    const columns = Object.keys(template);
    return raw.prepare(
      `insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => '@' + c).join(', ')})`,
    );
  };
  const insertCustomer = insertInto('customer', customerTemplate);
  const insertContact = insertInto('contact', contactTemplate);
  raw.transaction(() => {
    for (const { customer, contacts } of rows) {
      insertCustomer.run(customer);
      for (const contact of contacts) insertContact.run(contact);
    }
    raw
      .prepare(
        "insert into kehu_sequence (name, value) values ('customer.code', ?) on conflict (name) do update set value = excluded.value",
      )
      .run(customers);
  })();
  raw.pragma('optimize');
  raw.close();
}

/** The same rows through multi-row inserts of 500, in one transaction, then ANALYZE. */
async function writePostgres(url, customerTemplate, contactTemplate, rows, customers) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('delete from contact');
    await client.query('delete from kehu_audit');
    await client.query('delete from customer');
    const batches = { customer: [], contact: [] };
    const columns = { customer: Object.keys(customerTemplate), contact: Object.keys(contactTemplate) };
    const flush = async (table) => {
      const batch = batches[table];
      if (batch.length === 0) return;
      const cols = columns[table];
      const values = [];
      const tuples = batch.map((row, r) => {
        for (const c of cols) values.push(row[c]);
        return `(${cols.map((_, k) => `$${r * cols.length + k + 1}`).join(', ')})`;
      });
      await client.query(
        `insert into ${table} (${cols.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`,
        values,
      );
      batches[table] = [];
    };
    for (const { customer, contacts } of rows) {
      batches.customer.push(customer);
      batches.contact.push(...contacts);
      if (batches.customer.length >= 500) {
        await flush('customer');
        await flush('contact');
      }
    }
    await flush('customer');
    await flush('contact');
    // PostgreSQL draws customer codes from a sequence: continue after the codes written here.
    await client.query("select setval('kehu_customer_code_seq', $1)", [customers]);
    await client.query('commit');
    await client.query('analyze');
  } finally {
    await client.end();
  }
}
