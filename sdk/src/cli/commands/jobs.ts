import { assertTimeZone, jobRunInstantProblem, ManualClock, startOfDayInZone, systemClock } from '@kehu/core';
import { defineCommand, stringOption } from '../command.js';
import { UsageError } from '../errors.js';
import { table } from '../io.js';

const STATUS_NOTE: Record<string, string> = {
  skipped: 'already ran this period',
  not_due: 'not due at this time',
};

/**
 * `YYYY-MM-DD` or an ISO date-time with zone. A bare date is the start of that day in `timeZone`
 * (the company's day; UTC when none is given).
 */
export function parseInstant(raw: string, timeZone = 'UTC'): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const valid = dateOnly || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw);
  const midnightUtc = new Date(`${raw}T00:00:00.000Z`);
  const realDate =
    !dateOnly || (!Number.isNaN(midnightUtc.getTime()) && midnightUtc.toISOString().slice(0, 10) === raw);
  const at = dateOnly && realDate ? startOfDayInZone(raw, timeZone) : new Date(raw);
  if (!valid || !realDate || Number.isNaN(at.getTime())) {
    throw new UsageError(
      `--at must be a date (2026-03-15) or an ISO date-time with zone (2026-03-15T09:00:00Z), got "${raw}"`,
    );
  }
  return at;
}

export const jobsRunCommand = defineCommand({
  path: ['jobs', 'run'],
  summary: 'Run due jobs now or as of --at, then deliver the events they raised',
  usage: 'kehu jobs run [--at <date>] [--job <name>]',
  description:
    'Runs every job whose period (hour, day, month) has not run yet, once per period whichever process gets there first, ' +
    'then delivers the events the jobs raised. With --at the run happens as if it were that instant, which may not be in the future (it would use up ' +
    'that period before its data exists) nor before 2000. Exits 1 when a job fails.',
  options: {
    at: {
      type: 'string',
      value: '<date>',
      description:
        "run as of this date (the start of the company's day) or ISO date-time; not in the future, not before 2000",
    },
    job: { type: 'string', value: '<name>', description: 'run only this job (see kehu jobs list)' },
  },
  async run(ctx) {
    const raw = stringOption(ctx.values, 'at');
    const job = stringOption(ctx.values, 'job');
    const config = await ctx.config();
    let at: Date | undefined;
    let clock: ManualClock | undefined;
    if (raw) {
      let zone = 'UTC';
      try {
        zone = assertTimeZone(config.timeZone ?? 'UTC');
      } catch {
        // The boot below reports a bad zone in full.
      }
      at = parseInstant(raw, zone);
      const problem = jobRunInstantProblem(at, (config.clock ?? systemClock).now());
      if (problem) throw new UsageError(`--at ${raw}: ${problem.detail}`);
      clock = new ManualClock(at);
    }
    const { kernel } = await ctx.boot(clock ? { clock } : {});
    if (job && !kernel.scheduler.list().some((j) => j.name === job)) {
      throw new UsageError(
        `unknown job "${job}"; jobs: ${
          kernel.scheduler
            .list()
            .map((j) => j.name)
            .join(', ') || 'none'
        }`,
      );
    }
    const results = await kernel.scheduler.runDue(at ?? kernel.clock.now(), job);
    if (results.length === 0) ctx.out('No jobs are defined by the enabled plugins.');
    else {
      ctx.out(
        table(
          ['job', 'period', 'status', 'result'],
          results.map((r) => [
            r.job,
            r.period,
            r.status,
            r.status === 'failed'
              ? (r.error ?? '')
              : r.status === 'ran'
                ? JSON.stringify(r.result ?? null)
                : STATUS_NOTE[r.status]!,
          ]),
        ),
      );
    }
    const delivered = await kernel.dispatcher.drain();
    if (delivered > 0) ctx.out(`Delivered ${delivered} event deliver${delivered === 1 ? 'y' : 'ies'}.`);
    return results.some((r) => r.status === 'failed') ? 1 : 0;
  },
});

export const jobsListCommand = defineCommand({
  path: ['jobs', 'list'],
  summary: 'List the jobs of the enabled plugins',
  usage: 'kehu jobs list',
  async run(ctx) {
    const { kernel } = await ctx.boot();
    const jobs = kernel.scheduler.list();
    ctx.out(
      jobs.length === 0
        ? 'No jobs are defined by the enabled plugins.'
        : table(
            ['job', 'plugin', 'period'],
            jobs.map((j) => [j.name, j.plugin, j.period]),
          ),
    );
  },
});
