import { describe, expect, it } from 'vitest';
import { cliDatabases, configDir } from './helpers.js';
import { listening, serveProcess, spawnKehu } from './process.js';

/**
 * A plugin whose job writes in many small read-then-write transactions (as the receivables jobs do)
 * and whose subscriber writes after every new customer: the writes that collide on one database.
 */
const ledgerConfig = `
export default {
  plugins: [{
    name: 'ledger',
    version: '1.0.0',
    migrations: [
      { name: '001_entry', async up(db) { await db.schema.createTable('ledger_entry').addColumn('id', 'varchar(36)', (c) => c.primaryKey()).addColumn('note', 'text', (c) => c.notNull()).execute(); } },
    ],
    setup(ctx) {
      ctx.hooks.on('customer.created', 'count', async ({ customer }) => {
        await ctx.transaction(async (trx) => {
          await trx.selectFrom('ledger_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
          await trx.insertInto('ledger_entry').values({ id: crypto.randomUUID(), note: 'customer ' + customer.id }).execute();
        });
      });
      ctx.scheduler.define({ name: 'close-day', period: 'day', async run() {
        for (let i = 0; i < 150; i++)
          await ctx.transaction(async (trx) => {
            const row = await trx.selectFrom('ledger_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
            await trx.insertInto('ledger_entry').values({ id: crypto.randomUUID(), note: 'closing ' + i + ' after ' + row.n }).execute();
          });
        return { entries: 150 };
      } });
    },
  }],
};
`;

const CLIENTS = 4;

/** Creates up to `count` customers one after the other, stopping early once `until()` says so. */
async function createCustomers(
  base: string,
  token: string,
  client: number,
  count: number,
  until: () => boolean = () => false,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count && !until(); i++) {
    const res = await fetch(`${base}/api/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `并发客户 ${client}-${i}` }),
    });
    statuses.push(res.status);
    await res.arrayBuffer();
  }
  return statuses;
}

describe.each(cliDatabases())('processes writing to one database on $name', (db) => {
  it('a CLI job run while the server takes writes from several clients: no 5xx, and the job succeeds', async () => {
    const url = await db.create();
    const dir = configDir(ledgerConfig);
    const server = serveProcess(dir, url);
    try {
      const { url: base, token } = await listening(server);
      const job = spawnKehu(['jobs', 'run', '--database', url], dir);
      let jobDone = false;
      void job.exit.then(() => (jobDone = true));
      // The clients write for as long as the job runs (at most 100 writes each).
      const load = Promise.all(
        Array.from({ length: CLIENTS }, (_, c) => createCustomers(base, token!, c, 100, () => jobDone)),
      );
      const [statuses, exit] = await Promise.all([load, job.exit]);
      expect(statuses.flat().length).toBeGreaterThan(CLIENTS);
      expect(job.stderr()).not.toContain('database is locked');
      expect(exit).toEqual({ code: 0, signal: null });
      expect(job.stdout()).toMatch(/ledger\.close-day\s+\S+\s+ran\s+\{"entries":150\}/);
      expect(statuses.flat().filter((s) => s !== 201)).toEqual([]);
    } finally {
      server.kill('SIGTERM');
      await server.exit;
    }
  }, 60_000);

  it('two servers on one database answer concurrent writes without a 5xx', async () => {
    const url = await db.create();
    const dir = configDir(ledgerConfig);
    const first = serveProcess(dir, url);
    let second: ReturnType<typeof serveProcess> | undefined;
    try {
      const a = await listening(first);
      second = serveProcess(dir, url);
      const b = await listening(second);
      const statuses = await Promise.all(
        Array.from({ length: 10 }, (_, c) => createCustomers(c % 2 ? b.url : a.url, a.token!, c, 5)),
      );
      expect(statuses.flat()).toHaveLength(50);
      expect(statuses.flat().filter((s) => s !== 201)).toEqual([]);
    } finally {
      first.kill('SIGTERM');
      second?.kill('SIGTERM');
      await first.exit;
      await second?.exit;
    }
  }, 60_000);
});
