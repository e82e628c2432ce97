import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testDatabases } from '../../testing/index.js';
import { type Archive, openArchive, snapshot } from './archive-fixtures.js';

const C = '/api/v1/customers';
const EXTRA = { customer_discount: 'id', customer_note: 'id' };

describe.each(testDatabases())('archive records on $name', (db) => {
  let a: Archive;
  beforeAll(async () => {
    a = await openArchive(db);
  });
  afterAll(() => a.close());

  const approvalsOf = async (who: Archive['am'], id: string) =>
    (
      (await json(await a.as(who, '/api/v1/activities?type=approval&status=open'))).items as {
        link: { id: string } | null;
      }[]
    ).filter((x) => x.link?.id === id);

  it('keeps managers, business status and competitors as structured fields, audited', async () => {
    const c = await a.customer({
      name: '青禾食品',
      ownerId: a.am.id,
      managers: [{ name: '沈国华', title: '总经理', background: '原华东食品厂厂长，从业二十年' }],
      businessStatus: { salesActivity: '每月两次促销', outlook: '华南扩张' },
      competitors: [{ name: '绿源贸易', relation: 'secondary_supplier' }],
    });
    expect(c.managers).toEqual([
      { name: '沈国华', title: '总经理', background: '原华东食品厂厂长，从业二十年' },
    ]);
    expect(c.businessStatus).toEqual({
      salesActivity: '每月两次促销',
      problems: null,
      outlook: '华南扩张',
      reputation: null,
    });
    expect(c.competitors).toEqual([{ name: '绿源贸易', relation: 'secondary_supplier', note: null }]);

    const res = await a.as(a.am, `${C}/${c.id}`, {
      method: 'PATCH',
      body: {
        version: 1,
        reason: '拜访后更新',
        businessStatus: { problems: '回款偏慢', reputation: '良好' },
        competitors: [{ name: '绿源贸易', relation: 'main_supplier', note: '占其采购六成' }],
      },
    });
    expect(res.status).toBe(200);
    const after = await json(await a.as(a.am, `${C}/${c.id}`));
    expect(after.businessStatus).toEqual({
      salesActivity: null,
      problems: '回款偏慢',
      outlook: null,
      reputation: '良好',
    });
    expect(after.competitors[0].relation).toBe('main_supplier');
    expect(after.managers).toHaveLength(1);
    const audit = await json(await a.as(a.gm, `/api/v1/audit?entityType=customer&entityId=${c.id}`));
    const update = audit.items.find((e: any) => e.action === 'update');
    expect(Object.keys(update.changes).sort()).toEqual(['businessStatus', 'competitors']);
    expect(update.reason).toBe('拜访后更新');

    const before = await snapshot(a.t);
    const bad = await a.as(a.am, `${C}/${c.id}`, {
      method: 'PATCH',
      body: { version: 2, reason: 'x', competitors: [{ name: '某家', relation: 'enemy' }] },
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors[0].path).toContain('competitors');
    expect(await snapshot(a.t)).toBe(before);
  });

  it('a discount waits for a manager who did not ask for it; approval is recorded with the responsibility', async () => {
    const c = await a.customer({ name: '华东机械', ownerId: a.am.id });
    const ask = await a.as(a.am, `${C}/${c.id}/discounts`, {
      body: {
        subject: '订单 SO-2026-118',
        percent: 7.5,
        reason: '交货延误三天',
        responsibility: { party: 'company', note: '仓库排产失误' },
      },
    });
    expect(ask.status).toBe(201);
    const d = await json(ask);
    expect(d).toMatchObject({
      customerId: c.id,
      percent: 7.5,
      amount: null,
      status: 'pending',
      requestedBy: a.am.id,
      responsibility: { party: 'company', note: '仓库排产失误' },
    });
    // Both managers have an approval to give; the account manager may not give it.
    expect(await approvalsOf(a.sm, d.id)).toHaveLength(1);
    expect(await approvalsOf(a.gm, d.id)).toHaveLength(1);
    const byAm = await a.as(a.am, `${C}/${c.id}/discounts/${d.id}/approve`, { body: {} });
    expect(byAm.status).toBe(403);

    const ok = await a.as(a.sm, `${C}/${c.id}/discounts/${d.id}/approve`, { body: { note: '同意' } });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ status: 'approved', decidedBy: a.sm.id, decisionNote: '同意' });
    expect(await approvalsOf(a.gm, d.id)).toHaveLength(0);
    const again = await a.as(a.gm, `${C}/${c.id}/discounts/${d.id}/reject`, { body: { note: '不行' } });
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('not_pending');

    const listed = await json(await a.as(a.am, `${C}/${c.id}/discounts`));
    expect(listed.items.map((x: any) => [x.id, x.status])).toEqual([[d.id, 'approved']]);
    const trail = await json(await a.as(a.gm, `/api/v1/audit?entityType=customer_discount&entityId=${d.id}`));
    expect(trail.items.map((e: any) => [e.action, e.actorId])).toEqual([
      ['approve', a.sm.id],
      ['request', a.am.id],
    ]);
  });

  it('the requester cannot approve their own discount; a rejection needs a note and leaves it rejected', async () => {
    const c = await a.customer({ name: '重庆渝海', ownerId: a.am.id });
    const d = await json(
      await a.as(a.sm, `${C}/${c.id}/discounts`, {
        body: {
          subject: '发票 INV-77',
          amount: { amount: 50_000, currency: 'CNY' },
          reason: '包装破损',
          responsibility: { party: 'carrier' },
        },
      }),
    );
    expect(d.amount).toEqual({ amount: 50_000, currency: 'CNY' });
    expect(await approvalsOf(a.sm, d.id)).toHaveLength(0);
    const own = await a.as(a.sm, `${C}/${c.id}/discounts/${d.id}/approve`, { body: {} });
    expect(own.status).toBe(403);
    expect((await json(own)).code).toBe('own_request');
    expect((await a.as(a.gm, `${C}/${c.id}/discounts/${d.id}/reject`, { body: {} })).status).toBe(400);
    const no = await a.as(a.gm, `${C}/${c.id}/discounts/${d.id}/reject`, { body: { note: '承运商赔付' } });
    expect(no.status).toBe(200);
    expect((await json(no)).status).toBe('rejected');
    const queue = await json(await a.as(a.gm, `${C}/discounts?status=rejected`));
    expect(queue.items.map((x: any) => x.id)).toContain(d.id);
    const mine = await json(await a.as(a.am, `${C}/discounts`));
    expect(mine.items.map((x: any) => x.id)).not.toContain(d.id);
  });

  it('bad discount input and invisible customers change nothing', async () => {
    const c = await a.customer({ name: '大连渔业', ownerId: a.am.id });
    const before = await snapshot(a.t, EXTRA);
    const base = { subject: '订单', reason: '质量', responsibility: { party: 'company' } };
    for (const body of [
      { ...base },
      { ...base, percent: 5, amount: { amount: 100, currency: 'CNY' } },
      { ...base, percent: 120 },
      { ...base, amount: { amount: 100, currency: 'XXY' } },
      { ...base, percent: 5, responsibility: { party: 'nobody' } },
    ]) {
      const res = await a.as(a.am, `${C}/${c.id}/discounts`, { body });
      expect(res.status).toBe(400);
    }
    const hidden = await a.as(a.am2, `${C}/${c.id}/discounts`, { body: { ...base, percent: 5 } });
    expect(hidden.status).toBe(404);
    expect((await a.as(a.am2, `${C}/${c.id}/discounts`)).status).toBe(404);
    expect((await a.as(a.staff, `${C}/${c.id}/notes`)).status).toBe(404);
    expect(await snapshot(a.t, EXTRA)).toBe(before);
  });

  it('industry notes and promotion records are dated additions any employee who sees the customer files', async () => {
    const c = await a.customer({ name: '苏州丝绸', ownerId: a.am.id });
    const add = (who: Archive['am'], body: Record<string, unknown>) =>
      a.as(who, `${C}/${c.id}/notes`, { body });
    const industry = await add(a.am, {
      kind: 'industry',
      notedOn: '2020-10-01',
      title: '丝绸出口关税下调',
      body: '自十月起',
    });
    expect(industry.status).toBe(201);
    const promo = await add(a.am, { kind: 'promotion', title: '秋季新品推介会' });
    expect(promo.status).toBe(201);
    expect((await json(promo)).notedOn).toBe(a.t.kernel.clock.today());
    expect((await add(a.am, { kind: 'gossip', title: 'x' })).status).toBe(400);

    const all = await json(await a.as(a.am, `${C}/${c.id}/notes`));
    expect(all.items.map((n: any) => n.kind)).toEqual(['promotion', 'industry']);
    const onlyIndustry = await json(await a.as(a.sm, `${C}/${c.id}/notes?kind=industry`));
    expect(onlyIndustry.items.map((n: any) => n.title)).toEqual(['丝绸出口关税下调']);
    const trail = await json(await a.as(a.gm, `/api/v1/audit?entityType=customer_note&customerId=${c.id}`));
    expect(trail.items).toHaveLength(2);
  });

  it('communications are audited like every other write, and shown once on the timeline', async () => {
    const c = await a.customer({ name: '杭州茶业', ownerId: a.am.id });
    const res = await a.as(a.am, `${C}/${c.id}/communications`, {
      body: { channel: 'call', subject: '确认交期', result: '下周三送达' },
    });
    expect(res.status).toBe(201);
    const comm = await json(res);
    const trail = await json(await a.as(a.gm, `/api/v1/audit?entityType=communication&customerId=${c.id}`));
    expect(trail.items).toHaveLength(1);
    expect(trail.items[0]).toMatchObject({ entityId: comm.id, action: 'create', actorId: a.am.id });
    expect(trail.items[0].changes.subject).toEqual({ from: null, to: '确认交期' });
    const timeline = await json(await a.as(a.am, `${C}/${c.id}/timeline`));
    expect(timeline.items.filter((i: any) => i.title === '确认交期')).toHaveLength(1);
  });

  it('contracts and discount approvals are timeline items of their own, not repeated by their audit rows', async () => {
    const c = await a.customer({ name: '常州织造', ownerId: a.am.id });
    const filed = await a.as(a.am, `${C}/${c.id}/contracts`, {
      body: {
        number: 'HT-2026-07',
        title: '年度供货合同',
        parties: ['本公司', '苏州丝绸'],
        signedOn: '2026-02-01',
        value: { amount: 12_000_000, currency: 'CNY' },
      },
    });
    expect(filed.status).toBe(201);
    a.t.clock.advance(60_000);
    const d = await json(
      await a.as(a.am, `${C}/${c.id}/discounts`, {
        body: { subject: '订单 SO-9', percent: 5, reason: '交货延误', responsibility: { party: 'company' } },
      }),
    );
    a.t.clock.advance(60_000);
    expect(
      (await a.as(a.sm, `${C}/${c.id}/discounts/${d.id}/approve`, { body: { note: '同意' } })).status,
    ).toBe(200);

    const timeline = await json(await a.as(a.am, `${C}/${c.id}/timeline`));
    const own = timeline.items.filter((i: any) => i.source === 'contract' || i.source === 'discount');
    expect(own.map((i: any) => [i.source, i.type, i.title])).toEqual([
      ['discount', 'discount.approved', '订单 SO-9'],
      ['contract', 'contract.filed', 'HT-2026-07 年度供货合同'],
    ]);
    expect(own[0].data).toMatchObject({
      percent: 5,
      byUserId: a.am.id,
      decidedBy: a.sm.id,
      decisionNote: '同意',
    });
    expect(own[1].data).toMatchObject({
      signedOn: '2026-02-01',
      status: 'active',
      value: { amount: 12_000_000, currency: 'CNY' },
      byUserId: a.am.id,
    });
    const types = timeline.items.map((i: any) => i.type);
    expect(types).not.toContain('audit.contract.create');
    expect(types).not.toContain('audit.customer_discount.request');
    expect(types).toContain('audit.customer_discount.approve');
    // Paged one item at a time, the sources interleave by time without repeating an item.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await json(
        await a.as(
          a.am,
          `${C}/${c.id}/timeline?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        ),
      );
      seen.push(...page.items.map((i: any) => `${i.source}:${i.id}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(timeline.items.map((i: any) => `${i.source}:${i.id}`));
    expect((await a.as(a.am2, `${C}/${c.id}/timeline`)).status).toBe(404);
  });

  it('merge moves discounts and notes; purge removes them', async () => {
    const target = await a.customer({ name: '宁波港务', ownerId: a.am.id });
    const source = await a.customer({ name: '宁波港务集团', ownerId: a.am.id }, a.gm);
    const d = await json(
      await a.as(a.am, `${C}/${source.id}/discounts`, {
        body: { subject: '合同 HT-9', percent: 3, reason: '年度返利', responsibility: { party: 'company' } },
      }),
    );
    await a.as(a.am, `${C}/${source.id}/notes`, { body: { kind: 'industry', title: '港口扩建' } });
    const merged = await a.as(a.gm, `${C}/${target.id}/merge`, {
      body: { sourceId: source.id, reason: '重复' },
    });
    expect(merged.status).toBe(200);
    expect((await json(await a.as(a.am, `${C}/${target.id}/discounts`))).items[0].id).toBe(d.id);
    expect((await json(await a.as(a.am, `${C}/${target.id}/notes`))).items).toHaveLength(1);

    expect(
      (await a.as(a.gm, `${C}/${target.id}`, { method: 'DELETE', body: { reason: '测试' } })).status,
    ).toBe(200);
    await a.t.kernel.scheduler.runDue(
      new Date(a.t.clock.now().getTime() + 31 * 86_400_000),
      'kernel.customers.purge',
    );
    const db = a.t.kernel.database.db;
    expect(
      await db.selectFrom('customer_discount').where('customer_id', '=', target.id).selectAll().execute(),
    ).toEqual([]);
    expect(
      await db.selectFrom('customer_note').where('customer_id', '=', target.id).selectAll().execute(),
    ).toEqual([]);
  });
});
