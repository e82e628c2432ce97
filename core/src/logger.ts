export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

const line = (level: string, msg: string, data?: Record<string, unknown>): string =>
  JSON.stringify({ level, time: new Date().toISOString(), msg, ...data });

/** One JSON line per record on stderr, so stdout stays free for CLI output. */
export const consoleLogger: Logger = {
  info: (m, d) => process.stderr.write(line('info', m, d) + '\n'),
  warn: (m, d) => process.stderr.write(line('warn', m, d) + '\n'),
  error: (m, d) => process.stderr.write(line('error', m, d) + '\n'),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
