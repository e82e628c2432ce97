import { createTestKehu, json, testDatabases } from '@kehu/core/testing';
import { seedDemo } from '@kehu/sdk';
import { describe, expect, it } from 'vitest';
import { complaintsPlugin } from '../src/index.js';
import { STATES } from '../src/model.js';

describe.each(testDatabases())('complaints demo data on $name', (db) => {
  it('seeds complaints in every state and one systemic issue', async () => {
    const t = await createTestKehu(db, { plugins: [complaintsPlugin], timeZone: 'Asia/Shanghai' });
    try {
      await seedDemo(t.kernel, { plugins: [complaintsPlugin], progress: () => {} });
      const all = await json(await t.request('/api/v1/complaints?open=all&limit=200'));
      const states = new Set(all.items.map((c: { state: string }) => c.state));
      // Every state of the state machine has a complaint.
      for (const s of STATES) expect(states, s).toContain(s);
      expect(all.items.some((c: { reopenCount: number }) => c.reopenCount > 0)).toBe(true);
      const issues = await json(await t.request('/api/v1/complaints/systemic-issues'));
      expect(issues.items).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
