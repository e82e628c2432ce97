import { type Executor, type Kernel, ProblemError, problemResponse, type User } from '@kehu/core';
import type { Hono } from 'hono';
import type { Kehu } from './create-kehu.js';

/**
 * Mounts Kehu under `prefix` of a host's hono app: `/api/v1/customers` becomes
 * `<prefix>/api/v1/customers`. Kehu's routes keep their error handling, and unknown paths under
 * `<prefix>/api/` answer with Kehu's problem document rather than the host's 404 page.
 * Host middleware registered before this call runs first, so its auth can feed `auth.principal`.
 */
export function mountKehu<H extends Hono<any, any, any>>(
  host: H,
  prefix: string,
  kehu: Pick<Kehu, 'app'>,
): H {
  const base = prefix === '/' ? '' : prefix.replace(/\/+$/, '');
  host.route(base || '/', kehu.app);
  host.all(`${base}/api/*`, (c) =>
    problemResponse(
      c,
      new ProblemError({
        status: 404,
        code: 'route_not_found',
        detail: `No route ${c.req.method} ${c.req.path}`,
      }),
    ),
  );
  return host;
}

/**
 * The Kehu user for one of the host's users, found by email and created on first sight; name and
 * roles follow the host's. Hosts that bring their own auth call it at sign-in (or at boot for all
 * staff) and hand the returned id to `auth.principal`.
 */
export async function ensureUser(
  kernel: Kernel,
  input: { email: string; name: string; roles: string[] },
  trx?: Executor,
): Promise<User> {
  const unknown = input.roles.filter((r) => !kernel.permissions.isRole(r));
  if (unknown.length > 0) throw new Error(`Unknown role: ${unknown.join(', ')}`);
  const email = input.email.trim().toLowerCase();
  const row = await (trx ?? kernel.database.db)
    .selectFrom('kehu_user')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (!row) return kernel.users.create({ name: input.name, email, roles: input.roles }, trx);
  const existing = (await kernel.users.get(row.id as string, trx))!;
  const same = existing.name === input.name && existing.roles.join() === input.roles.join();
  return same
    ? existing
    : (await kernel.users.update(existing.id, { name: input.name, roles: input.roles }, trx))!;
}
