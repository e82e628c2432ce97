import { type Principal, sql } from '@kehu/core';
import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import type { Deps } from '../src/context.js';
import { QueueQuery, queueSelect } from '../src/queue.js';
import { file, world } from './support.js';

/** Someone who sees every complaint, so the plan is the queue's own and no access rule's. */
const manager = { id: 'u1', can: () => true } as unknown as Principal;

describe.each(testDatabases())('the complaint queue’s order on $name', (db) => {
  it('reads the queue sorted by resolution due time from an index, without sorting the rows', async () => {
    const w = await world(db);
    try {
      await file(w, w.agent.token, { severity: 'critical' });
      await file(w, w.agent.token, { severity: 'low' });
      const database = w.t.kernel.database;
      const deps = { db: database.db, clock: w.t.clock } as unknown as Deps;
      for (const sort of ['dueAt', '-dueAt'] as const) {
        const query = QueueQuery.parse({ sort, limit: '50' });
        const page = await queueSelect(deps, manager, query);
        const withCursor = await queueSelect(deps, manager, {
          ...query,
          cursor: Buffer.from(JSON.stringify(['2026-12-07T02:00:00.000Z', 'x', sort])).toString('base64url'),
        });
        for (const q of [page, withCursor]) {
          const compiled = q.compile();
          const explain = (prefix: string) => ({ ...compiled, sql: `${prefix} ${compiled.sql}` });
          const plan =
            database.dialect === 'sqlite'
              ? (await database.db.executeQuery<{ detail: string }>(explain('explain query plan'))).rows
                  .map((r) => r.detail)
                  .join('\n')
              : // A few rows are cheaper to sort than to read by index; forbid the sort to see that the index serves.
                await database.db.transaction().execute(async (trx) => {
                  await sql`set local enable_sort = off`.execute(trx);
                  const rows = (await trx.executeQuery<Record<string, string>>(explain('explain'))).rows;
                  return rows.map((r) => Object.values(r)[0]).join('\n');
                });
          expect(plan).toContain('cmp_complaint_queue_due');
          expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY|Sort\b/);
        }
      }
    } finally {
      await w.t.close();
    }
  });
});
