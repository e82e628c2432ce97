import type { Principal } from '../auth/principal.js';

/**
 * Key of the request environment under which an in-process caller passes the principal. A module
 * symbol: nothing arriving over HTTP can carry it.
 */
export const IN_PROCESS_PRINCIPAL: unique symbol = Symbol('kehu.inProcessPrincipal');

/** The principal an in-process call was made as, if it was one. */
export function inProcessPrincipal(env: unknown): Principal | undefined {
  return env && typeof env === 'object'
    ? ((env as Record<symbol, unknown>)[IN_PROCESS_PRINCIPAL] as Principal | undefined)
    : undefined;
}

/** Calls `app` (the kernel's) as `principal`: the route's own auth, validation and rules apply. */
export function requestAs(
  app: { request(input: string, init?: RequestInit, env?: unknown): Response | Promise<Response> },
  principal: Principal,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  return Promise.resolve(app.request(path, init, { [IN_PROCESS_PRINCIPAL]: principal }));
}
