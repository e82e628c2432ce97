import { json, testDatabases } from '@kehu/core/testing';
// Resolved to its sources by the shared test config; not a package dependency, because the
// key-accounts package already depends on this one for its tests (a cycle turbo refuses).
import { keyAccountsPlugin } from '@kehu/plugin-key-accounts';
import { describe, expect, it } from 'vitest';
import { complaintsPlugin } from '../src/index.js';
import { DEFAULT_TARGETS } from '../src/sla-defaults.js';
import { file, type World, world } from './support.js';

const met = { met: true, note: null };
const criteria = {
  revenueShare: met,
  lossImpact: met,
  stableRelationship: met,
  maintenanceEffort: { met: false, note: null },
  strategicFit: met,
};

/** Designates the customer a key account through key-accounts' own routes (proposed, then approved by another). */
async function designate(w: World, customerId: string, managerId: string) {
  const [proposer, approver] = [await w.t.user(['sales_manager']), await w.t.user(['sales_manager'])];
  const proposal = await w.t.request('/api/v1/key-accounts/designations', {
    body: { customerId, kind: 'designate', reason: '年采购额第一', criteria, managerId },
    token: proposer.token,
  });
  expect(proposal.status, JSON.stringify(await proposal.clone().json())).toBe(201);
  const approved = await w.t.request(
    `/api/v1/key-accounts/designations/${(await json(proposal)).id}/approve`,
    {
      body: {},
      token: approver.token,
    },
  );
  expect(approved.status, JSON.stringify(await approved.clone().json())).toBe(200);
}

const inbox = async (w: World, token: string) => {
  while ((await w.t.drain()) > 0);
  return (await json(await w.t.request('/api/v1/notifications', { token }))).items as {
    kind: string;
    data: { complaintId?: string };
  }[];
};

describe.each(testDatabases())('complaints with the key-accounts plugin on $name', (db) => {
  it('makes the complaint of a designated key account key: top severity, shortest SLA, managers notified', async () => {
    const w = await world(db, { plugins: [complaintsPlugin, keyAccountsPlugin] });
    try {
      // The key-account manager is another account manager than the customer's owner.
      await designate(w, w.customerId, w.otherOwner.id);
      const calm = { emotion: 'calm', severity: 'low' };
      const key = await file(w, w.agent.token, calm);
      const shortest = (target: 'responseMinutes' | 'resolutionMinutes') =>
        Math.min(...Object.values(DEFAULT_TARGETS).map((t) => t[target]));
      expect(key).toMatchObject({
        nature: 'key',
        keyReasons: ['key_account'],
        severity: 'critical',
        sla: {
          response: { targetMinutes: shortest('responseMinutes') },
          resolution: { targetMinutes: shortest('resolutionMinutes') },
        },
      });
      // A customer who is no key account, filed the same way, keeps what the agent entered.
      const plain = await file(w, w.agent.token, calm, w.otherCustomerId);
      expect(plain).toMatchObject({ nature: null, keyReasons: [], severity: 'low' });
      expect(plain.sla.response.targetMinutes).toBe(DEFAULT_TARGETS.low.responseMinutes);

      const about = (items: { kind: string; data: { complaintId?: string } }[], id: string) =>
        items.filter((n) => n.data?.complaintId === id).map((n) => n.kind);
      // The service managers and the customer's account manager hear of the crisis at once…
      for (const user of [w.manager, w.manager2, w.owner])
        expect(about(await inbox(w, user.token), key.id)).toContain('complaints.key');
      // …and the key-account manager through key-accounts.
      expect(about(await inbox(w, w.otherOwner.token), key.id)).toContain('keyAccounts.complaint');
      for (const user of [w.manager, w.owner, w.otherOwner])
        expect(about(await inbox(w, user.token), plain.id)).toEqual([]);
      expect(await inbox(w, w.agent2.token)).toEqual([]);
    } finally {
      await w.t.close();
    }
  });
});
