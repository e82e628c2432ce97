import {
  addDays,
  addMonths,
  type CompanyClock,
  csvRecords,
  type Executor,
  endOfMonth,
  formatMoneyDecimal,
  monthKey,
  newId,
  notFound,
  type SheetColumn,
  sql,
  startOfMonth,
  type Trx,
  UTF8_BOM,
  xlsxStream,
  type z,
} from '@kehu/core';
import { lockCustomer } from './balances.js';
import { type Actor, actorId, type Deps, nowIso, today } from './context.js';
import { fieldProblem, stateConflict } from './problems.js';
import type { DisputeItemSchema, StatementLineSchema, StatementSchema } from './routes/response-schemas.js';
import { hashLinkToken, linkExpired, linkGone, newLinkToken } from './share-link.js';

export type StatementStatus = Statement['status'];
export const DISPUTE_KINDS = ['fee', 'return', 'price', 'payment', 'other'] as const;

/** One movement on the customer's account; negative amounts reduce what the customer owes. */
export type StatementLine = z.infer<typeof StatementLineSchema>;

export type DisputeItem = z.infer<typeof DisputeItemSchema>;

export type Statement = z.infer<typeof StatementSchema>;

const KIND_ORDER: StatementLine['kind'][] = [
  'invoice',
  'cancellation',
  'credit_note',
  'payment',
  'payment_reversal',
  'write_off',
];

/** Every movement on the account in one currency dated within [from, to]. */
async function movements(
  db: Executor,
  clock: CompanyClock,
  customerId: string,
  currency: string,
  from: string,
  to: string,
): Promise<StatementLine[]> {
  const after = addDays(to, 1);
  // The rows of `table` (or alias) on this account: the customer's, in the currency.
  const onAccount =
    (table: string) =>
    <Q extends { where: any }>(q: Q): Q =>
      q.where(`${table}.customer_id`, '=', customerId).where(`${table}.currency`, '=', currency);
  // …and dated within [from, to] by the date column `date`.
  const datedOnAccount =
    (table: string, date: string) =>
    <Q extends { where: any }>(q: Q): Q =>
      onAccount(table)(q).where(`${table}.${date}`, '>=', from).where(`${table}.${date}`, '<=', to);
  const [issued, cancelled, payments, reversals, credits, writeOffs] = await Promise.all([
    db
      .selectFrom('rcv_invoice as i')
      .leftJoin('rcv_invoice as o', 'o.id', 'i.correction_of')
      .select(['i.number', 'i.issue_date', 'i.total', 'i.due_date', 'o.number as corrects'])
      .$call(datedOnAccount('i', 'issue_date'))
      .execute(),
    db
      .selectFrom('rcv_invoice')
      .select(['number', 'cancelled_at', 'total'])
      .$call(onAccount('rcv_invoice'))
      // A timestamp column: the company's days begin at its local midnight.
      .where('cancelled_at', '>=', clock.startOf(from).toISOString())
      .where('cancelled_at', '<', clock.startOf(after).toISOString())
      .execute(),
    db
      .selectFrom('rcv_payment')
      .select(['number', 'received_on', 'amount', 'method', 'reference'])
      .$call(datedOnAccount('rcv_payment', 'received_on'))
      .execute(),
    db
      .selectFrom('rcv_payment')
      .select(['number', 'reversed_on', 'amount', 'reversal_reason'])
      .$call(datedOnAccount('rcv_payment', 'reversed_on'))
      .execute(),
    db
      .selectFrom('rcv_credit_note as c')
      .innerJoin('rcv_invoice as i', 'i.id', 'c.invoice_id')
      .select(['c.number', 'c.issued_on', 'c.amount', 'c.kind', 'i.number as invoice'])
      .$call(datedOnAccount('c', 'issued_on'))
      .execute(),
    db
      .selectFrom('rcv_write_off as w')
      .innerJoin('rcv_invoice as i', 'i.id', 'w.invoice_id')
      .select(['w.id', 'w.decided_on', 'w.amount', 'i.number as invoice'])
      .where('w.status', '=', 'approved')
      .$call(datedOnAccount('w', 'decided_on'))
      .execute(),
  ]);
  const lines: StatementLine[] = [
    ...issued.map((r) => ({
      date: r.issue_date,
      kind: 'invoice' as const,
      reference: r.number,
      description: r.corrects
        ? `Invoice due ${r.due_date}, correcting ${r.corrects}`
        : `Invoice due ${r.due_date}`,
      amount: Number(r.total),
    })),
    ...cancelled.map((r) => ({
      date: clock.dateOf(String(r.cancelled_at)),
      kind: 'cancellation' as const,
      reference: r.number,
      description: 'Invoice cancelled',
      amount: -Number(r.total),
    })),
    ...payments.map((r) => ({
      date: r.received_on,
      kind: 'payment' as const,
      reference: r.number,
      description: `Payment (${r.method}${r.reference ? `, ${r.reference}` : ''})`,
      amount: -Number(r.amount),
    })),
    ...reversals.map((r) => ({
      date: r.reversed_on,
      kind: 'payment_reversal' as const,
      reference: r.number,
      description: `Payment reversed${r.reversal_reason ? `: ${r.reversal_reason}` : ''}`,
      amount: Number(r.amount),
    })),
    ...credits.map((r) => ({
      date: r.issued_on,
      kind: 'credit_note' as const,
      reference: r.number,
      description: `Credit note (${r.kind}) on ${r.invoice}`,
      amount: -Number(r.amount),
    })),
    ...writeOffs.map((r) => ({
      date: r.decided_on,
      kind: 'write_off' as const,
      reference: r.invoice,
      description: 'Bad debt written off',
      amount: -Number(r.amount),
    })),
  ];
  return lines.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.reference.localeCompare(b.reference),
  );
}

/** What the customer owed in one currency at the end of `date`: the sum of every movement up to it. */
export async function accountBalance(
  db: Executor,
  clock: CompanyClock,
  customerId: string,
  currency: string,
  date: string,
): Promise<number> {
  const after = addDays(date, 1);
  const total = async (table: string, column: string, where: (q: any) => any): Promise<number> => {
    const q = where(
      db.selectFrom(table).where('customer_id', '=', customerId).where('currency', '=', currency),
    );
    const r = await q
      .select((eb: any) => eb.fn.coalesce(eb.fn.sum(column), sql.lit(0)).as('s'))
      .executeTakeFirstOrThrow();
    return Number(r.s);
  };
  const [issued, cancelled, paid, reversed, credited, written] = await Promise.all([
    total('rcv_invoice', 'total', (q) => q.where('issue_date', '<=', date)),
    total('rcv_invoice', 'total', (q) => q.where('cancelled_at', '<', clock.startOf(after).toISOString())),
    total('rcv_payment', 'amount', (q) => q.where('received_on', '<=', date)),
    total('rcv_payment', 'amount', (q) => q.where('reversed_on', '<=', date)),
    total('rcv_credit_note', 'amount', (q) => q.where('issued_on', '<=', date)),
    total('rcv_write_off', 'amount', (q) =>
      q.where('status', '=', 'approved').where('decided_on', '<=', date),
    ),
  ]);
  return issued - cancelled - paid + reversed - credited - written;
}

const isStale = (openedOn: string, status: string, on: string) =>
  status === 'open' && openedOn < addMonths(on, -2);

export const toDisputeItem = (r: Record<string, any>, on: string): DisputeItem => ({
  id: r.id,
  statementId: r.statement_id,
  customerId: r.customer_id,
  currency: r.currency,
  amount: Number(r.amount),
  kind: r.kind,
  reason: r.reason,
  status: r.status,
  openedOn: r.opened_on,
  resolvedAt: r.resolved_at ?? null,
  resolvedBy: r.resolved_by ?? null,
  resolution: r.resolution ?? null,
  openOverTwoMonths: isStale(r.opened_on, r.status, on),
});

export async function loadStatement(deps: Deps, db: Executor, id: string): Promise<Statement | undefined> {
  const r = await db.selectFrom('rcv_statement').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const on = today(deps);
  const items = (
    await db
      .selectFrom('rcv_dispute_item')
      .selectAll()
      .where('statement_id', '=', id)
      .orderBy('opened_at')
      .orderBy('id')
      .execute()
  ).map((i) => toDisputeItem(i, on));
  return {
    id: r.id,
    customerId: r.customer_id,
    period: r.period,
    currency: r.currency,
    opening: Number(r.opening),
    invoiced: Number(r.invoiced),
    paid: Number(r.paid),
    credited: Number(r.credited),
    writtenOff: Number(r.written_off),
    closing: Number(r.closing),
    lines: JSON.parse(r.lines),
    status: r.status,
    generatedAt: r.generated_at,
    sentAt: r.sent_at ?? null,
    confirmedAt: r.confirmed_at ?? null,
    confirmedBy: r.confirmed_by ?? null,
    confirmedVia: r.confirmed_via ?? null,
    signedBy: r.signed_by ?? null,
    disputedAt: r.disputed_at ?? null,
    disputeItems: items,
    hasStaleDisputes: items.some((i) => i.openOverTwoMonths),
    version: Number(r.version),
  };
}

/** Currencies the customer had any movement in up to `to`. */
async function accountCurrencies(db: Executor, customerId: string, to: string): Promise<string[]> {
  const inv = await db
    .selectFrom('rcv_invoice')
    .select('currency')
    .distinct()
    .where('customer_id', '=', customerId)
    .where('issue_date', '<=', to)
    .execute();
  const pay = await db
    .selectFrom('rcv_payment')
    .select('currency')
    .distinct()
    .where('customer_id', '=', customerId)
    .where('received_on', '<=', to)
    .execute();
  return [...new Set([...inv, ...pay].map((r) => r.currency as string))].sort();
}

/**
 * Builds (or, while still a draft, rebuilds) the month's statement for one customer and currency:
 * opening balance, the month's movements, closing balance. Returns undefined when the account had
 * neither a balance nor a movement, or when the statement already went out and `skipLocked` is set.
 */
async function buildStatement(
  deps: Deps,
  trx: Trx,
  customerId: string,
  period: string,
  currency: string,
  actor: Actor,
  skipLocked: boolean,
): Promise<string | undefined> {
  const from = startOfMonth(period);
  const to = endOfMonth(period);
  const existing = await trx
    .selectFrom('rcv_statement')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('period', '=', period)
    .where('currency', '=', currency)
    .executeTakeFirst();
  if (existing && existing.status !== 'draft') {
    if (skipLocked) return undefined;
    throw stateConflict(
      'statement_locked',
      `The ${period} statement in ${currency} was ${existing.status}; it can no longer be regenerated`,
      { statementId: existing.id },
    );
  }
  const opening = await accountBalance(trx, deps.clock, customerId, currency, addDays(from, -1));
  const lines = await movements(trx, deps.clock, customerId, currency, from, to);
  if (opening === 0 && lines.length === 0 && !existing) return undefined;
  const sumOf = (...kinds: StatementLine['kind'][]) =>
    lines.filter((l) => kinds.includes(l.kind)).reduce((s, l) => s + l.amount, 0);
  const figures = {
    opening,
    invoiced: sumOf('invoice', 'cancellation'),
    paid: -sumOf('payment', 'payment_reversal'),
    credited: -sumOf('credit_note'),
    written_off: -sumOf('write_off'),
    closing: opening + lines.reduce((s, l) => s + l.amount, 0),
    lines: JSON.stringify(lines),
    generated_at: nowIso(deps),
    generated_by: actorId(actor),
  };
  if (existing) {
    await trx
      .updateTable('rcv_statement')
      .set({ ...figures, version: Number(existing.version) + 1 })
      .where('id', '=', existing.id)
      .execute();
    return existing.id;
  }
  const id = newId();
  await trx
    .insertInto('rcv_statement')
    .values({
      id,
      customer_id: customerId,
      period,
      currency,
      ...figures,
      status: 'draft',
      sent_at: null,
      confirmed_at: null,
      confirmed_by: null,
      confirmed_via: null,
      signed_by: null,
      disputed_at: null,
      token_hash: null,
      token_expires_at: null,
      token_used_at: null,
      version: 1,
    })
    .execute();
  await deps.audit.record(trx, {
    entityType: 'statement',
    entityId: id,
    customerId,
    action: 'generate',
    actor: actorId(actor),
    changes: { closing: { from: null, to: figures.closing } },
  });
  return id;
}

/** 往来对账 on demand: the month's statements of a customer, one per currency (or the one asked for). */
export async function generateStatements(
  deps: Deps,
  input: { customerId: string; period: string; currency?: string },
  actor: Actor,
): Promise<Statement[]> {
  const currentMonth = monthKey(today(deps));
  if (input.period > currentMonth)
    throw fieldProblem(422, 'period_in_future', `The period ${input.period} has not started`, 'body.period');
  const ids = await deps.transaction(async (trx) => {
    await lockCustomer(deps, trx, input.customerId);
    const currencies = input.currency
      ? [input.currency]
      : await accountCurrencies(trx, input.customerId, endOfMonth(input.period));
    const out: string[] = [];
    for (const c of currencies) {
      const id = await buildStatement(deps, trx, input.customerId, input.period, c, actor, false);
      if (id) out.push(id);
    }
    return out;
  });
  return Promise.all(ids.map(async (id) => (await loadStatement(deps, deps.db, id))!));
}

/** The monthly job: last month's statements for every customer with a balance or a movement, as drafts. */
export async function generateMonthlyStatements(deps: Deps, period: string): Promise<{ generated: number }> {
  const to = endOfMonth(period);
  let after = '';
  let generated = 0;
  for (;;) {
    const customers = await deps.db
      .selectFrom('rcv_invoice')
      .select('customer_id')
      .where('customer_id', '>', after)
      .where('issue_date', '<=', to)
      .groupBy('customer_id')
      .orderBy('customer_id')
      .limit(200)
      .execute();
    if (customers.length === 0) break;
    after = customers[customers.length - 1]!.customer_id;
    for (const { customer_id } of customers) {
      await deps.transaction(async (trx) => {
        await lockCustomer(deps, trx, customer_id);
        for (const c of await accountCurrencies(trx, customer_id, to)) {
          if (await buildStatement(deps, trx, customer_id, period, c, null, true)) generated++;
        }
      });
    }
    if (customers.length < 200) break;
  }
  return { generated };
}

type Authorize = (customerId: string, trx: Trx) => Promise<void>;

async function lockedStatement(deps: Deps, trx: Trx, id: string, authorize: Authorize) {
  const s = await trx.selectFrom('rcv_statement').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw notFound('Statement', id);
  await authorize(s.customer_id, trx);
  await lockCustomer(deps, trx, s.customer_id);
  return (await trx
    .selectFrom('rcv_statement')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()) as Record<string, any>;
}

/**
 * Sends the statement to the customer: a fresh single-use confirmation link (the token is shown once
 * here; only its SHA-256 is stored). Sending again replaces the link.
 */
export async function sendStatement(
  deps: Deps,
  id: string,
  actor: Actor,
  authorize: Authorize,
): Promise<{ statement: Statement; token: string; expiresAt: string }> {
  const { token, hash, expiresAt } = newLinkToken(deps);
  await deps.transaction(async (trx) => {
    const s = await lockedStatement(deps, trx, id, authorize);
    if (s.status !== 'draft' && s.status !== 'sent')
      throw stateConflict('statement_closed', `The statement is ${s.status}`);
    await trx
      .updateTable('rcv_statement')
      .set({
        status: 'sent',
        sent_at: nowIso(deps),
        token_hash: hash,
        token_expires_at: expiresAt,
        token_used_at: null,
        version: Number(s.version) + 1,
      })
      .where('id', '=', id)
      .execute();
    await deps.audit.record(trx, {
      entityType: 'statement',
      entityId: id,
      customerId: s.customer_id,
      action: 'send',
      actor: actorId(actor),
      changes: { status: { from: s.status, to: 'sent' } },
    });
  });
  return { statement: (await loadStatement(deps, deps.db, id))!, token, expiresAt };
}

export interface DisputeInput {
  amount: number;
  kind: (typeof DISPUTE_KINDS)[number];
  reason: string;
}

async function closeStatement(
  deps: Deps,
  trx: Trx,
  s: Record<string, any>,
  outcome: { kind: 'confirmed' } | { kind: 'disputed'; items: DisputeInput[] },
  via: 'staff' | 'link',
  actor: Actor,
  signedBy: string | null,
): Promise<void> {
  if (s.status === 'draft')
    throw stateConflict('statement_not_sent', 'The statement has not been sent to the customer yet');
  if (s.status !== 'sent') throw stateConflict('statement_closed', `The statement is already ${s.status}`);
  const now = nowIso(deps);
  // The customer answered: a reminder to chase the confirmation is done.
  await deps.activities.closeFor(
    trx,
    { type: 'statement', id: s.id },
    { by: actorId(actor), outcome: outcome.kind, note: signedBy },
  );
  const common = { token_used_at: now, signed_by: signedBy, version: Number(s.version) + 1 };
  if (outcome.kind === 'confirmed') {
    await trx
      .updateTable('rcv_statement')
      .set({
        ...common,
        status: 'confirmed',
        confirmed_at: now,
        confirmed_by: actorId(actor),
        confirmed_via: via,
      })
      .where('id', '=', s.id)
      .execute();
    await deps.audit.record(trx, {
      entityType: 'statement',
      entityId: s.id,
      customerId: s.customer_id,
      action: 'confirm',
      actor: actorId(actor),
      changes: { status: { from: 'sent', to: 'confirmed' } },
      reason: via === 'link' ? `confirmed by the customer${signedBy ? ` (${signedBy})` : ''}` : null,
    });
    await deps.hooks.emit(trx, 'receivables.statement.confirmed', {
      statementId: s.id,
      customerId: s.customer_id,
      period: s.period,
      currency: s.currency,
      closing: Number(s.closing),
      via,
    });
    return;
  }
  const on = today(deps);
  const items = outcome.items.map((i) => ({
    id: newId(),
    statement_id: s.id,
    customer_id: s.customer_id,
    currency: s.currency,
    amount: i.amount,
    kind: i.kind,
    reason: i.reason,
    status: 'open',
    opened_on: on,
    opened_at: now,
    resolved_at: null,
    resolved_by: null,
    resolution: null,
  }));
  await trx.insertInto('rcv_dispute_item').values(items).execute();
  await trx
    .updateTable('rcv_statement')
    .set({ ...common, status: 'disputed', disputed_at: now, confirmed_via: via })
    .where('id', '=', s.id)
    .execute();
  await deps.audit.record(trx, {
    entityType: 'statement',
    entityId: s.id,
    customerId: s.customer_id,
    action: 'dispute',
    actor: actorId(actor),
    changes: { status: { from: 'sent', to: 'disputed' } },
  });
  await deps.hooks.emit(trx, 'receivables.statement.disputed', {
    statementId: s.id,
    customerId: s.customer_id,
    period: s.period,
    items: items.map((i) => ({ id: i.id, amount: i.amount, currency: i.currency, reason: i.reason })),
  });
}

/** Staff record the customer's answer (a signed 债权债务确认书 received on paper, or disputed items). */
export async function answerStatement(
  deps: Deps,
  id: string,
  outcome: { kind: 'confirmed' } | { kind: 'disputed'; items: DisputeInput[] },
  signedBy: string | null,
  actor: Actor,
  authorize: Authorize,
): Promise<Statement> {
  await deps.transaction(async (trx) => {
    const s = await lockedStatement(deps, trx, id, authorize);
    await closeStatement(deps, trx, s, outcome, 'staff', actor, signedBy);
  });
  return (await loadStatement(deps, deps.db, id))!;
}

async function statementByToken(deps: Deps, db: Executor, token: string): Promise<Record<string, any>> {
  const s = await db
    .selectFrom('rcv_statement')
    .selectAll()
    .where('token_hash', '=', hashLinkToken(token))
    .executeTakeFirst();
  if (!s) throw notFound('Confirmation link');
  if (s.token_used_at) throw linkGone('This confirmation link has already been used');
  if (linkExpired(deps, s.token_expires_at)) throw linkGone('This confirmation link has expired');
  return s;
}

/** What the customer sees behind the link: the statement, without internal fields. */
export async function viewByToken(deps: Deps, token: string) {
  const s = await statementByToken(deps, deps.db, token);
  return (await statementView(deps, s.id))!;
}

/** A statement as the customer may see it (through a link): the figures and lines, no internal fields. */
export async function statementView(deps: Deps, id: string) {
  const st = await loadStatement(deps, deps.db, id);
  if (!st) return undefined;
  const customer = await deps.customers.get(st.customerId);
  return {
    customer: { name: customer?.name ?? null, code: customer?.code ?? null },
    period: st.period,
    currency: st.currency,
    opening: st.opening,
    invoiced: st.invoiced,
    paid: st.paid,
    credited: st.credited,
    writtenOff: st.writtenOff,
    closing: st.closing,
    lines: st.lines,
    status: st.status,
  };
}

/** The customer's own answer through the single-use link: the link is spent by it. */
export async function answerByToken(
  deps: Deps,
  token: string,
  outcome: { kind: 'confirmed' } | { kind: 'disputed'; items: DisputeInput[] },
  signedBy: string,
) {
  const id = await deps.transaction(async (trx) => {
    const found = await statementByToken(deps, trx, token);
    await lockCustomer(deps, trx, found.customer_id);
    const s = await statementByToken(deps, trx, token);
    await closeStatement(deps, trx, s, outcome, 'link', null, signedBy);
    return s.id as string;
  });
  const st = (await loadStatement(deps, deps.db, id))!;
  return {
    status: st.status,
    period: st.period,
    currency: st.currency,
    closing: st.closing,
    disputeItems: st.disputeItems.map((i) => ({ amount: i.amount, kind: i.kind, reason: i.reason })),
  };
}

export async function resolveDisputeItem(
  deps: Deps,
  id: string,
  resolution: string,
  actor: Actor,
  authorize: Authorize,
): Promise<DisputeItem> {
  return deps.transaction(async (trx) => {
    const item = await trx.selectFrom('rcv_dispute_item').selectAll().where('id', '=', id).executeTakeFirst();
    if (!item) throw notFound('Dispute item', id);
    await authorize(item.customer_id, trx);
    if (item.status !== 'open') throw stateConflict('already_resolved', 'This dispute item is resolved');
    const patch = { status: 'resolved', resolved_at: nowIso(deps), resolved_by: actorId(actor), resolution };
    await trx.updateTable('rcv_dispute_item').set(patch).where('id', '=', id).execute();
    await deps.activities.closeFor(
      trx,
      { type: 'dispute_item', id },
      { by: actorId(actor), outcome: 'resolved', note: resolution },
    );
    await deps.audit.record(trx, {
      entityType: 'dispute_item',
      entityId: id,
      customerId: item.customer_id,
      action: 'resolve',
      actor: actorId(actor),
      reason: resolution,
    });
    return toDisputeItem({ ...item, ...patch }, today(deps));
  });
}

/** A statement's rows: the heading, opening balance, each movement with the running balance, closing balance, dispute items. */
function statementRows(
  s: Statement,
  customerName: string | null,
  major: (minor: number) => unknown,
): unknown[][] {
  const rows: unknown[][] = [
    ['customer', customerName ?? s.customerId],
    ['period', s.period],
    ['currency', s.currency],
    ['status', s.status],
    [],
    ['date', 'type', 'reference', 'description', 'debit', 'credit', 'balance'],
    [startOfMonth(s.period), 'opening', '', 'Opening balance', '', '', major(s.opening)],
  ];
  let balance = s.opening;
  for (const l of s.lines) {
    balance += l.amount;
    rows.push([
      l.date,
      l.kind,
      l.reference,
      l.description,
      l.amount > 0 ? major(l.amount) : '',
      l.amount < 0 ? major(-l.amount) : '',
      major(balance),
    ]);
  }
  rows.push([endOfMonth(s.period), 'closing', '', 'Closing balance', '', '', major(s.closing)]);
  for (const d of s.disputeItems)
    rows.push([d.openedOn, 'dispute', d.kind, d.reason, '', '', major(d.amount), d.status]);
  return rows;
}

/** CSV of a statement (UTF-8 with BOM so spreadsheet programs read Chinese text), amounts in major units. */
export function statementCsv(s: Statement, customerName: string | null): string {
  return (
    UTF8_BOM + csvRecords(statementRows(s, customerName, (minor) => formatMoneyDecimal(minor, s.currency)))
  );
}

/** The same rows as an .xlsx sheet: dates as dates, amounts as numbers with the currency's decimals. */
export function statementXlsx(s: Statement, customerName: string | null): ReadableStream<Uint8Array> {
  const rows = statementRows(s, customerName, (amount) => ({ amount, currency: s.currency }));
  const [first, ...rest] = rows;
  const columns: SheetColumn[] = Array.from({ length: 8 }, (_, i) => ({
    header: String(first?.[i] ?? ''),
    ...(i === 2 || i === 3 ? { type: 'text' as const } : {}),
  }));
  return xlsxStream(`${s.period} ${s.currency}`, columns, [rest]);
}
