import { type KehuRouter, keysetPage, listQuery, notFound, whereEquals, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { decideExtension, requestExtension, toExtension } from '../extensions.js';
import { handoverReport, recordHandover, toHandover } from '../handovers.js';
import { cancelPlan, createPlan, loadPlan } from '../plans.js';
import { fieldProblem, stateConflict } from '../problems.js';
import { answerWarning, toWarning } from '../warnings.js';
import { decideWriteOff, requestWriteOff, toWriteOff } from '../write-offs.js';
import {
  DECISION_STATUSES,
  ExtensionRequestPageSchema,
  ExtensionRequestSchema,
  HandoverPageSchema,
  HandoverReportSchema,
  HandoverSchema,
  PaymentPlanPageSchema,
  PaymentPlanSchema,
  PLAN_STATUSES,
  WarningPageSchema,
  WarningSchema,
  WriteOffPageSchema,
  WriteOffSchema,
} from './response-schemas.js';
import {
  Amount,
  Bool,
  Currency,
  customerInBody,
  DateString,
  Id,
  IdParams,
  invoiceInBody,
  onlyVisible,
  Period,
  Reason,
  recordInPath,
  visibleTo,
} from './shared.js';

const Decision = z.strictObject({ note: z.string().trim().min(1).max(2000).optional() });
const Rejection = z.strictObject({ note: Reason });
const ExtensionApproval = Decision.extend({
  /** Explicitly approve a term above `maxExtendedTermDays` (needs `receivables.extensions.approveAboveCeiling`). */
  aboveCeiling: z.boolean().optional(),
});

/** Collection work: warnings, payment plans, extension requests, write-offs, handovers. */
export function collectionRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/warnings',
    {
      summary: 'Mid-month warnings (预警); `answered=false` lists the unanswered ones',
      access: 'receivables.read',
      query: listQuery({
        answered: Bool.optional(),
        responsibleId: Id.optional(),
        customerId: Id.optional(),
        period: Period.optional(),
      }),
      responses: { 200: WarningPageSchema },
      tags: ['receivables'],
    },
    async (c, { query, principal }) => {
      let q = deps.db
        .selectFrom('rcv_warning as w')
        .innerJoin('rcv_invoice as i', 'i.id', 'w.invoice_id')
        .selectAll('w')
        .select('i.number');
      if (query.answered !== undefined) q = q.where('w.answered_at', query.answered ? 'is not' : 'is', null);
      q = whereEquals(q, query, {
        responsibleId: 'w.responsible_id',
        customerId: 'w.customer_id',
        period: 'w.period',
      });
      const visible = deps.customers.rowsVisibleTo(principal, 'w.customer_id');
      // The responsible person always sees the warnings addressed to them.
      if (visible) q = q.where((eb: any) => eb.or([eb('w.responsible_id', '=', principal.id), visible(eb)]));
      return c.json(
        await keysetPage(q, query, {
          order: ['-w.id'],
          map: (r) => ({ ...toWarning(r), invoiceNumber: String(r.number) }),
        }),
      );
    },
  );

  router.post(
    '/warnings/:id/answer',
    {
      summary: 'The responsible person answers a warning: reason, collection measures, expected payment date',
      access: 'receivables.warnings.answer',
      customer: { ...recordInPath(deps, 'rcv_warning', 'Warning'), access: 'handler' },
      params: IdParams,
      body: z.strictObject({ reason: Reason, measures: Reason, expectedPaymentDate: DateString }),
      responses: { 200: WarningSchema },
      tags: ['receivables'],
    },
    async (c, { params, body, principal }) => c.json(await answerWarning(deps, params.id, body, principal)),
  );

  router.post(
    '/plans',
    {
      summary: 'Agree a repayment plan (还款计划) of instalments for overdue debt',
      access: 'receivables.plans.write',
      customer: customerInBody,
      body: z.strictObject({
        customerId: Id,
        currency: Currency,
        reason: Reason,
        instalments: z
          .array(z.strictObject({ dueDate: DateString, amount: Amount }))
          .min(1)
          .max(60),
      }),
      responses: { 201: PaymentPlanSchema },
      tags: ['receivables'],
    },
    async (c, { body, principal }) => c.json(await createPlan(deps, body, principal), 201),
  );

  router.get(
    '/plans',
    {
      summary: 'Repayment plans',
      access: 'receivables.read',
      query: listQuery({
        customerId: Id.optional(),
        status: z.enum(PLAN_STATUSES).optional(),
      }),
      responses: { 200: PaymentPlanPageSchema },
      tags: ['receivables'],
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_plan').select('id');
      q = whereEquals(q, query, { customerId: 'customer_id', status: 'status' });
      const page = await keysetPage(onlyVisible(deps, principal, q, 'customer_id'), query, {
        order: ['-id'],
      });
      const rows = page.items;
      const items = await Promise.all(rows.map(async (r) => (await loadPlan(deps.db, r.id))!));
      return c.json({ items, nextCursor: page.nextCursor });
    },
  );

  router.get(
    '/plans/:id',
    {
      summary: 'One repayment plan',
      access: 'receivables.read',
      params: IdParams,
      responses: { 200: PaymentPlanSchema },
      tags: ['receivables'],
    },
    async (c, { params, principal }) => {
      const plan = await loadPlan(deps.db, params.id);
      if (!plan) throw notFound('Payment plan', params.id);
      await visibleTo(deps, principal, 'Payment plan', params.id)(plan.customerId);
      return c.json(plan);
    },
  );

  router.post(
    '/plans/:id/cancel',
    {
      summary: 'Cancel an active plan',
      access: 'receivables.plans.write',
      customer: recordInPath(deps, 'rcv_plan', 'Payment plan'),
      params: IdParams,
      body: z.strictObject({ reason: Reason }),
      responses: { 200: PaymentPlanSchema },
      tags: ['receivables'],
    },
    async (c, { params, body, principal }) =>
      c.json(
        await cancelPlan(
          deps,
          params.id,
          body.reason,
          principal,
          visibleTo(deps, principal, 'Payment plan', params.id),
        ),
      ),
  );

  router.post(
    '/extensions',
    {
      summary: 'Request an extension of an invoice (延期还款审批单)',
      access: 'receivables.extensions.request',
      customer: invoiceInBody(deps),
      body: z.strictObject({ invoiceId: Id, requestedDueDate: DateString, reason: Reason }),
      responses: { 201: ExtensionRequestSchema },
      tags: ['receivables'],
    },
    async (c, { body, principal }) =>
      c.json(
        await requestExtension(deps, body, principal, visibleTo(deps, principal, 'Invoice', body.invoiceId)),
        201,
      ),
  );

  router.get(
    '/extensions',
    {
      summary: 'Extension requests',
      access: 'receivables.read',
      query: listQuery({
        status: z.enum(DECISION_STATUSES).optional(),
        invoiceId: Id.optional(),
        customerId: Id.optional(),
      }),
      responses: { 200: ExtensionRequestPageSchema },
      tags: ['receivables'],
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_extension').selectAll();
      q = whereEquals(q, query, { status: 'status', invoiceId: 'invoice_id', customerId: 'customer_id' });
      return c.json(
        await keysetPage(onlyVisible(deps, principal, q, 'customer_id'), query, {
          order: ['-id'],
          map: toExtension,
        }),
      );
    },
  );

  router.post(
    '/extensions/:id/approve',
    {
      summary: 'Approve: the due date moves (audited)',
      description:
        'A new due date more than `maxExtendedTermDays` after the issue date is refused (422 `term_exceeds_ceiling`) unless `aboveCeiling: true` is given by someone with `receivables.extensions.approveAboveCeiling`.',
      access: 'receivables.extensions.decide',
      customer: recordInPath(deps, 'rcv_extension', 'Extension request'),
      params: IdParams,
      body: ExtensionApproval,
      responses: { 200: ExtensionRequestSchema },
      tags: ['receivables'],
    },
    async (c, { params, body, principal }) =>
      c.json(
        await decideExtension(
          deps,
          params.id,
          'approved',
          body.note ?? null,
          principal,
          visibleTo(deps, principal, 'Extension request', params.id),
          { aboveCeiling: body.aboveCeiling === true },
        ),
      ),
  );
  router.post(
    '/extensions/:id/reject',
    {
      summary: 'Reject an extension request',
      access: 'receivables.extensions.decide',
      customer: recordInPath(deps, 'rcv_extension', 'Extension request'),
      params: IdParams,
      body: Rejection,
      responses: { 200: ExtensionRequestSchema },
      tags: ['receivables'],
    },
    async (c, { params, body, principal }) =>
      c.json(
        await decideExtension(
          deps,
          params.id,
          'rejected',
          body.note,
          principal,
          visibleTo(deps, principal, 'Extension request', params.id),
        ),
      ),
  );

  router.post(
    '/write-offs',
    {
      summary: 'Request a bad-debt write-off; it takes effect only when approved',
      access: 'receivables.writeOffs.request',
      customer: invoiceInBody(deps),
      body: z.strictObject({ invoiceId: Id, reason: Reason }),
      responses: { 201: WriteOffSchema },
      tags: ['receivables'],
    },
    async (c, { body, principal }) =>
      c.json(
        await requestWriteOff(deps, body, principal, visibleTo(deps, principal, 'Invoice', body.invoiceId)),
        201,
      ),
  );

  router.get(
    '/write-offs',
    {
      summary: 'Write-offs; `chargedToId` lists bad debts charged to a predecessor after a handover',
      access: 'receivables.read',
      query: listQuery({
        status: z.enum(DECISION_STATUSES).optional(),
        customerId: Id.optional(),
        chargedToId: Id.optional(),
      }),
      responses: { 200: WriteOffPageSchema },
      tags: ['receivables'],
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_write_off').selectAll();
      q = whereEquals(q, query, {
        status: 'status',
        customerId: 'customer_id',
        chargedToId: 'charged_to_id',
      });
      return c.json(
        await keysetPage(onlyVisible(deps, principal, q, 'customer_id'), query, {
          order: ['-id'],
          map: toWriteOff,
        }),
      );
    },
  );

  router.post(
    '/write-offs/:id/approve',
    {
      summary: 'Approve a write-off (not by its requester)',
      access: 'receivables.writeOffs.approve',
      customer: recordInPath(deps, 'rcv_write_off', 'Write-off'),
      params: IdParams,
      body: Decision,
      responses: { 200: WriteOffSchema },
      tags: ['receivables'],
    },
    async (c, { params, body, principal }) =>
      c.json(
        await decideWriteOff(
          deps,
          params.id,
          'approved',
          body.note ?? null,
          principal,
          visibleTo(deps, principal, 'Write-off', params.id),
        ),
      ),
  );
  router.post(
    '/write-offs/:id/reject',
    {
      summary: 'Reject a write-off',
      access: 'receivables.writeOffs.approve',
      customer: recordInPath(deps, 'rcv_write_off', 'Write-off'),
      params: IdParams,
      body: Rejection,
      responses: { 200: WriteOffSchema },
      tags: ['receivables'],
    },
    async (c, { params, body, principal }) =>
      c.json(
        await decideWriteOff(
          deps,
          params.id,
          'rejected',
          body.note,
          principal,
          visibleTo(deps, principal, 'Write-off', params.id),
        ),
      ),
  );

  router.post(
    '/handovers',
    {
      summary:
        'Hand over the open balances of a customer from one responsible person to another (应收账款移交)',
      access: 'receivables.handovers.write',
      customer: customerInBody,
      body: z.strictObject({ customerId: Id, fromId: Id.nullish(), toId: Id, reason: Reason }),
      responses: { 201: HandoverSchema },
      tags: ['receivables'],
    },
    async (c, { body, principal, customer: checked }) => {
      const customer = checked!;
      const fromId = body.fromId === undefined ? customer.ownerId : body.fromId;
      if (fromId === body.toId)
        throw stateConflict('same_person', 'The successor is the same person as the predecessor');
      const handover = await deps.transaction(async (trx) => {
        if (!(await deps.userExists(body.toId, trx)))
          throw fieldProblem(422, 'unknown_user', `User ${body.toId} does not exist`, 'body.toId');
        return recordHandover(
          deps,
          trx,
          {
            customerId: customer.id,
            fromId: fromId ?? null,
            toId: body.toId,
            source: 'request',
            reason: body.reason,
            always: true,
          },
          principal,
        );
      });
      return c.json(handover, 201);
    },
  );

  router.get(
    '/handovers',
    {
      summary: 'Handovers',
      access: 'receivables.read',
      query: listQuery({ customerId: Id.optional() }),
      responses: { 200: HandoverPageSchema },
      tags: ['receivables'],
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_handover').selectAll();
      q = whereEquals(q, query, { customerId: 'customer_id' });
      return c.json(
        await keysetPage(onlyVisible(deps, principal, q, 'customer_id'), query, {
          order: ['-id'],
          map: toHandover,
        }),
      );
    },
  );

  router.get(
    '/handovers/:id',
    {
      summary:
        'A handover with the bad debts written off within 90 days after it, charged to the predecessor',
      access: 'receivables.read',
      params: IdParams,
      responses: { 200: HandoverReportSchema },
      tags: ['receivables'],
    },
    async (c, { params, principal }) => {
      const report = await handoverReport(deps, deps.db, params.id);
      await visibleTo(deps, principal, 'Handover', params.id)(report.customerId);
      return c.json(report);
    },
  );
}
