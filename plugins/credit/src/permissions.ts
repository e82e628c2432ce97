import type { PluginContext } from '@kehu/core';

export const CREDIT_MANAGER = 'credit_manager';

/** Permission names of the credit plugin's routes. */
export const P = {
  read: 'credit.read',
  check: 'credit.check',
  investigate: 'credit.investigations.write',
  evaluate: 'credit.evaluations.create',
  approveEvaluations: 'credit.evaluations.approve',
  requestLimits: 'credit.limits.request',
  approveLimits: 'credit.limits.approve',
  manageProfiles: 'credit.profiles.manage',
  grantOverrides: 'credit.overrides.grant',
  managePolicy: 'credit.policy.manage',
} as const;

/**
 * The credit manager (信用经理) decides; account and sales managers gather information and ask;
 * the general manager may approve limits too. Admins hold every permission.
 */
export function defineCreditPermissions(ctx: PluginContext<unknown>): void {
  ctx.role(CREDIT_MANAGER, { en: 'Credit manager', 'zh-CN': '信用经理' });
  // Credit decisions concern every customer, whoever owns it.
  ctx.grant(CREDIT_MANAGER, 'customers.read');
  ctx.grant(CREDIT_MANAGER, 'customers.readAll');

  const sellers = ['general_manager', 'sales_manager', 'account_manager', CREDIT_MANAGER];
  ctx.permission(P.read, {
    description: 'See credit profiles, evaluations, limits and holds of visible customers',
    roles: sellers,
  });
  ctx.permission(P.check, { description: 'Ask whether a sale on credit would be approved', roles: sellers });
  ctx.permission(P.investigate, {
    description: 'Record credit investigations',
    roles: ['sales_manager', 'account_manager', CREDIT_MANAGER],
  });
  ctx.permission(P.evaluate, {
    description: 'Submit credit evaluations for approval',
    roles: ['sales_manager', CREDIT_MANAGER],
  });
  ctx.permission(P.approveEvaluations, {
    description: "Approve or reject evaluations (changes a customer's grade)",
    roles: [CREDIT_MANAGER],
  });
  ctx.permission(P.requestLimits, {
    description: 'Request fixed or temporary limits and transfers',
    roles: ['sales_manager', 'account_manager', CREDIT_MANAGER],
  });
  ctx.permission(P.approveLimits, {
    description: 'Approve or reject limit requests and transfers',
    roles: ['general_manager', CREDIT_MANAGER],
  });
  ctx.permission(P.manageProfiles, {
    description: 'Open credit profiles, set terms and review dates, place and release holds',
    roles: [CREDIT_MANAGER],
  });
  ctx.permission(P.grantOverrides, {
    description: 'Grant and revoke one-off credit exceptions',
    roles: [CREDIT_MANAGER],
  });
  ctx.permission(P.managePolicy, {
    description: 'Change grade policies, thresholds and the scoring model',
    roles: [CREDIT_MANAGER],
  });
}
