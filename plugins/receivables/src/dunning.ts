import {
  addDays,
  type Contact,
  daysBetween,
  type Executor,
  formatMoney,
  newId,
  notFound,
  type Principal,
  type Trx,
  type z,
} from '@kehu/core';
import { type Deps, nowIso, today } from './context.js';
import type { FollowUpMail } from './contract.js';
import { fieldProblem, stateConflict } from './problems.js';
import { activityFor, responsibleFor } from './responsibility.js';
import type { FollowUpSchema, NextStepSchema, OverdueAccountSchema } from './routes/response-schemas.js';

/** What the responsible person learned on a follow-up. */
export const FOLLOW_UP_OUTCOMES = ['contacted', 'promise_to_pay', 'refused', 'unreachable'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/** The activity a dunning level gives the responsible person (催收). */
export const COLLECTION_ACTIVITY_TYPE = 'receivables_collection';
/** Follow-ups as entities: activities link to them, the audit trail names them. */
export const FOLLOW_UP_ENTITY = 'collection_follow_up';

export type FollowUpInvoice = FollowUp['invoices'][number];

export type FollowUp = z.infer<typeof FollowUpSchema>;

/**
 * Whom a level's mail goes to: the primary contact when it has an e-mail address, else the
 * earliest-added contact that has one. Contacts carry no billing role; the primary is the one the
 * company named to deal with.
 */
export function mailRecipient(contacts: readonly Contact[]): Contact | undefined {
  return contacts.find((c) => c.primary && c.email) ?? contacts.find((c) => c.email);
}

export type DunningPause = 'dispute' | 'payment_plan';

const toFollowUp = (r: Record<string, any>): FollowUp => ({
  id: r.id,
  customerId: r.customer_id,
  currency: r.currency,
  level: Number(r.level),
  levelName: r.level_name,
  amount: Number(r.amount),
  invoices: JSON.parse(r.invoices),
  responsibleId: r.responsible_id ?? null,
  activityId: r.activity_id ?? null,
  raisedOn: r.raised_on,
  trigger: r.trigger_kind,
  status: r.status,
  outcome: r.outcome ?? null,
  promisedDate: r.promised_date ?? null,
  note: r.note ?? null,
  recordedBy: r.recorded_by ?? null,
  recordedAt: r.recorded_at ?? null,
  customerMail: r.customer_mail ? JSON.parse(r.customer_mail) : null,
});

/** Open invoices past their due date on `on`, of one account or of all. */
export const overdueInvoices = (db: Executor, on: string) =>
  db
    .selectFrom('rcv_invoice')
    .where('outstanding', '>', 0)
    .where('due_date', '<', on)
    .where('status', 'in', ['open', 'partially_paid']);

/**
 * Why dunning of the account waits: an open dispute item on it (dispute items belong to a statement
 * of the account, not to single invoices), or an active repayment plan in its currency. Approved
 * extensions need nothing here: they move the due date, so the invoice is simply not overdue.
 */
async function pauseOf(db: Executor, customerId: string, currency: string): Promise<DunningPause | null> {
  const dispute = await db
    .selectFrom('rcv_dispute_item')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (dispute) return 'dispute';
  const plan = await db
    .selectFrom('rcv_plan')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return plan ? 'payment_plan' : null;
}

interface AccountState {
  level: number;
  cycle: number;
  promisedDate: string | null;
  promiseFollowUpId: string | null;
}

const FRESH: AccountState = { level: 0, cycle: 1, promisedDate: null, promiseFollowUpId: null };

async function stateOf(
  db: Executor,
  customerId: string,
  currency: string,
): Promise<AccountState | undefined> {
  const r = await db
    .selectFrom('rcv_dunning_state')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .executeTakeFirst();
  return r
    ? {
        level: Number(r.level),
        cycle: Number(r.cycle),
        promisedDate: r.promised_date ?? null,
        promiseFollowUpId: r.promise_follow_up_id ?? null,
      }
    : undefined;
}

async function saveState(trx: Trx, customerId: string, currency: string, s: AccountState): Promise<void> {
  const values = {
    level: s.level,
    cycle: s.cycle,
    promised_date: s.promisedDate,
    promise_follow_up_id: s.promiseFollowUpId,
  };
  await trx
    .insertInto('rcv_dunning_state')
    .values({ customer_id: customerId, currency, ...values })
    .onConflict((oc) => oc.columns(['customer_id', 'currency']).doUpdateSet(values))
    .execute();
}

/** The level the oldest overdue invoice's age has reached: 0 before the first. */
const levelForAge = (deps: Deps, age: number): number =>
  deps.config.dunning.levels.reduce((reached, l, i) => (age >= l.days ? i + 1 : reached), 0);

/**
 * The daily dunning run (催收). Per customer and currency with overdue invoices: reaching a new level
 * (by the oldest overdue invoice's age) raises a follow-up — an activity for the responsible person
 * with the amount and the invoices. An open dispute or an active repayment plan on the account skips
 * it; it resumes at the level the age says once they end. A promise to pay holds the account until
 * its date; a promise that passes with the account still overdue raises the next level at once. When
 * nothing is overdue any more the account starts over. Running it twice on a day changes nothing.
 */
export async function runDunning(
  deps: Deps,
  on: string = today(deps),
): Promise<{ raised: number; paused: number }> {
  // Deleted customers are not chased; their invoices wait for a restore or the purge.
  const accounts = await overdueInvoices(deps.db, on)
    .where(deps.customers.rowsOfCustomers('customer_id'))
    .select(['customer_id', 'currency'])
    .select((eb) => eb.fn.min('due_date').as('oldest_due'))
    .groupBy(['customer_id', 'currency'])
    .orderBy('customer_id')
    .orderBy('currency')
    .execute();
  let raised = 0;
  let paused = 0;
  const overdue = new Set<string>();
  for (const a of accounts) {
    const customerId = String(a.customer_id);
    const currency = String(a.currency);
    overdue.add(`${customerId}|${currency}`);
    const outcome = await deps.transaction(async (trx) => {
      if (await pauseOf(trx, customerId, currency)) return 'paused';
      const state = (await stateOf(trx, customerId, currency)) ?? FRESH;
      if (state.promisedDate && state.promisedDate >= on) return 'held';
      let target = levelForAge(deps, daysBetween(String(a.oldest_due), on));
      let trigger: FollowUp['trigger'] = 'age';
      let key = `${customerId}:${currency}:${state.cycle}:${target}`;
      if (state.promisedDate) {
        // The promised date passed with the account still overdue: the next level, now.
        target = Math.min(Math.max(target, state.level + 1), deps.config.dunning.levels.length);
        trigger = 'broken_promise';
        key = `${customerId}:${currency}:promise:${state.promiseFollowUpId}`;
      } else if (target <= state.level) return 'none';
      await raiseFollowUp(deps, trx, { customerId, currency, level: target, trigger, key, on });
      await saveState(trx, customerId, currency, {
        ...state,
        level: target,
        promisedDate: null,
        promiseFollowUpId: null,
      });
      return 'raised';
    });
    if (outcome === 'raised') raised++;
    if (outcome === 'paused') paused++;
  }
  // Accounts with nothing overdue any more start over; their open follow-ups close with their activities.
  const started = await deps.db
    .selectFrom('rcv_dunning_state')
    .selectAll()
    .where((eb) => eb.or([eb('level', '>', 0), eb('promised_date', 'is not', null)]))
    .execute();
  for (const s of started) {
    if (overdue.has(`${s.customer_id}|${s.currency}`)) continue;
    await deps.transaction(async (trx) => {
      const open = await trx
        .selectFrom('rcv_follow_up')
        .select('id')
        .where('customer_id', '=', s.customer_id)
        .where('currency', '=', s.currency)
        .where('status', '=', 'open')
        .execute();
      for (const f of open) {
        await trx.updateTable('rcv_follow_up').set({ status: 'closed' }).where('id', '=', f.id).execute();
        await deps.activities.closeFor(
          trx,
          { type: FOLLOW_UP_ENTITY, id: f.id },
          { by: null, outcome: 'paid', note: 'Nothing is overdue any more' },
        );
      }
      await saveState(trx, s.customer_id, s.currency, { ...FRESH, cycle: Number(s.cycle) + 1 });
    });
  }
  return { raised, paused };
}

async function raiseFollowUp(
  deps: Deps,
  trx: Trx,
  r: {
    customerId: string;
    currency: string;
    level: number;
    trigger: FollowUp['trigger'];
    key: string;
    on: string;
  },
): Promise<void> {
  const existing = await trx
    .selectFrom('rcv_follow_up')
    .select('id')
    .where('key', '=', r.key)
    .executeTakeFirst();
  if (existing) return;
  const level = deps.config.dunning.levels[r.level - 1]!;
  const rows = await overdueInvoices(trx, r.on)
    .select(['id', 'number', 'due_date', 'outstanding', 'responsible_id'])
    .where('customer_id', '=', r.customerId)
    .where('currency', '=', r.currency)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
  const invoices: FollowUpInvoice[] = rows.map((i) => ({
    invoiceId: i.id,
    number: i.number,
    dueDate: i.due_date,
    daysOverdue: daysBetween(i.due_date, r.on),
    outstanding: Number(i.outstanding),
  }));
  // Exact: one currency, and every amount is far below 2^53 (MAX_MONEY_AMOUNT per document).
  const amount = invoices.reduce((s, i) => s + i.outstanding, 0);
  const customer = (await deps.customers.summaries([r.customerId], trx)).get(r.customerId);
  // The oldest invoice's responsible person, while still active; else the customer's owner.
  const responsibleId = await responsibleFor(
    deps,
    trx,
    r.customerId,
    rows.find((i) => i.responsible_id)?.responsible_id ?? null,
  );
  let customerMail: FollowUpMail | null = null;
  if (level.mailCustomer) {
    const notSent = (reason: FollowUpMail['reason']): FollowUpMail => ({
      status: 'not_sent',
      reason,
      to: null,
      contactName: null,
      language: null,
      sentAt: null,
    });
    const contact = mailRecipient(await deps.customers.contacts.list(r.customerId, trx));
    // A customer marked do-not-contact (a relationship ended) gets no mail.
    if (customer?.doNotContact) customerMail = notSent('do_not_contact');
    else if (!contact?.email) customerMail = notSent('no_address');
    else if (!deps.mail.enabled) customerMail = notSent('mail_not_configured');
    else
      customerMail = {
        status: 'pending',
        reason: null,
        to: contact.email,
        contactName: contact.name,
        language: contact.language,
        sentAt: null,
      };
  }
  const id = newId();
  const subject = `催收（${level.name}）：${customer?.name ?? r.customerId} 逾期 ${formatMoney(amount, r.currency, 'zh-CN')}，${invoices.length} 张发票`;
  const input = {
    type: COLLECTION_ACTIVITY_TYPE,
    subject,
    customerId: r.customerId,
    link: { type: FOLLOW_UP_ENTITY, id },
    dueDate: r.on,
    priority: r.level >= deps.config.dunning.levels.length ? ('high' as const) : ('normal' as const),
    data: { level: r.level, levelName: level.name, currency: r.currency, amount, invoices },
    key: `dunning:${r.key}`,
    closedBySource: true,
  };
  const activities = await activityFor(deps, trx, responsibleId, input);
  await trx
    .insertInto('rcv_follow_up')
    .values({
      id,
      key: r.key,
      customer_id: r.customerId,
      currency: r.currency,
      level: r.level,
      level_name: level.name,
      amount,
      invoices: JSON.stringify(invoices),
      responsible_id: responsibleId,
      activity_id: activities[0]?.id ?? null,
      raised_on: r.on,
      trigger_kind: r.trigger,
      status: 'open',
      outcome: null,
      promised_date: null,
      note: null,
      recorded_by: null,
      recorded_at: null,
      customer_mail: customerMail ? JSON.stringify(customerMail) : null,
      created_at: nowIso(deps),
    })
    .execute();
  await deps.audit.record(trx, {
    entityType: FOLLOW_UP_ENTITY,
    entityId: id,
    customerId: r.customerId,
    action: 'raise',
    actor: null,
    reason: `${level.name} (${r.trigger === 'broken_promise' ? 'promise to pay broken' : `${invoices[0]?.daysOverdue ?? 0} days overdue`})`,
  });
  await deps.hooks.emit(trx, 'receivables.followUp.raised', {
    followUpId: id,
    customerId: r.customerId,
    currency: r.currency,
    level: r.level,
    levelName: level.name,
    amount,
    invoiceIds: invoices.map((i) => i.invoiceId),
    responsibleId,
    trigger: r.trigger,
    customerMail,
  });
}

export async function loadFollowUp(db: Executor, id: string): Promise<FollowUp | undefined> {
  const r = await db.selectFrom('rcv_follow_up').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toFollowUp(r) : undefined;
}

/**
 * The responsible person (or anyone who may change the customer) records what the follow-up
 * achieved; it completes the activity. A promise to pay holds the account until its date.
 */
export async function recordOutcome(
  deps: Deps,
  id: string,
  input: { outcome: FollowUpOutcome; promisedDate?: string | undefined; note?: string | undefined },
  principal: Principal,
): Promise<FollowUp> {
  return deps.transaction(async (trx) => {
    const f = await loadFollowUp(trx, id);
    if (!f) throw notFound('Follow-up', id);
    if (f.status !== 'open') throw stateConflict('follow_up_closed', `The follow-up is already ${f.status}`);
    const on = today(deps);
    const promisedDate = input.outcome === 'promise_to_pay' ? (input.promisedDate ?? null) : null;
    if (input.outcome === 'promise_to_pay' && (!promisedDate || promisedDate < on))
      throw fieldProblem(
        422,
        'promise_date_required',
        `A promise to pay needs a promised date from ${on} on`,
        'body.promisedDate',
      );
    const latest = addDays(on, deps.config.dunning.maxPromiseDays);
    if (promisedDate && promisedDate > latest)
      throw fieldProblem(
        422,
        'promise_too_far',
        `A promise to pay holds dunning until ${latest} at the latest; agree a repayment plan instead`,
        'body.promisedDate',
      );
    await trx
      .updateTable('rcv_follow_up')
      .set({
        status: 'recorded',
        outcome: input.outcome,
        promised_date: promisedDate,
        note: input.note ?? null,
        recorded_by: principal.id,
        recorded_at: nowIso(deps),
      })
      .where('id', '=', id)
      .execute();
    if (promisedDate) {
      const state = (await stateOf(trx, f.customerId, f.currency)) ?? FRESH;
      await saveState(trx, f.customerId, f.currency, { ...state, promisedDate, promiseFollowUpId: id });
    }
    await deps.activities.closeFor(
      trx,
      { type: FOLLOW_UP_ENTITY, id },
      { by: principal.id, outcome: input.outcome, note: input.note ?? null },
    );
    await deps.audit.record(trx, {
      entityType: FOLLOW_UP_ENTITY,
      entityId: id,
      customerId: f.customerId,
      action: 'recordOutcome',
      actor: principal,
      changes: {
        outcome: { from: null, to: input.outcome },
        ...(promisedDate ? { promisedDate: { from: null, to: promisedDate } } : {}),
      },
      reason: input.note ?? null,
    });
    return (await loadFollowUp(trx, id))!;
  });
}

/** A customer's collection history (催收记录), newest first. */
export async function followUpsOf(db: Executor, customerId: string): Promise<FollowUp[]> {
  const rows = await db
    .selectFrom('rcv_follow_up')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return rows.map(toFollowUp);
}

export type NextStep = z.infer<typeof NextStepSchema>;

export type OverdueAccount = z.infer<typeof OverdueAccountSchema>;

/**
 * Overdue accounts (customer × currency) of customers the caller may see, most overdue first, with
 * their last follow-up and next step: the overdue list of the collection desk.
 */
export async function overdueAccounts(
  deps: Deps,
  principal: Principal,
  on: string = today(deps),
): Promise<OverdueAccount[]> {
  const levels = deps.config.dunning.levels;
  let q = overdueInvoices(deps.db, on)
    .select(['customer_id', 'currency'])
    .select((eb) => [eb.fn.min('due_date').as('oldest_due'), eb.fn.sum('outstanding').as('overdue')])
    .groupBy(['customer_id', 'currency'])
    .orderBy('oldest_due')
    .orderBy('customer_id')
    .orderBy('currency')
    .limit(1000);
  const visible = deps.customers.rowsVisibleTo(principal, 'customer_id');
  if (visible) q = q.where(visible);
  const rows = await q.execute();
  const names = await deps.customers.summaries(rows.map((r) => String(r.customer_id)));
  const out: OverdueAccount[] = [];
  for (const r of rows) {
    const customerId = String(r.customer_id);
    const currency = String(r.currency);
    const summary = names.get(customerId);
    if (summary?.deleted) continue;
    const oldest = String(r.oldest_due);
    const state = await stateOf(deps.db, customerId, currency);
    const last = await deps.db
      .selectFrom('rcv_follow_up')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('currency', '=', currency)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const level = state?.level ?? 0;
    const pause = await pauseOf(deps.db, customerId, currency);
    let nextStep: NextStep;
    if (pause) nextStep = { kind: 'paused', reason: pause };
    else if (state?.promisedDate) nextStep = { kind: 'awaiting_promise', promisedDate: state.promisedDate };
    else if (level >= levels.length) nextStep = { kind: 'final_level_reached' };
    else {
      const next = levels[level]!;
      const date = addDays(oldest, next.days);
      nextStep = { kind: 'level', level: level + 1, name: next.name, on: date < on ? on : date };
    }
    out.push({
      customerId,
      customerName: summary?.name ?? null,
      currency,
      overdue: Number(r.overdue),
      oldestDueDate: oldest,
      daysOverdue: daysBetween(oldest, on),
      level,
      lastFollowUp: last ? toFollowUp(last) : null,
      nextStep,
    });
  }
  return out;
}
