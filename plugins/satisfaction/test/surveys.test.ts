import { definePlugin } from '@kehu/core';
import { testDatabases } from '@kehu/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { answers, expectStatus, publishedSurvey, type World, world } from './helpers.js';

const DAY = 86_400_000;

describe.each(testDatabases())('campaigns, invitations and responses on $name', (db) => {
  let w: World;
  afterEach(() => w?.close());
  const api = (path: string, body?: unknown, method?: string) =>
    w.t.request(`/api/v1/satisfaction${path}`, { body, method });
  /** The respondent's calls: no token, no login. */
  const pub = (path: string, body?: unknown, method?: string) =>
    w.t.request(`/api/v1/satisfaction/public/surveys/${path}`, { body, method, token: null });

  async function campaign(questionnaireId: string, extra: Record<string, unknown> = {}) {
    const c = await expectStatus(
      await api('/campaigns', { name: '2026 年一季度满意度调查', questionnaireId, ...extra }),
      201,
    );
    return expectStatus(await api(`/campaigns/${c.id}/start`, undefined, 'POST'), 200);
  }

  it('invites by rule, opens by token without login, saves and resumes, submits once, scores by the version used', async () => {
    w = await world(db);
    const { q, questionnaire } = await publishedSurvey(w);
    const a = await w.customer({ region: '华东' }, [
      { name: '王经理', email: 'wang@example.com', primary: true },
      { name: '李工', email: 'li@example.com', title: '采购' },
    ]);
    const ended = await w.customer({ region: '华东' });
    await expectStatus(
      await w.t.request(`/api/v1/customers/${ended.id}/terminate`, { body: { reason: '合作终止' } }),
      200,
    );

    const started = await campaign(questionnaire.id);
    expect(started.run).toMatchObject({
      runKey: 'once',
      customers: 1,
      invited: 1,
      skipped: { doNotContact: 0 },
    });
    // The terminated customer is filtered by the registry (status), the primary contact alone is invited.
    expect(w.links.map((l) => l.contactId)).toEqual([a.contacts[0]]);
    expect(w.links[0]).toMatchObject({ email: 'wang@example.com', lang: 'zh-CN', reminder: false });
    const token = w.tokenFor(a.contacts[0]!);

    const opened = await expectStatus(await pub(token), 200);
    expect(opened.questionnaire.questions).toHaveLength(8);
    expect(opened.answers).toEqual([]);
    await expectStatus(
      await pub(`${token}/answers`, { answers: [{ questionId: q(0), value: 4 }] }, 'PUT'),
      200,
    );
    const resumed = await expectStatus(await pub(token), 200);
    expect(resumed.answers).toEqual([{ questionId: q(0), value: 4 }]);
    expect((await expectStatus(await api(`/questionnaires/${questionnaire.id}`), 200)).frozen).toBe(true);
    const change = await expectStatus(
      await api(
        `/questionnaires/${questionnaire.id}`,
        { title: questionnaire.title, questions: [{ type: 'nps', text: questionnaire.title }] },
        'PUT',
      ),
      409,
    );
    expect(change.code).toBe('questionnaire_frozen');

    const missing = await expectStatus(await pub(`${token}/submit`, { answers: [] }), 422);
    expect(missing.code).toBe('answers_missing');
    const offScale = await expectStatus(
      await pub(`${token}/submit`, { answers: [{ questionId: q(3), value: 11 }] }),
      422,
    );
    expect(offScale.errors[0].path).toBe('body.answers.0.value');

    await expectStatus(
      await pub(`${token}/submit`, { answers: answers(q, { product: 4, speed: [7, 6], nps: 9, csat: 4 }) }),
      201,
    );
    const again = await expectStatus(
      await pub(`${token}/submit`, { answers: answers(q, { product: 5, speed: [7, 7], nps: 10, csat: 5 }) }),
      409,
    );
    expect(again.code).toBe('already_submitted');
    expect((await pub(token)).status).toBe(409);
    expect((await pub('AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);

    const [response] = (await expectStatus(await api(`/customers/${a.id}/responses`), 200)).items;
    // Product 4 on 1–5 → 75 (global weight 0.45); packaging not answered, not counted; speed 6 on 1–7 → 83.33 (0.4).
    // CSI = (0.45 × 75 + 0.4 × 83.33) / 0.85 = 78.92.
    expect(response).toMatchObject({
      csi: 78.92,
      csat: 4,
      nps: 9,
      npsCategory: 'promoter',
      ces: null,
      lowScore: [],
    });
    const facet = await expectStatus(
      await w.t.request(`/api/v1/customers/${a.id}?include=satisfaction`),
      200,
    );
    expect(facet.facets.satisfaction).toMatchObject({
      csi: 78.92,
      nps: 9,
      npsCategory: 'promoter',
      openInvitations: 0,
    });
    const timeline = await expectStatus(await w.t.request(`/api/v1/customers/${a.id}/timeline`), 200);
    expect(timeline.items.some((i: any) => i.type === 'satisfaction.response')).toBe(true);
  });

  it('a new system version never rewrites the scores given under the old one', async () => {
    w = await world(db);
    const s = await publishedSurvey(w);
    const a = await w.customer({});
    await campaign(s.questionnaire.id);
    await expectStatus(
      await pub(`${w.tokenFor(a.contacts[0]!)}/submit`, {
        answers: answers(s.q, { product: 4, speed: [7, 6], nps: 9, csat: 4 }),
      }),
      201,
    );
    const v2 = await expectStatus(
      await api(`/indicator-systems/${s.system.id}/versions`, undefined, 'POST'),
      201,
    );
    const top = v2.indicators.filter((i: any) => i.level === 1);
    await expectStatus(
      await api(
        `/indicator-systems/${v2.id}/weights`,
        {
          parentId: null,
          weights: [
            { indicatorId: top[0].id, weight: 0.1 },
            { indicatorId: top[1].id, weight: 0.9 },
          ],
        },
        'PUT',
      ),
      200,
    );
    await expectStatus(await api(`/indicator-systems/${v2.id}/publish`, undefined, 'POST'), 200);
    const [response] = (await expectStatus(await api(`/customers/${a.id}/responses`), 200)).items;
    expect(response).toMatchObject({ csi: 78.92, systemId: s.system.id });
  });

  it('survey fatigue: a contact invited by one campaign is not invited by another within 90 days', async () => {
    w = await world(db);
    const { questionnaire } = await publishedSurvey(w);
    const a = await w.customer({});
    expect((await campaign(questionnaire.id)).run.invited).toBe(1);
    const second = await campaign(questionnaire.id, { name: '产品专项调查' });
    expect(second.run).toMatchObject({ invited: 0, skipped: { fatigue: 1 } });
    w.t.clock.set(new Date(w.t.clock.now().getTime() + 90 * DAY));
    const third = await campaign(questionnaire.id, { name: '二季度调查' });
    expect(third.run).toMatchObject({ invited: 1, skipped: { fatigue: 0 } });
    expect(w.links.filter((l) => l.contactId === a.contacts[0])).toHaveLength(2);
  });

  it('an opted-out contact is never invited again; a do-not-contact customer never', async () => {
    w = await world(db);
    const { questionnaire } = await publishedSurvey(w);
    const a = await w.customer({});
    const b = await w.customer({});
    await campaign(questionnaire.id);
    await expectStatus(await pub(`${w.tokenFor(a.contacts[0]!)}/opt-out`, undefined, 'POST'), 200);
    expect((await pub(w.tokenFor(a.contacts[0]!))).status).toBe(410);
    await expectStatus(
      await w.t.request(`/api/v1/customers/${b.id}/terminate`, { body: { reason: '合作终止' } }),
      200,
    );
    w.t.clock.set(new Date(w.t.clock.now().getTime() + 120 * DAY));
    const later = await campaign(questionnaire.id, {
      name: '下半年调查',
      target: { customerIds: [a.id, b.id] },
    });
    expect(later.run).toMatchObject({ invited: 0, skipped: { optedOut: 1 } });
  });

  it('a low score raises the event and one activity for the owner', async () => {
    const seen: any[] = [];
    const listener = definePlugin({
      name: 'listener',
      version: '1.0.0',
      optional: ['satisfaction'],
      setup(ctx) {
        ctx.hooks.on('satisfaction.lowScore', 'record', (p) => void seen.push(p));
      },
    });
    w = await world(db, { plugins: [listener] });
    const s = await publishedSurvey(w);
    const a = await w.customer({});
    await campaign(s.questionnaire.id);
    await expectStatus(
      await pub(`${w.tokenFor(a.contacts[0]!)}/submit`, {
        answers: answers(s.q, { product: 2, speed: [7, 3], nps: 4, csat: 2 }),
      }),
      201,
    );
    await w.t.drain();
    expect(seen).toHaveLength(1);
    expect(seen[0].reasons).toEqual(['csat_at_most_2', 'nps_detractor', 'csi_below_60', 'core_gap:S.speed']);
    const mine = await expectStatus(await w.t.request('/api/v1/activities', { token: w.am.token }), 200);
    const low = mine.items.filter((i: any) => i.type === 'satisfaction_low_score');
    expect(low).toHaveLength(1);
    expect(low[0]).toMatchObject({ customerId: a.id, priority: 'high' });
  });

  it('reminders send a fresh link; expired links answer 410; the public routes are rate limited', async () => {
    w = await world(db, {
      config: { reminders: { count: 1, everyDays: 7 }, invitationDays: 14, publicRateLimitPerMinute: 5 },
    });
    const { questionnaire } = await publishedSurvey(w);
    const a = await w.customer({});
    await campaign(questionnaire.id);
    const first = w.tokenFor(a.contacts[0]!);
    w.t.clock.set(new Date(w.t.clock.now().getTime() + 8 * DAY));
    await w.t.kernel.scheduler.runDue(w.t.clock.now());
    const second = w.tokenFor(a.contacts[0]!);
    expect(second).not.toBe(first);
    expect(w.links.at(-1)).toMatchObject({ reminder: true });
    expect((await pub(first)).status).toBe(200);
    expect((await pub(second)).status).toBe(200);
    w.t.clock.set(new Date(w.t.clock.now().getTime() + 7 * DAY));
    expect((await pub(second)).status).toBe(410);
    for (let i = 0; i < 4; i++) await pub(second);
    expect((await pub(second)).status).toBe(429);
  });
});
