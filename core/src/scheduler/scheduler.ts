import type { AnyDb } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { BusinessDate } from '../time/business-dates.js';
import type { CompanyClock } from '../time/company-clock.js';
import { dateInZone } from '../time/time-zone.js';

export type JobPeriod = 'hour' | 'day' | 'month';

export interface JobDefinition {
  /** Unique within the plugin; the scheduler prefixes the plugin name. */
  name: string;
  /**
   * A job runs at most once per period, whichever process gets there first. Days and months are the
   * company's, in its time zone; hours are UTC hours (local hours repeat when clocks go back).
   */
  period: JobPeriod;
  /** Further condition, e.g. "from the 15th of the month": `today` is the company's date at `at`. */
  due?(at: Date, today: BusinessDate): boolean;
  /** `today` is the company's date at `at`; `period` the key of the period being run. */
  run(ctx: { at: Date; period: string; today: BusinessDate }): Promise<unknown> | unknown;
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

/** The key of the period `at` falls in: `2026-03` (month), `2026-03-15` (day) in `timeZone`; `2026-03-15T08` (UTC hour). */
export function periodKey(at: Date, period: JobPeriod, timeZone = 'UTC'): string {
  if (period === 'hour') return at.toISOString().slice(0, 13);
  const day = dateInZone(at, timeZone);
  return period === 'month' ? day.slice(0, 7) : day;
}

/** The earliest instant a job run may be asked for: older periods are history, not catching up. */
export const EARLIEST_JOB_RUN = new Date('2000-01-01T00:00:00.000Z');

/**
 * Why a job run "as of" `at` must be refused, or null. A future instant would use up that period's
 * run before its data exists; one before 2000 is a typo (year 0020), not a period to catch up.
 */
export function jobRunInstantProblem(
  at: Date,
  now: Date,
): { code: 'run_in_future' | 'run_too_early' | 'invalid_instant'; detail: string } | null {
  if (Number.isNaN(at.getTime())) return { code: 'invalid_instant', detail: 'Not a valid instant' };
  if (at.getTime() > now.getTime())
    return {
      code: 'run_in_future',
      detail: `${at.toISOString()} is in the future (now ${now.toISOString()}); jobs run as of the present or the past only`,
    };
  if (at.getTime() < EARLIEST_JOB_RUN.getTime())
    return {
      code: 'run_too_early',
      detail: `${at.toISOString()} is before ${EARLIEST_JOB_RUN.toISOString().slice(0, 10)}, the earliest a job run may be asked for`,
    };
  return null;
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
    private readonly clock: CompanyClock,
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
      const period = periodKey(at, job.period, this.clock.timeZone);
      const today = this.clock.dateOf(at);
      if (job.due && !job.due(at, today)) {
        results.push({ job: job.name, period, status: 'not_due' });
        continue;
      }
      if (!(await this.claim(job.name, period))) {
        results.push({ job: job.name, period, status: 'skipped' });
        continue;
      }
      try {
        const result = await job.run({ at, period, today });
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
