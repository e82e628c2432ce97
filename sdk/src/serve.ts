import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as listenNode } from '@hono/node-server';
import type { KehuConfig } from './config.js';
import { createKehu, type Kehu } from './create-kehu.js';

export interface ServeOptions {
  /** Wins over `PORT` and `config.port`; 0 picks a free port. */
  port?: number;
  host?: string;
  /**
   * Shut down gracefully on SIGTERM and SIGINT (default true), then exit with code 0; a second signal
   * exits at once with code 1.
   */
  handleSignals?: boolean;
  /** How long in-flight requests may take to finish on shutdown before connections are cut. Default 10 s. */
  shutdownTimeoutMs?: number;
  /** Runs after boot and before the port opens, e.g. to seed demo data. */
  beforeListen?(kehu: Kehu): Promise<void> | void;
}

export interface KehuServer extends Kehu {
  readonly server: Server;
  /** The base URL, e.g. `http://localhost:3000`. */
  readonly url: string;
  readonly port: number;
  /** Resolves when the server has shut down, whoever started it. */
  readonly closed: Promise<void>;
  /**
   * Stops accepting connections; lets in-flight requests and running event deliveries finish (within
   * `shutdownTimeoutMs` and the dispatcher's `shutdownGraceMs`), gives the deliveries it had claimed
   * but not started back to the queue, stops the scheduler and closes the database.
   */
  close(): Promise<void>;
}

/** `options.port`, else `PORT`, else `config.port`, else 3000. */
export function resolvePort(
  config: KehuConfig,
  options: ServeOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): number {
  if (options.port !== undefined) return options.port;
  if (env.PORT && env.PORT.trim() !== '') {
    const port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new Error(`PORT must be a port number, got "${env.PORT}"`);
    return port;
  }
  return config.port ?? 3000;
}

function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    // close() stops accepting and drops idle keep-alive sockets; a socket busy with a request becomes
    // idle once it has answered, so keep dropping idle ones until the last request is done.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    sweep.unref();
    force.unref();
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(force);
      resolve();
    });
  });
}

/** Boots Kehu and serves it over HTTP until SIGTERM/SIGINT or `close()`. */
export async function serve(config: KehuConfig = {}, options: ServeOptions = {}): Promise<KehuServer> {
  const port = resolvePort(config, options);
  const host = options.host ?? config.host;
  const kehu = await createKehu(config);
  try {
    await options.beforeListen?.(kehu);
    return await listen(kehu, { ...options, port, ...(host ? { host } : {}) });
  } catch (err) {
    await kehu.close();
    throw err;
  }
}

/** Serves an already booted Kehu; closing the server closes Kehu too. */
export async function listen(
  kehu: Kehu,
  options: Omit<ServeOptions, 'beforeListen'> & { port: number },
): Promise<KehuServer> {
  const { port, host } = options;
  const { server, address } = await new Promise<{ server: Server; address: AddressInfo }>(
    (resolve, reject) => {
      const s = listenNode({ fetch: kehu.app.fetch, port, ...(host ? { hostname: host } : {}) }, (info) =>
        resolve({ server: s as Server, address: info }),
      ) as Server;
      s.once('error', reject);
    },
  );

  const timeoutMs = options.shutdownTimeoutMs ?? 10_000;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let closing: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      kehu.kernel.logger.warn('second signal, exiting now', { signal });
      process.exit(1);
    }
    kehu.kernel.logger.info('shutting down', { signal });
    void close().then(() => {
      process.exitCode ??= 0;
      // A subscriber cut short may leave a socket or timer open; it must not keep the process alive.
      setTimeout(() => process.exit(), 1000).unref();
    });
  };
  const handleSignals = options.handleSignals ?? true;
  const close = () =>
    (closing ??= (async () => {
      try {
        // Deliveries stop being started while the last requests finish; the database closes after both.
        await Promise.all([closeServer(server, timeoutMs), kehu.kernel.dispatcher.stop()]);
        await kehu.close();
      } finally {
        if (handleSignals) {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
        }
        resolveClosed();
      }
    })());
  if (handleSignals) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }

  const shownHost =
    !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    app: kehu.app,
    kernel: kehu.kernel,
    server,
    port: address.port,
    url: `http://${shownHost}:${address.port}`,
    closed,
    close,
  };
}
