import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../testing/index.js';
import { customerCodeSequenceMigration } from '../customer-code-sequence-migration.js';
import { CODE_SEQUENCE } from '../customer-codes.js';
import { type Archive, openArchive } from './archive-fixtures.js';

const C = '/api/v1/customers';
const number = (code: string) => Number(code.slice(1));

describe.each(testDatabases())('generated customer codes on $name', (db) => {
  let a: Archive;
  beforeAll(async () => {
    a = await openArchive(db);
  });
  afterAll(() => a.close());

  it('gives concurrent creates distinct codes, and never draws a code typed in by hand', async () => {
    // Spaced apart: a hand-typed code right after the counter may be drawn first, then it is taken.
    const typed = ['C090000', 'C091000', 'C092000'];
    const created = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => a.customer({ name: `并发客户${i} 有限公司` })),
      ...typed.map((code, i) => a.customer({ name: `手填编码客户${i} 有限公司`, code })),
      ...Array.from({ length: 6 }, (_, i) => a.customer({ name: `并发客户后${i} 有限公司` })),
    ]);
    const codes = created.map((c) => c.code as string);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^C\d{6}$/);
    expect(codes.slice(12, 15)).toEqual(typed);
    const after = await a.customer({ name: '编码之后客户 有限公司' });
    expect(number(after.code)).toBeGreaterThan(92000);
  });

  it('draws increasing codes after a refused create', async () => {
    const first = await a.customer({ name: '拒绝之前客户 有限公司' });
    const refused = await a.as(a.gm, C, { body: { name: '拒绝之前客户 有限公司' } });
    expect(refused.status).toBe(409);
    const next = await a.customer({ name: '拒绝之后客户 有限公司' });
    expect(number(next.code)).toBeGreaterThan(number(first.code));
  });

  it('continues from the counter the database had before codes came from a sequence', async () => {
    const { db: kysely, dialect } = a.t.kernel.database;
    if (dialect === 'postgres') await sql`drop sequence ${sql.raw(CODE_SEQUENCE)}`.execute(kysely);
    await sql`delete from kehu_sequence where name = 'customer.code'`.execute(kysely);
    await sql`insert into kehu_sequence (name, value) values ('customer.code', 200041)`.execute(kysely);
    await customerCodeSequenceMigration.up(kysely, dialect);
    expect((await a.customer({ name: '迁移之后客户 有限公司' })).code).toBe('C200042');
  });
});

describe.each(
  testDatabases().filter((d) => d.name === 'postgres'),
)('customer codes under load on $name', (db) => {
  let a: Archive;
  beforeAll(async () => {
    a = await openArchive(db);
  });
  afterAll(() => a.close());

  it('creates a customer while another create has not committed yet', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let drawn!: (code: string) => void;
    const firstCode = new Promise<string>((resolve) => {
      drawn = resolve;
    });
    const open = a.t.kernel.transaction(async (trx) => {
      const c = await a.t.kernel.customers.create({ name: '未提交客户 有限公司' }, { actor: null, trx });
      drawn(c.code);
      await held;
    });
    try {
      const first = await firstCode;
      // With a counter row locked until commit, this create would wait for `release` forever.
      const second = await a.customer({ name: '不必等待客户 有限公司' });
      expect(number(second.code)).toBeGreaterThan(number(first));
      // A hand-typed code beyond the counter waits for the open create instead, then moves it on.
      const typed = a.customer({ name: '手填编码等待客户 有限公司', code: 'C300000' });
      release();
      await open;
      expect((await typed).code).toBe('C300000');
      expect((await a.customer({ name: '手填之后客户 有限公司' })).code).toBe('C300001');
    } finally {
      release();
      await open;
    }
  });
});
