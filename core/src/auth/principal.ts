/** Who is making a request, with the permissions their roles grant. */
export interface Principal {
  id: string;
  name: string;
  roles: readonly string[];
  can(permission: string): boolean;
  hasRole(...roles: string[]): boolean;
}

export const KERNEL_ROLES = [
  'admin',
  'general_manager',
  'sales_manager',
  'account_manager',
  'staff',
] as const;
export type KernelRole = (typeof KERNEL_ROLES)[number];
