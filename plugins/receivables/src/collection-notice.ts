import { daysBetween, formatMoney, type MailLanguage, notFound, type RenderedMail } from '@kehu/core';
import { type Deps, nowIso, today } from './context.js';
import type { FollowUpMail } from './contract.js';
import { FOLLOW_UP_ENTITY, type FollowUp, loadFollowUp, overdueInvoices } from './dunning.js';
import { hashLinkToken, linkExpired, linkGone, newLinkToken } from './share-link.js';
import { statementView } from './statements.js';

/** Where a collection notice's link opens, under the plugin's routes. */
export const noticePath = (token: string) => `/api/v1/receivables/public/collection-notices/${token}`;

/** The collection notice (催款通知) in both languages: the overdue invoices and the link to the account. */
export function noticeContent(
  deps: Pick<Deps, 'config'>,
  f: FollowUp,
  customerName: string,
  contactName: string | null,
  url: string,
): Record<MailLanguage, RenderedMail> {
  const days = deps.config.confirmationLinkDays;
  const zhMoney = (n: number) => formatMoney(n, f.currency, 'zh-CN');
  const enMoney = (n: number) => formatMoney(n, f.currency, 'en');
  return {
    'zh-CN': {
      subject: `${f.levelName}：${customerName} 逾期应收 ${zhMoney(f.amount)}`,
      text: [
        `${contactName ?? customerName}，您好：`,
        '',
        `截至 ${f.raisedOn}，贵司（${customerName}）以下发票已逾期，合计 ${zhMoney(f.amount)}：`,
        ...f.invoices.map(
          (i) =>
            `- ${i.number}，到期日 ${i.dueDate}，逾期 ${i.daysOverdue} 天，未付 ${zhMoney(i.outstanding)}`,
        ),
        '',
        '请尽快安排付款。对账单及逾期明细：',
        url,
        `（链接 ${days} 天内有效。）`,
        '',
        '如已付款，请忽略本邮件；如有疑问，请直接回复与我们联系。',
      ].join('\n'),
    },
    en: {
      subject: `Payment reminder: ${enMoney(f.amount)} overdue (${customerName})`,
      text: [
        `Dear ${contactName ?? customerName},`,
        '',
        `As of ${f.raisedOn}, the following invoices of ${customerName} are overdue, ${enMoney(f.amount)} in total:`,
        ...f.invoices.map(
          (i) =>
            `- ${i.number}, due ${i.dueDate}, ${i.daysOverdue} days overdue, ${enMoney(i.outstanding)} outstanding`,
        ),
        '',
        'Please arrange payment. Your statement and the overdue invoices:',
        url,
        `(The link is valid for ${days} days.)`,
        '',
        'If you have paid already, please disregard this mail; reply to it with any question.',
      ].join('\n'),
    },
  };
}

async function saveMail(deps: Deps, f: FollowUp, mail: FollowUpMail, reason: string): Promise<void> {
  await deps.transaction(async (trx) => {
    await trx
      .updateTable('rcv_follow_up')
      .set({ customer_mail: JSON.stringify(mail) })
      .where('id', '=', f.id)
      .execute();
    await deps.audit.record(trx, {
      entityType: FOLLOW_UP_ENTITY,
      entityId: f.id,
      customerId: f.customerId,
      action: mail.status === 'sent' ? 'mail' : 'mailSkipped',
      actor: null,
      reason,
    });
  });
}

/**
 * Mails a follow-up's pending collection notice to the customer's contact (the subscriber of
 * `receivables.followUp.raised`, so a refused mail is retried by the outbox). The link's token is made
 * here, after the follow-up was committed, and goes only into the mail: the event, the outbox and the
 * logs never see it; a retry makes a new one. A delivery seen again once the mail is sent does nothing.
 */
export async function mailCollectionNotice(deps: Deps, followUpId: string): Promise<void> {
  const f = await loadFollowUp(deps.db, followUpId);
  const pending = f?.customerMail;
  if (!f || pending?.status !== 'pending' || !pending.to) return;
  const customer = (await deps.customers.summaries([f.customerId])).get(f.customerId);
  if (!customer || customer.deleted || customer.doNotContact) {
    await saveMail(
      deps,
      f,
      { ...pending, status: 'not_sent', reason: 'do_not_contact' },
      'no collection notice: the customer may not be contacted',
    );
    return;
  }
  if (f.status === 'closed') {
    await saveMail(
      deps,
      f,
      { ...pending, status: 'not_sent', reason: 'settled' },
      'no collection notice: nothing is overdue any more',
    );
    return;
  }
  const link = newLinkToken(deps);
  await deps.db
    .updateTable('rcv_follow_up')
    .set({ link_token_hash: link.hash, link_expires_at: link.expiresAt })
    .where('id', '=', f.id)
    .execute();
  const url = `${deps.config.publicUrl ?? ''}${noticePath(link.token)}`;
  const { language } = await deps.mail.send({
    to: { address: pending.to, name: pending.contactName ?? undefined },
    language: pending.language,
    content: noticeContent(deps, f, customer.name, pending.contactName, url),
  });
  await saveMail(
    deps,
    f,
    { ...pending, status: 'sent', language, sentAt: nowIso(deps) },
    `collection notice mailed to ${pending.to} (${language})`,
  );
}

/**
 * What the customer's contact sees behind a collection notice's link (no login, viewable until it
 * expires): the account's invoices overdue today and the latest reconciliation statement sent.
 */
export async function noticeByToken(deps: Deps, token: string) {
  const r = await deps.db
    .selectFrom('rcv_follow_up')
    .selectAll()
    .where('link_token_hash', '=', hashLinkToken(token))
    .executeTakeFirst();
  const customer = r && (await deps.customers.summaries([r.customer_id])).get(r.customer_id);
  if (!r || !customer || customer.deleted) throw notFound('Collection notice');
  if (linkExpired(deps, r.link_expires_at)) throw linkGone('This link has expired');
  const on = today(deps);
  const rows = await overdueInvoices(deps.db, on)
    .select(['number', 'issue_date', 'due_date', 'outstanding'])
    .where('customer_id', '=', r.customer_id)
    .where('currency', '=', r.currency)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
  const invoices = rows.map((i) => ({
    number: i.number,
    issueDate: i.issue_date,
    dueDate: i.due_date,
    daysOverdue: daysBetween(i.due_date, on),
    outstanding: Number(i.outstanding),
  }));
  const latest = await deps.db
    .selectFrom('rcv_statement')
    .select('id')
    .where('customer_id', '=', r.customer_id)
    .where('currency', '=', r.currency)
    // A draft may still be rebuilt: the customer sees statements that were sent to them.
    .where('status', '!=', 'draft')
    .orderBy('period', 'desc')
    .executeTakeFirst();
  return {
    customer: { name: customer.name, code: customer.code },
    levelName: r.level_name as string,
    raisedOn: r.raised_on as string,
    asOf: on,
    currency: r.currency as string,
    // Exact: one currency, far below 2^53.
    overdue: invoices.reduce((s, i) => s + i.outstanding, 0),
    invoices,
    statement: (latest && (await statementView(deps, latest.id))) || null,
  };
}
