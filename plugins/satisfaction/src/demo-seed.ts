import { companyClock, type DemoSeedContext, type Principal } from '@kehu/core';
import { insertRun } from './campaigns.js';
import type { Deps } from './context.js';
import {
  addIndicator,
  createSystem,
  enterWeights,
  type IndicatorSystem,
  publishSystem,
  weighByAhp,
} from './indicator-systems.js';
import { createQuestionnaire } from './questionnaires.js';
import { type SubmitEffects, submitSurvey } from './responses.js';

const bi = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** The plugin's parts per database, set in `setup`, so the demo seeder runs the plugin's own code. */
export const seedParts = new WeakMap<object, { deps: Deps; effects: SubmitEffects }>();

const TREE = [
  {
    code: 'P',
    name: bi('产品质量', 'Product quality'),
    children: [
      ['P.fit', bi('性能符合要求', 'Fit for purpose')],
      ['P.pack', bi('包装完好', 'Packaging')],
    ],
  },
  {
    code: 'S',
    name: bi('服务质量', 'Service quality'),
    children: [
      ['S.speed', bi('响应速度', 'Response speed')],
      ['S.attitude', bi('服务态度', 'Staff attitude')],
    ],
  },
  {
    code: 'D',
    name: bi('交付与购买', 'Delivery and purchase'),
    children: [['D.time', bi('按时交货', 'On-time delivery')]],
  },
] as const;

/**
 * Demo satisfaction data: a published indicator system (AHP on the dimensions), a questionnaire, and
 * two campaigns — last quarter's and this quarter's — answered by most invited contacts.
 */
export async function seedSatisfactionDemo(ctx: DemoSeedContext): Promise<void> {
  const parts = seedParts.get(ctx.kernel.database.db);
  if (!parts) return;
  const { effects } = parts;
  const admin = ctx.users.admin?.[0] ?? ctx.users.sales_manager?.[0];
  if (!admin) return;
  const actor: Principal = {
    id: admin.id,
    name: admin.name,
    roles: ['admin'],
    can: () => true,
    hasRole: () => true,
  };
  const deps = parts.deps;

  let system: IndicatorSystem = await createSystem(
    deps,
    { name: '客户满意度指标体系 / Customer satisfaction indicators' },
    actor,
  );
  for (const dim of TREE) {
    system = await addIndicator(
      deps,
      system.id,
      { code: dim.code, name: dim.name, step: 'validated' },
      actor,
    );
    const parentId = system.indicators.find((i) => i.code === dim.code)!.id;
    for (const [code, name] of dim.children)
      system = await addIndicator(
        deps,
        system.id,
        { parentId, code, name, kind: code === 'P.pack' ? 'auxiliary' : 'core', step: 'validated' },
        actor,
      );
  }
  const id = (code: string) => system.indicators.find((i) => i.code === code)!.id;
  await weighByAhp(
    deps,
    system.id,
    {
      parentId: null,
      indicatorIds: [id('P'), id('S'), id('D')],
      matrix: [
        [1, 2, 3],
        [1 / 2, 1, 2],
        [1 / 3, 1 / 2, 1],
      ],
    },
    actor,
  );
  for (const [parent, weights] of [
    ['P', { 'P.fit': 0.7, 'P.pack': 0.3 }],
    ['S', { 'S.speed': 0.5, 'S.attitude': 0.5 }],
    ['D', { 'D.time': 1 }],
  ] as const)
    await enterWeights(
      deps,
      system.id,
      {
        parentId: id(parent),
        weights: Object.entries(weights).map(([code, weight]) => ({ indicatorId: id(code), weight })),
      },
      actor,
    );
  await publishSystem(deps, system.id, actor);

  const questionnaire = await createQuestionnaire(
    deps,
    {
      title: bi('客户满意度调查', 'Customer satisfaction survey'),
      intro: bi(
        '感谢您抽出几分钟时间评价我们的产品与服务。',
        'Thank you for taking a few minutes to rate our products and service.',
      ),
      systemId: system.id,
      questions: [
        {
          type: 'rating',
          text: bi('产品性能是否符合您的要求？', 'Does the product do what you need?'),
          required: true,
          scale: 5,
          indicatorId: id('P.fit'),
          overall: false,
        },
        {
          type: 'rating',
          text: bi('到货时包装是否完好？', 'Did the packaging arrive intact?'),
          required: false,
          scale: 5,
          indicatorId: id('P.pack'),
          overall: false,
        },
        {
          type: 'servqual',
          text: bi('响应速度：您的期望与实际感受', 'Response speed: what you expected and what you got'),
          required: true,
          scale: 7,
          indicatorId: id('S.speed'),
        },
        {
          type: 'rating',
          text: bi('服务人员的态度', 'Our staff’s attitude'),
          required: true,
          scale: 5,
          indicatorId: id('S.attitude'),
          overall: false,
        },
        {
          type: 'rating',
          text: bi('是否按时交货？', 'Was delivery on time?'),
          required: true,
          scale: 5,
          indicatorId: id('D.time'),
          overall: false,
        },
        {
          type: 'csat',
          text: bi('总体而言，您对我们满意吗？', 'Overall, how satisfied are you with us?'),
          required: true,
          overall: true,
        },
        {
          type: 'nps',
          text: bi('您向同行推荐我们的可能性有多大？', 'How likely are you to recommend us to a colleague?'),
          required: true,
        },
        {
          type: 'ces',
          text: bi('与我们打交道是否方便？', 'How easy is it to do business with us?'),
          required: false,
        },
        { type: 'text', text: bi('您还有什么建议？', 'Anything else we should improve?'), required: false },
      ],
    },
    actor,
  );
  const q = (i: number) => questionnaire.questions[i]!.id;

  const now = ctx.kernel.clock.now().getTime();
  const rounds = [
    { name: '上季度客户满意度调查 / Last quarter’s survey', at: new Date(now - 95 * 86_400_000), mood: -0.4 },
    { name: '本季度客户满意度调查 / This quarter’s survey', at: new Date(now - 5 * 86_400_000), mood: 0.3 },
  ];
  const customers = ctx.customers.filter((c) => c.status !== 'terminated' && !c.doNotContact).slice(0, 40);
  let responses = 0;
  for (const round of rounds) {
    const clock = companyClock({ now: () => round.at }, ctx.kernel.clock.timeZone);
    const at = { ...deps, clock };
    const { links } = await insertRun(at, actor, {
      name: round.name,
      questionnaireId: questionnaire.id,
      customerIds: customers.map((c) => c.id),
    });
    const score = (max: number) =>
      Math.max(1, Math.min(max, Math.round(max * (0.72 + round.mood * 0.15 + (ctx.random() - 0.5) * 0.5))));
    for (const link of links) {
      if (ctx.random() < 0.25) continue;
      const token = link.url.split('/').at(-1)!;
      await submitSurvey(at, effects, token, [
        { questionId: q(0), value: score(5) },
        { questionId: q(1), value: ctx.random() < 0.3 ? null : score(5) },
        { questionId: q(2), value: { expectation: Math.min(7, score(7) + 1), perception: score(7) } },
        { questionId: q(3), value: score(5) },
        { questionId: q(4), value: score(5) },
        { questionId: q(5), value: score(5) },
        {
          questionId: q(6),
          value: Math.min(
            10,
            Math.max(0, Math.round(10 * (0.75 + round.mood * 0.2 + (ctx.random() - 0.5) * 0.6))),
          ),
        },
        { questionId: q(7), value: ctx.random() < 0.5 ? null : score(7) },
      ]);
      responses++;
    }
  }
  ctx.progress(`satisfaction: a published indicator system, 2 campaigns, ${responses} responses`);
}
