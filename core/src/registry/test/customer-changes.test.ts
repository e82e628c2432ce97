import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../plugin/define-plugin.js';
import { json, testDatabases } from '../../testing/index.js';
import { type Archive, openArchive, snapshot } from './archive-fixtures.js';

const C = '/api/v1/customers';

/** Records the customer events it receives. */
const listener = (seen: { name: string; payload: any }[]) =>
  definePlugin({
    name: 'listener',
    version: '1.0.0',
    setup(ctx) {
      for (const name of [
        'customer.created',
        'customer.updated',
        'customer.ownerChanged',
        'customer.communicationLogged',
      ] as const) {
        ctx.hooks.on(name, name, (payload) => {
          seen.push({ name, payload });
        });
      }
    },
  });

describe.each(testDatabases())('customer changes on $name', (db) => {
  let a: Archive;
  const seen: { name: string; payload: any }[] = [];
  beforeAll(async () => {
    a = await openArchive(db, { plugins: [listener(seen)] });
  });
  afterAll(() => a.close());

  describe('update', () => {
    it('needs a reason: without one it is a 400 and nothing changes', async () => {
      const c = await a.customer({ name: '深圳电子', ownerId: a.am.id });
      const before = await snapshot(a.t);
      for (const body of [
        { industry: '电子', version: 1 },
        { industry: '电子', version: 1, reason: '   ' },
        { industry: '电子', version: 1, reason: null },
      ]) {
        const res = await a.as(a.am, `${C}/${c.id}`, { method: 'PATCH', body });
        expect(res.status).toBe(400);
        expect((await json(res)).code).toBe('reason_required');
      }
      expect(await snapshot(a.t)).toBe(before);
    });

    it('keeps field diffs and the reason in the audit and on the timeline, and announces the change', async () => {
      const c = await a.customer({ name: '广州贸易', ownerId: a.am.id, tags: ['a'] });
      const res = await a.as(a.am, `${C}/${c.id}`, {
        method: 'PATCH',
        body: { industry: '外贸', region: '华南', tags: ['a', 'b'], reason: '客户提供新资料', version: 1 },
      });
      expect(res.status).toBe(200);
      const updated = await json(res);
      expect(updated).toMatchObject({ industry: '外贸', region: '华南', tags: ['a', 'b'], version: 2 });
      expect(res.headers.get('etag')).toBe('"2"');
      const audit = await json(await a.as(a.gm, `/api/v1/audit?entityType=customer&entityId=${c.id}`));
      const entry = audit.items.find((e: { action: string }) => e.action === 'update');
      expect(entry.reason).toBe('客户提供新资料');
      expect(entry.changes).toEqual({
        industry: { from: null, to: '外贸' },
        region: { from: null, to: '华南' },
        tags: { from: ['a'], to: ['a', 'b'] },
      });
      expect(entry.actorId).toBe(a.am.id);
      const timeline = await json(await a.as(a.am, `${C}/${c.id}/timeline`));
      expect(timeline.items[0]).toMatchObject({
        source: 'audit',
        type: 'audit.customer.update',
        data: { reason: '客户提供新资料' },
      });
      await a.t.drain();
      const event = seen.find((e) => e.name === 'customer.updated' && e.payload.customer.id === c.id);
      expect(event?.payload).toMatchObject({
        reason: '客户提供新资料',
        actorId: a.am.id,
        changes: { industry: { from: null, to: '外贸' } },
      });
    });

    it('does not need a reason when the host turns the rule off', async () => {
      const b = await openArchive(db, { customers: { requireChangeReason: false } });
      try {
        const c = await b.customer({ name: 'No Reason Co' });
        const res = await b.as(b.gm, `${C}/${c.id}`, {
          method: 'PATCH',
          body: { industry: 'x', version: 1 },
        });
        expect(res.status).toBe(200);
      } finally {
        await b.close();
      }
    });

    it('refuses a stale version with 409 and changes nothing; If-Match works too', async () => {
      const c = await a.customer({ name: '成都火锅', ownerId: a.am.id });
      expect(
        (
          await a.as(a.am, `${C}/${c.id}`, {
            method: 'PATCH',
            body: { industry: '餐饮', reason: 'r', version: 1 },
          })
        ).status,
      ).toBe(200);
      const before = await snapshot(a.t);
      const stale = await a.as(a.am, `${C}/${c.id}`, {
        method: 'PATCH',
        body: { industry: '火锅', reason: 'r', version: 1 },
      });
      expect(stale.status).toBe(409);
      expect(await json(stale)).toMatchObject({ code: 'stale_version', currentVersion: 2 });
      const staleHeader = await a.as(a.am, `${C}/${c.id}`, {
        method: 'PATCH',
        body: { industry: '火锅', reason: 'r' },
        headers: { 'if-match': '"1"' },
      });
      expect(staleHeader.status).toBe(409);
      expect(await snapshot(a.t)).toBe(before);
      const missing = await a.as(a.am, `${C}/${c.id}`, {
        method: 'PATCH',
        body: { industry: '火锅', reason: 'r' },
      });
      expect(missing.status).toBe(428);
      const ok = await a.as(a.am, `${C}/${c.id}`, {
        method: 'PATCH',
        body: { industry: '火锅', reason: 'r' },
        headers: { 'if-match': 'W/"2"' },
      });
      expect(ok.status).toBe(200);
      expect((await json(ok)).version).toBe(3);
    });

    it('refuses to rename into a duplicate unless forced, and to set status terminated', async () => {
      await a.customer({ name: '重庆山城' });
      const c = await a.customer({ name: '重庆水城', ownerId: a.am.id });
      const dup = await a.as(a.am, `${C}/${c.id}`, {
        method: 'PATCH',
        body: { name: '重庆 山城', reason: 'r', version: 1 },
      });
      expect(dup.status).toBe(409);
      expect((await json(dup)).code).toBe('duplicate_customer');
      expect(
        (
          await a.as(a.am, `${C}/${c.id}`, {
            method: 'PATCH',
            body: { status: 'terminated', reason: 'r', version: 1 },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await a.as(a.am, `${C}/${c.id}`, {
            method: 'PATCH',
            body: { name: '重庆 山城', reason: 'r', version: 1, force: true },
          })
        ).status,
      ).toBe(200);
    });

    it('does not let an account manager change the owner through update', async () => {
      const c = await a.customer({ name: '厦门海运', ownerId: a.am.id });
      const res = await a.as(a.am, `${C}/${c.id}`, {
        method: 'PATCH',
        body: { ownerId: a.am2.id, reason: 'r', version: 1 },
      });
      expect(res.status).toBe(400);
    });
  });

  describe('owner change', () => {
    it('is its own action with a reason, audited and announced', async () => {
      const c = await a.customer({ name: '青岛啤酒经销', ownerId: a.am.id });
      expect(
        (await a.as(a.am, `${C}/${c.id}/owner`, { body: { ownerId: a.am2.id, reason: '调岗' } })).status,
      ).toBe(403);
      const noReason = await a.as(a.sm, `${C}/${c.id}/owner`, { body: { ownerId: a.am2.id } });
      expect(noReason.status).toBe(400);
      const res = await a.as(a.sm, `${C}/${c.id}/owner`, {
        body: { ownerId: a.am2.id, reason: '张三调岗，移交李四', version: 1 },
      });
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ ownerId: a.am2.id, version: 2 });
      expect((await a.as(a.am, `${C}/${c.id}`)).status).toBe(404);
      expect((await a.as(a.am2, `${C}/${c.id}`)).status).toBe(200);
      await a.t.drain();
      const event = seen.find((e) => e.name === 'customer.ownerChanged' && e.payload.customerId === c.id);
      expect(event?.payload).toMatchObject({
        fromOwnerId: a.am.id,
        toOwnerId: a.am2.id,
        reason: '张三调岗，移交李四',
        actorId: a.sm.id,
      });
      const timeline = await json(await a.as(a.am2, `${C}/${c.id}/timeline`));
      expect(timeline.items[0]).toMatchObject({
        type: 'audit.customer.changeOwner',
        data: { reason: '张三调岗，移交李四', changes: { ownerId: { from: a.am.id, to: a.am2.id } } },
      });
      expect(
        (await a.as(a.sm, `${C}/${c.id}/owner`, { body: { ownerId: a.staff.id, reason: 'x' } })).status,
      ).toBe(422);
      expect(
        (await a.as(a.sm, `${C}/${c.id}/owner`, { body: { ownerId: a.am.id, reason: 'x', version: 1 } }))
          .status,
      ).toBe(409);
    });
  });

  describe('custom fields', () => {
    beforeAll(async () => {
      const defs = [
        {
          key: 'creditCode',
          labels: { en: 'Credit code', 'zh-CN': '统一社会信用代码' },
          type: 'text',
          required: false,
          filterable: true,
        },
        {
          key: 'employees',
          labels: { en: 'Employees', 'zh-CN': '员工人数' },
          type: 'number',
          filterable: true,
        },
        { key: 'founded', labels: { en: 'Founded', 'zh-CN': '成立日期' }, type: 'date', filterable: true },
        { key: 'listed', labels: { en: 'Listed', 'zh-CN': '是否上市' }, type: 'boolean', filterable: true },
        {
          key: 'scale',
          labels: { en: 'Scale', 'zh-CN': '规模' },
          type: 'enum',
          filterable: true,
          options: [
            { value: 'small', labels: { en: 'Small', 'zh-CN': '小型' } },
            { value: 'large', labels: { en: 'Large', 'zh-CN': '大型' } },
          ],
        },
        { key: 'note', labels: { en: 'Note', 'zh-CN': '备注' }, type: 'text' },
      ];
      for (const d of defs) {
        const res = await a.as(null, `${C}/custom-fields`, { body: d });
        expect(res.status).toBe(401);
        const created = await a.t.request(`${C}/custom-fields`, { body: d });
        expect(created.status, await created.clone().text()).toBe(201);
      }
    });

    it('only admins define fields; everyone reads the definitions', async () => {
      const res = await a.as(a.gm, `${C}/custom-fields`, {
        body: { key: 'x', labels: { en: 'X', 'zh-CN': 'X' }, type: 'text' },
      });
      expect(res.status).toBe(403);
      const list = await json(await a.as(a.staff, `${C}/custom-fields`));
      expect(list.items.map((f: { key: string }) => f.key)).toEqual([
        'creditCode',
        'employees',
        'founded',
        'listed',
        'note',
        'scale',
      ]);
      expect(
        (
          await a.t.request(`${C}/custom-fields`, {
            body: { key: 'note', labels: { en: 'N', 'zh-CN': 'N' }, type: 'text' },
          })
        ).status,
      ).toBe(409);
    });

    it('validates values on create and update with the failing fields', async () => {
      const before = await snapshot(a.t);
      const res = await a.as(a.gm, C, {
        body: {
          name: '自定义字段测试',
          custom: {
            employees: 'many',
            founded: '2020-02-30',
            listed: 'yes',
            scale: 'huge',
            unknownKey: 1,
            creditCode: '',
          },
        },
      });
      expect(res.status).toBe(400);
      const paths = (await json(res)).errors.map((e: { path: string }) => e.path).sort();
      expect(paths).toEqual([
        'body.custom.creditCode',
        'body.custom.employees',
        'body.custom.founded',
        'body.custom.listed',
        'body.custom.scale',
        'body.custom.unknownKey',
      ]);
      expect(await snapshot(a.t)).toBe(before);
      const ok = await a.customer({
        name: '自定义字段测试',
        custom: {
          employees: 250,
          founded: '2001-05-20',
          listed: true,
          scale: 'large',
          creditCode: '91310000XXXX',
        },
        tags: ['cf'],
      });
      expect(ok.custom).toEqual({
        employees: 250,
        founded: '2001-05-20',
        listed: true,
        scale: 'large',
        creditCode: '91310000XXXX',
      });
      const upd = await a.as(a.gm, `${C}/${ok.id}`, {
        method: 'PATCH',
        body: { custom: { employees: 300, creditCode: null }, reason: '年报', version: 1 },
      });
      expect(upd.status).toBe(200);
      expect((await json(upd)).custom).toEqual({
        employees: 300,
        founded: '2001-05-20',
        listed: true,
        scale: 'large',
      });
      const badUpd = await a.as(a.gm, `${C}/${ok.id}`, {
        method: 'PATCH',
        body: { custom: { employees: '300' }, reason: '年报', version: 2 },
      });
      expect(badUpd.status).toBe(400);
    });

    it('enforces required fields on create but not on unrelated updates of older records', async () => {
      const old = await a.customer({ name: '老客户 没有必填项' });
      expect(
        (await a.t.request(`${C}/custom-fields/creditCode`, { method: 'PATCH', body: { required: true } }))
          .status,
      ).toBe(200);
      try {
        const res = await a.as(a.gm, C, { body: { name: '新客户 缺必填项' } });
        expect(res.status).toBe(400);
        expect((await json(res)).errors[0].path).toBe('body.custom.creditCode');
        expect(
          (
            await a.as(a.gm, `${C}/${old.id}`, {
              method: 'PATCH',
              body: { industry: 'x', reason: 'r', version: 1 },
            })
          ).status,
        ).toBe(200);
        expect(
          (
            await a.as(a.gm, `${C}/${old.id}`, {
              method: 'PATCH',
              body: { custom: { creditCode: null }, reason: 'r', version: 2 },
            })
          ).status,
        ).toBe(400);
      } finally {
        await a.t.request(`${C}/custom-fields/creditCode`, { method: 'PATCH', body: { required: false } });
      }
    });

    it('filters the list by custom values, ranges included', async () => {
      await a.customer({
        name: '小公司',
        custom: { employees: 12, founded: '2019-01-01', listed: false, scale: 'small' },
        tags: ['cf'],
      });
      await a.customer({
        name: '中公司',
        custom: { employees: 120, founded: '2010-06-01', scale: 'small' },
        tags: ['cf'],
      });
      const names = async (q: string) =>
        (await json(await a.as(a.gm, `${C}?tag=cf&sort=name&${q}`))).items.map(
          (c: { name: string }) => c.name,
        );
      expect(await names('custom.scale=large')).toEqual(['自定义字段测试']);
      expect(await names('custom.scale=小型')).toEqual(['中公司', '小公司']);
      expect(await names('custom.employees=12')).toEqual(['小公司']);
      expect(await names('custom.employees.from=100')).toEqual(['中公司', '自定义字段测试']);
      expect(await names('custom.employees.from=100&custom.employees.to=200')).toEqual(['中公司']);
      expect(await names('custom.founded.to=2015-12-31')).toEqual(['中公司', '自定义字段测试']);
      expect(await names('custom.listed=true')).toEqual(['自定义字段测试']);
      expect(await names('custom.listed=否')).toEqual(['小公司']);
      for (const q of ['custom.note=x', 'custom.employees=abc', 'custom.scale.from=a', 'custom.nope=1']) {
        expect((await a.as(a.gm, `${C}?${q}`)).status, q).toBe(400);
      }
    });
  });

  describe('contacts', () => {
    it('keeps at most one primary contact', async () => {
      const c = await a.customer({ name: '南京联系人测试', ownerId: a.am.id });
      const first = await json(
        await a.as(a.am, `${C}/${c.id}/contacts`, {
          body: { name: '周一', title: '采购经理', phone: '13800000001' },
        }),
      );
      expect(first.primary).toBe(true);
      const second = await json(
        await a.as(a.am, `${C}/${c.id}/contacts`, { body: { name: '吴二', email: 'wu@nj.example.cn' } }),
      );
      expect(second.primary).toBe(false);
      const third = await a.as(a.am, `${C}/${c.id}/contacts`, { body: { name: '郑三', primary: true } });
      expect(third.status).toBe(201);
      let list = (await json(await a.as(a.am, `${C}/${c.id}/contacts`))).items;
      expect(
        list.filter((x: { primary: boolean }) => x.primary).map((x: { name: string }) => x.name),
      ).toEqual(['郑三']);
      expect(
        (
          await a.as(a.am, `${C}/${c.id}/contacts/${second.id}`, {
            method: 'PATCH',
            body: { primary: true, version: 1 },
          })
        ).status,
      ).toBe(200);
      list = (await json(await a.as(a.am, `${C}/${c.id}/contacts`))).items;
      expect(
        list.filter((x: { primary: boolean }) => x.primary).map((x: { name: string }) => x.name),
      ).toEqual(['吴二']);
      expect(list[0].name).toBe('吴二');
      const stale = await a.as(a.am, `${C}/${c.id}/contacts/${second.id}`, {
        method: 'PATCH',
        body: { title: 'x', version: 1 },
      });
      expect(stale.status).toBe(409);
      expect((await a.as(a.am, `${C}/${c.id}/contacts/${first.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await json(await a.as(a.am, `${C}/${c.id}/contacts`))).items).toHaveLength(2);
      expect(
        (await a.as(a.am2, `${C}/${c.id}/contacts/${second.id}`, { method: 'PATCH', body: { title: 'x' } }))
          .status,
      ).toBe(404);
      expect(
        (await a.as(a.am, `${C}/${c.id}/contacts/${first.id}`, { method: 'PATCH', body: { title: 'x' } }))
          .status,
      ).toBe(404);
      const one = await json(await a.as(a.am, `${C}/${c.id}?include=contacts`));
      expect(one.facets.contacts.map((x: { name: string }) => x.name)).toEqual(['吴二', '郑三']);
      // GET /:id reads the facet with the customer (one statement on SQLite): the same contacts, field for field, as the contacts route.
      expect(one.facets.contacts).toEqual((await json(await a.as(a.am, `${C}/${c.id}/contacts`))).items);
      const none = await a.customer({ name: '无联系人测试', ownerId: a.am.id });
      expect((await json(await a.as(a.am, `${C}/${none.id}?include=contacts`))).facets).toEqual({
        contacts: null,
      });
    });
  });

  describe('communications', () => {
    it('files reason, process and result, newest first, and announces them', async () => {
      const c = await a.customer({ name: '武汉通讯测试', ownerId: a.am.id });
      const contact = await json(await a.as(a.am, `${C}/${c.id}/contacts`, { body: { name: '冯经理' } }));
      const res = await a.as(a.am, `${C}/${c.id}/communications`, {
        body: {
          channel: 'visit',
          subject: '季度回访',
          process: '参观工厂，讨论新品',
          result: '同意试用',
          contactId: contact.id,
          occurredAt: '2026-02-20T09:00:00+08:00',
        },
      });
      expect(res.status).toBe(201);
      const com = await json(res);
      expect(com).toMatchObject({
        direction: 'outbound',
        byUserId: a.am.id,
        occurredAt: '2026-02-20T01:00:00.000Z',
        contactId: contact.id,
      });
      await a.as(a.am, `${C}/${c.id}/communications`, {
        body: { channel: 'call', subject: '确认订单', direction: 'inbound' },
      });
      const list = await json(await a.as(a.am, `${C}/${c.id}/communications?limit=1`));
      expect(list.items[0].subject).toBe('确认订单');
      const next = await json(
        await a.as(a.am, `${C}/${c.id}/communications?limit=1&cursor=${list.nextCursor}`),
      );
      expect(next.items[0].subject).toBe('季度回访');
      const other = await a.customer({ name: '武汉另一家' });
      const wrongContact = await a.as(a.gm, `${C}/${other.id}/communications`, {
        body: { channel: 'call', subject: 'x', contactId: contact.id },
      });
      expect(wrongContact.status).toBe(422);
      await a.t.drain();
      expect(
        seen.some((e) => e.name === 'customer.communicationLogged' && e.payload.communication.id === com.id),
      ).toBe(true);
    });
  });
});
