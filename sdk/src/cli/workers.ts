import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';

/** The `kehu` bin the workers run (this module is bundled into `dist/cli.js`). */
const BIN = fileURLToPath(new URL('../bin/kehu.js', import.meta.url));

/** Set in a worker's environment: its number, 1 to N. */
export const WORKER_ENV = 'KEHU_WORKER';

export interface WorkerSupervision {
  count: number;
  /** `kehu serve …` arguments for one worker (without `--workers`). */
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  note(text: string): void;
  /** Aborting stops the workers as SIGTERM does. */
  signal?: AbortSignal | undefined;
}

/**
 * The primary of `kehu serve --workers N` (node:cluster): the workers share one listening port. The
 * first worker boots alone, so migrations run once and the first admin token is printed once; the
 * others start when it listens. SIGTERM or SIGINT is passed on to every worker as one SIGTERM (each
 * finishes its requests and deliveries and exits 0); a second signal kills them. A worker that dies
 * while serving is replaced; one that ends before it ever listened ends the command with code 1.
 * Resolves with the exit code.
 */
export function superviseWorkers(s: WorkerSupervision): Promise<number> {
  cluster.setupPrimary({ exec: BIN, args: s.args, cwd: s.cwd, silent: false });
  return new Promise((resolve) => {
    const workers = new Map<Worker, number>();
    let stopping = false;
    let failed = false;
    const listened = new Set<number>();
    const fork = (n: number) => {
      const worker = cluster.fork({ ...s.env, [WORKER_ENV]: String(n) });
      workers.set(worker, n);
      worker.once('listening', () => {
        listened.add(n);
        if (n === 1) for (let k = 2; k <= s.count; k++) fork(k);
      });
      worker.once('exit', (code, signal) => {
        workers.delete(worker);
        if (!stopping && !listened.has(n)) {
          s.note(`worker ${n} ended before it listened (${signal ?? `exit ${code}`}); stopping`);
          failed = true;
          stop();
        } else if (!stopping) {
          s.note(`worker ${n} died (${signal ?? `exit ${code}`}); starting a new one`);
          listened.delete(n);
          setTimeout(() => !stopping && fork(n), 1000).unref();
        }
        if (stopping && workers.size === 0) {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          resolve(failed ? 1 : 0);
        }
      });
    };
    const stop = () => {
      if (stopping) {
        for (const w of workers.keys()) w.process.kill('SIGKILL');
        return;
      }
      stopping = true;
      for (const w of workers.keys()) w.process.kill('SIGTERM');
      if (workers.size === 0) resolve(failed ? 1 : 0);
    };
    const onSignal = () => stop();
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    if (s.signal) {
      if (s.signal.aborted) stopping = true;
      else s.signal.addEventListener('abort', stop, { once: true });
    }
    if (!stopping) fork(1);
    else resolve(0);
  });
}
