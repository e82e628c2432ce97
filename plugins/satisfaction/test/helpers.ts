import { type AnyPlugin, definePlugin } from '@kehu/core';
import { createTestKehu, type TestDatabase, type TestKehu } from '@kehu/core/testing';
import type { InvitationLink } from '../src/index.js';
import { satisfactionPlugin } from '../src/index.js';

export async function expectStatus(res: Response, status: number): Promise<any> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A mail plugin as a host would write one: it keeps the links it is handed, standing in for sending them. */
export function outboxPlugin(into: InvitationLink[]) {
  return definePlugin({
    name: 'survey-mail',
    version: '1.0.0',
    optional: ['satisfaction'],
    setup(ctx) {
      ctx.hooks.filter('satisfaction.deliverInvitations', (p) => {
        into.push(...p.links);
      });
    },
  });
}

export interface World {
  t: TestKehu;
  links: InvitationLink[];
  am: { id: string; token: string };
  manager: { id: string; token: string };
  staff: { id: string; token: string };
  customer(
    body: Record<string, unknown>,
    contacts?: Record<string, unknown>[],
  ): Promise<{ id: string; contacts: string[] }>;
  /** The token of the latest link sent to a contact. */
  tokenFor(contactId: string): string;
  close(): Promise<void>;
}

export async function world(
  db: TestDatabase,
  options: { config?: Record<string, unknown>; plugins?: AnyPlugin[] } = {},
): Promise<World> {
  const links: InvitationLink[] = [];
  const t = await createTestKehu(db, {
    plugins: [...(options.plugins ?? []), satisfactionPlugin, outboxPlugin(links)],
    config: { satisfaction: options.config ?? {} },
  });
  const am = await t.user(['account_manager'], 'Li Na');
  const manager = await t.user(['sales_manager'], 'Chen Jie');
  const staff = await t.user(['staff'], 'Zhou Min');
  let n = 0;
  return {
    t,
    links,
    am,
    manager,
    staff,
    async customer(body, contacts = [{ name: '王经理', email: 'wang@example.com' }]) {
      const c = await expectStatus(
        await t.request('/api/v1/customers', { body: { name: `客户 ${++n}`, ownerId: am.id, ...body } }),
        201,
      );
      const ids: string[] = [];
      for (const contact of contacts)
        ids.push(
          (await expectStatus(await t.request(`/api/v1/customers/${c.id}/contacts`, { body: contact }), 201))
            .id,
        );
      return { id: c.id, contacts: ids };
    },
    tokenFor(contactId) {
      const link = links.filter((l) => l.contactId === contactId).at(-1);
      if (!link) throw new Error(`no link sent to ${contactId}`);
      return link.url.split('/').at(-1)!;
    },
    close: () => t.close(),
  };
}

const bi = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** `PUT …/weights` of one sibling group, weights given as `[indicatorId, weight]` pairs. */
export const putWeights = (
  w: World,
  systemId: string,
  parentId: string | null,
  weights: [string, number][],
) =>
  w.t.request(`/api/v1/satisfaction/indicator-systems/${systemId}/weights`, {
    method: 'PUT',
    body: { parentId, weights: weights.map(([indicatorId, weight]) => ({ indicatorId, weight })) },
  });

/**
 * A published system: quality (0.6: product 0.75, packaging 0.25) and service (0.4: speed, a core
 * indicator), and a questionnaire with a rating per leaf, a SERVQUAL pair on speed, NPS, CSAT, CES,
 * a choice and free text.
 */
export async function publishedSurvey(w: World) {
  const req = (path: string, body?: unknown, method?: string) =>
    w.t.request(`/api/v1/satisfaction${path}`, { body, method });
  const system = await expectStatus(await req('/indicator-systems', { name: '服务满意度' }), 201);
  let s = await expectStatus(
    await req(`/indicator-systems/${system.id}/indicators`, {
      code: 'Q',
      name: bi('产品质量', 'Product quality'),
    }),
    201,
  );
  s = await expectStatus(
    await req(`/indicator-systems/${system.id}/indicators`, { code: 'S', name: bi('服务', 'Service') }),
    201,
  );
  const id = (code: string) => s.indicators.find((i: any) => i.code === code).id;
  s = await expectStatus(
    await req(`/indicator-systems/${system.id}/indicators`, {
      parentId: id('Q'),
      code: 'Q.product',
      name: bi('产品', 'Product'),
    }),
    201,
  );
  s = await expectStatus(
    await req(`/indicator-systems/${system.id}/indicators`, {
      parentId: id('Q'),
      code: 'Q.packaging',
      name: bi('包装', 'Packaging'),
      kind: 'auxiliary',
    }),
    201,
  );
  s = await expectStatus(
    await req(`/indicator-systems/${system.id}/indicators`, {
      parentId: id('S'),
      code: 'S.speed',
      name: bi('响应速度', 'Speed'),
    }),
    201,
  );
  await expectStatus(
    await putWeights(w, system.id, null, [
      [id('Q'), 0.6],
      [id('S'), 0.4],
    ]),
    200,
  );
  await expectStatus(
    await putWeights(w, system.id, id('Q'), [
      [id('Q.product'), 0.75],
      [id('Q.packaging'), 0.25],
    ]),
    200,
  );
  await expectStatus(await putWeights(w, system.id, id('S'), [[id('S.speed'), 1]]), 200);
  const published = await expectStatus(
    await req(`/indicator-systems/${system.id}/publish`, undefined, 'POST'),
    200,
  );
  const questionnaire = await expectStatus(
    await req('/questionnaires', {
      title: bi('客户满意度调查', 'Customer satisfaction survey'),
      systemId: system.id,
      questions: [
        { type: 'rating', text: bi('产品质量', 'Product'), scale: 5, indicatorId: id('Q.product') },
        {
          type: 'rating',
          text: bi('包装', 'Packaging'),
          scale: 5,
          indicatorId: id('Q.packaging'),
          required: false,
        },
        { type: 'servqual', text: bi('响应速度', 'Speed'), scale: 7, indicatorId: id('S.speed') },
        { type: 'nps', text: bi('您向朋友推荐我们的可能性', 'How likely are you to recommend us?') },
        { type: 'csat', text: bi('总体满意度', 'Overall satisfaction'), overall: true },
        { type: 'ces', text: bi('办事是否方便', 'How easy was it?'), required: false },
        {
          type: 'single',
          text: bi('渠道', 'Channel'),
          required: false,
          options: [
            { value: 'phone', label: bi('电话', 'Phone') },
            { value: 'web', label: bi('网站', 'Web') },
          ],
        },
        { type: 'text', text: bi('建议', 'Suggestions'), required: false },
      ],
    }),
    201,
  );
  const q = (i: number) => questionnaire.questions[i].id as string;
  return { system: published, questionnaire, id, q };
}

/** Answers to {@link publishedSurvey}'s questionnaire. */
export function answers(
  q: (i: number) => string,
  a: {
    product: number;
    packaging?: number | null;
    speed: [number, number];
    nps: number;
    csat: number;
    ces?: number | null;
  },
) {
  return [
    { questionId: q(0), value: a.product },
    { questionId: q(1), value: a.packaging ?? null },
    { questionId: q(2), value: { expectation: a.speed[0], perception: a.speed[1] } },
    { questionId: q(3), value: a.nps },
    { questionId: q(4), value: a.csat },
    { questionId: q(5), value: a.ces ?? null },
  ];
}

/**
 * One answer to {@link publishedSurvey}'s questionnaire: a customer with a contact, a campaign started
 * for it, the link the contact was sent answered (CSI 78.92). Answers the customer.
 */
export async function answeredOnce(
  t: TestKehu,
  links: InvitationLink[],
  s: Awaited<ReturnType<typeof publishedSurvey>>,
): Promise<{ id: string }> {
  const customer = await expectStatus(
    await t.request('/api/v1/customers', { body: { name: '杭州西湖国宾酒店' } }),
    201,
  );
  await expectStatus(
    await t.request(`/api/v1/customers/${customer.id}/contacts`, {
      body: { name: '王经理', email: 'w@example.com' },
    }),
    201,
  );
  const campaign = await expectStatus(
    await t.request('/api/v1/satisfaction/campaigns', {
      body: { name: 'Q1', questionnaireId: s.questionnaire.id },
    }),
    201,
  );
  await expectStatus(
    await t.request(`/api/v1/satisfaction/campaigns/${campaign.id}/start`, { method: 'POST' }),
    200,
  );
  const token = links.at(-1)!.url.split('/').at(-1);
  await expectStatus(
    await t.request(`/api/v1/satisfaction/public/surveys/${token}/submit`, {
      token: null,
      body: { answers: answers(s.q, { product: 4, speed: [7, 6], nps: 9, csat: 4 }) },
    }),
    201,
  );
  return customer;
}
