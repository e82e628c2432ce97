import { BootError } from '../errors.js';
import type { Principal } from './principal.js';
import { KERNEL_ROLES } from './principal.js';

export interface RoleDefinition {
  name: string;
  labels: { en: string; 'zh-CN': string };
  plugin: string;
}

export interface PermissionDefinition {
  name: string;
  description: string;
  /** Roles granted this permission by default. `admin` always has every permission. */
  roles: readonly string[];
  plugin: string;
}

const KERNEL_ROLE_LABELS: Record<string, { en: string; 'zh-CN': string }> = {
  admin: { en: 'Administrator', 'zh-CN': '系统管理员' },
  general_manager: { en: 'General manager', 'zh-CN': '总经理' },
  sales_manager: { en: 'Sales manager', 'zh-CN': '销售经理' },
  account_manager: { en: 'Account manager', 'zh-CN': '客户经理' },
  staff: { en: 'Staff', 'zh-CN': '职员' },
};

/** Roles and the permissions they grant, declared by the kernel and by plugins at setup. */
export class PermissionRegistry {
  private readonly roles = new Map<string, RoleDefinition>();
  private readonly permissions = new Map<string, PermissionDefinition>();
  private readonly grants = new Map<string, Set<string>>();

  constructor() {
    for (const r of KERNEL_ROLES)
      this.defineRole({ name: r, labels: KERNEL_ROLE_LABELS[r]!, plugin: 'kernel' });
  }

  defineRole(role: RoleDefinition): void {
    if (this.roles.has(role.name))
      throw new BootError(`Role "${role.name}" is defined twice (by ${role.plugin})`);
    this.roles.set(role.name, role);
    this.grants.set(role.name, new Set());
  }

  definePermission(p: PermissionDefinition): void {
    if (this.permissions.has(p.name))
      throw new BootError(`Permission "${p.name}" is defined twice (by ${p.plugin})`);
    this.permissions.set(p.name, p);
    for (const role of p.roles) {
      const set = this.grants.get(role);
      if (!set) throw new BootError(`Permission "${p.name}" of ${p.plugin} grants unknown role "${role}"`);
      set.add(p.name);
    }
  }

  grant(role: string, permission: string): void {
    const set = this.grants.get(role);
    if (!set) throw new BootError(`Cannot grant "${permission}" to unknown role "${role}"`);
    if (!this.permissions.has(permission))
      throw new BootError(`Cannot grant unknown permission "${permission}" to "${role}"`);
    set.add(permission);
  }

  isRole(name: string): boolean {
    return this.roles.has(name);
  }

  isPermission(name: string): boolean {
    return this.permissions.has(name);
  }

  listRoles(): RoleDefinition[] {
    return [...this.roles.values()];
  }

  listPermissions(): (PermissionDefinition & { roles: string[] })[] {
    return [...this.permissions.values()].map((p) => ({
      ...p,
      roles: [
        'admin',
        ...[...this.grants.entries()]
          .filter(([, s]) => s.has(p.name))
          .map(([r]) => r)
          .filter((r) => r !== 'admin'),
      ],
    }));
  }

  principal(user: { id: string; name: string; roles: readonly string[] }): Principal {
    const roles = user.roles;
    const isAdmin = roles.includes('admin');
    const granted = new Set<string>();
    for (const r of roles) for (const p of this.grants.get(r) ?? []) granted.add(p);
    return {
      id: user.id,
      name: user.name,
      roles,
      can: (permission) => isAdmin || granted.has(permission),
      hasRole: (...wanted) => wanted.some((r) => roles.includes(r)),
    };
  }
}
