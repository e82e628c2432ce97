import { definePlugin, z } from '@kehu/core';
import { complaintsMigrations } from './migrations.js';
import { createComplaintsService } from './service.js';

/** 客户投诉: intake by the handler who follows through, nature, SLA on working time, return visits, systemic issues. */
export const complaintsPlugin = definePlugin({
  name: 'complaints',
  version: '0.1.0',
  description:
    'Complaints (客户投诉): intake by the handler who follows through, nature, a state machine, SLA on working time with escalation, return visits, systemic issues',
  optional: ['receivables'],
  config: z.object({}),
  migrations: complaintsMigrations,
  setup(ctx) {
    ctx.provide(createComplaintsService(ctx.db));
  },
});
