import {
  downloadHeaders,
  type KehuRouter,
  listQuery,
  type Principal,
  TABULAR_FORMATS,
  tabularDownload,
  whereEquals,
  z,
} from '@kehu/core';
import type { Deps } from '../context.js';
import {
  answerByToken,
  answerStatement,
  DISPUTE_KINDS,
  generateStatements,
  loadStatement,
  sendStatement,
  statementCsv,
  statementXlsx,
  viewByToken,
} from '../statements.js';
import {
  GeneratedStatementsSchema,
  SentStatementSchema,
  STATEMENT_STATUSES,
  StatementAnswerSchema,
  StatementPageSchema,
  StatementSchema,
  StatementViewSchema,
} from './response-schemas.js';
import {
  Amount,
  Currency,
  customerInBody,
  Id,
  IdParams,
  LinkTokenParams,
  Period,
  Reason,
  recordKind,
  visiblePage,
} from './shared.js';

const DisputeItems = z
  .array(z.strictObject({ amount: Amount, kind: z.enum(DISPUTE_KINDS), reason: Reason }))
  .min(1)
  .max(100);

const SignedBy = z.string().trim().min(1).max(200);

/** Monthly reconciliation statements, confirmed or disputed by staff or by the customer through a link. */
export function statementRoutes(router: KehuRouter, deps: Deps): void {
  const statements = recordKind(deps, 'rcv_statement', 'Statement');
  router.post(
    '/statements',
    {
      summary:
        "Generate a customer's statement for a month (one per currency, or the one asked for); a draft is regenerated",
      access: 'receivables.statements.write',
      customer: customerInBody,
      body: z.strictObject({ customerId: Id, period: Period, currency: Currency.optional() }),
      responses: { 201: GeneratedStatementsSchema },
    },
    async (c, { body, principal }) => c.json({ items: await generateStatements(deps, body, principal) }, 201),
  );

  router.get(
    '/statements',
    {
      summary: 'Statements, newest first',
      access: 'receivables.read',
      query: listQuery({
        customerId: Id.optional(),
        period: Period.optional(),
        status: z.enum(STATEMENT_STATUSES).optional(),
      }),
      responses: { 200: StatementPageSchema },
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_statement').select('id');
      q = whereEquals(q, query, { customerId: 'customer_id', period: 'period', status: 'status' });
      const page = await visiblePage(deps, principal, q, query);
      const items = await Promise.all(
        page.items.map(async (r) => (await loadStatement(deps, deps.db, r.id))!),
      );
      return c.json({ items, nextCursor: page.nextCursor });
    },
  );

  const visibleStatement = async (principal: Principal, id: string) =>
    statements.visible(principal, id, await loadStatement(deps, deps.db, id));

  router.get(
    '/statements/:id',
    {
      summary: 'One statement with its movements and dispute items',
      access: 'receivables.read',
      params: IdParams,
      responses: { 200: StatementSchema },
    },
    async (c, { params, principal }) => c.json(await visibleStatement(principal, params.id)),
  );

  const exports = {
    csv: {
      summary: 'A statement as CSV',
      description:
        'Opening balance, each movement with the running balance, closing balance, then any dispute items',
    },
    xlsx: {
      summary: 'A statement as an .xlsx file (dates as dates, amounts as numbers in the currency)',
      description: 'The same rows as `/statements/:id/export.csv`, typed',
    },
  };
  for (const format of TABULAR_FORMATS)
    router.get(
      `/statements/:id/export.${format}`,
      {
        summary: exports[format].summary,
        access: 'receivables.read',
        params: IdParams,
        responses: { 200: tabularDownload(format, exports[format].description) },
      },
      async (c, { params, principal }) => {
        const s = await visibleStatement(principal, params.id);
        const customer = await deps.customers.get(s.customerId, deps.db, { withDeleted: true });
        const name = customer?.name ?? null;
        return c.body(
          format === 'csv' ? statementCsv(s, name) : statementXlsx(s, name),
          200,
          downloadHeaders(
            format,
            `statement-${customer?.code ?? s.customerId}-${s.period}-${s.currency}.${format}`,
          ),
        );
      },
    );

  router.post(
    '/statements/:id/send',
    {
      summary: 'Mark as sent and issue a single-use confirmation link for the customer (shown once)',
      access: 'receivables.statements.write',
      ...statements.inPath,
      secretResponse: true,
      responses: { 200: SentStatementSchema },
    },
    async (c, { params, principal }) => {
      const { statement, token, expiresAt } = await sendStatement(
        deps,
        params.id,
        principal,
        statements.visibleTo(principal, params.id),
      );
      return c.json({
        statement,
        confirmationToken: token,
        confirmationPath: `/api/v1/receivables/public/statements/${token}`,
        expiresAt,
      });
    },
  );

  router.post(
    '/statements/:id/confirm',
    {
      summary: "Record the customer's signed confirmation (债权债务确认书)",
      access: 'receivables.statements.write',
      ...statements.inPath,
      body: z.strictObject({ signedBy: SignedBy.optional() }),
      responses: { 200: StatementSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await answerStatement(
          deps,
          params.id,
          { kind: 'confirmed' },
          body.signedBy ?? null,
          principal,
          statements.visibleTo(principal, params.id),
        ),
      ),
  );

  router.post(
    '/statements/:id/dispute',
    {
      summary: 'Record disputed items (费用、退货 adjustments) raised by the customer',
      access: 'receivables.statements.write',
      ...statements.inPath,
      body: z.strictObject({ items: DisputeItems, signedBy: SignedBy.optional() }),
      responses: { 200: StatementSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await answerStatement(
          deps,
          params.id,
          { kind: 'disputed', items: body.items },
          body.signedBy ?? null,
          principal,
          statements.visibleTo(principal, params.id),
        ),
      ),
  );

  router.get(
    '/public/statements/:token',
    {
      summary: 'The customer views a statement through the link (no login)',
      access: 'public',
      params: LinkTokenParams,
      responses: { 200: StatementViewSchema },
    },
    async (c, { params }) => c.json(await viewByToken(deps, params.token)),
  );

  router.post(
    '/public/statements/:token/confirm',
    {
      summary: 'The customer confirms the statement through the link (single use)',
      access: 'public',
      params: LinkTokenParams,
      body: z.strictObject({ signedBy: SignedBy }),
      responses: { 200: StatementAnswerSchema },
    },
    async (c, { params, body }) =>
      c.json(await answerByToken(deps, params.token, { kind: 'confirmed' }, body.signedBy)),
  );

  router.post(
    '/public/statements/:token/dispute',
    {
      summary: 'The customer disputes items through the link (single use)',
      access: 'public',
      params: LinkTokenParams,
      body: z.strictObject({ signedBy: SignedBy, items: DisputeItems }),
      responses: { 200: StatementAnswerSchema },
    },
    async (c, { params, body }) =>
      c.json(await answerByToken(deps, params.token, { kind: 'disputed', items: body.items }, body.signedBy)),
  );
}
