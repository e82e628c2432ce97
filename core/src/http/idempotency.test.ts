import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../plugin/define-plugin.js';
import { createTestKehu, json, testDatabases } from '../testing/index.js';

/** A route whose first call never finishes, as when its process dies mid-request. */
const stuck = definePlugin({
  name: 'stuck',
  version: '1.0.0',
  setup(ctx) {
    let calls = 0;
    ctx.router.post(
      '/jobs',
      {
        summary: 'Start a job',
        access: 'authenticated',
        customer: false,
        body: z.strictObject({ name: z.string() }),
      },
      async (c, { body }) => {
        if (calls++ === 0) await new Promise(() => {});
        return c.json({ started: body.name, calls }, 201);
      },
    );
  },
});

describe.each(testDatabases())('Idempotency-Key on $name', (db) => {
  it('authenticates before replaying: a revoked token gets 401, not the stored reply', async () => {
    const t = await createTestKehu(db);
    try {
      const gm = await t.user(['general_manager']);
      const headers = { 'idempotency-key': 'create-1' };
      const body = { name: '大连港务' };
      const first = await t.request('/api/v1/customers', { body, headers, token: gm.token });
      expect(first.status).toBe(201);
      const [token] = await t.kernel.users.listTokens(gm.id);
      await t.request(`/api/v1/tokens/${token!.id}`, { method: 'DELETE' });
      const replay = await t.request('/api/v1/customers', { body, headers, token: gm.token });
      expect(replay.status).toBe(401);
      expect((await json(replay)).code).toBe('unauthorized');
    } finally {
      await t.close();
    }
  });

  it("scopes replies to the principal: their other token replays, another principal's never", async () => {
    const t = await createTestKehu(db);
    try {
      const gm = await t.user(['general_manager'], 'GM');
      const second = (await t.kernel.users.createToken(gm.id, 'laptop')).token;
      const other = await t.user(['general_manager'], 'Other GM');
      const headers = { 'idempotency-key': 'same-key' };
      const body = { name: '旅顺渔业' };
      const first = await json(await t.request('/api/v1/customers', { body, headers, token: gm.token }));
      const again = await t.request('/api/v1/customers', { body, headers, token: second });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect((await json(again)).id).toBe(first.id);
      const theirs = await t.request('/api/v1/customers', {
        body: { ...body, force: true },
        headers,
        token: other.token,
      });
      expect(theirs.status).toBe(201);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
      expect((await json(theirs)).id).not.toBe(first.id);
    } finally {
      await t.close();
    }
  });

  it('never stores a token in a reply, nor hands it out again on a replay', async () => {
    const t = await createTestKehu(db);
    try {
      const user = await t.user(['staff']);
      const headers = { 'idempotency-key': 'token-1' };
      const issued = await t.request(`/api/v1/users/${user.id}/tokens`, { body: { name: 'ERP' }, headers });
      expect(issued.status).toBe(201);
      const { token } = await json(issued);
      const replay = await t.request(`/api/v1/users/${user.id}/tokens`, { body: { name: 'ERP' }, headers });
      expect(replay.status).toBe(409);
      const problem = await json(replay);
      expect(problem.code).toBe('idempotency_secret_withheld');
      expect(JSON.stringify(problem)).not.toContain(token);
      const stored = await t.kernel.database.db.selectFrom('kehu_idempotency').selectAll().execute();
      expect(stored).toHaveLength(1);
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(await t.kernel.users.listTokens(user.id)).toHaveLength(2);
    } finally {
      await t.close();
    }
  });

  it('lets a retry run once the reservation of a request that never finished has expired', async () => {
    const t = await createTestKehu(db, { plugins: [stuck], idempotency: { reservationTtlMs: 60_000 } });
    try {
      const send = () =>
        t.request('/api/v1/stuck/jobs', {
          body: { name: 'nightly' },
          headers: { 'idempotency-key': 'job-1' },
        });
      void send();
      const reserved = async () =>
        (await t.kernel.database.db.selectFrom('kehu_idempotency').selectAll().execute()).length;
      while ((await reserved()) === 0) await new Promise((r) => setTimeout(r, 5));
      const busy = await send();
      expect(busy.status).toBe(409);
      expect((await json(busy)).code).toBe('idempotency_in_progress');
      t.clock.advance(59_000);
      expect((await send()).status).toBe(409);
      t.clock.advance(2_000);
      const retried = await send();
      expect(retried.status).toBe(201);
      expect(await json(retried)).toEqual({ started: 'nightly', calls: 2 });
      const replay = await send();
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    } finally {
      await t.close();
    }
  });
});
