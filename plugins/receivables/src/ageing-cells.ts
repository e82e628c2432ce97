import { type AnyDb, addDays, type RawBuilder, sql, type Trx } from '@kehu/core';

/**
 * Outstanding by (unit of due date, currency, responsible person) at four granularities — year,
 * month, "week" (days 1–7, 8–14, 15–21, 22–28, 29–end) and day — each a table keyed by the unit's
 * first date. Every write adds its delta to one row of each. An ageing query for a date reads a unit
 * at the coarsest level where no bucket boundary falls inside it: a few thousand rows for a million
 * invoices, wherever the boundaries are.
 */
interface Level {
  table: string;
  /** First date of the unit holding `date`. */
  start(date: string): string;
  /** First date of the next unit. */
  next(start: string): string;
  /** The same as `start` in SQL over `due_date`, for rebuilding from the invoices. */
  startSql: RawBuilder<string>;
}

const pad = (n: number) => String(n).padStart(2, '0');
const weekStart = (day: number) => (day >= 29 ? 29 : day - ((day - 1) % 7));

export const LEVELS: readonly Level[] = [
  {
    table: 'rcv_ageing_year',
    start: (d) => `${d.slice(0, 4)}-01-01`,
    next: (s) => `${Number(s.slice(0, 4)) + 1}-01-01`,
    startSql: sql<string>`substr(due_date, 1, 4) || '-01-01'`,
  },
  {
    table: 'rcv_ageing_month',
    start: (d) => `${d.slice(0, 7)}-01`,
    next: (s) => {
      const y = Number(s.slice(0, 4));
      const m = Number(s.slice(5, 7));
      return m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
    },
    startSql: sql<string>`substr(due_date, 1, 7) || '-01'`,
  },
  {
    table: 'rcv_ageing_week',
    start: (d) => `${d.slice(0, 8)}${pad(weekStart(Number(d.slice(8, 10))))}`,
    next: (s) => {
      const day = Number(s.slice(8, 10));
      if (day < 29) {
        const candidate = addDays(s, 7);
        return candidate.slice(0, 7) === s.slice(0, 7) ? candidate : `${candidate.slice(0, 8)}01`;
      }
      return `${addDays(`${s.slice(0, 8)}28`, 7).slice(0, 8)}01`;
    },
    startSql: sql<string>`substr(due_date, 1, 8) || case when substr(due_date, 9, 2) >= '29' then '29' when substr(due_date, 9, 2) >= '22' then '22' when substr(due_date, 9, 2) >= '15' then '15' when substr(due_date, 9, 2) >= '08' then '08' else '01' end`,
  },
  { table: 'rcv_ageing_day', start: (d) => d, next: (s) => addDays(s, 1), startSql: sql<string>`due_date` },
];

export const CELL_TABLES = LEVELS.map((l) => l.table);

/** Adds `amount`/`invoices` to the cells of one due date at every level. */
export async function addToCells(
  trx: Trx,
  key: { currency: string; responsibleKey: string; dueDate: string },
  amount: number,
  invoices: number,
): Promise<void> {
  if (amount === 0 && invoices === 0) return;
  for (const level of LEVELS) {
    const row = {
      unit_start: level.start(key.dueDate),
      currency: key.currency,
      responsible_key: key.responsibleKey,
    };
    await trx
      .insertInto(level.table)
      .values({ ...row, amount, invoices })
      .onConflict((oc) =>
        oc.columns(['unit_start', 'currency', 'responsible_key']).doUpdateSet({
          amount: sql`${sql.table(level.table)}.amount + excluded.amount`,
          invoices: sql`${sql.table(level.table)}.invoices + excluded.invoices`,
        }),
      )
      .execute();
    if (invoices < 0) {
      await trx
        .deleteFrom(level.table)
        .where('unit_start', '=', row.unit_start)
        .where('currency', '=', row.currency)
        .where('responsible_key', '=', row.responsible_key)
        .where('invoices', '=', 0)
        .execute();
    }
  }
}

/** Recomputes every level from the open invoices. */
export async function rebuildCells(trx: Trx): Promise<void> {
  for (const level of LEVELS) {
    await trx.deleteFrom(level.table).execute();
    await sql`insert into ${sql.table(level.table)} (unit_start, currency, responsible_key, amount, invoices)
      select ${level.startSql}, currency, coalesce(responsible_id, ''), sum(outstanding), count(*) from rcv_invoice
      where outstanding > 0 and status in ('open', 'partially_paid')
      group by ${level.startSql}, currency, coalesce(responsible_id, '')`.execute(trx);
  }
}

export type CellRow = {
  currency: string;
  responsible_key: string;
  b: number;
  amount: number | string;
  n: number | string;
};

/**
 * Outstanding by currency, responsible person and bucket (as numbered by `bucketSql` over a column)
 * for bucket boundaries `thresholds` (a due date on or after thresholds[i] is in bucket i or earlier).
 */
export async function readCells(
  db: AnyDb,
  thresholds: readonly string[],
  bucketSql: (column: string) => RawBuilder<number>,
): Promise<CellRow[]> {
  const splitAt = (level: Level) => [
    ...new Set(thresholds.map((t) => level.start(t)).filter((s, i) => s !== thresholds[i])),
  ];
  const rows: CellRow[] = [];
  let parents: string[] | null = null;
  for (const [i, level] of LEVELS.entries()) {
    const split = i < LEVELS.length - 1 ? splitAt(level) : [];
    const conditions: RawBuilder<unknown>[] = [];
    if (parents) {
      // Adjacent parent units (the usual 30/60/90 boundaries fall in consecutive months) merge into
      // one range: a plain index range scan instead of an OR of ranges.
      const parent = LEVELS[i - 1]!;
      const ranges: [string, string][] = [];
      for (const p of [...parents].sort()) {
        const last = ranges[ranges.length - 1];
        if (last && last[1] === p) last[1] = parent.next(p);
        else ranges.push([p, parent.next(p)]);
      }
      conditions.push(
        sql`(${sql.join(
          ranges.map(([from, to]) => sql`(unit_start >= ${from} and unit_start < ${to})`),
          sql` or `,
        )})`,
      );
    }
    if (split.length > 0) conditions.push(sql`unit_start not in (${sql.join(split)})`);
    const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
    const r =
      await sql<CellRow>`select currency, responsible_key, ${bucketSql('unit_start')} as b, sum(amount) as amount, sum(invoices) as n
      from ${sql.table(level.table)} ${where} group by currency, responsible_key, b`.execute(db);
    rows.push(...r.rows);
    if (split.length === 0) break;
    parents = split;
  }
  return rows;
}
