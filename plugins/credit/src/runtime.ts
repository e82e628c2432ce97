import type { PluginContext } from '@kehu/core';
import { type CreditConfig, initialPolicy } from './config.js';
import { CreditChecker } from './credit-check.js';
import { Evaluations } from './evaluations.js';
import { ExposureReader } from './exposure.js';
import { CreditHistory } from './history.js';
import { Holds } from './holds.js';
import { Investigations } from './investigations.js';
import { Limits } from './limits.js';
import { Overrides } from './overrides.js';
import { PolicyStore } from './policy-store.js';
import { Profiles } from './profiles.js';
import { Refusals } from './refusals.js';
import type { CreditDb } from './tables.js';

/** The plugin's parts, wired once at setup and shared by routes, hooks and jobs. */
export interface CreditRuntime {
  ctx: PluginContext<CreditConfig>;
  /** `ctx.db` typed with credit's tables. */
  db: CreditDb;
  history: CreditHistory;
  policies: PolicyStore;
  profiles: Profiles;
  holds: Holds;
  exposure: ExposureReader;
  limits: Limits;
  investigations: Investigations;
  evaluations: Evaluations;
  overrides: Overrides;
  checker: CreditChecker;
  refusals: Refusals;
}

export function createRuntime(ctx: PluginContext<CreditConfig>): CreditRuntime {
  const { clock, hooks, audit, logger, config } = ctx;
  const history = new CreditHistory(clock);
  const policies = new PolicyStore(initialPolicy(config), clock);
  const profiles = new Profiles(ctx.dialect, clock);
  const holds = new Holds(clock, hooks, audit, history);
  const exposure = new ExposureReader(ctx, logger);
  const limits = new Limits({
    clock,
    hooks,
    audit,
    history,
    profiles,
    policies,
    exposure,
    approvals: ctx,
  });
  const investigations = new Investigations(clock, audit, history);
  const evaluations = new Evaluations({
    clock,
    hooks,
    audit,
    history,
    profiles,
    policies,
    investigations,
    approvals: ctx,
    activities: ctx.activities,
    currency: config.currency,
    defaultMaxTermDays: config.defaultMaxTermDays,
    reviewIntervalDays: config.reviewIntervalDays,
  });
  const overrides = new Overrides(clock, audit, history);
  const checker = new CreditChecker({ ctx, clock, profiles, policies, holds, limits, exposure, overrides });
  const refusals = new Refusals(ctx);
  const db: CreditDb = ctx.db;
  return {
    ctx,
    db,
    history,
    policies,
    profiles,
    holds,
    exposure,
    limits,
    investigations,
    evaluations,
    overrides,
    checker,
    refusals,
  };
}
