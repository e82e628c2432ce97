import { conflict, DomainError, type Executor, newId, notFound, z } from '@kehu/core';
import { type Deps, nowIso } from './context.js';
import { CHANNELS, NATURES, SEVERITIES, type Severity } from './model.js';
import type { EscalationPolicy } from './sla-clock.js';
import { DEFAULT_POLICY_ID } from './sla-defaults.js';

const Minutes = z
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 365);
const Target = z.strictObject({ responseMinutes: Minutes, resolutionMinutes: Minutes });
export const SlaTargets = z.strictObject({ critical: Target, high: Target, normal: Target, low: Target });

/** Declarative conditions (all given ones must hold; a list matches any of its values). */
export const SlaConditions = z.strictObject({
  severity: z.array(z.enum(SEVERITIES)).min(1).optional(),
  nature: z.array(z.enum(NATURES)).min(1).optional(),
  category: z.array(z.string().min(1).max(64)).min(1).optional(),
  channel: z.array(z.enum(CHANNELS)).min(1).optional(),
  /** The customer is a key account (a `key_account` reason from the identify filter). */
  keyAccount: z.boolean().optional(),
});

const Role = z.string().min(1).max(64);
export const Escalation = z.strictObject({
  warningShare: z.number().gt(0).lt(1),
  warningRole: Role,
  breachRole: Role,
  levels: z
    .array(
      z.strictObject({
        afterWorkingHours: z
          .number()
          .positive()
          .max(24 * 365),
        role: Role,
      }),
    )
    .max(6),
});

export const PolicyInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean().default(true),
  position: z.number().int().min(0).max(999_999).default(100),
  conditions: SlaConditions.default({}),
  targets: SlaTargets,
  escalation: Escalation,
});
export type PolicyInput = z.infer<typeof PolicyInput>;

/** A replacement names the version it was made from, so a save over someone else's change is refused. */
export const PolicyReplacement = PolicyInput.extend({
  version: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('The version you read; a stale one is a 409 `stale_version` and changes nothing'),
});
export type PolicyReplacement = z.infer<typeof PolicyReplacement>;

export interface SlaPolicy {
  id: string;
  name: string;
  isDefault: boolean;
  enabled: boolean;
  position: number;
  conditions: z.infer<typeof SlaConditions>;
  targets: z.infer<typeof SlaTargets>;
  escalation: EscalationPolicy;
  updatedAt: string;
  version: number;
}

const toPolicy = (r: Record<string, any>): SlaPolicy => ({
  id: r.id,
  name: r.name,
  isDefault: Number(r.is_default) === 1,
  enabled: Number(r.enabled) === 1,
  position: Number(r.position),
  conditions: JSON.parse(r.conditions),
  targets: JSON.parse(r.targets),
  escalation: JSON.parse(r.escalation),
  updatedAt: r.updated_at,
  version: Number(r.version),
});

/** Policies in the order they are tried: by position, the default last. */
export async function listPolicies(trx: Executor): Promise<SlaPolicy[]> {
  const rows = await trx
    .selectFrom('cmp_sla_policy')
    .selectAll()
    .orderBy('is_default')
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(toPolicy);
}

export async function getPolicy(trx: Executor, id: string): Promise<SlaPolicy | undefined> {
  const row = await trx.selectFrom('cmp_sla_policy').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPolicy(row) : undefined;
}

export interface PolicySubject {
  severity: Severity;
  nature: string | null;
  category: string;
  channel: string;
  keyReasons: readonly string[];
}

const holds = (c: SlaPolicy['conditions'], s: PolicySubject): boolean =>
  (!c.severity || c.severity.includes(s.severity)) &&
  (!c.nature || (s.nature !== null && (c.nature as string[]).includes(s.nature))) &&
  (!c.category || c.category.includes(s.category)) &&
  (!c.channel || (c.channel as string[]).includes(s.channel)) &&
  (c.keyAccount === undefined || c.keyAccount === s.keyReasons.includes('key_account'));

/** The first enabled policy whose conditions all hold, else the default. */
export function matchPolicy(policies: readonly SlaPolicy[], subject: PolicySubject): SlaPolicy {
  const match = policies.find((p) => !p.isDefault && p.enabled && holds(p.conditions, subject));
  const fallback = policies.find((p) => p.isDefault);
  if (!match && !fallback) throw new Error('The default SLA policy is missing');
  return (match ?? fallback)!;
}

export async function createPolicy(deps: Deps, input: PolicyInput, actorId: string): Promise<SlaPolicy> {
  return deps.transaction(async (trx) => {
    const row = {
      id: newId(),
      name: input.name,
      is_default: 0,
      enabled: input.enabled ? 1 : 0,
      position: input.position,
      conditions: JSON.stringify(input.conditions),
      targets: JSON.stringify(input.targets),
      escalation: JSON.stringify(input.escalation),
      updated_at: nowIso(deps),
      version: 1,
    };
    await trx.insertInto('cmp_sla_policy').values(row).execute();
    await deps.audit.record(trx, {
      entityType: 'complaint_sla_policy',
      entityId: row.id,
      action: 'create',
      actor: actorId,
      changes: { name: { from: null, to: input.name } },
    });
    return toPolicy(row);
  });
}

/** Replaces a policy; the default keeps matching everything and cannot be disabled. */
export async function updatePolicy(
  deps: Deps,
  id: string,
  input: PolicyReplacement,
  actorId: string,
): Promise<SlaPolicy> {
  return deps.transaction(async (trx) => {
    const current = await getPolicy(trx, id);
    if (!current) throw notFound('SLA policy', id);
    const stale = (now: number) =>
      conflict('stale_version', `SLA policy ${id} was changed meanwhile (now version ${now})`, {
        currentVersion: now,
      });
    if (input.version !== undefined && input.version !== current.version) throw stale(current.version);
    if (current.isDefault && !input.enabled)
      throw new DomainError('default_policy_required', 'The default SLA policy cannot be disabled', {}, 409);
    if (current.isDefault && Object.keys(input.conditions).length > 0)
      throw new DomainError(
        'default_policy_conditions',
        'The default SLA policy applies to every complaint; it has no conditions',
        {},
        422,
      );
    const updated = await trx
      .updateTable('cmp_sla_policy')
      .set({
        name: input.name,
        enabled: input.enabled ? 1 : 0,
        position: current.isDefault ? current.position : input.position,
        conditions: JSON.stringify(input.conditions),
        targets: JSON.stringify(input.targets),
        escalation: JSON.stringify(input.escalation),
        updated_at: nowIso(deps),
        version: current.version + 1,
      })
      .where('id', '=', id)
      // Saved by someone else since it was read above: refused rather than overwritten.
      .where('version', '=', current.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      throw stale((await getPolicy(trx, id))?.version ?? current.version);
    await deps.audit.record(trx, {
      entityType: 'complaint_sla_policy',
      entityId: id,
      action: 'update',
      actor: actorId,
      changes: { version: { from: current.version, to: current.version + 1 } },
    });
    return (await getPolicy(trx, id))!;
  });
}

export async function deletePolicy(deps: Deps, id: string, actorId: string): Promise<void> {
  return deps.transaction(async (trx) => {
    const current = await getPolicy(trx, id);
    if (!current) throw notFound('SLA policy', id);
    if (current.isDefault || id === DEFAULT_POLICY_ID)
      throw new DomainError('default_policy_required', 'The default SLA policy cannot be deleted', {}, 409);
    await trx.deleteFrom('cmp_sla_policy').where('id', '=', id).execute();
    await deps.audit.record(trx, {
      entityType: 'complaint_sla_policy',
      entityId: id,
      action: 'delete',
      actor: actorId,
      changes: { name: { from: current.name, to: null } },
    });
  });
}
