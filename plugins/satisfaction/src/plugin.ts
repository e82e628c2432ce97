import { definePlugin, pluginDeps } from '@kehu/core';
// Types only: the complaints events and service, used when that plugin is enabled.
import type {} from '@kehu/plugin-complaints';
import { runSchedules } from './campaigns.js';
import { satisfactionConfigSchema } from './config.js';
import type { Deps } from './context.js';
import { loadFacet, loadTimeline, registerCustomerHooks, SatisfactionFacet } from './customer-hooks.js';
import { seedParts, seedSatisfactionDemo } from './demo-seed.js';
import { LOW_SCORE_ACTIVITY, submitEffects } from './effects.js';
import { inviteAfterComplaint } from './follow-ups.js';
import type { Ports } from './integrations.js';
import { remindAndExpire } from './invitations.js';
import { satisfactionMigrations } from './migrations.js';
import { definePermissions } from './permissions.js';
import { campaignRoutes } from './routes/campaigns.js';
import { indicatorRoutes } from './routes/indicators.js';
import { interviewRoutes } from './routes/interviews.js';
import { publicRoutes } from './routes/public.js';
import { questionnaireRoutes } from './routes/questionnaires.js';
import { scoreRoutes } from './routes/scores.js';
import { surveyFormRoutes } from './routes/survey-form.js';
import { scorecardSatisfaction } from './scorecard.js';
import { createSatisfactionService } from './service.js';
// TSX modules are imported without an extension, so jiti (which loads plugin sources) finds them.
import { satisfactionUi } from './ui';

const Labels = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** 客户满意度: indicator systems, questionnaires, campaigns, invitations, scores and low-score alerts. */
export const satisfactionPlugin = definePlugin({
  name: 'satisfaction',
  version: '0.1.0',
  description:
    'Customer satisfaction (客户满意度): weighted indicators (AHP), questionnaires, campaigns, invitations, CSI / CSAT / NPS / CES, SERVQUAL gaps',
  optional: ['complaints', 'key-accounts'],
  config: satisfactionConfigSchema,
  migrations: satisfactionMigrations,
  setup(ctx) {
    const deps: Deps = pluginDeps(ctx);
    const ports: Ports = {
      complaints: () => ctx.service('complaints'),
      keyAccounts: () => ctx.service('key-accounts'),
    };
    definePermissions(ctx);
    satisfactionUi(ctx);
    ctx.provide(createSatisfactionService(ctx.db));
    ctx.activities.defineType(LOW_SCORE_ACTIVITY, {
      labels: Labels('Low satisfaction score', '满意度低分跟进'),
    });
    for (const [name, en, zh] of [
      ['satisfaction_system', 'Satisfaction indicator system', '满意度指标体系'],
      ['satisfaction_questionnaire', 'Satisfaction questionnaire', '满意度问卷'],
      ['satisfaction_campaign', 'Satisfaction survey campaign', '满意度调查活动'],
      ['satisfaction_interview', 'Group interview', '小组会谈'],
    ] as const)
      ctx.registry.entityType(name, { labels: Labels(en, zh) });
    ctx.registry.entityType('satisfaction_response', {
      labels: Labels('Satisfaction survey response', '满意度调查回复'),
      table: 'sat_response',
      customerColumn: 'customer_id',
    });

    const effects = submitEffects(deps, ports);
    seedParts.set(ctx.db, { deps, effects });
    indicatorRoutes(ctx.router, deps);
    questionnaireRoutes(ctx.router, deps);
    campaignRoutes(ctx.router, deps);
    scoreRoutes(ctx.router, deps, ports);
    interviewRoutes(ctx.router, deps);
    surveyFormRoutes(ctx.router, deps, effects, publicRoutes(ctx.router, deps, effects));

    registerCustomerHooks(ctx.hooks);
    ctx.registry.facet('satisfaction', {
      schema: SatisfactionFacet,
      permission: 'satisfaction.read',
      load: (ids, trx) => loadFacet(trx, ids),
    });
    ctx.registry.timeline('satisfaction', {
      load: (customerId, page, trx) => loadTimeline(trx, customerId, page),
    });

    ctx.hooks.on('complaints.closed', 'survey-after-closed', async (p) => {
      if (ctx.config.surveyAfterComplaintClosed) await inviteAfterComplaint(deps, 'complaint_closed', p);
    });
    ctx.hooks.on('complaints.replied', 'survey-as-return-visit', async (p) => {
      if (ctx.config.surveyAsReturnVisit) await inviteAfterComplaint(deps, 'complaint_replied', p);
    });
    scorecardSatisfaction(ctx.hooks, deps);

    ctx.scheduler.define({ name: 'campaigns', period: 'day', run: () => runSchedules(deps) });
    ctx.scheduler.define({ name: 'reminders', period: 'day', run: () => remindAndExpire(deps) });
  },
  seedDemo: seedSatisfactionDemo,
});
