import type { AuditEntry, FieldChanges } from '../audit/audit-log.js';
import { assertNotOwnRequest } from '../auth/four-eyes.js';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Trx } from '../db/database.js';
import { forbidden, notFound, ProblemError } from '../errors.js';

/** What a decided request became. `expired` is written by {@link ApprovalFlow.expire}. */
export type ApprovalOutcome = 'approved' | 'rejected' | 'withdrawn' | 'expired';

/** The part of a plugin's request row the flow reads (map your row to it in `load`). */
export interface ApprovalRequest {
  id: string;
  /** The customer the request is about: its audit entries and activities show there. */
  customerId: string | null;
  status: string;
  requestedBy: string | null;
  /** ISO timestamp; from then on a pending request is expired and can no longer be decided. */
  expiresAt?: string | null | undefined;
}

/** The decision the flow hands to `save`, to be written to the plugin's own row. */
export interface ApprovalDecision<S extends ApprovalOutcome = ApprovalOutcome> {
  status: S;
  decidedBy: string | null;
  decidedAt: string;
  decisionNote: string | null;
}

/** What the flow needs of activities: approval activities, closed by the decision. */
export interface ApprovalActivities {
  openApproval(
    trx: Trx,
    request: {
      link: { type: string; id: string };
      customerId: string;
      permission: string;
      subject: string;
      requestedBy: string | null;
      data?: Record<string, unknown>;
    },
  ): Promise<unknown>;
  closeFor(
    trx: Trx,
    link: { type: string; id: string },
    input?: { by?: string | null; outcome?: string | null; status?: 'done' | 'cancelled' },
  ): Promise<number>;
}

/** The kernel parts the flow writes through; a plugin passes its `ctx`. */
export interface ApprovalFlowDeps {
  audit: { record(trx: Trx, entry: AuditEntry): Promise<unknown> };
  /** Activities, or a getter for them when they are wired after the flow is built. */
  activities: ApprovalActivities | (() => ApprovalActivities);
  clock: Clock;
}

export interface ApprovalFlowOptions<R extends ApprovalRequest> {
  /** The request's entity type: its audit entries and the link of its approval activities. */
  type: string;
  /** How messages name it: "extension request", "write-off". */
  noun: string;
  /** Who decides: holders get the approval activity, and deciding without it is a 403. */
  permission: string;
  /** Reads the plugin's own row (undefined when there is none: 404). */
  load(trx: Trx, id: string): Promise<R | undefined>;
  /**
   * Writes the decision to the plugin's own row, only while it is still pending
   * (`… where status = 'pending'`), and answers the update's result: no row updated means someone
   * decided it meanwhile (409).
   */
  save(trx: Trx, request: R, decision: ApprovalDecision): Promise<{ numUpdatedRows: bigint }>;
  /** A rejection needs a note (422 `reason_required` on `body.note`); default true. */
  rejectNeedsReason?: boolean | undefined;
  /** Problem codes kept from before the flow existed: `notPending` (409), `ownRequest` (403). */
  codes?: { notPending?: string | undefined; ownRequest?: string | undefined } | undefined;
}

export interface DecideInput<R extends ApprovalRequest, A> {
  by: Principal;
  note?: string | null | undefined;
  /** Visibility and the like, checked on the loaded row before anything else (throw to refuse). */
  authorize?: ((request: R, trx: Trx) => Promise<void>) | undefined;
  /** Applies an approval to the plugin's data, in the same transaction, before the decision is saved. */
  apply?: ((trx: Trx, request: R, decision: ApprovalDecision) => Promise<A>) | undefined;
}

export interface Decided<
  R extends ApprovalRequest,
  A = undefined,
  S extends ApprovalOutcome = ApprovalOutcome,
> {
  /** The row as loaded (status still `pending`); spread `decision` over it for the decided state. */
  request: R;
  decision: ApprovalDecision<S>;
  /** What `apply` answered. */
  applied: A;
}

/**
 * The four-eyes approval flow (request → approve or reject by someone else → applied), for requests
 * a plugin keeps in its own table: the flow reads and writes that table only through the plugin's
 * `load` and `save`. It holds the rules every approval shares — only a pending, unexpired request
 * can be decided, never by its requester, a rejection gives its reason — and writes the audit entry
 * and closes the approval activities in the caller's transaction. Events stay the plugin's: emit
 * them from `apply` or after the decision, under the plugin's own name.
 */
export class ApprovalFlow<R extends ApprovalRequest> {
  constructor(
    private readonly deps: ApprovalFlowDeps,
    private readonly options: ApprovalFlowOptions<R>,
  ) {}

  private get activities(): ApprovalActivities {
    const { activities } = this.deps;
    return typeof activities === 'function' ? activities() : activities;
  }

  /** `pending`, `expired` for a pending request past its `expiresAt`, else the stored status. */
  stateOf(request: Pick<ApprovalRequest, 'status' | 'expiresAt'>, now = this.deps.clock.now()): string {
    if (request.status === 'pending' && request.expiresAt && Date.parse(request.expiresAt) <= now.getTime())
      return 'expired';
    return request.status;
  }

  /**
   * After the plugin inserted its pending row: the `request` audit entry (with the reason) and an
   * approval activity for every holder of the permission but the requester.
   */
  async opened(
    trx: Trx,
    request: Pick<ApprovalRequest, 'id' | 'customerId'>,
    input: {
      by: Principal;
      reason?: string | null | undefined;
      subject: string;
      data?: Record<string, unknown> | undefined;
      changes?: FieldChanges | null | undefined;
      /** The audit action; `request` by default. */
      action?: string | undefined;
    },
  ): Promise<void> {
    await this.deps.audit.record(trx, {
      entityType: this.options.type,
      entityId: request.id,
      customerId: request.customerId,
      action: input.action ?? 'request',
      actor: input.by,
      changes: input.changes ?? null,
      reason: input.reason ?? null,
    });
    if (request.customerId === null) return;
    await this.activities.openApproval(trx, {
      link: { type: this.options.type, id: request.id },
      customerId: request.customerId,
      permission: this.options.permission,
      subject: input.subject,
      requestedBy: input.by.id,
      ...(input.data ? { data: input.data } : {}),
    });
  }

  /** Approves: `apply` changes the plugin's data, then the decision is saved, audited, activities closed. */
  async approve<A = undefined>(
    trx: Trx,
    id: string,
    input: DecideInput<R, A>,
  ): Promise<Decided<R, A, 'approved'>> {
    const request = await this.decidable(trx, id, input);
    const decision = this.decision('approved', input.by, input.note?.trim() || null);
    const applied = (input.apply ? await input.apply(trx, request, decision) : undefined) as A;
    await this.record(trx, request, decision, input.by, 'approve');
    return { request, decision, applied };
  }

  /** Rejects, with the note as the reason; nothing is applied. */
  async reject(
    trx: Trx,
    id: string,
    input: Omit<DecideInput<R, never>, 'apply'>,
  ): Promise<Decided<R, undefined, 'rejected'>> {
    const note = input.note?.trim() || null;
    const request = await this.decidable(trx, id, input);
    if (note === null && this.options.rejectNeedsReason !== false)
      throw new ProblemError({
        status: 422,
        code: 'reason_required',
        detail: `Rejecting a ${this.options.noun} needs a reason`,
        errors: [{ path: 'body.note', message: 'Required', code: 'required' }],
      });
    const decision = this.decision('rejected', input.by, note);
    await this.record(trx, request, decision, input.by, 'reject');
    return { request, decision, applied: undefined };
  }

  /** The requester takes a pending request back (403 `not_requester` for anyone else). */
  async withdraw(
    trx: Trx,
    id: string,
    input: Pick<DecideInput<R, never>, 'by' | 'authorize'>,
  ): Promise<Decided<R, undefined, 'withdrawn'>> {
    const request = await this.pending(trx, id, input.authorize);
    if (request.requestedBy !== input.by.id)
      throw new ProblemError({
        status: 403,
        code: 'not_requester',
        detail: `Only the requester may withdraw a ${this.options.noun}`,
      });
    const decision = this.decision('withdrawn', input.by, null);
    await this.record(trx, request, decision, input.by, 'withdraw');
    return { request, decision, applied: undefined };
  }

  /**
   * Stores `expired` on a pending request past its `expiresAt` (a plugin's sweep job), audited as
   * `expire` by `by` (null: the system) and its activities cancelled. Null when it is not such a request.
   */
  async expire(
    trx: Trx,
    id: string,
    by: Principal | null = null,
  ): Promise<Decided<R, undefined, 'expired'> | null> {
    const request = await this.options.load(trx, id);
    if (!request || this.stateOf(request) !== 'expired') return null;
    const decision: ApprovalDecision<'expired'> = {
      status: 'expired',
      decidedBy: null,
      decidedAt: this.deps.clock.now().toISOString(),
      decisionNote: null,
    };
    await this.record(trx, request, decision, by, 'expire');
    return { request, decision, applied: undefined };
  }

  private decision<S extends ApprovalOutcome>(
    status: S,
    by: Principal,
    note: string | null,
  ): ApprovalDecision<S> {
    return { status, decidedBy: by.id, decidedAt: this.deps.clock.now().toISOString(), decisionNote: note };
  }

  private async pending(
    trx: Trx,
    id: string,
    authorize?: (request: R, trx: Trx) => Promise<void>,
  ): Promise<R> {
    const { noun, codes } = this.options;
    const request = await this.options.load(trx, id);
    if (!request) throw notFound(noun.charAt(0).toUpperCase() + noun.slice(1), id);
    if (authorize) await authorize(request, trx);
    const state = this.stateOf(request);
    if (state !== 'pending')
      throw new ProblemError({
        status: 409,
        code: codes?.notPending ?? 'not_pending',
        detail:
          state === 'expired'
            ? `The ${noun} ${id} expired at ${request.expiresAt}; request it again`
            : `The ${noun} ${id} is already ${state}`,
        data: { status: state, ...(state === 'expired' ? { expiresAt: request.expiresAt } : {}) },
      });
    return request;
  }

  private async decidable(trx: Trx, id: string, input: Omit<DecideInput<R, unknown>, 'apply'>): Promise<R> {
    const request = await this.pending(trx, id, input.authorize);
    assertNotOwnRequest(request.requestedBy, input.by.id, this.options.noun, this.options.codes?.ownRequest);
    if (!input.by.can(this.options.permission)) throw forbidden(this.options.permission);
    return request;
  }

  private async record(
    trx: Trx,
    request: R,
    decision: ApprovalDecision,
    by: Principal | null,
    action: string,
  ): Promise<void> {
    const saved = await this.options.save(trx, request, decision);
    if (Number(saved.numUpdatedRows) === 0)
      throw new ProblemError({
        status: 409,
        code: this.options.codes?.notPending ?? 'not_pending',
        detail: `The ${this.options.noun} ${request.id} was decided meanwhile`,
      });
    await this.deps.audit.record(trx, {
      entityType: this.options.type,
      entityId: request.id,
      customerId: request.customerId,
      action,
      actor: by,
      changes: { status: { from: 'pending', to: decision.status } },
      reason: decision.decisionNote,
    });
    await this.activities.closeFor(
      trx,
      { type: this.options.type, id: request.id },
      {
        by: decision.decidedBy,
        outcome: decision.status,
        status: decision.status === 'approved' || decision.status === 'rejected' ? 'done' : 'cancelled',
      },
    );
  }
}

/** The usual columns of a request table (`status`, `decided_by`, `decided_at`, `decision_note`). */
export const decisionColumns = (d: ApprovalDecision) => ({
  status: d.status,
  decided_by: d.decidedBy,
  decided_at: d.decidedAt,
  decision_note: d.decisionNote,
});

/**
 * `load` and `save` for the usual request table: an `id` key and the {@link decisionColumns}, plus
 * what `extra` adds to the decision's update. The plugin names its own table and maps its rows.
 */
export function approvalTable<R extends ApprovalRequest>(
  table: string,
  map: (row: Record<string, unknown>) => R,
  extra?: (decision: ApprovalDecision) => Record<string, unknown>,
): Pick<ApprovalFlowOptions<R>, 'load' | 'save'> {
  return {
    load: async (trx, id) => {
      const row = await trx.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
      return row && map(row);
    },
    save: (trx, request, decision) =>
      trx
        .updateTable(table)
        .set({ ...decisionColumns(decision), ...extra?.(decision) })
        .where('id', '=', request.id)
        .where('status', '=', 'pending')
        .executeTakeFirst(),
  };
}
