import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { type World, world } from './support.js';

const WEEK = ['09:00-12:00', '13:00-18:00'];
const calendar = (name: string) => ({
  timeZone: 'Asia/Shanghai',
  week: { mon: WEEK, tue: WEEK, wed: WEEK, thu: WEEK, fri: WEEK },
  exceptions: [{ date: '2026-12-25', kind: 'holiday', name }],
});

const put = (w: World, path: string, body: unknown) =>
  w.t.request(`/api/v1/complaints${path}`, { method: 'PUT', body, token: w.manager.token });
const putIfMatch = (w: World, path: string, body: unknown, ifMatch: string) =>
  w.t.request(`/api/v1/complaints${path}`, {
    method: 'PUT',
    body,
    token: w.manager.token,
    headers: { 'if-match': ifMatch },
  });
const read = async (w: World, path: string) =>
  json(await w.t.request(`/api/v1/complaints${path}`, { token: w.manager.token }));
const defaultPolicy = async (w: World) =>
  (await read(w, '/sla-policies')).items.find((p: { id: string }) => p.id === 'default');

describe.each(testDatabases())('saving SLA settings over someone else’s change on $name', (db) => {
  it('refuses a policy replacement made from an older version, and of two saves from one version keeps one', async () => {
    const w = await world(db);
    try {
      const read1 = await defaultPolicy(w);
      expect(read1.version).toBe(1);
      const body = (name: string, version?: number) => ({
        name,
        targets: read1.targets,
        escalation: read1.escalation,
        ...(version === undefined ? {} : { version }),
      });
      const saved = await put(w, '/sla-policies/default', body('Standard', 1));
      expect(saved.status).toBe(200);
      expect(await json(saved)).toMatchObject({ name: 'Standard', version: 2 });

      // A second editor still holding version 1.
      const stale = await put(w, '/sla-policies/default', body('Overwritten', 1));
      expect(stale.status).toBe(409);
      expect(stale.headers.get('content-type')).toContain('application/problem+json');
      expect(await json(stale)).toMatchObject({ code: 'stale_version', currentVersion: 2 });
      expect(await defaultPolicy(w)).toMatchObject({ name: 'Standard', version: 2 });

      // Two saves made from the same read at the same moment: one wins, the other is refused.
      const both = await Promise.all([
        put(w, '/sla-policies/default', body('First', 2)),
        put(w, '/sla-policies/default', body('Second', 2)),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = both[0]!.status === 200 ? 'First' : 'Second';
      expect(await defaultPolicy(w)).toMatchObject({ name: winner, version: 3 });

      // Without a version the save is taken as it comes (clients of before).
      expect((await put(w, '/sla-policies/default', body('Plain'))).status).toBe(200);
      expect(await defaultPolicy(w)).toMatchObject({ name: 'Plain', version: 4 });
      // Refusals are not audited as changes.
      const audit = await json(
        await w.t.request('/api/v1/audit?entityType=complaint_sla_policy&entityId=default'),
      );
      expect(audit.items.filter((a: { action: string }) => a.action === 'update')).toHaveLength(3);
    } finally {
      await w.t.close();
    }
  });

  it('refuses a calendar saved from an older version, the first save included', async () => {
    const w = await world(db);
    try {
      // Never saved: the configured calendar, version 0.
      expect(await read(w, '/calendar')).toMatchObject({ timeZone: 'Asia/Shanghai', version: 0 });
      const first = await Promise.all([
        put(w, '/calendar', { ...calendar('圣诞节'), version: 0 }),
        put(w, '/calendar', { ...calendar('公司纪念日'), version: 0 }),
      ]);
      expect(first.map((r) => r.status).sort()).toEqual([200, 409]);
      const kept = first[0]!.status === 200 ? '圣诞节' : '公司纪念日';
      const after = await read(w, '/calendar');
      expect(after).toMatchObject({ version: 1, exceptions: [{ date: '2026-12-25', name: kept }] });

      const stale = await put(w, '/calendar', { ...calendar('过时'), version: 0 });
      expect(stale.status).toBe(409);
      expect(await json(stale)).toMatchObject({ code: 'stale_version', currentVersion: 1 });
      expect((await read(w, '/calendar')).exceptions[0].name).toBe(kept);

      // The answer of a save is the calendar as read, so it can be sent back as it is.
      const saved = await put(w, '/calendar', { ...after, exceptions: [] });
      expect(saved.status).toBe(200);
      const body = await json(saved);
      expect(body).toMatchObject({ version: 2, exceptions: [] });
      const race = await Promise.all([
        put(w, '/calendar', { ...calendar('A'), version: 2 }),
        put(w, '/calendar', { ...calendar('B'), version: 2 }),
      ]);
      expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
      expect((await read(w, '/calendar')).version).toBe(3);
      // A version that is not a count is bad input.
      expect((await put(w, '/calendar', { ...calendar('x'), version: 'v3' })).status).toBe(400);
      expect((await read(w, '/calendar')).version).toBe(3);
    } finally {
      await w.t.close();
    }
  });

  it('answers the version as an ETag that If-Match takes back, for the calendar and a policy', async () => {
    const w = await world(db);
    try {
      const got = await w.t.request('/api/v1/complaints/calendar', { token: w.manager.token });
      expect(got.headers.get('etag')).toBe('"0"');
      const saved = await putIfMatch(w, '/calendar', calendar('圣诞节'), got.headers.get('etag')!);
      expect(saved.status).toBe(200);
      expect(saved.headers.get('etag')).toBe('"1"');
      expect((await putIfMatch(w, '/calendar', calendar('过时'), '"0"')).status).toBe(409);

      const policy = await defaultPolicy(w);
      const created = await w.t.request('/api/v1/complaints/sla-policies', {
        body: { name: 'Key accounts', targets: policy.targets, escalation: policy.escalation },
        token: w.manager.token,
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('etag')).toBe('"1"');
      const { id } = await json(created);
      const body = { name: 'Key accounts (VIP)', targets: policy.targets, escalation: policy.escalation };
      const replaced = await putIfMatch(w, `/sla-policies/${id}`, body, created.headers.get('etag')!);
      expect(replaced.status).toBe(200);
      expect(replaced.headers.get('etag')).toBe('"2"');
      expect((await putIfMatch(w, `/sla-policies/${id}`, body, '"1"')).status).toBe(409);
    } finally {
      await w.t.close();
    }
  });

  it('takes the version read from If-Match as well, for a policy and for the calendar', async () => {
    const w = await world(db);
    try {
      const policy = await defaultPolicy(w);
      const body = (name: string) => ({ name, targets: policy.targets, escalation: policy.escalation });
      const saved = await putIfMatch(w, '/sla-policies/default', body('Standard'), '"1"');
      expect(saved.status).toBe(200);
      expect(await json(saved)).toMatchObject({ name: 'Standard', version: 2 });
      const stale = await putIfMatch(w, '/sla-policies/default', body('Overwritten'), 'W/"1"');
      expect(stale.status).toBe(409);
      expect(stale.headers.get('content-type')).toContain('application/problem+json');
      expect(await json(stale)).toMatchObject({ code: 'stale_version', currentVersion: 2 });
      expect(await defaultPolicy(w)).toMatchObject({ name: 'Standard', version: 2 });
      // A header that is no version is bad input, and nothing is saved.
      const bad = await putIfMatch(w, '/sla-policies/default', body('Bad'), 'yesterday');
      expect(bad.status).toBe(400);
      expect(await json(bad)).toMatchObject({ code: 'invalid_if_match' });
      expect(await defaultPolicy(w)).toMatchObject({ name: 'Standard', version: 2 });

      expect((await putIfMatch(w, '/calendar', calendar('圣诞节'), '0')).status).toBe(200);
      const staleCalendar = await putIfMatch(w, '/calendar', calendar('过时'), '"0"');
      expect(staleCalendar.status).toBe(409);
      expect(await json(staleCalendar)).toMatchObject({ code: 'stale_version', currentVersion: 1 });
      expect(await read(w, '/calendar')).toMatchObject({ version: 1, exceptions: [{ name: '圣诞节' }] });
      expect((await putIfMatch(w, '/calendar', calendar('元旦'), '"1"')).status).toBe(200);
      expect(await read(w, '/calendar')).toMatchObject({ version: 2, exceptions: [{ name: '元旦' }] });
    } finally {
      await w.t.close();
    }
  });
});
