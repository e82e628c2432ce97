import { Accounts, type Kernel, type User } from '@kehu/core';
import { defineCommand, listOption, stringOption } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { table } from '../io.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The first line of a stream (a piped password), without its line ending. */
async function firstLine(
  stream: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

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
  usage: 'kehu users add --name <name> --role <role> [--role <role>…] [--email <email>] [--password]',
  description:
    "Adds a user. Roles are the kernel's (admin, general_manager, sales_manager, account_manager, staff) and those the enabled plugins add. Issue a token with kehu tokens create. With --password (and --email) the user can sign in to the web console: the password is read from KEHU_PASSWORD or the first line of standard input, never from the command line.",
  options: {
    name: { type: 'string', value: '<name>', description: 'display name, e.g. 王芳' },
    role: { type: 'string', multiple: true, value: '<role>', description: 'a role; repeat for several' },
    email: {
      type: 'string',
      value: '<email>',
      description: 'email address (unique); the console sign-in name',
    },
    password: {
      type: 'boolean',
      description: 'set a console password, read from KEHU_PASSWORD or the first line of stdin',
    },
  },
  async run(ctx) {
    const name = stringOption(ctx.values, 'name')?.trim();
    const roles = listOption(ctx.values, 'role');
    const email = stringOption(ctx.values, 'email')?.trim() || null;
    if (!name) throw new UsageError('--name is required');
    if (roles.length === 0) throw new UsageError('at least one --role is required');
    if (email && !EMAIL.test(email)) throw new UsageError(`--email is not an email address: "${email}"`);
    let password: string | undefined;
    if (ctx.values.password) {
      if (!email) throw new UsageError('--password needs --email: people sign in with their email');
      password = ctx.io.env.KEHU_PASSWORD ?? (await firstLine(ctx.io.stdin ?? process.stdin));
      const problem = Accounts.passwordProblem(password ?? '');
      if (problem) throw new UsageError(`the password is not acceptable: ${problem}`);
    }
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
      if (password !== undefined) await kernel.accounts.setPassword(u.id, password, trx);
      return u;
    });
    ctx.out(`Added user ${user.name} (${user.id}) with roles ${user.roles.join(', ')}.`);
    if (password !== undefined) ctx.note(`${user.name} can sign in to the web console as ${email}.`);
    else ctx.note(`Issue a token: kehu tokens create --user ${user.id}`);
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
