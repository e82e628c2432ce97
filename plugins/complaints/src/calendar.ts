import {
  type Executor,
  type Principal,
  standardWorkingWeek,
  type WorkingCalendar,
  type WorkingCalendarDefinition,
  workingCalendar,
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

/** Saves the administrator's calendar (refused when it does not build), audited. */
export async function saveCalendar(
  deps: Deps,
  def: WorkingCalendarDefinition,
  principal: Principal,
): Promise<void> {
  workingCalendar(def);
  const value = JSON.stringify(def);
  const at = nowIso(deps);
  await deps.transaction(async (trx) => {
    await trx
      .insertInto('cmp_setting')
      .values({ key: 'calendar', value, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
      .execute();
    await deps.audit.record(trx, {
      entityType: 'complaint_calendar',
      entityId: 'calendar',
      action: 'update',
      actor: principal,
      changes: { exceptions: { from: null, to: def.exceptions?.length ?? 0 } },
    });
  });
}
