/**
 * One benchmark server in its own process, so the load generator (the parent) and the server each
 * get a core. `node server.mjs <bare|bare-pg|kehu> <sqlite file or postgres url>`; reports `{ port }`
 * over IPC when listening.
 */

import { createHash, randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { createKernel, nameKey, phoneKey, searchKey, silentLogger } from '@kehu/core';
import BetterSqlite3 from 'better-sqlite3';
import { Hono } from 'hono';
import pg from 'pg';

const [target, file] = process.argv.slice(2);

/** The floor Kehu is measured against: hono and prepared better-sqlite3 statements, nothing else. */
function bareApp() {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const byId = db.prepare('select * from customer where id = ? and deleted_at is null');
  const page = db.prepare(
    'select * from customer where owner_id = ? and status = ? and region = ? and deleted_at is null order by created_at desc, id desc limit 50',
  );
  const now = new Date().toISOString();
  const insert = db.prepare(
    `insert into customer (id, code, name, name_key, kind, internal, chain_position, status, phone, phone_key, tags, custom, do_not_contact, created_at, updated_at, version)
     values (?, ?, ?, ?, 'business', 0, 'end', 'potential', ?, ?, '[]', '{}', 0, ?, ?, 1)`,
  );
  const app = new Hono();
  app.get('/customers/:id', (c) => {
    const row = byId.get(c.req.param('id'));
    return row ? c.json(row) : c.json({ error: 'not found' }, 404);
  });
  const users = tokenUsers(db);
  app.get('/same/customers/:id', sameWorkRead(db, users));
  app.post('/same/customers', sameWorkWrite(users));
  app.get('/customers', (c) =>
    c.json({ items: page.all(c.req.query('owner'), c.req.query('status'), c.req.query('region')) }),
  );
  app.post('/customers', async (c) => {
    const body = await c.req.json();
    const id = randomBytes(10).toString('hex');
    insert.run(
      id,
      `X${id}`,
      body.name,
      body.name.toLowerCase(),
      body.phone ?? null,
      body.phone ? body.phone.replace(/\D+/g, '') : null,
      now,
      now,
    );
    return c.json({ id, ...body }, 201);
  });
  // The same CSV as Kehu's import, split naively (the bench file has no quotes) and written with
  // prepared statements in one transaction: what the import costs without any of the archive rules.
  const insertContact = db.prepare(
    `insert into contact (id, customer_id, name, phone, phone_key, is_primary, created_at, updated_at, version) values (?, ?, ?, ?, ?, 1, ?, ?, 1)`,
  );
  const insertImported = db.prepare(
    `insert into customer (id, code, name, name_key, kind, internal, chain_position, status, region, phone, phone_key, tags, custom, do_not_contact, created_at, updated_at, version)
     values (?, ?, ?, ?, 'business', 0, 'end', 'potential', ?, ?, ?, ?, '{}', 0, ?, ?, 1)`,
  );
  app.post('/import', async (c) => {
    const rows = [];
    let rest = '';
    let header = true;
    const decoder = new TextDecoder();
    for await (const chunk of c.req.raw.body) {
      const lines = (rest + decoder.decode(chunk, { stream: true })).split('\r\n');
      rest = lines.pop();
      for (const line of lines) {
        if (header) header = false;
        else rows.push(line.split(','));
      }
      if (rows.length >= 500) write(rows.splice(0));
    }
    write(rows);
    return c.json({ created: count });
  });
  let count = 0;
  const write = db.transaction((rows) => {
    for (const [name, , , region, phone, tags, contactName, contactPhone] of rows) {
      const id = randomBytes(10).toString('hex');
      insertImported.run(
        id,
        `I${id}`,
        name,
        name.toLowerCase(),
        region,
        phone,
        phone.replace(/\D+/g, ''),
        JSON.stringify(tags.split(';')),
        now,
        now,
      );
      insertContact.run(
        randomBytes(10).toString('hex'),
        id,
        contactName,
        contactPhone,
        contactPhone,
        now,
        now,
      );
      count++;
    }
  });
  return app;
}

const CUSTOMER_COLUMNS =
  'id, code, name, kind, internal, chain_position, status, region, industry, address, phone, email, legal_representative, source, owner_id, tags, custom, managers, business_status, competitors, do_not_contact, created_at, updated_at, version, deleted_at, terminated_at';
const CONTACT_FIELDS = [
  'id',
  'customer_id',
  'name',
  'title',
  'phone',
  'email',
  'language',
  'is_primary',
  'note',
  'created_at',
  'updated_at',
  'version',
];
const CONTRIBUTION_FIELDS = ['customer_id', 'year', 'currency', 'revenue', 'margin'];
const jsonRows = (fields, from) =>
  `(select coalesce(json_group_array(json_object(${fields.map((f) => `'${f}', agg.${f}`).join(', ')})), '[]') from (${from}) as agg)`;

/** The caller behind a bearer token, from a cache (a hashed lookup on a miss), as the kernel's token cache does. */
function tokenUsers(db) {
  const tokenOwner = db.prepare(
    'select u.id, u.roles, u.active from kehu_token t join kehu_user u on u.id = t.user_id where t.token_hash = ? and t.revoked_at is null',
  );
  const tokens = new Map();
  const userOf = (token) => {
    const hit = tokens.get(token);
    if (hit && hit.until > Date.now()) return hit.user;
    const row = tokenOwner.get(createHash('sha256').update(token).digest('hex'));
    const user = row && Number(row.active) === 1 ? { id: row.id, roles: JSON.parse(row.roles) } : null;
    tokens.set(token, { user, until: Date.now() + 2000 });
    return user;
  };
  return userOf;
}

/**
 * The floor for `GET /customers/:id?include=*` doing the work Kehu's answer needs and nothing else:
 * the bearer token checked against a cache (a hashed lookup on a miss, as the kernel's), the same
 * one statement (the customer's columns with its contacts and yearly figures as JSON subqueries),
 * the owner rule, the aggregates parsed and the document serialised. Kehu's distance to this
 * endpoint is its own code; its distance from here to the one-`select *` endpoint is the work.
 */
function sameWorkRead(db, userOf) {
  const byId = db.prepare(
    `select ${CUSTOMER_COLUMNS},
       ${jsonRows(CONTACT_FIELDS, `select ${CONTACT_FIELDS.join(', ')} from contact where contact.customer_id = customer.id and contact.deleted_at is null order by contact.id`)} as contacts,
       ${jsonRows(CONTRIBUTION_FIELDS, `select ${CONTRIBUTION_FIELDS.join(', ')} from customer_contribution where customer_contribution.customer_id = customer.id`)} as value
     from customer where id = ? and deleted_at is null`,
  );
  return (c) => {
    const user = userOf(c.req.header('authorization')?.slice('Bearer '.length) ?? '');
    if (!user) return c.json({ error: 'unauthorized' }, 401);
    const row = byId.get(c.req.param('id'));
    if (!row || (row.owner_id !== user.id && !user.roles.includes('sales_manager')))
      return c.json({ error: 'not found' }, 404);
    const { contacts, value, ...customer } = row;
    customer.facets = { contacts: JSON.parse(contacts), value: JSON.parse(value) };
    c.header('ETag', `"${row.version}"`);
    return c.json(customer);
  };
}

const CUSTOMER_ROW_COLUMNS = [
  'id',
  'code',
  'name',
  'name_key',
  'kind',
  'internal',
  'chain_position',
  'status',
  'region',
  'industry',
  'address',
  'phone',
  'phone_key',
  'email',
  'email_key',
  'legal_representative',
  'source',
  'owner_id',
  'tags',
  'custom',
  'managers',
  'business_status',
  'competitors',
  'do_not_contact',
  'created_at',
  'updated_at',
  'version',
  'deleted_at',
  'terminated_at',
  'search_key',
];
const EMPTY_BUSINESS_STATUS = { salesActivity: null, problems: null, outlook: null, reputation: null };

/**
 * The floor for `POST /customers` doing the writes Kehu's create needs and nothing else: the bearer
 * token from the cache, `BEGIN IMMEDIATE`, the duplicate lookup on the normalised name or phone, the
 * code counter, the full customer row with its search key (so the search index gets the same
 * entry), one audit row, `COMMIT`, the document serialised. It writes on a connection of its own
 * with the kernel's pragmas (WAL, synchronous NORMAL, foreign keys, secure delete, a checkpoint
 * every 10,000 pages), so the floor pays the same page writes and checkpoints as Kehu. Kehu's
 * distance to it is its own code; its distance from here to the one-insert endpoint is the work.
 */
function sameWorkWrite(userOf) {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('secure_delete = ON');
  db.pragma('wal_autocheckpoint = 10000');
  const begin = db.prepare('begin immediate');
  const commit = db.prepare('commit');
  const duplicate = db.prepare(
    'select id, code, name from customer where deleted_at is null and (name_key = ? or phone_key = ?) limit 1',
  );
  const nextCode = db.prepare(
    `insert into kehu_sequence (name, value) values ('customer.code', 1)
     on conflict (name) do update set value = kehu_sequence.value + 1 returning value`,
  );
  const insert = db.prepare(
    `insert into customer (${CUSTOMER_ROW_COLUMNS.join(', ')}) values (${CUSTOMER_ROW_COLUMNS.map(() => '?').join(', ')})`,
  );
  const audit = db.prepare(
    `insert into kehu_audit (id, entity_type, entity_id, customer_id, action, actor_id, at, changes, reason)
     values (?, 'customer', ?, ?, 'create', ?, ?, null, null)`,
  );
  return async (c) => {
    const user = userOf(c.req.header('authorization')?.slice('Bearer '.length) ?? '');
    if (!user) return c.json({ error: 'unauthorized' }, 401);
    const body = await c.req.json();
    if (typeof body.name !== 'string' || body.name.trim() === '') return c.json({ error: 'name' }, 400);
    const name = nameKey(body.name);
    const phone = phoneKey(body.phone);
    const now = new Date().toISOString();
    const id = randomBytes(10).toString('hex');
    begin.run();
    let customer;
    try {
      const match = duplicate.get(name, phone);
      if (match) {
        commit.run();
        return c.json({ error: 'duplicate', match }, 409);
      }
      const code = `C${String(nextCode.get().value).padStart(6, '0')}`;
      customer = {
        id,
        code,
        name: body.name,
        kind: 'business',
        internal: false,
        chainPosition: 'end',
        status: 'potential',
        region: body.region ?? null,
        industry: null,
        address: null,
        phone: body.phone ?? null,
        email: null,
        legalRepresentative: null,
        source: null,
        ownerId: user.roles.includes('account_manager') ? user.id : null,
        tags: [],
        custom: {},
        managers: [],
        businessStatus: EMPTY_BUSINESS_STATUS,
        competitors: [],
        doNotContact: false,
        createdAt: now,
        updatedAt: now,
        version: 1,
        deletedAt: null,
        terminatedAt: null,
      };
      insert.run(
        id,
        code,
        body.name,
        name,
        'business',
        0,
        'end',
        'potential',
        customer.region,
        null,
        null,
        customer.phone,
        phone,
        null,
        null,
        null,
        null,
        customer.ownerId,
        '[]',
        '{}',
        '[]',
        JSON.stringify(EMPTY_BUSINESS_STATUS),
        '[]',
        0,
        now,
        now,
        1,
        null,
        null,
        searchKey({ name: body.name, code, phone: body.phone }, name),
      );
      audit.run(randomBytes(10).toString('hex'), id, id, user.id, now);
      commit.run();
    } catch (err) {
      if (db.inTransaction) db.prepare('rollback').run();
      throw err;
    }
    c.header('ETag', `"1"`);
    return c.json(customer, 201);
  };
}

/** The PostgreSQL floor: hono and a `pg` pool of the kernel's size with named (prepared) statements. */
function barePgApp() {
  const pool = new pg.Pool({ connectionString: file, max: 10 });
  const app = new Hono();
  app.get('/customers/:id', async (c) => {
    const { rows } = await pool.query({
      name: 'by-id',
      text: 'select * from customer where id = $1 and deleted_at is null',
      values: [c.req.param('id')],
    });
    return rows[0] ? c.json(rows[0]) : c.json({ error: 'not found' }, 404);
  });
  const now = new Date().toISOString();
  app.post('/customers', async (c) => {
    const body = await c.req.json();
    const id = randomBytes(10).toString('hex');
    await pool.query({
      name: 'insert',
      text: `insert into customer (id, code, name, name_key, kind, internal, chain_position, status, phone, phone_key, tags, custom, do_not_contact, created_at, updated_at, version)
       values ($1, $2, $3, $4, 'business', 0, 'end', 'potential', $5, $6, '[]', '{}', 0, $7, $8, 1)`,
      values: [
        id,
        `X${id}`,
        body.name,
        body.name.toLowerCase(),
        body.phone ?? null,
        body.phone ? body.phone.replace(/\D+/g, '') : null,
        now,
        now,
      ],
    });
    return c.json({ id, ...body }, 201);
  });
  return app;
}

const app =
  target === 'bare'
    ? bareApp()
    : target === 'bare-pg'
      ? barePgApp()
      : (
          await createKernel({
            database: { url: file },
            logger: silentLogger,
            dispatcher: { autoStart: false },
          })
        ).app;

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.send?.({ port: info.port }));
process.on('SIGINT', () => process.exit(0));
// CPU time spent so far, for the profiling harness: µs of CPU per request is steadier than req/s on a shared machine.
process.on('message', (m) => {
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
