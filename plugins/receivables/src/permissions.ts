import type { PluginContext } from '@kehu/core';

export const FINANCE_MANAGER = 'finance_manager';

const EVERYONE = ['general_manager', 'sales_manager', 'account_manager', 'staff', FINANCE_MANAGER];
const SALES = ['general_manager', 'sales_manager', 'account_manager', FINANCE_MANAGER];

/**
 * The `finance_manager` role (财务经理) sees every customer's receivables; permissions for every
 * route, granted by default to the roles the company manuals name.
 */
export function definePermissions(ctx: Pick<PluginContext<unknown>, 'role' | 'grant' | 'permission'>): void {
  ctx.role(FINANCE_MANAGER, { en: 'Finance manager', 'zh-CN': '财务经理' });
  ctx.grant(FINANCE_MANAGER, 'customers.read');
  ctx.grant(FINANCE_MANAGER, 'customers.readAll');
  const def = (name: string, description: string, roles: readonly string[]) =>
    ctx.permission(name, { description, roles });
  def(
    'receivables.read',
    'Read invoices, payments, statements and plans of customers the caller may see',
    EVERYONE,
  );
  def('receivables.invoices.write', 'Issue and cancel invoices', SALES);
  def('receivables.payments.write', 'Record, allocate and reverse payments', [
    'general_manager',
    FINANCE_MANAGER,
  ]);
  def('receivables.creditNotes.write', 'Issue credit notes (returns, discounts, compensation)', [
    'general_manager',
    'sales_manager',
    FINANCE_MANAGER,
  ]);
  def('receivables.ageing.read', 'Read ageing reports and exports', SALES);
  def('receivables.warnings.answer', 'Answer mid-month warnings addressed to oneself', SALES);
  def(
    'receivables.statements.write',
    'Generate, send and record reconciliation statements and disputes',
    SALES,
  );
  def('receivables.followUps.record', 'Record the outcome of collection follow-ups (催收)', SALES);
  def('receivables.plans.write', 'Agree and cancel repayment plans', SALES);
  def('receivables.extensions.request', 'Request payment extensions', SALES);
  def('receivables.extensions.decide', 'Approve or reject payment extensions', [
    'sales_manager',
    FINANCE_MANAGER,
  ]);
  def(
    'receivables.extensions.approveAboveCeiling',
    'Approve an extension beyond the longest extended term (maxExtendedTermDays)',
    [FINANCE_MANAGER],
  );
  def('receivables.writeOffs.request', 'Request bad-debt write-offs', SALES);
  def('receivables.writeOffs.approve', 'Approve or reject bad-debt write-offs', [
    'general_manager',
    FINANCE_MANAGER,
  ]);
  def('receivables.handovers.write', 'Hand receivables over to another responsible person', [
    'general_manager',
    'sales_manager',
    FINANCE_MANAGER,
  ]);
  def('receivables.periods.close', 'Close a month for every customer (月结)', [FINANCE_MANAGER]);
  def('receivables.admin', 'Rebuild the maintained balances', []);
}
