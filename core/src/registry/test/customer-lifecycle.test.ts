import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../plugin/define-plugin.js';
import { json, testDatabases } from '../../testing/index.js';
import { type Archive, openArchive, rawText, snapshot } from './archive-fixtures.js';
import { ledger } from './ledger-plugin.js';

const C = '/api/v1/customers';
const L = '/api/v1/ledger';
const LEDGER_TABLES = { ledger_invoice: 'id' };

const events = (seen: { name: string; payload: any }[]) =>
  definePlugin({
    name: 'observer',
    version: '1.0.0',
    setup(ctx) {
      for (const name of [
        'customer.deleted',
        'customer.restored',
        'customer.purged',
        'customer.terminated',
        'customer.merged',
      ] as const) {
        ctx.hooks.on(name, name, (payload) => {
          seen.push({ name, payload });
        });
      }
    },
  });

describe.each(testDatabases())('customer lifecycle on $name', (db) => {
  let a: Archive;
  const seen: { name: string; payload: any }[] = [];
  beforeAll(async () => {
    a = await openArchive(db, { plugins: [ledger, events(seen)] });
  });
  afterAll(() => a.close());

  const status = async (path: string, who = a.gm) => (await a.as(who, path)).status;
  const invoice = async (customerId: string, number: string, who = a.gm) =>
    json(await a.as(who, `${L}/invoices`, { body: { customerId, number, amount: 100_00 } }));
  /** The ledger's own row, read from its table: a purge must leave nothing behind. */
  const invoiceRow = (id: string) =>
    a.t.kernel.database.db.selectFrom('ledger_invoice').select('id').where('id', '=', id).executeTakeFirst();
  const purgeAt = (days: number) =>
    a.t.kernel.scheduler.runDue(
      new Date(a.t.clock.now().getTime() + days * 86_400_000),
      'kernel.customers.purge',
    );

  describe('soft delete, restore and purge', () => {
    it('lets only managers delete, with a reason; a deleted customer is a 404 but listed for managers', async () => {
      const c = await a.customer({ name: '删除测试 大连渔业', ownerId: a.am.id });
      expect((await a.as(a.am, `${C}/${c.id}`, { method: 'DELETE', body: { reason: '重复' } })).status).toBe(
        403,
      );
      expect((await a.as(a.gm, `${C}/${c.id}`, { method: 'DELETE', body: {} })).status).toBe(400);
      const res = await a.as(a.gm, `${C}/${c.id}`, { method: 'DELETE', body: { reason: '客户注销' } });
      expect(res.status).toBe(200);
      expect((await json(res)).deletedAt).toBe(a.t.clock.now().toISOString());
      expect(await status(`${C}/${c.id}`)).toBe(404);
      expect(await status(`${C}/${c.id}`, a.am)).toBe(404);
      expect((await json(await a.as(a.gm, `${C}?q=大连渔业`))).items).toEqual([]);
      expect(
        (await json(await a.as(a.gm, `${C}?q=大连渔业&deleted=only`))).items.map((x: { id: string }) => x.id),
      ).toEqual([c.id]);
      expect(await status(`${C}?deleted=only`, a.am)).toBe(403);
      const restored = await a.as(a.sm, `${C}/${c.id}/restore`, { method: 'POST' });
      expect(restored.status).toBe(200);
      expect((await json(restored)).deletedAt).toBeNull();
      expect(await status(`${C}/${c.id}`, a.am)).toBe(200);
      expect((await a.as(a.sm, `${C}/${c.id}/restore`, { method: 'POST' })).status).toBe(409);
      await a.t.drain();
      expect(seen.filter((e) => e.payload.customerId === c.id).map((e) => e.name)).toEqual([
        'customer.deleted',
        'customer.restored',
      ]);
    });

    it('purges after the retention period, with contacts and communications, keeping the audit trail', async () => {
      const c = await a.customer({ name: '删除测试 烟台苹果' });
      await a.as(a.gm, `${C}/${c.id}/contacts`, { body: { name: '褚' } });
      await a.as(a.gm, `${C}/${c.id}/communications`, { body: { channel: 'call', subject: '告知注销' } });
      await a.as(a.gm, `${C}/${c.id}`, { method: 'DELETE', body: { reason: '注销' } });
      expect((await purgeAt(29))[0]).toMatchObject({ status: 'ran', result: { purged: 0 } });
      const [ran] = await purgeAt(31);
      expect(ran).toMatchObject({ status: 'ran', result: { purged: 1, held: 0, failed: 0 } });
      expect((await a.as(a.gm, `${C}/${c.id}/restore`, { method: 'POST' })).status).toBe(404);
      const db2 = a.t.kernel.database.db;
      expect(await db2.selectFrom('customer').select('id').where('id', '=', c.id).execute()).toEqual([]);
      expect(await db2.selectFrom('contact').select('id').where('customer_id', '=', c.id).execute()).toEqual(
        [],
      );
      expect(
        await db2.selectFrom('communication').select('id').where('customer_id', '=', c.id).execute(),
      ).toEqual([]);
      const audit = await json(await a.as(a.gm, `/api/v1/audit?customerId=${c.id}`));
      expect(audit.items.map((e: { action: string }) => e.action)).toContain('purge');
      expect((await purgeAt(31))[0]!.status).toBe('skipped');
      await a.t.drain();
      expect(seen.some((e) => e.name === 'customer.purged' && e.payload.customerId === c.id)).toBe(true);
    });

    it('keeps a deleted customer a plugin still holds, and purges it once released', async () => {
      const c = await a.customer({ name: '删除测试 威海海带' });
      const inv = await invoice(c.id, 'INV-HOLD');
      await a.as(a.gm, `${C}/${c.id}`, { method: 'DELETE', body: { reason: '注销' } });
      expect((await purgeAt(40))[0]!.result).toMatchObject({ purged: 0, held: 1 });
      expect((await json(await a.as(a.gm, `${C}?q=威海&deleted=only`))).items).toHaveLength(1);
      expect((await a.as(a.gm, `${L}/invoices/${inv.id}/pay`, { method: 'POST' })).status).toBe(200);
      expect((await purgeAt(41))[0]!.result).toMatchObject({ purged: 1, held: 0 });
      expect(await invoiceRow(inv.id)).toBeUndefined();
    });

    it('honours a configured retention period', async () => {
      const b = await openArchive(db, { customers: { retentionDays: 7 } });
      try {
        const c = await b.customer({ name: 'Short Retention Co' });
        await b.as(b.gm, `${C}/${c.id}`, { method: 'DELETE', body: { reason: 'r' } });
        const at = (d: number) => new Date(b.t.clock.now().getTime() + d * 86_400_000);
        expect((await b.t.kernel.scheduler.runDue(at(6)))[0]!.result).toMatchObject({ purged: 0 });
        expect((await b.t.kernel.scheduler.runDue(at(8)))[0]!.result).toMatchObject({ purged: 1 });
      } finally {
        await b.close();
      }
    });
  });

  describe('termination', () => {
    it('is refused while a plugin reports open items, then keeps the customer as do-not-contact', async () => {
      const c = await a.customer({ name: '终止测试 哈尔滨冰雪', ownerId: a.am.id, status: 'active' });
      const inv = await invoice(c.id, 'INV-OPEN');
      expect((await a.as(a.am, `${C}/${c.id}/terminate`, { body: { reason: '停止合作' } })).status).toBe(403);
      const before = await snapshot(a.t, LEDGER_TABLES);
      const refused = await a.as(a.gm, `${C}/${c.id}/terminate`, { body: { reason: '停止合作' } });
      expect(refused.status).toBe(409);
      const p = await json(refused);
      expect(p).toMatchObject({
        code: 'open_items',
        openItems: [{ plugin: 'ledger', kind: 'invoice', count: 1 }],
      });
      expect(await snapshot(a.t, LEDGER_TABLES)).toBe(before);

      await a.as(a.gm, `${L}/invoices/${inv.id}/pay`, { method: 'POST' });
      const res = await a.as(a.gm, `${C}/${c.id}/terminate`, { body: { reason: '停止合作', version: 1 } });
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({
        status: 'terminated',
        doNotContact: true,
        terminatedAt: a.t.clock.now().toISOString(),
      });
      expect((await a.as(a.gm, `${C}/${c.id}/terminate`, { body: { reason: 'again' } })).status).toBe(409);
      expect(await status(`${C}/${c.id}`, a.am)).toBe(200);

      const outbound = await a.as(a.am, `${C}/${c.id}/communications`, {
        body: { channel: 'call', subject: '推销新品' },
      });
      expect(outbound.status).toBe(409);
      expect((await json(outbound)).code).toBe('do_not_contact');
      expect(
        (
          await a.as(a.am, `${C}/${c.id}/communications`, {
            body: { channel: 'call', subject: '客户来电咨询', direction: 'inbound' },
          })
        ).status,
      ).toBe(201);
      const reactivate = await a.as(a.gm, `${C}/${c.id}`, {
        method: 'PATCH',
        body: { status: 'active', reason: '恢复', version: 2 },
      });
      expect(reactivate.status).toBe(409);
      await a.t.drain();
      expect(
        seen.find((e) => e.name === 'customer.terminated' && e.payload.customerId === c.id)?.payload,
      ).toMatchObject({ reason: '停止合作', actorId: a.gm.id });
    });
  });

  describe('merge', () => {
    it('moves contacts, communications and plugin data, and keeps both histories on the timeline', async () => {
      const target = await a.customer({ name: '合并 天津港务集团', ownerId: a.am.id, tags: ['port'] });
      const source = await a.customer({
        name: '合并 天津港务',
        phone: '022-2222 3333',
        tags: ['dup'],
        force: true,
        ownerId: a.am.id,
      });
      await a.as(a.am, `${C}/${target.id}/contacts`, { body: { name: '目标联系人' } });
      await a.as(a.am, `${C}/${source.id}/contacts`, { body: { name: '来源联系人' } });
      await a.as(a.am, `${C}/${target.id}/communications`, {
        body: { channel: 'visit', subject: '目标拜访' },
      });
      await a.as(a.am, `${C}/${source.id}/communications`, {
        body: { channel: 'email', subject: '来源邮件' },
      });
      await a.as(a.am, `${C}/${source.id}`, {
        method: 'PATCH',
        body: { industry: '港口', reason: '来源资料更新', version: 1 },
      });
      await invoice(source.id, 'INV-SRC');

      expect(
        (await a.as(a.am, `${C}/${target.id}/merge`, { body: { sourceId: source.id, reason: '重复档案' } }))
          .status,
      ).toBe(403);
      expect(
        (await a.as(a.gm, `${C}/${target.id}/merge`, { body: { sourceId: target.id, reason: 'x' } })).status,
      ).toBe(422);
      const res = await a.as(a.gm, `${C}/${target.id}/merge`, {
        body: { sourceId: source.id, reason: '重复档案' },
      });
      expect(res.status).toBe(200);
      const merged = await json(res);
      expect(merged).toMatchObject({
        phone: '022-2222 3333',
        industry: '港口',
        tags: ['port', 'dup'],
        version: 2,
      });
      expect(await status(`${C}/${source.id}`)).toBe(404);

      const contacts = (await json(await a.as(a.am, `${C}/${target.id}/contacts`))).items;
      expect(contacts.map((x: { name: string }) => x.name).sort()).toEqual(['来源联系人', '目标联系人']);
      expect(contacts.filter((x: { primary: boolean }) => x.primary)).toHaveLength(1);
      const invoices = await json(await a.as(a.am, `${C}/${target.id}/entities/invoice`));
      expect(invoices.items.map((r: { number: string }) => r.number)).toEqual(['INV-SRC']);

      const timeline = (await json(await a.as(a.am, `${C}/${target.id}/timeline?limit=200`))).items;
      const has = (pred: (i: any) => boolean) => timeline.some(pred);
      expect(has((i) => i.type === 'communication.visit' && i.title === '目标拜访')).toBe(true);
      expect(has((i) => i.type === 'communication.email' && i.title === '来源邮件')).toBe(true);
      expect(
        has(
          (i) =>
            i.type === 'audit.customer.update' &&
            i.data.entityId === source.id &&
            i.data.reason === '来源资料更新',
        ),
      ).toBe(true);
      expect(has((i) => i.type === 'audit.customer.create' && i.data.entityId === source.id)).toBe(true);
      expect(has((i) => i.type === 'audit.customer.create' && i.data.entityId === target.id)).toBe(true);
      expect(has((i) => i.type === 'audit.customer.merge' && i.data.reason === '重复档案')).toBe(true);
      expect(has((i) => i.source === 'entity:invoice' && i.title === 'Invoice INV-SRC')).toBe(true);

      expect((await a.as(a.gm, `${C}/${source.id}/restore`, { method: 'POST' })).status).toBe(409);
      await purgeAt(60);
      const after = (await json(await a.as(a.am, `${C}/${target.id}/timeline?limit=200`))).items;
      expect(
        after.some((i: any) => i.type === 'audit.customer.update' && i.data.entityId === source.id),
      ).toBe(true);
      expect(after.length).toBeGreaterThanOrEqual(timeline.length);
      await a.t.drain();
      expect(
        seen.find((e) => e.name === 'customer.merged' && e.payload.targetId === target.id)?.payload,
      ).toMatchObject({ sourceId: source.id, actorId: a.gm.id });
    });
    it('refuses with 409 and changes nothing when a plugin refuses to combine its data', async () => {
      const target = await a.customer({ name: '合并冲突 甲' });
      const source = await a.customer({ name: '合并冲突 乙' });
      for (const c of [target, source])
        expect(
          (await a.as(a.gm, `${L}/profiles`, { body: { customerId: c.id, terms: 'net30' } })).status,
        ).toBe(201);
      const before = await snapshot(a.t, { ...LEDGER_TABLES, ledger_profile: 'id' });
      const res = await a.as(a.gm, `${C}/${target.id}/merge`, {
        body: { sourceId: source.id, reason: '重复' },
      });
      expect(res.status).toBe(409);
      expect(await json(res)).toMatchObject({ code: 'merge_conflict', plugin: 'ledger' });
      expect(await snapshot(a.t, { ...LEDGER_TABLES, ledger_profile: 'id' })).toBe(before);
    });
  });

  describe('timeline', () => {
    it('pages newest first across sources without gaps or repeats, even at one instant', async () => {
      const c = await a.customer({ name: '时间线 测试', ownerId: a.am.id });
      for (let i = 0; i < 4; i++)
        await a.as(a.am, `${C}/${c.id}/communications`, { body: { channel: 'call', subject: `通话 ${i}` } });
      for (let i = 0; i < 3; i++) {
        const inv = await invoice(c.id, `INV-T${i}`);
        if (i < 2) await a.as(a.gm, `${L}/invoices/${inv.id}/pay`, { method: 'POST' });
      }
      a.t.clock.advance(1000);
      await a.as(a.am, `${C}/${c.id}/contacts`, { body: { name: '最后' } });
      const all = (await json(await a.as(a.am, `${C}/${c.id}/timeline?limit=200`))).items;
      expect(all[0].type).toBe('audit.contact.create');
      expect(new Set(all.map((i: { source: string }) => i.source))).toEqual(
        new Set(['audit', 'communication', 'entity:invoice', 'ledger.payments']),
      );
      for (let i = 1; i < all.length; i++) expect(all[i - 1].at >= all[i].at).toBe(true);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await json(
          await a.as(a.am, `${C}/${c.id}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`),
        );
        paged.push(...page.items.map((i: { id: string }) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all.map((i: { id: string }) => i.id));
    });
  });

  describe('plugin entity types', () => {
    it('get access by customer, soft delete and restore, and export from the kernel', async () => {
      const mine = await a.customer({ name: '实体 我的', ownerId: a.am.id });
      const theirs = await a.customer({ name: '实体 他的', ownerId: a.am2.id });
      const inv1 = await invoice(mine.id, 'INV-MINE', a.am);
      const inv2 = await invoice(theirs.id, 'INV-THEIRS', a.am2);
      expect(
        (await a.as(a.am, `${L}/invoices`, { body: { customerId: theirs.id, number: 'x', amount: 1 } }))
          .status,
      ).toBe(404);
      expect(await status(`${L}/invoices/${inv1.id}`, a.am)).toBe(200);
      expect(await status(`${L}/invoices/${inv2.id}`, a.am)).toBe(404);
      expect(await status(`${C}/${theirs.id}/entities/invoice`, a.am)).toBe(404);

      const exported = await rawText(await a.as(a.am, `${C}/entities/invoice/export`));
      expect(exported.startsWith('\uFEFFid,customer_id,number,amount,status\r\n')).toBe(true);
      expect(exported).toContain('INV-MINE');
      expect(exported).not.toContain('INV-THEIRS');
      const asJson = JSON.parse(
        await (await a.as(a.gm, `${C}/entities/invoice/export?format=json&customerId=${theirs.id}`)).text(),
      );
      expect(asJson).toEqual([
        { id: inv2.id, customer_id: theirs.id, number: 'INV-THEIRS', amount: 100_00, status: 'open' },
      ]);
      expect(await status(`${C}/entities/invoice/export?customerId=${theirs.id}`, a.am)).toBe(404);
      expect(await status(`${C}/entities/nope/export`, a.am)).toBe(404);

      expect(
        (await a.as(a.am, `${C}/entities/invoice/${inv1.id}`, { method: 'DELETE', body: { reason: '开错' } }))
          .status,
      ).toBe(403);
      expect(
        (await a.as(a.gm, `${C}/entities/invoice/${inv1.id}`, { method: 'DELETE', body: { reason: '开错' } }))
          .status,
      ).toBe(200);
      expect(await status(`${L}/invoices/${inv1.id}`, a.am)).toBe(404);
      expect((await a.as(a.gm, `${C}/entities/invoice/${inv1.id}/restore`, { method: 'POST' })).status).toBe(
        200,
      );
      expect(await status(`${L}/invoices/${inv1.id}`, a.am)).toBe(200);

      const audit = await json(await a.as(a.gm, `/api/v1/audit?entityType=invoice&entityId=${inv1.id}`));
      expect(audit.items.map((e: { action: string }) => e.action).sort()).toEqual([
        'create',
        'delete',
        'restore',
      ]);
      expect(audit.items.every((e: { customerId: string }) => e.customerId === mine.id)).toBe(true);

      await a.as(a.gm, `${C}/entities/invoice/${inv1.id}`, { method: 'DELETE', body: { reason: '作废' } });
      const [ran] = await purgeAt(61);
      expect(ran!.result).toMatchObject({ entityRows: 1 });
      expect(await invoiceRow(inv1.id)).toBeUndefined();
    });
  });
});
