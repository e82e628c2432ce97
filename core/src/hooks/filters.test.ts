import { describe, expect, it } from 'vitest';
import { contractPlugins } from '../testing/contract-plugins.js';
import { createTestKehu, json, type TestKehu, testDatabases } from '../testing/index.js';

async function rowCounts(t: TestKehu): Promise<Record<string, number>> {
  const db = t.kernel.database.db;
  const count = async (table: string, where?: [string, string]) => {
    let q = db.selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
    if (where) q = q.where(where[0], '=', where[1]);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  return {
    notes: await count('notes_note'),
    audit: await count('kehu_audit', ['entity_type', 'note']),
    events: await count('kehu_event'),
    deliveries: await count('kehu_delivery'),
  };
}

describe.each(testDatabases())('filters on $name', (db) => {
  const boot = (config: Record<string, unknown> = {}) => {
    const plugins = contractPlugins();
    // Listed dependent-first on purpose: dependency order, not listing order, decides.
    return createTestKehu(db, { plugins: [plugins.stamps, plugins.notes], config }).then((t) => ({
      t,
      probe: plugins.probe,
    }));
  };

  it('run by priority, then plugin dependency order, then registration, each seeing the previous result', async () => {
    const { t } = await boot();
    try {
      const res = await t.request('/api/v1/notes/notes', {
        body: { title: 'quarterly review', amount: 120 },
      });
      expect(res.status).toBe(201);
      const note = await json(res);
      expect(note.trace).toEqual([
        'stamps:early',
        'notes:first',
        'notes:second',
        'stamps:middle',
        'stamps:late',
      ]);
      // The transformed payload is what was stored.
      expect(note.title).toBe('QUARTERLY REVIEW');
      expect((await json(await t.request(`/api/v1/notes/notes/${note.id}`))).title).toBe('QUARTERLY REVIEW');
    } finally {
      await t.close();
    }
  });

  it('are listed by describeHooks() and the admin route in execution order', async () => {
    const { t } = await boot();
    try {
      const described = t.kernel.describeHooks();
      expect(described.filters).toEqual([
        { name: 'notes.afterCreate', handlers: [{ plugin: 'stamps', priority: 100, order: 1 }] },
        {
          name: 'notes.beforeCreate',
          handlers: [
            { plugin: 'stamps', priority: 10, order: 1 },
            { plugin: 'notes', priority: 100, order: 2 },
            { plugin: 'notes', priority: 100, order: 3 },
            { plugin: 'stamps', priority: 100, order: 4 },
            { plugin: 'stamps', priority: 200, order: 5 },
          ],
        },
      ]);
      expect(described.events).toEqual([
        {
          name: 'notes.created',
          subscribers: [
            { id: 'stamps:mirror', plugin: 'stamps' },
            { id: 'stamps:flaky', plugin: 'stamps' },
          ],
        },
      ]);
      const res = await t.request('/api/v1/admin/hooks');
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual(described);
      const staff = await t.user(['staff']);
      expect((await t.request('/api/v1/admin/hooks', { token: staff.token })).status).toBe(403);
    } finally {
      await t.close();
    }
  });

  it('reject with a DomainError: 422 problem with code and figures, and nothing is written', async () => {
    const { t, probe } = await boot({ stamps: { limits: { max: 100 } } });
    try {
      const res = await t.request('/api/v1/notes/notes', { body: { title: 'too big', amount: 101 } });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await json(res)).toEqual({
        type: 'https://kehu.dev/problems/note_over_limit',
        title: 'Unprocessable Content',
        status: 422,
        code: 'note_over_limit',
        detail: 'Amount 101 exceeds the limit of 100',
        amount: 101,
        max: 100,
        instance: '/api/v1/notes/notes',
      });
      expect(await rowCounts(t)).toEqual({ notes: 0, audit: 0, events: 0, deliveries: 0 });
      expect(await t.drain()).toBe(0);
      expect(probe.calls).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('reject after the write with 409: the row, its audit entry and its event all roll back and the event is never delivered', async () => {
    const { t, probe } = await boot();
    try {
      expect((await t.request('/api/v1/notes/notes', { body: { title: 'same', amount: 1 } })).status).toBe(
        201,
      );
      expect(await rowCounts(t)).toEqual({ notes: 1, audit: 1, events: 1, deliveries: 2 });

      const res = await t.request('/api/v1/notes/notes', { body: { title: 'Same', amount: 2 } });
      expect(res.status).toBe(409);
      const problem = await json(res);
      expect(problem).toMatchObject({
        status: 409,
        code: 'duplicate_note',
        title: 'Conflict',
        detail: 'A note titled SAME exists',
      });
      expect(problem.title).toBe('Conflict');
      expect(await rowCounts(t)).toEqual({ notes: 1, audit: 1, events: 1, deliveries: 2 });

      expect(await t.drain()).toBe(2);
      expect(probe.calls.map((c) => `${c.subscriber}:${c.title}`).sort()).toEqual([
        'flaky:SAME',
        'mirror:SAME',
      ]);
      expect(await t.drain()).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('a bug in a filter is a 500 and rolls the write back too', async () => {
    const { t } = await boot();
    try {
      const res = await t.request('/api/v1/notes/notes', { body: { title: 'crash', amount: 1 } });
      expect(res.status).toBe(500);
      expect(JSON.stringify(await json(res))).not.toContain('hunter2');
      expect(await rowCounts(t)).toEqual({ notes: 0, audit: 0, events: 0, deliveries: 0 });
    } finally {
      await t.close();
    }
  });

  it('bad input is a 400 listing every failing field and reaches no filter', async () => {
    const { t } = await boot();
    try {
      const res = await t.request('/api/v1/notes/notes', { body: { title: '', amount: -1, colour: 'red' } });
      expect(res.status).toBe(400);
      const problem = await json(res);
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'body',
        'body.amount',
        'body.title',
      ]);
      expect(await rowCounts(t)).toEqual({ notes: 0, audit: 0, events: 0, deliveries: 0 });
    } finally {
      await t.close();
    }
  });
});
