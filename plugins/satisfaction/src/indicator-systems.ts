import {
  DomainError,
  type Executor,
  newId,
  notFound,
  type Principal,
  ProblemError,
  type Trx,
} from '@kehu/core';
import { auditRecord } from './audit.js';
import { type Bilingual, type Deps, nowIso, parseJson } from './context.js';
import { ahp, CR_LIMIT, matrixProblems } from './math/ahp.js';
import { globalWeights, sumsToOne } from './math/weights.js';
import { fieldProblem, stateConflict } from './problems.js';

export const INDICATOR_KINDS = ['core', 'auxiliary', 'relative'] as const;
/** The manuals' five steps as an indicator reaches them: listed from a fishbone session, preliminary, validated by questionnaire, weighted. */
export const INDICATOR_STEPS = ['factor', 'preliminary', 'validated', 'weighted'] as const;
export const SYSTEM_STATUSES = ['draft', 'published'] as const;
/** Dimensions → indicators → sub-indicators. */
export const MAX_LEVEL = 3;

export type IndicatorKind = (typeof INDICATOR_KINDS)[number];
export type IndicatorStep = (typeof INDICATOR_STEPS)[number];

export interface Indicator {
  id: string;
  parentId: string | null;
  code: string;
  level: number;
  position: number;
  name: Bilingual;
  kind: IndicatorKind;
  step: IndicatorStep;
  localWeight: number | null;
  globalWeight: number | null;
  leaf: boolean;
}

export interface WeightGroup {
  parentId: string | null;
  method: 'entered' | 'ahp';
  indicatorIds: string[];
  matrix: number[][] | null;
  lambdaMax: number | null;
  ci: number | null;
  cr: number | null;
  acceptedReason: string | null;
}

export interface IndicatorSystem {
  id: string;
  familyId: string;
  version: number;
  name: string;
  description: string | null;
  status: 'draft' | 'published';
  createdAt: string;
  publishedAt: string | null;
  indicators: Indicator[];
  groups: WeightGroup[];
  /** Sibling groups still without weights, by parent (null = the dimensions). */
  unweighted: (string | null)[];
}

const parentKey = (parentId: string | null) => parentId ?? '';

export async function loadSystem(db: Executor, id: string): Promise<IndicatorSystem | undefined> {
  const s = await db.selectFrom('sat_system').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) return undefined;
  const rows = await db
    .selectFrom('sat_indicator')
    .selectAll()
    .where('system_id', '=', id)
    .orderBy('level')
    .orderBy('position')
    .execute();
  const groupRows = await db.selectFrom('sat_weight_group').selectAll().where('system_id', '=', id).execute();
  const weights = globalWeights(
    rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      localWeight: r.local_weight == null ? null : Number(r.local_weight),
    })),
  );
  const parents = new Set(rows.map((r) => r.parent_id));
  const indicators: Indicator[] = rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id ?? null,
    code: r.code,
    level: Number(r.level),
    position: Number(r.position),
    name: JSON.parse(r.name),
    kind: r.kind,
    step: r.step,
    localWeight: r.local_weight == null ? null : Number(r.local_weight),
    globalWeight: weights.get(r.id) ?? null,
    leaf: !parents.has(r.id),
  }));
  const groups: WeightGroup[] = groupRows.map((g) => ({
    parentId: g.parent_key === '' ? null : g.parent_key,
    method: g.method,
    indicatorIds: parseJson(g.order_ids, []),
    matrix: parseJson(g.matrix, null),
    lambdaMax: g.lambda_max == null ? null : Number(g.lambda_max),
    ci: g.ci == null ? null : Number(g.ci),
    cr: g.cr == null ? null : Number(g.cr),
    acceptedReason: g.accepted_reason ?? null,
  }));
  const weighted = new Set(groups.map((g) => g.parentId));
  const unweighted = [...new Set(indicators.map((i) => i.parentId))].filter((p) => !weighted.has(p));
  return {
    id: s.id,
    familyId: s.family_id,
    version: Number(s.version),
    name: s.name,
    description: s.description ?? null,
    status: s.status,
    createdAt: s.created_at,
    publishedAt: s.published_at ?? null,
    indicators,
    groups,
    unweighted,
  };
}

export async function requireSystem(db: Executor, id: string): Promise<IndicatorSystem> {
  const s = await loadSystem(db, id);
  if (!s) throw notFound('Indicator system', id);
  return s;
}

async function requireDraft(trx: Trx, id: string): Promise<IndicatorSystem> {
  const s = await requireSystem(trx, id);
  if (s.status !== 'draft')
    throw stateConflict(
      'system_published',
      `Version ${s.version} of "${s.name}" is published and frozen; start a new version to change it`,
      { systemId: id, version: s.version },
    );
  return s;
}

/** A new draft version row of a system. */
async function insertDraft(
  deps: Deps,
  trx: Trx,
  v: { id: string; familyId: string; version: number; name: string; description?: string | null | undefined },
  actor: Principal,
): Promise<void> {
  await trx
    .insertInto('sat_system')
    .values({
      id: v.id,
      family_id: v.familyId,
      version: v.version,
      name: v.name,
      description: v.description ?? null,
      status: 'draft',
      created_at: nowIso(deps),
      created_by: actor.id,
      published_at: null,
      published_by: null,
    })
    .execute();
}

export async function createSystem(
  deps: Deps,
  input: { name: string; description?: string | undefined },
  actor: Principal,
): Promise<IndicatorSystem> {
  return deps.transaction(async (trx) => {
    const id = newId();
    await insertDraft(deps, trx, { id, familyId: id, version: 1, ...input }, actor);
    await auditRecord(deps, trx, 'system', id, 'create', actor, {
      changes: null,
    });
    return requireSystem(trx, id);
  });
}

/** A sibling group changed (an indicator added or removed): its weights no longer apply. */
async function clearGroup(trx: Trx, systemId: string, parentId: string | null): Promise<void> {
  await trx
    .deleteFrom('sat_weight_group')
    .where('system_id', '=', systemId)
    .where('parent_key', '=', parentKey(parentId))
    .execute();
  let q = trx.updateTable('sat_indicator').set({ local_weight: null }).where('system_id', '=', systemId);
  q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
  await q.execute();
}

export interface IndicatorInput {
  parentId?: string | null | undefined;
  code?: string | undefined;
  name: Bilingual;
  kind?: IndicatorKind | undefined;
  step?: IndicatorStep | undefined;
}

export async function addIndicator(deps: Deps, systemId: string, input: IndicatorInput, actor: Principal) {
  return deps.transaction(async (trx) => {
    const s = await requireDraft(trx, systemId);
    const parentId = input.parentId ?? null;
    const parent = parentId ? s.indicators.find((i) => i.id === parentId) : undefined;
    if (parentId && !parent)
      throw fieldProblem(
        422,
        'unknown_indicator',
        `Indicator ${parentId} is not in this system`,
        'body.parentId',
      );
    const level = parent ? parent.level + 1 : 1;
    if (level > MAX_LEVEL)
      throw fieldProblem(
        422,
        'too_deep',
        'Indicators go three levels deep: dimensions, indicators, sub-indicators',
        'body.parentId',
      );
    const code = input.code ?? `I${s.indicators.length + 1}`;
    if (s.indicators.some((i) => i.code === code))
      throw fieldProblem(409, 'duplicate_code', `Code ${code} is already used in this system`, 'body.code');
    const siblings = s.indicators.filter((i) => i.parentId === parentId);
    const id = newId();
    await trx
      .insertInto('sat_indicator')
      .values({
        id,
        system_id: systemId,
        parent_id: parentId,
        code,
        level,
        position: siblings.length,
        name: JSON.stringify(input.name),
        kind: input.kind ?? 'core',
        step: input.step ?? 'factor',
        local_weight: null,
      })
      .execute();
    await clearGroup(trx, systemId, parentId);
    await auditRecord(deps, trx, 'system', systemId, 'add_indicator', actor, {
      changes: { indicator: { from: null, to: { id, code, name: input.name } } },
    });
    return requireSystem(trx, systemId);
  });
}

export async function updateIndicator(
  deps: Deps,
  systemId: string,
  indicatorId: string,
  patch: Partial<Pick<IndicatorInput, 'name' | 'kind' | 'step'>>,
  actor: Principal,
) {
  return deps.transaction(async (trx) => {
    const s = await requireDraft(trx, systemId);
    const before = s.indicators.find((i) => i.id === indicatorId);
    if (!before) throw notFound('Indicator', indicatorId);
    const set: Record<string, unknown> = {};
    if (patch.name) set.name = JSON.stringify(patch.name);
    if (patch.kind) set.kind = patch.kind;
    if (patch.step) set.step = patch.step;
    if (Object.keys(set).length > 0)
      await trx.updateTable('sat_indicator').set(set).where('id', '=', indicatorId).execute();
    await auditRecord(deps, trx, 'system', systemId, 'update_indicator', actor, {
      changes: Object.fromEntries(
        Object.entries(patch).map(([k, v]) => [`${before.code}.${k}`, { from: (before as any)[k], to: v }]),
      ),
    });
    return requireSystem(trx, systemId);
  });
}

export async function removeIndicator(deps: Deps, systemId: string, indicatorId: string, actor: Principal) {
  return deps.transaction(async (trx) => {
    const s = await requireDraft(trx, systemId);
    const target = s.indicators.find((i) => i.id === indicatorId);
    if (!target) throw notFound('Indicator', indicatorId);
    if (!target.leaf)
      throw stateConflict('indicator_has_children', `Remove the indicators under ${target.code} first`);
    const used = await trx
      .selectFrom('sat_question')
      .select('id')
      .where('indicator_id', '=', indicatorId)
      .executeTakeFirst();
    if (used)
      throw stateConflict('indicator_in_use', `A questionnaire question is linked to ${target.code}`, {
        questionId: used.id,
      });
    await trx.deleteFrom('sat_indicator').where('id', '=', indicatorId).execute();
    await clearGroup(trx, systemId, target.parentId);
    await auditRecord(deps, trx, 'system', systemId, 'remove_indicator', actor, {
      changes: { indicator: { from: { id: target.id, code: target.code }, to: null } },
    });
    return requireSystem(trx, systemId);
  });
}

function groupOf(s: IndicatorSystem, parentId: string | null, ids: readonly string[], path: string) {
  if (parentId !== null && !s.indicators.some((i) => i.id === parentId))
    throw fieldProblem(
      422,
      'unknown_indicator',
      `Indicator ${parentId} is not in this system`,
      'body.parentId',
    );
  const siblings = s.indicators.filter((i) => i.parentId === parentId);
  const want = new Set(siblings.map((i) => i.id));
  const given = new Set(ids);
  if (
    siblings.length === 0 ||
    want.size !== given.size ||
    ids.length !== given.size ||
    ![...want].every((id) => given.has(id))
  )
    throw fieldProblem(
      422,
      'incomplete_group',
      `Weigh exactly the ${siblings.length} indicators of this level, each once: ${siblings.map((i) => i.code).join(', ')}`,
      path,
      { indicatorIds: siblings.map((i) => i.id) },
    );
  return siblings;
}

async function storeGroup(
  deps: Deps,
  trx: Trx,
  systemId: string,
  parentId: string | null,
  weights: ReadonlyMap<string, number>,
  row: Record<string, unknown>,
  actor: Principal,
) {
  await trx
    .deleteFrom('sat_weight_group')
    .where('system_id', '=', systemId)
    .where('parent_key', '=', parentKey(parentId))
    .execute();
  await trx
    .insertInto('sat_weight_group')
    .values({
      system_id: systemId,
      parent_key: parentKey(parentId),
      order_ids: JSON.stringify([...weights.keys()]),
      matrix: null,
      lambda_max: null,
      ci: null,
      cr: null,
      accepted_reason: null,
      updated_at: nowIso(deps),
      updated_by: actor.id,
      ...row,
    } as any)
    .execute();
  for (const [id, w] of weights)
    await trx
      .updateTable('sat_indicator')
      .set({ local_weight: w, step: 'weighted' })
      .where('id', '=', id)
      .execute();
  await auditRecord(deps, trx, 'system', systemId, 'weigh', actor, {
    changes: { [`weights:${parentKey(parentId) || 'top'}`]: { from: null, to: Object.fromEntries(weights) } },
    reason: (row.accepted_reason as string | null) ?? null,
  });
}

/** Weights entered by hand for one sibling group: all of them, summing to 1 (else 422). */
export async function enterWeights(
  deps: Deps,
  systemId: string,
  input: { parentId: string | null; weights: { indicatorId: string; weight: number }[] },
  actor: Principal,
) {
  return deps.transaction(async (trx) => {
    const s = await requireDraft(trx, systemId);
    groupOf(
      s,
      input.parentId,
      input.weights.map((w) => w.indicatorId),
      'body.weights',
    );
    const values = input.weights.map((w) => w.weight);
    if (!sumsToOne(values)) {
      const sum = values.reduce((a, b) => a + b, 0);
      throw fieldProblem(
        422,
        'weights_not_one',
        `The weights of one level must sum to 1; they sum to ${sum}`,
        'body.weights',
        {
          sum,
        },
      );
    }
    await storeGroup(
      deps,
      trx,
      systemId,
      input.parentId,
      new Map(input.weights.map((w) => [w.indicatorId, w.weight])),
      { method: 'entered' },
      actor,
    );
    return requireSystem(trx, systemId);
  });
}

/** The AHP figures of a matrix, or the 422 naming its bad entries. */
export function evaluateMatrix(matrix: number[][]) {
  const problems = matrixProblems(matrix);
  if (problems.length > 0)
    throw new ProblemError({
      status: 422,
      code: 'invalid_matrix',
      detail: 'The comparison matrix is not a reciprocal matrix on Saaty’s 1–9 scale',
      errors: problems.map((p) => ({ path: `body.${p.path}`, message: p.message })),
    });
  return ahp(matrix);
}

/**
 * Weights of one sibling group by AHP: `indicatorIds` orders the matrix's rows and columns. A CR of
 * 0.10 or more is refused (422 `inconsistent_matrix`) unless accepted with a reason.
 */
export async function weighByAhp(
  deps: Deps,
  systemId: string,
  input: {
    parentId: string | null;
    indicatorIds: string[];
    matrix: number[][];
    acceptInconsistency?: { reason: string } | undefined;
  },
  actor: Principal,
) {
  return deps.transaction(async (trx) => {
    const s = await requireDraft(trx, systemId);
    groupOf(s, input.parentId, input.indicatorIds, 'body.indicatorIds');
    if (input.matrix.length !== input.indicatorIds.length)
      throw fieldProblem(
        422,
        'matrix_size',
        `The matrix needs ${input.indicatorIds.length} rows, one per indicator`,
        'body.matrix',
      );
    const r = evaluateMatrix(input.matrix);
    if (r.cr !== null && r.cr >= CR_LIMIT && !input.acceptInconsistency)
      throw new DomainError(
        'inconsistent_matrix',
        `The comparisons are inconsistent: CR = ${r.cr.toFixed(3)} (≥ ${CR_LIMIT}). Revise them, or accept with a reason`,
        { cr: r.cr, ci: r.ci, lambdaMax: r.lambdaMax, limit: CR_LIMIT },
      );
    await storeGroup(
      deps,
      trx,
      systemId,
      input.parentId,
      new Map(input.indicatorIds.map((id, i) => [id, r.weights[i]!])),
      {
        method: 'ahp',
        matrix: JSON.stringify(input.matrix),
        lambda_max: r.lambdaMax,
        ci: r.ci,
        cr: r.cr,
        accepted_reason: r.cr !== null && r.cr >= CR_LIMIT ? input.acceptInconsistency!.reason : null,
      },
      actor,
    );
    return requireSystem(trx, systemId);
  });
}

/** Publishing freezes the version: every level must be weighted first. */
export async function publishSystem(deps: Deps, systemId: string, actor: Principal) {
  return deps.transaction(async (trx) => {
    const s = await requireDraft(trx, systemId);
    if (s.indicators.length === 0)
      throw stateConflict('system_empty', 'An indicator system needs indicators');
    if (s.unweighted.length > 0)
      throw stateConflict('system_unweighted', `${s.unweighted.length} level(s) still have no weights`, {
        unweighted: s.unweighted,
      });
    await trx
      .updateTable('sat_system')
      .set({ status: 'published', published_at: nowIso(deps), published_by: actor.id })
      .where('id', '=', systemId)
      .where('status', '=', 'draft')
      .execute();
    await auditRecord(deps, trx, 'system', systemId, 'publish', actor, {
      changes: { status: { from: 'draft', to: 'published' } },
    });
    return requireSystem(trx, systemId);
  });
}

/** A new draft version copying the newest version of the system: same codes, new ids, weights kept. */
export async function newSystemVersion(deps: Deps, systemId: string, actor: Principal) {
  return deps.transaction(async (trx) => {
    const base = await requireSystem(trx, systemId);
    const newest = await trx
      .selectFrom('sat_system')
      .selectAll()
      .where('family_id', '=', base.familyId)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    if (newest.status === 'draft')
      throw stateConflict('draft_exists', `Version ${newest.version} is still a draft; change that one`, {
        systemId: newest.id,
      });
    const from = await requireSystem(trx, newest.id);
    const id = newId();
    await insertDraft(
      deps,
      trx,
      {
        id,
        familyId: from.familyId,
        version: from.version + 1,
        name: from.name,
        description: from.description,
      },
      actor,
    );
    const ids = new Map(from.indicators.map((i) => [i.id, newId()]));
    for (const i of from.indicators)
      await trx
        .insertInto('sat_indicator')
        .values({
          id: ids.get(i.id)!,
          system_id: id,
          parent_id: i.parentId ? ids.get(i.parentId)! : null,
          code: i.code,
          level: i.level,
          position: i.position,
          name: JSON.stringify(i.name),
          kind: i.kind,
          step: i.step,
          local_weight: i.localWeight,
        })
        .execute();
    for (const g of from.groups)
      await trx
        .insertInto('sat_weight_group')
        .values({
          system_id: id,
          parent_key: g.parentId ? ids.get(g.parentId)! : '',
          method: g.method,
          order_ids: JSON.stringify(g.indicatorIds.map((x) => ids.get(x)!)),
          matrix: g.matrix ? JSON.stringify(g.matrix) : null,
          lambda_max: g.lambdaMax,
          ci: g.ci,
          cr: g.cr,
          accepted_reason: g.acceptedReason,
          updated_at: nowIso(deps),
          updated_by: actor.id,
        })
        .execute();
    await auditRecord(deps, trx, 'system', id, 'new_version', actor, {
      changes: { version: { from: from.version, to: from.version + 1 } },
    });
    return requireSystem(trx, id);
  });
}

export async function listSystems(db: Executor) {
  const rows = await db
    .selectFrom('sat_system')
    .selectAll()
    .orderBy('family_id')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((s) => ({
    id: s.id,
    familyId: s.family_id,
    version: Number(s.version),
    name: s.name,
    status: s.status as 'draft' | 'published',
    createdAt: s.created_at,
    publishedAt: s.published_at ?? null,
  }));
}
