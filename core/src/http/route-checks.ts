import type { PermissionRegistry } from '../auth/permissions.js';
import { BootError } from '../errors.js';
import type { KehuRouter } from './router.js';

/**
 * Boot-time checks over every mounted route: a write route must say which customer it acts on (so
 * the router can ask "may this caller change it"), a route guarded by a permission nobody defined
 * would silently be admin-only, and a plugin named like a kernel route segment would shadow or be shadowed.
 */
export function assertRoutes(
  kernelRouters: readonly KehuRouter[],
  pluginRouters: readonly KehuRouter[],
  permissions: PermissionRegistry,
): void {
  for (const router of [...kernelRouters, ...pluginRouters]) {
    for (const op of router.operations) {
      const { access } = op.spec;
      const where = `${op.method.toUpperCase()} ${router.basePath}${op.path === '/' ? '' : op.path}`;
      if (op.method !== 'get' && access !== 'public' && op.spec.customer === undefined) {
        throw new BootError(
          `${where} must declare the customer it acts on: customer: { param or body: '<id field>', access: 'change' } (or 'see'), or customer: false when it acts on no customer's data`,
        );
      }
      if (access !== 'public' && access !== 'authenticated' && !permissions.isPermission(access)) {
        throw new BootError(`${where} needs permission "${access}", which no plugin defines`);
      }
    }
  }
  for (const plugin of pluginRouters) {
    const prefix = plugin.basePath;
    const clash = kernelRouters.find(
      (k) =>
        k.basePath === prefix ||
        k.basePath.startsWith(prefix + '/') ||
        k.operations.some(
          (op) => `${k.basePath}${op.path}`.startsWith(prefix + '/') || `${k.basePath}${op.path}` === prefix,
        ),
    );
    if (clash)
      throw new BootError(
        `Plugin routes at ${prefix} clash with the kernel's routes: choose another plugin name`,
      );
  }
}
