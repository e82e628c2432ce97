import { describe, expect, it } from 'vitest';
import { createTestKehu, json, testDatabases } from '../testing/index.js';

describe.each(testDatabases())('reads beside an open transaction on $name', (db) => {
  it('a customer read while another request’s transaction is open never shows its uncommitted change', async () => {
    const t = await createTestKehu(db);
    try {
      const created = await json(await t.request('/api/v1/customers', { body: { name: '未提交测试客户' } }));
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let changedInside!: () => void;
      const changed = new Promise<void>((resolve) => {
        changedInside = resolve;
      });
      const writer = t.kernel
        .transaction(async (trx) => {
          await trx
            .updateTable('customer')
            .set({ name: '回滚的名字' })
            .where('id', '=', created.id)
            .execute();
          changedInside();
          await held;
          throw new Error('rolled back');
        })
        .catch((err: Error) => err.message);
      await changed;
      const reading = t.request(`/api/v1/customers/${created.id}?include=*`).then(json);
      // Give the read every chance to run while the transaction is still open.
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      release();
      expect(await writer).toBe('rolled back');
      expect((await reading).name).toBe('未提交测试客户');
      expect((await json(await t.request(`/api/v1/customers/${created.id}`))).name).toBe('未提交测试客户');
    } finally {
      await t.close();
    }
  });
});
