import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin/define-plugin.js';
import { type Archive, openArchive } from '../registry/test/archive-fixtures.js';
import { json, testDatabases } from '../testing/index.js';

describe.each(testDatabases())('activities on $name', (db) => {
  let a: Archive;
  beforeEach(async () => {
    a = await openArchive(db);
  });
  afterEach(() => a.close());

  const create = async (who: Archive['am'], body: Record<string, unknown>) => {
    const res = await a.as(who, '/api/v1/activities', { body: { type: 'call', subject: '回访', ...body } });
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    return json(res);
  };

  it('lists my open activities overdue first, then today, then upcoming, with badge counts', async () => {
    // The clock stands at 2026-03-01T08:00Z.
    await create(a.am, { subject: 'upcoming', dueDate: '2026-03-05' });
    await create(a.am, { subject: 'overdue', dueAt: '2026-02-27T09:00:00.000Z' });
    await create(a.am, { subject: 'today', dueDate: '2026-03-01', dueTime: '17:30' });
    await create(a.am, { subject: 'someday' });
    await create(a.am2, { subject: 'not mine' });

    const page = await json(await a.as(a.am, '/api/v1/activities'));
    expect(page.items.map((i: any) => [i.subject, i.bucket])).toEqual([
      ['overdue', 'overdue'],
      ['today', 'today'],
      ['upcoming', 'upcoming'],
      ['someday', 'someday'],
    ]);
    expect(page.items[1]).toMatchObject({
      dueDate: '2026-03-01',
      dueTime: '17:30',
      dueAt: '2026-03-01T17:30:00.000Z',
    });
    expect(await json(await a.as(a.am, '/api/v1/activities/counts'))).toEqual({
      open: 4,
      overdue: 1,
      dueToday: 1,
      upcoming: 1,
      someday: 1,
    });

    const first = await json(await a.as(a.am, '/api/v1/activities?limit=2'));
    expect(first.items).toHaveLength(2);
    const second = await json(await a.as(a.am, `/api/v1/activities?limit=2&cursor=${first.nextCursor}`));
    expect(second.items.map((i: any) => i.subject)).toEqual(['upcoming', 'someday']);
    expect(second.nextCursor).toBeNull();

    const overdueOnly = await json(await a.as(a.am, '/api/v1/activities?bucket=overdue'));
    expect(overdueOnly.items.map((i: any) => i.subject)).toEqual(['overdue']);
    const bad = await a.as(a.am, '/api/v1/activities?bucket=late');
    expect(bad.status).toBe(400);
  });

  it('completes, cancels and reassigns; the new assignee is told', async () => {
    const one = await create(a.am, { subject: '打电话给王总' });
    const done = await json(
      await a.as(a.am, `/api/v1/activities/${one.id}/complete`, {
        body: { outcome: 'reached', note: '下周下单' },
      }),
    );
    expect(done).toMatchObject({
      status: 'done',
      outcome: 'reached',
      completionNote: '下周下单',
      closedBy: a.am.id,
    });
    const again = await a.as(a.am, `/api/v1/activities/${one.id}/complete`, { body: {} });
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('activity_closed');
    const closed = await json(await a.as(a.am, '/api/v1/activities?status=done'));
    expect(closed.items.map((i: any) => i.id)).toEqual([one.id]);

    const two = await create(a.am, { subject: '拜访' });
    const moved = await json(
      await a.as(a.am, `/api/v1/activities/${two.id}/reassign`, { body: { assigneeId: a.am2.id } }),
    );
    expect(moved.assigneeId).toBe(a.am2.id);
    expect((await json(await a.as(a.am2, '/api/v1/notifications/counts'))).unread).toBe(1);
    // No longer the assignee and not a manager: no more actions.
    const taken = await a.as(a.am, `/api/v1/activities/${two.id}/complete`, { body: {} });
    expect(taken.status).toBe(403);
    const cancelled = await json(await a.as(a.am2, `/api/v1/activities/${two.id}/cancel`, { body: {} }));
    expect(cancelled.status).toBe('cancelled');
  });

  it("hides activities of customers the caller may not see, and others' from non-managers", async () => {
    const customer = await a.customer({ name: '杭州西湖茶业' }, a.am);
    const act = await create(a.am, { subject: '催款', customerId: customer.id });
    // Another account manager cannot create one on a customer they cannot see: the customer is a 404.
    const refused = await a.as(a.am2, '/api/v1/activities', {
      body: { type: 'call', subject: 'x', customerId: customer.id },
    });
    expect(refused.status).toBe(404);
    // Nor hand one to someone who cannot see it.
    const blind = await a.as(a.am, `/api/v1/activities/${act.id}/reassign`, {
      body: { assigneeId: a.staff.id },
    });
    expect(blind.status).toBe(422);
    expect((await a.as(a.am2, `/api/v1/activities/${act.id}`)).status).toBe(404);
    expect((await a.as(a.sm, `/api/v1/activities/${act.id}`)).status).toBe(200);

    // Handed (by the system) to someone who cannot see the customer, it stays invisible to them.
    await a.t.kernel.transaction((trx) =>
      a.t.kernel.activities.service.create(
        trx,
        { type: 'todo', subject: 'hidden', customerId: customer.id, assigneeId: a.am2.id },
        'kernel',
      ),
    );
    expect((await json(await a.as(a.am2, '/api/v1/activities'))).items).toEqual([]);
    expect((await json(await a.as(a.am2, '/api/v1/activities/counts'))).open).toBe(0);
  });

  it('shows managers the team overdue view; others get 403', async () => {
    await create(a.am, { subject: 'late', dueAt: '2026-02-28T00:00:00.000Z' });
    await create(a.am2, { subject: 'fine', dueDate: '2026-03-09' });
    const team = await json(await a.as(a.sm, '/api/v1/activities/team'));
    expect(team.items.map((i: any) => [i.subject, i.assigneeId])).toEqual([['late', a.am.id]]);
    const all = await json(await a.as(a.sm, '/api/v1/activities/team?bucket=all'));
    expect(all.items).toHaveLength(2);
    expect((await a.as(a.am, '/api/v1/activities/team')).status).toBe(403);
  });

  it('puts activities on the customer timeline', async () => {
    const customer = await a.customer({ name: '宁波港务' }, a.am);
    const act = await create(a.am, { type: 'visit', subject: '季度拜访', customerId: customer.id });
    const timeline = await json(await a.as(a.am, `/api/v1/customers/${customer.id}/timeline`));
    const item = timeline.items.find((i: any) => i.source === 'activity');
    expect(item).toMatchObject({
      type: 'activity.visit',
      title: '季度拜访',
      data: { activityId: act.id, status: 'open' },
    });
  });

  it('raises activity.overdue once per activity and escalates answer-required ones to the sales manager', async () => {
    const overdue: string[] = [];
    const watcher = definePlugin({
      name: 'watcher',
      version: '1.0.0',
      setup(ctx) {
        ctx.hooks.on('activity.overdue', 'count', ({ activity }) => {
          overdue.push(activity.id);
        });
      },
    });
    await a.close();
    a = await openArchive(db, { plugins: [watcher] });
    const act = await a.t.kernel.transaction((trx) =>
      a.t.kernel.activities.service.create(
        trx,
        { type: 'answer_required', subject: '回复预警', assigneeId: a.am.id, dueDate: '2026-03-02' },
        'kernel',
      ),
    );
    await a.t.kernel.scheduler.runDue(new Date('2026-03-02T12:00:00.000Z'));
    expect((await a.t.kernel.activities.service.get(act.id))!.overdueAt).toBeNull();
    const [run] = await a.t.kernel.scheduler.runDue(
      new Date('2026-03-03T01:00:00.000Z'),
      'kernel.activities.overdue',
    );
    expect(run!.result).toEqual({ overdue: 1, escalated: 1 });
    const again = await a.t.kernel.scheduler.runDue(
      new Date('2026-03-03T02:00:00.000Z'),
      'kernel.activities.overdue',
    );
    expect(again[0]!.result).toEqual({ overdue: 0, escalated: 0 });
    await a.t.drain();
    expect(overdue).toEqual([act.id]);
    const inbox = await json(await a.as(a.sm, '/api/v1/notifications'));
    expect(inbox.items.map((n: any) => [n.kind, n.activityId])).toEqual([['activity.escalated', act.id]]);
    a.t.clock.set('2026-03-03T02:00:00.000Z');
    const team = await json(await a.as(a.sm, '/api/v1/activities/team'));
    expect(team.items[0]).toMatchObject({ id: act.id, bucket: 'overdue' });
    expect(team.items[0].escalatedAt).not.toBeNull();
  });

  it('counts and marks the inbox read', async () => {
    await create(a.am, { subject: 'one', assigneeId: a.am2.id });
    await create(a.am, { subject: 'two', assigneeId: a.am2.id });
    expect(await json(await a.as(a.am2, '/api/v1/notifications/counts'))).toEqual({ unread: 2 });
    const inbox = await json(await a.as(a.am2, '/api/v1/notifications'));
    expect(inbox.items.map((n: any) => n.title)).toEqual(['two', 'one']);
    const read = await json(
      await a.as(a.am2, `/api/v1/notifications/${inbox.items[0].id}/read`, { body: {} }),
    );
    expect(read.readAt).not.toBeNull();
    expect(await json(await a.as(a.am2, '/api/v1/notifications/counts'))).toEqual({ unread: 1 });
    expect((await a.as(a.am, `/api/v1/notifications/${inbox.items[1].id}/read`, { body: {} })).status).toBe(
      404,
    );
    expect(await json(await a.as(a.am2, '/api/v1/notifications/read-all', { body: {} }))).toEqual({
      marked: 1,
    });
    expect(await json(await a.as(a.am2, '/api/v1/notifications/counts'))).toEqual({ unread: 0 });
  });
});

describe.each(testDatabases())('activities in the company time zone on $name', (db) => {
  it('ends a due date with the company day and sorts today by the company clock at 01:30 Beijing time', async () => {
    const a = await openArchive(db, { timeZone: 'Asia/Shanghai' });
    try {
      a.t.clock.set('2026-03-02T01:30:00+08:00'); // still 1 March in UTC
      const create = async (body: Record<string, unknown>) => {
        const res = await a.as(a.am, '/api/v1/activities', {
          body: { type: 'call', subject: '回访', ...body },
        });
        expect(res.status).toBe(201);
        return json(res);
      };
      const yesterday = await create({ subject: 'yesterday', dueDate: '2026-03-01' });
      const today = await create({ subject: 'today', dueDate: '2026-03-02' });
      const nine = await create({ subject: 'today 09:00', dueDate: '2026-03-02', dueTime: '09:00' });
      const midnight = await create({ subject: 'tomorrow 00:30', dueAt: '2026-03-02T16:30:00.000Z' });
      expect(yesterday).toMatchObject({ dueAt: '2026-03-01T15:59:59.999Z', bucket: 'overdue' });
      expect(today).toMatchObject({ dueAt: '2026-03-02T15:59:59.999Z', bucket: 'today' });
      expect(nine).toMatchObject({ dueAt: '2026-03-02T01:00:00.000Z', bucket: 'today' });
      expect(midnight).toMatchObject({ dueDate: '2026-03-03', dueTime: '00:30', bucket: 'upcoming' });
      expect(await json(await a.as(a.am, '/api/v1/activities/counts'))).toEqual({
        open: 4,
        overdue: 1,
        dueToday: 2,
        upcoming: 1,
        someday: 0,
      });
    } finally {
      await a.close();
    }
  });
});

describe.each(testDatabases())('activities from plugins on $name', (db) => {
  it('a subscriber delivering twice creates one activity; a subscribed event reaches the inbox once', async () => {
    const visits = definePlugin({
      name: 'visits',
      version: '1.0.0',
      setup(ctx) {
        ctx.activities.defineType('site_visit', { labels: { en: 'Site visit', 'zh-CN': '现场拜访' } });
        ctx.notifications.subscribable('customer.created', {
          labels: { en: 'A customer was created', 'zh-CN': '新建客户' },
          customerId: (p) => p.customer.id,
          title: (p) => p.customer.name,
        });
        ctx.hooks.on('customer.created', 'plan-first-visit', async ({ customer }) => {
          if (!customer.ownerId) return;
          await ctx.transaction((trx) =>
            ctx.activities.create(trx, {
              type: 'site_visit',
              subject: `首次拜访 ${customer.name}`,
              customerId: customer.id,
              assigneeId: customer.ownerId!,
              link: { type: 'customer', id: customer.id },
              key: `first-visit:${customer.id}`,
            }),
          );
        });
      },
    });
    const a = await openArchive(db, { plugins: [visits] });
    try {
      await a.as(a.am, '/api/v1/notifications/subscriptions/customer.created', {
        method: 'PUT',
        body: { scope: 'mine' },
      });
      const customer = await a.customer({ name: '苏州园林建设' }, a.am);
      await a.t.drain();
      // Deliver the same event again, as the outbox may after a crash.
      await a.t.kernel.database.db
        .updateTable('kehu_delivery')
        .set({ status: 'pending', attempts: 0 })
        .where('status', '=', 'delivered')
        .execute();
      await a.t.drain();
      const mine = await json(await a.as(a.am, '/api/v1/activities?type=site_visit'));
      expect(mine.items).toHaveLength(1);
      expect(mine.items[0]).toMatchObject({
        sourcePlugin: 'visits',
        customerId: customer.id,
        createdBy: null,
      });
      const inbox = await json(await a.as(a.am, '/api/v1/notifications'));
      expect(inbox.items.filter((n: any) => n.kind === 'customer.created')).toHaveLength(1);
      const types = await json(await a.as(a.am, '/api/v1/activities/types'));
      expect(types.items).toContainEqual({
        name: 'site_visit',
        plugin: 'visits',
        labels: { en: 'Site visit', 'zh-CN': '现场拜访' },
      });

      const closed = await a.t.kernel.transaction((trx) =>
        a.t.kernel.activities.service.closeFor(
          trx,
          { type: 'customer', id: customer.id },
          { outcome: 'visited' },
        ),
      );
      expect(closed).toBe(1);
      expect((await json(await a.as(a.am, '/api/v1/activities/counts'))).open).toBe(0);
      const hooks = a.t.kernel.describeHooks();
      expect(hooks.events.find((e) => e.name === 'customer.created')!.subscribers).toEqual([
        { id: 'kernel:notify:customer.created', plugin: 'kernel' },
        { id: 'visits:plan-first-visit', plugin: 'visits' },
      ]);
    } finally {
      await a.close();
    }
  });

  it('shows an activity made for a permission to its holder whatever the customer, and not once they lose it', async () => {
    let ctxRef: any;
    const approvals = definePlugin({
      name: 'approvals',
      version: '1.0.0',
      setup(ctx) {
        ctx.permission('approvals.decide', { description: 'Decide requests', roles: ['staff'] });
        ctxRef = ctx;
      },
    });
    const a = await openArchive(db, { plugins: [approvals] });
    try {
      // The account manager's customer: staff may not see it.
      const customer = await a.customer({ name: '宁波港务' }, a.am);
      expect((await a.as(a.staff, `/api/v1/customers/${customer.id}`)).status).toBe(404);
      const staff2 = await a.t.user(['staff'], 'Staff 钱七');
      const made = await a.t.kernel.transaction(async (trx) => {
        // The same customer, assigned plainly: its assignee may not see the customer, so not it.
        await ctxRef.activities.create(trx, {
          type: 'todo',
          subject: '普通待办',
          customerId: customer.id,
          assigneeId: staff2.id,
        });
        const all = await ctxRef.activities.createForPermission(trx, 'approvals.decide', {
          type: 'approval',
          subject: '审批 折扣',
          customerId: customer.id,
          except: [staff2.id],
        });
        return all.find((x: any) => x.assigneeId === a.staff.id);
      });
      expect(made).toMatchObject({ forPermission: 'approvals.decide' });
      const inbox = await json(await a.as(a.staff, '/api/v1/activities'));
      expect(inbox.items.map((i: any) => i.subject)).toEqual(['审批 折扣']);
      expect((await json(await a.as(a.staff, '/api/v1/activities/counts'))).open).toBe(1);
      expect((await a.as(a.staff, `/api/v1/activities/${made.id}`)).status).toBe(200);
      // staff2 holds the permission too but was left out, and may not see the plain one's customer.
      expect((await json(await a.as(staff2, '/api/v1/activities'))).items).toEqual([]);
      expect((await a.as(staff2, `/api/v1/activities/${made.id}`)).status).toBe(404);
      // The customer's owner sees it on the timeline.
      const timeline = await json(await a.as(a.am, `/api/v1/customers/${customer.id}/timeline`));
      expect(timeline.items.map((i: any) => i.title)).toContain('审批 折扣');

      // Without the permission any more, the holder's inbox no longer has it.
      await a.t.kernel.users.update(a.staff.id, { roles: ['account_manager'] });
      expect((await json(await a.as(a.staff, '/api/v1/activities'))).items).toEqual([]);
      expect((await a.as(a.staff, `/api/v1/activities/${made.id}`)).status).toBe(404);
    } finally {
      await a.close();
    }
  });
});
