import type { PluginHooks } from '@kehu/core';
import type { Deps } from './context.js';

/** Key accounts' manager scorecard: mean CSI (else the CSAT share) over the year's responses of the manager's customers. */
export function scorecardSatisfaction(_hooks: PluginHooks, _deps: Deps): void {
  // Registered once the key-accounts contract (its `keyAccounts.scorecardSatisfaction` filter) is available.
}
