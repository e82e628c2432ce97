import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testDatabases } from '../../testing/index.js';
import { LocalFileStorage } from '../document-storage.js';
import { type Archive, openArchive } from './archive-fixtures.js';

const C = '/api/v1/customers';
const PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const EXE = new Uint8Array([
  0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff,
]);

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const shard of await readdir(dir).catch(() => [] as string[]))
    for (const f of await readdir(join(dir, shard))) out.push(`${shard}/${f}`);
  return out;
}

describe.each(testDatabases())('contracts and documents on $name', (db) => {
  let a: Archive;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kehu-docs-test-'));
    a = await openArchive(db, { documents: { storage: new LocalFileStorage(dir), maxBytes: 1024 } });
  });
  afterAll(async () => {
    await a.close();
    await rm(dir, { recursive: true, force: true });
  });

  const upload = (who: Archive['am'], customerId: string, bytes: Uint8Array, query: string) =>
    a.t.kernel.app.request(`${C}/${customerId}/documents?${query}`, {
      method: 'POST',
      body: bytes,
      headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/pdf' },
    });

  it('files contracts listed by signing date; the expiry reminder is raised once, N days before', async () => {
    const c = await a.customer({ name: '青禾食品', ownerId: a.am.id });
    const make = (body: Record<string, unknown>) => a.as(a.am, `${C}/${c.id}/contracts`, { body });
    const old = await make({
      number: 'HT-2025-001',
      title: '年度供货协议',
      parties: ['青禾食品', '本公司'],
      signedOn: '2025-01-10',
      validFrom: '2025-01-10',
      validTo: '2026-03-20',
      value: { amount: 1_200_000_00, currency: 'CNY' },
      reminderDays: 30,
    });
    expect(old.status).toBe(201);
    const late = await make({
      number: 'HT-2026-002',
      title: '补充协议',
      parties: ['青禾食品', '本公司'],
      signedOn: '2026-02-01',
      validTo: '2027-01-31',
    });
    expect(late.status).toBe(201);
    // Bad input: an impossible date, a validity that ends before it starts, an unknown currency.
    const statusOf = async (fields: Record<string, unknown>) =>
      (await make({ number: 'x', title: 'x', parties: ['a'], signedOn: '2026-01-01', ...fields })).status;
    expect(await statusOf({ signedOn: '2026-02-30' })).toBe(400);
    expect(await statusOf({ validFrom: '2026-02-01', validTo: '2026-01-01' })).toBe(400);
    expect(await statusOf({ value: { amount: 1, currency: 'XYZ' } })).toBe(400);
    const list = await json(await a.as(a.am, `${C}/${c.id}/contracts`));
    expect(list.items.map((x: { number: string }) => x.number)).toEqual(['HT-2026-002', 'HT-2025-001']);
    expect((await a.as(a.am2, `${C}/${c.id}/contracts`)).status).toBe(404);

    const run = () => a.t.kernel.scheduler.runDue(a.t.clock.now(), 'kernel.customers.contractReminders');
    await run();
    const reminders = async () =>
      (await json(await a.as(a.am, '/api/v1/activities?type=contract_expiry'))).items as {
        subject: string;
      }[];
    expect(await reminders()).toHaveLength(1);
    expect((await reminders())[0]!.subject).toContain('HT-2025-001');
    a.t.clock.advanceDays(1);
    await run();
    a.t.clock.advanceDays(1);
    await run();
    expect(await reminders()).toHaveLength(1);
  });

  it('changes a contract with the version read; a stale version is a 409 and changes nothing', async () => {
    const c = await a.customer({ name: '华东机械', ownerId: a.am.id });
    const filed = await json(
      await a.as(a.am, `${C}/${c.id}/contracts`, {
        body: { number: 'HT-2026-010', title: '设备维保合同', parties: ['华东机械'], signedOn: '2026-01-05' },
      }),
    );
    const patch = (who: typeof a.am, body: Record<string, unknown>) =>
      a.as(who, `${C}/${c.id}/contracts/${filed.id}`, { method: 'PATCH', body });
    const changed = await patch(a.am, {
      version: 1,
      validTo: '2026-12-31',
      value: { amount: 8_800_000, currency: 'CNY' },
    });
    expect(changed.status).toBe(200);
    expect(await json(changed)).toMatchObject({
      validTo: '2026-12-31',
      value: { amount: 8_800_000, currency: 'CNY' },
      version: 2,
    });
    const stale = await patch(a.am, { version: 1, title: '旧的' });
    expect(stale.status).toBe(409);
    expect(await json(stale)).toMatchObject({ code: 'stale_version', currentVersion: 2 });
    expect((await patch(a.am2, { version: 2, title: '别人的' })).status).toBe(404);
    const [now] = (await json(await a.as(a.am, `${C}/${c.id}/contracts`))).items;
    expect(now).toMatchObject({ title: '设备维保合同', version: 2 });
    const trail = await json(await a.as(a.gm, `/api/v1/audit?entityType=contract&entityId=${filed.id}`));
    expect(trail.items[0]).toMatchObject({
      action: 'update',
      changes: { validTo: { from: null, to: '2026-12-31' } },
    });
  });

  it('checks a document type from its content, limits its size, and downloads only for who may see the customer', async () => {
    const c = await a.customer({ name: '蓝天物流', ownerId: a.am.id });
    const res = await upload(a.am, c.id, PDF, 'name=合同扫描件.pdf');
    expect(res.status).toBe(201);
    const doc = await json(res);
    expect(doc).toMatchObject({
      name: '合同扫描件.pdf',
      contentType: 'application/pdf',
      size: PDF.byteLength,
    });
    expect(JSON.stringify(doc)).not.toContain((await files(dir))[0]!.split('/')[1]);

    const fake = await upload(
      a.am,
      c.id,
      new TextEncoder().encode('just text, named like a PDF'),
      'name=a.pdf',
    );
    expect(fake.status).toBe(415);
    expect((await json(fake)).code).toBe('unsupported_document_type');
    const exe = await upload(a.am, c.id, EXE, 'name=report.pdf');
    expect(exe.status).toBe(415);
    expect((await json(exe)).detected).toBe('application/x-msdownload');
    expect((await upload(a.am, c.id, new Uint8Array(2048).fill(0x25), 'name=big.pdf')).status).toBe(413);
    expect((await upload(a.am2, c.id, PDF, 'name=x.pdf')).status).toBe(404);

    const download = await a.as(a.am, `${C}/${c.id}/documents/${doc.id}/download`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toContain(encodeURIComponent('合同扫描件.pdf'));
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    expect((await a.as(a.am2, `${C}/${c.id}/documents/${doc.id}/download`)).status).toBe(404);
    expect((await a.as(a.staff, `${C}/${c.id}/documents/${doc.id}/download`)).status).toBe(404);
    expect((await a.as(a.sm, `${C}/${c.id}/documents/${doc.id}/download`)).status).toBe(200);
    const other = await a.customer({ name: '别家客户', ownerId: a.am2.id });
    expect((await a.as(a.gm, `${C}/${other.id}/documents/${doc.id}/download`)).status).toBe(404);
  });

  it('purge deletes the files with the customer', async () => {
    const c = await a.customer({ name: '大连渔业', ownerId: a.am.id });
    const doc = await json(await upload(a.am, c.id, PDF, 'name=scan.pdf'));
    const before = await files(dir);
    expect(before.length).toBeGreaterThan(0);
    expect((await a.as(a.gm, `${C}/${c.id}`, { method: 'DELETE', body: { reason: '重复' } })).status).toBe(
      200,
    );
    await a.t.kernel.scheduler.runDue(
      new Date(a.t.clock.now().getTime() + 31 * 86_400_000),
      'kernel.customers.purge',
    );
    const after = await files(dir);
    expect(after).toHaveLength(before.length - 1);
    const rows = await a.t.kernel.database.db
      .selectFrom('customer_document')
      .select('id')
      .where('id', '=', doc.id)
      .execute();
    expect(rows).toEqual([]);
  });
});
