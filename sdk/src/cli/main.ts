import { parseArgs } from 'node:util';
import { ConfigError } from '../load-config.js';
import { SDK_VERSION } from '../version.js';
import type { Command, OptionSpec } from './command.js';
import { commands } from './commands/index.js';
import { CliContext } from './context.js';
import { CliError, parseArgsMessage, UsageError } from './errors.js';
import { type CliIo, processIo } from './io.js';

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  config: {
    type: 'string',
    value: '<file>',
    description: 'config file (default: kehu.config.ts or .js in the current directory)',
  },
  database: {
    type: 'string',
    value: '<url>',
    description:
      'postgres://… or a SQLite file (default: DATABASE_URL, then the config, then ./data/kehu.db)',
  },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

function optionsHelp(options: Record<string, OptionSpec>): string {
  const rows = Object.entries(options).map(([name, o]) => [
    `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`,
    o.description,
  ]);
  const width = Math.max(...rows.map(([l]) => l!.length));
  return rows.map(([l, d]) => `  ${l!.padEnd(width)}  ${d}`).join('\n');
}

export function commandHelp(command: Command): string {
  return [
    `Usage: ${command.usage}`,
    '',
    command.description ?? command.summary,
    '',
    'Options:',
    optionsHelp({ ...command.options, ...GLOBAL_OPTIONS }),
    '',
  ].join('\n');
}

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  return [
    'kehu: run and administer a Kehu CRM',
    '',
    'Usage: kehu <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    "Run 'kehu <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** The command named by the leading words of argv, the longest match winning (`migrate status` over `migrate`). */
function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
}

/**
 * The `kehu` CLI as a function: returns the exit code and writes only to `io`, so tests run it
 * in-process. Errors a user can act on are one line on stderr; a stack only with `KEHU_DEBUG=1`.
 */
export async function runCli(argv: readonly string[], ioOverrides: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = { ...processIo(), ...ioOverrides };
  const args = [...argv];
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.stdout.write(mainHelp());
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === '--version' || args[0] === '-v') {
    io.stdout.write(`kehu ${SDK_VERSION}\n`);
    return 0;
  }
  const found = findCommand(args);
  if (!found) {
    const word = args[0]!.startsWith('-')
      ? `option ${args[0]}`
      : `command "${args
          .filter((a) => !a.startsWith('-'))
          .slice(0, 2)
          .join(' ')}"`;
    io.stderr.write(`kehu: unknown ${word} (run kehu --help for the list)\n`);
    return 2;
  }
  const { command, rest } = found;
  const name = `kehu ${command.path.join(' ')}`;
  let ctx: CliContext | undefined;
  try {
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: rest,
        options: Object.fromEntries(
          Object.entries({ ...command.options, ...GLOBAL_OPTIONS }).map(([k, o]) => [
            k,
            {
              type: o.type,
              ...(o.short ? { short: o.short } : {}),
              ...(o.multiple ? { multiple: true } : {}),
            },
          ]),
        ),
        allowPositionals: command.positionals ?? false,
        strict: true,
      });
    } catch (err) {
      const message = parseArgsMessage(err);
      if (message) throw new UsageError(message);
      throw err;
    }
    if (parsed.values.help) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    ctx = new CliContext(io, parsed.values, parsed.positionals);
    return (await command.run(ctx)) ?? 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${name}: ${err.message} (see ${name} --help)\n`);
      return 2;
    }
    if (err instanceof CliError || err instanceof ConfigError) {
      io.stderr.write(`${name}: ${err.message}\n`);
      return 1;
    }
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    io.stderr.write(`${name}: ${message}${io.env.KEHU_DEBUG ? '' : ' (set KEHU_DEBUG=1 for details)'}\n`);
    if (io.env.KEHU_DEBUG && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
    return 1;
  } finally {
    await ctx?.close().catch(() => undefined);
  }
}
