import { definePlugin } from '@kehu/core';
import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { complaintsPlugin } from '../src/index.js';
import { file, intake, post, world } from './support.js';

/** A tiny plugin on the `complaints.identify` extension point: VIP customers make key complaints. */
const vipDesk = (vipIds: string[]) =>
  definePlugin({
    name: 'vip-desk',
    version: '0.0.1',
    setup(ctx) {
      ctx.hooks.filter('complaints.identify', (input) => {
        if (vipIds.includes(input.customerId)) input.keyReasons.push('vip');
        return input;
      });
    },
  });

describe.each(testDatabases())('complaint intake and access on $name', (db) => {
  it('customer-service staff find any caller with the narrow lookup (id, code, name only) and file for them', async () => {
    const w = await world(db);
    try {
      const byPhone = await json(
        await w.t.request('/api/v1/complaints/customer-lookup?q=0571-87979889', { token: w.agent.token }),
      );
      expect(byPhone.items).toHaveLength(1);
      expect(Object.keys(byPhone.items[0]).sort()).toEqual(['code', 'id', 'name']);
      expect(byPhone.items[0]).toMatchObject({ id: w.customerId, name: '杭州西湖国宾酒店' });
      const code = byPhone.items[0].code;
      const byCode = await json(
        await w.t.request(`/api/v1/complaints/customer-lookup?q=${code}`, { token: w.agent.token }),
      );
      expect(byCode.items.map((c: { id: string }) => c.id)).toEqual([w.customerId]);
      const byName = await json(
        await w.t.request(
          `/api/v1/complaints/customer-lookup?q=${encodeURIComponent('上海华联超市有限公司')}`,
          {
            token: w.agent.token,
          },
        ),
      );
      expect(byName.items.map((c: { id: string }) => c.id)).toEqual([w.otherCustomerId]);
      // A part of a name is not an exact match.
      const partial = await json(
        await w.t.request(`/api/v1/complaints/customer-lookup?q=${encodeURIComponent('杭州')}`, {
          token: w.agent.token,
        }),
      );
      expect(partial.items).toEqual([]);
      // The archive itself stays closed to them.
      expect([403, 404]).toContain(
        (await w.t.request(`/api/v1/customers/${w.customerId}`, { token: w.agent.token })).status,
      );

      const complaint = await file(w, w.agent.token, {
        severity: 'high',
        emotion: 'upset',
        rmlsp: { steps: ['regret', 'listen', 'sympathise'] },
        batchRef: 'B-2026-11',
      });
      expect(complaint).toMatchObject({
        state: 'received',
        handlerId: w.agent.id,
        severity: 'high',
        nature: null,
        rmlsp: { steps: ['regret', 'listen', 'sympathise'], by: w.agent.id },
        references: { batch: 'B-2026-11' },
        customer: { id: w.customerId, name: '杭州西湖国宾酒店' },
      });
      expect(complaint.number).toMatch(/^TS2026-\d{6}$/);
      expect(complaint.history).toEqual([
        expect.objectContaining({ kind: 'received', to: 'received', actorId: w.agent.id }),
      ]);
    } finally {
      await w.t.close();
    }
  });

  it('shows a complaint to its handler, service managers and who may see the customer; 404 to everyone else', async () => {
    const w = await world(db);
    try {
      const c = await file(w, w.agent.token);
      const status = async (token: string) =>
        (await w.t.request(`/api/v1/complaints/${c.id}`, { token })).status;
      expect(await status(w.agent.token)).toBe(200);
      expect(await status(w.manager.token)).toBe(200);
      expect(await status(w.owner.token)).toBe(200);
      expect(await status(w.agent2.token)).toBe(404);
      expect(await status(w.otherOwner.token)).toBe(404);
      expect((await w.t.request('/api/v1/complaints/nope', { token: w.agent.token })).status).toBe(404);
      const queue = async (token: string, q = '') =>
        (await json(await w.t.request(`/api/v1/complaints${q}`, { token }))).items.map(
          (i: { id: string }) => i.id,
        );
      expect(await queue(w.agent.token)).toEqual([c.id]);
      expect(await queue(w.agent2.token)).toEqual([]);
      expect(await queue(w.owner.token)).toEqual([c.id]);
      expect(await queue(w.otherOwner.token)).toEqual([]);
      expect(await queue(w.manager.token, '?mine=true')).toEqual([]);
      // Someone who sees it but does not handle it may not move it (谁受理、谁跟进、谁回复).
      const res = await w.t.request(`/api/v1/complaints/${c.id}/accept`, {
        body: { severity: 'normal', nature: 'general' },
        token: w.owner.token,
      });
      expect(res.status).toBe(403);
      expect((await json(res)).code).toBe('not_handler');
      const hidden = await w.t.request(`/api/v1/complaints/${c.id}/accept`, {
        body: { severity: 'normal', nature: 'general' },
        token: w.agent2.token,
      });
      expect(hidden.status).toBe(404);
      // A service manager may.
      await post(w, `/${c.id}/accept`, { severity: 'normal', nature: 'general' }, w.manager.token);
    } finally {
      await w.t.close();
    }
  });

  it('pages the queue newest first with a cursor, ties on the same instant broken by id, and "mine"', async () => {
    const w = await world(db);
    try {
      const ids: string[] = [];
      for (const [i, token] of [w.agent.token, w.agent2.token, w.agent.token, w.agent.token].entries()) {
        // The last two arrive at the same instant.
        if (i < 3) w.t.clock.advance(60_000);
        ids.push((await file(w, token, { subject: `Complaint ${i}` })).id);
      }
      const newestFirst = [ids[3]!, ids[2]!].sort().reverse().concat([ids[1]!, ids[0]!]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await json(
          await w.t.request(`/api/v1/complaints?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
            token: w.manager.token,
          }),
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(newestFirst);
      const mine = await json(
        await w.t.request('/api/v1/complaints?mine=true&limit=2', { token: w.agent.token }),
      );
      expect(mine.items.map((i: { id: string }) => i.id)).toEqual(
        newestFirst.filter((id) => id !== ids[1]).slice(0, 2),
      );
      const next = await json(
        await w.t.request(`/api/v1/complaints?mine=true&limit=2&cursor=${mine.nextCursor}`, {
          token: w.agent.token,
        }),
      );
      expect(next).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    } finally {
      await w.t.close();
    }
  });

  it('refuses bad input with a problem and writes nothing', async () => {
    const w = await world(db);
    try {
      const bad = async (body: unknown, code: string, status = 400) => {
        const res = await w.t.request('/api/v1/complaints', { body, token: w.agent.token });
        expect(res.status).toBe(status);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect((await json(res)).code).toBe(code);
      };
      await bad({ ...intake(w.customerId), channel: 'pigeon' }, 'validation_failed');
      await bad({ ...intake(w.customerId), unknown: 1 }, 'validation_failed');
      await bad(intake(w.customerId, { category: 'weather' }), 'unknown_category', 422);
      await bad(intake(w.customerId, { contactId: 'nope' }), 'unknown_contact', 422);
      await bad(intake(w.customerId, { receivedAt: '2027-01-01T00:00:00Z' }), 'received_in_future', 422);
      await bad(intake('nope'), 'not_found', 404);
      const forOther = await w.t.request('/api/v1/complaints', {
        body: intake(w.customerId, { handlerId: w.agent2.id }),
        token: w.agent.token,
      });
      expect(forOther.status).toBe(403);
      const list = await json(await w.t.request('/api/v1/complaints', { token: w.manager.token }));
      expect(list.items).toEqual([]);
    } finally {
      await w.t.close();
    }
  });

  it('makes a complaint key from extreme emotion: critical, service managers and the account manager notified', async () => {
    const w = await world(db);
    try {
      const c = await file(w, w.agent.token, { emotion: 'extreme', severity: 'low' });
      expect(c).toMatchObject({ nature: 'key', severity: 'critical', keyReasons: ['extreme_emotion'] });
      expect(c.sla.response.targetMinutes).toBe(30);
      for (const user of [w.manager, w.manager2, w.owner]) {
        const inbox = await json(await w.t.request('/api/v1/notifications', { token: user.token }));
        expect(inbox.items.map((n: { kind: string }) => n.kind)).toContain('complaints.key');
      }
      const agentInbox = await json(await w.t.request('/api/v1/notifications', { token: w.agent2.token }));
      expect(agentInbox.items).toEqual([]);
    } finally {
      await w.t.close();
    }
  });

  it('makes a complaint key through the complaints.identify filter of another plugin, at intake and at acceptance', async () => {
    const w0 = await world(db);
    await w0.t.close();
    const vip: string[] = [];
    const w = await world(db, { plugins: [complaintsPlugin, vipDesk(vip)] });
    try {
      const calm = await file(w, w.agent.token);
      expect(calm.nature).toBeNull();
      vip.push(w.customerId);
      const key = await file(w, w.agent.token);
      expect(key).toMatchObject({ nature: 'key', keyReasons: ['vip'], severity: 'critical' });
      // At identification the filter is asked again: the handler's "general" becomes key.
      const accepted = await post(
        w,
        `/${calm.id}/accept`,
        { severity: 'normal', nature: 'general' },
        w.agent.token,
      );
      expect(accepted).toMatchObject({ nature: 'key', severity: 'critical', keyReasons: ['vip'] });
    } finally {
      await w.t.close();
    }
  });

  it('hands a complaint over only with a reason, audited, both handlers notified', async () => {
    const w = await world(db);
    try {
      const c = await file(w, w.agent.token);
      const missing = await w.t.request(`/api/v1/complaints/${c.id}/reassign`, {
        body: { handlerId: w.agent2.id },
        token: w.agent.token,
      });
      expect(missing.status).toBe(400);
      const moved = await post(
        w,
        `/${c.id}/reassign`,
        { handlerId: w.agent2.id, reason: '小王休假' },
        w.agent.token,
      );
      expect(moved.handlerId).toBe(w.agent2.id);
      expect(moved.history.at(-1)).toMatchObject({ kind: 'reassigned', note: '小王休假' });
      for (const user of [w.agent, w.agent2]) {
        const inbox = await json(await w.t.request('/api/v1/notifications', { token: user.token }));
        expect(inbox.items.map((n: { kind: string }) => n.kind)).toContain('complaints.reassigned');
      }
      // The former handler no longer sees it; the new one does and moves it on.
      expect((await w.t.request(`/api/v1/complaints/${c.id}`, { token: w.agent.token })).status).toBe(404);
      await post(w, `/${c.id}/accept`, { severity: 'normal', nature: 'general' }, w.agent2.token);
      const audit = await json(await w.t.request(`/api/v1/audit?entityType=complaint&entityId=${c.id}`));
      const entry = (audit.items ?? audit).find((a: { action: string }) => a.action === 'reassign');
      expect(entry).toMatchObject({ reason: '小王休假' });
      const noUser = await w.t.request(`/api/v1/complaints/${c.id}/reassign`, {
        body: { handlerId: w.owner.id + 'x', reason: 'x' },
        token: w.agent2.token,
      });
      expect((await json(noUser)).code).toBe('unknown_handler');
    } finally {
      await w.t.close();
    }
  });
});
