import type { PermissionRegistry } from './auth/permissions.js';

const ALL = ['general_manager', 'sales_manager', 'account_manager', 'staff'] as const;
const MANAGERS = ['general_manager', 'sales_manager'] as const;

/** The kernel's permissions. `admin` has every permission; plugins add theirs at setup. */
export function defineKernelPermissions(p: PermissionRegistry): void {
  const def = (name: string, description: string, roles: readonly string[]) =>
    p.definePermission({ name, description, roles, plugin: 'kernel' });
  def('customers.read', 'Read customers the access policy lets the caller see', ALL);
  def('customers.readAll', 'See every customer regardless of owner', MANAGERS);
  def('customers.create', 'Add customers (any employee may add to the archive)', ALL);
  def('customers.update', 'Change own customers (managers: any) and their contacts', [
    'general_manager',
    'sales_manager',
    'account_manager',
  ]);
  def('customers.assignOwner', 'Change the account manager of a customer', MANAGERS);
  def('customers.delete', 'Soft-delete and restore customers and plugin entities', MANAGERS);
  // 客户关系的终止 needs senior management: the general manager.
  def('customers.terminate', 'End a customer relationship', ['general_manager']);
  def('customers.changeRequests.decide', 'Approve or reject change requests of other users', MANAGERS);
  def(
    'customers.discounts.decide',
    'Approve or reject discount requests of other users (折价审批)',
    MANAGERS,
  );
  def('customers.value.manage', 'Import yearly revenue figures and refresh the value segments', MANAGERS);
  def('customers.merge', 'Merge duplicate customers', MANAGERS);
  def('customers.import', 'Import customers from CSV', MANAGERS);
  def('customers.export', 'Export the customers the caller may see', ALL);
  def('customers.communicate', 'File communications with customers the caller may see', ALL);
  def('customers.grants.request', 'Ask for access to a customer', ALL);
  def('customers.grants.decide', 'Approve or reject access requests', MANAGERS);
  def('customers.customFields.manage', 'Define custom customer fields', []);
  def('audit.read', 'Read the audit trail', ['general_manager']);
  def('users.manage', 'Create users, change roles, issue tokens', []);
  def('users.read', 'List users', MANAGERS);
  def('admin.hooks', 'See hooks and event deliveries; replay dead letters', []);
  def('admin.jobs', 'Run scheduled jobs on demand', []);
  def('admin.webhooks', 'Register outbound webhook endpoints, see their delivery log, ping and replay', []);
}
