import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import type { Logger } from '../logger.js';
import { definePlugin } from '../plugin/define-plugin.js';
import { createTestKehu, json, testDatabases } from '../testing/index.js';

type Tables = {
  ledger_entry: { id: string; note: string };
};

/** `POST /entries` writes an entry, then refuses it; what `onRollback` writes is what the refusal leaves. */
const ledger = definePlugin({
  name: 'ledger',
  version: '1.0.0',
  migrations: [
    {
      name: '001_init',
      async up(db) {
        await db.schema
          .createTable('ledger_entry')
          .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('note', 'varchar(200)', (c) => c.notNull())
          .execute();
      },
    },
  ],
  setup(ctx) {
    const db = ctx.db.withTables<Tables>();
    const entries = () => db.selectFrom('ledger_entry').select(['id', 'note']).orderBy('id').execute();
    ctx.router.get('/entries', { summary: 'Entries', access: 'authenticated', customer: false }, async (c) =>
      c.json(await entries()),
    );
    ctx.router.post(
      '/entries/:mode',
      { summary: 'Write, then refuse or keep', access: 'authenticated', customer: false },
      async (c) => {
        const mode = c.req.param('mode');
        await ctx.transaction(async (trx) => {
          await trx
            .insertInto('ledger_entry')
            .values({ id: `${mode}-1`, note: 'the write' })
            .execute();
          ctx.onRollback(trx, async () => {
            if (mode === 'failing-notice') throw new Error('disk full');
            await ctx.transaction((t) =>
              t
                .insertInto('ledger_entry')
                .values({ id: `${mode}-2`, note: 'refusal notice' })
                .execute(),
            );
          });
          if (mode !== 'keep') throw new DomainError('refused', 'Refused on purpose');
        });
        return c.json({ kept: true }, 201);
      },
    );
  },
});

const recordingLogger = (errors: string[]): Logger => ({
  info: () => {},
  warn: () => {},
  error: (msg, data) => void errors.push(`${msg}: ${String(data?.error)}`),
});

describe.each(testDatabases())('work after a rollback on $name', (db) => {
  it('runs once the write rolled back, before the refusal is answered, and never on commit', async () => {
    const errors: string[] = [];
    const t = await createTestKehu(db, { plugins: [ledger], logger: recordingLogger(errors) });
    try {
      const refused = await t.request('/api/v1/ledger/entries/refuse', { method: 'POST' });
      expect(refused.status).toBe(422);
      expect((await json(refused)).code).toBe('refused');
      // The refused write is gone; the notice is already there when the refusal arrives.
      expect(await json(await t.request('/api/v1/ledger/entries'))).toEqual([
        { id: 'refuse-2', note: 'refusal notice' },
      ]);

      expect((await t.request('/api/v1/ledger/entries/keep', { method: 'POST' })).status).toBe(201);
      expect(
        (await json(await t.request('/api/v1/ledger/entries'))).map((e: { id: string }) => e.id),
      ).toEqual(['keep-1', 'refuse-2']);

      // A notice that cannot be written is logged; the client still gets the refusal, nothing else.
      const failing = await t.request('/api/v1/ledger/entries/failing-notice', { method: 'POST' });
      expect(failing.status).toBe(422);
      expect((await json(failing)).code).toBe('refused');
      expect(errors).toEqual(['work after a rolled-back transaction failed: Error: disk full']);
      expect(
        (await json(await t.request('/api/v1/ledger/entries'))).map((e: { id: string }) => e.id),
      ).toEqual(['keep-1', 'refuse-2']);
    } finally {
      await t.close();
    }
  });
});
