import { testDatabases } from '@kehu/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { answers, expectStatus, publishedSurvey, type World, world } from './helpers.js';

const DAY = 86_400_000;

describe.each(testDatabases())('reports, merge and purge on $name', (db) => {
  let w: World;
  afterEach(() => w?.close());
  const api = (path: string, body?: unknown, method?: string) =>
    w.t.request(`/api/v1/satisfaction${path}`, { body, method });
  const submit = (contactId: string, body: unknown) =>
    w.t.request(`/api/v1/satisfaction/public/surveys/${w.tokenFor(contactId)}/submit`, { token: null, body });

  async function run(questionnaireId: string, name: string) {
    const c = await expectStatus(await api('/campaigns', { name, questionnaireId }), 201);
    await expectStatus(await api(`/campaigns/${c.id}/start`, undefined, 'POST'), 200);
    return c.id as string;
  }

  it('scores by region and quarter with n and the change from the previous quarter; gaps; validation', async () => {
    w = await world(db, { config: { fatigueDays: 30 } });
    const s = await publishedSurvey(w);
    const east = await w.customer({ region: '华东' });
    const east2 = await w.customer({ region: '华东' });
    const north = await w.customer({ region: '华北' });
    const q1 = await run(s.questionnaire.id, 'Q1');
    await expectStatus(
      await submit(east.contacts[0]!, {
        answers: answers(s.q, { product: 5, speed: [6, 7], nps: 10, csat: 5, ces: 7 }),
      }),
      201,
    );
    await expectStatus(
      await submit(east2.contacts[0]!, {
        answers: answers(s.q, { product: 3, speed: [7, 5], nps: 6, csat: 3, ces: 5 }),
      }),
      201,
    );
    // Effort dismissed ("not applicable"): counted in neither numerator nor denominator of CES.
    await expectStatus(
      await submit(north.contacts[0]!, {
        answers: answers(s.q, { product: 4, speed: [5, 5], nps: 8, csat: 4, ces: null }),
      }),
      201,
    );
    w.t.clock.set(new Date('2026-04-15T08:00:00Z'));
    await run(s.questionnaire.id, 'Q2');
    await expectStatus(
      await submit(east.contacts[0]!, {
        answers: answers(s.q, { product: 4, speed: [6, 6], nps: 9, csat: 4 }),
      }),
      201,
    );

    const report = await expectStatus(
      await api('/scores?groupBy=region&period=quarter&from=2026-01-01&to=2026-06-30'),
      200,
    );
    const row = (segment: string, period: string) =>
      report.rows.find((r: any) => r.segment === segment && r.period === period);
    // 华东 Q1: NPS one promoter, one detractor of 2 → 0; CSAT 1 of 2 → 50 %; CES mean 6, top two 1 of 2.
    expect(row('华东', '2026-Q1')).toMatchObject({
      responses: 2,
      nps: { value: 0, n: 2 },
      csat: { value: 50, n: 2 },
      ces: { value: 6, topTwoBox: 50, n: 2 },
      change: { nps: null },
    });
    expect(row('华北', '2026-Q1')).toMatchObject({
      nps: { value: 0, n: 1 },
      csat: { value: 100, n: 1 },
      ces: { value: null, n: 0 },
    });
    expect(row('华东', '2026-Q2')).toMatchObject({
      nps: { value: 100, n: 1 },
      change: { nps: 100, csat: 50 },
    });
    const byCampaign = await expectStatus(await api(`/campaigns/${q1}/results`), 200);
    expect(byCampaign).toMatchObject({
      invitations: { submitted: 3, sent: 0 },
      responseRate: 1,
      scores: { responses: 3 },
    });

    const gaps = await expectStatus(await api(`/gaps?systemId=${s.system.id}`), 200);
    // Speed gaps +1, −2, 0, 0 → −0.25; one dimension (service) → overall −0.25, weighted −0.25.
    expect(gaps).toMatchObject({ n: 4, overall: -0.25, weighted: -0.25 });
    expect(gaps.items).toEqual([{ indicatorId: s.id('S.speed'), dimensionId: s.id('S'), gap: -0.25, n: 4 }]);

    const validation = await expectStatus(await api(`/indicator-systems/${s.system.id}/validation`), 200);
    expect(validation).toMatchObject({ responses: 4, overallQuestion: true });
    const product = validation.indicators.find((i: any) => i.code === 'Q.product');
    expect(product).toMatchObject({ answered: 4, responseRate: 1, weak: false });
    expect(product.correlation).toBeGreaterThan(0.9);
    expect(validation.indicators.find((i: any) => i.code === 'Q.packaging')).toMatchObject({
      answered: 0,
      correlation: null,
      weak: true,
    });
  });

  it('a merge moves the responses to the customer that stays; a purge erases the answers and the figures', async () => {
    w = await world(db);
    const s = await publishedSurvey(w);
    const a = await w.customer({ name: '杭州西湖国宾酒店' });
    const dup = await w.customer({ name: '西湖国宾酒店（重复）' });
    await run(s.questionnaire.id, 'Q1');
    await expectStatus(
      await submit(dup.contacts[0]!, {
        answers: answers(s.q, { product: 5, speed: [6, 7], nps: 10, csat: 5 }),
      }),
      201,
    );
    await expectStatus(
      await w.t.request(`/api/v1/customers/${a.id}/merge`, {
        body: { sourceId: dup.id, reason: '重复客户' },
      }),
      200,
    );
    const moved = await expectStatus(await api(`/customers/${a.id}/responses`), 200);
    expect(moved.items).toHaveLength(1);
    const responseId = moved.items[0].id;

    await expectStatus(
      await w.t.request(`/api/v1/customers/${a.id}`, { method: 'DELETE', body: { reason: '测试' } }),
      200,
    );
    w.t.clock.set(new Date(w.t.clock.now().getTime() + 40 * DAY));
    await w.t.kernel.customers.purgeExpired(w.t.clock.now());
    expect((await api(`/responses/${responseId}`)).status).toBe(404);
    const rows = await w.t.kernel.database.db.selectFrom('sat_answer').select('response_id').execute();
    expect(rows).toEqual([]);
    const report = await expectStatus(await api('/scores?period=all'), 200);
    expect(report.rows[0]).toMatchObject({ responses: 0, nps: { value: null, n: 0 } });
  });

  it('records group interviews with participants, findings and linked indicators', async () => {
    w = await world(db);
    const s = await publishedSurvey(w);
    const a = await w.customer({});
    const interview = await expectStatus(
      await w.t.request('/api/v1/satisfaction/interviews', {
        token: w.am.token,
        body: {
          customerId: a.id,
          heldOn: '2026-02-20',
          title: '华东区经销商座谈会',
          participants: [{ name: '王经理', role: '采购经理', contactId: a.contacts[0] }],
          findings: '交货周期偏长；包装破损率高。',
          indicatorIds: [s.id('Q.packaging')],
        },
      }),
      201,
    );
    expect(interview).toMatchObject({ customerId: a.id, indicatorIds: [s.id('Q.packaging')] });
    const other = await w.t.user(['account_manager']);
    expect(
      (await expectStatus(await w.t.request('/api/v1/satisfaction/interviews', { token: other.token }), 200))
        .items,
    ).toEqual([]);
    expect(
      (
        await w.t.request('/api/v1/satisfaction/interviews', {
          token: other.token,
          body: {
            customerId: a.id,
            heldOn: '2026-02-20',
            title: 'x',
            participants: [{ name: 'x' }],
            findings: 'x',
          },
        })
      ).status,
    ).toBe(404);
  });
});

describe.each(testDatabases())('score cells on $name', (db) => {
  it('the cells kept at each submission equal a rebuild from the responses', async () => {
    const w = await world(db);
    try {
      const s = await publishedSurvey(w);
      const a = await w.customer({ region: '华东' });
      const b = await w.customer({ region: '华南' });
      const c = await expectStatus(
        await w.t.request('/api/v1/satisfaction/campaigns', {
          body: { name: 'Q1', questionnaireId: s.questionnaire.id },
        }),
        201,
      );
      await expectStatus(
        await w.t.request(`/api/v1/satisfaction/campaigns/${c.id}/start`, { method: 'POST' }),
        200,
      );
      for (const [contact, nps] of [
        [a.contacts[0]!, 10],
        [b.contacts[0]!, 3],
      ] as const)
        await expectStatus(
          await w.t.request(`/api/v1/satisfaction/public/surveys/${w.tokenFor(contact)}/submit`, {
            token: null,
            body: { answers: answers(s.q, { product: 4, speed: [6, 5], nps, csat: 4, ces: 6 }) },
          }),
          201,
        );
      const before = await expectStatus(
        await w.t.request('/api/v1/satisfaction/scores?groupBy=region&period=month'),
        200,
      );
      const { rebuildScoreCells } = await import('../src/index.js');
      // One cell for all, one per kind, two regions, one owner, one (empty) tier.
      expect(await rebuildScoreCells(w.t.kernel.database.db)).toEqual({ cells: 6 });
      expect(
        await expectStatus(await w.t.request('/api/v1/satisfaction/scores?groupBy=region&period=month'), 200),
      ).toEqual(before);
    } finally {
      await w.close();
    }
  });
});
