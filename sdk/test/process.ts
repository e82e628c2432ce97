import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The built CLI as users run it (`pnpm build` first; CI builds before testing).
export const BIN = fileURLToPath(new URL('../bin/kehu.js', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Spawned {
  stdout: () => string;
  stderr: () => string;
  exit: Promise<Exit>;
  /** Resolves with the first match of `pattern` in stdout; rejects if the process ends first. */
  waitForOutput(pattern: RegExp): Promise<RegExpExecArray>;
  /** As {@link waitForOutput}, on stderr. */
  waitForStderr(pattern: RegExp): Promise<RegExpExecArray>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs `kehu <args>` as a child process with an environment of PATH plus `env`. */
export function spawnKehu(args: string[], cwd: string, env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const waitFor = (stream: 'stdout' | 'stderr', pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(stream === 'stdout' ? out : err);
        if (!m) return;
        child[stream].off('data', check);
        resolve(m);
      };
      child[stream].on('data', check);
      check();
      void exit.then((e) =>
        reject(new Error(`kehu ended (${e.code ?? e.signal}) before printing ${pattern}:\n${err}`)),
      );
    });
  const waitForOutput = (pattern: RegExp) => waitFor('stdout', pattern);
  const waitForStderr = (pattern: RegExp) => waitFor('stderr', pattern);
  return {
    stdout: () => out,
    stderr: () => err,
    exit,
    waitForOutput,
    waitForStderr,
    kill: (s) => child.kill(s),
  };
}

/** Starts `kehu serve` on a free port of 127.0.0.1. */
export function serveProcess(cwd: string, database: string, env: Record<string, string> = {}): Spawned {
  return spawnKehu(['serve', '--port', '0', '--host', '127.0.0.1', '--database', database], cwd, env);
}

/** The base URL and admin token (on a first start) a `kehu serve` prints once it listens. */
export async function listening(p: Spawned): Promise<{ url: string; token: string | undefined }> {
  const [, url] = await p.waitForOutput(/listening on (http:\/\/\S+)/);
  return { url: url!, token: /Admin token \(shown once, keep it\): (\S+)/.exec(p.stdout())?.[1] };
}
