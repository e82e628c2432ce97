import type { Page, PluginContext, UiRequest } from '@kehu/core';
import {
  Badge,
  Field,
  formKitMessages,
  listParams,
  nextPage,
  PageHead,
  PostForm,
  SectionNav,
} from '@kehu/core/ui';

// What every receivables page shares: the sub-navigation, customer links and names, status badges.
// The form pieces (fields with their errors, the refusal, amounts in minor units) are the console's
// kit from `@kehu/core/ui`, re-exported here.

export {
  ActionLink,
  amountOf,
  answerPost,
  CustomerLink,
  CustomerPicker,
  DataTable,
  done,
  Field,
  FieldList,
  fieldErrors,
  formValues,
  listParams,
  minorToInput,
  nextPage,
  PostForm,
  Refusal,
  refusedStatus,
  toMinor,
  type UiProblem as Problem,
} from '@kehu/core/ui';

/** Where the pages call the plugin's API (with the signed-in user's rights, through `req.api`). */
export const API = '/api/v1/receivables';
export const enc = encodeURIComponent;

/** The kit's labels and, in Chinese, receivables' refusal codes beside a field. */
export const kitMessages = {
  en: {
    ...formKitMessages.en,
    // Empty: in English the API's own sentence, which names the figures, is shown.
    'kit.unknown_invoice': '',
    'kit.non_positive_amount': '',
    'kit.date_in_future': '',
    'kit.amount_too_large': '',
    'kit.unknown_customer': '',
    'kit.term_exceeds_ceiling': '',
    'kit.period_closed': '',
    'kit.over_allocation': '',
    'kit.invoice_not_open': '',
    'kit.exceeds_outstanding': '',
    'kit.date_in_past': '',
    'kit.unknown_currency': '',
    'kit.period_in_future': '',
    'kit.period_not_ended': '',
    'kit.nothing_overdue': '',
    'kit.not_later': '',
    'kit.dates_not_increasing': '',
    'kit.invoice_written_off': '',
    'kit.invoice_cancelled': '',
    'kit.invalid_date': '',
    'kit.duplicate_allocation': '',
    'kit.currency_mismatch': '',
    'kit.currency_not_accepted': '',
    'kit.customer_terminated': '',
    'kit.already_answered': '',
    'kit.already_decided': '',
    'kit.already_resolved': '',
    'kit.extension_pending': '',
    'kit.follow_up_closed': '',
    'kit.invalid_term': '',
    'kit.invoice_not_unpaid': '',
    'kit.link_expired': '',
    'kit.non_positive_total': '',
    'kit.not_responsible': '',
    'kit.nothing_to_settle': '',
    'kit.nothing_unallocated': '',
    'kit.payment_reversed': '',
    'kit.plan_exists': '',
    'kit.plan_not_active': '',
    'kit.promise_date_required': '',
    'kit.promise_too_far': '',
    'kit.same_person': '',
    'kit.statement_closed': '',
    'kit.statement_locked': '',
    'kit.statement_not_sent': '',
    'kit.unknown_user': '',
    'kit.unpaid_over_two_months': '',
    'kit.write_off_pending': '',
    'kit.no_credit_profile': '',
    'kit.not_graded': '',
    'kit.on_hold': '',
    'kit.credit_sales_not_allowed': '',
    'kit.overdue': '',
    'kit.delivery_blocked': '',
    'kit.currency_not_in_policy': '',
    'kit.limit_exceeded': '',
    'kit.term_exceeds_maximum': '',
    'kit.override_invalid': '',
  },
  'zh-CN': {
    ...formKitMessages['zh-CN'],
    // The rules' refusals by their stable code; in English the API's own sentence is shown.
    'kit.unknown_invoice': '没有这张发票',
    'kit.non_positive_amount': '金额必须大于零',
    'kit.date_in_future': '日期晚于今天',
    'kit.amount_too_large': '金额过大',
    'kit.unknown_customer': '没有这个客户',
    'kit.term_exceeds_ceiling': '超过允许的最长账期',
    'kit.period_closed': '该期间已结账',
    'kit.over_allocation': '核销金额超过收款余额',
    'kit.invoice_not_open': '发票不是未收状态',
    'kit.exceeds_outstanding': '超过未收金额',
    'kit.date_in_past': '日期早于今天',
    'kit.unknown_currency': '不是有效的币种',
    'kit.period_in_future': '该期间尚未开始',
    'kit.period_not_ended': '该期间尚未结束',
    'kit.nothing_overdue': '该客户没有逾期欠款',
    'kit.not_later': '新日期必须晚于原到期日',
    'kit.dates_not_increasing': '各期到期日必须依次递增',
    'kit.invoice_written_off': '发票已核销',
    'kit.invoice_cancelled': '发票已作废',
    'kit.invalid_date': '日期无效',
    'kit.duplicate_allocation': '同一发票重复核销',
    'kit.currency_mismatch': '币种与发票不一致',
    'kit.currency_not_accepted': '不接受该币种',
    'kit.customer_terminated': '客户关系已终止',
    // The credit check's reasons (credit's codes) are listed on the invoice form's refusal.
    'kit.already_answered': '该预警已答复',
    'kit.already_decided': '该申请已有审批结果',
    'kit.already_resolved': '该争议项已解决',
    'kit.extension_pending': '该发票已有待审批的延期申请',
    'kit.follow_up_closed': '该催收跟进已结束',
    'kit.invalid_term': '账期须为整数天',
    'kit.invoice_not_unpaid': '发票已有收款、折让或核销，只有未付发票可以作废',
    'kit.link_expired': '链接已失效',
    'kit.non_positive_total': '发票金额必须大于零',
    'kit.not_responsible': '只有责任人可以答复该预警',
    'kit.nothing_to_settle': '该客户在此币种下没有未结发票',
    'kit.nothing_unallocated': '该收款已无余额可核销',
    'kit.payment_reversed': '该收款已冲销',
    'kit.plan_exists': '该客户在此币种下已有生效的还款计划',
    'kit.plan_not_active': '该还款计划已不在执行中',
    'kit.promise_date_required': '承诺付款须填写承诺日期',
    'kit.promise_too_far': '承诺付款日期太远，请改为约定还款计划',
    'kit.same_person': '接手人与原责任人是同一人',
    'kit.statement_closed': '该对账单已结束',
    'kit.statement_locked': '该期对账单已发送或确认，不能重新生成',
    'kit.statement_not_sent': '该对账单尚未发送给客户',
    'kit.unknown_user': '没有这个用户',
    'kit.unpaid_over_two_months': '欠款超过两个月，严控发货',
    'kit.write_off_pending': '该发票已有待审批的核销申请',
    'kit.no_credit_profile': '该客户没有信用档案',
    'kit.not_graded': '该客户尚未评定信用等级',
    'kit.on_hold': '该客户的赊销已冻结',
    'kit.credit_sales_not_allowed': '该信用等级不允许赊销',
    'kit.overdue': '有超期欠款：超期不放',
    'kit.delivery_blocked': '欠款超过两个月，严控发货',
    'kit.currency_not_in_policy': '信用政策不含该币种',
    'kit.limit_exceeded': '超出信用额度',
    'kit.term_exceeds_maximum': '账期超出该客户允许的最长账期',
    'kit.override_invalid': '特批不可用',
  },
} as const;

/** The receivables sections, in the sub-navigation of every receivables page. */
export const SECTIONS = [
  ['/invoices', 'invoices'],
  ['/payments', 'payments'],
  ['/ageing', 'ageing'],
  ['/statements', 'statements'],
  ['/warnings', 'warnings'],
  ['/plans', 'plans'],
  ['/approvals', 'approvals'],
  ['/collection', 'collection'],
] as const;

export function Heading({ req, title, current }: { req: UiRequest; title: string; current: string }) {
  return (
    <>
      <PageHead title={title} />
      <SectionNav
        label={req.t('receivables')}
        items={SECTIONS.map(([path, key]) => ({ href: req.href(path), label: req.t(key) }))}
        current={req.href(current)}
      />
    </>
  );
}

export const Status = ({ req, status }: { req: UiRequest; status: string }) => (
  <Badge kind={status} label={req.t(`status.${status}`)} />
);

/** Names of the customers on a page, in one query (the rows are already limited to visible ones). */
export const customerNames =
  (ctx: Pick<PluginContext<unknown>, 'customers'>) =>
  async (ids: string[]): Promise<(id: string) => string> => {
    const map = await ctx.customers.summaries([...new Set(ids)]);
    return (id: string) => map.get(id)?.name ?? id;
  };

/**
 * A page of one of the plugin's list routes (`path`, with the page's own query values named in
 * `query` passed on), the names of the customers on it, and the link to the next page.
 */
export async function customerRecords<T extends { customerId: string }>(
  req: UiRequest,
  names: ReturnType<typeof customerNames>,
  path: string,
  query: readonly string[],
) {
  const res = await req.api<Page<T>>('GET', `${API}${path}?${listParams(req, query)}`);
  const items = res.ok ? res.body.items : [];
  return {
    items,
    name: await names(items.map((r) => r.customerId)),
    next: nextPage(req, res.ok ? res.body.nextCursor : null),
  };
}

/** `?customerId=…` of a list filtered to one customer, for its "new …" links; else empty. */
export const forCustomer = (req: UiRequest): string =>
  req.query.customerId ? `?customerId=${encodeURIComponent(req.query.customerId)}` : '';

/** The link to the next cursor page, keeping the filters. */
export const More = ({ req, cursor }: { req: UiRequest; cursor: string | null }) => {
  const next = nextPage(req, cursor);
  return next ? (
    <p>
      <a href={next.href}>{next.label}</a>
    </p>
  ) : null;
};

/**
 * The form that undoes or ends a record for a reason it records (reverse a payment, cancel a plan):
 * a heading, the required reason, and a button marked as one that cannot be taken back.
 */
export function ReasonForm(p: {
  req: UiRequest;
  action: string;
  /** The form's id prefix (the reason field is `<form>-reason`). */
  form: string;
  title: string;
  value: string | undefined;
  errors: Map<string, string>;
}) {
  return (
    <PostForm req={p.req} action={p.action}>
      <h2>{p.title}</h2>
      <Field
        req={p.req}
        form={p.form}
        name="reason"
        label={p.req.t('reason')}
        value={p.value}
        errors={p.errors}
        type="textarea"
        required
      />
      <div>
        <button type="submit" class="danger">
          {p.title}
        </button>
      </div>
    </PostForm>
  );
}
