import type { PluginContext } from '@kehu/core';

const EVERYONE = ['general_manager', 'sales_manager', 'account_manager', 'staff'] as const;
const MANAGERS = ['general_manager', 'sales_manager'] as const;

/** The plugin's permissions and the roles that get them by default (`admin` has all). */
export function definePermissions(ctx: PluginContext<unknown>): void {
  ctx.permission('satisfaction.read', {
    description: 'See satisfaction scores, responses and campaigns',
    roles: EVERYONE,
  });
  ctx.permission('satisfaction.indicators.write', {
    description: 'Edit and publish indicator systems (满意度指标体系) and their weights',
    roles: MANAGERS,
  });
  ctx.permission('satisfaction.questionnaires.write', {
    description: 'Edit questionnaires',
    roles: MANAGERS,
  });
  ctx.permission('satisfaction.campaigns.write', {
    description: 'Create and run survey campaigns and invitations',
    roles: MANAGERS,
  });
  ctx.permission('satisfaction.interviews.write', {
    description: 'Record group interviews (小组会谈)',
    roles: [...MANAGERS, 'account_manager'],
  });
}
