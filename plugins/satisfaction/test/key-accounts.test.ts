import { testDatabases } from '@kehu/core/testing';
import { keyAccountsPlugin } from '@kehu/plugin-key-accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { answers, expectStatus, publishedSurvey, type World, world } from './helpers.js';

const KA = '/api/v1/key-accounts';

describe.each(testDatabases())('with key-accounts on $name', (db) => {
  let w: World;
  afterEach(() => w?.close());
  const api = (path: string, body?: unknown, method?: string) =>
    w.t.request(`/api/v1/satisfaction${path}`, { body, method });

  it('targets a tier, alerts the key-account manager, reports by tier and fills the manager scorecard', async () => {
    w = await world(db, { plugins: [keyAccountsPlugin] });
    const approver = await w.t.user(['sales_manager'], 'Wu Fang');
    const kam = await w.t.user(['account_manager'], 'Zhao Lei');
    const s = await publishedSurvey(w);
    const big = await w.customer({});
    const small = await w.customer({});
    const csv = [
      'customerId,date,amount,currency,reference',
      `${big.id},2025-09-01,9000.00,CNY,R-1`,
      `${small.id},2025-09-01,1000.00,CNY,R-2`,
    ].join('\n');
    await expectStatus(
      await w.t.request(`${KA}/revenue/import`, {
        body: csv,
        headers: { 'content-type': 'text/csv' },
        token: w.manager.token,
      }),
      200,
    );
    await expectStatus(await w.t.request(`${KA}/runs`, { body: {}, token: w.manager.token }), 201);
    const proposal = await expectStatus(
      await w.t.request(`${KA}/designations`, {
        token: w.manager.token,
        body: {
          customerId: big.id,
          kind: 'designate',
          reason: '90 % of our sales',
          managerId: kam.id,
          criteria: Object.fromEntries(
            ['revenueShare', 'lossImpact', 'stableRelationship', 'maintenanceEffort', 'strategicFit'].map(
              (k) => [k, { met: true, note: null }],
            ),
          ),
        },
      }),
      201,
    );
    await expectStatus(
      await w.t.request(`${KA}/designations/${proposal.id}/approve`, { token: approver.token, body: {} }),
      200,
    );

    const c = await expectStatus(
      await api('/campaigns', {
        name: 'A 类客户满意度调查',
        questionnaireId: s.questionnaire.id,
        target: { tiers: ['A'] },
      }),
      201,
    );
    const started = await expectStatus(await api(`/campaigns/${c.id}/start`, undefined, 'POST'), 200);
    expect(started.run).toMatchObject({ customers: 1, invited: 1 });
    expect(w.links.map((l) => l.customerId)).toEqual([big.id]);

    // Product 2 on 1–5 → 25 (0.45); speed 3 on 1–7 → 33.33 (0.4): CSI = (11.25 + 13.33) / 0.85 = 28.92.
    await expectStatus(
      await w.t.request(`/api/v1/satisfaction/public/surveys/${w.tokenFor(big.contacts[0]!)}/submit`, {
        token: null,
        body: { answers: answers(s.q, { product: 2, speed: [6, 3], nps: 5, csat: 2 }) },
      }),
      201,
    );
    for (const person of [w.am, kam]) {
      const inbox = await expectStatus(await w.t.request('/api/v1/activities', { token: person.token }), 200);
      const low = inbox.items.filter((i: any) => i.type === 'satisfaction_low_score');
      expect(low).toHaveLength(1);
      expect(low[0]).toMatchObject({ customerId: big.id });
    }

    const byTier = await expectStatus(
      await api('/scores?groupBy=tier&period=all&from=2026-01-01&to=2026-12-31'),
      200,
    );
    expect(byTier.rows).toEqual([
      expect.objectContaining({
        segment: 'A',
        responses: 1,
        csi: expect.objectContaining({ value: 28.92, n: 1 }),
      }),
    ]);

    const card = await expectStatus(
      await w.t.request(`${KA}/scorecards/${kam.id}/2026`, { token: w.manager.token }),
      200,
    );
    expect(card.components.find((x: any) => x.name === 'satisfaction')).toMatchObject({
      score: 29,
      inputs: { score: 28.9, measure: 'CSI', n: 1 },
    });
    // A year without responses has no satisfaction figure; the other components are re-weighted.
    const before = await expectStatus(
      await w.t.request(`${KA}/scorecards/${kam.id}/2025`, { token: w.manager.token }),
      200,
    );
    expect(before.components.find((x: any) => x.name === 'satisfaction')).toMatchObject({
      score: null,
      inputs: { available: false },
    });
  });
});
