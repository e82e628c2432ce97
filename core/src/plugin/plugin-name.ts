import { BootError } from '../errors.js';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * A plugin's name is its URL segment (`/api/v1/<name>`), its migration namespace and its service
 * name, so it must be a plain lower-case slug and must not be `kernel` (the kernel's namespace).
 */
export function assertPluginName(name: string): void {
  if (!NAME.test(name) || name.length > 50) {
    throw new BootError(
      `Plugin name "${name}" is invalid: use lower-case letters, digits and single dashes, at most 50 characters`,
    );
  }
  if (name === 'kernel') throw new BootError('Plugin name "kernel" is reserved for the kernel');
}
