import type { Logger } from '@kehu/core';

export interface CliStream {
  write(chunk: string): unknown;
}

/** Where a CLI run reads and writes: the process by default, captured buffers in tests. */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input (a piped password); the process's when absent. */
  stdin?: AsyncIterable<string | Buffer> | Iterable<string | Buffer>;
  /** Stops a long-running command (`serve`); absent when the CLI runs as its own process, which then listens for SIGTERM/SIGINT. */
  signal?: AbortSignal;
}

export const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});

/** Human-readable warnings and errors on stderr; info stays quiet so command output is clean. */
export function cliLogger(stderr: CliStream): Logger {
  const line = (level: string, msg: string, data?: Record<string, unknown>) =>
    stderr.write(
      `${level}: ${msg}${data && Object.keys(data).length > 0 ? ` ${JSON.stringify(data)}` : ''}\n`,
    );
  return { info: () => {}, warn: (m, d) => line('warning', m, d), error: (m, d) => line('error', m, d) };
}

/** Terminal columns a string takes: CJK and full-width characters count two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** Rows as aligned columns under a header. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const format = (r: string[]) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - displayWidth(cell))))
      .join('  ')
      .trimEnd();
  return [format(header), ...rows.map(format)].join('\n') + '\n';
}
