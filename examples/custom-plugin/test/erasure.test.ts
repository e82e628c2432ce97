import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase, sql } from '@kehu/core';
import { createTestKehu, json, type TestKehu, testDatabases } from '@kehu/core/testing';
import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
import { loyaltyPlugin } from '../src/index.js';

// Values no other test data contains, searched for in the database after the purge.
const NAME = '渤海湾抹除探针贸易有限公司';
const PHONE = '0411-8765 4329';
const EMAIL = 'erasure.probe.7319@example.cn';
const PROBES = [NAME, PHONE, EMAIL];

async function ok(res: Response, status = 201) {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
  return json(res);
}

/** A customer with archive data and data in receivables, credit and loyalty, all naming the probes. */
async function customerEverywhere(t: TestKehu): Promise<string> {
  const cm = await t.user(['credit_manager'], 'Credit manager');
  const customer = await ok(
    await t.request('/api/v1/customers', {
      body: { name: NAME, phone: PHONE, email: EMAIL, kind: 'business' },
    }),
  );
  const id = customer.id as string;
  const C = `/api/v1/customers/${id}`;
  await ok(
    await t.request(C, {
      method: 'PATCH',
      body: { address: `${NAME}大厦`, reason: `${NAME} 搬迁`, version: customer.version },
    }),
    200,
  );
  await ok(await t.request(`${C}/contacts`, { body: { name: `${NAME} 财务`, phone: PHONE, email: EMAIL } }));
  await ok(
    await t.request(`${C}/communications`, { body: { channel: 'call', subject: `致电 ${NAME} ${PHONE}` } }),
  );

  const K = `/api/v1/credit/customers/${id}`;
  await ok(await t.request(`${K}/profile`, { body: {} }));
  await ok(
    await t.request(`${K}/investigations`, {
      body: { source: 'agency', investigatedOn: '2026-02-20', findings: `${NAME} 联系 ${PHONE} ${EMAIL}` },
    }),
  );
  const scores = { character: 85, capacity: 85, capital: 85, collateral: 85, conditions: 85 };
  const evaluation = await ok(await t.request(`${K}/evaluations`, { body: { scores } }));
  await ok(
    await t.request(`/api/v1/credit/evaluations/${evaluation.id}/approve`, { token: cm.token, body: {} }),
    200,
  );
  const limit = await ok(
    await t.request(`${K}/limit-requests`, {
      body: { kind: 'fixed', amount: 1_000_000_00, currency: 'CNY', reason: `${NAME} 年度额度` },
    }),
  );
  await ok(
    await t.request(`/api/v1/credit/limit-requests/${limit.id}/approve`, { token: cm.token, body: {} }),
    200,
  );

  await ok(
    await t.request('/api/v1/receivables/invoices', {
      body: { customerId: id, lines: [{ description: `${NAME} 订货`, quantity: 1, unitPrice: 500_00 }] },
    }),
  );
  await ok(
    await t.request('/api/v1/receivables/payments', {
      body: { customerId: id, amount: 500_00, currency: 'CNY', date: '2026-03-01', method: 'bank_transfer' },
    }),
  );
  for (let round = 0; round < 10 && (await t.drain()) > 0; round++);
  expect((await json(await t.request(`/api/v1/loyalty/customers/${id}`))).balance).toBe(500);
  return id;
}

async function purge(t: TestKehu, id: string) {
  await ok(
    await t.request(`/api/v1/customers/${id}`, { method: 'DELETE', body: { reason: `${NAME} 注销` } }),
    200,
  );
  t.clock.advanceDays(31);
  const [run] = await t.kernel.scheduler.runDue(t.clock.now(), 'kernel.customers.purge');
  expect(run).toMatchObject({ status: 'ran', result: { purged: 1, held: 0, failed: 0 } });
  for (let round = 0; round < 10 && (await t.drain()) > 0; round++);
}

const plugins = [receivablesPlugin, creditPlugin, loyaltyPlugin];

describe.each(testDatabases())('purging a customer on $name', (db) => {
  it('leaves its name, phone and e-mail nowhere in the database, the audit trail keeping only the facts', async () => {
    const dir = db.name === 'sqlite' ? mkdtempSync(join(tmpdir(), 'kehu-erasure-')) : undefined;
    const file = dir ? join(dir, 'kehu.db') : undefined;
    const database: Database = file ? await openDatabase({ url: file }) : await db.open();
    const t = await createTestKehu(db, { plugins, database });
    try {
      const id = await customerEverywhere(t);
      await purge(t, id);

      const audit = await json(await t.request(`/api/v1/audit?customerId=${id}&limit=200`));
      const update = audit.items.find(
        (e: { entityType: string; action: string }) => e.entityType === 'customer' && e.action === 'update',
      );
      expect(update).toMatchObject({
        changes: { address: { from: null, to: '[redacted]' } },
        reason: '[redacted]',
      });
      expect(audit.items.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['create', 'delete', 'purge']),
      );

      const found: string[] = [];
      if (file) {
        await sql`pragma wal_checkpoint(TRUNCATE)`.execute(t.kernel.database.db);
        for (const f of [file, `${file}-wal`]) {
          if (!existsSync(f)) continue;
          const bytes = readFileSync(f);
          for (const probe of PROBES)
            if (bytes.includes(Buffer.from(probe, 'utf8'))) found.push(`${f}: ${probe}`);
        }
      } else {
        const columns = await sql<{ table_name: string; column_name: string }>`
          select table_name, column_name from information_schema.columns
          where table_schema = current_schema() and data_type in ('text', 'character varying', 'character', 'json', 'jsonb')`.execute(
          t.kernel.database.db,
        );
        expect(columns.rows.length).toBeGreaterThan(20);
        for (const { table_name, column_name } of columns.rows)
          for (const probe of PROBES) {
            const hit = await sql<{
              n: string;
            }>`select count(*) as n from ${sql.table(table_name)} where ${sql.ref(column_name)}::text like ${`%${probe}%`}`.execute(
              t.kernel.database.db,
            );
            if (Number(hit.rows[0]!.n) > 0) found.push(`${table_name}.${column_name}: ${probe}`);
          }
      }
      expect(found).toEqual([]);
    } finally {
      await t.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});
