import { isAbsolute, resolve } from 'node:path';
import {
  BootError,
  type Clock,
  consoleLogger,
  type Database,
  type DatabaseOptions,
  isPostgresUrl,
  openDatabase,
} from '@kehu/core';
import type { KehuConfig } from '../config.js';
import { createKehu, databaseOption, type Kehu } from '../create-kehu.js';
import { findConfigFile, loadConfigFile } from '../load-config.js';
import type { CommandContext, OptionValues } from './command.js';
import { CliError, redactUrl } from './errors.js';
import { type CliIo, cliLogger } from './io.js';

const DEFAULT_DATABASE = './data/kehu.db';
/** A server that accepts the connection but never answers must not hang a command. */
const CONNECT_TIMEOUT_MS = 15_000;

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The message of a connection error; Node reports a refused dual-stack connect as an AggregateError with none. */
function errorMessage(err: unknown): string {
  if (err instanceof AggregateError && !err.message) return errorMessage(err.errors[0]);
  if (err instanceof Error) return err.message || (err as { code?: string }).code || err.name;
  return String(err);
}

/** Opens SQLite file paths relative to the CLI's working directory, not the process's. */
function resolveDatabaseOptions(options: DatabaseOptions, cwd: string): DatabaseOptions {
  const url = options.url ?? DEFAULT_DATABASE;
  if (isPostgresUrl(url) || url === ':memory:') return { ...options, url };
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  return { ...options, url: isAbsolute(file) ? file : resolve(cwd, file) };
}

/** Lazily loads config, database and kernel for a command, and closes whatever it opened. */
export class CliContext implements CommandContext {
  private loadedConfig: Promise<KehuConfig> | undefined;
  private opened: Promise<Database> | undefined;
  private booted: Kehu | undefined;
  private withoutConfigFile = false;

  constructor(
    readonly io: CliIo,
    readonly values: OptionValues,
    readonly positionals: string[],
  ) {}

  out(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }

  note(text: string): void {
    this.io.stderr.write(text.endsWith('\n') ? text : text + '\n');
  }

  config(): Promise<KehuConfig> {
    this.loadedConfig ??= (async () => {
      const file = findConfigFile(
        this.io.cwd,
        typeof this.values.config === 'string' ? this.values.config : undefined,
      );
      if (file) return loadConfigFile(file);
      this.withoutConfigFile = true;
      return {};
    })();
    return this.loadedConfig;
  }

  /** `--database`, then `DATABASE_URL`, then the config's, then `./data/kehu.db`. */
  async databaseOptions(): Promise<Database | DatabaseOptions> {
    const flag = typeof this.values.database === 'string' ? this.values.database : undefined;
    const env = this.io.env.DATABASE_URL?.trim() || undefined;
    const fromConfig = databaseOption((await this.config()).database);
    if (flag ?? env) return resolveDatabaseOptions({ url: (flag ?? env)! }, this.io.cwd);
    if (fromConfig && 'db' in fromConfig) return fromConfig;
    return resolveDatabaseOptions(fromConfig ?? {}, this.io.cwd);
  }

  database(): Promise<Database> {
    this.opened ??= (async () => {
      const options = await this.databaseOptions();
      if ('db' in options) return options;
      const shown = redactUrl(options.url!);
      let database: Database | undefined;
      try {
        database = await openDatabase(options);
        await withTimeout(
          database.ping(),
          CONNECT_TIMEOUT_MS,
          `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`,
        );
        return database;
      } catch (err) {
        // Not awaited: closing a pool waits for a connect attempt that may never end.
        void database?.close().catch(() => undefined);
        throw new CliError(`cannot reach the database ${shown}: ${errorMessage(err)}`);
      }
    })();
    return this.opened;
  }

  /** Boots once; `clock` replaces the config's (`jobs run --at`) without changing the loaded config. */
  async boot(options: { serve?: boolean; clock?: Clock } = {}): Promise<Kehu> {
    if (this.booted) return this.booted;
    const config = await this.config();
    const database = await this.database();
    const mode: Partial<KehuConfig> = options.serve
      ? { logger: config.logger ?? consoleLogger }
      : { scheduler: false, dispatcher: false, logger: cliLogger(this.io.stderr) };
    try {
      this.booted = await createKehu({
        ...config,
        database,
        ...mode,
        ...(options.clock ? { clock: options.clock } : {}),
      });
    } catch (err) {
      if (err instanceof BootError) throw new CliError(err.message);
      throw err;
    }
    if (this.withoutConfigFile)
      this.note(`note: no kehu.config.ts in ${this.io.cwd}; the kernel runs without plugins`);
    const token = this.booted.kernel.initialAdminToken;
    if (token && !options.serve)
      this.note(
        `First start of this database: created the Administrator. Admin token (shown once): ${token}`,
      );
    return this.booted;
  }

  /** Closes the kernel (which closes the database) or the bare database. */
  async close(): Promise<void> {
    if (this.booted) await this.booted.close();
    else if (this.opened) await (await this.opened.catch(() => undefined))?.close();
  }
}
