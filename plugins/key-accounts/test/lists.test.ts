import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { API, designate, expectStatus, type KaWorld, kaWorld } from './support/kehu.js';

/** Five customers with revenue 500, 300, 100, 60, 40 (total 1000): A A B B C. The last one is am2's. */
async function five(w: KaWorld) {
  const ids: string[] = [];
  for (const [i, amount] of ['500.00', '300.00', '100.00', '60.00', '40.00'].entries())
    ids.push(
      await w.customer(`Customer ${i + 1}`, {
        code: `L-${i + 1}`,
        ...(i === 4 ? { ownerId: w.am2.id } : {}),
      }),
    );
  await expectStatus(
    await w.importRevenue(
      ids.map((id, i) => [id, '2025-12-01', ['500.00', '300.00', '100.00', '60.00', '40.00'][i]!]),
    ),
    200,
  );
  return ids;
}

async function all(w: KaWorld, path: string, token?: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = `${path}${sep}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: any = await expectStatus(await w.request(url, token ? { token } : {}), 200);
    expect(page.items.length).toBeLessThanOrEqual(2);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('too many pages');
}

describe.each(testDatabases())('key-account lists on $name', (db) => {
  it('pages a run by rank with opaque cursors and filters it by class; a cursor of another list is refused', async () => {
    const w = await kaWorld(db);
    try {
      await five(w);
      const first = await w.run();
      const run = await w.run();
      const entries = await all(w, `${API}/runs/${run.id}`);
      expect(entries.map((e) => [e.rank, e.code, e.class])).toEqual([
        [1, 'L-1', 'A'],
        [2, 'L-2', 'A'],
        [3, 'L-3', 'B'],
        [4, 'L-4', 'B'],
        [5, 'L-5', 'C'],
      ]);
      expect((await all(w, `${API}/runs/${run.id}?class=B`)).map((e) => e.code)).toEqual(['L-3', 'L-4']);

      // The first run moved every customer from nothing to its class; the second moved none.
      const moves = await all(w, `${API}/runs/${first.id}/moves`);
      expect(moves.map((m) => [m.code, m.from, m.to]).sort()).toEqual([
        ['L-1', null, 'A'],
        ['L-2', null, 'A'],
        ['L-3', null, 'B'],
        ['L-4', null, 'B'],
        ['L-5', null, 'C'],
      ]);
      expect((await all(w, `${API}/runs/${run.id}/moves`)).length).toBe(0);
      expect((await all(w, `${API}/runs/${first.id}/moves`, w.am2.token)).map((m) => m.code)).toEqual([
        'L-5',
      ]);
      expect((await w.request(`${API}/runs/nonexistent/moves`)).status).toBe(404);

      // Newest run first, one per page.
      const runs = await expectStatus(await w.request(`${API}/runs?limit=1`), 200);
      expect(runs.items.map((r: any) => r.id)).toEqual([run.id]);
      const older = await expectStatus(
        await w.request(`${API}/runs?limit=1&cursor=${encodeURIComponent(runs.nextCursor)}`),
        200,
      );
      expect(older).toMatchObject({ items: [{ id: first.id }], nextCursor: null });

      // The runs list's cursor means nothing to a run's entries: 400, not a silently wrong page.
      const refused = await expectStatus(
        await w.request(`${API}/runs/${run.id}?cursor=${encodeURIComponent(runs.nextCursor)}`),
        400,
      );
      expect(refused.code).toBe('invalid_cursor');
      expect((await w.request(`${API}/runs?limit=0`)).status).toBe(400);
      expect((await w.request(`${API}/runs/${run.id}?class=D`)).status).toBe(400);
    } finally {
      await w.close();
    }
  });

  it('lists the accounts a user may see, filtered by designation, the class that counts, manager and stage', async () => {
    const w = await kaWorld(db);
    try {
      const ids = await five(w);
      await w.run();
      await designate(w, ids[0]!, w.am.id);
      // A manual override beats the computed class in the filter too.
      await expectStatus(
        await w.request(`${API}/customers/${ids[2]}/override`, {
          method: 'PUT',
          token: w.sm1.token,
          body: { class: 'A', reason: 'Strategic distributor' },
        }),
        200,
      );
      await expectStatus(
        await w.request(`${API}/customers/${ids[0]}/stage`, {
          method: 'PUT',
          token: w.am.token,
          body: { value: 'mature' },
        }),
        200,
      );

      const codes = async (query: string, token?: string) =>
        (await all(w, `${API}/accounts${query}`, token)).map((a) => a.code).sort();
      expect(await codes('')).toEqual(['L-1', 'L-2', 'L-3', 'L-4', 'L-5']);
      expect(await codes('?designated=true')).toEqual(['L-1']);
      expect(await codes('?designated=false')).toEqual(['L-2', 'L-3', 'L-4', 'L-5']);
      expect(await codes('?class=A')).toEqual(['L-1', 'L-2', 'L-3']);
      expect(await codes('?class=B')).toEqual(['L-4']);
      expect(await codes(`?managerId=${w.am.id}`)).toEqual(['L-1']);
      expect(await codes('?stage=mature')).toEqual(['L-1']);
      const overridden = (await all(w, `${API}/accounts?class=A`)).find((a) => a.code === 'L-3');
      expect(overridden).toMatchObject({
        class: 'A',
        computedClass: 'B',
        overridden: true,
        name: 'Customer 3',
      });

      // The account manager sees their own customers only; am2's customer is not listed.
      expect(await codes('', w.am.token)).toEqual(['L-1', 'L-2', 'L-3', 'L-4']);
      expect(await codes('', w.am2.token)).toEqual(['L-5']);
      expect((await w.request(`${API}/accounts?designated=maybe`)).status).toBe(400);
    } finally {
      await w.close();
    }
  });

  it('pages a customer’s histories newest first', async () => {
    const w = await kaWorld(db);
    try {
      const ids = await five(w);
      await w.run();
      for (const cls of ['B', 'C', 'A'])
        await expectStatus(
          await w.request(`${API}/customers/${ids[0]}/override`, {
            method: 'PUT',
            token: w.sm1.token,
            body: { class: cls, reason: `Set to ${cls}` },
          }),
          200,
        );
      const tiers = await all(w, `${API}/customers/${ids[0]}/tiers`);
      expect(tiers.map((t) => [t.from, t.to, t.source])).toEqual([
        ['C', 'A', 'override'],
        ['B', 'C', 'override'],
        ['A', 'B', 'override'],
        [null, 'A', 'run'],
      ]);
      for (const value of ['middle', 'mature', 'partnership'])
        await expectStatus(
          await w.request(`${API}/customers/${ids[0]}/stage`, {
            method: 'PUT',
            token: w.am.token,
            body: { value },
          }),
          200,
        );
      expect((await all(w, `${API}/customers/${ids[0]}/stage/history`)).map((h) => h.to)).toEqual([
        'partnership',
        'mature',
        'middle',
      ]);
      // A customer the caller may not see answers 404 on its lists like on everything else.
      expect((await w.request(`${API}/customers/${ids[4]}/tiers`, { token: w.am.token })).status).toBe(404);
    } finally {
      await w.close();
    }
  });
});
