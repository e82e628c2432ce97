import type { EscalationPolicy } from './sla-clock.js';

export const DEFAULT_POLICY_ID = 'default';

/** Working minutes: a critical (and every key) complaint is answered within half an hour and resolved within a working day. */
export const DEFAULT_TARGETS = {
  critical: { responseMinutes: 30, resolutionMinutes: 480 },
  high: { responseMinutes: 60, resolutionMinutes: 960 },
  normal: { responseMinutes: 240, resolutionMinutes: 1440 },
  low: { responseMinutes: 480, resolutionMinutes: 2400 },
};

/** handler → service manager → department manager → general manager. */
export const DEFAULT_ESCALATION: EscalationPolicy = {
  warningShare: 0.75,
  warningRole: 'handler',
  breachRole: 'service_manager',
  levels: [
    { afterWorkingHours: 4, role: 'department_manager' },
    { afterWorkingHours: 8, role: 'general_manager' },
  ],
};
