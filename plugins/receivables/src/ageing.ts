import { addDays, daysBetween, type Principal, type RawBuilder, sql, type z } from '@kehu/core';
import { readCells } from './ageing-cells.js';
import { type Deps, today } from './context.js';
import type {
  AgeingLineSchema,
  AgeingSummarySchema,
  BucketDefSchema,
  CustomerAgeingSchema,
} from './routes/response-schemas.js';

/** One ageing bucket: days overdue from..to (inclusive); `not_due` has toDays 0, the last is open-ended. */
export type BucketDef = z.infer<typeof BucketDefSchema>;

export function bucketDefs(bounds: readonly number[]): BucketDef[] {
  const defs: BucketDef[] = [{ key: 'not_due', fromDays: null, toDays: 0 }];
  let from = 1;
  for (const b of bounds) {
    defs.push({ key: `${from}-${b}`, fromDays: from, toDays: b });
    from = b + 1;
  }
  defs.push({ key: `>${bounds[bounds.length - 1]}`, fromDays: from, toDays: null });
  return defs;
}

/** Index into {@link bucketDefs} of an invoice due on `dueDate`, seen on `asOf`. */
export function bucketIndex(dueDate: string, asOf: string, bounds: readonly number[]): number {
  const days = daysBetween(dueDate, asOf);
  if (days <= 0) return 0;
  const i = bounds.findIndex((b) => days <= b);
  return i === -1 ? bounds.length + 1 : i + 1;
}

/**
 * The same as {@link bucketIndex} in SQL over a `due_date` column: comparisons of ISO date strings
 * against precomputed thresholds, identical on both databases and cheap to evaluate.
 */
function bucketCase(column: string, asOf: string, bounds: readonly number[]): RawBuilder<number> {
  const thresholds = [asOf, ...bounds.map((b) => addDays(asOf, -b))];
  const whens = thresholds.map((t, i) => sql`when ${sql.ref(column)} >= ${t} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} else ${sql.lit(bounds.length + 1)} end`;
}

export type AgeingLine = z.infer<typeof AgeingLineSchema>;

export type AgeingSummary = z.infer<typeof AgeingSummarySchema>;

export type CustomerAgeing = z.infer<typeof CustomerAgeingSchema>;

class Accumulator {
  private readonly lines = new Map<string, AgeingLine & { responsibleId?: string | null }>();
  constructor(private readonly defs: BucketDef[]) {}
  add(
    key: string,
    base: { currency: string; responsibleId?: string | null },
    bucket: number,
    amount: number,
    invoices: number,
  ): void {
    let line = this.lines.get(key);
    if (!line) {
      line = {
        ...base,
        outstanding: 0,
        invoices: 0,
        buckets: Object.fromEntries(this.defs.map((d) => [d.key, 0])),
      };
      this.lines.set(key, line);
    }
    line.outstanding += amount;
    line.invoices += invoices;
    line.buckets[this.defs[bucket]!.key]! += amount;
  }
  values() {
    return [...this.lines.values()];
  }
}

const byCurrency = <T extends { currency: string; outstanding: number }>(a: T, b: T) =>
  a.currency.localeCompare(b.currency) || b.outstanding - a.outstanding;

/** Keeps the `size` largest by amount, ties broken by customer id so results are stable. */
class TopList {
  private readonly items: { customerId: string; currency: string; amount: number; outstanding: number }[] =
    [];
  constructor(private readonly size: number) {}
  offer(item: { customerId: string; currency: string; amount: number; outstanding: number }): void {
    if (item.amount <= 0) return;
    this.items.push(item);
    if (this.items.length > this.size * 4) this.trim();
  }
  private trim(): void {
    this.items.sort((a, b) => b.amount - a.amount || a.customerId.localeCompare(b.customerId));
    this.items.length = Math.min(this.items.length, this.size);
  }
  floor(): number {
    this.trim();
    return this.items.length < this.size ? 0 : this.items[this.items.length - 1]!.amount;
  }
  full(): boolean {
    this.trim();
    return this.items.length >= this.size;
  }
  result() {
    this.trim();
    return [...this.items];
  }
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The ageing summary from the maintained data: bucket totals and per responsible person from the
 * ageing cells (see {@link readCells}), and the customers with the largest
 * oldest-bucket balance by a threshold search — candidates in order of their whole outstanding (an
 * upper bound of any bucket), exact oldest-bucket sums for a batch of them from the open-invoice
 * index, stopping once no remaining candidate can enter the list. Exact for any date from today on.
 */
async function maintainedSummary(
  deps: Deps,
  asOf: string,
  bounds: readonly number[],
  topN: number,
): Promise<AgeingSummary> {
  const defs = bucketDefs(bounds);
  const thresholds = [asOf, ...bounds.map((b) => addDays(asOf, -b))];
  const rows = await readCells(deps.db, thresholds, (column) => bucketCase(column, asOf, bounds));
  const totals = new Accumulator(defs);
  const responsible = new Accumulator(defs);
  for (const r of rows) {
    const amount = Number(r.amount);
    const n = Number(r.n);
    if (amount === 0 && n === 0) continue;
    totals.add(r.currency, { currency: r.currency }, Number(r.b), amount, n);
    responsible.add(
      `${r.currency}|${r.responsible_key}`,
      { currency: r.currency, responsibleId: r.responsible_key || null },
      Number(r.b),
      amount,
      n,
    );
  }
  const currencies = totals.values().map((t) => t.currency);
  const cut = addDays(asOf, -bounds[bounds.length - 1]!);
  const top: AgeingSummary['top']['customers'] = [];
  const batch = Math.max(topN * 4, 200);
  for (const currency of currencies) {
    const list = new TopList(topN);
    let after: { outstanding: number; customerId: string } | undefined;
    for (;;) {
      let q = deps.db
        .selectFrom('rcv_customer_balance')
        .select(['customer_id', 'outstanding'])
        .where('currency', '=', currency)
        .where('oldest_due', '<', cut)
        .orderBy('outstanding', 'desc')
        .orderBy('customer_id', 'desc')
        .limit(batch);
      if (after) {
        const a = after;
        q = q.where((eb) =>
          eb.or([
            eb('outstanding', '<', a.outstanding),
            eb.and([eb('outstanding', '=', a.outstanding), eb('customer_id', '<', a.customerId)]),
          ]),
        );
      }
      const candidates = await q.execute();
      if (candidates.length === 0) break;
      const upper = new Map(candidates.map((c) => [c.customer_id as string, Number(c.outstanding)]));
      const exact = await deps.db
        .selectFrom('rcv_invoice')
        .select((eb) => ['customer_id', eb.fn.sum('outstanding').as('amount')])
        .where('customer_id', 'in', [...upper.keys()])
        .where('currency', '=', currency)
        .where('outstanding', '>', 0)
        .where('due_date', '<', cut)
        .groupBy('customer_id')
        .execute();
      for (const e of exact)
        list.offer({
          customerId: e.customer_id,
          currency,
          amount: Number(e.amount),
          outstanding: upper.get(e.customer_id)!,
        });
      const last = candidates[candidates.length - 1]!;
      after = { outstanding: Number(last.outstanding), customerId: last.customer_id };
      if (candidates.length < batch || (list.full() && after.outstanding <= list.floor())) break;
    }
    top.push(...list.result());
  }
  return {
    asOf,
    buckets: defs,
    totals: totals.values().sort(byCurrency),
    byResponsible: (responsible.values() as (AgeingLine & { responsibleId: string | null })[]).sort(
      byCurrency,
    ),
    top: { bucket: defs[defs.length - 1]!.key, customers: top },
    source: 'maintained',
  };
}

export interface ScanOptions {
  asOf: string;
  bounds: readonly number[];
  /** Limits the customers to those the principal may see; all when undefined. */
  principal?: Principal;
  /** Only customers after this id (a page cursor). */
  after?: string;
  /** Stop after this many customers. */
  limit?: number;
}

/** A customer chunk's invoices with their outstanding as of `asOf`, bucketed. */
type ScanRow = {
  customer_id: string;
  currency: string;
  responsible_id: string | null;
  due_date: string;
  outstanding: number;
};

async function chunkRows(deps: Deps, ids: string[], asOf: string, current: boolean): Promise<ScanRow[]> {
  if (current) {
    const rows = await deps.db
      .selectFrom('rcv_invoice')
      .select(['customer_id', 'currency', 'responsible_id', 'due_date', 'outstanding'])
      .where('customer_id', 'in', ids)
      .where('outstanding', '>', 0)
      .where('status', 'in', ['open', 'partially_paid'])
      .execute();
    return rows.map((r) => ({ ...r, outstanding: Number(r.outstanding) })) as ScanRow[];
  }
  // As of a past date: the total less what was paid, credited and written off by then, for invoices
  // issued by then and not cancelled by then.
  const dayAfter = addDays(asOf, 1);
  const rows = await deps.db
    .selectFrom('rcv_invoice as i')
    .select((eb) => [
      'i.customer_id',
      'i.currency',
      'i.responsible_id',
      'i.due_date',
      eb(
        eb(
          eb(
            eb.ref('i.total'),
            '-',
            eb.fn.coalesce(
              eb
                .selectFrom('rcv_allocation as a')
                .select((s) => s.fn.sum('a.amount').as('s'))
                .whereRef('a.invoice_id', '=', 'i.id')
                .where('a.applied_on', '<=', asOf)
                .where((w) => w.or([w('a.reversed_on', 'is', null), w('a.reversed_on', '>', asOf)])),
              sql.lit(0),
            ),
          ),
          '-',
          eb.fn.coalesce(
            eb
              .selectFrom('rcv_credit_note as c')
              .select((s) => s.fn.sum('c.amount').as('s'))
              .whereRef('c.invoice_id', '=', 'i.id')
              .where('c.issued_on', '<=', asOf),
            sql.lit(0),
          ),
        ),
        '-',
        eb.fn.coalesce(
          eb
            .selectFrom('rcv_write_off as w')
            .select((s) => s.fn.sum('w.amount').as('s'))
            .whereRef('w.invoice_id', '=', 'i.id')
            .where('w.status', '=', 'approved')
            .where('w.decided_on', '<=', asOf),
          sql.lit(0),
        ),
      ).as('outstanding'),
    ])
    .where('i.customer_id', 'in', ids)
    .where('i.issue_date', '<=', asOf)
    .where((eb) => eb.or([eb('i.cancelled_at', 'is', null), eb('i.cancelled_at', '>=', dayAfter)]))
    .execute();
  return rows
    .map((r) => ({ ...r, outstanding: Number(r.outstanding) }))
    .filter((r) => r.outstanding > 0) as ScanRow[];
}

/**
 * Walks customers in id order, a chunk at a time, yielding the event loop between chunks, and hands
 * each chunk's per-customer ageing to `onChunk`. Works as of any date (past dates are recomputed from
 * payments, credit notes and write-offs dated by then) and for any principal. Used by the export, the
 * per-customer list and the summary when the maintained data cannot answer.
 */
export async function scanAgeing(
  deps: Deps,
  options: ScanOptions,
  onChunk: (rows: CustomerAgeing[], invoices: ScanRow[]) => void | Promise<void>,
): Promise<string | null> {
  const current = options.asOf >= today(deps);
  const defs = bucketDefs(options.bounds);
  const chunk = deps.config.exportChunkCustomers;
  let after = options.after ?? '';
  let seen = 0;
  const visible = options.principal
    ? deps.customers.rowsVisibleTo(options.principal, 'customer_id')
    : undefined;
  for (;;) {
    const size = options.limit ? Math.min(chunk, options.limit - seen) : chunk;
    if (size <= 0) return after || null;
    // Customers that have (or, for a past date, may have had) something owing, walked in index order.
    let q: any = current
      ? deps.db
          .selectFrom('rcv_customer_balance')
          .select('customer_id')
          .distinct()
          .where('outstanding', '>', 0)
          .where('customer_id', '>', after)
          .orderBy('customer_id')
          .limit(size)
      : deps.db
          .selectFrom('rcv_invoice')
          .select('customer_id')
          .distinct()
          .where('customer_id', '>', after)
          .where('issue_date', '<=', options.asOf)
          .orderBy('customer_id')
          .limit(size);
    if (visible) q = q.where(visible);
    const ids = ((await q.execute()) as { customer_id: string }[]).map((r) => r.customer_id);
    const byId = await deps.customers.summaries(ids);
    const customers = ids.map((id) => ({
      id,
      code: byId.get(id)?.code ?? null,
      name: byId.get(id)?.name ?? null,
    }));
    if (customers.length === 0) return null;
    after = customers[customers.length - 1]!.id;
    seen += customers.length;
    const rows = await chunkRows(
      deps,
      customers.map((c) => c.id),
      options.asOf,
      current,
    );
    const acc = new Accumulator(defs);
    for (const r of rows)
      acc.add(
        `${r.customer_id}|${r.currency}`,
        { currency: r.currency, customerId: r.customer_id } as never,
        bucketIndex(r.due_date, options.asOf, options.bounds),
        r.outstanding,
        1,
      );
    const names = new Map(customers.map((c) => [c.id as string, c]));
    const lines = (acc.values() as unknown as CustomerAgeing[])
      .map((l) => ({
        ...l,
        code: names.get(l.customerId)?.code ?? null,
        name: names.get(l.customerId)?.name ?? null,
      }))
      .sort((a, b) => a.customerId.localeCompare(b.customerId) || a.currency.localeCompare(b.currency));
    await onChunk(lines, rows);
    if (customers.length < size) return null;
    if (options.limit && seen >= options.limit) return after;
    await yieldToLoop();
  }
}

async function scannedSummary(
  deps: Deps,
  asOf: string,
  bounds: readonly number[],
  topN: number,
  principal?: Principal,
): Promise<AgeingSummary> {
  const defs = bucketDefs(bounds);
  const totals = new Accumulator(defs);
  const responsible = new Accumulator(defs);
  const tops = new Map<string, TopList>();
  const last = defs[defs.length - 1]!.key;
  await scanAgeing(deps, { asOf, bounds, ...(principal ? { principal } : {}) }, (lines, invoices) => {
    for (const r of invoices) {
      const b = bucketIndex(r.due_date, asOf, bounds);
      totals.add(r.currency, { currency: r.currency }, b, r.outstanding, 1);
      responsible.add(
        `${r.currency}|${r.responsible_id ?? ''}`,
        { currency: r.currency, responsibleId: r.responsible_id ?? null },
        b,
        r.outstanding,
        1,
      );
    }
    for (const l of lines) {
      let list = tops.get(l.currency);
      if (!list) {
        list = new TopList(topN);
        tops.set(l.currency, list);
      }
      list.offer({
        customerId: l.customerId,
        currency: l.currency,
        amount: l.buckets[last]!,
        outstanding: l.outstanding,
      });
    }
  });
  return {
    asOf,
    buckets: defs,
    totals: totals.values().sort(byCurrency),
    byResponsible: (responsible.values() as (AgeingLine & { responsibleId: string | null })[]).sort(
      byCurrency,
    ),
    top: { bucket: last, customers: [...tops.keys()].sort().flatMap((c) => tops.get(c)!.result()) },
    source: 'scanned',
  };
}

/**
 * The ageing report: bucket totals per currency, per responsible person, and the customers with the
 * largest oldest-bucket balance. Someone who sees every customer asking about today or later reads the
 * maintained data; a past date, or a caller limited to some customers, is computed by a chunked scan.
 */
export async function ageingSummary(
  deps: Deps,
  options: {
    asOf?: string;
    bounds?: readonly number[];
    top?: number;
    principal?: Principal;
    readsAll: boolean;
  },
): Promise<AgeingSummary> {
  const asOf = options.asOf ?? today(deps);
  const bounds = options.bounds ?? deps.config.ageingBuckets;
  const topN = options.top ?? 50;
  if (options.readsAll && asOf >= today(deps)) return maintainedSummary(deps, asOf, bounds, topN);
  return scannedSummary(deps, asOf, bounds, topN, options.readsAll ? undefined : options.principal);
}
