import type { PluginContext, UiRequest } from '@kehu/core';
import {
  amountOf,
  answerPost,
  Badge,
  DataTable,
  FormGrid,
  FormRows,
  fieldErrors,
  formValues,
  minorDigits,
  minorToInput,
  PageHead,
  PostForm,
  Refusal,
  refusalOnField,
  SectionNav,
  toMinor,
  type UiProblem,
} from '@kehu/core/ui';
import { endOfCompanyDay, ProfileLink } from './ui-forms';

// What a credit manager sets for the whole company and for one customer beyond limits and scores:
// the credit policy (what each grade allows, the score thresholds, the 5C factor weights), a
// customer's longest term and review date, and one-off exceptions (特批) for a single sale. Each form
// goes to the credit API as the signed-in user; its refusal is shown beside the field it names.

const API = '/api/v1/credit';
const enc = encodeURIComponent;
/** Blank rows the policy form offers for new factors and for another currency's ceilings. */
const NEW_FACTOR_ROWS = 1;
const NEW_CURRENCY_ROWS = 1;

type Labels = { en: string; 'zh-CN': string };
interface GradeRow {
  grade: string;
  minScore: number;
  creditSales: boolean;
  maxTermDays: number;
  maxLimit: number | null;
}
interface FactorRow {
  key: string;
  weight: number;
  labels: Labels;
}
interface Policy {
  scale: string;
  currency: string;
  otherCurrencies: 'refuse' | Record<string, Record<string, number | null>>;
  grades: GradeRow[];
  factors: FactorRow[];
  version: number;
  updatedAt: string | null;
  gradeLabels: Record<string, Labels>;
}
interface Override {
  id: string;
  amountCap: number;
  currency: string;
  expiresAt: string;
  reason: string;
  grantedAt: string;
  usedAt: string | null;
  usedAmount: number | null;
  status: 'active' | 'used' | 'expired' | 'revoked';
}
interface OverviewLike {
  customerId: string;
  profile: { currency: string; maxTermDays: number; nextReviewDate: string | null; version: number } | null;
}

const en = {
  sections: 'Credit',
  approvalsTab: 'Approvals and reviews',
  policy: 'Credit policy',
  policyIntro: 'Scale {scale}; ceilings in {currency}. Version {version}.',
  gradesHead: 'What each grade allows',
  minScore: 'From score',
  creditSales: 'Credit sales allowed',
  maxTermDaysCol: 'Longest term (days)',
  maxLimit: 'Limit ceiling',
  maxLimitHint: 'In {currency}; empty: no ceiling',
  factorsHead: 'Scoring model (5C factors)',
  factorsIntro: 'The weights must add up to 1. Empty a factor’s key to take it out.',
  factorKey: 'Key',
  factorWeight: 'Weight',
  labelEn: 'Name (English)',
  labelZh: 'Name (Chinese)',
  newFactor: 'New factor',
  savePolicy: 'Save the policy',
  policySaved: 'The credit policy was saved.',
  otherCurrenciesHead: 'Ceilings in other currencies',
  otherCurrenciesRefused: 'Profiles in another currency get no credit.',
  otherCurrenciesIntro:
    'A profile in another currency than {currency} is capped by that currency’s own ceiling for its grade; a currency not listed gets no credit. Amounts in the row’s currency; empty: no ceiling. Fill in the last row to add a currency.',
  newCurrency: 'Another currency',
  currencyCode: 'Currency (ISO code, e.g. USD)',
  removeCurrency: 'Take {currency} out (no more credit in it)',
  duplicateCurrency: '{currency} is listed twice',
  noCeiling: 'No ceiling',
  yes: 'Yes',
  no: 'No',
  changeTerms: 'Change the term and review date',
  termsSaved: 'The credit terms were changed.',
  maxTermDaysInput: 'Longest credit term (days)',
  nextReviewDate: 'Next review',
  changeReason: 'Reason for the change',
  overrides: 'One-off exceptions',
  overridesIntro: 'An exception lets one sale on credit through up to its cap before it expires.',
  noOverrides: 'No exceptions.',
  grantOverride: 'Grant an exception',
  overrideGranted: 'The exception was granted.',
  amountCap: 'Up to',
  overrideExpires: 'Valid until',
  granted: 'Granted',
  used: 'Used',
  revoke: 'Revoke',
  revokeReason: 'Reason for revoking',
  overrideRevoked: 'The exception was revoked.',
  'override.active': 'Active',
  'override.used': 'Used',
  'override.expired': 'Expired',
  'override.revoked': 'Revoked',
  'kit.grades_do_not_match_scale': '',
  'kit.thresholds_not_descending': '',
  'kit.lowest_threshold_not_zero': '',
  'kit.no_factors': '',
  'kit.duplicate_factor': '',
  'kit.weights_must_sum_to_one': '',
  'kit.version_conflict': '',
  'kit.expiry_not_in_future': '',
  'kit.override_not_active': '',
  'kit.hold_exists': '',
  'kit.hold_not_active': '',
  'kit.credit_refused': '',
  'kit.credit_sales_not_allowed': '',
  'kit.currency_mismatch': '',
  'kit.delivery_blocked': '',
  'kit.limit_above_grade_maximum': '',
  'kit.limit_exceeded': '',
  'kit.no_credit_profile': '',
  'kit.not_graded': '',
  'kit.not_pending': '',
  'kit.on_hold': '',
  'kit.overdue': '',
  'kit.override_invalid': '',
  'kit.policy_currency_listed': '',
  'kit.unknown_currency': '',
  'kit.not_minor_units': '',
  'kit.request_expired': '',
  'kit.request_pending': '',
  'kit.same_customer': '',
  'kit.term_exceeds_maximum': '',
  'kit.transfer_exceeds_unused_limit': '',
  'kit.unknown_investigation': '',
} as const;

const zhCN: Record<keyof typeof en, string> = {
  sections: '信用',
  approvalsTab: '审批与复审',
  policy: '信用政策',
  policyIntro: '等级体系 {scale}；额度上限以 {currency} 计。版本 {version}。',
  gradesHead: '各信用等级的政策',
  minScore: '最低评分',
  creditSales: '允许赊销',
  maxTermDaysCol: '最长账期（天）',
  maxLimit: '额度上限',
  maxLimitHint: '以 {currency} 计；留空表示不设上限',
  factorsHead: '评分模型（5C 因素）',
  factorsIntro: '各因素权重之和须为 1。清空某项的代码即删除该因素。',
  factorKey: '代码',
  factorWeight: '权重',
  labelEn: '名称（英文）',
  labelZh: '名称（中文）',
  newFactor: '新增因素',
  savePolicy: '保存信用政策',
  policySaved: '信用政策已保存。',
  otherCurrenciesHead: '其他币种的额度上限',
  otherCurrenciesRefused: '其他币种的信用档案不给予赊销。',
  otherCurrenciesIntro:
    '币种不是 {currency} 的信用档案，按该币种自己的等级上限控制额度；未列出的币种不给予赊销。金额以该行币种计；留空表示不设上限。填写最后一行即可新增币种。',
  newCurrency: '新增币种',
  currencyCode: '币种（ISO 代码，如 USD）',
  removeCurrency: '移除 {currency}（不再给予该币种赊销）',
  duplicateCurrency: '{currency} 重复列出',
  noCeiling: '不设上限',
  yes: '是',
  no: '否',
  changeTerms: '修改账期与复审日期',
  termsSaved: '信用条件已修改。',
  maxTermDaysInput: '最长账期（天）',
  nextReviewDate: '下次复审',
  changeReason: '修改理由',
  overrides: '特批',
  overridesIntro: '特批允许一笔赊销在有效期内、不超过上限地通过信用检查。',
  noOverrides: '没有特批。',
  grantOverride: '给予特批',
  overrideGranted: '特批已给予。',
  amountCap: '上限金额',
  overrideExpires: '有效期至',
  granted: '批准时间',
  used: '已使用',
  revoke: '撤销',
  revokeReason: '撤销理由',
  overrideRevoked: '特批已撤销。',
  'override.active': '有效',
  'override.used': '已使用',
  'override.expired': '已过期',
  'override.revoked': '已撤销',
  'kit.grades_do_not_match_scale': '须按等级体系依次列出全部等级',
  'kit.thresholds_not_descending': '须低于上一等级的最低评分',
  'kit.lowest_threshold_not_zero': '最低等级须从 0 分起',
  'kit.no_factors': '评分模型至少需要一个因素',
  'kit.duplicate_factor': '因素代码不能重复',
  'kit.weights_must_sum_to_one': '各因素权重之和须为 1',
  'kit.version_conflict': '他人已修改了此内容，请刷新后重试',
  'kit.expiry_not_in_future': '有效期须晚于现在',
  'kit.override_not_active': '该特批已不在有效状态',
  'kit.hold_exists': '该客户已有人工冻结',
  'kit.hold_not_active': '该冻结已解除',
  'kit.credit_refused': '信用检查未通过',
  'kit.credit_sales_not_allowed': '该信用等级不允许赊销',
  'kit.currency_mismatch': '币种与信用额度不符',
  'kit.delivery_blocked': '欠款超过两个月，严控发货',
  'kit.limit_above_grade_maximum': '超过该信用等级的固定额度上限',
  'kit.limit_exceeded': '超出信用额度',
  'kit.no_credit_profile': '该客户没有信用档案',
  'kit.not_graded': '该客户尚未评定信用等级',
  'kit.not_pending': '该申请已有审批结果',
  'kit.on_hold': '该客户的赊销已冻结',
  'kit.overdue': '有超期欠款：超期不放',
  'kit.override_invalid': '特批不可用',
  'kit.policy_currency_listed': '这是信用政策本身的币种，其上限即各等级的额度上限',
  'kit.unknown_currency': '不是有效的 ISO 4217 币种代码',
  'kit.not_minor_units': '金额须为该币种最小单位的整数倍，且不小于 0',
  'kit.request_expired': '该临时额度到批准时已过期，请重新申请',
  'kit.request_pending': '该客户已有待审批的固定额度申请',
  'kit.same_customer': '额度调剂须在两个不同客户之间进行',
  'kit.term_exceeds_maximum': '账期超出该客户允许的最长账期',
  'kit.transfer_exceeds_unused_limit': '调出的额度超过该客户未使用的固定额度',
  'kit.unknown_investigation': '不是该客户的信用调查',
};

/** The tabs of credit's company-wide pages. */
export function CreditSections({ req, current }: { req: UiRequest; current: string }) {
  const items = [
    { href: req.href('/approvals'), label: req.t('approvalsTab') },
    { href: req.href('/policy'), label: req.t('policy') },
  ];
  return <SectionNav label={req.t('sections')} items={items} current={req.href(current)} />;
}

const num = (text: string | undefined) => (text === undefined || text === '' ? null : Number(text));
/** An amount field: minor units, null when empty, the text itself (for the API to refuse) when not an amount. */
const optionalAmount = (text: string | undefined, currency: string) =>
  !text ? null : (toMinor(text, currency) ?? text);
/**
 * A ceiling in a currency: like `optionalAmount`, but a decimal with more places than the currency has
 * ("12.345" USD) goes as the fraction of minor units it is, so the API says why it is no amount.
 */
const ceilingAmount = (text: string | undefined, currency: string) => {
  const amount = optionalAmount(text, currency);
  const decimal = typeof amount === 'string' ? /^\d{1,13}\.\d+$/.exec(amount.replace(/,/g, '')) : null;
  return decimal ? Number(decimal[0]) * 10 ** minorDigits(currency) : amount;
};

/** The posted rows `<prefix>.<i>.<field>` as lists of their fields, in row order. */
function rowsOf(v: Record<string, string>, prefix: string): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const [name, value] of Object.entries(v)) {
    const m = new RegExp(`^${prefix}\\.(\\d+)\\.(.+)$`).exec(name);
    if (!m) continue;
    const i = Number(m[1]);
    if (i > 50) continue;
    rows[i] ??= {};
    rows[i]![m[2]!] = value;
  }
  return rows.filter(Boolean);
}

/** The policy's grades and factors as form values (the form shows them as they are). */
function policyValues(p: Policy): Record<string, string> {
  const v: Record<string, string> = { version: String(p.version) };
  p.grades.forEach((g, i) => {
    v[`grades.${i}.grade`] = g.grade;
    v[`grades.${i}.minScore`] = String(g.minScore);
    v[`grades.${i}.creditSales`] = g.creditSales ? 'true' : '';
    v[`grades.${i}.maxTermDays`] = String(g.maxTermDays);
    v[`grades.${i}.maxLimit`] = g.maxLimit === null ? '' : minorToInput(g.maxLimit, p.currency);
  });
  if (p.otherCurrencies !== 'refuse')
    Object.entries(p.otherCurrencies).forEach(([currency, ceilings], i) => {
      v[`others.${i}.currency`] = currency;
      for (const g of p.grades) {
        const c = ceilings[g.grade];
        v[`others.${i}.${g.grade}`] = c === null || c === undefined ? '' : minorToInput(c, currency);
      }
    });
  p.factors.forEach((f, i) => {
    v[`factors.${i}.key`] = f.key;
    v[`factors.${i}.weight`] = String(f.weight);
    v[`factors.${i}.labels.en`] = f.labels.en;
    v[`factors.${i}.labels.zh-CN`] = f.labels['zh-CN'];
  });
  return v;
}

/**
 * The posted rows of other currencies' ceilings as the API's table (`refuse` when none is left), and
 * the row each currency came from; a currency in two rows is refused here, beside the second.
 */
function otherCurrenciesOf(
  req: UiRequest,
  v: Record<string, string>,
  grades: readonly GradeRow[],
):
  | { table: 'refuse' | Record<string, Record<string, number | string | null>>; rowOf: Map<string, number> }
  | { problem: UiProblem } {
  const table: Record<string, Record<string, number | string | null>> = {};
  const rowOf = new Map<string, number>();
  for (const [i, row] of rowsOf(v, 'others').entries()) {
    const code = (row.currency ?? '').toUpperCase();
    // A row taken out, or the blank row left blank, is no currency.
    if (row.remove === 'true' || (!code && grades.every((g) => !row[g.grade]))) continue;
    if (rowOf.has(code)) {
      const message = req.t('duplicateCurrency', { currency: code });
      return {
        problem: { status: 422, detail: message, errors: [{ path: `body.others.${i}.currency`, message }] },
      };
    }
    rowOf.set(code, i);
    table[code] = Object.fromEntries(grades.map((g) => [g.grade, ceilingAmount(row[g.grade], code)]));
  }
  return { table: rowOf.size > 0 ? table : 'refuse', rowOf };
}

/** The API's refusal of `otherCurrencies.<code>[.<grade>]` put on the form row of that currency. */
function onCurrencyRows(problem: UiProblem | undefined, rowOf: Map<string, number>): UiProblem | undefined {
  if (!problem?.errors) return problem;
  const errors = problem.errors.map((e) => {
    const m = /^body\.otherCurrencies\.([^.]*)(?:\.(.+))?$/.exec(String(e.path ?? ''));
    const row = m ? rowOf.get(m[1]!) : undefined;
    return row === undefined ? e : { ...e, path: `body.others.${row}.${m![2] ?? 'currency'}` };
  });
  return { ...problem, errors };
}

export function creditPolicyPages(ctx: PluginContext<unknown>): void {
  ctx.ui.messages({ en, 'zh-CN': zhCN });
  const profilePath = (req: UiRequest, id: string) => req.href(`/customers/${enc(id)}`);
  const overridesPath = (req: UiRequest) => req.href(`/customers/${enc(req.params.id ?? '')}/overrides`);
  const overviewOf = async (req: UiRequest) => {
    const res = await req.api<OverviewLike>('GET', `${API}/customers/${enc(req.params.id ?? '')}`);
    return res.ok ? res.body : null;
  };

  // The policy ------------------------------------------------------------------------------------

  const policyPage = async (req: UiRequest, posted?: Record<string, string>, problem?: UiProblem) => {
    const policy = (await req.api<Policy>('GET', `${API}/policy`)).body;
    const v = posted ?? policyValues(policy);
    const errors = fieldErrors(req, problem);
    const f = { req, form: 'policy', errors };
    const canEdit = req.principal.can('credit.policy.manage');
    const factorRows = rowsOf(v, 'factors').length + (canEdit ? NEW_FACTOR_ROWS : 0);
    const currencyRows = rowsOf(v, 'others').length + (canEdit ? NEW_CURRENCY_ROWS : 0);
    const currencyNames = new Intl.DisplayNames([req.lang], { type: 'currency' });
    const currencyName = (code: string) => {
      const name = currencyNames.of(code);
      return name && name !== code ? `${code} · ${name}` : code;
    };
    const gradeLabel = (grade: string) => {
      const l = policy.gradeLabels[grade];
      const label = l ? req.label(l) : '';
      // Labels mostly start with their grade ("AAA 信用极好"); the grade alone is not said twice.
      return !label ? grade : label.startsWith(grade) ? label : `${grade} · ${label}`;
    };
    const listError = (key: string) =>
      errors.get(key) ? (
        <div class="field-error" id={`policy-${key.replace(/[^A-Za-z0-9_-]/g, '-')}-error`}>
          {errors.get(key)}
        </div>
      ) : null;
    const others = policy.otherCurrencies;
    const readOnly = (
      <DataTable
        id="policy-grades"
        title={req.t('gradesHead')}
        rows={policy.grades}
        empty=""
        columns={[
          { head: req.t('grade'), cell: (g) => gradeLabel(g.grade) },
          { head: req.t('minScore'), num: true, cell: (g) => req.format.number(g.minScore) },
          { head: req.t('creditSales'), cell: (g) => req.t(g.creditSales ? 'yes' : 'no') },
          { head: req.t('maxTermDaysCol'), num: true, cell: (g) => req.format.number(g.maxTermDays) },
          {
            head: req.t('maxLimit'),
            num: true,
            cell: (g) =>
              g.maxLimit === null ? req.t('noCeiling') : req.format.money(g.maxLimit, policy.currency),
          },
        ]}
      />
    );
    return (
      <>
        <PageHead
          title={req.t('policy')}
          subtitle={req.t('policyIntro', {
            scale: policy.scale,
            currency: policy.currency,
            version: policy.version,
          })}
        />
        <CreditSections req={req} current="/policy" />
        <Refusal req={req} problem={problem} id="policy-refusal" />
        {canEdit ? (
          <PostForm req={req} action={req.href('/policy')} id="policy-form">
            <input type="hidden" name="version" value={v.version ?? String(policy.version)} />
            <h2>{req.t('gradesHead')}</h2>
            {listError('grades')}
            <div class="form-rows">
              {policy.grades.map((g, i) => (
                <fieldset class="form-grid">
                  <legend>{gradeLabel(g.grade)}</legend>
                  <input type="hidden" name={`grades.${i}.grade`} value={g.grade} />
                  <FormRows
                    {...f}
                    values={v}
                    rows={[
                      {
                        name: `grades.${i}.minScore`,
                        label: req.t('minScore'),
                        type: 'number',
                        min: 0,
                        max: 100,
                        step: 'any',
                        required: true,
                      },
                      {
                        name: `grades.${i}.maxTermDays`,
                        label: req.t('maxTermDaysCol'),
                        type: 'number',
                        min: 0,
                        required: true,
                      },
                      {
                        name: `grades.${i}.maxLimit`,
                        label: req.t('maxLimit'),
                        type: 'amount',
                        hint: req.t('maxLimitHint', { currency: policy.currency }),
                      },
                      { name: `grades.${i}.creditSales`, label: req.t('creditSales'), type: 'checkbox' },
                    ]}
                  />
                </fieldset>
              ))}
            </div>
            <h2>{req.t('factorsHead')}</h2>
            <p class="muted small">{req.t('factorsIntro')}</p>
            {listError('factors')}
            <div class="form-rows">
              {Array.from({ length: factorRows }, (_, i) => (
                <fieldset class="form-grid">
                  <legend>
                    {v[`factors.${i}.labels.${req.lang}`] || v[`factors.${i}.key`] || req.t('newFactor')}
                  </legend>
                  <FormRows
                    {...f}
                    values={v}
                    rows={[
                      { name: `factors.${i}.key`, label: req.t('factorKey') },
                      {
                        name: `factors.${i}.weight`,
                        label: req.t('factorWeight'),
                        type: 'number',
                        min: 0,
                        max: 1,
                        step: 'any',
                      },
                      { name: `factors.${i}.labels.en`, label: req.t('labelEn') },
                      { name: `factors.${i}.labels.zh-CN`, label: req.t('labelZh') },
                    ]}
                  />
                </fieldset>
              ))}
            </div>
            <h2>{req.t('otherCurrenciesHead')}</h2>
            <p class="muted small">{req.t('otherCurrenciesIntro', { currency: policy.currency })}</p>
            {listError('otherCurrencies')}
            <div class="form-rows">
              {Array.from({ length: currencyRows }, (_, i) => {
                const code = (v[`others.${i}.currency`] ?? '').toUpperCase();
                const listed = others !== 'refuse' && code in others;
                return (
                  <fieldset class="form-grid">
                    <legend>{listed ? currencyName(code) : req.t('newCurrency')}</legend>
                    {listed ? <input type="hidden" name={`others.${i}.currency`} value={code} /> : null}
                    <FormRows
                      {...f}
                      values={v}
                      rows={[
                        listed
                          ? {
                              name: `others.${i}.remove`,
                              label: req.t('removeCurrency', { currency: code }),
                              type: 'checkbox',
                            }
                          : { name: `others.${i}.currency`, label: req.t('currencyCode') },
                      ]}
                    />
                    {listed ? listError(`others.${i}.currency`) : null}
                    <FormRows
                      {...f}
                      values={v}
                      rows={policy.grades.map((g) => ({
                        name: `others.${i}.${g.grade}`,
                        label: gradeLabel(g.grade),
                        type: 'amount' as const,
                      }))}
                    />
                  </fieldset>
                );
              })}
            </div>
            <div>
              <button type="submit">{req.t('savePolicy')}</button>
            </div>
          </PostForm>
        ) : (
          readOnly
        )}
        {canEdit ? null : (
          <section class="card" aria-labelledby="policy-others">
            <h2 id="policy-others">{req.t('otherCurrenciesHead')}</h2>
            {others === 'refuse' ? (
              <p class="muted">{req.t('otherCurrenciesRefused')}</p>
            ) : (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{req.t('currency')}</th>
                      {policy.grades.map((g) => (
                        <th scope="col" class="num">
                          {g.grade}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {Object.entries(others).map(([currency, ceilings]) => (
                      <tr>
                        <th scope="row">{currency}</th>
                        {policy.grades.map((g) => {
                          const c = ceilings[g.grade];
                          return (
                            <td class="num">
                              {c === null || c === undefined
                                ? req.t('noCeiling')
                                : req.format.money(c, currency)}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        )}
      </>
    );
  };

  ctx.ui.page({
    path: '/policy',
    title: { en: 'Credit policy', 'zh-CN': '信用政策' },
    access: 'credit.read',
    get: (req) => policyPage(req),
    async post(req) {
      if (!req.principal.can('credit.policy.manage')) return policyPage(req);
      const v = formValues(req);
      const policy = (await req.api<Policy>('GET', `${API}/policy`)).body;
      const currency = policy.currency;
      const grades = rowsOf(v, 'grades').map((g) => ({
        grade: g.grade ?? '',
        minScore: num(g.minScore),
        creditSales: g.creditSales === 'true',
        maxTermDays: num(g.maxTermDays),
        maxLimit: optionalAmount(g.maxLimit, currency),
      }));
      // A factor row left empty is not a factor; the form is shown again with the rows as sent, so
      // a refusal's `factors.<i>` is the row it names.
      const factorRows = rowsOf(v, 'factors').filter((r) => r.key || r.weight);
      const factors = factorRows.map((r) => ({
        key: r.key ?? '',
        weight: num(r.weight),
        labels: { en: r['labels.en'] || r.key || '', 'zh-CN': r['labels.zh-CN'] || r.key || '' },
      }));
      const others = otherCurrenciesOf(req, v, policy.grades);
      const shown: Record<string, string> = Object.fromEntries(
        Object.entries(v).filter(([k]) => !k.startsWith('factors.')),
      );
      factorRows.forEach((r, i) => {
        for (const [k, x] of Object.entries(r)) shown[`factors.${i}.${k}`] = x;
      });
      if ('problem' in others) {
        req.c.status(422);
        return policyPage(req, shown, others.problem);
      }
      const res = await req.api('PUT', `${API}/policy`, {
        grades,
        factors,
        otherCurrencies: others.table,
        version: num(v.version),
      });
      const success = { message: req.t('policySaved'), to: req.href('/policy') };
      return answerPost(req, res, success, (problem) =>
        policyPage(req, shown, onCurrencyRows(problem, others.rowOf)),
      );
    },
  });

  // A customer's term and review date ------------------------------------------------------------

  const termsForm = async (req: UiRequest, posted?: Record<string, string>, problem?: UiProblem) => {
    const overview = await overviewOf(req);
    if (!overview?.profile) return req.notFound();
    const p = overview.profile;
    const v = posted ?? {
      maxTermDays: String(p.maxTermDays),
      nextReviewDate: p.nextReviewDate ?? '',
      version: String(p.version),
    };
    const f = { req, form: 'terms', errors: fieldErrors(req, problem) };
    return (
      <>
        <PageHead
          title={req.t('changeTerms')}
          subtitle={<ProfileLink req={req} id={overview.customerId} />}
        />
        <Refusal req={req} problem={problem} id="terms-refusal" />
        <PostForm req={req} action={req.href(`/customers/${enc(overview.customerId)}/terms`)}>
          <input type="hidden" name="version" value={v.version ?? ''} />
          <FormGrid
            {...f}
            values={v}
            rows={[
              {
                name: 'maxTermDays',
                label: req.t('maxTermDaysInput'),
                type: 'number',
                min: 0,
                required: true,
              },
              { name: 'nextReviewDate', label: req.t('nextReviewDate'), type: 'date' },
              { name: 'reason', label: req.t('changeReason'), type: 'textarea', required: true },
            ]}
            submit={req.t('changeTerms')}
          />
        </PostForm>
      </>
    );
  };

  ctx.ui.page({
    path: '/customers/:id/terms',
    title: { en: 'Credit terms', 'zh-CN': '信用条件' },
    access: 'credit.profiles.manage',
    get: (req) => termsForm(req),
    async post(req) {
      const v = formValues(req);
      const res = await req.api('PATCH', `${API}/customers/${enc(req.params.id ?? '')}/profile`, {
        maxTermDays: num(v.maxTermDays),
        // An empty date takes the review date away.
        nextReviewDate: v.nextReviewDate || null,
        reason: v.reason,
        ...(v.version ? { version: num(v.version) } : {}),
      });
      const success = { message: req.t('termsSaved'), to: profilePath(req, req.params.id ?? '') };
      return answerPost(req, res, success, (problem) => termsForm(req, v, problem));
    },
  });

  // One-off exceptions ---------------------------------------------------------------------------

  const overridesPage = async (req: UiRequest, posted?: Record<string, string>, problem?: UiProblem) => {
    const overview = await overviewOf(req);
    if (!overview) return req.notFound();
    const id = enc(overview.customerId);
    const list = await req.api<{ items: Override[] }>('GET', `${API}/customers/${id}/overrides`);
    if (!list.ok) return req.notFound();
    const canGrant = req.principal.can('credit.overrides.grant') && overview.profile !== null;
    const v = posted ?? {};
    const currency = v.currency || overview.profile?.currency || 'CNY';
    const f = {
      req,
      form: 'override',
      errors: fieldErrors(req, refusalOnField(problem, { expiry_not_in_future: 'expiresAt' })),
    };
    return (
      <>
        <PageHead title={req.t('overrides')} subtitle={<ProfileLink req={req} id={overview.customerId} />} />
        <p class="muted">{req.t('overridesIntro')}</p>
        <DataTable
          id="cr-overrides"
          rows={list.body.items}
          empty={req.t('noOverrides')}
          caption={req.t('overrides')}
          columns={[
            { head: req.t('granted'), cell: (o) => req.format.date(o.grantedAt) },
            { head: req.t('amountCap'), num: true, cell: (o) => req.format.money(o.amountCap, o.currency) },
            { head: req.t('overrideExpires'), cell: (o) => req.format.dateTime(o.expiresAt) },
            { head: req.t('reason'), cell: (o) => o.reason },
            {
              head: req.t('status'),
              cell: (o) => (
                <>
                  <Badge kind={o.status} label={req.t(`override.${o.status}`)} />
                  {o.usedAmount !== null ? ` ${req.format.money(o.usedAmount, o.currency)}` : ''}
                </>
              ),
            },
            req.principal.can('credit.overrides.grant') && {
              head: req.t('revoke'),
              cell: (o) =>
                o.status === 'active' ? (
                  <PostForm
                    req={req}
                    action={req.href(`/customers/${id}/overrides/${enc(o.id)}/revoke`)}
                    class="inline"
                  >
                    <label class="sr-only" for={`revoke-${o.id}`}>
                      {req.t('revokeReason')}
                    </label>
                    <input
                      id={`revoke-${o.id}`}
                      type="text"
                      name="reason"
                      required
                      placeholder={req.t('revokeReason')}
                    />{' '}
                    <button type="submit" class="secondary">
                      {req.t('revoke')}
                    </button>
                  </PostForm>
                ) : null,
            },
          ]}
        />
        {canGrant ? (
          <>
            <Refusal req={req} problem={problem} id="override-refusal" />
            <PostForm req={req} action={req.href(`/customers/${id}/overrides`)}>
              <h2>{req.t('grantOverride')}</h2>
              <FormGrid
                {...f}
                values={{ ...v, currency }}
                rows={[
                  {
                    name: 'amountCap',
                    label: req.t('amountCap'),
                    type: 'amount',
                    required: true,
                    hint: req.t('kit.amountHint', { currency }),
                  },
                  { name: 'currency', label: req.t('currency'), required: true },
                  { name: 'expiresAt', label: req.t('overrideExpires'), type: 'date', required: true },
                  { name: 'reason', label: req.t('reason'), type: 'textarea', required: true },
                ]}
                submit={req.t('grantOverride')}
              />
            </PostForm>
          </>
        ) : null}
      </>
    );
  };

  ctx.ui.page({
    path: '/customers/:id/overrides',
    title: { en: 'One-off exceptions', 'zh-CN': '特批' },
    access: 'credit.read',
    get: (req) => overridesPage(req),
    async post(req) {
      const v = formValues(req);
      const currency = (v.currency || 'CNY').toUpperCase();
      const res = await req.api('POST', `${API}/customers/${enc(req.params.id ?? '')}/overrides`, {
        amountCap: amountOf(v.amountCap, currency),
        currency,
        // Valid to the end of the chosen company day.
        expiresAt: endOfCompanyDay(v.expiresAt, ctx.clock.timeZone),
        reason: v.reason,
      });
      const success = { message: req.t('overrideGranted'), to: overridesPath(req) };
      return answerPost(req, res, success, (problem) => overridesPage(req, v, problem));
    },
  });

  ctx.ui.page({
    path: '/customers/:id/overrides/:overrideId/revoke',
    title: { en: 'Revoke an exception', 'zh-CN': '撤销特批' },
    access: 'credit.overrides.grant',
    async post(req) {
      // The exception must be one of this customer's: the list is read as the user (404 alike otherwise).
      const list = await req.api<{ items: Override[] }>(
        'GET',
        `${API}/customers/${enc(req.params.id ?? '')}/overrides`,
      );
      if (!list.ok || !list.body.items.some((o) => o.id === req.params.overrideId)) return req.notFound();
      const res = await req.api('POST', `${API}/overrides/${enc(req.params.overrideId ?? '')}/revoke`, {
        reason: formValues(req).reason,
      });
      const success = { message: req.t('overrideRevoked'), to: overridesPath(req) };
      return answerPost(req, res, success, (problem) => overridesPage(req, {}, problem));
    },
  });
}
