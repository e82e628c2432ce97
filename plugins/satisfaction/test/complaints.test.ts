import { testDatabases } from '@kehu/core/testing';
import { complaintsPlugin } from '@kehu/plugin-complaints';
import { afterEach, describe, expect, it } from 'vitest';
import { answers, expectStatus, publishedSurvey, type World, world } from './helpers.js';

const CMP = '/api/v1/complaints';

describe.each(testDatabases())('with complaints on $name', (db) => {
  let w: World;
  afterEach(() => w?.close());
  const api = (path: string, body?: unknown, method?: string) =>
    w.t.request(`/api/v1/satisfaction${path}`, { body, method });
  const complaint = async (path: string, body?: unknown, status = 200) =>
    expectStatus(await w.t.request(`${CMP}${path}`, body === undefined ? {} : { body }), status);
  const submit = (token: string, a: Parameters<typeof answers>[1], s: { q: (i: number) => string }) =>
    w.t.request(`/api/v1/satisfaction/public/surveys/${token}/submit`, {
      token: null,
      body: { answers: answers(s.q, a) },
    });

  async function followUp(questionnaireId: string, trigger: string) {
    const c = await expectStatus(
      await api('/campaigns', {
        name: `投诉回访 ${trigger}`,
        questionnaireId,
        schedule: 'triggered',
        trigger,
      }),
      201,
    );
    await expectStatus(await api(`/campaigns/${c.id}/start`, undefined, 'POST'), 200);
    return c;
  }

  /** Files a complaint and takes it to its reply, the way a handler does in the complaints plugin. */
  async function replied(customerId: string, contactId: string) {
    const c = await complaint(
      '',
      {
        customerId,
        contactId,
        channel: 'phone',
        category: 'transport',
        subject: '送货延误三天',
        description: 'The order arrived three days late.',
      },
      201,
    );
    await complaint(`/${c.id}/accept`, { severity: 'normal', nature: 'general' });
    await reply(c.id);
    return c.id as string;
  }
  async function reply(id: string) {
    await complaint(`/${id}/investigation`, { cause: 'The carrier lost the parcel', evidence: ['Waybill'] });
    await complaint(`/${id}/responsibility`, {
      party: 'carrier',
      responsibleName: '顺达物流',
      rootCause: 'Parcel misrouted',
    });
    await complaint(`/${id}/handling`, {
      remedies: [{ kind: 'explanation', description: '说明原因并致歉' }],
    });
    await complaint(`/${id}/reply`, { text: '已补发并致歉', channel: 'phone', customerAccepted: true });
    await w.t.drain();
  }

  it('the survey after a reply is the return visit: unsatisfied reopens the complaint, satisfied closes it, and the closed complaint is surveyed', async () => {
    w = await world(db, { plugins: [complaintsPlugin], config: { surveyAsReturnVisit: true } });
    const s = await publishedSurvey(w);
    const a = await w.customer({}, [
      { name: '王经理', email: 'wang@example.com' },
      { name: '李工', email: 'li@example.com' },
    ]);
    // The regular survey invited the first contact a moment ago: fatigue does not hold complaint follow-ups.
    const regular = await expectStatus(
      await api('/campaigns', { name: '季度调查', questionnaireId: s.questionnaire.id }),
      201,
    );
    await expectStatus(await api(`/campaigns/${regular.id}/start`, undefined, 'POST'), 200);
    const visit = await followUp(s.questionnaire.id, 'complaint_replied');
    const after = await followUp(s.questionnaire.id, 'complaint_closed');

    const id = await replied(a.id, a.contacts[0]!);
    const sent = () => w.links.filter((l) => l.campaignId === visit.id);
    expect(sent().map((l) => l.contactId)).toEqual([a.contacts[0]]);
    const first = sent()[0]!.url.split('/').at(-1)!;
    await expectStatus(await submit(first, { product: 2, speed: [7, 2], nps: 3, csat: 1 }, s), 201);
    expect(await complaint(`/${id}`)).toMatchObject({ state: 'accepted', reopenCount: 1, satisfied: false });
    expect((await submit(first, { product: 5, speed: [7, 7], nps: 10, csat: 5 }, s)).status).toBe(409);

    // Handled again and replied again: a second return-visit survey, and a satisfied answer closes it.
    await reply(id);
    expect(sent()).toHaveLength(2);
    const second = sent()[1]!.url.split('/').at(-1)!;
    await expectStatus(await submit(second, { product: 5, speed: [6, 7], nps: 10, csat: 5 }, s), 201);
    expect(await complaint(`/${id}`)).toMatchObject({ state: 'closed', satisfied: true });
    await w.t.drain();
    const closedLinks = w.links.filter((l) => l.campaignId === after.id);
    expect(closedLinks.map((l) => l.contactId)).toEqual([a.contacts[0]]);
    // The event delivered again invites nobody twice.
    await w.t.drain();
    expect(w.links.filter((l) => l.campaignId === after.id)).toHaveLength(1);

    const report = await expectStatus(
      await api('/scores?groupBy=campaign&period=all&from=2026-01-01&to=2026-12-31'),
      200,
    );
    expect(report.service).toMatchObject({ complaints: 1, customers: 1 });
  });

  it('a complaint closed at its return visit sends the survey after closing to its contact', async () => {
    w = await world(db, { plugins: [complaintsPlugin] });
    const s = await publishedSurvey(w);
    const a = await w.customer({}, [
      { name: '王经理', email: 'wang@example.com' },
      { name: '李工', email: 'li@example.com' },
    ]);
    const after = await followUp(s.questionnaire.id, 'complaint_closed');
    const id = await replied(a.id, a.contacts[1]!);
    // Not configured as the return visit: the reply sends nothing, the handler visits.
    expect(w.links).toEqual([]);
    await complaint(`/${id}/return-visit`, { satisfied: true, note: '客户满意' });
    await w.t.drain();
    expect(w.links.map((l) => [l.campaignId, l.contactId])).toEqual([[after.id, a.contacts[1]]]);
    await expectStatus(
      await submit(w.tokenFor(a.contacts[1]!), { product: 4, speed: [6, 6], nps: 9, csat: 4 }, s),
      201,
    );
    const [response] = (await expectStatus(await api(`/customers/${a.id}/responses`), 200)).items;
    expect(response).toMatchObject({ csat: 4, nps: 9 });
  });

  it('an unsatisfied answer to the survey after closing reopens the closed complaint', async () => {
    w = await world(db, { plugins: [complaintsPlugin] });
    const s = await publishedSurvey(w);
    const a = await w.customer({});
    await followUp(s.questionnaire.id, 'complaint_closed');
    const id = await replied(a.id, a.contacts[0]!);
    await complaint(`/${id}/return-visit`, { satisfied: true, note: '电话回访：满意' });
    await w.t.drain();
    expect(await complaint(`/${id}`)).toMatchObject({ state: 'closed', reopenCount: 0 });
    // A week later the customer answers the survey: CSAT 1, a detractor.
    await expectStatus(
      await submit(w.tokenFor(a.contacts[0]!), { product: 2, speed: [7, 2], nps: 2, csat: 1 }, s),
      201,
    );
    await w.t.drain();
    expect(await complaint(`/${id}`)).toMatchObject({ state: 'accepted', reopenCount: 1 });
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
