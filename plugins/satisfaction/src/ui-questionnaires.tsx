import type { PluginContext, UiRequest } from '@kehu/core';
import {
  answerPost,
  FormGrid,
  fieldErrors,
  formKitMessages,
  formValues,
  PostForm,
  Refusal,
  refusedStatus,
  type UiProblem,
} from '@kehu/core/ui';
import type { IndicatorSystem } from './indicator-systems.js';
import { QUESTION_TYPES, type Question, type Questionnaire, type QuestionType } from './questionnaires.js';
import { SURVEY_CSS_URL } from './survey-css.js';
import { QuestionField } from './survey-page';
import {
  API,
  apiSentences,
  ConfirmForm,
  enc,
  listPageWithCreate,
  loadSystem,
  loadSystems,
} from './ui-shared';

// The questionnaire builder: a questionnaire's questions (every type the API knows), each in both
// languages, optional or required, rating questions linked to an indicator of the questionnaire's
// system, and a preview drawn with the survey page's own question markup. The API stores a version's
// questions as a whole (`PUT /questionnaires/:id`), so each change here sends the full list; once the
// version has responses the API refuses (409) and the page offers the next version.

/** Types that carry their own scale; `rating` and `servqual` choose one. */
const SCALES: Partial<Record<QuestionType, number[]>> = { rating: [5, 7, 10], servqual: [5, 7] };
const LINKABLE: readonly QuestionType[] = ['rating', 'csat', 'servqual'];
const OVERALL: readonly QuestionType[] = ['rating', 'csat'];
const CHOICES: readonly QuestionType[] = ['single', 'multiple'];

const en = {
  ...formKitMessages.en,
  'qb.questionnaires': 'Questionnaires',
  'qb.none': 'No questionnaires yet.',
  'qb.new': 'New questionnaire',
  'qb.titleZh': 'Title (Chinese)',
  'qb.titleEn': 'Title (English)',
  'qb.system': 'Indicator system',
  'qb.systemHint': 'Rating, CSAT and SERVQUAL questions are linked to the lowest indicators of this system.',
  'qb.noSystem': '(none)',
  'qb.first': 'The first question',
  'qb.create': 'Create the questionnaire',
  'qb.created': 'The questionnaire was created.',
  'qb.frozenBadge': 'frozen (answered)',
  'qb.frozen': 'This version has responses and is frozen: its questions can no longer change.',
  'qb.newVersion': 'Start version {version}',
  'qb.versionStarted': 'Version {version} was started as an editable copy.',
  'qb.questions': 'Questions',
  'qb.type': 'Type',
  'qb.type.rating': 'Rating scale',
  'qb.type.nps': 'NPS (0–10, how likely to recommend)',
  'qb.type.csat': 'CSAT (1–5)',
  'qb.type.ces': 'CES (1–7, customer effort)',
  'qb.type.servqual': 'Expectation / perception pair (SERVQUAL)',
  'qb.type.single': 'Single choice',
  'qb.type.multiple': 'Multiple choice',
  'qb.type.text': 'Free text',
  'qb.textZh': 'Question (Chinese)',
  'qb.textEn': 'Question (English)',
  'qb.required': 'Required',
  'qb.isRequired': 'required',
  'qb.isOptional': 'optional',
  'qb.scale': 'Scale',
  'qb.scaleHint': 'Rating: 1–5, 1–7 or 1–10; SERVQUAL: 1–5 or 1–7. NPS, CSAT and CES have their own.',
  'qb.scaleOf': '1–{max}',
  'qb.indicator': 'Linked indicator',
  'qb.noIndicator': '(none)',
  'qb.overall': 'The overall-satisfaction question (validation correlates indicators with it)',
  'qb.overallShort': 'overall satisfaction',
  'qb.options': 'Choices',
  'qb.optionsHint': 'Single and multiple choice: one per line, code | 中文 | English',
  'qb.add': 'Add a question',
  'qb.added': 'The question was added.',
  'qb.edit': 'Edit',
  'qb.editQuestion': 'Question {n}',
  'qb.save': 'Save the question',
  'qb.saved': 'The question was saved.',
  'qb.up': 'Move up',
  'qb.moved': 'The question was moved.',
  'qb.remove': 'Remove',
  'qb.removeConfirm': 'Remove this question?',
  'qb.removed': 'The question was removed.',
  'qb.preview': 'Preview',
  'qb.previewNote': 'As the respondent sees it on the survey page; nothing here is sent.',
  'qb.back': 'Back to the questionnaire',
  ...apiSentences([
    'questionnaire_frozen',
    'no_system',
    'unknown_system',
    'unknown_indicator',
    'indicator_not_leaf',
    'invalid_union',
  ]),
} as const;

const zhCN: Record<keyof typeof en, string> = {
  ...formKitMessages['zh-CN'],
  'qb.questionnaires': '问卷',
  'qb.none': '暂无问卷。',
  'qb.new': '新建问卷',
  'qb.titleZh': '中文标题',
  'qb.titleEn': '英文标题',
  'qb.system': '指标体系',
  'qb.systemHint': '评分、CSAT 与 SERVQUAL 题目关联此指标体系最低一级的指标。',
  'qb.noSystem': '（不关联）',
  'qb.first': '第一道题',
  'qb.create': '创建问卷',
  'qb.created': '问卷已创建。',
  'qb.frozenBadge': '已冻结（已有回答）',
  'qb.frozen': '此版本已有回答，已冻结：题目不能再修改。',
  'qb.newVersion': '新建第 {version} 版',
  'qb.versionStarted': '已复制为可编辑的第 {version} 版。',
  'qb.questions': '题目',
  'qb.type': '题型',
  'qb.type.rating': '评分量表',
  'qb.type.nps': 'NPS 净推荐值（0–10，推荐可能性）',
  'qb.type.csat': 'CSAT 满意度（1–5）',
  'qb.type.ces': 'CES 客户费力度（1–7）',
  'qb.type.servqual': '期望与感知对比（SERVQUAL）',
  'qb.type.single': '单选题',
  'qb.type.multiple': '多选题',
  'qb.type.text': '开放题',
  'qb.textZh': '题目（中文）',
  'qb.textEn': '题目（英文）',
  'qb.required': '必答',
  'qb.isRequired': '必答',
  'qb.isOptional': '选答',
  'qb.scale': '量表',
  'qb.scaleHint': '评分量表：1–5、1–7 或 1–10；SERVQUAL：1–5 或 1–7。NPS、CSAT、CES 使用各自的量表。',
  'qb.scaleOf': '1–{max} 分',
  'qb.indicator': '关联指标',
  'qb.noIndicator': '（不关联）',
  'qb.overall': '总体满意度题（验证指标时与之求相关）',
  'qb.overallShort': '总体满意度',
  'qb.options': '选项',
  'qb.optionsHint': '单选与多选题：每行一个，代码 | 中文 | English',
  'qb.add': '添加题目',
  'qb.added': '题目已添加。',
  'qb.edit': '编辑',
  'qb.editQuestion': '第 {n} 题',
  'qb.save': '保存题目',
  'qb.saved': '题目已保存。',
  'qb.up': '上移',
  'qb.moved': '题目已移动。',
  'qb.remove': '删除',
  'qb.removeConfirm': '删除此题？',
  'qb.removed': '题目已删除。',
  'qb.preview': '预览',
  'qb.previewNote': '受访者在调查页面上看到的样子；此处不会提交任何内容。',
  'qb.back': '返回问卷',
  'kit.questionnaire_frozen': '此版本已有回答并已冻结；请新建版本后再修改',
  'kit.no_system': '关联指标前请先选择指标体系',
  'kit.unknown_system': '该指标体系不存在',
  'kit.unknown_indicator': '该指标不在所选的指标体系中',
  'kit.indicator_not_leaf': '请关联最低一级的指标',
  'kit.invalid_union': '请选择有效的题型并填写其所需内容',
};

type Values = Record<string, string>;
type Leaf = { id: string; label: string };

/** The API's input of a stored question (what a full replacement sends back unchanged). */
function inputOf(q: Question): Record<string, unknown> {
  return {
    type: q.type,
    text: q.text,
    required: q.required,
    ...(SCALES[q.type] ? { scale: q.scaleMax } : {}),
    ...(LINKABLE.includes(q.type) && q.indicatorId ? { indicatorId: q.indicatorId } : {}),
    ...(OVERALL.includes(q.type) ? { overall: q.overall } : {}),
    ...(CHOICES.includes(q.type) ? { options: q.options ?? [] } : {}),
  };
}

/** A question's form fields (`q.*`) as the API's input; only the members its type allows. */
function questionFrom(v: Values): Record<string, unknown> {
  const type = (v['q.type'] ?? '') as QuestionType;
  const options = (v['q.options'] ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [value = '', zh = '', english = ''] = line.split('|').map((x) => x.trim());
      return { value, label: { 'zh-CN': zh, en: english } };
    });
  return {
    type,
    text: { 'zh-CN': v['q.text.zh-CN'] ?? '', en: v['q.text.en'] ?? '' },
    required: v['q.required'] === 'true',
    ...(SCALES[type] ? { scale: Number(v['q.scale'] || SCALES[type]![0]) } : {}),
    ...(LINKABLE.includes(type) && v['q.indicatorId'] ? { indicatorId: v['q.indicatorId'] } : {}),
    ...(OVERALL.includes(type) ? { overall: v['q.overall'] === 'true' } : {}),
    ...(CHOICES.includes(type) ? { options } : {}),
  };
}

/** A stored question as form values. */
function valuesOf(q: Question): Values {
  return {
    'q.type': q.type,
    'q.text.zh-CN': q.text['zh-CN'],
    'q.text.en': q.text.en,
    'q.required': q.required ? 'true' : '',
    'q.scale': q.scaleMax === null ? '' : String(q.scaleMax),
    'q.indicatorId': q.indicatorId ?? '',
    'q.overall': q.overall ? 'true' : '',
    'q.options': (q.options ?? []).map((o) => `${o.value} | ${o.label['zh-CN']} | ${o.label.en}`).join('\n'),
  };
}

/** The full replacement body of a questionnaire with other questions. */
const replacement = (q: Questionnaire, questions: Record<string, unknown>[]) => ({
  title: q.title,
  ...(q.intro ? { intro: q.intro } : {}),
  systemId: q.systemId,
  questions,
});

/** The API's errors of question `i` (`questions.3.text.en`) under the form's names (`q.text.en`). */
function questionErrors(req: UiRequest, problem: UiProblem | undefined, i: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, msg] of fieldErrors(req, problem)) {
    const prefix = `questions.${i}`;
    if (k === prefix) out.set('q.type', msg);
    else if (k.startsWith(`${prefix}.`)) {
      const rest = k.slice(prefix.length + 1);
      out.set(`q.${rest.startsWith('options') ? 'options' : rest}`, msg);
    } else out.set(k, msg);
  }
  return out;
}

function QuestionFields(p: {
  req: UiRequest;
  form: string;
  errors: Map<string, string>;
  v: Values;
  leaves: Leaf[];
}) {
  const { req } = p;
  return (
    <FormGrid
      req={req}
      form={p.form}
      errors={p.errors}
      values={{ 'q.type': 'rating', 'q.scale': '5', ...p.v }}
      rows={[
        {
          name: 'q.type',
          label: req.t('qb.type'),
          required: true,
          options: QUESTION_TYPES.map((t) => ({ value: t, label: req.t(`qb.type.${t}`) })),
        },
        { name: 'q.text.zh-CN', label: req.t('qb.textZh'), required: true },
        { name: 'q.text.en', label: req.t('qb.textEn'), required: true },
        {
          name: 'q.scale',
          label: req.t('qb.scale'),
          hint: req.t('qb.scaleHint'),
          options: [5, 7, 10].map((max) => ({ value: String(max), label: req.t('qb.scaleOf', { max }) })),
        },
        {
          name: 'q.indicatorId',
          label: req.t('qb.indicator'),
          options: [
            { value: '', label: req.t('qb.noIndicator') },
            ...p.leaves.map((l) => ({ value: l.id, label: l.label })),
          ],
        },
        { name: 'q.options', label: req.t('qb.options'), type: 'textarea', hint: req.t('qb.optionsHint') },
        { name: 'q.required', label: req.t('qb.required'), type: 'checkbox' },
        { name: 'q.overall', label: req.t('qb.overall'), type: 'checkbox' },
      ]}
    />
  );
}

/** The lowest indicators of a system, for the link select. */
function leavesOf(req: UiRequest, system: IndicatorSystem, prefix = ''): Leaf[] {
  return system.indicators
    .filter((i) => i.leaf)
    .map((i) => ({ id: i.id, label: `${prefix}${i.code} ${req.label(i.name)}` }));
}

const systemLabel = (req: UiRequest, s: IndicatorSystem) =>
  `${s.name} · ${req.t('qb.versionOf', { version: s.version })}`;

async function listPage(
  req: UiRequest,
  v: Values = { 'q.type': 'nps', 'q.required': 'true' },
  problem?: UiProblem,
) {
  const res = await req.api<{ items: Questionnaire[] }>('GET', `${API}/questionnaires`);
  const items = res.ok ? res.body.items : [];
  const writer = req.principal.can('satisfaction.questionnaires.write');
  const systems = writer ? await loadSystems(req) : [];
  const errors = questionErrors(req, problem, 0);
  const f = { req, form: 'qn-new', errors };
  return (
    <div class="stack">
      <h1>{req.t('qb.questionnaires')}</h1>
      <section class="card" aria-labelledby="qn-list">
        <h2 id="qn-list">{req.t('qb.questionnaires')}</h2>
        {items.length === 0 ? (
          <p class="muted">{req.t('qb.none')}</p>
        ) : (
          <ul class="plain-list">
            {items.map((q) => (
              <li>
                <a href={req.href(`/questionnaires/${enc(q.id)}`)}>{req.label(q.title)}</a>{' '}
                <span class="small muted">
                  v{q.version}
                  {q.frozen ? ` · ${req.t('qb.frozenBadge')}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {writer ? (
        <section class="card" aria-labelledby="qn-new">
          <h2 id="qn-new">{req.t('qb.new')}</h2>
          <Refusal req={req} problem={problem} id="qn-new-refusal" />
          <PostForm req={req} action={req.href('/questionnaires')} class="stack">
            <FormGrid
              {...f}
              values={v}
              rows={[
                { name: 'title.zh-CN', label: req.t('qb.titleZh'), required: true },
                { name: 'title.en', label: req.t('qb.titleEn'), required: true },
                {
                  name: 'systemId',
                  label: req.t('qb.system'),
                  hint: req.t('qb.systemHint'),
                  options: [
                    { value: '', label: req.t('qb.noSystem') },
                    ...systems.map((s) => ({ value: s.id, label: systemLabel(req, s) })),
                  ],
                },
              ]}
            />
            <fieldset>
              <legend>{req.t('qb.first')}</legend>
              <QuestionFields
                req={req}
                form="qn-new"
                errors={errors}
                v={v}
                leaves={systems.flatMap((s) => leavesOf(req, s, `${systemLabel(req, s)}: `))}
              />
            </fieldset>
            <div>
              <button type="submit">{req.t('qb.create')}</button>
            </div>
          </PostForm>
        </section>
      ) : null}
    </div>
  );
}

async function loadQuestionnaire(req: UiRequest, id: string) {
  const res = await req.api<Questionnaire>('GET', `${API}/questionnaires/${enc(id)}`);
  if (!res.ok) return null;
  return { q: res.body, system: res.body.systemId ? await loadSystem(req, res.body.systemId) : null };
}

function builderPage(
  req: UiRequest,
  found: { q: Questionnaire; system: IndicatorSystem | null },
  state: { v?: Values; problem?: UiProblem } = {},
) {
  const { q, system } = found;
  const editable = req.principal.can('satisfaction.questionnaires.write') && !q.frozen;
  const base = req.href(`/questionnaires/${enc(q.id)}`);
  const leaves = system ? leavesOf(req, system) : [];
  const codes = new Map(system?.indicators.map((i) => [i.id, i.code]) ?? []);
  const v = state.v ?? { 'q.type': 'rating', 'q.required': 'true', 'q.scale': '5' };
  const errors = questionErrors(req, state.problem, q.questions.length);
  return (
    <div class="stack">
      <div class="page-head">
        <h1>
          {req.label(q.title)} <span class="badge">v{q.version}</span>{' '}
          {q.frozen ? <span class="badge">{req.t('qb.frozenBadge')}</span> : null}
        </h1>
        <p class="muted">
          <a href={req.href('/questionnaires')}>{req.t('qb.questionnaires')}</a>
          {system ? ` · ${systemLabel(req, system)}` : ''}
        </p>
      </div>
      <Refusal req={req} problem={state.problem} id="qn-refusal" />
      {q.frozen ? (
        <div class="notice" id="qn-frozen">
          <p>{req.t('qb.frozen')}</p>
          {req.principal.can('satisfaction.questionnaires.write') ? (
            <ConfirmForm req={req} action={base}>
              <input type="hidden" name="action" value="version" />
              <button type="submit" class="secondary">
                {req.t('qb.newVersion', { version: q.version + 1 })}
              </button>
            </ConfirmForm>
          ) : null}
        </div>
      ) : null}
      <section class="card" aria-labelledby="qn-questions">
        <h2 id="qn-questions">{req.t('qb.questions')}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{req.t('qb.textZh')}</th>
                <th scope="col">{req.t('qb.textEn')}</th>
                <th scope="col">{req.t('qb.type')}</th>
                <th scope="col">{req.t('qb.indicator')}</th>
                <th scope="col">{req.t('qb.required')}</th>
                {editable ? <th scope="col">{req.t('qb.edit')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {q.questions.map((x, i) => (
                <tr data-question={String(i + 1)}>
                  <td>{i + 1}</td>
                  <td lang="zh-CN">{x.text['zh-CN']}</td>
                  <td lang="en">{x.text.en}</td>
                  <td>
                    {req.t(`qb.type.${x.type}`)}
                    {SCALES[x.type] && x.scaleMax ? ` · ${req.t('qb.scaleOf', { max: x.scaleMax })}` : ''}
                    {x.overall ? ` · ${req.t('qb.overallShort')}` : ''}
                  </td>
                  <td>{x.indicatorId ? (codes.get(x.indicatorId) ?? x.indicatorId) : '—'}</td>
                  <td>{req.t(x.required ? 'qb.isRequired' : 'qb.isOptional')}</td>
                  {editable ? (
                    <td class="actions">
                      <a href={`${base}/questions/${i + 1}`} aria-label={`${req.t('qb.edit')} ${i + 1}`}>
                        {req.t('qb.edit')}
                      </a>
                      {i > 0 ? (
                        <ConfirmForm req={req} action={base}>
                          <input type="hidden" name="action" value="up" />
                          <input type="hidden" name="n" value={String(i + 1)} />
                          <button type="submit" class="secondary" aria-label={`${req.t('qb.up')} ${i + 1}`}>
                            {req.t('qb.up')}
                          </button>
                        </ConfirmForm>
                      ) : null}
                      {q.questions.length > 1 ? (
                        <ConfirmForm req={req} action={base} confirm={req.t('qb.removeConfirm')}>
                          <input type="hidden" name="action" value="remove" />
                          <input type="hidden" name="n" value={String(i + 1)} />
                          <button type="submit" class="danger" aria-label={`${req.t('qb.remove')} ${i + 1}`}>
                            {req.t('qb.remove')}
                          </button>
                        </ConfirmForm>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {editable ? (
        <section class="card" aria-labelledby="qn-add">
          <h2 id="qn-add">{req.t('qb.add')}</h2>
          <PostForm req={req} action={base} class="stack">
            <input type="hidden" name="action" value="add" />
            <QuestionFields req={req} form="qn-add" errors={errors} v={v} leaves={leaves} />
            <div>
              <button type="submit">{req.t('qb.add')}</button>
            </div>
          </PostForm>
        </section>
      ) : null}
      <section class="card" aria-labelledby="qn-preview">
        <h2 id="qn-preview">{req.t('qb.preview')}</h2>
        <p class="small muted">{req.t('qb.previewNote')}</p>
        {q.intro ? <p>{req.label(q.intro)}</p> : null}
        <link rel="stylesheet" href={SURVEY_CSS_URL} />
        <fieldset disabled class="survey survey-preview">
          <legend class="sr-only">{req.t('qb.preview')}</legend>
          {q.questions.map((x) => (
            <QuestionField lang={req.lang} question={x} value={null} error={undefined} />
          ))}
        </fieldset>
      </section>
    </div>
  );
}

function questionPage(
  req: UiRequest,
  found: { q: Questionnaire; system: IndicatorSystem | null },
  n: number,
  state: { v?: Values; problem?: UiProblem } = {},
) {
  const { q, system } = found;
  const base = req.href(`/questionnaires/${enc(q.id)}`);
  const question = q.questions[n - 1]!;
  return (
    <div class="stack">
      <div class="page-head">
        <h1>
          {req.label(q.title)}: {req.t('qb.editQuestion', { n })}
        </h1>
        <p class="muted">
          <a href={base}>{req.t('qb.back')}</a>
        </p>
      </div>
      <Refusal req={req} problem={state.problem} id="qn-edit-refusal" />
      <PostForm req={req} action={`${base}/questions/${n}`}>
        <QuestionFields
          req={req}
          form="qn-edit"
          errors={questionErrors(req, state.problem, n - 1)}
          v={state.v ?? valuesOf(question)}
          leaves={system ? leavesOf(req, system) : []}
        />
        <div>
          <button type="submit">{req.t('qb.save')}</button>
        </div>
      </PostForm>
    </div>
  );
}

/** The questionnaire pages: the list with a form to start one, the builder with its preview, one question. */
export function questionnairePages(ctx: PluginContext<unknown>): void {
  ctx.ui.messages({
    en: { ...en, 'qb.versionOf': 'v{version}' },
    'zh-CN': { ...zhCN, 'qb.versionOf': '第 {version} 版' },
  });

  listPageWithCreate(ctx, {
    path: '/questionnaires',
    title: { en: 'Questionnaires', 'zh-CN': '问卷' },
    render: listPage,
    async create(req, v) {
      let systemId: string | null = v.systemId || null;
      // A question linked before a system was chosen takes its indicator's system.
      if (!systemId && v['q.indicatorId'])
        systemId =
          (await loadSystems(req)).find((s) => s.indicators.some((i) => i.id === v['q.indicatorId']))?.id ??
          null;
      return req.api<Questionnaire>('POST', `${API}/questionnaires`, {
        title: { 'zh-CN': v['title.zh-CN'] ?? '', en: v['title.en'] ?? '' },
        systemId,
        questions: [questionFrom(v)],
      });
    },
    created: 'qb.created',
  });

  ctx.ui.page({
    path: '/questionnaires/:id',
    title: { en: 'Questionnaire', 'zh-CN': '问卷' },
    access: 'satisfaction.read',
    async get(req) {
      const found = await loadQuestionnaire(req, req.params.id ?? '');
      return found ? builderPage(req, found) : req.notFound();
    },
    async post(req) {
      const found = await loadQuestionnaire(req, req.params.id ?? '');
      if (!found) return req.notFound();
      const { q } = found;
      const v = formValues(req);
      const path = `${API}/questionnaires/${enc(q.id)}`;
      if (v.action === 'version') {
        const res = await req.api<Questionnaire>('POST', `${path}/versions`, {});
        if (res.ok) {
          req.flash('success', req.t('qb.versionStarted', { version: res.body.version }));
          return req.c.redirect(req.href(`/questionnaires/${enc(res.body.id)}`), 303);
        }
        refusedStatus(req, res.status);
        return builderPage(req, found, { problem: res.body as unknown as UiProblem });
      }
      const questions = q.questions.map(inputOf);
      const n = Number(v.n) - 1;
      let message = req.t('qb.added');
      if (v.action === 'up' || v.action === 'remove') {
        if (!Number.isInteger(n) || n < 0 || n >= questions.length) return req.notFound();
        if (v.action === 'up' && n > 0) [questions[n - 1], questions[n]] = [questions[n]!, questions[n - 1]!];
        if (v.action === 'remove') questions.splice(n, 1);
        message = req.t(v.action === 'up' ? 'qb.moved' : 'qb.removed');
      } else questions.push(questionFrom(v));
      const res = await req.api('PUT', path, replacement(q, questions));
      return answerPost(req, res, { message, to: req.href(`/questionnaires/${enc(q.id)}`) }, (problem) =>
        builderPage(req, found, { ...(v.action === 'add' ? { v } : {}), problem }),
      );
    },
  });

  const questionAt = async (req: UiRequest) => {
    const found = await loadQuestionnaire(req, req.params.id ?? '');
    const n = Number(req.params.n);
    return found && Number.isInteger(n) && n >= 1 && n <= found.q.questions.length ? { found, n } : null;
  };

  ctx.ui.page({
    path: '/questionnaires/:id/questions/:n',
    title: { en: 'Question', 'zh-CN': '题目' },
    access: 'satisfaction.questionnaires.write',
    async get(req) {
      const at = await questionAt(req);
      return at ? questionPage(req, at.found, at.n) : req.notFound();
    },
    async post(req) {
      const at = await questionAt(req);
      if (!at) return req.notFound();
      const { q } = at.found;
      const v = formValues(req);
      const questions = q.questions.map(inputOf);
      questions[at.n - 1] = questionFrom(v);
      const res = await req.api('PUT', `${API}/questionnaires/${enc(q.id)}`, replacement(q, questions));
      const success = { message: req.t('qb.saved'), to: req.href(`/questionnaires/${enc(q.id)}`) };
      return answerPost(req, res, success, (problem) => questionPage(req, at.found, at.n, { v, problem }));
    },
  });
}
