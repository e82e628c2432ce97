import {
  conflict,
  type Executor,
  type Principal,
  standardWorkingWeek,
  type WorkingCalendar,
  type WorkingCalendarDefinition,
  workingCalendar,
  workingCalendarSchema,
  z,
} from '@kehu/core';
import { type Deps, nowIso } from './context.js';

/** The calendar an administrator saved, else the configured one, else the standard week, in the company's zone. */
export async function calendarDefinition(
  deps: Deps,
  trx: Executor = deps.db,
): Promise<WorkingCalendarDefinition> {
  const saved = await trx
    .selectFrom('cmp_setting')
    .select('value')
    .where('key', '=', 'calendar')
    .executeTakeFirst();
  if (saved) return JSON.parse(saved.value as string) as WorkingCalendarDefinition;
  const standard = standardWorkingWeek(deps.clock.timeZone);
  const configured = deps.config.calendar;
  return configured
    ? { ...standard, ...configured, timeZone: configured.timeZone ?? deps.clock.timeZone }
    : standard;
}

const built = new WeakMap<Deps, { json: string; calendar: WorkingCalendar }>();

/** The working calendar SLA targets and return visits are counted in (built once per definition). */
export async function loadCalendar(deps: Deps, trx: Executor = deps.db): Promise<WorkingCalendar> {
  const def = await calendarDefinition(deps, trx);
  const json = JSON.stringify(def);
  const cached = built.get(deps);
  if (cached?.json === json) return cached.calendar;
  const calendar = workingCalendar(def);
  built.set(deps, { json, calendar });
  return calendar;
}

/** The calendar as the API answers it: the definition and the version a save names. */
export async function storedCalendar(deps: Deps): Promise<WorkingCalendarDefinition & { version: number }> {
  const row = await deps.db
    .selectFrom('cmp_setting')
    .select('version')
    .where('key', '=', 'calendar')
    .executeTakeFirst();
  return { ...(await calendarDefinition(deps)), version: row ? Number(row.version) : 0 };
}

/** A save names the version it was made from (0: the configured calendar, never saved). */
export const CalendarInput = workingCalendarSchema.extend({
  version: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('The version you read (0 before the first save); a stale one is a 409 `stale_version`'),
});
export type CalendarInput = z.input<typeof CalendarInput>;

/** Saves the administrator's calendar (refused when it does not build, or over a newer save), audited. */
export async function saveCalendar(deps: Deps, input: CalendarInput, principal: Principal): Promise<void> {
  const { version: expected, ...def } = input;
  workingCalendar(def);
  const value = JSON.stringify(def);
  const at = nowIso(deps);
  await deps.transaction(async (trx) => {
    const saved = await trx
      .selectFrom('cmp_setting')
      .select('version')
      .where('key', '=', 'calendar')
      .executeTakeFirst();
    const current = saved ? Number(saved.version) : 0;
    const stale = () =>
      conflict('stale_version', `The working calendar was changed meanwhile (now version ${current})`, {
        currentVersion: current,
      });
    if (expected !== undefined && expected !== current) throw stale();
    // Conditional on the version read, so a save committed in between is refused, not overwritten.
    const written =
      current === 0
        ? await trx
            .insertInto('cmp_setting')
            .values({ key: 'calendar', value, updated_at: at, version: 1 })
            .onConflict((oc) => oc.column('key').doNothing())
            .executeTakeFirst()
        : await trx
            .updateTable('cmp_setting')
            .set({ value, updated_at: at, version: current + 1 })
            .where('key', '=', 'calendar')
            .where('version', '=', current)
            .executeTakeFirst();
    const count =
      'numInsertedOrUpdatedRows' in written ? written.numInsertedOrUpdatedRows : written.numUpdatedRows;
    if (Number(count ?? 0) === 0) throw stale();
    await deps.audit.record(trx, {
      entityType: 'complaint_calendar',
      entityId: 'calendar',
      action: 'update',
      actor: principal,
      changes: {
        version: { from: current, to: current + 1 },
        exceptions: { from: null, to: def.exceptions?.length ?? 0 },
      },
    });
  });
}
