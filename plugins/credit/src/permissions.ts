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

const SELLERS = ['general_manager', 'sales_manager', 'account_manager', CREDIT_MANAGER];
const GATHERERS = ['sales_manager', 'account_manager', CREDIT_MANAGER];

/** Each permission: what it allows and the roles that hold it by default. */
const PERMISSIONS: readonly (readonly [string, string, readonly string[]])[] = [
  [P.read, 'See credit profiles, evaluations, limits and holds of visible customers', SELLERS],
  [P.check, 'Ask whether a sale on credit would be approved', SELLERS],
  [P.investigate, 'Record credit investigations', GATHERERS],
  [P.evaluate, 'Submit credit evaluations for approval', ['sales_manager', CREDIT_MANAGER]],
  [P.approveEvaluations, "Approve or reject evaluations (changes a customer's grade)", [CREDIT_MANAGER]],
  [P.requestLimits, 'Request fixed or temporary limits and transfers', GATHERERS],
  [P.approveLimits, 'Approve or reject limit requests and transfers', ['general_manager', CREDIT_MANAGER]],
  [
    P.manageProfiles,
    'Open credit profiles, set terms and review dates, place and release holds',
    [CREDIT_MANAGER],
  ],
  [P.grantOverrides, 'Grant and revoke one-off credit exceptions', [CREDIT_MANAGER]],
  [P.managePolicy, 'Change grade policies, thresholds and the scoring model', [CREDIT_MANAGER]],
];

/**
 * The credit manager (信用经理) decides; account and sales managers gather information and ask;
 * the general manager may approve limits too. Admins hold every permission.
 */
export function defineCreditPermissions(ctx: PluginContext<unknown>): void {
  ctx.role(CREDIT_MANAGER, { en: 'Credit manager', 'zh-CN': '信用经理' });
  // Credit decisions concern every customer, whoever owns it.
  ctx.grant(CREDIT_MANAGER, 'customers.read');
  ctx.grant(CREDIT_MANAGER, 'customers.readAll');

  for (const [name, description, roles] of PERMISSIONS) ctx.permission(name, { description, roles });
}
