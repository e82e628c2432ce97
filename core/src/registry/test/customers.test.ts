import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../../plugin/define-plugin.js';
import { json, testDatabases } from '../../testing/index.js';
import { type Archive, openArchive } from './archive-fixtures.js';

const C = '/api/v1/customers';

describe.each(testDatabases())('customer records, list and search on $name', (db) => {
  let a: Archive;
  beforeAll(async () => {
    a = await openArchive(db);
  });
  afterAll(() => a.close());

  it('creates a customer with every field, generates its code and serves it with an ETag', async () => {
    const res = await a.as(a.gm, C, {
      body: {
        name: '上海华联商贸有限公司',
        kind: 'business',
        internal: false,
        chainPosition: 'intermediary',
        status: 'active',
        region: '华东',
        industry: '零售',
        address: '上海市浦东新区世纪大道 100 号',
        phone: '021-5555 0001',
        email: 'Info@HuaLian.example.cn',
        legalRepresentative: '王建国',
        source: '展会',
        ownerId: a.am.id,
        tags: ['vip', '华东'],
      },
    });
    expect(res.status).toBe(201);
    const c = await json(res);
    expect(c).toMatchObject({
      name: '上海华联商贸有限公司',
      kind: 'business',
      chainPosition: 'intermediary',
      status: 'active',
      ownerId: a.am.id,
      version: 1,
      doNotContact: false,
      deletedAt: null,
    });
    expect(c.code).toMatch(/^C\d{6}$/);
    const got = await a.as(a.am, `${C}/${c.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    expect((await json(got)).email).toBe('Info@HuaLian.example.cn');
    const second = await a.customer({ name: '杭州西湖茶业' });
    expect(Number(second.code.slice(1))).toBe(Number(c.code.slice(1)) + 1);
  });

  it('makes the creating account manager the owner, and refuses an owner that is not a manager', async () => {
    const own = await a.customer({ name: '宁波港口物流' }, a.am);
    expect(own.ownerId).toBe(a.am.id);
    const bad = await a.as(a.gm, C, { body: { name: '某公司', ownerId: a.staff.id } });
    expect(bad.status).toBe(422);
    expect((await json(bad)).code).toBe('invalid_owner');
    const other = await a.as(a.am, C, { body: { name: '某公司二', ownerId: a.am2.id } });
    expect(other.status).toBe(403);
  });

  it('refuses a taken code with 409', async () => {
    await a.customer({ name: 'Code One Ltd', code: 'ACME-1' });
    const res = await a.as(a.gm, C, { body: { name: 'Code Two Ltd', code: 'ACME-1' } });
    expect(res.status).toBe(409);
    expect((await json(res)).code).toBe('code_taken');
  });

  describe('duplicates', () => {
    it('finds a duplicate by name across case, spaces and full-width characters and names the match', async () => {
      const first = await a.customer({ name: 'ＡＢＣ 贸易 公司' });
      const res = await a.as(a.gm, C, { body: { name: 'abc贸易公司' } });
      expect(res.status).toBe(409);
      const p = await json(res);
      expect(p.code).toBe('duplicate_customer');
      expect(p.match).toEqual({
        id: first.id,
        code: first.code,
        name: 'ＡＢＣ 贸易 公司',
        matchedOn: 'name',
      });
      expect(p.detail).toContain(first.code);
    });

    it('finds a duplicate by phone digits and by email', async () => {
      const first = await a.customer({
        name: '北京电话测试',
        phone: '+86 (10) 8888-0001',
        email: 'buy@beijing.example.cn',
      });
      const byPhone = await a.as(a.gm, C, { body: { name: '另一家', phone: '＋８６１０８８８８０００１' } });
      expect(byPhone.status).toBe(409);
      expect((await json(byPhone)).match).toMatchObject({ id: first.id, matchedOn: 'phone' });
      const byEmail = await a.as(a.gm, C, { body: { name: '第三家', email: 'BUY@beijing.example.cn' } });
      expect((await json(byEmail)).match).toMatchObject({ id: first.id, matchedOn: 'email' });
    });

    it('adds a duplicate anyway with force', async () => {
      await a.customer({ name: 'Forced Duplicate Co' });
      const res = await a.as(a.gm, C, { body: { name: 'forced duplicate co', force: true } });
      expect(res.status).toBe(201);
    });

    it('names a match the caller may not see by id only', async () => {
      const hidden = await a.customer({ name: 'Hidden Owner Co', ownerId: a.am2.id });
      const res = await a.as(a.am, C, { body: { name: 'hidden owner co' } });
      expect(res.status).toBe(409);
      const p = await json(res);
      expect(p.match).toEqual({ id: hidden.id, matchedOn: 'name' });
      expect(JSON.stringify(p)).not.toContain('Hidden Owner Co');
    });
  });

  describe('list', () => {
    let ids: Record<string, string>;
    beforeAll(async () => {
      const mk = async (name: string, body: Record<string, unknown>) =>
        (await a.customer({ name, ...body })).id as string;
      a.t.clock.advance(60_000);
      ids = {
        alpha: await mk('列表 Alpha 制造', {
          status: 'active',
          kind: 'business',
          region: '华南',
          tags: ['list', 'vip'],
          ownerId: a.am.id,
          phone: '0755-1234 5678',
        }),
        beta: await mk('列表 Beta 零售', {
          status: 'dormant',
          kind: 'individual',
          region: '华南',
          tags: ['list'],
          ownerId: a.am2.id,
          email: 'beta@list.example.cn',
        }),
        gamma: await mk('列表 Gamma 协会', {
          status: 'active',
          kind: 'organization',
          region: '华北',
          tags: ['list', 'vip'],
          internal: true,
        }),
        delta: await mk('列表 Delta 批发', {
          status: 'potential',
          kind: 'business',
          region: '华北',
          tags: ['list'],
          code: 'LIST-DELTA',
          chainPosition: 'intermediary',
        }),
      };
    });
    const names = async (query: string, who = a.gm) => {
      const res = await a.as(who, `${C}?tag=list&${query}`);
      expect(res.status).toBe(200);
      return (await json(res)).items.map((c: { name: string }) => c.name.split(' ')[1]);
    };

    it('filters by status, kind, owner, region, tag, internal and chain position', async () => {
      expect(await names('status=active&sort=name')).toEqual(['Alpha', 'Gamma']);
      expect(await names('status=active,dormant&sort=name')).toEqual(['Alpha', 'Beta', 'Gamma']);
      expect(await names('kind=individual')).toEqual(['Beta']);
      expect(await names(`owner=${a.am2.id}`)).toEqual(['Beta']);
      expect(await names('owner=none&sort=name')).toEqual(['Delta', 'Gamma']);
      expect(await names('region=华北&sort=name')).toEqual(['Delta', 'Gamma']);
      expect(await names('tag=vip&sort=name')).toEqual(['Alpha', 'Gamma']);
      expect(await names('internal=true')).toEqual(['Gamma']);
      expect(await names('chainPosition=intermediary')).toEqual(['Delta']);
      expect(await names('owner=me', a.am)).toEqual(['Alpha']);
    });

    it('sorts and pages with a cursor without gaps or repeats', async () => {
      expect(await names('sort=name')).toEqual(['Alpha', 'Beta', 'Delta', 'Gamma']);
      expect(await names('sort=-name')).toEqual(['Gamma', 'Delta', 'Beta', 'Alpha']);
      expect(await names('sort=code')).toHaveLength(4);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await a.as(
          a.gm,
          `${C}?tag=list&sort=-createdAt&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        const page = await json(res);
        seen.push(...page.items.map((c: { id: string }) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([ids.delta, ids.gamma, ids.beta, ids.alpha]);
      const bad = await a.as(a.gm, `${C}?cursor=not-a-cursor`);
      expect(bad.status).toBe(400);
      expect((await json(bad)).code).toBe('invalid_cursor');
    });

    it('searches name parts (Chinese), code, phone digits and email', async () => {
      expect(await names('q=制造')).toEqual(['Alpha']);
      expect(await names('q=ｇａｍｍａ')).toEqual(['Gamma']);
      expect(await names('q=list-delta')).toEqual(['Delta']);
      expect(await names('q=12345678')).toEqual(['Alpha']);
      expect(await names('q=1234 5678')).toEqual(['Alpha']);
      expect(await names('q=beta@list')).toEqual(['Beta']);
      expect(await names('q=100%25')).toEqual([]);
      expect(await names('q=_')).toEqual([]);
    });

    it('rejects unknown parameters and values with 400', async () => {
      for (const q of [
        'status=closed',
        'sort=phone',
        'limit=0',
        'limit=500',
        'bogus=1',
        'custom.nope=1',
        'internal=maybe',
        'include=nope',
      ]) {
        const res = await a.as(a.gm, `${C}?${q}`);
        expect(res.status, q).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    });
  });

  it('lists enum labels in English and Chinese in /meta', async () => {
    const meta = await json(await a.as(a.staff, '/api/v1/meta'));
    expect(meta.enums['customer.kind'].individual).toEqual({ en: 'Individual', 'zh-CN': '零售个人客户' });
    expect(meta.enums['customer.status'].terminated['zh-CN']).toBe('已终止');
    expect(meta.enums['communication.channel'].visit['zh-CN']).toBe('拜访');
    expect(meta.facets).toContain('contacts');
  });
});

/** Counts the SQL statements the kernel runs, through a Kysely plugin on the test database. */
function queryCounter(): KyselyPlugin & { count: number } {
  const counter = {
    count: 0,
    transformQuery(args: { node: any }) {
      return args.node;
    },
    // Called for every executed statement, also those compiled once and run many times.
    async transformResult(args: { result: any }) {
      counter.count++;
      return args.result;
    },
  };
  return counter;
}

const loyalty = definePlugin({
  name: 'loyalty',
  version: '1.0.0',
  migrations: [
    {
      name: '001_points',
      async up(db) {
        await db.schema
          .createTable('loyalty_points')
          .addColumn('customer_id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('points', 'integer', (c) => c.notNull())
          .execute();
      },
    },
  ],
  setup(ctx) {
    ctx.registry.facet('loyalty', {
      schema: z.object({ points: z.number() }),
      async load(ids, trx) {
        const rows = await trx
          .selectFrom('loyalty_points')
          .selectAll()
          .where('customer_id', 'in', ids)
          .execute();
        return new Map(rows.map((r) => [r.customer_id as string, { points: Number(r.points) }]));
      },
    });
    ctx.registry.facet('tier', {
      schema: z.string(),
      async load(ids, trx) {
        const rows = await trx
          .selectFrom('loyalty_points')
          .selectAll()
          .where('customer_id', 'in', ids)
          .execute();
        return new Map(
          rows.map((r) => [r.customer_id as string, Number(r.points) >= 100 ? 'gold' : 'silver']),
        );
      },
    });
  },
});

describe.each(testDatabases())('facets on $name', (db) => {
  let a: Archive;
  let counter: ReturnType<typeof queryCounter>;
  beforeAll(async () => {
    counter = queryCounter();
    const database = await db.open();
    a = await openArchive(db, {
      plugins: [loyalty],
      database: { ...database, db: database.db.withPlugin(counter) },
    });
    for (let i = 0; i < 30; i++) {
      const c = await a.customer({ name: `Facet customer ${i}`, ownerId: a.am.id, tags: ['facet'] });
      if (i % 2 === 0)
        await a.t.kernel.database.db
          .insertInto('loyalty_points')
          .values({ customer_id: c.id, points: i * 10 })
          .execute();
    }
  });
  afterAll(() => a.close());

  const queries = async (path: string, who = a.am) => {
    await a.as(who, path);
    const before = counter.count;
    const res = await a.as(who, path);
    expect(res.status).toBe(200);
    return { n: counter.count - before, body: await json(res) };
  };

  it('includes facets on get and list', async () => {
    const { body } = await queries(`${C}?tag=facet&sort=name&limit=3&include=loyalty,tier,contacts`);
    expect(body.items[0].facets).toEqual({ loyalty: { points: 0 }, tier: 'silver', contacts: null });
    expect(body.items[1].facets.loyalty).toBeNull();
    const one = await json(await a.as(a.am, `${C}/${body.items[0].id}?include=*`));
    expect(Object.keys(one.facets).sort()).toEqual(['contacts', 'loyalty', 'tier', 'value']);
  });

  it('loads each facet with one query per page, whatever the page size', async () => {
    const plain2 = await queries(`${C}?tag=facet&limit=2`);
    const plain30 = await queries(`${C}?tag=facet&limit=30`);
    const with2 = await queries(`${C}?tag=facet&limit=2&include=loyalty,tier`);
    const with30 = await queries(`${C}?tag=facet&limit=30&include=loyalty,tier`);
    expect(with30.body.items).toHaveLength(30);
    expect(plain30.n).toBe(plain2.n);
    expect(with2.n - plain2.n).toBe(2);
    expect(with30.n - plain30.n).toBe(2);
    const all = await queries(`${C}?tag=facet&limit=30&include=*`);
    // contacts, loyalty, tier, value one query each (value takes the status from the listed rows).
    expect(all.n - plain30.n).toBe(4);
    const id = all.body.items[0].id;
    const one = await queries(`${C}/${id}`);
    const oneValue = await queries(`${C}/${id}?include=value`);
    // The kernel's facets come inside the customer's own statement.
    expect(oneValue.n - one.n).toBe(0);
    // No figures: a potential customer is in the potential segment, an active one in the low one.
    expect(oneValue.body.status).toBe('potential');
    expect(oneValue.body.facets.value.segment).toBe('potential');
    expect(all.body.items[0].facets.value.segment).toBe('potential');
  });

  it("reads one customer with the kernel's facets in one statement, as a list page loads them", async () => {
    const c = await a.customer({
      name: 'Inline facets',
      ownerId: a.am.id,
      status: 'active',
      tags: ['inline'],
    });
    const contact = async (name: string, primary = false) =>
      json(await a.as(a.am, `${C}/${c.id}/contacts`, { body: { name, phone: '13900000000', primary } }));
    const first = await contact('First');
    const removed = await contact('Removed');
    await contact('Primary', true);
    await contact('Last');
    expect((await a.as(a.am, `${C}/${c.id}/contacts/${removed.id}`, { method: 'DELETE' })).status).toBe(204);
    const put = await a.as(a.sm, `${C}/value/figures`, {
      method: 'PUT',
      body: {
        items: [
          { customerId: c.id, year: 2024, currency: 'CNY', revenue: 50_000_000, margin: 9_000_000 },
          { customerId: c.id, year: 2025, currency: 'CNY', revenue: 60_000_000 },
          { customerId: c.id, year: 2025, currency: 'USD', revenue: 1_000_000 },
        ],
      },
    });
    expect(put.status).toBe(200);

    const plain = await queries(`${C}/${c.id}`);
    const kernelFacets = await queries(`${C}/${c.id}?include=contacts,value`);
    expect(kernelFacets.n).toBe(plain.n);
    const all = await queries(`${C}/${c.id}?include=*`);
    expect(all.n - plain.n).toBe(2); // loyalty and tier, the plugin's facets

    const facets = kernelFacets.body.facets;
    expect(facets.contacts.map((x: any) => x.name)).toEqual(['Primary', 'First', 'Last']);
    expect(facets.contacts[1]).toMatchObject({ id: first.id, primary: false, customerId: c.id });
    expect(facets.value.history.map((f: any) => [f.year, f.currency, f.revenue, f.margin])).toEqual([
      [2025, 'CNY', 60_000_000, null],
      [2025, 'USD', 1_000_000, null],
      [2024, 'CNY', 50_000_000, 9_000_000],
    ]);
    // The same as the routes and list pages that read them with their own queries.
    const page = await queries(`${C}?tag=inline&include=contacts,value`);
    expect(page.body.items[0].facets).toEqual(facets);
    expect(facets.contacts).toEqual((await json(await a.as(a.am, `${C}/${c.id}/contacts`))).items);
    expect(facets.value).toEqual(await json(await a.as(a.am, `${C}/${c.id}/value`)));
    expect(all.body.facets).toMatchObject(facets);
    expect(kernelFacets.body).toEqual({ ...plain.body, facets });

    // A customer the caller may not see stays a 404, facets or not.
    for (const include of ['', '?include=contacts,value'])
      expect((await a.as(a.am2, `${C}/${c.id}${include}`)).status).toBe(404);
  });

  it('loads facets only for customers the caller may see', async () => {
    const { body } = await queries(`${C}?tag=facet&include=loyalty`, a.am2);
    expect(body.items).toEqual([]);
  });
});

describe.each(testDatabases())('creating a customer on $name', (db) => {
  let a: Archive;
  let counter: ReturnType<typeof queryCounter>;
  beforeAll(async () => {
    counter = queryCounter();
    const database = await db.open();
    a = await openArchive(db, { database: { ...database, db: database.db.withPlugin(counter) } });
  });
  afterAll(() => a.close());

  it('takes two statements on PostgreSQL and four on SQLite, and still writes the audit entry', async () => {
    // The same caller first, so its sign-in is cached and not counted.
    expect((await a.as(a.am, C, { body: { name: '语句计数之前 有限公司' } })).status).toBe(201);
    const before = counter.count;
    const res = await a.as(a.am, C, { body: { name: '语句计数客户 有限公司', phone: '0571-8888 1234' } });
    expect(res.status).toBe(201);
    // PostgreSQL: the duplicate lookup draws the code; the row and its audit entry go in one
    // statement. SQLite: lookup, counter, row, audit entry.
    expect(counter.count - before).toBe(db.name === 'postgres' ? 2 : 4);
    const created = await json(res);
    const audit = await a.t.kernel.audit.list({ entityType: 'customer', entityId: created.id });
    expect(audit.map((e) => [e.action, e.actorId, e.customerId])).toEqual([['create', a.am.id, created.id]]);
    const duplicate = await a.as(a.am, C, { body: { name: '语句计数客户有限公司' } });
    expect(duplicate.status).toBe(409);
    expect((await json(duplicate)).match).toMatchObject({ id: created.id, code: created.code });
  });
});
