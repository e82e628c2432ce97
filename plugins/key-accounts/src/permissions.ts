import type { PluginContext } from '@kehu/core';

const EVERYONE = ['general_manager', 'sales_manager', 'account_manager', 'staff'];
const SALES = ['general_manager', 'sales_manager', 'account_manager'];
const MANAGERS = ['general_manager', 'sales_manager'];

/** Permissions for every route, granted by default to the roles the sales manuals name. */
export function definePermissions(ctx: Pick<PluginContext<unknown>, 'permission'>): void {
  const def = (name: string, description: string, roles: readonly string[]) =>
    ctx.permission(name, { description, roles });
  def(
    'keyAccounts.read',
    'See ABC classes, key-account data and plans of customers the caller may see',
    EVERYONE,
  );
  def(
    'keyAccounts.write',
    'Manage key accounts: team, stage, relationship, buying centre, visits, plans',
    SALES,
  );
  def('keyAccounts.classify', 'Run the ABC classification, import revenue, override classes', MANAGERS);
  def('keyAccounts.designate.request', 'Propose designating or de-designating a key account', SALES);
  def('keyAccounts.designate.approve', 'Approve designation and de-designation of key accounts', MANAGERS);
  def(
    'keyAccounts.entitlements.manage',
    'Grant and end key-account entitlements (priority supply, green channel, executive visits…)',
    MANAGERS,
  );
  def('keyAccounts.scorecards.read', 'See key-account managers’ scorecards and sales targets', MANAGERS);
  def('keyAccounts.targets.write', 'Set key-account managers’ sales targets', MANAGERS);
}
