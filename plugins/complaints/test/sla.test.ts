import { definePlugin, ManualClock } from '@kehu/core';
import { createTestKehu, json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { complaintsPlugin } from '../src/index.js';
import { file, post, type World, world } from './support.js';

const local = (s: string) => new Date(`${s}:00+08:00`).toISOString();
const get = async (w: World, id: string, token = w.agent.token) =>
  json(await w.t.request(`/api/v1/complaints/${id}`, { token }));

const WEEK = ['09:00-12:00', '13:00-18:00'];
const calendar = (exceptions: unknown[]) => ({
  timeZone: 'Asia/Shanghai',
  week: { mon: WEEK, tue: WEEK, wed: WEEK, thu: WEEK, fri: WEEK },
  exceptions,
});

/** Hears the SLA events as another plugin would. */
const heard: string[] = [];
const slaListener = definePlugin({
  name: 'sla-listener',
  version: '0.0.1',
  setup(ctx) {
    ctx.hooks.on('complaints.escalated', 'hear-escalated', (e) => {
      heard.push(`escalated ${e.complaintId} ${e.target}:${e.level}:${e.role}`);
    });
    ctx.hooks.on('complaints.slaBreached', 'hear-breached', (e) => {
      heard.push(`slaBreached ${e.complaintId} ${e.target}`);
    });
  },
});

describe.each(testDatabases())('the SLA clock on $name', (db) => {
  it('announces complaints.escalated at each level and complaints.slaBreached at the breach, once each', async () => {
    heard.length = 0;
    const w = await world(db, { plugins: [complaintsPlugin, slaListener] });
    try {
      await w.t.user(['department_manager']);
      await w.t.user(['general_manager']);
      w.t.clock.set(local('2026-12-07T09:00'));
      // Critical: respond within 30 working minutes, resolve within 8 working hours.
      const c = await file(w, w.agent.token, { severity: 'critical' });
      const at = async (time: string) => {
        w.t.clock.set(local(time));
        await json(await w.t.request('/api/v1/complaints/sla/run', { body: {} }));
        while ((await w.t.drain()) > 0);
        return heard.splice(0).map((e) => e.replace(` ${c.id} `, ' '));
      };
      expect(await at('2026-12-07T09:20')).toEqual([]);
      // The warning at 75 % of the response target (09:22:30), for the handler.
      expect(await at('2026-12-07T09:25')).toEqual(['escalated response:1:handler']);
      expect(await at('2026-12-07T09:25')).toEqual([]);
      expect(await at('2026-12-07T09:35')).toEqual([
        'escalated response:2:service_manager',
        'slaBreached response',
      ]);
      expect(await at('2026-12-07T09:50')).toEqual([]);
      // 4 working hours after the breach (the lunch break skipped): the department manager.
      expect(await at('2026-12-07T14:35')).toEqual(['escalated response:3:department_manager']);
      // Resolution: the warning after 6 working hours, the breach after 8.
      expect(await at('2026-12-07T16:05')).toEqual(['escalated resolution:1:handler']);
      expect(await at('2026-12-07T18:05')).toEqual([
        'escalated resolution:2:service_manager',
        'slaBreached resolution',
      ]);
      // 8 working hours after the response's breach: Tuesday 09:30, the general manager.
      expect(await at('2026-12-08T09:35')).toEqual(['escalated response:4:general_manager']);
      expect(await at('2026-12-08T14:05')).toEqual(['escalated resolution:3:department_manager']);
      expect(await at('2026-12-08T18:05')).toEqual(['escalated resolution:4:general_manager']);
      // Nothing fires again, whatever the job or the complaint does later.
      await post(w, `/${c.id}/contacts`, { channel: 'phone', note: '已致电客户' }, w.agent.token);
      expect(await at('2026-12-10T12:00')).toEqual([]);
    } finally {
      await w.t.close();
    }
  });

  it('counts working time across a weekend, a lunch break, a holiday and a make-up working day', async () => {
    const w = await world(db);
    try {
      w.t.clock.set(local('2026-12-04T17:00')); // Friday
      const friday = await file(w, w.agent.token); // normal: respond within 4 working hours
      expect(friday.sla.response).toMatchObject({
        targetMinutes: 240,
        dueAt: local('2026-12-07T12:00'),
        status: 'within',
      });

      const bad = await w.t.request('/api/v1/complaints/calendar', {
        method: 'PUT',
        body: { ...calendar([]), week: { mon: ['09:00-12:00', '11:00-13:00'] } },
        token: w.manager.token,
      });
      expect(bad.status).toBe(400);
      const put = await w.t.request('/api/v1/complaints/calendar', {
        method: 'PUT',
        body: calendar([
          { date: '2026-12-05', kind: 'workday', name: '调休' },
          { date: '2026-12-07', kind: 'holiday', name: '公司纪念日' },
        ]),
        token: w.manager.token,
      });
      expect(put.status).toBe(200);
      expect(
        (
          await w.t.request('/api/v1/complaints/calendar', {
            method: 'PUT',
            body: calendar([]),
            token: w.agent.token,
          })
        ).status,
      ).toBe(403);
      // Friday 17:00–18:00, then the make-up Saturday 09:00–12:00.
      const withMakeUp = await file(w, w.agent.token);
      expect(withMakeUp.sla.response.dueAt).toBe(local('2026-12-05T12:00'));
      // On Saturday at 11:30, an hour skips the lunch break.
      w.t.clock.set(local('2026-12-05T11:30'));
      const saturday = await file(w, w.agent.token, { severity: 'high' }); // 60 min response
      expect(saturday.sla.response.dueAt).toBe(local('2026-12-05T13:30'));
      const critical = await file(w, w.agent.token, { severity: 'critical' }); // 30 min response, 8 h resolution
      expect(critical.sla.response.dueAt).toBe(local('2026-12-05T12:00'));
      // 8 working hours from Saturday 11:30: 5.5 h on Saturday, the Monday holiday skipped, 2.5 h on Tuesday.
      expect(critical.sla.resolution.dueAt).toBe(local('2026-12-08T11:30'));
      w.t.clock.set(local('2026-12-05T14:00'));
      expect((await get(w, saturday.id)).sla.response).toMatchObject({
        status: 'breached',
        remainingMinutes: -30,
      });
    } finally {
      await w.t.close();
    }
  });

  it('stops while waiting, counts the pause once on resume, and burns nothing when filed paused', async () => {
    const w = await world(db);
    try {
      const c = await file(w, w.agent.token); // Monday 09:00, normal: resolution 24 working hours
      expect(c.sla.resolution.dueAt).toBe(local('2026-12-09T18:00'));
      await post(w, `/${c.id}/accept`, { severity: 'normal', nature: 'general' }, w.agent.token);
      w.t.clock.set(local('2026-12-07T10:00'));
      const paused = await post(
        w,
        `/${c.id}/pause`,
        { waitingFor: 'customer', reason: '等客户照片' },
        w.agent.token,
      );
      expect(paused).toMatchObject({ state: 'waiting_customer', sla: { status: 'paused', paused: true } });
      expect(paused.sla.resolution.dueAt).toBeNull();
      expect(paused.allowedTransitions).toEqual(['resume', 'withdraw', 'markDuplicate']);
      w.t.clock.set(local('2026-12-07T14:00'));
      expect((await get(w, c.id)).sla.resolution.elapsedMinutes).toBe(60);
      const resumed = await post(w, `/${c.id}/resume`, { note: '照片已到' }, w.agent.token);
      expect(resumed.state).toBe('accepted');
      // 10:00–12:00 and 13:00–14:00 paused: the deadline moves by 3 working hours.
      expect(resumed.sla).toMatchObject({ paused: false, pausedMinutes: 180 });
      expect(resumed.sla.resolution.dueAt).toBe(local('2026-12-10T12:00'));
      const again = await w.t.request(`/api/v1/complaints/${c.id}/resume`, {
        body: {},
        token: w.agent.token,
      });
      expect(again.status).toBe(409);
      w.t.clock.set(local('2026-12-07T15:00'));
      const later = await get(w, c.id);
      expect(later.sla).toMatchObject({ pausedMinutes: 180 });
      expect(later.sla.resolution).toMatchObject({ elapsedMinutes: 120, dueAt: local('2026-12-10T12:00') });

      w.t.clock.set(local('2026-12-07T09:00'));
      const waiting = await file(w, w.agent.token, { waitingFor: 'third_party' });
      expect(waiting).toMatchObject({ state: 'waiting_third_party', sla: { status: 'paused' } });
      w.t.clock.set(local('2026-12-07T11:00'));
      expect((await get(w, waiting.id)).sla.resolution.elapsedMinutes).toBe(0);
      const going = await post(w, `/${waiting.id}/resume`, {}, w.agent.token);
      expect(going.state).toBe('received');
      expect(going.sla.resolution.dueAt).toBe(local('2026-12-10T11:00'));
      expect(going.sla.response.dueAt).toBe(local('2026-12-07T16:00'));
    } finally {
      await w.t.close();
    }
  });

  it('keeps the clock’s start and pauses when identification moves the complaint to another policy', async () => {
    const w = await world(db);
    try {
      const policy = await post(
        w,
        '/sla-policies',
        {
          name: 'Transport',
          conditions: { category: ['transport'] },
          targets: {
            critical: { responseMinutes: 15, resolutionMinutes: 60 },
            high: { responseMinutes: 30, resolutionMinutes: 90 },
            normal: { responseMinutes: 60, resolutionMinutes: 120 },
            low: { responseMinutes: 60, resolutionMinutes: 240 },
          },
          escalation: {
            warningShare: 0.5,
            warningRole: 'handler',
            breachRole: 'service_manager',
            levels: [],
          },
        },
        w.manager.token,
        201,
      );
      const c = await file(w, w.agent.token, { category: 'service' });
      expect(c.sla.policyId).toBe('default');
      w.t.clock.set(local('2026-12-07T09:30'));
      await post(w, `/${c.id}/pause`, { waitingFor: 'customer', reason: 'x' }, w.agent.token);
      w.t.clock.set(local('2026-12-07T10:30'));
      await post(w, `/${c.id}/resume`, {}, w.agent.token);
      w.t.clock.set(local('2026-12-07T11:00'));
      const moved = await post(
        w,
        `/${c.id}/accept`,
        { category: 'transport', severity: 'normal', nature: 'general' },
        w.agent.token,
      );
      expect(moved.sla).toMatchObject({ policyId: policy.id, startedAt: c.sla.startedAt, pausedMinutes: 60 });
      // 120 working minutes from 09:00, plus the hour paused.
      expect(moved.sla.resolution).toMatchObject({
        targetMinutes: 120,
        dueAt: local('2026-12-07T12:00'),
        status: 'warning',
      });
      // Policies: the default cannot be disabled or deleted.
      const policies = await json(
        await w.t.request('/api/v1/complaints/sla-policies', { token: w.manager.token }),
      );
      expect(policies.items.map((p: { id: string }) => p.id)).toEqual([policy.id, 'default']);
      const def = policies.items[1];
      const disable = await w.t.request('/api/v1/complaints/sla-policies/default', {
        method: 'PUT',
        body: { name: def.name, enabled: false, targets: def.targets, escalation: def.escalation },
        token: w.manager.token,
      });
      expect((await json(disable)).code).toBe('default_policy_required');
      const del = await w.t.request('/api/v1/complaints/sla-policies/default', {
        method: 'DELETE',
        token: w.manager.token,
      });
      expect(del.status).toBe(409);
      const badCondition = await w.t.request('/api/v1/complaints/sla-policies', {
        body: { ...def, name: 'x', conditions: { weather: ['rain'] } },
        token: w.manager.token,
      });
      expect(badCondition.status).toBe(400);
    } finally {
      await w.t.close();
    }
  });

  it('fires the warning, the breach and the next level once each with two job runners; the breach stays', async () => {
    const persistent = await db.persistent();
    const clock = new ManualClock(local('2026-12-07T09:00'));
    const open = async () =>
      createTestKehu(db, {
        plugins: [complaintsPlugin],
        clock,
        timeZone: 'Asia/Shanghai',
        database: await persistent.open(),
      });
    const a = await open();
    const b = await open();
    try {
      const agent = await a.user(['customer_service']);
      const managers = [await a.user(['service_manager']), await a.user(['service_manager'])];
      const head = await a.user(['department_manager']);
      const customer = await json(
        await a.request('/api/v1/customers', { body: { name: '宁波港物流', kind: 'business' } }),
      );
      const c = await json(
        await a.request('/api/v1/complaints', {
          body: {
            customerId: customer.id,
            channel: 'phone',
            category: 'transport',
            subject: '货损',
            description: '箱子破损',
          },
          token: agent.token,
        }),
      );
      const runBoth = async (at: string) => {
        clock.set(local(at));
        const results = await Promise.all(
          [a, b].map(async (k) => json(await k.request('/api/v1/complaints/sla/run', { body: {} }))),
        );
        return results.reduce((n, r) => n + r.fired, 0);
      };
      const steps = async () =>
        (await json(await a.request(`/api/v1/complaints/${c.id}`))).history
          .filter((h: { kind: string }) => h.kind === 'sla_escalated')
          .map(
            (h: { data: { target: string; level: number; role: string } }) =>
              `${h.data.target}:${h.data.level}:${h.data.role}`,
          );
      const mine = async (token: string) =>
        (await json(await a.request('/api/v1/activities', { token }))).items.filter(
          (x: { type: string }) => x.type === 'complaint_escalation',
        ).length;

      expect(await runBoth('2026-12-07T11:59')).toBe(0);
      // Response: 4 working hours → warning at 3 h (12:00), breach at 14:00, department manager 4 h later.
      expect(await runBoth('2026-12-07T12:30')).toBe(1);
      expect(await steps()).toEqual(['response:1:handler']);
      expect(await mine(agent.token)).toBe(1);
      expect(await runBoth('2026-12-07T12:40')).toBe(0);
      expect(await runBoth('2026-12-07T14:30')).toBe(1);
      for (const m of managers) expect(await mine(m.token)).toBe(1);
      expect(await runBoth('2026-12-07T18:30')).toBe(1);
      expect(await mine(head.token)).toBe(1);
      // The managers may not open this customer, yet the escalations are theirs (made for complaint
      // staff); they are on the customer's timeline for those who may see it.
      expect((await a.request(`/api/v1/customers/${customer.id}`, { token: head.token })).status).not.toBe(
        200,
      );
      const timeline = await json(await a.request(`/api/v1/customers/${customer.id}/timeline?limit=100`));
      expect(
        timeline.items.filter((i: { type: string }) => i.type === 'activity.complaint_escalation'),
      ).toHaveLength(4);
      expect(await steps()).toEqual([
        'response:1:handler',
        'response:2:service_manager',
        'response:3:department_manager',
      ]);
      // The late response does not undo the breach.
      clock.set(local('2026-12-08T09:30'));
      const responded = await json(
        await a.request(`/api/v1/complaints/${c.id}/contacts`, {
          body: { channel: 'phone', note: '已致电客户' },
          token: agent.token,
        }),
      );
      expect(responded.sla.response).toMatchObject({
        status: 'breached',
        breached: true,
        metAt: local('2026-12-08T09:30'),
      });
      expect(await runBoth('2026-12-08T15:00')).toBe(0);
      expect(await steps()).toHaveLength(3);
      const breaches = await json(await a.request(`/api/v1/customers/${customer.id}?include=complaints`));
      expect(breaches.facets.complaints).toMatchObject({ open: 1, breachesLast12Months: 1 });
    } finally {
      await a.close();
      await b.close();
      await persistent.remove();
    }
  });
});
