import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../plugin/define-plugin.js';
import { createTestKehu, json, testDatabases } from '../testing/index.js';

const Note = z.object({ id: z.string(), title: z.string(), tags: z.array(z.string()) });
const Created = z.object({ id: z.string() });

/**
 * Handlers whose bodies do not match the declared response: `pnpm typecheck` compiles this file, and
 * each `@ts-expect-error` fails the typecheck if the line below it ever compiles.
 */
const typed = definePlugin({
  name: 'typed',
  version: '1.0.0',
  setup(ctx) {
    const spec = { summary: 'A note', access: 'authenticated', responses: { 200: Note } } as const;
    ctx.router.get('/note', spec, (c) =>
      c.json({ id: 'n1', title: '便签', tags: ['a'] as readonly string[] }),
    );
    // @ts-expect-error a field of the declared body is missing
    ctx.router.get('/missing', spec, (c) => c.json({ id: 'n1', tags: [] }));
    // @ts-expect-error a field has the wrong type
    ctx.router.get('/wrong', spec, (c) => c.json({ id: 'n1', title: 3, tags: [] }));

    const create = {
      summary: 'Create',
      access: 'authenticated',
      customer: false,
      responses: { 201: Created, 200: Note },
    } as const;
    ctx.router.post('/notes', create, (c) => c.json({ id: 'n2' }, 201));
    // @ts-expect-error the body declared for 201 is not the one declared for 200
    ctx.router.post('/notes-mixed', create, (c) => c.json({ id: 'n2' }));
    // @ts-expect-error a status the route does not declare
    ctx.router.post('/notes-gone', create, (c) => c.json({ id: 'n2' }, 410));
    // Not JSON: bodies, text and redirects are not checked against JSON schemas.
    ctx.router.post('/notes-empty', create, (c) => c.body(null, 204));
  },
});

describe.each(testDatabases())('typed routes on $name', (db) => {
  it('serves the handlers that match their declared responses', async () => {
    const t = await createTestKehu(db, { plugins: [typed] });
    try {
      expect(await json(await t.request('/api/v1/typed/note'))).toEqual({
        id: 'n1',
        title: '便签',
        tags: ['a'],
      });
      const created = await t.request('/api/v1/typed/notes', { method: 'POST' });
      expect(created.status).toBe(201);
      expect(await json(created)).toEqual({ id: 'n2' });
    } finally {
      await t.close();
    }
  });
});
