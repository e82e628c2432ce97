import { listen } from '../../serve.js';
import { SDK_VERSION } from '../../version.js';
import { defineCommand, stringOption } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { superviseWorkers, WORKER_ENV } from '../workers.js';

function parsePort(raw: string, source: string): number {
  const port = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`${source} must be a port number (0–65535), got "${raw}"`);
  return port;
}

/** The lines a host prints once it listens: where, what, and how to call it. */
export function welcome(input: {
  url: string;
  plugins: readonly { name: string; version: string }[];
  adminToken?: string | undefined;
}): string {
  const lines = [
    `Kehu ${SDK_VERSION} listening on ${input.url}`,
    `Plugins: ${input.plugins.map((p) => `${p.name}@${p.version}`).join(', ') || 'none'}`,
  ];
  if (input.adminToken) {
    lines.push(
      '',
      `Admin token (shown once, keep it): ${input.adminToken}`,
      '',
      `  curl -H "Authorization: Bearer ${input.adminToken}" ${input.url}/api/v1/customers`,
      '',
      `API reference: ${input.url}/api/openapi.json`,
    );
  } else {
    lines.push(`Health: ${input.url}/api/health; a new token: kehu tokens create --user Administrator`);
  }
  return lines.join('\n') + '\n';
}

export const serveCommand = defineCommand({
  path: ['serve'],
  summary: 'Serve the HTTP API until SIGTERM/SIGINT',
  usage: 'kehu serve [--port <port>] [--host <host>] [--workers <n>]',
  description:
    'Boots Kehu from the config (running pending migrations), serves the API and delivers events and due jobs in this process. ' +
    'SIGTERM or SIGINT stops accepting connections, lets in-flight requests and running event deliveries finish ' +
    "(the deliveries within the dispatcher's shutdownGraceMs, default 10 s), puts the deliveries not started back in the queue, and exits 0. " +
    '--workers N (PostgreSQL only) runs N such processes sharing the port; each job still runs once per period and each delivery in one process at a time.',
  options: {
    port: {
      type: 'string',
      value: '<port>',
      description: 'port to listen on (default: PORT, then the config, then 3000; 0 picks a free one)',
    },
    host: {
      type: 'string',
      value: '<host>',
      description: 'interface to listen on (default: the config, then all)',
    },
    workers: {
      type: 'string',
      value: '<n>',
      description: 'server processes sharing the port (default 1; more than 1 needs PostgreSQL)',
    },
  },
  async run(ctx) {
    const config = await ctx.config();
    const flag = stringOption(ctx.values, 'port');
    const env = ctx.io.env.PORT?.trim();
    const port =
      flag !== undefined ? parsePort(flag, '--port') : env ? parsePort(env, 'PORT') : (config.port ?? 3000);
    const host = stringOption(ctx.values, 'host') ?? config.host;
    const workerFlag = stringOption(ctx.values, 'workers');
    const workers = workerFlag === undefined ? 1 : Number(workerFlag);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64)
      throw new UsageError(`--workers must be a whole number from 1 to 64, got "${workerFlag}"`);
    const worker = ctx.io.env[WORKER_ENV];
    if (workers > 1 && !worker) {
      if ((await ctx.database()).dialect !== 'postgres')
        throw new UsageError(
          `--workers ${workers} needs PostgreSQL: SQLite lets one process write at a time, so several workers would queue behind each other's locks. Set DATABASE_URL=postgres://… (or --database), or serve with one worker`,
        );
      const args = ['serve', '--port', String(port), ...(host ? ['--host', host] : [])];
      for (const name of ['config', 'database'] as const) {
        const value = stringOption(ctx.values, name);
        if (value !== undefined) args.push(`--${name}`, value);
      }
      ctx.note(`Kehu: starting ${workers} workers`);
      return superviseWorkers({
        count: workers,
        args,
        env: ctx.io.env,
        cwd: ctx.io.cwd,
        note: (text) => ctx.note(text),
        signal: ctx.io.signal,
      });
    }
    const kehu = await ctx.boot({ serve: true });
    let server: Awaited<ReturnType<typeof listen>>;
    try {
      server = await listen(kehu, {
        port,
        ...(host ? { host } : {}),
        handleSignals: !ctx.io.signal && !worker,
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EADDRINUSE')
        throw new CliError(`port ${port} is in use; pick another with --port or PORT`);
      if (code === 'EACCES') throw new CliError(`not allowed to listen on port ${port}`);
      throw err;
    }
    if (!worker || worker === '1')
      ctx.out(
        welcome({ url: server.url, plugins: kehu.kernel.plugins, adminToken: kehu.kernel.initialAdminToken }),
      );
    else ctx.note(`worker ${worker} serving ${server.url}`);
    if (worker) {
      // A worker stops when its primary says so (one SIGTERM); a terminal's Ctrl-C reaches the whole
      // process group, and the primary answers it for everyone.
      const running = server;
      process.on('SIGINT', () => undefined);
      process.once('SIGTERM', () => void running.close());
    }
    const signal = ctx.io.signal;
    if (signal) {
      if (signal.aborted) await server.close();
      else signal.addEventListener('abort', () => void server.close(), { once: true });
    }
    await server.closed;
    ctx.note(worker ? `worker ${worker} stopped` : 'Kehu stopped');
  },
});
