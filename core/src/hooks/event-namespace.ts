import { BootError } from '../errors.js';

/** The kernel's own event namespaces (`customer.merged`, `activity.created`…); no plugin may take one. */
export const KERNEL_EVENT_NAMESPACES: readonly string[] = ['customer', 'activity', 'notification', 'webhook'];

/** The prefix of a plugin's events: its name in camelCase (`key-accounts` emits `keyAccounts.*`). */
export function eventNamespace(plugin: string): string {
  return plugin.replace(/-([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
}

const owns = (namespace: string, event: string) => event.startsWith(`${namespace}.`);

/** A plugin emitting an event outside its namespace: a programming error, raised before anything is written. */
export class EventNamespaceError extends Error {
  constructor(plugin: string, event: string) {
    super(
      `Plugin "${plugin}" may emit only its own events ("${eventNamespace(plugin)}.*"), not "${event}"; ` +
        "to have another plugin's event raised, call that plugin's service",
    );
    this.name = 'EventNamespaceError';
  }
}

export function assertOwnEvent(plugin: string, event: string): void {
  if (!owns(eventNamespace(plugin), event)) throw new EventNamespaceError(plugin, event);
}

/**
 * At boot: a plugin's namespace is not the kernel's, and every event it declares is under it. Named
 * after the plugin, so a declaration naming another plugin's event fails the boot, not a request.
 */
export function assertEventNamespace(plugin: string, declared: readonly string[] = []): void {
  const namespace = eventNamespace(plugin);
  if (KERNEL_EVENT_NAMESPACES.includes(namespace))
    throw new BootError(
      `Plugin "${plugin}" would emit events as "${namespace}.*", which belong to the kernel: choose another name`,
    );
  const foreign = declared.filter((e) => !owns(namespace, e));
  if (foreign.length > 0)
    throw new BootError(
      `Plugin "${plugin}" declares events outside its namespace "${namespace}.*": ${foreign.join(', ')}`,
    );
}
