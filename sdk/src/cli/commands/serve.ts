import { listen } from '../../serve.js';
import { SDK_VERSION } from '../../version.js';
import { defineCommand, stringOption } from '../command.js';
import { CliError, UsageError } from '../errors.js';

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
  usage: 'kehu serve [--port <port>] [--host <host>]',
  description:
    'Boots Kehu from the config (running pending migrations), serves the API and delivers events and due jobs in this process. ' +
    'SIGTERM or SIGINT stops accepting connections, lets in-flight requests and running event deliveries finish ' +
    "(the deliveries within the dispatcher's shutdownGraceMs, default 10 s), puts the deliveries not started back in the queue, and exits 0.",
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
  },
  async run(ctx) {
    const config = await ctx.config();
    const flag = stringOption(ctx.values, 'port');
    const env = ctx.io.env.PORT?.trim();
    const port =
      flag !== undefined ? parsePort(flag, '--port') : env ? parsePort(env, 'PORT') : (config.port ?? 3000);
    const host = stringOption(ctx.values, 'host') ?? config.host;
    const kehu = await ctx.boot({ serve: true });
    let server: Awaited<ReturnType<typeof listen>>;
    try {
      server = await listen(kehu, { port, ...(host ? { host } : {}), handleSignals: !ctx.io.signal });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EADDRINUSE')
        throw new CliError(`port ${port} is in use; pick another with --port or PORT`);
      if (code === 'EACCES') throw new CliError(`not allowed to listen on port ${port}`);
      throw err;
    }
    ctx.out(
      welcome({ url: server.url, plugins: kehu.kernel.plugins, adminToken: kehu.kernel.initialAdminToken }),
    );
    const signal = ctx.io.signal;
    if (signal) {
      if (signal.aborted) await server.close();
      else signal.addEventListener('abort', () => void server.close(), { once: true });
    }
    await server.closed;
    ctx.note('Kehu stopped');
  },
});
