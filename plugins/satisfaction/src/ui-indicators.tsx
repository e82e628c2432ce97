import type { PluginContext, UiRequest } from '@kehu/core';
import {
  answerPost,
  Field,
  FormGrid,
  FormRows,
  fieldErrors,
  formKitMessages,
  formValues,
  PostForm,
  Refusal,
  refusedStatus,
  type UiFormRow,
  type UiProblem,
} from '@kehu/core/ui';
import type { IndicatorSystem, Indicator as Node, WeightGroup } from './indicator-systems.js';
import { INDICATOR_KINDS, INDICATOR_STEPS, MAX_LEVEL } from './indicator-systems.js';
import { CR_LIMIT, SAATY_VALUES } from './math/ahp.js';
import {
  API,
  apiSentences,
  ConfirmForm,
  enc,
  listPageWithCreate,
  loadSystem,
  loadSystems,
} from './ui-shared';

// The indicator-system editor (满意度指标体系): the tree, the weights of each level entered or derived
// by AHP from a pairwise comparison matrix, publishing and new versions. Every form goes to the
// plugin's API as the signed-in user; the API's refusal is shown beside the field it names. The AHP
// figures are the API's (`POST /ahp`); the console's script only repeats them as the user types.

/** The dimensions' level in a URL: `/levels/top`; any other level is named by its parent's id. */
const TOP = 'top';

const en = {
  ...formKitMessages.en,
  'ind.systems': 'Indicator systems',
  'ind.newSystem': 'New indicator system',
  'ind.systemName': 'Name',
  'ind.description': 'Description',
  'ind.create': 'Create a draft',
  'ind.created': 'The draft indicator system was created.',
  'ind.none': 'No indicator systems yet.',
  'ind.version': 'Version {version}',
  'ind.status.draft': 'draft',
  'ind.status.published': 'published',
  'ind.frozen': 'Published on {date}: this version is frozen; responses are scored with it.',
  'ind.newVersion': 'Start version {version}',
  'ind.versionStarted': 'Version {version} was started as a draft copy.',
  'ind.tree': 'Dimensions, indicators and sub-indicators',
  'ind.empty': 'No indicators yet: add the dimensions first.',
  'ind.local': 'local {weight}',
  'ind.global': 'global {weight}',
  'ind.unweighted': 'not weighted',
  'ind.edit': 'Edit',
  'ind.add': 'Add an indicator',
  'ind.added': 'The indicator was added.',
  'ind.parent': 'Under',
  'ind.topLevel': '(a dimension)',
  'ind.code': 'Code',
  'ind.codeHint': 'Letters, digits, dot, dash or underscore; left empty, one is given.',
  'ind.nameZh': 'Name (Chinese)',
  'ind.nameEn': 'Name (English)',
  'ind.kind': 'Kind',
  'ind.step': 'Step reached',
  'ind.kind.core': 'core',
  'ind.kind.auxiliary': 'auxiliary (辅助)',
  'ind.kind.relative': 'relative (相对)',
  'ind.step.factor': 'factor listed (fishbone)',
  'ind.step.preliminary': 'preliminary',
  'ind.step.validated': 'validated by questionnaire',
  'ind.step.weighted': 'weighted',
  'ind.save': 'Save',
  'ind.saved': 'The indicator was saved.',
  'ind.remove': 'Remove',
  'ind.removeConfirm': 'Remove this indicator?',
  'ind.removed': 'The indicator was removed.',
  'ind.levels': 'Weights per level',
  'ind.levelTop': 'Dimensions',
  'ind.levelUnder': 'Under {name}',
  'ind.method.entered': 'entered',
  'ind.method.ahp': 'AHP',
  'ind.weigh': 'Weigh',
  'ind.publish': 'Publish this version',
  'ind.publishConfirm': 'Publish? The version is then frozen.',
  'ind.published': 'The version was published.',
  'ind.back': 'Back to the indicator system',
  'ind.enterWeights': 'Enter the weights',
  'ind.enterHint': 'Between 0 and 1; the weights of one level sum to 1.',
  'ind.sum': 'Sum: {sum}',
  'ind.saveWeights': 'Save the weights',
  'ind.weightsSaved': 'The weights were saved.',
  'ind.ahp': 'Weigh by AHP (pairwise comparison)',
  'ind.ahpHint':
    'How much more important is the row than the column? 1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely; 1/3 … 1/9 the other way round. The mirror entries are the reciprocals.',
  'ind.ahpTooFew': 'AHP compares two or more indicators; a single one has the weight 1.',
  'ind.compare': '{row} compared with {column}',
  'ind.calculate': 'Calculate',
  'ind.weight': 'Weight',
  'ind.lambda': 'λmax',
  'ind.ci': 'CI',
  'ind.cr': 'CR',
  'ind.consistent': 'Consistent (CR < {limit}).',
  'ind.inconsistent': 'Inconsistent: CR ≥ {limit}. Revise the comparisons, or accept them with a reason.',
  'ind.noCr': 'Two or fewer indicators are always consistent.',
  'ind.accept': 'Accept the inconsistency',
  'ind.reason': 'Reason for accepting',
  'ind.acceptedReason': 'Accepted: {reason}',
  ...apiSentences([
    'weights_not_one',
    'inconsistent_matrix',
    'invalid_matrix',
    'incomplete_group',
    'duplicate_code',
    'too_deep',
    'system_published',
    'system_unweighted',
    'system_empty',
    'indicator_has_children',
    'indicator_in_use',
    'draft_exists',
  ]),
} as const;

const zhCN: Record<keyof typeof en, string> = {
  ...formKitMessages['zh-CN'],
  'ind.systems': '满意度指标体系',
  'ind.newSystem': '新建指标体系',
  'ind.systemName': '名称',
  'ind.description': '说明',
  'ind.create': '创建草稿',
  'ind.created': '指标体系草稿已创建。',
  'ind.none': '暂无指标体系。',
  'ind.version': '第 {version} 版',
  'ind.status.draft': '草稿',
  'ind.status.published': '已发布',
  'ind.frozen': '已于 {date} 发布：此版本已冻结，按此版本计算回复的得分。',
  'ind.newVersion': '新建第 {version} 版',
  'ind.versionStarted': '已复制为第 {version} 版草稿。',
  'ind.tree': '维度、指标与子指标',
  'ind.empty': '暂无指标：请先添加维度。',
  'ind.local': '本级 {weight}',
  'ind.global': '全局 {weight}',
  'ind.unweighted': '未赋权',
  'ind.edit': '编辑',
  'ind.add': '添加指标',
  'ind.added': '指标已添加。',
  'ind.parent': '上级',
  'ind.topLevel': '（作为维度）',
  'ind.code': '编码',
  'ind.codeHint': '字母、数字、点、横线或下划线；留空则自动编号。',
  'ind.nameZh': '中文名称',
  'ind.nameEn': '英文名称',
  'ind.kind': '类别',
  'ind.step': '所处步骤',
  'ind.kind.core': '核心指标',
  'ind.kind.auxiliary': '辅助指标',
  'ind.kind.relative': '相对指标',
  'ind.step.factor': '已列出因素（鱼骨图）',
  'ind.step.preliminary': '初选指标',
  'ind.step.validated': '已经问卷验证',
  'ind.step.weighted': '已赋权',
  'ind.save': '保存',
  'ind.saved': '指标已保存。',
  'ind.remove': '删除',
  'ind.removeConfirm': '删除此指标？',
  'ind.removed': '指标已删除。',
  'ind.levels': '各层级权重',
  'ind.levelTop': '维度',
  'ind.levelUnder': '{name} 之下',
  'ind.method.entered': '直接录入',
  'ind.method.ahp': '层次分析法',
  'ind.weigh': '赋权',
  'ind.publish': '发布此版本',
  'ind.publishConfirm': '确定发布？发布后此版本将被冻结。',
  'ind.published': '此版本已发布。',
  'ind.back': '返回指标体系',
  'ind.enterWeights': '直接录入权重',
  'ind.enterHint': '0 至 1 之间；同一层级的权重之和为 1。',
  'ind.sum': '合计：{sum}',
  'ind.saveWeights': '保存权重',
  'ind.weightsSaved': '权重已保存。',
  'ind.ahp': '层次分析法赋权（两两比较）',
  'ind.ahpHint':
    '行指标比列指标重要多少？1 同等重要，3 稍微重要，5 明显重要，7 强烈重要，9 极端重要；1/3 … 1/9 表示相反。对称位置自动取倒数。',
  'ind.ahpTooFew': '层次分析法需比较两个或以上的指标；只有一个指标时其权重为 1。',
  'ind.compare': '{row} 与 {column} 相比',
  'ind.calculate': '计算',
  'ind.weight': '权重',
  'ind.lambda': 'λmax',
  'ind.ci': 'CI',
  'ind.cr': 'CR',
  'ind.consistent': '通过一致性检验（CR < {limit}）。',
  'ind.inconsistent': '未通过一致性检验：CR ≥ {limit}。请修改比较，或填写理由后接受。',
  'ind.noCr': '两个及以下的指标总是一致的。',
  'ind.accept': '接受此不一致',
  'ind.reason': '接受的理由',
  'ind.acceptedReason': '已接受：{reason}',
  'kit.weights_not_one': '同一层级的权重之和须为 1',
  'kit.inconsistent_matrix': '判断矩阵一致性不足（CR ≥ 0.10）：请修改比较，或勾选接受并填写理由',
  'kit.invalid_matrix': '须为 1–9 标度的互反判断矩阵',
  'kit.incomplete_group': '须为本层级的每个指标各赋一次权重',
  'kit.duplicate_code': '此编码在本指标体系中已被使用',
  'kit.too_deep': '指标最多三层：维度、指标、子指标',
  'kit.system_published': '此版本已发布并冻结；请新建版本后再修改',
  'kit.system_unweighted': '仍有层级未赋权',
  'kit.system_empty': '指标体系中还没有指标',
  'kit.indicator_has_children': '请先删除其下级指标',
  'kit.indicator_in_use': '已有问卷题目关联此指标',
  'kit.draft_exists': '已有草稿版本，请修改该草稿',
};

type Ahp = { weights: number[]; lambdaMax: number; ci: number; cr: number | null; consistent: boolean };

/** A Saaty value as it is written: 3, 1/3. */
export const saatyLabel = (v: number): string => (v >= 1 ? String(Math.round(v)) : `1/${Math.round(1 / v)}`);
/** "1/3" → 0.333…, "3" → 3; anything else NaN (sent as null for the API to refuse). */
const saatyValue = (text: string | undefined): number => {
  const m = /^\s*(\d)\s*(?:\/\s*(\d))?\s*$/.exec(text ?? '');
  if (!m) return Number.NaN;
  return m[2] ? Number(m[1]) / Number(m[2]) : Number(m[1]);
};
const SCALE = [...SAATY_VALUES].sort((a, b) => b - a);

const decimals = (req: UiRequest, v: number | null, digits = 3) =>
  v === null ? '—' : req.format.number(v, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const nameOf = (req: UiRequest, i: Pick<Node, 'name'>) => req.label(i.name);
const levelKey = (parentId: string | null) => parentId ?? TOP;
/** The props every field of one form shares. */
const kit = (req: UiRequest, form: string, errors: Map<string, string>) => ({ req, form, errors });

/** The posted fields as the API's body of an indicator. */
const indicatorBody = (v: Record<string, string>, withPlace: boolean) => ({
  ...(withPlace ? { parentId: v.parentId ? v.parentId : null } : {}),
  ...(withPlace && v.code ? { code: v.code } : {}),
  name: { 'zh-CN': v['name.zh-CN'] ?? '', en: v['name.en'] ?? '' },
  kind: v.kind,
  step: v.step,
});

/** The fields an indicator is written with, in the add and the edit form. */
function indicatorRows(req: UiRequest, v: Record<string, string>): UiFormRow[] {
  const choices = [
    ['kind', INDICATOR_KINDS, 'core'],
    ['step', INDICATOR_STEPS, 'factor'],
  ] as const;
  return [
    { name: 'name.zh-CN', label: req.t('ind.nameZh'), required: true },
    { name: 'name.en', label: req.t('ind.nameEn'), required: true },
    ...choices.map(([name, values, fallback]) => ({
      name,
      label: req.t(`ind.${name}`),
      value: v[name] ?? fallback,
      required: true,
      options: values.map((x) => ({ value: x, label: req.t(`ind.${name}.${x}`) })),
    })),
  ];
}

function Tree(p: { req: UiRequest; system: IndicatorSystem; parentId: string | null; editable: boolean }) {
  const { req, system } = p;
  const children = system.indicators.filter((i) => i.parentId === p.parentId);
  if (children.length === 0) return null;
  return (
    <ul class={p.parentId === null ? 'tree' : undefined}>
      {children.map((i) => (
        <li data-indicator={i.code}>
          <strong>{i.code}</strong> {nameOf(req, i)}{' '}
          <span class="muted" lang={req.lang === 'en' ? 'zh-CN' : 'en'}>
            ({req.lang === 'en' ? i.name['zh-CN'] : i.name.en})
          </span>{' '}
          <span class="small muted">
            {req.t(`ind.kind.${i.kind}`)} · {req.t(`ind.step.${i.step}`)} ·{' '}
            {i.localWeight === null
              ? req.t('ind.unweighted')
              : `${req.t('ind.local', { weight: decimals(req, i.localWeight) })} · ${req.t('ind.global', {
                  weight: decimals(req, i.globalWeight),
                })}`}
          </span>
          {p.editable ? (
            <>
              {' '}
              <a
                href={req.href(`/indicator-systems/${enc(system.id)}/indicators/${enc(i.id)}`)}
                class="small"
                aria-label={`${req.t('ind.edit')} ${i.code}`}
              >
                {req.t('ind.edit')}
              </a>
            </>
          ) : null}
          <Tree {...p} parentId={i.id} />
        </li>
      ))}
    </ul>
  );
}

/** The sibling groups of the tree: the dimensions, then the children of every indicator that has some. */
function levelsOf(system: IndicatorSystem): { parentId: string | null; members: Node[] }[] {
  const parents: (string | null)[] = [null, ...system.indicators.filter((i) => !i.leaf).map((i) => i.id)];
  return parents
    .map((parentId) => ({ parentId, members: system.indicators.filter((i) => i.parentId === parentId) }))
    .filter((l) => l.members.length > 0);
}

const levelName = (req: UiRequest, system: IndicatorSystem, parentId: string | null) => {
  if (parentId === null) return req.t('ind.levelTop');
  const parent = system.indicators.find((i) => i.id === parentId);
  return req.t('ind.levelUnder', { name: parent ? `${parent.code} ${nameOf(req, parent)}` : parentId });
};

function GroupSummary({ req, group }: { req: UiRequest; group: WeightGroup | undefined }) {
  if (!group) return <span class="badge">{req.t('ind.unweighted')}</span>;
  return (
    <span class="small">
      <span class="badge">{req.t(`ind.method.${group.method}`)}</span>
      {group.method === 'ahp'
        ? ` λmax ${decimals(req, group.lambdaMax)} · CI ${decimals(req, group.ci)} · CR ${decimals(req, group.cr)}`
        : ''}
      {group.acceptedReason ? ` · ${req.t('ind.acceptedReason', { reason: group.acceptedReason })}` : ''}
    </span>
  );
}

async function listPage(req: UiRequest, v: Record<string, string> = {}, problem?: UiProblem) {
  const systems = await loadSystems(req);
  const errors = fieldErrors(req, problem);
  return (
    <div class="stack">
      <h1>{req.t('ind.systems')}</h1>
      {systems.length === 0 ? <p class="muted">{req.t('ind.none')}</p> : null}
      {systems.map((s) => (
        <section class="card" aria-labelledby={`sys-${s.id}`}>
          <h2 id={`sys-${s.id}`}>
            <a href={req.href(`/indicator-systems/${enc(s.id)}`)}>{s.name}</a>{' '}
            <span class="badge">{req.t('ind.version', { version: s.version })}</span>{' '}
            <span class="badge">{req.t(`ind.status.${s.status}`)}</span>
          </h2>
          <Tree req={req} system={s} parentId={null} editable={false} />
          {s.groups
            .filter((g) => g.method === 'ahp')
            .map((g) => (
              <p class="small">
                {levelName(req, s, g.parentId)}: <GroupSummary req={req} group={g} />
              </p>
            ))}
        </section>
      ))}
      {req.principal.can('satisfaction.indicators.write') ? (
        <section class="card" aria-labelledby="sys-new">
          <h2 id="sys-new">{req.t('ind.newSystem')}</h2>
          <Refusal req={req} problem={problem} id="sys-new-refusal" />
          <PostForm req={req} action={req.href('/indicator-systems')} class="stack">
            <FormRows
              {...kit(req, 'sys-new', errors)}
              values={v}
              rows={[
                { name: 'name', label: req.t('ind.systemName'), required: true },
                { name: 'description', label: req.t('ind.description'), type: 'textarea' },
              ]}
            />
            <div>
              <button type="submit">{req.t('ind.create')}</button>
            </div>
          </PostForm>
        </section>
      ) : null}
    </div>
  );
}

async function editorPage(
  req: UiRequest,
  system: IndicatorSystem,
  state: { v?: Record<string, string>; problem?: UiProblem } = {},
) {
  const writer = req.principal.can('satisfaction.indicators.write');
  const draft = system.status === 'draft';
  const editable = writer && draft;
  const errors = fieldErrors(req, state.problem);
  const base = req.href(`/indicator-systems/${enc(system.id)}`);
  const parents = system.indicators.filter((i) => i.level < MAX_LEVEL);
  const v = state.v ?? {};
  return (
    <div class="stack">
      <div class="page-head">
        <h1>
          {system.name} <span class="badge">{req.t('ind.version', { version: system.version })}</span>{' '}
          <span class="badge">{req.t(`ind.status.${system.status}`)}</span>
        </h1>
        <p class="muted">
          <a href={req.href('/indicator-systems')}>{req.t('ind.systems')}</a>
        </p>
      </div>
      {system.description ? <p>{system.description}</p> : null}
      <Refusal req={req} problem={state.problem} id="ind-refusal" />
      {draft ? null : (
        <p class="notice" id="ind-frozen">
          {req.t('ind.frozen', { date: system.publishedAt ? req.format.date(system.publishedAt) : '—' })}
        </p>
      )}
      <section class="card" aria-labelledby="ind-tree">
        <h2 id="ind-tree">{req.t('ind.tree')}</h2>
        {system.indicators.length === 0 ? <p class="muted">{req.t('ind.empty')}</p> : null}
        <Tree req={req} system={system} parentId={null} editable={editable} />
      </section>
      {system.indicators.length > 0 ? (
        <section class="card" aria-labelledby="ind-levels">
          <h2 id="ind-levels">{req.t('ind.levels')}</h2>
          <ul class="plain-list">
            {levelsOf(system).map((l) => (
              <li>
                {levelName(req, system, l.parentId)}{' '}
                <GroupSummary req={req} group={system.groups.find((g) => g.parentId === l.parentId)} />{' '}
                {editable ? (
                  <a href={`${base}/levels/${enc(levelKey(l.parentId))}`}>
                    {req.t('ind.weigh')}
                    <span class="sr-only"> {levelName(req, system, l.parentId)}</span>
                  </a>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {editable ? (
        <section class="card" aria-labelledby="ind-add">
          <h2 id="ind-add">{req.t('ind.add')}</h2>
          <PostForm req={req} action={base} class="stack">
            <input type="hidden" name="action" value="add" />
            <FormGrid
              {...kit(req, 'ind-add', errors)}
              values={v}
              rows={[
                {
                  name: 'parentId',
                  label: req.t('ind.parent'),
                  options: [
                    { value: '', label: req.t('ind.topLevel') },
                    ...parents.map((i) => ({ value: i.id, label: `${i.code} ${nameOf(req, i)}` })),
                  ],
                },
                { name: 'code', label: req.t('ind.code'), hint: req.t('ind.codeHint') },
                ...indicatorRows(req, v),
              ]}
              submit={req.t('ind.add')}
            />
          </PostForm>
        </section>
      ) : null}
      {writer ? (
        <ConfirmForm
          req={req}
          action={base}
          id={draft ? 'ind-publish' : 'ind-version'}
          confirm={draft ? req.t('ind.publishConfirm') : undefined}
        >
          <input type="hidden" name="action" value={draft ? 'publish' : 'version'} />
          {draft ? (
            <button type="submit">{req.t('ind.publish')}</button>
          ) : (
            <button type="submit" class="secondary">
              {req.t('ind.newVersion', { version: system.version + 1 })}
            </button>
          )}
        </ConfirmForm>
      ) : null}
    </div>
  );
}

function indicatorPage(
  req: UiRequest,
  system: IndicatorSystem,
  indicator: Node,
  state: { v?: Record<string, string>; problem?: UiProblem } = {},
) {
  const base = req.href(`/indicator-systems/${enc(system.id)}`);
  const errors = fieldErrors(req, state.problem);
  const v = state.v ?? {
    'name.zh-CN': indicator.name['zh-CN'],
    'name.en': indicator.name.en,
    kind: indicator.kind,
    step: indicator.step,
  };
  return (
    <div class="stack">
      <div class="page-head">
        <h1>
          {indicator.code} {nameOf(req, indicator)}
        </h1>
        <p class="muted">
          <a href={base}>{req.t('ind.back')}</a>
        </p>
      </div>
      <Refusal req={req} problem={state.problem} id="ind-edit-refusal" />
      <PostForm req={req} action={`${base}/indicators/${enc(indicator.id)}`}>
        <input type="hidden" name="action" value="save" />
        <FormGrid
          {...kit(req, 'ind-edit', errors)}
          values={v}
          rows={indicatorRows(req, v)}
          submit={req.t('ind.save')}
        />
      </PostForm>
      {indicator.leaf ? (
        <ConfirmForm
          req={req}
          action={`${base}/indicators/${enc(indicator.id)}`}
          id="ind-remove"
          confirm={req.t('ind.removeConfirm')}
        >
          <input type="hidden" name="action" value="remove" />
          <button type="submit" class="danger">
            {req.t('ind.remove')}
          </button>
        </ConfirmForm>
      ) : null}
    </div>
  );
}

interface LevelState {
  v?: Record<string, string>;
  problem?: UiProblem;
  /** Which form the post came from, so its refusal is shown there. */
  form?: 'entered' | 'ahp';
  /** The API's figures of the posted matrix. */
  ahp?: Ahp | null;
}

/** The posted matrix: 1 on the diagonal, the upper entries as chosen, the lower their reciprocals. */
function postedMatrix(v: Record<string, string>, n: number): number[][] {
  const m = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)),
  );
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const x = saatyValue(v[`m.${i}.${j}`]);
      m[i]![j] = x;
      m[j]![i] = 1 / x;
    }
  return m;
}

function AhpFigures({ req, members, ahp }: { req: UiRequest; members: Node[]; ahp: Ahp | null }) {
  const limit = req.format.number(CR_LIMIT, { minimumFractionDigits: 2 });
  return (
    <div id="ahp-figures" aria-live="polite">
      <table>
        <thead>
          <tr>
            <th scope="col">{req.t('ind.code')}</th>
            <th scope="col">{req.t('ind.weight')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m, i) => (
            <tr>
              <th scope="row">
                {m.code} {nameOf(req, m)}
              </th>
              <td>
                <output data-ahp-out={`weight.${i}`}>
                  {ahp ? decimals(req, ahp.weights[i] ?? null) : ''}
                </output>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {req.t('ind.lambda')}{' '}
        <output data-ahp-out="lambdaMax">{ahp ? decimals(req, ahp.lambdaMax) : ''}</output> ·{' '}
        {req.t('ind.ci')} <output data-ahp-out="ci">{ahp ? decimals(req, ahp.ci) : ''}</output> ·{' '}
        {req.t('ind.cr')} <output data-ahp-out="cr">{ahp ? decimals(req, ahp.cr) : ''}</output>
      </p>
      <p
        data-ahp-out="verdict"
        data-consistent={req.t('ind.consistent', { limit })}
        data-inconsistent={req.t('ind.inconsistent', { limit })}
        data-no-cr={req.t('ind.noCr')}
        class={ahp && !ahp.consistent ? 'field-error' : undefined}
        id="ahp-verdict"
      >
        {ahp
          ? ahp.cr === null
            ? req.t('ind.noCr')
            : req.t(ahp.consistent ? 'ind.consistent' : 'ind.inconsistent', { limit })
          : ''}
      </p>
    </div>
  );
}

function levelPage(req: UiRequest, system: IndicatorSystem, parentId: string | null, state: LevelState) {
  const base = req.href(`/indicator-systems/${enc(system.id)}`);
  const action = `${base}/levels/${enc(levelKey(parentId))}`;
  const members = system.indicators.filter((i) => i.parentId === parentId);
  const group = system.groups.find((g) => g.parentId === parentId);
  const n = members.length;
  // What the forms show: what was posted, else the stored weights or matrix (in this page's order).
  let v = state.v;
  if (!v) {
    v = {};
    for (const m of members) if (m.localWeight !== null) v[`w.${m.id}`] = String(m.localWeight);
    if (group?.method === 'ahp' && group.matrix) {
      const at = new Map(group.indicatorIds.map((id, k) => [id, k]));
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          const x = group.matrix[at.get(members[i]!.id)!]?.[at.get(members[j]!.id)!];
          if (x !== undefined) v[`m.${i}.${j}`] = saatyLabel(x);
        }
      if (group.acceptedReason) {
        v.accept = 'true';
        v.reason = group.acceptedReason;
      }
    }
  }
  const stored: Ahp | null =
    group?.method === 'ahp' && group.lambdaMax !== null
      ? {
          weights: members.map((m) => m.localWeight ?? 0),
          lambdaMax: group.lambdaMax,
          ci: group.ci ?? 0,
          cr: group.cr,
          consistent: group.cr === null || group.cr < CR_LIMIT,
        }
      : null;
  const ahp = state.ahp !== undefined ? state.ahp : stored;
  const entered = fieldErrors(req, state.form === 'entered' ? state.problem : undefined);
  // The API names a weight by its place in the list; the form by the indicator.
  for (const [k, msg] of [...entered]) {
    const m = /^weights\.(\d+)/.exec(k);
    if (m && members[Number(m[1])]) entered.set(`w.${members[Number(m[1])]!.id}`, msg);
  }
  const weightsError = entered.get('weights');
  const ahpErrors = fieldErrors(req, state.form === 'ahp' ? state.problem : undefined);
  for (const [k, msg] of [...ahpErrors]) {
    const m = /^matrix\.(\d+)\.(\d+)/.exec(k);
    if (m) {
      const [i, j] = [Number(m[1]), Number(m[2])];
      ahpErrors.set(`m.${Math.min(i, j)}.${Math.max(i, j)}`, msg);
    }
  }
  if (state.form === 'ahp' && state.problem?.code === 'inconsistent_matrix')
    ahpErrors.set(
      'reason',
      req.t('ind.inconsistent', { limit: req.format.number(CR_LIMIT, { minimumFractionDigits: 2 }) }),
    );
  const sum = members.reduce((s, m) => s + (Number(v[`w.${m.id}`]) || 0), 0);
  const label = (m: Node) => `${m.code} ${nameOf(req, m)}`;
  return (
    <div class="stack">
      <div class="page-head">
        <h1>
          {req.t('ind.weigh')}: {levelName(req, system, parentId)}
        </h1>
        <p class="muted">
          <a href={base}>{req.t('ind.back')}</a> · <GroupSummary req={req} group={group} />
        </p>
      </div>

      <section class="card" aria-labelledby="w-entered">
        <h2 id="w-entered">{req.t('ind.enterWeights')}</h2>
        <Refusal req={req} problem={state.form === 'entered' ? state.problem : undefined} id="w-refusal" />
        <PostForm req={req} action={action} class="stack">
          <input type="hidden" name="method" value="entered" />
          <fieldset
            aria-describedby={weightsError ? 'w-weights-error w-hint' : 'w-hint'}
            aria-invalid={weightsError ? 'true' : undefined}
          >
            <legend>{req.t('ind.enterWeights')}</legend>
            <p class="small muted" id="w-hint">
              {req.t('ind.enterHint')}
            </p>
            <div class="form-grid">
              {members.map((m) => (
                <Field
                  {...kit(req, 'w', entered)}
                  name={`w.${m.id}`}
                  label={label(m)}
                  value={v[`w.${m.id}`]}
                  type="number"
                  min={0}
                  max={1}
                  step="any"
                  required
                  data={{ summand: '' }}
                />
              ))}
            </div>
            <p>
              <output id="w-sum" data-sum="" data-template={req.t('ind.sum', { sum: '{sum}' })}>
                {req.t('ind.sum', { sum: req.format.number(sum, { maximumFractionDigits: 6 }) })}
              </output>
            </p>
            {weightsError ? (
              <div class="field-error" id="w-weights-error">
                {weightsError}
              </div>
            ) : null}
          </fieldset>
          <div>
            <button type="submit">{req.t('ind.saveWeights')}</button>
          </div>
        </PostForm>
      </section>

      <section class="card" aria-labelledby="w-ahp">
        <h2 id="w-ahp">{req.t('ind.ahp')}</h2>
        {n < 2 ? (
          <p class="muted">{req.t('ind.ahpTooFew')}</p>
        ) : (
          <>
            <Refusal req={req} problem={state.form === 'ahp' ? state.problem : undefined} id="ahp-refusal" />
            <p class="small muted" id="ahp-hint">
              {req.t('ind.ahpHint')}
            </p>
            <PostForm req={req} action={action} class="stack">
              <input type="hidden" name="method" value="ahp" />
              <div class="table-wrap" data-ahp="" data-n={String(n)}>
                <table class="ahp-matrix">
                  <thead>
                    <tr>
                      <td />
                      {members.map((m) => (
                        <th scope="col">{m.code}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {members.map((row, i) => (
                      <tr>
                        <th scope="row">{label(row)}</th>
                        {members.map((column, j) => {
                          if (i === j) return <td>1</td>;
                          if (j < i) {
                            const x = saatyValue(v[`m.${j}.${i}`]);
                            return (
                              <td>
                                <output data-ahp-mirror={`${j}.${i}`}>
                                  {Number.isFinite(x) ? saatyLabel(1 / x) : ''}
                                </output>
                              </td>
                            );
                          }
                          const name = `m.${i}.${j}`;
                          const err = ahpErrors.get(name);
                          const id = `ahp-${i}-${j}`;
                          return (
                            <td>
                              <select
                                id={id}
                                name={name}
                                data-ahp-cell={`${i}.${j}`}
                                aria-label={req.t('ind.compare', { row: label(row), column: label(column) })}
                                aria-invalid={err ? 'true' : undefined}
                                aria-describedby={err ? `${id}-error` : 'ahp-hint'}
                              >
                                {SCALE.map((s) => (
                                  <option value={saatyLabel(s)} selected={saatyLabel(s) === (v[name] ?? '1')}>
                                    {saatyLabel(s)}
                                  </option>
                                ))}
                              </select>
                              {err ? (
                                <div class="field-error" id={`${id}-error`}>
                                  {err}
                                </div>
                              ) : null}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <AhpFigures req={req} members={members} ahp={ahp} />
              <FormRows
                {...kit(req, 'ahp', ahpErrors)}
                values={v}
                rows={[
                  { name: 'accept', label: req.t('ind.accept'), type: 'checkbox' },
                  {
                    name: 'reason',
                    alsoFor: 'acceptInconsistency',
                    label: req.t('ind.reason'),
                    type: 'textarea',
                  },
                ]}
              />
              <div class="actions">
                <button type="submit" name="preview" value="1" class="secondary" formnovalidate>
                  {req.t('ind.calculate')}
                </button>{' '}
                <button type="submit">{req.t('ind.saveWeights')}</button>
              </div>
            </PostForm>
          </>
        )}
      </section>
    </div>
  );
}

/** The indicator-system pages: the list, the editor, one indicator, the weights of one level. */
export function indicatorPages(ctx: PluginContext<unknown>): void {
  ctx.ui.messages({ en, 'zh-CN': zhCN });

  listPageWithCreate(ctx, {
    path: '/indicator-systems',
    title: { en: 'Indicator systems', 'zh-CN': '满意度指标体系' },
    render: listPage,
    create: (req, v) =>
      req.api<IndicatorSystem>('POST', `${API}/indicator-systems`, {
        name: v.name,
        ...(v.description ? { description: v.description } : {}),
      }),
    created: 'ind.created',
  });

  ctx.ui.page({
    path: '/indicator-systems/:id',
    title: { en: 'Indicator system', 'zh-CN': '满意度指标体系' },
    access: 'satisfaction.read',
    async get(req) {
      const system = await loadSystem(req, req.params.id ?? '');
      return system ? editorPage(req, system) : req.notFound();
    },
    async post(req) {
      const id = req.params.id ?? '';
      const v = formValues(req);
      const base = `${API}/indicator-systems/${enc(id)}`;
      const res =
        v.action === 'publish'
          ? await req.api('POST', `${base}/publish`, {})
          : v.action === 'version'
            ? await req.api<IndicatorSystem>('POST', `${base}/versions`, {})
            : await req.api('POST', `${base}/indicators`, indicatorBody(v, true));
      if (res.status === 404) return req.notFound();
      if (res.ok) {
        const next = v.action === 'version' ? (res.body as IndicatorSystem) : null;
        req.flash(
          'success',
          next
            ? req.t('ind.versionStarted', { version: next.version })
            : req.t(v.action === 'publish' ? 'ind.published' : 'ind.added'),
        );
        return req.c.redirect(req.href(`/indicator-systems/${enc(next?.id ?? id)}`), 303);
      }
      const system = await loadSystem(req, id);
      if (!system) return req.notFound();
      refusedStatus(req, res.status);
      return editorPage(req, system, { v, problem: res.body as UiProblem });
    },
  });

  const withIndicator = async (req: UiRequest) => {
    const system = await loadSystem(req, req.params.id ?? '');
    const indicator = system?.indicators.find((i) => i.id === req.params.indicatorId);
    return system && indicator ? { system, indicator } : null;
  };

  ctx.ui.page({
    path: '/indicator-systems/:id/indicators/:indicatorId',
    title: { en: 'Indicator', 'zh-CN': '指标' },
    access: 'satisfaction.indicators.write',
    async get(req) {
      const found = await withIndicator(req);
      return found ? indicatorPage(req, found.system, found.indicator) : req.notFound();
    },
    async post(req) {
      const found = await withIndicator(req);
      if (!found) return req.notFound();
      const v = formValues(req);
      const path = `${API}/indicator-systems/${enc(found.system.id)}/indicators/${enc(found.indicator.id)}`;
      const res =
        v.action === 'remove'
          ? await req.api('DELETE', path)
          : await req.api('PATCH', path, indicatorBody(v, false));
      const back = req.href(`/indicator-systems/${enc(found.system.id)}`);
      const success = { message: req.t(v.action === 'remove' ? 'ind.removed' : 'ind.saved'), to: back };
      return answerPost(req, res, success, (problem) =>
        indicatorPage(req, found.system, found.indicator, {
          ...(v.action === 'remove' ? {} : { v }),
          problem,
        }),
      );
    },
  });

  const withLevel = async (req: UiRequest) => {
    const system = await loadSystem(req, req.params.id ?? '');
    if (!system) return null;
    const parentId = req.params.parent === TOP ? null : (req.params.parent ?? '');
    if (!system.indicators.some((i) => i.parentId === parentId)) return null;
    return { system, parentId };
  };

  ctx.ui.page({
    path: '/indicator-systems/:id/levels/:parent',
    title: { en: 'Weights of a level', 'zh-CN': '层级权重' },
    access: 'satisfaction.indicators.write',
    async get(req) {
      const found = await withLevel(req);
      return found ? levelPage(req, found.system, found.parentId, {}) : req.notFound();
    },
    async post(req) {
      const found = await withLevel(req);
      if (!found) return req.notFound();
      const { system, parentId } = found;
      const v = formValues(req);
      const members = system.indicators.filter((i) => i.parentId === parentId);
      const base = `${API}/indicator-systems/${enc(system.id)}`;
      const back = req.href(`/indicator-systems/${enc(system.id)}`);
      if (v.method !== 'ahp') {
        const res = await req.api('PUT', `${base}/weights`, {
          parentId,
          // An empty or non-numeric weight goes as null, for the API's schema to refuse beside it.
          weights: members.map((m) => {
            const x = v[`w.${m.id}`] ?? '';
            return { indicatorId: m.id, weight: x === '' ? null : Number(x) };
          }),
        });
        return answerPost(req, res, { message: req.t('ind.weightsSaved'), to: back }, (problem) =>
          levelPage(req, system, parentId, { v, form: 'entered', problem }),
        );
      }
      const matrix = postedMatrix(v, members.length);
      const figures = await req.api<Ahp>('POST', `${API}/ahp`, { matrix });
      const ahp = figures.ok ? figures.body : null;
      if (v.preview) {
        if (!figures.ok) refusedStatus(req, figures.status);
        return levelPage(req, system, parentId, {
          v,
          form: 'ahp',
          ahp,
          ...(figures.ok ? {} : { problem: figures.body as UiProblem }),
        });
      }
      const res = await req.api('PUT', `${base}/ahp`, {
        parentId,
        indicatorIds: members.map((m) => m.id),
        matrix,
        ...(v.accept === 'true' ? { acceptInconsistency: { reason: v.reason ?? '' } } : {}),
      });
      return answerPost(req, res, { message: req.t('ind.weightsSaved'), to: back }, (problem) =>
        levelPage(req, system, parentId, { v, form: 'ahp', ahp, problem }),
      );
    },
  });
}
