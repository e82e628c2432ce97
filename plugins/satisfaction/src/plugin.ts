import { definePlugin } from '@kehu/core';
import { satisfactionConfigSchema } from './config.js';
import { definePermissions } from './permissions.js';
import { createSatisfactionService } from './service.js';

/** 客户满意度: indicator systems, questionnaires, campaigns, invitations, scores and low-score alerts. */
export const satisfactionPlugin = definePlugin({
  name: 'satisfaction',
  version: '0.1.0',
  description:
    'Customer satisfaction (客户满意度): weighted indicators (AHP), questionnaires, campaigns, invitations, CSI / CSAT / NPS / CES, SERVQUAL gaps',
  optional: ['complaints', 'key-accounts'],
  config: satisfactionConfigSchema,
  setup(ctx) {
    definePermissions(ctx);
    ctx.provide(createSatisfactionService(ctx.db));
  },
});
