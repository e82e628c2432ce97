import { definePlugin, z } from '@kehu/core';
import { testDatabases } from '@kehu/core/testing';
import type { ComplaintEvent } from '@kehu/plugin-complaints';
import { afterEach, describe, expect, it } from 'vitest';
import { answers, expectStatus, publishedSurvey, type World, world } from './helpers.js';

/**
 * A stand-in for the complaints plugin, under its name so it may emit its events: it closes and
 * replies to complaints on request and records the return visits it is told about, the way the
 * complaints service's contract says it does.
 */
function complaintsDouble(visits: any[]) {
  return definePlugin({
    name: 'complaints',
    version: '0.0.0',
    setup(ctx) {
      const state = new Map<string, string>();
      ctx.provide({
        async recordReturnVisit(complaintId: string, input: any) {
          visits.push({ complaintId, ...input });
          const outcome = input.satisfied ? 'closed' : 'reopened';
          state.set(complaintId, outcome === 'closed' ? 'closed' : 'accepted');
          return { outcome };
        },
        async statsFor() {
          return { complaints: 3, customers: 2, avgResponseMinutes: 42, avgResolutionMinutes: 600 };
        },
        async openCount() {
          return 0;
        },
      });
      const Body = z.object({
        customerId: z.string(),
        contactId: z.string().nullable(),
        complaintId: z.string(),
      });
      for (const step of ['closed', 'replied'] as const)
        ctx.router.post(
          `/${step}`,
          { summary: step, access: 'authenticated', customer: false, body: Body },
          async (c, { body, principal }) => {
            const event: ComplaintEvent = {
              ...body,
              handlerId: principal.id,
              nature: 'general',
              severity: 'normal',
              category: 'delivery',
            };
            await ctx.transaction((trx) =>
              step === 'closed'
                ? ctx.hooks.emit(trx, 'complaints.closed', {
                    ...event,
                    closedAt: ctx.clock.now().toISOString(),
                    satisfied: null,
                  })
                : ctx.hooks.emit(trx, 'complaints.replied', { ...event, returnVisitDueOn: '2026-03-04' }),
            );
            return c.json({ ok: true });
          },
        );
    },
  });
}

describe.each(testDatabases())('with complaints on $name', (db) => {
  let w: World;
  afterEach(() => w?.close());
  const api = (path: string, body?: unknown, method?: string) =>
    w.t.request(`/api/v1/satisfaction${path}`, { body, method });

  async function followUp(questionnaireId: string, trigger: string) {
    const c = await expectStatus(
      await api('/campaigns', { name: '投诉回访', questionnaireId, schedule: 'triggered', trigger }),
      201,
    );
    await expectStatus(await api(`/campaigns/${c.id}/start`, undefined, 'POST'), 200);
    return c;
  }

  it('a closed complaint sends an invitation (despite fatigue); an unsatisfied answer reopens it', async () => {
    const visits: any[] = [];
    w = await world(db, { plugins: [complaintsDouble(visits)] });
    const s = await publishedSurvey(w);
    const a = await w.customer({}, [
      { name: '王经理', email: 'wang@example.com' },
      { name: '李工', email: 'li@example.com' },
    ]);
    // The regular survey invited the primary contact a moment ago: fatigue does not hold a complaint follow-up.
    const regular = await expectStatus(
      await api('/campaigns', { name: '季度调查', questionnaireId: s.questionnaire.id }),
      201,
    );
    await expectStatus(await api(`/campaigns/${regular.id}/start`, undefined, 'POST'), 200);
    const campaign = await followUp(s.questionnaire.id, 'complaint_closed');

    await expectStatus(
      await w.t.request('/api/v1/complaints/closed', {
        body: { customerId: a.id, contactId: a.contacts[0], complaintId: 'CMP1' },
      }),
      200,
    );
    await w.t.drain();
    await w.t.drain();
    const links = w.links.filter((l) => l.campaignId === campaign.id);
    expect(links.map((l) => l.contactId)).toEqual([a.contacts[0]]);
    // The same event delivered again invites nobody twice.
    await expectStatus(
      await w.t.request('/api/v1/complaints/closed', {
        body: { customerId: a.id, contactId: a.contacts[0], complaintId: 'CMP1' },
      }),
      200,
    );
    await w.t.drain();
    expect(w.links.filter((l) => l.campaignId === campaign.id)).toHaveLength(1);

    const token = links[0]!.url.split('/').at(-1)!;
    await expectStatus(
      await w.t.request(`/api/v1/satisfaction/public/surveys/${token}/submit`, {
        token: null,
        body: { answers: answers(s.q, { product: 2, speed: [7, 2], nps: 3, csat: 1 }) },
      }),
      201,
    );
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ complaintId: 'CMP1', satisfied: false, source: 'satisfaction' });

    const report = await expectStatus(
      await api('/scores?groupBy=campaign&period=all&from=2026-01-01&to=2026-12-31'),
      200,
    );
    expect(report.service).toEqual({
      complaints: 3,
      customers: 2,
      avgResponseMinutes: 42,
      avgResolutionMinutes: 600,
    });
  });

  it('the survey after a reply is the return visit when configured: a satisfied answer closes it', async () => {
    const visits: any[] = [];
    w = await world(db, { plugins: [complaintsDouble(visits)], config: { surveyAsReturnVisit: true } });
    const s = await publishedSurvey(w);
    const a = await w.customer({});
    await followUp(s.questionnaire.id, 'complaint_replied');
    await expectStatus(
      await w.t.request('/api/v1/complaints/replied', {
        body: { customerId: a.id, contactId: null, complaintId: 'CMP2' },
      }),
      200,
    );
    await w.t.drain();
    await expectStatus(
      await w.t.request(`/api/v1/satisfaction/public/surveys/${w.tokenFor(a.contacts[0]!)}/submit`, {
        token: null,
        body: { answers: answers(s.q, { product: 5, speed: [6, 7], nps: 10, csat: 5 }) },
      }),
      201,
    );
    expect(visits).toEqual([
      expect.objectContaining({ complaintId: 'CMP2', satisfied: true, reference: expect.any(String) }),
    ]);
  });

  it('works with complaints and key-accounts disabled: no service measures, no follow-ups', async () => {
    w = await world(db);
    const s = await publishedSurvey(w);
    await followUp(s.questionnaire.id, 'complaint_closed');
    const report = await expectStatus(await api('/scores?from=2026-01-01&to=2026-12-31'), 200);
    expect(report).toEqual({ rows: [], service: null });
    const meta = await expectStatus(await w.t.request('/api/v1/meta'), 200);
    expect(meta.plugins.map((p: any) => p.name)).not.toContain('complaints');
  });
});
