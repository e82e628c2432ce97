import {
  type AuditLog,
  type Clock,
  type Insertable,
  newId,
  type Principal,
  type Selectable,
  z,
} from '@kehu/core';
import { IsoDate, Timestamp } from './fields.js';
import type { CreditHistory } from './history.js';
import type { CreditExecutor, CreditInvestigationTable, CreditTrx } from './tables.js';

/** Where an investigation's information came from (信用调查来源). */
export const INVESTIGATION_SOURCES = ['bank', 'agency', 'trade_association', 'customer', 'internal'] as const;
export type InvestigationSource = (typeof INVESTIGATION_SOURCES)[number];

/** A credit investigation (信用调查): what was learned about a customer, from where, when. */
export const InvestigationSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  source: z.enum(INVESTIGATION_SOURCES),
  /** The bank, agency or association consulted. */
  sourceName: z.string().nullable(),
  investigatedOn: IsoDate,
  findings: z.string(),
  createdBy: z.string(),
  createdAt: Timestamp,
});
z.globalRegistry.add(InvestigationSchema, { id: 'CreditInvestigation' });
export type Investigation = z.output<typeof InvestigationSchema>;

const toInvestigation = (r: Selectable<CreditInvestigationTable>): Investigation => ({
  id: r.id,
  customerId: r.customer_id,
  source: r.source,
  sourceName: r.source_name,
  investigatedOn: r.investigated_on,
  findings: r.findings,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export class Investigations {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly history: CreditHistory,
  ) {}

  async create(
    trx: CreditTrx,
    principal: Principal,
    input: {
      customerId: string;
      source: InvestigationSource;
      sourceName?: string | null | undefined;
      investigatedOn: string;
      findings: string;
    },
  ): Promise<Investigation> {
    const row = {
      id: newId(),
      customer_id: input.customerId,
      source: input.source,
      source_name: input.sourceName ?? null,
      investigated_on: input.investigatedOn,
      findings: input.findings,
      created_by: principal.id,
      created_at: this.clock.now().toISOString(),
    } satisfies Insertable<CreditInvestigationTable>;
    await trx.insertInto('credit_investigation').values(row).execute();
    const inv = toInvestigation(row);
    await this.audit.record(trx, {
      entityType: 'credit_investigation',
      entityId: inv.id,
      customerId: inv.customerId,
      action: 'create',
      actor: principal,
    });
    await this.history.add(
      trx,
      inv.customerId,
      'credit.investigation.recorded',
      `Credit investigation recorded (${inv.source})`,
      { investigationId: inv.id, source: inv.source, investigatedOn: inv.investigatedOn },
    );
    return inv;
  }

  async list(trx: CreditExecutor, customerId: string): Promise<Investigation[]> {
    const rows = await trx
      .selectFrom('credit_investigation')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('investigated_on', 'desc')
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
    return rows.map(toInvestigation);
  }

  /** Ids among `ids` that are not investigations of this customer. */
  async foreign(trx: CreditExecutor, customerId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await trx
      .selectFrom('credit_investigation')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('id', 'in', [...new Set(ids)])
      .execute();
    const own = new Set(rows.map((r) => r.id));
    return ids.filter((id) => !own.has(id));
  }
}
