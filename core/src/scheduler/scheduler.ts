import type { Clock } from '../clock.js';
import type { AnyDb } from '../db/database.js';
import type { Logger } from '../logger.js';

export type JobPeriod = 'hour' | 'day' | 'month';

export interface JobDefinition {
  /** Unique within the plugin; the scheduler prefixes the plugin name. */
  name: string;
  /** A job runs at most once per period (UTC), whichever process gets there first. */
  period: JobPeriod;
  /** Further condition on the instant, e.g. "from the 15th of the month". */
  due?(at: Date): boolean;
  run(ctx: { at: Date; period: string }): Promise<unknown> | unknown;
}

export interface JobRunResult {
  job: string;
  period: string;
  status: 'ran' | 'skipped' | 'not_due' | 'failed';
  result?: unknown;
  error?: string;
}

/** A run still marked running after this long was cut short (its process died): it may run again. */
export const STALE_RUN_MS = 3_600_000;

export function periodKey(at: Date, period: JobPeriod): string {
  const iso = at.toISOString();
  return period === 'month' ? iso.slice(0, 7) : period === 'day' ? iso.slice(0, 10) : iso.slice(0, 13);
}

/**
 * Time-based rules. `runDue(at)` runs every job whose period has not run yet; a `kehu_job_run` row per
 * (job, period) makes that idempotent across restarts and processes. A failed run may be retried, and
 * so may a run left `running` for over an hour by a process that died.
 */
export class Scheduler {
  private readonly jobs = new Map<string, JobDefinition & { plugin: string }>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly db: AnyDb,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  define(plugin: string, job: JobDefinition): void {
    const name = `${plugin}.${job.name}`;
    if (this.jobs.has(name)) throw new Error(`Job "${name}" is defined twice`);
    this.jobs.set(name, { ...job, name, plugin });
  }

  list(): { name: string; plugin: string; period: JobPeriod }[] {
    return [...this.jobs.values()].map((j) => ({ name: j.name, plugin: j.plugin, period: j.period }));
  }

  async runDue(at: Date = this.clock.now(), only?: string): Promise<JobRunResult[]> {
    const results: JobRunResult[] = [];
    for (const job of this.jobs.values()) {
      if (only && job.name !== only) continue;
      const period = periodKey(at, job.period);
      if (job.due && !job.due(at)) {
        results.push({ job: job.name, period, status: 'not_due' });
        continue;
      }
      if (!(await this.claim(job.name, period))) {
        results.push({ job: job.name, period, status: 'skipped' });
        continue;
      }
      try {
        const result = await job.run({ at, period });
        await this.finish(job.name, period, 'done', null);
        results.push({ job: job.name, period, status: 'ran', result });
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        this.logger.error('job failed', { job: job.name, period, error });
        await this.finish(job.name, period, 'failed', error);
        results.push({ job: job.name, period, status: 'failed', error });
      }
    }
    return results;
  }

  private async claim(job: string, period: string): Promise<boolean> {
    const now = this.clock.now();
    const startedAt = now.toISOString();
    const staleBefore = new Date(now.getTime() - STALE_RUN_MS).toISOString();
    const inserted = await this.db
      .insertInto('kehu_job_run')
      .values({ job, period, status: 'running', started_at: startedAt, finished_at: null, error: null })
      .onConflict((oc) => oc.columns(['job', 'period']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
    const retried = await this.db
      .updateTable('kehu_job_run')
      .set({ status: 'running', started_at: startedAt, error: null })
      .where('job', '=', job)
      .where('period', '=', period)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'failed'),
          eb.and([eb('status', '=', 'running'), eb('started_at', '<', staleBefore)]),
        ]),
      )
      .executeTakeFirst();
    return Number(retried.numUpdatedRows) > 0;
  }

  private async finish(
    job: string,
    period: string,
    status: 'done' | 'failed',
    error: string | null,
  ): Promise<void> {
    await this.db
      .updateTable('kehu_job_run')
      .set({ status, error, finished_at: this.clock.now().toISOString() })
      .where('job', '=', job)
      .where('period', '=', period)
      .execute();
  }

  /** Checks for due jobs every `intervalMs` in this process. */
  start(intervalMs = 60_000): void {
    if (this.timer) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.runDue()
        .catch((err) => this.logger.error('scheduler tick failed', { error: String(err) }))
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/** The scheduler as a plugin sees it. */
export interface PluginScheduler {
  define(job: JobDefinition): void;
}
