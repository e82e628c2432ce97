import { defineCommand, stringOption } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { parseInstant } from './jobs.js';
import { findUser } from './users.js';

export const tokensCreateCommand = defineCommand({
  path: ['tokens', 'create'],
  summary: 'Issue an API token for a user (printed once)',
  usage: 'kehu tokens create --user <id|email|name> [--name <label>] [--expires <date>]',
  description:
    'Issues a bearer token for a user and prints it on stdout (only its hash is stored, so this is the only time it is shown): ' +
    'TOKEN=$(kehu tokens create --user Administrator).',
  options: {
    user: { type: 'string', value: '<user>', description: 'the user: id, email or exact name' },
    name: { type: 'string', value: '<label>', description: 'what the token is for (default "kehu CLI")' },
    expires: {
      type: 'string',
      value: '<date>',
      description: 'expiry date or ISO date-time (default: never)',
    },
  },
  async run(ctx) {
    const ref = stringOption(ctx.values, 'user')?.trim();
    if (!ref) throw new UsageError('--user is required');
    const rawExpiry = stringOption(ctx.values, 'expires');
    let expiresAt: string | null = null;
    if (rawExpiry) {
      try {
        expiresAt = parseInstant(rawExpiry).toISOString();
      } catch {
        throw new UsageError(`--expires must be a date (2026-12-31) or an ISO date-time, got "${rawExpiry}"`);
      }
    }
    const { kernel } = await ctx.boot();
    const user = await findUser(kernel, ref);
    if (!user.active) throw new CliError(`user ${user.name} (${user.id}) is deactivated`);
    if (expiresAt && expiresAt <= kernel.clock.now().toISOString())
      throw new UsageError('--expires is in the past');
    const { token, info } = await kernel.users.createToken(
      user.id,
      stringOption(ctx.values, 'name') ?? 'kehu CLI',
      { expiresAt },
    );
    ctx.note(
      `Token ${info.id} for ${user.name} (${user.roles.join(', ')})${expiresAt ? `, expires ${expiresAt}` : ''}. Shown once:`,
    );
    ctx.out(token);
  },
});
