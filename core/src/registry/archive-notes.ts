import type { Principal } from '../auth/principal.js';
import type { Executor } from '../db/database.js';
import { newId } from '../ids.js';
import type { CustomerService } from './customer-service.js';

/** Dated archive notes by kind: industry trends (行业动态) and internal promotion records (内部推广记录). */
export const NOTE_KINDS = ['industry', 'promotion'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export interface ArchiveNote {
  id: string;
  customerId: string;
  kind: NoteKind;
  /** The company date the note is about. */
  notedOn: string;
  title: string;
  body: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface ArchiveNoteInput {
  kind: NoteKind;
  notedOn?: string | undefined;
  title: string;
  body?: string | null | undefined;
}

const toNote = (r: Record<string, any>): ArchiveNote => ({
  id: r.id,
  customerId: r.customer_id,
  kind: r.kind,
  notedOn: r.noted_on,
  title: r.title,
  body: r.body,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** Notes are additions to the archive: any employee who sees the customer may file one, audited. */
export class ArchiveNotes {
  constructor(
    private readonly svc: CustomerService,
    private readonly today: () => string,
  ) {}

  add(principal: Principal, customerId: string, input: ArchiveNoteInput): Promise<ArchiveNote> {
    return this.svc.inTransaction(undefined, async (trx) => {
      const row = {
        id: newId(),
        customer_id: customerId,
        kind: input.kind,
        noted_on: input.notedOn ?? this.today(),
        title: input.title,
        body: input.body ?? null,
        created_by: principal.id,
        created_at: this.svc.clock.now().toISOString(),
      };
      await trx.insertInto('customer_note').values(row).execute();
      await this.svc.audit.record(trx, {
        entityType: 'customer_note',
        entityId: row.id,
        customerId,
        action: 'create',
        actor: principal,
        changes: { kind: { from: null, to: row.kind }, title: { from: null, to: row.title } },
      });
      return toNote(row);
    });
  }

  /** Newest date first, of one kind when given. */
  async list(customerId: string, kind?: NoteKind, trx: Executor = this.svc.db): Promise<ArchiveNote[]> {
    let q = trx.selectFrom('customer_note').selectAll().where('customer_id', '=', customerId);
    if (kind) q = q.where('kind', '=', kind);
    const rows = await q.orderBy('noted_on', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toNote);
  }
}
