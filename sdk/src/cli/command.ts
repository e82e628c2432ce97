import type { Clock, Database } from '@kehu/core';
import type { KehuConfig } from '../config.js';
import type { Kehu } from '../create-kehu.js';
import type { CliIo } from './io.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help, e.g. `<date>`. */
  value?: string;
  description: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  io: CliIo;
  values: OptionValues;
  positionals: string[];
  out(text: string): void;
  /** A progress or notice line on stderr, so stdout stays parseable. */
  note(text: string): void;
  /** The config (`--config`, else `kehu.config.*` in the working directory, else an empty one). */
  config(): Promise<KehuConfig>;
  /** The database (`--database`, `DATABASE_URL`, the config's, `./data/kehu.db`), reachable or a CliError. */
  database(): Promise<Database>;
  /**
   * Kehu booted for a one-off command (no background dispatcher or scheduler, quiet logs), or with
   * `serve` as the config says for a server. Closed when the command returns.
   */
  boot(options?: { serve?: boolean; clock?: Clock }): Promise<Kehu>;
}

export interface Command {
  /** Words after `kehu`, e.g. `['users', 'add']`. */
  path: string[];
  summary: string;
  usage: string;
  description?: string;
  options?: Record<string, OptionSpec>;
  /** Whether extra words are allowed after the command. */
  positionals?: boolean;
  /** Exit code; nothing means 0. */
  run(ctx: CommandContext): Promise<number | void>;
}

export const defineCommand = (c: Command): Command => c;

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOption(values: OptionValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : typeof v === 'string'
      ? [v]
      : [];
}
