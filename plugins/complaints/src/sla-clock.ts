import type { WorkingCalendar } from '@kehu/core';

/**
 * The SLA clock of one complaint, as plain arithmetic on a working calendar. It starts when the
 * complaint is received; while it is paused (waiting for the customer or a third party) no working
 * time counts; each target's deadline is the start plus the target plus the working time spent paused.
 */
export interface ClockState {
  startedAt: number;
  /** Working time spent paused in finished pauses. */
  pausedMs: number;
  /** The start of the pause in progress, or null. */
  pausedSince: number | null;
}

export type SlaTarget = 'response' | 'resolution';

export interface EscalationPolicy {
  /** The warning comes at this share of the target (0.75 = 75 %). */
  warningShare: number;
  warningRole: string;
  breachRole: string;
  /** Further levels, each a number of working hours after the breach. */
  levels: { afterWorkingHours: number; role: string }[];
}

/** Escalation levels: 1 the warning, 2 the breach, 3… the further levels. */
export interface EscalationStep {
  target: SlaTarget;
  level: number;
  role: string;
  at: number;
}

const HOUR = 3_600_000;

/** Working time the clock has run by `now` (never negative; pauses do not count). */
export function elapsed(cal: WorkingCalendar, clock: ClockState, now: number): number {
  const until = clock.pausedSince !== null ? Math.min(clock.pausedSince, now) : now;
  return Math.max(0, cal.workingTimeBetween(new Date(clock.startedAt), new Date(until)) - clock.pausedMs);
}

/** Ends a pause: its working time is added to the clock once. */
export function resume(cal: WorkingCalendar, clock: ClockState, now: number): ClockState {
  if (clock.pausedSince === null) return clock;
  const paused = cal.workingTimeBetween(
    new Date(clock.pausedSince),
    new Date(Math.max(now, clock.pausedSince)),
  );
  return { ...clock, pausedMs: clock.pausedMs + paused, pausedSince: null };
}

export const pause = (clock: ClockState, now: number): ClockState =>
  clock.pausedSince !== null ? clock : { ...clock, pausedSince: Math.max(now, clock.startedAt) };

/** When `share` of `targetMs` will have run: null while paused (the clock does not move). */
export function instantAt(cal: WorkingCalendar, clock: ClockState, workingMs: number): number | null {
  if (clock.pausedSince !== null) return null;
  return cal.addWorkingTime(new Date(clock.startedAt), Math.round(workingMs) + clock.pausedMs).getTime();
}

export const deadline = (cal: WorkingCalendar, clock: ClockState, targetMs: number): number | null =>
  instantAt(cal, clock, targetMs);

/** Every escalation step of a target, in order (none while paused). */
export function stepsOf(
  cal: WorkingCalendar,
  clock: ClockState,
  target: SlaTarget,
  targetMs: number,
  policy: EscalationPolicy,
): EscalationStep[] {
  const breach = deadline(cal, clock, targetMs);
  const warning = instantAt(cal, clock, targetMs * policy.warningShare);
  if (breach === null || warning === null) return [];
  const steps: EscalationStep[] = [
    { target, level: 1, role: policy.warningRole, at: warning },
    { target, level: 2, role: policy.breachRole, at: breach },
  ];
  for (const [i, l] of policy.levels.entries())
    steps.push({
      target,
      level: 3 + i,
      role: l.role,
      at: cal.addWorkingTime(new Date(breach), l.afterWorkingHours * HOUR).getTime(),
    });
  return steps;
}
