import type { Kernel, User } from '@kehu/core';
import { defineCommand, listOption, stringOption } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { table } from '../io.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A user by id, email or exact name; an ambiguous or unknown one is an error naming the candidates. */
export async function findUser(kernel: Kernel, ref: string): Promise<User> {
  const users = await kernel.users.list();
  const byId = users.find((u) => u.id === ref);
  if (byId) return byId;
  const matches = users.filter((u) => u.email?.toLowerCase() === ref.toLowerCase() || u.name === ref);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new CliError(
      `"${ref}" matches ${matches.length} users (${matches.map((u) => u.id).join(', ')}); give the id`,
    );
  throw new CliError(`no user "${ref}" (give an id, email or name; kehu users list shows them)`);
}

export const usersAddCommand = defineCommand({
  path: ['users', 'add'],
  summary: 'Add a user with roles',
  usage: 'kehu users add --name <name> --role <role> [--role <role>…] [--email <email>]',
  description:
    "Adds a user. Roles are the kernel's (admin, general_manager, sales_manager, account_manager, staff) and those the enabled plugins add. Issue a token with kehu tokens create.",
  options: {
    name: { type: 'string', value: '<name>', description: 'display name, e.g. 王芳' },
    role: { type: 'string', multiple: true, value: '<role>', description: 'a role; repeat for several' },
    email: { type: 'string', value: '<email>', description: 'email address (unique)' },
  },
  async run(ctx) {
    const name = stringOption(ctx.values, 'name')?.trim();
    const roles = listOption(ctx.values, 'role');
    const email = stringOption(ctx.values, 'email')?.trim() || null;
    if (!name) throw new UsageError('--name is required');
    if (roles.length === 0) throw new UsageError('at least one --role is required');
    if (email && !EMAIL.test(email)) throw new UsageError(`--email is not an email address: "${email}"`);
    const { kernel } = await ctx.boot();
    const unknown = roles.filter((r) => !kernel.permissions.isRole(r));
    if (unknown.length > 0) {
      throw new UsageError(
        `unknown role ${unknown.map((r) => `"${r}"`).join(', ')}; roles: ${kernel.permissions
          .listRoles()
          .map((r) => r.name)
          .join(', ')}`,
      );
    }
    if (email && (await kernel.users.list()).some((u) => u.email?.toLowerCase() === email.toLowerCase())) {
      throw new CliError(`a user with email ${email} exists`);
    }
    const user = await kernel.transaction(async (trx) => {
      const u = await kernel.users.create({ name, email, roles }, trx);
      await kernel.audit.record(trx, {
        entityType: 'user',
        entityId: u.id,
        action: 'create',
        actor: null,
        changes: { roles: { from: null, to: u.roles } },
        reason: 'kehu users add',
      });
      return u;
    });
    ctx.out(`Added user ${user.name} (${user.id}) with roles ${user.roles.join(', ')}.`);
    ctx.note(`Issue a token: kehu tokens create --user ${user.id}`);
  },
});

export const usersListCommand = defineCommand({
  path: ['users', 'list'],
  summary: 'List users and their roles',
  usage: 'kehu users list',
  async run(ctx) {
    const { kernel } = await ctx.boot();
    const users = await kernel.users.list();
    ctx.out(
      table(
        ['id', 'name', 'email', 'roles', 'active'],
        users.map((u) => [u.id, u.name, u.email ?? '', u.roles.join(','), u.active ? 'yes' : 'no']),
      ),
    );
  },
});
